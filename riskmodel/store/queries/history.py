"""The audit trail read back per thing: the rows about one system, or one assessment and everything in it.

Access is checked by the service on the system or assessment before these are called."""

from __future__ import annotations

import duckdb
import pandas as pd

from riskmodel.store.uow import rows_as_frame


def for_system(cur: duckdb.DuckDBPyConnection, system_id: int, name: str) -> pd.DataFrame:
    """The audit rows of the system, newest first; ``what`` is its name."""
    cur.execute(
        'SELECT "at", actor, action, entity, entity_id, before_json, after_json, ? AS what '
        "FROM audit_log WHERE entity = 'systems' AND entity_id = ? ORDER BY id DESC",
        [name, str(system_id)],
    )
    return rows_as_frame(cur)


def for_assessment(cur: duckdb.DuckDBPyConnection, assessment_id: int) -> pd.DataFrame:
    """The audit rows of the assessment, its risk lines (removed ones too), its participants and the opening and
    closing of its workshops, newest first; ``what`` names the line or the participant."""
    cur.execute(
        """
        SELECT al."at", al.actor, al.action, al.entity, al.entity_id, al.before_json, al.after_json,
               coalesce(rl.threat_code || ' ' || rl.threat_title, p.name, '') AS what
        FROM audit_log al
        LEFT JOIN risk_lines rl ON al.entity = 'risk_lines' AND al.entity_id = CAST(rl.id AS VARCHAR)
        LEFT JOIN participants p ON al.entity = 'participants' AND al.entity_id = CAST(p.id AS VARCHAR)
        LEFT JOIN workshops w ON al.entity = 'workshops' AND al.entity_id = CAST(w.id AS VARCHAR)
        WHERE (al.entity = 'assessments' AND al.entity_id = ?)
           OR (al.entity = 'risk_lines' AND rl.assessment_id = ?)
           OR (al.entity = 'participants' AND p.assessment_id = ?)
           OR (al.entity = 'workshops' AND w.assessment_id = ? AND al.action IN ('open', 'close'))
        ORDER BY al.id DESC
        """,
        [str(assessment_id), assessment_id, assessment_id, assessment_id],
    )
    return rows_as_frame(cur)
