"""The suite's own scheduling (tests/conftest.py): every browser test file has a measured time, and the files are
shared out so that no worker's browser unit is much longer than another's."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import E2E_SECONDS, e2e_units

ROOT = Path(__file__).resolve().parents[2]


def test_every_browser_test_file_has_its_measured_time():
    files = {f"tests/e2e/{p.name}" for p in (ROOT / "tests" / "e2e").glob("test_*.py")}
    assert files == set(E2E_SECONDS), "add a new browser test file to E2E_SECONDS with its time (--junitxml)"


def test_the_browser_files_are_shared_out_evenly_per_worker():
    for workers in (1, 2, 3, 4):
        units = e2e_units(workers)
        assert set(units) == set(E2E_SECONDS) and set(units.values()) == set(range(workers))
        load = [sum(s for f, s in E2E_SECONDS.items() if units[f] == u) for u in range(workers)]
        assert max(load) - min(load) <= max(E2E_SECONDS.values()), load  # no unit waits on another by more than a file
