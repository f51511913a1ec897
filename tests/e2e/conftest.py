"""End-to-end fixtures: a real `streamlit run app.py` server over a demo database, and headless Chromium.

The server is started once per session on a free port, over a demo database built with the
command line (`python -m riskmodel demo --systems 12 --seed 5`). The server process holds the
DuckDB file open for writing, so the tests never open it themselves: everything they check,
they read from the browser. Each test gets a browser context to itself, i.e. a Streamlit
session of its own (language, widget state), against the one shared server.

A context is reused from test to test (:class:`ContextPool`): opening a new one costs Chromium 3-5 s of
CPU (a new renderer compiling Streamlit's JavaScript cold), one that has loaded the app before ~1.9 s.
Between tests the pool takes the page to about:blank (its Streamlit session ends) and clears cookies
(a sign-in), storage and permissions, so the next test starts as a new visitor.

Chromium is Debian's /usr/bin/chromium (no `playwright install`). Without it the tests are
skipped locally and fail on CI (env CI set), where it is installed.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import copy_db

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 2400, "height": 1300}  # wide enough for every column of the tables
HEALTH_TIMEOUT = 60
RUN_TIMEOUT_MS = 30_000

# The matrix cell under (likelihood, consequence), in page coordinates, from the plot's own axes.
_CELL_CENTER_JS = """([index, lik, con]) => {
    const gd = document.querySelectorAll('.js-plotly-plot')[index];
    const fl = gd._fullLayout, box = gd.getBoundingClientRect();
    return {x: box.left + fl._size.l + fl.xaxis.l2p(con), y: box.top + fl._size.t + fl.yaxis.l2p(lik)};
}"""
# (likelihood, consequence, count, drawn text) of every cell: the scatter trace's customdata, and
# the SVG text drawn at each point (.textpoint groups carry their point, x = consequence, y = likelihood).
_CELLS_JS = """(index) => {
    const gd = document.querySelectorAll('.js-plotly-plot')[index];
    const drawn = {};
    for (const g of gd.querySelectorAll('.scatterlayer .trace .textpoint')) {
        if (g.__data__) drawn[g.__data__.y + ',' + g.__data__.x] = g.textContent;
    }
    return gd.data[1].customdata.map(c => [c[0], c[1], c[2], drawn[c[0] + ',' + c[1]] ?? null]);
}"""
_SKELETONS = '[data-testid="stSkeleton"], [data-testid="stSkeletonElement"], [data-testid="stAppSkeleton"]'
# Stamps, on the page's clock, the user's last input (pointer, key, a changed value) and the start of the last
# script run (stApp's data-test-script-state turning 'running'), so that App.settle knows the run an input caused
# has begun even when it was over before anyone looked. Attribute changes only: no callback per DOM change.
_RUNS_JS = """(() => {
    if (window.__stRuns) return;
    const runs = window.__stRuns = {input: -1, began: -1};
    for (const type of ['pointerdown', 'keydown', 'input', 'change']) {
        document.addEventListener(type, () => { runs.input = performance.now(); }, true);
    }
    const app = document.querySelector('[data-testid="stApp"]');
    if (app && app.getAttribute('data-test-script-state') === 'running') runs.began = performance.now();
    new MutationObserver(records => {
        for (const [i, r] of records.entries()) {
            if (r.target.getAttribute('data-testid') !== 'stApp') continue;
            const next = records.slice(i + 1).find(o => o.target === r.target);
            const value = next ? next.oldValue : r.target.getAttribute('data-test-script-state');
            if (value === 'running' && r.oldValue !== 'running') runs.began = performance.now();
        }
    }).observe(document, {subtree: true, attributes: true, attributeOldValue: true,
                          attributeFilter: ['data-test-script-state']});
})()"""
# True once a script run has begun since the user's last input (or since the page loaded, before any input).
_RUN_BEGAN_JS = "() => !!window.__stRuns && window.__stRuns.began >= 0 && window.__stRuns.began >= window.__stRuns.input"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class StreamlitServer:
    """`python -m streamlit run app.py -- --db PATH` on a free port; stdout/stderr to a log file.

    ``auth`` (none|local|oidc) is passed as ``--auth`` after ``--``; without it the server
    runs in mode 'none' on 127.0.0.1. ``port`` reuses a port (a restart after :meth:`kill`).
    ``command`` and ``env`` replace the command line and the environment (a server started the
    way deploy/risikovaerkstedet.service starts it); ``port`` must then be the one they name.
    """

    def __init__(self, db: Path, log: Path, auth: str | None = None, port: int | None = None,
                 command: list[str] | None = None, env: dict[str, str] | None = None):
        self.db, self.log, self.auth = db, log, auth
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None
        self.command, self.env = command, env

    def start(self) -> StreamlitServer:
        cmd = self.command or [
            sys.executable, "-m", "streamlit", "run", "app.py",
            "--server.port", str(self.port),
            "--server.address", "127.0.0.1",
            "--server.headless", "true",
            "--server.fileWatcherType", "none",
            "--browser.gatherUsageStats", "false",
            "--", "--db", str(self.db),
        ]  # fmt: skip
        if self.auth is not None and self.command is None:
            cmd += ["--auth", self.auth]
        env = self.env or {k: v for k, v in os.environ.items() if k not in ("RISK_DB", "RISK_AUTH")}  # 'none' on 127.0.0.1
        env["PYTHONUNBUFFERED"] = "1"
        with self.log.open("wb") as fh:
            self.proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=fh, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + HEALTH_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                self.stop()
                pytest.fail(f"streamlit exited with {self.proc.returncode}:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as r:
                    if r.read().decode().strip() == "ok":
                        return self
            except OSError:
                pass
            time.sleep(0.25)
        self.stop()
        pytest.fail(f"streamlit not healthy after {HEALTH_TIMEOUT} s:\n{self.log_tail()}")

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)

    def kill(self) -> None:
        """SIGKILL the server process (no shutdown, no checkpoint) and reap it."""
        if self.proc is not None and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=30)

    def log_tail(self, chars: int = 6000) -> str:
        try:
            return self.log.read_text(encoding="utf-8", errors="replace")[-chars:]
        except OSError:
            return "(no log)"


_DEMO_TEMPLATES: dict[tuple[int, int], Path] = {}  # removed when the worker ends (atexit)


def build_demo_db(path: Path, systems: int = 12, seed: int = 5) -> None:
    """A demo municipality at ``path``, built by the command line once per worker and (systems, seed), then copied
    with its audit anchor (the same seed gives the same rows; a build costs a process start and seconds)."""
    template = _DEMO_TEMPLATES.get((systems, seed))
    if template is None:
        folder = tempfile.mkdtemp(prefix="e2e-demo-")
        atexit.register(shutil.rmtree, folder, True)
        template = Path(folder) / "risk.duckdb"
        cmd = [sys.executable, "-m", "riskmodel", "demo", "--db", str(template), "--systems", str(systems),
               "--seed", str(seed)]
        done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, f"demo failed:\n{done.stdout}\n{done.stderr}"
        _DEMO_TEMPLATES[(systems, seed)] = template
    copy_db(template, path)


def add_user(db: Path, username: str, name: str, role: str, password: str, departments: tuple[str, ...] = ()) -> None:
    """`python -m riskmodel users add ... --password-stdin`: only while no server holds the file."""
    cmd = [sys.executable, "-m", "riskmodel", "users", "add", "--db", str(db), username, "--name", name,
           "--role", role, "--password-stdin"]  # fmt: skip
    for department in departments:
        cmd += ["--department", department]
    done = subprocess.run(cmd, cwd=ROOT, input=password + "\n", capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"users add failed:\n{done.stdout}\n{done.stderr}"


# -- browser ---------------------------------------------------------------------------------
class ContextPool:
    """Browser contexts of one viewport, each with one page, handed to one test at a time and reset between tests."""

    def __init__(self, browser):
        self.browser = browser
        self.free: dict[tuple[int, int], list] = {}

    def acquire(self, viewport: dict[str, int]):
        """A page of a context of this viewport, as a new visitor's, waiting up to RUN_TIMEOUT_MS by default."""
        key = (viewport["width"], viewport["height"])
        page = self.free[key].pop() if self.free.get(key) else self.browser.new_context(viewport=viewport).new_page()
        page.context.set_default_timeout(RUN_TIMEOUT_MS)
        return page

    def release(self, page) -> None:
        """Reset the page's context and keep it for the next test; close it if it cannot be reset cleanly."""
        context = page.context
        try:
            if page.is_closed() or len(context.pages) != 1:
                raise RuntimeError("not one open page")
            page.evaluate("() => { try { localStorage.clear(); sessionStorage.clear(); } catch (e) {} }")
            page.goto("about:blank")  # the app's session ends; the renderer, warm, stays
            context.clear_cookies()
            context.clear_permissions()
            context.set_default_navigation_timeout(RUN_TIMEOUT_MS)  # as a new context has it (both 30 s)
        except Exception:  # noqa: BLE001 - a page the test broke: the next test gets a new context
            context.close()
            return
        size = page.viewport_size
        self.free.setdefault((size["width"], size["height"]), []).append(page)


