"""The facilitator runs the room: opens and closes the workshop, moves it from threat to threat, reveals the
votes, records the agreed value, admits and dismisses people; and the screens that follow it (the
facilitator's own and the projector's)."""

from __future__ import annotations

from riskmodel.domain.dates import dk_today
from riskmodel.domain.errors import NotFoundError, PermissionDenied, ValidationError
from riskmodel.domain.model import Actor
from riskmodel.domain.workshop import (
    DEFAULT_GUEST_CAP,
    DIMENSIONS,
    default_agenda,
    latest_votes,
    line_dimensions,
    needs_rationale,
    new_code,
    spreads,
)
from riskmodel.services.assessments import apply_line_changes, validate_line_changes
from riskmodel.services.common import audit_denials, flag, require, text, version_of
from riskmodel.services.workshops.base import WorkshopBase, label
from riskmodel.services.workshops.state import LiveState
from riskmodel.store import workshops as repo
from riskmodel.store.queries import workshop as room
from riskmodel.store.uow import RiskLines, UnitOfWork, unit_of_work


@audit_denials
class FacilitatorUseCases(WorkshopBase):
    def open(self, actor: Actor, assessment_id: int, require_admission: bool = False, anonymous: bool = False,
             agenda: list[int] | None = None, guest_cap: int = DEFAULT_GUEST_CAP) -> int:
        """Open a workshop on the assessment (or return the one already open).

        ``agenda``: the risk line ids the session takes, in order (default: the unscored ones in
        catalogue order). ``anonymous``: the projector and the participants never see who voted what.
        ``guest_cap``: at most this many people without an account hold a seat at a time.
        """
        require_admission = flag(require_admission, label("require_admission"))
        anonymous = flag(anonymous, label("anonymous"))
        if isinstance(guest_cap, bool) or not isinstance(guest_cap, int) or not 0 <= guest_cap <= 500:
            raise ValidationError("err.workshop.guest_cap", "guest_cap")
        with unit_of_work(self.db, actor) as uow:
            self.assessments._assessment_for_write(uow, assessment_id)
            existing = room.open_of(uow.cur, assessment_id)
            if existing:
                return existing["id"]
            lines = uow.lines.for_assessment(assessment_id)
            if not lines:
                raise ValidationError("err.workshop.no_threats", "assessment")
            order = self._clean_agenda(lines, agenda) if agenda is not None else default_agenda(lines)
            taken = room.open_codes(uow.cur)
            code = new_code()
            while code in taken:
                code = new_code()
            wid = repo.insert_workshop(uow.cur, assessment_id, code, bool(require_admission), order,
                                       bool(anonymous), guest_cap, actor.username)
            repo.insert_participant(uow.cur, {
                "assessment_id": assessment_id, "workshop_id": wid, "name": actor.display_name,
                "role_title": "facilitator", "username": actor.username, "attended_on": dk_today(),
                "updated_by": actor.username})
            uow.audit("open", "workshops", wid, None,
                      {"assessment_id": assessment_id, "require_admission": bool(require_admission),
                       "anonymous": bool(anonymous), "agenda": order, "guest_cap": guest_cap})
        return wid

    def open_for(self, actor: Actor, assessment_id: int) -> dict | None:
        """The open workshop of an assessment, if any."""
        with self.db.read() as cur:
            self._check(cur, actor, assessment_id, "read")
            return room.open_of(cur, assessment_id)

    def open_workshops(self, actor: Actor) -> list[dict]:
        """Open workshops the actor may facilitate (the system's or processing activity's name as
        ``system_name``, ``lens``, code, assessment), on both lenses."""
        with self.db.read() as cur:
            rows = room.open_list(cur)
        out = []
        for r in rows:
            try:
                require(actor, "assessment.write", r["department"], r["owner"])
            except PermissionDenied:  # not the actor's to facilitate: leave it out (a list is not a refused call)
                continue
            out.append(r)
        return out

    def close(self, actor: Actor, workshop_id: int) -> None:
        with unit_of_work(self.db, actor) as uow:
            w = self._for_facilitator(uow, workshop_id)
            self._bump(uow, workshop_id, {"status": "lukket"})
            repo.close_workshop(uow.cur, workshop_id)
            uow.audit("close", "workshops", workshop_id, {"status": w["status"]}, {"status": "lukket"})

    def goto(self, actor: Actor, workshop_id: int, line_id: int, expected_version: int | None = None) -> None:
        """Move the room to a threat: a new round of private votes begins."""
        with unit_of_work(self.db, actor) as uow:
            w = self._for_facilitator(uow, workshop_id, expected_version)
            self._check_target(uow, w, line_id)
            self._move(uow, w, line_id)

    @staticmethod
    def _check_target(uow: UnitOfWork, w: dict, line_id) -> None:
        """Refuse a threat the room cannot move to: not a line id, another assessment's, removed, off the agenda."""
        if isinstance(line_id, bool) or not isinstance(line_id, int):
            raise ValidationError("err.workshop.pick_threat", "line")
        row = uow.lines.get_row(line_id)
        if row["assessment_id"] != w["assessment_id"] or row["removed"]:
            raise ValidationError("err.workshop.foreign_threat", "line")
        if w.get("agenda") and line_id not in w["agenda"]:
            raise ValidationError("err.workshop.goto_off_agenda", "line")

    def _move(self, uow: UnitOfWork, w: dict, line_id: int) -> None:
        """Move the room (``w``, as read in this unit of work) to a checked threat: a new round of votes."""
        self._bump(uow, w["id"], {"current_line_id": line_id, "phase": "stemmer", "round": w["round"] + 1,
                                  "draft_rationale": ""})
        uow.audit("goto", "workshops", w["id"], {"line_id": w["current_line_id"]}, {"line_id": line_id})

    def save_draft(self, actor: Actor, workshop_id: int, rationale: str) -> None:
        """Keep the facilitator's half-typed rationale for the threat on screen (survives a reload and
        shows on the facilitator's other screens). A draft is not a decision: it is not audited and does
        not move the workshop's version; moving to another threat or recording the value clears it."""
        draft = text(rationale, label("rationale"), max_len=1000)
        with unit_of_work(self.db, actor) as uow:
            self._for_facilitator(uow, workshop_id)
            repo.save_draft(uow.cur, workshop_id, draft)

    def reveal(self, actor: Actor, workshop_id: int, expected_version: int | None = None) -> None:
        """Show the votes of the current round. Already shown: nothing to do, and no refusal either (a second
        click, or the same click sent again after a reconnect, found the room 'moved on' by its own first
        click and said so, though the votes were on screen)."""
        with unit_of_work(self.db, actor) as uow:
            if self._for_facilitator(uow, workshop_id)["phase"] == "vist":
                return
            w = self._for_facilitator(uow, workshop_id, expected_version)
            self._bump(uow, workshop_id, {"phase": "vist"})
            uow.audit("reveal", "workshops", workshop_id, None, {"line_id": w["current_line_id"], "round": w["round"]})

    def revote(self, actor: Actor, workshop_id: int, expected_version: int | None = None) -> None:
        """Vote the same threat again (after discussion): a new round; the earlier votes are kept."""
        with unit_of_work(self.db, actor) as uow:
            w = self._for_facilitator(uow, workshop_id, expected_version)
            self._bump(uow, workshop_id, {"phase": "stemmer", "round": w["round"] + 1})
            uow.audit("revote", "workshops", workshop_id, None, {"line_id": w["current_line_id"], "round": w["round"] + 1})

    def decide(self, actor: Actor, workshop_id: int, line_version: int, values: dict, rationale: str,
               next_line_id: int | None = None) -> int:
        """Record the agreed value for the current threat. A rationale is required only when the
        room disagreed (a spread of 2 steps or more) or the value differs from the median of the votes.

        ``next_line_id``: then move the room to that threat, in the same transaction ("Registrér og gå
        videre"): the other screens see one change, not the decision and a moment later the move, so they
        redraw once (issue 15, decide → projector). Either both happen or neither."""
        version_of(line_version)
        reason = text(rationale, label("rationale"), max_len=1000)
        if not isinstance(values, dict):
            raise ValidationError("err.workshop.decision_not_dict", "values")
        unknown = set(values) - set(DIMENSIONS)
        if unknown:
            raise ValidationError("err.workshop.decision_unknown", "values", fields=", ".join(sorted(unknown)))
        with unit_of_work(self.db, actor) as uow:
            w = self._for_facilitator(uow, workshop_id)
            if next_line_id is not None:
                self._check_target(uow, w, next_line_id)
            a = uow.assessments.get(w["assessment_id"])
            clean = validate_line_changes(dict(values), self.assessments.preset_of(a), a.lens)
            if clean.get("likelihood") is None:
                raise ValidationError("err.workshop.decision_likelihood", "likelihood")
            if all(clean.get(d) is None for d in ("cons_c", "cons_i", "cons_a")):
                raise ValidationError("err.workshop.decision_consequence", "consequence")
            row = self.assessments._live_line(uow, w["current_line_id"])
            votes = latest_votes(room.round_votes(uow.cur, workshop_id, row["id"], w["round"]))
            if not reason and needs_rationale(spreads(votes), clean, line_dimensions(uow.lines.get(row["id"]))):
                raise ValidationError("err.workshop.rationale", "rationale")
            new_version = apply_line_changes(uow, row, line_version, {**clean, "score_rationale": reason},
                                             action="workshop_decision")
            repo.insert_decision(uow.cur, workshop_id, row["id"], w["round"], clean, reason, len(votes),
                                 actor.username)
            if next_line_id is None:
                self._bump(uow, workshop_id, {"phase": "vist", "draft_rationale": ""})
            else:
                self._move(uow, w, next_line_id)
        return new_version

    def admit(self, actor: Actor, workshop_id: int, participant_id: int) -> None:
        with unit_of_work(self.db, actor) as uow:
            self._for_facilitator(uow, workshop_id)
            p = self._member(uow, participant_id, workshop_id)
            repo.update_participant(uow.cur, participant_id, {"admitted": True}, actor.username)
            self._bump(uow, workshop_id, {})
            uow.audit("admit", "participants", participant_id, {"admitted": p["admitted"]}, {"admitted": True})

    def dismiss(self, actor: Actor, workshop_id: int, participant_id: int) -> None:
        """Turn someone away (or out): their join token stops working; their votes stay on record."""
        with unit_of_work(self.db, actor) as uow:
            self._for_facilitator(uow, workshop_id)
            self._member(uow, participant_id, workshop_id)
            repo.update_participant(uow.cur, participant_id, {"removed": True, "admitted": False}, actor.username)
            self._bump(uow, workshop_id, {})
            uow.audit("dismiss", "participants", participant_id, None, {"removed": True})

    @staticmethod
    def _member(uow: UnitOfWork, participant_id: int, workshop_id: int) -> dict:
        p = room.member(uow.cur, participant_id, workshop_id)
        if p is None:
            raise NotFoundError("err.workshop.not_member", id=participant_id)
        return p

    def live(self, actor: Actor, workshop_id: int) -> LiveState:
        """The facilitator's view: who has voted, every vote of the round with names, the spread."""
        with self.db.read() as cur:
            w = self._workshop(cur, workshop_id)
            a, s = self._check(cur, actor, w["assessment_id"], "assessment.write")
            all_lines = RiskLines(cur).for_assessment(a.id)
            lines = self._agenda_lines(w, all_lines)
            line = next((ln for ln in all_lines if ln.id == w["current_line_id"]), None)
            votes = latest_votes(room.round_votes(cur, workshop_id, w["current_line_id"], w["round"])) if line else []
            members = room.members(cur, workshop_id)
            decision = self._decision(cur, workshop_id, w["current_line_id"])
            decided = room.decided_lines(cur, workshop_id)
            turnout = room.turnout(cur, workshop_id)
            late = [m["id"] for m in members if m["joined_round"] > 1]
            joined = room.joined_lines(cur, late)
        voted = {v["participant_id"] for v in votes}
        place = {ln.id: k for k, ln in enumerate(lines, 1)}
        for m in members:
            m["voted"] = m["id"] in voted
            # A late joiner: the place on the agenda of the threat on screen when they sat down
            m["joined_at"] = place.get(joined.get(m["id"]))
        return LiveState(workshop=w, system_name=s.name, lines=lines, line=line, members=members, votes=votes,
                         spreads=spreads(votes), decision=decision, all_lines=all_lines, decided=decided,
                         turnout=turnout)

    def room_pulse(self, actor: Actor, workshop_id: int) -> tuple[int, int, str]:
        """A cheap change marker for the facilitator's and the projector's screens: the workshop's
        version, the number of votes cast in it, and its status."""
        with self.db.read() as cur:
            w = self._workshop(cur, workshop_id)
            self._check(cur, actor, w["assessment_id"], "assessment.write")
            n = room.vote_count(cur, workshop_id)
        return w["version"], n, w["status"]

    def projector(self, actor: Actor, workshop_id: int) -> LiveState:
        """The shared screen's view: as :meth:`live`, but in an anonymous workshop without any name
        (no voter list, votes without names); only the counts and the spread."""
        state = self.live(actor, workshop_id)
        if state.workshop["anonymous"]:
            state.members = [{"id": m["id"], "name": "", "role_title": "", "admitted": m["admitted"],
                              "username": None, "voted": m["voted"]} for m in state.members]
            state.votes = [{**{d: v[d] for d in DIMENSIONS}, "participant_id": None, "name": "", "role_title": ""}
                           for v in state.votes]
        return state
