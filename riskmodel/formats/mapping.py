"""How a register from another tool is read: its columns, its value conversions, its defaults.

A :class:`MappingSpec` is what the coordinator decides once for a kind of file and may save and
reuse (the page offers it again for a file with the same headers; the CLI writes and reads it
with ``--mapping-out`` / ``--mapping``):

* ``columns``: {field: header};
* ``conversions``: {field: {value as written: value stored}} for the score and treatment columns.
  Every distinct value that is not already one of ours gets a *proposal* here
  (:func:`propose_conversions`); the import converts only what the spec says, never silently;
* ``defaults``: department, classification and owner for the systems the import creates when the
  file has no such column (or the cell is empty);
* ``consequence_to``: where a single consequence column goes: ``harms`` (each of F, I, T the threat
  affects), ``c``/``i``/``a`` (that one dimension), ``overall`` (kept as the line's overall consequence,
  marked as such, F/I/T left unscored), or ``""`` (not chosen yet: a problem).

Pure: no store, no services.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

SCORE_FIELDS = ("likelihood", "consequence", "cons_c", "cons_i", "cons_a", "residual_likelihood",
                "residual_consequence")
CONVERTED_FIELDS = (*SCORE_FIELDS, "treatment")
DEFAULT_FIELDS = ("department", "classification", "owner")
CONSEQUENCE_TO = ("harms", "c", "i", "a", "overall")

# Treatment words of ISO/IEC 27005 practice, other tools and English, onto our four treatments.
TREATMENT_SYNONYMS: dict[str, str] = {
    "accepter": "accepter", "accept": "accepter", "acceptér": "accepter", "accepteret": "accepter",
    "behold": "accepter", "retain": "accepter", "retention": "accepter", "tolerate": "accepter",
    "reducer": "reducer", "reduce": "reducer", "reduktion": "reducer", "mitiger": "reducer", "mitigér": "reducer",
    "mitigate": "reducer", "mitigation": "reducer", "modificer": "reducer", "modificér": "reducer",
    "modify": "reducer", "modification": "reducer", "treat": "reducer", "begræns": "reducer",
    "overfør": "overfør", "overfoer": "overfør", "transfer": "overfør", "del": "overfør", "deling": "overfør",
    "share": "overfør", "sharing": "overfør", "forsikr": "overfør",
    "undgå": "undgå", "undgaa": "undgå", "avoid": "undgå", "avoidance": "undgå", "terminate": "undgå",
    "ophør": "undgå",
}

# Words for a score that other tools and hand-made sheets use, on a 4-step scale.
_SCORE_WORDS_4: dict[str, int] = {
    "meget lav": 1, "lav": 1, "lille": 1, "low": 1, "very low": 1,
    "middel": 2, "medium": 2, "moderat": 2, "moderate": 2,
    "høj": 3, "hoej": 3, "stor": 3, "high": 3,
    "meget høj": 4, "meget hoej": 4, "very high": 4, "kritisk": 4, "critical": 4,
}
_LEADING_NUMBER = re.compile(r"^\s*(\d+)\s*(?:[-–—.:)]\s*|\s+)(.*)$")
_ENDINGS = ("t", "e", "en", "et")  # "Sandsynligt" ~ "Sandsynlig", "Alvorligt" ~ "Alvorlig"


def value_key(value: Any) -> str:
    """The key a value is converted by: its text, trimmed, with runs of spaces as one (case kept for show)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def _stem(text: str) -> str:
    text = _fold(text)
    for end in sorted(_ENDINGS, key=len, reverse=True):
        if text.endswith(end) and len(text) > len(end) + 3:
            return text[: -len(end)]
    return text


@dataclass
class MappingSpec:
    columns: dict[str, str] = field(default_factory=dict)
    conversions: dict[str, dict[str, Any]] = field(default_factory=dict)
    defaults: dict[str, str] = field(default_factory=dict)
    consequence_to: str = "harms"
    headers: list[str] = field(default_factory=list)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=2, sort_keys=True)

    @classmethod
    def from_obj(cls, obj: Any) -> MappingSpec:
        """From a saved spec, or from the older flat {"field": "header"} object. Raises ValueError in Danish."""
        if not isinstance(obj, dict):
            raise ValueError('skal være et JSON-objekt, fx {"columns": {"system": "Systemnavn"}}')
        if "columns" not in obj:  # the flat form of before: columns only
            if not all(isinstance(k, str) and isinstance(v, str) for k, v in obj.items()):
                raise ValueError('skal være et JSON-objekt {"felt": "kolonneoverskrift"}')
            return cls(columns=dict(obj))
        spec = cls(
            columns=obj.get("columns") or {},
            conversions=obj.get("conversions") or {},
            defaults=obj.get("defaults") or {},
            consequence_to=obj.get("consequence_to", "harms") or "",
            headers=list(obj.get("headers") or []),
        )
        if not all(isinstance(k, str) and isinstance(v, str) for k, v in spec.columns.items()):
            raise ValueError("'columns' skal være {\"felt\": \"kolonneoverskrift\"}")
        if not isinstance(spec.conversions, dict) or not all(
                isinstance(v, dict) for v in spec.conversions.values()):
            raise ValueError("'conversions' skal være {\"felt\": {\"værdi i filen\": værdi}}")
        if not all(isinstance(v, str) for v in spec.defaults.values()):
            raise ValueError("'defaults' skal være {\"felt\": \"tekst\"}")
        if spec.consequence_to not in (*CONSEQUENCE_TO, ""):
            raise ValueError(f"'consequence_to' skal være en af {', '.join(CONSEQUENCE_TO)}")
        return spec

    @classmethod
    def from_json(cls, text: str) -> MappingSpec:
        try:
            return cls.from_obj(json.loads(text))
        except json.JSONDecodeError as err:
            raise ValueError(f"er ikke gyldig JSON ({err})") from None


