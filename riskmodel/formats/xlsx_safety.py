# Size: one job: streaming the sheets of a checked workbook as plain values, with a limit on every dimension.
"""Read the sheets of an uploaded .xlsx as plain values, with a limit on every dimension.

:func:`open_xlsx` first checks the container (size, name, zip directory, content types, zip bombs,
encryption: :mod:`riskmodel.formats.xlsx_archive`), then every part is read through a counter, so
a part that inflates past its declared size stops the read instead of filling the memory.

An import reads at most :data:`MAX_ROWS` data rows of a sheet: the readers count the rows as they
stream them and stop with :func:`too_many_rows` as soon as the limit is passed, before the rest of
the sheet is read (a register of 1,500 systems with 30 lines each is 45,000 rows).

Then the sheets are read by a small streaming reader on the standard library's expat parser
instead of ``openpyxl.load_workbook``: openpyxl builds a cell object per cell, which for a
45,000-line register (1.5 million cells) costs about four times as long as this reader. What the
reader gives is what ``load_workbook(read_only=True, data_only=False)`` would show, without any
evaluation:

* a formula cell is a :class:`Formula` (its text and the value Excel cached), never its result
  alone, so the importer can refuse it by cell; nothing is ever evaluated;
* an error cell (``#N/A``) is a :class:`CellError`;
* a number in a date format is a ``datetime`` (the workbook's 1900 or 1904 date system), other
  numbers are ``int`` or ``float``; text is ``str`` (Excel's ``_xHHHH_`` escapes undone, a lone
  UTF-16 surrogate replaced by U+FFFD, so every text can be stored); empty cells are left out;
* a row number, column or style that is not a plain number within Excel's limits, and a number
  that is not finite (``nan``, ``1e999``), is damage: the file is refused.

XML with a document type declaration is refused (:func:`~riskmodel.formats.xlsx_archive.xml_parser`).
"""

from __future__ import annotations

import math
import posixpath
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, Any
from xml.parsers import expat

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

from riskmodel.domain.errors import Text, ValidationError
from riskmodel.formats.xlsx_archive import MB, bomb, local_name, open_archive, parse_small, read_part, refuse, xml_parser

MAX_SHARED_BYTES = 100 * MB  # the shared strings are held in memory while a sheet is read
CHUNK = 1 * MB
MAX_ROWS = 60_000  # data rows of one sheet an import reads (1,500 systems x 30 lines = 45,000)
MAX_SHEET_ROWS = 1_048_576  # Excel's own limits
MAX_SHEET_COLUMNS = 16_384  # XFD

NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_REL_STRICT = "http://purl.oclc.org/ooxml/officeDocument/relationships"

# Built-in number formats that are dates (the ids Excel reserves for them).
_BUILTIN_DATE_IDS = {i for i, fmt in BUILTIN_FORMATS.items() if is_date_format(fmt)}
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")
_SURROGATE = re.compile("[\ud800-\udfff]")
_COL_LETTERS = {chr(ord("A") + i): i + 1 for i in range(26)}


@dataclass(frozen=True)
class Formula:
    """A formula cell: its text (without '=') and the value Excel last computed (never used)."""

    text: str
    cached: Any = None

    def __str__(self) -> str:
        return f"={self.text}" if self.text else "=(delt formel)"


@dataclass(frozen=True)
class CellError:
    """An error value such as #N/A or #DIV/0!."""

    code: str

    def __str__(self) -> str:
        return self.code


def thousands(n: int) -> str:
    """60000 -> '60.000' (the Danish thousands separator)."""
    return f"{n:,}".replace(",", ".")


def too_many_rows(sheet: str, limit: int = MAX_ROWS) -> ValidationError:
    """The refusal of a sheet with more than ``limit`` data rows (raised while the sheet is read)."""
    n = thousands(limit)
    return refuse("err.file_too_many_rows", sheet=sheet, n=n)


def unescape(text: str) -> str:
    """Excel's ``_x000D_`` escapes of characters XML cannot carry, undone.

    An escape is a UTF-16 code unit: a pair of surrogates (``_xD83D__xDE00_``) is joined into its
    character, and a lone surrogate, which no database or page can store or show, becomes U+FFFD.
    """
    if "_x" not in text:
        return text
    text = _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text)
    if _SURROGATE.search(text):
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return text


def _whole_number(text: str, limit: int) -> int | None:
    """A plain decimal number 0..limit in an attribute ('12'), else None (no int() of '²' or 5,000 digits)."""
    if text.isascii() and text.isdigit() and len(text) <= 9:
        n = int(text)
        if n <= limit:
            return n
    return None


