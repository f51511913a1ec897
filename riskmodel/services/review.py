"""The review cycle: review interval per system, major changes, what is due, and the
annual review checklist.

Every read that depends on the date takes ``today`` (default: the real date), so the
rules are tested with any clock. The date rules themselves are in ``riskmodel.domain.review``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Protocol

import pandas as pd

from riskmodel.domain import review
from riskmodel.domain.dates import dk_date, dk_today
from riskmodel.domain.dpia import ds_preset
from riskmodel.domain.errors import ValidationError
from riskmodel.domain.model import Actor, RiskLine
from riskmodel.domain.scales import ScaleError
from riskmodel.domain.signoff import needs_decision
from riskmodel.services.activities import ActivityService
from riskmodel.services.assessments import outdate_approval
from riskmodel.services.common import (
    as_date,
    audit_denials,
    choice,
    read_scope,
    require,
    scope_key,
    text,
    version_of,
)
from riskmodel.services.dispensations import DispensationService
from riskmodel.services.settings import SettingsService
from riskmodel.store import review as review_store
from riskmodel.store.db import Database
from riskmodel.store.queries import review as q
from riskmodel.store.uow import build, unit_of_work

CHANGE_KIND_DA = {
    "ny_leverandoer": "ny leverandør",
    "ny_anvendelse": "ny anvendelse",
    "ny_integration": "ny integration",
    "ny_datakategori": "ny kategori af data",
}

LINE_META = ("lens", "assessment_status", "entity_id", "entity_name", "department", "owner")


def live_lines(cur, actor: Actor, where: str = "TRUE", params: list | None = None) -> list[tuple[RiskLine, dict]]:
    """The live lines the actor may read, each as (RiskLine, its entity columns), read on ``cur`` (inside a
    transaction too). Readers outside one use :func:`cached_lines`."""
    rows = q.live_line_rows(cur, read_scope(actor, *q.LIVE_LINE_SCOPE), where, params)
    return [(build(RiskLine, r), {k: r[k] for k in LINE_META}) for r in rows]


def cached_lines(db: Database, actor: Actor) -> tuple[tuple[RiskLine, dict], ...]:
    """:func:`live_lines` for the actor's scope, read once per committed write and shared by the plan, the
    checklist and the baselines' "today" (callers must not change the lines)."""
    def load():
        with db.read() as cur:
            return tuple(live_lines(cur, actor))

    return db.cached(("live_lines", scope_key(actor)), load)


def level_index(preset, likelihood: int | None, consequence: int | None) -> int | None:
    """The 0-based level, or None when unscored or scored outside the matrix (on a scale of another preset)."""
    try:
        lvl = preset.level_or_none(likelihood, consequence)
    except ScaleError:
        return None
    return None if lvl is None else preset.levels.index(lvl)


@dataclass
class CheckItem:
    """One line of the annual review checklist: a figure, whether it is in order, and its rows."""

    key: str
    value: int
    total: int | None  # for a share (value of total); None for a count of problems
    ok: bool
    rows: pd.DataFrame = field(default_factory=pd.DataFrame)
    page: str = ""  # the page that fixes it (file stem under pages/)

    @property
    def share(self) -> float | None:
        return None if not self.total else self.value / self.total


class TreatmentPlan(Protocol):
    """What the checklist reads of the treatment plan. services/treatment.py imports this module, so the
    workbench hands its TreatmentService in rather than this module importing it (no import cycle)."""

    def plan(self, actor: Actor, today: date | None = None) -> pd.DataFrame: ...


