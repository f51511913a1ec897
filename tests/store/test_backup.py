"""Backup and restore on real files (issue 8, point 3): the round trip is exact, table by table.

The demo municipality is built once per module; every test works on copies. The command line
runs as a real subprocess where the point is another process: a file held open by this test
process (as the app holds it) cannot be opened by the command line, which then asks this
process's :class:`BackupService` for the backup.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest
from helpers import closed_demo, copy_db, data_digest, table_digest, verify_audit

from riskmodel.domain.model import LOCAL_ACTOR, SystemInput
from riskmodel.services import open_workbench
from riskmodel.store import backup as bk
from riskmodel.store import backup_requests as brq
from riskmodel.store import restore as rs
from riskmodel.store.backup import BackupError
from riskmodel.store.db import Database, migrate, migrations

pytestmark = pytest.mark.slow  # not in `make test-fast`: backup and restore of whole files, and the command line in a subprocess

ROOT = Path(__file__).resolve().parents[2]
LATEST = migrations()[-1][0]


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory, open_copy) -> Path:
    """A closed demo database (12 systems, seed 5), built once."""
    return closed_demo(open_copy, tmp_path_factory.mktemp("backup-demo") / "demo.duckdb")


@pytest.fixture
def demo(demo_file, tmp_path):
    """A workbench on a copy of the demo, open (as the app holds it) for the test."""
    path = tmp_path / "risk.duckdb"
    copy_db(demo_file, path)
    wb = open_workbench(path)
    yield wb
    wb.db.close()


@pytest.fixture(scope="module")
def demo_backup(demo_file, tmp_path_factory) -> Path:
    """A backup of the demo file, taken once; tests that tamper with it work on a copy."""
    out = tmp_path_factory.mktemp("backup-once") / "kopi"
    bk.backup_file(demo_file, out)
    return out


def _tables(conn) -> list[str]:
    return [r[0] for r in conn.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' AND table_type = 'BASE TABLE'"
        " ORDER BY table_name").fetchall()]


def _rows(path: Path) -> dict[str, list[tuple]]:
    """Every row of every base table (listed from information_schema), in a canonical order."""
    with duckdb.connect(str(path), read_only=True) as conn:
        return {t: conn.execute(f'SELECT * FROM "{t}" ORDER BY ALL').fetchall() for t in _tables(conn)}


def _sequences(path: Path) -> dict[str, int | None]:
    with duckdb.connect(str(path), read_only=True) as conn:
        return dict(conn.execute("SELECT sequence_name, last_value FROM duckdb_sequences()").fetchall())


def _assert_same_database(a: Path, b: Path) -> None:
    """Both files closed: every table row for row, both digests, and the sequences."""
    rows_a, rows_b = _rows(a), _rows(b)
    assert list(rows_a) == list(rows_b)
    for table in rows_a:
        assert rows_a[table] == rows_b[table], f"table {table} differs"
    with duckdb.connect(str(a), read_only=True) as conn_a, duckdb.connect(str(b), read_only=True) as conn_b:
        assert bk.database_digest(conn_a) == bk.database_digest(conn_b)
    assert _sequences(a) == _sequences(b)


def _cli(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "riskmodel", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout)


def _system(name: str) -> SystemInput:
    return SystemInput(name=name, department="Borgerservice", owner="Anne Andersen")


# -- the round trip --------------------------------------------------------------------------------
def test_round_trip_is_exact_for_every_table(demo, tmp_path):
    out = tmp_path / "kopi"
    manifest = bk.backup(demo.db, out)  # in the owning process, under its write lock
    source = {"data": data_digest(demo), "all": table_digest(demo), "ours": bk.database_digest(demo)}
    with demo.db.read() as cur:
        tables = _tables(cur)
    assert sorted(manifest.tables) == tables, "every table from information_schema is in the backup"
    assert manifest.schema_version == LATEST
    assert {t: (e.rows, e.digest) for t, e in manifest.tables.items()} == source["ours"]
    assert manifest.tables["systems"].rows == 12 and manifest.tables["risk_lines"].rows > 100
    assert manifest.sequences["seq_systems"] == 12 and manifest.sequences["seq_threats"] >= 64
    on_disk = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert on_disk["format"] == "risikovaerkstedet-backup" and on_disk["schema_version"] == LATEST
    assert set(on_disk["files"]) >= {"schema.sql", "load.sql", "systems.parquet"}

    restored_path = tmp_path / "gendannet" / "risk.duckdb"
    done = rs.restore(restored_path, out)
    assert done.moved_aside is None and done.schema_version == LATEST
    assert (restored_path.parent / "risk.duckdb.audit-head").is_file()  # the anchor is re-created
    from riskmodel.__main__ import main

    assert main(["audit", "verify", "--db", str(restored_path)]) == 0  # read-only, before the app opens it
    restored = open_workbench(restored_path)
    try:
        assert restored.db.audit_problem is None
        assert verify_audit(restored).ok
        assert data_digest(restored) == source["data"]
        assert table_digest(restored) == source["all"], "the audit trail too"
        assert bk.database_digest(restored) == source["ours"]
    finally:
        restored.db.close()
    demo.db.close()
    _assert_same_database(Path(demo.db.path), restored_path)


def test_new_ids_continue_after_the_restored_ones(demo, demo_backup, tmp_path):
    restored_path = tmp_path / "gendannet.duckdb"
    rs.restore(restored_path, demo_backup)
    restored = open_workbench(restored_path)
    try:
        with restored.db.read() as cur:
            highest = cur.execute("SELECT max(id) FROM systems").fetchone()[0]
            audit_highest = cur.execute("SELECT max(id) FROM audit_log").fetchone()[0]
        new_id = restored.systems.create(LOCAL_ACTOR, _system("Nyt system efter gendannelse"))
        assert new_id > highest
        with restored.db.read() as cur:
            assert cur.execute("SELECT max(id) FROM audit_log").fetchone()[0] > audit_highest
    finally:
        restored.db.close()
    # The sequences are the source's exactly: the next id is the one the original would have given.
    assert demo.systems.create(LOCAL_ACTOR, _system("Nyt system i originalen")) == new_id


def test_an_older_backup_is_migrated_up_on_restore(tmp_path):
    old = tmp_path / "old.duckdb"
    conn = duckdb.connect(str(old))
    migrate(conn, target=LATEST - 2)
    conn.execute("INSERT INTO systems (name, department, owner, supplier, description, classification, data_categories,"
                 " subjects_band, criticality, hosting, created_by, updated_by) VALUES ('Gammelt system', 'IT', 'Ole', '', '',"
                 " 'intern', ['ingen'], '0', 'middel', 'leverandør', 'test', 'test')")
    conn.close()
    manifest = bk.backup_file(old, tmp_path / "kopi")
    assert manifest.schema_version == LATEST - 2
    done = rs.restore(tmp_path / "ny.duckdb", tmp_path / "kopi")
    assert done.schema_version == LATEST
    db = Database(tmp_path / "ny.duckdb")
    try:
        assert db.schema_version() == LATEST
        with db.read() as cur:
            assert cur.execute("SELECT id, name FROM systems").fetchall() == [(1, "Gammelt system")]
    finally:
        db.close()


def test_the_backup_is_one_moment_and_does_not_hold_up_the_apps_writes(demo, tmp_path, monkeypatch):
    """A write that commits while the backup is being exported neither waits for it nor ends up in it."""
    before = bk.database_digest(demo)
    export = bk._write_backup
    written = []

    def write_during_the_export(cur, out, source, pinned):
        writer = threading.Thread(target=lambda: written.append(
            demo.systems.create(LOCAL_ACTOR, _system("Oprettet under sikkerhedskopien"))))
        writer.start()
        writer.join(timeout=30)
        assert written, "the app's write waited for the export"
        return export(cur, out, source, pinned)

    monkeypatch.setattr(bk, "_write_backup", write_during_the_export)
    manifest = bk.backup(demo.db, tmp_path / "kopi")
    assert {t: (e.rows, e.digest) for t, e in manifest.tables.items()} == before
    assert manifest.sequences["seq_systems"] == 12 and written == [13]
    assert bk.database_digest(demo)["systems"][0] == 13


# -- refusals: the target is never touched -------------------------------------------------------------
def _tampered_copy(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst)
    return dst


def _flip_bytes(path: Path) -> None:
    data = bytearray(path.read_bytes())
    mid = len(data) // 2
    data[mid:mid + 4] = bytes(b ^ 0xFF for b in data[mid:mid + 4])
    path.write_bytes(bytes(data))


def _edit_manifest(folder: Path, change) -> None:
    path = folder / "manifest.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data), encoding="utf-8")


def _rewrite_systems_consistently(folder: Path) -> None:
    """Changed rows in a valid Parquet file, with the file's new SHA-256 put into the manifest."""
    file = folder / "systems.parquet"
    with duckdb.connect() as conn:
        conn.execute(f"COPY (SELECT * REPLACE (name || ' (ændret)' AS name) FROM read_parquet('{file}'))"
                     f" TO '{folder / 'tmp.parquet'}' (FORMAT parquet)")
    (folder / "tmp.parquet").replace(file)
    _edit_manifest(folder, lambda m: m["files"].__setitem__("systems.parquet", bk._file_sha256(file)))


