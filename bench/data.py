"""The benchmark municipalities: built once with the demo generator and cached in .bench-cache/.

A cached file is keyed by its size, seed, number of baselines, the schema version and a hash of
the generator's source, so a change to the demo or a new migration builds it again. Every run
works on a fresh copy (the import and browser sections write to their database).
"""

from __future__ import annotations

import hashlib
import shutil
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / ".bench-cache"
SEED = 1
BASELINES = 5  # yearly baselines: 2021-2025 (the demo's base date is 2026-01-01)
# The files beside a database (riskmodel/store/audit.py): without its anchor a file opens with the audit chain
# untrusted and the table seal off, so every figure would be of a workbench that no installation runs.
SIBLINGS = (".audit-key", ".audit-head")


def _key(systems: int) -> str:
    from riskmodel.services import demo, demo_review
    from riskmodel.store.db import MIGRATIONS_DIR

    h = hashlib.sha256()
    for path in [Path(demo.__file__), Path(demo_review.__file__), *sorted(MIGRATIONS_DIR.glob("*.sql"))]:
        h.update(path.read_bytes())
    schema = len(list(MIGRATIONS_DIR.glob("*.sql")))
    return f"muni-{systems}-s{SEED}-b{BASELINES}-v{schema}-{h.hexdigest()[:10]}.duckdb"


def build(path: Path, systems: int) -> float:
    """Build the demo municipality into ``path`` (with BASELINES yearly baselines); seconds taken."""
    from riskmodel.domain.model import LOCAL_ACTOR
    from riskmodel.services import demo_review, open_workbench
    from riskmodel.services.demo import build_demo

    started = time.perf_counter()
    old = demo_review.BASELINE_YEARS
    demo_review.BASELINE_YEARS = BASELINES  # the demo draws 3 earlier years; the benchmark wants 5
    try:
        wb = open_workbench(path)
        build_demo(wb, LOCAL_ACTOR, systems=systems, seed=SEED)
        wb.db.close()
    finally:
        demo_review.BASELINE_YEARS = old
    return time.perf_counter() - started


def municipality(systems: int, into: Path, log=print) -> Path:
    """A fresh copy of the cached municipality of ``systems`` systems in the folder ``into``."""
    CACHE.mkdir(exist_ok=True)
    cached = CACHE / _key(systems)
    if not all(Path(f"{cached}{suffix}").exists() for suffix in ("", *SIBLINGS)):  # built before the siblings: again
        for old in CACHE.glob(f"muni-{systems}-*.duckdb*"):
            old.unlink()
        tmp = cached.with_name(cached.name + ".building")
        tmp.unlink(missing_ok=True)
        Path(str(tmp) + ".wal").unlink(missing_ok=True)
        log(f"  building the municipality of {systems} systems (cached in {CACHE.name}/) …")
        seconds = build(tmp, systems)
        tmp.rename(cached)
        for suffix in SIBLINGS:
            Path(f"{tmp}{suffix}").rename(f"{cached}{suffix}")
        log(f"  built in {seconds:.1f} s")
    return copy(cached, into / f"risk-{systems}.duckdb")


def copy(db: Path, to: Path) -> Path:
    """``db`` copied to ``to`` with its audit key and anchor, as beside any installation's file (the seal is on)."""
    shutil.copyfile(db, to)
    for suffix in SIBLINGS:
        shutil.copyfile(f"{db}{suffix}", f"{to}{suffix}")
    return to


def counts(path: Path) -> dict[str, int]:
    import duckdb

    with duckdb.connect(str(path), read_only=True) as con:
        q = {"systems": "SELECT count(*) FROM systems",
             "lines": "SELECT count(*) FROM risk_lines WHERE NOT removed",
             "baselines": "SELECT count(*) FROM baselines"}
        return {k: con.execute(v).fetchone()[0] for k, v in q.items()}
