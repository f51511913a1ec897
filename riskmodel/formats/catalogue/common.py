"""The catalogue exchange file's shared parts: the format's names and limits, the sheets' columns, the
exchange object, and the checks the JSON and the .xlsx reader share. Pure: bytes and values, no store."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from riskmodel.domain.dates import DK
from riskmodel.domain.errors import Text, ValidationError
from riskmodel.domain.scales import Preset, ScaleError, Step, validate_preset
from riskmodel.domain.threats import CONTENT_FIELDS
from riskmodel.formats.xlsx_safety import MAX_ROWS

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


def _check_format(fmt: Any, version: Any, fmt_place: Text, version_place: Text) -> int:
    """The file's format name and version checked; returns the version. The places name where the file holds
    them (a JSON key, a cell of the sheet Om filen)."""
    if fmt != FORMAT:
        raise ValidationError("err.catfile.not_ours", "format", place=fmt_place, expected=FORMAT,
                              found="" if fmt is None else _short(fmt, 60))
    if version is None or (isinstance(version, str) and not version.strip()):
        raise ValidationError("err.catfile.no_version", "version", place=version_place)
    number = _small_int(version)
    if number is None or number < 1:
        raise ValidationError("err.catfile.bad_version", "version", place=version_place, value=_short(version))
    if number > FORMAT_VERSION:
        raise ValidationError("err.catfile.newer", "version", place=version_place, version=_short(number),
                              supported=FORMAT_VERSION)
    return number


def _check_preset(preset: Preset, err) -> None:
    """The scale of a file checked; ``err(problem)`` gives the refusal of a problem (a Text) at the scale's place."""
    keys = [lv.key for lv in preset.levels]
    if not preset.levels:
        raise err(Text("err.catfile.no_levels"))
    if len(set(keys)) != len(keys):
        seen: set[str] = set()
        twice = list(dict.fromkeys(k for k in keys if k in seen or seen.add(k)))  # linear, not keys.count per key
        shown = ", ".join(_short(k, 20) for k in twice[:5]) + (" ..." if len(twice) > 5 else "")
        raise err(Text("err.catfile.level_keys_twice", keys=shown))
    if preset.size not in (3, 4, 5, 6):
        raise err(Text("err.catfile.size", size=preset.size))
    try:
        validate_preset(preset)
    except ScaleError as e:  # "<preset id>: <problem>": the problem, at the scale's place in the file
        raise err(e.params.get("problem", e)) from None


# -- xlsx ---------------------------------------------------------------------------------
