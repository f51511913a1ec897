# Size: the scoring use cases (start, lines, field-level saves, approval outdating); to split by step after the scoring branch.
"""Assessment of one system: pick threats, score lines, treat, see its matrix."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime

from riskmodel.domain import dpia
from riskmodel.domain.errors import FieldConflictError, NotFoundError, ValidationError
from riskmodel.domain.model import (
    LINE_FIELDS,
    LOCAL_ACTOR,
    TREATMENTS,
    Actor,
    Assessment,
    FieldConflict,
    RiskLine,
    ThreatInput,
    confidentiality_floor,
    proposal,
)
from riskmodel.domain.scales import Preset, ScaleError, get_preset
from riskmodel.domain.signoff import SNAPSHOT_FIELDS
from riskmodel.services.catalogue import validate_threat
from riskmodel.services.common import as_date, audit_denials, choice, require, text, version_of, year_of
from riskmodel.services.settings import SettingsService
from riskmodel.store.db import Database
from riskmodel.store.queries import lines as line_queries
from riskmodel.store.uow import Assessments, RiskLines, Systems, UnitOfWork, rows_as_dicts, unit_of_work
from riskmodel.store.versioned import check_version, versioned_update

FIELD_LABELS_DA = {
    "likelihood": "Sandsynlighed",
    "cons_c": "Konsekvens for fortrolighed",
    "cons_i": "Konsekvens for integritet",
    "cons_a": "Konsekvens for tilgængelighed",
    "residual_likelihood": "Restrisiko: sandsynlighed",
    "residual_consequence": "Restrisiko: konsekvens",
    "scenario": "Scenarie",
    "existing_measures": "Eksisterende foranstaltninger",
    "planned_measures": "Planlagte foranstaltninger",
    "measure_owner": "Ansvarlig for foranstaltning",
    "risk_owner": "Risikoejer",
    "floor_reason": "Begrundelse for lavere konsekvens",
    "treatment": "Behandling",
    "measure_deadline": "Frist",
    "score_rationale": "Begrundelse for vurderingen",
    "accepted_by": "Risiko accepteret af",
    "accepted_on": "Dato for accept",
    "acceptance_ref": "Henvisning til beslutning om accept",
    "acceptance_expires": "Accepten udløber",
    "harms": "Skade for de registrerede",
}
ACCEPTANCE_FIELDS = ("accepted_by", "accepted_on", "acceptance_ref", "acceptance_expires")
_COPY_FIELDS = ("threat_id", "threat_code", "threat_title", "threat_description", "category",
                "harms_c", "harms_i", "harms_a", "custom", "position", "harms") + LINE_FIELDS + ACCEPTANCE_FIELDS


def validate_line_changes(changes: dict, preset: Preset, lens: str = "org") -> dict:
    out = {}
    for key, value in changes.items():
        label = FIELD_LABELS_DA.get(key, key)
        if key == "harms" and lens == "ds":
            codes = list(dict.fromkeys(value or []))
            for code in codes:
                choice(code, "Skade for de registrerede", dpia.keys("harms"))
            out[key] = codes
            continue
        if key not in LINE_FIELDS:
            raise ValidationError(f"Feltet '{key}' kan ikke ændres på en risikolinje", key)
        if key in ("likelihood", "cons_c", "cons_i", "cons_a", "residual_likelihood", "residual_consequence"):
            if isinstance(value, bool):  # Preset.check_score takes True for 1; a checkbox is not a score
                raise ValidationError(f"{label}: '{value}' er ikke et tal (1-{preset.size})", key)
            try:
                out[key] = preset.check_score(value, label)
            except ScaleError as err:
                raise ValidationError(str(err), key) from None
        elif key == "treatment":
            out[key] = choice(value, label, TREATMENTS, required=False)
        elif key == "measure_deadline":
            out[key] = as_date(value, label)
        else:
            out[key] = text(value, label, max_len=4000)
    return out


@dataclass
class AssessmentSummary:
    """One assessment at a glance: its year and status, and how many lines sit at each level."""

    id: int
    system_id: int
    year: int
    status: str
    is_current: bool
    preset_id: str  # the matrix the levels below were looked up in
    created_at: datetime | None
    lines: int
    scored: int
    inherent: dict[str, int] = field(default_factory=dict)  # level key -> lines, lowest level first
    residual: dict[str, int] = field(default_factory=dict)
    approved_at: datetime | None = None  # the valid approval, if any
    approved_by: str = ""
    on_behalf_of: str = ""


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
            pa = _activity(cur, activity_id)
            require(actor, "read", pa["department"], pa["responsible"])
            row = cur.execute("SELECT id FROM assessments WHERE activity_id = ? AND is_current", [activity_id]).fetchall()
            return Assessments(cur).get(row[0][0]) if row else None

    def ds_floor(self, actor: Actor, activity_id: int) -> tuple[int, list[str]]:
        """The severity floor of an activity for a confidentiality breach, and what sets it."""
        with self.db.read() as cur:
            pa = _activity(cur, activity_id)
            require(actor, "read", pa["department"], pa["responsible"])
            cats, classes = _activity_profile(cur, pa)
        return (dpia.severity_floor(cats, pa["subject_categories"], classes),
                dpia.floor_reasons(cats, pa["subject_categories"], classes))

    def current(self, actor: Actor, system_id: int) -> Assessment | None:
        with self.db.read() as cur:
            self._check_read(cur, actor, system_id)
            row = cur.execute("SELECT id FROM assessments WHERE system_id = ? AND is_current", [system_id]).fetchall()
            return Assessments(cur).get(row[0][0]) if row else None

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
            row = cur.execute(
                "SELECT id FROM assessments WHERE system_id = ? AND NOT is_current ORDER BY created_at DESC, id DESC "
                "LIMIT 1",
                [system_id],
            ).fetchone()
            return self._summary(cur, Assessments(cur).get(row[0])) if row else None

    def _summary(self, cur, a: Assessment) -> AssessmentSummary:
        # Levels from the municipality's matrix, like every other picture; an assessment on
        # another scale size can only be read in the matrix it was scored on.
        preset = self.preset_of(a)
        if preset.size != a.scale_size:
            preset = get_preset(a.preset_id)
        lines = RiskLines(cur).for_assessment(a.id)
        inherent = dict.fromkeys((lvl.key for lvl in preset.levels), 0)
        residual = dict(inherent)
        for ln in lines:
            lvl = preset.level_or_none(ln.likelihood, ln.consequence)
            if lvl:
                inherent[lvl.key] += 1
            res = preset.level_or_none(*ln.residual)
            if res:
                residual[res.key] += 1
        approval = None
        if a.status == "godkendt":
            approval = cur.execute(
                "SELECT approved_at, approver_name, on_behalf_of FROM approvals "
                "WHERE assessment_id = ? AND outdated_at IS NULL ORDER BY id DESC LIMIT 1",
                [a.id],
            ).fetchone()
        return AssessmentSummary(
            id=a.id, system_id=a.system_id, year=a.year, status=a.status, is_current=a.is_current,
            preset_id=preset.id, created_at=a.created_at, lines=len(lines),
            scored=sum(1 for ln in lines if ln.likelihood is not None and ln.consequence is not None),
            inherent=inherent, residual=residual,
            approved_at=approval[0] if approval else None,
            approved_by=approval[1] if approval else "",
            on_behalf_of=approval[2] if approval else "",
        )

    def ranked_catalogue(self, actor: Actor, system_id: int) -> list[tuple[dict, int | None, bool]]:
        """The visible catalogue ranked for a system (model.proposal): (threat, relevance, proposed)."""
        with self.db.read() as cur:
            self._check_read(cur, actor, system_id)
            system = Systems(cur).get(system_id)
            cur.execute("SELECT * FROM threats WHERE NOT hidden ORDER BY category, code")
            return proposal(system, rows_as_dicts(cur))

    def ranked_catalogue_for_activity(self, actor: Actor, activity_id: int) -> list[tuple[dict, int | None, bool]]:
        """The visible catalogue ranked for the data subjects of a processing activity (dpia.activity_proposal)."""
        with self.db.read() as cur:
            pa = _activity(cur, activity_id)
            require(actor, "read", pa["department"], pa["responsible"])
            profile = activity_profile(cur, pa)
            cur.execute("SELECT * FROM threats WHERE NOT hidden ORDER BY category, code")
            return dpia.activity_proposal(profile, rows_as_dicts(cur))

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
        year = year_of(year) or date.today().year
        with unit_of_work(self.db, actor) as uow:
            preset = self.settings.preset()  # under the write lock: a preset change cannot slip in between
            system = uow.systems.get(system_id)
            require(actor, "assessment.write", system.department, system.owner)
            if system.status != "aktiv":
                raise ValidationError(f"Systemet '{system.name}' er udfaset og kan ikke vurderes", "system")
            previous = uow.cur.execute(
                "SELECT id, scale_size FROM assessments WHERE system_id = ? AND is_current", [system_id]
            ).fetchone()
            if previous:
                versioned_update(uow.cur, "assessments", previous[0], {"is_current": False}, actor.username)
            new_id = uow.assessments.insert(
                {"system_id": system_id, "year": year, "preset_id": preset.id, "scale_size": preset.size,
                 "created_by": actor.username, "updated_by": actor.username}
            )
            if previous and previous[1] == preset.size:
                for line in uow.lines.for_assessment(previous[0]):
                    values = {k: getattr(line, k) for k in _COPY_FIELDS}
                    uow.lines.insert({**values, "assessment_id": new_id, "updated_by": actor.username})
                source = {"previous_assessment": previous[0]}
            else:  # the catalogue ranked by the system's profile: the most relevant, in order
                pos = 0
                for t, _, chosen in proposal(system, self._catalogue_rows(uow)):
                    if chosen:
                        pos += 1
                        self._insert_catalogue_line(uow, new_id, t, pos)
                source = {"preselected": pos}
            uow.audit("create", "assessments", new_id, None,
                      {"system_id": system_id, "year": year, "preset": preset.id, **source})
        return new_id

    def start_activity(self, actor: Actor, activity_id: int, year: int | None = None) -> int:
        """Start a data-subject assessment of a processing activity. A previous one is kept and its
        lines carried over; otherwise the catalogue threats most relevant to its data subjects are preselected."""
        year = year_of(year) or date.today().year
        preset = dpia.ds_preset()
        with unit_of_work(self.db, actor) as uow:
            pa = _activity(uow.cur, activity_id)
            require(actor, "assessment.write", pa["department"], pa["responsible"])
            if pa["status"] != "aktiv":
                raise ValidationError(f"Behandlingsaktiviteten '{pa['name']}' er ophørt og kan ikke vurderes",
                                      "activity")
            previous = uow.cur.execute(
                "SELECT id FROM assessments WHERE activity_id = ? AND is_current", [activity_id]).fetchall()
            if previous:
                versioned_update(uow.cur, "assessments", previous[0][0], {"is_current": False}, actor.username)
            new_id = uow.assessments.insert(
                {"system_id": None, "activity_id": activity_id, "lens": "ds", "year": year, "preset_id": preset.id,
                 "scale_size": preset.size, "created_by": actor.username, "updated_by": actor.username}
            )
            if previous:
                for line in uow.lines.for_assessment(previous[0][0]):
                    values = {k: getattr(line, k) for k in _COPY_FIELDS}
                    uow.lines.insert({**values, "assessment_id": new_id, "updated_by": actor.username})
                source = {"previous_assessment": previous[0][0]}
            else:  # the catalogue ranked by the activity's profile: the most relevant to its data subjects, in order
                pos = 0
                profile = activity_profile(uow.cur, pa)
                for t, _, chosen in dpia.activity_proposal(profile, self._catalogue_rows(uow)):
                    if chosen:
                        pos += 1
                        self._insert_catalogue_line(uow, new_id, t, pos)
                source = {"preselected": pos}
            uow.audit("create", "assessments", new_id, None,
                      {"activity_id": activity_id, "lens": "ds", "year": year, "preset": preset.id, **source})
        return new_id

    @staticmethod
    def _catalogue_rows(uow: UnitOfWork) -> list[dict]:
        uow.cur.execute("SELECT * FROM threats WHERE NOT hidden ORDER BY category, code")
        return rows_as_dicts(uow.cur)

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
            raise ValidationError("Vurderingen er afløst af en nyere og kan ikke ændres", "assessment")
        if a.lens == "ds":
            return a, sc.department
        size = self.settings.preset().size
        if a.scale_size != size:
            raise ValidationError(
                f"Vurderingen er lavet på en {a.scale_size}-trinsskala, men kommunen bruger nu {size} trin. "
                "Start en ny vurdering af systemet for at score på den nye skala.",
                "assessment",
            )
        return a, sc.department

    @staticmethod
    def _live_line(uow: UnitOfWork, line_id: int) -> dict:
        row = uow.lines.get_row(line_id)
        if row["removed"]:
            raise ValidationError(
                f"Truslen '{row['threat_title']}' er fjernet fra vurderingen og kan ikke ændres", "line"
            )
        return row

    def _next_position(self, uow: UnitOfWork, assessment_id: int) -> int:
        return uow.cur.execute(
            "SELECT coalesce(max(position), 0) + 1 FROM risk_lines WHERE assessment_id = ?", [assessment_id]
        ).fetchone()[0]

    def add_threat(self, actor: Actor, assessment_id: int, threat_id: int) -> int:
        """Add a catalogue threat (a copy of it) to the assessment."""
        with unit_of_work(self.db, actor) as uow:
            self._assessment_for_write(uow, assessment_id)
            uow.cur.execute("SELECT * FROM threats WHERE id = ?", [threat_id])
            rows = rows_as_dicts(uow.cur)
            if not rows:
                raise NotFoundError(f"Truslen med id {threat_id} findes ikke i kataloget")
            dup = uow.cur.execute(
                "SELECT count(*) FROM risk_lines WHERE assessment_id = ? AND threat_id = ? AND NOT removed",
                [assessment_id, threat_id],
            ).fetchone()[0]
            if dup:
                raise ValidationError(f"Truslen '{rows[0]['title']}' er allerede med i vurderingen", "threat")
            line_id = self._insert_catalogue_line(uow, assessment_id, rows[0], self._next_position(uow, assessment_id))
            uow.audit("add_threat", "risk_lines", line_id, None,
                      {"assessment_id": assessment_id, "threat_code": rows[0]["code"]})
            outdate_approval(uow, assessment_id, f"{rows[0]['code']} {rows[0]['title']} tilføjet")
        return line_id

    def add_custom(self, actor: Actor, assessment_id: int, data: ThreatInput) -> int:
        """A threat that exists only in this assessment."""
        values = validate_threat(data)
        with unit_of_work(self.db, actor) as uow:
            self._assessment_for_write(uow, assessment_id)
            n = uow.cur.execute(
                "SELECT count(*) FROM risk_lines WHERE assessment_id = ? AND custom", [assessment_id]
            ).fetchone()[0]
            line_id = uow.lines.insert(
                {"assessment_id": assessment_id, "threat_id": None, "threat_code": f"EGEN-{n + 1}",
                 "threat_title": values["title"], "threat_description": values["description"],
                 "category": values["category"], "harms_c": values["harms_c"], "harms_i": values["harms_i"],
                 "harms_a": values["harms_a"], "custom": True,
                 "position": self._next_position(uow, assessment_id), "updated_by": actor.username}
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
        if not isinstance(changes, dict):
            raise ValidationError("Ændringerne skal angives felt for felt", "changes")
        if not changes:
            raise ValidationError("Ingen ændringer at gemme", "changes")
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
        if not isinstance(changes, dict) or not isinstance(seen, dict):
            raise ValidationError("Ændringerne skal angives felt for felt", "changes")
        if not changes:
            raise ValidationError("Ingen ændringer at gemme", "changes")
        unseen = [k for k in changes if k not in seen]
        if unseen:
            raise ValidationError(
                f"Feltet '{FIELD_LABELS_DA.get(unseen[0], unseen[0])}' mangler den værdi, du så før ændringen",
                unseen[0])
        with unit_of_work(self.db, actor) as uow:
            row = self._live_line(uow, line_id)
            a, _ = self._assessment_for_write(uow, row["assessment_id"])
            preset = self.preset_of(a)
            clean = validate_line_changes(changes, preset, a.lens)
            diff = {k: v for k, v in clean.items() if row[k] != v}
            conflicts = []
            for key, value in diff.items():
                if _seen_value(seen[key], key, preset, a.lens) == row[key]:
                    continue
                who, when = last_field_change(uow.cur, row, key)
                if who == actor.username:
                    continue
                conflicts.append(FieldConflict(key, value, row[key], seen[key], display_name(uow.cur, who), when))
            if conflicts:
                names = ", ".join(FIELD_LABELS_DA.get(c.field, c.field) for c in conflicts)
                raise FieldConflictError(
                    f"{names} er ændret af {conflicts[0].by}, efter du så feltet. Intet er gemt: vælg, hvilken "
                    "værdi der skal gælde.", conflicts)
            if not diff:
                return row["version"]
            if row["residual_review"] and {"residual_likelihood", "residual_consequence"} & set(diff):
                diff["residual_review"] = False  # rescoring the residual is the review a done measure asked for
            return apply_line_changes(uow, row, row["version"], diff)

    def accept_risk(self, actor: Actor, line_id: int, expected_version: int, accepted_by: str,
                    accepted_on: date | str | None, reference: str, expires: date | str | None = None) -> int:
        """Record the explicit acceptance of a line's residual risk: who, when, which decision, until when."""
        version_of(expected_version)
        values = {
            "accepted_by": text(accepted_by, "Accepteret af", max_len=200, required=True),
            "accepted_on": as_date(accepted_on, "Dato for accept"),
            "acceptance_ref": text(reference, "Henvisning til beslutningen", max_len=500, required=True),
            "acceptance_expires": as_date(expires, "Accepten udløber"),
        }
        if values["accepted_on"] is None:
            raise ValidationError("Dato for accept skal udfyldes", "accepted_on")
        if values["accepted_on"] > date.today():
            raise ValidationError("Dato for accept kan ikke ligge i fremtiden", "accepted_on")
        if values["acceptance_expires"] is not None and values["acceptance_expires"] <= values["accepted_on"]:
            raise ValidationError("Accepten skal udløbe efter datoen for accept", "acceptance_expires")
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


