"""The approvals table: an assessment's approvals with the snapshot of its lines at each (rows only inserted here;
an approval is marked outdated by the assessment's writes)."""

from __future__ import annotations

import json
from typing import Any

import duckdb

from riskmodel.domain.model import Actor
from riskmodel.store.uow import rows_as_dicts


def approvals(cur: duckdb.DuckDBPyConnection, assessment_id: int) -> list[dict[str, Any]]:
    """Every approval of the assessment, newest first, with its snapshot decoded (``snapshot``)."""
    cur.execute("SELECT * FROM approvals WHERE assessment_id = ? ORDER BY id DESC", [assessment_id])
    rows = rows_as_dicts(cur)
    for r in rows:
        r["snapshot"] = json.loads(r.pop("snapshot_json"))
    return rows


def insert_approval(cur: duckdb.DuckDBPyConnection, assessment_id: int, actor: Actor, on_behalf_of: str,
                    comment: str, snapshot: dict[str, Any]) -> int:
    """A new approval by ``actor`` with the snapshot of the lines; returns its id."""
    cur.execute(
        "INSERT INTO approvals (assessment_id, approved_by, approver_name, approver_role, on_behalf_of, "
        "comment, snapshot_json) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
        [assessment_id, actor.username, actor.display_name, actor.role, on_behalf_of, comment,
         json.dumps(snapshot, ensure_ascii=False, sort_keys=True)],
    )
    return cur.fetchone()[0]
