"""Issue 19: all SQL lives in riskmodel/store; the services hold the rules and the access checks and call store
functions. Every module of riskmodel/services is held to it (no cursor call, no statement text)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

SERVICES = Path(__file__).resolve().parents[2] / "riskmodel" / "services"
MODULES = sorted(str(p.relative_to(SERVICES)) for p in SERVICES.rglob("*.py"))
# A call on a cursor, or a string that starts as a statement does.
SQL = re.compile(r"""\.execute(many)?\(|[rf]?["'](SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM)\b""")


@pytest.mark.parametrize("name", MODULES)
def test_the_service_module_runs_no_sql(name):
    source = (SERVICES / name).read_text(encoding="utf-8")
    found = [line.strip() for line in source.splitlines() if SQL.search(line)]
    assert found == [], f"services/{name} runs SQL itself; move it into riskmodel/store"


def test_every_service_module_is_checked():
    assert len(MODULES) > 30 and "assessments.py" in MODULES and "workshops/facilitator.py" in MODULES
