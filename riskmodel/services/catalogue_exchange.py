# Size: file formats and the use case in one; still to split into pure riskmodel/formats/catalogue*.py and a service (issue 19).
"""Catalogue exchange: the threat catalogue, the scale preset and the Annex A mapping as one file.

Municipalities that harmonise their handbooks (a cooperation such as Digitaliseringsforening
Sjælland) share one threat catalogue. One exports it here, another loads it: the import
shows what is new or changed and never breaks an existing assessment (risk lines keep the
copy of the threat they were made with, see riskmodel.services.catalogue).

The file (JSON or .xlsx) holds:

* the format name and version, the municipality and the export time;
* the threats: code, category, title, description, the F/I/T flags, profile tags, hidden
  and the Annex A controls that address each;
* the municipality's scale preset in full (steps with labels, definitions and examples,
  levels with colours and whether they require action, and the matrix);
* the Annex A mapping, threat code -> control ids (the same as the threats' controls).

The code is the key: a threat whose code is unknown here is new; one with the same code and
other content is changed. An import adds new threats and (if chosen) updates changed ones,
in one transaction through the catalogue's rules; it never deletes or hides a threat, and
never installs or switches a scale preset (presets are files in data/scales; switching is a
setting, with its own checks).

A file is untrusted: at most :data:`MAX_BYTES`; an .xlsx goes through the same safe opener as the
register import (no macros, zip bombs or DTDs; formulas refused by cell); each sheet is read with a
row limit that stops the reading as soon as it is passed (:data:`MAX_THREATS` threats,
:data:`MAX_ANNEX_ROWS` Annex A rows, :data:`MAX_SHEET_ROWS` rows on the other sheets); a JSON file is
refused if it is nested too deep, holds a number too long to read or a lone UTF-16 surrogate, or more
than :data:`MAX_THREATS` threats. User text stays text: nothing in a file is ever evaluated.

No Streamlit here: the catalogue page and tests call these functions.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from riskmodel.domain import annex_a
from riskmodel.domain.dates import DK
from riskmodel.domain.errors import PermissionDenied, ValidationError
from riskmodel.domain.model import Actor
from riskmodel.domain.scales import Level, Preset, ScaleError, Step, presets, validate_preset
from riskmodel.formats.xlsx_safety import MAX_ROWS, CellError, Formula, column_letter, open_xlsx, thousands
from riskmodel.formats.xlsx_styles import StyleBook
from riskmodel.services import Workbench
from riskmodel.services.catalogue import (
    CONTENT_FIELDS,
    ThreatChange,
    ThreatDiff,
    check_import_threat,
    check_threat_controls,
)
from riskmodel.services.common import record_denial, require

FORMAT = "risikovaerkstedet-trusselskatalog"
FORMAT_VERSION = 1
MB = 1024 * 1024
MAX_BYTES = 5 * MB
MAX_THREATS = 5000  # data rows of the Trusler sheet, items of the JSON threats
MAX_ANNEX_ROWS = MAX_ROWS  # Annex A sheet: one row per threat and control
MAX_SHEET_ROWS = 1000  # Om filen and Skala: a few dozen rows in a real file
MAX_LIST = 200  # the tags or controls of one threat in a JSON file (Annex A has 114 controls)
EXCEL_SUFFIXES = (".xlsm", ".xltm", ".xlam", ".xlsb", ".xls", ".xltx")  # refused by name by open_xlsx
STANDARD = "ISO/IEC 27001:2013 Anneks A"
FORMATS = ("json", "xlsx")
MIME = {"json": "application/json", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}

THREAT_KEYS = ("code", *CONTENT_FIELDS, "hidden")

SHEET_META = "Om filen"
SHEET_THREATS = "Trusler"
SHEET_SCALE = "Skala"
SHEET_ANNEX = "Annex A"
SHEETS = (SHEET_META, SHEET_THREATS, SHEET_SCALE, SHEET_ANNEX)

# Trusler: (key, header, required). The controls are on the Annex A sheet, one row per control.
THREAT_COLUMNS = (
    ("code", "Kode", True),
    ("category", "Kategori", True),
    ("title", "Titel", True),
    ("description", "Beskrivelse", False),
    ("harms_c", "Fortrolighed", True),
    ("harms_i", "Integritet", True),
    ("harms_a", "Tilgængelighed", True),
    ("tags", "Profilmærker", False),
    ("hidden", "Skjult", False),
)
ANNEX_COLUMNS = (("code", "Kode", True), ("control", "Kontrol", True), ("control_title", "Kontrollens titel", False))

# Om filen: label -> key
META_ROWS = (("Format", "format"), ("Formatversion", "version"), ("Kommune", "municipality"),
             ("Eksporteret", "exported_at"), ("Antal trusler", "threats"), ("Skala", "preset"))

# Skala: blocks, each opened by a row holding only its name in column A, then a header row.
SCALE_FIELDS = (("id", "Id"), ("name_da", "Navn"), ("name_en", "Navn (engelsk)"),
                ("description_da", "Beskrivelse"), ("description_en", "Beskrivelse (engelsk)"), ("size", "Antal trin"))
STEP_COLUMNS = (("value", "Trin"), ("da", "Navn"), ("en", "Navn (engelsk)"), ("def_da", "Definition"),
                ("def_en", "Definition (engelsk)"), ("example_da", "Eksempel"), ("example_en", "Eksempel (engelsk)"))
LEVEL_COLUMNS = (("key", "Nøgle"), ("da", "Navn"), ("en", "Navn (engelsk)"), ("color", "Farve"),
                 ("text_color", "Tekstfarve"), ("requires_action", "Kræver handling"), ("def_da", "Definition"),
                 ("def_en", "Definition (engelsk)"))
BLOCK_SCALE, BLOCK_LIKELIHOOD, BLOCK_CONSEQUENCE, BLOCK_LEVELS, BLOCK_MATRIX = (
    "Skala", "Sandsynlighed", "Konsekvens", "Niveauer", "Matrix")
SCALE_BLOCKS = (BLOCK_SCALE, BLOCK_LIKELIHOOD, BLOCK_CONSEQUENCE, BLOCK_LEVELS, BLOCK_MATRIX)
MATRIX_CORNER = "Sandsynlighed \\ Konsekvens"

# Which column or JSON key a catalogue ValidationError is about (its ``field``).
_FIELD_KEY = {"Kode": "code", "Kategori": "category", "Trusselens titel": "title", "Beskrivelse": "description",
              "harms": "harms_c", "tags": "tags", "controls": "controls"}
_TRUE = {"ja", "j", "x", "1", "true", "sand", "yes", "y"}
_FALSE = {"nej", "n", "", "0", "false", "falsk", "no"}
_COLOR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _short(value: Any, limit: int = 40) -> str:
    """User text quoted in a message, cut to ``limit`` characters."""
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _small_int(value: Any) -> int | None:
    """A whole number written as a number or as plain digits ('1', ' 4 '); None for anything else
    (no int() of '²' or of thousands of digits)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    if isinstance(value, str):
        text = value.strip()
        if text.isascii() and text.isdigit() and len(text) <= 9:
            return int(text)
    return None


