"""The import's plan and result, and the checks both kinds of register share (split from
riskmodel/excel/importer.py, issue 19)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from riskmodel.domain.errors import PermissionDenied, Text, ValidationError
from riskmodel.domain.model import Actor
from riskmodel.domain.scales import Preset
from riskmodel.formats.mapping import MappingSpec
from riskmodel.formats.register import (
    FIELD_LABELS,
    Detected,
    Problem,
    display_value,
)
from riskmodel.formats.register_cells import (
    IMPORT_ONLY_FIELDS,
    _show,
)
from riskmodel.formats.xlsx_safety import MAX_ROWS, Formula, XlsxBook, column_letter, too_many_rows
from riskmodel.services.assessments import validate_line_changes
from riskmodel.services.common import require

Progress = Callable[[float, str], None]
CREATE_HINT_PAGE = Text("import.hint.page")  # how a user asks for creation where they are
CREATE_HINT_CLI = Text("import.hint.cli")
CUSTOM_CATEGORY = "Egne trusler"  # the category of an imported own threat when the file gives none
WARN_EXAMPLES = 5
PROGRESS_ROWS = 2000
# Recorded on each line a single consequence column scored (in its rationale, when the file gives none).
CONSEQUENCE_NOTES = {
    "overall": "Importeret fra én samlet konsekvenskolonne og gemt som samlet konsekvens (F, I og T er ikke "
               "vurderet hver for sig).",
    "harms": "Importeret fra én samlet konsekvenskolonne, sat på de af F, I og T, som truslen berører.",
    "c": "Importeret fra én samlet konsekvenskolonne, sat på fortrolighed.",
    "i": "Importeret fra én samlet konsekvenskolonne, sat på integritet.",
    "a": "Importeret fra én samlet konsekvenskolonne, sat på tilgængelighed.",
}


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


@dataclass(frozen=True)
class NewSystem:
    row: int
    name: str
    department: str
    owner: str
    classification: str



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


def _formula_problems(plan: ImportPlan, sheet: str, row_no: int, cells: dict[int, Any],
                      headers: dict[int, str]) -> set[int]:
    """Report each formula of the row; the columns that hold one (the row's other cells are still checked, so the
    coordinator sees every problem of the row at once, not the next one only after fixing the formula)."""
    found = set()
    for c, v in cells.items():
        if isinstance(v, Formula):
            plan.problems.append(Problem(sheet, row_no, headers.get(c) or column_letter(c),
                                         Text("import.cell.formula_short", value=_show(v))))
            found.add(c)
    return found


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
            hint = Text("import.reg.hint_consequence") if column == "Konsekvens" else ""
            out.append(Problem(sheet, None, column, Text("import.reg.read_only_differs", n=n, examples=examples,
                                                         hint=hint)))
        return out


def _line_writable(plan: ImportPlan, sheet: str, row_no: int, actor: Actor, department: str, owner: str,
                   scale_size: int, preset: Preset) -> bool:
    try:
        require(actor, "assessment.write", department, owner)
    except PermissionDenied as err:
        plan.problems.append(Problem(sheet, row_no, None, err))
        return False
    if scale_size != preset.size:
        plan.problems.append(Problem(sheet, row_no, None,
                                     Text("import.reg.other_scale", size=scale_size, now=preset.size)))
        return False
    return True


def _add_update(plan: ImportPlan, row_no: int, line: dict, diff: dict, preset: Preset) -> None:
    extra = {k: diff[k] for k in IMPORT_ONLY_FIELDS if k in diff}
    try:  # the services' own check, on what will be written
        clean = validate_line_changes({k: v for k, v in diff.items() if k not in extra}, preset) | extra
    except ValidationError as err:
        plan.problems.append(Problem(plan.sheet, row_no, FIELD_LABELS.get(err.field or "", None), err))
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


