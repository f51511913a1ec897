"""The operator's files in deploy/ (issue 20), checked for what they must hold without starting
anything: systemd's own verifier has no complaint, the service runs unprivileged on loopback with
data and secrets outside the code, and nginx's limits and CSP fit the Streamlit that is installed.
(tests/e2e/test_deploy_proxy.py runs them; tests/store/test_deploy_backup.py runs the backup.)
"""

from __future__ import annotations

import base64
import hashlib
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
import streamlit
from deploy_files import CODE_DIR, DEPLOY, ROOT, env_file, unit

NGINX_SITE = (DEPLOY / "nginx-risikovaerkstedet.conf").read_text(encoding="utf-8")
UNITS = ["risikovaerkstedet.service", "risikovaerkstedet-backup.service", "risikovaerkstedet-backup.timer",
         "risikovaerkstedet-alarm@.service"]


def _max_upload_mb() -> int:
    """Streamlit's server.maxUploadSize as the app runs it: .streamlit/config.toml, else Streamlit's default."""
    server = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8")).get("server", {})
    if "maxUploadSize" in server:
        return int(server["maxUploadSize"])
    from streamlit import config

    return int(config.get_option("server.maxUploadSize"))


def test_nginx_takes_uploads_as_large_as_the_app_does():
    (size,) = re.findall(r"client_max_body_size (\d+)m;", NGINX_SITE)
    assert int(size) == _max_upload_mb() + 1, "maxUploadSize plus 1 MB for the multipart envelope"


def test_the_csp_allows_exactly_streamlits_inline_scripts_the_apps_lang_scripts_and_the_draft_keeper():
    index = (Path(streamlit.__file__).parent / "static" / "index.html").read_text(encoding="utf-8")
    inline = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", index, re.S)
    # app.py's <html lang> scripts (st.html): the only scripts of our own, fixed text with no user data in them.
    app = (Path(__file__).resolve().parents[2] / "app.py").read_text(encoding="utf-8")
    lang_scripts = re.findall(r"_LANG_JS = '<script>(.*?)</script>'", app)
    assert len(lang_scripts) == 2
    inline += lang_scripts
    # The workshop rationale's draft keeper (pages/ui/draft_keeper.py): one fixed script, no data in it.
    from pages.ui.draft_keeper import SCRIPT

    inline.append(SCRIPT)
    wanted = {"'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'" for s in inline}
    (csp,) = re.findall(r'add_header Content-Security-Policy "([^"]+)" always;', NGINX_SITE)
    script_src = next(d for d in csp.split("; ") if d.startswith("script-src "))
    assert set(re.findall(r"'sha256-[^']+'", script_src)) == wanted, \
        f"Streamlit {streamlit.__version__}'s inline scripts changed: script-src needs {sorted(wanted)}"
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp


def test_nginx_sends_the_security_headers_on_every_answer():
    for header in ("Strict-Transport-Security", "Content-Security-Policy", "X-Content-Type-Options",
                   "Referrer-Policy", "X-Frame-Options"):
        assert re.search(rf'add_header {header} "[^"]+" always;', NGINX_SITE), header
    # nginx drops the server's add_header and proxy_set_header lines in a location that has its own
    locations = re.findall(r"location [^{]+\{([^}]*)\}", NGINX_SITE)
    assert locations and not any("add_header" in body or "proxy_set_header" in body for body in locations)


def test_the_service_runs_unprivileged_on_loopback_with_data_and_secrets_outside_the_code():
    service = unit("risikovaerkstedet.service")["Service"]
    env = env_file()
    assert service["User"] != ["root"] and service["User"] == service["Group"]
    assert service["Restart"] == ["on-failure"]
    assert service["NoNewPrivileges"] == ["yes"] and service["ProtectSystem"] == ["strict"]
    assert service["WorkingDirectory"] == [CODE_DIR]
    assert env["STREAMLIT_SERVER_ADDRESS"] == "127.0.0.1"
    assert env["RISK_AUTH"] in ("local", "oidc")
    writable = " ".join(service["ReadWritePaths"]).split()
    assert str(Path(env["RISK_DB"]).parent) in writable and env["RISK_BACKUP_DIR"] in writable
    for key in ("RISK_DB", "RISK_SECRETS_FILE", "RISK_AUDIT_KEY_FILE", "RISK_BACKUP_DIR"):
        assert not env[key].startswith(CODE_DIR), f"{key} must live outside the code"
    (env_path,) = service["EnvironmentFile"]
    assert not env_path.startswith(CODE_DIR)
    assert "${RISK_SECRETS_FILE}" in service["ExecStart"][0]


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is missing")
def test_systemd_finds_nothing_wrong_with_the_units(tmp_path):
    for name in UNITS:  # the code where the units expect it: here
        (tmp_path / name).write_text((DEPLOY / name).read_text(encoding="utf-8").replace(CODE_DIR, str(ROOT)))
    done = subprocess.run(["systemd-analyze", "verify", "--man=no", *[str(tmp_path / n) for n in UNITS[:3]]],
                          capture_output=True, text=True, timeout=120)
    ours = [line for line in (done.stdout + done.stderr).splitlines() if str(tmp_path) in line]
    assert done.returncode == 0 and ours == [], "\n".join(ours)


def test_ci_installs_the_proxy_the_tests_run():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "nginx-light" in ci and "command -v /usr/sbin/nginx" in ci


def test_streamlit_does_not_collect_garbage_after_every_run():
    """A workshop room's screens each run a live fragment twice a second. Streamlit's default full garbage
    collection after every script run was half the server's CPU there (py-spy; 5 idle screens held a core at
    99 % with a 0.25 s poll, 20 % without it): the option stays off, in the file every start-up reads
    (`make run`'s serve.py, plain `streamlit run`, the deploy unit). `make bench` reports the room's idle CPU."""
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["runner"]["postScriptGC"] is False
