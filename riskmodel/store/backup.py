"""Backup and restore of the one DuckDB file: exact, verified, and possible while the app runs.

A backup is a folder: DuckDB's ``EXPORT DATABASE`` (``schema.sql``, ``load.sql`` and one
Parquet file per table) plus ``manifest.json``, which holds the schema version, every table's
row count and a SHA-256 digest of its rows in a canonical order, the SHA-256 of every file,
and the sequences' current values. It is written into a hidden sibling folder and renamed
into place last, so a half-written backup never looks like a whole one, and an existing,
non-empty folder is never written into.

DuckDB lets one process open the file for writing, and while it does no other process can
open it at all. So the running app takes the backup itself: :class:`BackupService` (started
once per server process by ``pages/ui/session.py``) polls ``<db>.requests/`` about once a second; the
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

import dataclasses
import datetime as dt
import hashlib
import json
import os
import platform
import re
import shutil
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from riskmodel import __version__
from riskmodel.domain.errors import WorkbenchError
from riskmodel.store.db import Database, schema_version
from riskmodel.store.digest import _ident, _sql_str, all_columns, sequences, table_digest, user_tables
from riskmodel.store.digest import database_digest as database_digest  # callers reach it here

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
