"""The running app takes backups on request: DuckDB lets one process hold the file, so the command line drops
a request into ``<db>.requests/`` and the app's :class:`BackupService` answers it (see riskmodel.store.backup)."""

from __future__ import annotations

import contextlib
import json
import os
import sys
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb

from riskmodel import __version__
from riskmodel.domain.errors import WorkbenchError
from riskmodel.store.backup import (
    _DONE,
    _DONE_KEEP,
    _LOCK_PID,
    _REQUEST,
    POLL_INTERVAL,
    REQUEST_TIMEOUT,
    SERVER_FILE,
    BackupError,
    Manifest,
    _check_out_dir,
    _utcnow,
    _write_json,
    backup,
    backup_file,
    verify_backup,
)
from riskmodel.store.db import Database
from riskmodel.store.restore import _locked_by


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
