"""A processing activity in headless Chromium: created through the form (in a department typed as a
new option), screened to "DPIA påkrævet" with two "ja", its data-subject assessment started, and the
data-subject heatmap showing what the services count, and a line of it scored on the data subjects' scale.

The server has a demo database of its own: the test reads the data-subject counts through the
services before the server opens the file, and after stopping it checks what the clicks wrote.
"""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from riskmodel.domain.model import LOCAL_ACTOR
from riskmodel.services import open_workbench
from tests.e2e.conftest import RUN_TIMEOUT_MS, VIEWPORT, App, StreamlitServer, build_demo_db

pytestmark = pytest.mark.e2e

MAIN = '[data-testid="stMain"]'


@pytest.fixture(scope="module")
def activities_server(tmp_path_factory, browser):
    """A server of its own over a demo database; ``ds_counts`` as the services report them beforehand."""
    tmp = tmp_path_factory.mktemp("e2e-activities")
    db = tmp / "risk.duckdb"
    build_demo_db(db)
    wb = open_workbench(db)
    try:
        ds_counts = wb.portfolio.ds_heatmap(LOCAL_ACTOR)
        ds_residual = wb.portfolio.ds_heatmap(LOCAL_ACTOR, residual=True)
    finally:
        wb.db.close()
    assert sum(ds_counts.values()) > 0
    srv = StreamlitServer(db, tmp / "streamlit.log").start()
    srv.ds_counts, srv.ds_residual = ds_counts, ds_residual
    context = browser.new_context(viewport=VIEWPORT)  # the first visit puts the server in navigation mode
    page = context.new_page()
    page.goto(srv.url + "/")
    App(page, srv.url).settle()
    page.locator("h1").first.wait_for(timeout=RUN_TIMEOUT_MS)
    context.close()
    yield srv
    srv.stop()


@pytest.fixture
def app(browser, activities_server, request, tmp_path_factory):
    from tests.e2e.conftest import browser_session

    yield from browser_session(browser, activities_server.url, activities_server, request, tmp_path_factory)


def _radio(page, label: str):
    """The st.radio whose label is exactly ``label``."""
    return page.locator('[data-testid="stRadio"]').filter(
        has=page.locator('[data-testid="stWidgetLabel"]').get_by_text(label, exact=True)
    )


def _pick(page, form, label: str, option: str) -> None:
    """Choose ``option`` in the form's multiselect labelled ``label``."""
    field = form.locator('[data-testid="stMultiSelect"]').filter(has_text=label).locator("input")
    field.click()
    field.press_sequentially(option[:12])  # narrows the open list to the option
    page.get_by_role("option", name=option, exact=True).click()
    page.keyboard.press("Escape")
    expect(page.get_by_role("listbox")).to_have_count(0)  # the list is closed before the next click


def _answer(app: App, label: str, answer: str) -> None:
    _radio(app.page, label).get_by_text(answer, exact=True).click()
    app.settle()


def _counts(app: App, index: int = 0) -> dict[tuple[int, int], int]:
    return {cell: app.cell_count(*cell, index=index) for cell, (n, _) in app.matrix_cells(index).items() if n}


