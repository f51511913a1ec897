"""The committee pack in a real client: LibreOffice opens the exported workbook and prints it to PDF.

LibreOffice is Debian's ``libreoffice-calc-nogui`` (installed by .ci/run). Without it the test is
skipped locally and fails on CI (env CI set), like the browser tests.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import date

import pytest

from riskmodel.domain.model import LOCAL_ACTOR
from riskmodel.reports.export import export_workbook
from riskmodel.reports.system_report import export_system_report
from riskmodel.services import SystemFilter
from riskmodel.services.demo import build_demo
from tests.pdf_print import print_problems

# The sheets that print; the full register (34 columns, for filtering) does not, Risikooversigt is its print layout.
SHEETS = [
    "Forside",
    "Heatmap",
    "Sammenligning",
    "Ændrede linjer",
    "Risikooversigt",
    "Handlingsplan",
    "Behandlingsaktiviteter og DPIA",
    "Dispensationer",
    "Gennemgangsstatus",
]


def _libreoffice() -> str:
    exe = shutil.which("libreoffice") or shutil.which("soffice")
    if exe is None:
        message = "LibreOffice is missing (apt-get install libreoffice-calc-nogui)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return exe


def _to_pdf(exe: str, xlsx, tmp_path):
    profile = tmp_path / "lo-profile"  # a profile of its own: no clash with another LibreOffice
    done = subprocess.run(
        [exe, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(xlsx)],
        capture_output=True, text=True, timeout=240, check=False,
    )
    pdf = xlsx.with_suffix(".pdf")
    assert done.returncode == 0 and pdf.exists(), done.stdout + done.stderr
    return pdf


def _problems(pdf) -> tuple[int, dict]:
    pdfplumber = pytest.importorskip("pdfplumber")
    with pdfplumber.open(str(pdf)) as doc:
        problems = {}
        for number, page in enumerate(doc.pages, start=1):
            found = print_problems(page)
            if found["small"] or found["overlaps"] or not found["chars"]:
                problems[number] = (found["chars"], found["min_size"], found["overlaps"][:5])
        return len(doc.pages), problems


@pytest.fixture(scope="module")
def printed(tmp_path_factory, open_copy):
    """The demo municipality's pack, exported and printed to PDF by LibreOffice once for this module."""
    exe = _libreoffice()
    tmp_path = tmp_path_factory.mktemp("pack")
    wb = open_copy(tmp_path / "risk.duckdb")
    try:
        build_demo(wb, LOCAL_ACTOR, systems=12, seed=5)
        xlsx = tmp_path / "pakke.xlsx"
        rows = export_workbook(wb, LOCAL_ACTOR, xlsx, year=2026, today=date(2026, 11, 27))
        municipality = wb.settings.municipality()
        report = tmp_path / "rapport.xlsx"
        system_id = int(wb.systems.search(LOCAL_ACTOR, SystemFilter()).rows.iloc[0]["id"])
        export_system_report(wb, LOCAL_ACTOR, system_id, report, today=date(2026, 11, 27))
    finally:
        wb.db.close()
    return {"pdf": _to_pdf(exe, xlsx, tmp_path), "report": _to_pdf(exe, report, tmp_path), "rows": rows,
            "municipality": municipality}


def test_the_pack_opens_in_libreoffice_and_prints(printed):
    pypdf = pytest.importorskip("pypdf")
    rows = printed["rows"]
    reader = pypdf.PdfReader(str(printed["pdf"]))
    pages = [p.extract_text() or "" for p in reader.pages]
    n = len(pages)
    # Every sheet prints (its name is in the page header), the register over several pages.
    assert n >= len(SHEETS) + 2, n
    for sheet in SHEETS:
        assert any(sheet in text for text in pages), sheet
    first = pages[0]
    assert "Risikovurdering af kommunens systemer" in first and printed["municipality"] in first
    # The footer numbers the pages ("Side 1 af N"); the print layouts fit one page across, so the overview's
    # pages are about rows / rows-per-page, not columns x rows.
    assert all("Side " in text for text in pages)
    overview_pages = sum(1 for text in pages if "Risikooversigt" in text and "Behandling og foranstaltning" in text)
    assert 1 <= overview_pages <= rows // 5 + 1
    # Every page of a long table carries its column headings (the changed lines were once a list deep in the
    # comparison sheet, headless from its second page on).
    for sheet, heading in (("Ændrede linjer", "Status"), ("Risikooversigt", "Vurdering"),
                           ("Handlingsplan", "Status")):  # one-word headings: extraction keeps them whole
        sheet_pages = [text for text in pages if text.split("\n", 1)[0].endswith(sheet)]  # the header names the sheet
        assert sheet_pages and all(heading in text for text in sheet_pages), sheet
    # On paper the committee gets the lines whose residual risk requires action and the open measures; the header
    # says how many of all (the sheets keep every row for filtering).
    assert any("Udskrevet:" in text and "linjer (restrisiko, der kræver handling)" in text for text in pages)
    assert any("Udskrevet:" in text and "åbne af" in text for text in pages)
    # The full register is for filtering and import in Excel: it is in the workbook, not on paper.
    assert not any("Linje-ID" in text for text in pages)
    # Landscape A4.
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height)


def test_every_printed_page_reads_at_8_points_with_no_text_over_other_text(printed):
    """Issue 18: the register printed in 2-point type and wrapped cells printed over the rows below; the cover's
    labels were cut and its definitions printed over the level legend."""
    pages, problems = _problems(printed["pdf"])
    assert pages >= len(SHEETS)
    assert problems == {}  # and no blank page either


def test_a_systems_report_prints_the_same_way(printed):
    pages, problems = _problems(printed["report"])
    assert pages >= 5
    assert problems == {}
