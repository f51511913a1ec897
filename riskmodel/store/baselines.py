"""Year baselines: rows only ever inserted (a baseline and its frozen lines and systems), and read back.

The read functions take the access scope the service decided (an SQL condition over ``department`` and
``owner`` of baseline_lines/baseline_systems, or ``l.department``/``l.owner`` for :func:`level_counts`)."""

from __future__ import annotations

from typing import Any

import duckdb
import pandas as pd

from riskmodel.store.bulk import insert_frame
from riskmodel.store.uow import rows_as_dicts, rows_as_frame


def exists(cur: duckdb.DuckDBPyConnection, year: int) -> bool:
    return bool(cur.execute("SELECT count(*) FROM baselines WHERE year = ?", [year]).fetchone()[0])


def insert(cur: duckdb.DuckDBPyConnection, year: int, note: str, preset_id: str, ds_preset_id: str,
           frozen_by: str) -> int:
    """A new baseline (frozen now); returns its id."""
    cur.execute("INSERT INTO baselines (year, note, preset_id, ds_preset_id, frozen_by) VALUES (?, ?, ?, ?, ?) "
                "RETURNING id", [year, note, preset_id, ds_preset_id, frozen_by])
    return cur.fetchone()[0]


def insert_lines(cur: duckdb.DuckDBPyConnection, lines: pd.DataFrame) -> None:
    insert_frame(cur, "baseline_lines", lines)


def insert_systems(cur: duckdb.DuckDBPyConnection, systems: pd.DataFrame) -> None:
    insert_frame(cur, "baseline_systems", systems)


def listing(cur: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every baseline, oldest first, with its line and system counts."""
    cur.execute(
        "SELECT b.*, (SELECT count(*) FROM baseline_lines l WHERE l.baseline_id = b.id) AS lines, "
        "(SELECT count(*) FROM baseline_systems s WHERE s.baseline_id = b.id) AS systems "
        "FROM baselines b ORDER BY b.year"
    )
    return rows_as_frame(cur)


def get(cur: duckdb.DuckDBPyConnection, baseline_id: int) -> dict[str, Any] | None:
    cur.execute("SELECT * FROM baselines WHERE id = ?", [baseline_id])
    rows = rows_as_dicts(cur)
    return rows[0] if rows else None


def lines(cur: duckdb.DuckDBPyConnection, baseline_id: int, scope: str, params: list) -> list[dict[str, Any]]:
    cur.execute(f"SELECT * FROM baseline_lines WHERE baseline_id = ? AND {scope}", [baseline_id, *params])
    return rows_as_dicts(cur)


def systems(cur: duckdb.DuckDBPyConnection, baseline_id: int, scope: str, params: list) -> pd.DataFrame:
    cur.execute(f"SELECT * FROM baseline_systems WHERE baseline_id = ? AND {scope} ORDER BY name, system_id",
                [baseline_id, *params])
    return rows_as_frame(cur)


def level_counts(cur: duckdb.DuckDBPyConnection, preset_id: str, residual: bool, scope: str,
                 params: list) -> list[tuple]:
    """(baseline id, year, level, lines) of the scored organisational lines of the baselines on ``preset_id``."""
    col = "res_level" if residual else "level"
    cur.execute(
        f"SELECT b.id, b.year, l.{col}, count(*) FROM baselines b "
        f"JOIN baseline_lines l ON l.baseline_id = b.id AND l.lens = 'org' AND l.{col} IS NOT NULL "
        f"WHERE b.preset_id = ? AND {scope} GROUP BY 1, 2, 3 ORDER BY 2",
        [preset_id, *params],
    )
    return cur.fetchall()


def years(cur: duckdb.DuckDBPyConnection, preset_id: str) -> list[tuple[int, int]]:
    """(id, year) of the baselines on ``preset_id``, oldest first."""
    return cur.execute("SELECT id, year FROM baselines WHERE preset_id = ? ORDER BY year", [preset_id]).fetchall()
