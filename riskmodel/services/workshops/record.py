"""The assessment's record of a workshop: who took part (also added by hand), every vote, every agreed value."""

from __future__ import annotations

from datetime import date

import pandas as pd

from riskmodel.domain.dates import dk_today
from riskmodel.domain.errors import NotFoundError, ValidationError
from riskmodel.domain.model import PARTICIPANT_ROLES, Actor
from riskmodel.services.common import as_date, audit_denials, choice, text, version_of
from riskmodel.services.workshops.base import WorkshopBase, label
from riskmodel.store import workshops as repo
from riskmodel.store.queries import workshop as room
from riskmodel.store.uow import unit_of_work


@audit_denials
class RecordUseCases(WorkshopBase):
    def participants(self, actor: Actor, assessment_id: int) -> pd.DataFrame:
        """Who took part (joined a workshop or added by hand), with role and date."""
        with self.db.read() as cur:
            self._check(cur, actor, assessment_id, "read")
            return room.participants(cur, assessment_id)

    def add_participant(self, actor: Actor, assessment_id: int, name: str, role_title: str,
                        attended_on: date | str | None = None) -> int:
        """Record someone who took part without joining through a code (e.g. around the projector)."""
        who = text(name, label("name"), max_len=120, required=True)
        role = choice(role_title, label("role"), PARTICIPANT_ROLES)
        when = as_date(attended_on, label("date")) or dk_today()
        if when > dk_today():
            raise ValidationError("err.workshop.future_date", "attended_on")
        with unit_of_work(self.db, actor) as uow:
            self.assessments._assessment_for_write(uow, assessment_id)
            pid = repo.insert_participant(uow.cur, {
                "assessment_id": assessment_id, "name": who, "role_title": role, "attended_on": when,
                "updated_by": actor.username})
            uow.audit("add_participant", "participants", pid, None,
                      {"assessment_id": assessment_id, "name": who, "role_title": role, "attended_on": when})
        return pid

    def remove_participant(self, actor: Actor, participant_id: int, expected_version: int) -> None:
        version_of(expected_version)
        with unit_of_work(self.db, actor) as uow:
            p = room.participant(uow.cur, participant_id)
            if p is None or p["removed"]:
                raise NotFoundError("err.workshop.participant_not_found", id=participant_id)
            self.assessments._assessment_for_write(uow, p["assessment_id"])
            if p["version"] != expected_version:
                raise ValidationError("err.workshop.participant_stale", "version", name=p["name"])
            repo.update_participant(uow.cur, participant_id, {"removed": True}, actor.username)
            uow.audit("remove_participant", "participants", participant_id, {"name": p["name"]}, {"removed": True})

    def votes(self, actor: Actor, assessment_id: int) -> pd.DataFrame:
        """Every vote cast on the assessment's threats: who, what, when (the record)."""
        with self.db.read() as cur:
            self._check(cur, actor, assessment_id, "read")
            return room.votes(cur, assessment_id)

    def decisions(self, actor: Actor, assessment_id: int) -> pd.DataFrame:
        with self.db.read() as cur:
            self._check(cur, actor, assessment_id, "read")
            return room.decisions(cur, assessment_id)
