# Size: backup, restore, verification and the in-app backup thread of one file format; still to split (issue 19).
"""Backup and restore of the one DuckDB file: exact, verified, and possible while the app runs.

A backup is a folder: DuckDB's ``EXPORT DATABASE`` (``schema.sql``, ``load.sql`` and one
Parquet file per table) plus ``manifest.json``, which holds the schema version, every table's
row count and a SHA-256 digest of its rows in a canonical order, the SHA-256 of every file,
and the sequences' current values. It is written into a hidden sibling folder and renamed
into place last, so a half-written backup never looks like a whole one, and an existing,
non-empty folder is never written into.

DuckDB lets one process open the file for writing, and while it does no other process can
open it at all. So the running app takes the backup itself: :class:`BackupService` (started
once per server process by ``pages/ui.py``) polls ``<db>.requests/`` about once a second; the
command line, finding the file locked, drops a request there and waits for the answer. When
no process holds the file, the command line opens it read-only and backs up directly.

The app pins a snapshot (one DuckDB transaction) under its write lock and reads the sequences
with it, then releases the lock and exports from the snapshot: the backup is one consistent
moment, and the app's writes wait only for the pinning, not for the export.

A restore never touches the target until everything is proved: the files' SHA-256 first,
then the rows are loaded into a temporary file built by the same migrations up to the
backup's schema version, every table's digest is compared with the manifest, the sequences
are set, a newer code version migrates the file up, and only then is it renamed into place.
An existing database is kept (``<file>.before-restore-<time>``), never deleted.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import decimal
import hashlib
import json
import os
import platform
import re
import shutil
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from riskmodel import __version__
from riskmodel.domain.errors import WorkbenchError
from riskmodel.store import audit
from riskmodel.store.db import Database, migrate, migrations, schema_version

FORMAT = "risikovaerkstedet-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
REQUEST_TIMEOUT = 120.0  # seconds the command line waits for the running app
POLL_INTERVAL = 1.0  # seconds between the app's looks into the request folder
SERVER_FILE = "server.json"  # the app's "I take requests" note in the request folder
_DONE_KEEP = 24 * 3600  # an answer nobody picked up is removed after a day
_REQUEST = re.compile(r"^backup-([0-9a-f]{32})\.json$")
_DONE = re.compile(r"^backup-[0-9a-f]{32}\.done\.json$")
_LOAD_LINE = re.compile(r"""^COPY\s+("(?:[^"]|"")+"|[^\s(]+)\s+FROM\s+'((?:[^']|'')+)'""", re.IGNORECASE)
_LOCK_PID = re.compile(r"\(PID (\d+)\)")


class BackupError(WorkbenchError):
    """A backup or restore was refused or failed; the message is Danish and says what to do.

    Nothing was changed: no backup folder was left half-written, no database replaced.
    """


# -- the manifest ------------------------------------------------------------------------------
@dataclass(frozen=True)
class TableEntry:
    rows: int
    digest: str  # SHA-256 of the column names and types and every row in canonical order
    file: str  # the Parquet file in the backup folder
    columns: tuple[tuple[str, str], ...]  # (name, type) in table order; a JSON object in the file