TAMPERING = {
    "flipped bytes in a parquet file": (lambda f: _flip_bytes(f / "risk_lines.parquet"), "kontrolsum"),
    "a file missing": (lambda f: (f / "audit_log.parquet").unlink(), "mangler"),
    "a row count edited in the manifest": (
        lambda f: _edit_manifest(f, lambda m: m["tables"]["threats"].__setitem__("rows", 63)), "threats"),
    "rows changed and the file hash updated": (_rewrite_systems_consistently, "systems"),
    "a newer schema version": (lambda f: _edit_manifest(f, lambda m: m.__setitem__("schema_version", 999)),
                               "Opdater programmet"),
    "not a manifest": (lambda f: (f / "manifest.json").write_text("{}", encoding="utf-8"), "ikke et manifest"),
}


@pytest.mark.parametrize("how", list(TAMPERING))
def test_a_tampered_backup_is_refused_and_the_target_untouched(how, demo_backup, demo_file, tmp_path):
    tamper, says = TAMPERING[how]
    folder = _tampered_copy(demo_backup, tmp_path / "kopi")
    tamper(folder)
    new_target = tmp_path / "ny.duckdb"
    with pytest.raises(BackupError, match=says):
        rs.restore(new_target, folder)
    assert not new_target.exists()

    existing = tmp_path / "eksisterende.duckdb"
    shutil.copyfile(demo_file, existing)
    before = existing.read_bytes()
    with pytest.raises(BackupError, match=says):
        rs.restore(existing, folder, force=True)
    assert existing.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["eksisterende.duckdb", "kopi"], "no aside, no temp file"


