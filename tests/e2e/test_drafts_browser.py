"""Half-typed long texts survive a reload, in Chromium: a measure's description in the treatment plan and a
dispensation request's justification and alternative safeguards (against the shared server, nothing saved); a
threat's rationale in the guided assessment and a new system's description (on a server of their own).

Streamlit sends a text area's value only when the field loses focus (or, in a form, when it is sent). Someone
typing a long text who reloads, or whose laptop reloads the tab, before that would lose it; the fields are kept
in the browser's localStorage keystroke by keystroke (pages/ui/draft_keeper.py). "Kassér ændringerne" drops the
kept text too: a reload after it shows what is stored; so does a save, or a record made from a "new" form.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from riskmodel.domain.model import LOCAL_ACTOR, SystemInput
from tests.e2e.conftest import RUN_TIMEOUT_MS, VIEWPORT, App, StreamlitServer, choose

pytestmark = pytest.mark.e2e

RATIONALE = "Sjældent: leverandøren har to-faktor-login og logger alle opslag"
TYPED = " Og logning af alle opslag i CPR, gennemgået månedligt af systemejeren"


def _reload(app: App) -> None:
    app.page.reload()
    app.page.locator("h1").first.wait_for(timeout=RUN_TIMEOUT_MS)
    app.settle()


def test_a_measures_half_typed_text_is_back_after_a_reload_and_gone_after_discard(app):
    page = app.page
    app.goto("/handlingsplan")
    main = page.locator('[data-testid="stMain"]')
    table = main.locator('[data-testid="stDataFrame"]').first
    box = table.locator("canvas").first.bounding_box()
    page.mouse.click(box["x"] + 16, box["y"] + 35 + 17)  # the first row's marker: its measure opens
    app.settle()
    expect(page).to_have_url(re.compile(r"[?&]linje=\d+$"))
    area = main.get_by_label("Foranstaltning", exact=True)
    stored = area.input_value()
    assert stored, "the demo's first measure has a description"
    area.click()
    page.keyboard.press("End")
    page.keyboard.type(TYPED, delay=10)  # typed, never left: Streamlit has not got it
    assert page.evaluate("() => document.activeElement.tagName") == "TEXTAREA"

    _reload(app)
    area = main.get_by_label("Foranstaltning", exact=True)
    expect(area).to_have_value(stored + TYPED)
    # Put back and given to the page: the pane says the measure has unsaved changes and offers to drop them.
    expect(main.get_by_text("Du har ændringer her, som ikke er gemt. Gem dem, eller kassér dem.")).to_be_visible()
    main.get_by_role("button", name="Kassér ændringerne").click()
    app.settle()
    expect(main.get_by_label("Foranstaltning", exact=True)).to_have_value(stored)

    _reload(app)  # thrown away is thrown away: the reload does not bring it back
    expect(main.get_by_label("Foranstaltning", exact=True)).to_have_value(stored)
    expect(main.get_by_role("button", name="Kassér ændringerne")).to_have_count(0)


def test_a_dispensation_requests_half_typed_texts_are_back_after_a_reload(app):
    page = app.page
    app.goto("/dispensationer")
    main = page.locator('[data-testid="stMain"]')
    new = main.locator('[data-testid="stExpander"]').filter(has_text="Anmod om dispensation").first

    def fields():
        if not new.get_by_label("Begrundelse", exact=True).is_visible():
            new.get_by_text("Anmod om dispensation", exact=True).click()
        return new.get_by_label("Begrundelse", exact=True), new.get_by_label("Alternative sikringsforanstaltninger",
                                                                               exact=True)

    why, instead = fields()
    why.click()
    page.keyboard.type("Leverandøren kan først levere to-faktor-login i 3. kvartal", delay=10)
    instead.click()
    page.keyboard.type("Adgang kun fra rådhusets net", delay=10)  # typed, never sent

    _reload(app)
    why, instead = fields()
    expect(why).to_have_value("Leverandøren kan først levere to-faktor-login i 3. kvartal")
    expect(instead).to_have_value("Adgang kun fra rådhusets net")


def test_a_threats_rationale_and_a_new_systems_description_are_back_after_a_reload(browser, open_copy, tmp_path):
    """The guided assessment's text areas save when they lose focus: a rationale typed and never left is back
    after a reload and then saved (a new version, still there after the next reload). A new system's description
    is back in the empty form after a reload, and gone from it once the system is created; so is the second
    dispensation request's justification after the first was sent."""
    db = tmp_path / "risk.duckdb"
    wb = open_copy(db)
    sid = wb.systems.create(LOCAL_ACTOR, SystemInput(name="Kladdesystem", department="Borgerservice"))
    line = wb.assessments.lines(LOCAL_ACTOR, wb.assessments.start(LOCAL_ACTOR, sid))[0]
    wb.db.close()
    srv = StreamlitServer(db, tmp_path / "streamlit.log").start()
    context = browser.new_context(viewport=VIEWPORT)
    try:
        app = App(context.new_page(), srv.url)
        page = app.page
        main = page.locator('[data-testid="stMain"]')
        app.goto("/")  # a first visitor puts the plain `streamlit run` server in navigation mode (tests/e2e/conftest.py)
        app.goto(f"/vurdering?system={sid}&trin=3&linje={line.id}")
        editor = page.locator(".st-key-line_editor")
        expect(editor.get_by_text(f"(version {line.version}).")).to_be_visible()
        editor.get_by_label("Begrundelse", exact=True).click()
        page.keyboard.type(RATIONALE, delay=10)  # typed, never left

        _reload(app)
        expect(editor.get_by_label("Begrundelse", exact=True)).to_have_value(RATIONALE)
        expect(editor.get_by_text(f"(version {line.version + 1}).")).to_be_visible()  # put back and saved
        _reload(app)
        expect(editor.get_by_label("Begrundelse", exact=True)).to_have_value(RATIONALE)  # the server's text now
        expect(editor.get_by_text(f"(version {line.version + 1}).")).to_be_visible()  # not saved twice

        app.goto("/systemer")

        def new_form():
            form = main.locator('[data-testid="stForm"]').filter(has=page.get_by_role("button", name="Opret system"))
            if not form.get_by_label("Beskrivelse", exact=True).is_visible():
                main.get_by_text("Nyt system", exact=True).click()
            return form

        form = new_form()
        form.get_by_label("Beskrivelse", exact=True).click()
        page.keyboard.type("Sagsbehandling af byggetilladelser", delay=10)  # typed, never sent
        _reload(app)
        form = new_form()
        expect(form.get_by_label("Beskrivelse", exact=True)).to_have_value("Sagsbehandling af byggetilladelser")
        form.get_by_label("Systemets navn").fill("Byg og Miljø")
        choose(app, form, "Afdeling", "Borgerservice")
        form.get_by_role("button", name="Opret system").click()
        app.settle()
        expect(page.get_by_text("Systemet 'Byg og Miljø' er oprettet.")).to_be_visible()
        _reload(app)  # created: the empty form does not bring the text back
        expect(new_form().get_by_label("Beskrivelse", exact=True)).to_have_value("")

        # A dispensation request sent, then the next one half-typed: it is back after a reload too (its draft
        # belongs to the number of requests, which a reload keeps; a counter in the session started again).
        app.goto("/dispensationer")
        request = main.locator('[data-testid="stForm"]').filter(
            has=page.get_by_role("button", name="Send anmodningen"))
        choose(app, request, "System", "Kladdesystem · Borgerservice")
        request.get_by_label("Afsnit i håndbogen").fill("4.2 Adgangsstyring")
        request.get_by_label("Begrundelse", exact=True).fill("Leverandøren leverer to-faktor-login i 3. kvartal")
        request.get_by_label("Alternative sikringsforanstaltninger", exact=True).fill("Adgang kun fra rådhusets net")
        request.get_by_role("button", name="Send anmodningen").click()
        app.settle()
        expect(main.get_by_text("Anmodningen er oprettet som nr.", exact=False)).to_be_visible()
        if not request.get_by_label("Begrundelse", exact=True).is_visible():
            main.get_by_text("Anmod om dispensation", exact=True).click()
        expect(request.get_by_label("Begrundelse", exact=True)).to_have_value("")  # a new, empty form
        request.get_by_label("Begrundelse", exact=True).click()
        page.keyboard.type("Den næste anmodning", delay=10)  # typed, never sent
        _reload(app)
        if not request.get_by_label("Begrundelse", exact=True).is_visible():
            main.get_by_text("Anmod om dispensation", exact=True).click()
        expect(request.get_by_label("Begrundelse", exact=True)).to_have_value("Den næste anmodning")
    except Exception:
        context.pages[0].screenshot(path=str(tmp_path / "failure.png"), full_page=True)
        print(f"screenshot: {tmp_path / 'failure.png'}\n--- streamlit log ---\n{srv.log_tail()}")
        raise
    finally:
        context.close()
        srv.stop()
