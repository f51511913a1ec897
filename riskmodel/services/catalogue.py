"""The threat catalogue: seeded from data/threats.csv, edited by the coordinator.

Assessments copy what they use from the catalogue, so editing or hiding a
catalogue threat never changes an assessment already made.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from riskmodel.domain import annex_a
from riskmodel.domain.errors import StaleVersionError, ValidationError
from riskmodel.domain.model import THREAT_TAGS, Actor, Threat, ThreatInput
from riskmodel.domain.scales import DATA_DIR
from riskmodel.services.common import audit_denials, flag, require, text, version_of
from riskmodel.store.db import Database
from riskmodel.store.uow import Threats, rows_as_dicts, rows_as_frame, unit_of_work

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
            raise ValidationError(
                f"Annex A-kontrol '{str(v).strip()}' findes ikke i ISO 27001:2013 Anneks A (fx A.9.2.3)", field_name
            )
        if cid not in out:
            out.append(cid)
    return sorted(out, key=order.__getitem__)


def check_code(value, field_name: str = "Kode") -> str:
    """A catalogue code ("CYB-01", "EGN-03"): letters, digits, '.', '_' and '-', at most 30 characters."""
    code = text(value, field_name, max_len=30, required=True)
    if not _CODE.match(code):
        raise ValidationError(
            f"{field_name} '{code}' må kun indeholde bogstaver, tal, punktum, bindestreg og understreg", field_name
        )
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
        raise ValidationError("Truslen skal kunne ramme mindst én af fortrolighed, integritet og tilgængelighed", "harms")
    bad = [t for t in values["tags"] if t not in THREAT_TAGS]
    if bad:
        raise ValidationError(f"Ukendte profilmærker: {', '.join(bad)}", "tags")
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
        raise ValidationError("Der er ingen liste af trusler at indlæse", "threats")
    checked = []
    for n, t in enumerate(incoming, start=1):
        if not isinstance(t, dict):
            raise ValidationError(f"Trussel nr. {n}: er ikke en trussel (kode, kategori, titel ...)", "threats")
        try:
            checked.append(check_import_threat(t))
        except ValidationError as err:
            code = str(t.get("code") or "").strip()
            raise ValidationError(f"Trussel nr. {n}{f' ({code})' if code else ''}: {err}", err.field) from None
    return checked


@audit_denials
class CatalogueService:
    def __init__(self, db: Database):
        self.db = db

    def ensure_seeded(self, actor: Actor) -> int:
        """Load the default catalogue into an empty threats table; returns rows added.

        A new catalogue gets the default Annex A mapping (data/threat_controls.json) with its
        threats. A catalogue seeded before the mapping existed (a file from before migration 007:
        no threat has any control) gets it once, on its builtin threats.
        """
        with self.db.read() as cur:
            count, mapped = cur.execute("SELECT count(*), count(*) FILTER (len(controls) > 0) FROM threats").fetchone()
        if count:
            if not mapped:
                self._seed_controls(actor)
            return 0
        rows = read_catalogue_file()
        controls = read_controls_file()
        with unit_of_work(self.db, actor) as uow:
            if uow.cur.execute("SELECT count(*) FROM threats").fetchone()[0]:
                return 0
            for r in rows:
                uow.threats.insert({**r, "controls": controls.get(r["code"], []), "builtin": True,
                                    "updated_by": actor.username})
            uow.audit("seed", "threats", None, None, {"rows": len(rows), "file": CATALOGUE_FILE.name})
        return len(rows)

    def _seed_controls(self, actor: Actor) -> int:
        """The default Annex A mapping onto builtin threats without controls; returns threats mapped."""
        controls = read_controls_file()
        with unit_of_work(self.db, actor) as uow:
            uow.cur.execute("SELECT id, code, version FROM threats WHERE builtin AND len(controls) = 0 "
                            "AND (SELECT count(*) FROM threats WHERE len(controls) > 0) = 0 ORDER BY id")
            todo = [(tid, code, version) for tid, code, version in uow.cur.fetchall() if controls.get(code)]
            for tid, code, version in todo:
                uow.threats.update(tid, version, {"controls": controls[code]}, actor)
            if todo:
                uow.audit("seed_controls", "threats", None, None, {"threats": len(todo), "file": CONTROLS_FILE.name})
        return len(todo)

    def list(self, include_hidden: bool = False) -> pd.DataFrame:
        def load():
            where = "" if include_hidden else "WHERE NOT hidden"
            with self.db.read() as cur:
                cur.execute(f"SELECT * FROM threats {where} ORDER BY category, code")
                return rows_as_frame(cur)

        return self.db.cached(("threats", include_hidden), load)

    def categories(self) -> list[str]:
        df = self.list(include_hidden=True)
        return sorted(df["category"].unique()) if len(df) else []

    def get(self, threat_id: int) -> Threat:
        with self.db.read() as cur:
            return Threats(cur).get(threat_id)

    def _rows(self, cur) -> list[dict]:
        cur.execute("SELECT * FROM threats ORDER BY id")
        return rows_as_dicts(cur)

    def diff(self, actor: Actor, incoming: list[dict]) -> ThreatDiff:
        """What importing these threats (see :func:`check_import_threat`) would do; writes nothing."""
        require(actor, "catalogue.read")
        checked = check_import_threats(incoming)
        with self.db.read() as cur:
            return diff_threats(self._rows(cur), checked)

    def import_threats(
        self,
        actor: Actor,
        incoming: list[dict],
        *,
        include_changed: bool = True,
        expected: ThreatDiff | None = None,
        source: dict | None = None,
    ) -> tuple[int, int]:
        """Add the new threats and (``include_changed``) update the changed ones, by code, in one transaction.

        Every threat goes through the catalogue's rules first; one bad threat and nothing is
        written. Nothing is deleted or hidden, and existing assessments keep their copies. With
        ``expected`` (the diff the user was shown) the import is refused if the catalogue has
        changed since. Returns (threats added, threats updated).
        """
        require(actor, "catalogue.write")
        checked = check_import_threats(incoming)
        codes = [t["code"] for t in checked]
        dupes = sorted({c for c in codes if codes.count(c) > 1})
        if dupes:
            raise ValidationError(f"Koden {', '.join(dupes)} står flere gange i filen", "code")
        with unit_of_work(self.db, actor) as uow:
            diff = diff_threats(self._rows(uow.cur), checked)
            if expected is not None and diff.signature() != expected.signature():
                raise StaleVersionError(
                    "Trusselskataloget er ændret, efter du så forskellene. Intet er importeret: "
                    "vis forskellene igen, og importér derefter."
                )
            if not diff.new and not (include_changed and diff.changed):
                return 0, 0  # nothing to write, nothing to audit
            audit_rows = []
            for t in diff.new:
                values = {k: t[k] for k in ("code", *CONTENT_FIELDS, "hidden")}
                new_id = uow.threats.insert({**values, "builtin": False, "updated_by": actor.username})
                audit_rows.append(("import", "threats", new_id, None, values))
            updated = 0
            if include_changed:
                for ch in diff.changed:
                    uow.threats.update(ch.threat_id, ch.version, ch.after, actor)
                    audit_rows.append(("import", "threats", ch.threat_id, {"code": ch.code, **ch.before}, ch.after))
                    updated += 1
            summary = {**(source or {}), "new": len(diff.new), "changed": updated,
                       "changed_left_out": len(diff.changed) - updated, "unchanged": len(diff.unchanged)}
            audit_rows.append(("import_file", "threats", None, None, summary))
            uow.audit_many(audit_rows)
        return len(diff.new), updated

    def create(self, actor: Actor, data: ThreatInput) -> int:
        require(actor, "catalogue.write")
        values = validate_threat(data)
        with unit_of_work(self.db, actor) as uow:
            n = uow.cur.execute("SELECT count(*) FROM threats WHERE code LIKE 'EGN-%'").fetchone()[0]
            code = f"EGN-{n + 1:02d}"
            while uow.cur.execute("SELECT count(*) FROM threats WHERE code = ?", [code]).fetchone()[0]:
                n += 1
                code = f"EGN-{n + 1:02d}"
            new_id = uow.threats.insert({**values, "code": code, "updated_by": actor.username})
            uow.audit("create", "threats", new_id, None, {**values, "code": code})
        return new_id

    def update(self, actor: Actor, threat_id: int, expected_version: int, data: ThreatInput) -> int:
        require(actor, "catalogue.write")
        version_of(expected_version)
        values = validate_threat(data)
        with unit_of_work(self.db, actor) as uow:
            before = uow.threats.get(threat_id)
            changes = {k: v for k, v in values.items() if getattr(before, k) != v}
            if not changes:
                uow.threats.ensure_version(threat_id, expected_version)
                return before.version
            new_version = uow.threats.update(threat_id, expected_version, changes, actor)
            uow.audit("update", "threats", threat_id, {k: getattr(before, k) for k in changes}, changes)
        return new_version

    def set_hidden(self, actor: Actor, threat_id: int, expected_version: int, hidden: bool) -> int:
        require(actor, "catalogue.write")
        version_of(expected_version)
        hidden = flag(hidden, "Skjult")
        with unit_of_work(self.db, actor) as uow:
            before = uow.threats.get(threat_id)
            if before.hidden == hidden:
                uow.threats.ensure_version(threat_id, expected_version)
                return before.version
            new_version = uow.threats.update(threat_id, expected_version, {"hidden": bool(hidden)}, actor)
            uow.audit("hide" if hidden else "unhide", "threats", threat_id, {"hidden": before.hidden}, {"hidden": hidden})
        return new_version
