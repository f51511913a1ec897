"""Year baselines: the coordinator freezes the state of a year; later edits never change it.

A baseline copies, at the moment of freezing, every live risk line of both lenses with its
scores and levels, and every active system with its review state, into tables that the
services only ever insert into (one baseline per year). Comparisons (riskmodel.domain.baseline)
run between any two baselines, or a baseline and today, which is computed the same way.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from riskmodel.domain.baseline import LineChange, LineState, compare, level_counts
from riskmodel.domain.dates import dk_today
from riskmodel.domain.dpia import ds_preset
from riskmodel.domain.errors import NotFoundError, ValidationError
from riskmodel.domain.model import Actor
from riskmodel.services.common import audit_denials, read_scope, require, scope_key, text
from riskmodel.services.review import ReviewService, cached_lines, level_index, live_lines
from riskmodel.services.settings import SettingsService
from riskmodel.store import baselines as baseline_store
from riskmodel.store.db import Database
from riskmodel.store.uow import unit_of_work

TODAY = None  # the id that stands for "today" (the live state) in comparisons
_LINE_COLS = ("lens", "entity_id", "entity_name", "department", "threat_code", "threat_title", "likelihood",
              "consequence", "res_likelihood", "res_consequence", "level", "res_level")


@audit_denials
class BaselineService:
    def __init__(self, db: Database, settings: SettingsService, review: ReviewService):
        self.db = db
        self.settings = settings
        self._review = review  # the workbench's own (riskmodel/services/__init__.py)

    # -- the live state, as a baseline would hold it -----------------------------------------
    def _live_rows(self, cur, actor: Actor, lines=None) -> list[dict]:
        presets = {"org": self.settings.preset(), "ds": ds_preset()}
        rows = []
        for ln, meta in live_lines(cur, actor) if lines is None else lines:
            p = presets[meta["lens"]]
            res = ln.residual
            rows.append({
                "lens": meta["lens"], "entity_id": meta["entity_id"], "entity_name": meta["entity_name"],
                "department": meta["department"], "owner": meta["owner"], "threat_code": ln.threat_code,
                "threat_title": ln.threat_title, "likelihood": ln.likelihood, "consequence": ln.consequence,
                "res_likelihood": res[0], "res_consequence": res[1],
                "level": level_index(p, ln.likelihood, ln.consequence), "res_level": level_index(p, *res),
                "treatment": ln.treatment, "accepted": ln.accepted,
            })
        return rows

    # -- writes ------------------------------------------------------------------------------
    def freeze(self, actor: Actor, year: int, note: str = "", today: date | None = None) -> int:
        """Freeze the current state as the baseline of ``year`` (one per year, never changed afterwards)."""
        today = today or dk_today()
        require(actor, "baseline.freeze")
        if isinstance(year, bool) or not isinstance(year, int) or not 2000 <= year <= today.year:
            raise ValidationError("err.baseline.bad_year", "year", year=year, last=today.year)
        note = text(note, "Bemærkning", max_len=2000)
        systems = self._review.systems(actor, today)
        with unit_of_work(self.db, actor) as uow:
            cur = uow.cur
            if baseline_store.exists(cur, year):
                raise ValidationError("err.baseline.exists", "year", year=year)
            lines = self._live_rows(cur, actor)
            bid = baseline_store.insert(cur, year, note, self.settings.preset().id, ds_preset().id, actor.display_name)
            line_df = pd.DataFrame(lines, columns=["lens", "entity_id", "entity_name", "department", "owner",
                                                   "threat_code", "threat_title", "likelihood", "consequence",
                                                   "res_likelihood", "res_consequence", "level", "res_level",
                                                   "treatment", "accepted"])
            for c in ("likelihood", "consequence", "res_likelihood", "res_consequence", "level", "res_level"):
                line_df[c] = pd.array(line_df[c], dtype="Int64")
            line_df["treatment"] = line_df["treatment"].astype(object)
            line_df.insert(0, "baseline_id", bid)
            baseline_store.insert_lines(cur, line_df)
            sys_df = systems[["system_id", "name", "department", "owner", "classification", "assessment_status",
                              "approved_on", "next_review"]].copy()
            sys_df["approved_on"] = pd.to_datetime(sys_df["approved_on"]).dt.date
            sys_df["next_review"] = pd.to_datetime(sys_df["next_review"]).dt.date
            sys_df.insert(0, "baseline_id", bid)
            baseline_store.insert_systems(cur, sys_df)
            uow.audit("freeze", "baselines", bid, None,
                      {"year": year, "note": note, "lines": len(line_df), "systems": len(sys_df)})
            return bid

    # -- reads -------------------------------------------------------------------------------
    def list(self, actor: Actor) -> pd.DataFrame:
        """Every baseline, oldest first, with its line and system counts."""
        require(actor, "read")
        with self.db.read() as cur:
            return baseline_store.listing(cur)

    def _baseline(self, cur, baseline_id: int) -> dict:
        row = baseline_store.get(cur, baseline_id)
        if row is None:
            raise NotFoundError("err.baseline.not_found", id=baseline_id)
        return row

    def lines(self, actor: Actor, baseline_id: int | None = TODAY) -> list[LineState]:
        """The risk lines of a baseline (or of today, ``baseline_id=None``) that the actor may see."""
        return list(self.db.cached(("baseline.lines", baseline_id, scope_key(actor)),
                                   lambda: tuple(self._lines(actor, baseline_id))))

    def _lines(self, actor: Actor, baseline_id: int | None) -> list[LineState]:
        if baseline_id is TODAY:
            rows = self._live_rows(None, actor, cached_lines(self.db, actor))
        else:
            with self.db.read() as cur:
                self._baseline(cur, baseline_id)
                scope, params = read_scope(actor, "department", "owner")
                rows = baseline_store.lines(cur, baseline_id, scope, params)
        return [LineState(**{k: _int(r[k]) if k not in ("lens", "entity_name", "department", "threat_code",
                                                          "threat_title") else r[k] for k in _LINE_COLS})
                for r in rows]

    def systems(self, actor: Actor, baseline_id: int) -> pd.DataFrame:
        with self.db.read() as cur:
            self._baseline(cur, baseline_id)
            scope, params = read_scope(actor, "department", "owner")
            return baseline_store.systems(cur, baseline_id, scope, params)

    def compare(self, actor: Actor, before: int | None, after: int | None = TODAY,
                residual: bool = True) -> list[LineChange]:
        """Line by line from ``before`` to ``after`` (a baseline id, or None for today)."""
        if before is TODAY and after is TODAY:
            raise ValidationError("err.baseline.same_state", "before")
        if before == after:
            raise ValidationError("err.baseline.same_baseline", "after")
        with self.db.read() as cur:
            presets = {self._baseline(cur, b)["preset_id"] if b is not None else self.settings.preset().id
                       for b in (before, after)}
        if len(presets) > 1:
            raise ValidationError("err.baseline.other_matrix", "after")
        return compare(self.lines(actor, before), self.lines(actor, after), residual)

    def trend(self, actor: Actor, residual: bool = True, include_today: bool = True) -> pd.DataFrame:
        """Scored organisational risk lines per level in every baseline (and today): one row per state, one
        column per level key of the municipality's matrix, oldest first. Baselines scored on another matrix
        are left out."""
        preset = self.settings.preset()
        keys = [lv.key for lv in preset.levels]
        scope, params = read_scope(actor, "l.department", "l.owner")
        with self.db.read() as cur:  # counted in SQL: five baselines of 45,000 lines are 225,000 rows
            counted: dict[tuple[int, int], list[int]] = {}
            for bid, year, level, n in baseline_store.level_counts(cur, preset.id, residual, scope, params):
                counted.setdefault((int(bid), int(year)), [0] * len(keys))[int(level)] += n
            years = baseline_store.years(cur, preset.id)
        rows = [{"label": str(year), "baseline_id": int(bid),
                 **dict(zip(keys, counted.get((int(bid), int(year)), [0] * len(keys)), strict=True))}
                for bid, year in years]
        if include_today:
            lines = [ln for ln in self.lines(actor, TODAY) if ln.lens == "org"]
            rows.append({"label": "today", "baseline_id": None,
                         **dict(zip(keys, level_counts(lines, len(keys), residual), strict=True))})
        return pd.DataFrame(rows, columns=["label", "baseline_id", *keys])


def _int(v):
    if v is None or (isinstance(v, float) and v != v) or v is pd.NA:
        return None
    return int(v)
