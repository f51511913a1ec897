"""Every domain code the demo municipality stores is a member of its enum in riskmodel/codes.py."""

from __future__ import annotations

import pytest

from riskmodel.domain import codes
from riskmodel.domain.model import LOCAL_ACTOR
from riskmodel.services import open_workbench
from riskmodel.services.demo import build_demo

COLUMNS = {
    ("systems", "classification"): codes.Classification,
    ("systems", "criticality"): codes.Criticality,
    ("systems", "status"): codes.SystemStatus,
    ("assessments", "status"): codes.AssessmentStatus,
    ("assessments", "lens"): codes.Lens,
    ("risk_lines", "treatment"): codes.Treatment,
    ("risk_lines", "measure_status"): codes.MeasureStatus,
    ("activities", "status"): codes.ActivityStatus,
    ("participants", "role_title"): codes.ParticipantRole,
    ("dispensations", "status"): codes.DispensationStatus,
    ("approvals", "approver_role"): codes.Role,
    ("baseline_lines", "lens"): codes.Lens,
    ("users", "role"): codes.Role,
    ("workshops", "status"): codes.WorkshopStatus,
    ("workshops", "phase"): codes.WorkshopPhase,
}


@pytest.fixture(scope="module")
def demo_cur(tmp_path_factory, open_copy):
    wb = open_copy(tmp_path_factory.mktemp("codes") / "risk.duckdb")
    build_demo(wb, LOCAL_ACTOR, systems=12, seed=5)
    with wb.db.read() as cur:
        yield cur
    wb.db.close()


@pytest.mark.parametrize(("table", "column"), COLUMNS, ids=[".".join(tc) for tc in COLUMNS])
def test_stored_codes_are_members(demo_cur, table, column):
    stored = {r[0] for r in demo_cur.execute(f"SELECT DISTINCT {column} FROM {table} WHERE {column} IS NOT NULL").fetchall()}
    assert stored <= set(codes.values(COLUMNS[(table, column)]))


def test_the_schema_defaults_are_members(tmp_path):
    wb = open_workbench(tmp_path / "risk.duckdb")
    try:
        with wb.db.read() as cur:
            defaults = {(t, c): d for t, c, d in cur.execute(
                "SELECT table_name, column_name, column_default FROM information_schema.columns "
                "WHERE column_default IS NOT NULL").fetchall()}
    finally:
        wb.db.close()
    checked = 0
    for (table, column), enum in COLUMNS.items():
        default = defaults.get((table, column))
        if default is not None and default != "''":  # participants.role_title: '' is "no role given"
            assert default.strip("'") in codes.values(enum), (table, column, default)
            checked += 1
    assert checked >= 6  # systems/assessments/activities status, workshops status and phase, lens, measure_status, ...
