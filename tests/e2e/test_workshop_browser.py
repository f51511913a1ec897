"""The workshop room in real browsers: a facilitator (1440x900), a projector (1920x1080) and three
participants, one of them on a phone (390x844), each in a browser context (a Streamlit session) of
their own, take three threats of the agenda in an anonymous workshop.

The facilitator opens the workshop through the page with anonymous voting on. The projector shows
no sidebar, the join code in huge type and a QR code whose modules, read back from the image the
browser got, are segno's QR code of the join link. The participants join with the link; the phone's vote button, receipt
and every choice are on screen without scrolling. For each threat, the facilitator's reveal and
record-and-next buttons are in the first viewport, and the room agrees, so no rationale is needed.
The projector and the participants never show another participant's name. A participant who
opens the link again in the same browser gets the same seat; a participant taken out no longer
counts. The server then stops and its database holds the votes, three decisions and three seats.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import duckdb
import pytest
import segno
from playwright.sync_api import expect

from tests.e2e.conftest import App, StreamlitServer, build_demo_db

pytestmark = pytest.mark.e2e

LIVE_MS = 90_000  # the screens look for news every 0.5 s; the margin is for a loaded machine (2 cores, shared)
MAIN = '[data-testid="stMain"]'
DESK = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}
NAMES = ("Anne Andersen", "Bo Berg", "Cecilie Clausen")


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


def _session(browser, srv, viewport) -> App:
    context = browser.new_context(viewport=viewport)
    context.set_default_timeout(LIVE_MS)
    return App(context.new_page(), srv.url)


def _qr_modules(png: bytes) -> list[list[bool]]:
    """The dark modules of a QR code image with a quiet zone of 4 modules (segno's), read back from the
    pixel at each module's centre, whatever the scale the image was drawn at."""
    import io

    from PIL import Image

    img = Image.open(io.BytesIO(png)).convert("L")
    # The top-left finder pattern's corner is the first dark pixel on the diagonal: 4 modules in.
    size = next(x for x in range(img.width) if img.getpixel((x, x)) < 128) / 4
    n = round(img.width / size) - 8  # modules across, without the quiet zones
    return [[img.getpixel((int((x + 4.5) * size), int((y + 4.5) * size))) < 128 for x in range(n)]
            for y in range(n)]


def _in_first_viewport(locator, viewport) -> None:
    """The element is on screen as the page is, without any scrolling."""
    box = locator.bounding_box()
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"], box
    assert locator.evaluate("() => window.scrollY") == 0


def _join(p: App, link: str, name: str, opened: bool = False) -> None:
    if not opened:
        p.page.goto(link, wait_until="commit")
    p.page.get_by_label("Dit navn").wait_for(timeout=2 * LIVE_MS)
    p.settle()
    p.page.get_by_label("Dit navn").fill(name)
    p.page.wait_for_timeout(300)
    p.page.get_by_role("button", name="Deltag").click()
    p.settle()
    expect(p.page.locator(MAIN)).to_contain_text(f"{name} (Systemejer)")


def _vote(p: App, value: int, viewport) -> None:
    page = p.page
    expect(page.get_by_role("button", name="Afgiv stemme")).to_be_visible(timeout=LIVE_MS)
    for group in page.get_by_role("radiogroup").all():
        group.get_by_text(str(value), exact=True).click()
        page.wait_for_timeout(250)  # a person's pace
    button = page.get_by_role("button", name="Afgiv stemme")
    if viewport == PHONE:
        _in_first_viewport(button, viewport)
    button.click()
    p.settle()
    receipt = page.locator(MAIN).get_by_text("Kvittering:", exact=False)
    expect(receipt).to_be_visible()
    if viewport == PHONE:
        _in_first_viewport(receipt, viewport)


@pytest.mark.timeout(1500)  # five browsers over three threats: minutes on a loaded 2-core machine
def test_an_anonymous_room_with_projector_and_three_participants(browser, workshop_server, tmp_path_factory):
    srv = workshop_server
    started = time.monotonic()
    sessions: list[App] = []
    try:
        facilitator = _session(browser, srv, DESK)
        sessions.append(facilitator)
        fac = facilitator.page
        facilitator.goto("/deltag")  # the first visit puts the fresh server in navigation mode
        fac.goto(srv.url + "/workshop")
        fac.get_by_role("combobox", name="System").wait_for()
        facilitator.settle()
        fac.get_by_role("combobox", name="System").click()
        fac.get_by_role("option", name=re.compile(rf"^{re.escape(srv.system)} · ")).click()
        facilitator.settle()
        fac.get_by_text("Anonym afstemning").click()
        facilitator.settle()
        fac.get_by_role("button", name="Åbn workshop").click()
        facilitator.settle()
        main = fac.locator(MAIN)
        expect(main.get_by_text(f"Workshop · {srv.system}")).to_be_visible()
        code = re.search(r"Kode ([A-Z0-9]{3}-[A-Z0-9]{3})", main.inner_text()).group(1)
        wid = re.search(r"id=(\d+)", fac.url).group(1)
        link = f"{srv.url}/deltag?kode={code.replace('-', '')}"

        # The projector: no sidebar, the code in huge type and the QR code of the join link.
        projector = _session(browser, srv, {"width": 1920, "height": 1080})
        sessions.append(projector)
        proj = projector.page
        proj.goto(f"{srv.url}/workshop?id={wid}&visning=projektor", wait_until="commit")
        expect(proj.get_by_text("har stemt").first).to_be_visible(timeout=LIVE_MS)
        projector.settle()
        assert not proj.locator('[data-testid="stSidebar"]').is_visible()
        big_code = proj.locator(".st-key-ws_code h1")
        expect(big_code).to_have_text(code)
        assert float(big_code.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 64
        qr = proj.locator(MAIN).locator("img").first
        expect(qr).to_be_visible()
        src = qr.get_attribute("src")
        png = proj.request.get(src if src.startswith("http") else srv.url + src).body()
        # Read back module by module: segno's QR code of exactly this link (and of no other).
        expected = [[bool(v) for v in row] for row in segno.make(link, error="m", micro=False).matrix]
        assert _qr_modules(png) == expected

        # Three participants join with the link: Anne on a phone, Bo and Cecilie on laptops.
        viewports = dict(zip(NAMES, (PHONE, DESK, DESK), strict=True))
        people = {name: _session(browser, srv, vp) for name, vp in viewports.items()}
        sessions.extend(people.values())
        for p in people.values():  # the three first page loads overlap (each takes seconds on a loaded machine)
            p.page.goto(link, wait_until="commit")
        for name, p in people.items():
            _join(p, link, name, opened=True)
        expect(main.get_by_text("0 af 3 har stemt")).to_be_visible(timeout=LIVE_MS)

        # Bo opens the link again in the same browser: the same seat, not a fourth one.
        _join(people["Bo Berg"], link, "Bo Berg")
        expect(main.get_by_text("0 af 3 har stemt")).to_be_visible(timeout=LIVE_MS)

        for n, value in enumerate((2, 3, 1), 1):
            expect(main.get_by_text(f"Trussel {n} af")).to_be_visible(timeout=LIVE_MS)
            voters = [name for name in NAMES if name in people]
            for name in voters:
                expect(people[name].page.get_by_text(f"Trussel {n} af")).to_be_visible(timeout=LIVE_MS)
                _vote(people[name], value, viewports[name])
            expect(main.get_by_text(f"{len(voters)} af {len(voters)} har stemt")).to_be_visible(timeout=LIVE_MS)
            expect(proj.get_by_text(f"{len(voters)} af {len(voters)} har stemt")).to_be_visible(timeout=LIVE_MS)
            reveal = fac.get_by_role("button", name="Vis stemmerne")
            _in_first_viewport(reveal, DESK)
            reveal.click()
            facilitator.settle()
            record = fac.get_by_role("button", name=re.compile("^Registrér"))
            _in_first_viewport(record, DESK)
            expect(main.get_by_text("begrundelse er valgfri", exact=False)).to_be_visible()  # the room agreed
            # After the reveal: the histogram on the projector; no names anywhere but the facilitator's.
            expect(proj.locator(".js-plotly-plot")).to_be_visible(timeout=LIVE_MS)
            for name in voters:
                page = people[name].page
                expect(page.get_by_text("Facilitatoren har vist stemmerne.", exact=False)).to_be_visible(
                    timeout=LIVE_MS)
                others = [o for o in NAMES if o != name]
                shown = page.locator(MAIN).inner_text()
                assert not [o for o in others if o in shown], shown
            assert not [o for o in NAMES if o in proj.locator(MAIN).inner_text()]
            record.click()
            facilitator.settle()
            expect(proj.get_by_text(f"Trussel {n + 1} af")).to_be_visible(timeout=LIVE_MS)

            if n == 1:  # Cecilie is taken out: she no longer counts
                members = fac.get_by_role("button", name="Deltagere (3)")
                # While the live panel reruns, Streamlit may hold the old button beside the new one for a moment.
                expect(members).to_have_count(1, timeout=LIVE_MS)
                members.click()
                fac.get_by_role("button", name="Tag ud").nth(2).click()
                facilitator.settle()
                expect(main.get_by_text("0 af 2 har stemt")).to_be_visible(timeout=LIVE_MS)
                expect(people["Cecilie Clausen"].page.get_by_text("Facilitatoren har taget dig ud")).to_be_visible(
                    timeout=LIVE_MS)
                people.pop("Cecilie Clausen")
    except Exception:
        shots = tmp_path_factory.mktemp("e2e-workshop-failure")
        shots = Path(os.environ.get("WS_E2E_SHOTS", shots))
        for i, s in enumerate(sessions):
            shot = shots / f"session-{i}.png"
            try:
                s.page.screenshot(path=str(shot))
                print(f"screenshot: {shot}")
            except Exception as err:  # noqa: BLE001 - best effort on an already failing test
                print(f"no screenshot: {err}")
        print(f"--- streamlit log ---\n{srv.log_tail()}")
        raise
    finally:
        for s in sessions:
            s.page.context.close()
    elapsed = time.monotonic() - started

    srv.stop()
    with duckdb.connect(str(srv.db), read_only=True) as con:
        decisions = con.execute("SELECT likelihood, votes, rationale FROM decisions ORDER BY id").fetchall()
        seats = con.execute(
            "SELECT name, removed FROM participants WHERE workshop_id IS NOT NULL AND role_title <> 'facilitator' "
            "ORDER BY id").fetchall()
        names = {r[0] for r in con.execute(
            "SELECT p.name FROM votes v JOIN participants p ON p.id = v.participant_id").fetchall()}
    assert decisions == [(2, 3, ""), (3, 2, ""), (1, 2, "")]
    assert seats == [("Anne Andersen", False), ("Bo Berg", False), ("Cecilie Clausen", True)]
    assert names == set(NAMES)  # the record keeps who voted, also in an anonymous workshop
    print(f"workshop room in the browser: {elapsed:.1f} s")
