"""Dispensations (afvigelser): a documented deviation from a requirement of the information
security handbook or an Annex A control, for one system, with the alternative safeguards
and an expiry date, as the policy demands.

Life cycle: anmodet (requested) -> godkendt or afvist by the committee chair
(udvalgsformand) -> udloebet once the expiry date has passed (derived from the date, never
stored by a clock). A renewal is a new request that points at the one it renews and needs
its own approval; the old one keeps its dates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from riskmodel.domain import annex_a, review
from riskmodel.domain.dates import dk_today
from riskmodel.domain.errors import NotFoundError, Text, ValidationError, all_of
from riskmodel.domain.model import Actor
from riskmodel.services.common import as_date, audit_denials, choice, flag, read_scope, require, text, version_of
from riskmodel.store import dispensations as dispensation_store
from riskmodel.store.db import Database
from riskmodel.store.uow import UnitOfWork, unit_of_work
from riskmodel.store.versioned import check_version, versioned_update

REQUIREMENT_KINDS = ("haandbog", "annex_a")


@dataclass
class DispensationInput:
    system_id: int
    requested_by: str  # who asks (name)
    requirement_kind: str  # haandbog | annex_a
    requirement: str  # a handbook section ("4.3 Adgangsstyring") or an Annex A control id ("A.9.4.1")
    justification: str
    alternative_measures: str
    expires_on: date | str | None


def validate_dispensation(data: DispensationInput, requested_on: date) -> dict:
    """The request's values, checked; every problem of the form at once (one error naming each), not the first."""
    problems: list[ValidationError] = []

    def check(fn, *args, **kw):
        try:
            return fn(*args, **kw)
        except ValidationError as err:
            problems.append(err)
            return None

    if data.system_id is None:  # never "Systemet med id None findes ikke"
        problems.append(ValidationError("err.required", "System"))
    kind = check(choice, data.requirement_kind, "Krav (håndbog eller Annex A)", REQUIREMENT_KINDS)
    requirement = check(text, data.requirement, "Kravet, der afviges fra", max_len=300, required=True)
    if kind == "annex_a" and requirement:
        requirement = requirement.split()[0].upper()
        try:
            annex_a.control(requirement)
        except KeyError:  # an id that is not in the catalogue
            problems.append(ValidationError("err.dispensation.unknown_control", "requirement",
                                            control=data.requirement))
    requested_by = check(text, data.requested_by, "Hvem anmoder", max_len=200, required=True)
    justification = check(text, data.justification, "Begrundelse", max_len=4000, required=True)
    alternative = check(text, data.alternative_measures, "Alternative sikringsforanstaltninger", max_len=4000,
                        required=True)
    expires = check(_expiry, data.expires_on, requested_on)
    if problems:
        raise all_of(problems)
    return {
        "requested_by": requested_by,
        "requirement_kind": kind,
        "requirement": requirement,
        "justification": justification,
        "alternative_measures": alternative,
        "expires_on": expires,
    }


def _expiry(value, requested_on: date) -> date:
    try:
        return review.check_dispensation_expiry(as_date(value, "Udløbsdato"), requested_on)
    except review.RuleError as err:
        raise ValidationError(err.key, "expires_on", **err.params) from None


