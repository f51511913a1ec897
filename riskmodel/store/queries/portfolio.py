"""The portfolio's read models: every risk line of every current assessment (``current_lines``), counted per
matrix cell, listed per cell, summed up for the overview, and listed whole for the register and the export."""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb
import pandas as pd

from riskmodel.domain.dates import fmt_date, fmt_datetime
from riskmodel.i18n import value_label
from riskmodel.store.uow import rows_as_frame

# The columns a read scope (services.common.read_scope) filters on, per source.
LINE_SCOPE = ("cl.department", "cl.system_owner")  # current_lines cl
SYSTEM_SCOPE = ("s.department", "s.owner")  # systems s
DS_LINE_SCOPE = ("cl.department", "cl.responsible")  # current_ds_lines cl


@dataclass(frozen=True)
class LineQuery:
    """Which current lines to count or list: the reader's scope, the page's filter, inherent or residual."""

    scope: str = "TRUE"
    scope_params: list = field(default_factory=list)
    departments: tuple[str, ...] = ()
    classifications: tuple[str, ...] = ()
    level_indexes: tuple[int, ...] = ()  # levels of the preset, by index
    residual: bool = False

    @property
    def columns(self) -> tuple[str, str]:
        return ("res_likelihood", "res_consequence") if self.residual else ("likelihood", "consequence")

    def where(self) -> tuple[str, list]:
        lik, con = self.columns
        where = [self.scope, f"cl.{lik} IS NOT NULL", f"cl.{con} IS NOT NULL"]
        params = list(self.scope_params)
        if self.departments:
            where.append("list_contains(?, cl.department)")
            params.append(list(self.departments))
        if self.classifications:
            where.append("list_contains(?, cl.classification)")
            params.append(list(self.classifications))
        if self.level_indexes:
            where.append("list_contains(?, mc.level)")
            params.append(list(self.level_indexes))
        return " AND ".join(where), params


def _from(lik: str, con: str) -> str:
    """current_lines with each line's matrix cell in the preset given as the first parameter."""
    return (
        "FROM current_lines cl JOIN matrix_cells mc ON mc.preset_id = ? "
        f"AND mc.likelihood = cl.{lik} AND mc.consequence = cl.{con}"
    )


def heatmap(cur: duckdb.DuckDBPyConnection, preset_id: str, q: LineQuery) -> dict[tuple[int, int], int]:
    """Number of lines per (likelihood, consequence) cell."""
    lik, con = q.columns
    where, params = q.where()
    rows = cur.execute(f"SELECT cl.{lik}, cl.{con}, count(*) {_from(lik, con)} WHERE {where} GROUP BY 1, 2",
                       [preset_id, *params]).fetchall()
    return {(a, b): n for a, b, n in rows}


def cell_lines(cur: duckdb.DuckDBPyConnection, preset_id: str, q: LineQuery, likelihood: int, consequence: int,
               limit: int, offset: int) -> tuple[pd.DataFrame, int]:
    """The lines in one cell, ``limit`` from ``offset``: (rows, total)."""
    lik, con = q.columns
    where, params = q.where()
    where += f" AND cl.{lik} = ? AND cl.{con} = ?"
    params += [likelihood, consequence]
    total = cur.execute(f"SELECT count(*) {_from(lik, con)} WHERE {where}", [preset_id, *params]).fetchone()[0]
    cur.execute(
        f"SELECT cl.line_id, cl.assessment_id, cl.system_id, cl.system_name, cl.department, "
        f"cl.threat_code, cl.threat_title, cl.likelihood, cl.consequence, cl.res_likelihood, cl.res_consequence, "
        f"cl.treatment, cl.risk_owner {_from(lik, con)} WHERE {where} "
        "ORDER BY cl.system_name, cl.position LIMIT ? OFFSET ?",
        [preset_id, *params, limit, offset],
    )
    return rows_as_frame(cur), total