def column_index(ref: str) -> int:
    """'B7' -> 2; 'AA1' -> 27."""
    n = 0
    for ch in ref:
        v = _COL_LETTERS.get(ch)
        if v is None:
            break
        n = n * 26 + v
    return n


def column_letter(index: int) -> str:
    out = ""
    while index > 0:
        index, rem = divmod(index - 1, 26)
        out = chr(ord("A") + rem) + out
    return out


# -- opening ------------------------------------------------------------------------------
def open_xlsx(source: bytes | str | Path | IO[bytes], name: str | None = None) -> XlsxBook:
    """Check an uploaded or named file (:func:`~riskmodel.formats.xlsx_archive.open_archive`) and open it for reading;
    raise ValidationError if refused."""
    name = name or (Path(source).name if isinstance(source, (str, Path)) else "")
    return XlsxBook(open_archive(source, name), name)


# -- reading ------------------------------------------------------------------------------
class XlsxBook:
    """The sheets of a checked workbook: names, and rows of plain values streamed from the XML."""

    def __init__(self, archive: zipfile.ZipFile, name: str = ""):
        self.archive = archive
        self.name = name
        self._parts = set(archive.namelist())
        self.date1904 = False
        self._sheets: dict[str, str] = {}  # sheet name -> part name
        self.hidden_sheets: set[str] = set()  # sheets hidden (or very hidden) in Excel
        self._hidden_columns: dict[str, set[int]] = {}
        self._shared: list[str] | None = None
        self._date_styles: set[int] | None = None
        workbook = self._workbook_part()
        self._read_workbook(workbook)

    # -- structure --------------------------------------------------------------
    @property
    def sheetnames(self) -> list[str]:
        return list(self._sheets)

    def _rels(self, part: str) -> dict[str, tuple[str, str]]:
        """Relationship id -> (type, target part) of a part."""
        folder, base = posixpath.split(part)
        rels_name = posixpath.join(folder, "_rels", base + ".rels")
        out: dict[str, tuple[str, str]] = {}
        if rels_name not in self._parts:
            return out

        def start(name, attrs):
            if local_name(name) == "Relationship" and attrs.get("TargetMode") != "External":
                target = attrs.get("Target", "")
                target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
                out[attrs.get("Id", "")] = (attrs.get("Type", ""), target)

        parse_small(read_part(self.archive, rels_name), start, rels_name)
        return out

    def _workbook_part(self) -> str:
        root = self._root_rels()
        for kind, target in root.values():
            if kind.endswith("/officeDocument") and target in self._parts:
                return target
        if "xl/workbook.xml" in self._parts:
            return "xl/workbook.xml"
        raise refuse("err.file_no_workbook")

    def _root_rels(self) -> dict[str, tuple[str, str]]:
        out: dict[str, tuple[str, str]] = {}
        if "_rels/.rels" not in self._parts:
            return out

        def start(name, attrs):
            if local_name(name) == "Relationship":
                out[attrs.get("Id", "")] = (attrs.get("Type", ""), attrs.get("Target", "").lstrip("/"))

        parse_small(read_part(self.archive, "_rels/.rels"), start, "_rels/.rels")
        return out

    def _read_workbook(self, part: str) -> None:
        sheets: list[tuple[str, str]] = []

        def start(name, attrs):
            local = local_name(name)
            if local == "sheet":
                rid = attrs.get(f"{NS_REL} id") or attrs.get(f"{NS_REL_STRICT} id") or attrs.get("r:id", "")
                sheets.append((attrs.get("name", ""), rid))
                if attrs.get("state") in ("hidden", "veryHidden"):
                    self.hidden_sheets.add(attrs.get("name", ""))
            elif local == "workbookPr":
                self.date1904 = attrs.get("date1904", "").lower() in ("1", "true")

        parse_small(read_part(self.archive, part), start, posixpath.basename(part))
        rels = self._rels(part)
        self._sheets = {}
        for sheet_name, rid in sheets:
            kind, target = rels.get(rid, ("", ""))
            if kind.endswith("/worksheet") and target in self._parts:
                self._sheets[sheet_name] = target
        self._shared_part = next((t for k, t in rels.values() if k.endswith("/sharedStrings") and t in self._parts), None)
        self._styles_part = next((t for k, t in rels.values() if k.endswith("/styles") and t in self._parts), None)

    def _shared_strings(self) -> list[str]:
        if self._shared is not None:
            return self._shared
        strings: list[str] = []
        self._shared = strings
        if not self._shared_part:
            return strings
        if self.archive.getinfo(self._shared_part).file_size > MAX_SHARED_BYTES:
            raise refuse("err.file_shared_too_big", max=MAX_SHARED_BYTES // MB)
        buf: list[str] = []
        state = {"capture": False, "phonetic": 0}

        def start(name, attrs):
            local = local_name(name)
            if local == "si":
                buf.clear()
            elif local == "t":
                state["capture"] = state["phonetic"] == 0
            elif local == "rPh":
                state["phonetic"] += 1

        def end(name):
            local = local_name(name)
            if local == "t":
                state["capture"] = False
            elif local == "rPh":
                state["phonetic"] -= 1
            elif local == "si":
                strings.append(unescape("".join(buf)))

        def chars(data):
            if state["capture"]:
                buf.append(data)

        self._stream(self._shared_part, xml_parser(start, end, chars), Text("err.file_what_shared"))
        return strings

    def _date_style_ids(self) -> set[int]:
        """Indexes of the cell formats (cellXfs) whose number format is a date."""
        if self._date_styles is not None:
            return self._date_styles
        custom: dict[int, str] = {}
        xfs: list[int] = []
        state = {"in_xfs": False}

        def start(name, attrs):
            local = local_name(name)
            if local == "numFmt":
                try:
                    custom[int(attrs.get("numFmtId", "-1"))] = attrs.get("formatCode", "")
                except ValueError:
                    pass
            elif local == "cellXfs":
                state["in_xfs"] = True
            elif local == "xf" and state["in_xfs"]:
                try:
                    xfs.append(int(attrs.get("numFmtId", "0")))
                except ValueError:
                    xfs.append(0)

        def end(name):
            if local_name(name) == "cellXfs":
                state["in_xfs"] = False

        if self._styles_part:
            parse_small(read_part(self.archive, self._styles_part), start, "styles.xml", end=end)
        dates = set()
        for idx, fmt_id in enumerate(xfs):
            fmt = custom.get(fmt_id)
            if (fmt is not None and is_date_format(fmt)) or (fmt is None and fmt_id in _BUILTIN_DATE_IDS):
                dates.add(idx)
        self._date_styles = dates
        return dates

    def _stream(self, part: str, parser, what: str) -> None:
        """Feed a whole part to ``parser``."""
        for _ in self._feed(part, parser, what):
            pass

    def _feed(self, part: str, parser, what: str, progress: Callable[[float], None] | None = None) -> Iterator[None]:
        info = self.archive.getinfo(part)
        size = max(1, info.file_size)
        done = 0
        try:
            with self.archive.open(info) as fh:
                while True:
                    chunk = fh.read(CHUNK)
                    if not chunk:
                        break
                    done += len(chunk)
                    if done > info.file_size:  # zipfile stops at the declared size; belt and braces
                        raise bomb(done, info.compress_size)
                    parser.Parse(chunk, False)
                    if progress:
                        progress(min(1.0, done / size))
                    yield
                parser.Parse(b"", True)
        except expat.ExpatError as err:
            raise refuse("err.file_bad_xml", what=what, reason=err) from None
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError):
            raise refuse("err.file_cannot_unpack", what=what) from None
        yield

    def hidden_columns(self, sheet: str) -> set[int]:
        """The column numbers (1-based) hidden in Excel (``<col hidden="1">``); read from the part's head only:
        the column definitions come before the sheet's data, so the rows are not read."""
        if sheet in self._hidden_columns:
            return self._hidden_columns[sheet]
        part = self._sheets.get(sheet)
        if part is None:
            raise refuse("err.file_no_sheet", sheet=sheet)
        hidden: set[int] = set()
        done = False

        def start(name, attrs):
            nonlocal done
            local = local_name(name)
            if local == "col" and attrs.get("hidden", "").lower() in ("1", "true"):
                low = _whole_number(attrs.get("min", ""), MAX_SHEET_COLUMNS) or 0
                high = _whole_number(attrs.get("max", ""), MAX_SHEET_COLUMNS) or low
                if low:
                    hidden.update(range(low, min(high, MAX_SHEET_COLUMNS) + 1))
            elif local == "sheetData":
                done = True

        feed = self._feed(part, xml_parser(start), Text("err.file_what_sheet", sheet=sheet))
        try:
            for _ in feed:
                if done:
                    break
        finally:
            feed.close()
        self._hidden_columns[sheet] = hidden
        return hidden

    # -- rows -----------------------------------------------------------------------
    def rows(self, sheet: str, progress: Callable[[float], None] | None = None) -> Iterator[tuple[int, dict[int, Any]]]:
        """(row number, {column number: value}) for every row with a value, top to bottom; 1-based.

        The handlers are the hot path (1.5 million cells for a 45,000-line register): element names
        map to small codes once, and the state lives in closure variables, not in a dict.
        """
        part = self._sheets.get(sheet)
        if part is None:
            raise refuse("err.file_no_sheet", sheet=sheet)
        shared = self._shared_strings()
        date_styles = self._date_style_ids()
        epoch = CALENDAR_MAC_1904 if self.date1904 else CALENDAR_WINDOWS_1900
        out: list[tuple[int, dict[int, Any]]] = []
        cells: dict[int, Any] = {}
        buf: list[str] = []
        fbuf: list[str] = []
        codes: dict[str, int] = {}
        columns: dict[str, int] = {}
        styles: dict[str, int] = {}
        known = {"c": 1, "v": 2, "t": 3, "f": 4, "is": 5, "rPh": 6, "row": 7}
        row_no = col = style = capture = phonetic = 0  # capture: 0 nothing, 1 the value, 2 the formula
        ctype: str | None = None
        formula = inline = False

        def code_of(name: str) -> int:
            code = codes[name] = known.get(local_name(name), 0)
            return code

        def start(name, attrs):
            nonlocal row_no, col, style, capture, phonetic, ctype, formula, inline
            code = codes.get(name)
            if code is None:
                code = code_of(name)
            if code == 1:  # <c r="B7" t="s" s="3">
                ref = attrs.get("r")
                if ref:
                    letters = ref.rstrip("0123456789")
                    col = columns.get(letters) or _column_of(letters, columns, ref)
                else:
                    col += 1
                ctype = attrs.get("t")
                s = attrs.get("s")
                if s:
                    style = styles.get(s)
                    if style is None:
                        style = styles[s] = _whole_number(s, 1 << 30) or 0
                else:
                    style = 0
                formula = inline = False
                buf.clear()
            elif code == 2:
                capture = 1
            elif code == 3:
                if inline and not phonetic:
                    capture = 1
            elif code == 4:
                formula = True
                capture = 2
                fbuf.clear()
            elif code == 5:
                inline = True
            elif code == 6:
                phonetic += 1
            elif code == 7:
                r = attrs.get("r")
                row_no = row_no + 1 if not r else _whole_number(r, MAX_SHEET_ROWS) or 0
                if not 1 <= row_no <= MAX_SHEET_ROWS:
                    raise refuse("err.file_bad_row_number", sheet=sheet, value=str(r)[:20],
                                 max=thousands(MAX_SHEET_ROWS))
                col = 0
                cells.clear()

        def end(name):
            nonlocal capture, phonetic
            code = codes.get(name)
            if code is None:
                code = code_of(name)
            if code == 1:
                value = _cell_value(ctype, "".join(buf), style, shared, date_styles, epoch)
                if formula:
                    value = Formula(unescape("".join(fbuf)).strip(), value)
                if value is not None:
                    cells[col] = value
            elif 2 <= code <= 4:
                capture = 0
            elif code == 6:
                phonetic -= 1
            elif code == 7 and cells:
                out.append((row_no, dict(cells)))

        def chars(data):
            if capture == 1:
                buf.append(data)
            elif capture == 2:
                fbuf.append(data)

        parser = xml_parser(start, end, chars, namespaces=False)
        for _ in self._feed(part, parser, Text("err.file_what_sheet", sheet=sheet), progress):
            if out:
                yield from out
                out.clear()