@audit_denials
class DispensationService:
    def __init__(self, db: Database):
        self.db = db

    # -- reads -------------------------------------------------------------------------
    @staticmethod
    def _row(cur, dispensation_id: int) -> dict:
        row = dispensation_store.get(cur, dispensation_id)
        if row is None:
            raise NotFoundError("err.dispensation.not_found", id=dispensation_id)
        return row

    def get(self, actor: Actor, dispensation_id: int, today: date | None = None) -> dict:
        with self.db.read() as cur:
            row = self._row(cur, dispensation_id)
        require(actor, "read", row["department"], row["owner"])
        row["state"], row["expiring"] = review.dispensation_state(row["status"], row["expires_on"], today or dk_today())
        return row

    def list(self, actor: Actor, today: date | None = None, system_id: int | None = None) -> pd.DataFrame:
        """Every dispensation the actor may see, with its effective state (an approved one past its expiry is
        udloebet), whether it expires within the warning window, and whether a later renewal exists."""
        today = today or dk_today()
        scope, params = read_scope(actor, "s.department", "s.owner")
        with self.db.read() as cur:
            df = dispensation_store.listing(cur, scope, params, system_id)
        states = [review.dispensation_state(st, exp, today) for st, exp in zip(df["status"], df["expires_on"],
                                                                                  strict=True)]
        df["state"] = [s for s, _ in states]
        df["expiring"] = pd.Series([soon for _, soon in states], index=df.index, dtype=bool)
        df["days_left"] = [(exp - today).days for exp in df["expires_on"]]
        return df

    # -- writes --------------------------------------------------------------------------
    def _system(self, uow: UnitOfWork, system_id: int):
        s = uow.systems.get(system_id)
        require(uow.actor, "dispensation.request", s.department, s.owner)
        if s.status != "aktiv":
            raise ValidationError("err.dispensation.system_retired", "system_id", name=s.name)
        return s

    def request(self, actor: Actor, data: DispensationInput, today: date | None = None,
                renews_id: int | None = None) -> int:
        today = today or dk_today()
        values = validate_dispensation(data, today)
        with unit_of_work(self.db, actor) as uow:
            self._system(uow, data.system_id)
            if renews_id is not None:
                self._row(uow.cur, renews_id)  # NotFoundError: a renewal points at a dispensation that exists
            new_id = dispensation_store.insert(uow.cur, data.system_id, today, values, renews_id, actor.username)
            uow.audit("create", "dispensations", new_id, None,
                      {**values, "system_id": data.system_id, "requested_on": today, "renews_id": renews_id})
            return new_id

    def update(self, actor: Actor, dispensation_id: int, expected_version: int, data: DispensationInput) -> int:
        """Change a request before it is decided."""
        version_of(expected_version)
        with unit_of_work(self.db, actor) as uow:
            row = self._row(uow.cur, dispensation_id)
            require(actor, "dispensation.request", row["department"], row["owner"])
            if row["status"] != "anmodet":
                raise ValidationError("err.dispensation.only_open_edit", "status")
            if data.system_id != row["system_id"]:
                self._system(uow, data.system_id)
            values = validate_dispensation(data, row["requested_on"])
            values["system_id"] = data.system_id
            return self._write(uow, row, expected_version, values, "update")

    def decide(self, actor: Actor, dispensation_id: int, expected_version: int, approve: bool, note: str = "",
               today: date | None = None) -> int:
        """The committee chair approves or rejects a request (a rejection needs a reason)."""
        version_of(expected_version)
        today = today or dk_today()
        require(actor, "dispensation.decide")
        approve = flag(approve, "Godkend (afgørelse)")
        note = text(note, "Bemærkning til afgørelsen", max_len=2000, required=not approve)
        with unit_of_work(self.db, actor) as uow:
            row = self._row(uow.cur, dispensation_id)
            if row["status"] != "anmodet":
                raise ValidationError("err.dispensation.already", "status",
                                      status=Text(f"err.dispensation.status.{row['status']}"))
            if approve and row["expires_on"] < today:
                raise ValidationError("err.dispensation.expired", "expires_on")
            values = {"status": "godkendt" if approve else "afvist", "decided_by": actor.display_name,
                      "decided_on": today, "decision_note": note}
            return self._write(uow, row, expected_version, values, "decide")

    def renew(self, actor: Actor, dispensation_id: int, expires_on, justification: str | None = None,
              alternative_measures: str | None = None, today: date | None = None) -> int:
        """A new request for a dispensation that is (or was) approved, with a new expiry date; it needs a new
        approval."""
        with self.db.read() as cur:
            row = self._row(cur, dispensation_id)
        require(actor, "dispensation.request", row["department"], row["owner"])
        if row["status"] != "godkendt":
            raise ValidationError("err.dispensation.renew_only_approved", "status")
        data = DispensationInput(
            system_id=row["system_id"], requested_by=actor.display_name, requirement_kind=row["requirement_kind"],
            requirement=row["requirement"],
            justification=row["justification"] if justification is None else justification,
            alternative_measures=row["alternative_measures"] if alternative_measures is None else alternative_measures,
            expires_on=expires_on,
        )
        return self.request(actor, data, today, renews_id=dispensation_id)

    @staticmethod
    def _write(uow: UnitOfWork, row: dict, expected_version: int, values: dict, action: str) -> int:
        check_version("dispensations", row, expected_version)
        version = versioned_update(uow.cur, "dispensations", row["id"], values, uow.actor.username, expected_version)
        uow.audit(action, "dispensations", row["id"], {k: row[k] for k in values}, values)
        return version
