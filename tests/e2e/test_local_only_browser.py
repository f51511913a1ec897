"""Sign-in mode 'none' serves only a browser on this machine that talks to the server directly.

A server of its own in mode 'none' on 127.0.0.1, reached three ways from Chromium:
- plainly on http://127.0.0.1:PORT: the local coordinator works;
- through a reverse proxy on loopback (nginx, adding X-Forwarded-For as proxies do): refused,
  the join page included;
- under a foreign name that resolves to 127.0.0.1 (DNS rebinding, done with Chromium's
  --host-resolver-rules): refused.
Refused means the Danish refusal heading and nothing of the app: no menu, no coordinator.
"""

from __future__ import annotations

import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import CHROMIUM, CHROMIUM_ARGS, RUN_TIMEOUT_MS, VIEWPORT, App, StreamlitServer, build_demo_db, free_port
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

REFUSAL = "Log-in er slået fra på denne server"
NGINX = Path("/usr/sbin/nginx")
FOREIGN = "risk.example.org"

NGINX_CONF = """
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://127.0.0.1:{upstream};
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection "upgrade";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For 203.0.113.7;
            proxy_read_timeout 300s;
        }}
    }}
}}
"""


@pytest.fixture(scope="module")
def none_server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("e2e-none")
    db = tmp / "risk.duckdb"
    build_demo_db(db, systems=4)
    srv = StreamlitServer(db, tmp / "streamlit.log").start()
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def relay(none_server, tmp_path_factory):
    """nginx on loopback in front of the server, sending X-Forwarded-For like any reverse proxy."""
    if not NGINX.exists():
        pytest.skip(f"{NGINX} is missing (apt-get install nginx)")
    tmp = tmp_path_factory.mktemp("nginx")
    port = free_port()
    conf = tmp / "nginx.conf"
    conf.write_text(NGINX_CONF.format(tmp=tmp, port=port, upstream=none_server.port))
    proc = subprocess.Popen(
        [str(NGINX), "-p", str(tmp), "-e", str(tmp / "nginx-error.log"), "-c", str(conf), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.read().decode().strip() == "ok":
                    break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"nginx did not start:\n{(tmp / 'nginx-error.log').read_text(errors='replace')}")
            time.sleep(0.25)
    yield url
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="module")
def rebinding_browser(browser):
    """Chromium that resolves a foreign web site's name to 127.0.0.1, as DNS rebinding would."""
    other = browser.browser_type.launch(
        executable_path=str(CHROMIUM), args=[*CHROMIUM_ARGS, f"--host-resolver-rules=MAP {FOREIGN} 127.0.0.1"]
    )
    yield other
    other.close()


def _open(browser, url: str) -> App:
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(RUN_TIMEOUT_MS)
    page = context.new_page()
    page.goto(url)
    page.locator("h1").first.wait_for(timeout=RUN_TIMEOUT_MS)
    return App(page, url)


def assert_refused(app: App) -> None:
    page = app.page
    expect(page.locator("h1").first).to_have_text(REFUSAL, timeout=RUN_TIMEOUT_MS)
    main = page.locator('[data-testid="stMain"]')
    expect(main).to_contain_text("RISK_AUTH=local", timeout=RUN_TIMEOUT_MS)
    page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for(timeout=RUN_TIMEOUT_MS)
    body = page.locator("body").inner_text()
    for leaked in ("Koordinator", "Lokal bruger", "Oversigt", "Systemer", "Deltag i workshop", "overview", "join"):
        assert leaked not in body, f"{leaked!r} shown to a refused browser:\n{body}"
    expect(page.locator('[data-testid="stSidebarNav"]')).to_have_count(0)
    expect(page.get_by_role("textbox")).to_have_count(0)


def test_plain_loopback_gets_the_local_coordinator(browser, none_server):
    app = _open(browser, none_server.url + "/")
    try:
        sidebar = app.page.locator('[data-testid="stSidebar"]')
        expect(sidebar).to_contain_text("Koordinator", timeout=RUN_TIMEOUT_MS)
        expect(sidebar).to_contain_text("Oversigt", timeout=RUN_TIMEOUT_MS)
        expect(app.page.locator("body")).not_to_contain_text(REFUSAL)
    finally:
        app.page.context.close()


@pytest.mark.parametrize("path", ["/", "/indstillinger", "/deltag?kode=ABC-123"])
def test_behind_a_reverse_proxy_nothing_renders(browser, none_server, relay, path):
    app = _open(browser, relay + path)
    try:
        assert_refused(app)
    finally:
        app.page.context.close()


@pytest.mark.parametrize("path", ["/", "/indstillinger", "/deltag?kode=ABC-123"])
def test_a_foreign_host_name_is_refused(rebinding_browser, none_server, path):
    app = _open(rebinding_browser, f"http://{FOREIGN}:{none_server.port}{path}")
    try:
        assert_refused(app)
    finally:
        app.page.context.close()