def test_screen_an_activity_to_dpia_required_and_start_its_data_subject_assessment(app, activities_server):
    page, srv = app.page, activities_server
    suffix = uuid.uuid4().hex[:6]
    name, department = f"E2E-behandling {suffix}", f"E2E-afdeling {suffix}"

    # (a) create the activity through the form, in a new department
    app.goto("/behandlinger")
    expect(page.locator("h1")).to_have_text("Behandlingsaktiviteter")
    page.get_by_text("Ny behandlingsaktivitet", exact=True).click()
    form = page.locator('[data-testid="stForm"]').first
    form.get_by_label("Behandlingsaktivitetens navn").fill(name)
    # A new department: typed into the box, then its "Add: ..." option chosen once the list offers it (an
    # Enter pressed before the list has caught up with the typing chooses nothing, and the form is refused).
    combo = form.get_by_role("combobox", name="Afdeling")
    combo.click()
    combo.press_sequentially(department)
    add = page.get_by_role("option", name=f"Add: {department}", exact=True)
    for _ in range(3):  # the list may close as the page finishes its first run (seen under load): open it again
        try:
            add.click(timeout=5_000)
            break
        except PlaywrightTimeoutError:
            combo.click()
    expect(combo).to_have_value(department)
    expect(combo).to_have_value(department)
    form.get_by_label("Formål").fill("Visitation til hjemmehjælp")
    form.get_by_label("Ansvarlig leder").fill("Erik Eriksen")
    _pick(page, form, "Retsgrundlag", "Art. 6, stk. 1, litra e (myndighedsudøvelse)")
    _pick(page, form, "Retsgrundlag", "Art. 9, stk. 2 (følsomme oplysninger)")
    _pick(page, form, "Kategorier af personoplysninger", "Følsomme oplysninger (art. 9)")
    submit = form.get_by_role("button", name="Opret behandlingsaktivitet")
    expect(submit).to_be_enabled()
    submit.click()
    app.settle()
    expect(page.get_by_text(f"Behandlingsaktiviteten '{name}' er oprettet.")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/behandlinger\?aktivitet=\d+$"))
    activity_id = int(re.search(r"aktivitet=(\d+)", page.url).group(1))
    expect(page.locator("h3").filter(has_text=name)).to_be_visible()
    expect(page.locator(MAIN)).to_contain_text("Screening: Screening ikke færdig")

    # (b) the screening: one "ja" is not enough, two make a DPIA required (and flagged as missing)
    page.get_by_role("tab", name="DPIA-screening").click()
    _answer(app, "4. Følsomme eller meget personlige oplysninger", "Ja")
    expect(page.locator(MAIN)).to_contain_text("1 kriterie opfyldt (grænsen er 2)")
    _answer(app, "3. Systematisk overvågning", "Nej")
    _answer(app, "7. Sårbare registrerede", "Ja")
    alert = page.locator('[data-testid="stAlert"]').filter(has_text="Screening: DPIA påkrævet")
    expect(alert).to_be_visible()
    expect(alert).to_contain_text(
        "2 kriterier er opfyldt (grænsen er 2): Følsomme eller meget personlige oplysninger, Sårbare registrerede"
    )
    missing = "Screeningen kræver en konsekvensanalyse (DPIA), men der er ikke registreret nogen."
    expect(page.get_by_text(missing, exact=False)).to_be_visible()
    # "ved ikke" is flagged for follow-up
    _answer(app, "5. Behandling i stort omfang", "Ved ikke")
    expect(page.get_by_text("Til opfølgning: besvaret 'ved ikke', skal afklares: Behandling i stort omfang.")).to_be_visible()
    # A note, saved with its answer when the field is left.
    note = page.get_by_label("Note", exact=True).nth(6)  # the notes follow the criteria; this is number 7's
    note.fill("Ældre borgere med demens")
    note.press("Enter")
    app.settle()

    # (c) the list flags it: DPIA required and none recorded
    page.get_by_label("Søg").fill(suffix)
    page.get_by_label("Søg").press("Enter")
    app.settle()
    table = page.locator('[data-testid="stDataFrame"]').first
    rows = app.grid_rows(table)
    assert len(rows) == 1 and rows[0][0] == name, rows
    assert "DPIA påkrævet" in rows[0] and "⚠ Mangler" in rows[0] and "Skal afklares" in rows[0], rows

    # (d) start the data-subject assessment; the link opens it by the activity
    page.get_by_role("tab", name="De registreredes risiko").click()
    expect(page.get_by_text("Bundgrænse for alvor ved brud på fortroligheden: 3 · Betydelig", exact=False)).to_be_visible()
    page.get_by_role("button", name="Start vurdering af de registreredes risiko").click()
    app.settle()
    expect(page.get_by_text(f"Vurderingen af de registreredes risiko er startet for '{name}'.")).to_be_visible()
    page.get_by_role("tab", name="De registreredes risiko").click()
    expect(page.get_by_text(re.compile(r"^Vurdering \d{4} · status: Kladde$"))).to_be_visible()
    link = page.get_by_role("link", name="Åbn vurderingen")
    expect(link).to_have_attribute("href", re.compile(rf"vurdering\?aktivitet={activity_id}$"))

    # (e) a reload keeps the activity open
    page.reload()
    app.settle()
    expect(page.locator("h3").filter(has_text=name)).to_be_visible()

    # (f) score the first line in the guided assessment on the data subjects' scale
    app.goto(f"/vurdering?aktivitet={activity_id}&trin=3")
    expect(page.locator("h1")).to_have_text("Risikovurdering")
    _radio(page, "Sandsynlighed").get_by_text("4 · Forventet", exact=True).click()
    app.settle()
    severity = _radio(page, "Alvor for de registrerede ved brud på fortrolighed")
    severity.get_by_text("4 · Maksimal", exact=True).click()
    app.settle()
    expect(_radio(page, "Alvor for de registrerede ved brud på fortrolighed").get_by_role(
        "radio", name=re.compile("^4 · Maksimal"))).to_be_checked()
    scored = dict(srv.ds_counts)
    scored[(4, 4)] = scored.get((4, 4), 0) + 1
    scored_residual = dict(srv.ds_residual)
    scored_residual[(4, 4)] = scored_residual.get((4, 4), 0) + 1

    # (g) the data subjects' heatmap counts what the services counted, plus the line just scored
    app.goto("/heatmap")
    page.get_by_role("radiogroup", name="Linse").get_by_role("radio", name="De registrerede").click()
    app.settle()
    expect(page.locator(".js-plotly-plot .gtitle")).to_have_text(
        f"Iboende risiko · {sum(scored.values())} scorede risici for de registrerede"
    )
    expect(page.locator(".js-plotly-plot .xtitle")).to_have_text("Alvor for de registrerede")
    assert _counts(app) == scored
    page.get_by_role("radiogroup", name="Vis").get_by_role("radio", name="Restrisiko").click()
    app.settle()
    expect(page.locator(".js-plotly-plot .gtitle")).to_contain_text("Restrisiko")
    assert _counts(app) == scored_residual
    # Both lenses side by side, and the table of the worse of the two
    page.get_by_role("radiogroup", name="Linse").get_by_role("radio", name="Begge").click()
    app.settle()
    expect(page.locator(".js-plotly-plot")).to_have_count(2)
    expect(page.locator("h3").filter(has_text="Værste af de to linser")).to_be_visible()
    headers = app.grid(page.locator('[data-testid="stDataFrame"]').first).locator("th").all_inner_texts()
    assert "Værst" in headers and "De registrerede, rest" in headers, headers

    # (h) what the clicks wrote, read once the server has let go of the file
    srv.stop()
    wb = open_workbench(srv.db)
    try:
        activity = wb.activities.get(LOCAL_ACTOR, activity_id)
        assert (activity.name, activity.department, activity.legal_bases) == (name, department, ["art6_1_e", "art9_2"])
        answers, screening = wb.activities.screening(LOCAL_ACTOR, activity_id)
        assert screening.conclusion == "dpia_required" and screening.yes == ("sensitive", "vulnerable")
        assert screening.unknown == ("large_scale",)
        assert answers["vulnerable"]["note"] == "Ældre borgere med demens"
        assert answers["monitoring"]["answer"] == "nej"
        assert list(wb.activities.dpia_missing(LOCAL_ACTOR)["id"]).count(activity_id) == 1
        current = wb.assessments.current_for_activity(LOCAL_ACTOR, activity_id)
        assert current is not None and current.lens == "ds" and current.status == "kladde"
        first = wb.assessments.lines(LOCAL_ACTOR, current.id)[0]
        assert (first.likelihood, first.cons_c) == (4, 4)
    finally:
        wb.db.close()