# =====================================================================================
# The exchange object
# =====================================================================================


@dataclass
class Exchange:
    """One exchange file, read and checked: every threat has passed the catalogue's rules."""

    municipality: str
    exported_at: str  # ISO timestamp with offset, as written by the exporting municipality
    threats: list[dict]  # THREAT_KEYS each
    preset: Preset
    format_version: int = FORMAT_VERSION
    kind: str = "json"  # the file's format: json or xlsx

    @property
    def mapping(self) -> dict[str, list[str]]:
        """The Annex A mapping: threat code -> control ids."""
        return {t["code"]: list(t["controls"]) for t in self.threats}

    def exported_on(self) -> datetime | None:
        try:
            return datetime.fromisoformat(self.exported_at)
        except (TypeError, ValueError):
            return None


@dataclass
class PresetComparison:
    """The file's scale preset against this municipality's.

    status: ``same`` (same id, identical definition), ``differs`` (same id, other definition:
    reported, not applied), ``other`` (another preset that exists here: the coordinator may
    switch to it through the settings, if ``can_switch``), ``unknown`` (no such preset here:
    presets are installed as files in data/scales, never from an import).
    """

    status: str
    file_id: str
    file_name: str
    local_id: str
    local_name: str
    differences: list[str] = field(default_factory=list)  # parts: name, description, size, likelihood, ...
    can_switch: bool = False
    why_not: str = ""


@dataclass
class CatalogueDiff:
    """What importing an exchange file would do (see :func:`preview`)."""

    threats: ThreatDiff
    preset: PresetComparison
    municipality: str
    exported_at: str

    @property
    def new(self) -> list[dict]:
        return self.threats.new

    @property
    def changed(self) -> list[ThreatChange]:
        return self.threats.changed

    @property
    def unchanged(self) -> list[str]:
        return self.threats.unchanged

    @property
    def absent(self) -> list[dict]:
        return self.threats.absent


def _require(wb: Workbench, actor: Actor, action: str, call: str) -> None:
    """The access check of the services, with the refusal written to the audit trail like theirs."""
    try:
        require(actor, action)
    except PermissionDenied as err:
        record_denial(wb.db, actor, f"catalogue_exchange.{call}", str(err))
        err.audited = True
        raise


# =====================================================================================
# Export
# =====================================================================================


def build_exchange(wb: Workbench, actor: Actor, now: datetime | None = None) -> Exchange:
    """The municipality's catalogue (hidden threats too), preset and mapping as an exchange object."""
    _require(wb, actor, "catalogue.read", "export_catalogue")
    df = wb.catalogue.list(include_hidden=True)
    threats = []
    for r in df.to_dict("records"):
        threats.append({
            "code": r["code"], "category": r["category"], "title": r["title"], "description": r["description"],
            "harms_c": bool(r["harms_c"]), "harms_i": bool(r["harms_i"]), "harms_a": bool(r["harms_a"]),
            "tags": list(r["tags"]), "controls": list(r["controls"]), "hidden": bool(r["hidden"]),
        })
    when = (now or datetime.now(DK)).replace(microsecond=0)
    if when.tzinfo is None:
        when = when.replace(tzinfo=DK)
    return Exchange(municipality=wb.settings.municipality(), exported_at=when.isoformat(), threats=threats,
                    preset=wb.settings.preset())


def export_catalogue(wb: Workbench, actor: Actor, fmt: str = "json", now: datetime | None = None) -> bytes:
    """The catalogue exchange file as bytes: ``fmt`` "json" or "xlsx"."""
    if fmt not in FORMATS:
        raise ValidationError(f"Ukendt filformat '{fmt}' (json eller xlsx)", "fmt")
    exchange = build_exchange(wb, actor, now)
    return to_json(exchange) if fmt == "json" else to_xlsx(exchange)


def file_name(municipality: str, fmt: str, day: datetime | None = None) -> str:
    """'trusselskatalog-roskilde-kommune-2026-03-01.xlsx'"""
    slug = re.sub(r"[^a-z0-9æøå]+", "-", municipality.casefold()).strip("-") or "kommune"
    return f"trusselskatalog-{slug[:40]}-{(day or datetime.now(DK)):%Y-%m-%d}.{fmt}"


def preset_to_dict(p: Preset) -> dict:
    """The full definition of a preset: scales, levels and matrix (level indexes), as the JSON file holds it."""
    def steps(values: tuple[Step, ...]) -> list[dict]:
        return [{"value": s.value, "da": s.da, "en": s.en, "def_da": s.def_da, "def_en": s.def_en,
                 "example_da": s.example_da, "example_en": s.example_en} for s in values]

    return {
        "id": p.id, "name_da": p.name_da, "name_en": p.name_en,
        "description_da": p.description_da, "description_en": p.description_en, "size": p.size,
        "likelihood": steps(p.likelihood), "consequence": steps(p.consequence),
        "levels": [{"key": lv.key, "da": lv.da, "en": lv.en, "color": lv.color, "text_color": lv.text_color,
                    "requires_action": lv.requires_action, "def_da": lv.def_da, "def_en": lv.def_en}
                   for lv in p.levels],
        "matrix": [list(row) for row in p.matrix],
    }


