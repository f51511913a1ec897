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

from riskmodel.demo import build_demo
from riskmodel.excel.export import export_workbook
from riskmodel.model import LOCAL_ACTOR

SHEETS = ["Forside", "Heatmap", "Sammenligning", "Risikoregister", "Handlingsplan", "Behandlingsaktiviteter og DPIA",
          "Dispensationer", "Gennemgangsstatus"]


def _libreoffice() -> str:
    exe = shutil.which("libreoffice") or shutil.which("soffice")
    if exe is None:
        message = "LibreOffice is missing (apt-get install libreoffice-calc-nogui)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return exe


def test_the_pack_opens_in_libreoffice_and_prints(wb, tmp_path):
    exe = _libreoffice()
    pypdf = pytest.importorskip("pypdf")
    build_demo(wb, LOCAL_ACTOR, systems=12, seed=5)
    xlsx = tmp_path / "pakke.xlsx"
    rows = export_workbook(wb, LOCAL_ACTOR, xlsx, year=2026, today=date(2026, 11, 27))
    profile = tmp_path / "lo-profile"  # a profile of its own: no clash with another LibreOffice
    done = subprocess.run(
        [exe, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(xlsx)],
        capture_output=True, text=True, timeout=240, check=False,
    )
    pdf = tmp_path / "pakke.pdf"
    assert done.returncode == 0 and pdf.exists(), done.stdout + done.stderr

    reader = pypdf.PdfReader(str(pdf))
    pages = [p.extract_text() or "" for p in reader.pages]
    n = len(pages)
    # Every sheet prints (its name is in the page header), the register over several pages.
    assert n >= len(SHEETS) + 2, n
    for sheet in SHEETS:
        assert any(sheet in text for text in pages), sheet
    first = pages[0]
    assert "Risikovurdering af kommunens systemer" in first and wb.settings.municipality() in first
    # The footer numbers the pages of each sheet ("Side 1 af N"); fit to width keeps the register's 34 columns
    # on one page across, so its pages are about rows / rows-per-page, not columns x rows.
    assert all("Side " in text for text in pages)
    register_pages = sum(1 for text in pages if "Risikoregister" in text and "Linje-ID" in text)
    assert 1 <= register_pages <= rows // 5 + 1
    # Landscape A4.
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height)
