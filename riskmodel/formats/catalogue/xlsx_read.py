"""The catalogue exchange file read from .xlsx through the safe opener: every sheet with a row limit, every
value checked and named by sheet, row and column (see riskmodel.formats.catalogue)."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any

from riskmodel.domain.errors import ValidationError
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
    threats, rows_of = _read_threats(_Sheet(book, SHEET_THREATS, limits.MAX_THREATS, "trusler"))
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
