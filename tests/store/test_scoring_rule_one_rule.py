"""The scoring rule (consequence = highest of F/I/T, an imported overall consequence only while none of them is
scored; residual falls back to inherent until both residual scores are set) is written three times: in Python
(riskmodel.domain.model.RiskLine), in the ``current_lines`` view (migration 010) and in the SQL expressions of
riskmodel.store.queries.lines. This test holds the three to one answer over every combination that matters."""

import itertools
import shutil

from riskmodel.domain.model import RiskLine
from riskmodel.services import open_workbench
from riskmodel.store.queries import lines as line_sql
from riskmodel.store.uow import build

SCORES = (None, 1, 3)


def test_the_view_the_sql_expressions_and_the_domain_agree(_demo_template, tmp_path):
    path = tmp_path / "risk.duckdb"
    shutil.copy(_demo_template, path)
    wb = open_workbench(path)
    try:
        with wb.db.read() as cur:
            ids = [r[0] for r in cur.execute("SELECT line_id FROM current_lines ORDER BY line_id").fetchall()]
        combos = list(itertools.product(SCORES, SCORES, (None, 2), (None, 4), (None, 2), (None, 1)))
        assert len(ids) >= len(combos), "the demo has enough current lines to hold every combination"
        with wb.db.transaction() as cur:
            for line_id, (c, i, a, overall, res_l, res_c) in zip(ids, combos, strict=False):
                cur.execute("UPDATE risk_lines SET likelihood = 2, cons_c = ?, cons_i = ?, cons_a = ?, "
                            "consequence_overall = ?, residual_likelihood = ?, residual_consequence = ? WHERE id = ?",
                            [c, i, a, overall, res_l, res_c, line_id])
        with wb.db.read() as cur:
            view = {r[0]: r[1:] for r in cur.execute(
                "SELECT line_id, consequence, res_likelihood, res_consequence FROM current_lines").fetchall()}
            sql = {r[0]: r[1:] for r in cur.execute(
                f"SELECT id, {line_sql.CONSEQUENCE}, {line_sql.RES_LIKELIHOOD}, {line_sql.RES_CONSEQUENCE} "
                "FROM risk_lines WHERE list_contains(?, id)", [ids[:len(combos)]]).fetchall()}
            cur.execute("SELECT * FROM risk_lines WHERE list_contains(?, id)", [ids[:len(combos)]])
            cols = [d[0] for d in cur.description]
            domain = {}
            for row in cur.fetchall():
                line = build(RiskLine, dict(zip(cols, row, strict=True)))
                domain[line.id] = (line.consequence, *line.residual)
        for line_id in ids[:len(combos)]:
            assert view[line_id] == sql[line_id] == domain[line_id], line_id
    finally:
        wb.db.close()
