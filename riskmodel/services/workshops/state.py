"""What the workshop's screens show: the facilitator's (and the projector's) state and a participant's."""

from __future__ import annotations

from dataclasses import dataclass, field

from riskmodel.domain.model import Actor, RiskLine
from riskmodel.domain.workshop import Spread


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


def participant_actor(p: dict) -> Actor:
    """A participant as the actor of the audit rows they cause (they act through a token, not an account)."""
    return Actor(username=p.get("username") or f"deltager-{p['id']}", display_name=p["name"], role="deltager")
