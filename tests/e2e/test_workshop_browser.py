"""A live workshop in real browsers: a facilitator and two participants, each in a browser context
(a Streamlit session) of their own, complete a threat.

The facilitator opens the workshop through the page; the participants join with the code from
the facilitator's screen and vote 1 and 4. Without any reload the facilitator's screen shows both
as voted and marks the disagreement; the facilitator reveals, records the agreed value with a
rationale and moves on, and both participant screens follow to threat 2 by themselves. A reload
keeps a participant's seat. The server then stops and its database holds both votes and the
decision.
"""

from __future__ import annotations

import re
import time

import duckdb
import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import VIEWPORT, App, StreamlitServer, build_demo_db

pytestmark = pytest.mark.e2e

LIVE_MS = 10_000  # the screens look for news every 1.5 s: well within this
MAIN = '[data-testid="stMain"]'


@pytest.fixture(scope="module")
def workshop_server(tmp_path_factory, browser):
    """A server of its own (mode 'none', 127.0.0.1) over a demo database: the test stops it to read the file."""
    tmp = tmp_path_factory.mktemp("e2e-workshop")
    db = tmp / "risk.duckdb"
    build_demo_db(db)
    with duckdb.connect(str(db), read_only=True) as con:
        (system,) = con.execute(
            "SELECT s.name FROM systems s JOIN assessments a ON a.system_id = s.id AND a.is_current "
            "WHERE s.status = 'aktiv' ORDER BY s.name LIMIT 1"
        ).fetchone()
    srv = StreamlitServer(db, tmp / "streamlit.log").start()
    srv.system = system
    yield srv
    srv.stop()


def _session(browser, srv, viewport=VIEWPORT) -> App:
    context = browser.new_context(viewport=viewport)
    context.set_default_timeout(30_000)
    return App(context.new_page(), srv.url)


def _vote(app: App, likelihood: int) -> None:
    page = app.page
    page.get_by_role("radiogroup", name="Sandsynlighed").get_by_text(re.compile(rf"^{likelihood} · ")).click()
    page.get_by_role("button", name="Afgiv stemme").click()
    expect(page.locator(MAIN).get_by_text("Din stemme er afgivet:", exact=False)).to_be_visible()


