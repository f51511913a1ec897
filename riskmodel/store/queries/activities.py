"""Read models of the processing activities: the list with each activity's systems, screening answers and
data-subject assessment status, and one activity's screening answers."""

from __future__ import annotations

from typing import Any

import duckdb
import pandas as pd

from riskmodel.store.uow import rows_as_dicts, rows_as_frame

# The columns a read scope (services.common.read_scope) filters on: the activity a.
ACTIVITY_SCOPE = ("a.department", "a.responsible")


def activity_list(cur: duckdb.DuckDBPyConnection, scope: str, params: list, include_ended: bool) -> pd.DataFrame:
    """The activities within ``scope`` (an SQL condition over :data:`ACTIVITY_SCOPE`), by name; ended ones
    only with ``include_ended``. ``answers`` maps each screening criterion to its answer (None if none)."""
    cur.execute(
        f"""
        SELECT a.id, a.name, a.department, a.responsible, a.status, a.subjects_band, a.data_categories,
               a.subject_categories, a.dpia_done, a.dpia_date, a.dpia_ref, a.version,
               coalesce((SELECT list(s.name ORDER BY s.name) FROM activity_systems x
                         JOIN systems s ON s.id = x.system_id WHERE x.activity_id = a.id), []) AS systems,
               (SELECT map(list(criterion), list(answer)) FROM screening_answers sa
                WHERE sa.activity_id = a.id) AS answers,
               (SELECT status FROM assessments WHERE activity_id = a.id AND is_current) AS ds_status
        FROM activities a WHERE {scope} {"" if include_ended else "AND a.status = 'aktiv'"}
        ORDER BY a.name, a.id
        """,
        params,
    )
    return rows_as_frame(cur)


def screening_answers(cur: duckdb.DuckDBPyConnection, activity_id: int) -> dict[str, dict[str, Any]]:
    """criterion -> {criterion, answer, note, updated_by, updated_at} of one activity's screening."""
    cur.execute("SELECT criterion, answer, note, updated_by, updated_at FROM screening_answers "
                "WHERE activity_id = ?", [activity_id])
    return {r["criterion"]: r for r in rows_as_dicts(cur)}
