"""The treatment plan (handlingsplan): every planned measure across systems and processing
activities, with owner, deadline, status and the Annex A controls it implements.

A measure is the planned measure of a risk line (what, who, by when). Marking it done
(gennemført) flags the line for a review of its residual scores; the flag clears when
someone rescores the residual or confirms the scores as they are.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from riskmodel.domain import annex_a, review
from riskmodel.domain.dates import dk_today
from riskmodel.domain.dpia import ds_preset
from riskmodel.domain.errors import ValidationError
from riskmodel.domain.model import Actor
from riskmodel.services.assessments import apply_line_changes, scope_of, validate_line_changes
from riskmodel.services.common import as_date, audit_denials, choice, require, scope_key, text, version_of
from riskmodel.services.review import cached_lines, level_index
from riskmodel.services.settings import SettingsService
from riskmodel.store.db import Database
from riskmodel.store.uow import unit_of_work

STATUS_DA = {"planlagt": "planlagt", "i_gang": "i gang", "gennemfoert": "gennemført", "udskudt": "udskudt"}

PLAN_COLUMNS = [
    "line_id", "version", "assessment_id", "lens", "entity_id", "entity_name", "department", "owner", "threat",
    "measure", "measure_owner", "deadline", "status", "controls", "done_on", "overdue", "residual_review",
    "level", "res_level", "res_likelihood", "res_consequence",
]


def known_control(control_id: str) -> bool:
    """Whether the id is a control of the Annex A catalogue (``annex_a.control`` raises KeyError otherwise)."""
    try:
        annex_a.control(control_id)
    except KeyError:
        return False
    return True


def check_controls(values) -> list[str]:
    """Annex A control ids, each known to the catalogue (data/annex_a.json); duplicates dropped."""
    out = []
    for v in values or []:
        cid = str(v).strip().upper()
        if not cid:
            continue
        if not known_control(cid):
            raise ValidationError("err.treatment.unknown_control", "measure_controls", control=v)
        if cid not in out:
            out.append(cid)
    return out


@audit_denials
class TreatmentService:
    def __init__(self, db: Database, settings: SettingsService):
        self.db = db
        self.settings = settings

    def plan(self, actor: Actor, today: date | None = None) -> pd.DataFrame:
        """Every measure (a risk line with a planned measure) the actor may see, by deadline."""
        today = today or dk_today()
        return self.db.cached(("treatment.plan", today, scope_key(actor)), lambda: self._plan(actor, today)).copy()

    def _plan(self, actor: Actor, today: date) -> pd.DataFrame:
        presets = {"org": self.settings.preset(), "ds": ds_preset()}
        rows = []
        for ln, meta in cached_lines(self.db, actor):
            if not ln.planned_measures.strip():
                continue
            p = presets[meta["lens"]]
            res = ln.residual
            rows.append({
                **meta, "line_id": ln.id, "version": ln.version, "assessment_id": ln.assessment_id,
                "threat": f"{ln.threat_code} {ln.threat_title}", "measure": ln.planned_measures,
                "measure_owner": ln.measure_owner, "deadline": ln.measure_deadline, "status": ln.measure_status,
                "controls": list(ln.measure_controls), "done_on": ln.measure_done_on,
                "overdue": review.measure_overdue(ln.measure_deadline, ln.measure_status, today),
                "residual_review": ln.residual_review,
                "level": level_index(p, ln.likelihood, ln.consequence), "res_level": level_index(p, *res),
                "res_likelihood": res[0], "res_consequence": res[1],
            })
        df = pd.DataFrame(rows, columns=PLAN_COLUMNS)
        if not df.empty:
            df = df.sort_values(["deadline", "entity_name", "line_id"], na_position="last").reset_index(drop=True)
        return df

    def update_measure(self, actor: Actor, line_id: int, expected_version: int, *, status: str | None = None,
                       controls: list[str] | None = None, owner: str | None = None, deadline=None,
                       measure: str | None = None, today: date | None = None) -> int:
        """Change a measure's status, controls, owner, deadline or text. Setting it to gennemført records the
        date and asks for the residual scores to be reviewed."""
        version_of(expected_version)
        today = today or dk_today()
        changes: dict = {}
        if measure is not None:
            changes["planned_measures"] = text(measure, "Foranstaltning", max_len=4000)
        if owner is not None:
            changes["measure_owner"] = text(owner, "Ansvarlig for foranstaltningen", max_len=200)
        if deadline is not None:
            changes["measure_deadline"] = as_date(deadline, "Frist") if deadline != "" else None
        if controls is not None:
            changes["measure_controls"] = check_controls(controls)
        with unit_of_work(self.db, actor) as uow:
            row = uow.lines.get_row(line_id)
            if row["removed"]:
                raise ValidationError("err.treatment.line_removed", "line")
            a = uow.assessments.get(row["assessment_id"])
            sc = scope_of(uow.cur, a)
            require(actor, "assessment.write", sc.department, sc.owner)
            if not a.is_current:
                raise ValidationError("err.treatment.superseded", "assessment")
            if not (changes.get("planned_measures", row["planned_measures"]) or "").strip() and status:
                raise ValidationError("err.treatment.describe_first", "planned_measures")
            if status is not None:
                status = choice(status, "Status for foranstaltningen", review.MEASURE_STATUSES)
                if status != row["measure_status"]:
                    changes["measure_status"] = status
                    if status == "gennemfoert":
                        changes["measure_done_on"] = today
                        changes["residual_review"] = True
                    elif row["measure_status"] == "gennemfoert":
                        changes["measure_done_on"] = None
                        changes["residual_review"] = False
            if not changes:
                raise ValidationError("err.treatment.no_changes", "changes")
            return apply_line_changes(uow, row, expected_version, changes, action="update_measure")

    def confirm_residual(self, actor: Actor, line_id: int, expected_version: int,
                         residual_likelihood: int | None = None, residual_consequence: int | None = None) -> int:
        """Close the residual review after a measure was done: with new residual scores, or (both None) by
        confirming the scores as they are."""
        version_of(expected_version)
        with unit_of_work(self.db, actor) as uow:
            row = uow.lines.get_row(line_id)
            a = uow.assessments.get(row["assessment_id"])
            sc = scope_of(uow.cur, a)
            require(actor, "assessment.write", sc.department, sc.owner)
            if row["removed"] or not a.is_current:
                raise ValidationError("err.treatment.line_closed", "line")
            changes = {"residual_review": False}
            if residual_likelihood is not None or residual_consequence is not None:
                preset = ds_preset() if a.lens == "ds" else self.settings.preset()
                changes.update(validate_line_changes({"residual_likelihood": residual_likelihood,
                                                      "residual_consequence": residual_consequence}, preset, a.lens))
            return apply_line_changes(uow, row, expected_version, changes, action="confirm_residual")
