"""The SQL of the register import (riskmodel.excel.importer): what a plan reads, what the apply checks again
inside its transaction, and the bulk writes. Every function takes the caller's cursor; none commits.

Moved here from the importer (issue 19), statement for statement: the importer keeps the rules, the store
the SQL, and only the store imports duckdb.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import duckdb
import pandas as pd

from riskmodel.domain.model import LINE_FIELDS

Cur = duckdb.DuckDBPyConnection

# -- what a plan reads ------------------------------------------------------------------------------
_LINE_SQL = """
    SELECT cl.line_id, cl.assessment_id, cl.system_id, cl.system_name, cl.department, cl.system_owner,
           cl.classification, cl.threat_code, cl.threat_title, cl.category, cl.scenario, cl.existing_measures,
           cl.cons_c, cl.cons_i, cl.cons_a, cl.likelihood, cl.consequence, cl.treatment, cl.planned_measures,
           cl.measure_owner, cl.measure_deadline, cl.res_likelihood, cl.res_consequence, cl.residual_likelihood,
           cl.residual_consequence, cl.risk_owner, cl.score_rationale, cl.accepted_by, cl.accepted_on,
           cl.acceptance_ref, cl.acceptance_expires, cl.assessment_status, cl.assessment_year,
           cl.consequence_source, rl.version AS line_version, rl.residual_review, a.scale_size
    FROM current_lines cl JOIN risk_lines rl ON rl.id = cl.line_id JOIN assessments a ON a.id = cl.assessment_id
