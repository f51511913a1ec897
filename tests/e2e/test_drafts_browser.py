"""Half-typed long texts survive a reload, in Chromium against the shared server: a measure's description in the
treatment plan and a dispensation request's justification and alternative safeguards.

Streamlit sends a text area's value only when the field loses focus (or, in a form, when it is sent). Someone
typing a long text who reloads, or whose laptop reloads the tab, before that would lose it; the fields are kept
in the browser's localStorage keystroke by keystroke (pages/ui/draft_keeper.py). "Kassér ændringerne" drops the
kept text too: a reload after it shows what is stored. Nothing here is saved: the shared server's data stay as
they are.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import RUN_TIMEOUT_MS, App

pytestmark = pytest.mark.e2e

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