class MachineLoad:
    """Busy loops that keep the machine loaded for a test: alone, a loop more than there are cores (three here), as
    the test had before; in the whole suite, only as many as the other tests leave room for.

    A thread samples the number of runnable processes (``procs_running`` in /proc/stat) every 50 ms and, every
    0.25 s, runs as many of the loops (SIGCONT) as the rest of the machine leaves short of ``runnable`` (two per
    core), and stops the others (SIGSTOP). In the whole suite, where the other workers, their servers and their
    browsers load the machine already, the loops mostly sleep instead of taking ~25 s of CPU from the other tests.
    ``loaded()`` is the share of samples with someone waiting for a CPU (more runnable processes than cores, the
    loops included): the test checks that its machine really was loaded.
    """

    def __init__(self, loops: int | None = None, runnable: int | None = None):
        self.cores = os.cpu_count() or 2
        # One more loop than there are cores (three here), so that alone they keep someone waiting for a CPU.
        loops = loops if loops is not None else min(self.cores + 1, 17)
        self.busy_enough = min(self.cores, loops - 1)  # runnable processes above which someone waits
        self.runnable = runnable if runnable is not None else 2 * self.cores
        self.procs = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(loops)]
        self.running = len(self.procs)
        self.samples: list[int] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._govern, daemon=True)
        self._thread.start()

    @staticmethod
    def _runnable_now() -> int:
        with open("/proc/stat", encoding="ascii") as f:
            for line in f:
                if line.startswith("procs_running"):
                    return int(line.split()[1])
        return 0

    def _govern(self) -> None:
        window: list[int] = []
        while not self._stop.wait(0.05):
            n = self._runnable_now() - 1  # not this sampler
            self.samples.append(n)
            window.append(n - self.running)
            if len(window) < 5:
                continue
            others = sorted(window)[len(window) // 2]  # the median: one sample may catch a burst or a lull
            window.clear()
            want = max(0, min(len(self.procs), self.runnable - others))
            for i, proc in enumerate(self.procs):
                with contextlib.suppress(ProcessLookupError):
                    proc.send_signal(signal.SIGCONT if i < want else signal.SIGSTOP)
            self.running = want

    def loaded(self) -> float:
        return sum(n > self.busy_enough for n in self.samples) / max(1, len(self.samples))

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        for proc in self.procs:
            proc.kill()
            proc.wait(timeout=10)


@pytest.fixture(scope="session")
def context_pool(browser) -> ContextPool:
    return ContextPool(browser)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    sync_api = pytest.importorskip("playwright.sync_api")
    sync_api.expect.set_options(timeout=RUN_TIMEOUT_MS)  # a first page load shows skeletons for seconds
    pw = sync_api.sync_playwright().start()
    browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield browser
    browser.close()
    pw.stop()


@pytest.fixture(scope="session")
def server(tmp_path_factory) -> Iterator[StreamlitServer]:
    tmp = tmp_path_factory.mktemp("e2e")
    db = tmp / "risk.duckdb"
    build_demo_db(db)
    srv = StreamlitServer(db, tmp / "streamlit.log").start()
    yield srv
    srv.stop()


@pytest.fixture(scope="session")
def base_url(server, browser) -> str:
    """The server's URL, after one session has opened "/".

    A fresh server runs Streamlit's legacy ``pages/`` folder mode until app.py's
    st.navigation has run once (see test_deep_link_on_a_fresh_server); loading "/" first
    puts the shared server in navigation mode, as any server is after its first visitor.
    """
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.goto(server.url + "/")
    App(page, server.url).settle()
    page.locator("h1").first.wait_for(timeout=RUN_TIMEOUT_MS)
    context.close()
    return server.url


class App:
    """A Streamlit page in the browser: navigate, wait for the script to finish, read widgets."""

    def __init__(self, page, base_url: str):
        self.page, self.base_url = page, base_url
        if not getattr(page, "_counts_runs", False):
            page.add_init_script(_RUNS_JS)  # every later document of this page
            page._counts_runs = True
        try:
            page.evaluate(_RUNS_JS)  # the document it shows now
        except Exception:  # noqa: BLE001 - a document on its way out: the init script counts in the next one
            pass

    def goto(self, path: str) -> App:
        """Open ``path`` on the server (or an absolute URL) and wait for the page to be drawn."""
        self.page.goto(path if path.startswith("http") else self.base_url + path)
        self.page.locator("h1").first.wait_for(timeout=RUN_TIMEOUT_MS)
        return self.settle()

    def settle(self, start_timeout_ms: int = 1500) -> App:
        """Wait until the script run an action started (if any) is over.

        The app sets data-test-script-state on stApp; the page stamps when a run last began and when the user
        last gave input (``_RUNS_JS``). A run begun after the last input is the action's, even when it was over
        before this call looked; only an action that starts no run costs the wait of ``start_timeout_ms``.
        """
        try:
            self.page.wait_for_function(_RUN_BEGAN_JS, timeout=start_timeout_ms, polling=50)
        except Exception:  # noqa: BLE001 - the run may already be over, or never started
            pass
        self.page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for(timeout=RUN_TIMEOUT_MS)
        self.page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=RUN_TIMEOUT_MS)
        # Elements whose code is still loading show as skeletons for a moment after the run.
        self.page.wait_for_function(f"() => !document.querySelector('{_SKELETONS}')", timeout=RUN_TIMEOUT_MS)
        return self

    # -- the risk matrix -----------------------------------------------------------------
    def matrix_cells(self, index: int = 0) -> dict[tuple[int, int], tuple[int, str | None]]:
        """(likelihood, consequence) -> (count in customdata, count drawn as SVG text)."""
        self.page.locator(".js-plotly-plot").nth(index).locator(".scatterlayer .textpoint").first.wait_for(
            state="attached", timeout=RUN_TIMEOUT_MS
        )
        rows = self.page.evaluate(_CELLS_JS, index)
        return {(lik, con): (n, text) for lik, con, n, text in rows}

    def cell_count(self, likelihood: int, consequence: int, index: int = 0) -> int:
        """The count shown in a cell, as drawn (an empty cell shows no text: 0); checked against customdata."""
        n, text = self.matrix_cells(index)[(likelihood, consequence)]
        shown = int(text) if text else 0
        assert shown == n, f"cell ({likelihood}, {consequence}) shows {text!r}, customdata says {n}"
        return shown

    def click_cell(self, likelihood: int, consequence: int, index: int = 0) -> App:
        """Click a matrix cell where it is drawn (works for empty cells, which have no text)."""
        at = self.page.evaluate(_CELL_CENTER_JS, [index, likelihood, consequence])
        self.page.mouse.click(at["x"], at["y"])
        return self.settle()

    # -- tables (glide data grid on a canvas; its accessible table appears once focused) ---------
    def grid(self, dataframe):
        dataframe.locator("canvas").first.focus()
        grid = dataframe.locator('table[role="grid"]')
        grid.wait_for(state="attached", timeout=RUN_TIMEOUT_MS)
        return grid

    def grid_rows(self, dataframe) -> list[list[str]]:
        grid = self.grid(dataframe)
        return [row.locator("td").all_inner_texts() for row in grid.locator("tbody tr").all()]

    def click_link_in_first_row(self, dataframe):
        """Hover along the first row from the right until the canvas shows a link pointer; click it.

        Returns the page the link opens (LinkColumn links open in a new tab).
        """
        canvas = dataframe.locator("canvas").first
        box = canvas.bounding_box()
        y = box["y"] + 36 + 17  # header row, then the middle of the first row
        for dx in range(10, int(box["width"]), 10):
            self.page.mouse.move(box["x"] + box["width"] - dx, y)
            if canvas.evaluate("e => e.style.cursor") == "pointer":
                with self.page.context.expect_page(timeout=RUN_TIMEOUT_MS) as new_page:
                    self.page.mouse.click(box["x"] + box["width"] - dx, y)
                return new_page.value
        raise AssertionError("no link found in the table's first row")


