"""A facilitator's half-typed rationale survives a reload (issue 15), in Chromium against a real server.

Streamlit sends a text area's value only when the field loses focus. The facilitator types into the
rationale and reloads *without* leaving the field: the text is back (kept in the browser's
localStorage keystroke by keystroke, pages/ui/draft_keeper.py), and once back it is also the
workshop's saved draft (a fresh browser sees it).

Behind the deploy's nginx, whose Content-Security-Policy refuses the component's code, the page shows
no error and keeps the rationale when the field loses focus: tests/e2e/test_deploy_proxy.py.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from riskmodel.domain.model import LOCAL_ACTOR
from riskmodel.services import open_workbench
from tests.e2e.conftest import App, StreamlitServer, build_demo_db

pytestmark = pytest.mark.e2e

DESK = {"width": 1440, "height": 900}
TYPED = "Vi er uenige om sandsynligheden; leverandøren har haft to nedbrud i år"


@pytest.fixture(scope="module")
def room_server(tmp_path_factory, browser):
    """A demo database with an open workshop whose votes are shown (the rationale field is on screen)."""
    tmp = tmp_path_factory.mktemp("e2e-draft")
    db = tmp / "risk.duckdb"
    build_demo_db(db)
    wb = open_workbench(db)
    try:
        sid = wb.systems.names(LOCAL_ACTOR)[0][0]
        aid = wb.assessments.current(LOCAL_ACTOR, sid).id
        wid = wb.workshops.open(LOCAL_ACTOR, aid)
        wb.workshops.reveal(LOCAL_ACTOR, wid)
    finally:
        wb.db.close()
    srv = StreamlitServer(db, tmp / "streamlit.log").start()
    srv.rooms = (wid,)
    yield srv
    srv.stop()


def _open(app: App, wid: int):
    app.page.goto(f"{app.base_url}/workshop?id={wid}", wait_until="commit")
    area = app.page.get_by_label("Begrundelse")
    area.wait_for(timeout=60_000)
    app.settle()
    return area


def test_a_half_typed_rationale_is_back_after_a_reload(browser, room_server):
    srv, wid = room_server, room_server.rooms[0]
    context = browser.new_context(viewport=DESK)
    try:
        app = App(context.new_page(), srv.url)
        app.page.goto(srv.url + "/", wait_until="commit")  # a fresh server: navigation mode first
        app.page.locator("h1").first.wait_for(timeout=60_000)
        area = _open(app, wid)
        area.click()
        app.page.keyboard.type(TYPED, delay=15)  # typed, never left: Streamlit has not got it
        assert app.page.evaluate("() => document.activeElement.tagName") == "TEXTAREA"
        app.page.reload(wait_until="commit")
        area = app.page.get_by_label("Begrundelse")
        expect(area).to_have_value(TYPED, timeout=60_000)
        app.settle()
        # Put back and committed: the server keeps it as the workshop's draft (a fresh browser sees it).
        fresh = browser.new_context(viewport=DESK)
        try:
            other = App(fresh.new_page(), srv.url)
            expect(_open(other, wid)).to_have_value(TYPED, timeout=60_000)
        finally:
            fresh.close()
        # Typing on after the reload is kept too.
        area.click()
        app.page.keyboard.press("End")
        app.page.keyboard.type(" og én til", delay=15)
        app.page.reload(wait_until="commit")
        expect(app.page.get_by_label("Begrundelse")).to_have_value(TYPED + " og én til", timeout=60_000)
    finally:
        context.close()
