"""Excel-import: upload, check, see every problem or every change, and only then import.

AppTest (Streamlit 1.67) uploads files through ``file_uploader(...).set_value``, so the page is driven
as a user drives it; the files are real: exported from the demo and edited with openpyxl.
"""

from __future__ import annotations

import io

import corpus
import openpyxl
from helpers import data_digest

from riskmodel.domain.model import LOCAL_ACTOR
from riskmodel.reports.export import SHEET_REGISTER, export_workbook

MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def exported(wb) -> bytes:
    buf = io.BytesIO()
    export_workbook(wb, LOCAL_ACTOR, buf)
    return buf.getvalue()


def edited(data: bytes, edits: dict[tuple[int, str], object]) -> bytes:
    """The exported workbook with cells changed: {(line id, header): value}."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    ws = book[SHEET_REGISTER]
    cols = {c.value: c.column for c in ws[1]}
    rows = {ws.cell(r, cols["Linje-ID"]).value: r for r in range(2, ws.max_row + 1)}
    for (line_id, header), value in edits.items():
        ws.cell(rows[line_id], cols[header]).value = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(a, data: bytes, name: str = "register.xlsx"):
    a.at.file_uploader[0].set_value((name, data, MIME))
    return a.run()


def test_the_page_before_a_file_is_chosen(app, wb):
    a = app("importer")
    assert a.title() == "Excel-import"
    assert [u.label for u in a.at.file_uploader] == ["Excel-fil (.xlsx)"]
    # .xlsm passes the uploader's filter so that the reader can say why it is refused (issue 17)
    assert a.at.file_uploader[0].allowed_type == [".xlsx", ".xlsm"]
    assert not a.has("button", "Kontrollér filen")


def test_an_edited_register_is_previewed_then_imported(app, demo):
    line_id = int(demo.portfolio.register(LOCAL_ACTOR)["line_id"].iloc[3])
    line = demo.assessments.line(LOCAL_ACTOR, line_id)
    data = edited(exported(demo), {(line_id, "Risikoejer"): "Åse <b>Ørsted</b>"})
    before = data_digest(demo)
    a = upload(app("importer"), data)
    assert "Eksporteret risikoregister fra Risikoværkstedet (arket 'Risikoregister')" in a.texts("info")
    a.button("Kontrollér filen").click()
    a.run()
    table = a.at.dataframe[-1].value
    assert list(table["field"]) == ["Risikoejer"]
    assert list(table["before"]) == [line.risk_owner] and list(table["after"]) == ["Åse <b>Ørsted</b>"]
    assert data_digest(demo) == before  # nothing is written before the import button
    a.button("Importér 1 ændring").click()  # not "1 ændringer" (issue 17)
    a.run()
    assert "Importeret: 1 ændring på 1 risikolinje, 0 nye risikolinjer, 0 nye systemer." in a.texts("success")
    assert demo.assessments.line(LOCAL_ACTOR, line_id).risk_owner == "Åse <b>Ørsted</b>"
    assert a.at.file_uploader[0].value is None  # a fresh uploader for the next file


def test_an_unedited_register_changes_nothing(app, demo):
    a = upload(app("importer"), exported(demo))
    a.button("Kontrollér filen").click()
    a.run()
    n = len(demo.portfolio.register(LOCAL_ACTOR))
    assert f"Filen ændrer intet: alle {n} rækker svarer til det, der allerede er gemt." in a.texts("success")
    assert not [b for b in a.at.button if b.label.startswith("Importér")]


def test_problems_are_listed_and_nothing_can_be_imported(app, demo):
    ids = [int(i) for i in demo.portfolio.register(LOCAL_ACTOR)["line_id"].iloc[:2]]
    data = edited(exported(demo), {(ids[0], "Sandsynlighed"): 9, (ids[1], "Fortrolighed"): "=2+2"})
    before = data_digest(demo)
    a = upload(app("importer"), data)
    a.button("Kontrollér filen").click()
    a.run()
    assert "Filen har 2 problemer. Intet er importeret; ret filen, og kontrollér den igen." in a.texts("error")
    problems = a.at.dataframe[0].value
    assert list(problems["column"]) == ["Sandsynlighed", "Fortrolighed"]
    assert list(problems["problem"])[0] == "9 ligger uden for skalaen 1-4"
    assert list(problems["problem"])[1].startswith("indeholder en formel (=2+2)")
    assert set(problems["sheet"]) == {SHEET_REGISTER}
    assert not [b for b in a.at.button if b.label.startswith("Importér")]
    # A long problem is cut in its cell: picking its row shows the whole of it, with its place, below the table.
    a.select_row(1)
    whole = [t for t in a.texts("error") if "indeholder en formel (=2+2)" in t]
    assert len(whole) == 1 and whole[0].startswith(f"{SHEET_REGISTER}, række ") and "kolonne Fortrolighed" in whole[0]
    assert data_digest(demo) == before


def test_a_refused_file_says_why(app, wb, tmp_path):
    a = upload(app("importer"), corpus.zip_not_xlsx(tmp_path).read_bytes(), "zip.xlsx")
    assert any("mangler [Content_Types].xml" in e for e in a.texts("error"))
    assert not a.has("button", "Kontrollér filen")
    a = upload(a, corpus.xlsm_with_macro(tmp_path).read_bytes(), "makro.xlsx")
    assert any("makroer" in e for e in a.texts("error"))


def test_a_plain_register_with_mapping_and_creation(app, wb, make_system, tmp_path):
    make_system(name="ESDH", department="Borgerservice")
    title = wb.catalogue.list(LOCAL_ACTOR)["title"].iloc[0]
    data = corpus.workbook(tmp_path, "andet.xlsx", [
        ["Navn", "Trussel", "Afdeling", "Sandsynlighed"],
        ["ESDH", title, "Borgerservice", 2],
        ["Nyt fagsystem", "Kaffemaskinen bryder sammen", "Skole", 1],
    ]).read_bytes()
    a = upload(app("importer"), data, "andet.xlsx")
    assert any(t.startswith("Risikoregister fra et andet værktøj (arket 'Ark1')") for t in a.texts("info"))
    assert a.one("selectbox", "Trussel (skal vælges)").value == "Trussel"
    assert a.one("selectbox", "Sandsynlighed").value == "Sandsynlighed"
    system = a.one("selectbox", "System (skal vælges)")
    assert system.value == ""  # 'Navn' is not a name the proposal knows
    a.button("Kontrollér filen").click()
    a.run()
    assert "kolonne System: der mangler en kolonne med system" in " ".join(
        f"kolonne {r.column}: {r.problem}" for r in a.at.dataframe[0].value.itertuples())

    a.one("selectbox", "System (skal vælges)").set_value("Navn")
    a.run()
    a.button("Kontrollér filen").click()
    a.run()
    problems = a.at.dataframe[0].value
    assert list(problems["row"]) == [3]
    assert "markér 'Opret systemer og trusler, der ikke findes'" in problems["problem"].iloc[0]

    a.one("checkbox", "Opret systemer og trusler, der ikke findes").check()
    a.run()
    assert not a.at.dataframe  # the options changed: the old check no longer counts
    a.button("Kontrollér filen").click()
    a.run()
    assert "Systemer, der oprettes" in a.texts("subheader")
    new_systems = a.at.dataframe[0].value
    assert list(new_systems["name"]) == ["Nyt fagsystem"] and list(new_systems["department"]) == ["Skole"]
    preview = a.at.dataframe[1].value
    code = wb.catalogue.list(LOCAL_ACTOR)["code"].iloc[0]
    assert "tilføjes som systemets egen trussel" in list(preview["after"])
    assert f"tilføjes fra kataloget ({code})" in list(preview["after"])  # plain text in a table: not escaped
    before = data_digest(wb)
    labels = [b.label for b in a.at.button if b.label.startswith("Importér")]
    assert len(labels) == 1
    a.button(labels[0]).click()
    a.run()
    assert data_digest(wb) != before
    assert any(t.startswith("Importeret:") and "1 nyt system" in t for t in a.texts("success"))
    assert "Nyt fagsystem" in {n for _, n, _ in wb.systems.names(LOCAL_ACTOR)}


def test_english(app, demo):
    a = app("importer")
    a.at.selectbox(key="lang").set_value("en")
    a.run()
    assert a.title() == "Excel import"
    assert [u.label for u in a.at.file_uploader] == ["Excel file (.xlsx)"]
    upload(a, exported(demo))
    assert a.has("button", "Check the file")
    a.button("Check the file").click()
    a.run()
    assert any(t.startswith("The file changes nothing") for t in a.texts("success"))


def test_an_xlsm_named_as_such_gets_the_danish_macro_message(app, wb, tmp_path):
    a = upload(app("importer"), corpus.xlsm_with_macro(tmp_path).read_bytes(), "makro.xlsm")
    assert any("er en projektmappe med makroer (.xlsm); kun .xlsx uden makroer kan importeres" in e
               for e in a.texts("error"))


def test_a_foreign_register_through_the_page_conversions_defaults_skipped_and_saved(app, wb, tmp_path):
    import foreign_registers as fr

    data = fr.foreign_register(tmp_path).read_bytes()
    a = upload(app("importer"), data, "fremmed.xlsx")
    # the hidden sheet (an older register naming more known columns) is not the one chosen
    assert "Risikoregister fra et andet værktøj (arket 'Risici'): vælg, hvilken kolonne der er hvad." in a.texts("info")
    assert a.one("selectbox", "Ark").value == "Risici"
    assert "Arkiv 2023 (skjult ark)" in a.one("selectbox", "Ark").options
    # the hidden column is listed as hidden and not proposed, though its header names a known field
    assert ("Skjult kolonne i Excel, som ikke foreslås: 'Risikoejer'. Vælg den selv, hvis den skal med."
            in a.texts("caption"))
    assert a.one("selectbox", "Risikoejer").value == ""
    a.at.checkbox[0].check()
    a.one("text_input", "Standardafdeling").input("IT")
    a.at.radio[0].set_value("harms")
    a.run()
    a.button("Kontrollér filen").click()
    a.run()
    # first check: nothing converted silently; every value to convert in one table, the rows skipped listed
    assert any(t.startswith("Filen har ") and "problemer" in t for t in a.texts("error"))
    conv = next(d.value for d in a.at.dataframe if "converted" in d.value.columns)  # the editable table
    assert ("Sandsynlighed", "3 - Sandsynligt", "3") in {(r["field"], r["value"], r["converted"]) for _, r in conv.iterrows()}
    assert ("Konsekvens (én samlet kolonne)", "5", "4") in {(r["field"], r["value"], r["converted"])
                                                             for _, r in conv.iterrows()}
    skipped = a.at.dataframe[0].value
    assert dict(zip(skipped["row"], skipped["why"], strict=True)) == {
        8: "tom række", 9: "gentaget overskriftsrække", 13: "total- eller sumrække"}
    a.button("Bekræft omregningerne og kontrollér igen").click()
    a.run()
    assert a.texts("error") == []
    shortened = [d.value for d in a.at.dataframe if "full" in d.value.columns]
    assert list(shortened[0]["full"]) == [fr.LONG_TITLE]
    next(b for b in a.at.button if b.label.startswith("Importér")).click()
    a.run()
    assert any(s.startswith("Importeret:") for s in a.texts("success"))
    assert len(wb.portfolio.register(LOCAL_ACTOR)) == len(fr.EXPECTED)
    # the mapping is saved for the municipality and offered again for a file with the same headers
    b = upload(app("importer"), data, "rettet.xlsx")
    assert "samme overskrifter" in " ".join(b.texts("caption"))
    assert b.one("text_input", "Standardafdeling").value == "IT"


def test_an_overall_consequence_is_shown_as_such_on_the_assessment_page(app, wb, tmp_path):
    import foreign_registers as fr

    from riskmodel.excel.importer import apply_import, plan_import
    from riskmodel.formats.mapping import MappingSpec
    from riskmodel.formats.xlsx_safety import open_xlsx

    path = fr.foreign_register(tmp_path)
    first = plan_import(wb, LOCAL_ACTOR, open_xlsx(path), create_missing=True)
    spec = MappingSpec(columns=first.mapping, conversions=first.proposals, defaults={"department": "IT"},
                       consequence_to="overall")
    apply_import(wb, LOCAL_ACTOR, plan_import(wb, LOCAL_ACTOR, open_xlsx(path), create_missing=True, mapping=spec))
    sid = next(i for i, name, _ in wb.systems.names(LOCAL_ACTOR) if name == "Borgerportal")
    aid = wb.assessments.current(LOCAL_ACTOR, sid).id
    lines = wb.assessments.lines(LOCAL_ACTOR, aid)
    line = next(ln for ln in lines if ln.threat_title == "Phishing mod medarbejdere")
    a = app("assessment", system=sid, trin=3)
    a.at.session_state[f"line_idx_{aid}"] = lines.index(line)
    a.run()
    infos = a.texts("info")
    assert any(i.startswith("Samlet konsekvens: 4 (importeret fra et register med én samlet konsekvens")
               for i in infos), infos
    # F, I and T stay unscored: no invented figures
    for dim in ("cons_c", "cons_i", "cons_a"):
        assert a.at.radio(key=f"line{line.id}:{dim}").value is None


DANISH_WORDS = ("række", "kolonne", "mangler", "findes", "ligger", "skalaen", "indeholder", "formel", "vælg")


def test_problems_groups_and_warnings_read_in_english(app, demo, tmp_path):
    """Issue 18: in English mode the check's problems, their groups and its notes are English, not only the
    page around them; a column name or a value from the file stays as the file has it."""
    ids = [int(i) for i in demo.portfolio.register(LOCAL_ACTOR)["line_id"].iloc[:2]]
    book = openpyxl.load_workbook(io.BytesIO(edited(exported(demo), {(ids[0], "Sandsynlighed"): 9,
                                                                     (ids[1], "Fortrolighed"): "=2+2"})))
    ws = book[SHEET_REGISTER]
    ws.cell(1, ws.max_column + 1).value = "Min egen note"  # not a column of the export: a note, not a problem
    out = io.BytesIO()
    book.save(out)
    a = app("importer")
    a.at.selectbox(key="lang").set_value("en")
    a.run()
    a = upload(a, out.getvalue())
    a.button("Check the file").click()
    a.run()
    problems = a.at.dataframe[0].value
    assert list(problems["column"]) == ["Sandsynlighed", "Fortrolighed"]  # the file's own headers
    assert list(problems["problem"]) == ["9 is outside the scale 1-4",
                                         "contains a formula (=2+2); the import reads values only"]
    groups = [m.value.replace("\\", "") for m in a.at.markdown if m.value.startswith("- ")]  # markdown-escaped
    assert "- 1 problem in the column 'Sandsynlighed'" in groups
    assert any("Min egen note" in w and "column Min egen note: the column is not one of the export's and is "
               "skipped." in w for w in a.texts("warning"))
    shown = [*problems["problem"], *groups, *a.texts("warning"), *a.texts("error")]
    assert [s for s in shown if any(w in s.replace("Min egen note", "") for w in DANISH_WORDS)] == []


def test_a_plain_registers_problems_read_in_english(app, wb, tmp_path):
    data = corpus.workbook(tmp_path, "andet.xlsx", [
        ["System", "Trussel", "Sandsynlighed"],
        ["Ukendt fagsystem", "Kaffemaskinen bryder sammen", "høj"],
    ]).read_bytes()
    a = app("importer")
    a.at.selectbox(key="lang").set_value("en")
    a.run()
    a = upload(a, data, "andet.xlsx")
    a.button("Check the file").click()
    a.run()
    problems = dict(zip(a.at.dataframe[-1].value["column"], a.at.dataframe[-1].value["problem"], strict=True))
    assert problems == {
        "Sandsynlighed": "'høj' is text, not a number (1-4); choose a conversion for the value",
        "System": "the system 'Ukendt fagsystem' does not exist; tick 'Create systems and threats that do not "
                  "exist' and choose a default department (the row has no department) to create it"}
    groups = [m.value.replace("\\", "") for m in a.at.markdown if m.value.startswith("- ")]  # markdown-escaped
    assert "- 1 row names a system that does not exist → create it (or correct the name)" in groups
    assert "- 1 row has a value to convert → confirm the conversions" in groups