@pytest.fixture
def app(browser, base_url, request, tmp_path_factory, server) -> Iterator[App]:
    """A fresh browser context (a Streamlit session of its own) on the shared server."""
    yield from browser_session(browser, base_url, server, request, tmp_path_factory)


def browser_session(browser, url: str, srv, request, tmp_path_factory) -> Iterator[App]:
    """A browser context of its own (from the pool) on ``url``; on failure, a screenshot and the server's log tail."""
    pool = request.getfixturevalue("context_pool")
    page = pool.acquire(VIEWPORT)
    yield App(page, url)
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        shot = tmp_path_factory.mktemp("e2e-failure") / f"{request.node.name}.png"
        try:
            page.screenshot(path=str(shot), full_page=True)
            print(f"screenshot: {shot}")
        except Exception as err:  # noqa: BLE001 - best effort on an already failing test
            print(f"no screenshot: {err}")
        print(f"--- streamlit log ({srv.log}) ---\n{srv.log_tail()}")
    pool.release(page)


class LocalAuthServer(StreamlitServer):
    """A server in sign-in mode 'local' over a demo database with a leder of one department
    and a koordinator, both created before the server opened the file."""

    PASSWORD = "e2e-adgangskode-42"
    LEDER = ("lene", "Lene Leder")
    KOORDINATOR = ("kaj", "Kaj Koordinator")

    department: str  # the leder's one department
    systems: list[tuple[int, str, str, bool, str]]  # (id, name, department, assessed, status) of every system


