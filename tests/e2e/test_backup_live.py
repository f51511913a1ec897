"""Backup while the app runs (issue 8, point 3), with real processes.

The server (`streamlit run app.py`) holds the DuckDB file open, so `python -m riskmodel backup`
cannot open it; it asks the server, whose backup service writes the backup under the database's
write lock. A browser visit makes the app open its database (Streamlit runs app.py only for a
session). After the server stops, the backup restores to a file equal to the server's, table by table.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from helpers import table_digest

from riskmodel.domain.model import LOCAL_ACTOR
from riskmodel.services.demo import build_demo
from riskmodel.store import backup as bk
from riskmodel.store import backup_requests as brq

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "riskmodel", *args], cwd=ROOT, capture_output=True, text=True, timeout=150)


def _digests(path: Path) -> tuple[dict, dict]:
    with duckdb.connect(str(path), read_only=True) as conn:
        return bk.database_digest(conn), table_digest(conn)


def test_backup_while_the_app_runs_restores_to_the_servers_data(browser, open_copy, tmp_path):
    from conftest import RUN_TIMEOUT_MS, VIEWPORT, StreamlitServer

    db = tmp_path / "risk.duckdb"
    out = tmp_path / "sikkerhedskopi"
    wb = open_copy(db)
    build_demo(wb, LOCAL_ACTOR, systems=12, seed=5)
    wb.db.close()
    srv = StreamlitServer(db, tmp_path / "streamlit.log").start()
    try:
        context = browser.new_context(viewport=VIEWPORT)
        page = context.new_page()
        page.goto(srv.url + "/")  # the first session runs app.py, which opens the database and starts the service
        note = brq.requests_dir(db) / bk.SERVER_FILE
        deadline = time.monotonic() + RUN_TIMEOUT_MS / 1000
        while not note.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert note.exists(), f"the app started no backup service:\n{srv.log_tail()}"
        context.close()

        done = _cli("backup", "--db", str(db), "--out", str(out))
        assert done.returncode == 0, f"{done.stdout}\n{done.stderr}\n{srv.log_tail()}"
        assert "taget af appen" in done.stdout and "manifest.json" in done.stdout
        manifest = bk.verify_backup(out)
        assert manifest.source["taken_by"] == "app" and manifest.source["pid"] == srv.proc.pid
        assert manifest.tables["systems"].rows == 12

        refused = _cli("restore", "--db", str(db), str(out), "--force")
        assert refused.returncode == 2 and "i brug" in refused.stderr, "never restore under the running app"
    finally:
        srv.stop()

    restored = tmp_path / "gendannet.duckdb"
    done = _cli("restore", "--db", str(restored), str(out))
    assert done.returncode == 0, done.stderr
    assert "alle tabeller stemmer med manifestet" in done.stdout
    assert _digests(restored) == _digests(db), "the restored file holds exactly the server's data"
