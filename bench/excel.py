"""The committee Excel export against a bare openpyxl writer, and the import of the large register.

Export: ``export_workbook`` (the whole committee workbook, register of every line included) is
timed against a bare ``openpyxl.Workbook(write_only=True)`` that writes the same sheets with
the same cell values (read back from the export), without styles, widths or page setup, in the
same run. Import: the exported register is read back with ``open_xlsx`` and checked and applied
with ``plan_import`` + ``apply_import``, once unedited and once with 1,000 edited cells.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

EDITS = 1000


def _read_values(path: Path) -> dict[str, list[tuple]]:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    try:
        return {ws.title: [tuple(r) for r in ws.iter_rows(values_only=True)] for ws in book.worksheets}
    finally:
        book.close()


def _bare_write(sheets: dict[str, list[tuple]], out: Path) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for title, rows in sheets.items():
        ws = book.create_sheet(title)
        for row in rows:
            ws.append(row)
    book.save(str(out))


def export(db: Path, work: Path, runs: int = 3) -> dict:
    """{'export': [s], 'bare': [s], 'rows': register rows, 'cells': cells, 'xlsx': path of one export}."""
    from riskmodel.domain.model import LOCAL_ACTOR
    from riskmodel.reports.export import export_workbook
    from riskmodel.services import open_workbench

    wb = open_workbench(db)
    xlsx = work / "committee.xlsx"
    try:
        export_workbook(wb, LOCAL_ACTOR, xlsx)  # warm-up: the read caches, as in a running server
        sheets = _read_values(xlsx)
        cells = sum(len(r) for rows in sheets.values() for r in rows)
        ex, bare = [], []
        for _ in range(runs):  # interleaved, so a noisy neighbour hits both alike
            t = time.perf_counter()
            rows = export_workbook(wb, LOCAL_ACTOR, xlsx)
            ex.append(time.perf_counter() - t)
            t = time.perf_counter()
            _bare_write(sheets, work / "bare.xlsx")
            bare.append(time.perf_counter() - t)
    finally:
        wb.db.close()
    return {"export": ex, "bare": bare, "rows": rows, "cells": cells, "xlsx": xlsx, "sheets": len(sheets)}


def _edited_copy(xlsx: Path, out: Path, edits: int) -> int:
    """The register sheet with ``edits`` scenario cells changed (rows of draft assessments first), as a user
    edits and saves it; returns the number of cells changed."""
    from riskmodel.reports.export import SHEET_REGISTER

    rows = _read_values(xlsx)[SHEET_REGISTER]
    header = rows[0]
    col, status = header.index("Scenarie"), header.index("Vurderingsstatus")
    body = [list(r) for r in rows[1:]]
    order = sorted(range(len(body)), key=lambda i: (body[i][status] != "Kladde", i))
    step = max(1, len(order) // edits)
    changed = 0
    for i in order[::step][:edits]:
        body[i][col] = f"{body[i][col] or ''} (rettet i Excel)"
        changed += 1
    _bare_write({SHEET_REGISTER: [header, *map(tuple, body)]}, out)
    return changed


def bare_read(xlsx: Path) -> tuple[float, float, int]:
    """The baseline: seconds (wall, CPU) for openpyxl alone to read the register sheet's values (read_only, values_only)."""
    from openpyxl import load_workbook

    from riskmodel.reports.export import SHEET_REGISTER

    t, c = time.perf_counter(), time.process_time()
    book = load_workbook(xlsx, read_only=True)
    try:
        rows = sum(1 for _ in book[SHEET_REGISTER].iter_rows(values_only=True))
    finally:
        book.close()
    return time.perf_counter() - t, time.process_time() - c, rows


def sheet_read(xlsx: Path) -> float:
    """Seconds for the import's own reader (formats.xlsx_safety) to stream the register sheet, nothing else."""
    from riskmodel.formats.xlsx_safety import open_xlsx
    from riskmodel.reports.export import SHEET_REGISTER

    t = time.perf_counter()
    for _ in open_xlsx(xlsx).rows(SHEET_REGISTER):
        pass
    return time.perf_counter() - t


def import_register(db: Path, xlsx: Path, work: Path) -> dict:
    """Seconds of open + plan + apply for the unedited export and for 1,000 edited cells; in the same run, the
    bare openpyxl read of the unedited file (the baseline) and our reader's stream of the sheet alone."""
    from riskmodel.domain.model import LOCAL_ACTOR
    from riskmodel.excel.importer import apply_import, plan_import
    from riskmodel.formats.xlsx_safety import open_xlsx
    from riskmodel.services import open_workbench

    edited = work / "edited.xlsx"
    n_edits = _edited_copy(xlsx, edited, EDITS)
    wb = open_workbench(db)
    out: dict = {}
    try:
        for label, path in (("unedited", xlsx), ("edited", edited)):
            c0 = time.process_time()
            t0 = time.perf_counter()
            book = open_xlsx(path)
            t1 = time.perf_counter()
            plan = plan_import(wb, LOCAL_ACTOR, book)
            t2 = time.perf_counter()
            if not plan.ok:
                raise RuntimeError(f"import plan of the {label} register has problems: "
                                   + "; ".join(str(p) for p in plan.problems[:5]))
            result = apply_import(wb, LOCAL_ACTOR, plan)
            t3 = time.perf_counter()
            out[label] = {"open": t1 - t0, "plan": t2 - t1, "apply": t3 - t2, "total": t3 - t0,
                          "cpu": time.process_time() - c0,
                          "rows": plan.rows, "changes": result.changes}
    finally:
        wb.db.close()
    out["edits"] = n_edits
    out["bare_read"], out["bare_cpu"], out["bare_rows"] = bare_read(xlsx)
    out["sheet_read"] = sheet_read(xlsx)
    return out


def median(values: list[float]) -> float:
    return statistics.median(values)
