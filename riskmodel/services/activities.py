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
from riskmodel.domain.errors import NotFoundError, PermissionDenied, ValidationError
from riskmodel.domain.model import ACTIVITY_STATUSES, DATA_CATEGORIES, SUBJECT_BANDS, Activity, ActivityInput, Actor
from riskmodel.services.common import as_date, audit_denials, choice, flag, read_scope, require, text, version_of
from riskmodel.store.db import Database
from riskmodel.store.uow import UnitOfWork, rows_as_dicts, rows_as_frame, unit_of_work
from riskmodel.store.versioned import check_version, versioned_update

FIELDS = ("name", "purpose", "department", "responsible", "legal_bases", "data_categories", "subject_categories",
          "subjects_band")


def _codes(values, field: str, allowed: tuple[str, ...], *, required: bool) -> list[str]:
    if isinstance(values, str) or not all(isinstance(v, str) for v in values or []):
        raise ValidationError(f"{field}: vælg fra listen", field)
    out = list(dict.fromkeys(values or []))
    if required and not out:
        raise ValidationError(f"{field}: vælg mindst én", field)
    for v in out:
        choice(v, field, allowed)
    return out


def validate_activity(data: ActivityInput) -> dict:
    cats = _codes(data.data_categories, "Kategorier af personoplysninger", tuple(c for c in DATA_CATEGORIES if c != "ingen"),
                  required=True)
    return {
        "name": text(data.name, "Behandlingsaktivitetens navn", max_len=200, required=True),
        "purpose": text(data.purpose, "Formål", max_len=4000, required=True),
        "department": text(data.department, "Afdeling", max_len=200, required=True),
        "responsible": text(data.responsible, "Ansvarlig leder", max_len=200, required=True),
        "legal_bases": _codes(data.legal_bases, "Retsgrundlag", dpia.keys("legal_bases"), required=True),
        "data_categories": cats,
        "subject_categories": _codes(data.subject_categories, "Kategorier af registrerede",
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
        cur.execute("SELECT * FROM activities WHERE id = ?", [activity_id])
        rows = rows_as_dicts(cur)
        if not rows:
            raise NotFoundError(f"Behandlingsaktiviteten med id {activity_id} findes ikke")
        return rows[0]

    @staticmethod
    def _system_ids(cur, activity_id: int) -> list[int]:
        cur.execute("SELECT system_id FROM activity_systems WHERE activity_id = ? ORDER BY system_id", [activity_id])
        return [r[0] for r in cur.fetchall()]

    def get(self, actor: Actor, activity_id: int) -> Activity:
        with self.db.read() as cur:
            row = self._row(cur, activity_id)
            require(actor, "read", row["department"], row["responsible"])
            ids = self._system_ids(cur, activity_id)
        names = {f for f in Activity.__dataclass_fields__}
        return Activity(**{k: v for k, v in row.items() if k in names}, system_ids=ids)

    def list(self, actor: Actor, include_ended: bool = False) -> pd.DataFrame:
        """Every activity the actor may see, with its screening conclusion, DPIA status and systems."""
        scope, params = read_scope(actor, "a.department", "a.responsible")
        with self.db.read() as cur:
            cur.execute(
                f"""
                SELECT a.id, a.name, a.department, a.responsible, a.status, a.subjects_band, a.data_categories,
                       a.subject_categories, a.dpia_done, a.dpia_date, a.dpia_ref, a.version,
                       coalesce((SELECT list(s.name ORDER BY s.name) FROM activity_systems x
                                 JOIN systems s ON s.id = x.system_id WHERE x.activity_id = a.id), []) AS systems,
                       (SELECT map(list(criterion), list(answer)) FROM screening_answers sa
                        WHERE sa.activity_id = a.id) AS answers,
                       (SELECT status FROM assessments WHERE activity_id = a.id AND is_current) AS ds_status
                FROM activities a WHERE {scope} {"" if include_ended else "AND a.status = 'aktiv'"}
                ORDER BY a.name, a.id
                """,
                params,
            )
            df = rows_as_frame(cur)
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
            ids = {r[0] for r in cur.execute(
                "SELECT activity_id FROM activity_systems WHERE system_id = ?", [system_id]).fetchall()}
        return df[df["id"].isin(ids)] if not df.empty else df

    def screening(self, actor: Actor, activity_id: int) -> tuple[dict[str, dict], dpia.Screening]:
        """The answers (criterion -> {answer, note, updated_by, updated_at}) and the conclusion."""
        with self.db.read() as cur:
            row = self._row(cur, activity_id)
            require(actor, "read", row["department"], row["responsible"])
            cur.execute("SELECT criterion, answer, note, updated_by, updated_at FROM screening_answers "
                        "WHERE activity_id = ?", [activity_id])
            answers = {r["criterion"]: r for r in rows_as_dicts(cur)}
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
            raise ValidationError("Systemer: angiv systemerne ved deres id", "systems")
        ids = sorted({int(i) for i in system_ids or []})
        wanted = sorted(set(ids) | set(before_ids))
        found = {r[0]: (r[1], r[2]) for r in uow.cur.execute(
            "SELECT id, department, owner FROM systems WHERE list_contains(?, id)", [wanted]).fetchall()} if wanted else {}
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
                raise PermissionDenied(
                    f"{actor.display_name} kan kun knytte systemer fra egne afdelinger og egne systemer til en "
                    f"behandlingsaktivitet: systemet med id {sid} findes ikke eller er uden for rækkevidde")
            if sid not in found:
                raise ValidationError(f"Systemet med id {sid} findes ikke", "systems")
        if actor.role == "leder":
            hidden = [sid for sid in before_ids if not reachable(sid)]
            ids = sorted(set(ids) | set(hidden))
        return ids

    def _set_systems(self, uow: UnitOfWork, activity_id: int, ids: list[int]) -> None:
        uow.cur.execute("DELETE FROM activity_systems WHERE activity_id = ?", [activity_id])
        for sid in ids:
            uow.cur.execute("INSERT INTO activity_systems VALUES (?, ?)", [activity_id, sid])

    def create(self, actor: Actor, data: ActivityInput, system_ids=()) -> int:
        values = validate_activity(data)
        # Own departments only: naming oneself responsible does not open another department (as for systems).
        require(actor, "activity.write", values["department"])
        with unit_of_work(self.db, actor) as uow:
            ids = self._check_systems(uow, system_ids)
            cols = list(values)
            uow.cur.execute(
                f"INSERT INTO activities ({', '.join(cols)}, created_by, updated_by) "
                f"VALUES ({', '.join('?' for _ in cols)}, ?, ?) RETURNING id",
                [*values.values(), actor.username, actor.username],
            )
            new_id = uow.cur.fetchone()[0]
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
            uow.cur.execute("SELECT answer, note FROM screening_answers WHERE activity_id = ? AND criterion = ?",
                            [activity_id, criterion])
            old = rows_as_dicts(uow.cur)
            before = old[0] if old else None
            if before == ({"answer": answer, "note": note} if answer else None):
                return expected_version
            uow.cur.execute("DELETE FROM screening_answers WHERE activity_id = ? AND criterion = ?",
                            [activity_id, criterion])
            if answer:
                uow.cur.execute("INSERT INTO screening_answers (activity_id, criterion, answer, note, updated_by) "
                                "VALUES (?, ?, ?, ?, ?)", [activity_id, criterion, answer, note, actor.username])
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
            raise ValidationError("En gennemført konsekvensanalyse skal have en dato og en henvisning", "dpia_date")
        if done and when > date.today():
            raise ValidationError("Dato for konsekvensanalyse kan ikke ligge i fremtiden", "dpia_date")
        values = {"dpia_done": done, "dpia_date": when if done else None, "dpia_ref": ref if done else ""}
        with unit_of_work(self.db, actor) as uow:
            row = self._for_write(uow, activity_id, expected_version)
            new_version = self._bump(uow, activity_id, values)
            uow.audit("dpia", "activities", activity_id, {k: row[k] for k in values}, values)
        return new_version


def activity_to_input(a: Activity) -> ActivityInput:
    return ActivityInput(**{k: v for k, v in asdict(a).items() if k in FIELDS})
