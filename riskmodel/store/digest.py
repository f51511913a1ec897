"""Canonical digests of a DuckDB file's content: every user table's row count and a SHA-256 of its rows in a
canonical order, and the sequences' values. A backup's manifest, a restore's proof and the doctor use them."""

from __future__ import annotations

import contextlib
import datetime as dt
import decimal
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb

from riskmodel.store.db import Database


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _sql_str(text: str | Path) -> str:
    return "'" + str(text).replace("'", "''") + "'"


def user_tables(cur: duckdb.DuckDBPyConnection) -> list[str]:
    """Every base table of the database (not views), by name: a new table can never be missed."""
    return [r[0] for r in cur.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_catalog = current_database()"
        " AND table_schema = 'main' AND table_type = 'BASE TABLE' ORDER BY table_name"
    ).fetchall()]


def all_columns(cur: duckdb.DuckDBPyConnection) -> dict[str, tuple[tuple[str, str], ...]]:
    """table -> its (column name, type) pairs in table order, for every table in one query."""
    out: dict[str, list[tuple[str, str]]] = {}
    for table, column, kind in cur.execute(
        "SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_catalog = current_database()"
        " AND table_schema = 'main' ORDER BY table_name, ordinal_position"
    ).fetchall():
        out.setdefault(table, []).append((column, kind))
    return {t: tuple(c) for t, c in out.items()}


def _canon(value: Any) -> Any:
    """A JSON value that stands for ``value`` the same way in every process and DuckDB version."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return ["float", repr(value)]
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC)
        return ["datetime", value.isoformat()]
    if isinstance(value, dt.date | dt.time):
        return [type(value).__name__, value.isoformat()]
    if isinstance(value, dt.timedelta):
        return ["timedelta", value.days, value.seconds, value.microseconds]
    if isinstance(value, decimal.Decimal):
        return ["decimal", str(value)]
    if isinstance(value, bytes | bytearray | memoryview):
        return ["bytes", bytes(value).hex()]
    if isinstance(value, list | tuple):
        return [_canon(v) for v in value]
    if isinstance(value, dict):
        return ["dict", [[_canon(k), _canon(v)] for k, v in value.items()]]
    return [type(value).__name__, str(value)]  # uuid.UUID and the like


def table_digest(cur: duckdb.DuckDBPyConnection, table: str,
                 columns: tuple[tuple[str, str], ...] | None = None) -> tuple[int, str]:
    """(rows, SHA-256) of one table: its column names and types, then every row in ``ORDER BY ALL`` order.

    Equal digests mean that not one row or value differs; the order is canonical, so two files
    with the same rows give the same digest whatever order the rows were written in.
    """
    if columns is None:
        columns = all_columns(cur)[table]
    h = hashlib.sha256(json.dumps([list(c) for c in columns]).encode())
    cur.execute(f"SELECT * FROM {_ident(table)} ORDER BY ALL")
    n = 0
    while batch := cur.fetchmany(10_000):
        for row in batch:
            h.update(json.dumps([_canon(v) for v in row], ensure_ascii=False, separators=(",", ":")).encode())
            h.update(b"\n")
        n += len(batch)
    return n, h.hexdigest()


def database_digest(source: Any) -> dict[str, tuple[int, str]]:
    """(rows, SHA-256) of every base table; ``source`` is a Workbench, a Database or a DuckDB connection."""
    with _cursor(source) as cur:
        columns = all_columns(cur)
        return {t: table_digest(cur, t, columns[t]) for t in user_tables(cur)}


@contextlib.contextmanager
def _cursor(source: Any) -> Iterator[duckdb.DuckDBPyConnection]:
    source = getattr(source, "db", source)  # Workbench -> Database
    if isinstance(source, Database):
        with source.read() as cur:
            yield cur
    else:
        yield source


def sequences(cur: duckdb.DuckDBPyConnection) -> dict[str, int | None]:
    return dict(cur.execute(
        "SELECT sequence_name, last_value FROM duckdb_sequences() WHERE database_name = current_database()"
        " AND schema_name = 'main' ORDER BY sequence_name"
    ).fetchall())
