"""Start the workbench the way `make run` does (`python serve.py ...`), for the serving tests."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import HEALTH_TIMEOUT, ROOT, StreamlitServer


def serve(
    db: Path, log: Path, *, auth: str | None = None, address: str = "127.0.0.1", entry: tuple[str, ...] = ("serve.py",),
    env: dict[str, str] | None = None,
) -> StreamlitServer:  # fmt: skip
    """``python serve.py`` (or another ``entry``, e.g. ``-m streamlit run app.py``) on a free port, healthy."""
    srv = StreamlitServer(db, log, auth=auth)
    cmd = [sys.executable, *entry, "--server.port", str(srv.port), "--server.address", address,
           "--server.fileWatcherType", "none", "--", "--db", str(db)]  # fmt: skip
    if auth:
        cmd += ["--auth", auth]
    full_env = {k: v for k, v in os.environ.items() if k not in ("RISK_DB", "RISK_AUTH")} | (env or {})
    with log.open("wb") as fh:
        srv.proc = subprocess.Popen(cmd, cwd=ROOT, env=full_env, stdout=fh, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + HEALTH_TIMEOUT
    while time.monotonic() < deadline:
        if srv.proc.poll() is not None:
            pytest.fail(f"server exited with {srv.proc.returncode}:\n{srv.log_tail()}")
        try:
            with urllib.request.urlopen(f"{srv.url}/_stcore/health", timeout=2) as r:
                if r.read().decode().strip() == "ok":
                    return srv
        except OSError:
            time.sleep(0.25)
    srv.stop()
    pytest.fail(f"server not healthy after {HEALTH_TIMEOUT} s:\n{srv.log_tail()}")
