"""Render time of the main pages: AppTest runs of app.py on a small and a large municipality.

    .venv/bin/python -m bench.pages [--runs 7] [--quick]

One timed run = ``AppTest.run()`` of app.py on the page (sidebar, sign-in, navigation and the
page's script), after a first run on the overview that opens the session. The first round
per page is a warm-up (a second visitor finds the caches warm); then ``runs`` timed rounds.
"The register" is the systems page (pages/systems.py): the inventory of every system with its
assessment and risk counts; the heatmap page's cell table is empty until a cell is picked.
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PAGES = {
    "overview": "pages/overview.py",
    "heatmap": "pages/heatmap.py",
    "register (systems)": "pages/systems.py",
    "annual review": "pages/review.py",
}


def p90(values: list[float]) -> float:
    s = sorted(values)
    return s[max(0, math.ceil(0.9 * len(s)) - 1)]


def _navigation_mode() -> None:
    """Run app.py's st.navigation, never the legacy pages/ folder mode (as tests/app/conftest.py does)."""
    import streamlit.testing.v1.app_test as app_test_module
    from streamlit.runtime.pages_manager import PagesManager

    class NavigationPagesManager(PagesManager):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            PagesManager.uses_pages_directory = False

    app_test_module.PagesManager = NavigationPagesManager


def measure(db: Path, runs: int = 7, pages: dict[str, str] = PAGES) -> dict[str, list[float]]:
    """{page name: seconds of each timed run} on the database ``db``."""
    import logging

    from streamlit import config
    from streamlit.testing.v1 import AppTest

    from pages import ui

    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").setLevel(logging.ERROR)
    _navigation_mode()
    config.set_option("server.address", "127.0.0.1")
    os.environ["RISK_DB"] = str(db)
    os.environ.pop("RISK_AUTH", None)
    sys.argv = [sys.argv[0]]
    out: dict[str, list[float]] = {}
    try:
        for name, page in pages.items():
            times = []
            for _ in range(runs + 1):
                at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
                at.run()
                at.switch_page(page)
                started = time.perf_counter()
                at.run()
                times.append(time.perf_counter() - started)
                if at.exception:
                    raise RuntimeError(f"{page}: " + "\n".join(e.value for e in at.exception))
            out[name] = times[1:]
    finally:
        wb = ui._workbench(str(db))
        ui._workbench.clear()
        wb.db.close()
    return out


def main() -> None:
    import tempfile

    from bench import data

    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--quick", action="store_true", help="12 and 150 systems, 2 runs")
    args = parser.parse_args()
    small_n, large_n, runs = (12, 150, 2) if args.quick else (50, 1500, args.runs)
    with tempfile.TemporaryDirectory() as tmp:
        s = measure(data.municipality(small_n, Path(tmp)), runs)
        lg = measure(data.municipality(large_n, Path(tmp)), runs)
    print(f"{'page':22} {small_n:>6} sys {large_n:>6} sys  ratio   target: <= 0.5 s and <= 1.5x (medians)")
    for page in PAGES:
        a, b = statistics.median(s[page]), statistics.median(lg[page])
        ok = "ok" if b <= 0.5 and b / a <= 1.5 else "MISSED"
        print(f"{page:22} {a:9.3f}s {b:9.3f}s {b / a:6.2f}  {ok}")


if __name__ == "__main__":
    main()