def to_json(ex: Exchange) -> bytes:
    doc = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "municipality": ex.municipality,
        "exported_at": ex.exported_at,
        "threats": [{k: t[k] for k in THREAT_KEYS} for t in ex.threats],
        "preset": preset_to_dict(ex.preset),
        "annex_a": {"standard": STANDARD, "controls": ex.mapping},
    }
    return json.dumps(doc, ensure_ascii=False, indent=2).encode("utf-8")


def _yes(value: bool) -> str:
    return "ja" if value else "nej"


def to_xlsx(ex: Exchange) -> bytes:
    """Sheets Om filen, Trusler, Skala, Annex A; every cell is a text cell (user text never becomes a formula)."""
    book = Workbook(write_only=True)
    styles = StyleBook(book, ex.preset)

    def t(ws, value: Any, key: str = "text"):
        return styles.text(ws, value, key)

    # -- Om filen ------------------------------------------------------------------
    ws = book.create_sheet(SHEET_META)
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 90
    ws.append([t(ws, f"Trusselskatalog fra {ex.municipality}", "title")])
    ws.append([t(ws, "Til udveksling mellem kommuner i Risikoværkstedet: trusselskatalog, skala og Annex A-kobling.",
                 "subtitle")])
    ws.append([])
    exported = ex.exported_on()
    meta_values = {"format": FORMAT, "version": str(ex.format_version), "municipality": ex.municipality,
                   "exported_at": ex.exported_at, "threats": str(len(ex.threats)),
                   "preset": f"{ex.preset.id} ({ex.preset.name_da})"}
    ws.append([t(ws, "Felt", "header"), t(ws, "Værdi", "header")])
    for label, key in META_ROWS:
        ws.append([t(ws, label, "label"), t(ws, meta_values[key], "left")])
    ws.append([])
    notes = [
        "Sådan bruges filen",
        "Indlæs filen under Trusselskatalog → Udveksling. Risikoværkstedet viser først, hvad der er nyt og ændret; "
        "intet gemmes, før koordinatoren vælger at importere.",
        "Koden er nøglen: en trussel med en kode, der ikke findes i kataloget, er ny; samme kode med andet indhold er "
        "ændret. En import sletter og skjuler aldrig trusler, og eksisterende risikovurderinger ændres ikke.",
        "Skalaen installeres ikke: den sammenlignes med modtagerens. Annex A-koblingen står på arket 'Annex A', "
        "én række pr. kontrol.",
        "Ja/nej-kolonnerne skrives 'ja' eller 'nej'. Profilmærker adskilles med semikolon: all, personal_data, "
        "sensitive, supplier, critical, internet, onprem.",
    ]
    ws.append([t(ws, notes[0], "section")])
    for line in notes[1:]:
        ws.append([t(ws, line, "wrap")])
    if exported is not None:
        ws.append([])
        ws.append([t(ws, f"Eksporteret {exported.astimezone(DK):%d-%m-%Y kl. %H:%M}.", "subtitle")])

    # -- Trusler -------------------------------------------------------------------
    ws = book.create_sheet(SHEET_THREATS)
    for letter, width in zip("ABCDEFGHI", (10, 26, 50, 80, 13, 12, 15, 28, 8), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    ws.append([t(ws, header, "header") for _, header, _ in THREAT_COLUMNS])
    for th in ex.threats:
        ws.append([
            t(ws, th["code"]), t(ws, th["category"]), t(ws, th["title"], "wrap"), t(ws, th["description"], "wrap"),
            t(ws, _yes(th["harms_c"])), t(ws, _yes(th["harms_i"])), t(ws, _yes(th["harms_a"])),
            t(ws, "; ".join(th["tags"])), t(ws, _yes(th["hidden"])),
        ])

    # -- Skala ---------------------------------------------------------------------
    p = ex.preset
    ws = book.create_sheet(SHEET_SCALE)
    for letter, width in zip("ABCDEFGH", (28, 22, 22, 60, 60, 45, 45, 45), strict=True):
        ws.column_dimensions[letter].width = width
    ws.append([t(ws, BLOCK_SCALE, "section")])
    ws.append([t(ws, "Felt", "header"), t(ws, "Værdi", "header")])
    for key, label in SCALE_FIELDS:
        ws.append([t(ws, label, "label"), t(ws, getattr(p, key), "wrap")])
    for block, values in ((BLOCK_LIKELIHOOD, p.likelihood), (BLOCK_CONSEQUENCE, p.consequence)):
        ws.append([])
        ws.append([t(ws, block, "section")])
        ws.append([t(ws, header, "header") for _, header in STEP_COLUMNS])
        for s in values:
            ws.append([t(ws, getattr(s, key), "wrap") for key, _ in STEP_COLUMNS])
    ws.append([])
    ws.append([t(ws, BLOCK_LEVELS, "section")])
    ws.append([t(ws, header, "header") for _, header in LEVEL_COLUMNS])
    for lv in p.levels:
        row = []
        for key, _ in LEVEL_COLUMNS:
            value = getattr(lv, key)
            if key == "requires_action":
                value = _yes(value)
            row.append(t(ws, value, f"swatch:{lv.key}" if key == "da" else "wrap"))
        ws.append(row)
    ws.append([])
    ws.append([t(ws, BLOCK_MATRIX, "section")])
    ws.append([t(ws, MATRIX_CORNER, "axis_left"), *(t(ws, str(c), "axis") for c in range(1, p.size + 1))])
    for lik in range(1, p.size + 1):
        ws.append([t(ws, str(lik), "axis"),
                   *(t(ws, p.levels[p.matrix[lik - 1][con - 1]].key, f"heat:{p.levels[p.matrix[lik - 1][con - 1]].key}")
                     for con in range(1, p.size + 1))])

    # -- Annex A -------------------------------------------------------------------
    ws = book.create_sheet(SHEET_ANNEX)
    for letter, width in zip("ABC", (10, 12, 60), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    ws.append([t(ws, header, "header") for _, header, _ in ANNEX_COLUMNS])
    for th in ex.threats:
        for cid in th["controls"]:
            ws.append([t(ws, th["code"]), t(ws, cid), t(ws, annex_a.title_of(cid).removeprefix(cid).strip())])

    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


# =====================================================================================
# Reading
# =====================================================================================


def read_catalogue(data: bytes, filename: str = "") -> Exchange:
    """Parse and check an exchange file (JSON or .xlsx); raise ValidationError (Danish) naming the place."""
    if data is None:
        raise ValidationError("Der er ingen fil.", "file")
    data = bytes(data)
    if len(data) > MAX_BYTES:
        raise ValidationError(
            f"Filen er for stor ({len(data) / MB:.1f} MB); et trusselskatalog kan højst fylde {MAX_BYTES // MB} MB.",
            "file")
    if not data:
        raise ValidationError("Filen er tom.", "file")
    suffix = Path(filename or "").suffix.lower()
    if suffix == ".json" or (not suffix and data.lstrip()[:1] in (b"{", b"[")):
        return _read_json(data)
    if suffix == ".xlsx" or suffix in EXCEL_SUFFIXES or (not suffix and data[:4] == b"PK\x03\x04"):
        return _read_xlsx(data, filename or "katalog.xlsx")
    shown = f"'{filename}'" if filename else "Filen"
    raise ValidationError(
        f"{shown} er hverken en Excel-fil (.xlsx) eller en JSON-fil (.json) med et trusselskatalog.", "file")


# -- JSON ---------------------------------------------------------------------------------


def _jerr(path: str, message: str) -> ValidationError:
    return ValidationError(f"JSON-filen, {path}: {message}" if path else f"JSON-filen: {message}", path or "file")


def _jtext(obj: dict, key: str, path: str, *, required: bool = True) -> str:
    value = obj.get(key)
    if value is None or value == "":
        if required:
            raise _jerr(f"{path}.{key}" if path else key, "mangler")
        return ""
    if not isinstance(value, str):
        raise _jerr(f"{path}.{key}" if path else key, f"skal være en tekst, ikke {json.dumps(value)[:40]}")
    return value


def _jbool(obj: dict, key: str, path: str, default: bool | None = None) -> bool:
    value = obj.get(key, default)
    if not isinstance(value, bool):
        raise _jerr(f"{path}.{key}", "skal være true eller false" if key in obj else "mangler")
    return value


def _jint(obj: dict, key: str, path: str) -> int:
    value = obj.get(key)
    if isinstance(value, bool) or not isinstance(value, int):
        raise _jerr(f"{path}.{key}" if path else key, "skal være et helt tal" if key in obj else "mangler")
    return value


def _jlist(obj: dict, key: str, path: str, *, required: bool = True) -> list:
    value = obj.get(key)
    if value is None and not required:
        return []
    if not isinstance(value, list):
        raise _jerr(f"{path}.{key}" if path else key, "skal være en liste" if key in obj else "mangler")
    return value


def _read_json(data: bytes) -> Exchange:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _jerr("", "filen er ikke UTF-8-tekst.") from None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as err:
        raise _jerr("", f"ikke gyldig JSON (linje {err.lineno}, kolonne {err.colno}: {err.msg}).") from None
    except RecursionError:
        raise _jerr("", "lister og objekter er indlejret for dybt i hinanden; et trusselskatalog er kun få "
                        "niveauer dybt.") from None
    except ValueError:  # a number of thousands of digits (Python refuses to convert it)
        raise _jerr("", "filen indeholder et tal med for mange cifre.") from None
    if not isinstance(doc, dict):
        raise _jerr("", "skal være et JSON-objekt med format, threats og preset.")
    _check_surrogates(doc)
    version = _check_format(doc.get("format"), doc.get("version"), "JSON-filen, format", "JSON-filen, version")
    municipality = _jtext(doc, "municipality", "", required=False)
    exported_at = _jtext(doc, "exported_at", "", required=False)

    raw_threats = _jlist(doc, "threats", "")
    if len(raw_threats) > MAX_THREATS:
        raise _jerr("threats", f"{thousands(len(raw_threats))} trusler; højst {thousands(MAX_THREATS)} kan indlæses "
                               "ad gangen.")
    threats: list[dict] = []
    codes: dict[str, int] = {}
    for i, raw in enumerate(raw_threats):
        path = f"threats[{i}]"
        if not isinstance(raw, dict):
            raise _jerr(path, "skal være et objekt med code, category, title, ...")
        values = {
            "code": _jtext(raw, "code", path, required=False), "category": _jtext(raw, "category", path, required=False),
            "title": _jtext(raw, "title", path, required=False),
            "description": _jtext(raw, "description", path, required=False),
            "harms_c": _jbool(raw, "harms_c", path), "harms_i": _jbool(raw, "harms_i", path),
            "harms_a": _jbool(raw, "harms_a", path), "hidden": _jbool(raw, "hidden", path, default=False),
        }
        tags = _jlist(raw, "tags", path, required=False)
        controls = _jlist(raw, "controls", path, required=False)
        for key, items in (("tags", tags), ("controls", controls)):
            if len(items) > MAX_LIST:
                raise _jerr(f"{path}.{key}", f"har {thousands(len(items))} elementer; højst {MAX_LIST}")
            for j, item in enumerate(items):
                if not isinstance(item, str):
                    raise _jerr(f"{path}.{key}[{j}]", "skal være en tekst")
                if len(item) > 100:
                    raise _jerr(f"{path}.{key}[{j}]", f"'{_short(item)}' er for lang ({len(item)} tegn)")
        values.update(tags=tags, controls=controls)
        try:
            checked = check_import_threat(values)
        except ValidationError as err:
            key = _FIELD_KEY.get(err.field or "", err.field or "")
            raise _jerr(f"{path}.{key}" if key else path, str(err)) from None
        if checked["code"] in codes:
            raise _jerr(f"{path}.code", f"koden '{checked['code']}' står også i threats[{codes[checked['code']]}]")
        codes[checked["code"]] = i
        threats.append(checked)

    annex = doc.get("annex_a")
    if annex is not None:
        if not isinstance(annex, dict) or not isinstance(annex.get("controls", {}), dict):
            raise _jerr("annex_a", "skal være et objekt med controls: {kode: [kontroller]}")
        by_code = {t["code"]: t for t in threats}
        for code, ids in annex.get("controls", {}).items():
            path = f"annex_a.controls.{_short(code)}"
            if code not in by_code:
                raise _jerr(path, f"koden '{_short(code)}' findes ikke blandt threats")
            if not isinstance(ids, list) or not all(isinstance(x, str) and len(x) <= 100 for x in ids):
                raise _jerr(path, "skal være en liste af kontrol-id'er")
            try:
                mapped = check_threat_controls(ids)
            except ValidationError as err:
                raise _jerr(path, str(err)) from None
            if mapped != by_code[code]["controls"]:
                raise _jerr(path, f"passer ikke med threats[{codes[code]}].controls "
                                  f"({', '.join(by_code[code]['controls']) or 'ingen'})")

    raw_preset = doc.get("preset")
    if not isinstance(raw_preset, dict):
        raise _jerr("preset", "mangler" if raw_preset is None else "skal være et objekt med skalaens definition")
    return Exchange(municipality=municipality, exported_at=exported_at, threats=threats,
                    preset=preset_from_dict(raw_preset, "preset"), format_version=version, kind="json")


def _check_surrogates(doc: Any) -> None:
    """Refuse a lone UTF-16 surrogate ("\\ud800") anywhere in a JSON document: valid JSON, but no text a
    database can store or a page show. Walked without recursion; the place is named."""
    stack: list[tuple[Any, str]] = [(doc, "")]
    while stack:
        value, path = stack.pop()
        if isinstance(value, dict):
            for k, v in value.items():
                where = f"{path}.{_short(k)}" if path else _short(k)
                if _SURROGATE.search(k):
                    raise _jerr(path, "en nøgle indeholder et ugyldigt tegn (en enlig UTF-16-surrogat)")
                stack.append((v, where))
        elif isinstance(value, list):
            stack.extend((v, f"{path}[{i}]") for i, v in enumerate(value))
        elif isinstance(value, str) and _SURROGATE.search(value):
            raise _jerr(path, "indeholder et ugyldigt tegn (en enlig UTF-16-surrogat, fx \\ud800)")


def _check_format(fmt: Any, version: Any, fmt_place: str, version_place: str) -> int:
    """The file's format name and version checked; returns the version."""
    if fmt != FORMAT:
        raise ValidationError(
            f"{fmt_place}: filen er ikke et trusselskatalog fra Risikoværkstedet (forventet '{FORMAT}', "
            f"fandt '{'' if fmt is None else _short(fmt, 60)}').", "format")
    number = _small_int(version)
    if number is None or number < 1:
        raise ValidationError(f"{version_place}: ugyldig formatversion '{_short(version)}'.", "version")
    if number > FORMAT_VERSION:
        raise ValidationError(
            f"{version_place}: filen har formatversion {_short(number)}, denne version af Risikoværkstedet kan læse "
            f"version {FORMAT_VERSION}. Opdater programmet, eller bed afsenderen om en ældre fil.", "version")
    return number


def preset_from_dict(raw: dict, path: str = "preset") -> Preset:
    """A preset from its JSON definition (see :func:`preset_to_dict`), checked; errors name the JSON path."""
    def steps(key: str) -> tuple[Step, ...]:
        out = []
        for i, s in enumerate(_jlist(raw, key, path)):
            where = f"{path}.{key}[{i}]"
            if not isinstance(s, dict):
                raise _jerr(where, "skal være et objekt")
            out.append(Step(value=_jint(s, "value", where), da=_jtext(s, "da", where), en=_jtext(s, "en", where),
                            def_da=_jtext(s, "def_da", where), def_en=_jtext(s, "def_en", where),
                            example_da=_jtext(s, "example_da", where, required=False),
                            example_en=_jtext(s, "example_en", where, required=False)))
        return tuple(out)

    levels = []
    for i, lv in enumerate(_jlist(raw, "levels", path)):
        where = f"{path}.levels[{i}]"
        if not isinstance(lv, dict):
            raise _jerr(where, "skal være et objekt")
        for key in ("color", "text_color"):
            if not _COLOR.match(_jtext(lv, key, where)):
                raise _jerr(f"{where}.{key}", f"'{lv[key]}' er ikke en farve (#rrggbb)")
        levels.append(Level(index=i, key=_jtext(lv, "key", where), da=_jtext(lv, "da", where),
                            en=_jtext(lv, "en", where), color=lv["color"], text_color=lv["text_color"],
                            requires_action=_jbool(lv, "requires_action", where),
                            def_da=_jtext(lv, "def_da", where), def_en=_jtext(lv, "def_en", where)))
    matrix = []
    for i, row in enumerate(_jlist(raw, "matrix", path)):
        if not isinstance(row, list):
            raise _jerr(f"{path}.matrix[{i}]", "skal være en liste af niveauer (0, 1, ...)")
        for j, cell in enumerate(row):
            if isinstance(cell, bool) or not isinstance(cell, int) or not 0 <= cell < len(levels):
                raise _jerr(f"{path}.matrix[{i}][{j}]", f"'{cell}' er ikke et niveau (0-{len(levels) - 1})")
        matrix.append(tuple(row))
    preset = Preset(
        id=_jtext(raw, "id", path), name_da=_jtext(raw, "name_da", path), name_en=_jtext(raw, "name_en", path),
        description_da=_jtext(raw, "description_da", path, required=False),
        description_en=_jtext(raw, "description_en", path, required=False),
        size=_jint(raw, "size", path), likelihood=steps("likelihood"), consequence=steps("consequence"),
        levels=tuple(levels), matrix=tuple(matrix),
    )
    _check_preset(preset, lambda msg: _jerr(path, msg))
    return preset


def _check_preset(preset: Preset, err) -> None:
    keys = [lv.key for lv in preset.levels]
    if not preset.levels:
        raise err("skalaen har ingen risikoniveauer")
    if len(set(keys)) != len(keys):
        seen: set[str] = set()
        twice = list(dict.fromkeys(k for k in keys if k in seen or seen.add(k)))  # linear, not keys.count per key
        shown = ", ".join(_short(k, 20) for k in twice[:5]) + (" ..." if len(twice) > 5 else "")
        raise err(f"to risikoniveauer har samme nøgle ({shown})")
    if preset.size not in (3, 4, 5, 6):
        raise err(f"antal trin skal være 3-6, ikke {preset.size}")
    try:
        validate_preset(preset)
    except ScaleError as e:
        raise err(str(e).removeprefix(f"{preset.id}: ")) from None


# -- xlsx ---------------------------------------------------------------------------------


class _Sheet:
    """The rows of one sheet as plain values, formula and error cells refused by place.

    At most ``max_rows`` rows below the first (the header row): the reading stops at the row after,
    with a Danish refusal that counts ``noun``.
    """

    def __init__(self, book, name: str, max_rows: int = MAX_SHEET_ROWS, noun: str = "rækker"):
        self.name = name
        self.rows: list[tuple[int, dict[int, Any]]] = []
        for row_no, cells in book.rows(name):
            if len(self.rows) > max_rows:
                n = thousands(max_rows)
                raise ValidationError(f"Arket '{name}' har mere end {n} {noun}; højst {n} kan indlæses ad gangen.",
                                      name)
            for col, value in cells.items():
                if isinstance(value, Formula):
                    raise self.error(row_no, col, f"cellen indeholder en formel ({str(value)[:60]}); et trusselskatalog "
                                                  "kan kun indlæses med tekst i cellerne")
                if isinstance(value, CellError):
                    raise self.error(row_no, col, f"cellen indeholder fejlværdien {value}")
            self.rows.append((row_no, cells))

    def place(self, row: int, col: int | None = None, header: str = "") -> str:
        out = f"Arket '{self.name}', række {row}"
        if col:
            out += f", kolonne {column_letter(col)}"
            if header:
                out += f" ({header})"
        return out

    def error(self, row: int, col: int | None, message: str, header: str = "") -> ValidationError:
        return ValidationError(f"{self.place(row, col, header)}: {message}", self.name)

    def columns(self, spec: tuple) -> tuple[int, dict[str, int], list[tuple[int, dict[int, Any]]]]:
        """(header row, key -> column, data rows): the header is the sheet's first row."""
        if not self.rows:
            raise ValidationError(f"Arket '{self.name}' er tomt: det mangler overskriftsrækken "
                                  f"({', '.join(h for _, h, _ in spec)}).", self.name)
        header_row, cells = self.rows[0]
        by_name = {_cell_text(v).strip().casefold(): c for c, v in cells.items()}
        cols = {}
        for key, header, required in spec:
            col = by_name.get(header.casefold())
            if col is None:
                if required:
                    raise ValidationError(
                        f"Arket '{self.name}', række {header_row}: kolonnen '{header}' mangler i overskriftsrækken "
                        f"(forventet: {', '.join(h for _, h, _ in spec)}).", self.name)
                continue
            cols[key] = col
        return header_row, cols, self.rows[1:]


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


def _read_xlsx(data: bytes, filename: str) -> Exchange:
    if not Path(filename).suffix:  # a name without a suffix; a macro workbook's name is refused by open_xlsx
        filename = f"{Path(filename).stem or 'katalog'}.xlsx"
    book = open_xlsx(data, filename)
    missing = [s for s in SHEETS if s not in book.sheetnames]
    if missing:
        raise ValidationError(
            f"Filen er ikke et trusselskatalog fra Risikoværkstedet: den mangler arket "
            f"{', '.join(repr(s) for s in missing)} (arkene i filen: {', '.join(book.sheetnames) or 'ingen'}).",
            "file")
    meta = _read_meta(_Sheet(book, SHEET_META))
    threats, rows_of = _read_threats(_Sheet(book, SHEET_THREATS, MAX_THREATS, "trusler"))
    _read_annex(_Sheet(book, SHEET_ANNEX, MAX_ANNEX_ROWS), threats)
    checked = []
    for t in threats:
        try:
            checked.append(check_import_threat(t))
        except ValidationError as err:  # the controls were checked row by row: this is a safety net
            raise ValidationError(f"Arket '{SHEET_THREATS}', række {rows_of[t['code']]}: {err}", SHEET_THREATS) from None
    preset = _read_scale(_Sheet(book, SHEET_SCALE))
    return Exchange(municipality=meta.get("municipality", ""), exported_at=meta.get("exported_at", ""),
                    threats=checked, preset=preset, format_version=_small_int(meta["version"]) or FORMAT_VERSION,
                    kind="xlsx")


def _read_meta(sheet: _Sheet) -> dict[str, str]:
    labels = {label.casefold(): key for label, key in META_ROWS}
    found: dict[str, tuple[str, int]] = {}
    for row_no, cells in sheet.rows:
        key = labels.get(_cell_text(cells.get(1)).strip().casefold())
        if key and key not in found:
            found[key] = (_cell_text(cells.get(2)).strip(), row_no)
    fmt, fmt_row = found.get("format", (None, None))
    version, version_row = found.get("version", (None, None))
    _check_format(
        fmt, version,
        sheet.place(fmt_row, 2, "Format") if fmt_row else f"Arket '{sheet.name}' (rækken Format mangler)",
        sheet.place(version_row, 2, "Formatversion") if version_row else f"Arket '{sheet.name}' (rækken Formatversion mangler)",
    )
    return {k: v for k, (v, _) in found.items()}


def _yes_no(sheet: _Sheet, row: int, col: int, header: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    txt = _cell_text(value).strip().casefold()
    if txt in _TRUE:
        return True
    if txt in _FALSE:
        return False
    raise sheet.error(row, col, f"'{_cell_text(value)[:40]}' skal være 'ja' eller 'nej'", header)


def _read_threats(sheet: _Sheet) -> tuple[list[dict], dict[str, int]]:
    _, cols, rows = sheet.columns(THREAT_COLUMNS)  # at most MAX_THREATS rows: counted while the sheet was read
    headers = {key: header for key, header, _ in THREAT_COLUMNS}
    threats: list[dict] = []
    rows_of: dict[str, int] = {}
    for row_no, cells in rows:
        def get(key: str, cells: dict[int, Any] = cells) -> Any:
            col = cols.get(key)
            return cells.get(col) if col else None

        values: dict[str, Any] = {}
        for key in ("code", "category", "title", "description"):
            v = get(key)
            if isinstance(v, datetime):
                raise sheet.error(row_no, cols[key], "skal være en tekst, ikke en dato", headers[key])
            values[key] = _cell_text(v)
        for key in ("harms_c", "harms_i", "harms_a", "hidden"):
            values[key] = _yes_no(sheet, row_no, cols.get(key, 0), headers[key], get(key))
        values["tags"] = [x.strip() for x in re.split(r"[;,]", _cell_text(get("tags"))) if x.strip()]
        values["controls"] = []
        try:
            checked = check_import_threat(values)
        except ValidationError as err:
            key = _FIELD_KEY.get(err.field or "", "")
            raise sheet.error(row_no, cols.get(key), str(err), headers.get(key, "")) from None
        code = checked["code"]
        if code in rows_of:
            raise sheet.error(row_no, cols["code"], f"koden '{code}' står også i række {rows_of[code]}", headers["code"])
        rows_of[code] = row_no
        threats.append({**values, "code": code})
    return threats, rows_of


def _read_annex(sheet: _Sheet, threats: list[dict]) -> None:
    """Fill each threat's controls from the Annex A sheet (one row per threat and control)."""
    _, cols, rows = sheet.columns(ANNEX_COLUMNS)
    by_code = {t["code"]: t for t in threats}
    for row_no, cells in rows:
        code = _cell_text(cells.get(cols["code"])).strip()
        raw = _cell_text(cells.get(cols["control"])).strip()
        if not code and not raw:
            continue
        if code not in by_code:
            raise sheet.error(row_no, cols["code"], f"koden '{_short(code)}' findes ikke på arket '{SHEET_THREATS}'"
                              if code else "koden mangler", "Kode")
        try:
            (cid,) = check_threat_controls([raw]) or [None]
        except ValidationError as err:
            raise sheet.error(row_no, cols["control"], str(err), "Kontrol") from None
        if cid is None:
            raise sheet.error(row_no, cols["control"], "kontrollen mangler", "Kontrol")
        if cid not in by_code[code]["controls"]:
            by_code[code]["controls"].append(cid)


def _read_scale(sheet: _Sheet) -> Preset:
    blocks: dict[str, tuple[int, list[tuple[int, dict[int, Any]]]]] = {}
    current = None
    for row_no, cells in sheet.rows:
        first = _cell_text(cells.get(1)).strip()
        if set(cells) == {1} and first in SCALE_BLOCKS:
            current = first
            blocks[current] = (row_no, [])
            continue
        if current is not None:
            blocks[current][1].append((row_no, cells))
    for name in SCALE_BLOCKS:
        if name not in blocks:
            raise ValidationError(f"Arket '{sheet.name}' mangler afsnittet '{name}' (en række med '{name}' i kolonne A).",
                                  sheet.name)

    def table(name: str, spec: tuple) -> tuple[dict[str, int], list[tuple[int, dict[int, Any]]]]:
        start, rows = blocks[name]
        if not rows:
            raise sheet.error(start + 1, None, f"afsnittet '{name}' mangler sin overskriftsrække")
        header_row, cells = rows[0]
        by_name = {_cell_text(v).strip().casefold(): c for c, v in cells.items()}
        cols = {}
        for key, header in spec:
            if header.casefold() not in by_name:
                raise sheet.error(header_row, None, f"kolonnen '{header}' mangler i afsnittet '{name}'")
            cols[key] = by_name[header.casefold()]
        return cols, rows[1:]

    def txt(row: int, cells: dict, col: int, header: str, required: bool = True) -> str:
        value = _cell_text(cells.get(col)).strip()
        if required and not value:
            raise sheet.error(row, col, "mangler", header)
        return value

    def number(row: int, cells: dict, col: int, header: str) -> int:
        value = txt(row, cells, col, header)
        n = _small_int(value)
        if n is None:
            raise sheet.error(row, col, f"'{value[:20]}' er ikke et helt tal", header)
        return n

    # Skala: Felt | Værdi
    cols, rows = table(BLOCK_SCALE, (("field", "Felt"), ("value", "Værdi")))
    labels = {label.casefold(): key for key, label in SCALE_FIELDS}
    head: dict[str, tuple[str, int]] = {}
    for row_no, cells in rows:
        key = labels.get(_cell_text(cells.get(cols["field"])).strip().casefold())
        if key:
            head[key] = (_cell_text(cells.get(cols["value"])).strip(), row_no)
    for key, label in SCALE_FIELDS:
        if key.startswith("description"):
            continue
        value, row = head.get(key, ("", None))
        if row is None:
            raise ValidationError(f"Arket '{sheet.name}': rækken '{label}' mangler i afsnittet '{BLOCK_SCALE}'.",
                                  sheet.name)
        if not value:
            raise sheet.error(row, cols["value"], "mangler", label)
    size_txt, size_row = head["size"]
    size = _small_int(size_txt)
    if size is None:
        raise sheet.error(size_row, cols["value"], f"'{size_txt[:20]}' er ikke et helt tal", "Antal trin")
    if size not in (3, 4, 5, 6):  # checked here too: the matrix below is read by it
        raise sheet.error(size_row, cols["value"], f"antal trin skal være 3-6, ikke {size}", "Antal trin")

    def steps(name: str) -> tuple[Step, ...]:
        scols, srows = table(name, STEP_COLUMNS)
        headers = dict(STEP_COLUMNS)
        out = []
        for row_no, cells in srows:
            v = {k: txt(row_no, cells, scols[k], headers[k], required=not k.startswith("example"))
                 for k, _ in STEP_COLUMNS if k != "value"}
            out.append(Step(value=number(row_no, cells, scols["value"], headers["value"]), **v))
        return tuple(out)

    likelihood = steps(BLOCK_LIKELIHOOD)
    consequence = steps(BLOCK_CONSEQUENCE)

    lcols, lrows = table(BLOCK_LEVELS, LEVEL_COLUMNS)
    lheaders = dict(LEVEL_COLUMNS)
    levels = []
    for i, (row_no, cells) in enumerate(lrows):
        v = {k: txt(row_no, cells, lcols[k], lheaders[k]) for k, _ in LEVEL_COLUMNS if k != "requires_action"}
        for k in ("color", "text_color"):
            if not _COLOR.match(v[k]):
                raise sheet.error(row_no, lcols[k], f"'{v[k][:20]}' er ikke en farve (#rrggbb)", lheaders[k])
        action = _yes_no(sheet, row_no, lcols["requires_action"], lheaders["requires_action"],
                         cells.get(lcols["requires_action"]))
        levels.append(Level(index=i, requires_action=action, **v))
    level_index = {lv.key: lv.index for lv in levels}

    start, mrows = blocks[BLOCK_MATRIX]
    if not mrows:
        raise sheet.error(start + 1, None, f"afsnittet '{BLOCK_MATRIX}' er tomt")
    header_row, header_cells = mrows[0]
    con_cols = sorted(c for c in header_cells if c > 1)
    if [_cell_text(header_cells[c]).strip() for c in con_cols] != [str(n) for n in range(1, size + 1)]:
        raise sheet.error(header_row, None, f"matrixens overskrift skal være konsekvens 1-{size} i kolonne B og frem")
    matrix = []
    for lik, (row_no, cells) in enumerate(mrows[1:], start=1):
        if _cell_text(cells.get(1)).strip() != str(lik):
            raise sheet.error(row_no, 1, f"rækken skal være sandsynlighed {lik}", "Sandsynlighed")
        row = []
        for col in con_cols:
            key = txt(row_no, cells, col, f"konsekvens {col - 1}")
            if key not in level_index:
                raise sheet.error(row_no, col, f"'{key[:30]}' er ikke et af niveauerne ({', '.join(level_index)})",
                                  f"konsekvens {col - 1}")
            row.append(level_index[key])
        matrix.append(tuple(row))

    preset = Preset(id=head["id"][0], name_da=head["name_da"][0], name_en=head["name_en"][0],
                    description_da=head.get("description_da", ("", 0))[0],
                    description_en=head.get("description_en", ("", 0))[0],
                    size=size, likelihood=likelihood, consequence=consequence, levels=tuple(levels),
                    matrix=tuple(matrix))
    _check_preset(preset, lambda msg: ValidationError(f"Arket '{sheet.name}': {msg}", sheet.name))
    return preset


# =====================================================================================
# Preview and import
# =====================================================================================

PRESET_PARTS = ("name", "description", "size", "likelihood", "consequence", "levels", "matrix")


def preset_differences(here: Preset, there: Preset) -> list[str]:
    """The parts in which two definitions differ (see PRESET_PARTS)."""
    out = []
    if (here.name_da, here.name_en) != (there.name_da, there.name_en):
        out.append("name")
    if (here.description_da, here.description_en) != (there.description_da, there.description_en):
        out.append("description")
    if here.size != there.size:
        out.append("size")
    for part in ("likelihood", "consequence", "levels", "matrix"):
        if getattr(here, part) != getattr(there, part):
            out.append(part)
    return out


def compare_preset(wb: Workbench, incoming: Preset) -> PresetComparison:
    local = wb.settings.preset()
    known = presets()
    base = {"file_id": incoming.id, "file_name": incoming.name_da, "local_id": local.id, "local_name": local.name_da}
    if incoming.id == local.id:
        diffs = preset_differences(local, incoming)
        return PresetComparison(status="differs" if diffs else "same", differences=diffs, **base)
    if incoming.id in known:
        ok, why = wb.settings.can_choose(incoming.id)
        return PresetComparison(status="other", differences=preset_differences(known[incoming.id], incoming),
                                can_switch=ok, why_not=why, **base)
    return PresetComparison(status="unknown", **base)


def preview(wb: Workbench, actor: Actor, exchange: Exchange) -> CatalogueDiff:
    """What an import of ``exchange`` would do: threats new, changed (field, before, after), unchanged, and
    ours that the file lacks (left as they are); and the file's scale against ours. Writes nothing."""
    diff = wb.catalogue.diff(actor, exchange.threats)
    return CatalogueDiff(threats=diff, preset=compare_preset(wb, exchange.preset),
                         municipality=exchange.municipality, exported_at=exchange.exported_at)


def apply(
    wb: Workbench, actor: Actor, exchange: Exchange, include_changed: bool = True, expected: CatalogueDiff | None = None
) -> tuple[int, int]:
    """Import the file's new threats and (``include_changed``) its changed ones in one transaction.

    Coordinator only (``catalogue.write``), audited, the code as the key; one invalid threat and
    nothing is written. With ``expected`` (the preview the user saw) the import is refused if the
    catalogue changed since. The scale preset is never touched. Returns (added, updated).
    """
    source = {"municipality": exchange.municipality, "exported_at": exchange.exported_at,
              "format": f"{FORMAT}/{exchange.format_version}", "file": exchange.kind, "preset": exchange.preset.id}
    return wb.catalogue.import_threats(actor, exchange.threats, include_changed=include_changed,
                                       expected=expected.threats if expected is not None else None, source=source)
