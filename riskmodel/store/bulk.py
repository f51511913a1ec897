"""Bulk writes from a pandas DataFrame: one INSERT or UPDATE for many rows, through DuckDB's registered views.

Used where a write of thousands of rows would be too slow row by row (the demo build, the annual baseline).
The caller's transaction holds the cursor; the registered view is removed again whatever happens.
"""

from __future__ import annotations

import itertools

import duckdb
import pandas as pd

_views = itertools.count()


def insert_frame(cur: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame,
                 casts: dict[str, str] | None = None) -> None:
    """INSERT INTO ``table`` every row of ``frame``, its columns by name; ``casts`` maps a column to the SQL type
    to cast it to on the way in (for lists, dates and all-NULL columns pandas cannot type)."""
    if frame.empty:
        return
    casts = casts or {}
    names = [str(c) for c in frame.columns]
    select = ", ".join(f"CAST({c} AS {casts[c]})" if c in casts else c for c in names)
    view = f"_bulk_{table}_{next(_views)}"
    cur.register(view, frame)
    try:
        cur.execute(f"INSERT INTO {table} ({', '.join(names)}) SELECT {select} FROM {view}")
    finally:
        cur.unregister(view)


def update_from_frame(cur: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame, sets: dict[str, str]) -> None:
    """UPDATE ``table`` from the rows of ``frame`` joined on ``id``; ``sets`` maps a column to an SQL expression
    over ``f``, the frame's row (e.g. ``{"likelihood": "f.likelihood"}``)."""
    if frame.empty:
        return
    view = f"_bulk_{table}_{next(_views)}"
    cur.register(view, frame)
    try:
        assignments = ", ".join(f"{c} = {expr}" for c, expr in sets.items())
        cur.execute(f"UPDATE {table} SET {assignments} FROM {view} f WHERE {table}.id = f.id")
    finally:
        cur.unregister(view)
