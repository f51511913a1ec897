"""AppTest fixtures: the real entry (app.py) over a DuckDB file of the test's own.

The app finds its database through ``pages.ui.db_path_from_args()``: ``--db`` in
sys.argv, else ``$RISK_DB``. Each test points ``RISK_DB`` at a file in its tmp dir, and
since ``ui._workbench`` is an ``st.cache_resource`` keyed by the path, every test gets a
workbench of its own. The ``wb`` fixture here overrides the one of tests/conftest.py: it
is the *app's* cached workbench (the same Database object, lock and read cache the pages
use), so what a test writes through the services is what the page reads, and what the
page writes is visible to the test at once. ``make_system`` (tests/conftest.py) builds on
it unchanged.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from helpers import copy_db
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

from pages import ui
from riskmodel.domain.model import Actor
from riskmodel.services import Workbench

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"
# pages/<file>.py -> its url path, as app.py registers it (page("systems", "pages/systems.py", ..., "systemer")).
PAGE_URLS = dict(re.findall(r'"pages/(\w+)\.py", "[^"]*", "([\w-]+)"', APP.read_text(encoding="utf-8")))


@pytest.fixture
def wb(request, db_path, _template_db, monkeypatch) -> Workbench:
    """The app's own workbench over a fresh, migrated and seeded file of this test.

    When the test (or one of its fixtures) asks for ``demo``, the file is a copy of the demo
    municipality built once per session (tests/conftest.py ``_demo_template``) instead.
    """
    source = request.getfixturevalue("_demo_template") if "demo" in request.fixturenames else _template_db
    copy_db(source, db_path)  # with its audit anchor
    monkeypatch.setenv("RISK_DB", str(db_path))
    monkeypatch.setattr(sys, "argv", [sys.argv[0]])  # no stray --db/--auth from the test runner's command line
    monkeypatch.delenv("RISK_AUTH", raising=False)  # auth mode 'none': the local coordinator, unless a test signs in
    workbench = ui._workbench(str(db_path))
    assert workbench is ui.workbench(), "the test and the app must share one workbench"
    yield workbench
    ui._workbench.clear()
    workbench.db.close()


@pytest.fixture
def demo(wb) -> Workbench:
    """The workbench filled with a small demo municipality (12 systems, seed 5): ``wb`` opened a copy of it."""
    return wb


_MD_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def shown(text):
    """Markdown source as the user reads it: the pages escape user text (pages.ui.md)."""
    return _MD_ESCAPE.sub(r"\1", text) if isinstance(text, str) else text


class App:
    """A thin helper over AppTest: go to a page, find widgets by label, read texts."""

    def __init__(self, at: AppTest):
        self.at = at

    # -- running -------------------------------------------------------------
    def run(self) -> App:
        self.at.run()
        self.check()
        return self

    def check(self) -> None:
        assert not self.at.exception, "\n".join(e.value for e in self.at.exception)

    def goto(self, page: str, **query: Any) -> App:
        """Open ``pages/<page>.py`` with these query parameters (and no others)."""
        self.at.query_params.clear()
        for k, v in query.items():
            self.at.query_params[k] = str(v)
        self.at.switch_page(f"pages/{page}.py")
        return self.run()

    # -- finding ----------------------------------------------------------------
    def one(self, kind: str, label: str):
        """The one widget/element of ``kind`` (an AppTest collection name) with this label."""
        found = [w for w in self.at.get(kind) if shown(getattr(w, "label", None)) == label]
        assert len(found) == 1, f"{len(found)} {kind} labelled {label!r}; there are {self.labels(kind)}"
        return found[0]

    def labels(self, kind: str) -> list[str]:
        return [shown(getattr(w, "label", None)) for w in self.at.get(kind)]

    def has(self, kind: str, label: str) -> bool:
        return label in self.labels(kind)

    def button(self, label: str):
        return self.one("button", label)

    def texts(self, kind: str) -> list[str]:
        return [shown(e.value) for e in self.at.get(kind)]

    def title(self) -> str:
        titles = self.texts("title")
        assert len(titles) == 1, titles
        return titles[0]

    def plotly(self, key: str) -> dict:
        """The figure JSON of the plotly chart with this key."""
        import json

        charts = [c for c in self.at.get("plotly_chart") if c.key == key]
        assert len(charts) == 1, [c.key for c in self.at.get("plotly_chart")]
        return json.loads(charts[0].proto.spec)

    def select_row(self, row: int, table: int = 0) -> App:
        """Pick a row of the ``table``-th selectable dataframe, as a click in the browser does, and rerun."""
        frames = [d for d in self.at.dataframe if d.key]
        key = frames[table].key
        self.at.session_state[key] = {"selection": {"rows": [row], "columns": [], "cells": []}}
        return self.run()

    def widget_keys(self) -> list[str]:
        return [w.key for w in self.at.main if getattr(w, "key", None)]


class _NavigationPagesManager(PagesManager):
    """A PagesManager that runs app.py's st.navigation, never the legacy ``pages/`` folder mode.

    Streamlit starts every process in the old multipage mode when a ``pages/`` folder sits
    next to the main script, and leaves it only once ``st.navigation`` has run. AppTest
    resets that flag before *every* run, so a page whose url path equals its file name
    (``heatmap``) would run on its own, without app.py, its sidebar and its language. A
    live server is in navigation mode after its first request to "/" (the fresh-server
    case is a known bug, covered by tests/e2e), so the tests run in that mode.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        PagesManager.uses_pages_directory = False


