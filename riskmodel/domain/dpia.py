"""The data-subject lens: DPIA screening and the scale of severity for the registered persons.

Pure rules over the files in ``data/dpia/``: the nine EDPB criteria and the screening
rule (``criteria.json``), the vocabulary of legal bases, categories of data subjects and
kinds of harm (``vocabulary.json``), the data-subject matrix (``ds_matrix.json`` on
``ds_scale.json``) and the severity floors (``severity_floors.json``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache

from riskmodel.domain.model import SystemInput, ranked, system_tags
from riskmodel.domain.scales import DATA_DIR, Preset, load_preset_file

DPIA_DIR = DATA_DIR / "dpia"
DS_PRESET_ID = "registrerede"
ANSWERS = ("ja", "nej", "ved_ikke")


def _load(name: str) -> dict:
    return json.loads((DPIA_DIR / name).read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def screening_rules() -> dict:
    data = _load("criteria.json")
    keys = [c["key"] for c in data["criteria"]]
    if len(keys) != len(set(keys)) or [a["key"] for a in data["answers"]] != list(ANSWERS):
        raise ValueError("data/dpia/criteria.json: criteria must be unique and the answers ja, nej, ved_ikke")
    return data


def criteria() -> list[dict]:
    return screening_rules()["criteria"]


def criterion_keys() -> tuple[str, ...]:
    return tuple(c["key"] for c in criteria())


@lru_cache(maxsize=1)
def vocabulary() -> dict:
    return _load("vocabulary.json")


def keys(kind: str) -> tuple[str, ...]:
    """Stored codes of a vocabulary list: legal_bases, subject_categories, harms."""
    return tuple(item["key"] for item in vocabulary()[kind])


def label(kind: str, key: str, lang: str = "da") -> str:
    """Label of a vocabulary code, or of a criterion (kind 'criteria') or an answer (kind 'answers')."""
    items = criteria() if kind == "criteria" else screening_rules()["answers"] if kind == "answers" else vocabulary()[kind]
    for item in items:
        if item["key"] == key:
            return item["en" if lang == "en" else "da"]
    return key


@lru_cache(maxsize=1)
def ds_preset() -> Preset:
    """The data-subject matrix: likelihood against severity for the person (always 4×4)."""
    return load_preset_file(DPIA_DIR / "ds_matrix.json")


# -- screening -----------------------------------------------------------------------------
CONCLUSIONS = ("dpia_required", "follow_up", "not_required", "incomplete")


@dataclass(frozen=True)
class Screening:
    """The conclusion of a screening with its reasons.

    ``conclusion``: dpia_required (``required_min_yes`` or more "ja"), follow_up (not
    required yet, but the "ved ikke" answers could make it so), not_required, or
    incomplete (criteria unanswered, and what is answered does not already require one).
    ``follow_up`` lists every "ved ikke" criterion: they are flagged in any case.
    """

    conclusion: str
    yes: tuple[str, ...]
    unknown: tuple[str, ...]
    unanswered: tuple[str, ...]
    threshold: int

    @property
    def required(self) -> bool:
        return self.conclusion == "dpia_required"

    def reasons(self, lang: str = "da") -> list[str]:
        da = lang != "en"
        names = [label("criteria", k, lang) for k in self.yes]
        out = []
        if self.conclusion == "dpia_required":
            out.append((f"{len(self.yes)} kriterier er opfyldt (grænsen er {self.threshold}): " if da else
                        f"{len(self.yes)} criteria are met (the threshold is {self.threshold}): ") + ", ".join(names))
        elif self.yes:
            out.append((f"{len(self.yes)} kriterie opfyldt (grænsen er {self.threshold}): " if da else
                        f"{len(self.yes)} criterion met (the threshold is {self.threshold}): ") + ", ".join(names))
        else:
            out.append("Ingen kriterier er opfyldt" if da else "No criterion is met")
        if self.unknown:
            unknown = ", ".join(label("criteria", k, lang) for k in self.unknown)
            out.append(("Skal afklares (ved ikke): " if da else "To follow up (don't know): ") + unknown)
        if self.unanswered:
            out.append(f"{len(self.unanswered)} kriterier er ikke besvaret" if da else
                        f"{len(self.unanswered)} criteria are unanswered")
        return out


def screen(answers: dict[str, str | None]) -> Screening:
    """Conclude a screening from ``answers`` (criterion key -> ja | nej | ved_ikke | None)."""
    rules = screening_rules()["rule"]
    threshold = int(rules["required_min_yes"])
    order = criterion_keys()
    unknown_keys = set(answers) - set(order)
    if unknown_keys:
        raise ValueError(f"Ukendte kriterier: {', '.join(sorted(unknown_keys))}")
    yes = tuple(k for k in order if answers.get(k) == "ja")
    unknown = tuple(k for k in order if answers.get(k) == "ved_ikke")
    unanswered = tuple(k for k in order if answers.get(k) not in ANSWERS)
    if len(yes) >= threshold:
        conclusion = "dpia_required"
    elif len(yes) + len(unknown) + len(unanswered) < threshold:
        conclusion = "not_required"  # even if every open answer became "ja", the threshold is out of reach
    elif unanswered:
        conclusion = "incomplete"
    elif unknown:
        conclusion = "follow_up"
    else:
        conclusion = "not_required"
    return Screening(conclusion, yes, unknown, unanswered, threshold)


# -- severity floor --------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _floors() -> dict:
    return _load("severity_floors.json")


def severity_floor(data_categories, subject_categories=(), classifications=()) -> int:
    """Minimum severity of a confidentiality breach for the data subjects (1 = no floor)."""
    f = _floors()
    values = [1]
    values += [f["data_categories"].get(c, 1) for c in data_categories or ()]
    values += [f["subject_categories"].get(c, 1) for c in subject_categories or ()]
    values += [f["classification"].get(c, 1) for c in classifications or ()]
    return max(values)


def floor_reasons(data_categories, subject_categories=(), classifications=(), lang: str = "da") -> list[str]:
    """What sets the floor, for the explanation next to the score."""
    f = _floors()
    top = severity_floor(data_categories, subject_categories, classifications)
    if top <= 1:
        return []
    out = []
    for kind, values in (("data_categories", data_categories), ("subject_categories", subject_categories),
                         ("classification", classifications)):
        for v in values or ():
            if f[kind].get(v, 1) == top:
                name = label("subject_categories", v, lang) if kind == "subject_categories" else v
                out.append(name)
    return sorted(set(out))


# -- the proposal for a processing activity (issue 14) ---------------------------------------
SENSITIVE_DATA = frozenset({"følsomme", "strafbare", "cpr"})
LARGE_SCALE_BANDS = frozenset({"10.000-100.000", "100.000+"})
_AVAILABILITY_NEED = {"lav": 0, "middel": 1, "høj": 2, "kritisk": 3}
_LENS_TAGS = frozenset({"personal_data", "sensitive"})  # what the data subjects' lens is about


@dataclass(frozen=True)
class ActivityProfile:
    """What ranks the catalogue for a processing activity: its own personal data and data subjects,
    how many they are, and the systems it runs on."""

    data_categories: tuple[str, ...] = ()
    subject_categories: tuple[str, ...] = ()
    subjects_band: str = ""
    systems: tuple[SystemInput, ...] = ()

    @property
    def categories(self) -> set[str]:
        """The personal data in the activity and in its systems ('ingen' left out)."""
        return (set(self.data_categories) | {c for s in self.systems for c in s.data_categories or ()}) - {"ingen"}

    @property
    def vulnerable(self) -> bool:
        return bool(set(self.subject_categories) & set(vocabulary()["vulnerable_subjects"]))

    def tags(self) -> set[str]:
        """The catalogue's profile tags that fit: personal data, sensitive data (or vulnerable data
        subjects, or a system classified sensitive), and its systems' supplier, critical, internet, on premises."""
        out = {"all"}
        cats = self.categories
        if cats:
            out.add("personal_data")
        if cats & SENSITIVE_DATA or self.vulnerable or any(s.classification == "følsom" for s in self.systems):
            out.add("sensitive")
        for s in self.systems:
            out |= system_tags(s) - _LENS_TAGS
        return out


