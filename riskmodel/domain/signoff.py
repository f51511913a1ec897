"""Pure rules of sign-off and risk acceptance.

A risk line whose residual level is at or above the matrix's acceptance threshold (a
level marked ``requires_action`` in the preset) needs either a planned measure (what,
who, by when) or an explicit acceptance. An assessment goes to review and is approved
only when nothing is left open. The approval keeps every line's scores; a later change
of any of them makes the approval outdated.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from riskmodel.domain.dates import dk_today
from riskmodel.domain.model import RiskLine
from riskmodel.domain.scales import Preset

# Fields whose change after approval makes the approval outdated.
SNAPSHOT_FIELDS = (
    "likelihood", "cons_c", "cons_i", "cons_a", "residual_likelihood", "residual_consequence", "treatment",
    "accepted_by", "accepted_on",
)


@dataclass(frozen=True)
class OpenItem:
    """Something that needs a decision before sign-off: ``kind`` is a stable key for the UI."""

    line_id: int
    threat: str
    kind: str  # unscored | needs_decision | acceptance_expired | floor_reason | residual_review


def threshold(preset: Preset) -> int:
    """Index of the lowest level that requires action (treatment or acceptance)."""
    for i, level in enumerate(preset.levels):
        if level.requires_action:
            return i
    return len(preset.levels)


def needs_decision(line: RiskLine, preset: Preset) -> bool:
    """Whether the line's residual level is at or above the acceptance threshold."""
    lvl = preset.level_or_none(*line.residual)
    return lvl is not None and preset.levels.index(lvl) >= threshold(preset)


def open_items(lines: list[RiskLine], preset: Preset, floor: int = 1, today: date | None = None) -> list[OpenItem]:
    today = today or dk_today()
    out: list[OpenItem] = []
    for ln in lines:
        label = f"{ln.threat_code} {ln.threat_title}"
        if ln.likelihood is None or ln.consequence is None:
            out.append(OpenItem(ln.id, label, "unscored"))
            continue
        if floor > 1 and ln.cons_c is not None and ln.cons_c < floor and not ln.floor_reason.strip():
            out.append(OpenItem(ln.id, label, "floor_reason"))
        if ln.residual_review:
            out.append(OpenItem(ln.id, label, "residual_review"))
        if needs_decision(ln, preset):
            if ln.accepted and ln.acceptance_expires is not None and ln.acceptance_expires < today:
                out.append(OpenItem(ln.id, label, "acceptance_expired"))
            elif not (ln.has_measure or ln.accepted):
                out.append(OpenItem(ln.id, label, "needs_decision"))
    return out


def snapshot(lines: list[RiskLine], preset: Preset) -> dict[str, dict]:
    """Every line's scores and levels at the moment of approval (JSON-ready)."""
    out = {}
    for ln in lines:
        inherent = preset.level_or_none(ln.likelihood, ln.consequence)
        residual = preset.level_or_none(*ln.residual)
        row = {f: getattr(ln, f) for f in SNAPSHOT_FIELDS}
        row["accepted_on"] = ln.accepted_on.isoformat() if ln.accepted_on else None
        row.update(threat=f"{ln.threat_code} {ln.threat_title}",
                   level=inherent.key if inherent else None, residual_level=residual.key if residual else None)
        out[str(ln.id)] = row
    return out


def changed_since(approved: dict[str, dict], lines: list[RiskLine], preset: Preset) -> list[str]:
    """Threats whose scores differ from the approval snapshot (added and removed lines too)."""
    now = snapshot(lines, preset)
    changed = []
    for key in sorted(approved.keys() | now.keys(), key=int):
        before, after = approved.get(key), now.get(key)
        if before is None or after is None or any(before.get(f) != after.get(f) for f in SNAPSHOT_FIELDS):
            changed.append((after or before)["threat"])
    return changed
