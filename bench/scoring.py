"""Scoring in Chromium against a real server (issue 14): how soon step 3 opens, and click → settled page.

``streamlit run app.py`` on a municipality (free port, headless, auth 'none'), one Chromium page,
on the draft assessment bench/live.py picks (the most fully scored draft):

* open     - step 3 from a new page load (``goto …?system=…&trin=3``): from the navigation's start to the frame
             painted once the line editor is drawn and the script run is over, on the page's own clock
             (Playwright's view from ``goto``, with its polling and round trips, is printed beside it); and in the
             same session from step 2 through the stepper;
* guided   - a click on another likelihood of the line on screen (the one-threat-at-a-time view);
* grid     - Enter on a likelihood cell of the compact grid (after choosing the value in its editor).

A click is timed in the page itself: a capture listener stamps the user's input (pointerdown or
keydown), a MutationObserver stamps each change of the app's script state, and a double
requestAnimationFrame after the run is over stamps the next painted frame. "Settled" is that frame
after the last run the input caused, once no run has started for QUIET seconds. So Playwright's own
polling is not in the figure, and a run too quick to be seen as "running" is not missed.
"""

from __future__ import annotations

import time
from pathlib import Path

from bench import data
from bench.live import CHROMIUM, CHROMIUM_ARGS, TIMEOUT_MS, VIEWPORT, Server, goto, pick_system, settle

QUIET = 0.4  # seconds without a new run after the last one: the page has settled
RUN_OVER = '[data-testid="stApp"][data-test-script-state="notRunning"]'
_WATCH_JS = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (window.__bench && window.__bench.app === app) return;
    const b = window.__bench = {app, input: 0, runs: []};
    const stamp = () => { b.input = performance.now(); };
    document.addEventListener('pointerdown', stamp, true);
    document.addEventListener('keydown', stamp, true);
    new MutationObserver(() => {
        const state = app.getAttribute('data-test-script-state');
        const at = performance.now();
        if (state === 'running') { b.runs.push({start: at, painted: null}); return; }
        const run = b.runs[b.runs.length - 1];
        if (state === 'notRunning' && run && run.painted === null) {
            requestAnimationFrame(() => requestAnimationFrame(() => { run.painted = performance.now(); }));
        }
    }).observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
}"""
# (ms from the last input to the last painted run after it, the number of such runs, ms since that run was painted)
_SETTLED_JS = """() => {
    const b = window.__bench, now = performance.now();
    const after = b.runs.filter(r => r.start >= b.input - 5);
    if (!after.length) return null;
    const last = after[after.length - 1];
    if (last.painted === null) return null;
    return [last.painted - b.input, after.length, now - last.painted];
}"""


def watch(page) -> None:
    page.evaluate(_WATCH_JS)


def settled_after_input(page, timeout: float = TIMEOUT_MS / 1000) -> tuple[float, int]:
    """Seconds from the last user input to the page painted after the last run it caused, and how many runs."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        got = page.evaluate(_SETTLED_JS)
        if got is not None and got[2] >= QUIET * 1000:
            return got[0] / 1000, got[1]
        time.sleep(0.05)
    raise RuntimeError("the page did not settle after the input")


def _editor(page):
    return page.locator(".st-key-line_editor")


# Installed in every new document (context.add_init_script): stamps, on the page's own clock (0 = the navigation's
# start, the user's click or Enter), when the line editor's first radio is in the page, when the first script run is
# over, and the frame painted once both are true: what the user sees, without Playwright's polling and round trips.
OPEN_JS = """(() => {
    const b = window.__open = {editor: null, over: null, painted: null, ran: false};
    const check = () => {
        const app = document.querySelector('[data-testid="stApp"]');
        const state = app && app.getAttribute('data-test-script-state');
        if (state === 'running') b.ran = true;
        if (b.editor === null && document.querySelector('.st-key-line_editor [data-testid="stRadio"]')) {
            b.editor = performance.now();
        }
        if (b.ran && state === 'notRunning' && b.over === null) b.over = performance.now();
        if (b.editor !== null && b.over !== null && b.painted === null) {
            b.painted = -1;
            requestAnimationFrame(() => requestAnimationFrame(() => { b.painted = performance.now(); }));
        }
    };
    new MutationObserver(check).observe(document, {subtree: true, childList: true, attributes: true,
                                                   attributeFilter: ['data-test-script-state']});
})()"""


def open_step3(page, url: str) -> tuple[float, float]:
    """A new page load of step 3 until the line editor is drawn and the run is over: (seconds on the page's own
    clock from the navigation's start to the painted frame, seconds as Playwright saw it from ``goto``)."""
    t = time.perf_counter()
    page.goto(url, timeout=TIMEOUT_MS)
    _editor(page).locator('[data-testid="stRadio"]').first.wait_for(timeout=TIMEOUT_MS)
    page.locator(RUN_OVER).wait_for(state="attached", timeout=TIMEOUT_MS)
    page.wait_for_function("window.__open && window.__open.painted > 0", timeout=TIMEOUT_MS, polling=20)
    seen = time.perf_counter() - t
    return page.evaluate("window.__open.painted") / 1000, seen


