# Size: parsing, planning and writing of the register import; the adoption branch splits it into formats, services and store.
"""Excel import of risk registers: check the whole file, preview every change, then apply it all or nothing.

Two kinds of file are understood:

* ``register``: our own *Risikoregister* sheet after offline edits (recognised by its "Linje-ID" and
  "Linjeversion" columns). Each row is matched to its risk line by Linje-ID; only the editable
  columns are read (see :data:`REGISTER_FIELDS`), and a row changes exactly the fields whose value
  differs from the line's current value.
* ``plain``: a register with a header row from another tool. A mapping {field: column header} says
  which column is the system, the threat, the likelihood, ...; :func:`propose_mapping` guesses it
  from the headers. Systems are matched by name among the active systems, threats by code or title
  in the catalogue and among the assessment's own threats; what does not exist is created only
  when the caller confirms it (``create_missing``).

Rules (decided here, documented for the users in the page and the CLI help):

* **Empty cells.** In an exported register an empty editable cell means *empty*: a user who
  deletes a likelihood in Excel means to clear it, and the export writes an empty cell for an
  unscored line, so an unedited round trip still changes nothing (empty equals empty, and an
  empty text equals ''). In a plain register an empty cell means *not given*: the other tool
  knows nothing of our values, so it leaves the current value alone.
* **Conflicts.** A row whose "Linjeversion" differs from the line's current version is a problem
  if the row differs from the line in any editable field: someone changed the line after the export,
  and the file cannot tell an edit in Excel from the value before that change, so importing it
  could overwrite the other person's change. (The file does not hold the values as exported.) A
  stale row that equals the line as it is now changes nothing and is no problem. The message says
  what to do: export again, or delete the row from the file if it was not edited (a deleted row
  removes nothing).
* **Read-only columns** (Konsekvens, Risikoniveau, System, Afdeling, ..., Deltagere, Godkendelse) are
  never imported; if one differs from what Risikoværkstedet shows, the preview warns (per column).
* **Deleted rows** remove nothing: an import changes and adds, never deletes.
* **Size.** A sheet may hold at most ``MAX_ROWS`` (60,000) data rows; one more refuses the whole file
  as soon as the reader reaches it (the largest register, 1,500 systems × 30 lines, is 45,000 rows).
* **Formulas** anywhere in the imported sheet are problems (the file is never evaluated); so are
  error values (#N/A) in the columns that are imported.
* **Creation** (plain registers, after confirmation): an unknown system needs a department on its
  row (same department on every row of that system); it gets the other columns given
  (system owner, classification) and defaults for the rest. A system without a current assessment
  gets one (this year, the municipality's matrix) holding only the imported threats. An unknown
  threat becomes the assessment's own threat (like "Tilføj egen trussel"), never a catalogue threat.

Nothing is written by :func:`plan_import`. :func:`apply_import` writes the plan in ONE unit of work:
it first checks, inside the transaction, that nothing it relies on changed since the plan (line
versions, current assessments, system names, access), then writes and audits every change; any
failure rolls everything back.
"""

from __future__ import annotations

import json
import re
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd

from riskmodel.domain.dates import fmt_date
from riskmodel.domain.errors import PermissionDenied, StaleVersionError, ValidationError
from riskmodel.domain.model import LINE_FIELDS, LINE_SCORE_FIELDS, Actor, SystemInput
from riskmodel.domain.scales import Preset
from riskmodel.domain.signoff import SNAPSHOT_FIELDS
from riskmodel.formats.mapping import (
    CONVERTED_FIELDS,
    SCORE_FIELDS,
    MappingSpec,
    non_risk_reason,
    propose_conversions,
    shorten,
    value_key,
)
from riskmodel.formats.xlsx_safety import MAX_ROWS, CellError, Formula, XlsxBook, column_letter, too_many_rows
from riskmodel.i18n import plural
from riskmodel.reports.export import (
    CLASSIFICATION_LABELS,
    CONSEQUENCE_SOURCE_LABELS,
    REGISTER_COLUMNS,
    SHEET_REGISTER,
    TREATMENT_LABELS,
)
from riskmodel.services import Workbench
from riskmodel.services.assessments import validate_line_changes
from riskmodel.services.common import record_denial, require
from riskmodel.services.systems import validate_system
from riskmodel.store import imports as import_sql
from riskmodel.store.uow import UnitOfWork, unit_of_work

Progress = Callable[[float, str], None]
CREATE_HINT_PAGE = "markér 'Opret systemer og trusler, der ikke findes'"
CREATE_HINT_CLI = "brug --create-missing"

KIND_REGISTER = "register"
KIND_PLAIN = "plain"
ID_HEADER = "Linje-ID"
VERSION_HEADER = "Linjeversion"
HEADER_SCAN_ROWS = 20  # a plain register's header row is looked for among its first rows
TEXT_MAX = 4000  # as validate_line_changes
NAME_MAX = 200  # system and threat names, departments (as validate_system and validate_threat)
CATEGORY_MAX = 100
CUSTOM_CATEGORY = "Egne trusler"  # the category of an imported own threat when the file gives none
WARN_EXAMPLES = 5
PROGRESS_ROWS = 2000

# Exported register: column header -> risk-line field (the editable columns).
REGISTER_FIELDS: dict[str, str] = {c.header: c.field for c in REGISTER_COLUMNS if c.field in LINE_FIELDS}
_READ_ONLY = tuple(c for c in REGISTER_COLUMNS
                   if c.field not in LINE_FIELDS and c.header not in (ID_HEADER, VERSION_HEADER))

# Plain register: the fields a column can be mapped to, with their Danish names.
PLAIN_FIELDS: dict[str, str] = {
    "system": "System",
    "department": "Afdeling",
    "owner": "Systemejer",
    "classification": "Klassifikation",
    "threat": "Trussel",
    "threat_code": "Trussel-ID",
    "category": "Kategori",
    "scenario": "Scenarie",
    "existing_measures": "Eksisterende foranstaltninger",
    "likelihood": "Sandsynlighed",
    "consequence": "Konsekvens (for de berørte af F, I og T)",
    "cons_c": "Fortrolighed",
    "cons_i": "Integritet",
    "cons_a": "Tilgængelighed",
    "treatment": "Behandling",
    "planned_measures": "Planlagte foranstaltninger",
    "measure_owner": "Ansvarlig",
    "measure_deadline": "Frist",
    "residual_likelihood": "Rest-sandsynlighed",
    "residual_consequence": "Rest-konsekvens",
    "risk_owner": "Risikoejer",
    "score_rationale": "Begrundelse",
}
REQUIRED_FIELDS = ("system", "threat")
FIELD_LABELS: dict[str, str] = {**PLAIN_FIELDS, **{f: h for h, f in REGISTER_FIELDS.items()}}
FIELD_LABELS["consequence"] = "Konsekvens"
FIELD_LABELS["consequence_overall"] = "Samlet konsekvens"
FIELD_LABELS["consequence_source"] = "Konsekvens angivet som"

# Header synonyms (Danish and English), compared case-, space- and punctuation-insensitively.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "system": ("system", "systemnavn", "systemets navn", "it-system", "it system", "informationsaktiv", "aktiv",
               "asset", "system name", "application", "applikation"),
    "department": ("afdeling", "department", "forvaltning", "område", "enhed", "unit", "organisation"),
    "owner": ("systemejer", "system owner", "ejer", "owner"),
    "classification": ("klassifikation", "classification", "dataklassifikation"),
    "threat": ("trussel", "threat", "trusselstitel", "trusler", "hændelse", "risiko", "risk", "risikotitel",
               "threat title"),
    "threat_code": ("trussel-id", "trussel id", "trusselskode", "threat id", "threat code", "kode", "code"),
    "category": ("kategori", "category", "trusselskategori", "threat category"),
    "scenario": ("scenarie", "scenario", "scenarier", "beskrivelse", "description"),
    "existing_measures": ("eksisterende foranstaltninger", "existing measures", "existing controls",
                          "eksisterende kontroller", "nuværende foranstaltninger"),
    "likelihood": ("sandsynlighed", "likelihood", "probability", "sandsynlighed (1-4)", "sandsynlighed (1-5)"),
    "consequence": ("konsekvens", "consequence", "impact", "alvorlighed", "konsekvens (1-4)", "konsekvens (1-5)"),
    "cons_c": ("fortrolighed", "confidentiality", "konsekvens fortrolighed", "konsekvens for fortrolighed"),
    "cons_i": ("integritet", "integrity", "konsekvens integritet", "konsekvens for integritet"),
    "cons_a": ("tilgængelighed", "availability", "konsekvens tilgængelighed", "konsekvens for tilgængelighed"),
    "treatment": ("behandling", "treatment", "risikobehandling", "risikohåndtering", "håndtering", "response"),
    "planned_measures": ("planlagte foranstaltninger", "planned measures", "handlingsplan", "tiltag",
                         "foranstaltninger", "planlagte tiltag", "mitigation", "actions", "action plan"),
    "measure_owner": ("ansvarlig", "responsible", "action owner", "ansvarlig for foranstaltning",
                      "ansvarlig for tiltag"),
    "measure_deadline": ("frist", "deadline", "due date", "tidsfrist", "dato for gennemførelse"),
    "residual_likelihood": ("rest-sandsynlighed", "restsandsynlighed", "residual likelihood",
                            "sandsynlighed efter foranstaltninger"),
    "residual_consequence": ("rest-konsekvens", "restkonsekvens", "residual consequence", "residual impact",
                             "konsekvens efter foranstaltninger"),
    "risk_owner": ("risikoejer", "risk owner"),
    "score_rationale": ("begrundelse", "rationale", "begrundelse for vurderingen", "justification"),
}

