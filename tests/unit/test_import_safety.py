"""Opening an uploaded .xlsx safely (riskmodel.formats.xlsx_safety) and reading cell values (riskmodel.excel.importer).

Every hostile file of tests/corpus.py is refused with a clear Danish message, before anything inflates or
parses more than the zip directory; a formula is seen as a formula and never evaluated.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime

import corpus
import pytest
from openpyxl import Workbook

from riskmodel.domain.errors import ValidationError
from riskmodel.excel.importer import (
    _Bad,
    parse_date,
    parse_score,
    parse_text,
    parse_treatment,
    propose_mapping,
)
from riskmodel.formats import xlsx_archive as archive
from riskmodel.formats import xlsx_safety as safety
from riskmodel.formats.xlsx_safety import CellError, Formula, open_xlsx


def refused(path_or_bytes, name=None) -> str:
    with pytest.raises(ValidationError) as exc:
        book = open_xlsx(path_or_bytes, name)
        for sheet in book.sheetnames:  # some damage shows only when the sheet is read
            list(book.rows(sheet))
    assert exc.value.field == "file"
    return str(exc.value)


def rows_of(path, sheet=None):
    book = open_xlsx(path)
    return dict(book.rows(sheet or book.sheetnames[0]))


# -- refused files --------------------------------------------------------------------------------
def test_not_a_zip(tmp_path):
    assert "ikke en Excel-fil (.xlsx)" in refused(corpus.not_a_zip(tmp_path))


def test_old_xls_or_encrypted_office_file(tmp_path):
    assert "gammel Excel-fil (.xls)" in refused(corpus.old_xls(tmp_path))


def test_a_zip_that_is_not_a_workbook(tmp_path):
    assert "mangler [Content_Types].xml" in refused(corpus.zip_not_xlsx(tmp_path))


def test_another_office_file(tmp_path):
    assert "ikke et Excel-regneark" in refused(corpus.docx_renamed(tmp_path))


def test_xlsm_by_name_and_by_content(tmp_path):
    path = corpus.xlsm_with_macro(tmp_path)
    assert "makroer (.xlsm)" in refused(path)
    renamed = path.rename(tmp_path / "uskyldig.xlsx")
    assert "makroer" in refused(renamed)
    assert "makroer (vbaProject.bin)" in refused(corpus.macro_hidden_in_xlsx(tmp_path))


def test_wrong_extension(tmp_path):
    data = corpus.workbook(tmp_path, "ok.xlsx", [["System", "Trussel"]]).read_bytes()
    assert "ikke en .xlsx-fil" in refused(data, "register.csv")
    assert "ikke en .xlsx-fil" in refused(data, "register.xls")
    open_xlsx(data, "REGISTER.XLSX")  # any case


def test_encrypted_entries(tmp_path):
    assert "krypteret" in refused(corpus.encrypted_entry(tmp_path))


def test_oversized_file_refused_before_reading(tmp_path, monkeypatch):
    path = corpus.oversized(tmp_path)
    assert path.stat().st_size > archive.MAX_FILE_BYTES
    monkeypatch.setattr(zipfile, "ZipFile", lambda *a, **k: pytest.fail("opened a file over the limit"))
    assert "Filen er for stor (21.0 MB); højst 20 MB" in refused(path)
    assert "for stor" in refused(path.read_bytes(), "stor.xlsx")
    assert "for stor" in refused(io.BytesIO(path.read_bytes()), "stor.xlsx")


@pytest.mark.slow
def test_zip_bomb_refused_from_the_directory_alone(tmp_path, monkeypatch):
    path = corpus.zip_bomb(tmp_path)
    assert path.stat().st_size < 2 * 1024 * 1024
    monkeypatch.setattr(zipfile.ZipFile, "open", lambda *a, **k: pytest.fail("inflated a part of a zip bomb"))
    message = refused(path)
    assert "zip-bombe" in message


def test_ratio_bomb_under_the_size_limit(tmp_path, monkeypatch):
    path = corpus.ratio_bomb(tmp_path)
    monkeypatch.setattr(zipfile.ZipFile, "open", lambda *a, **k: pytest.fail("inflated a part of a zip bomb"))
    assert f"mere end {archive.MAX_RATIO} gange sin størrelse" in refused(path)


def test_a_part_that_lies_about_its_size(tmp_path):
    """The directory says 100 bytes, the data inflates to far more: reading stops at the declared size."""
    assert "beskadiget" in refused(corpus.lying_zip(tmp_path))


def test_dtd_and_entities_are_refused(tmp_path):
    assert "DTD" in refused(corpus.doctype_entities(tmp_path))
    assert "DTD" in refused(corpus.external_entity(tmp_path))


def test_broken_xml(tmp_path):
    assert "ikke gyldig XML" in refused(corpus.broken_xml(tmp_path))


def test_an_empty_file(tmp_path):
    assert refused(b"", "tom.xlsx") == "Filen er tom."


# -- reading values --------------------------------------------------------------------------------
def test_formulas_are_read_as_formulas_never_evaluated(tmp_path):
    path = corpus.formulas(tmp_path)
    rows = rows_of(path)
    assert rows[2][3] == Formula("1+1", None)  # openpyxl stores no cached value: nothing was computed
    assert rows[3][2] == Formula("A2", None)
    assert str(rows[4][3]) == corpus.DDE_TEXT
    assert rows[1] == {1: "System", 2: "Trussel", 3: "Sandsynlighed"}


def test_values_of_every_type(tmp_path):
    book = Workbook()
    ws = book.active
    ws.append(["tekst", 3, 2.5, True, date(2026, 3, 31), datetime(2026, 3, 31, 12, 30), "#N/A", None, "æøå\nlinje 2"])
    ws["J1"] = "=1+1"
    ws["J1"].data_type = "s"  # formula-looking text, typed with an apostrophe
    path = tmp_path / "typer.xlsx"
    book.save(path)
    row = rows_of(path)[1]
    assert row == {1: "tekst", 2: 3, 3: 2.5, 4: True, 5: datetime(2026, 3, 31), 6: datetime(2026, 3, 31, 12, 30),
                   7: CellError("#N/A"), 9: "æøå\nlinje 2", 10: "=1+1"}


def test_shared_strings_rich_text_escapes_and_1904_dates(tmp_path):
    sheet = corpus.SHEET.format(rows=(
        '<row r="2"><c r="B2" t="s"><v>0</v></c><c r="C2" t="s"><v>1</v></c><c r="D2" s="1"><v>1</v></c>'
        '<c r="E2" t="str"><f>A1&amp;"x"</f><v>cached</v></c><c r="F2" t="e"><v>#DIV/0!</v></c></row>'
        '<row><c t="inlineStr"><is><r><t>del 1 </t></r><r><t>del 2</t></r></is></c></row>'))
    parts = corpus.minimal_parts(sheet)
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace("<sheets>", '<workbookPr date1904="1"/><sheets>')
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        "</Relationships>",
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>')
    parts["xl/sharedStrings.xml"] = (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>Linje_x000D_ to</t></si>'
        '<si><r><t>Fed </t></r><r><t>tekst</t></r><rPh><t>fonetisk</t></rPh></si></sst>')
    parts["xl/styles.xml"] = (
        '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs count="2">'
        '<xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>')
    path = corpus._zip(tmp_path / "delt.xlsx", parts)
    rows = rows_of(path)
    assert rows[2] == {2: "Linje\r to", 3: "Fed tekst", 4: datetime(1904, 1, 2), 5: Formula('A1&"x"', "cached"),
                       6: CellError("#DIV/0!")}
    assert rows[3] == {1: "del 1 del 2"}


def test_the_sheet_list_and_an_unknown_sheet(tmp_path):
    path = corpus.workbook(tmp_path, "ark.xlsx", [["a", "b"]], sheet="Mit ark")
    book = open_xlsx(path)
    assert book.sheetnames == ["Mit ark"]
    with pytest.raises(ValidationError, match="Arket 'Andet' findes ikke"):
        list(book.rows("Andet"))


def test_progress_of_reading_a_sheet(tmp_path):
    path = corpus.workbook(tmp_path, "mange.xlsx", [[i, f"tekst {i}"] for i in range(1, 3000)])
    seen = []
    rows = list(open_xlsx(path).rows("Ark1", progress=seen.append))
    assert len(rows) == 2999 and rows[-1] == (2999, {1: 2999, 2: "tekst 2999"})
    assert seen and seen[-1] == 1.0 and seen == sorted(seen)


def test_column_letters():
    assert [safety.column_index(r) for r in ("A1", "Z9", "AA10", "XFD1048576")] == [1, 26, 27, 16384]
    assert [safety.column_letter(i) for i in (1, 26, 27, 16384)] == ["A", "Z", "AA", "XFD"]


# -- cell values ----------------------------------------------------------------------------------
@pytest.mark.parametrize("value, expected", [
    (None, None), (3, 3), (4.0, 4), ("2", 2), (" 1 ", 1), ("3,0", 3), ("", None), ("  ", None)])
def test_parse_score_accepts(value, expected):
    assert parse_score(value, 4) == expected


@pytest.mark.parametrize("value, message", [
    (7, "7 ligger uden for skalaen 1-4"),
    (0, "0 ligger uden for skalaen 1-4"),
    (2.5, "2.5 er ikke et helt tal (1-4)"),
    ("høj", "'høj' er tekst, ikke et tal (1-4)"),
    ("1; DROP TABLE risk_lines", "'1; DROP TABLE risk_lines' er tekst, ikke et tal (1-4)"),
    (True, "'True' er ikke et tal (1-4)"),
    (datetime(2026, 1, 2), "02-01-2026 er en dato, ikke et tal (1-4)"),
    (Formula("1+1"), "indeholder en formel (=1+1); importen læser kun værdier, så skriv værdien i cellen"),
    (CellError("#N/A"), "indeholder fejlværdien #N/A"),
])
def test_parse_score_refuses(value, message):
    with pytest.raises(_Bad) as exc:
        parse_score(value, 4)
    assert str(exc.value) == message


def test_parse_date():
    assert parse_date(datetime(2026, 5, 1, 0, 0)) == date(2026, 5, 1)
    assert parse_date("01-05-2026") == parse_date("2026-05-01") == parse_date("1.5.2026") == date(2026, 5, 1)
    assert parse_date(None) is None and parse_date(" ") is None
    with pytest.raises(_Bad, match="er et tal, ikke en dato"):
        parse_date(46000)
    with pytest.raises(_Bad, match="ikke en dato"):
        parse_date("31-02-2026")


def test_parse_treatment():
    assert [parse_treatment(v) for v in ("Accepter", "REDUCER", "overfør", "Avoid", None, "")] == [
        "accepter", "reducer", "overfør", "undgå", None, None]
    with pytest.raises(_Bad, match="ikke en behandling"):
        parse_treatment("Ignorér")


def test_parse_text():
    assert parse_text("  hej\r\nigen  ") == "hej\nigen"
    assert parse_text(None) == "" and parse_text(12.0) == "12" and parse_text(date(2026, 1, 2)) == "02-01-2026"
    assert parse_text(corpus.SQL_TEXT) == corpus.SQL_TEXT and parse_text(corpus.HTML_TEXT) == corpus.HTML_TEXT
    with pytest.raises(_Bad, match="for lang"):
        parse_text(corpus.LONG_TEXT)
    with pytest.raises(_Bad, match="kontroltegn"):
        parse_text("bell\x07")
    with pytest.raises(_Bad, match="skal udfyldes"):
        parse_text(" ", required=True)


def test_propose_mapping_uses_each_header_once():
    assert propose_mapping(["Konsekvens", "Impact"]) == {"consequence": "Konsekvens"}
    assert propose_mapping(["Fortrolighed", "Integritet", "Tilgængelighed", "Trussel-ID"]) == {
        "cons_c": "Fortrolighed", "cons_i": "Integritet", "cons_a": "Tilgængelighed", "threat_code": "Trussel-ID"}


# -- damage inside a sheet, and the row limit (issue 8) --------------------------------------------
def _sheet(tmp_path, rows_xml: str):
    return corpus._zip(tmp_path / "ark.xlsx", corpus.minimal_parts(corpus.SHEET.format(rows=rows_xml)))


@pytest.mark.parametrize("rows_xml, message", [
    ('<row r="²"><c r="A1"><v>1</v></c></row>', "ugyldigt rækkenummer ('²'; Excel har rækkerne 1-1.048.576)"),
    (f'<row r="{"9" * 5000}"><c r="A1"><v>1</v></c></row>', "ugyldigt rækkenummer"),
    ('<row r="1048577"><c r="A1"><v>1</v></c></row>', "ugyldigt rækkenummer ('1048577'"),
    ('<row r="1"><c r="XFE1"><v>1</v></c></row>', "cellen 'XFE1' ligger uden for Excels kolonner (A-XFD)"),
    (f'<row r="1"><c r="{"Z" * 3000}1"><v>1</v></c></row>', "ligger uden for Excels kolonner"),
    ('<row r="1"><c r="A1"><v>1e999</v></c></row>', "'1e999' er ikke et gyldigt tal"),
    ('<row r="1"><c r="A1"><v>-inf</v></c></row>', "'-inf' er ikke et gyldigt tal"),
    ('<row r="1"><c r="A1"><v>NaN</v></c></row>', "'NaN' er ikke et gyldigt tal"),
    (f'<row r="1"><c r="A1"><v>{"1" * 5000}</v></c></row>', "er ikke et gyldigt tal"),
])
def test_damage_in_a_sheet_is_refused_not_a_crash(tmp_path, rows_xml, message):
    """Each of these used to escape as a ValueError (int('²'), 5,000 digits) or pass as a float('inf')."""
    assert message in refused(_sheet(tmp_path, rows_xml))


def test_odd_styles_and_lowercase_references_are_read(tmp_path):
    path = _sheet(tmp_path, f'<row r="3"><c r="b3" s="²"><v>1</v></c><c r="C3" s="{"9" * 5000}"><v>2</v></c></row>')
    assert rows_of(path) == {3: {2: 1, 3: 2}}


def test_escaped_surrogates_are_joined_or_replaced():
    assert safety.unescape("_xD83D__xDE00_ og _x000D_") == "\U0001f600 og \r"
    assert safety.unescape("halv _xD800_ og _xDC00_") == "halv \ufffd og \ufffd"
    assert safety.unescape("ingen escapes æøå") == "ingen escapes æøå"


def test_the_row_limit_message():
    assert safety.MAX_ROWS == 60_000
    assert str(safety.too_many_rows("Risikoregister")) == (
        'Arket "Risikoregister" har mere end 60.000 rækker; højst 60.000 kan importeres ad gangen. Del filen op.')
    assert safety.thousands(1_048_576) == "1.048.576"


def test_many_rows_writes_a_valid_sheet(tmp_path):
    path = corpus.many_rows(tmp_path, rows=20_000)
    rows = list(open_xlsx(path).rows("Ark1"))
    assert len(rows) == 20_001
    assert rows[0] == (1, {1: "System", 2: "Trussel"})
    assert rows[-1] == (20_001, {1: "System 20000 æøå", 2: "Phishing"})


def test_hidden_columns_ranges_and_hidden_sheets_are_read():
    from riskmodel.formats.xlsx_safety import open_xlsx

    book = Workbook()
    ws = book.active
    ws.title = "Synlig"
    ws.append(["a", "b", "c", "d", "e", "f"])
    ws.column_dimensions.group("B", "C", hidden=True)  # one <col min="2" max="3" hidden="1">
    ws.column_dimensions["F"].hidden = True
    book.create_sheet("Skjult").sheet_state = "hidden"
    book.create_sheet("Meget skjult").sheet_state = "veryHidden"
    buf = io.BytesIO()
    book.save(buf)
    xb = open_xlsx(buf.getvalue(), "skjult.xlsx")
    assert xb.hidden_columns("Synlig") == {2, 3, 6}
    assert xb.hidden_columns("Skjult") == set()
    assert xb.hidden_sheets == {"Skjult", "Meget skjult"}
    assert [r for _, r in xb.rows("Synlig")] == [{1: "a", 2: "b", 3: "c", 4: "d", 5: "e", 6: "f"}]
