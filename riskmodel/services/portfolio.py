"""Portfolio: every risk line of every current assessment, aggregated in DuckDB."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from riskmodel.domain.errors import ValidationError
from riskmodel.domain.model import Actor
from riskmodel.domain.scales import ScaleError
from riskmodel.services.common import audit_denials, read_scope, require, scope_key
from riskmodel.services.settings import SettingsService
from riskmodel.store.db import Database
from riskmodel.store.queries import portfolio as q
from riskmodel.store.uow import Systems


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

    def _query(self, actor: Actor, flt: PortfolioFilter) -> q.LineQuery:
        """The lines ``actor`` may read that ``flt`` selects (a level key of another preset is refused)."""
        scope, params = read_scope(actor, *q.LINE_SCOPE)
        idx: tuple[int, ...] = ()
        if flt.levels:
            preset = self.settings.preset()
            try:
                idx = tuple(preset.level_by_key(k).index for k in flt.levels)
            except ScaleError as err:  # e.g. a level of the previous preset, still in a saved filter
                raise ValidationError(err.key or str(err), "levels", **err.params) from None
        return q.LineQuery(scope, params, tuple(flt.departments), tuple(flt.classifications), idx, flt.residual)

    def heatmap(self, actor: Actor, flt: PortfolioFilter) -> dict[tuple[int, int], int]:
        """Number of risk lines per (likelihood, consequence) cell."""
        def load():
            query = self._query(actor, flt)
            with self.db.read() as cur:
                return q.heatmap(cur, self.settings.preset().id, query)

        return self.db.cached(("heatmap", flt, self.settings.preset().id, scope_key(actor)), load)

    def cell_lines(
        self, actor: Actor, flt: PortfolioFilter, likelihood: int, consequence: int, page: int = 1, page_size: int = 50
    ) -> tuple[pd.DataFrame, int]:
        """The risk lines in one cell, paged: (rows, total)."""
        query = self._query(actor, flt)
        with self.db.read() as cur:
            return q.cell_lines(cur, self.settings.preset().id, query, likelihood, consequence,
                                page_size, (max(1, page) - 1) * page_size)

    def summary(self, actor: Actor) -> dict[str, int]:
        """Key figures for the overview."""
        systems_scope = read_scope(actor, *q.SYSTEM_SCOPE)
        lines_scope = read_scope(actor, *q.LINE_SCOPE)

        def load():
            preset = self.settings.preset()
            action_levels = [lv.index for lv in preset.levels if lv.requires_action]
            with self.db.read() as cur:
                return q.summary(cur, preset.id, action_levels, systems_scope, lines_scope)

        return self.db.cached(("summary", self.settings.preset().id, scope_key(actor)), load)

    # -- the data-subject lens ----------------------------------------------------------
    def ds_heatmap(self, actor: Actor, residual: bool = False, departments: tuple[str, ...] = ()) -> dict:
        """Risk lines to the data subjects per (likelihood, severity) cell, over every current activity assessment."""
        scope = read_scope(actor, *q.DS_LINE_SCOPE)

        def load():
            with self.db.read() as cur:
                return q.ds_heatmap(cur, scope, residual, departments)

        return self.db.cached(("ds_heatmap", residual, departments, scope_key(actor)), load)

    def system_lenses(self, actor: Actor) -> pd.DataFrame:
        """Per system: the worst level of its own risk lines (organisation, municipality matrix) and of the
        data-subject lines of the processing activities it supports (data-subject matrix), inherent and
        residual, and the worse of the two lenses. Levels are given as 0-based indexes and keys."""
        from riskmodel.domain.dpia import ds_preset

        preset, ds = self.settings.preset(), ds_preset()
        scope = read_scope(actor, *q.SYSTEM_SCOPE)

        def load():
            with self.db.read() as cur:
                df = q.system_levels(cur, preset.id, ds.id, scope)
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

    def _require_register(self, actor: Actor, system_id: int | None) -> None:
        """The whole register is the export's; one system's lines are for whoever may read that system."""
        if system_id is None:
            require(actor, "export")
            return
        with self.db.read() as cur:
            s = Systems(cur).get(system_id)
        require(actor, "read", s.department, s.owner)

    def activities_register(self, actor: Actor, system_id: int | None = None) -> pd.DataFrame:
        """Every active processing activity with its screening, conclusion, DPIA record and the levels
        of its current data-subject assessment (for the committee's workbook); with ``system_id``, the
        activities that system supports (for its report)."""
        from riskmodel.domain import dpia

        self._require_register(actor, system_id)
        ds = dpia.ds_preset()
        with self.db.read() as cur:
            df = q.active_activities(cur)
            answers = q.screening_answers(cur)
            levels: dict[int, dict] = {}
            for aid, lik, con, rl, rc in q.ds_line_scores(cur):
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
                ids = q.activity_ids_of_system(cur, system_id)
            df = df[df["id"].isin(ids)].reset_index(drop=True)
        return df

    def register(self, actor: Actor, system_id: int | None = None) -> pd.DataFrame:
        """Every current risk line with its system, for the register and the export; with ``system_id``, the
        lines of that one system (for its report: whoever may read the system may have it)."""
        self._require_register(actor, system_id)
        with self.db.read() as cur:
            return q.register(cur, system_id)


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