_TREATMENTS: dict[str, str] = {
    **{label.casefold(): code for code, label in TREATMENT_LABELS.items()},
    **{code.casefold(): code for code in TREATMENT_LABELS},
    "accept": "accepter", "reduce": "reducer", "transfer": "overfør", "avoid": "undgå",
    "overfoer": "overfør", "undgaa": "undgå",
}
_CLASSIFICATIONS: dict[str, str] = {
    **{label.casefold(): code for code, label in CLASSIFICATION_LABELS.items()},
    **{code.casefold(): code for code in CLASSIFICATION_LABELS},
    "public": "offentlig", "internal": "intern", "confidential": "fortrolig", "sensitive": "følsom",
}
# Recorded on each line a single consequence column scored (in its rationale, when the file gives none).
CONSEQUENCE_NOTES = {
    "overall": "Importeret fra én samlet konsekvenskolonne og gemt som samlet konsekvens (F, I og T er ikke "
               "vurderet hver for sig).",
    "harms": "Importeret fra én samlet konsekvenskolonne, sat på de af F, I og T, som truslen berører.",
    "c": "Importeret fra én samlet konsekvenskolonne, sat på fortrolighed.",
    "i": "Importeret fra én samlet konsekvenskolonne, sat på integritet.",
    "a": "Importeret fra én samlet konsekvenskolonne, sat på tilgængelighed.",
}
# Written with the line, not through validate_line_changes: how the single consequence column was applied
# (migration 010). The overall figure is checked against the scale when the cell is read.
IMPORT_ONLY_FIELDS = ("consequence_overall", "consequence_source")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NORM = re.compile(r"[\s\-_.:/]+")


# -- results -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Problem:
    """Something that stops the import (or, as a warning, something the user should know), by place."""

    sheet: str
    row: int | None
    column: str | None
    message: str
    kind: str = ""  # for grouping: missing_department, unknown_system, unknown_threat, convert, ...

    def __str__(self) -> str:
        where = [self.sheet] if self.sheet else []
        if self.row is not None:
            where.append(f"række {self.row}")
        if self.column:
            where.append(f"kolonne {self.column}")
        return f"{', '.join(where)}: {self.message}" if where else self.message


@dataclass(frozen=True)
class Change:
    """One field of one risk line, before and after (``field`` 'threat' marks a line that is added)."""

    row: int
    system: str
    threat: str
    field: str
    before: Any
    after: Any
    line_id: int | None = None  # None: a line the import adds
    added: str | None = None  # field 'threat': 'catalogue' (after = its code) or 'custom' (after = the title)

    def describe(self) -> str:
        """'Sandsynlighed: 2 → 3' in Danish (for the command line)."""
        label = FIELD_LABELS.get(self.field, self.field)
        if self.field == "threat":
            return f"{label}: tilføjes " + (f"fra kataloget ({self.after})" if self.added == "catalogue"
                                             else "som systemets egen trussel")
        return f"{label}: {display_value(self.field, self.before)} → {display_value(self.field, self.after)}"


def display_value(fld: str, value: Any) -> str:
    """A field value as the Danish UI shows it ('' for none)."""
    if value is None or value == "":
        return "(tom)"
    if fld == "treatment":
        return TREATMENT_LABELS.get(value, str(value))
    if fld == "consequence_source":
        return CONSEQUENCE_SOURCE_LABELS.get(value, str(value))
    if isinstance(value, (date, datetime)):
        return fmt_date(value if not isinstance(value, datetime) else value.date())
    return str(value)


@dataclass(frozen=True)
class NewSystem:
    row: int
    name: str
    department: str
    owner: str
    classification: str


@dataclass
class Detected:
    """What a sheet looks like: its kind, header row and headers (column number -> header)."""

    kind: str
    sheet: str
    sheets: list[str]
    header_row: int | None
    headers: dict[int, str]
    header_formulas: dict[int, Any] = field(default_factory=dict)  # formulas or error values in the header row
    hidden_columns: set[int] = field(default_factory=set)  # columns hidden in Excel
    hidden_sheets: list[str] = field(default_factory=list)  # sheets hidden in Excel (never chosen by themselves)

    @property
    def header_names(self) -> list[str]:
        return list(self.headers.values())

    @property
    def hidden_headers(self) -> list[str]:
        """Headers of hidden columns: they can be chosen, but are never proposed."""
        return [h for c, h in self.headers.items() if c in self.hidden_columns]

    @property
    def visible_header_names(self) -> list[str]:
        return [h for c, h in self.headers.items() if c not in self.hidden_columns]


@dataclass
class _Update:
    line_id: int
    assessment_id: int
    expected_version: int
    before: dict
    after: dict
    what: str  # "CYB-01 Phishing", for the approval note


@dataclass
class _NewLine:
    row: int
    system_ref: tuple  # ("id", system id) or ("new", name key)
    assessment_id: int | None  # None: the assessment the import starts for the system
    threat: dict | None  # catalogue threat row, or None for the assessment's own threat
    title: str
    category: str
    values: dict


@dataclass
class ImportPlan:
    """What an import would do. Nothing is written until :func:`apply_import`."""

    file_name: str
    kind: str
    sheet: str
    rows: int = 0  # data rows read
    changes: list[Change] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    new_systems: list[NewSystem] = field(default_factory=list)
    new_assessments: list[str] = field(default_factory=list)  # system names
    mapping: dict[str, str] = field(default_factory=dict)
    create_missing: bool = False
    seconds: float = 0.0
    spec: MappingSpec = field(default_factory=MappingSpec)
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (row, why): rows that are not risks
    proposals: dict[str, dict[str, Any]] = field(default_factory=dict)  # field -> {value: proposed} to confirm
    shortened: list[tuple[int, str, str]] = field(default_factory=list)  # (row, short title, full title)
    hidden_columns: list[str] = field(default_factory=list)  # headers of columns hidden in Excel (not proposed)
    hidden_sheets: list[str] = field(default_factory=list)  # sheets hidden in Excel
    _updates: list[_Update] = field(default_factory=list, repr=False)
    _new_lines: list[_NewLine] = field(default_factory=list, repr=False)
    _system_values: dict[tuple, dict] = field(default_factory=dict, repr=False)  # new system key -> values
    _assess_for: dict[tuple, int | None] = field(default_factory=dict, repr=False)  # system ref -> current id
    _systems_seen: dict[int, tuple[str, str]] = field(default_factory=dict, repr=False)  # id -> (dept, owner)
    _preset_id: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def lines_changed(self) -> int:
        return len(self._updates)

    @property
    def lines_added(self) -> int:
        return len(self._new_lines)

    @property
    def empty(self) -> bool:
        return not (self.changes or self.new_systems)


@dataclass(frozen=True)
class ImportResult:
    changes: int
    lines_changed: int
    lines_added: int
    systems_created: int
    assessments_created: int
    seconds: float


_GROUPS = {  # kind -> (what the rows have in common, what to do)
    "missing_department": ("mangler afdeling", "vælg en standardafdeling"),
    "unknown_system": ("nævner et system, der ikke findes", "opret det (eller ret navnet)"),
    "unknown_threat": ("nævner en trussel, der hverken er i kataloget eller i vurderingen",
                       "tilføj den som systemets egen trussel"),
    "convert": ("har en værdi, der skal omregnes", "bekræft omregningerne"),
    "consequence_to": ("har en samlet konsekvens", "vælg, hvor den skal gælde, eller gem den som samlet konsekvens"),
    "missing_column": ("", "giv kolonnen sit navn igen, eller eksportér på ny"),
}
SKIP_REASONS = {"blank": "tom række", "total": "total- eller sumrække", "header": "gentaget overskriftsrække"}


def problem_groups(problems: list[Problem]) -> list[str]:
    """The problems grouped by kind, in Danish, largest group first: '48 rækker mangler afdeling → vælg en
    standardafdeling'. Problems of no known kind are grouped by column."""
    by_kind: dict[str, set] = defaultdict(set)
    by_column: dict[str, int] = defaultdict(int)
    for pr in problems:
        if pr.kind in _GROUPS and pr.kind != "missing_column":
            by_kind[pr.kind].add(pr.row)
        else:
            by_column[pr.column or ""] += 1
    out = [(len(rows), f"{plural(len(rows), 'række', 'rækker')} {_GROUPS[k][0]} → {_GROUPS[k][1]}")
           for k, rows in by_kind.items()]
    out += [(n, f"{plural(n, 'problem', 'problemer')}" + (f" i kolonnen '{col}'" if col else " i rækkerne"))
            for col, n in by_column.items()]
    return [text for _, text in sorted(out, key=lambda x: -x[0])]


# -- detection and mapping ---------------------------------------------------------------------
def _header_text(value: Any) -> str:
    if isinstance(value, (Formula, CellError)):
        return ""
    return str(value).strip() if value is not None else ""


