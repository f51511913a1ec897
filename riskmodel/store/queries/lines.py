"""The scoring rule in SQL, in one place: a line's consequence is the highest of its confidentiality, integrity
and availability scores (an imported overall consequence while none of them is scored, migration 010), and its
residual falls back to the inherent scores until both residual scores are set.

It is the same rule as :class:`riskmodel.domain.model.RiskLine` (``consequence``, ``residual``) and as the
``current_lines`` view (migration 010); queries over ``risk_lines`` use these
expressions rather than spelling the rule again.
"""

from __future__ import annotations

import duckdb

CONSEQUENCE = "coalesce(greatest(cons_c, cons_i, cons_a), consequence_overall)"
_RESIDUAL_SET = "residual_likelihood IS NOT NULL AND residual_consequence IS NOT NULL"
RES_LIKELIHOOD = f"CASE WHEN {_RESIDUAL_SET} THEN residual_likelihood ELSE likelihood END"
RES_CONSEQUENCE = f"CASE WHEN {_RESIDUAL_SET} THEN residual_consequence ELSE {CONSEQUENCE} END"


def matrix_counts(cur: duckdb.DuckDBPyConnection, assessment_id: int) -> dict[str, dict[tuple[int, int], int]]:
    """Counts of an assessment's live lines per (likelihood, consequence) cell, inherent and residual. From
    risk_lines, not current_lines: that view holds only the current assessment of an active system, so an
    earlier assessment would lose its figures."""
    out = {}
    for kind, (lik, con) in (("inherent", ("likelihood", CONSEQUENCE)), ("residual", (RES_LIKELIHOOD, RES_CONSEQUENCE))):
        rows = cur.execute(
            f"SELECT l, c, count(*) FROM (SELECT {lik} AS l, {con} AS c FROM risk_lines "
            "WHERE assessment_id = ? AND NOT removed) WHERE l IS NOT NULL AND c IS NOT NULL GROUP BY 1, 2",
            [assessment_id],
        ).fetchall()
        out[kind] = {(a, b): n for a, b, n in rows}
    return out
