"""The workbench in headless Chromium against a real `streamlit run` server."""

from __future__ import annotations

import re
import time
import uuid

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import VIEWPORT, App

pytestmark = pytest.mark.e2e

LINK = re.compile(r"^/vurdering\?system=(\d+)$")
LINE_LINK = re.compile(r"^/vurdering\?system=(\d+)&trin=3&linje=(\d+)$")  # a heatmap cell's row: its risk line


def _radio(page, label: str):
    """The st.radio whose label is exactly ``label``."""
    return page.locator('[data-testid="stRadio"]').filter(
        has=page.locator('[data-testid="stWidgetLabel"]').get_by_text(label, exact=True)
    )


def test_scoring_a_new_system_adds_exactly_one_to_its_heatmap_cell(app, browser, base_url):
    page = app.page
    # (a) the count in cell (likelihood 4, consequence 4) before, on a second screen that stays open
    watcher_context = browser.new_context(viewport=VIEWPORT)
    watcher = App(watcher_context.new_page(), base_url).goto("/heatmap")
    expect(watcher.page.locator("h1")).to_have_text("Heatmap over alle systemer")
    expect(watcher.page.get_by_text("Siden opdaterer sig selv, når nogen gemmer en score.")).to_be_visible()
    before = watcher.cell_count(4, 4)

    # (b) create a system through the form, in a department typed as a new option
    suffix = uuid.uuid4().hex[:8]
    name, department = f"E2E-system {suffix}", f"E2E-afdeling {suffix}"
    app.goto("/systemer")
    page.get_by_text("Nyt system", exact=True).click()
    form = page.locator('[data-testid="stForm"]').first
    form.get_by_label("Systemets navn").fill(name)
    form.locator('[data-testid="stSelectbox"]').filter(has_text="Afdeling").click()
    page.keyboard.type(department)
    page.keyboard.press("Enter")
    form.get_by_label("Systemejer").fill("Erik Eriksen")
    form.locator('[data-testid="stSelectbox"]').filter(has_text="Klassifikation").click()
    page.get_by_role("option", name="Fortrolig", exact=True).click()
    form.locator('[data-testid="stSelectbox"]').filter(has_text="Kritikalitet").click()
    page.get_by_role("option", name="Høj", exact=True).click()
    form.get_by_role("button", name="Opret system").click()
    app.settle()
    expect(page.get_by_text(f"Systemet '{name}' er oprettet.")).to_be_visible()

    # (c) the new system's id from its link in the systems table
    page.get_by_label("Søg").fill(name)
    page.get_by_label("Søg").press("Enter")
    app.settle()
    table = page.locator('[data-testid="stDataFrame"]').first
    expect(app.grid(table)).to_have_attribute("aria-rowcount", "2")  # header + the one system
    headers = app.grid(table).locator("th").all_inner_texts()
    row = app.grid_rows(table)[0]
    assert row[0] == name and row[headers.index("Afdeling")] == department, (headers, row)
    links = [cell for cell in row if LINK.match(cell)]
    assert len(links) == 1, row
    system_id = int(LINK.match(links[0]).group(1))
    # The edit panel of the new system links to the same assessment.
    expect(page.get_by_role("link", name="Åbn risikovurderingen")).to_have_attribute("href", re.compile(rf"system={system_id}$"))

    app.goto(f"/vurdering?system={system_id}")
    expect(page.locator("h1")).to_have_text("Risikovurdering")
    page.get_by_role("button", name="Start risikovurdering").click()
    app.settle()
    expect(page.get_by_text("Risikovurderingen er startet.")).to_be_visible()
    # The guided flow opens on step 2 (the proposed threats); scoring is step 3.
    page.get_by_role("button", name="Næste: 3 · Scoring").click()
    app.settle()

    likelihood = _radio(page, "Sandsynlighed")
    likelihood.get_by_text("4 · Forventet", exact=True).click()
    app.settle()
    expect(_radio(page, "Sandsynlighed").get_by_role("radio", name=re.compile("^4 · Forventet"))).to_be_checked()
    confidentiality = _radio(page, "Konsekvens for Fortrolighed")
    confidentiality.get_by_text("4 · Graverende/ødelæggende", exact=True).click()
    app.settle()
    # 4x4 Standard names consequence step 4 as OS2compliance does
    expect(_radio(page, "Konsekvens for Fortrolighed").get_by_role(
        "radio", name=re.compile("^4 · Graverende"))).to_be_checked()  # a "/" breaks the role selector
    expect(page.get_by_text(re.compile(r"^Risikoniveau: Høj"))).to_be_visible()
    # The system's own inherent matrix counts the line at once.
    assert app.cell_count(4, 4, index=0) == 1

    # (d) the heatmap left open in the other session has redrawn by itself: one more in (4, 4)
    def shown() -> int | None:
        try:
            return watcher.cell_count(4, 4)
        except Exception:  # noqa: BLE001 - caught mid-redraw: look again
            return None

    deadline = time.monotonic() + 15
    while shown() != before + 1 and time.monotonic() < deadline:
        watcher.page.wait_for_timeout(100)
    watcher.settle()
    assert watcher.cell_count(4, 4) == before + 1
    watcher_context.close()
    # (e) and this session's heatmap counts the same
    app.goto("/heatmap")
    assert app.cell_count(4, 4) == before + 1