def detect(book: XlsxBook, sheet: str | None = None) -> Detected:
    """Which sheet to read, where its header row is, and whether it is our own exported register.

    Without ``sheet``: the sheet "Risikoregister", else the first sheet whose header has "Linje-ID" and
    "Linjeversion" (a renamed register), else the first sheet. The header row is the first of the sheet's
    first rows with at least two values (a title row above it is skipped).
    """
    sheets = book.sheetnames
    if not sheets:
        raise ValidationError("Filen har ingen regneark.", "file")
    if sheet is not None and sheet not in sheets:
        raise ValidationError(f"Arket '{sheet}' findes ikke i filen (arkene er: {', '.join(sheets)}).", "sheet")
    if sheet is None and SHEET_REGISTER not in sheets:
        candidates = []
        visible = [name for name in sheets if name not in book.hidden_sheets] or sheets
        for name in visible:  # a hidden sheet (an old version, lists) is read only when chosen
            found = _detect_sheet(book, name, sheets)
            if found.kind == KIND_REGISTER:
                return found
            candidates.append(found)
        # A workbook with a cover sheet, notes or lists besides the register: the sheet whose header names
        # the most known columns (the first sheet when none does).
        best = max(candidates, key=lambda f: len(propose_mapping(f.visible_header_names)))
        return best if propose_mapping(best.visible_header_names) else candidates[0]
    return _detect_sheet(book, sheet or (SHEET_REGISTER if SHEET_REGISTER in sheets else sheets[0]), sheets)


def _detect_sheet(book: XlsxBook, sheet: str, sheets: list[str]) -> Detected:
    """The header row is the first of the sheet's first rows that names the most known columns; when no row
    names two, the first row with at least two values (title rows, merged title cells and 'Udarbejdet af'
    lines above the header are passed over)."""
    header_row, headers, formulas = None, {}, {}
    first: tuple | None = None
    best: tuple | None = None
    rows = book.rows(sheet)
    try:
        for row_no, cells in rows:
            if row_no > HEADER_SCAN_ROWS:
                break
            if len([v for v in cells.values() if not _is_blank(v)]) < 2:
                continue
            texts = {c: t for c, t in sorted((c, _header_text(v)) for c, v in cells.items()) if t}
            entry = (row_no, texts, {c: v for c, v in cells.items() if isinstance(v, (Formula, CellError))})
            first = first or entry
            known = len(propose_mapping(texts.values())) + 2 * len({ID_HEADER, VERSION_HEADER} & set(texts.values()))
            if known >= 2 and (best is None or known > best[0]):
                best = (known, entry)
    finally:
        rows.close()
    chosen = best[1] if best else first
    if chosen is not None:
        header_row, headers, formulas = chosen
    names = set(headers.values())
    kind = KIND_REGISTER if {ID_HEADER, VERSION_HEADER} <= names else KIND_PLAIN
    hidden = book.hidden_columns(sheet) & set(headers)
    return Detected(kind=kind, sheet=sheet, sheets=sheets, header_row=header_row, headers=headers,
                    header_formulas=formulas, hidden_columns=hidden,
                    hidden_sheets=[s for s in sheets if s in book.hidden_sheets])


def _norm(text: str) -> str:
    return _NORM.sub(" ", str(text).casefold()).strip()


def _key(name: str) -> str:
    """Names are matched case-insensitively, trimmed, with runs of spaces as one."""
    return " ".join(str(name).split()).casefold()


def propose_mapping(headers: Iterable[str]) -> dict[str, str]:
    """{field: header} guessed from the header names (Danish or English, any case or spacing)."""
    by_norm: dict[str, str] = {}
    for h in headers:
        by_norm.setdefault(_norm(h), h)
    out: dict[str, str] = {}
    used: set[str] = set()
    for fld, names in SYNONYMS.items():
        for name in names:
            header = by_norm.get(_norm(name))
            if header is not None and header not in used:
                out[fld] = header
                used.add(header)
                break
    return out


# -- cell values --------------------------------------------------------------------------------
class _Bad(Exception):
    """A cell that cannot be imported; the message is Danish and names the value."""


def _show(value: Any, limit: int = 40) -> str:
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return fmt_date(value)
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _plain(value: Any) -> Any:
    """Refuse a formula or an error value; otherwise the value itself."""
    if isinstance(value, Formula):
        raise _Bad(f"indeholder en formel ({_show(value)}); importen læser kun værdier, så skriv værdien i cellen")
    if isinstance(value, CellError):
        raise _Bad(f"indeholder fejlværdien {value.code}")
    return value


def parse_score(value: Any, size: int) -> int | None:
    value = _plain(value)
    if value is None:
        return None
    if isinstance(value, bool):
        raise _Bad(f"'{_show(value)}' er ikke et tal (1-{size})")
    if isinstance(value, (datetime, date)):
        raise _Bad(f"{_show(value)} er en dato, ikke et tal (1-{size})")
    if isinstance(value, str):
        s = value.strip()
        if not s:
            return None
        if not re.fullmatch(r"[+-]?\d+([.,]0+)?", s):
            raise _Bad(f"'{_show(s)}' er tekst, ikke et tal (1-{size})")
        value = int(re.split(r"[.,]", s)[0])
    if isinstance(value, float):
        if not value.is_integer():
            raise _Bad(f"{value:g} er ikke et helt tal (1-{size})")
        value = int(value)
    if not 1 <= value <= size:
        raise _Bad(f"{value} ligger uden for skalaen 1-{size}")
    return value


def parse_treatment(value: Any) -> str | None:
    value = _plain(value)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    code = _TREATMENTS.get(str(value).strip().casefold())
    if code is None:
        raise _Bad(f"'{_show(value)}' er ikke en behandling ({', '.join(TREATMENT_LABELS.values())})")
    return code


def parse_classification(value: Any) -> str | None:
    value = _plain(value)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    code = _CLASSIFICATIONS.get(str(value).strip().casefold())
    if code is None:
        raise _Bad(f"'{_show(value)}' er ikke en klassifikation ({', '.join(CLASSIFICATION_LABELS.values())})")
    return code


def parse_date(value: Any) -> date | None:
    value = _plain(value)
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool) or isinstance(value, (int, float)):
        raise _Bad(f"{_show(value)} er et tal, ikke en dato; skriv datoen som dd-mm-åååå eller formatér cellen som dato")
    s = str(value).strip()
    if not s:
        return None
    for fmt in ("%d-%m-%Y", "%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y"):
        try:
            return datetime.strptime(s, fmt).date()
        except ValueError:
            pass
    raise _Bad(f"'{_show(s)}' er ikke en dato (dd-mm-åååå)")


def parse_text(value: Any, max_len: int = TEXT_MAX, required: bool = False) -> str:
    value = _plain(value)
    if value is None:
        text = ""
    elif isinstance(value, bool):
        text = "Ja" if value else "Nej"
    elif isinstance(value, datetime):
        text = fmt_date(value.date())
    elif isinstance(value, date):
        text = fmt_date(value)
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    else:
        text = str(value)
    text = _newlines(text).strip()
    if required and not text:
        raise _Bad("skal udfyldes")
    if len(text) > max_len:
        raise _Bad(f"teksten er for lang ({len(text)} tegn, højst {max_len})")
    if _CONTROL.search(text):
        raise _Bad("indeholder ugyldige kontroltegn")
    return text


def _newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def parse_field(fld: str, value: Any, preset: Preset) -> Any:
    if fld in LINE_SCORE_FIELDS:
        return parse_score(value, preset.size)
    if fld == "treatment":
        return parse_treatment(value)
    if fld == "measure_deadline":
        return parse_date(value)
    return parse_text(value)


