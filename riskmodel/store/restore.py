"""Restore a verified backup: nothing touches the target until the files' SHA-256, the rows loaded into a
temporary file built by the same migrations, every table's digest and the sequences are proved; then it is
renamed into place and the old file kept (see riskmodel.store.backup)."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

import duckdb

from riskmodel.store import audit, seal
from riskmodel.store.backup import BackupError, Manifest, verify_backup
from riskmodel.store.db import Database, migrate, migrations
from riskmodel.store.digest import _ident, all_columns, sequences, table_digest, user_tables


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
        head, sealed = _verified_head(tmp, key)
        aside = _swap(tmp, target)
        # The anchor of the restored file: its chain was verified under the key just above; its tables sealed.
        audit.write_anchor(audit.anchor_path(target), head, key, sealed)
        audit.pending_path(audit.anchor_path(target)).unlink(missing_ok=True)
    finally:
        for leftover in (tmp, _wal(tmp), audit.anchor_path(tmp), audit.pending_path(audit.anchor_path(tmp))):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
    return Restored(manifest, target, aside, version)


def _verified_head(path: Path, key: bytes) -> tuple[audit.Head, seal.Seal]:
    """The head of the restored file's audit chain, once the chain verifies under this server's key, and the
    seal of its tables (as the backup had them)."""
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
        return audit.head(conn), seal.table_seal(conn)
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
