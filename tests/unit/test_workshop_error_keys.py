"""The workshop service (riskmodel/services/workshops/) holds rules and access checks and no SQL (issue 19), and
every error it raises carries a key of riskmodel/locale/errors_workshop.py, so that it reads in English in
English mode and word for word as before in Danish (issue 18)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from riskmodel.domain.errors import ValidationError
from riskmodel.domain.scales import ScaleError, get_preset
from riskmodel.services.workshops.participant import _score

ROOT = Path(__file__).resolve().parents[2]
SERVICE = sorted((ROOT / "riskmodel" / "services").glob("workshops*"))
ERRORS = {"ValidationError", "NotFoundError", "PermissionDenied", "StaleVersionError", "WorkbenchError"}


def _sources() -> list[Path]:
    return sorted(p for entry in SERVICE for p in ([entry] if entry.is_file() else entry.rglob("*.py")))


def test_the_scan_reads_the_workshop_service():
    names = {p.name for p in _sources()}
    assert {"facilitator.py", "seats.py", "participant.py", "agenda.py", "record.py"} <= names


def test_the_workshop_service_runs_no_sql_of_its_own():
    offenders = [f"{p.relative_to(ROOT)}:{n}" for p in _sources()
                 for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if ".execute" in line]
    assert offenders == []


def test_every_error_the_workshop_service_builds_names_a_key():
    """A refusal is built from a key (a literal ``err.…``, or ``message`` holding one), never from Danish text."""
    plain = []
    for path in _sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ERRORS:
                first = node.args[0] if node.args else None
                keyed = (isinstance(first, ast.Constant) and str(first.value).startswith("err.")) or (
                    isinstance(first, ast.Name) and first.id in ("key", "message"))
                if not keyed:
                    plain.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert plain == []


@pytest.mark.parametrize("dim, value, en", [
    ("likelihood", 9, "Likelihood: 9 is outside the scale 1-4"),
    ("likelihood", "0", "Likelihood: 0 is outside the scale 1-4"),
    ("cons_c", "abc", "Consequence for confidentiality: 'abc' is not a number (1-4)"),
    ("cons_i", 2.5, "Consequence for integrity: '2.5' is not a whole number (1-4)"),
    ("cons_a", b"2", "Consequence for availability: 'b'2'' is not a number (1-4)"),
    ("cons_a", [2], "Consequence for availability: '[2]' is not a number (1-4)"),
])
def test_a_vote_off_the_scale_reads_in_english_and_in_the_scales_own_danish(dim, value, en):
    preset = get_preset("standard")
    labels = {"likelihood": "Sandsynlighed", "cons_c": "Konsekvens for fortrolighed",
              "cons_i": "Konsekvens for integritet", "cons_a": "Konsekvens for tilgængelighed"}
    with pytest.raises(ScaleError) as scale:
        preset.check_score(value, labels[dim])
    with pytest.raises(ValidationError) as caught:
        _score(preset, value, dim)
    err = caught.value
    assert err.key and err.key.startswith("err.workshop.") and err.field == dim
    assert str(err) == err.text("da") == str(scale.value)
    assert err.text("en") == en


def test_a_vote_on_the_scale_passes():
    preset = get_preset("standard")
    assert [_score(preset, v, "likelihood") for v in (1, "2", 3.0, None)] == [1, 2, 3, None]
