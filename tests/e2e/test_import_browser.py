"""A register from another tool imported through the page in Chromium (issue 17): the first check shows
the proposed conversions in one table and the rows that are not risks; confirming the conversions and a
default department lets the file import as delivered."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.conftest import RUN_TIMEOUT_MS
from tests.foreign_registers import foreign_register


def test_a_foreign_register_imports_through_the_page(app, fresh_server, tmp_path):
    path = foreign_register(tmp_path)
    page = app.page
    app.goto(fresh_server.url + "/")  # a fresh server's first deep link lands on the overview
    app.goto(fresh_server.url + "/import")
    expect(page.locator("h1")).to_have_text("Excel-import")
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(path))
    app.settle()
    expect(page.get_by_text("Risikoregister fra et andet værktøj (arket 'Risici')")).to_be_visible()
    page.get_by_text("Opret systemer og trusler, der ikke findes").click()
    app.settle()
    department = page.get_by_label("Standardafdeling")
    department.fill("IT")
    department.press("Enter")
    app.settle()
    page.get_by_text("For hver af F, I og T, som truslen berører").click()
    app.settle()
    page.get_by_role("button", name="Kontrollér filen").click()
    app.settle()

    # Nothing converted silently: the conversions are proposed in one table, the skipped rows listed.
    expect(page.get_by_text("Omregning af værdier")).to_be_visible(timeout=RUN_TIMEOUT_MS)
    expect(page.locator('[data-testid="stAlertContentError"]')).to_contain_text("problemer")
    expect(page.get_by_text("har en værdi, der skal omregnes → bekræft omregningerne")).to_be_visible()
    expander = page.get_by_text("Rækker, der ikke er risici, springes over (3)")
    expect(expander).to_be_visible()
    expander.click()
    skipped = page.locator('[data-testid="stExpander"] [data-testid="stDataFrame"]').first
    rows = app.grid_rows(skipped)
    assert [r[-1] for r in rows] == ["tom række", "gentaget overskriftsrække", "total- eller sumrække"], rows
    editor = page.locator('[data-testid="stDataFrame"]').nth(1)  # the conversions, after the skipped rows
    table = app.grid_rows(editor)
    assert ["Sandsynlighed", "3 - Sandsynligt", "3"] in [r[-3:] for r in table], table
    assert ["Behandling", "Mitiger", "reducer"] in [r[-3:] for r in table], table

    page.get_by_role("button", name="Bekræft omregningerne og kontrollér igen").click()
    app.settle()
    expect(page.get_by_text("Lange trusselstitler forkortes; hele teksten gemmes i scenariet")).to_be_visible(
        timeout=RUN_TIMEOUT_MS)
    expect(page.locator('[data-testid="stAlertContentError"]')).to_have_count(0)
    page.get_by_role("button", name="Importér").click()
    app.settle()
    expect(page.locator('[data-testid="stAlertContentSuccess"]')).to_contain_text(
        "Importeret:", timeout=RUN_TIMEOUT_MS)
    expect(page.locator('[data-testid="stAlertContentSuccess"]')).to_contain_text("5 nye risikolinjer, 2 nye systemer")
