"""A real server: its memory with 20 browser sessions open, and how soon a score change shows in the heatmap.

``streamlit run app.py`` on the large municipality (free port, headless, auth 'none' on 127.0.0.1),
driven by Debian's Chromium through Playwright (no ``playwright install``).

Memory: the server's RSS (VmRSS of the process and any children, from /proc) after start, after one
session has drawn the overview, and after 20 sessions (20 pages in one browser) have each drawn it.

Latency: page A, on step 3 of a draft assessment, clicks another likelihood; page B (another
session, as the coordinator's screen in a workshop) has the heatmap open, and the time is taken from
the click until B's matrix shows the changed counts: the heatmap page redraws itself when anyone
saves (pages/ui.py ``redraw_on_writes``). Also reported: the save alone (click until A's rerun is
over), and the same session going from the assessment to the heatmap through the menu.
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 1600, "height": 1000}
TIMEOUT_MS = 120_000
LIVE_SECONDS = 0.5  # pages/ui.py LIVE_DATA_SECONDS (not imported: that would import Streamlit here)
_SKELETONS = '[data-testid="stSkeleton"], [data-testid="stSkeletonElement"], [data-testid="stAppSkeleton"]'
# (likelihood, consequence) -> count of the first matrix on the page (the scatter trace's customdata).
_CELLS_JS = """() => {
    const gd = document.querySelectorAll('.js-plotly-plot')[0];
    if (!gd || !gd.data || !gd.data[1]) return null;
    return gd.data[1].customdata.map(c => [c[0], c[1], c[2]]);
}"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid: int) -> float:
    """VmRSS of ``pid`` and its descendants, in MB."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
            for task in Path(f"/proc/{p}/task").iterdir():
                children = (task / "children").read_text().split()
                todo.extend(int(c) for c in children)
        except OSError:
            continue
    return total / 1024


class Server:
    def __init__(self, db: Path, log: Path):
        self.db, self.log = db, log
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None

    def __enter__(self) -> Server:
        cmd = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(self.port),
               "--server.address", "127.0.0.1", "--server.headless", "true", "--server.fileWatcherType", "none",
               "--browser.gatherUsageStats", "false", "--", "--db", str(self.db)]
        env = {k: v for k, v in os.environ.items() if k not in ("RISK_DB", "RISK_AUTH")}
        with self.log.open("wb") as fh:
            self.proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=fh, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit exited:\n{self.log.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as r:
                    if r.read().decode().strip() == "ok":
                        return self
            except OSError:
                pass
            time.sleep(0.25)
        self.__exit__()
        raise RuntimeError("streamlit not healthy after 120 s")

    def __exit__(self, *exc) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)


def settle(page, start_timeout_ms: int = 1500) -> None:
    """Wait until the script run an action started (if any) is over (as tests/e2e/conftest.py does)."""
    try:
        page.locator('[data-testid="stApp"][data-test-script-state="running"]').wait_for(timeout=start_timeout_ms)
    except Exception:  # noqa: BLE001 - the run may be over already, or never started
        pass
    page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for(timeout=TIMEOUT_MS)
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=TIMEOUT_MS)
    page.wait_for_function(f"() => !document.querySelector('{_SKELETONS}')", timeout=TIMEOUT_MS)


def goto(page, url: str, skeletons: bool = True) -> None:
    page.goto(url, timeout=TIMEOUT_MS)
    page.locator("h1").first.wait_for(timeout=TIMEOUT_MS)
    if skeletons:
        settle(page, 500)
    else:  # the server's part is done: the script run is over (the browser may still be drawing)
        page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for(timeout=TIMEOUT_MS)


def cells(page) -> dict | None:
    rows = page.evaluate(_CELLS_JS)
    return None if rows is None else {(lik, con): n for lik, con, n in rows}


def wait_cells(page, differ_from: dict | None = None, timeout: float = 60.0) -> dict:
    """The heatmap's counts once drawn (and, with ``differ_from``, once they differ from it)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        now = cells(page)
        if now is not None and (differ_from is None or now != differ_from):
            return now
        time.sleep(0.01)
    raise RuntimeError("the heatmap did not show the change")


