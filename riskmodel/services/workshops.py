# Size: the workshop room's use cases (agenda, seats, votes, record); to split by role once the workshop branch lands.
"""Live workshops: a facilitator runs one assessment; participants join with a code and vote.

The facilitator (who may write the assessment) opens a workshop and gets a short join
code. Participants join from their own browsers with the code and their name; where
sign-in is configured, someone who is not signed in waits until the facilitator admits
them. Each participant scores the current threat privately; the facilitator sees who
has voted and the spread, reveals the votes, records the agreed value with a rationale,
and moves on. Every vote is kept (append-only), and the people who joined are the
assessment's participants on record.

Participants act through their join token, not an account: ``vote`` and
``participant_view`` check the token, that the workshop is open, and that the person
was admitted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import pandas as pd

from riskmodel.domain.errors import NotFoundError, PermissionDenied, ValidationError
from riskmodel.domain.model import PARTICIPANT_ROLES, Actor, RiskLine
from riskmodel.domain.workshop import (
    DEFAULT_GUEST_CAP,
    DIMENSIONS,
    GUEST_JOINS_PER_WORKSHOP,
    JOINS_PER_CLIENT,
    JOINS_PER_PERSON,
    THROTTLE_MINUTES,
    WRONG_CODES_PER_CLIENT,
    WRONG_CODES_PER_PERSON,
    Spread,
    client_hash,
    default_agenda,
    latest_votes,
    line_dimensions,
    moved,
    needs_rationale,
    new_code,
    new_token,
    normalise_code,
    spreads,
    token_hash,
)
from riskmodel.services.assessments import AssessmentService, apply_line_changes, scope_of, validate_line_changes
from riskmodel.services.common import as_date, audit_denials, choice, flag, require, text, version_of
from riskmodel.store.db import Database
from riskmodel.store.queries import workshop as room_queries
from riskmodel.store.uow import Assessments, RiskLines, UnitOfWork, rows_as_dicts, rows_as_frame, unit_of_work
from riskmodel.store.versioned import NOW, versioned_update

VOTE_LABELS_DA = {
    "likelihood": "Sandsynlighed",
    "cons_c": "Konsekvens for fortrolighed",
    "cons_i": "Konsekvens for integritet",
    "cons_a": "Konsekvens for tilgængelighed",
}


@dataclass
class LiveState:
    """What the facilitator's screen (and the projector) shows."""

    workshop: dict
    system_name: str
    lines: list[RiskLine]  # the agenda, in the order the room takes it
    line: RiskLine | None
    members: list[dict]  # id, name, role_title, admitted, voted
    votes: list[dict]  # the latest vote of each participant in the current round, with names
    spreads: dict[str, Spread]
    decision: dict | None  # the last agreed value recorded for the current line
    all_lines: list[RiskLine] = field(default_factory=list)  # every threat of the assessment (for the agenda)
    decided: set[int] = field(default_factory=set)  # agenda lines with an agreed value in this workshop
    # (voted, present) in the round each agreed threat was decided in: late joiners are in neither
    turnout: dict[int, tuple[int, int]] = field(default_factory=dict)

    @property
    def index(self) -> int:
        ids = [ln.id for ln in self.lines]
        return ids.index(self.line.id) if self.line and self.line.id in ids else -1

    @property
    def admitted(self) -> list[dict]:
        return [m for m in self.members if m["admitted"]]

    @property
    def waiting(self) -> list[dict]:
        return [m for m in self.members if not m["admitted"]]


@dataclass
class ParticipantState:
    """What a participant's screen shows: never other people's votes before they are revealed."""

    workshop_id: int
    code: str
    status: str
    phase: str
    round: int
    version: int
    system_name: str
    participant: dict
    line: RiskLine | None
    position: tuple[int, int]
    scale_size: int
    preset_id: str
    my_vote: dict | None
    revealed: list[dict] = field(default_factory=list)
    spreads: dict[str, Spread] = field(default_factory=dict)
    decision: dict | None = None
    anonymous: bool = False
    present: int = 0  # people in the room (admitted, not removed, not departed)
    voted: int = 0  # of whom have voted in this round
    agreed: list[dict] = field(default_factory=list)  # closed workshop: threat and agreed value, agenda order


def _participant_actor(p: dict) -> Actor:
    return Actor(username=p.get("username") or f"deltager-{p['id']}", display_name=p["name"], role="deltager")