def _same(fld: str, new: Any, old: Any) -> bool:
    """Whether a parsed file value equals the line's current value (texts compared trimmed, '' == None)."""
    if new == old:
        return True
    if fld in LINE_SCORE_FIELDS or fld in ("treatment", "measure_deadline", *IMPORT_ONLY_FIELDS):
        if isinstance(old, datetime):
            old = old.date()
        return new == old
    return new == _newlines(old or "").strip()


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# -- planning ----------------------------------------------------------------------------------
def plan_import(
    wb: Workbench,
    actor: Actor,
    book: XlsxBook,
    *,
    sheet: str | None = None,
    mapping: dict[str, str] | MappingSpec | None = None,
    create_missing: bool = False,
    progress: Progress | None = None,
    create_hint: str = CREATE_HINT_PAGE,
) -> ImportPlan:
    """Read and check the whole sheet; return every problem, or the preview of every change. Writes nothing.

    ``mapping`` is for a plain register: a :class:`MappingSpec` (columns, value conversions, defaults,
    where a single consequence column goes) or just its columns {field: header}; without columns the
    proposed mapping is used. ``create_hint`` is how the user asks for creation where they are (the page's
    checkbox, the CLI's ``--create-missing``).
    Raises ValidationError for a file that cannot be read at all or whose sheet has more than
    :data:`MAX_ROWS` data rows, PermissionDenied for a role that may not change assessments; everything
    else is a :class:`Problem` in the plan.
    """
    started = time.perf_counter()
    report = progress or (lambda fraction, message: None)
    try:
        require(actor, "assessment.write")
    except PermissionDenied as err:
        record_denial(wb.db, actor, "import.plan", str(err))
        raise
    report(0.0, "Læser filen")
    found = detect(book, sheet)
    plan = ImportPlan(file_name=book.name, kind=found.kind, sheet=found.sheet, create_missing=create_missing,
                      hidden_columns=found.hidden_headers, hidden_sheets=found.hidden_sheets)
    preset = wb.settings.preset()
    plan._preset_id = preset.id
    if found.header_row is None:
        plan.problems.append(Problem(found.sheet, None, None,
                                     "Arket har ingen overskriftsrække (en række med kolonnenavne øverst)."))
        return plan
    for c, v in found.header_formulas.items():
        plan.problems.append(Problem(found.sheet, found.header_row, column_letter(c),
                                     f"overskriften {'er en formel' if isinstance(v, Formula) else 'er en fejlværdi'} "
                                     f"({_show(v)}); skriv kolonnens navn som tekst"))
    dupes = _duplicate_headers(found)
    if found.kind == KIND_REGISTER:
        for header, cols in dupes.items():
            if header in REGISTER_FIELDS or header in (ID_HEADER, VERSION_HEADER):
                plan.problems.append(Problem(found.sheet, found.header_row, header,
                                             f"overskriften står i flere kolonner ({', '.join(cols)})"))
        if plan.problems:
            return plan
        with wb.db.read() as cur:
            _plan_register(cur, actor, book, found, preset, plan, report)
    else:
        spec = (MappingSpec.from_obj(json.loads(mapping.to_json())) if isinstance(mapping, MappingSpec)  # a copy
                else MappingSpec(columns=dict(mapping or {})))
        if mapping is None or not spec.columns:
            spec.columns = propose_mapping(found.visible_header_names)  # a hidden column is never proposed
        spec.headers = found.header_names
        plan.spec = spec
        plan.mapping = dict(spec.columns)
        _check_mapping(found, plan, dupes)
        if plan.problems:
            return plan
        with wb.db.read() as cur:
            _plan_plain(cur, actor, book, found, preset, plan, report, create_hint)
    plan.seconds = time.perf_counter() - started
    report(1.0, "Kontrollen er færdig")
    return plan


def _duplicate_headers(found: Detected) -> dict[str, list[str]]:
    cols: dict[str, list[str]] = defaultdict(list)
    for c, h in found.headers.items():
        cols[h].append(column_letter(c))
    return {h: c for h, c in cols.items() if len(c) > 1}


def _rows_read(book: XlsxBook, found: Detected, report: Progress, start: float = 0.1, span: float = 0.8):
    """The data rows below the header, with progress by the share of the sheet read.

    At most :data:`MAX_ROWS` of them: the row after the last one refuses the whole file (ValidationError)
    while the sheet is streamed, before the rest of it is read or any plan is shown.
    """
    count = 0
    fraction = [0.0]

    def on_bytes(f: float) -> None:
        fraction[0] = f

    for row_no, cells in book.rows(found.sheet, progress=on_bytes):
        if row_no <= found.header_row:
            continue
        count += 1
        if count > MAX_ROWS:
            raise too_many_rows(found.sheet, MAX_ROWS)
        if count % PROGRESS_ROWS == 0:
            report(start + span * fraction[0], f"Kontrollerer rækkerne: {count:,} læst".replace(",", "."))
        yield row_no, cells


def _formula_problems(plan: ImportPlan, sheet: str, row_no: int, cells: dict[int, Any], headers: dict[int, str]) -> bool:
    bad = False
    for c, v in cells.items():
        if isinstance(v, Formula):
            plan.problems.append(Problem(sheet, row_no, headers.get(c) or column_letter(c),
                                         f"indeholder en formel ({_show(v)}); importen læser kun værdier"))
            bad = True
    return bad


class _Warnings:
    """Read-only columns that differ, counted per column with a few example rows."""

    def __init__(self):
        self.rows: dict[str, list[int]] = defaultdict(list)
        self.count: dict[str, int] = defaultdict(int)

    def add(self, column: str, row: int) -> None:
        self.count[column] += 1
        if len(self.rows[column]) < WARN_EXAMPLES:
            self.rows[column].append(row)

    def problems(self, sheet: str) -> list[Problem]:
        out = []
        for column, n in self.count.items():
            examples = ", ".join(str(r) for r in self.rows[column])
            hint = " Ret Fortrolighed, Integritet og Tilgængelighed i stedet." if column == "Konsekvens" else ""
            out.append(Problem(sheet, None, column,
                               f"kolonnen vises kun og importeres ikke, men afviger fra Risikoværkstedet i "
                               f"{plural(n, 'række', 'rækker')} (fx række {examples}).{hint}"))
        return out


# -- the exported register ----------------------------------------------------------------------
def _expected_column(col, table: np.ndarray, pos: dict[str, int], levels: dict, extra: dict) -> np.ndarray:
    """What the export writes in ``col`` for each line (a row of ``table``), as the reader reads it back."""
    if col.kind == "level":
        lik, con = table[:, pos[col.pair[0]]], table[:, pos[col.pair[1]]]
        return np.array([levels.get(k) for k in zip(lik, con, strict=True)] + [None], dtype=object)[:-1]
    if col.field in extra:
        values = [extra[col.field].get(a, "") for a in table[:, pos["assessment_id"]]]
    else:
        values = table[:, pos[col.field]]
    if col.kind == "label":
        out = [None if v is None or v == "" else col.labels.get(v, v) for v in values]
    elif col.kind == "date":  # a date cell reads back as a datetime
        out = [None if v is None else v if isinstance(v, datetime) else datetime(v.year, v.month, v.day)
               for v in values]
    else:
        out = [None if v is None or v == "" else v for v in values]
    return np.array(out + [None], dtype=object)[:-1]


def _identical_rows(rows: list[tuple[int, dict]], id_col: int, version_col: int, compared: list[tuple[int, Any]],
                    cols: list[str], by_id: dict[int, tuple], levels: dict, extra: dict, size: int) -> np.ndarray:
    """Per row: True when the row holds, in every column it has, exactly what the export writes for its line as
    the line is now, at the line's version and on the municipality's scale. Such a row changes nothing and warns
    of nothing, so the row-by-row check passes it by (a row that is not proven identical gets that check).

    Compared column by column over all rows (numpy equality of the read values against the expected ones), not
    cell by cell through the parsers: 45,000 unchanged rows are the common case of a round trip (issue 17).
    """
    n = len(rows)
    ok = np.zeros(n, dtype=bool)
    if not n:
        return ok
    pos = {name: i for i, name in enumerate(cols)}
    filler = (None,) * len(cols)
    found = [by_id.get(i) if type(i) is int else None for i in (cells.get(id_col) for _, cells in rows)]
    ok = np.fromiter((f is not None for f in found), dtype=bool, count=n)
    if not ok.any():
        return ok
    table = np.array([f if f is not None else filler for f in found], dtype=object)
    known = {id_col, version_col, *(c for c, _ in compared)}
    ok &= np.fromiter((cells.keys() <= known for _, cells in rows), dtype=bool, count=n)  # no other values
    ok &= table[:, pos["scale_size"]] == size
    checks = [(version_col, None)] + list(compared)
    keys = [c for c, _ in checks]
    grid = np.empty((n, len(keys)), dtype=object)  # the file's values, one column per compared column
    grid[:] = [[cells.get(k) for k in keys] for _, cells in rows]
    for j, (_c, col) in enumerate(checks):
        if not ok.any():
            break
        got = grid[:, j]
        want = table[:, pos["line_version"]] if col is None else _expected_column(col, table, pos, levels, extra)
        same = (got == want).astype(bool)
        if col is None or col.kind == "int":  # True == 1 in Python, but a checkbox is not a score
            same &= np.fromiter((v.__class__ is not bool for v in got), dtype=bool, count=n)
        ok &= same
    return ok


def _level_labels(preset: Preset) -> dict[tuple[int, int], str]:
    """(likelihood, consequence) -> the level's Danish label; a pair outside the matrix has none (empty cell)."""
    return {(lik, con): lvl.label("da") for lik, con, lvl in preset.cells()}


def _expected_cell(col, line: dict, levels: dict, extra: dict) -> Any:
    """What the export writes in a read-only column for this line (None for an empty cell)."""
    if col.kind == "level":
        return levels.get((line[col.pair[0]], line[col.pair[1]]))
    value = extra[col.field].get(line["assessment_id"], "") if col.field in extra else line.get(col.field)
    if value is None or value == "":
        return None
    if col.kind == "label":
        return col.labels.get(value, value)
    return value


def _cell_equals(file_value: Any, expected: Any) -> bool:
    if isinstance(file_value, (Formula, CellError)):
        return False
    if _is_blank(file_value) or expected is None:
        return _is_blank(file_value) and expected is None
    if isinstance(expected, datetime):
        expected = expected.date()
    if isinstance(expected, date):
        try:
            return parse_date(file_value) == expected
        except _Bad:
            return False
    if isinstance(expected, (int, float)) and not isinstance(expected, bool):
        if isinstance(file_value, (int, float)) and not isinstance(file_value, bool):
            return float(file_value) == float(expected)
        return str(file_value).strip() == str(expected)
    return _newlines(str(file_value)).strip() == _newlines(str(expected)).strip()


