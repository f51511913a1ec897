"""The nightly backup exactly as the timer runs it (issue 20): the command of
deploy/risikovaerkstedet-backup.service, with the environment file's paths pointed at a temporary
folder, run as a real process. Its backup must be one that ``restore`` accepts, the oldest beyond
RISK_BACKUP_KEEP must go, and a failure must exit non-zero (systemd's OnFailure= depends on it).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from deploy_files import ROOT, env_file, exec_start, unit
from helpers import closed_demo, table_digest

from riskmodel.services import open_workbench
from riskmodel.store import backup as bk

pytestmark = pytest.mark.slow  # not in `make test-fast`: the deployment's backup commands in a subprocess

SERVICE = "risikovaerkstedet-backup.service"


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory, open_copy) -> Path:
    return closed_demo(open_copy, tmp_path_factory.mktemp("deploy-backup") / "demo.duckdb", systems=6, seed=3)


def _env(tmp_path: Path, db: Path, keep: int = 30) -> dict[str, str]:
    env = env_file()
    env.update(RISK_DB=str(db), RISK_BACKUP_DIR=str(tmp_path / "backups"), RISK_BACKUP_KEEP=str(keep))
    return env


def _run_timer_command(env: dict[str, str]) -> subprocess.CompletedProcess:
    cmd = exec_start(SERVICE, env)
    run_env = {**os.environ, **env}
    return subprocess.run(cmd, cwd=ROOT, env=run_env, capture_output=True, text=True, timeout=300)


def test_the_timers_command_makes_a_backup_that_restore_accepts(demo_file, tmp_path):
    db = tmp_path / "risk.duckdb"
    shutil.copyfile(demo_file, db)
    done = _run_timer_command(_env(tmp_path, db))
    assert done.returncode == 0, done.stderr
    (backup,) = bk.dated_backups(tmp_path / "backups")
    assert backup.name.startswith("risiko-")
    assert f"Manifest: {backup / 'manifest.json'}" in done.stdout

    restored = tmp_path / "gendannet.duckdb"
    again = subprocess.run([sys.executable, "-m", "riskmodel", "restore", "--db", str(restored), str(backup)],
                           cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert "alle tabeller stemmer med manifestet" in again.stdout
    original, copy = open_workbench(db), open_workbench(restored)
    try:
        assert table_digest(copy.db) == table_digest(original.db)
    finally:
        original.db.close()
        copy.db.close()


def test_the_timers_command_keeps_the_newest_n(demo_file, tmp_path):
    db = tmp_path / "risk.duckdb"
    shutil.copyfile(demo_file, db)
    env = _env(tmp_path, db, keep=2)
    taken = []
    for _ in range(3):
        done = _run_timer_command(env)
        assert done.returncode == 0, done.stderr
        taken.append(bk.dated_backups(tmp_path / "backups")[-1])
    left = bk.dated_backups(tmp_path / "backups")
    assert left == taken[1:], "the oldest went, the two newest stay"
    assert "slettede 1 ældre" in done.stdout
    for path in left:
        bk.verify_backup(path)


def test_keep_leaves_other_folders_alone(demo_file, tmp_path):
    db = tmp_path / "risk.duckdb"
    shutil.copyfile(demo_file, db)
    (tmp_path / "backups" / "før-opgradering").mkdir(parents=True)
    manual = tmp_path / "backups" / "før-opgradering"
    bk.backup_file(db, manual)
    done = _run_timer_command(_env(tmp_path, db, keep=1))
    assert done.returncode == 0, done.stderr
    _run_timer_command(_env(tmp_path, db, keep=1))
    assert manual.is_dir(), "a backup the operator named is never removed by --keep"
    assert len(bk.dated_backups(tmp_path / "backups")) == 1


def test_a_failed_backup_exits_non_zero_and_keeps_the_old_ones(demo_file, tmp_path):
    db = tmp_path / "risk.duckdb"
    shutil.copyfile(demo_file, db)
    assert _run_timer_command(_env(tmp_path, db, keep=1)).returncode == 0
    (before,) = bk.dated_backups(tmp_path / "backups")

    done = _run_timer_command(_env(tmp_path, tmp_path / "findes-ikke.duckdb", keep=1))
    assert done.returncode != 0
    assert "findes ikke" in done.stderr
    assert bk.dated_backups(tmp_path / "backups") == [before], "nothing removed when the new backup failed"


def test_keep_must_leave_at_least_one(demo_file, tmp_path):
    db = tmp_path / "risk.duckdb"
    shutil.copyfile(demo_file, db)
    done = _run_timer_command(_env(tmp_path, db, keep=0))
    assert done.returncode != 0
    assert "--keep skal være mindst 1" in done.stderr
    assert not (tmp_path / "backups").exists() or bk.dated_backups(tmp_path / "backups") == []


def test_the_timer_starts_the_backup_nightly_and_a_failure_raises_the_alarm():
    timer = unit("risikovaerkstedet-backup.timer")["Timer"]
    assert timer["Unit"] == [SERVICE]
    assert timer["OnCalendar"] == ["*-*-* 02:30:00"]
    assert timer["Persistent"] == ["true"], "a night the server was off is caught up"
    service = unit(SERVICE)
    assert service["Unit"]["OnFailure"] == ["risikovaerkstedet-alarm@%n.service"]
    assert service["Service"]["Type"] == ["oneshot"]
    assert service["Service"]["User"] == unit("risikovaerkstedet.service")["Service"]["User"], \
        "the running app writes the backup for its own user only"
    assert (ROOT / "deploy" / "risikovaerkstedet-alarm@.service").is_file()