def apply_line_changes(uow: UnitOfWork, row: dict, expected_version: int, clean: dict, action: str = "update") -> int:
    """Write validated changes to a live line (version-checked) and audit them.

    A change to a score, the treatment or the acceptance of an approved assessment makes
    its approval outdated and returns the assessment to review.
    """
    diff = {k: v for k, v in clean.items() if row[k] != v}
    if not diff:
        check_version("risk_lines", row, expected_version)
        return row["version"]
    new_version = uow.lines.update(row["id"], expected_version, diff, uow.actor)
    uow.audit(action, "risk_lines", row["id"], {k: row[k] for k in diff}, diff)
    if set(diff) & set(SNAPSHOT_FIELDS):
        outdate_approval(uow, row["assessment_id"], f"{row['threat_code']} {row['threat_title']}")
    return new_version


_UNREADABLE = object()  # a seen value that cannot be a stored value: never equal to one


def _seen_value(value, key: str, preset: Preset, lens: str):
    """What the user saw, in the form the line stores it (a score as int, a date as date ...)."""
    try:
        return validate_line_changes({key: value}, preset, lens)[key]
    except ValidationError:
        return _UNREADABLE


def last_field_change(cur, row: dict, key: str) -> tuple[str, datetime | None]:
    """Who last changed one field of a line, and when (from the audit trail; else the line's last writer)."""
    found = cur.execute(
        "SELECT actor, \"at\" FROM audit_log WHERE entity = 'risk_lines' AND entity_id = ? "
        "AND json_exists(after_json, ?) ORDER BY id DESC LIMIT 1",
        [str(row["id"]), f"$.{key}"],
    ).fetchone()
    if found:
        return found[0], found[1]
    return row.get("updated_by") or "", row.get("updated_at")


