"""Shared fixtures: a real DuckDB file per test, the workbench over it, the acting user."""

from __future__ import annotations

import itertools
import os
import secrets
import tempfile
from pathlib import Path

import pytest
from helpers import copy_db

from riskmodel.domain.model import LOCAL_ACTOR, SystemInput
from riskmodel.services import open_workbench

# One audit key for the whole run, outside every database (the contract of riskmodel/store/audit.py): files
# built once and copied by many tests keep a chain that verifies. Servers started by e2e tests inherit it.
if not os.environ.get("RISK_AUDIT_KEY_FILE"):
    _key_file = Path(tempfile.mkdtemp(prefix="risk-audit-key-")) / "audit.key"
    _key_file.write_text(secrets.token_hex(32) + "\n", encoding="ascii")
    _key_file.chmod(0o600)
    os.environ["RISK_AUDIT_KEY_FILE"] = str(_key_file)


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "risk.duckdb"


@pytest.fixture(scope="session")
def _template_db(tmp_path_factory):
    """A freshly migrated and seeded file, built once; each test opens its own copy.

    Migrating and seeding costs ~0.25 s per file, reopening a copy ~0.08 s. The copy holds
    exactly what a fresh ``open_workbench`` leaves behind (schema, matrix cells, catalogue,
    the seed audit row), and ``open_workbench`` still runs on it in every test.
    """
    path = tmp_path_factory.mktemp("template") / "risk.duckdb"
    open_workbench(path).db.close()  # close checkpoints: everything is in the one file
    return path


@pytest.fixture(scope="session")
def _demo_template(tmp_path_factory, _template_db):
    """The small demo municipality (12 systems, seed 5) on a copy of the template, built once per session.

    Building it costs ~0.3-0.5 s of CPU; the AppTests that show demo data copy this file instead
    (tests/app/conftest.py ``demo``). The file is closed: a copy is exactly what ``build_demo`` left.
    """
    from riskmodel.services.demo import build_demo

    path = tmp_path_factory.mktemp("demo-template") / "risk.duckdb"
    copy_db(_template_db, path)
    workbench = open_workbench(path)
    build_demo(workbench, LOCAL_ACTOR, systems=12, seed=5)
    workbench.db.close()
    return path


@pytest.fixture(scope="session")
def open_copy(_template_db):
    """``open_copy(path) -> Workbench``: a fresh, seeded workbench at ``path`` (for wider-scoped fixtures).

    The caller closes it (``wb.db.close()``).
    """

    def open_at(path):
        copy_db(_template_db, path)
        return open_workbench(path)

    return open_at


@pytest.fixture
def wb(db_path, open_copy):
    """A migrated, seeded workbench on a file of its own; closed after the test."""
    workbench = open_copy(db_path)
    yield workbench
    workbench.db.close()


@pytest.fixture
def actor():
    return LOCAL_ACTOR


@pytest.fixture
def make_system(wb, actor):
    """``make_system(**overrides) -> system id``: a system with sensible defaults.

    Defaults: a unique name, department 'Borgerservice', an owner and a supplier,
    classification 'intern', no personal data, criticality 'middel', hosted by the supplier.
    Pass ``as_actor=`` to create it as someone else.
    """
    counter = itertools.count(1)

    def make(as_actor=None, **overrides) -> int:
        n = next(counter)
        fields = {
            "name": f"Testsystem {n:03d}",
            "department": "Borgerservice",
            "owner": "Anne Andersen",
            "supplier": "Leverandør A/S",
            "description": "Et system til test",
            "classification": "intern",
            "data_categories": ["ingen"],
            "subjects_band": "0",
            "criticality": "middel",
            "hosting": "leverandør",
        }
        fields.update(overrides)
        return wb.systems.create(as_actor or actor, SystemInput(**fields))

    return make


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """``--dist loadgroup`` (``make test``): tests go one by one to whichever worker is free, the browser tests as one
    unit per worker (:func:`e2e_units`).

    The browser tests share a streamlit server and Chromium per worker (session fixtures in tests/e2e/conftest.py):
    each unit stays on one worker, and as the largest units xdist hands them out first, one to each worker; the
    unit, store and AppTests fill in around them. The unit is decided here by path because pytest-xdist 3.8 under
    pytest 9.2 ignores ``xdist_group`` marks (pytest-xdist issue 1386: the group suffix on the node id no longer
    takes effect). Other ``--dist`` modes are left to xdist.
    """
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadGroupScheduling

    units = e2e_units(_workers(config))

    class BrowserTestsPerWorker(LoadGroupScheduling):
        def _split_scope(self, nodeid: str) -> str:
            if nodeid.startswith("tests/e2e/"):
                return f"tests/e2e#{units.get(nodeid.split('::', 1)[0], 0)}"
            return super()._split_scope(nodeid)

    return BrowserTestsPerWorker(config, log)


def _workers(config) -> int:
    n = config.getvalue("numprocesses")
    return n if isinstance(n, int) and n > 0 else 2


def e2e_units(workers: int) -> dict[str, int]:
    """Each browser test file's unit (0 … workers-1): the files by their measured time, the longest first, each to
    the unit with the least time so far (a file's tests share the file's fixtures, so a file is never split).

    A browser test spends about a third of its time on the CPU (it mostly waits for the server and Chromium:
    ``vmstat`` during tests/e2e/test_narrow_browser.py alone, 06-12-2026: 34 % of two cores), so the units run
    side by side with each other and with the CPU-bound unit, store and AppTests."""
    load = [0.0] * max(1, workers)
    out = {}
    for path, seconds in sorted(E2E_SECONDS.items(), key=lambda kv: (-kv[1], kv[0])):
        unit = load.index(min(load))
        out[path] = unit
        load[unit] += seconds
    return out


# Seconds per browser test file (``--junitxml`` of a full ``make test``, 06-12-2026, two workers, 21 files, 855 s).
# A file missing here goes to unit 0; add it with its time.
E2E_SECONDS = {
    "tests/e2e/test_oidc_browser.py": 114,
    "tests/e2e/test_narrow_browser.py": 73,
    "tests/e2e/test_scoring_browser.py": 71,
    "tests/e2e/test_server_crash.py": 71,
    "tests/e2e/test_access_browser.py": 58,
    "tests/e2e/test_workshop_browser.py": 52,
    "tests/e2e/test_layout_browser.py": 46,
    "tests/e2e/test_concurrent_browser.py": 43,
    "tests/e2e/test_idle_browser.py": 40,
    "tests/e2e/test_browser.py": 48,
    "tests/e2e/test_accessibility_browser.py": 38,
    "tests/e2e/test_serving_browser.py": 37,
    "tests/e2e/test_review_browser.py": 32,
    "tests/e2e/test_drafts_browser.py": 30,  # alone, 07-12-2026 (three tests)
    "tests/e2e/test_language_crawl_browser.py": 29,
    "tests/e2e/test_deploy_proxy.py": 28,
    "tests/e2e/test_activities_browser.py": 25,
    "tests/e2e/test_import_browser.py": 17,
    "tests/e2e/test_workshop_draft_browser.py": 14,
    "tests/e2e/test_local_only_browser.py": 13,
    "tests/e2e/test_pack_libreoffice.py": 7,
    "tests/e2e/test_backup_live.py": 6,
}
