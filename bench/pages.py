"""Render time of the main pages (AppTest runs) on a small and a large demo municipality.

    .venv/bin/python -m bench.pages [--runs 5]

Prints a table of median seconds per page at 50 and 1,500 systems, and the ratio. Figures,
not a test: machines here are noisy, so both sizes run in the same process, one after the other.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PAGES = ["pages/overview.py", "pages/systems.py", "pages/heatmap.py", "pages/assessment.py"]


def build(path: Path, systems: int) -> None:
    from riskmodel.demo import build_demo
    from riskmodel.model import LOCAL_ACTOR
    from riskmodel.services import open_workbench

    wb = open_workbench(path)
    build_demo(wb, LOCAL_ACTOR, systems=systems, seed=1)
    wb.db.close()


def measure(path: Path, runs: int) -> dict[str, float]:
    from streamlit import config
    from streamlit.testing.v1 import AppTest

    from pages import ui

    config.set_option("server.address", "127.0.0.1")
    os.environ["RISK_DB"] = str(path)
    sys.argv = [sys.argv[0]]
    out = {}
    for page in PAGES:
        times = []
        for _ in range(runs + 1):  # the first run warms caches, as a second visitor would find them
            at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
            at.run()
            at.switch_page(page)
            if page.endswith("assessment.py"):
                at.query_params["system"] = "2"
            started = time.perf_counter()
            at.run()
            times.append(time.perf_counter() - started)
            assert not at.exception, at.exception
        out[page] = statistics.median(times[1:])
    ui._workbench.clear()
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        small, large = Path(tmp) / "small.duckdb", Path(tmp) / "large.duckdb"
        build(small, 50)
        build(large, 1500)
        s = measure(small, args.runs)
        lg = measure(large, args.runs)
    print(f"{'page':28} {'50 systems':>11} {'1500 systems':>13} {'ratio':>6}  target: <= 0.5 s and <= 1.5x")
    for page in PAGES:
        ratio = lg[page] / s[page]
        ok = "ok" if lg[page] <= 0.5 and ratio <= 1.5 else "MISSED"
        print(f"{page:28} {s[page]:10.3f}s {lg[page]:12.3f}s {ratio:6.2f}  {ok}")


if __name__ == "__main__":
    main()