def test_clicking_a_heatmap_cell_lists_its_risk_lines_with_links(app):
    page = app.page
    app.goto("/heatmap")
    cells = app.matrix_cells()
    # A filled cell that fits one table page (50 rows); counts come from the drawn text.
    (lik, con), (n, _) = max(((cell, v) for cell, v in cells.items() if 0 < v[0] <= 50), key=lambda kv: kv[1][0])
    assert app.cell_count(lik, con) == n

    app.click_cell(lik, con)
    heading = page.locator("h3").filter(has_text="risici med sandsynlighed")
    expect(heading).to_have_text(re.compile(rf"^{n} risici med sandsynlighed {lik} .+ og konsekvens {con} "))
    table = page.locator('[data-testid="stDataFrame"]').first  # the legend is a static table
    grid = app.grid(table)
    expect(grid).to_have_attribute("aria-rowcount", str(n + 1))  # the header row + one row per risk line
    headers = grid.locator("th").all_inner_texts()
    # what identifies the row, who owns it and its link first (in view at 1280 px: test_layout_browser.py)
    assert headers[:4] == ["System", "Trussel", "Risikoejer", "Åbn"] and "Afdeling" in headers, headers
    link, department, threat = headers.index("Åbn"), headers.index("Afdeling"), headers.index("Trussel")
    rows = app.grid_rows(table)
    assert rows and all(LINE_LINK.match(r[link]) for r in rows), rows
    assert len({LINE_LINK.match(r[link]).group(2) for r in rows}) == len(rows)  # one link per risk line
    likelihood_col, consequence_col = headers.index("Sandsynlighed"), headers.index("Konsekvens")
    assert {(r[likelihood_col], r[consequence_col]) for r in rows} == {(str(lik), str(con))}

    # The link opens that system's risk assessment on step 3, at that risk line.
    opened = app.click_link_in_first_row(table)
    expect(opened).to_have_url(re.compile(re.escape(rows[0][link]) + "$"))
    expect(opened.locator("h1")).to_have_text("Risikovurdering")
    expect(opened.get_by_role("combobox", name="System")).to_have_value(f"{rows[0][0]} · {rows[0][department]}")
    expect(opened.get_by_role("heading", name="3 · Scoring")).to_be_visible()
    expect(opened.locator('[data-testid="stMain"] strong').filter(
        has_text=re.compile(rf"^\d+/\d+ · .+ · {re.escape(rows[0][threat])}$"))).to_be_visible()
    opened.close()


def test_clicking_an_empty_cell_says_it_is_empty(app):
    page = app.page
    app.goto("/heatmap")
    # Keep only the 'Lav' level: the high cells are then empty and have no text to click.
    page.locator('[data-testid="stMultiSelect"]').filter(has_text="Risikoniveau").click()
    page.get_by_role("option", name="Lav", exact=True).click()
    page.keyboard.press("Escape")
    app.settle()
    expect(page.locator(".js-plotly-plot .gtitle")).to_contain_text("scorede risici")
    assert app.cell_count(4, 4) == 0
    app.click_cell(4, 4)
    expect(page.get_by_text("Ingen risici i dette felt med de valgte filtre.")).to_be_visible()
    expect(page.locator("h3").filter(has_text="risici med sandsynlighed")).to_have_text(re.compile("^0 risici"))


def test_english_switch_turns_the_navigation_english(app):
    page = app.page
    app.goto("/")
    nav = page.locator('[data-testid="stSidebarNav"]')
    expect(nav).to_contain_text("Oversigt")
    page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').filter(has_text="Sprog").click()
    page.get_by_role("option", name="English", exact=True).click()
    app.settle()
    for label in ("Overview", "Systems", "Risk assessment", "Heatmap", "Threat catalogue", "Excel export", "Settings"):
        expect(nav.get_by_text(label, exact=True)).to_be_visible()
    expect(nav).not_to_contain_text("Oversigt")
    expect(page.locator("h1")).to_have_text(re.compile(r"^Risk workshop · "))
    # Within the session the language stays English on the other pages.
    nav.get_by_text("Systems", exact=True).click()
    app.settle()
    expect(page.locator("h1")).to_have_text("Systems")


