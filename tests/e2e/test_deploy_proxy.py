"""The workbench as the municipality runs it (issue 20): Debian's nginx in front of the app, both
started from the files in deploy/ with only ports, names and paths changed, on loopback.

* The app is started with deploy/risikovaerkstedet.service's ExecStart and the environment file
  (RISK_AUTH=local); nginx with deploy/nginx-risikovaerkstedet.conf and a certificate made here.
* Chromium resolves the site's real name to 127.0.0.1 (--host-resolver-rules) and accepts the
  self-signed certificate; everything it does goes through nginx: TLS, the WebSocket, uploads' size.
* A coordinator signs in, scores a line, and the heatmap counts it; the proxy's security headers
  are on every answer and the page runs under its Content-Security-Policy without a violation.
* The same proxy in front of an app in mode ``none`` shows the refusal, not the coordinator.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from deploy_files import DEPLOY, adapt, env_file, exec_start
from playwright.sync_api import expect

from riskmodel.domain.model import LOCAL_ACTOR, SystemInput
from riskmodel.services import open_workbench
from tests.e2e.conftest import (
    CHROMIUM,
    CHROMIUM_ARGS,
    RUN_TIMEOUT_MS,
    VIEWPORT,
    App,
    StreamlitServer,
    add_user,
    build_demo_db,
    free_port,
)

pytestmark = pytest.mark.e2e

NGINX = Path("/usr/sbin/nginx")
HOST = "risiko.example-kommune.dk"  # the name in the deploy file; Chromium maps it to 127.0.0.1
PASSWORD = "e2e-adgangskode-drift-42"
KOORDINATOR = ("kaj", "Kaj Koordinator")
NEW_SYSTEM = "Drift-testsystem"


def _radio(page, label: str):
    return page.locator('[data-testid="stRadio"]').filter(
        has=page.locator('[data-testid="stWidgetLabel"]').get_by_text(label, exact=True)
    )


# -- the pieces ---------------------------------------------------------------------------------------
def _certificate(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "cert.pem", folder / "key.pem"
    done = subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", f"/CN={HOST}",
         "-addext", f"subjectAltName=DNS:{HOST}", "-keyout", str(key), "-out", str(cert)],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return cert, key


def _app(folder: Path, db: Path, auth: str) -> StreamlitServer:
    """The app as the systemd unit starts it: its ExecStart with the environment file, paths in ``folder``."""
    port = free_port()
    key = folder / "audit.key"
    key.write_text(secrets.token_urlsafe(32))
    key.chmod(0o600)
    secrets_file = folder / "secrets.toml"
    secrets_file.write_text(f'[audit]\nkey_file = "{key}"\n')
    secrets_file.chmod(0o600)
    env = env_file()
    env.update(RISK_AUTH=auth, RISK_DB=str(db), RISK_SECRETS_FILE=str(secrets_file), RISK_AUDIT_KEY_FILE=str(key),
               RISK_BACKUP_DIR=str(folder / "backups"), STREAMLIT_SERVER_PORT=str(port),
               STREAMLIT_SERVER_COOKIE_SECRET=secrets.token_urlsafe(48))
    assert env["STREAMLIT_SERVER_ADDRESS"] == "127.0.0.1"
    base = {k: v for k, v in os.environ.items() if not k.startswith(("RISK_", "STREAMLIT_"))}
    base["HOME"] = str(folder)
    return StreamlitServer(db, folder / "streamlit.log", port=port,
                           command=exec_start("risikovaerkstedet.service", env), env={**base, **env})


class Nginx:
    """Debian's nginx as this user, with its own prefix, pid, logs and temp folders, serving the deploy site."""

    def __init__(self, folder: Path, app_port: int):
        self.folder = folder
        self.port = free_port()
        self.url = f"https://{HOST}:{self.port}"
        cert, key = _certificate(folder)
        http_port = free_port()  # nothing is asked on it; it only must not be a port in use
        site = adapt((DEPLOY / "nginx-risikovaerkstedet.conf").read_text(encoding="utf-8"), {
            "listen 80;": f"listen 127.0.0.1:{http_port};",
            "listen [::]:80;": "",
            "listen 443 ssl http2;": f"listen 127.0.0.1:{self.port} ssl http2;",
            "listen [::]:443 ssl http2;": "",
            "listen 443 ssl http2 default_server;": f"listen 127.0.0.1:{self.port} ssl http2 default_server;",
            "listen [::]:443 ssl http2 default_server;": "",
            "listen 80 default_server;": f"listen 127.0.0.1:{http_port} default_server;",
            "listen [::]:80 default_server;": "",
            "server 127.0.0.1:8501;": f"server 127.0.0.1:{app_port};",
            f"/etc/ssl/certs/{HOST}.pem": str(cert),
            f"/etc/ssl/private/{HOST}.key": str(key),
            "/var/log/nginx/": f"{folder}/",
        })
        (folder / "site.conf").write_text(site)
        temp = "\n".join(f"    {kind}_temp_path {folder}/{kind};" for kind in
                         ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        user = "user root root;\n" if os.geteuid() == 0 else ""  # as root, workers would otherwise drop to nobody
        (folder / "nginx.conf").write_text(
            f"{user}worker_processes 1;\npid {folder}/nginx.pid;\nerror_log {folder}/error.log;\n"
            f"events {{ worker_connections 256; }}\n"
            f"http {{\n    include /etc/nginx/mime.types;\n    access_log {folder}/access.log;\n{temp}\n"
            f"    include {folder}/site.conf;\n}}\n"
        )
        self.proc: subprocess.Popen | None = None

    def start(self) -> Nginx:
        conf = ["-p", f"{self.folder}/", "-e", str(self.folder / "error.log"), "-c", str(self.folder / "nginx.conf")]
        test = subprocess.run([str(NGINX), *conf, "-t"], capture_output=True, text=True, timeout=30)
        assert test.returncode == 0, test.stderr
        self.proc = subprocess.Popen([str(NGINX), *conf, "-g", "daemon off;"], stdout=subprocess.DEVNULL,
                                     stderr=subprocess.PIPE)
        return self

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGQUIT)  # graceful: the workers finish and exit
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)


