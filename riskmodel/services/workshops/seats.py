"""Seats: joining a workshop with its code (throttled), returning to one's seat, leaving it."""

from __future__ import annotations

from datetime import timedelta

from riskmodel.domain.dates import dk_today
from riskmodel.domain.errors import ValidationError
from riskmodel.domain.model import PARTICIPANT_ROLES, Actor
from riskmodel.domain.workshop import (
    GUEST_JOINS_PER_WORKSHOP,
    JOINS_PER_CLIENT,
    JOINS_PER_PERSON,
    THROTTLE_MINUTES,
    WRONG_CODES_PER_CLIENT,
    WRONG_CODES_PER_PERSON,
    client_hash,
    new_token,
    normalise_code,
    token_hash,
)
from riskmodel.services.common import audit_denials, choice, text
from riskmodel.services.workshops.base import WorkshopBase, label
from riskmodel.services.workshops.state import participant_actor
from riskmodel.store import workshops as repo
from riskmodel.store.queries import workshop as room
from riskmodel.store.uow import UnitOfWork
from riskmodel.store.versioned import NOW


@audit_denials
class SeatUseCases(WorkshopBase):
    def join(self, code: str, name: str, role_title: str, user: Actor | None = None, client: str | None = None,
             browser: str | None = None) -> tuple[int, str]:
        """Join the open workshop with ``code``. Returns (participant id, token): keep the token secret.

        ``user`` is the signed-in account, if any: such a participant is admitted at once, and has
        one seat: joining again (from any device) returns to it with a new token. Without an
        account, ``browser`` (a key the browser keeps) gives one seat per browser; a workshop that
        requires admission keeps the guest waiting until the facilitator admits them, and at most
        the workshop's ``guest_cap`` guests hold a seat. Someone the facilitator removed cannot join
        again. Joins are throttled (riskmodel/domain/workshop.py) per person (``user``, else ``browser``),
        per ``client`` (the address) and, for guests, per workshop: beyond a limit within THROTTLE_MINUTES
        the joins it counts are refused for the rest of that window. Wrong codes and refusals are audited.
        """
        wanted = normalise_code(text(code, label("code"), max_len=20, required=True))  # "skal udfyldes", not "''"
        who = text(name, label("name"), max_len=120, required=True)
        role = choice(role_title, label("role"), PARTICIPANT_ROLES)
        if role == "facilitator":
            raise ValidationError("err.workshop.facilitator_role", "role_title")
        token = new_token()
        client_key = client_hash(client)
        browser_key = client_hash(browser) if browser and user is None else None
        person = client_hash(f"person:{user.username}") if user is not None else browser_key
        now = self.clock()
        since = now - timedelta(minutes=THROTTLE_MINUTES)
        refused: ValidationError | None = None
        seat = None
        with self.db.transaction() as cur:
            stranger = UnitOfWork(cur, Actor(username=f"klient-{client_key[:8]}", display_name="Ukendt klient",
                                             role="deltager"))

            def throttle(key: str, kind: str, seen: tuple[int, int, int], message: str) -> ValidationError:
                repo.record_join_attempts(cur, [key], "throttled", now)
                if not seen[2]:  # once per window and count: a flood of refusals is not a flood of audit rows
                    stranger.audit("join_throttled", "workshops", None, None,
                                   {"client": client_key, "by": kind, "wrong_codes": seen[0], "joins": seen[1]})
                return ValidationError(message, "code", minutes=THROTTLE_MINUTES)

            mine = [k for k in (person, client_key) if k]
            limits = [(person, "person", WRONG_CODES_PER_PERSON, JOINS_PER_PERSON,
                       "err.workshop.throttle_account" if user is not None else "err.workshop.throttle_browser"),
                      (client_key, "client", WRONG_CODES_PER_CLIENT, JOINS_PER_CLIENT,
                       "err.workshop.throttle_connection")]
            for key, kind, max_wrong, max_joins, message in limits:
                if key is None:
                    continue
                seen = room.join_counts(cur, key, since)
                if seen[0] >= max_wrong or seen[1] >= max_joins:
                    refused = throttle(key, kind, seen, message)
                    break
            if refused is None:
                w = room.open_by_code(cur, wanted)
                if not wanted or w is None:
                    repo.record_join_attempts(cur, mine, "wrong_code", now)
                    stranger.audit("join_wrong_code", "workshops", None, None,
                                   {"client": client_key, "code": wanted[:12]})
                    refused = ValidationError("err.workshop.wrong_code", "code", code=code)
                else:
                    here = client_hash(f"workshop:{w['id']}")
                    seen = room.join_counts(cur, here, since) if user is None else (0, 0, 0)
                    if seen[1] + seen[0] >= GUEST_JOINS_PER_WORKSHOP:
                        refused = throttle(here, "workshop", seen, "err.workshop.throttle_room")
                    else:
                        seat, refused = self._seat(cur, w, who, role, user, browser_key, token)
                        repo.record_join_attempts(cur, [*mine, *([here] if user is None else [])],
                                                  "ok" if refused is None else "refused", now)
        if refused is not None:
            raise refused
        return seat, token

    def _seat(self, cur, w: dict, who: str, role: str, user: Actor | None, browser_key: str | None,
              token: str) -> tuple[int | None, ValidationError | None]:
        """Take (or return to) a seat in workshop ``w``: (participant id, None) or (None, the refusal)."""
        if user is not None:
            mine = room.seats_of_user(cur, w["id"], user.username)
        elif browser_key:
            mine = room.seats_of_browser(cur, w["id"], browser_key)
        else:
            mine = []
        actor = participant_actor({"id": mine[0]["id"] if mine else 0, "name": who,
                                   "username": user.username if user else None})
        uow = UnitOfWork(cur, actor)
        if any(p["removed"] for p in mine):
            uow.audit("join_refused", "participants", mine[0]["id"], None,
                      {"workshop_id": w["id"], "reason": "removed"})
            return None, ValidationError("err.workshop.removed", "token")
        if mine:  # back to the same seat, from this or another device: the old token stops working
            p = mine[0]
            back = p["left_at"] is not None
            repo.update_participant(cur, p["id"], {
                "token_hash": token_hash(token), "left_at": None,
                "joined_round": w["round"] if back else p["joined_round"], "role_title": role}, actor.username)
            self._bump(uow, w["id"], {})
            uow.audit("rejoin", "participants", p["id"], {"left": back},
                      {"workshop_id": w["id"], "role_title": role,
                       **({"line_id": w["current_line_id"], "round": w["round"]} if back else {})})
            return p["id"], None
        if user is None and room.guests_seated(cur, w["id"]) >= w["guest_cap"]:
            uow.audit("join_refused", "workshops", w["id"], None, {"reason": "guest_cap", "cap": w["guest_cap"]})
            return None, ValidationError("err.workshop.full", "code", cap=w["guest_cap"])
        admitted = user is not None or not w["require_admission"]
        pid = repo.insert_participant(cur, {
            "assessment_id": w["assessment_id"], "workshop_id": w["id"], "name": who, "role_title": role,
            "username": user.username if user else None, "attended_on": dk_today(),
            "token_hash": token_hash(token), "admitted": admitted, "browser_hash": browser_key,
            "joined_round": w["round"], "updated_by": user.username if user else "deltager"})
        uow = UnitOfWork(cur, participant_actor({"id": pid, "name": who, "username": user.username if user else None}))
        self._bump(uow, w["id"], {})
        uow.audit("join", "participants", pid, None,
                  {"workshop_id": w["id"], "name": who, "role_title": role, "admitted": admitted,
                   "line_id": w["current_line_id"], "round": w["round"]})
        return pid, None

    def leave(self, code: str, token: str) -> None:
        """"Forlad workshoppen": the seat stops counting and its token stops working; the votes cast
        stay on record. Joining again (same account or browser) returns to the seat."""
        with self.db.transaction() as cur:
            p, w = self._by_token(cur, code, token)
            repo.update_participant(cur, p["id"], {"left_at": NOW, "token_hash": None}, None)
            uow = UnitOfWork(cur, participant_actor(p))
            self._bump(uow, w["id"], {})
            uow.audit("leave", "participants", p["id"], None, {"workshop_id": w["id"]})
