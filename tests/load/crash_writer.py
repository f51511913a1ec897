"""Writer processes for test_crash.py: they write through the services until they are killed.

    python tests/load/crash_writer.py DB

The process imports the workbench once (seconds on a busy machine), then reads commands on
stdin. ``go ROUND SMALL_WAL`` forks a writer child and prints ``PID <pid>``; the child opens
the workbench on DB (the same Database and services the server runs), prints ``READY`` and
loops: it updates a risk line with the version it read (a new scenario text each time), and
every fifth write creates a system. After each committed write it prints one line, in one
``write(2)`` (so a kill cannot leave half a line):

    ACK line <id> <version> <scenario>
    ACK system <id> <name>

When the child dies (the test SIGKILLs it), the parent prints ``EXIT <round> <wait status>``.
SMALL_WAL 1 makes DuckDB checkpoint after almost every commit, so a kill can also land in
the middle of a checkpoint. EOF on stdin ends the parent.
"""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from riskmodel.domain.model import Actor, SystemInput  # noqa: E402
from riskmodel.services import open_workbench  # noqa: E402

WRITER = Actor(username="skriver", display_name="Skriver", role="koordinator")


def say(text: str) -> None:
    os.write(1, (text + "\n").encode("utf-8"))


def write_until_killed(db: str, rnd: int, small_wal: bool) -> None:
    wb = open_workbench(db, WRITER)
    if small_wal:
        wb.db._conn.execute("SET checkpoint_threshold = '1KB'")
    with wb.db.read() as cur:
        line_ids = [r[0] for r in cur.execute("SELECT id FROM risk_lines WHERE NOT removed ORDER BY id").fetchall()]
    rng = random.Random(rnd)
    say("READY")
    n = 0
    while True:
        n += 1
        if n % 5 == 0:
            name = f"Nedbrudssystem r{rnd} n{n}"
            sid = wb.systems.create(WRITER, SystemInput(name=name, department="Nedbrud", supplier="Leverandør A/S"))
            say(f"ACK system {sid} {name}")
        else:
            line_id = rng.choice(line_ids)
            line = wb.assessments.line(WRITER, line_id)
            scenario = f"r{rnd}-n{n}-{rng.getrandbits(32):08x}"
            version = wb.assessments.update_line(WRITER, line_id, line.version, {"scenario": scenario})
            say(f"ACK line {line_id} {version} {scenario}")


def main() -> None:
    db = sys.argv[1]
    say("LOADED")
    for command in sys.stdin:
        _, rnd, small_wal = command.split()
        pid = os.fork()
        if pid == 0:
            try:
                write_until_killed(db, int(rnd), small_wal == "1")
            except BaseException as err:  # noqa: BLE001 - report and leave without running the parent's code
                say(f"ERROR {type(err).__name__}: {err}")
            finally:
                os._exit(1)
        say(f"PID {pid}")
        _, status = os.waitpid(pid, 0)
        say(f"EXIT {rnd} {status}")


if __name__ == "__main__":
    main()