"""


def _dicts(cur: Cur) -> list[dict[str, Any]]:
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


def current_lines(cur: Cur) -> tuple[list[str], dict[int, tuple]]:
    """(column names, line id -> row) of every current line, as the exported register shows it."""
    cur.execute(_LINE_SQL)
    cols = [d[0] for d in cur.description]
    return cols, {row[0]: row for row in cur.fetchall()}


def lines_by_id(cur: Cur, ids: list[int]) -> dict[int, dict]:
    """Any lines by id (current or not), with whether they are removed, current, of a processing activity."""
    cur.execute(
        "SELECT rl.id, rl.removed, a.is_current, a.system_id IS NULL AS is_ds, s.status AS system_status, "
        f"{', '.join('rl.' + f for f in LINE_FIELDS)} "
        "FROM risk_lines rl JOIN assessments a ON a.id = rl.assessment_id "
        "LEFT JOIN systems s ON s.id = a.system_id WHERE rl.id IN (SELECT unnest(?::INTEGER[]))",
        [ids],
    )
    return {r["id"]: r for r in _dicts(cur)}


def systems(cur: Cur) -> list[tuple]:
    """(id, name, department, owner, status) of every system."""
    return cur.execute("SELECT id, name, department, owner, status FROM systems ORDER BY id").fetchall()


def catalogue(cur: Cur) -> list[dict]:
    """Every catalogue threat, visible ones first."""
    cur.execute("SELECT id, code, title, description, category, harms_c, harms_i, harms_a, hidden FROM threats "
                "ORDER BY hidden, id")
    return _dicts(cur)


def current_assessments(cur: Cur) -> dict[int, tuple[int, int]]:
    """System id -> (current assessment id, its scale size)."""
    return {sid: (aid, size) for aid, sid, size in cur.execute(
        "SELECT id, system_id, scale_size FROM assessments WHERE is_current AND system_id IS NOT NULL").fetchall()}


def live_system_lines(cur: Cur) -> list[dict]:
    """Every live line of a current system assessment, with what a plain register is matched and compared by."""
    cur.execute(
        "SELECT rl.id AS line_id, rl.assessment_id, rl.threat_id, rl.threat_code, rl.threat_title, rl.custom, "
        "rl.harms_c, rl.harms_i, rl.harms_a, rl.version AS line_version, rl.residual_review, "
        "rl.consequence_overall, rl.consequence_source, "
        f"{', '.join('rl.' + f for f in LINE_FIELDS)} "
        "FROM risk_lines rl JOIN assessments a ON a.id = rl.assessment_id AND a.is_current AND a.system_id IS NOT NULL "
        "WHERE NOT rl.removed"
    )
    return _dicts(cur)


# -- what the apply checks again, inside its transaction ----------------------------------------------
def _ids(ids: Iterable[int]) -> list[int]:
    return sorted(set(ids))


def line_states(cur: Cur, ids: Iterable[int]) -> dict[int, tuple]:
    """Line id -> (version, removed, assessment is current)."""
    return {r[0]: r[1:] for r in cur.execute(
        "SELECT rl.id, rl.version, rl.removed, a.is_current FROM risk_lines rl "
        "JOIN assessments a ON a.id = rl.assessment_id WHERE rl.id IN (SELECT unnest(?::INTEGER[]))",
        [_ids(ids)]).fetchall()}


def system_states(cur: Cur, ids: Iterable[int]) -> dict[int, tuple]:
    """System id -> (department, owner, status)."""
    return {r[0]: r[1:] for r in cur.execute(
        "SELECT id, department, owner, status FROM systems WHERE id IN (SELECT unnest(?::INTEGER[]))",
        [_ids(ids)]).fetchall()}


def current_assessment_ids(cur: Cur, system_ids: Iterable[int]) -> dict[int, int]:
    """System id -> its current assessment id."""
    return dict(cur.execute(
        "SELECT system_id, id FROM assessments WHERE is_current AND system_id IN (SELECT unnest(?::INTEGER[]))",
        [_ids(system_ids)]).fetchall())


def live_threats(cur: Cur, assessment_ids: Iterable[int]) -> list[tuple]:
    """(assessment id, threat id, threat title) of the live lines of these assessments."""
    return cur.execute(
        "SELECT assessment_id, threat_id, threat_title FROM risk_lines WHERE NOT removed "
        "AND assessment_id IN (SELECT unnest(?::INTEGER[]))", [_ids(assessment_ids)]).fetchall()


def active_system_names(cur: Cur) -> list[str]:
    return [n for (n,) in cur.execute("SELECT name FROM systems WHERE status = 'aktiv'").fetchall()]


# -- the writes -----------------------------------------------------------------------------------------
def _unregister(cur: Cur, name: str) -> None:
    """Drop a registered frame. After a failed statement DuckDB refuses even this ("transaction is aborted"):
    that error would hide the one that failed the statement, so it is ignored (the unit of work rolls back)."""
    try:
        cur.unregister(name)
    except duckdb.Error:
        pass


def insert_rows(cur: Cur, table: str, rows: list[dict], casts: dict[str, str] | None = None) -> list[int]:
    """INSERT many rows in one statement (through a registered DataFrame); returns their new ids, in order.

    One INSERT per row costs ~20 ms in DuckDB (4,500 new lines: 90 s); the ids are taken from the table's
    sequence first, as the services' inserts would, so later inserts carry on after them.
    """
    if not rows:
        return []
    casts = casts or {}
    sequence = f"seq_{table}"
    ids = sorted(r[0] for r in cur.execute(f"SELECT nextval('{sequence}') FROM range(?)", [len(rows)]).fetchall())
    data: dict[str, Any] = {"id": ids}
    for col in rows[0]:
        values = [r[col] for r in rows]
        data[col] = pd.array(values, dtype="Int64") if casts.get(col) == "INTEGER" else pd.Series(values, dtype=object)
    select = ", ".join(f"CAST({c} AS {casts[c]})" if c in casts else c for c in data)
    cur.register("_import_rows", pd.DataFrame(data))
    try:
        cur.execute(f"INSERT INTO {table} ({', '.join(data)}) SELECT {select} FROM _import_rows")
    finally:
        _unregister(cur, "_import_rows")
    return ids


def last_positions(cur: Cur, assessment_ids: list[int]) -> dict[int, int]:
    """Assessment id -> the highest line position it has (0 for none)."""
    return dict(cur.execute(
        "SELECT assessment_id, coalesce(max(position), 0) FROM risk_lines "
        "WHERE assessment_id IN (SELECT unnest(?::INTEGER[])) GROUP BY 1", [assessment_ids]).fetchall())


def own_threat_counts(cur: Cur, assessment_ids: list[int]) -> dict[int, int]:
    """Assessment id -> how many own threats it ever had (EGEN-<n> numbering, as add_custom)."""
    return dict(cur.execute(
        "SELECT assessment_id, count(*) FROM risk_lines WHERE custom AND assessment_id IN (SELECT unnest(?::INTEGER[])) "
        "GROUP BY 1", [assessment_ids]).fetchall())


def update_lines(cur: Cur, frame: pd.DataFrame, types: dict[str, str], username: str) -> int:
    """One UPDATE of risk_lines from ``frame`` (columns id, expected and the fields to set, cast to ``types``),
    only where the line still has its expected version; returns how many lines it changed."""
    fields = [c for c in frame.columns if c not in ("id", "expected")]
    sets = ", ".join(f"{f} = CAST(u.{f} AS {types.get(f, 'VARCHAR')})" for f in fields)
    cur.register("_import_updates", frame)
    try:
        done = cur.execute(
            f"UPDATE risk_lines SET {sets}, version = risk_lines.version + 1, updated_at = current_timestamp, "
            "updated_by = ? FROM _import_updates u WHERE risk_lines.id = u.id AND risk_lines.version = u.expected "
            "RETURNING risk_lines.id", [username]).fetchall()
    finally:
        _unregister(cur, "_import_updates")
    return len(done)


def approved_among(cur: Cur, assessment_ids: Iterable[int]) -> list[int]:
    return [aid for (aid,) in cur.execute(
        "SELECT id FROM assessments WHERE status = 'godkendt' AND id IN (SELECT unnest(?::INTEGER[]))",
        [_ids(assessment_ids)]).fetchall()]


def outdate_approvals(cur: Cur, reasons: dict[int, str], username: str) -> None:
    """Mark the current approval of each assessment outdated (with its reason) and send it back to review."""
    frame = pd.DataFrame({"id": list(reasons), "reason": list(reasons.values())})
    cur.register("_import_outdated", frame)
    try:
        cur.execute(
            "UPDATE approvals SET outdated_at = current_timestamp, outdated_by = ?, outdated_reason = u.reason "
            "FROM _import_outdated u WHERE approvals.assessment_id = u.id AND approvals.outdated_at IS NULL",
            [username])
    finally:
        _unregister(cur, "_import_outdated")
    cur.execute(
        "UPDATE assessments SET status = 'til_godkendelse', version = version + 1, updated_at = current_timestamp, "
        "updated_by = ? WHERE id IN (SELECT unnest(?::INTEGER[]))", [username, list(reasons)])