def _plan_register(cur, actor: Actor, book: XlsxBook, found: Detected, preset: Preset, plan: ImportPlan,
                   report: Progress) -> None:
    from riskmodel.store.queries.portfolio import approval_text, participants_text

    sheet = found.sheet
    report(0.02, "Henter risikolinjerne")
    line_cols, by_id = import_sql.current_lines(cur)
    extra = {"participants": participants_text(cur), "approval": approval_text(cur)}
    levels = _level_labels(preset)
    by_header = {h: c for c, h in found.headers.items()}
    id_col, version_col = by_header[ID_HEADER], by_header[VERSION_HEADER]
    editable = [(by_header[h], h, f) for h, f in REGISTER_FIELDS.items() if h in by_header]
    read_only = [(by_header[c.header], c) for c in _READ_ONLY if c.header in by_header]
    known = set(REGISTER_FIELDS) | {c.header for c in REGISTER_COLUMNS}
    unknown = [h for h in found.headers.values() if h not in known]
    for h in unknown:
        plan.warnings.append(Problem(sheet, found.header_row, h,
                                     "kolonnen kendes ikke fra eksporten og springes over."))
    # A deleted or renamed editable column would silently import as "nothing changed": refuse it, by name.
    for h in REGISTER_FIELDS:
        if h not in by_header:
            renamed = f" (er den omdøbt til {', '.join(repr(u) for u in unknown)}?)" if unknown else ""
            plan.problems.append(Problem(sheet, found.header_row, h,
                                         f"kolonnen '{h}' mangler i det eksporterede register{renamed}; giv den "
                                         "sit navn igen, eller eksportér registret på ny", "missing_column"))
    if plan.problems:
        return
    warnings = _Warnings()
    seen: dict[int, int] = {}
    missing: list[tuple[int, int, int, dict]] = []  # rows whose line is not current: (row, id, version, values)
    rows = list(_rows_read(book, found, report))
    report(0.85, "Sammenligner med risikolinjerne")
    by_col = {c.header: c for c in REGISTER_COLUMNS}
    compared = [(c, by_col[h]) for c, h, _f in editable] + [(c, col) for c, col in read_only]
    identical = _identical_rows(rows, id_col, version_col, compared, line_cols, by_id, levels, extra, preset.size)
    for index, (row_no, cells) in enumerate(rows):
        plan.rows += 1
        if identical[index] and cells[id_col] not in seen:  # changes nothing, warns of nothing
            seen[cells[id_col]] = row_no
            continue
        if _formula_problems(plan, sheet, row_no, cells, found.headers):
            continue
        if all(_is_blank(v) for v in cells.values()):
            continue
        try:
            line_id = _whole(cells.get(id_col), "Linje-ID")
        except _Bad as err:
            plan.problems.append(Problem(sheet, row_no, ID_HEADER, str(err)))
            continue
        if line_id in seen:
            plan.problems.append(Problem(sheet, row_no, ID_HEADER,
                                         f"linje {line_id} står også i række {seen[line_id]}; hver risikolinje må "
                                         "kun stå én gang"))
            continue
        seen[line_id] = row_no
        bad = False
        try:
            version = _whole(cells.get(version_col), "Linjeversion")
        except _Bad as err:
            plan.problems.append(Problem(sheet, row_no, VERSION_HEADER, str(err)))
            bad = True
        values = {}
        for c, header, fld in editable:
            try:
                values[fld] = parse_field(fld, cells.get(c), preset)
            except _Bad as err:
                plan.problems.append(Problem(sheet, row_no, header, str(err)))
                bad = True
        if bad:
            continue
        line_row = by_id.get(line_id)
        line = dict(zip(line_cols, line_row, strict=True)) if line_row is not None else None
        if line is None:
            missing.append((row_no, line_id, version, values))
            continue
        for c, col in read_only:
            got, expected = cells.get(c), _expected_cell(col, line, levels, extra)
            if got != expected and not _cell_equals(got, expected):
                warnings.add(col.header, row_no)
        diff = {f: v for f, v in values.items() if not _same(f, v, line[f])}
        if not diff:
            continue
        if version != line["line_version"]:
            plan.problems.append(Problem(sheet, row_no, VERSION_HEADER,
                                         f"risikolinjen er ændret i Risikoværkstedet efter eksporten (version {version} "
                                         f"i filen, nu version {line['line_version']}), og rækken afviger fra den "
                                         f"({', '.join(FIELD_LABELS[f] for f in diff)}); importen ville overskrive "
                                         "ændringen. Eksportér igen og ret i den nye fil, eller slet rækken fra "
                                         "filen, hvis du ikke har rettet den"))
            continue
        if not _line_writable(plan, sheet, row_no, actor, line["department"], line["system_owner"],
                              line["scale_size"], preset):
            continue
        _add_update(plan, row_no, line, diff, preset)
    report(0.92, "Kontrollerer linjer, der ikke længere er gældende")
    _explain_missing(cur, plan, sheet, missing)
    plan.warnings.extend(warnings.problems(sheet))


def _whole(value: Any, label: str) -> int:
    value = _plain(value)
    if _is_blank(value):
        raise _Bad(f"{label} mangler; i et eksporteret risikoregister kan kun eksisterende risikolinjer rettes "
                   "(tilføj nye trusler i Risikoværkstedet, eller importér dem som et register uden Linje-ID)")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise _Bad(f"'{_show(value)}' er ikke et gyldigt {label}")
    return value


def _line_writable(plan: ImportPlan, sheet: str, row_no: int, actor: Actor, department: str, owner: str,
                   scale_size: int, preset: Preset) -> bool:
    try:
        require(actor, "assessment.write", department, owner)
    except PermissionDenied as err:
        plan.problems.append(Problem(sheet, row_no, None, str(err)))
        return False
    if scale_size != preset.size:
        plan.problems.append(Problem(sheet, row_no, None,
                                     f"vurderingen er lavet på en {scale_size}-trinsskala, men kommunen bruger nu "
                                     f"{preset.size} trin; start en ny vurdering af systemet først"))
        return False
    return True


def _add_update(plan: ImportPlan, row_no: int, line: dict, diff: dict, preset: Preset) -> None:
    extra = {k: diff[k] for k in IMPORT_ONLY_FIELDS if k in diff}
    try:  # the services' own check, on what will be written
        clean = validate_line_changes({k: v for k, v in diff.items() if k not in extra}, preset) | extra
    except ValidationError as err:
        plan.problems.append(Problem(plan.sheet, row_no, FIELD_LABELS.get(err.field or "", None), str(err)))
        return
    if line.get("residual_review") and {"residual_likelihood", "residual_consequence"} & set(clean):
        clean["residual_review"] = False  # rescoring the residual is the review a done measure asked for
    before = {k: line.get(k) for k in clean}
    plan._updates.append(_Update(line["line_id"], line["assessment_id"], line["line_version"], before, clean,
                                 f"{line['threat_code']} {line['threat_title']}"))
    plan._systems_seen[line["system_id"]] = (line["department"], line["system_owner"])
    for k, v in clean.items():
        if k == "residual_review":
            continue
        plan.changes.append(Change(row_no, line["system_name"], line["threat_title"], k, before[k], v,
                                   line["line_id"]))


def _explain_missing(cur, plan: ImportPlan, sheet: str, missing: list[tuple[int, int, int, dict]]) -> None:
    """Rows whose Linje-ID is not a live line of a current assessment of an active system."""
    if not missing:
        return
    rows = import_sql.lines_by_id(cur, [m[1] for m in missing])
    skipped = []
    for row_no, line_id, _version, values in missing:
        line = rows.get(line_id)
        if line is None:
            plan.problems.append(Problem(sheet, row_no, ID_HEADER, f"der findes ingen risikolinje med Linje-ID {line_id}"))
            continue
        if all(_same(f, v, line[f]) for f, v in values.items()):
            skipped.append(row_no)
            continue
        if line["is_ds"]:
            why = "hører til en vurdering af en behandlingsaktivitet, ikke et system"
        elif line["removed"]:
            why = "er fjernet fra vurderingen"
        elif not line["is_current"]:
            why = "hører til en vurdering, der er afløst af en nyere; eksportér igen"
        elif line["system_status"] != "aktiv":
            why = "hører til et udfaset system"
        else:
            why = "er ikke en gældende risikolinje"
        plan.problems.append(Problem(sheet, row_no, ID_HEADER,
                                     f"risikolinje {line_id} {why}; rækkens ændringer kan ikke importeres"))
    if skipped:
        examples = ", ".join(str(r) for r in skipped[:WARN_EXAMPLES])
        one = len(skipped) == 1
        what = plural(len(skipped), "uændret række hører til en risikolinje", "uændrede rækker hører til risikolinjer")
        plan.warnings.append(Problem(sheet, None, ID_HEADER,
                                     f"{what}, der ikke længere er gældende (fx række {examples}); "
                                     f"{'den er' if one else 'de er'} sprunget over."))


