"""Helpers shared by the tests (import as ``from helpers import ...``; tests/ is on sys.path via conftest)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from riskmodel.store import audit
from riskmodel.store.db import migrations

# Every table a user can change, with the column that orders it.
USER_TABLES = {
    "systems": "id",
    "threats": "id",
    "assessments": "id",
    "risk_lines": "id",
    "settings": "key",
    "users": "id",
    "workshops": "id",
    "participants": "id",
    "votes": "id",
    "decisions": "id",
    "approvals": "id",
    "activities": "id",
    "activity_systems": "activity_id, system_id",
    "screening_answers": "activity_id, criterion",
    "system_changes": "id",
    "dispensations": "id",
    "baselines": "id",
    "baseline_systems": "baseline_id, system_id",
    "baseline_lines": "baseline_id, lens, entity_id, threat_code, threat_title",
    "audit_log": "id",
}


def _cursor_source(db: Any):
    """Accept a Workbench, a Database or a DuckDB connection."""
    db = getattr(db, "db", db)  # Workbench -> Database
    if hasattr(db, "read"):
        return db.read()
    from contextlib import nullcontext

    return nullcontext(db)


# One query for every table: rows, and a SHA-256 over each row as JSON (column names and typed values) in key order.
_DIGEST_SQL = " UNION ALL ".join(
    f"SELECT '{table}', count(*), coalesce(sha256(string_agg(to_json(x)::VARCHAR, chr(10) ORDER BY {order})), '') "
    f"FROM {table} x" for table, order in USER_TABLES.items())


def table_digest(db: Any) -> dict[str, str]:
    """A SHA-256 per user table over every row (all columns, ordered by id/key), with the row count.

    Two equal digests prove that not a single row or value changed; returning one
    hash per table makes a failing comparison say which table moved. One query for all
    tables (22 queries and a Python hash per row cost ~16 ms a call; the store tests call it ~1,000 times).
    """
    with _cursor_source(db) as cur:
        return {table: f"{n}:{digest}" for table, n, digest in cur.execute(_DIGEST_SQL).fetchall()}


def data_digest(db: Any) -> dict[str, str]:
    """:func:`table_digest` without the audit trail: for refused calls, which are audited
    (issue 3) but must change no data."""
    return {t: h for t, h in table_digest(db).items() if t != "audit_log"}


def audit_rows(db: Any, **where: Any) -> list[dict[str, Any]]:
    """audit_log rows (as dicts, oldest first), optionally filtered by column equality."""
    clause = " AND ".join(f'"{k}" = ?' for k in where) or "1=1"
    with _cursor_source(db) as cur:
        cur.execute(f"SELECT * FROM audit_log WHERE {clause} ORDER BY id", list(where.values()))
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


def assert_store_intact(wb: Any, where: str) -> None:
    """After a crash and a reopen: the schema is at the last migration, every table reads every
    row, and the audit trail's hash chain holds (``where`` names the round in a failure)."""
    with wb.db.read() as cur:
        assert wb.db.schema_version() == migrations()[-1][0], f"{where}: schema version"
        tables = [r[0] for r in cur.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'").fetchall()]
        assert "audit_log" in tables and "risk_lines" in tables, f"{where}: tables {tables}"
        for table in tables:
            cur.execute(f'SELECT * FROM "{table}"').fetchall()
        result = verify_audit(wb, cur)
        assert result.ok, f"{where}: audit chain broken: {result}"


def closed_demo(open_copy: Any, path: Any, systems: int = 12, seed: int = 5) -> Any:
    """A demo municipality built at ``path`` (from the ``open_copy`` fixture) and closed: a file no process holds."""
    from riskmodel.domain.model import LOCAL_ACTOR
    from riskmodel.services.demo import build_demo

    wb = open_copy(path)
    build_demo(wb, LOCAL_ACTOR, systems=systems, seed=seed)
    wb.db.close()
    return path
def copy_db(src: Any, dst: Any) -> Path:
    """Copy a closed database file with its audit anchor (``<db>.audit-head``), as an administrator moves it."""
    shutil.copyfile(src, dst)
    anchor = audit.anchor_path(src)
    if anchor.exists():
        shutil.copyfile(anchor, audit.anchor_path(dst))
    return Path(dst)


def verify_audit(wb: Any, cur: Any = None) -> audit.VerifyResult:
    """``audit verify`` of an open workbench: the chain under its key, its anchor, the replay."""
    if cur is None:
        with wb.db.read() as cur:
            return verify_audit(wb, cur)
    return audit.verify(cur, wb.db.audit_key, anchor=audit.anchor_path(wb.db.path))
