"""Planning the import of our own exported register after edits (split from riskmodel/excel/importer.py,
issue 19): unchanged rows are compared column by column; the rest are parsed, checked and diffed."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import numpy as np

from riskmodel.domain.errors import Text
from riskmodel.domain.model import Actor
from riskmodel.domain.scales import Preset
from riskmodel.formats.register import (
    _READ_ONLY,
    FIELD_LABELS,
    ID_HEADER,
    REGISTER_FIELDS,
    VERSION_HEADER,
    Detected,
    Problem,
)
from riskmodel.formats.register_cells import (
    _Bad,
    _is_blank,
    _newlines,
    _same,
    _whole,
    parse_date,
    parse_field,
)
from riskmodel.formats.register_layout import REGISTER_COLUMNS
from riskmodel.formats.xlsx_safety import CellError, Formula, XlsxBook
from riskmodel.store import imports as import_sql

if TYPE_CHECKING:
    pass
from riskmodel.services.imports.model import (
    WARN_EXAMPLES,
    ImportPlan,
    Progress,
    _add_update,
    _formula_problems,
    _line_writable,
    _rows_read,
    _Warnings,
)


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
                                     Text("import.reg.unknown_column")))
    # A deleted or renamed editable column would silently import as "nothing changed": refuse it, by name.
    for h in REGISTER_FIELDS:
        if h not in by_header:
            renamed = Text("import.reg.renamed", names=", ".join(repr(u) for u in unknown)) if unknown else ""
            plan.problems.append(Problem(sheet, found.header_row, h,
                                         Text("import.reg.column_missing", column=h, renamed=renamed),
                                         "missing_column"))
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
        formulas = _formula_problems(plan, sheet, row_no, cells, found.headers)
        if id_col in formulas:
            continue  # without its line's id the row can be checked no further
        if not formulas and all(_is_blank(v) for v in cells.values()):
            continue
        try:
            line_id = _whole(cells.get(id_col), "Linje-ID")
        except _Bad as err:
            plan.problems.append(Problem(sheet, row_no, ID_HEADER, err))
            continue
        if line_id in seen:
            plan.problems.append(Problem(sheet, row_no, ID_HEADER,
                                         Text("import.reg.line_twice", line=line_id, row=seen[line_id])))
            continue
        seen[line_id] = row_no
        bad = bool(formulas)  # never imported; the row's other cells are still checked
        try:
            version = None if version_col in formulas else _whole(cells.get(version_col), "Linjeversion")
        except _Bad as err:
            plan.problems.append(Problem(sheet, row_no, VERSION_HEADER, err))
            bad = True
        values = {}
        for c, header, fld in editable:
            if c in formulas:
                continue
            try:
                values[fld] = parse_field(fld, cells.get(c), preset)
            except _Bad as err:
                plan.problems.append(Problem(sheet, row_no, header, err))
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
                                         Text("import.reg.changed_since", version=version, now=line["line_version"],
                                              columns=", ".join(FIELD_LABELS[f] for f in diff))))
            continue
        if not _line_writable(plan, sheet, row_no, actor, line["department"], line["system_owner"],
                              line["scale_size"], preset):
            continue
        _add_update(plan, row_no, line, diff, preset)
    report(0.92, "Kontrollerer linjer, der ikke længere er gældende")
    _explain_missing(cur, plan, sheet, missing)
    plan.warnings.extend(warnings.problems(sheet))


def _explain_missing(cur, plan: ImportPlan, sheet: str, missing: list[tuple[int, int, int, dict]]) -> None:
    """Rows whose Linje-ID is not a live line of a current assessment of an active system."""
    if not missing:
        return
    rows = import_sql.lines_by_id(cur, [m[1] for m in missing])
    skipped = []
    for row_no, line_id, _version, values in missing:
        line = rows.get(line_id)
        if line is None:
            plan.problems.append(Problem(sheet, row_no, ID_HEADER, Text("import.reg.no_line", line=line_id)))
            continue
        if all(_same(f, v, line[f]) for f, v in values.items()):
            skipped.append(row_no)
            continue
        if line["is_ds"]:
            why = "ds"
        elif line["removed"]:
            why = "removed"
        elif not line["is_current"]:
            why = "superseded"
        elif line["system_status"] != "aktiv":
            why = "retired"
        else:
            why = "other"
        plan.problems.append(Problem(sheet, row_no, ID_HEADER, Text("import.reg.not_current", line=line_id,
                                                                    why=Text(f"import.reg.why.{why}"))))
    if skipped:
        examples = ", ".join(str(r) for r in skipped[:WARN_EXAMPLES])
        plan.warnings.append(Problem(sheet, None, ID_HEADER,
                                     Text("import.reg.skipped_gone", n=len(skipped), examples=examples)))


