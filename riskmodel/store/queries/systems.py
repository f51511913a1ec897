"""The system inventory's read models: departments, names for pickers, and the paged, filtered search.

Every function takes the access scope the service decided (an SQL condition and its parameters): over the
columns ``department``/``owner`` for :func:`names`, over ``s.department``/``s.owner`` for :func:`search`.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from riskmodel.store.uow import rows_as_frame


def departments(cur: duckdb.DuckDBPyConnection) -> list[str]:
    """The departments of the systems on record, sorted."""
    return [r[0] for r in cur.execute("SELECT DISTINCT department FROM systems ORDER BY 1").fetchall()]


def none_yet(cur: duckdb.DuckDBPyConnection) -> bool:
    """Whether no system has been created yet."""
    return cur.execute("SELECT count(*) FROM systems").fetchone()[0] == 0


def names(cur: duckdb.DuckDBPyConnection, scope: str, params: list, include_retired: bool) -> list[tuple]:
    """(id, name, department) of the systems in scope, sorted by name."""
    status = "TRUE" if include_retired else "status = 'aktiv'"
    return cur.execute(
        f"SELECT id, name, department FROM systems WHERE {status} AND {scope} ORDER BY name, id", params
    ).fetchall()


def search(cur: duckdb.DuckDBPyConnection, scope: str, scope_params: list, *, search: str = "",
           departments: tuple[str, ...] = (), classifications: tuple[str, ...] = (), include_retired: bool = False,
           limit: int, offset: int) -> tuple[int, pd.DataFrame]:
    """(total, one page of rows) of the systems in scope that match the filter, with their current assessment."""
    where, params = [scope], list(scope_params)
    if not include_retired:
        where.append("s.status = 'aktiv'")
    if search:
        where.append(
            "(s.name ILIKE ? ESCAPE '\\' OR s.description ILIKE ? ESCAPE '\\' "
            "OR s.owner ILIKE ? ESCAPE '\\' OR s.supplier ILIKE ? ESCAPE '\\')"
        )
        like = "%" + search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        params += [like] * 4
    if departments:
        where.append("list_contains(?, s.department)")
        params.append(list(departments))
    if classifications:
        where.append("list_contains(?, s.classification)")
        params.append(list(classifications))
    sql_where = " AND ".join(where)
    total = cur.execute(f"SELECT count(*) FROM systems s WHERE {sql_where}", params).fetchone()[0]
    cur.execute(
        f"""
        SELECT s.id, s.name, s.department, s.owner, s.supplier, s.classification,
               s.data_categories, s.criticality, s.status, s.version,
               a.id AS assessment_id, a.status AS assessment_status,
               (SELECT count(*) FROM risk_lines rl WHERE rl.assessment_id = a.id AND NOT rl.removed) AS lines
        FROM systems s
        LEFT JOIN assessments a ON a.system_id = s.id AND a.is_current
        WHERE {sql_where}
        ORDER BY s.name, s.id
        LIMIT ? OFFSET ?
        """,
        [*params, limit, offset],
    )
    return total, rows_as_frame(cur)