def https_get(proxy: Nginx, path: str, name: str = HOST) -> tuple[int, str]:
    """GET ``path`` from nginx on 127.0.0.1 as a client that asked DNS for ``name`` (TLS SNI and Host)."""
    ctx = ssl.create_default_context(cafile=str(proxy.folder / "cert.pem"))
    with socket.create_connection(("127.0.0.1", proxy.port), timeout=10) as raw:
        with ctx.wrap_socket(raw, server_hostname=name) as tls:
            tls.sendall(f"GET {path} HTTP/1.1\r\nHost: {name}\r\nConnection: close\r\n\r\n".encode())
            data = b""
            while chunk := tls.recv(65536):
                data += chunk
    head, _, body = data.decode("utf-8", "replace").partition("\r\n\r\n")
    return int(head.split()[1]), body


def _wait_healthy_through(proxy: Nginx, app: StreamlitServer) -> None:
    """/_stcore/health through nginx (what the municipality's monitoring asks)."""
    deadline = time.monotonic() + 30
    while True:
        try:
            if https_get(proxy, "/_stcore/health") == (200, "ok"):
                return
        except OSError:
            pass
        if time.monotonic() > deadline or (proxy.proc and proxy.proc.poll() is not None):
            raise AssertionError(f"no health through nginx:\n{(proxy.folder / 'error.log').read_text()}"
                                 f"\n{app.log_tail()}")
        time.sleep(0.25)


def _stack(tmp: Path, auth: str) -> tuple[StreamlitServer, Nginx]:
    if not NGINX.exists():
        message = f"{NGINX} is missing (apt-get install nginx-light)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    if shutil.which("openssl") is None:
        pytest.skip("openssl is missing")
    db = tmp / "risk.duckdb"
    build_demo_db(db, systems=8, seed=7)
    if auth == "local":
        add_user(db, *KOORDINATOR, "koordinator", PASSWORD)
        wb = open_workbench(db)  # a system with no assessment yet: its first scored line is a new one on the map
        system_id = wb.systems.create(LOCAL_ACTOR, SystemInput(
            name=NEW_SYSTEM, department="Drift", owner="Dorte Drift", supplier="Leverandør A/S",
            description="Oprettet af testen", classification="fortrolig", data_categories=["ingen"],
            subjects_band="0", criticality="høj", hosting="leverandør"))
        wb.db.close()
    app = _app(tmp, db, auth)
    app.system_id = system_id if auth == "local" else None
    app.start()
    proxy = Nginx(tmp, app.port).start()
    try:
        _wait_healthy_through(proxy, app)
    except BaseException:
        proxy.stop()
        app.stop()
        raise
    return app, proxy