# -- a plain register ---------------------------------------------------------------------------
def _check_mapping(found: Detected, plan: ImportPlan, dupes: dict[str, list[str]]) -> None:
    headers = set(found.headers.values())
    used: dict[str, str] = {}
    for fld, header in list(plan.mapping.items()):
        if not header:
            plan.mapping.pop(fld)
            continue
        if fld not in PLAIN_FIELDS:
            plan.problems.append(Problem(found.sheet, None, header, f"'{fld}' er ikke et felt, der kan importeres"))
        elif header not in headers:
            plan.problems.append(Problem(found.sheet, found.header_row, header,
                                         f"kolonnen findes ikke i arket (valgt til {PLAIN_FIELDS[fld]})"))
        elif header in dupes:
            plan.problems.append(Problem(found.sheet, found.header_row, header,
                                         f"overskriften står i flere kolonner ({', '.join(dupes[header])})"))
        elif header in used:
            plan.problems.append(Problem(found.sheet, found.header_row, header,
                                         f"kolonnen er valgt til både {PLAIN_FIELDS[used[header]]} og "
                                         f"{PLAIN_FIELDS[fld]}"))
        else:
            used[header] = fld
    for fld in REQUIRED_FIELDS:
        if fld not in plan.mapping:
            plan.problems.append(Problem(found.sheet, found.header_row, PLAIN_FIELDS[fld],
                                         f"der mangler en kolonne med {PLAIN_FIELDS[fld].lower()}; vælg hvilken "
                                         "kolonne det er"))


@dataclass
class _Catalogue:
    by_code: dict[str, dict]
    by_title: dict[str, list[dict]]


def _load_catalogue(cur) -> _Catalogue:
    by_code, by_title = {}, defaultdict(list)
    for t in import_sql.catalogue(cur):
        by_code[_key(t["code"])] = t
        by_title[_key(t["title"])].append(t)
    return _Catalogue(by_code, dict(by_title))


def _plan_plain(cur, actor: Actor, book: XlsxBook, found: Detected, preset: Preset, plan: ImportPlan,
                report: Progress, create_hint: str = CREATE_HINT_PAGE) -> None:
    sheet = found.sheet
    report(0.02, "Henter systemer, trusler og risikolinjer")
    systems: dict[str, list[dict]] = defaultdict(list)
    retired: set[str] = set()
    for sid, name, dept, owner, status in import_sql.systems(cur):
        if status == "aktiv":
            systems[_key(name)].append({"id": sid, "name": name, "department": dept, "owner": owner})
        else:
            retired.add(_key(name))
    catalogue = _load_catalogue(cur)
    current: dict[int, tuple[int, int]] = import_sql.current_assessments(cur)
    by_threat: dict[tuple[int, int], dict] = {}
    by_title: dict[tuple[int, str], dict] = {}
    for ln in import_sql.live_system_lines(cur):
        if ln["threat_id"] is not None:
            by_threat.setdefault((ln["assessment_id"], ln["threat_id"]), ln)
        by_title.setdefault((ln["assessment_id"], _key(ln["threat_title"])), ln)
        by_title.setdefault((ln["assessment_id"], "#" + _key(ln["threat_code"])), ln)

    col_of = {fld: next(c for c, h in found.headers.items() if h == header) for fld, header in plan.mapping.items()}
    value_fields = [f for f in col_of if f in LINE_FIELDS or f == "consequence"]
    seen: dict[tuple, int] = {}
    new_systems: dict[str, dict] = {}  # name key -> {"row", "name", "department", "owner", "classification"}
    new_assessment_for: set[tuple] = set()

    spec = plan.spec
    distinct: dict[str, dict[str, Any]] = {f: {} for f in col_of if f in CONVERTED_FIELDS}
    unconverted: set[str] = set()  # fields with a value that is neither ours nor converted by the spec

    def problem(row_no: int, fld: str | None, message: str, kind: str = "") -> None:
        plan.problems.append(Problem(sheet, row_no, plan.mapping.get(fld, PLAIN_FIELDS.get(fld)) if fld else None,
                                     message, kind))

    def cell(cells: dict, fld: str) -> Any:
        c = col_of.get(fld)
        return cells.get(c) if c is not None else None

    def value_of(fld: str, raw: Any) -> Any:
        """A cell's value: through the confirmed conversion when the spec has one, else as one of ours."""
        raw = _plain(raw)
        conv = spec.conversions.get(fld) or {}
        key = value_key(raw)
        if key in conv:
            target = conv[key]
            if target is None or target == "":
                raise _Bad(f"'{_show(raw)}' skal omregnes, men omregningen er ikke valgt; vælg en værdi i "
                           "tabellen over omregninger")
            if fld in SCORE_FIELDS:
                try:
                    return preset.check_score(target, "omregnet til")
                except ValueError as err:
                    raise _Bad(f"'{_show(raw)}': {err}") from None
            return parse_treatment(target)
        try:
            return parse_score(raw, preset.size) if fld == "consequence" else parse_field(fld, raw, preset)
        except _Bad as err:
            convertible = isinstance(raw, str) or (isinstance(raw, (int, float)) and not isinstance(raw, bool)
                                                   and float(raw).is_integer())
            if fld in CONVERTED_FIELDS and convertible:  # a label or another scale; not a date or 2.5
                unconverted.add(fld)
                raise _Bad(f"{err}; vælg en omregning for værdien") from None
            raise

    headers = list(found.headers.values())
    scored_anyway: list[int] = []  # rows kept as an overall consequence whose line has F, I or T scored
    previous = found.header_row or 0
    for row_no, cells in _rows_read(book, found, report):
        plan.rows += 1
        plan.skipped.extend((r, "blank") for r in range(previous + 1, row_no))  # the reader passes empty rows by
        previous = row_no
        if _formula_problems(plan, sheet, row_no, cells, found.headers):
            continue
        why = non_risk_reason([cells.get(c) for c in sorted(cells)], headers)
        if why is None and all(_is_blank(cell(cells, f)) for f in col_of):
            why = "blank"
        if why is not None:
            plan.skipped.append((row_no, why))
            continue
        bad = False
        texts: dict[str, str] = {}
        for fld in ("system", "threat", "department", "owner", "threat_code", "category"):
            if fld in col_of:
                try:
                    limit = CATEGORY_MAX if fld == "category" else TEXT_MAX if fld == "threat" else NAME_MAX
                    texts[fld] = parse_text(cell(cells, fld), limit, required=fld in REQUIRED_FIELDS)
                except _Bad as err:
                    problem(row_no, fld, str(err))
                    bad = True
        for fld, default in spec.defaults.items():  # a column the file lacks, or an empty cell
            if fld in ("department", "owner") and default.strip() and not texts.get(fld):
                texts[fld] = default.strip()
        classification = None
        raw_class = cell(cells, "classification") if "classification" in col_of else None
        if _is_blank(raw_class):
            raw_class = spec.defaults.get("classification") or None
        try:
            classification = parse_classification(raw_class)
        except _Bad as err:
            problem(row_no, "classification", str(err))
            bad = True
        values: dict[str, Any] = {}
        for fld in value_fields:
            raw = cell(cells, fld)
            if _is_blank(raw):
                continue  # a plain register's empty cell: not given, the current value stays
            if fld in distinct:
                distinct[fld].setdefault(value_key(raw), raw)
            try:
                values[fld] = value_of(fld, raw)
            except _Bad as err:
                problem(row_no, fld, str(err), "convert" if str(err).endswith("vælg en omregning for værdien") else "")
                bad = True
        if "system" not in texts or "threat" not in texts:
            continue  # without its system and threat a row can be checked no further

        # -- the system
        name, skey = texts["system"], _key(texts["system"])
        dept = texts.get("department", "")
        candidates = systems.get(skey, [])
        if len(candidates) > 1 and dept:
            candidates = [s for s in candidates if _key(s["department"]) == _key(dept)] or candidates
        system: dict | None = None
        if len(candidates) > 1:
            problem(row_no, "system", f"systemet '{name}' findes flere gange (afdelinger: "
                                      f"{', '.join(sorted(s['department'] for s in candidates))}); angiv afdelingen "
                                      "i en kolonne, så det er entydigt")
            continue
        if candidates:
            system = candidates[0]
            sref: tuple = ("id", system["id"])
            try:
                require(actor, "assessment.write", system["department"], system["owner"])
            except PermissionDenied as err:
                problem(row_no, "system", str(err))
                continue
            plan._systems_seen[system["id"]] = (system["department"], system["owner"])
            assessment = current.get(system["id"])
            if assessment and assessment[1] != preset.size:
                problem(row_no, "system", f"vurderingen af '{name}' er lavet på en {assessment[1]}-trinsskala, men "
                                          f"kommunen bruger nu {preset.size} trin; start en ny vurdering først")
                continue
            assessment_id = assessment[0] if assessment else None
            if assessment_id is None and sref not in new_assessment_for and not bad:
                new_assessment_for.add(sref)
                plan.new_assessments.append(system["name"])
            sname = system["name"]
        else:
            if not plan.create_missing:
                extra = " (der findes et udfaset system med det navn)" if skey in retired else ""
                problem(row_no, "system", f"systemet '{name}' findes ikke{extra}; {create_hint} for at oprette det",
                        "unknown_system")
                continue
            known_new = new_systems.get(skey)
            if known_new is None:
                if not dept:
                    problem(row_no, "department" if "department" in col_of else "system",
                            f"systemet '{name}' findes ikke og skal oprettes, men rækken har ingen afdeling; vælg en "
                            "standardafdeling", "missing_department")
                    continue
                try:
                    require(actor, "system.create", dept)
                    values_sys = validate_system(SystemInput(
                        name=name, department=dept, owner=texts.get("owner", ""),
                        classification=classification or "intern"))
                except (PermissionDenied, ValidationError) as err:
                    problem(row_no, "system", str(err))
                    continue
                if bad:
                    continue
                new_systems[skey] = {"row": row_no, **values_sys}
                plan._system_values[("new", skey)] = values_sys
                plan.new_systems.append(NewSystem(row_no, values_sys["name"], values_sys["department"],
                                                  values_sys["owner"], values_sys["classification"]))
                plan.new_assessments.append(values_sys["name"])
            elif dept and _key(dept) != _key(known_new["department"]):
                problem(row_no, "department", f"systemet '{name}' oprettes i afdelingen '{known_new['department']}' "
                                              f"(række {known_new['row']}); rækken siger '{dept}'")
                continue
            sref = ("new", skey)
            assessment_id = None
            sname = new_systems[skey]["name"]

        # -- the threat
        title = texts["threat"]
        code = texts.get("threat_code", "")
        threat = None
        if code:
            threat = catalogue.by_code.get(_key(code))
        if threat is None:
            threat = catalogue.by_code.get(_key(title))
        if threat is None:
            matches = catalogue.by_title.get(_key(title), [])
            visible = [t for t in matches if not t["hidden"]] or matches
            if len(visible) > 1:
                problem(row_no, "threat", f"truslen '{_show(title)}' står flere gange i trusselskataloget "
                                          f"({', '.join(t['code'] for t in visible)}); angiv trussel-ID'et")
                continue
            threat = visible[0] if visible else None
        line = None
        if assessment_id is not None:
            if threat is not None:
                line = by_threat.get((assessment_id, threat["id"]))
            if line is None:
                line = by_title.get((assessment_id, _key(title))) or (
                    by_title.get((assessment_id, "#" + _key(code))) if code else None)
            if line is None and len(title) > NAME_MAX:  # imported before, under its shortened title
                line = by_title.get((assessment_id, _key(shorten(title, NAME_MAX))))
        if line is None and threat is None and not plan.create_missing:
            problem(row_no, "threat", f"truslen '{_show(title)}' findes hverken i trusselskataloget eller i vurderingen "
                                      f"af '{sname}'; {create_hint} for at tilføje den som systemets egen trussel",
                    "unknown_threat")
            continue
        tkey = ("line", line["line_id"]) if line else ("threat", threat["id"]) if threat else ("custom", _key(title))
        dup = seen.get((sref, tkey))
        if dup is not None:
            problem(row_no, "threat", f"'{sname}' og truslen '{_show(title)}' står også i række {dup}; hver trussel må "
                                      "kun stå én gang pr. system")
            continue
        seen[(sref, tkey)] = row_no
        if bad:
            continue

        # -- the values: one 'konsekvens' column goes where the coordinator chose
        # The choice is recorded on every line the column scores (consequence_source), updated lines too.
        harms = (line or threat or {"harms_c": True, "harms_i": True, "harms_a": True})
        cons = values.pop("consequence", None)
        if cons is not None:
            if spec.consequence_to in ("c", "i", "a"):
                values.setdefault(f"cons_{spec.consequence_to}", cons)
            elif spec.consequence_to == "harms":
                for dim in ("c", "i", "a"):
                    if harms[f"harms_{dim}"] and f"cons_{dim}" not in values:
                        values[f"cons_{dim}"] = cons
            elif spec.consequence_to == "overall":
                values["consequence_overall"] = cons
                if line is not None and any(line[f"cons_{d}"] is not None or f"cons_{d}" in values for d in "cia"):
                    scored_anyway.append(row_no)
            else:
                problem(row_no, "consequence", "vælg, hvor konsekvenskolonnen skal gælde (de dimensioner, truslen "
                                               "berører, én af F, I og T, eller som samlet konsekvens)",
                        "consequence_to")
                continue
            values["consequence_source"] = spec.consequence_to
        threat_title = line["threat_title"] if line else threat["title"] if threat else title
        if line is not None:
            diff = {f: v for f, v in values.items() if not _same(f, v, line[f])}
            if diff:
                line_view = {**line, "system_id": sref[1], "system_name": sname, "department": system["department"],
                             "system_owner": system["owner"]}
                _add_update(plan, row_no, line_view, diff, preset)
            continue
        if threat is None and len(title) > NAME_MAX:  # a long catalogue text: shortened, kept whole in the scenario
            short = shorten(title, NAME_MAX)
            plan.shortened.append((row_no, short, title))
            values["scenario"] = title + (f"\n\n{values['scenario']}" if values.get("scenario") else "")
            threat_title = short
        if cons is not None and not values.get("score_rationale"):
            values["score_rationale"] = CONSEQUENCE_NOTES[spec.consequence_to]
        extra = {k: values.pop(k) for k in IMPORT_ONLY_FIELDS if k in values}
        try:
            clean = validate_line_changes(values, preset) | extra
        except ValidationError as err:
            problem(row_no, None, str(err))
            continue
        category = threat["category"] if threat else texts.get("category") or CUSTOM_CATEGORY
        plan._new_lines.append(_NewLine(row_no, sref, assessment_id, threat, threat_title, category, clean))
        plan._assess_for[sref] = assessment_id
        plan.changes.append(Change(row_no, sname, threat_title, "threat", None,
                                   threat["code"] if threat else threat_title, None, "catalogue" if threat else "custom"))
        for k, v in clean.items():
            plan.changes.append(Change(row_no, sname, threat_title, k, None, v))
    if scored_anyway:
        examples = ", ".join(str(r) for r in scored_anyway[:WARN_EXAMPLES])
        plan.warnings.append(Problem(sheet, None, plan.mapping.get("consequence"),
                                     f"{plural(len(scored_anyway), 'række', 'rækker')} gemmer en samlet konsekvens på "
                                     f"en risikolinje, der allerede har fortrolighed, integritet eller tilgængelighed "
                                     f"vurderet (fx række {examples}); linjens konsekvens er fortsat den højeste af "
                                     "dem, og den samlede konsekvens gælder kun, hvis de fjernes."))
    plan.proposals = propose_conversions(
        {f: list(v.values()) for f, v in distinct.items() if f in unconverted or spec.conversions.get(f)},
        preset.size, [s.da for s in preset.likelihood], [s.da for s in preset.consequence], TREATMENT_LABELS,
        TREATMENT_LABELS)
    for fld, confirmed in spec.conversions.items():  # what the coordinator chose stands over a proposal
        plan.proposals.setdefault(fld, {}).update({k: v for k, v in confirmed.items() if k in distinct.get(fld, {})})
    report(0.95, "Samler forhåndsvisningen")