@dataclass(frozen=True)
class Manifest:
    schema_version: int
    created_at: str  # ISO 8601, UTC
    tool_version: str
    duckdb_version: str
    tables: dict[str, TableEntry]
    sequences: dict[str, int | None]  # current value (None: never used)
    files: dict[str, str]  # every file of the backup but the manifest -> its SHA-256
    source: dict[str, Any] = field(default_factory=dict)  # db, taken_by (app|kommandolinje), pid, host
    path: Path | None = None  # the backup folder (not stored)

    @property
    def manifest_path(self) -> Path | None:
        return self.path / MANIFEST if self.path else None

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "created_at": self.created_at,
            "tool_version": self.tool_version,
            "duckdb_version": self.duckdb_version,
            "schema_version": self.schema_version,
            "source": self.source,
            "tables": {
                name: {"rows": t.rows, "digest": t.digest, "file": t.file, "columns": dict(t.columns)}
                for name, t in sorted(self.tables.items())
            },
            "sequences": dict(sorted(self.sequences.items())),
            "files": dict(sorted(self.files.items())),
        }

    @classmethod
    def from_json(cls, data: Any, path: Path | None = None) -> Manifest:
        where = f"{path / MANIFEST}" if path else MANIFEST
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise BackupError(f"{where} er ikke et manifest fra Risikoværkstedets sikkerhedskopi.")
        if data.get("format_version") != FORMAT_VERSION:
            raise BackupError(f"{where} har formatversion {data.get('format_version')!r}; denne version af "
                              f"Risikoværkstedet læser kun version {FORMAT_VERSION}. Opdater programmet.")
        try:
            tables = {
                str(name): TableEntry(int(t["rows"]), str(t["digest"]), str(t["file"]),
                                      tuple((str(c), str(ty)) for c, ty in t["columns"].items()))
                for name, t in data["tables"].items()
            }
            sequences = {str(k): (None if v is None else int(v)) for k, v in data["sequences"].items()}
            files = {str(k): str(v) for k, v in data["files"].items()}
            return cls(int(data["schema_version"]), str(data["created_at"]), str(data["tool_version"]),
                       str(data["duckdb_version"]), tables, sequences, files, dict(data.get("source") or {}), path)
        except (KeyError, TypeError, ValueError, AttributeError) as err:
            raise BackupError(f"{where} er ufuldstændigt eller beskadiget ({type(err).__name__}: {err}).") from None


# -- canonical digests ---------------------------------------------------------------------------
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


def _file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def _utcnow() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