@audit_denials
class ReviewService:
    """The review cycle over the workbench's own sibling services (riskmodel/services/__init__.py builds them)."""

    def __init__(self, db: Database, settings: SettingsService, treatment: TreatmentPlan,
                 dispensations: DispensationService, activities: ActivityService):
        self.db = db
        self.settings = settings
        self._treatment = treatment
        self._dispensations = dispensations
        self._activities_service = activities

    # -- review interval and major changes ------------------------------------------
    def set_interval(self, actor: Actor, system_id: int, expected_version: int, months) -> int:
        """Set a system's review interval (months); fortrolig/følsom systems at most 12."""
        version_of(expected_version)
        with unit_of_work(self.db, actor) as uow:
            s = uow.systems.get(system_id)
            require(actor, "system.write", s.department, s.owner)
            try:
                months = review.check_interval(months, s.classification)
            except review.RuleError as err:
                raise ValidationError(err.key, "review_interval", **err.params) from None
            if months == s.review_interval:
                uow.systems.ensure_version(system_id, expected_version)
                return expected_version
            version = uow.systems.update(system_id, expected_version, {"review_interval": months}, actor)
            uow.audit("review_interval", "systems", system_id, {"review_interval": s.review_interval},
                      {"review_interval": months})
            return version

    def record_change(self, actor: Actor, system_id: int, kind: str, reason: str, changed_on,
                      today: date | None = None) -> int:
        """Record a major change of a system. Its approved assessment needs review: the approval is marked
        outdated (the assessment returns to review) and the change counts as not reassessed until the
        assessment is approved again."""
        today = today or dk_today()
        kind = choice(kind, "Type af ændring", review.CHANGE_KINDS)
        why = text(reason, "Begrundelse for ændringen", max_len=2000, required=True)
        when = as_date(changed_on, "Dato for ændringen")
        if when is None:
            raise ValidationError("err.review.changed_on_required", "changed_on")
        if when > today:
            raise ValidationError("err.review.changed_on_future", "changed_on")
        with unit_of_work(self.db, actor) as uow:
            s = uow.systems.get(system_id)
            require(actor, "system.write", s.department, s.owner)
            if s.status != "aktiv":
                raise ValidationError("err.review.system_retired", "system", name=s.name)
            change_id = review_store.insert_change(uow.cur, system_id, kind, why, when, actor.username)
            uow.audit("create", "system_changes", change_id, None,
                      {"system_id": system_id, "kind": kind, "reason": why, "changed_on": when})
            assessment_id = review_store.current_org_assessment(uow.cur, system_id)
            if assessment_id is not None:
                outdate_approval(uow, assessment_id, f"væsentlig ændring ({CHANGE_KIND_DA[kind]}): {why}")
            return change_id

    def changes(self, actor: Actor, system_id: int | None = None, pending_only: bool = False) -> pd.DataFrame:
        """Major changes, newest first, each with whether the system has been reassessed since."""
        scope = read_scope(actor, *q.SYSTEM_SCOPE)
        with self.db.read() as cur:
            df = q.changes(cur, scope, system_id)
        df["reassessed"] = df["reassessed_at"].notna()
        if pending_only:
            df = df[~df["reassessed"]]
        return df.reset_index(drop=True)

    # -- what is due ---------------------------------------------------------------------
    def systems(self, actor: Actor, today: date | None = None) -> pd.DataFrame:
        """Every active system with its review: interval, last approval (and whether it still stands), next
        review date, pending major changes, status (changed | never | overdue | due | ok) and days until the
        review is due. The next review counts from the last approval even when a later edit outdated it: the
        assessment is then being reworked, and still due by that date."""
        today = today or dk_today()
        return self.db.cached(("review.systems", today, scope_key(actor)), lambda: self._systems(actor, today)).copy()

    def _systems(self, actor: Actor, today: date) -> pd.DataFrame:
        scope = read_scope(actor, *q.SYSTEM_SCOPE)
        with self.db.read() as cur:
            rows = q.systems_due(cur, scope)
        for r in rows:
            r["interval"] = min(r["review_interval"], review.max_interval(r["classification"]))
            approved = dk_date(r["approved_at"]) if isinstance(r["approved_at"], datetime) else None
            r["approved_on"] = approved
            r["next_review"] = review.next_review(approved, r["interval"])
            # A change counts only once there has been an approval it came after; an unapproved system is 'never'.
            r["status"] = review.review_status(r["next_review"], today,
                                               changed=bool(r["pending_changes"]) and approved is not None)
            if r["status"] == "changed" and r["next_review"] and r["next_review"] > today:
                # The policy: a major change calls for a review now, not at the yearly date (the list said
                # "Væsentlig ændring" beside "270 dage tilbage", which read as not due; found in Chromium).
                r["next_review"] = today
            r["days_left"] = (r["next_review"] - today).days if r["next_review"] else None
        cols = ["system_id", "name", "department", "owner", "classification", "review_interval", "interval",
                "version", "assessment_id", "assessment_status", "approved_on", "approval_valid", "next_review", "days_left",
                "pending_changes", "status"]
        return pd.DataFrame(rows, columns=cols)

    def due(self, actor: Actor, today: date | None = None) -> pd.DataFrame:
        """Systems whose review is overdue, due within the window, or called for by a major change, most urgent
        first."""
        df = self.systems(actor, today)
        df = df[df["status"].isin(("changed", "overdue", "due"))].copy()
        order = {"changed": 0, "overdue": 1, "due": 2}
        df["_o"] = df["status"].map(order)
        return df.sort_values(["_o", "next_review", "name"], na_position="first").drop(columns="_o").reset_index(drop=True)

    # -- the annual review checklist -------------------------------------------------
    def checklist(self, actor: Actor, today: date | None = None) -> list[CheckItem]:
        """The policy's yearly review as figures, each with the rows behind it."""
        today = today or dk_today()
        require(actor, "read")
        items = self.db.cached(("review.checklist", today, scope_key(actor)), lambda: self._checklist(actor, today))
        return [CheckItem(i.key, i.value, i.total, i.ok, i.rows.copy(), i.page) for i in items]

    def _checklist(self, actor: Actor, today: date) -> list[CheckItem]:
        items: list[CheckItem] = []

        systems = self.systems(actor, today)
        year_ago = review.add_months(today, -12)
        fresh = pd.Series([bool(v) and d is not None and not pd.isna(d) and d >= year_ago
                           for d, v in zip(systems["approved_on"], systems["approval_valid"], strict=True)],
                          index=systems.index, dtype=bool)
        stale = systems[~fresh].copy()
        items.append(CheckItem("approved_recent", int(fresh.sum()) if len(fresh) else 0, len(systems),
                               len(stale) == 0, stale.reset_index(drop=True), "review"))

        acts = self._activities(actor)
        with_ds = acts[acts["ds_assessment_id"].notna()] if not acts.empty else acts
        without = acts[acts["ds_assessment_id"].isna()] if not acts.empty else acts
        items.append(CheckItem("activities_ds", len(with_ds), len(acts), without.empty,
                               without.reset_index(drop=True), "activities"))

        missing = acts[acts["dpia_missing"]] if not acts.empty else acts
        items.append(CheckItem("dpia_missing", len(missing), None, missing.empty, missing.reset_index(drop=True),
                               "activities"))

        open_high = self.open_high_risks(actor, today)
        items.append(CheckItem("high_open", len(open_high), None, open_high.empty, open_high, "assessment"))

        plan = self._treatment.plan(actor, today)
        overdue = plan[plan["overdue"]].reset_index(drop=True) if not plan.empty else plan
        items.append(CheckItem("measures_overdue", len(overdue), None, overdue.empty, overdue, "treatment"))

        disp = self._dispensations.list(actor, today)
        flagged = disp[disp["expiring"] | (disp["state"] == "udloebet")].reset_index(drop=True) \
            if not disp.empty else disp
        items.append(CheckItem("dispensations", len(flagged), None, flagged.empty, flagged, "dispensations"))

        pending = self.changes(actor, pending_only=True)
        items.append(CheckItem("changes_pending", len(pending), None, pending.empty, pending, "review"))
        return items

    def _activities(self, actor: Actor) -> pd.DataFrame:
        acts = self._activities_service.list(actor)
        if acts.empty:
            acts["ds_assessment_id"] = pd.Series(dtype="Int64")
            return acts
        with self.db.read() as cur:
            current = q.current_ds_assessments(cur)
        acts["ds_assessment_id"] = pd.array([current.get(int(i)) for i in acts["id"]], dtype="Int64")
        return acts

    def open_high_risks(self, actor: Actor, today: date | None = None) -> pd.DataFrame:
        """Residual risks at a level that requires action, with neither a measure (what, who, deadline) nor a
        valid acceptance: both lenses."""
        today = today or dk_today()
        presets = {"org": self.settings.preset(), "ds": ds_preset()}
        rows = []
        for ln, meta in cached_lines(self.db, actor):
            p = presets[meta["lens"]]
            try:
                if not needs_decision(ln, p):
                    continue
            except ScaleError:  # scored on another scale than the matrix: the sign-off lists it, not this figure
                continue
            accepted = ln.accepted and not (ln.acceptance_expires is not None and ln.acceptance_expires < today)
            if ln.has_measure or accepted:
                continue
            lvl = p.level_or_none(*ln.residual)
            rows.append({**meta, "line_id": ln.id, "assessment_id": ln.assessment_id,
                         "threat": f"{ln.threat_code} {ln.threat_title}", "res_level": lvl.key,
                         "res_level_label": lvl.da, "acceptance_expired": ln.accepted and not accepted})
        cols = ["lens", "entity_id", "entity_name", "department", "owner", "assessment_status", "line_id",
                "assessment_id", "threat", "res_level", "res_level_label", "acceptance_expired"]
        return pd.DataFrame(rows, columns=cols)
