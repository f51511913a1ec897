"""Pure rules of a live workshop: join codes, participant tokens, and the spread of votes.

No storage and no UI: the workshop service stores, the pages draw, this decides.
"""

from __future__ import annotations

import hashlib
import secrets
import statistics
from collections import Counter
from dataclasses import dataclass

# Letters and digits that cannot be mistaken for one another when read off a projector
# (no 0/O, 1/I/L, 5/S, 2/Z, 8/B).
CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
CODE_LENGTH = 6
# Estimates this many steps apart or more mark a dimension as disputed.
DISAGREEMENT_STEPS = 2
DIMENSIONS = ("likelihood", "cons_c", "cons_i", "cons_a")


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(value: str | None) -> str:
    """What a person typed (lower case, spaces, a dash) as a stored code."""
    return "".join(ch for ch in str(value or "").upper() if ch.isalnum())


def format_code(code: str) -> str:
    """ABCDEF -> ABC-DEF: easier to read aloud."""
    return f"{code[:3]}-{code[3:]}" if len(code) == CODE_LENGTH else code


def new_token() -> str:
    return secrets.token_urlsafe(18)


def token_hash(token: str) -> str:
    return hashlib.sha256(str(token).encode()).hexdigest()


@dataclass(frozen=True)
class Spread:
    """The estimates of one dimension: how many gave each value, and whether they disagree."""

    counts: dict[int, int]
    unknown: int  # voted "ved ikke"

    @property
    def n(self) -> int:
        return sum(self.counts.values())

    @property
    def low(self) -> int | None:
        return min(self.counts) if self.counts else None

    @property
    def high(self) -> int | None:
        return max(self.counts) if self.counts else None

    @property
    def width(self) -> int:
        return (self.high - self.low) if self.counts else 0

    @property
    def disagree(self) -> bool:
        return self.width >= DISAGREEMENT_STEPS

    @property
    def median(self) -> int | None:
        """The proposal for the agreed value: the median, rounded up on a tie (the cautious side)."""
        if not self.counts:
            return None
        values = sorted(v for v, k in self.counts.items() for _ in range(k))
        return int(-(-statistics.median(values) // 1))


def spread(votes: list[dict], dimension: str) -> Spread:
    """Spread of ``dimension`` over votes (dicts with the DIMENSIONS keys; None means 'ved ikke')."""
    values = [v.get(dimension) for v in votes]
    return Spread(counts=dict(sorted(Counter(x for x in values if x is not None).items())),
                  unknown=sum(1 for x in values if x is None))


def spreads(votes: list[dict]) -> dict[str, Spread]:
    return {d: spread(votes, d) for d in DIMENSIONS}


def latest_votes(votes: list[dict]) -> list[dict]:
    """The latest vote of each participant (votes are append-only; a changed mind is a new vote)."""
    latest: dict[int, dict] = {}
    for v in sorted(votes, key=lambda v: (v["cast_at"], v["id"])):
        latest[v["participant_id"]] = v
    return list(latest.values())


# -- seats and joining -------------------------------------------------------------------
# Joins are throttled within THROTTLE_MINUTES on three counts; beyond a limit the joins it counts are
# refused until the window has passed:
# - per person: a signed-in account, or a guest's browser (the key the browser keeps): a few wrong codes
#   and joins; a typo in a meeting room throttles the one who made it, not the room;
# - per address: generous, since a meeting room behind one NAT (or every browser behind a proxy that is not
#   trusted, RISK_TRUSTED_PROXIES) shares one address; it bounds a script that drops its browser key;
# - per workshop: the guest joins one workshop takes, from any address (accounts have their own limit).
WRONG_CODES_PER_PERSON = 5
JOINS_PER_PERSON = 10
WRONG_CODES_PER_CLIENT = 25
JOINS_PER_CLIENT = 120
GUEST_JOINS_PER_WORKSHOP = 60
THROTTLE_MINUTES = 10
DEFAULT_GUEST_CAP = 30


def client_hash(client: str | None) -> str:
    """The stored form of a client's address or a guest's browser key (never the raw value)."""
    return hashlib.sha256(f"ws-client:{client or ''}".encode()).hexdigest()[:32]


def needs_rationale(spreads_: dict[str, Spread], values: dict, dims: list[str] | tuple[str, ...]) -> bool:
    """A rationale is required when the room disagreed (spread of DISAGREEMENT_STEPS or more) on a
    dimension that is scored, or when a recorded value differs from the median of the votes.
    Without votes there is no median to follow: the value needs a rationale."""
    voted = [d for d in dims if d in spreads_ and spreads_[d].counts]
    if not voted:
        return True
    for d in dims:
        s = spreads_.get(d)
        if s is None or not s.counts:
            continue
        if s.disagree or values.get(d) != s.median:
            return True
    return False


def default_agenda(lines: list) -> list[int]:
    """The threats a session takes by default: the unscored ones in catalogue order (every
    line, when all are scored)."""
    open_ = [ln.id for ln in lines if ln.likelihood is None or ln.consequence is None]
    return open_ or [ln.id for ln in lines]


def moved(order: list[int], item: int, position: int) -> list[int]:
    """``order`` with ``item`` moved to ``position`` (1-based; clamped to the ends of the list)."""
    rest = [x for x in order if x != item]
    at = min(max(position, 1), len(rest) + 1) - 1
    return [*rest[:at], item, *rest[at:]]


def line_dimensions(line) -> list[str]:
    """What the room scores for a threat: likelihood and the F/I/T it harms (all three if it names none)."""
    harmed = [d for d, h in zip(DIMENSIONS[1:], (line.harms_c, line.harms_i, line.harms_a), strict=True) if h]
    return ["likelihood", *(harmed or DIMENSIONS[1:])]


def spread_figure(spreads_: dict[str, Spread], dims: list[str], size: int, titles: dict[str, str],
                  dont_know: str, agreed: dict | None = None, height: int = 320):
    """The projector's histogram per dimension: how many gave each value (and 'ved ikke'), the
    agreed value's bar in a stronger colour. Plotly, imported here only (the rules above need none)."""
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    fig = make_subplots(rows=1, cols=len(dims), subplot_titles=[titles[d] for d in dims], shared_yaxes=True)
    xs = [*(str(v) for v in range(1, size + 1)), dont_know]
    for col, d in enumerate(dims, 1):
        s = spreads_[d]
        ys = [s.counts.get(v, 0) for v in range(1, size + 1)] + [s.unknown]
        chosen = (agreed or {}).get(d)
        colours = ["#1f4e79" if chosen == v else "#8fb3d9" for v in range(1, size + 1)] + ["#bbbbbb"]
        fig.add_trace(go.Bar(x=xs, y=ys, marker_color=colours, text=[str(y) if y else "" for y in ys],
                             textposition="outside", textfont_size=22, showlegend=False, hoverinfo="skip"),
                      row=1, col=col)
    fig.update_xaxes(type="category", tickfont_size=22)
    fig.update_yaxes(visible=False, rangemode="tozero")
    fig.update_annotations(font_size=22)
    fig.update_layout(height=height, margin={"l": 10, "r": 10, "t": 50, "b": 10}, bargap=0.25)
    return fig


def qr_png(url: str, scale: int = 10) -> bytes:
    """The join link as a QR code (PNG, error correction M, quiet zone 4), for the projector."""
    import io

    import segno

    buf = io.BytesIO()
    segno.make(url, error="m", micro=False).save(buf, kind="png", scale=scale, border=4)
    return buf.getvalue()
