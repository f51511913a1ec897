"""A hostile corpus for the Excel import: functions that write bad files into a directory (tmp_path).

Every file is generated at test time (no binaries in git). Each builder returns the path it wrote.
Import as ``import corpus`` (tests/ is on sys.path).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from openpyxl import Workbook

# Text that must stay text: SQL-ish, HTML/script, formula-looking, Danish letters, very long.
SQL_TEXT = "'; DROP TABLE risk_lines; --"
HTML_TEXT = '<script>alert("x")</script><img src=x onerror=alert(1)>'
FORMULA_TEXT = '=HYPERLINK("http://evil.example","klik")'
DDE_TEXT = "=cmd|' /C calc'!A0"
DANISH_TEXT = "Æble, øl og å — ÆØÅ æøå «citat» ½ €"
LONG_TEXT = "x" * 5000  # over the 4,000 characters a risk-line text may hold

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="{main}"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "{extra}</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Ark1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>'
)
SHEET = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows}</sheetData>'
    "</worksheet>"
)
XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
XLSM_MAIN = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"


def _zip(path: Path, parts: dict[str, bytes | str], compression: int = zipfile.ZIP_DEFLATED,
         level: int | None = None) -> Path:
    with zipfile.ZipFile(path, "w", compression, compresslevel=level) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def minimal_parts(sheet_xml: str | None = None, main: str = XLSX_MAIN, extra_types: str = "",
                  sheet: str = "Ark1") -> dict[str, str]:
    """The parts of a minimal hand-written workbook (one sheet, 'Ark1' unless ``sheet``)."""
    return {
        "[Content_Types].xml": CONTENT_TYPES.format(main=main, extra=extra_types),
        "_rels/.rels": ROOT_RELS,
        "xl/workbook.xml": WORKBOOK.replace('name="Ark1"', f"name={quoteattr(sheet)}"),
        "xl/_rels/workbook.xml.rels": WORKBOOK_RELS,
        "xl/worksheets/sheet1.xml": sheet_xml or SHEET.format(
            rows='<row r="1"><c r="A1" t="inlineStr"><is><t>System</t></is></c>'
                 '<c r="B1" t="inlineStr"><is><t>Trussel</t></is></c></row>'),
    }


# -- not an Excel workbook ----------------------------------------------------------------------
def not_a_zip(tmp: Path) -> Path:
    path = tmp / "ikke-en-zip.xlsx"
    path.write_text("System;Trussel\nESDH;Phishing\n", encoding="utf-8")
    return path


def old_xls(tmp: Path) -> Path:
    path = tmp / "gammel.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    return path


def zip_not_xlsx(tmp: Path) -> Path:
    """A valid zip with no [Content_Types].xml: e.g. a zipped folder renamed to .xlsx."""
    return _zip(tmp / "zip.xlsx", {"readme.txt": "hej", "data/risiko.csv": "a;b\n1;2\n"})


def docx_renamed(tmp: Path) -> Path:
    """An Office file that is not a spreadsheet (a Word document) renamed to .xlsx."""
    types = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
             'content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
             'officedocument.wordprocessingml.document.main+xml"/></Types>')
    return _zip(tmp / "brev.xlsx", {"[Content_Types].xml": types, "word/document.xml": "<w:document/>"})


def xlsm_with_macro(tmp: Path, name: str = "makro.xlsm") -> Path:
    """A macro workbook (vbaProject.bin and the macro content type)."""
    parts: dict[str, bytes | str] = dict(minimal_parts(
        main=XLSM_MAIN,
        extra_types='<Override PartName="/xl/vbaProject.bin" ContentType="application/vnd.ms-office.vbaProject"/>'))
    parts["xl/vbaProject.bin"] = b"\xd0\xcf\x11\xe0 Attribute VB_Name = \"Module1\"\nSub AutoOpen()\nEnd Sub"
    return _zip(tmp / name, parts)


def macro_hidden_in_xlsx(tmp: Path) -> Path:
    """The plain .xlsx content type, but a vbaProject.bin smuggled in."""
    parts: dict[str, bytes | str] = dict(minimal_parts())
    parts["xl/vbaProject.bin"] = b"Sub AutoOpen()\nEnd Sub"
    return _zip(tmp / "skjult-makro.xlsx", parts)


def encrypted_entry(tmp: Path) -> Path:
    """A zip whose entry claims to be encrypted (flag bit 0)."""
    path = _zip(tmp / "krypteret.xlsx", minimal_parts())
    data = bytearray(path.read_bytes())
    # Set the encryption bit in every local header and central directory entry.
    for sig, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (i := data.find(sig, start)) != -1:
            data[i + offset] |= 0x01
            start = i + 4
    path.write_bytes(bytes(data))
    return path


# -- too big ------------------------------------------------------------------------------------
def zip_bomb(tmp: Path, inflated_mb: int = 320) -> Path:
    """A small file whose sheet inflates to ``inflated_mb`` MB of zeros (over the limits)."""
    path = tmp / "bombe.xlsx"
    parts = minimal_parts()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name, data in parts.items():
            if name != "xl/worksheets/sheet1.xml":
                z.writestr(name, data)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            block = b"0" * (1024 * 1024)
            for _ in range(inflated_mb):
                fh.write(block)
    return path


def ratio_bomb(tmp: Path) -> Path:
    """Under the total size limit, but a part that inflates more than 100 times its size."""
    return zip_bomb(tmp, inflated_mb=40)


def lying_zip(tmp: Path) -> Path:
    """A sheet whose zip directory claims a tiny size while its data inflates far beyond it."""
    path = tmp / "loegn.xlsx"
    big = SHEET.format(rows="".join(f'<row r="{i}"><c r="A{i}"><v>{i}</v></c></row>' for i in range(1, 20000)))
    _zip(path, {**minimal_parts(), "xl/worksheets/sheet1.xml": big})
    data = bytearray(path.read_bytes())
    name = b"xl/worksheets/sheet1.xml"
    true_size = len(big.encode()).to_bytes(4, "little")
    fake = (100).to_bytes(4, "little")
    # Rewrite the uncompressed size in the local header (offset 22) and the central directory (offset 24).
    for sig, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (i := data.find(sig, start)) != -1:
            name_at = i + (30 if sig == b"PK\x03\x04" else 46)
            if data[name_at:name_at + len(name)] == name and data[i + size_at:i + size_at + 4] == true_size:
                data[i + size_at:i + size_at + 4] = fake
            start = i + 4
    path.write_bytes(bytes(data))
    return path


def oversized(tmp: Path, mb: int = 21) -> Path:
    """A real .xlsx over the 20 MB limit (random text does not compress)."""
    import os

    path = tmp / "for-stor.xlsx"
    parts: dict[str, bytes | str] = dict(minimal_parts())
    parts["xl/media/image1.bin"] = os.urandom(mb * 1024 * 1024)
    return _zip(path, parts, zipfile.ZIP_STORED)


def doctype_entities(tmp: Path) -> Path:
    """'Billion laughs': a sheet with a DTD defining nested entities."""
    sheet = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">'
             '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;">]>'
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
             '<row r="1"><c r="A1" t="inlineStr"><is><t>&lol3;</t></is></c><c r="B1" t="inlineStr"><is><t>x</t></is>'
             '</c></row></sheetData></worksheet>')
    return _zip(tmp / "dtd.xlsx", minimal_parts(sheet))


def external_entity(tmp: Path) -> Path:
    """XXE: an entity pointing at a local file."""
    sheet = ('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
             '<row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row></sheetData></worksheet>')
    return _zip(tmp / "xxe.xlsx", minimal_parts(sheet))


def broken_xml(tmp: Path) -> Path:
    return _zip(tmp / "brudt.xlsx", minimal_parts('<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></row>'))


# -- real workbooks with bad content ----------------------------------------------------------------
def workbook(tmp: Path, name: str, rows: Iterable[Iterable[Any]], sheet: str = "Ark1") -> Path:
    """A plain .xlsx written by openpyxl: a string starting with '=' becomes a formula cell, as typed in Excel."""
    book = Workbook()
    ws = book.active
    ws.title = sheet
    for row in rows:
        ws.append(list(row))
    path = tmp / name
    book.save(path)
    return path


def formulas(tmp: Path) -> Path:
    return workbook(tmp, "formler.xlsx", [
        ["System", "Trussel", "Sandsynlighed"],
        ["ESDH", "Phishing", "=1+1"],
        ["ESDH", "=A2", 2],
        ["ESDH", "Ransomware", DDE_TEXT],
    ])


def missing_columns(tmp: Path) -> Path:
    return workbook(tmp, "mangler.xlsx", [["Navn på ting", "Noget andet"], ["ESDH", "Phishing"]])


def empty_sheet(tmp: Path) -> Path:
    book = Workbook()
    path = tmp / "tom.xlsx"
    book.save(path)
    return path


def wrong_types(tmp: Path) -> Path:
    return workbook(tmp, "typer.xlsx", [
        ["System", "Trussel", "Sandsynlighed", "Konsekvens", "Frist", "Behandling"],
        ["ESDH", "Phishing", "høj", 2, date(2026, 1, 1), "Reducer"],
        ["ESDH", "Ransomware", 7, 2.5, "i morgen", "Ignorér"],
        ["ESDH", "Brand", date(2026, 1, 1), True, 45000, "Accepter"],
    ])


def hostile_strings(tmp: Path, systems: tuple[str, str]) -> Path:
    """SQL, HTML, formula-looking text, Danish letters and an over-long text in text columns (as text cells)."""
    book = Workbook()
    ws = book.active
    ws.title = "Ark1"
    ws.append(["System", "Trussel", "Scenarie", "Planlagte foranstaltninger", "Ansvarlig", "Risikoejer"])
    ws.append([systems[0], "Phishing", SQL_TEXT, HTML_TEXT, DANISH_TEXT, "Åse Ørsted"])
    ws.append([systems[1], "Phishing", LONG_TEXT, "ok", "ok", "ok"])
    ws.append([systems[1], "Ransomware", "ok", "ok", "ok", "ok"])
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.data_type = "s"  # text as typed with a leading apostrophe: never a formula
    ws.cell(row=4, column=3).value = FORMULA_TEXT
    ws.cell(row=4, column=3).data_type = "s"
    path = tmp / "tekster.xlsx"
    book.save(path)
    return path


# -- many rows, written fast --------------------------------------------------------------------------
def _letters(col: int) -> str:
    out = ""
    while col:
        col, rem = divmod(col - 1, 26)
        out = chr(65 + rem) + out
    return out


class Raw(str):
    """A cell written as given: ``Raw('<f>1+1</f>')`` is a formula cell, ``Raw('<v>#N/A</v>', 'e')`` an
    error value, ``Raw('<v>2026-01-01</v>', 'd')`` a date."""

    def __new__(cls, inner: str, t: str | None = None):
        obj = super().__new__(cls, inner)
        obj.t = t
        return obj


def sheet_xml(rows: Iterable[Sequence[Any]], first_row: int = 1) -> str:
    """A worksheet's XML, written by hand (no openpyxl: 100,000 rows take well under a second).

    Numbers are number cells, a :class:`Raw` is written as given, everything else is an inline text
    cell (never a formula); None is left out.
    """
    letters = [_letters(c) for c in range(1, 100)]
    out = []
    for r, values in enumerate(rows, start=first_row):
        out.append(f'<row r="{r}">')
        for col, v in zip(letters, values, strict=False):  # at most 99 columns
            if v is None:
                continue
            if type(v) is int or type(v) is float:
                out.append(f'<c r="{col}{r}"><v>{v}</v></c>')
            elif isinstance(v, Raw):
                t = f' t="{v.t}"' if v.t else ""
                out.append(f'<c r="{col}{r}"{t}>{v}</c>')
            else:
                out.append(f'<c r="{col}{r}" t="inlineStr"><is><t>{escape(str(v))}</t></is></c>')
        out.append("</row>")
    return SHEET.format(rows="".join(out))


def _plain_row(i: int) -> tuple:
    return (f"System {i} æøå", "Phishing")


PLAIN_HEADERS = ("System", "Trussel")


def many_rows(tmp: Path, rows: int = 100_000, headers: Sequence[str] = PLAIN_HEADERS,
              row: Callable[[int], Sequence[Any]] = _plain_row, sheet: str = "Ark1",
              name: str = "mange-raekker.xlsx") -> Path:
    """A valid .xlsx: a header row and ``rows`` data rows (``row(i)`` for i = 1..rows), in about a second.

    The default is a plain register (System, Trussel); for an exported register pass its headers
    ("Linje-ID", "Linjeversion", ...), a row function and ``sheet="Risikoregister"``.
    """
    xml = sheet_xml([list(headers), *(row(i) for i in range(1, rows + 1))])
    return _zip(tmp / name, minimal_parts(xml, sheet=sheet), level=1)


def replace_sheet(src: Path | bytes, dest: Path, sheet: str, xml: str | bytes) -> Path:
    """A copy of the workbook ``src`` whose sheet named ``sheet`` has the worksheet XML ``xml``."""
    data = src.read_bytes() if isinstance(src, Path) else src
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        parts = {i.filename: z.read(i) for i in z.infolist()}
    workbook = parts["xl/workbook.xml"].decode()
    tag = re.search(r"<sheet\b[^>]*\bname=" + re.escape(quoteattr(sheet)) + r"[^>]*>", workbook)
    assert tag, f"no sheet {sheet!r}"
    rel_id = re.search(r'r:id="([^"]+)"', tag.group(0)).group(1)
    rels = parts["xl/_rels/workbook.xml.rels"].decode()
    rel = next(m for m in re.finditer(r"<Relationship\b[^>]*>", rels) if f'Id="{rel_id}"' in m.group(0))
    target = re.search(r'Target="([^"]+)"', rel.group(0)).group(1)
    part = target.lstrip("/") if target.startswith("/") else "xl/" + target
    assert part in parts, part
    parts[part] = xml.encode() if isinstance(xml, str) else xml
    return _zip(dest, parts, level=1)
