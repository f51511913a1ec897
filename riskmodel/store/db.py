"""One DuckDB database per server process: migrations, units of work, read cache.

DuckDB allows one writing process per file. The server opens the file once;
each unit of work takes its own cursor, and writes are serialised by one lock,
so a version check and the update it guards can never interleave with another
writer. Reads run on their own cursors without the lock.
"""

from __future__ import annotations

import contextlib
import os
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb

from riskmodel.domain.scales import presets
from riskmodel.store import audit, seal

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
DEFAULT_DB = Path(__file__).resolve().parents[2] / "data" / "risk.duckdb"
_MIGRATION_NAME = re.compile(r"^(\d{3})_([a-z0-9_]+)\.sql$")


def default_db_path() -> Path:
    """``RISK_DB`` if set, else ``data/risk.duckdb`` in the project."""
    env = os.environ.get("RISK_DB")
    return Path(env) if env else DEFAULT_DB


def migrations() -> list[tuple[int, str, str]]:
    """(number, name, sql) of every migration file, in order."""
    out = []
    for path in sorted(MIGRATIONS_DIR.glob("*.sql")):
        m = _MIGRATION_NAME.match(path.name)
        if not m:
            raise RuntimeError(f"Migration file with unexpected name: {path.name}")
        out.append((int(m.group(1)), m.group(2), path.read_text(encoding="utf-8")))
    numbers = [n for n, _, _ in out]
    if numbers != list(range(1, len(numbers) + 1)):
        raise RuntimeError(f"Migrations must be numbered 001.. without gaps, found {numbers}")
    return out


def schema_version(conn: duckdb.DuckDBPyConnection) -> int:
    exists = conn.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_migrations'"
    ).fetchone()[0]
    if not exists:
        return 0
    return conn.execute("SELECT coalesce(max(version), 0) FROM schema_migrations").fetchone()[0]


def migrate(conn: duckdb.DuckDBPyConnection, target: int | None = None) -> list[int]:
    """Apply every migration newer than the file's schema, each in its own transaction.

    Returns the numbers applied. ``target`` stops early (used by tests that build
    an older file).
    """
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, name VARCHAR NOT NULL,"
        " applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)"
    )
    current = schema_version(conn)
    known = migrations()
    if known and current > known[-1][0]:
        raise RuntimeError(
            f"Databasen har skemaversion {current}, men denne version af Risikoværkstedet kender kun op til "
            f"{known[-1][0]}. Opdater programmet; databasen er ikke ændret."
        )
    applied = []
    for number, name, sql in known:
        if number <= current or (target is not None and number > target):
            continue
        conn.execute("BEGIN TRANSACTION")
        try:
            conn.execute(sql)
            conn.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [number, name])
            conn.execute("COMMIT")
        except Exception:
            conn.execute("ROLLBACK")
            raise
        applied.append(number)
    return applied


def refresh_matrix_cells(conn: duckdb.DuckDBPyConnection) -> None:
    from riskmodel.domain.dpia import ds_preset  # the data-subject matrix is joined in SQL like the municipality's

    every = {**presets(), ds_preset().id: ds_preset()}
    rows = [(pid, lik, con, lvl) for pid, p in every.items() for lik, con, lvl in p.cell_rows()]
    if sorted(conn.execute("SELECT * FROM matrix_cells").fetchall()) == sorted(rows):
        return  # as on every open but the first after a change of data/: a read instead of a rewrite (~5x cheaper)
    conn.execute("BEGIN TRANSACTION")
    try:
        conn.execute("DELETE FROM matrix_cells")
        conn.executemany("INSERT INTO matrix_cells VALUES (?, ?, ?, ?)", rows)
    except Exception:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


class _Tracking:
    """A transaction's cursor that notes the tables its statements write (for the table seal); else the cursor."""

    def __init__(self, cur: duckdb.DuckDBPyConnection):
        self._cur = cur
        self.written: set[str] = set()

    def execute(self, query, *args, **kwargs):
        self.written |= seal.written_tables(str(query))
        return self._cur.execute(query, *args, **kwargs)

    def executemany(self, query, *args, **kwargs):
        self.written |= seal.written_tables(str(query))
        return self._cur.executemany(query, *args, **kwargs)

    def cursor(self):
        raise RuntimeError("a unit of work writes on its own cursor only (the table seal counts its writes)")

    def __getattr__(self, name: str):
        return getattr(self._cur, name)


