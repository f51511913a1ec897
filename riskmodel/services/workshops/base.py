"""What every part of the workshop service shares: the workbench it runs on, finding a workshop, the access
check, the facilitator's precondition (the workshop is open and is what the screen showed), a participant's
seat by their join token, and the agenda."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from riskmodel.domain.errors import NotFoundError, Text, ValidationError
from riskmodel.domain.model import Actor, RiskLine
from riskmodel.domain.workshop import normalise_code, token_hash
from riskmodel.services.assessments import AssessmentService, scope_of
from riskmodel.services.common import require
from riskmodel.store import workshops as repo
from riskmodel.store.db import Database
from riskmodel.store.queries import workshop as room
from riskmodel.store.uow import Assessments, UnitOfWork


def label(name: str) -> Text:
    """A field's name in an error, in the reader's language (riskmodel/locale/errors_workshop.py)."""
    return Text(f"err.workshop.field.{name}")


class WorkshopBase:
    def __init__(self, db: Database, assessments: AssessmentService,
                 clock: Callable[[], datetime] | None = None):
        self.db = db
        self.assessments = assessments
        # The time the join throttle counts by (naive UTC); tests move it on.
        self.clock = clock or (lambda: datetime.utcnow())  # noqa: DTZ003 - naive UTC, as stored

    @staticmethod
    def _workshop(cur, workshop_id: int) -> dict:
        w = room.workshop(cur, workshop_id)
        if w is None:
            raise NotFoundError("err.workshop.not_found", id=workshop_id)
        return w

    @staticmethod
    def _check(cur, actor: Actor, assessment_id: int, action: str) -> tuple:
        a = Assessments(cur).get(assessment_id)
        sc = scope_of(cur, a)
        require(actor, action, sc.department, sc.owner)
        return a, sc

    def _for_facilitator(self, uow: UnitOfWork, workshop_id: int, expected_version: int | None = None) -> dict:
        w = self._workshop(uow.cur, workshop_id)
        self.assessments._assessment_for_write(uow, w["assessment_id"])
        if w["status"] != "aaben":
            raise ValidationError("err.workshop.closed", "workshop")
        if expected_version is not None and w["version"] != expected_version:
            raise ValidationError("err.workshop.moved_on", "workshop")
        return w

    @staticmethod
    def _by_token(cur, code: str, token: str, closed_ok: bool = False) -> tuple[dict, dict]:
        """(the participant, the workshop) of a join token; refused if unknown, removed or (unless
        ``closed_ok``) the workshop is closed."""
        p = room.seat_by_token(cur, token_hash(token), normalise_code(code))
        if p is None:
            raise ValidationError("err.workshop.no_seat", "token")
        if p["removed"]:
            raise ValidationError("err.workshop.removed", "token")
        if p["w_status"] != "aaben" and not closed_ok:
            raise ValidationError("err.workshop.closed_thanks", "workshop")
        return p, room.workshop(cur, p["workshop_id"])

    @staticmethod
    def _decision(cur, workshop_id: int, line_id: int | None) -> dict | None:
        return None if line_id is None else room.decision(cur, workshop_id, line_id)

    @staticmethod
    def _bump(uow: UnitOfWork, workshop_id: int, changes: dict) -> None:
        repo.update_workshop(uow.cur, workshop_id, changes, uow.actor.username)

    @staticmethod
    def _clean_agenda(lines: list[RiskLine], agenda) -> list[int]:
        """The agenda as line ids of the assessment, each once; refused if empty or foreign."""
        if not isinstance(agenda, (list, tuple)) or not agenda:
            raise ValidationError("err.workshop.agenda_empty", "agenda")
        known = {ln.id for ln in lines}
        out: list[int] = []
        for n, lid in enumerate(agenda, 1):
            if isinstance(lid, bool) or not isinstance(lid, int) or lid not in known:
                raise ValidationError("err.workshop.agenda_foreign", "agenda", n=n)
            if lid in out:
                raise ValidationError("err.workshop.agenda_twice", "agenda", n=n)
            out.append(lid)
        return out

    @staticmethod
    def _agenda_lines(w: dict, lines: list[RiskLine]) -> list[RiskLine]:
        """The workshop's agenda as lines (lines removed from the assessment since drop out)."""
        by_id = {ln.id: ln for ln in lines}
        ids = list(w.get("agenda") or []) or [ln.id for ln in lines]
        return [by_id[i] for i in ids if i in by_id]