def summary(cur: duckdb.DuckDBPyConnection, preset_id: str, action_levels: list[int],
            systems_scope: tuple[str, list], lines_scope: tuple[str, list]) -> dict[str, int]:
    """Key figures for the overview; ``action_levels`` are the indexes of the levels that require action."""
    s_scope, s_params = systems_scope
    c_scope, c_params = lines_scope
    systems, retired = cur.execute(
        "SELECT count(*) FILTER (WHERE status = 'aktiv'), count(*) FILTER (WHERE status <> 'aktiv') "
        f"FROM systems s WHERE {s_scope}", s_params
    ).fetchone()
    assessed = cur.execute(
        "SELECT count(DISTINCT a.system_id) FROM assessments a JOIN systems s ON s.id = a.system_id "
        f"WHERE a.is_current AND s.status = 'aktiv' AND {s_scope}", s_params
    ).fetchone()[0]
    lines, scored = cur.execute(
        "SELECT count(*), count(*) FILTER (WHERE likelihood IS NOT NULL AND consequence IS NOT NULL) "
        f"FROM current_lines cl WHERE {c_scope}", c_params
    ).fetchone()
    high = {}
    for kind, (lik, con) in (("inherent", ("likelihood", "consequence")),
                             ("residual", ("res_likelihood", "res_consequence"))):
        high[kind] = cur.execute(
            f"SELECT count(*) {_from(lik, con)} WHERE list_contains(?, mc.level) AND {c_scope}",
            [preset_id, action_levels, *c_params],
        ).fetchone()[0]
    return {
        "systems": systems,
        "retired": retired,
        "assessed": assessed,
        "lines": lines,
        "scored": scored,
        "action_inherent": high["inherent"],
        "action_residual": high["residual"],
    }


def ds_heatmap(cur: duckdb.DuckDBPyConnection, scope: tuple[str, list], residual: bool,
               departments: tuple[str, ...]) -> dict[tuple[int, int], int]:
    """Lines to the data subjects per (likelihood, severity) cell, over every current activity assessment."""
    lik, con = ("res_likelihood", "res_consequence") if residual else ("likelihood", "consequence")
    where = [scope[0], f"cl.{lik} IS NOT NULL", f"cl.{con} IS NOT NULL"]
    args = list(scope[1])
    if departments:
        where.append("list_contains(?, cl.department)")
        args.append(list(departments))
    rows = cur.execute(f"SELECT cl.{lik}, cl.{con}, count(*) FROM current_ds_lines cl "
                       f"WHERE {' AND '.join(where)} GROUP BY 1, 2", args).fetchall()
    return {(a, b): n for a, b, n in rows}


def system_levels(cur: duckdb.DuckDBPyConnection, preset_id: str, ds_preset_id: str,
                  scope: tuple[str, list]) -> pd.DataFrame:
    """Per active system: the worst level index of its own lines (``org_*``, municipality matrix) and of the
    data-subject lines of the activities it supports (``ds_*``), inherent and residual."""
    cur.execute(
        f"""
        WITH org AS (
            SELECT cl.system_id, max(mi.level) AS org_inherent, max(mr.level) AS org_residual
            FROM current_lines cl
            LEFT JOIN matrix_cells mi ON mi.preset_id = ? AND mi.likelihood = cl.likelihood
                 AND mi.consequence = cl.consequence
            LEFT JOIN matrix_cells mr ON mr.preset_id = ? AND mr.likelihood = cl.res_likelihood
                 AND mr.consequence = cl.res_consequence
            GROUP BY 1
        ), ds AS (
            SELECT x.system_id, max(mi.level) AS ds_inherent, max(mr.level) AS ds_residual
            FROM current_ds_lines dl JOIN activity_systems x ON x.activity_id = dl.activity_id
            LEFT JOIN matrix_cells mi ON mi.preset_id = ? AND mi.likelihood = dl.likelihood
                 AND mi.consequence = dl.consequence
            LEFT JOIN matrix_cells mr ON mr.preset_id = ? AND mr.likelihood = dl.res_likelihood
                 AND mr.consequence = dl.res_consequence
            GROUP BY 1
        )
        SELECT s.id AS system_id, s.name, s.department, s.classification,
               org.org_inherent, org.org_residual, ds.ds_inherent, ds.ds_residual
        FROM systems s LEFT JOIN org ON org.system_id = s.id LEFT JOIN ds ON ds.system_id = s.id
        WHERE s.status = 'aktiv' AND {scope[0]}
        ORDER BY s.name, s.id
        """,
        [preset_id, preset_id, ds_preset_id, ds_preset_id, *scope[1]],
    )
    return rows_as_frame(cur)


