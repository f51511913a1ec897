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
    """``--dist loadgroup`` (``make test``): tests go one by one to whichever worker is free, the browser tests as two
    units (:data:`E2E_FIRST_HALF`).

    The browser tests share a streamlit server and Chromium per worker (session fixtures in tests/e2e/conftest.py):
    each half stays on one worker, and as the largest units xdist hands them out first, one to each worker; the
    unit, store and AppTests fill in around them. The unit is decided here by path because pytest-xdist 3.8 under
    pytest 9.2 ignores ``xdist_group`` marks (pytest-xdist issue 1386: the group suffix on the node id no longer
    takes effect). Other ``--dist`` modes are left to xdist.
    """
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadGroupScheduling

    class BrowserTestsInTwoHalves(LoadGroupScheduling):
        def _split_scope(self, nodeid: str) -> str:
            if nodeid.startswith("tests/e2e/"):
                return "tests/e2e#1" if nodeid.split("::", 1)[0] in E2E_FIRST_HALF else "tests/e2e#2"
            return super()._split_scope(nodeid)

    return BrowserTestsInTwoHalves(config, log)


# The browser tests in two halves of about equal time (measured 05-12-2026 with --durations, 85 tests, ~1,400 s
# on one worker under load): xdist hands the two largest units out first, one to each worker, so the e2e tests
# no longer run one after another on one worker while the other finishes early. Each half starts its own server
# and Chromium (session fixtures in tests/e2e/conftest.py, free ports). A new file goes to the second half.
E2E_FIRST_HALF = {
    "tests/e2e/test_oidc_browser.py",  # ~270 s
    "tests/e2e/test_access_browser.py",
    "tests/e2e/test_layout_browser.py",
    "tests/e2e/test_idle_browser.py",
    "tests/e2e/test_deploy_proxy.py",
    "tests/e2e/test_review_browser.py",
    "tests/e2e/test_serving_browser.py",
    "tests/e2e/test_local_only_browser.py",
    "tests/e2e/test_import_browser.py",
}