def _likelihood(page):
    return _editor(page).locator('[data-testid="stRadio"]').first


def _checked(radio) -> int:
    return radio.locator("input").evaluate_all("els => els.findIndex(e => e.checked)")


def guided_click(page) -> tuple[float, int]:
    """Click another likelihood on the line on screen; seconds to the settled page, runs."""
    radio = _likelihood(page)
    checked = _checked(radio)
    radio.locator('label[data-testid="stRadioOption"]').nth(checked - 1 if checked > 0 else 1).click()
    return settled_after_input(page)


def to_grid(page) -> None:
    page.locator(".st-key-score_view").get_by_text("Alle trusler i en tabel", exact=True).click()
    settle(page)
    grid = page.locator('[data-testid="stDataFrame"]').first
    grid.scroll_into_view_if_needed()
    box = grid.locator("canvas").first.bounding_box()
    page.mouse.click(box["x"] + 30, box["y"] + 36 + 17)  # the first row's code cell
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")  # its likelihood cell
    settle(page, 300)


def grid_edit(page, value: int) -> tuple[float, int]:
    """Open the likelihood cell's editor, choose ``value``, commit with Enter; back up to the same row."""
    page.keyboard.press("Enter")
    page.locator("#portal input").first.wait_for(timeout=TIMEOUT_MS)  # the cell's editor (a select) is open
    page.keyboard.type(str(value))
    page.locator("#portal").get_by_text(f"{value} · ", exact=False).first.wait_for(timeout=TIMEOUT_MS)
    page.keyboard.press("Enter")  # the commit: the timed input
    took = settled_after_input(page)
    page.keyboard.press("ArrowUp")  # the commit moved the cursor down a row
    return took


def run(db: Path, work: Path, clicks: int = 15, opens: int = 5, log=print) -> dict:
    """{"open_load", "open_stepper", "guided", "grid": [seconds], "runs": runs per click, "system": id}."""
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        raise RuntimeError(f"{CHROMIUM} is missing")
    copy = data.copy(db, work / f"scoring-{db.name}")
    system = pick_system(copy)
    out: dict = {"system": system, "open_load": [], "open_load_seen": [], "open_stepper": [], "guided": [], "grid": [],
                 "runs": []}
    with Server(copy, work / f"streamlit-scoring-{db.stem}.log") as srv, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport=VIEWPORT)
            context.set_default_timeout(TIMEOUT_MS)
            context.add_init_script(OPEN_JS)
            page = context.new_page()
            goto(page, srv.url + "/")  # a fresh server is in navigation mode after app.py ran once
            step3 = f"{srv.url}/vurdering?system={system}&trin=3"
            open_step3(page, step3)  # warm-up: the server's caches and the browser's widget code
            for _ in range(opens):
                painted, seen = open_step3(page, step3)
                out["open_load"].append(painted)
                out["open_load_seen"].append(seen)
            for _ in range(opens):  # step 2 → step 3 through the stepper, in one session
                page.locator('[data-testid="stMain"] [data-testid="stButtonGroup"]').nth(1).get_by_text(
                    "2 · Trusler", exact=False).click()
                settle(page)
                watch(page)
                page.locator('[data-testid="stMain"] [data-testid="stButtonGroup"]').nth(1).get_by_text(
                    "3 · Scoring", exact=False).click()
                took, _ = settled_after_input(page)
                _editor(page).wait_for(timeout=TIMEOUT_MS)
                out["open_stepper"].append(took)
            log(f"  step 3 open: load {_fmt(out['open_load'])} (as Playwright saw it: {_fmt(out['open_load_seen'])}), "
                f"stepper {_fmt(out['open_stepper'])}")

            open_step3(page, step3)
            watch(page)
            guided_click(page)  # warm-up
            for _ in range(clicks):
                took, runs = guided_click(page)
                out["guided"].append(took)
                out["runs"].append(runs)
            log(f"  guided view: {_fmt(out['guided'])}")

            to_grid(page)
            watch(page)
            grid_edit(page, 3)  # warm-up (and a known value to alternate from)
            for i in range(clicks):
                took, runs = grid_edit(page, 2 if i % 2 == 0 else 3)
                out["grid"].append(took)
                out["runs"].append(runs)
            log(f"  grid: {_fmt(out['grid'])}")
        finally:
            browser.close()
    return out


def _fmt(values: list[float]) -> str:
    from bench.pages import p90

    s = sorted(values)
    return f"median {s[len(s) // 2]:.3f} s, p90 {p90(values):.3f} s"


def main() -> None:
    import argparse
    import tempfile

    from bench import data

    parser = argparse.ArgumentParser(prog="python -m bench.scoring")
    parser.add_argument("--systems", type=int, default=50)
    parser.add_argument("--clicks", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-scoring-") as tmp:
        db = data.municipality(args.systems, Path(tmp))
        print(run(db, Path(tmp), clicks=args.clicks))


if __name__ == "__main__":
    main()
