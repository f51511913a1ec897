"""Issue 8 (2): SIGKILL the writing process mid-load, reopen, find every acknowledged write.

A writer child process (crash_writer.py, the same Database and services the server runs)
writes to one DuckDB file and prints a line after each commit. The test kills it with SIGKILL
0.3-1.5 s into the load, reopens the file the way a restarted server does, and checks that
every acknowledged write is there, the data and the audit trail agree, the hash chain holds,
every table reads and the schema is intact. ROUNDS rounds run on the same file, each one on
what the previous kill left behind; every other round the writer checkpoints after almost
every commit, so a kill can land in a checkpoint too. tests/e2e/test_server_crash.py kills a real server.
"""

from __future__ import annotations

import json
import os
import queue
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from helpers import assert_store_intact

from riskmodel.domain.model import LOCAL_ACTOR, SystemInput
from riskmodel.services import open_workbench

pytestmark = pytest.mark.load

ROUNDS = 10
WRITER = Path(__file__).with_name("crash_writer.py")
READY_TIMEOUT = 60


class Writers:
    """crash_writer.py: imports once, then forks one writer child per round for the test to kill."""

    def __init__(self, db: Path, log: Path):
        self.log = log
        with log.open("wb") as err:
            self.proc = subprocess.Popen([sys.executable, str(WRITER), str(db)], stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, stderr=err)
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        for raw in self.proc.stdout:
            if raw.endswith(b"\n"):  # every line is one write(2): a killed child leaves no half line
                self.lines.put(raw.decode("utf-8").rstrip("\n"))
        self.lines.put(None)

    def _next(self, rnd: int) -> str:
        try:
            line = self.lines.get(timeout=READY_TIMEOUT)
        except queue.Empty:
            line = None
        if line is None or line.startswith("ERROR"):
            pytest.fail(f"round {rnd}: the writer failed: {line}\n{self.log.read_text(errors='replace')[-3000:]}")
        return line

    def run_and_kill(self, rnd: int, delay: float) -> list[str]:
        """Fork a writer; SIGKILL it ``delay`` s after it is ready; return every line it printed."""
        if rnd == 1:
            assert self._next(rnd) == "LOADED"
        self.proc.stdin.write(f"go {rnd} {int(rnd % 2 == 0)}\n".encode())
        self.proc.stdin.flush()
        pid = int(self._next(rnd).removeprefix("PID "))
        assert self._next(rnd) == "READY"
        time.sleep(delay)
        os.kill(pid, signal.SIGKILL)
        out = []
        while not (line := self._next(rnd)).startswith("EXIT "):
            out.append(line)
        assert line == f"EXIT {rnd} {signal.SIGKILL}", f"round {rnd}: the writer ended otherwise: {line}"
        return out

    def stop(self) -> None:
        self.proc.stdin.close()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=30)
        self.reader.join(timeout=30)
        self.proc.stdout.close()


def test_sigkill_during_writes_loses_no_acknowledged_write(tmp_path, open_copy):
    db = tmp_path / "risk.duckdb"
    writers = Writers(db, tmp_path / "writers.log")  # imports while the file is set up
    try:
        _rounds(db, open_copy, writers)
    finally:
        writers.stop()


def _rounds(db: Path, open_copy, writers: Writers) -> None:
    wb = open_copy(db)
    sid = wb.systems.create(LOCAL_ACTOR, SystemInput(name="Nedbrudstest", department="Nedbrud", supplier="Lev A/S"))
    aid = wb.assessments.start(LOCAL_ACTOR, sid)
    start_versions = {ln.id: ln.version for ln in wb.assessments.lines(LOCAL_ACTOR, aid)}
    wb.db.close()

    rng = random.Random(8)
    acked_lines: dict[int, tuple[int, str]] = {}  # line id -> (highest acknowledged version, its scenario)
    acked_scenarios: dict[int, set[str]] = {lid: set() for lid in start_versions}
    acked_systems: dict[int, str] = {}
    total = 0
    for rnd in range(1, ROUNDS + 1):
        delay = rng.uniform(0.3, 1.5)
        out = writers.run_and_kill(rnd, delay)
        acks = [ln.split(" ", 3) for ln in out if ln.startswith("ACK ")]
        total += len(acks)
        for _, kind, ident, rest in acks:
            if kind == "line":
                version, scenario = rest.split(" ", 1)
                acked_scenarios[int(ident)].add(scenario)
                if int(version) > acked_lines.get(int(ident), (0, ""))[0]:
                    acked_lines[int(ident)] = (int(version), scenario)
            else:
                acked_systems[int(ident)] = rest

        # Restart: open the file the killed process left behind, as a server would.
        wb = open_workbench(db)
        try:
            _check(wb, rnd, start_versions, acked_lines, acked_scenarios, acked_systems)
        finally:
            wb.db.close()
        print(f"round {rnd}: killed after {delay:.2f} s, {len(acks)} writes acknowledged")
    assert total >= ROUNDS, f"only {total} writes acknowledged in {ROUNDS} rounds: the kills came before any load"


def _check(wb, rnd, start_versions, acked_lines, acked_scenarios, acked_systems) -> None:
    assert_store_intact(wb, f"round {rnd}")  # schema, every table reads, the hash chain holds
    with wb.db.read() as cur:
        lines = {r[0]: (r[1], r[2]) for r in cur.execute(
            "SELECT id, version, scenario FROM risk_lines WHERE id IN (SELECT unnest(?))", [list(start_versions)]
        ).fetchall()}
        trail: dict[int, list[str]] = {lid: [] for lid in start_versions}
        for entity_id, after in cur.execute(
            "SELECT entity_id, after_json FROM audit_log WHERE entity = 'risk_lines' AND action = 'update' ORDER BY id"
        ).fetchall():
            if int(entity_id) in trail:
                trail[int(entity_id)].append(json.loads(after)["scenario"])
        systems = dict(cur.execute("SELECT id, name FROM systems").fetchall())
        audited_systems = {int(r[0]) for r in cur.execute(
            "SELECT entity_id FROM audit_log WHERE entity = 'systems' AND action = 'create'").fetchall()}

    for lid, start in start_versions.items():
        version, scenario = lines[lid]
        # Data and audit agree: one audited update per version step (no half-written transaction).
        assert version - start == len(trail[lid]), f"round {rnd}: line {lid} at v{version}, {len(trail[lid])} audited"
        if trail[lid]:
            assert scenario == trail[lid][-1], f"round {rnd}: line {lid} does not hold its last audited value"
        missing = acked_scenarios[lid] - set(trail[lid])
        assert not missing, f"round {rnd}: acknowledged writes to line {lid} lost: {sorted(missing)[:5]}"
        if lid in acked_lines:
            acked_version, acked_scenario = acked_lines[lid]
            assert version >= acked_version, f"round {rnd}: line {lid} at v{version}, v{acked_version} was acknowledged"
            if version == acked_version:
                assert scenario == acked_scenario, f"round {rnd}: line {lid} v{version} holds another value"
    for system_id, name in acked_systems.items():
        assert systems.get(system_id) == name, f"round {rnd}: acknowledged system {system_id} {name!r} is lost"
        assert system_id in audited_systems, f"round {rnd}: system {system_id} has no audit row"
