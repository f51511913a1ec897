"""The facilitator sets the session's agenda: which threats, in which order (also during the meeting)."""

from __future__ import annotations

from riskmodel.domain.errors import ValidationError
from riskmodel.domain.model import Actor
from riskmodel.domain.workshop import moved
from riskmodel.services.common import audit_denials
from riskmodel.services.workshops.base import WorkshopBase
from riskmodel.store.uow import unit_of_work


@audit_denials
class AgendaUseCases(WorkshopBase):
    def set_agenda(self, actor: Actor, workshop_id: int, line_ids: list[int],
                   expected_version: int | None = None) -> None:
        """Pick and order the threats of the session (also during it). The threat on screen stays
        on screen; if it was taken off the agenda, the room moves to the first one of the new agenda."""
        with unit_of_work(self.db, actor) as uow:
            w = self._for_facilitator(uow, workshop_id, expected_version)
            order = self._clean_agenda(uow.lines.for_assessment(w["assessment_id"]), line_ids)
            changes: dict = {"agenda": order}
            if w["current_line_id"] not in order:
                changes.update({"current_line_id": order[0], "phase": "stemmer", "round": w["round"] + 1})
            self._bump(uow, workshop_id, changes)
            uow.audit("agenda", "workshops", workshop_id, {"agenda": list(w.get("agenda") or [])}, {"agenda": order})

    def move_on_agenda(self, actor: Actor, workshop_id: int, line_id: int, position: int,
                       expected_version: int | None = None) -> None:
        """Move one threat of the agenda to ``position`` (1-based) during the meeting, e.g. one place
        up or down, or right after the threat on screen; the rest keep their order, the room stays
        where it is. Refused if the threat is not on the agenda."""
        if isinstance(position, bool) or not isinstance(position, int):
            raise ValidationError("err.workshop.position", "position")
        with unit_of_work(self.db, actor) as uow:
            w = self._for_facilitator(uow, workshop_id, expected_version)
            before = [ln.id for ln in self._agenda_lines(w, uow.lines.for_assessment(w["assessment_id"]))]
            if isinstance(line_id, bool) or line_id not in before:
                raise ValidationError("err.workshop.off_agenda", "agenda")
            order = moved(before, line_id, position)
            if order == before:
                return
            self._bump(uow, workshop_id, {"agenda": order})
            uow.audit("agenda_move", "workshops", workshop_id,
                      {"agenda": before, "position": before.index(line_id) + 1},
                      {"agenda": order, "line_id": line_id, "position": order.index(line_id) + 1})
