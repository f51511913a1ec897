"""Domain vocabulary and dataclasses of the risk model (no storage, no UI)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache

from riskmodel.domain.codes import (
    ActivityStatus,
    AssessmentStatus,
    Classification,
    Criticality,
    Lens,
    ParticipantRole,
    Role,
    SystemStatus,
    Treatment,
    WorkshopPhase,
    WorkshopStatus,
    values,
)
from riskmodel.domain.scales import DATA_DIR

# The stored codes as plain strings, in the order offered (riskmodel/codes.py is their home).
CLASSIFICATIONS = values(Classification)
DATA_CATEGORIES = ("ingen", "almindelige", "følsomme", "strafbare", "cpr")
SUBJECT_BANDS = ("0", "1-100", "100-1.000", "1.000-10.000", "10.000-100.000", "100.000+")
CRITICALITIES = values(Criticality)
TREATMENTS = values(Treatment)
HOSTINGS = ("leverandør", "cloud", "egen drift")
SYSTEM_STATUSES = values(SystemStatus)
ASSESSMENT_STATUSES = values(AssessmentStatus)
WORKSHOP_STATUSES = values(WorkshopStatus)
WORKSHOP_PHASES = values(WorkshopPhase)
# Roles a participant has in the workshop (shown with the assessment and in the Excel pack).
PARTICIPANT_ROLES = values(ParticipantRole)
ROLES = values(Role)

# Catalogue profile tags (see data/threats.csv)
THREAT_TAGS = ("all", "personal_data", "sensitive", "supplier", "critical", "internet", "onprem")


@dataclass(frozen=True)
class Actor:
    """The person acting: every service call takes one."""

    username: str
    display_name: str
    role: str = "koordinator"
    departments: tuple[str, ...] = ()


LOCAL_ACTOR = Actor(username="lokal", display_name="Lokal bruger", role="koordinator")


@dataclass
class SystemInput:
    name: str
    department: str
    owner: str = ""
    description: str = ""
    supplier: str = ""
    dpa: bool = False
    dpa_date: date | None = None
    classification: str = "intern"
    data_categories: list[str] = field(default_factory=lambda: ["ingen"])
    subjects_band: str = "0"
    criticality: str = "middel"
    hosting: str = "leverandør"


@dataclass
class System(SystemInput):
    id: int = 0
    status: str = "aktiv"
    review_interval: int = 12  # months between reviews (riskmodel.domain.review)
    version: int = 1
    updated_at: datetime | None = None


@dataclass
class ThreatInput:
    category: str
    title: str
    description: str = ""
    harms_c: bool = True
    harms_i: bool = True
    harms_a: bool = True
    tags: list[str] = field(default_factory=lambda: ["all"])
    # ISO 27001 Annex A controls that address the threat (ids of data/annex_a.json). None: not
    # given, so an update keeps the controls the threat has (callers that predate the mapping).
    controls: list[str] | None = None


@dataclass
class Threat(ThreatInput):
    controls: list[str] = field(default_factory=list)
    id: int = 0
    code: str = ""
    hidden: bool = False
    version: int = 1


@dataclass
class ActivityInput:
    """A processing activity (behandlingsaktivitet): what is done with personal data, why, on what basis."""

    name: str
    department: str
    purpose: str = ""
    responsible: str = ""
    legal_bases: list[str] = field(default_factory=list)
    data_categories: list[str] = field(default_factory=lambda: ["almindelige"])
    subject_categories: list[str] = field(default_factory=lambda: ["borgere"])
    subjects_band: str = "1-100"


@dataclass
class Activity(ActivityInput):
    id: int = 0
    status: str = "aktiv"
    dpia_done: bool = False
    dpia_date: date | None = None
    dpia_ref: str = ""
    version: int = 1
    updated_at: datetime | None = None
    system_ids: list[int] = field(default_factory=list)


ACTIVITY_STATUSES = values(ActivityStatus)
LENSES = values(Lens)  # the organisation's assets; the data subjects' rights


@dataclass
class Assessment:
    id: int
    system_id: int | None
    year: int
    status: str
    preset_id: str
    scale_size: int
    version: int
    is_current: bool = True
    created_at: datetime | None = None
    updated_at: datetime | None = None
    created_by: str = ""
    updated_by: str = ""
    activity_id: int | None = None
    lens: str = "org"


# Fields of a risk line that a user scores or writes.
LINE_SCORE_FIELDS = ("likelihood", "cons_c", "cons_i", "cons_a", "residual_likelihood", "residual_consequence")
LINE_TEXT_FIELDS = (
    "scenario", "existing_measures", "planned_measures", "measure_owner", "risk_owner", "floor_reason", "score_rationale",
)
LINE_FIELDS = LINE_SCORE_FIELDS + LINE_TEXT_FIELDS + ("treatment", "measure_deadline")



@dataclass(frozen=True)
class FieldConflict:
    """One field of a risk line that someone else changed after this user saw it."""

    field: str
    yours: object  # the value this user chose
    theirs: object  # the value stored now
    seen: object  # the value this user saw before choosing
    by: str  # display name of who stored ``theirs``
    at: datetime | None  # when (naive UTC, as stored)

@dataclass
class RiskLine:
    id: int
    assessment_id: int
    threat_id: int | None
    threat_code: str
    threat_title: str
    threat_description: str
    category: str
    harms_c: bool
    harms_i: bool
    harms_a: bool
    custom: bool
    position: int
    version: int
    scenario: str = ""
    existing_measures: str = ""
    likelihood: int | None = None
    cons_c: int | None = None
    cons_i: int | None = None
    cons_a: int | None = None
    treatment: str | None = None
    planned_measures: str = ""
    measure_owner: str = ""
    measure_deadline: date | None = None
    residual_likelihood: int | None = None
    residual_consequence: int | None = None
    risk_owner: str = ""
    floor_reason: str = ""
    score_rationale: str = ""
    accepted_by: str = ""
    accepted_on: date | None = None
    acceptance_ref: str = ""
    acceptance_expires: date | None = None
    harms: list[str] = field(default_factory=list)
    measure_status: str = "planlagt"
    measure_controls: list[str] = field(default_factory=list)
    measure_done_on: date | None = None
    residual_review: bool = False  # the measure was marked done: the residual scores must be looked at again
    # An imported register's single consequence column, kept as an overall consequence (not as F, I and T), and
    # how the import applied that column to the line ('harms', 'c', 'i', 'a' or 'overall'; None: not imported so).
    consequence_overall: int | None = None
    consequence_source: str | None = None

    @property
    def accepted(self) -> bool:
        return bool(self.accepted_by and self.accepted_on)

    @property
    def has_measure(self) -> bool:
        """A planned measure counts when it says what, who and by when."""
        return bool(self.planned_measures.strip() and self.measure_owner.strip() and self.measure_deadline)

    @property
    def consequence(self) -> int | None:
        """The highest of F, I and T; the imported overall consequence only while none of them is scored."""
        scored = [v for v in (self.cons_c, self.cons_i, self.cons_a) if v is not None]
        return max(scored) if scored else self.consequence_overall

    @property
    def overall_only(self) -> bool:
        """The consequence is an imported overall consequence: F, I and T are not scored one by one."""
        return self.consequence_overall is not None and all(
            v is None for v in (self.cons_c, self.cons_i, self.cons_a))

    @property
    def residual(self) -> tuple[int | None, int | None]:
        """Residual (likelihood, consequence); unscored residual equals inherent."""
        if self.residual_likelihood is not None and self.residual_consequence is not None:
            return self.residual_likelihood, self.residual_consequence
        return self.likelihood, self.consequence


@lru_cache(maxsize=1)
def _floors() -> dict:
    return json.loads((DATA_DIR / "consequence_floors.json").read_text(encoding="utf-8"))


def confidentiality_floor(classification: str, data_categories: list[str] | tuple[str, ...], scale_size: int = 4) -> int:
    """Minimum confidentiality consequence proposed by a system's profile (1 = no floor)."""
    floors = _floors()
    key = str(scale_size)
    values = [floors["classification"].get(classification, {}).get(key, 1)]
    values += [floors["data_categories"].get(cat, {}).get(key, 1) for cat in data_categories or ()]
    return max(values)


