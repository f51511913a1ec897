"""One score saved through the service, small and large: what a save costs now that the table seal follows the
rows a commit changed (riskmodel/store/seal.py, ``RowHashes``), against the whole-table digest every save
paid before (the same tables digested from scratch with ``seal.table_seal``), in the same run.

The workbench opens a copy of the municipality; the first save of a process reads the touched tables' rows
once (printed apart); then ``saves`` saves, each a likelihood of one line of one draft assessment moved one
step, each timed from the call to its return (commit and anchor written).
"""

from __future__ import annotations

import time
from pathlib import Path


def run(db: Path, work: Path, saves: int) -> dict:
    from bench import data
    from riskmodel.domain.model import LOCAL_ACTOR
    from riskmodel.services import open_workbench
    from riskmodel.store import seal

    lines_in_all = data.counts(db)["lines"]
    wb = open_workbench(data.copy(db, work / f"save-{db.name}"))
    try:
        assert wb.db.audit_problem is None, wb.db.audit_problem  # the seal is on, as in any installation
        current = (wb.assessments.current(LOCAL_ACTOR, sid) for sid, _, _ in wb.systems.names(LOCAL_ACTOR))
        lines = wb.assessments.lines(LOCAL_ACTOR, next(a for a in current if a is not None).id)

        def save(i: int) -> float:
            line = wb.assessments.line(LOCAL_ACTOR, lines[i % len(lines)].id)
            started = time.perf_counter()
            wb.assessments.update_line(LOCAL_ACTOR, line.id, line.version, {"likelihood": (line.likelihood or 1) % 4 + 1})
            return time.perf_counter() - started

        first = save(0)
        timed = [save(i) for i in range(1, saves + 1)]
        whole = []
        with wb.db.read() as cur:
            for _ in range(saves):
                started = time.perf_counter()
                seal.table_seal(cur, ["risk_lines", "assessments"])  # what each save digested before
                whole.append(time.perf_counter() - started)
    finally:
        wb.db.close()
    return {"first": first, "save": timed, "whole": whole, "lines": lines_in_all}