def _column_of(letters: str, columns: dict[str, int], ref: str) -> int:
    """The column number of a cell reference's letters (remembered), refused beyond Excel's XFD."""
    col = column_index(letters.upper()) if len(letters) <= 3 else 0
    if not 1 <= col <= MAX_SHEET_COLUMNS:
        raise refuse("err.file_bad_cell_ref", ref=ref[:20])
    columns[letters] = col
    return col


def _cell_value(t: str | None, text: str, style: int, shared: list[str], date_styles: set[int], epoch) -> Any:
    if t == "s":
        if not text:
            return None
        try:
            value = shared[int(text)]
        except (ValueError, IndexError):
            raise refuse("err.file_missing_text") from None
        return value if value != "" else None
    if t in ("inlineStr", "str"):
        return unescape(text) if text != "" else None
    if t == "b":
        return text.strip() in ("1", "true")
    if t == "e":
        return CellError(text.strip() or "#FEJL")
    if t == "d":
        try:
            return datetime.fromisoformat(text.strip()) if text.strip() else None
        except ValueError:
            return text
    text = text.strip()
    if not text:
        return None
    try:
        number: int | float = int(text) if text.lstrip("-").isdigit() else float(text)
    except ValueError:
        raise refuse("err.file_bad_number", value=text[:40]) from None
    if isinstance(number, float) and not math.isfinite(number):
        raise refuse("err.file_bad_number", value=text[:40])
    if style in date_styles:
        try:
            return from_excel(number, epoch)
        except (ValueError, OverflowError, TypeError):
            return number
    return number
