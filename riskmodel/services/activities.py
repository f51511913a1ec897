"""Processing activities (behandlingsaktiviteter), their systems, DPIA screening and DPIA record.

Access follows the systems: a leder acts on the activities of their own departments or
those they are responsible for; every read checks the same.
"""

from __future__ import annotations

import numbers
from dataclasses import asdict
from datetime import date

import pandas as pd

from riskmodel.domain import dpia
from riskmodel.domain.dates import dk_today
from riskmodel.domain.errors import NotFoundError, PermissionDenied, Text, ValidationError
from riskmodel.domain.model import ACTIVITY_STATUSES, DATA_CATEGORIES, SUBJECT_BANDS, Activity, ActivityInput, Actor
from riskmodel.services.common import as_date, audit_denials, choice, flag, read_scope, require, text, version_of
from riskmodel.store import activities as activity_store
from riskmodel.store.db import Database
from riskmodel.store.queries import activities as activity_queries
from riskmodel.store.uow import UnitOfWork, unit_of_work
from riskmodel.store.versioned import check_version, versioned_update

FIELDS = ("name", "purpose", "department", "responsible", "legal_bases", "data_categories", "subject_categories",
          "subjects_band")
# The lists of codes an activity is described by, by the Danish name their errors give them (their field).
CODE_LABELS_DA = {
    "data_categories": "Kategorier af personoplysninger",
    "legal_bases": "Retsgrundlag",
    "subject_categories": "Kategorier af registrerede",
}


def activity_row(cur, activity_id: int) -> dict:
    """An activity's row by column name; :class:`NotFoundError` if there is no such id."""
    row = activity_store.row(cur, activity_id)
    if row is None:
        raise NotFoundError("err.activity.not_found", id=activity_id)
    return row


def _codes(values, key: str, allowed: tuple[str, ...], *, required: bool) -> list[str]:
    field, label = CODE_LABELS_DA[key], Text(f"err.activity.label.{key}")
    if isinstance(values, str) or not all(isinstance(v, str) for v in values or []):
        raise ValidationError("err.activity.pick_from_list", field, label=label)
    out = list(dict.fromkeys(values or []))
    if required and not out:
        raise ValidationError("err.activity.pick_one", field, label=label)
    for v in out:
        choice(v, field, allowed)
    return out


def validate_activity(data: ActivityInput) -> dict:
    cats = _codes(data.data_categories, "data_categories", tuple(c for c in DATA_CATEGORIES if c != "ingen"),
                  required=True)
    return {
        "name": text(data.name, "Behandlingsaktivitetens navn", max_len=200, required=True),
        "purpose": text(data.purpose, "Formål", max_len=4000, required=True),
        "department": text(data.department, "Afdeling", max_len=200, required=True),
        "responsible": text(data.responsible, "Ansvarlig leder", max_len=200, required=True),
        "legal_bases": _codes(data.legal_bases, "legal_bases", dpia.keys("legal_bases"), required=True),
        "data_categories": cats,
        "subject_categories": _codes(data.subject_categories, "subject_categories",
                                     dpia.keys("subject_categories"), required=True),
        "subjects_band": choice(data.subjects_band, "Antal registrerede", SUBJECT_BANDS),
    }


