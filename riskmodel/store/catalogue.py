"""The threat catalogue's SQL beyond the generic :class:`riskmodel.store.uow.Threats` repository: counts for
seeding, the whole table for comparisons, and the next free code for a municipality's own threat."""

from __future__ import annotations

from typing import Any

import duckdb
import pandas as pd

from riskmodel.store.uow import rows_as_dicts, rows_as_frame


def counts(cur: duckdb.DuckDBPyConnection) -> tuple[int, int]:
    """(threats, threats mapped to at least one Annex A control)."""
    return cur.execute("SELECT count(*), count(*) FILTER (len(controls) > 0) FROM threats").fetchone()


def count(cur: duckdb.DuckDBPyConnection) -> int:
    return cur.execute("SELECT count(*) FROM threats").fetchone()[0]


def unmapped_builtins(cur: duckdb.DuckDBPyConnection) -> list[tuple[int, str, int]]:
    """(id, code, version) of the builtin threats without controls, while no threat has any control."""
    cur.execute("SELECT id, code, version FROM threats WHERE builtin AND len(controls) = 0 "
                "AND (SELECT count(*) FROM threats WHERE len(controls) > 0) = 0 ORDER BY id")
    return cur.fetchall()


def frame(cur: duckdb.DuckDBPyConnection, include_hidden: bool) -> pd.DataFrame:
    """The catalogue by category and code (hidden threats too with ``include_hidden``)."""
    where = "" if include_hidden else "WHERE NOT hidden"
    cur.execute(f"SELECT * FROM threats {where} ORDER BY category, code")
    return rows_as_frame(cur)


def all_rows(cur: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Every threat, by id."""
    cur.execute("SELECT * FROM threats ORDER BY id")
    return rows_as_dicts(cur)


def next_own_code(cur: duckdb.DuckDBPyConnection) -> str:
    """The next free code of the form EGN-nn for a threat the municipality adds itself."""
    n = cur.execute("SELECT count(*) FROM threats WHERE code LIKE 'EGN-%'").fetchone()[0]
    code = f"EGN-{n + 1:02d}"
    while cur.execute("SELECT count(*) FROM threats WHERE code = ?", [code]).fetchone()[0]:
        n += 1
        code = f"EGN-{n + 1:02d}"
    return code
