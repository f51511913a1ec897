"""Excel-eksport: building the workbook offers a download of a real .xlsx with every risk line."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from riskmodel.domain.model import LOCAL_ACTOR


def test_export_page_renders(app, wb):
    a = app("export")
    assert a.title() == "Excel-eksport"
    assert a.has("button", "Dan Excel-filen")
    assert a.at.get("download_button") == []


def test_build_excel_offers_a_download_of_every_line(app, demo):
    n = len(demo.portfolio.register(LOCAL_ACTOR))
    a = app("export")
    a.button("Dan Excel-filen").click()
    a.run()

    downloads = a.at.get("download_button")
    assert len(downloads) == 1
    assert downloads[0].label == f"Hent Excel-filen ({n} risikolinjer)"
    assert a.at.get("progress")[0].proto.text == f"Færdig: {n} risikolinjer."
    data, rows, year = a.at.session_state["export_file"]
    assert year == a.one("number_input", "Årsgennemgang for år").value
    assert rows == n
    book = load_workbook(io.BytesIO(data), read_only=True)
    assert book.sheetnames == ["Forside", "Heatmap", "Sammenligning", "Ændrede linjer", "Risikooversigt", "Risikoregister",
                               "Handlingsplan",
                               "Behandlingsaktiviteter og DPIA", "Dispensationer", "Gennemgangsstatus"]
    # The download stays on the page across reruns.
    a.run()
    assert len(a.at.get("download_button")) == 1


def test_export_of_an_empty_database(app, wb):
    a = app("export")
    a.button("Dan Excel-filen").click()
    a.run()
    assert a.at.get("download_button")[0].label == "Hent Excel-filen (0 risikolinjer)"