@pytest.fixture(scope="module")
def local_server(tmp_path_factory, browser) -> Iterator[LocalAuthServer]:
    """A server of its own with ``--auth local`` (module scope: a test may stop it to read the DB).

    Like ``base_url``, one session opens "/" first, so the server is in navigation mode.
    """
    import duckdb

    tmp = tmp_path_factory.mktemp("e2e-local")
    db = tmp / "risk.duckdb"
    build_demo_db(db)
    with duckdb.connect(str(db), read_only=True) as con:
        systems = con.execute(
            "SELECT id, name, department, EXISTS (SELECT 1 FROM assessments a WHERE a.system_id = s.id AND a.is_current), "
            "status FROM systems s ORDER BY id"
        ).fetchall()
    # Departments with an active, assessed system (a matrix to show), the leder's is the first.
    departments = sorted({s[2] for s in systems if s[3] and s[4] == "aktiv"})
    assert len(departments) >= 2, systems
    srv = LocalAuthServer(db, tmp / "streamlit.log", auth="local")
    srv.department, srv.systems = departments[0], systems
    add_user(db, *srv.LEDER, "leder", srv.PASSWORD, (srv.department,))
    add_user(db, *srv.KOORDINATOR, "koordinator", srv.PASSWORD)
    srv.start()
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.goto(srv.url + "/")
    App(page, srv.url).settle()
    page.locator("h1").first.wait_for(timeout=RUN_TIMEOUT_MS)
    context.close()
    yield srv
    srv.stop()