def test_facilitator_and_two_participants_complete_a_threat(browser, workshop_server, tmp_path_factory):
    srv = workshop_server
    started = time.monotonic()
    sessions: list[App] = []
    try:
        # The facilitator opens the workshop on the workshop page. The first visit puts the fresh
        # server in navigation mode (see the base_url fixture): the join page is the quickest to draw.
        facilitator = _session(browser, srv)
        sessions.append(facilitator)
        fac = facilitator.page
        facilitator.goto("/deltag")
        facilitator.goto("/workshop")
        fac.get_by_role("combobox", name="System").click()
        fac.get_by_role("option", name=re.compile(rf"^{re.escape(srv.system)} · ")).click()
        facilitator.settle()
        fac.get_by_role("button", name="Åbn workshop").click()
        facilitator.settle()
        expect(fac.locator("h1")).to_have_text(f"Workshop · {srv.system}")
        assert re.search(r"/workshop\?id=\d+$", fac.url), fac.url  # a reload stays on the workshop
        code = fac.locator('[data-testid="stMetricValue"]').first.inner_text()
        assert re.fullmatch(r"[A-Z0-9]{3}-[A-Z0-9]{3}", code), code
        link = fac.locator('[data-testid="stCode"]').first.inner_text().strip()
        assert link == f"{srv.url}/deltag?kode={code.replace('-', '')}"
        threat_1 = fac.locator(MAIN).locator("h2").first.inner_text()
        main = fac.locator(MAIN)
        expect(main.get_by_text("0 af 0", exact=True)).to_be_visible()

        # Two participants join from their own browsers with the link and vote 1 and 4. Both pages
        # start loading at once (a first page load in a new context takes seconds).
        participants = {name: _session(browser, srv, {"width": 1000, "height": 1400}) for name in ("Anne Andersen", "Bo Berg")}
        sessions.extend(participants.values())
        for p in participants.values():
            p.page.goto(link, wait_until="commit")
        for (name, p), likelihood in zip(participants.items(), (1, 4), strict=True):
            p.page.locator("h1").first.wait_for()
            p.settle()
            expect(p.page.get_by_label("Kode")).to_have_value(code)
            p.page.get_by_label("Dit navn").fill(name)
            p.page.get_by_role("button", name="Deltag").click()
            p.settle()
            expect(p.page.locator(MAIN)).to_contain_text(f"{name} (Systemejer)")
            expect(p.page.locator(MAIN).locator("h2").first).to_have_text(threat_1)
            assert "m=" in p.page.url  # the seat is in the participant's own URL
            _vote(p, likelihood)

        # The facilitator's screen, never reloaded, shows both votes and the disagreement.
        expect(main.get_by_text("2 af 2", exact=True)).to_be_visible(timeout=LIVE_MS)
        expect(main.get_by_text("✓ Anne Andersen (Systemejer)")).to_be_visible(timeout=LIVE_MS)
        expect(main.get_by_text("✓ Bo Berg (Systemejer)")).to_be_visible(timeout=LIVE_MS)
        expect(main.get_by_text("Uenighed om Sandsynlighed: stemmerne spænder fra 1 til 4", exact=False)).to_be_visible(
            timeout=LIVE_MS)

        # Reveal; the participants see every vote.
        fac.get_by_role("button", name="Vis stemmerne").click()
        facilitator.settle()
        for p in participants.values():
            expect(p.page.get_by_text("Facilitatoren har vist stemmerne.", exact=False)).to_be_visible(timeout=LIVE_MS)
            expect(p.page.locator(MAIN).locator('[data-testid="stTable"]').last).to_contain_text("Bo Berg")

        # Record the agreed value (likelihood proposed as the median, 3) with a rationale; move on.
        fac.get_by_label("Begrundelse").fill("To af tre enheder er dækket af backup")
        fac.get_by_role("button", name="Registrér aftalt værdi").click()
        facilitator.settle()
        expect(main.get_by_text("Aftalt: S 3", exact=False)).to_be_visible()
        fac.get_by_role("button", name="Næste trussel").click()
        facilitator.settle()
        expect(main.locator("h3").first).to_contain_text("Trussel 2 af")
        threat_2 = main.locator("h2").first.inner_text()
        assert threat_2 != threat_1

        # Both participants follow to threat 2 by themselves, with a fresh vote form.
        for p in participants.values():
            expect(p.page.locator(MAIN).locator("h3").first).to_contain_text("Trussel 2 af", timeout=LIVE_MS)
            expect(p.page.locator(MAIN).locator("h2").first).to_have_text(threat_2)
            expect(p.page.get_by_role("button", name="Afgiv stemme")).to_be_visible()

        # A reload (a dropped connection) keeps the seat: same person, same threat, no new join.
        anne = participants["Anne Andersen"]
        anne.page.reload()
        anne.page.locator("h1").first.wait_for()
        anne.settle()
        expect(anne.page.locator(MAIN)).to_contain_text("Anne Andersen (Systemejer)")
        expect(anne.page.locator(MAIN).locator("h2").first).to_have_text(threat_2)
        expect(main.get_by_text("0 af 2", exact=True)).to_be_visible(timeout=LIVE_MS)  # still two, none voted yet
    except Exception:
        shots = tmp_path_factory.mktemp("e2e-workshop-failure")
        for i, s in enumerate(sessions):
            shot = shots / f"session-{i}.png"
            try:
                s.page.screenshot(path=str(shot), full_page=True)
                print(f"screenshot: {shot}")
            except Exception as err:  # noqa: BLE001 - best effort on an already failing test
                print(f"no screenshot: {err}")
        print(f"--- streamlit log ---\n{srv.log_tail()}")
        raise
    finally:
        for s in sessions:
            s.page.context.close()
    elapsed = time.monotonic() - started

    # Every vote and the agreed value are kept with the assessment (who, what, when).
    srv.stop()
    with duckdb.connect(str(srv.db), read_only=True) as con:
        votes = con.execute(
            "SELECT p.name, v.likelihood, v.cast_at IS NOT NULL FROM votes v JOIN participants p ON p.id = v.participant_id "
            "ORDER BY v.id"
        ).fetchall()
        decisions = con.execute("SELECT likelihood, rationale, votes FROM decisions").fetchall()
        line = con.execute(
            "SELECT rl.likelihood, rl.score_rationale FROM decisions d JOIN risk_lines rl ON rl.id = d.line_id"
        ).fetchone()
        people = con.execute(
            "SELECT name, role_title FROM participants WHERE workshop_id IS NOT NULL ORDER BY id"
        ).fetchall()
    assert votes == [("Anne Andersen", 1, True), ("Bo Berg", 4, True)]
    assert decisions == [(3, "To af tre enheder er dækket af backup", 2)]
    assert line == (3, "To af tre enheder er dækket af backup")
    assert [n for n, _ in people] == ["Lokal bruger", "Anne Andersen", "Bo Berg"]  # facilitator first
    print(f"workshop flow in the browser: {elapsed:.1f} s")
