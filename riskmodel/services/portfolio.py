"""Portfolio: every risk line of every current assessment, aggregated in DuckDB."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from riskmodel.domain.dates import fmt_date, fmt_datetime
from riskmodel.domain.errors import ValidationError
from riskmodel.domain.model import Actor
from riskmodel.domain.scales import ScaleError
from riskmodel.i18n import value_label
from riskmodel.services.common import audit_denials, read_scope, require, scope_key
from riskmodel.services.settings import SettingsService
from riskmodel.store.db import Database
from riskmodel.store.uow import Systems, rows_as_frame


@dataclass(frozen=True)
class PortfolioFilter:
    departments: tuple[str, ...] = ()
    classifications: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()  # level keys of the current preset
    residual: bool = False


@audit_denials
class PortfolioService:
    def __init__(self, db: Database, settings: SettingsService):
        self.db = db
        self.settings = settings

    def _where(self, actor: Actor, flt: PortfolioFilter) -> tuple[str, list, str, str]:
        lik, con = ("res_likelihood", "res_consequence") if flt.residual else ("likelihood", "consequence")
        preset = self.settings.preset()
        scope, params = read_scope(actor, "cl.department", "cl.system_owner")
        where = [scope, f"cl.{lik} IS NOT NULL", f"cl.{con} IS NOT NULL"]
        if flt.departments:
            where.append("list_contains(?, cl.department)")
            params.append(list(flt.departments))
        if flt.classifications:
            where.append("list_contains(?, cl.classification)")
            params.append(list(flt.classifications))
        if flt.levels:
            try:
                idx = [preset.level_by_key(k).index for k in flt.levels]
            except ScaleError as err:  # e.g. a level of the previous preset, still in a saved filter
                raise ValidationError(str(err), "levels") from None
            where.append("list_contains(?, mc.level)")
            params.append(idx)
        return " AND ".join(where), params, lik, con

    def _from(self, lik: str, con: str) -> str:
        return (
            "FROM current_lines cl JOIN matrix_cells mc ON mc.preset_id = ? "
            f"AND mc.likelihood = cl.{lik} AND mc.consequence = cl.{con}"
        )

    def heatmap(self, actor: Actor, flt: PortfolioFilter) -> dict[tuple[int, int], int]:
        """Number of risk lines per (likelihood, consequence) cell."""
        def load():
            where, params, lik, con = self._where(actor, flt)
            sql = f"SELECT cl.{lik}, cl.{con}, count(*) {self._from(lik, con)} WHERE {where} GROUP BY 1, 2"
            with self.db.read() as cur:
                rows = cur.execute(sql, [self.settings.preset().id, *params]).fetchall()
            return {(a, b): n for a, b, n in rows}

        return self.db.cached(("heatmap", flt, self.settings.preset().id, scope_key(actor)), load)

    def cell_lines(
        self, actor: Actor, flt: PortfolioFilter, likelihood: int, consequence: int, page: int = 1, page_size: int = 50
    ) -> tuple[pd.DataFrame, int]:
        """The risk lines in one cell, paged: (rows, total)."""
        where, params, lik, con = self._where(actor, flt)
        where += f" AND cl.{lik} = ? AND cl.{con} = ?"
        params += [likelihood, consequence]
        with self.db.read() as cur:
            total = cur.execute(
                f"SELECT count(*) {self._from(lik, con)} WHERE {where}", [self.settings.preset().id, *params]
            ).fetchone()[0]
            cur.execute(
                f"SELECT cl.line_id, cl.assessment_id, cl.system_id, cl.system_name, cl.department, "
                f"cl.threat_title, cl.likelihood, cl.consequence, cl.res_likelihood, cl.res_consequence, "
                f"cl.treatment, cl.risk_owner {self._from(lik, con)} WHERE {where} "
                "ORDER BY cl.system_name, cl.position LIMIT ? OFFSET ?",
                [self.settings.preset().id, *params, page_size, (max(1, page) - 1) * page_size],
            )
            return rows_as_frame(cur), total

    def summary(self, actor: Actor) -> dict[str, int]:
        """Key figures for the overview."""
        s_scope, s_params = read_scope(actor, "s.department", "s.owner")
        c_scope, c_params = read_scope(actor, "cl.department", "cl.system_owner")

        def load():
            preset = self.settings.preset()
            action_levels = [lv.index for lv in preset.levels if lv.requires_action]
            with self.db.read() as cur:
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
                high_inherent = cur.execute(
                    f"SELECT count(*) {self._from('likelihood', 'consequence')} WHERE list_contains(?, mc.level) "
                    f"AND {c_scope}",
                    [preset.id, action_levels, *c_params],
                ).fetchone()[0]
                high_residual = cur.execute(
                    f"SELECT count(*) {self._from('res_likelihood', 'res_consequence')} WHERE list_contains(?, mc.level) "
                    f"AND {c_scope}",
                    [preset.id, action_levels, *c_params],
                ).fetchone()[0]
            return {
                "systems": systems,
                "retired": retired,
                "assessed": assessed,
                "lines": lines,
                "scored": scored,
                "action_inherent": high_inherent,
                "action_residual": high_residual,
            }

        return self.db.cached(("summary", self.settings.preset().id, scope_key(actor)), load)

    # -- the data-subject lens ----------------------------------------------------------
    def ds_heatmap(self, actor: Actor, residual: bool = False, departments: tuple[str, ...] = ()) -> dict:
        """Risk lines to the data subjects per (likelihood, severity) cell, over every current activity assessment."""
        lik, con = ("res_likelihood", "res_consequence") if residual else ("likelihood", "consequence")
        scope, params = read_scope(actor, "cl.department", "cl.responsible")

        def load():
            where = [scope, f"cl.{lik} IS NOT NULL", f"cl.{con} IS NOT NULL"]
            args = list(params)
            if departments:
                where.append("list_contains(?, cl.department)")
                args.append(list(departments))
            with self.db.read() as cur:
                rows = cur.execute(f"SELECT cl.{lik}, cl.{con}, count(*) FROM current_ds_lines cl "
                                   f"WHERE {' AND '.join(where)} GROUP BY 1, 2", args).fetchall()
            return {(a, b): n for a, b, n in rows}

        return self.db.cached(("ds_heatmap", residual, departments, scope_key(actor)), load)

    def system_lenses(self, actor: Actor) -> pd.DataFrame:
        """Per system: the worst level of its own risk lines (organisation, municipality matrix) and of the
        data-subject lines of the processing activities it supports (data-subject matrix), inherent and
        residual, and the worse of the two lenses. Levels are given as 0-based indexes and keys."""
        from riskmodel.domain.dpia import ds_preset

        preset, ds = self.settings.preset(), ds_preset()
        scope, params = read_scope(actor, "s.department", "s.owner")

        def load():
            with self.db.read() as cur:
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
                    WHERE s.status = 'aktiv' AND {scope}
                    ORDER BY s.name, s.id
                    """,
                    [preset.id, preset.id, ds.id, ds.id, *params],
                )
                df = rows_as_frame(cur)
            levels = {}
            for lens, p in (("org", preset), ("ds", ds)):
                for kind in ("inherent", "residual"):
                    col = f"{lens}_{kind}"
                    levels[col] = [None if pd.isna(v) else int(v) for v in df[col]]
                    df[col] = pd.array(levels[col], dtype="Int64")
                    df[f"{col}_key"] = pd.Series([None if v is None else p.levels[v].key for v in levels[col]],
                                                 dtype=object, index=df.index)
            df["worse"] = pd.Series([_worse(o, preset, d, ds) for o, d in
                                     zip(levels["org_residual"], levels["ds_residual"], strict=True)],
                                    dtype=object, index=df.index)
            return df

        return self.db.cached(("system_lenses", preset.id, scope_key(actor)), load)

    def activities_register(self, actor: Actor, system_id: int | None = None) -> pd.DataFrame:
        """Every active processing activity with its screening, conclusion, DPIA record and the levels
        of its current data-subject assessment (for the committee's workbook); with ``system_id``, the
        activities that system supports (for its report)."""
        from riskmodel.domain import dpia

        if system_id is None:
            require(actor, "export")
        else:
            with self.db.read() as cur:
                s = Systems(cur).get(system_id)
            require(actor, "read", s.department, s.owner)
        ds = dpia.ds_preset()
        with self.db.read() as cur:
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
            df = rows_as_frame(cur)
            answers: dict[int, dict] = {}
            for aid, criterion, answer, note in cur.execute(
                    "SELECT activity_id, criterion, answer, note FROM screening_answers").fetchall():
                answers.setdefault(aid, {})[criterion] = (answer, note)
            levels: dict[int, dict] = {}
            for aid, lik, con, rl, rc in cur.execute(
                    "SELECT activity_id, likelihood, consequence, res_likelihood, res_consequence FROM current_ds_lines"
            ).fetchall():
                entry = levels.setdefault(aid, {"lines": 0, "inherent": None, "residual": None,
                                                "counts": dict.fromkeys((lv.key for lv in ds.levels), 0)})
                entry["lines"] += 1
                for kind, (a, b) in (("inherent", (lik, con)), ("residual", (rl, rc))):
                    lvl = ds.level_or_none(a, b)
                    if lvl is not None:
                        if entry[kind] is None or lvl.index > entry[kind]:
                            entry[kind] = lvl.index
                        if kind == "residual":
                            entry["counts"][lvl.key] += 1
        df["answers"] = [answers.get(i, {}) for i in df["id"]]
        results = [dpia.screen({k: v[0] for k, v in a.items()}) for a in df["answers"]]
        df["conclusion"] = [r.conclusion for r in results]
        df["reasons"] = ["; ".join(r.reasons("da")) for r in results]
        df["dpia_missing"] = [r.required and not done for r, done in zip(results, df["dpia_done"], strict=True)]
        df["ds"] = [levels.get(i, {"lines": 0, "inherent": None, "residual": None, "counts": {}}) for i in df["id"]]
        if system_id is not None:
            with self.db.read() as cur:
                ids = {r[0] for r in cur.execute("SELECT activity_id FROM activity_systems WHERE system_id = ?",
                                                 [system_id]).fetchall()}
            df = df[df["id"].isin(ids)].reset_index(drop=True)
        return df

    def register(self, actor: Actor, system_id: int | None = None) -> pd.DataFrame:
        """Every current risk line with its system, for the register and the export; with ``system_id``, the
        lines of that one system (for its report: whoever may read the system may have it)."""
        where, params = "TRUE", []
        if system_id is None:
            require(actor, "export")
        else:
            with self.db.read() as cur:
                s = Systems(cur).get(system_id)
            require(actor, "read", s.department, s.owner)
            where, params = "cl.system_id = ?", [system_id]
        with self.db.read() as cur:
            cur.execute(
                f"""
                SELECT cl.line_id, cl.system_id, cl.system_name, cl.department, cl.system_owner, cl.classification,
                       cl.threat_code, cl.threat_title, cl.category, cl.scenario, cl.existing_measures,
                       cl.cons_c, cl.cons_i, cl.cons_a, cl.likelihood, cl.consequence,
                       cl.treatment, cl.planned_measures, cl.measure_owner, cl.measure_deadline,
                       cl.res_likelihood, cl.res_consequence, cl.residual_likelihood, cl.residual_consequence,
                       cl.risk_owner, cl.score_rationale,
                       cl.accepted_by, cl.accepted_on, cl.acceptance_ref, cl.acceptance_expires,
                       cl.assessment_status, cl.assessment_year, cl.assessment_id, rl.version AS line_version
                FROM current_lines cl JOIN risk_lines rl ON rl.id = cl.line_id
                WHERE {where}
                ORDER BY cl.system_name, cl.system_id, cl.position, cl.line_id
                """,
                params,
            )
            df = cur.fetch_df()
            people = _participants_text(cur)
            approvals = _approval_text(cur)
        df["participants"] = [people.get(a, "") for a in df["assessment_id"]]
        df["approval"] = [approvals.get(a, "") for a in df["assessment_id"]]
        return df


def _participants_text(cur) -> dict[int, str]:
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


def _approval_text(cur) -> dict[int, str]:
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


def _worse(org: int | None, preset, ds_level: int | None, ds) -> str | None:
    """Which lens is worse for a system: 'org', 'ds', 'lige' (equally severe), or None (nothing scored).
    Levels of two matrices are compared by their share of the way to the top level."""
    if org is None and ds_level is None:
        return None
    if ds_level is None:
        return "org"
    if org is None:
        return "ds"
    a = org / max(1, len(preset.levels) - 1)
    b = ds_level / max(1, len(ds.levels) - 1)
    return "org" if a > b else "ds" if b > a else "lige"