def display_name(cur, username: str) -> str:
    """A person's name as shown to others (the account's display name), never a bare username if known."""
    found = cur.execute("SELECT display_name FROM users WHERE username = ?", [username]).fetchone()
    if found and found[0]:
        return found[0]
    if username == LOCAL_ACTOR.username:
        return LOCAL_ACTOR.display_name
    return username or "en anden"


def outdate_approval(uow: UnitOfWork, assessment_id: int, what: str) -> None:
    """An approved assessment whose scores change goes back to review; its approval is kept, marked outdated."""
    status = uow.cur.execute("SELECT status FROM assessments WHERE id = ?", [assessment_id]).fetchone()[0]
    if status != "godkendt":
        return
    uow.cur.execute(
        "UPDATE approvals SET outdated_at = current_timestamp, outdated_by = ?, outdated_reason = ? "
        "WHERE assessment_id = ? AND outdated_at IS NULL",
        [uow.actor.username, f"Ændret efter godkendelsen: {what}", assessment_id],
    )
    versioned_update(uow.cur, "assessments", assessment_id, {"status": "til_godkendelse"}, uow.actor.username)
    uow.audit("approval_outdated", "assessments", assessment_id, {"status": "godkendt"},
              {"status": "til_godkendelse", "changed": what})


def line_dict(line: RiskLine) -> dict:
    return asdict(line)