@audit_denials
class WorkshopService:
    def __init__(self, db: Database, assessments: AssessmentService,
                 clock: Callable[[], datetime] | None = None):
        self.db = db
        self.assessments = assessments
        # The time the join throttle counts by (naive UTC); tests move it on.
        self.clock = clock or (lambda: datetime.utcnow())  # noqa: DTZ003 - naive UTC, as stored

    # -- facilitator -------------------------------------------------------------
    def _workshop(self, cur, workshop_id: int) -> dict:
        cur.execute("SELECT * FROM workshops WHERE id = ?", [workshop_id])
        rows = rows_as_dicts(cur)
        if not rows:
            raise NotFoundError(f"Workshoppen med id {workshop_id} findes ikke")
        return rows[0]

    def _check(self, cur, actor: Actor, assessment_id: int, action: str) -> tuple:
        a = Assessments(cur).get(assessment_id)
        sc = scope_of(cur, a)
        require(actor, action, sc.department, sc.owner)
        return a, sc

    def _for_facilitator(self, uow: UnitOfWork, workshop_id: int, expected_version: int | None = None) -> dict:
        w = self._workshop(uow.cur, workshop_id)
        self.assessments._assessment_for_write(uow, w["assessment_id"])
        if w["status"] != "aaben":
            raise ValidationError("Workshoppen er lukket", "workshop")
        if expected_version is not None and w["version"] != expected_version:
            raise ValidationError(
                "Workshoppen er ført videre fra en anden skærm, efter du åbnede den. Intet er ændret: se den "
                "aktuelle trussel og prøv igen.", "workshop")
        return w

    def _bump(self, uow: UnitOfWork, workshop_id: int, changes: dict) -> None:
        versioned_update(uow.cur, "workshops", workshop_id, changes, uow.actor.username)

    def open(self, actor: Actor, assessment_id: int, require_admission: bool = False, anonymous: bool = False,
             agenda: list[int] | None = None, guest_cap: int = DEFAULT_GUEST_CAP) -> int:
        """Open a workshop on the assessment (or return the one already open).

        ``agenda``: the risk line ids the session takes, in order (default: the unscored ones in
        catalogue order). ``anonymous``: the projector and the participants never see who voted what.
        ``guest_cap``: at most this many people without an account hold a seat at a time.
        """
        require_admission = flag(require_admission, "Kræv adgang fra facilitatoren")
        anonymous = flag(anonymous, "Anonym afstemning")
        if isinstance(guest_cap, bool) or not isinstance(guest_cap, int) or not 0 <= guest_cap <= 500:
            raise ValidationError("Højst antal gæster skal være et helt tal mellem 0 og 500", "guest_cap")
        with unit_of_work(self.db, actor) as uow:
            self.assessments._assessment_for_write(uow, assessment_id)
            existing = uow.cur.execute(
                "SELECT id FROM workshops WHERE assessment_id = ? AND status = 'aaben'", [assessment_id]
            ).fetchall()
            if existing:
                return existing[0][0]
            lines = uow.lines.for_assessment(assessment_id)
            if not lines:
                raise ValidationError("Vurderingen har ingen trusler: vælg trusler, før workshoppen åbnes", "assessment")
            order = self._clean_agenda(lines, agenda) if agenda is not None else default_agenda(lines)
            taken = {r[0] for r in uow.cur.execute("SELECT code FROM workshops WHERE status = 'aaben'").fetchall()}
            code = new_code()
            while code in taken:
                code = new_code()
            uow.cur.execute(
                "INSERT INTO workshops (assessment_id, code, require_admission, current_line_id, opened_by, updated_by, "
                "agenda, anonymous, guest_cap) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                [assessment_id, code, bool(require_admission), order[0], actor.username, actor.username, order,
                 bool(anonymous), guest_cap],
            )
            wid = uow.cur.fetchone()[0]
            uow.cur.execute(
                "INSERT INTO participants (assessment_id, workshop_id, name, role_title, username, attended_on, "
                "updated_by) VALUES (?, ?, ?, 'facilitator', ?, ?, ?)",
                [assessment_id, wid, actor.display_name, actor.username, date.today(), actor.username],
            )
            uow.audit("open", "workshops", wid, None,
                      {"assessment_id": assessment_id, "require_admission": bool(require_admission),
                       "anonymous": bool(anonymous), "agenda": order, "guest_cap": guest_cap})
        return wid

    @staticmethod
    def _clean_agenda(lines: list[RiskLine], agenda) -> list[int]:
        """The agenda as line ids of the assessment, each once; refused if empty or foreign."""
        if not isinstance(agenda, (list, tuple)) or not agenda:
            raise ValidationError("Dagsordenen skal have mindst én trussel", "agenda")
        known = {ln.id for ln in lines}
        out: list[int] = []
        for n, lid in enumerate(agenda, 1):
            if isinstance(lid, bool) or not isinstance(lid, int) or lid not in known:
                raise ValidationError(f"Dagsordenen, punkt {n}: truslen hører ikke til denne vurdering", "agenda")
            if lid in out:
                raise ValidationError(f"Dagsordenen, punkt {n}: truslen står der allerede", "agenda")
            out.append(lid)
        return out

    @staticmethod
    def _agenda_lines(w: dict, lines: list[RiskLine]) -> list[RiskLine]:
        """The workshop's agenda as lines (lines removed from the assessment since drop out)."""
        by_id = {ln.id: ln for ln in lines}
        ids = list(w.get("agenda") or []) or [ln.id for ln in lines]
        return [by_id[i] for i in ids if i in by_id]

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
            raise ValidationError("Pladsen på dagsordenen skal være et helt tal", "position")
        with unit_of_work(self.db, actor) as uow:
            w = self._for_facilitator(uow, workshop_id, expected_version)
            before = [ln.id for ln in self._agenda_lines(w, uow.lines.for_assessment(w["assessment_id"]))]
            if isinstance(line_id, bool) or line_id not in before:
                raise ValidationError("Truslen står ikke på dagsordenen", "agenda")
            order = moved(before, line_id, position)
            if order == before:
                return
            self._bump(uow, workshop_id, {"agenda": order})
            uow.audit("agenda_move", "workshops", workshop_id,
                      {"agenda": before, "position": before.index(line_id) + 1},
                      {"agenda": order, "line_id": line_id, "position": order.index(line_id) + 1})

    def open_for(self, actor: Actor, assessment_id: int) -> dict | None:
        """The open workshop of an assessment, if any."""
        with self.db.read() as cur:
            self._check(cur, actor, assessment_id, "read")
            cur.execute("SELECT * FROM workshops WHERE assessment_id = ? AND status = 'aaben'", [assessment_id])
            rows = rows_as_dicts(cur)
        return rows[0] if rows else None

    def open_workshops(self, actor: Actor) -> list[dict]:
        """Open workshops the actor may facilitate (the system's or processing activity's name as
        ``system_name``, ``lens``, code, assessment), on both lenses."""
        with self.db.read() as cur:
            cur.execute(
                "SELECT w.id, w.code, w.assessment_id, w.opened_at, a.lens, "
                "coalesce(s.name, pa.name) AS system_name, coalesce(s.department, pa.department) AS department, "
                "coalesce(s.owner, pa.responsible) AS owner "
                "FROM workshops w JOIN assessments a ON a.id = w.assessment_id "
                "LEFT JOIN systems s ON s.id = a.system_id LEFT JOIN activities pa ON pa.id = a.activity_id "
                "WHERE w.status = 'aaben' ORDER BY w.opened_at DESC"
            )
            rows = rows_as_dicts(cur)
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
            uow.cur.execute("UPDATE workshops SET closed_at = current_timestamp WHERE id = ?", [workshop_id])
            uow.audit("close", "workshops", workshop_id, {"status": w["status"]}, {"status": "lukket"})

    def goto(self, actor: Actor, workshop_id: int, line_id: int, expected_version: int | None = None) -> None:
        """Move the room to a threat: a new round of private votes begins."""
        with unit_of_work(self.db, actor) as uow:
            w = self._for_facilitator(uow, workshop_id, expected_version)
            if isinstance(line_id, bool) or not isinstance(line_id, int):
                raise ValidationError("Vælg en trussel fra dagsordenen", "line")
            row = uow.lines.get_row(line_id)
            if row["assessment_id"] != w["assessment_id"] or row["removed"]:
                raise ValidationError("Truslen hører ikke til denne vurdering", "line")
            if w.get("agenda") and line_id not in w["agenda"]:
                raise ValidationError("Truslen står ikke på dagsordenen: sæt den på først", "line")
            self._bump(uow, workshop_id, {"current_line_id": line_id, "phase": "stemmer", "round": w["round"] + 1,
                                          "draft_rationale": ""})
            uow.audit("goto", "workshops", workshop_id, {"line_id": w["current_line_id"]}, {"line_id": line_id})

    def save_draft(self, actor: Actor, workshop_id: int, rationale: str) -> None:
        """Keep the facilitator's half-typed rationale for the threat on screen (survives a reload and
        shows on the facilitator's other screens). A draft is not a decision: it is not audited and does
        not move the workshop's version; moving to another threat or recording the value clears it."""
        draft = text(rationale, "Begrundelse", max_len=1000)
        with unit_of_work(self.db, actor) as uow:
            self._for_facilitator(uow, workshop_id)
            uow.cur.execute("UPDATE workshops SET draft_rationale = ? WHERE id = ?", [draft, workshop_id])

    def reveal(self, actor: Actor, workshop_id: int, expected_version: int | None = None) -> None:
        with unit_of_work(self.db, actor) as uow:
            w = self._for_facilitator(uow, workshop_id, expected_version)
            if w["phase"] == "vist":
                return
            self._bump(uow, workshop_id, {"phase": "vist"})
            uow.audit("reveal", "workshops", workshop_id, None, {"line_id": w["current_line_id"], "round": w["round"]})

    def revote(self, actor: Actor, workshop_id: int, expected_version: int | None = None) -> None:
        """Vote the same threat again (after discussion): a new round; the earlier votes are kept."""
        with unit_of_work(self.db, actor) as uow:
            w = self._for_facilitator(uow, workshop_id, expected_version)
            self._bump(uow, workshop_id, {"phase": "stemmer", "round": w["round"] + 1})
            uow.audit("revote", "workshops", workshop_id, None, {"line_id": w["current_line_id"], "round": w["round"] + 1})

    def decide(self, actor: Actor, workshop_id: int, line_version: int, values: dict, rationale: str) -> int:
        """Record the agreed value for the current threat. A rationale is required only when the
        room disagreed (a spread of 2 steps or more) or the value differs from the median of the votes."""
        version_of(line_version)
        reason = text(rationale, "Begrundelse", max_len=1000)
        if not isinstance(values, dict):
            raise ValidationError("Den aftalte værdi skal angives felt for felt", "values")
        unknown = set(values) - set(DIMENSIONS)
        if unknown:
            raise ValidationError(f"Ukendt felt i den aftalte værdi: {', '.join(sorted(unknown))}", "values")
        with unit_of_work(self.db, actor) as uow:
            w = self._for_facilitator(uow, workshop_id)
            a = uow.assessments.get(w["assessment_id"])
            clean = validate_line_changes(dict(values), self.assessments.preset_of(a), a.lens)
            if clean.get("likelihood") is None:
                raise ValidationError("Sandsynlighed skal vælges for den aftalte værdi", "likelihood")
            if all(clean.get(d) is None for d in ("cons_c", "cons_i", "cons_a")):
                raise ValidationError("Mindst én konsekvens (F, I eller T) skal vælges for den aftalte værdi", "consequence")
            row = self.assessments._live_line(uow, w["current_line_id"])
            votes = latest_votes(self._round_votes(uow.cur, workshop_id, row["id"], w["round"]))
            n = len(votes)
            if not reason and needs_rationale(spreads(votes), clean, line_dimensions(uow.lines.get(row["id"]))):
                raise ValidationError(
                    "Begrundelse skal udfyldes, når stemmerne er uenige (2 trin eller mere) eller den aftalte værdi "
                    "afviger fra medianen", "rationale")
            new_version = apply_line_changes(uow, row, line_version, {**clean, "score_rationale": reason},
                                             action="workshop_decision")
            uow.cur.execute(
                "INSERT INTO decisions (workshop_id, line_id, round, likelihood, cons_c, cons_i, cons_a, rationale, "
                "votes, decided_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [workshop_id, row["id"], w["round"], *(clean.get(d) for d in DIMENSIONS), reason, n, actor.username],
            )
            self._bump(uow, workshop_id, {"phase": "vist", "draft_rationale": ""})
        return new_version

    def admit(self, actor: Actor, workshop_id: int, participant_id: int) -> None:
        with unit_of_work(self.db, actor) as uow:
            self._for_facilitator(uow, workshop_id)
            p = self._participant(uow.cur, participant_id, workshop_id)
            versioned_update(uow.cur, "participants", participant_id, {"admitted": True}, actor.username)
            self._bump(uow, workshop_id, {})
            uow.audit("admit", "participants", participant_id, {"admitted": p["admitted"]}, {"admitted": True})

    def dismiss(self, actor: Actor, workshop_id: int, participant_id: int) -> None:
        """Turn someone away (or out): their join token stops working; their votes stay on record."""
        with unit_of_work(self.db, actor) as uow:
            self._for_facilitator(uow, workshop_id)
            self._participant(uow.cur, participant_id, workshop_id)
            versioned_update(uow.cur, "participants", participant_id, {"removed": True, "admitted": False}, actor.username)
            self._bump(uow, workshop_id, {})
            uow.audit("dismiss", "participants", participant_id, None, {"removed": True})

    @staticmethod
    def _participant(cur, participant_id: int, workshop_id: int) -> dict:
        cur.execute("SELECT * FROM participants WHERE id = ? AND workshop_id = ?", [participant_id, workshop_id])
        rows = rows_as_dicts(cur)
        if not rows:
            raise NotFoundError(f"Deltageren med id {participant_id} er ikke med i workshoppen")
        return rows[0]

    @staticmethod
    def _round_votes(cur, workshop_id: int, line_id: int, round_: int) -> list[dict]:
        cur.execute(
            "SELECT v.*, p.name, p.role_title FROM votes v JOIN participants p ON p.id = v.participant_id "
            "WHERE v.workshop_id = ? AND v.line_id = ? AND v.round = ? AND NOT p.removed AND p.left_at IS NULL "
            "ORDER BY v.cast_at, v.id",
            [workshop_id, line_id, round_],
        )
        return rows_as_dicts(cur)

    def live(self, actor: Actor, workshop_id: int) -> LiveState:
        """The facilitator's view: who has voted, every vote of the round with names, the spread."""
        with self.db.read() as cur:
            w = self._workshop(cur, workshop_id)
            a, s = self._check(cur, actor, w["assessment_id"], "assessment.write")
            all_lines = RiskLines(cur).for_assessment(a.id)
            lines = self._agenda_lines(w, all_lines)
            line = next((ln for ln in all_lines if ln.id == w["current_line_id"]), None)
            votes = latest_votes(self._round_votes(cur, workshop_id, w["current_line_id"], w["round"])) if line else []
            members = self._members(cur, workshop_id)
            decision = self._decision(cur, workshop_id, w["current_line_id"])
            cur.execute("SELECT DISTINCT line_id FROM decisions WHERE workshop_id = ?", [workshop_id])
            decided = {r[0] for r in cur.fetchall()}
            turnout = room_queries.turnout(cur, workshop_id)
            late = [m["id"] for m in members if m["joined_round"] > 1]
            joined = room_queries.joined_lines(cur, late)
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
            n = cur.execute("SELECT count(*) FROM votes WHERE workshop_id = ?", [workshop_id]).fetchone()[0]
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

    @staticmethod
    def _members(cur, workshop_id: int) -> list[dict]:
        """The people in the room: joined (waiting or admitted), not removed, not departed."""
        cur.execute(
            "SELECT id, name, role_title, admitted, username, joined_round FROM participants "
            "WHERE workshop_id = ? AND NOT removed AND left_at IS NULL AND role_title <> 'facilitator' ORDER BY id",
            [workshop_id],
        )
        return rows_as_dicts(cur)

    @staticmethod
    def _decision(cur, workshop_id: int, line_id: int | None) -> dict | None:
        if line_id is None:
            return None
        cur.execute("SELECT * FROM decisions WHERE workshop_id = ? AND line_id = ? ORDER BY id DESC LIMIT 1",
                    [workshop_id, line_id])
        rows = rows_as_dicts(cur)
        return rows[0] if rows else None

    # -- participants (by join code and token) -------------------------------------
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
        wanted = normalise_code(code)
        who = text(name, "Navn", max_len=120, required=True)
        role = choice(role_title, "Rolle", PARTICIPANT_ROLES)
        if role == "facilitator":
            raise ValidationError("Rollen 'facilitator' har den, der åbner workshoppen", "role_title")
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

            def counts(key: str) -> tuple[int, int, int]:
                return cur.execute(
                    "SELECT count(*) FILTER (WHERE outcome IN ('wrong_code', 'refused')), "
                    "count(*) FILTER (WHERE outcome = 'ok'), count(*) FILTER (WHERE outcome = 'throttled') "
                    "FROM join_attempts WHERE client = ? AND tried_at > ?", [key, since]).fetchone()

            def record(keys, outcome: str) -> None:
                cur.executemany("INSERT INTO join_attempts (client, outcome, tried_at) VALUES (?, ?, ?)",
                                [[k, outcome, now] for k in keys])

            def throttle(key: str, kind: str, seen: tuple[int, int, int], message: str) -> ValidationError:
                record([key], "throttled")
                if not seen[2]:  # once per window and count: a flood of refusals is not a flood of audit rows
                    stranger.audit("join_throttled", "workshops", None, None,
                                   {"client": client_key, "by": kind, "wrong_codes": seen[0], "joins": seen[1]})
                return ValidationError(message, "code")

            mine = [k for k in (person, client_key) if k]
            limits = [(person, "person", WRONG_CODES_PER_PERSON, JOINS_PER_PERSON,
                       "For mange forsøg på at deltage fra " + ("din konto" if user is not None else "denne browser")),
                      (client_key, "client", WRONG_CODES_PER_CLIENT, JOINS_PER_CLIENT,
                       "For mange forsøg på at deltage fra denne forbindelse")]
            for key, kind, max_wrong, max_joins, what in limits:
                if key is None:
                    continue
                seen = counts(key)
                if seen[0] >= max_wrong or seen[1] >= max_joins:
                    refused = throttle(key, kind, seen, f"{what}. Vent {THROTTLE_MINUTES} minutter, og prøv igen.")
                    break
            if refused is None:
                cur.execute("SELECT * FROM workshops WHERE code = ? AND status = 'aaben'", [wanted])
                rows = rows_as_dicts(cur)
                if not wanted or not rows:
                    record(mine, "wrong_code")
                    stranger.audit("join_wrong_code", "workshops", None, None,
                                   {"client": client_key, "code": wanted[:12]})
                    refused = ValidationError(
                        f"Koden '{code}' passer ikke til en åben workshop. Tjek koden hos facilitatoren.", "code")
                else:
                    room = client_hash(f"workshop:{rows[0]['id']}")
                    seen = counts(room) if user is None else (0, 0, 0)
                    if seen[1] + seen[0] >= GUEST_JOINS_PER_WORKSHOP:
                        refused = throttle(room, "workshop", seen,
                                           "For mange har forsøgt at deltage i denne workshop uden konto de sidste "
                                           f"{THROTTLE_MINUTES} minutter. Vent lidt, og prøv igen, eller log ind.")
                    else:
                        seat, refused = self._seat(cur, rows[0], who, role, user, browser_key, token)
                        record([*mine, *([room] if user is None else [])], "ok" if refused is None else "refused")
        if refused is not None:
            raise refused
        return seat, token

    def _seat(self, cur, w: dict, who: str, role: str, user: Actor | None, browser_key: str | None,
              token: str) -> tuple[int | None, ValidationError | None]:
        """Take (or return to) a seat in workshop ``w``: (participant id, None) or (None, the refusal)."""
        if user is not None:
            cur.execute("SELECT * FROM participants WHERE workshop_id = ? AND username = ? "
                        "AND role_title <> 'facilitator' ORDER BY id", [w["id"], user.username])
        elif browser_key:
            cur.execute("SELECT * FROM participants WHERE workshop_id = ? AND browser_hash = ? AND username IS NULL "
                        "ORDER BY id", [w["id"], browser_key])
        mine = rows_as_dicts(cur) if (user is not None or browser_key) else []
        actor = _participant_actor({"id": mine[0]["id"] if mine else 0, "name": who,
                                    "username": user.username if user else None})
        uow = UnitOfWork(cur, actor)
        if any(p["removed"] for p in mine):
            uow.audit("join_refused", "participants", mine[0]["id"], None,
                      {"workshop_id": w["id"], "reason": "removed"})
            return None, ValidationError("Facilitatoren har taget dig ud af workshoppen.", "token")
        if mine:  # back to the same seat, from this or another device: the old token stops working
            p = mine[0]
            back = p["left_at"] is not None
            versioned_update(cur, "participants", p["id"], {
                "token_hash": token_hash(token), "left_at": None,
                "joined_round": w["round"] if back else p["joined_round"], "role_title": role}, actor.username)
            self._bump(uow, w["id"], {})
            uow.audit("rejoin", "participants", p["id"], {"left": back},
                      {"workshop_id": w["id"], "role_title": role,
                       **({"line_id": w["current_line_id"], "round": w["round"]} if back else {})})
            return p["id"], None
        if user is None:
            guests = cur.execute(
                "SELECT count(*) FROM participants WHERE workshop_id = ? AND username IS NULL AND NOT removed "
                "AND left_at IS NULL AND role_title <> 'facilitator'", [w["id"]]).fetchone()[0]
            if guests >= w["guest_cap"]:
                uow.audit("join_refused", "workshops", w["id"], None, {"reason": "guest_cap", "cap": w["guest_cap"]})
                return None, ValidationError(
                    f"Workshoppen er fuld: højst {w['guest_cap']} gæster uden konto. Bed facilitatoren om hjælp.",
                    "code")
        admitted = user is not None or not w["require_admission"]
        cur.execute(
            "INSERT INTO participants (assessment_id, workshop_id, name, role_title, username, attended_on, "
            "token_hash, admitted, browser_hash, joined_round, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "RETURNING id",
            [w["assessment_id"], w["id"], who, role, user.username if user else None, date.today(),
             token_hash(token), admitted, browser_key, w["round"], user.username if user else "deltager"],
        )
        pid = cur.fetchone()[0]
        uow = UnitOfWork(cur, _participant_actor({"id": pid, "name": who, "username": user.username if user else None}))
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
            versioned_update(cur, "participants", p["id"], {"left_at": NOW, "token_hash": None}, None)
            uow = UnitOfWork(cur, _participant_actor(p))
            self._bump(uow, w["id"], {})
            uow.audit("leave", "participants", p["id"], None, {"workshop_id": w["id"]})

    @staticmethod
    def _by_token(cur, code: str, token: str, closed_ok: bool = False) -> tuple[dict, dict]:
        cur.execute(
            "SELECT p.*, w.status AS w_status FROM participants p JOIN workshops w ON w.id = p.workshop_id "
            "WHERE p.token_hash = ? AND w.code = ?",
            [token_hash(token), normalise_code(code)],
        )
        rows = rows_as_dicts(cur)
        if not rows:
            raise ValidationError("Din plads i workshoppen findes ikke: deltag igen med koden.", "token")
        p = rows[0]
        if p["removed"]:
            raise ValidationError("Facilitatoren har taget dig ud af workshoppen.", "token")
        if p["w_status"] != "aaben" and not closed_ok:
            raise ValidationError("Workshoppen er lukket. Tak for din deltagelse.", "workshop")
        cur.execute("SELECT * FROM workshops WHERE id = ?", [p["workshop_id"]])
        return p, rows_as_dicts(cur)[0]

    def pulse(self, code: str, token: str) -> tuple[int, int]:
        """A cheap change marker for a participant's screen: the workshop's version and the votes
        cast in the current round (for "venter på 2 af 5")."""
        with self.db.read() as cur:
            _, w = self._by_token(cur, code, token, closed_ok=True)
            n = cur.execute("SELECT count(DISTINCT participant_id) FROM votes WHERE workshop_id = ? AND line_id = ? "
                            "AND round = ?", [w["id"], w["current_line_id"], w["round"]]).fetchone()[0]
        return w["version"], n

    def participant_view(self, code: str, token: str) -> ParticipantState:
        """A participant's screen. In an anonymous workshop the revealed votes carry no names. A
        closed workshop gives its closing screen: ``status`` 'lukket' and what the room agreed."""
        with self.db.read() as cur:
            p, w = self._by_token(cur, code, token, closed_ok=True)
            a = Assessments(cur).get(w["assessment_id"])
            s = scope_of(cur, a)
            lines = self._agenda_lines(w, RiskLines(cur).for_assessment(a.id))
            line = next((ln for ln in lines if ln.id == w["current_line_id"]), None)
            if line is None:
                line = next((ln for ln in RiskLines(cur).for_assessment(a.id) if ln.id == w["current_line_id"]), None)
            votes = latest_votes(self._round_votes(cur, w["id"], w["current_line_id"], w["round"])) if line else []
            decision = self._decision(cur, w["id"], w["current_line_id"]) if w["phase"] == "vist" else None
            members = [m for m in self._members(cur, w["id"]) if m["admitted"]]
            agreed = []
            if w["status"] != "aaben":
                for ln in lines:
                    d = self._decision(cur, w["id"], ln.id)
                    if d:
                        agreed.append({"threat_code": ln.threat_code, "threat_title": ln.threat_title,
                                       "dims": line_dimensions(ln), **{k: d[k] for k in DIMENSIONS}})
        mine = next((v for v in votes if v["participant_id"] == p["id"]), None)
        voted = {v["participant_id"] for v in votes}
        open_ = w["status"] == "aaben"
        state = ParticipantState(
            workshop_id=w["id"], code=w["code"], status=w["status"], phase=w["phase"], round=w["round"],
            version=w["version"], system_name=s.name,
            participant={k: p[k] for k in ("id", "name", "role_title", "admitted")},
            line=line if p["admitted"] and open_ else None,
            position=(next((i + 1 for i, ln in enumerate(lines) if line and ln.id == line.id), 0), len(lines)),
            scale_size=a.scale_size, preset_id=a.preset_id, my_vote=mine, anonymous=bool(w["anonymous"]),
            present=len(members), voted=sum(1 for m in members if m["id"] in voted), agreed=agreed,
        )
        if w["phase"] == "vist" and p["admitted"] and open_:
            keys = DIMENSIONS if w["anonymous"] else ("name", "role_title", *DIMENSIONS)
            state.revealed = [{k: v[k] for k in keys} for v in votes]
            state.spreads = spreads(votes)
            state.decision = decision
        return state

    def vote(self, code: str, token: str, line_id: int, round_: int, values: dict) -> int:
        """Cast (or change) the participant's private estimate for the current threat and round."""
        if not isinstance(values, dict):
            raise ValidationError("Stemmen skal angives felt for felt", "values")
        unknown = set(values) - set(DIMENSIONS)
        if unknown:
            raise ValidationError(f"Ukendt felt i stemmen: {', '.join(sorted(unknown))}", "values")
        with self.db.transaction() as cur:
            p, w = self._by_token(cur, code, token)
            if not p["admitted"]:
                raise ValidationError("Du venter stadig på at blive lukket ind af facilitatoren.", "token")
            if w["current_line_id"] != line_id or w["round"] != round_ or w["phase"] != "stemmer":
                raise ValidationError(
                    "Facilitatoren er gået videre, så din stemme er ikke talt med. Stem på det, der vises nu.", "round")
            a = Assessments(cur).get(w["assessment_id"])
            preset = self.assessments.preset_of(a)
            clean = {}
            for dim in DIMENSIONS:
                value = values.get(dim)
                if isinstance(value, bool):
                    raise ValidationError(f"{VOTE_LABELS_DA[dim]}: '{value}' er ikke et tal", dim)
                try:
                    clean[dim] = preset.check_score(value, VOTE_LABELS_DA[dim])
                except ValueError as err:
                    raise ValidationError(str(err), dim) from None
            if all(v is None for v in clean.values()):
                raise ValidationError("Vælg mindst én værdi, før du stemmer", "values")
            cur.execute(
                "INSERT INTO votes (workshop_id, line_id, round, participant_id, likelihood, cons_c, cons_i, cons_a) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                [w["id"], line_id, round_, p["id"], *(clean[d] for d in DIMENSIONS)],
            )
            vid = cur.fetchone()[0]
            UnitOfWork(cur, _participant_actor(p)).audit(
                "vote", "votes", vid, None, {"workshop_id": w["id"], "line_id": line_id, "round": round_, **clean})
        return vid

    # -- participants on record ------------------------------------------------------
    def participants(self, actor: Actor, assessment_id: int) -> pd.DataFrame:
        """Who took part (joined a workshop or added by hand), with role and date."""
        with self.db.read() as cur:
            self._check(cur, actor, assessment_id, "read")
            cur.execute(
                "SELECT id, name, role_title, attended_on, workshop_id, username, admitted, version FROM participants "
                "WHERE assessment_id = ? AND NOT removed AND admitted ORDER BY attended_on, id",
                [assessment_id],
            )
            return rows_as_frame(cur)

    def add_participant(self, actor: Actor, assessment_id: int, name: str, role_title: str,
                        attended_on: date | str | None = None) -> int:
        """Record someone who took part without joining through a code (e.g. around the projector)."""
        who = text(name, "Navn", max_len=120, required=True)
        role = choice(role_title, "Rolle", PARTICIPANT_ROLES)
        when = as_date(attended_on, "Dato") or date.today()
        if when > date.today():
            raise ValidationError("Datoen for deltagelse kan ikke ligge i fremtiden", "attended_on")
        with unit_of_work(self.db, actor) as uow:
            self.assessments._assessment_for_write(uow, assessment_id)
            uow.cur.execute(
                "INSERT INTO participants (assessment_id, name, role_title, attended_on, updated_by) "
                "VALUES (?, ?, ?, ?, ?) RETURNING id",
                [assessment_id, who, role, when, actor.username],
            )
            pid = uow.cur.fetchone()[0]
            uow.audit("add_participant", "participants", pid, None,
                      {"assessment_id": assessment_id, "name": who, "role_title": role, "attended_on": when})
        return pid

    def remove_participant(self, actor: Actor, participant_id: int, expected_version: int) -> None:
        version_of(expected_version)
        with unit_of_work(self.db, actor) as uow:
            uow.cur.execute("SELECT * FROM participants WHERE id = ?", [participant_id])
            rows = rows_as_dicts(uow.cur)
            if not rows or rows[0]["removed"]:
                raise NotFoundError(f"Deltageren med id {participant_id} findes ikke")
            p = rows[0]
            self.assessments._assessment_for_write(uow, p["assessment_id"])
            if p["version"] != expected_version:
                raise ValidationError(f"Deltageren '{p['name']}' er ændret af en anden. Intet er gemt: genindlæs.",
                                      "version")
            versioned_update(uow.cur, "participants", participant_id, {"removed": True}, actor.username)
            uow.audit("remove_participant", "participants", participant_id, {"name": p["name"]}, {"removed": True})

    def votes(self, actor: Actor, assessment_id: int) -> pd.DataFrame:
        """Every vote cast on the assessment's threats: who, what, when (the record)."""
        with self.db.read() as cur:
            self._check(cur, actor, assessment_id, "read")
            cur.execute(
                "SELECT v.cast_at, p.name, p.role_title, rl.threat_code, rl.threat_title, v.round, v.likelihood, "
                "v.cons_c, v.cons_i, v.cons_a FROM votes v JOIN participants p ON p.id = v.participant_id "
                "JOIN risk_lines rl ON rl.id = v.line_id WHERE p.assessment_id = ? ORDER BY v.cast_at, v.id",
                [assessment_id],
            )
            return rows_as_frame(cur)

    def decisions(self, actor: Actor, assessment_id: int) -> pd.DataFrame:
        with self.db.read() as cur:
            self._check(cur, actor, assessment_id, "read")
            cur.execute(
                "SELECT d.decided_at, d.decided_by, rl.threat_code, rl.threat_title, d.likelihood, d.cons_c, d.cons_i, "
                "d.cons_a, d.rationale, d.votes FROM decisions d JOIN workshops w ON w.id = d.workshop_id "
                "JOIN risk_lines rl ON rl.id = d.line_id WHERE w.assessment_id = ? ORDER BY d.id",
                [assessment_id],
            )
            return rows_as_frame(cur)