@pytest.fixture(scope="module")
def proxied_browser(browser):
    """A second Chromium that resolves the site's name to 127.0.0.1, as the municipality's DNS would."""
    b = browser.browser_type.launch(executable_path=str(CHROMIUM),
                                    args=[*CHROMIUM_ARGS, f"--host-resolver-rules=MAP {HOST} 127.0.0.1"])
    yield b
    b.close()


def _first_visit(proxied_browser, proxy: Nginx) -> None:
    """One session opens "/" first, so the fresh server is in navigation mode (see conftest's base_url)."""
    context, app, _ = _session(proxied_browser, proxy.url)
    app.page.goto(proxy.url + "/")
    app.settle()
    app.page.locator("h1").first.wait_for(timeout=RUN_TIMEOUT_MS)
    context.close()


@pytest.fixture(scope="module")
def local_stack(tmp_path_factory, proxied_browser) -> Iterator[tuple[StreamlitServer, Nginx]]:
    app, proxy = _stack(tmp_path_factory.mktemp("deploy-local"), "local")
    _first_visit(proxied_browser, proxy)
    yield app, proxy
    proxy.stop()
    app.stop()


@pytest.fixture(scope="module")
def none_stack(tmp_path_factory) -> Iterator[tuple[StreamlitServer, Nginx]]:
    app, proxy = _stack(tmp_path_factory.mktemp("deploy-none"), "none")
    yield app, proxy
    proxy.stop()
    app.stop()


def _session(proxied_browser, url: str):
    context = proxied_browser.new_context(viewport=VIEWPORT, ignore_https_errors=True)
    context.set_default_timeout(RUN_TIMEOUT_MS)
    page = context.new_page()
    violations: list[str] = []
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    return context, App(page, url), violations


# -- the tests ------------------------------------------------------------------------------------------
def _open_signed_in(app: App, path: str):
    """Load ``path`` through the proxy; the sign-in form comes first (sign-in is per tab); the page follows."""
    page = app.page
    response = page.goto(app.base_url + path)
    app.settle()
    form = page.locator('[data-testid="stForm"]')
    expect(form.get_by_label("Brugernavn")).to_be_visible()
    form.get_by_label("Brugernavn").fill(KOORDINATOR[0])
    page.wait_for_timeout(300)
    form.get_by_label("Adgangskode").fill(PASSWORD)
    page.wait_for_timeout(300)
    form.get_by_role("button", name="Log ind").click()
    app.settle()
    expect(page.locator('[data-testid="stSidebar"]')).to_contain_text(f"Logget ind som {KOORDINATOR[1]}")
    return response


def test_sign_in_through_the_proxy_score_a_line_and_see_the_heatmap_count_it(proxied_browser, local_stack):
    app_server, proxy = local_stack
    context, app, csp_violations = _session(proxied_browser, proxy.url)
    page = app.page
    try:
        headers = _open_signed_in(app, f"/vurdering?system={app_server.system_id}").headers
        assert headers["strict-transport-security"].startswith("max-age=")
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"
        assert headers.get("server") == "nginx", "no version number"

        sidebar = page.locator('[data-testid="stSidebar"]')
        sidebar.get_by_role("link", name="Heatmap").click()
        app.settle()
        expect(page.locator("h1")).to_have_text("Heatmap over alle systemer")
        before = app.cell_count(4, 4)
        page.go_back()  # the same tab, the same session: still signed in
        app.settle()

        expect(page.locator("h1")).to_have_text("Risikovurdering")
        page.get_by_role("button", name="Start risikovurdering").click()
        app.settle()
        page.get_by_role("button", name="Næste: 3 · Scoring").click()
        app.settle()
        _radio(page, "Sandsynlighed").get_by_text("4 · Forventet", exact=True).click()
        app.settle()
        # 4x4 Standard (the default preset) names consequence step 4 as OS2compliance does
        _radio(page, "Konsekvens for Fortrolighed").get_by_text("4 · Graverende/ødelæggende", exact=True).click()
        app.settle()
        expect(page.get_by_text(re.compile(r"^Risikoniveau: Høj"))).to_be_visible()

        sidebar.get_by_role("link", name="Heatmap").click()
        app.settle()
        expect(page.locator("h1")).to_have_text("Heatmap over alle systemer")
        assert app.cell_count(4, 4) == before + 1
        page.screenshot(path=str(proxy.folder / "heatmap-through-nginx.png"), full_page=True)
        assert csp_violations == [], csp_violations
        assert "/_stcore/stream" in (proxy.folder / "risikovaerkstedet.access.log").read_text(), \
            "the WebSocket went through nginx"
        # Told its name (STREAMLIT_BROWSER_SERVER_ADDRESS), Streamlit accepts the WebSocket without asking the
        # internet for the server's external IP (which it does, and logs, for an origin it does not know).
        assert "external IP" not in app_server.log_tail(1_000_000)
    finally:
        context.close()


