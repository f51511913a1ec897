"""The idle timeout in a live workshop, in real browsers (issue 16, Medium #7).

The probe found a guest admitted 80 s after a 1-minute idle limit: the facilitator's live panel
redraws itself, and neither its own runs nor the full redraws a guest's join causes ever met the
idle check. Here a facilitator signs in (mode 'local', ``RISK_IDLE_MINUTES=0.5``: the same watch, half a
minute's wait), opens a workshop and sees a guest waiting to be let in; then does nothing. The facilitator's screen goes back to
the sign-in form by itself, with the idle message, and the guest is still waiting.
"""

from __future__ import annotations

import re

import duckdb
import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import VIEWPORT, StreamlitServer, add_user, build_demo_db
from tests.e2e.test_workshop_browser import _session

pytestmark = pytest.mark.e2e

PASSWORD = "e2e-adgangskode-42"
LIVE_MS = 10_000
IDLE_MS = 120_000  # the half-minute limit, the 7.5-s watch and a loaded machine's slowness
MAIN = '[data-testid="stMain"]'


@pytest.fixture(scope="module")
def idle_server(tmp_path_factory, browser):
    tmp = tmp_path_factory.mktemp("e2e-idle")
    db = tmp / "risk.duckdb"
    build_demo_db(db)
    add_user(db, "kaj", "Kaj Koordinator", "koordinator", PASSWORD)
    with duckdb.connect(str(db), read_only=True) as con:
        (system,) = con.execute(
            "SELECT s.name FROM systems s JOIN assessments a ON a.system_id = s.id AND a.is_current "
            "WHERE s.status = 'aktiv' ORDER BY s.name LIMIT 1"
        ).fetchone()
    with pytest.MonkeyPatch.context() as mp:
        # The server copies the environment when it starts. Half a minute, not less: the facilitator must stay
        # active while the guest joins and the room shows the guest, on a loaded machine too.
        mp.setenv("RISK_IDLE_MINUTES", "0.5")
        srv = StreamlitServer(db, tmp / "streamlit.log", auth="local").start()
    srv.system = system
    yield srv
    srv.stop()


def test_an_idle_facilitator_is_signed_out_and_cannot_let_a_guest_in(browser, idle_server):
    srv = idle_server
    facilitator = _session(browser, srv, VIEWPORT)  # a desk screen
    guest = _session(browser, srv, {"width": 390, "height": 844})
    try:
        fac = facilitator.page
        facilitator.goto("/")  # the first visit puts the fresh server in navigation mode (see conftest)
        fac.locator("h1").first.wait_for()
        facilitator.goto("/workshop")
        form = fac.locator('[data-testid="stForm"]')
        form.get_by_label("Brugernavn").fill("kaj")
        form.get_by_label("Adgangskode").fill(PASSWORD)
        form.get_by_role("button", name="Log ind").click()
        facilitator.settle()
        try:
            expect(fac.locator(MAIN).locator("h1")).to_have_text("Workshop")
        except AssertionError:
            fac.screenshot(path=str(srv.log.with_name("after-sign-in.png")))
            raise
        fac.get_by_role("combobox", name="System").click()
        fac.get_by_role("option", name=re.compile(rf"^{re.escape(srv.system)} · ")).click()
        facilitator.settle()
        fac.get_by_role("button", name="Åbn workshop").click()
        facilitator.settle()
        main = fac.locator(MAIN)
        expect(main.get_by_role("heading", name=f"Workshop · {srv.system}")).to_be_visible()
        # The rebuilt room keeps the join link under "Del og projektor".
        fac.get_by_role("button", name="Del og projektor").click()
        shared = fac.locator('[data-testid="stCode"]').filter(has_text="/deltag?kode=")
        expect(shared).to_be_visible()
        link = shared.inner_text().strip()
        fac.keyboard.press("Escape")
        expect(shared).to_be_hidden()

        # A guest joins with the link and waits; the facilitator's screen shows the guest by itself.
        guest.page.goto(link)
        guest.page.locator("h1").first.wait_for()
        guest.settle()
        guest.page.get_by_label("Dit navn").fill("Gæst Udefra")
        guest.page.get_by_role("button", name="Deltag").click()
        guest.settle()
        expect(guest.page.get_by_text("Du venter på, at facilitatoren lukker dig ind.")).to_be_visible()
        expect(main.get_by_text("Gæst Udefra", exact=False)).to_be_visible(timeout=LIVE_MS)
        expect(main.get_by_role("button", name="Luk ind")).to_be_visible()

        # The facilitator does nothing. The screen returns to the sign-in form by itself.
        expect(fac.get_by_text("Du er logget ud efter 0,5 min. uden aktivitet. Log ind igen.")).to_be_visible(
            timeout=IDLE_MS)
        expect(fac.locator('[data-testid="stForm"]').get_by_label("Brugernavn")).to_be_visible()
        expect(fac.get_by_role("button", name="Luk ind")).to_have_count(0)
        fac.screenshot(path=str(srv.log.with_name("facilitator-signed-out.png")))
        # ... and the guest was never let in.
        expect(guest.page.get_by_text("Du venter på, at facilitatoren lukker dig ind.")).to_be_visible()
    finally:
        facilitator.page.context.close()
        guest.page.context.close()
