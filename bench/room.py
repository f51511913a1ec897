"""The workshop room's four latencies in Chromium against a real server (issue 15: each ≤ 1 s median).

``streamlit run app.py`` on a municipality (mode 'none', 127.0.0.1) with an open workshop on one of
its systems (agenda of ``rounds`` + 1 threats, three guests seated through the service before the
server starts). Five browser contexts, each a Streamlit session: the facilitator (1440×900), the
projector (1920×1080) and three participants (one on a phone, 390×844). Per threat:

* **vote → facilitator:** each participant in turn clicks "Afgiv stemme"; until the facilitator's
  screen says "k af 3 har stemt" (3 samples per threat);
* **reveal → participants:** the facilitator clicks "Vis stemmerne"; until each participant's screen
  says the votes are shown (3 samples);
* **decide → projector:** the facilitator clicks "Registrér og gå videre" (the room agrees, no rationale
  needed); until the projector shows the next threat (1 sample);
* **next → participants:** the same click; until each participant's screen shows the next threat (3 samples).

Before the first threat the five screens sit idle for 10 s and the server's CPU is read (``idle_cpu``, a share of
one core): what the screens' polling costs, which grows with the number of people in the room.

Each screen looks for news on its own (a 0.5 s fragment reading a cheap change marker). The time is
taken in the browsers: before the click, every watched page arms a MutationObserver that stamps
``Date.now()`` when its text first holds the awaited words; the latency is that stamp minus the
click's wall-clock time. Nothing is waited for by polling from here, so a page checked late is not
counted late.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from bench.live import CHROMIUM, CHROMIUM_ARGS, ROOT, TIMEOUT_MS, Server, settle

DESK = {"width": 1440, "height": 900}
PROJECTOR = {"width": 1920, "height": 1080}
PHONE = {"width": 390, "height": 844}
GUESTS = ("Anne Andersen", "Bo Berg", "Cecilie Clausen")
MAIN = '[data-testid="stMain"]'

# Stamp the first moment the main area's text holds ``needle`` (window.__seen), from now on.
_ARM_JS = """(needle) => {
    window.__seen = null;
    if (window.__obs) window.__obs.disconnect();
    const check = () => {
        const main = document.querySelector('[data-testid="stMain"]');
        if (window.__seen === null && main && main.innerText.includes(needle)) {
            window.__seen = Date.now();
            window.__obs.disconnect();
        }
    };
    window.__obs = new MutationObserver(check);
    window.__obs.observe(document.body, {subtree: true, childList: true, characterData: true, attributes: true});
    check();
    return window.__seen;
}"""


def prepare(db: Path, threats: int) -> dict:
    """Before the server holds the file: an open workshop on the system with the most threats, the
    first ``threats`` of them on the agenda, three guests seated. Returns ids, code and tokens."""
    from riskmodel.domain.model import LOCAL_ACTOR
    from riskmodel.services import open_workbench

    wb = open_workbench(db)
    try:
        best = None
        for sid, *_ in wb.systems.names(LOCAL_ACTOR)[:40]:
            a = wb.assessments.current(LOCAL_ACTOR, sid)
            if a is None or wb.workshops.open_for(LOCAL_ACTOR, a.id):
                continue
            n = len(wb.assessments.lines(LOCAL_ACTOR, a.id))
            if n >= threats and (best is None or n > best[1]):
                best = (a.id, n)
        if best is None:
            raise RuntimeError(f"no assessment with {threats} threats in {db.name}")
        ids = [ln.id for ln in wb.assessments.lines(LOCAL_ACTOR, best[0])][:threats]
        wid = wb.workshops.open(LOCAL_ACTOR, best[0], agenda=ids)
        code = wb.workshops.live(LOCAL_ACTOR, wid).workshop["code"]
        tokens = [wb.workshops.join(code, name, "fagperson", browser=f"bench-{i}", client=f"10.9.0.{i}")[1]
                  for i, name in enumerate(GUESTS)]
    finally:
        wb.db.close()
    return {"wid": wid, "code": code, "tokens": tokens, "threats": threats}


IDLE_SECONDS = 10.0


def _server_cpu(pid: int, seconds: float) -> float:
    """The server process's CPU time over ``seconds`` of wall time, as a share of one core (Linux /proc)."""
    def used() -> float:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime

    c0, t0 = used(), time.monotonic()
    time.sleep(seconds)
    return (used() - c0) / (time.monotonic() - t0)


def _arm(pages: list, needle: str) -> None:
    for page in pages:
        if page.evaluate(_ARM_JS, needle) is not None:
            raise RuntimeError(f"'{needle}' is on screen before the action")


