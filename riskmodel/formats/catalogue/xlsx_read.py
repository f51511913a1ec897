"""The catalogue exchange file read from .xlsx through the safe opener: every sheet with a row limit, every
value checked and named by sheet, row and column (see riskmodel.formats.catalogue)."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any

from riskmodel.domain.errors import Text, ValidationError
from riskmodel.domain.scales import Level, Preset, Step
from riskmodel.domain.threats import check_import_threat, check_threat_controls
from riskmodel.formats.catalogue import common as limits  # read at call time: tests lower the limits
from riskmodel.formats.catalogue.common import (
    _COLOR,
    _FALSE,
    _FIELD_KEY,
    _TRUE,
    ANNEX_COLUMNS,
    BLOCK_CONSEQUENCE,
    BLOCK_LEVELS,
    BLOCK_LIKELIHOOD,
    BLOCK_MATRIX,
    BLOCK_SCALE,
    FORMAT_VERSION,
    LEVEL_COLUMNS,
    MAX_ANNEX_ROWS,
    MAX_SHEET_ROWS,
    META_ROWS,
    SCALE_BLOCKS,
    SCALE_FIELDS,
    SHEET_ANNEX,
    SHEET_META,
    SHEET_SCALE,
    SHEET_THREATS,
    SHEETS,
    STEP_COLUMNS,
    THREAT_COLUMNS,
    Exchange,
    _check_format,
    _check_preset,
    _short,
    _small_int,
)
from riskmodel.formats.xlsx_safety import CellError, Formula, column_letter, open_xlsx, thousands


class _Sheet:
    """The rows of one sheet as plain values, formula and error cells refused by place.

    At most ``max_rows`` rows below the first (the header row): the reading stops at the row after,
    with a refusal that counts ``noun`` (a key: rows, threats). A refusal names its place by key
    (riskmodel/locale/errors_catalogue.py); the sheet's name and headers stay as the file has them.
    """

    def __init__(self, book, name: str, max_rows: int = MAX_SHEET_ROWS, noun: str = "err.catfile.rows"):
        self.name = name
        self.rows: list[tuple[int, dict[int, Any]]] = []
        for row_no, cells in book.rows(name):
            if len(self.rows) > max_rows:
                raise ValidationError("err.catfile.sheet_too_long", name, sheet=name, n=thousands(max_rows),
                                      noun=Text(noun))
            for col, value in cells.items():
                if isinstance(value, Formula):
                    raise self.error(row_no, col, Text("err.catfile.formula", formula=str(value)[:60]))
                if isinstance(value, CellError):
                    raise self.error(row_no, col, Text("err.catfile.error_value", code=str(value)))
            self.rows.append((row_no, cells))

    def place(self, row: int | None = None, col: int | None = None, header: str | Text = "") -> Text:
        """'Arket 'Trusler', række 4, kolonne C (Titel)': as much of it as is given."""
        if row is None:
            return Text("err.catfile.sheet", sheet=self.name)
        if not col:
            return Text("err.catfile.sheet_row", sheet=self.name, row=row)
        return Text("err.catfile.sheet_cell_header" if header else "err.catfile.sheet_cell", sheet=self.name, row=row,
                    column=column_letter(col), header=header)

    def error(self, row: int | None, col: int | None, problem: Text | ValidationError,
              header: str | Text = "") -> ValidationError:
        """The ``problem`` (a Text, or a refusal of the catalogue's rules) at its place on this sheet."""
        return ValidationError("err.catfile.at", self.name, place=self.place(row, col, header), problem=problem)

    def columns(self, spec: tuple) -> tuple[int, dict[str, int], list[tuple[int, dict[int, Any]]]]:
        """(header row, key -> column, data rows): the header is the sheet's first row."""
        if not self.rows:
            raise ValidationError("err.catfile.sheet_empty", self.name, sheet=self.name,
                                  headers=", ".join(h for _, h, _ in spec))
        header_row, cells = self.rows[0]
        by_name = {_cell_text(v).strip().casefold(): c for c, v in cells.items()}
        cols = {}
        for key, header, required in spec:
            col = by_name.get(header.casefold())
            if col is None:
                if required:
                    raise self.error(header_row, None, Text("err.catfile.column_missing", header=header,
                                                            headers=", ".join(h for _, h, _ in spec)))
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
        raise ValidationError("err.catfile.missing_sheets", "file", n=len(missing),
                              sheets=", ".join(repr(s) for s in missing),
                              found=", ".join(book.sheetnames) or Text("err.catfile.none"))
    meta = _read_meta(_Sheet(book, SHEET_META))
    sheet = _Sheet(book, SHEET_THREATS, limits.MAX_THREATS, "err.catfile.threats")
    threats, rows_of = _read_threats(sheet)
    _read_annex(_Sheet(book, SHEET_ANNEX, MAX_ANNEX_ROWS), threats)
    checked = []
    for t in threats:
        try:
            checked.append(check_import_threat(t))
        except ValidationError as err:  # the controls were checked row by row: this is a safety net
            raise sheet.error(rows_of[t["code"]], None, err) from None
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
        sheet.place(fmt_row, 2, "Format") if fmt_row else Text("err.catfile.sheet_row_missing", sheet=sheet.name,
                                                                 label="Format"),
        sheet.place(version_row, 2, "Formatversion") if version_row else Text("err.catfile.sheet_row_missing",
                                                                              sheet=sheet.name, label="Formatversion"),
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
    raise sheet.error(row, col, Text("err.catfile.yes_no", value=_cell_text(value)[:40]), header)


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
                raise sheet.error(row_no, cols[key], Text("err.catfile.date_not_text"), headers[key])
            values[key] = _cell_text(v)
        for key in ("harms_c", "harms_i", "harms_a", "hidden"):
            values[key] = _yes_no(sheet, row_no, cols.get(key, 0), headers[key], get(key))
        values["tags"] = [x.strip() for x in re.split(r"[;,]", _cell_text(get("tags"))) if x.strip()]
        values["controls"] = []
        try:
            checked = check_import_threat(values)
        except ValidationError as err:
            key = _FIELD_KEY.get(err.field or "", "")
            raise sheet.error(row_no, cols.get(key), err, headers.get(key, "")) from None
        code = checked["code"]
        if code in rows_of:
            raise sheet.error(row_no, cols["code"], Text("err.catfile.code_twice_row", code=code, row=rows_of[code]),
                              headers["code"])
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
            raise sheet.error(row_no, cols["code"], Text("err.catfile.unknown_code_sheet", code=_short(code),
                                                         sheet=SHEET_THREATS)
                              if code else Text("err.catfile.code_missing"), "Kode")
        try:
            (cid,) = check_threat_controls([raw]) or [None]
        except ValidationError as err:
            raise sheet.error(row_no, cols["control"], err, "Kontrol") from None
        if cid is None:
            raise sheet.error(row_no, cols["control"], Text("err.catfile.control_missing"), "Kontrol")
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
            raise ValidationError("err.catfile.block_missing", sheet.name, sheet=sheet.name, block=name)

    def table(name: str, spec: tuple) -> tuple[dict[str, int], list[tuple[int, dict[int, Any]]]]:
        start, rows = blocks[name]
        if not rows:
            raise sheet.error(start + 1, None, Text("err.catfile.block_no_header", block=name))
        header_row, cells = rows[0]
        by_name = {_cell_text(v).strip().casefold(): c for c, v in cells.items()}
        cols = {}
        for key, header in spec:
            if header.casefold() not in by_name:
                raise sheet.error(header_row, None, Text("err.catfile.block_column_missing", header=header, block=name))
            cols[key] = by_name[header.casefold()]
        return cols, rows[1:]

    def txt(row: int, cells: dict, col: int, header: str | Text, required: bool = True) -> str:
        value = _cell_text(cells.get(col)).strip()
        if required and not value:
            raise sheet.error(row, col, Text("err.catfile.missing"), header)
        return value

    def number(row: int, cells: dict, col: int, header: str) -> int:
        value = txt(row, cells, col, header)
        n = _small_int(value)
        if n is None:
            raise sheet.error(row, col, Text("err.catfile.not_whole", value=value[:20]), header)
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
            raise sheet.error(None, None, Text("err.catfile.block_row_missing", label=label, block=BLOCK_SCALE))
        if not value:
            raise sheet.error(row, cols["value"], Text("err.catfile.missing"), label)
    size_txt, size_row = head["size"]
    size = _small_int(size_txt)
    if size is None:
        raise sheet.error(size_row, cols["value"], Text("err.catfile.not_whole", value=size_txt[:20]), "Antal trin")
    if size not in (3, 4, 5, 6):  # checked here too: the matrix below is read by it
        raise sheet.error(size_row, cols["value"], Text("err.catfile.size", size=size), "Antal trin")

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
                raise sheet.error(row_no, lcols[k], Text("err.catfile.not_colour", value=v[k][:20]), lheaders[k])
        action = _yes_no(sheet, row_no, lcols["requires_action"], lheaders["requires_action"],
                         cells.get(lcols["requires_action"]))
        levels.append(Level(index=i, requires_action=action, **v))
    level_index = {lv.key: lv.index for lv in levels}

    start, mrows = blocks[BLOCK_MATRIX]
    if not mrows:
        raise sheet.error(start + 1, None, Text("err.catfile.block_empty", block=BLOCK_MATRIX))
    header_row, header_cells = mrows[0]
    con_cols = sorted(c for c in header_cells if c > 1)
    if [_cell_text(header_cells[c]).strip() for c in con_cols] != [str(n) for n in range(1, size + 1)]:
        raise sheet.error(header_row, None, Text("err.catfile.matrix_header", size=size))
    matrix = []
    for lik, (row_no, cells) in enumerate(mrows[1:], start=1):
        if _cell_text(cells.get(1)).strip() != str(lik):
            raise sheet.error(row_no, 1, Text("err.catfile.matrix_row", n=lik), "Sandsynlighed")
        row = []
        for col in con_cols:
            header = Text("err.catfile.consequence_n", n=col - 1)
            key = txt(row_no, cells, col, header)
            if key not in level_index:
                raise sheet.error(row_no, col, Text("err.catfile.not_level", value=key[:30],
                                                    levels=", ".join(level_index)), header)
            row.append(level_index[key])
        matrix.append(tuple(row))

    preset = Preset(id=head["id"][0], name_da=head["name_da"][0], name_en=head["name_en"][0],
                    description_da=head.get("description_da", ("", 0))[0],
                    description_en=head.get("description_en", ("", 0))[0],
                    size=size, likelihood=likelihood, consequence=consequence, levels=tuple(levels),
                    matrix=tuple(matrix))
    _check_preset(preset, lambda problem: sheet.error(None, None, problem))
    return preset


# =====================================================================================
# Preview and import
# =====================================================================================