def test_switching_language_keeps_every_choice_on_the_page(app):
    """A choice made in Danish survives a switch to English. The browser keeps a dropdown's choice as its shown
    text ("I dag"); after the switch no English option had that text, so Streamlit handed the page the text itself
    instead of the value: the year comparison broke here, and in a workshop 'Record and move on' refused
    "Likelihood: '2 · Mindre sandsynlig' is not a number" (found by a facilitator switching language)."""
    page = app.page
    app.goto("/baselines")
    main = page.locator('[data-testid="stMain"]')
    to_year = main.locator('[data-testid="stSelectbox"]').filter(has_text="Til")
    expect(to_year.locator("input")).to_have_value("I dag")  # a dropdown shows its choice as an input's value
    page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').filter(has_text="Sprog").click()
    page.get_by_role("option", name="English", exact=True).click()
    app.settle()
    expect(page.locator("h1")).to_contain_text("Baselines")
    expect(main.locator('[data-testid="stSelectbox"]').filter(has_text="To").locator("input")).to_have_value("Today")
    expect(main.locator('[data-testid="stException"]')).to_have_count(0)
    expect(main.locator('[data-testid="stAlertContentError"]')).to_have_count(0)
    page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').filter(has_text="Language").click()
    page.get_by_role("option", name="Dansk", exact=True).click()
    app.settle()
    expect(to_year.locator("input")).to_have_value("I dag")
    expect(main.locator('[data-testid="stException"]')).to_have_count(0)


def test_deep_link_on_a_fresh_server(app, fresh_server):
    """With a pages/ folder next to app.py, a fresh server serves a first deep link in Streamlit's
    old folder mode (the page without app.py). The page hands over to app.py: the visitor lands on
    the overview with the app's navigation, never on a page that skipped the sign-in gate."""
    app.page.goto(fresh_server.url + "/heatmap")
    app.settle()
    sidebar = app.page.locator('[data-testid="stSidebar"]')
    expect(sidebar).to_contain_text("Oversigt", timeout=10000)
    expect(sidebar).to_contain_text("Sprog", timeout=10000)  # the script draws it after the navigation
    expect(sidebar).not_to_contain_text("participant", timeout=1000)
    expect(app.page.locator("h1")).to_contain_text("Risikoværkstedet", timeout=5000)
    # From then on the server is in navigation mode: the deep link works.
    app.page.goto(fresh_server.url + "/heatmap")
    app.settle()
    expect(app.page.locator("h1")).to_have_text("Heatmap over alle systemer", timeout=10000)


def test_a_measures_typed_owner_outlives_a_click_on_another_row(app):
    """Typed into a measure's owner field, not sent (no Enter), then another row of the plan clicked: the field's
    value reaches the server as it loses focus and is kept; the new measure's pane names the one with unsaved edits,
    "Åbn og gem" brings it back with the typed name, and "Kassér ændringerne" draws what is stored. (A form dropped
    the text without a word: found in Chromium.) Nothing is saved, so the shared server's data stay as they were."""
    page = app.page
    app.goto("/handlingsplan")
    main = page.locator('[data-testid="stMain"]')
    table = main.locator('[data-testid="stDataFrame"]').first

    def pick(row: int) -> None:
        table.scroll_into_view_if_needed()
        box = table.locator("canvas").first.bounding_box()
        page.mouse.click(box["x"] + 16, box["y"] + 35 + 17 + 35 * row)  # the row's marker
        app.settle()

    pick(0)
    owner = main.get_by_label("Ansvarlig for foranstaltningen")
    stored = owner.input_value()
    first = main.locator("h3").filter(has_text="Foranstaltning:").first.inner_text()
    owner.click()
    page.keyboard.press("Control+A")
    page.keyboard.type("Karin Kok", delay=50)
    pick(1)
    expect(main.locator("h3").filter(has_text="Foranstaltning:").first).not_to_have_text(first)
    measure = first.split(": ", 1)[1]
    expect(main.get_by_text(f'Ikke gemt: dine ændringer i foranstaltningen "{measure}"', exact=False)).to_be_visible()
    main.get_by_role("button", name="Åbn og gem").click()
    app.settle()
    expect(main.locator("h3").filter(has_text="Foranstaltning:").first).to_have_text(first)
    expect(owner).to_have_value("Karin Kok")
    expect(main.get_by_text("Du har ændringer her, som ikke er gemt.", exact=False)).to_be_visible()
    main.get_by_role("button", name="Kassér ændringerne").click()
    app.settle()
    expect(owner).to_have_value(stored)
    expect(main.get_by_text("Ikke gemt:", exact=False)).to_have_count(0)