class Database:
    """The process's one DuckDB connection, its write lock and a read cache.

    The read cache is keyed by the caller's key and the write *generation*:
    every committed write bumps the generation, so a cached read can never be
    older than the last write of this process.
    """

    def __init__(self, path: str | Path | None = None, *, cache_size: int = 256, audit_key: bytes | None = None):
        self.path = Path(path) if path is not None else default_db_path()
        # The audit chain's key lives outside the file (riskmodel/store/audit.py); resolved before the file is touched.
        self.audit_key = audit_key if audit_key is not None else audit.resolve_key(self.path)
        if str(self.path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self._conn = duckdb.connect(str(self.path))
        self._conn.execute("SET TimeZone = 'UTC'")  # timestamps are stored in UTC, shown in Danish time
        self._write_lock = threading.RLock()
        self._cache: OrderedDict[tuple, Any] = OrderedDict()
        self._cache_lock = threading.Lock()
        self._cache_size = cache_size
        self.generation = 0
        self._seal: seal.Seal | None = None  # the tables' seal as of the last commit (file databases only)
        self._rows: dict[str, seal.RowHashes] = {}  # the sealed tables' row hashes, from a table's first commit on
        with self._write_lock:
            anchored = None if str(self.path) == ":memory:" else self.path
            # The seal is checked before the migrations (they change tables): a file edited while the app was
            # stopped is reported, and its anchor is then never overwritten.
            seen: seal.Seal = {}  # the seal the check computed: reused below when no migration changed a table
            sealed_before = [] if anchored is None else audit.check_seal(
                self._conn, audit.anchor_path(anchored), self.audit_key, seen)
            applied = migrate(self._conn)
            # Why the chain's anchor cannot be trusted (None if it can): then it is never overwritten.
            self.audit_problem = audit.open_chain(self._conn, anchored, self.audit_key)
            if self.audit_problem is None and sealed_before:
                self.audit_problem = sealed_before[0]
            refresh_matrix_cells(self._conn)
            if anchored is not None and self.audit_problem is None:
                # The migrations are the only writes to sealed tables since the check (the chain and the matrix
                # cells are unsealed): without one, the check's digests are the seal of the file as it is.
                unchanged = not applied and seen.keys() == set(seal.sealed_tables(self._conn))
                self._seal = seen if unchanged else seal.table_seal(self._conn)
                anchor = audit.read_anchor(audit.anchor_path(anchored), self.audit_key)
                if isinstance(anchor, audit.Head) and (anchor.seal is None or applied  # seal (again) what is there
                                                       or anchor.rows != audit.head(self._conn).rows):
                    self._write_anchor(self._conn)
                audit.pending_path(audit.anchor_path(anchored)).unlink(missing_ok=True)  # of a commit never made

    # -- connections -------------------------------------------------------
    @contextmanager
    def read(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor of its own for reading."""
        cur = self._conn.cursor()
        try:
            yield cur
        finally:
            cur.close()

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A serialised write transaction on a cursor of its own.

        Commits when the block ends normally; rolls back on any exception, so a
        refused write leaves the data exactly as it was.
        """
        with self._write_lock, audit.keyed(self.audit_key) as txn:
            raw = self._conn.cursor()
            cur = _Tracking(raw)
            try:
                raw.execute("BEGIN TRANSACTION")
                pending = rows = None
                try:
                    yield cur
                    if self.audit_problem is None and self._seal is not None:
                        pending, rows = self._pending_anchor(raw, cur.written, txn.appended)
                    raw.execute("COMMIT")
                except BaseException:
                    if pending is not None:
                        audit.pending_path(audit.anchor_path(self.path)).unlink(missing_ok=True)
                    with contextlib.suppress(duckdb.Error):
                        raw.execute("ROLLBACK")
                    raise
                if pending is not None:
                    os.replace(audit.pending_path(audit.anchor_path(self.path)), audit.anchor_path(self.path))
                    self._seal = pending
                    self._rows.update(rows)
                self._bump()
            finally:
                raw.close()

    def _pending_anchor(self, cur: duckdb.DuckDBPyConnection, written: set[str], appended: int
                        ) -> tuple[seal.Seal | None, dict[str, seal.RowHashes]]:
        """Before the COMMIT: the head and the seal as they will be, in ``<anchor>.pending`` (renamed over the
        anchor after the COMMIT, so a crash in between leaves one of the two matching the file). Only the tables
        this transaction wrote are digested again, and of those, after a table's first commit, only the rows that
        changed (:class:`riskmodel.store.seal.RowHashes`; the cost: README). Returns the new seal (None when
        nothing sealed changed) and the touched tables' row hashes, both kept only once the COMMIT succeeded."""
        touched = written & self._seal.keys()
        if not (appended or touched):
            return None, {}
        rows = {}
        for table in sorted(touched):
            known = self._rows.get(table)
            rows[table] = seal.RowHashes.read(cur, table) if known is None else known.after(cur, table)
        new = {**self._seal, **{table: hashes.seal() for table, hashes in rows.items()}}
        audit.write_anchor(audit.pending_path(audit.anchor_path(self.path)), audit.head(cur), self.audit_key, new)
        return new, rows

    def _write_anchor(self, cur: duckdb.DuckDBPyConnection) -> None:
        """The chain's head and the tables' seal, MAC'ed, beside the database (riskmodel/store/audit.py)."""
        audit.write_anchor(audit.anchor_path(self.path), audit.head(cur), self.audit_key, self._seal)
        audit.pending_path(audit.anchor_path(self.path)).unlink(missing_ok=True)

    def _bump(self) -> None:
        with self._cache_lock:
            self.generation += 1
            self._cache.clear()

    # -- cache ---------------------------------------------------------------
    def cached(self, key: tuple, compute: Callable[[], Any]) -> Any:
        """Return ``compute()``, memoised until the next committed write."""
        with self._cache_lock:
            full_key = (self.generation, *key)
            if full_key in self._cache:
                self._cache.move_to_end(full_key)
                return self._cache[full_key]
            generation = self.generation
        value = compute()
        with self._cache_lock:
            if generation == self.generation:
                self._cache[full_key] = value
                while len(self._cache) > self._cache_size:
                    self._cache.popitem(last=False)
        return value

    def schema_version(self) -> int:
        with self.read() as cur:
            return schema_version(cur)

    def close(self) -> None:
        self._conn.close()
