"""The dispensations table, each row with its system's name, department and owner (the access check's input).

:func:`listing` takes the access scope the service decided, over ``s.department`` and ``s.owner``."""

from __future__ import annotations

from datetime import date
from typing import Any

import duckdb
import pandas as pd

from riskmodel.store.uow import rows_as_dicts, rows_as_frame


def get(cur: duckdb.DuckDBPyConnection, dispensation_id: int) -> dict[str, Any] | None:
    cur.execute("SELECT d.*, s.name AS system_name, s.department, s.owner FROM dispensations d "
                "JOIN systems s ON s.id = d.system_id WHERE d.id = ?", [dispensation_id])
    rows = rows_as_dicts(cur)
    return rows[0] if rows else None


def listing(cur: duckdb.DuckDBPyConnection, scope: str, params: list, system_id: int | None = None) -> pd.DataFrame:
    """The dispensations in scope (of one system), by expiry, each with the id of its latest renewal."""
    where, params = [scope], list(params)
    if system_id is not None:
        where.append("d.system_id = ?")
        params.append(system_id)
    cur.execute(
        f"""
        SELECT d.*, s.name AS system_name, s.department, s.owner,
               (SELECT max(r.id) FROM dispensations r WHERE r.renews_id = d.id) AS renewed_by
        FROM dispensations d JOIN systems s ON s.id = d.system_id
        WHERE {' AND '.join(where)}
        ORDER BY d.expires_on, d.id
        """,
        params,
    )
    return rows_as_frame(cur)


def insert(cur: duckdb.DuckDBPyConnection, system_id: int, requested_on: date, values: dict[str, Any],
           renews_id: int | None, username: str) -> int:
    """A new request; ``values`` holds the checked fields. Returns its id."""
    cur.execute(
        "INSERT INTO dispensations (system_id, requested_by, requested_on, requirement_kind, requirement, "
        "justification, alternative_measures, expires_on, renews_id, created_by, updated_by) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        [system_id, values["requested_by"], requested_on, values["requirement_kind"], values["requirement"],
         values["justification"], values["alternative_measures"], values["expires_on"], renews_id,
         username, username],
    )
    return cur.fetchone()[0]
