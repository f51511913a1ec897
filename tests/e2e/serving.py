"""Start the workbench the way `make run` does (`python serve.py ...`), for the serving tests."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import HEALTH_TIMEOUT, ROOT, StreamlitServer


def serve(
    db: Path, log: Path, *, auth: str | None = None, address: str = "127.0.0.1", entry: tuple[str, ...] = ("serve.py",),
    env: dict[str, str] | None = None,
) -> StreamlitServer:  # fmt: skip
    """``python serve.py`` (or another ``entry``, e.g. ``-m streamlit run app.py``) on a free port, serving."""
    srv = StreamlitServer(db, log, auth=auth)
    cmd = [sys.executable, *entry, "--server.port", str(srv.port), "--server.address", address,
           "--server.fileWatcherType", "none", "--", "--db", str(db)]  # fmt: skip
    if auth:
        cmd += ["--auth", auth]
    full_env = {k: v for k, v in os.environ.items() if k not in ("RISK_DB", "RISK_AUTH")} | (env or {})
    with log.open("wb") as fh:
        srv.proc = subprocess.Popen(cmd, cwd=ROOT, env=full_env, stdout=fh, stderr=subprocess.STDOUT)
    # Streamlit prints the app's URL once it serves (the `browser.serverAddress` of .streamlit/config.toml).
    deadline = time.monotonic() + HEALTH_TIMEOUT
    while "URL: http" not in srv.log_tail():
        if srv.proc.poll() is not None or time.monotonic() > deadline:
            srv.stop()
            pytest.fail(f"server did not start ({srv.proc.returncode=}):\n{srv.log_tail()}")
        time.sleep(0.25)
    return srv
