"""A participant's side of the room, by join code and token: what their screen shows, and their vote."""

from __future__ import annotations

from riskmodel.domain.errors import ValidationError
from riskmodel.domain.scales import Preset
from riskmodel.domain.workshop import DIMENSIONS, latest_votes, line_dimensions, spreads
from riskmodel.services.assessments import scope_of
from riskmodel.services.common import audit_denials
from riskmodel.services.workshops.base import WorkshopBase, label
from riskmodel.services.workshops.state import ParticipantState, participant_actor
from riskmodel.store import workshops as repo
from riskmodel.store.queries import workshop as room
from riskmodel.store.uow import Assessments, RiskLines, UnitOfWork


def _score(preset: Preset, value, dim: str) -> int | None:
    """A vote's value on the assessment's scale. The check is the preset's (``Preset.check_score``); its refusal
    is raised again with a key, so that it reads in the reader's language (the Danish text is the preset's own,
    word for word: tests/unit/test_workshop_error_keys.py)."""
    try:
        return preset.check_score(value, label(dim).text("da"))
    except ValueError:
        pass
    number = None
    if not isinstance(value, (bytes, bytearray)):
        try:
            number = value if isinstance(value, int) else float(value)
        except (TypeError, ValueError):
            number = None
    if number is None:
        key = "err.workshop.score_not_number"
    elif isinstance(number, float) and not number.is_integer():
        key = "err.workshop.score_not_whole"
    else:
        key, value = "err.workshop.score_outside", int(number)
    raise ValidationError(key, dim, label=label(dim), value=value, size=preset.size)


@audit_denials
class ParticipantUseCases(WorkshopBase):
    def pulse(self, code: str, token: str) -> tuple[int, int]:
        """A cheap change marker for a participant's screen: the workshop's version and the votes
        cast in the current round (for "venter på 2 af 5")."""
        with self.db.read() as cur:
            _, w = self._by_token(cur, code, token, closed_ok=True)
            n = room.round_voters(cur, w["id"], w["current_line_id"], w["round"])
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
            votes = latest_votes(room.round_votes(cur, w["id"], w["current_line_id"], w["round"])) if line else []
            decision = self._decision(cur, w["id"], w["current_line_id"]) if w["phase"] == "vist" else None
            members = [m for m in room.members(cur, w["id"]) if m["admitted"]]
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
            raise ValidationError("err.workshop.vote_not_dict", "values")
        unknown = set(values) - set(DIMENSIONS)
        if unknown:
            raise ValidationError("err.workshop.vote_unknown", "values", fields=", ".join(sorted(unknown)))
        with self.db.transaction() as cur:
            p, w = self._by_token(cur, code, token)
            if not p["admitted"]:
                raise ValidationError("err.workshop.waiting", "token")
            if w["current_line_id"] != line_id or w["round"] != round_ or w["phase"] != "stemmer":
                raise ValidationError("err.workshop.vote_late", "round")
            preset = self.assessments.preset_of(Assessments(cur).get(w["assessment_id"]))
            clean = {}
            for dim in DIMENSIONS:
                value = values.get(dim)
                if isinstance(value, bool):
                    raise ValidationError("err.workshop.vote_bool", dim, label=label(dim), value=value)
                clean[dim] = _score(preset, value, dim)
            if all(v is None for v in clean.values()):
                raise ValidationError("err.workshop.vote_empty", "values")
            vid = repo.insert_vote(cur, w["id"], line_id, round_, p["id"], clean)
            UnitOfWork(cur, participant_actor(p)).audit(
                "vote", "votes", vid, None, {"workshop_id": w["id"], "line_id": line_id, "round": round_, **clean})
        return vid