@dataclass(frozen=True)
class Scope:
    """Whose an assessment is: the department and owner access is checked against, and its name."""

    department: str
    owner: str
    name: str
    kind: str  # system | activity


def scope_of(cur, a: Assessment) -> Scope:
    if a.activity_id is not None:
        pa = _activity(cur, a.activity_id)
        return Scope(pa["department"], pa["responsible"], pa["name"], "activity")
    s = Systems(cur).get(a.system_id)
    return Scope(s.department, s.owner, s.name, "system")


def _activity(cur, activity_id: int) -> dict:
    cur.execute("SELECT * FROM activities WHERE id = ?", [activity_id])
    rows = rows_as_dicts(cur)
    if not rows:
        raise NotFoundError(f"Behandlingsaktiviteten med id {activity_id} findes ikke")
    return rows[0]


def _activity_profile(cur, pa: dict) -> tuple[list[str], list[str]]:
    """The personal data categories of an activity and of its systems, and its systems' classifications."""
    rows = cur.execute(
        "SELECT s.data_categories, s.classification FROM activity_systems x JOIN systems s ON s.id = x.system_id "
        "WHERE x.activity_id = ?", [pa["id"]]).fetchall()
    cats = list(pa["data_categories"]) + [c for r in rows for c in r[0]]
    return cats, [r[1] for r in rows]


def activity_profile(cur, pa: dict) -> dpia.ActivityProfile:
    """What ranks the catalogue for an activity: its personal data and data subjects, and its systems."""
    ids = [r[0] for r in cur.execute(
        "SELECT system_id FROM activity_systems WHERE activity_id = ? ORDER BY system_id", [pa["id"]]).fetchall()]
    systems = Systems(cur)
    return dpia.ActivityProfile(tuple(pa["data_categories"]), tuple(pa["subject_categories"]),
                                pa["subjects_band"] or "", tuple(systems.get(i) for i in ids))


def activity_floor(cur, activity_id: int) -> int:
    pa = _activity(cur, activity_id)
    cats, classes = _activity_profile(cur, pa)
    return dpia.severity_floor(cats, pa["subject_categories"], classes)