def test_backup_into_a_non_empty_folder_is_refused(demo, tmp_path):
    out = tmp_path / "kopi"
    out.mkdir()
    (out / "noget.txt").write_text("mit", encoding="utf-8")
    with pytest.raises(BackupError, match="ikke tom"):
        bk.backup(demo.db, out)
    assert [p.name for p in out.iterdir()] == ["noget.txt"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")], "no partial folder left behind"

    empty = tmp_path / "tom"
    empty.mkdir()
    manifest = bk.backup(demo.db, empty)  # an empty folder is fine
    assert manifest.path == empty and (empty / "manifest.json").is_file()
    with pytest.raises(BackupError, match="ikke tom"):
        bk.backup(demo.db, empty)  # and never twice


def test_restore_over_an_existing_database_needs_force_and_keeps_the_old_file(demo_backup, demo_file, tmp_path):
    target = tmp_path / "risk.duckdb"
    other = open_workbench(target)  # a database of its own, with one system the backup lacks
    other.systems.create(LOCAL_ACTOR, _system("Kun i den gamle database"))
    other.db.close()
    before = target.read_bytes()
    with pytest.raises(BackupError, match="--force"):
        rs.restore(target, demo_backup)
    assert target.read_bytes() == before

    done = rs.restore(target, demo_backup, force=True)
    assert done.moved_aside is not None and done.moved_aside.name.startswith("risk.duckdb.before-restore-")
    assert done.moved_aside.read_bytes() == before, "the old database is kept, byte for byte"
    _assert_same_database(demo_file, target)
    assert not list(tmp_path.glob(".*restore*")), "no temporary file left behind"


# -- while another process holds the file -----------------------------------------------------------------
def test_the_command_line_asks_the_process_that_holds_the_file(demo, tmp_path):
    """This process holds the file (as the app does); the CLI, in another process, gets the backup from it."""
    service = brq.BackupService(demo.db, interval=0.1).start()
    try:
        started = time.monotonic()
        done = _cli("backup", "--db", str(demo.db.path), "--out", str(tmp_path / "kopi"))
        elapsed = time.monotonic() - started
    finally:
        service.stop()
    assert done.returncode == 0, done.stderr
    assert "taget af appen" in done.stdout and "systems" in done.stdout and "manifest.json" in done.stdout
    assert "har databasen åben" in done.stderr
    assert elapsed < 20
    manifest = bk.verify_backup(tmp_path / "kopi")
    assert manifest.source["taken_by"] == "app"
    assert {t: (e.rows, e.digest) for t, e in manifest.tables.items()} == bk.database_digest(demo)
    assert [p.name for p in brq.requests_dir(demo.db.path).iterdir()] == [], "requests and answers cleaned up"

    rs.restore(tmp_path / "gendannet.duckdb", tmp_path / "kopi")
    demo.db.close()
    _assert_same_database(Path(demo.db.path), tmp_path / "gendannet.duckdb")


def test_a_holder_that_takes_no_requests_gets_a_clear_error_at_once(demo, tmp_path):
    started = time.monotonic()
    done = _cli("backup", "--db", str(demo.db.path), "--out", str(tmp_path / "kopi"))
    assert done.returncode == 2
    assert f"låst af processen med PID {os.getpid()}" in done.stderr
    assert "ikke tager imod anmodninger om sikkerhedskopi" in done.stderr
    assert time.monotonic() - started < 15, "no waiting for an answer that cannot come"
    assert not (tmp_path / "kopi").exists()


def test_restore_refuses_a_database_in_use(demo, demo_backup):
    before = {p.name for p in Path(demo.db.path).parent.iterdir()}
    done = _cli("restore", "--db", str(demo.db.path), str(demo_backup), "--force")
    assert done.returncode == 2
    assert "i brug" in done.stderr
    assert {p.name for p in Path(demo.db.path).parent.iterdir()} == before


def test_service_answers_a_bad_request_with_an_error(demo, tmp_path):
    service = brq.BackupService(demo.db)  # not started: poll by hand
    service.folder.mkdir()
    (service.folder / f"backup-{'a' * 32}.json").write_text(json.dumps({"out": "relativ/mappe"}), encoding="utf-8")
    (service.folder / f"backup-{'b' * 32}.json").write_text(json.dumps({"out": str(tmp_path / "k")}), encoding="utf-8")
    assert service.poll_once() == 2
    bad = json.loads((service.folder / f"backup-{'a' * 32}.done.json").read_text(encoding="utf-8"))
    good = json.loads((service.folder / f"backup-{'b' * 32}.done.json").read_text(encoding="utf-8"))
    assert not bad["ok"] and "absolut" in bad["error"]
    assert good["ok"] and good["manifest"]["tables"]["systems"]["rows"] == 12
    assert service.poll_once() == 0


def test_a_restored_database_keeps_verifying_as_the_app_writes(demo_backup, tmp_path):
    """The anchor a restore writes is the one the app carries on: write, close, `audit verify`."""
    from riskmodel.__main__ import main

    restored_path = tmp_path / "gendannet.duckdb"
    rs.restore(restored_path, demo_backup)
    restored = open_workbench(restored_path)
    try:
        restored.systems.create(LOCAL_ACTOR, _system("Efter gendannelse"))
        assert verify_audit(restored).ok
    finally:
        restored.db.close()
    assert main(["audit", "verify", "--db", str(restored_path)]) == 0


def test_restore_with_another_key_is_refused(demo_backup, tmp_path, monkeypatch):
    other = tmp_path / "anden.key"
    other.write_text("cd" * 32)
    monkeypatch.setenv("RISK_AUDIT_KEY_FILE", str(other))
    target = tmp_path / "gendannet.duckdb"
    with pytest.raises(BackupError, match="^Sikkerhedskopiens revisionsspor holder ikke med denne servers nøgle"):
        rs.restore(target, demo_backup)
    assert not target.exists() and not (tmp_path / "gendannet.duckdb.audit-head").exists()