# -- backup ----------------------------------------------------------------------------------------
def _check_out_dir(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise BackupError(f"{out} findes allerede og er ikke en mappe. Vælg en ny mappe til sikkerhedskopien.")
    if out.is_dir() and any(out.iterdir()):
        raise BackupError(f"Mappen {out} findes allerede og er ikke tom. En sikkerhedskopi overskriver aldrig "
                          "noget; vælg en ny eller tom mappe.")


def backup(db: Database, out_dir: str | Path, *, taken_by: str = "app") -> Manifest:
    """Back up the open database into ``out_dir`` (new or empty) from the process that owns it.

    The snapshot is taken under the database's write lock: no write of this process is in
    flight, and the sequences (which DuckDB does not version) are read with it. The export
    then reads that snapshot after the lock is released, so the app's writes pause only
    for the moment it takes to pin it, whatever the size of the database.
    """
    out = Path(out_dir).absolute()
    _check_out_dir(out)
    with db.read() as cur:
        with db.transaction():  # holds the write lock; the snapshot itself is on ``cur``
            cur.execute("BEGIN TRANSACTION")
            pinned = _pin(cur)
        try:
            return _write_backup(cur, out, {"db": str(Path(db.path).absolute()), "taken_by": taken_by}, pinned)
        finally:
            cur.execute("ROLLBACK")  # it only read


def backup_file(db_path: str | Path, out_dir: str | Path) -> Manifest:
    """Back up a database file no process holds: opened read-only, so it is not even migrated."""
    db = Path(db_path).absolute()
    out = Path(out_dir).absolute()
    if not db.is_file():
        raise BackupError(f"Databasen {db} findes ikke.")
    _check_out_dir(out)
    try:
        conn = duckdb.connect(str(db), read_only=True)
    except duckdb.Error as err:
        raise BackupError(f"Databasen {db} kan ikke åbnes: {err}") from None
    try:
        conn.execute("BEGIN TRANSACTION")
        return _write_backup(conn, out, {"db": str(db), "taken_by": "kommandolinje"}, _pin(conn))
    finally:
        conn.close()


@dataclass(frozen=True)
class _Pinned:
    schema_version: int
    sequences: dict[str, int | None]
    rows: dict[str, int]


def _pin(cur: duckdb.DuckDBPyConnection) -> _Pinned:
    """Start the transaction's snapshot (DuckDB pins it at the first table read) and read what it does not cover."""
    rows = {t: cur.execute(f"SELECT count(*) FROM {_ident(t)}").fetchone()[0] for t in user_tables(cur)}
    return _Pinned(schema_version(cur), sequences(cur), rows)


def _write_backup(cur: duckdb.DuckDBPyConnection, out: Path, source: dict[str, Any], pinned: _Pinned) -> Manifest:
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.parent / f".{out.name}.partial-{uuid.uuid4().hex}"
    partial.mkdir(mode=0o700)  # the backup holds every row, password hashes too: for the owner only
    try:
        cur.execute(f"EXPORT DATABASE {_sql_str(partial)} (FORMAT parquet)")
        files = _exported_files(partial)
        tables = user_tables(cur)
        if sorted(files) != tables or sorted(pinned.rows) != tables:
            raise BackupError(f"EXPORT DATABASE skrev filer for {sorted(files)}, men databasen har tabellerne {tables}.")
        columns = all_columns(cur)
        entries = {}
        for table in tables:
            rows, digest = table_digest(cur, table, columns[table])
            in_file = cur.execute("SELECT count(*) FROM read_parquet(?)", [str(partial / files[table])]).fetchone()[0]
            if not rows == in_file == pinned.rows[table]:
                raise BackupError(f"Tabellen {table} har {rows} rækker, men den eksporterede fil har {in_file} "
                                  f"(og øjebliksbilledet {pinned.rows[table]}). Sikkerhedskopien er ikke gemt.")
            entries[table] = TableEntry(rows, digest, files[table], columns[table])
        manifest = Manifest(
            schema_version=pinned.schema_version,
            created_at=_utcnow(),
            tool_version=__version__,
            duckdb_version=duckdb.__version__,
            tables=entries,
            sequences=pinned.sequences,
            files={p.name: _file_sha256(p) for p in sorted(partial.iterdir()) if p.is_file()},
            source={**source, "pid": os.getpid(), "host": platform.node()},
        )
        _write_json(partial / MANIFEST, manifest.to_json())
        try:
            os.rename(partial, out)  # onto a missing or empty folder; refused if it filled up meanwhile
        except OSError:
            raise BackupError(f"Mappen {out} er ikke tom (nogen skrev i den undervejs). Sikkerhedskopien er ikke "
                              "gemt; vælg en ny mappe.") from None
        return dataclasses.replace(manifest, path=out)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise


def _exported_files(folder: Path) -> dict[str, str]:
    """table -> its data file, read from the ``load.sql`` that ``EXPORT DATABASE`` wrote."""
    files = {}
    for line in (folder / "load.sql").read_text(encoding="utf-8").splitlines():
        m = _LOAD_LINE.match(line.strip())
        if m:
            name = m.group(1)
            if name.startswith('"'):
                name = name[1:-1].replace('""', '"')
            files[name] = Path(m.group(2).replace("''", "'")).name
    return files


def _write_json(path: Path, data: Any) -> None:
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def read_manifest(backup_dir: str | Path) -> Manifest:
    folder = Path(backup_dir).absolute()
    path = folder / MANIFEST
    if not folder.is_dir():
        raise BackupError(f"Mappen {folder} findes ikke.")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BackupError(f"{folder} er ikke en sikkerhedskopi: {MANIFEST} mangler.") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise BackupError(f"{path} kan ikke læses ({err}).") from None
    return Manifest.from_json(data, folder)


def verify_backup(backup_dir: str | Path) -> Manifest:
    """The manifest, once every file it names is there with the SHA-256 it recorded."""
    manifest = read_manifest(backup_dir)
    folder = manifest.path
    assert folder is not None
    for table, entry in manifest.tables.items():
        if entry.file not in manifest.files:
            raise BackupError(f"Manifestet nævner filen {entry.file} for tabellen {table}, men ikke dens kontrolsum.")
    for name, expected in manifest.files.items():
        path = folder / name
        if Path(name).name != name or not path.is_file():
            raise BackupError(f"Sikkerhedskopien er ufuldstændig: filen {name} mangler i {folder}.")
        if _file_sha256(path) != expected:
            raise BackupError(f"Sikkerhedskopien er beskadiget eller ændret: filen {name} har ikke den kontrolsum "
                              "(SHA-256), manifestet angiver. Intet er gendannet.")
    return manifest


# -- restore -----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Restored:
    manifest: Manifest
    db: Path
    moved_aside: Path | None  # the database that was there before, kept
    schema_version: int  # after the restore (the backup's, or the code's if it was migrated up)


def is_lock_error(err: BaseException) -> bool:
    text = str(err)
    return isinstance(err, duckdb.IOException) and ("Conflicting lock" in text or "Could not set lock" in text)


def _locked_by(db: Path) -> duckdb.Error | None:
    """The error if another process (or a connection of this one) holds ``db`` open, else None."""
    try:
        duckdb.connect(str(db), read_only=True).close()
    except duckdb.IOException as err:
        if is_lock_error(err):
            return err
    except duckdb.ConnectionException as err:
        if "same database file" in str(err):  # open in this very process
            return err
    except duckdb.Error:
        pass  # not a DuckDB file: no lock either
    return None


def restore(db_path: str | Path, backup_dir: str | Path, *, force: bool = False) -> Restored:
    """Restore the backup in ``backup_dir`` to ``db_path``; refuse (target untouched) on any mismatch."""
    target = Path(db_path).absolute()
    manifest = verify_backup(backup_dir)
    known = migrations()[-1][0]
    if manifest.schema_version > known:
        raise BackupError(f"Sikkerhedskopien har skemaversion {manifest.schema_version}, men denne version af "
                          f"Risikoværkstedet kender kun op til {known}. Opdater programmet; intet er gendannet.")
    if manifest.schema_version < 1:
        raise BackupError("Sikkerhedskopien har ingen skemaversion; intet er gendannet.")
    if target.is_dir():
        raise BackupError(f"{target} er en mappe, ikke en databasefil.")
    if target.exists() and (err := _locked_by(target)):
        raise BackupError(f"Databasen {target} er i brug af en anden proces (kører appen?). Stop den, før du "
                          f"gendanner. ({err})")
    if target.exists() and target.stat().st_size > 0 and not force:
        raise BackupError(f"Databasen {target} findes allerede og har indhold. Brug --force for at erstatte den; "
                          "den gamle fil gemmes så ved siden af som <fil>.before-restore-<tidspunkt>.")
    try:
        key = audit.resolve_key(target, create=False)
    except audit.AuditKeyError as err:
        raise BackupError(f"{err} Intet er gendannet.") from None
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.restore-{uuid.uuid4().hex}.tmp")
    try:
        _load(tmp, manifest)
        version = manifest.schema_version
        if version < known:  # migrate up in the temporary file: a failing migration leaves the target as it was
            db = Database(tmp, audit_key=key)
            version = db.schema_version()
            db.close()
        if _wal(tmp).exists():
            raise BackupError(f"Den gendannede fil {tmp} blev ikke skrevet helt færdig (WAL-fil tilbage).")
        head = _verified_head(tmp, key)
        aside = _swap(tmp, target)
        # The anchor of the restored file: its chain was verified under the key just above.
        audit.write_anchor(audit.anchor_path(target), head, key)
    finally:
        for leftover in (tmp, _wal(tmp), audit.anchor_path(tmp)):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
    return Restored(manifest, target, aside, version)


def _verified_head(path: Path, key: bytes) -> audit.Head:
    """The head of the restored file's audit chain, once the chain verifies under this server's key."""
    conn = duckdb.connect(str(path), read_only=True)
    try:
        # The chain only: `audit verify` reports values the trail does not explain; a restore restores them as they were.
        result = audit.verify(conn, key, replay=False)
        if not result.ok and audit.verify(conn, None, replay=False).ok:  # a backup from before the key: re-key it
            conn.close()
            Database(path, audit_key=key).close()
            conn = duckdb.connect(str(path), read_only=True)
            result = audit.verify(conn, key, replay=False)
        if not result.ok:
            raise BackupError(f"Sikkerhedskopiens revisionsspor holder ikke med denne servers nøgle: {result.reason}. "
                              "Er det den rigtige nøglefil? Intet er gendannet.")
        return audit.head(conn)
    finally:
        conn.close()


def _wal(path: Path) -> Path:
    return path.with_name(path.name + ".wal")


def _load(tmp: Path, manifest: Manifest) -> None:
    """Build the backup's schema with our migrations, load its rows, prove them, set the sequences."""
    folder = manifest.path
    assert folder is not None
    conn = duckdb.connect(str(tmp))
    try:
        conn.execute("SET TimeZone = 'UTC'")
        migrate(conn, target=manifest.schema_version)
        tables = user_tables(conn)
        if sorted(manifest.tables) != tables:
            missing = sorted(set(tables) - set(manifest.tables))
            extra = sorted(set(manifest.tables) - set(tables))
            raise BackupError(f"Sikkerhedskopiens tabeller passer ikke til skemaversion {manifest.schema_version}"
                              f" (mangler: {', '.join(missing) or '-'}; ukendte: {', '.join(extra) or '-'}). "
                              "Intet er gendannet.")
        columns = all_columns(conn)
        for table in tables:
            if columns[table] != manifest.tables[table].columns:
                raise BackupError(f"Tabellen {table} i sikkerhedskopien har andre kolonner end skemaversion "
                                  f"{manifest.schema_version}. Intet er gendannet.")
        # Clear what the migrations wrote, then load; two transactions, so no key is deleted and re-inserted in one.
        conn.execute("BEGIN TRANSACTION")
        for table in tables:
            conn.execute(f"DELETE FROM {_ident(table)}")
        conn.execute("COMMIT")
        conn.execute("BEGIN TRANSACTION")
        try:
            for table in tables:
                conn.execute(f"INSERT INTO {_ident(table)} BY NAME SELECT * FROM read_parquet(?)",
                             [str(folder / manifest.tables[table].file)])
        except duckdb.Error as err:
            conn.execute("ROLLBACK")
            raise BackupError(f"Tabellen {table} kunne ikke indlæses fra sikkerhedskopien ({err}). "
                              "Intet er gendannet.") from None
        conn.execute("COMMIT")
        for table in tables:
            rows, digest = table_digest(conn, table, columns[table])
            entry = manifest.tables[table]
            if (rows, digest) != (entry.rows, entry.digest):
                raise BackupError(f"Tabellen {table} svarer ikke til manifestet efter indlæsning ({rows} rækker, "
                                  f"manifestet siger {entry.rows}; kontrolsummen afviger). Intet er gendannet.")
        found = sequences(conn)
        if sorted(found) != sorted(manifest.sequences):
            raise BackupError("Sikkerhedskopiens sekvenser passer ikke til skemaet. Intet er gendannet.")
        for name, value in manifest.sequences.items():
            if value is not None:
                conn.execute("SELECT setval(?, ?)", [name, value])
        if sequences(conn) != manifest.sequences:
            raise BackupError("Sekvenserne kunne ikke sættes til sikkerhedskopiens værdier. Intet er gendannet.")
        conn.execute("CHECKPOINT")
    finally:
        conn.close()


def _swap(tmp: Path, target: Path) -> Path | None:
    """Put ``tmp`` in place of ``target`` atomically; keep the old file (and its WAL) as ``.before-restore-...``."""
    aside = None
    if target.exists():
        stamp = dt.datetime.now().strftime("%Y%m%dT%H%M%S")
        aside = target.with_name(f"{target.name}.before-restore-{stamp}")
        n = 1
        while aside.exists() or _wal(aside).exists():
            n += 1
            aside = target.with_name(f"{target.name}.before-restore-{stamp}-{n}")
        try:
            os.link(target, aside)  # the old file stays at its own name until the new one replaces it
        except OSError:
            shutil.copy2(target, aside)
        if _wal(target).exists():
            os.replace(_wal(target), _wal(aside))  # it belongs to the old file; the new one must not replay it
    os.replace(tmp, target)
    return aside


# -- the running app takes requests ---------------------------------------------------------------------
def requests_dir(db_path: str | Path) -> Path:
    """``<db>.requests`` next to the database file: where the command line asks the app for a backup."""
    db = Path(db_path).resolve()
    return db.with_name(db.name + ".requests")


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # exists, run by someone else
    return True


class BackupService:
    """A daemon thread in the app's process: takes the backups the command line asks for.

    Polling is one ``os.scandir`` of ``<db>.requests/`` a second. A request is claimed by
    renaming it (so it is taken once), :func:`backup` pins its snapshot under the database's
    write lock, and the answer (the manifest, or the Danish error) is written atomically as
    ``.done.json``.
    """

    def __init__(self, db: Database, interval: float = POLL_INTERVAL):
        self.db = db
        self.interval = interval
        self.folder = requests_dir(db.path)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> BackupService:
        self.folder.mkdir(mode=0o700, exist_ok=True)
        _write_json(self.folder / SERVER_FILE, {"pid": os.getpid(), "db": str(Path(self.db.path).resolve()),
                                                "started_at": _utcnow(), "tool_version": __version__})
        self._thread = threading.Thread(target=self._run, name=f"backup-requests:{self.db.path}", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=30)
        with contextlib.suppress(OSError, ValueError):
            note = json.loads((self.folder / SERVER_FILE).read_text(encoding="utf-8"))
            if note.get("pid") == os.getpid():
                (self.folder / SERVER_FILE).unlink()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.poll_once()
            except duckdb.ConnectionException:
                return  # the database was closed: this service is done
            except Exception as err:  # noqa: BLE001 - a bad request must never kill the app's service
                print(f"backup-requests: {type(err).__name__}: {err}", file=sys.stderr)

    def poll_once(self) -> int:
        """Handle every waiting request; returns how many."""
        try:
            entries = list(os.scandir(self.folder))
        except FileNotFoundError:
            return 0
        handled = 0
        now = time.time()
        for entry in entries:
            m = _REQUEST.match(entry.name)
            if m:
                self._handle(Path(entry.path), m.group(1))
                handled += 1
            elif _DONE.match(entry.name):
                with contextlib.suppress(OSError):
                    if now - entry.stat().st_mtime > _DONE_KEEP:
                        os.unlink(entry.path)
        return handled

    def _handle(self, request: Path, rid: str) -> None:
        claimed = request.with_name(request.name + ".working")
        try:
            os.rename(request, claimed)
        except FileNotFoundError:
            return  # withdrawn, or taken by another thread
        answer: dict[str, Any]
        try:
            data = json.loads(claimed.read_text(encoding="utf-8"))
            out = Path(data["out"]) if isinstance(data, dict) and isinstance(data.get("out"), str) else None
            if out is None or not out.is_absolute():
                raise BackupError("Anmodningen om sikkerhedskopi er ugyldig: den skal angive en absolut mappe.")
            manifest = backup(self.db, out)
            answer = {"ok": True, "manifest": manifest.to_json(), "out": str(out)}
        except duckdb.ConnectionException:
            self._answer(rid, {"ok": False, "error": "Appen har lukket databasen; prøv igen om lidt."})
            claimed.unlink(missing_ok=True)
            raise
        except WorkbenchError as err:
            answer = {"ok": False, "error": str(err)}
        except Exception as err:  # noqa: BLE001 - the command line waits for an answer in any case
            answer = {"ok": False, "error": f"Sikkerhedskopien fejlede i appen: {type(err).__name__}: {err}"}
        self._answer(rid, answer)
        claimed.unlink(missing_ok=True)

    def _answer(self, rid: str, answer: dict[str, Any]) -> None:
        _write_json(self.folder / f"backup-{rid}.done.json", {**answer, "pid": os.getpid(), "at": _utcnow()})


_services: dict[Path, BackupService] = {}
_services_lock = threading.Lock()


def serve_backup_requests(db: Database) -> BackupService:
    """Start (once per database file in this process) the thread that takes backup requests."""
    folder = requests_dir(db.path)
    with _services_lock:
        service = _services.get(folder)
        if service is not None and service.db is db and service.running:
            return service
        if service is not None:
            service.stop()
        _services[folder] = service = BackupService(db).start()
        return service


# -- the command line's side ------------------------------------------------------------------------------
def backup_path(db_path: str | Path, out_dir: str | Path, *, timeout: float = REQUEST_TIMEOUT,
                progress: Callable[[str], None] | None = None) -> Manifest:
    """Back up the file at ``db_path``: directly if no process holds it, else through the running app."""
    db = Path(db_path).absolute()
    out = Path(out_dir).absolute()
    if not db.is_file():
        raise BackupError(f"Databasen {db} findes ikke.")
    _check_out_dir(out)
    lock = _locked_by(db)
    if lock is None:
        try:
            return backup_file(db, out)
        except BackupError as err:
            if "Conflicting lock" not in str(err):
                raise
            lock = duckdb.IOException(str(err))  # the app opened it just now
    return request_backup(db, out, lock, timeout=timeout, progress=progress)


def request_backup(db: Path, out: Path, lock: BaseException, *, timeout: float = REQUEST_TIMEOUT,
                   progress: Callable[[str], None] | None = None) -> Manifest:
    """Ask the app that holds ``db`` to write the backup to ``out``, and wait for its answer."""
    say = progress or (lambda _text: None)
    folder = requests_dir(db)
    m = _LOCK_PID.search(str(lock))
    holder = int(m.group(1)) if m else None
    try:
        note = json.loads((folder / SERVER_FILE).read_text(encoding="utf-8"))
        pid = int(note["pid"])
    except PermissionError:
        raise BackupError(f"Databasen {db} er i brug af appen, men du har ikke adgang til dens anmodningsmappe "
                          f"{folder}. Kør kommandoen som den bruger, appen kører som.") from None
    except (OSError, ValueError, KeyError, TypeError):
        pid = None
    if pid is None or not _pid_alive(pid) or (holder is not None and holder != pid):
        who = f"processen med PID {holder}" if holder else "en anden proces"
        raise BackupError(f"Databasen {db} er låst af {who}, som ikke tager imod anmodninger om sikkerhedskopi "
                          "(det er ikke appen, eller en version af appen uden sikkerhedskopi). Vent, til processen er "
                          "færdig, eller stop den, og prøv igen.")
    rid = uuid.uuid4().hex
    request = folder / f"backup-{rid}.json"
    done = folder / f"backup-{rid}.done.json"
    try:
        _write_json(request, {"out": str(out), "requested_at": _utcnow(), "pid": os.getpid()})
    except OSError as err:
        raise BackupError(f"Anmodningen kan ikke skrives i {folder} ({err}). Kør kommandoen som den bruger, "
                          "appen kører som.") from None
    say(f"Appen (PID {pid}) har databasen åben; den tager sikkerhedskopien ")
    started = time.monotonic()
    ticks = 0
    while not done.exists():
        elapsed = time.monotonic() - started
        if elapsed > timeout or not _pid_alive(pid):
            say("\n")
            why = f"svarede ikke inden for {timeout:.0f} s" if _pid_alive(pid) else "stoppede undervejs"
            try:
                request.unlink()  # withdrawn: the app never took it
            except FileNotFoundError:
                if _pid_alive(pid):
                    raise BackupError(f"Appen (PID {pid}) tog imod anmodningen, men {why}. Den kan stadig blive "
                                      f"færdig: mappen {out} dukker først op, når sikkerhedskopien er hel.") from None
            raise BackupError(f"Appen (PID {pid}) {why}. Der er ingen sikkerhedskopi i {out}; prøv igen.")
        if int(elapsed) > ticks:
            ticks = int(elapsed)
            say(".")
        time.sleep(0.1)
    say("\n")
    try:
        answer = json.loads(done.read_text(encoding="utf-8"))
    finally:
        done.unlink(missing_ok=True)
    if not answer.get("ok"):
        raise BackupError(str(answer.get("error") or "Appen kunne ikke tage sikkerhedskopien."))
    try:
        return verify_backup(out)  # the files as this user sees them
    except PermissionError:
        return Manifest.from_json(answer["manifest"], out)


# -- a folder of dated backups (the nightly timer) -------------------------------------------------
DATED_PREFIX = "risiko-"
_DATED = re.compile(r"^risiko-\d{8}T\d{6}Z(-\d+)?$")


def dated_backup_dir(parent: str | Path, now: dt.datetime | None = None) -> Path:
    """``parent/risiko-YYYYmmddTHHMMSSZ`` (UTC; ``-1``, ``-2``... if taken): sorts by time, names no existing folder."""
    moment = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    base = Path(parent).absolute() / f"{DATED_PREFIX}{moment:%Y%m%dT%H%M%SZ}"
    path, n = base, 0
    while path.exists():
        n += 1
        path = base.with_name(f"{base.name}-{n}")
    return path


def dated_backups(parent: str | Path) -> list[Path]:
    """The whole dated backups in ``parent`` (named by :func:`dated_backup_dir`, with a manifest), oldest first.

    Half-written backups are hidden ``.partial`` folders and never match; nor does anything else an
    operator keeps there.
    """
    folder = Path(parent)
    if not folder.is_dir():
        return []
    found = [p for p in folder.iterdir() if _DATED.match(p.name) and (p / MANIFEST).is_file()]
    return sorted(found, key=lambda p: (p.name[:len(DATED_PREFIX) + 16], int(p.name[len(DATED_PREFIX) + 17:] or 0)))


def _check_keep(keep: int) -> None:
    if keep < 1:
        raise BackupError(f"--keep skal være mindst 1 (fik {keep}); den nyeste sikkerhedskopi slettes aldrig.")


def prune_backups(parent: str | Path, keep: int) -> list[Path]:
    """Remove the oldest dated backups in ``parent`` beyond the newest ``keep``; returns what was removed.

    Called only after a new backup has been written and verified, so the newest is always a good one.
    """
    _check_keep(keep)
    old = dated_backups(parent)[:-keep]
    for path in old:
        try:
            shutil.rmtree(path)
        except OSError as err:
            raise BackupError(f"Den nye sikkerhedskopi er gemt og kontrolleret, men den gamle {path} kunne ikke "
                              f"slettes ({err}). Kør kommandoen som den bruger, der ejer kopierne.") from None
    return old


def run_cli(args: Any, db_path: Path) -> int:
    """``backup`` and ``restore`` of ``python -m riskmodel``: exit 0, or 2 with a Danish error."""
    def say(text: str) -> None:
        print(text, end="", file=sys.stderr, flush=True)

    try:
        if args.command == "backup":
            started = time.perf_counter()
            into = getattr(args, "into", None)
            keep = getattr(args, "keep", None)
            if keep is not None and into is None:
                raise BackupError("--keep gælder kun sammen med --into MAPPE (en mappe med daterede "
                                  "sikkerhedskopier); med --out slettes intet.")
            if keep is not None:
                _check_keep(keep)
            out = dated_backup_dir(into) if into is not None else args.out
            manifest = backup_path(db_path, out, timeout=args.timeout, progress=say)
            if into is not None:
                manifest = verify_backup(out)  # the files as they lie on disk now, before anything older goes
            by = "appen" if manifest.source.get("taken_by") == "app" else "kommandolinjen"
            print(f"Sikkerhedskopi af {db_path} (skemaversion {manifest.schema_version}), taget af {by} "
                  f"på {time.perf_counter() - started:.1f} s:")
            _print_tables(manifest)
            print(f"Manifest: {manifest.manifest_path}")
            if keep is not None:
                removed = prune_backups(into, keep)
                print(f"Beholder de {keep} nyeste sikkerhedskopier i {Path(into).absolute()}; "
                      f"slettede {len(removed)} ældre" + (": " + ", ".join(p.name for p in removed) if removed else "."))
        else:
            done = restore(db_path, args.backup, force=args.force)
            print(f"Gendannet {done.db} fra {done.manifest.path} (taget {done.manifest.created_at}, "
                  f"skemaversion {done.manifest.schema_version}); alle tabeller stemmer med manifestet:")
            _print_tables(done.manifest)
            if done.schema_version != done.manifest.schema_version:
                print(f"Databasen er opgraderet til skemaversion {done.schema_version}.")
            if done.moved_aside:
                print(f"Den tidligere database er gemt som {done.moved_aside}.")
    except WorkbenchError as err:
        print(f"Fejl: {err}", file=sys.stderr)
        return 2
    return 0


def _print_tables(manifest: Manifest) -> None:
    width = max((len(t) for t in manifest.tables), default=0)
    for name, entry in sorted(manifest.tables.items()):
        print(f"  {name:{width}}  {entry.rows:>8} rækker")