# -- applying ----------------------------------------------------------------------------------
def apply_import(wb: Workbench, actor: Actor, plan: ImportPlan, progress: Progress | None = None) -> ImportResult:
    """Write a checked plan in one transaction; nothing is written if anything fails or changed meanwhile."""
    started = time.perf_counter()
    report = progress or (lambda fraction, message: None)
    if plan.problems:
        raise ValidationError(f"Filen har {plural(len(plan.problems), 'problem', 'problemer')}; intet er importeret. Første: "
                              f"{plan.problems[0]}", "file")
    try:
        require(actor, "assessment.write")
    except PermissionDenied as err:
        record_denial(wb.db, actor, "import.apply", str(err))
        raise
    if plan.empty:
        return ImportResult(0, 0, 0, 0, 0, time.perf_counter() - started)
    report(0.0, "Importerer")
    with unit_of_work(wb.db, actor) as uow:
        preset = wb.settings.preset()
        if preset.id != plan._preset_id:
            raise _stale("kommunens risikomatrix er skiftet")
        _verify(uow, actor, plan, preset)
        audit_rows: list[tuple] = []
        report(0.2, "Opretter systemer og vurderinger")
        system_ids = _create_systems(uow, plan, audit_rows)
        assessment_ids, created_assessments = _create_assessments(uow, plan, preset, system_ids, audit_rows)
        report(0.4, "Tilføjer risikolinjer")
        touched: dict[int, list[str]] = defaultdict(list)
        _insert_lines(uow, plan, assessment_ids, touched, audit_rows)
        report(0.6, "Skriver ændringerne")
        _write_updates(uow, plan, touched, audit_rows)
        report(0.85, "Markerer ændrede godkendelser")
        _outdate_approvals(uow, touched, audit_rows)
        audit_rows.append(("import", "excel", None, None, {
            "file": plan.file_name, "sheet": plan.sheet, "kind": plan.kind, "rows": plan.rows,
            "changes": len(plan.changes), "lines_changed": plan.lines_changed, "lines_added": plan.lines_added,
            "systems_created": len(system_ids), "assessments_created": created_assessments}))
        uow.audit_many(audit_rows)
    report(1.0, "Importen er færdig")
    return ImportResult(len(plan.changes), plan.lines_changed, plan.lines_added, len(system_ids),
                        created_assessments, time.perf_counter() - started)


def _what(items: list[str]) -> str:
    text = "Excel-import: " + ", ".join(items[:3])
    return text + (f" og {len(items) - 3} flere" if len(items) > 3 else "")


def _stale(why: str) -> StaleVersionError:
    return StaleVersionError(f"Data er ændret, efter filen blev kontrolleret ({why}). Intet er importeret: "
                             "kontrollér filen igen.")


def _ids_param(ids: Iterable[int]) -> list[int]:
    return sorted(set(ids))