def _stamps(pages: list, t0_ms: float, timeout: float = 60.0) -> list[float | None]:
    """Seconds from ``t0_ms`` until each page showed its awaited words; None for a page that did not
    within ``timeout`` (counted as a miss and reported, never as a time)."""
    deadline = time.monotonic() + timeout
    while True:
        seen = [page.evaluate("() => window.__seen ?? null") for page in pages]
        if all(s is not None for s in seen) or time.monotonic() > deadline:
            return [None if s is None else (s - t0_ms) / 1000 for s in seen]
        time.sleep(0.05)


def _keep(out: dict, key: str, values: list[float | None]) -> None:
    out[key] += [v for v in values if v is not None]
    out["missed"][key] += sum(v is None for v in values)


def _open(browser, url: str, viewport: dict, ready: str):
    ctx = browser.new_context(viewport=viewport)
    ctx.set_default_timeout(TIMEOUT_MS)
    page = ctx.new_page()
    page.goto(url, timeout=TIMEOUT_MS, wait_until="commit")
    page.locator(MAIN).get_by_text(ready).first.wait_for(timeout=TIMEOUT_MS)
    settle(page)
    return ctx, page


def _choose(page, value: int) -> None:
    """A participant picks ``value`` in every row (untimed, at a person's pace)."""
    for group in page.get_by_role("radiogroup").all():
        group.get_by_text(str(value), exact=True).click()
        page.wait_for_timeout(150)


def run(db: Path, work: Path, rounds: int = 3, log=print) -> dict:
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        raise RuntimeError(f"{CHROMIUM} is missing")
    room = prepare(db, rounds + 1)
    total = room["threats"]
    out: dict = {"vote": [], "reveal": [], "decide": [], "next": [], "missed": {"vote": 0, "reveal": 0,
                                                                                 "decide": 0, "next": 0}}
    with Server(db, work / f"streamlit-room-{db.stem}.log") as srv, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            first = browser.new_context()  # a fresh server: navigation mode first (tests/e2e/conftest.py)
            p0 = first.new_page()
            p0.goto(srv.url + "/", timeout=TIMEOUT_MS)
            p0.locator("h1").first.wait_for(timeout=TIMEOUT_MS)
            first.close()
            base = f"{srv.url}/workshop?id={room['wid']}"
            _, fac = _open(browser, base, DESK, "har stemt")
            _, proj = _open(browser, base + "&visning=projektor", PROJECTOR, "har stemt")
            people = [_open(browser, f"{srv.url}/deltag?kode={room['code']}&m={token}", vp, "Afgiv stemme")[1]
                      for token, vp in zip(room["tokens"], (PHONE, DESK, DESK), strict=True)]
            out["idle_cpu"] = _server_cpu(srv.proc.pid, IDLE_SECONDS)  # five screens open, nobody doing anything
            log(f"  server CPU with the five screens idle: {100 * out['idle_cpu']:.0f} % of one core")
            for k in range(1, rounds + 1):
                for n, p in enumerate(people, 1):  # vote -> facilitator
                    _choose(p, 2)
                    _arm([fac], f"{n} af 3 har stemt")
                    t0 = time.time() * 1000
                    p.get_by_role("button", name="Afgiv stemme").click()
                    _keep(out, "vote", _stamps([fac], t0))
                    settle(p)
                settle(fac)
                _arm(people, "Facilitatoren har vist stemmerne")  # reveal -> participants
                t0 = time.time() * 1000
                fac.get_by_role("button", name="Vis stemmerne").click()
                _keep(out, "reveal", _stamps(people, t0))
                settle(fac)
                fac.get_by_role("button", name="Registrér og gå videre").wait_for(timeout=TIMEOUT_MS)
                nxt = f"Trussel {k + 1} af {total}"
                _arm([proj, *people], nxt)  # decide (and next) -> projector and participants
                t0 = time.time() * 1000
                fac.get_by_role("button", name="Registrér og gå videre").click()
                seen = _stamps([proj, *people], t0)
                if None in seen:  # a screen that never showed it: kept as a picture, counted as a miss
                    for i, pg in enumerate([fac, proj, *people]):
                        pg.screenshot(path=str(ROOT / ".bench-cache" / f"room-miss-{k}-{i}.png"))
                _keep(out, "decide", seen[:1])
                _keep(out, "next", seen[1:])
                settle(fac)
                for i, p in enumerate(people):
                    if seen[1 + i] is None:  # a stuck or blank screen: open the link again, as a person would
                        p.goto(f"{srv.url}/deltag?kode={room['code']}&m={room['tokens'][i]}", wait_until="commit")
                    p.get_by_role("button", name="Afgiv stemme").wait_for(timeout=TIMEOUT_MS)
                    settle(p)
                log(f"  threat {k}: vote {out['vote'][-3:]}, reveal {out['reveal'][-3:]}, "
                    f"decide {out['decide'][-1:]}, next {out['next'][-3:]}, missed {out['missed']}")
        finally:
            browser.close()
    return out