def activity_relevance(profile: ActivityProfile, tags: set[str], harms: tuple[bool, bool, bool]) -> int | None:
    """How relevant a catalogue threat is to the data subjects of an activity; None when it does not fit.

    4 points per tag of the lens the activity has (personal data, sensitive data), 2 per tag of its
    systems (supplier, critical, internet, on premises), 1 for a threat for everything ('all'). Plus
    the data subjects' stake in each dimension the threat harms: confidentiality the severity floor
    (1-3, +1 at 10,000 data subjects or more), integrity 1 (+1 for sensitive data or vulnerable data
    subjects: a wrong record decides more), availability the highest criticality of its systems (0-3; 1
    without systems).
    """
    profile_tags = profile.tags()
    matched = (set(tags) - {"all"}) & profile_tags
    if not matched and "all" not in tags:
        return None
    cats = profile.categories
    classes = [s.classification for s in profile.systems]
    need_c = severity_floor(cats, profile.subject_categories, classes) + (profile.subjects_band in LARGE_SCALE_BANDS)
    need_i = 1 + ("sensitive" in profile_tags)
    need_a = max((_AVAILABILITY_NEED.get(s.criticality, 1) for s in profile.systems), default=1)
    score = sum(4 if t in _LENS_TAGS else 2 for t in matched) + (1 if "all" in tags else 0)
    return score + sum(n for n, on in zip((need_c, need_i, need_a), harms, strict=True) if on)


def activity_proposal(profile: ActivityProfile, threats: list[dict]) -> list[tuple[dict, int | None, bool]]:
    """The catalogue ranked for the data subjects of an activity: (threat, relevance, preselected)."""
    return ranked([(t, activity_relevance(profile, set(t["tags"]), (t["harms_c"], t["harms_i"], t["harms_a"])))
                   for t in threats])


def preset_for(preset_id: str) -> Preset:
    """The matrix with this id: the data-subject matrix, or one of the municipality's presets."""
    from riskmodel.domain.scales import get_preset

    return ds_preset() if preset_id == DS_PRESET_ID else get_preset(preset_id)
