"""The review cycle's read models: the live risk lines of both lenses (which the treatment plan, the checklist
and the baselines read), the major changes and each system's last approval."""

from __future__ import annotations

from typing import Any

import duckdb
import pandas as pd

from riskmodel.store.uow import rows_as_dicts, rows_as_frame

# The columns a read scope (services.common.read_scope) filters on, per source.
LIVE_LINE_SCOPE = ("x.department", "x.owner")  # live lines x
SYSTEM_SCOPE = ("s.department", "s.owner")  # systems s

# Every live risk line of a current assessment, both lenses, with its entity (the system for
# lens 'org', the processing activity for lens 'ds'), department and owner for access.
LIVE_LINES = """
    SELECT rl.*, a.lens, a.status AS assessment_status,
           CASE WHEN a.lens = 'ds' THEN a.activity_id ELSE a.system_id END AS entity_id,
           CASE WHEN a.lens = 'ds' THEN pa.name ELSE s.name END AS entity_name,
           CASE WHEN a.lens = 'ds' THEN pa.department ELSE s.department END AS department,
           CASE WHEN a.lens = 'ds' THEN pa.responsible ELSE s.owner END AS owner
    FROM risk_lines rl
    JOIN assessments a ON a.id = rl.assessment_id AND a.is_current
    LEFT JOIN systems s ON a.lens = 'org' AND s.id = a.system_id
    LEFT JOIN activities pa ON a.lens = 'ds' AND pa.id = a.activity_id
    WHERE NOT rl.removed AND ((a.lens = 'org' AND s.status = 'aktiv') OR (a.lens = 'ds' AND pa.status = 'aktiv'))
"""

# Per system: its latest approval, and whether the current assessment's approval still stands.
APPROVALS = """
    SELECT a.system_id, max(ap.approved_at) AS approved_at,
           bool_or(a.is_current AND ap.outdated_at IS NULL AND a.status = 'godkendt') AS approval_valid
    FROM approvals ap JOIN assessments a ON a.id = ap.assessment_id AND a.lens = 'org'
    GROUP BY a.system_id
"""


def live_line_rows(cur: duckdb.DuckDBPyConnection, scope: tuple[str, list], where: str = "TRUE",
                   params: list | None = None) -> list[dict[str, Any]]:
    """The live lines in ``scope`` that ``where`` (over ``x``) selects, by lens, entity and position."""
    cur.execute(f"SELECT * FROM ({LIVE_LINES}) x WHERE {scope[0]} AND ({where}) "
                "ORDER BY x.lens, x.entity_name, x.entity_id, x.position, x.id", [*scope[1], *(params or [])])
    return rows_as_dicts(cur)


def changes(cur: duckdb.DuckDBPyConnection, scope: tuple[str, list], system_id: int | None = None) -> pd.DataFrame:
    """Major changes, newest first, each with the first approval after it (``reassessed_at``, or NULL)."""
    where, params = [scope[0]], list(scope[1])
    if system_id is not None:
        where.append("c.system_id = ?")
        params.append(system_id)
    cur.execute(
        f"""
        SELECT c.id, c.system_id, s.name AS system_name, s.department, c.kind, c.reason, c.changed_on,
               c.recorded_at, c.recorded_by, ap.approved_at AS reassessed_at
        FROM system_changes c JOIN systems s ON s.id = c.system_id
        LEFT JOIN ({APPROVALS}) ap ON ap.system_id = c.system_id AND ap.approved_at > c.recorded_at
        WHERE {' AND '.join(where)}
        ORDER BY c.recorded_at DESC, c.id DESC
        """,
        params,
    )
    return rows_as_frame(cur)


def systems_due(cur: duckdb.DuckDBPyConnection, scope: tuple[str, list]) -> list[dict[str, Any]]:
    """Every active system in scope with its interval, current assessment, last approval and the number of
    major changes recorded since."""
    cur.execute(
        f"""
        SELECT s.id AS system_id, s.name, s.department, s.owner, s.classification, s.review_interval,
               s.version, a.id AS assessment_id, a.status AS assessment_status, ap.approved_at,
               coalesce(ap.approval_valid, false) AS approval_valid,
               (SELECT count(*) FROM system_changes c WHERE c.system_id = s.id
                  AND (ap.approved_at IS NULL OR c.recorded_at >= ap.approved_at)) AS pending_changes
        FROM systems s
        LEFT JOIN assessments a ON a.system_id = s.id AND a.is_current AND a.lens = 'org'
        LEFT JOIN ({APPROVALS}) ap ON ap.system_id = s.id
        WHERE s.status = 'aktiv' AND {scope[0]}
        ORDER BY s.name, s.id
        """,
        scope[1],
    )
    return rows_as_dicts(cur)


def current_ds_assessments(cur: duckdb.DuckDBPyConnection) -> dict[int, int]:
    """Activity id -> its current data-subject assessment's id."""
    return dict(cur.execute("SELECT activity_id, id FROM assessments WHERE lens = 'ds' AND is_current").fetchall())
