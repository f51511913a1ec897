"""The SQL of assessments and their risk lines beyond the plain repositories of :mod:`riskmodel.store.uow`:
which assessment is current, the catalogue copied into a new one, line positions and counts, and an approval
made outdated by a change. The rules (who may, when an approval goes) stay in riskmodel.services.

Every function takes the cursor of an open read or write transaction.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import duckdb

from riskmodel.store.uow import rows_as_dicts


def current_id(cur: duckdb.DuckDBPyConnection, *, system_id: int | None = None,
               activity_id: int | None = None) -> int | None:
    """The id of the current assessment of a system (or of a processing activity), None if it has none."""
    column, value = ("activity_id", activity_id) if activity_id is not None else ("system_id", system_id)
    row = cur.execute(f"SELECT id FROM assessments WHERE {column} = ? AND is_current", [value]).fetchall()
    return row[0][0] if row else None


def current_with_scale(cur: duckdb.DuckDBPyConnection, system_id: int) -> tuple[int, int] | None:
    """(id, scale size) of a system's current assessment, None if it has none."""
    row = cur.execute(
        "SELECT id, scale_size FROM assessments WHERE system_id = ? AND is_current", [system_id]
    ).fetchone()
    return (row[0], row[1]) if row else None


def previous_id(cur: duckdb.DuckDBPyConnection, system_id: int) -> int | None:
    """The id of a system's latest assessment before the current one (None if there is none)."""
    row = cur.execute(
        "SELECT id FROM assessments WHERE system_id = ? AND NOT is_current ORDER BY created_at DESC, id DESC "
        "LIMIT 1",
        [system_id],
    ).fetchone()
    return row[0] if row else None


def status(cur: duckdb.DuckDBPyConnection, assessment_id: int) -> str:
    return cur.execute("SELECT status FROM assessments WHERE id = ?", [assessment_id]).fetchone()[0]


def valid_approval(cur: duckdb.DuckDBPyConnection, assessment_id: int) -> tuple[datetime, str, str] | None:
    """(approved at, approver's name, on behalf of) of the assessment's approval that is not outdated."""
    row = cur.execute(
        "SELECT approved_at, approver_name, on_behalf_of FROM approvals "
        "WHERE assessment_id = ? AND outdated_at IS NULL ORDER BY id DESC LIMIT 1",
        [assessment_id],
    ).fetchone()
    return (row[0], row[1], row[2]) if row else None


def outdate_approvals(cur: duckdb.DuckDBPyConnection, assessment_id: int, username: str, reason: str) -> None:
    """Mark the assessment's standing approvals outdated: by whom, why, now."""
    cur.execute(
        "UPDATE approvals SET outdated_at = current_timestamp, outdated_by = ?, outdated_reason = ? "
        "WHERE assessment_id = ? AND outdated_at IS NULL",
        [username, reason, assessment_id],
    )


def visible_threats(cur: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """The catalogue's threats that are not hidden, by category and code."""
    cur.execute("SELECT * FROM threats WHERE NOT hidden ORDER BY category, code")
    return rows_as_dicts(cur)


def threat_row(cur: duckdb.DuckDBPyConnection, threat_id: int) -> dict[str, Any] | None:
    """A catalogue threat (hidden or not), None if there is no such id."""
    cur.execute("SELECT * FROM threats WHERE id = ?", [threat_id])
    rows = rows_as_dicts(cur)
    return rows[0] if rows else None


def live_lines_of_threat(cur: duckdb.DuckDBPyConnection, assessment_id: int, threat_id: int) -> int:
    """How many live (not removed) lines of the assessment are copies of a catalogue threat."""
    return cur.execute(
        "SELECT count(*) FROM risk_lines WHERE assessment_id = ? AND threat_id = ? AND NOT removed",
        [assessment_id, threat_id],
    ).fetchone()[0]


def custom_lines(cur: duckdb.DuckDBPyConnection, assessment_id: int) -> int:
    """How many lines of the assessment are its own threats (removed ones too: their codes stay taken)."""
    return cur.execute(
        "SELECT count(*) FROM risk_lines WHERE assessment_id = ? AND custom", [assessment_id]
    ).fetchone()[0]


def next_position(cur: duckdb.DuckDBPyConnection, assessment_id: int) -> int:
    """The position after the assessment's last line (removed ones included)."""
    return cur.execute(
        "SELECT coalesce(max(position), 0) + 1 FROM risk_lines WHERE assessment_id = ?", [assessment_id]
    ).fetchone()[0]


def last_field_change(cur: duckdb.DuckDBPyConnection, line_id: int, key: str) -> tuple[str, datetime] | None:
    """Who last changed one field of a risk line and when, from the audit trail (None if it has no entry)."""
    found = cur.execute(
        "SELECT actor, \"at\" FROM audit_log WHERE entity = 'risk_lines' AND entity_id = ? "
        "AND json_exists(after_json, ?) ORDER BY id DESC LIMIT 1",
        [str(line_id), f"$.{key}"],
    ).fetchone()
    return (found[0], found[1]) if found else None


def display_name(cur: duckdb.DuckDBPyConnection, username: str) -> str | None:
    """The display name of an account (None if there is no such account; it may be empty)."""
    found = cur.execute("SELECT display_name FROM users WHERE username = ?", [username]).fetchone()
    return found[0] if found else None
