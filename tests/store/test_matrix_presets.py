"""Matrix presets on a real file: an older database keeps its own matrix under the new id
(migration 008), and the preview of a switch counts the cells and the lines that move."""

from __future__ import annotations

import duckdb
import pytest

from riskmodel.domain.errors import PermissionDenied
from riskmodel.domain.model import LOCAL_ACTOR, Actor
from riskmodel.services import open_workbench
from riskmodel.store.db import migrate


def _file_at_7(path, preset: str | None) -> None:
    """A file as release 7 left it: one system, one assessment on ``preset``, one scored line."""
    conn = duckdb.connect(str(path))
    try:
        migrate(conn, target=7)
        if preset is not None:
            conn.execute("INSERT INTO settings (key, value) VALUES ('preset', ?)", [preset])
        sid = conn.execute(
            "INSERT INTO systems (name, department, owner, classification, data_categories, subjects_band, "
            "criticality, hosting, created_by, updated_by) VALUES ('Journal', 'Sundhed', 'Ole', 'intern', ['ingen'], "
            "'0', 'middel', 'egen drift', 'x', 'x') RETURNING id").fetchone()[0]
        aid = conn.execute(
            "INSERT INTO assessments (system_id, year, preset_id, scale_size, created_by, updated_by) "
            "VALUES (?, 2025, ?, 4, 'x', 'x') RETURNING id", [sid, preset or "standard"]).fetchone()[0]
        conn.execute(
            "INSERT INTO risk_lines (assessment_id, threat_code, threat_title, category, harms_c, harms_i, harms_a, "
            "position, likelihood, cons_c, updated_by) VALUES (?, 'E-1', 'Tyveri', 'Fysisk', true, false, false, 1, "
            "2, 4, 'x')", [aid])
        conn.execute(
            "INSERT INTO baselines (year, preset_id, ds_preset_id, frozen_by) VALUES (2024, ?, 'ds', 'x')",
            [preset or "standard"])
    finally:
        conn.close()


@pytest.mark.parametrize(("old", "new"), [("standard", "own_traffic_light"), ("kl", "own_five_levels"),
                                          ("datatilsynet", "own_five_consequence"), (None, "own_traffic_light")])
def test_an_older_database_keeps_the_matrix_it_scored_on(db_path, old, new):
    _file_at_7(db_path, old)
    wb = open_workbench(db_path)
    try:
        assert wb.settings.preset().id == new
        with wb.db.read() as cur:
            assert cur.execute("SELECT DISTINCT preset_id FROM assessments").fetchall() == [(new,)]
            assert cur.execute("SELECT preset_id FROM baselines").fetchall() == [(new,)]
        # The line in cell (2, 4) keeps the level it had before the upgrade.
        before = {"standard": "Høj", "kl": "Høj", "datatilsynet": "Høj", None: "Høj"}[old]
        assert wb.settings.preset().level(2, 4).label("da") == before
    finally:
        wb.db.close()


def test_an_older_empty_database_takes_the_new_default(db_path):
    conn = duckdb.connect(str(db_path))
    migrate(conn, target=7)
    conn.close()
    wb = open_workbench(db_path)
    try:
        assert wb.settings.get(LOCAL_ACTOR, "preset") == ("standard", 0)
        assert wb.settings.preset().name("da") == "4x4 Standard"
    finally:
        wb.db.close()


def test_preview_lists_the_cells_that_move_and_the_lines_in_them(db_path):
    _file_at_7(db_path, "standard")  # now own_traffic_light, one line at likelihood 2, consequence 4
    wb = open_workbench(db_path)
    try:
        change = wb.settings.preview_preset(LOCAL_ACTOR, "standard")
        # Our old traffic light and OS2compliance's 4x4 Standard differ in exactly 3 cells.
        moved = {(c.likelihood, c.consequence): (c.before.label("da"), c.after.label("da"), c.inherent, c.residual)
                 for c in change.cells}
        assert moved == {(2, 4): ("Høj", "Middel", 1, 1), (3, 3): ("Høj", "Middel", 0, 0),
                         (4, 2): ("Høj", "Middel", 0, 0)}
        assert (change.lines, change.scored) == (1, 1)
        # Nothing is saved by a preview.
        assert wb.settings.preset().id == "own_traffic_light"

        kl = wb.settings.preview_preset(LOCAL_ACTOR, "kl")
        assert len(kl.cells) == 16 - sum(  # cells whose name and colour stay the same
            1 for lik, con, lvl in wb.settings.preset().cells()
            if (lvl.da, lvl.tone) == (kl.target.level(lik, con).da, kl.target.level(lik, con).tone))
        same = wb.settings.preview_preset(LOCAL_ACTOR, "5x5")  # another size: refused elsewhere, nothing moves
        assert (same.cells, same.lines) == ((), 0)
    finally:
        wb.db.close()


def test_only_the_coordinator_may_preview_a_switch(wb):
    with pytest.raises(PermissionDenied):
        wb.settings.preview_preset(Actor("leder1", "Lise Leder", "leder", ("Sundhed",)), "kl")
