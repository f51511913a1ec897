"""The review cycle's writes and lookups: a system's major changes (read models in store/queries/review.py)."""

from __future__ import annotations

from datetime import date

import duckdb


def insert_change(cur: duckdb.DuckDBPyConnection, system_id: int, kind: str, reason: str, changed_on: date,
                  recorded_by: str) -> int:
    """A major change of a system; returns its id."""
    cur.execute(
        "INSERT INTO system_changes (system_id, kind, reason, changed_on, recorded_by) VALUES (?, ?, ?, ?, ?) "
        "RETURNING id", [system_id, kind, reason, changed_on, recorded_by])
    return cur.fetchone()[0]


def current_org_assessment(cur: duckdb.DuckDBPyConnection, system_id: int) -> int | None:
    """The id of the system's current organisational assessment, if it has one."""
    row = cur.execute("SELECT id FROM assessments WHERE system_id = ? AND is_current AND lens = 'org'",
                      [system_id]).fetchone()
    return row[0] if row else None
