"""The threat catalogue's rules: the builtin catalogue and Annex A mapping files, the checks of a threat and its
controls, and the comparison of a catalogue with incoming threats (code as the key). Pure: no store; the
catalogue service writes what these rules let through."""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from riskmodel.domain import annex_a
from riskmodel.domain.errors import ValidationError
from riskmodel.domain.model import THREAT_TAGS, ThreatInput
from riskmodel.domain.scales import DATA_DIR
from riskmodel.domain.validation import flag, text

CATALOGUE_FILE = DATA_DIR / "threats.csv"
CONTROLS_FILE = DATA_DIR / "threat_controls.json"
# The fields of a catalogue threat that an exchange file carries and an import compares.
CONTENT_FIELDS = ("category", "title", "description", "harms_c", "harms_i", "harms_a", "tags", "controls")
_CODE = re.compile(r"^[A-Za-zÆØÅæøå0-9][A-Za-zÆØÅæøå0-9._-]*$")


def read_catalogue_file(path: Path = CATALOGUE_FILE) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    out = []
    for n, r in enumerate(rows, start=2):
        tags = [t.strip() for t in (r.get("tags") or "all").split(";") if t.strip()]
        bad = [t for t in tags if t not in THREAT_TAGS]
        if bad:
            raise ValueError(f"{path.name} linje {n}: ukendte tags {bad}")
        out.append(
            {
                "code": r["code"].strip(),
                "category": r["category"].strip(),
                "title": r["title"].strip(),
                "description": r["description"].strip(),
                "harms_c": r["harms_c"].strip() == "1",
                "harms_i": r["harms_i"].strip() == "1",
                "harms_a": r["harms_a"].strip() == "1",
                "tags": tags,
            }
        )
    return out


@lru_cache(maxsize=1)
def _control_order() -> dict[str, int]:
    return {c.id: n for n, c in enumerate(annex_a.controls())}


def check_threat_controls(values, field_name: str = "controls") -> list[str]:
    """Annex A control ids, each known to data/annex_a.json, without duplicates, in the standard's order."""
    if values is None:
        return []
    if isinstance(values, str):
        values = [values]
    order = _control_order()
    out: list[str] = []
    for v in values:
        cid = str(v).strip()
        if not cid:
            continue
        cid = cid[0].upper() + cid[1:]  # "a.9.2.3" -> "A.9.2.3"
        if cid not in order:
            raise ValidationError("err.threat.unknown_control", field_name, control=str(v).strip())
        if cid not in out:
            out.append(cid)
    return sorted(out, key=order.__getitem__)


def check_code(value, field_name: str = "Kode") -> str:
    """A catalogue code ("CYB-01", "EGN-03"): letters, digits, '.', '_' and '-', at most 30 characters."""
    code = text(value, field_name, max_len=30, required=True)
    if not _CODE.match(code):
        raise ValidationError("err.threat.bad_code", field_name, code=code)
    return code


def read_controls_file(path: Path = CONTROLS_FILE) -> dict[str, list[str]]:
    """The default Annex A mapping of the builtin threats: code -> control ids (checked)."""
    raw = json.loads(path.read_text(encoding="utf-8"))["controls"]
    out = {}
    for code, ids in raw.items():
        try:
            out[code] = check_threat_controls(ids)
        except ValidationError as err:
            raise ValueError(f"{path.name} {code}: {err}") from None
    return out


def validate_threat(data: ThreatInput) -> dict:
    values = {
        "category": text(data.category, "Kategori", max_len=100, required=True),
        "title": text(data.title, "Trusselens titel", max_len=200, required=True),
        "description": text(data.description, "Beskrivelse", max_len=4000),
        "harms_c": flag(data.harms_c, "Rammer fortrolighed"),
        "harms_i": flag(data.harms_i, "Rammer integritet"),
        "harms_a": flag(data.harms_a, "Rammer tilgængelighed"),
        "tags": list(dict.fromkeys(data.tags or ["all"])),
    }
    if not (values["harms_c"] or values["harms_i"] or values["harms_a"]):
        raise ValidationError("err.threat.no_harm", "harms")
    bad = [t for t in values["tags"] if t not in THREAT_TAGS]
    if bad:
        raise ValidationError("err.threat.unknown_tags", "tags", tags=", ".join(map(str, bad)))
    if data.controls is not None:  # None: the caller does not touch the controls
        values["controls"] = check_threat_controls(data.controls)
    return values


