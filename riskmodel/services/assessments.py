"""Assessment of one system: pick threats, score lines, treat, see its matrix.

The checks of a line's values are in :mod:`riskmodel.services.line_rules`, the writing of a line (and the
approval a change outdates) in :mod:`riskmodel.services.line_writes`, whose an assessment is in
:mod:`riskmodel.services.assessment_scope`; their names are importable from here as before. The SQL is in
riskmodel.store (uow's repositories, store.assessments, store.activities)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

from riskmodel.domain import dpia
from riskmodel.domain.dates import dk_today
from riskmodel.domain.errors import NotFoundError, ValidationError
from riskmodel.domain.model import (
    LINE_FIELDS,
    Actor,
    Assessment,
    RiskLine,
    ThreatInput,
    confidentiality_floor,
    proposal,
)
from riskmodel.domain.scales import Preset, get_preset
from riskmodel.services.activities import activity_row
from riskmodel.services.assessment_scope import Scope as Scope
from riskmodel.services.assessment_scope import activity_categories, activity_floor, activity_profile
from riskmodel.services.assessment_scope import scope_of as scope_of
from riskmodel.services.assessment_summary import AssessmentSummary as AssessmentSummary
from riskmodel.services.assessment_summary import summarize
from riskmodel.services.catalogue import validate_threat
from riskmodel.services.common import audit_denials, require, version_of, year_of
from riskmodel.services.line_rules import ACCEPTANCE_FIELDS as ACCEPTANCE_FIELDS
from riskmodel.services.line_rules import FIELD_LABELS_DA as FIELD_LABELS_DA
from riskmodel.services.line_rules import check_changes, validate_acceptance
from riskmodel.services.line_rules import validate_line_changes as validate_line_changes
from riskmodel.services.line_writes import apply_line_changes as apply_line_changes
from riskmodel.services.line_writes import check_seen_fields
from riskmodel.services.line_writes import display_name as display_name
from riskmodel.services.line_writes import last_field_change as last_field_change
from riskmodel.services.line_writes import outdate_approval as outdate_approval
from riskmodel.services.settings import SettingsService
from riskmodel.store import assessments as assessment_store
from riskmodel.store.db import Database
from riskmodel.store.queries import lines as line_queries
from riskmodel.store.uow import Assessments, RiskLines, Systems, UnitOfWork, unit_of_work
from riskmodel.store.versioned import versioned_update

_COPY_FIELDS = ("threat_id", "threat_code", "threat_title", "threat_description", "category",
                "harms_c", "harms_i", "harms_a", "custom", "position", "harms") + LINE_FIELDS + ACCEPTANCE_FIELDS


@audit_denials
class AssessmentService:
    def __init__(self, db: Database, settings: SettingsService):
        self.db = db
        self.settings = settings

    # -- reads -------------------------------------------------------------------
    # Every read checks that the actor may see the system (or processing activity) the
    # assessment belongs to.
    def _check_read(self, cur, actor: Actor, system_id: int) -> None:
        s = Systems(cur).get(system_id)
        require(actor, "read", s.department, s.owner)

    def _check_read_assessment(self, cur, actor: Actor, assessment_id: int) -> Assessment:
        a = Assessments(cur).get(assessment_id)
        sc = scope_of(cur, a)
        require(actor, "read", sc.department, sc.owner)
        return a

    def preset_of(self, a: Assessment) -> Preset:
        """The matrix an assessment is scored on: the data-subject matrix, or the municipality's."""
        return dpia.ds_preset() if a.lens == "ds" else self.settings.preset()

    def floor_of(self, cur, a: Assessment) -> int:
        """The minimum confidentiality consequence (org) or severity for the data subjects (ds)."""
        if a.lens == "ds":
            return activity_floor(cur, a.activity_id)
        s = Systems(cur).get(a.system_id)
        return confidentiality_floor(s.classification, s.data_categories, a.scale_size)

    def current_for_activity(self, actor: Actor, activity_id: int) -> Assessment | None:
        """The current data-subject assessment of a processing activity."""
        with self.db.read() as cur:
            pa = activity_row(cur, activity_id)
            require(actor, "read", pa["department"], pa["responsible"])
            found = assessment_store.current_id(cur, activity_id=activity_id)
            return Assessments(cur).get(found) if found is not None else None

    def ds_floor(self, actor: Actor, activity_id: int) -> tuple[int, list[str]]:
        """The severity floor of an activity for a confidentiality breach, and what sets it."""
        with self.db.read() as cur:
            pa = activity_row(cur, activity_id)
            require(actor, "read", pa["department"], pa["responsible"])
            cats, classes = activity_categories(cur, pa)
        return (dpia.severity_floor(cats, pa["subject_categories"], classes),
                dpia.floor_reasons(cats, pa["subject_categories"], classes))

    def current(self, actor: Actor, system_id: int) -> Assessment | None:
        with self.db.read() as cur:
            self._check_read(cur, actor, system_id)
            found = assessment_store.current_id(cur, system_id=system_id)
            return Assessments(cur).get(found) if found is not None else None

    def get(self, actor: Actor, assessment_id: int) -> Assessment:
        with self.db.read() as cur:
            return self._check_read_assessment(cur, actor, assessment_id)

    def lines(self, actor: Actor, assessment_id: int) -> list[RiskLine]:
        with self.db.read() as cur:
            self._check_read_assessment(cur, actor, assessment_id)
            return RiskLines(cur).for_assessment(assessment_id)

    def line(self, actor: Actor, line_id: int) -> RiskLine:
        with self.db.read() as cur:
            line = RiskLines(cur).get(line_id)
            self._check_read_assessment(cur, actor, line.assessment_id)
            return line

    def summary(self, actor: Actor, assessment_id: int) -> AssessmentSummary:
        """Year, status, line counts per level (inherent and residual) and the valid approval."""
        with self.db.read() as cur:
            a = self._check_read_assessment(cur, actor, assessment_id)
            return self._summary(cur, a)

    def previous(self, actor: Actor, system_id: int) -> AssessmentSummary | None:
        """The system's latest assessment before the current one (None if there is none)."""
        with self.db.read() as cur:
            self._check_read(cur, actor, system_id)
            found = assessment_store.previous_id(cur, system_id)
            return self._summary(cur, Assessments(cur).get(found)) if found is not None else None

    def _summary(self, cur, a: Assessment) -> AssessmentSummary:
        # Levels from the municipality's matrix, like every other picture; an assessment on
        # another scale size can only be read in the matrix it was scored on.
        preset = self.preset_of(a)
        return summarize(cur, a, preset if preset.size == a.scale_size else get_preset(a.preset_id))

    def ranked_catalogue(self, actor: Actor, system_id: int) -> list[tuple[dict, int | None, bool]]:
        """The visible catalogue ranked for a system (model.proposal): (threat, relevance, proposed)."""
        with self.db.read() as cur:
            self._check_read(cur, actor, system_id)
            system = Systems(cur).get(system_id)
            return proposal(system, assessment_store.visible_threats(cur))

    def ranked_catalogue_for_activity(self, actor: Actor, activity_id: int) -> list[tuple[dict, int | None, bool]]:
        """The visible catalogue ranked for the data subjects of a processing activity (dpia.activity_proposal)."""
        with self.db.read() as cur:
            pa = activity_row(cur, activity_id)
            require(actor, "read", pa["department"], pa["responsible"])
            profile = activity_profile(cur, pa)
            return dpia.activity_proposal(profile, assessment_store.visible_threats(cur))

    def floor(self, actor: Actor, system_id: int, scale_size: int) -> int:
        with self.db.read() as cur:
            s = Systems(cur).get(system_id)
        require(actor, "read", s.department, s.owner)
        return confidentiality_floor(s.classification, s.data_categories, scale_size)

    def matrix_counts(self, actor: Actor, assessment_id: int) -> dict[str, dict[tuple[int, int], int]]:
        """Counts per (likelihood, consequence) cell, inherent and residual."""
        with self.db.read() as cur:
            self._check_read_assessment(cur, actor, assessment_id)
            return line_queries.matrix_counts(cur, assessment_id)

    # -- writes ------------------------------------------------------------------
    def start(self, actor: Actor, system_id: int, year: int | None = None) -> int:
        """Start an assessment of a system. A previous one is kept (no longer current)
        and its lines are carried over as the starting point; otherwise the catalogue
        threats that fit the system's profile are preselected."""
        year = year_of(year) or dk_today().year
        with unit_of_work(self.db, actor) as uow:
            preset = self.settings.preset()  # under the write lock: a preset change cannot slip in between
            system = uow.systems.get(system_id)
            require(actor, "assessment.write", system.department, system.owner)
            if system.status != "aktiv":
                raise ValidationError("err.assessment.system_retired", "system", name=system.name)
            previous = assessment_store.current_with_scale(uow.cur, system_id)
            if previous:
                versioned_update(uow.cur, "assessments", previous[0], {"is_current": False}, actor.username)
            new_id = uow.assessments.insert(
                {"system_id": system_id, "year": year, "preset_id": preset.id, "scale_size": preset.size,
                 "created_by": actor.username, "updated_by": actor.username}
            )
            if previous and previous[1] == preset.size:
                source = self._carry_over(uow, previous[0], new_id)
            else:  # the catalogue ranked by the system's profile: the most relevant, in order
                source = self._preselect(uow, new_id, proposal(system, assessment_store.visible_threats(uow.cur)))
            uow.audit("create", "assessments", new_id, None,
                      {"system_id": system_id, "year": year, "preset": preset.id, **source})
        return new_id

    def start_activity(self, actor: Actor, activity_id: int, year: int | None = None) -> int:
        """Start a data-subject assessment of a processing activity. A previous one is kept and its
        lines carried over; otherwise the catalogue threats most relevant to its data subjects are preselected."""
        year = year_of(year) or dk_today().year
        preset = dpia.ds_preset()
        with unit_of_work(self.db, actor) as uow:
            pa = activity_row(uow.cur, activity_id)
            require(actor, "assessment.write", pa["department"], pa["responsible"])
            if pa["status"] != "aktiv":
                raise ValidationError("err.assessment.activity_ended", "activity", name=pa["name"])
            previous = assessment_store.current_id(uow.cur, activity_id=activity_id)
            if previous is not None:
                versioned_update(uow.cur, "assessments", previous, {"is_current": False}, actor.username)
            new_id = uow.assessments.insert(
                {"system_id": None, "activity_id": activity_id, "lens": "ds", "year": year, "preset_id": preset.id,
                 "scale_size": preset.size, "created_by": actor.username, "updated_by": actor.username}
            )
            if previous is not None:
                source = self._carry_over(uow, previous, new_id)
            else:  # the catalogue ranked by the activity's profile: the most relevant to its data subjects, in order
                ranked = dpia.activity_proposal(activity_profile(uow.cur, pa), assessment_store.visible_threats(uow.cur))
                source = self._preselect(uow, new_id, ranked)
            uow.audit("create", "assessments", new_id, None,
                      {"activity_id": activity_id, "lens": "ds", "year": year, "preset": preset.id, **source})
        return new_id

    @staticmethod
    def _carry_over(uow: UnitOfWork, previous_id: int, new_id: int) -> dict:
        """Copy the previous assessment's live lines into the new one."""
        for line in uow.lines.for_assessment(previous_id):
            values = {k: getattr(line, k) for k in _COPY_FIELDS}
            uow.lines.insert({**values, "assessment_id": new_id, "updated_by": uow.actor.username})
        return {"previous_assessment": previous_id}

    def _preselect(self, uow: UnitOfWork, new_id: int, ranked: list[tuple[dict, int | None, bool]]) -> dict:
        """Add the proposed threats of a ranked catalogue to the new assessment, in their order."""
        pos = 0
        for t, _, chosen in ranked:
            if chosen:
                pos += 1
                self._insert_catalogue_line(uow, new_id, t, pos)
        return {"preselected": pos}

    @staticmethod
    def _insert_catalogue_line(uow: UnitOfWork, assessment_id: int, t: dict, position: int) -> int:
        return uow.lines.insert(
            {"assessment_id": assessment_id, "threat_id": t["id"], "threat_code": t["code"],
             "threat_title": t["title"], "threat_description": t["description"], "category": t["category"],
             "harms_c": t["harms_c"], "harms_i": t["harms_i"], "harms_a": t["harms_a"], "custom": False,
             "position": position, "updated_by": uow.actor.username}
        )

    def _assessment_for_write(self, uow: UnitOfWork, assessment_id: int) -> tuple[Assessment, str]:
        a = uow.assessments.get(assessment_id)
        sc = scope_of(uow.cur, a)
        require(uow.actor, "assessment.write", sc.department, sc.owner)
        if not a.is_current:
            raise ValidationError("err.assessment.superseded", "assessment")
        if a.lens == "ds":
            return a, sc.department
        size = self.settings.preset().size
        if a.scale_size != size:
            raise ValidationError("err.assessment.other_scale", "assessment", then=a.scale_size, now=size)
        return a, sc.department

    @staticmethod
    def _live_line(uow: UnitOfWork, line_id: int) -> dict:
        row = uow.lines.get_row(line_id)
        if row["removed"]:
            raise ValidationError("err.assessment.line_removed", "line", title=row["threat_title"])
        return row

    def add_threat(self, actor: Actor, assessment_id: int, threat_id: int) -> int:
        """Add a catalogue threat (a copy of it) to the assessment."""
        with unit_of_work(self.db, actor) as uow:
            self._assessment_for_write(uow, assessment_id)
            t = assessment_store.threat_row(uow.cur, threat_id)
            if t is None:
                raise NotFoundError("err.assessment.threat_not_found", id=threat_id)
            if assessment_store.live_lines_of_threat(uow.cur, assessment_id, threat_id):
                raise ValidationError("err.assessment.threat_already_in", "threat", title=t["title"])
            line_id = self._insert_catalogue_line(uow, assessment_id, t,
                                                  assessment_store.next_position(uow.cur, assessment_id))
            uow.audit("add_threat", "risk_lines", line_id, None,
                      {"assessment_id": assessment_id, "threat_code": t["code"]})
            outdate_approval(uow, assessment_id, f"{t['code']} {t['title']} tilføjet")
        return line_id

    def add_custom(self, actor: Actor, assessment_id: int, data: ThreatInput) -> int:
        """A threat that exists only in this assessment."""
        values = validate_threat(data)
        with unit_of_work(self.db, actor) as uow:
            self._assessment_for_write(uow, assessment_id)
            n = assessment_store.custom_lines(uow.cur, assessment_id)
            line_id = uow.lines.insert(
                {"assessment_id": assessment_id, "threat_id": None, "threat_code": f"EGEN-{n + 1}",
                 "threat_title": values["title"], "threat_description": values["description"],
                 "category": values["category"], "harms_c": values["harms_c"], "harms_i": values["harms_i"],
                 "harms_a": values["harms_a"], "custom": True,
                 "position": assessment_store.next_position(uow.cur, assessment_id), "updated_by": actor.username}
            )
            uow.audit("add_custom_threat", "risk_lines", line_id, None, {"assessment_id": assessment_id, **values})
            outdate_approval(uow, assessment_id, f"{values['title']} tilføjet")
        return line_id

    def remove_line(self, actor: Actor, line_id: int, expected_version: int) -> None:
        """Take a threat out of the assessment. The line is kept (marked removed) for the record."""
        version_of(expected_version)
        with unit_of_work(self.db, actor) as uow:
            line = self._live_line(uow, line_id)
            self._assessment_for_write(uow, line["assessment_id"])
            uow.lines.update(line_id, expected_version, {"removed": True}, actor)
            uow.audit("remove_line", "risk_lines", line_id, {"removed": False, "threat_code": line["threat_code"]},
                      {"removed": True})
            outdate_approval(uow, line["assessment_id"], f"{line['threat_code']} {line['threat_title']} fjernet")

    def update_line(self, actor: Actor, line_id: int, expected_version: int, changes: dict) -> int:
        """Change fields of one risk line if nobody else has changed it since ``expected_version``."""
        version_of(expected_version)
        check_changes(changes)
        with unit_of_work(self.db, actor) as uow:
            row = self._live_line(uow, line_id)
            a, _ = self._assessment_for_write(uow, row["assessment_id"])
            clean = validate_line_changes(changes, self.preset_of(a), a.lens)
            if row["residual_review"] and {"residual_likelihood", "residual_consequence"} & set(clean):
                clean["residual_review"] = False  # rescoring the residual is the review a done measure asked for
            return apply_line_changes(uow, row, expected_version, clean)

    def save_fields(self, actor: Actor, line_id: int, changes: dict, seen: dict) -> int:
        """Save fields of one risk line, each checked against the value the user saw of it.

        ``seen`` holds, for every field in ``changes``, the value the user's page showed before
        the change. A field is written when it still holds that value, or when the last one to
        change it was this same user (their own earlier save, however fast the clicks came).
        A field that already holds the new value is left alone: a no-op save writes nothing.
        When someone else changed a field after the user saw it, nothing at all is written and
        :class:`FieldConflictError` carries both values, who and when. Different fields of one
        line saved by two people both stick. Returns the line's version after the save.
        """
        check_changes(changes, seen)
        with unit_of_work(self.db, actor) as uow:
            row = self._live_line(uow, line_id)
            a, _ = self._assessment_for_write(uow, row["assessment_id"])
            preset = self.preset_of(a)
            clean = validate_line_changes(changes, preset, a.lens)
            diff = {k: v for k, v in clean.items() if row[k] != v}
            check_seen_fields(uow, row, diff, seen, preset, a.lens)
            if not diff:
                return row["version"]
            if row["residual_review"] and {"residual_likelihood", "residual_consequence"} & set(diff):
                diff["residual_review"] = False  # rescoring the residual is the review a done measure asked for
            if row.get("consequence_source") == "overall" and any(
                    diff.get(f) is not None for f in ("cons_c", "cons_i", "cons_a")):
                # An imported overall consequence no longer decides the level once F, I or T is scored: the line
                # stops saying so (the Excel register's "Konsekvens angivet som"); the overall figure is kept.
                diff["consequence_source"] = None
            return apply_line_changes(uow, row, row["version"], diff)

    def accept_risk(self, actor: Actor, line_id: int, expected_version: int, accepted_by: str,
                    accepted_on: date | str | None, reference: str, expires: date | str | None = None) -> int:
        """Record the explicit acceptance of a line's residual risk: who, when, which decision, until when."""
        version_of(expected_version)
        values = validate_acceptance(accepted_by, accepted_on, reference, expires)
        with unit_of_work(self.db, actor) as uow:
            row = self._live_line(uow, line_id)
            self._assessment_for_write(uow, row["assessment_id"])
            return apply_line_changes(uow, row, expected_version, values, action="accept_risk")

    def clear_acceptance(self, actor: Actor, line_id: int, expected_version: int) -> int:
        version_of(expected_version)
        with unit_of_work(self.db, actor) as uow:
            row = self._live_line(uow, line_id)
            self._assessment_for_write(uow, row["assessment_id"])
            return apply_line_changes(
                uow, row, expected_version,
                {"accepted_by": "", "accepted_on": None, "acceptance_ref": "", "acceptance_expires": None},
                action="clear_acceptance",
            )


def line_dict(line: RiskLine) -> dict:
    return asdict(line)