def pick_system(db: Path) -> int:
    """A system whose current assessment is a draft, the most fully scored one (read before the server holds the file)."""
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        row = con.execute(
            "SELECT a.system_id FROM assessments a JOIN risk_lines rl ON rl.assessment_id = a.id AND NOT rl.removed "
            "WHERE a.is_current AND a.status = 'kladde' AND a.system_id IS NOT NULL GROUP BY a.system_id, a.id "
            "ORDER BY count(*) - count(rl.likelihood), a.system_id LIMIT 1").fetchone()
    if row is None:
        raise RuntimeError("no draft assessment in the benchmark database")
    return int(row[0])


def _likelihood(page):
    return page.locator('[data-testid="stRadio"]').filter(
        has=page.locator('[data-testid="stWidgetLabel"]').get_by_text("Sandsynlighed", exact=True)).first


def _checked(radio) -> int:
    return radio.locator("input").evaluate_all("els => els.findIndex(e => e.checked)")


def score_all(page) -> None:
    """Untimed set-up: give the line shown on step 3 a score in every radio still empty, so it is in the heatmap."""
    radios = page.locator('[data-testid="stRadio"]')
    for i in range(radios.count()):
        if _checked(radios.nth(i)) < 0:
            radios.nth(i).locator('label[data-testid="stRadioOption"]').nth(1).click()
            settle(page)


def change_score(page) -> None:
    """Click another likelihood on the line shown on step 3 (one step down, or up from 1)."""
    radio = _likelihood(page)
    checked = _checked(radio)
    radio.locator('label[data-testid="stRadioOption"]').nth(checked - 1 if checked > 0 else 1).click()


def run(db: Path, work: Path, sessions: int = 20, rounds: int = 3, log=print) -> dict:
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        raise RuntimeError(f"{CHROMIUM} is missing")
    system = pick_system(db)
    out: dict = {"sessions": sessions, "system": system}
    with Server(db, work / "streamlit.log") as srv, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            time.sleep(1)
            out["rss_start"] = rss_mb(srv.proc.pid)
            contexts = []
            first_load = []
            for i in range(sessions):
                ctx = browser.new_context(viewport=VIEWPORT)
                ctx.set_default_timeout(TIMEOUT_MS)
                page = ctx.new_page()
                t = time.perf_counter()
                goto(page, srv.url + "/", skeletons=False)  # the overview
                first_load.append(time.perf_counter() - t)
                contexts.append(ctx)
                if i == 0:
                    out["rss_one"] = rss_mb(srv.proc.pid)
            time.sleep(1)
            out["rss_all"] = rss_mb(srv.proc.pid)
            out["overview_load"] = first_load
            log(f"  {sessions} sessions: RSS {out['rss_start']:.0f} -> {out['rss_one']:.0f} -> {out['rss_all']:.0f} MB")
            for ctx in contexts[2:]:
                ctx.close()

            # -- latency: page A saves a score; page B (another session) has the heatmap open -------
            a, b = contexts[0].pages[0], contexts[1].pages[0]
            goto(a, f"{srv.url}/vurdering?system={system}&trin=3")
            score_all(a)
            goto(b, f"{srv.url}/heatmap")
            before = wait_cells(b)
            cross, save, same = [], [], []
            for _ in range(rounds):  # B redraws by itself (pages/ui.py redraw_on_writes)
                t0 = time.perf_counter()
                change_score(a)
                before = wait_cells(b, differ_from=before)
                cross.append(time.perf_counter() - t0)
                settle(a)
            for _ in range(rounds):  # the save alone: click until A's rerun is over
                t0 = time.perf_counter()
                change_score(a)
                settle(a)
                save.append(time.perf_counter() - t0)
            time.sleep(3 * LIVE_SECONDS)  # B has caught up with the last save
            before = wait_cells(b)
            # -- the same session: change the score, then open the heatmap from the menu ----------
            for _ in range(rounds):
                t0 = time.perf_counter()
                change_score(a)
                settle(a)
                a.locator('[data-testid="stSidebarNav"] a[href$="/heatmap"]').first.click()
                before = wait_cells(a, differ_from=before)
                same.append(time.perf_counter() - t0)
                goto(a, f"{srv.url}/vurdering?system={system}&trin=3")  # untimed: back to step 3
            out.update(latency=cross, save=save, same_session=same)
        finally:
            browser.close()
    return out


def median(values: list[float]) -> float:
    return statistics.median(values)