@audit_denials
class ActivityService:
    def __init__(self, db: Database):
        self.db = db

    # -- reads -----------------------------------------------------------------------
    @staticmethod
    def _row(cur, activity_id: int) -> dict:
        return activity_row(cur, activity_id)

    @staticmethod
    def _system_ids(cur, activity_id: int) -> list[int]:
        return activity_store.system_ids(cur, activity_id)

    def get(self, actor: Actor, activity_id: int) -> Activity:
        with self.db.read() as cur:
            row = self._row(cur, activity_id)
            require(actor, "read", row["department"], row["responsible"])
            ids = self._system_ids(cur, activity_id)
        names = {f for f in Activity.__dataclass_fields__}
        return Activity(**{k: v for k, v in row.items() if k in names}, system_ids=ids)

    def list(self, actor: Actor, include_ended: bool = False) -> pd.DataFrame:
        """Every activity the actor may see, with its screening conclusion, DPIA status and systems."""
        scope, params = read_scope(actor, *activity_queries.ACTIVITY_SCOPE)
        with self.db.read() as cur:
            df = activity_queries.activity_list(cur, scope, params, include_ended)
        results = [dpia.screen(dict(a) if a else {}) for a in df.get("answers", [])]
        df["conclusion"] = [r.conclusion for r in results]
        df["follow_up"] = [bool(r.unknown) for r in results]
        df["dpia_missing"] = [r.required and not done for r, done in zip(results, df.get("dpia_done", []), strict=True)]
        return df.drop(columns=["answers"])

    def dpia_missing(self, actor: Actor) -> pd.DataFrame:
        """Activities whose screening requires a DPIA and that have none recorded (the overview's flag)."""
        df = self.list(actor)
        return df[df["dpia_missing"]] if not df.empty else df

    def for_system(self, actor: Actor, system_id: int) -> pd.DataFrame:
        """The activities a system supports (those the actor may see)."""
        df = self.list(actor)
        with self.db.read() as cur:
            ids = activity_store.activity_ids_of_system(cur, system_id)
        return df[df["id"].isin(ids)] if not df.empty else df

    def screening(self, actor: Actor, activity_id: int) -> tuple[dict[str, dict], dpia.Screening]:
        """The answers (criterion -> {answer, note, updated_by, updated_at}) and the conclusion."""
        with self.db.read() as cur:
            row = self._row(cur, activity_id)
            require(actor, "read", row["department"], row["responsible"])
            answers = activity_queries.screening_answers(cur, activity_id)
        return answers, dpia.screen({k: v["answer"] for k, v in answers.items()})

    # -- writes ----------------------------------------------------------------------
    def _for_write(self, uow: UnitOfWork, activity_id: int, expected_version: int) -> dict:
        row = self._row(uow.cur, activity_id)
        require(uow.actor, "activity.write", row["department"], row["responsible"])
        check_version("activities", row, expected_version)
        return row

    def _bump(self, uow: UnitOfWork, activity_id: int, changes: dict) -> int:
        return versioned_update(uow.cur, "activities", activity_id, changes, uow.actor.username)

    @staticmethod
    def _check_systems(uow: UnitOfWork, system_ids, before_ids: list[int] = ()) -> list[int]:
        """The system ids to link, checked: each must exist, and a leder may link only systems within their
        reach (own departments or systems they own), as for the systems themselves. Links a leder cannot see
        (made by a coordinator) are kept as they are: the leder can neither add nor remove them. A leder gets
        the same answer for a system outside their reach as for one that does not exist."""
        if isinstance(system_ids, (str, bytes)) or any(
                isinstance(i, bool) or not isinstance(i, numbers.Integral) for i in system_ids or []):
            raise ValidationError("err.activity.systems_by_id", "systems")
        ids = sorted({int(i) for i in system_ids or []})
        found = activity_store.systems_reach(uow.cur, sorted(set(ids) | set(before_ids)))
        actor = uow.actor

        def reachable(sid: int) -> bool:
            if sid not in found:
                return False
            try:
                require(actor, "read", *found[sid])
            except PermissionDenied:
                return False
            return True

        for sid in ids:
            if sid in before_ids:
                continue
            if actor.role == "leder" and not reachable(sid):
                raise PermissionDenied("err.activity.system_out_of_reach", name=actor.display_name, id=sid)
            if sid not in found:
                raise ValidationError("err.activity.system_not_found", "systems", id=sid)
        if actor.role == "leder":
            hidden = [sid for sid in before_ids if not reachable(sid)]
            ids = sorted(set(ids) | set(hidden))
        return ids

    def _set_systems(self, uow: UnitOfWork, activity_id: int, ids: list[int]) -> None:
        activity_store.set_systems(uow.cur, activity_id, ids)

    def create(self, actor: Actor, data: ActivityInput, system_ids=()) -> int:
        values = validate_activity(data)
        # Own departments only: naming oneself responsible does not open another department (as for systems).
        require(actor, "activity.write", values["department"])
        with unit_of_work(self.db, actor) as uow:
            ids = self._check_systems(uow, system_ids)
            new_id = activity_store.insert(uow.cur, values, actor.username)
            self._set_systems(uow, new_id, ids)
            uow.audit("create", "activities", new_id, None, {**values, "systems": ids})
        return new_id

    def update(self, actor: Actor, activity_id: int, expected_version: int, data: ActivityInput, system_ids=()) -> int:
        version_of(expected_version)
        values = validate_activity(data)
        with unit_of_work(self.db, actor) as uow:
            row = self._for_write(uow, activity_id, expected_version)
            # Checked after the change too: a leder cannot move an activity out of their reach.
            require(actor, "activity.write", values["department"], values["responsible"])
            before_ids = self._system_ids(uow.cur, activity_id)
            ids = self._check_systems(uow, system_ids, before_ids)
            diff = {k: v for k, v in values.items() if row[k] != v}
            if not diff and ids == before_ids:
                return row["version"]
            new_version = self._bump(uow, activity_id, diff)
            self._set_systems(uow, activity_id, ids)
            before = {k: row[k] for k in diff}
            after = dict(diff)
            if ids != before_ids:
                before["systems"], after["systems"] = before_ids, ids
            uow.audit("update", "activities", activity_id, before, after)
        return new_version

    def set_status(self, actor: Actor, activity_id: int, expected_version: int, status: str) -> int:
        version_of(expected_version)
        status = choice(status, "Status", ACTIVITY_STATUSES)
        with unit_of_work(self.db, actor) as uow:
            row = self._for_write(uow, activity_id, expected_version)
            new_version = self._bump(uow, activity_id, {"status": status})
            uow.audit("status", "activities", activity_id, {"status": row["status"]}, {"status": status})
        return new_version

    def answer(self, actor: Actor, activity_id: int, expected_version: int, criterion: str, answer: str | None,
               note: str = "") -> int:
        """Answer one screening criterion (None clears it). The activity's version guards the screening."""
        version_of(expected_version)
        criterion = choice(criterion, "Kriterium", dpia.criterion_keys())
        answer = choice(answer, "Svar", dpia.ANSWERS, required=False)
        note = text(note, f"Note til '{dpia.label('criteria', criterion)}'", max_len=2000)
        with unit_of_work(self.db, actor) as uow:
            self._for_write(uow, activity_id, expected_version)
            before = activity_store.screening_answer(uow.cur, activity_id, criterion)
            if before == ({"answer": answer, "note": note} if answer else None):
                return expected_version
            activity_store.put_screening_answer(uow.cur, activity_id, criterion, answer, note, actor.username)
            new_version = self._bump(uow, activity_id, {})
            uow.audit("screening", "activities", activity_id, before and {"criterion": criterion, **before},
                      {"criterion": criterion, "answer": answer, "note": note})
        return new_version

    def record_dpia(self, actor: Actor, activity_id: int, expected_version: int, done: bool,
                    on: date | str | None = None, reference: str = "") -> int:
        """Record whether a DPIA was done, when, and where it is (a reference)."""
        version_of(expected_version)
        done = flag(done, "Konsekvensanalyse gennemført")
        when = as_date(on, "Dato for konsekvensanalyse")
        ref = text(reference, "Henvisning til konsekvensanalysen", max_len=500)
        if done and (when is None or not ref):
            raise ValidationError("err.activity.dpia_incomplete", "dpia_date")
        if done and when > dk_today():
            raise ValidationError("err.activity.dpia_future", "dpia_date")
        values = {"dpia_done": done, "dpia_date": when if done else None, "dpia_ref": ref if done else ""}
        with unit_of_work(self.db, actor) as uow:
            row = self._for_write(uow, activity_id, expected_version)
            new_version = self._bump(uow, activity_id, values)
            uow.audit("dpia", "activities", activity_id, {k: row[k] for k in values}, values)
        return new_version


def activity_to_input(a: Activity) -> ActivityInput:
    return ActivityInput(**{k: v for k, v in asdict(a).items() if k in FIELDS})
