"""Trusselskatalog → Udveksling: download the catalogue (Excel and JSON), upload another
municipality's file, see the differences, import; and the Annex A controls of a threat.

AppTest in Streamlit 1.67 supports ``st.file_uploader`` (``set_value((name, bytes, mime))``), so
the page reads the upload as a browser sends it. The downloads are deferred (built when clicked):
the tests catch the callables the page registers and call them as a click would.
"""

from __future__ import annotations

import io
import json

import pytest
from helpers import table_digest
from openpyxl import load_workbook
from streamlit.runtime.media_file_manager import MediaFileManager

from riskmodel.domain.model import LOCAL_ACTOR, Actor
from riskmodel.domain.scales import get_preset
from riskmodel.formats import catalogue as catalogue_file
from riskmodel.services import catalogue_exchange as cx

LEDER = Actor(username="lene", display_name="Lene Leder", role="leder", departments=("Borgerservice",))
JSON_MIME = "application/json"


@pytest.fixture
def downloads(monkeypatch) -> dict:
    """file name -> the callable a click on that download button runs."""
    caught: dict = {}
    original = MediaFileManager.add_deferred

    def spy(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        caught[file_name] = data_callable
        return original(self, data_callable, mimetype, coordinates, file_name=file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", spy)
    return caught


def _doc(wb) -> dict:
    return json.loads(cx.export_catalogue(wb, LOCAL_ACTOR, "json"))


def _other_municipality(wb) -> bytes:
    """Our catalogue as another municipality has it: CYB-01 reworded, one threat of its own."""
    doc = _doc(wb)
    doc["municipality"] = "Køge Kommune"
    cyb = next(t for t in doc["threats"] if t["code"] == "CYB-01")
    cyb["title"] = "Phishing (fælles tekst)"
    doc["threats"].append({"code": "KOE-01", "category": "Fysiske forhold", "title": "Drone over rådhuset",
                           "description": "", "harms_c": True, "harms_i": False, "harms_a": False,
                           "tags": ["all"], "controls": ["A.11.1.1"], "hidden": False})
    doc["annex_a"]["controls"]["KOE-01"] = ["A.11.1.1"]
    return json.dumps(doc).encode()


def _upload(a, data: bytes, name: str = "koege.json", mime: str = JSON_MIME):
    a.at.file_uploader[0].set_value((name, data, mime))
    a.run()
    a.button("Vis forskelle").click()
    return a.run()


def test_the_exchange_tab_offers_the_catalogue_as_excel_and_json(app, wb, downloads):
    a = app("catalogue")
    assert [t.label for t in a.at.tabs] == ["Katalog", "Udveksling"]
    assert [b.label for b in a.at.get("download_button")] == ["Hent kataloget som Excel", "Hent kataloget som JSON"]
    assert a.labels("file_uploader") == ["Katalogfil (.xlsx eller .json)"]
    names = sorted(downloads)
    assert [n.rsplit(".", 1)[1] for n in names] == ["json", "xlsx"]
    assert all(n.startswith("trusselskatalog-min-kommune-") for n in names)
    for name, build in downloads.items():
        exchange = catalogue_file.read_catalogue(build(), name)
        assert len(exchange.threats) == len(wb.catalogue.list(LOCAL_ACTOR, include_hidden=True))
        assert exchange.preset == wb.settings.preset()
    xlsx = next(build for name, build in downloads.items() if name.endswith(".xlsx"))()
    assert load_workbook(io.BytesIO(xlsx), read_only=True).sheetnames == ["Om filen", "Trusler", "Skala", "Annex A"]


def test_a_leder_sees_the_catalogue_without_the_exchange(app, wb):
    a = app("catalogue", actor=LEDER)
    assert list(a.at.tabs) == []
    assert a.at.get("download_button") == [] and a.at.get("file_uploader") == []
    assert len(a.at.dataframe[0].value) == len(wb.catalogue.list(LOCAL_ACTOR))


def test_upload_preview_and_import(app, wb):
    a = app("catalogue")
    before = table_digest(wb)
    a = _upload(a, _other_municipality(wb))
    assert table_digest(wb) == before  # the preview writes nothing
    assert any(s.startswith("Katalog fra **Køge Kommune**, eksporteret ") for s in a.texts("markdown"))
    assert [(m.label, m.value) for m in a.at.metric] == [
        ("Nye", "1"), ("Ændrede", "1"), ("Uændrede", str(len(wb.catalogue.list(LOCAL_ACTOR)) - 1)), ("Kun her", "0")]
    new, changed = (d.value for d in a.at.dataframe if not d.key)
    assert list(new["code"]) == ["KOE-01"] and list(new["controls"]) == ["A.11.1.1"]
    assert changed.to_dict("records") == [{"code": "CYB-01", "title": wb.catalogue.get(LOCAL_ACTOR, _id(wb, "CYB-01")).title,
                                           "field": "Trussel", "before": wb.catalogue.get(LOCAL_ACTOR, _id(wb, "CYB-01")).title,
                                           "after": "Phishing (fælles tekst)"}]
    assert any("Samme skala" in s for s in a.texts("success"))

    a.button("Importér 1 ny og 1 ændret trussel").click()
    a.run()
    assert "Importeret fra Køge Kommune: 1 ny og 1 ændret trussel." in a.texts("success")
    assert wb.catalogue.get(LOCAL_ACTOR, _id(wb, "CYB-01")).title == "Phishing (fælles tekst)"
    assert wb.catalogue.get(LOCAL_ACTOR, _id(wb, "KOE-01")).controls == ["A.11.1.1"]
    # The upload field is emptied and the preview gone.
    assert a.at.file_uploader[0].value is None
    assert list(a.at.metric) == []
    assert "KOE-01" in list(a.at.dataframe[0].value["code"])


def _id(wb, code: str) -> int:
    df = wb.catalogue.list(LOCAL_ACTOR, include_hidden=True)
    return int(df.loc[df["code"] == code, "id"].iloc[0])


def test_import_without_the_changed_threats(app, wb):
    title = wb.catalogue.get(LOCAL_ACTOR, _id(wb, "CYB-01")).title
    a = _upload(app("catalogue"), _other_municipality(wb))
    a.one("checkbox", "Medtag de ændrede trusler").uncheck()
    a.run()
    a.button("Importér 1 ny og 0 ændrede trusler").click()
    a.run()
    assert "Importeret fra Køge Kommune: 1 ny og 0 ændrede trusler." in a.texts("success")
    assert wb.catalogue.get(LOCAL_ACTOR, _id(wb, "CYB-01")).title == title


def test_the_same_catalogue_has_nothing_to_import(app, wb):
    a = _upload(app("catalogue"), cx.export_catalogue(wb, LOCAL_ACTOR, "xlsx"), "egen.xlsx",
                catalogue_file.MIME["xlsx"])
    assert any(s.startswith("Intet at importere") for s in a.texts("success"))
    assert not [b for b in a.labels("button") if b.startswith("Importér")]


def test_a_bad_file_shows_where_and_writes_nothing(app, wb):
    book = load_workbook(io.BytesIO(cx.export_catalogue(wb, LOCAL_ACTOR, "xlsx")))
    book["Trusler"]["C3"] = '=HYPERLINK("http://angriber.example","Klik")'
    buf = io.BytesIO()
    book.save(buf)
    before = table_digest(wb)
    a = _upload(app("catalogue"), buf.getvalue(), "ondsindet.xlsx", catalogue_file.MIME["xlsx"])
    (error,) = a.texts("error")
    assert error.startswith("Arket 'Trusler', række 3, kolonne C: cellen indeholder en formel (=HYPERLINK(")
    assert list(a.at.metric) == []
    assert table_digest(wb) == before


def test_another_known_preset_can_be_switched_to_through_the_settings(app, wb):
    doc = _doc(wb)
    doc["preset"] = catalogue_file.preset_to_dict(get_preset("kl"))
    a = _upload(app("catalogue"), json.dumps(doc).encode())
    kl = get_preset("kl").name_da
    assert any(f"Filen bruger {kl}" in s for s in a.texts("info"))
    a.button(f"Skift kommunens matrix til {kl}").click()
    a.run()
    assert wb.settings.preset().id == "kl"
    assert f"Kommunens matrix er nu {kl}." in a.texts("success")
    assert any(f"Samme skala: filen bruger {kl}" in s for s in a.texts("success"))  # the preview, recomputed


def test_an_unknown_preset_is_only_reported(app, wb):
    doc = _doc(wb)
    doc["preset"]["id"] = "sjaelland"
    a = _upload(app("catalogue"), json.dumps(doc).encode())
    assert any("som ikke findes her; skalaer installeres som filer i data/scales" in s for s in a.texts("warning"))
    assert not [b for b in a.labels("button") if b.startswith("Skift kommunens matrix")]


# -- the Annex A controls of a threat ----------------------------------------------------


def test_the_table_shows_the_controls_and_the_form_edits_them(app, wb):
    tid = _id(wb, "CYB-01")
    threat = wb.catalogue.get(LOCAL_ACTOR, tid)
    a = app("catalogue")
    table = a.at.dataframe[0].value
    assert table.loc[table["code"] == "CYB-01", "controls_txt"].iloc[0] == ", ".join(threat.controls)
    codes = list(table["code"])
    a.select_row(codes.index("CYB-01"))
    form = [f for f in a.at.get("form") if f.key.startswith(f"edit_threat_{tid}_")][0]
    field = [w for w in form.multiselect if w.label == "Annex A-kontroller"][0]
    assert field.value == threat.controls
    assert field.format_func("A.12.2.1") == "A.12.2.1 Kontroller mod malware"
    field.set_value(["A.12.2.1", "A.7.2.2"])
    [b for b in form.button if b.label == "Gem ændringer"][0].click()
    a.run()
    assert wb.catalogue.get(LOCAL_ACTOR, tid).controls == ["A.7.2.2", "A.12.2.1"]


def test_a_bad_file_is_refused_in_english_in_english_mode(app, wb):
    """Issue 18: the refusal of an exchange file names the place and the problem in the reader's language, the
    file's own paths, sheets and values as the file has them."""
    doc = _doc(wb)
    doc["threats"][3]["title"] = ""
    a = app("catalogue")
    a.at.selectbox(key="lang").set_value("en")
    a.run()
    assert [t.label for t in a.at.tabs] == ["Catalogue", "Exchange"]
    a.at.file_uploader[0].set_value(("koege.json", json.dumps(doc).encode(), JSON_MIME))
    a.run()
    a.button("Show differences").click()
    a.run()
    assert a.texts("error") == ["The JSON file, threats[3].title: Threat title must be filled in"]

    book = load_workbook(io.BytesIO(cx.export_catalogue(wb, LOCAL_ACTOR, "xlsx")))
    book["Trusler"]["E4"] = "måske"
    buf = io.BytesIO()
    book.save(buf)
    a.at.file_uploader[0].set_value(("koege.xlsx", buf.getvalue(), catalogue_file.MIME["xlsx"]))
    a.run()
    a.button("Show differences").click()
    a.run()
    assert a.texts("error") == ["Sheet 'Trusler', row 4, column E (Fortrolighed): 'måske' must be 'ja' or 'nej' "
                                "(yes or no)"]
    assert list(a.at.metric) == []
