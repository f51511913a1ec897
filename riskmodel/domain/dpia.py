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


def preset_for(preset_id: str) -> Preset:
    """The matrix with this id: the data-subject matrix, or one of the municipality's presets."""
    from riskmodel.domain.scales import get_preset

    return ds_preset() if preset_id == DS_PRESET_ID else get_preset(preset_id)