def test_under_the_csp_a_half_typed_rationale_is_back_after_a_reload(proxied_browser, local_stack):
    """The rationale's draft keeper (pages/ui/draft_keeper.py) is one fixed script that this CSP allows by its
    hash: typed and never left, the rationale survives a reload (and a new sign-in, which is per tab) behind
    nginx, with no CSP violation and no error on the page. (Its first version, a ``st.components.v2``
    component, was a ``blob:`` module the CSP refused: the text was lost.)"""
    _, proxy = local_stack
    context, app, csp_violations = _session(proxied_browser, proxy.url)
    page = app.page
    typed = "Skrevet, aldrig forladt"
    try:
        _open_signed_in(app, "/workshop")
        for n in range(8):  # the first system with a current assessment (the demo leaves some without)
            page.get_by_role("combobox", name="System").click()
            page.get_by_role("option").nth(n).click()
            app.settle()
            page.get_by_role("button", name="Åbn workshop").click()
            app.settle()
            if page.get_by_role("button", name="Vis stemmerne").is_visible():
                break
        page.get_by_role("button", name="Vis stemmerne").click()
        app.settle()
        area = page.get_by_label("Begrundelse")
        area.click()
        page.keyboard.type(typed, delay=15)  # never left: Streamlit has not sent it
        assert page.evaluate("() => document.activeElement.tagName") == "TEXTAREA"
        page.reload()
        app.settle()
        form = page.locator('[data-testid="stForm"]')
        if form.get_by_label("Brugernavn").is_visible():  # sign-in is per tab
            form.get_by_label("Brugernavn").fill(KOORDINATOR[0])
            page.wait_for_timeout(300)
            form.get_by_label("Adgangskode").fill(PASSWORD)
            page.wait_for_timeout(300)
            form.get_by_role("button", name="Log ind").click()
            app.settle()
        expect(page.get_by_label("Begrundelse")).to_have_value(typed)
        app.settle()
        assert csp_violations == [], csp_violations
        main = page.locator('[data-testid="stMain"]')
        errors = main.locator('[data-testid="stException"], [data-testid="stAlertContentError"]')
        assert not any(e.is_visible() for e in errors.all())
        page.screenshot(path=str(proxy.folder / "workshop-under-csp.png"))
    finally:
        context.close()


def test_the_proxy_in_front_of_an_app_without_sign_in_shows_the_refusal(proxied_browser, none_stack):
    _app_server, proxy = none_stack
    context, app, _ = _session(proxied_browser, proxy.url)
    page = app.page
    try:
        page.goto(proxy.url + "/")
        app.settle()
        expect(page.get_by_role("heading", name="Log-in er slået fra på denne server")).to_be_visible()
        coordinator = page.get_by_text(re.compile(r"\bKoordinator\b"))  # the role, not a word that holds it
        expect(coordinator).to_have_count(0)
        expect(page.locator('[data-testid="stSidebarNav"]')).to_have_count(0)
        page.goto(proxy.url + "/indstillinger")
        app.settle()
        expect(page.get_by_role("heading", name="Log-in er slået fra på denne server")).to_be_visible()
        expect(coordinator).to_have_count(0)
    finally:
        context.close()


def test_the_proxy_answers_only_to_its_own_name(local_stack):
    """A stranger's DNS name pointing at the server (DNS rebinding) gets no TLS handshake at all."""
    _app_server, proxy = local_stack
    assert https_get(proxy, "/_stcore/health") == (200, "ok")
    with pytest.raises(ssl.SSLError):
        https_get(proxy, "/_stcore/health", name="angriber.example")
