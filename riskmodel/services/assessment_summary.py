"""One assessment at a glance: its year and status, how many lines sit at each level, and its valid approval."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from riskmodel.domain.model import Assessment
from riskmodel.domain.scales import Preset
from riskmodel.store import assessments as assessment_store
from riskmodel.store.uow import RiskLines


@dataclass
class AssessmentSummary:
    """One assessment at a glance: its year and status, and how many lines sit at each level."""

    id: int
    system_id: int
    year: int
    status: str
    is_current: bool
    preset_id: str  # the matrix the levels below were looked up in
    created_at: datetime | None
    lines: int
    scored: int
    inherent: dict[str, int] = field(default_factory=dict)  # level key -> lines, lowest level first
    residual: dict[str, int] = field(default_factory=dict)
    approved_at: datetime | None = None  # the valid approval, if any
    approved_by: str = ""
    on_behalf_of: str = ""



def summarize(cur, a: Assessment, preset: Preset) -> AssessmentSummary:
    """The summary of an assessment, its lines' levels looked up in ``preset``."""
    lines = RiskLines(cur).for_assessment(a.id)
    inherent = dict.fromkeys((lvl.key for lvl in preset.levels), 0)
    residual = dict(inherent)
    for ln in lines:
        lvl = preset.level_or_none(ln.likelihood, ln.consequence)
        if lvl:
            inherent[lvl.key] += 1
        res = preset.level_or_none(*ln.residual)
        if res:
            residual[res.key] += 1
    approval = assessment_store.valid_approval(cur, a.id) if a.status == "godkendt" else None
    return AssessmentSummary(
        id=a.id, system_id=a.system_id, year=a.year, status=a.status, is_current=a.is_current,
        preset_id=preset.id, created_at=a.created_at, lines=len(lines),
        scored=sum(1 for ln in lines if ln.likelihood is not None and ln.consequence is not None),
        inherent=inherent, residual=residual,
        approved_at=approval[0] if approval else None,
        approved_by=approval[1] if approval else "",
        on_behalf_of=approval[2] if approval else "",
    )
