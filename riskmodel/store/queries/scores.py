"""Read models of how the risk lines are scored, for the settings page: what a switch of matrix would touch."""

from __future__ import annotations

import duckdb


def scored_sizes(cur: duckdb.DuckDBPyConnection) -> dict[int, int]:
    """Scale size -> number of risk lines with any score in live assessments of that size."""
    rows = cur.execute(
        "SELECT a.scale_size, count(*) FROM risk_lines rl JOIN assessments a ON a.id = rl.assessment_id "
        "WHERE NOT rl.removed AND a.is_current AND coalesce(rl.likelihood, rl.cons_c, rl.cons_i, rl.cons_a, "
        "rl.residual_likelihood, rl.residual_consequence) IS NOT NULL GROUP BY 1"
    ).fetchall()
    return {size: n for size, n in rows}


def current_cells(cur: duckdb.DuckDBPyConnection) -> list[tuple]:
    """(likelihood, consequence, residual likelihood, residual consequence, lines) of the current lines scored
    inherent or residual, one row per combination."""
    return cur.execute(
        "SELECT likelihood, consequence, res_likelihood, res_consequence, count(*) FROM current_lines "
        "WHERE (likelihood IS NOT NULL AND consequence IS NOT NULL) "
        "OR (res_likelihood IS NOT NULL AND res_consequence IS NOT NULL) GROUP BY ALL"
    ).fetchall()