def comparable(field_name: str, value: Any) -> Any:
    """A field's value as an import compares it: the order of profile tags does not count."""
    if field_name == "tags":
        return sorted(value or [], key=lambda t: THREAT_TAGS.index(t) if t in THREAT_TAGS else len(THREAT_TAGS))
    if field_name == "controls":
        return list(value or [])
    if field_name.startswith("harms_"):
        return bool(value)
    return value


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: Any
    after: Any


@dataclass
class ThreatChange:
    """A catalogue threat that the file has with the same code but other content."""

    code: str
    threat_id: int
    version: int
    title: str  # the title here, before the import
    builtin: bool
    changes: list[FieldChange]

    @property
    def after(self) -> dict[str, Any]:
        return {c.field: c.after for c in self.changes}

    @property
    def before(self) -> dict[str, Any]:
        return {c.field: c.before for c in self.changes}


@dataclass
class ThreatDiff:
    """What an import of threats would do, by code: new here, changed, the same; and ours it leaves alone."""

    new: list[dict] = field(default_factory=list)
    changed: list[ThreatChange] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    absent: list[dict] = field(default_factory=list)  # local threats not in the file: left as they are

    def signature(self) -> tuple:
        """What an import was shown: it goes ahead only if the catalogue still gives the same."""
        return (tuple(sorted(t["code"] for t in self.new)),
                tuple(sorted((c.code, c.threat_id, c.version) for c in self.changed)))


def diff_threats(local: list[dict], incoming: list[dict]) -> ThreatDiff:
    """Compare checked incoming threats (dicts with code and CONTENT_FIELDS) with the catalogue's rows.

    The code is the key. Hidden is not compared: an import never hides or shows a threat here.
    """
    by_code = {r["code"]: r for r in local}
    out = ThreatDiff()
    seen = set()
    for t in incoming:
        seen.add(t["code"])
        here = by_code.get(t["code"])
        if here is None:
            out.new.append(t)
            continue
        changes = [
            FieldChange(f, here[f], t[f]) for f in CONTENT_FIELDS if comparable(f, here[f]) != comparable(f, t[f])
        ]
        if changes:
            out.changed.append(ThreatChange(t["code"], int(here["id"]), int(here["version"]), here["title"],
                                            bool(here["builtin"]), changes))
        else:
            out.unchanged.append(t["code"])
    out.absent = [{"code": r["code"], "title": r["title"], "category": r["category"], "hidden": bool(r["hidden"])}
                  for r in local if r["code"] not in seen]
    return out


def check_import_threat(raw: dict) -> dict:
    """One incoming threat through the catalogue's rules: code, content fields and hidden, checked."""
    values = validate_threat(
        ThreatInput(
            category=raw.get("category"), title=raw.get("title"), description=raw.get("description"),
            harms_c=raw.get("harms_c"), harms_i=raw.get("harms_i"), harms_a=raw.get("harms_a"),
            tags=list(raw.get("tags") or []) or ["all"], controls=list(raw.get("controls") or []),
        )
    )
    return {"code": check_code(raw.get("code")), **values, "hidden": bool(raw.get("hidden", False))}


def check_import_threats(incoming: list[dict]) -> list[dict]:
    """Every incoming threat through :func:`check_import_threat`; an error names the threat by number and code."""
    if not isinstance(incoming, (list, tuple)):
        raise ValidationError("err.threat.no_list", "threats")
    checked = []
    for n, t in enumerate(incoming, start=1):
        if not isinstance(t, dict):
            raise ValidationError("err.threat.not_threat", "threats", n=n)
        try:
            checked.append(check_import_threat(t))
        except ValidationError as err:
            code = str(t.get("code") or "").strip()
            raise ValidationError("err.threat.nth", err.field, n=n, code=f" ({code})" if code else "", problem=err) from None
    return checked