def _verify(uow: UnitOfWork, actor: Actor, plan: ImportPlan, preset: Preset) -> None:
    """Inside the transaction: everything the plan relies on is still as it was when it was made."""
    cur = uow.cur
    if plan._updates:
        rows = import_sql.line_states(cur, (u.line_id for u in plan._updates))
        for u in plan._updates:
            got = rows.get(u.line_id)
            if got is None or got[0] != u.expected_version or got[1] or not got[2]:
                raise _stale(f"risikolinje {u.line_id} er ændret af en anden")
    if plan._systems_seen:
        rows = import_sql.system_states(cur, plan._systems_seen)
        for sid in plan._systems_seen:
            got = rows.get(sid)
            if got is None or got[2] != "aktiv":
                raise _stale(f"system {sid} er udfaset")
            require(actor, "assessment.write", got[0], got[1])
    refs = [r for r in plan._assess_for if r[0] == "id"]
    if refs:
        now = import_sql.current_assessment_ids(cur, (r[1] for r in refs))
        for ref in refs:
            if now.get(ref[1]) != plan._assess_for[ref]:
                raise _stale("en vurdering er startet eller afløst")
    existing = [nl.assessment_id for nl in plan._new_lines if nl.assessment_id is not None]
    if existing:
        live = set()
        for aid, tid, title in import_sql.live_threats(cur, existing):
            live.add((aid, "t", tid))
            live.add((aid, "n", _key(title)))
        for nl in plan._new_lines:
            if nl.assessment_id is None:
                continue
            if (nl.threat and (nl.assessment_id, "t", nl.threat["id"]) in live) or (
                    nl.assessment_id, "n", _key(nl.title)) in live:
                raise _stale(f"truslen '{nl.title}' er tilføjet vurderingen af en anden")
    if plan._system_values:
        names = {_key(n) for n in import_sql.active_system_names(cur)}
        for key in plan._system_values:
            if key[1] in names:
                raise _stale(f"systemet '{plan._system_values[key]['name']}' er oprettet af en anden")


_SYSTEM_CASTS = {"dpa": "BOOLEAN", "dpa_date": "DATE", "data_categories": "VARCHAR[]"}


def _create_systems(uow: UnitOfWork, plan: ImportPlan, audit_rows: list) -> dict[tuple, int]:
    refs = list(plan._system_values)
    rows = []
    for ref in refs:
        values = plan._system_values[ref]
        require(uow.actor, "system.create", values["department"])
        rows.append({**values, "created_by": uow.actor.username, "updated_by": uow.actor.username})
    casts = {c: "VARCHAR" for c in (rows[0] if rows else {}) if c not in _SYSTEM_CASTS} | _SYSTEM_CASTS
    ids = import_sql.insert_rows(uow.cur, "systems", rows, casts)
    for ref, new_id in zip(refs, ids, strict=True):
        audit_rows.append(("create", "systems", new_id, None, {**plan._system_values[ref], "source": "excel-import"}))
    return dict(zip(refs, ids, strict=True))


def _create_assessments(uow: UnitOfWork, plan: ImportPlan, preset: Preset, system_ids: dict[tuple, int],
                        audit_rows: list) -> tuple[dict[tuple, int], int]:
    out: dict[tuple, int] = {ref: aid for ref, aid in plan._assess_for.items() if aid is not None}
    new = [ref for ref, aid in plan._assess_for.items() if aid is None]
    year = date.today().year
    rows = [{"system_id": system_ids[ref] if ref[0] == "new" else ref[1], "year": year, "preset_id": preset.id,
             "scale_size": preset.size, "created_by": uow.actor.username, "updated_by": uow.actor.username}
            for ref in new]
    casts = {"system_id": "INTEGER", "year": "INTEGER", "scale_size": "INTEGER", "preset_id": "VARCHAR",
             "created_by": "VARCHAR", "updated_by": "VARCHAR"}
    ids = import_sql.insert_rows(uow.cur, "assessments", rows, casts)
    for ref, row, new_id in zip(new, rows, ids, strict=True):
        audit_rows.append(("create", "assessments", new_id, None,
                           {"system_id": row["system_id"], "year": year, "preset": preset.id, "source": "excel-import"}))
        out[ref] = new_id
    return out, len(ids)


_LINE_CASTS = {**dict.fromkeys(LINE_SCORE_FIELDS, "INTEGER"), "measure_deadline": "DATE", "treatment": "VARCHAR",
               "consequence_overall": "INTEGER", "consequence_source": "VARCHAR",
               "assessment_id": "INTEGER", "threat_id": "INTEGER", "position": "INTEGER", "harms_c": "BOOLEAN",
               "harms_i": "BOOLEAN", "harms_a": "BOOLEAN", "custom": "BOOLEAN"}


def _insert_lines(uow: UnitOfWork, plan: ImportPlan, assessment_ids: dict[tuple, int],
                  touched: dict[int, list[str]], audit_rows: list) -> None:
    if not plan._new_lines:
        return
    targets = _ids_param(assessment_ids.values())
    positions = import_sql.last_positions(uow.cur, targets)
    customs = import_sql.own_threat_counts(uow.cur, targets)  # as add_custom: EGEN-<n> after every own threat
    given = sorted({f for nl in plan._new_lines for f in nl.values})
    rows, audits = [], []
    for nl in plan._new_lines:
        aid = assessment_ids[nl.system_ref]
        positions[aid] = positions.get(aid, 0) + 1
        if nl.threat is not None:
            t = nl.threat
            head = {"threat_id": t["id"], "threat_code": t["code"], "threat_title": t["title"],
                    "threat_description": t["description"], "category": t["category"], "harms_c": t["harms_c"],
                    "harms_i": t["harms_i"], "harms_a": t["harms_a"], "custom": False}
            action = "add_threat"
        else:
            customs[aid] = customs.get(aid, 0) + 1
            head = {"threat_id": None, "threat_code": f"EGEN-{customs[aid]}", "threat_title": nl.title,
                    "threat_description": "", "category": nl.category, "harms_c": True, "harms_i": True,
                    "harms_a": True, "custom": True}
            action = "add_custom_threat"
        values = {f: nl.values.get(f, None if f in _LINE_CASTS else "") for f in given}  # '' for an absent text
        rows.append({"assessment_id": aid, **head, **values, "position": positions[aid],
                     "updated_by": uow.actor.username})
        audits.append((action, aid, head, nl.values))
        touched[aid].append(f"{head['threat_code']} {head['threat_title']} tilføjet")
    casts = {c: _LINE_CASTS.get(c, "VARCHAR") for c in rows[0]}
    ids = import_sql.insert_rows(uow.cur, "risk_lines", rows, casts)
    for line_id, (action, aid, head, values) in zip(ids, audits, strict=True):
        audit_rows.append((action, "risk_lines", line_id, None,
                           {"assessment_id": aid, "threat_code": head["threat_code"], "source": "excel-import",
                            **values}))


_SQL_TYPES = {**dict.fromkeys(LINE_SCORE_FIELDS, "INTEGER"), "measure_deadline": "DATE", "treatment": "VARCHAR",
              "residual_review": "BOOLEAN", "consequence_overall": "INTEGER"}
_SCORES_OF_A_LEVEL = {*SNAPSHOT_FIELDS, "consequence_overall"}  # a change outdates an approval


def _write_updates(uow: UnitOfWork, plan: ImportPlan, touched: dict[int, list[str]], audit_rows: list) -> None:
    """The line updates, one UPDATE per set of changed fields (not one per line: 45,000 single updates take
    minutes). The versions were checked by :func:`_verify` under the same write lock; the statement checks
    them again and must touch every line of its group."""
    groups: dict[tuple[str, ...], list[_Update]] = defaultdict(list)
    for u in plan._updates:
        groups[tuple(sorted(u.after))].append(u)
        audit_rows.append(("update", "risk_lines", u.line_id, u.before, u.after))
        if set(u.after) & _SCORES_OF_A_LEVEL:
            touched[u.assessment_id].append(u.what)
    for fields, updates in groups.items():
        if len(updates) == 1:
            u = updates[0]
            uow.lines.update(u.line_id, u.expected_version, u.after, uow.actor)
            continue
        columns: dict[str, Any] = {"id": [u.line_id for u in updates], "expected": [u.expected_version for u in updates]}
        for f in fields:
            values = [u.after[f] for u in updates]
            columns[f] = (pd.array(values, dtype="Int64") if _SQL_TYPES.get(f) == "INTEGER"
                          else pd.Series(values, dtype=object))
        done = import_sql.update_lines(uow.cur, pd.DataFrame(columns), _SQL_TYPES, uow.actor.username)
        if done != len(updates):
            raise _stale("en risikolinje er ændret af en anden")


def _outdate_approvals(uow: UnitOfWork, touched: dict[int, list[str]], audit_rows: list) -> None:
    """:func:`riskmodel.services.assessments.outdate_approval` for many assessments at once: an approved
    assessment whose scores the import changes goes back to review, its approval kept and marked outdated."""
    if not touched:
        return
    approved = import_sql.approved_among(uow.cur, touched)
    if not approved:
        return
    import_sql.outdate_approvals(uow.cur, {a: f"Ændret efter godkendelsen: {_what(touched[a])}" for a in approved},
                                 uow.actor.username)
    for aid in approved:
        audit_rows.append(("approval_outdated", "assessments", aid, {"status": "godkendt"},
                           {"status": "til_godkendelse", "changed": _what(touched[aid])}))