@pytest.fixture(autouse=True)
def _navigation_mode(monkeypatch):
    import streamlit.testing.v1.app_test as app_test_module

    monkeypatch.setattr(app_test_module, "PagesManager", _NavigationPagesManager)
    yield
    PagesManager.uses_pages_directory = None


@pytest.fixture
def app(wb) -> Callable[..., App]:
    """``app(page=None, actor=None, **query)``: the real entry, run once, then on ``page`` if given.

    Without ``actor`` the app signs in the local coordinator (auth mode 'none' on localhost).
    """

    def start(page: str | None = None, *, actor: Actor | None = None, **query: Any) -> App:
        a = App(AppTest.from_file(str(APP), default_timeout=30))
        if actor is not None:  # signed in as someone else than the local coordinator
            a.at.session_state["actor"] = actor
        if page is not None:
            # The first run opens the page, as a browser that opens its address does (one run instead of the
            # front page and then the page: AppTest's switch_page needs a run first to know the pages' hashes).
            for k, v in query.items():
                a.at.query_params[k] = str(v)
            a.at._page_hash = calc_hash(PAGE_URLS[page])
        return a.run()

    return start


@pytest.fixture(autouse=True, scope="session")
def _scan_components_once():
    """Scan the installed packages for Streamlit components once per session, not in every AppTest.

    Each AppTest's first run scans every installed distribution for component manifests (~0.06 s of
    CPU and ~0.25 s of wall time on a loaded machine); the installed packages do not change during a
    test session, so the first scan's answer is reused.
    """
    from streamlit.components.v2 import manifest_scanner

    found = manifest_scanner.scan_component_manifests()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(manifest_scanner, "scan_component_manifests", lambda max_workers=None: list(found))
        yield


@pytest.fixture(autouse=True, scope="session")
def _compile_each_script_once():
    """Compile app.py and each page once per session, as the server does, not in every AppTest run.

    AppTest gives every run a new ScriptCache, so each run read, parsed, transformed (Streamlit's "magic") and
    compiled app.py and the page again: ~12 % of the AppTests' CPU (py-spy, 07-12-2026; 224 compiles, 2.0 s of
    CPU, in the 37 tests of test_app_guided.py). The bytecode is kept by the file's path, size and modification
    time, so a script changed during the session is compiled again.
    """
    import os

    from streamlit import config
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache

    compiled: dict[tuple, Any] = {}
    uncached = ScriptCache.get_bytecode

    def get_bytecode(self, script_path: str) -> Any:
        path = os.path.abspath(script_path)
        stat = os.stat(path)
        key = (path, stat.st_mtime_ns, stat.st_size, config.get_option("runner.magicEnabled"))
        if key not in compiled:
            compiled[key] = uncached(self, script_path)
        return compiled[key]

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(ScriptCache, "get_bytecode", get_bytecode)
        yield


@pytest.fixture(autouse=True)
def _quiet_bare_mode_warning():
    """Reading the app's cached workbench outside a script run logs 'missing ScriptRunContext' each time."""
    import logging

    log = logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context")
    old = log.level
    log.setLevel(logging.ERROR)
    yield
    log.setLevel(old)