def settle_no_data(previous: list[str], chosen: list[str]) -> list[str]:
    """'ingen' (no personal data) and the other categories exclude each other; the side the user just added wins.

    Choosing a category while 'ingen' was chosen drops 'ingen'; choosing 'ingen' while categories were chosen keeps
    only 'ingen'. With both new at once (nothing chosen before), the categories win.
    """
    chosen = list(dict.fromkeys(chosen))
    if "ingen" not in chosen or len(chosen) == 1:
        return chosen
    if "ingen" in previous and not set(previous) - {"ingen"}:
        return [c for c in chosen if c != "ingen"]
    if "ingen" not in previous and set(previous) - {"ingen"}:
        return ["ingen"]
    return [c for c in chosen if c != "ingen"]


def system_tags(system: SystemInput) -> set[str]:
    """Profile tags of a system, used to preselect fitting catalogue threats."""
    tags = {"all"}
    cats = set(system.data_categories or ())
    if cats - {"ingen"}:
        tags.add("personal_data")
    if cats & {"følsomme", "strafbare", "cpr"} or system.classification == "følsom":
        tags.add("sensitive")
    if system.hosting in ("leverandør", "cloud") or system.supplier:
        tags.add("supplier")
    if system.criticality in ("høj", "kritisk"):
        tags.add("critical")
    if system.hosting == "egen drift":
        tags.add("onprem")
    if system.classification == "offentlig" or system.hosting == "cloud":
        tags.add("internet")
    return tags