def headers_key(headers: Iterable[str]) -> str:
    """The same headers in any order and case give the same key (a saved mapping is offered again)."""
    return "|".join(sorted(_fold(h) for h in headers if str(h).strip()))


def native_score(value: Any, size: int) -> int | None:
    """The value as one of our scores when it already is one (a whole number 1..size), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)) and float(value).is_integer() and 1 <= int(value) <= size:
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*\d+([.,]0+)?\s*", value):
        n = int(re.split(r"[.,]", value.strip())[0])
        return n if 1 <= n <= size else None
    return None


def rescale(value: int, top: int, size: int) -> int:
    """A step of a 1..top scale onto 1..size, evenly, halves up (1-5 onto 1-4: 1,2,3,3,4)."""
    return min(size, max(1, math.floor(1 + (value - 1) * (size - 1) / (top - 1) + 0.5)))


def propose_score(value: Any, size: int, step_labels: list[str], top: int | None) -> int | None:
    """A proposed score for a foreign value, or None when nothing sensible can be guessed."""
    text = value_key(value)
    m = _LEADING_NUMBER.match(text)
    number = None
    if m:  # "3 - Sandsynligt": the number counts
        number = int(m.group(1))
    elif re.fullmatch(r"\d+([.,]0+)?", text):
        number = int(re.split(r"[.,]", text)[0])
    if number is not None:
        if top and top > size and 1 <= number <= top:
            return rescale(number, top, size)
        return number if 1 <= number <= size else None
    stems = {_stem(lb): i + 1 for i, lb in enumerate(step_labels)}
    if _stem(text) in stems:
        return stems[_stem(text)]
    word = _SCORE_WORDS_4.get(_fold(text))
    if word is not None:
        return rescale(word, 4, size) if size != 4 else word
    return None


def propose_treatment(value: Any, labels: dict[str, str]) -> str | None:
    """Our treatment code for a foreign treatment word (labels: our code -> Danish label)."""
    text = _fold(value_key(value))
    for code, label in labels.items():
        if text in (code.casefold(), label.casefold()):
            return code
    return TREATMENT_SYNONYMS.get(text) or TREATMENT_SYNONYMS.get(text.rstrip("e")) or TREATMENT_SYNONYMS.get(
        text.split()[0] if text else "")


def propose_conversions(distinct: dict[str, list[Any]], size: int, likelihood_labels: list[str],
                        consequence_labels: list[str], treatment_labels: dict[str, str],
                        treatment_codes: Iterable[str]) -> dict[str, dict[str, Any]]:
    """{field: {value as written: proposal or None}} for every distinct value that is not already ours.

    A score column whose numbers go above the scale (a 1-5 register) gets the whole even table
    1..top onto 1..size, so the coordinator confirms every step, not only the ones seen.
    """
    out: dict[str, dict[str, Any]] = {}
    ours = {c.casefold() for c in treatment_codes} | {lb.casefold() for lb in treatment_labels.values()}
    for fld, values in distinct.items():
        if fld == "treatment":
            props = {value_key(v): propose_treatment(v, treatment_labels) for v in values
                     if _fold(value_key(v)) not in ours}
        elif fld in SCORE_FIELDS:
            numbers = [n for n in (_number(v) for v in values) if n is not None]
            top = max(numbers) if numbers and max(numbers) > size else None
            labels = likelihood_labels if "likelihood" in fld else consequence_labels
            props = {value_key(v): propose_score(v, size, labels, top) for v in values
                     if top is not None or native_score(v, size) is None}
            if top is not None:  # the whole table, also the steps the file does not use
                for n in range(1, top + 1):
                    props.setdefault(str(n), rescale(n, top, size))
        else:
            continue
        if props:
            out[fld] = props
    return out


def _number(value: Any) -> int | None:
    text = value_key(value)
    m = _LEADING_NUMBER.match(text)
    if m:
        return int(m.group(1))
    if re.fullmatch(r"\d+([.,]0+)?", text):
        return int(re.split(r"[.,]", text)[0])
    return None


# -- rows that are not risks ------------------------------------------------------------------------
_TOTAL_WORDS = ("i alt", "ialt", "total", "totals", "sum", "summa", "samlet", "grand total", "subtotal")


def non_risk_reason(values: list[Any], headers: list[str]) -> str | None:
    """Why a data row is not a risk ('blank', 'total', 'header'), or None when it may be one."""
    texts = [value_key(v) for v in values if v is not None and value_key(v) != ""]
    if not texts:
        return "blank"
    folded = {_fold(t) for t in texts}
    head = {_fold(h) for h in headers}
    if len(folded) >= 2 and folded <= head:
        return "header"
    # A totals row: one word cell ("I alt", "Total", "Sum:") and otherwise only numbers. A threat called
    # "Total nedbrud" on a row with its system has two word cells and is a risk.
    words = [_fold(t).rstrip(":") for t in texts if not re.fullmatch(r"[\d.,\s%-]+", t)]
    if len(words) == 1 and (words[0] in _TOTAL_WORDS or words[0].startswith("i alt")):
        return "total"
    return None


def shorten(text: str, limit: int) -> str:
    """A title cut to ``limit`` characters at a word where it can, ending in '…'."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,.;:-") + "…"
