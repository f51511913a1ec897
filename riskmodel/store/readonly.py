"""Reading a database file without writing it: ``audit verify`` and ``doctor`` open the file read-only, never
migrating or repairing it, and, while the running app holds the file (DuckDB then lets no other process open
it), check a restored copy of a backup the app takes on request."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import duckdb

from riskmodel.store import audit
from riskmodel.store import backup_requests as brq
from riskmodel.store import restore as rs

DatabaseError = duckdb.Error  # the file cannot be opened or read
DatabaseInUse = duckdb.IOException  # another process (the running app) holds the file


@contextlib.contextmanager
def connect(db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to ``db``, closed afterwards; raises :data:`DatabaseError` when it cannot be opened."""
    conn = duckdb.connect(str(db), read_only=True)
    try:
        yield conn
    finally:
        conn.close()


@contextlib.contextmanager
def key_env(value: str) -> Iterator[None]:
    """``RISK_AUDIT_KEY_FILE`` set to ``value`` for the block, as it was afterwards."""
    before = os.environ.get(audit.KEY_ENV)
    os.environ[audit.KEY_ENV] = value
    try:
        yield
    finally:
        os.environ.pop(audit.KEY_ENV, None)
        if before is not None:
            os.environ[audit.KEY_ENV] = before


@contextlib.contextmanager
def file_or_snapshot(db: Path, key_file: Path | None) -> Iterator[tuple[duckdb.DuckDBPyConnection, int | None, Path]]:
    """A read-only connection to ``db``, or, while the app holds it, to a restored copy of the app's backup.

    Yields (connection, the app's schema version, the file opened) for a copy (which the restore migrated
    up, so its own version is not the file's), or (connection, None, ``db``) for the file itself. The copy
    is restored under the same audit key as the file (``key_file``, else the key beside the database).
    Raises :data:`DatabaseError` or :class:`riskmodel.store.backup.BackupError` when neither is possible.
    """
    if rs._locked_by(db) is None:
        conn = duckdb.connect(str(db), read_only=True)
        try:
            yield conn, None, db
        finally:
            conn.close()
        return
    work = Path(tempfile.mkdtemp(prefix=".snapshot-", dir=db.parent))  # the app's /tmp may be private to it
    try:
        manifest = brq.backup_path(db, work / "kopi")
        copy = work / "kopi.duckdb"
        shutil.copyfile(key_file or audit.key_path(db), audit.key_path(copy))  # the restore checks under this key
        with key_env(str(audit.key_path(copy))):  # the file's own key, whatever the process has configured
            rs.restore(copy, work / "kopi")
        conn = duckdb.connect(str(copy), read_only=True)
        try:
            yield conn, manifest.schema_version, copy
        finally:
            conn.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
