"""What an imported register is: which sheet, which header row, which columns (hidden ones apart), the fields
a column can be mapped to and their names, and the problems found, grouped. Pure: an opened workbook in,
detection and proposals out (split from riskmodel/excel/importer.py, issue 19).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from riskmodel.domain.dates import fmt_date
from riskmodel.domain.errors import ValidationError
from riskmodel.domain.model import LINE_FIELDS
from riskmodel.formats.register_cells import _is_blank
from riskmodel.formats.register_layout import (
    CONSEQUENCE_SOURCE_LABELS,
    REGISTER_COLUMNS,
    SHEET_REGISTER,
    TREATMENT_LABELS,
)
from riskmodel.formats.xlsx_safety import CellError, Formula, XlsxBook
from riskmodel.i18n import t

KIND_REGISTER = "register"
KIND_PLAIN = "plain"
ID_HEADER = "Linje-ID"
VERSION_HEADER = "Linjeversion"
HEADER_SCAN_ROWS = 20  # a plain register's header row is looked for among its first rows
NAME_MAX = 200  # system and threat names, departments (as validate_system and validate_threat)
CATEGORY_MAX = 100
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

_NORM = re.compile(r"[\s\-_.:/]+")


@dataclass(frozen=True)
class Problem:
    """Something that stops the import (or, as a warning, something the user should know), by place.

    ``message`` is given as a catalogue text (:class:`riskmodel.domain.errors.Text`), an error with a key, or plain
    Danish; it is kept as the Danish text (the command line, logs, tests) and :meth:`text` puts it in the reader's
    language (the import page)."""

    sheet: str
    row: int | None
    column: str | None
    message: Any
    kind: str = ""  # for grouping: missing_department, unknown_system, unknown_threat, convert, ...
    keyed: Any = field(default=None, compare=False, repr=False)  # the message as given, when it can be translated

    def __post_init__(self) -> None:
        if not isinstance(self.message, str):
            object.__setattr__(self, "keyed", self.message)
            object.__setattr__(self, "message", str(self.message))

    def said(self, lang: str = "da") -> str:
        """The message alone, in ``lang``."""
        return self.keyed.text(lang) if self.keyed is not None else self.message

    def text(self, lang: str = "da") -> str:
        """'Ark, række 4, kolonne Frist: …' in ``lang``."""
        where = [self.sheet] if self.sheet else []
        if self.row is not None:
            where.append(t("import.where.row", lang, row=self.row))
        if self.column:
            where.append(t("import.where.column", lang, column=self.column))
        said = self.said(lang)
        return f"{', '.join(where)}: {said}" if where else said

    def __str__(self) -> str:
        return self.text("da")



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



_GROUPS = ("missing_department", "unknown_system", "unknown_threat", "convert", "consequence_to")  # import.group.*
SKIP_REASONS = {"blank": "tom række", "total": "total- eller sumrække", "header": "gentaget overskriftsrække"}


def problem_groups(problems: list[Problem], lang: str = "da") -> list[str]:
    """The problems grouped by kind, in ``lang``, largest group first: '48 rækker mangler afdeling → vælg en
    standardafdeling'. Problems of no known kind are grouped by column."""
    by_kind: dict[str, set] = defaultdict(set)
    by_column: dict[str, int] = defaultdict(int)
    for pr in problems:
        if pr.kind in _GROUPS:
            by_kind[pr.kind].add(pr.row)
        else:
            by_column[pr.column or ""] += 1
    out = [(len(rows), t(f"import.group.{k}", lang, n=len(rows))) for k, rows in by_kind.items()]
    out += [(n, t("import.group.column" if col else "import.group.rows", lang, n=n, column=col))
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
        raise ValidationError("err.file_no_sheets", "file")
    if sheet is not None and sheet not in sheets:
        raise ValidationError("err.file_no_sheet_of", "sheet", sheet=sheet, sheets=", ".join(sheets))
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