# -- the proposal on step 2: the catalogue ranked by the system's profile (issue 14) ------------
PROPOSAL_TARGET = 20  # threats preselected for an ordinary system
PROPOSAL_MAX = 25  # ties at the cut are kept up to this many
PROPOSAL_MIN = 15  # fewer only when fewer threats fit the profile at all
_CONFIDENTIALITY_NEED = {"offentlig": 0, "intern": 1, "fortrolig": 2, "følsom": 3}
_AVAILABILITY_NEED = {"lav": 0, "middel": 1, "høj": 2, "kritisk": 3}


def threat_relevance(system: SystemInput, tags: set[str], harms: tuple[bool, bool, bool]) -> int | None:
    """How relevant a catalogue threat is to a system; None when it does not fit the profile at all.

    3 points per profile tag of the threat that the system has (personal data, sensitive data,
    supplier, critical, internet, on premises); a threat for every system ('all') gets 1. Plus the
    system's need for each dimension the threat harms: confidentiality 0-3 by classification (+1
    with personal data), integrity 1 (+1 when critical), availability 0-3 by criticality.
    """
    profile = system_tags(system)
    specific = set(tags) - {"all"}
    matched = specific & profile
    if not matched and "all" not in tags:
        return None
    cats = set(system.data_categories or ()) - {"ingen"}
    need_c = _CONFIDENTIALITY_NEED.get(system.classification, 1) + (1 if cats else 0)
    need_i = 1 + (1 if system.criticality in ("høj", "kritisk") else 0)
    need_a = _AVAILABILITY_NEED.get(system.criticality, 1)
    score = 3 * len(matched) + (1 if "all" in tags else 0)
    return score + sum(n for n, on in zip((need_c, need_i, need_a), harms, strict=True) if on)


def proposal(system: SystemInput, threats: list[dict]) -> list[tuple[dict, int | None, bool]]:
    """The catalogue ranked for a system: (threat, relevance, preselected), most relevant first (:func:`ranked`)."""
    return ranked([(t, threat_relevance(system, set(t["tags"]), (t["harms_c"], t["harms_i"], t["harms_a"])))
                   for t in threats])


def ranked(scored: list[tuple[dict, int | None]]) -> list[tuple[dict, int | None, bool]]:
    """Threats with their relevance (None: does not fit), ranked: (threat, relevance, preselected).

    The first PROPOSAL_TARGET fitting threats are preselected, and those tied with the last of
    them up to PROPOSAL_MAX; ties keep the catalogue's order. Threats that do not fit come last.
    """
    order = sorted(range(len(scored)), key=lambda i: (scored[i][1] is None, -(scored[i][1] or 0), i))
    in_order = [scored[i] for i in order]
    fitting = [r for r in in_order if r[1] is not None]
    cut = min(PROPOSAL_TARGET, len(fitting))
    if cut:
        last = fitting[cut - 1][1]
        while cut < min(PROPOSAL_MAX, len(fitting)) and fitting[cut][1] == last:
            cut += 1
    return [(t, score, i < cut) for i, (t, score) in enumerate(in_order)]