@pytest.fixture
def fresh_server(tmp_path) -> Iterator[StreamlitServer]:
    """A server of its own that no browser has visited yet, over a new (empty) database."""
    srv = StreamlitServer(tmp_path / "fresh.duckdb", tmp_path / "fresh.log").start()
    yield srv
    srv.stop()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


def open_grid_editor(page, row: int, right: int = 2, tries: int = 5) -> None:
    """In the scoring grid: click ``row``'s first cell, move ``right`` cells (2: the likelihood), press Enter,
    until the cell's editor (a select in ``#portal``) is open. (The columns grow with the window, so the cell
    is reached by keys, not by a position.) On a loaded machine the grid may still be drawing when the first
    click comes; then the editor does not open, and it is tried again."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    table = page.locator('[data-testid="stDataFrame"]').first
    for _ in range(tries):
        table.scroll_into_view_if_needed()
        box = table.locator("canvas").first.bounding_box()
        page.mouse.click(box["x"] + 30, box["y"] + 36 + 17 + 35 * row)  # the row's code cell
        for _ in range(right):
            page.keyboard.press("ArrowRight")
        page.keyboard.press("Enter")  # opens the cell's editor
        try:
            page.locator("#portal input").first.wait_for(timeout=10_000)
            return
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    raise AssertionError(f"the grid's cell editor did not open in row {row} after {tries} tries")


def choose_in_grid(page, row: int, value: int, option: str | None = None, tries: int = 3) -> None:
    """In the scoring grid: open ``row``'s likelihood cell's editor, type ``value``, wait for its option
    (``option`` exactly, or any option starting "``value`` · ") and commit with Enter. On a loaded machine a run
    that ends just as the editor opens may draw the grid again and close the editor, so the typed key goes
    nowhere (CI, 2026-12-07): then the edit is cancelled with Escape and done again. A cancelled editor sends
    nothing, so the edit is still one change."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    portal = page.locator("#portal")
    target = portal.get_by_text(option, exact=True) if option else portal.get_by_text(f"{value} · ", exact=False)
    for _ in range(tries):
        open_grid_editor(page, row)
        page.keyboard.type(str(value))
        try:
            target.first.wait_for(timeout=20_000)
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
            continue
        page.keyboard.press("Enter")
        return
    raise AssertionError(f"the option {option or value} did not show in row {row}'s cell editor after {tries} tries")


def choose(app: App, scope, label: str, option: str, tries: int = 3) -> None:
    """Choose ``option`` in the select box labelled ``label`` inside ``scope``: type it, take the match.

    Headless Chromium sometimes focuses the box without opening its list (the typing then filters nothing
    shown): ArrowDown opens it. On a loaded full run the page may still be redrawing (an expander just opened)
    and close the list under the typing: then Escape, and a click on the box again, as a person would."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import expect

    box = scope.locator('[data-testid="stSelectbox"]').filter(
        has=app.page.locator('[data-testid="stWidgetLabel"]').get_by_text(label, exact=True)
    )
    target = app.page.get_by_role("option", name=option, exact=True)
    for attempt in range(tries):
        box.click()
        app.page.keyboard.type(option)
        try:
            target.wait_for(timeout=5_000)
        except PlaywrightTimeout:
            app.page.keyboard.press("ArrowDown")
        try:
            target.click(timeout=5_000)
            break
        except PlaywrightTimeout:
            if attempt == tries - 1:
                raise
            app.page.keyboard.press("Escape")
            app.settle()
    expect(box.get_by_role("combobox")).to_have_value(option)