def active_activities(cur: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every active processing activity with its systems' names and its current data-subject assessment's status."""
    cur.execute(
        """
        SELECT a.id, a.name, a.department, a.responsible, a.purpose, a.legal_bases, a.data_categories,
               a.subject_categories, a.subjects_band, a.dpia_done, a.dpia_date, a.dpia_ref,
               coalesce((SELECT list(s.name ORDER BY s.name) FROM activity_systems x
                         JOIN systems s ON s.id = x.system_id WHERE x.activity_id = a.id), []) AS systems,
               (SELECT status FROM assessments WHERE activity_id = a.id AND is_current) AS ds_status
        FROM activities a WHERE a.status = 'aktiv' ORDER BY a.name, a.id
        """
    )
    return rows_as_frame(cur)


def screening_answers(cur: duckdb.DuckDBPyConnection) -> dict[int, dict[str, tuple]]:
    """Per activity: criterion -> (answer, note)."""
    answers: dict[int, dict] = {}
    for aid, criterion, answer, note in cur.execute(
            "SELECT activity_id, criterion, answer, note FROM screening_answers").fetchall():
        answers.setdefault(aid, {})[criterion] = (answer, note)
    return answers


def ds_line_scores(cur: duckdb.DuckDBPyConnection) -> list[tuple]:
    """(activity id, likelihood, consequence, residual likelihood, residual consequence) of every current
    data-subject line."""
    return cur.execute(
        "SELECT activity_id, likelihood, consequence, res_likelihood, res_consequence FROM current_ds_lines"
    ).fetchall()


def activity_ids_of_system(cur: duckdb.DuckDBPyConnection, system_id: int) -> set[int]:
    return {r[0] for r in cur.execute("SELECT activity_id FROM activity_systems WHERE system_id = ?",
                                      [system_id]).fetchall()}


def register(cur: duckdb.DuckDBPyConnection, system_id: int | None = None) -> pd.DataFrame:
    """Every current line with its system (or the lines of one system), with the assessment's participants
    and approval as text."""
    where, params = ("cl.system_id = ?", [system_id]) if system_id is not None else ("TRUE", [])
    cur.execute(
        f"""
        SELECT cl.line_id, cl.system_id, cl.system_name, cl.department, cl.system_owner, cl.classification,
               cl.threat_code, cl.threat_title, cl.category, cl.scenario, cl.existing_measures,
               cl.cons_c, cl.cons_i, cl.cons_a, cl.likelihood, cl.consequence,
               cl.treatment, cl.planned_measures, cl.measure_owner, cl.measure_deadline,
               cl.res_likelihood, cl.res_consequence, cl.residual_likelihood, cl.residual_consequence,
               cl.risk_owner, cl.score_rationale,
               cl.accepted_by, cl.accepted_on, cl.acceptance_ref, cl.acceptance_expires,
               cl.assessment_status, cl.assessment_year, cl.assessment_id, rl.version AS line_version,
               cl.consequence_source
        FROM current_lines cl JOIN risk_lines rl ON rl.id = cl.line_id
        WHERE {where}
        ORDER BY cl.system_name, cl.system_id, cl.position, cl.line_id
        """,
        params,
    )
    df = cur.fetch_df()
    people = participants_text(cur)
    approvals = approval_text(cur)
    df["participants"] = [people.get(a, "") for a in df["assessment_id"]]
    df["approval"] = [approvals.get(a, "") for a in df["assessment_id"]]
    return df


def participants_text(cur: duckdb.DuckDBPyConnection) -> dict[int, str]:
    """Per current assessment: its participants on record, 'Name (role, dd-mm-yyyy); ...'."""
    cur.execute(
        "SELECT p.assessment_id, p.name, p.role_title, p.attended_on FROM participants p "
        "JOIN assessments a ON a.id = p.assessment_id AND a.is_current "
        "WHERE NOT p.removed AND p.admitted ORDER BY p.assessment_id, p.attended_on, p.id"
    )
    out: dict[int, list[str]] = {}
    for aid, name, role, on in cur.fetchall():
        out.setdefault(aid, []).append(f"{name} ({value_label('participant_role', role)}, {fmt_date(on)})")
    return {aid: "; ".join(names) for aid, names in out.items()}


def approval_text(cur: duckdb.DuckDBPyConnection) -> dict[int, str]:
    """Per current assessment: its latest approval, and whether a later change made it outdated."""
    cur.execute(
        "SELECT ap.assessment_id, ap.approver_name, ap.on_behalf_of, ap.approved_at, ap.outdated_at FROM approvals ap "
        "JOIN assessments a ON a.id = ap.assessment_id AND a.is_current "
        "QUALIFY row_number() OVER (PARTITION BY ap.assessment_id ORDER BY ap.id DESC) = 1"
    )
    out = {}
    for aid, name, behalf, at, outdated in cur.fetchall():
        who = f"{behalf} (registreret af {name})" if behalf else name
        text = f"Godkendt af {who} {fmt_datetime(at)}"
        out[aid] = f"Forældet: {text}; ændret {fmt_datetime(outdated)}" if outdated else text
    return out
