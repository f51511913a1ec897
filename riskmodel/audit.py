"""The audit trail: an append-only, hash-chained log of every change.

Each row's hash is SHA-256 over its id, time, actor, action, entity, entity id,
before and after values and the previous row's hash. Changing or deleting any
past row changes a hash that a later row depends on, so :func:`verify` finds it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import duckdb

GENESIS = "0" * 64
AUDIT_COLUMNS = ("id", "at", "actor", "action", "entity", "entity_id", "before_json", "after_json")
_SELECT = 'id, "at", actor, action, entity, entity_id, before_json, after_json'  # "at" is a keyword


def now_utc() -> datetime:
    """Naive UTC, the way timestamps are stored."""
    return datetime.now(UTC).replace(tzinfo=None)


def row_hash(row: dict[str, Any], prev_hash: str) -> str:
    at = row["at"]
    payload = [
        int(row["id"]),
        at.isoformat(timespec="microseconds") if isinstance(at, datetime) else str(at),
        row["actor"],
        row["action"],
        row["entity"],
        row["entity_id"],
        row["before_json"],
        row["after_json"],
        prev_hash,
    ]
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False).encode("utf-8")).hexdigest()


def last_hash(cur: duckdb.DuckDBPyConnection) -> str:
    rows = cur.execute("SELECT row_hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchall()
    return rows[0][0] if rows and rows[0][0] else GENESIS


def append(cur: duckdb.DuckDBPyConnection, rows: list[dict[str, Any]]) -> None:
    """Insert audit rows at the end of the chain. Call under the write lock (a unit of work)."""
    if not rows:
        return
    ids = [r[0] for r in cur.execute("SELECT nextval('seq_audit') FROM range(?)", [len(rows)]).fetchall()]
    prev = last_hash(cur)
    at = now_utc()
    records = []
    for new_id, r in zip(ids, rows, strict=True):
        rec = {"id": new_id, "at": at, "actor": r["actor"], "action": r["action"], "entity": r["entity"],
               "entity_id": r.get("entity_id"), "before_json": r.get("before_json"), "after_json": r.get("after_json")}
        rec["prev_hash"] = prev
        rec["row_hash"] = prev = row_hash(rec, prev)
        records.append(rec)
    if len(records) == 1:
        rec = records[0]
        cur.execute(
            "INSERT INTO audit_log (id, \"at\", actor, action, entity, entity_id, before_json, after_json, prev_hash, row_hash) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [rec[c] for c in (*AUDIT_COLUMNS, "prev_hash", "row_hash")],
        )
        return
    import pandas as pd

    frame = pd.DataFrame(records, columns=[*AUDIT_COLUMNS, "prev_hash", "row_hash"])
    cur.register("_audit_rows", frame)
    try:
        cur.execute(
            "INSERT INTO audit_log (id, \"at\", actor, action, entity, entity_id, before_json, after_json, prev_hash, row_hash) "
            "SELECT id, \"at\", actor, action, entity, entity_id::VARCHAR, before_json::VARCHAR, after_json::VARCHAR, "
            "prev_hash, row_hash FROM _audit_rows"
        )
    finally:
        cur.unregister("_audit_rows")


def backfill(conn: duckdb.DuckDBPyConnection) -> int:
    """Chain rows written before the chain existed (schema < 3). Returns rows chained.

    That is only ever a log with no chained row at all: every row written since has its
    hashes. A missing hash in a log whose chain has begun means someone cleared it, so it
    is left for :func:`verify` to report; re-chaining it on open would launder the change.
    """
    if conn.execute("SELECT count(*) FROM audit_log WHERE row_hash IS NOT NULL OR prev_hash IS NOT NULL").fetchone()[0]:
        return 0
    rows = conn.execute(
        f"SELECT {_SELECT} FROM audit_log ORDER BY id"
    ).fetchall()
    if not rows:
        return 0
    prev = GENESIS
    conn.execute("BEGIN TRANSACTION")
    try:
        for values in rows:
            rec = dict(zip(AUDIT_COLUMNS, values, strict=True))
            h = row_hash(rec, prev)
            conn.execute("UPDATE audit_log SET prev_hash = ?, row_hash = ? WHERE id = ?", [prev, h, rec["id"]])
            prev = h
    except Exception:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    return len(rows)


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    rows: int
    bad_id: int | None = None
    reason: str = ""


def verify(cur: duckdb.DuckDBPyConnection) -> VerifyResult:
    """Walk the chain from the first row; report the first row that does not fit."""
    cur.execute(f"SELECT {_SELECT}, prev_hash, row_hash FROM audit_log ORDER BY id")
    prev = GENESIS
    n = 0
    while batch := cur.fetchmany(10_000):
        for values in batch:
            rec = dict(zip((*AUDIT_COLUMNS, "prev_hash", "row_hash"), values, strict=True))
            n += 1
            if rec["prev_hash"] != prev:
                return VerifyResult(False, n, rec["id"],
                                    f"række {rec['id']} peger ikke på rækken før den (en række er slettet eller indsat)")
            if row_hash(rec, prev) != rec["row_hash"]:
                return VerifyResult(False, n, rec["id"], f"række {rec['id']} er ændret efter den blev skrevet")
            prev = rec["row_hash"]
    return VerifyResult(True, n)
