"""How the server is reached: deep links on a freshly started server, unknown addresses, pages
outside one's role, browser titles, and no outbound network call.

Servers are started as `make run` starts them (`python serve.py`), each test's first request
being the first the server ever gets where that matters.
"""

from __future__ import annotations

import shutil
import tomllib

import pytest
from conftest import ROOT, RUN_TIMEOUT_MS, VIEWPORT, add_user, build_demo_db
from playwright.sync_api import expect
from serving import serve

pytestmark = pytest.mark.e2e

PASSWORD = "e2e-adgangskode-42"
DIALOG = "Page not found"
# The pages/ folder's file names, as Streamlit's folder mode would list them.
# ("settings" is also the name of a menu icon.)
FILE_NAMES = ("overview", "assessment", "importer", "join", "catalogue", "treatment", "dispensations")


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("serving") / "risk.duckdb"
    build_demo_db(db, systems=6)
    add_user(db, "dora", "Dora Deltager", "deltager", PASSWORD)
    add_user(db, "kaj", "Kaj Koordinator", "koordinator", PASSWORD)
    return db


def copy_of(db, tmp_path):
    """A copy of the demo database for one server (a server holds its file's lock)."""
    copy = tmp_path / "risk.duckdb"
    shutil.copyfile(db, copy)
    return copy


@pytest.fixture
def context(browser):
    ctx = browser.new_context(viewport=VIEWPORT)
    ctx.set_default_timeout(RUN_TIMEOUT_MS)
    yield ctx
    ctx.close()


def assert_no_streamlit_fallbacks(page) -> None:
    """No "Page not found" dialog and no menu of the pages/ folder's file names."""
    page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for(timeout=RUN_TIMEOUT_MS)
    body = page.locator("body").inner_text()
    assert DIALOG not in body, body
    assert "does not seem to exist" not in body, body
    shown = [name for name in FILE_NAMES if name in body.split()]
    assert shown == [], f"file names shown: {shown}\n{body}"
    expect(page.get_by_role("dialog")).to_have_count(0)


def sign_in(page, user: str) -> None:
    form = page.locator('[data-testid="stForm"]')
    expect(form.get_by_label("Brugernavn")).to_be_visible()
    form.get_by_label("Brugernavn").fill(user)
    form.get_by_label("Adgangskode").fill(PASSWORD)
    form.get_by_role("button", name="Log ind").click()


def test_first_request_to_the_join_link_on_a_fresh_server(context, demo_db, tmp_path):
    """A participant's join link is the fresh server's very first request: the join page, in Danish, with the code."""
    srv = serve(copy_of(demo_db, tmp_path), tmp_path / "fresh.log", auth="local")
    try:
        page = context.new_page()
        page.goto(srv.url + "/deltag?kode=ABC-123")
        expect(page.locator("h1").first).to_have_text("Deltag i workshop", timeout=RUN_TIMEOUT_MS)
        expect(page.get_by_label("Kode")).to_have_value("ABC-123")
        assert_no_streamlit_fallbacks(page)
        expect(page).to_have_title("Deltag i workshop · Risikoværkstedet")
    finally:
        srv.stop()


def test_first_request_to_the_heatmap_on_a_fresh_server(context, demo_db, tmp_path):
    """Mode 'none' on 127.0.0.1: /heatmap as the first request shows the heatmap, not the overview."""
    srv = serve(copy_of(demo_db, tmp_path), tmp_path / "fresh.log")
    try:
        page = context.new_page()
        page.goto(srv.url + "/heatmap")
        expect(page.locator("h1").first).to_have_text("Heatmap over alle systemer", timeout=RUN_TIMEOUT_MS)
        assert_no_streamlit_fallbacks(page)
        expect(page).to_have_title("Heatmap · Risikoværkstedet")
        expect(page.locator('[data-testid="stSidebarNav"]')).to_contain_text("Oversigt")
    finally:
        srv.stop()


@pytest.fixture(scope="module")
def local(demo_db, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("serving-local")
    srv = serve(copy_of(demo_db, tmp), tmp / "local.log", auth="local")
    yield srv
    srv.stop()


def test_an_unknown_address_shows_a_danish_not_found_page(context, local):
    page = context.new_page()
    page.goto(local.url + "/findes-ikke")
    sign_in(page, "kaj")
    expect(page.locator("h1").first).to_have_text("Siden findes ikke", timeout=RUN_TIMEOUT_MS)
    assert_no_streamlit_fallbacks(page)
    home = page.get_by_role("link", name="Gå til forsiden")
    expect(home).to_be_visible()
    home.click()
    expect(page.locator("h1").first).to_contain_text("Risikoværkstedet", timeout=RUN_TIMEOUT_MS)
    assert page.url.rstrip("/") == local.url
    expect(page).to_have_title("Oversigt · Risikoværkstedet")


def test_the_home_pages_own_address_shows_the_overview(context, local):
    """/oversigt is the home page's own address (a bookmark, the menu's link): it showed a raw
    StreamlitAPIException ("Two pages resolve to the URL pathname /oversigt"), because the not-found page was
    put at an address the default page also answers on."""
    page = context.new_page()
    page.goto(local.url + "/oversigt")
    sign_in(page, "kaj")
    expect(page.locator("h1").first).to_contain_text("Risikoværkstedet", timeout=RUN_TIMEOUT_MS)
    assert_no_streamlit_fallbacks(page)
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    expect(page.locator("body")).not_to_contain_text("StreamlitAPIException")
    expect(page).to_have_title("Oversigt · Risikoværkstedet")


def test_a_page_outside_ones_role_says_so(context, local):
    """A participant opening the settings page is told it is not part of their role, not sent to another page."""
    page = context.new_page()
    page.goto(local.url + "/indstillinger")
    sign_in(page, "dora")
    expect(page.locator("h1").first).to_have_text("Indstillinger", timeout=RUN_TIMEOUT_MS)
    main = page.locator('[data-testid="stMain"]')
    expect(main).to_contain_text("Denne side hører ikke til din rolle (Workshopdeltager)")
    assert_no_streamlit_fallbacks(page)
    assert page.url.endswith("/indstillinger")
    # Nothing of the settings page itself.
    expect(main.get_by_role("button")).to_have_count(0)


def test_each_page_has_its_own_browser_title(context, local):
    page = context.new_page()
    page.goto(local.url + "/systemer")
    sign_in(page, "kaj")
    expect(page).to_have_title("Systemer · Risikoværkstedet", timeout=RUN_TIMEOUT_MS)
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name="Handlingsplan").click()
    expect(page).to_have_title("Handlingsplan · Risikoværkstedet", timeout=RUN_TIMEOUT_MS)


# -- no outbound network call ------------------------------------------------------------------
# Loaded into the server process (PYTHONPATH): logs every connect() to a non-loopback address.
SITECUSTOMIZE = '''
import os, socket
_LOG = os.environ["CONNECT_LOG"]
_connect, _connect_ex = socket.socket.connect, socket.socket.connect_ex

def _note(sock, address):
    host = address[0] if isinstance(address, tuple) else str(address)
    if sock.family in (socket.AF_INET, socket.AF_INET6) and host not in ("127.0.0.1", "::1", "localhost"):
        with open(_LOG, "a") as fh:
            fh.write(f"{host} {address}\\n")

def connect(self, address):
    _note(self, address)
    return _connect(self, address)

def connect_ex(self, address):
    _note(self, address)
    return _connect_ex(self, address)

socket.socket.connect, socket.socket.connect_ex = connect, connect_ex
'''


def test_the_config_turns_off_everything_that_calls_out():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["browser"]["gatherUsageStats"] is False
    assert config["browser"]["serverAddress"] == "localhost"  # no IP lookup to print the URL
    assert config["server"]["headless"] is True


@pytest.mark.parametrize("entry", [("serve.py",), ("-m", "streamlit", "run", "app.py")], ids=["serve", "streamlit-run"])
def test_a_server_on_all_addresses_makes_no_outbound_connection(browser, demo_db, tmp_path, entry):
    """Headless on 0.0.0.0 (where Streamlit would look up the external IP), with sign-in, visited by a
    browser: the server process never connects to anything but loopback."""
    (tmp_path / "sitecustomize.py").write_text(SITECUSTOMIZE)
    log = tmp_path / "connects.log"
    env = {"PYTHONPATH": str(tmp_path), "CONNECT_LOG": str(log)}
    srv = serve(copy_of(demo_db, tmp_path), tmp_path / "server.log", auth="local", address="0.0.0.0", entry=entry, env=env)
    try:
        context = browser.new_context(viewport=VIEWPORT)
        page = context.new_page()
        page.goto(srv.url + "/")
        sign_in(page, "kaj")
        expect(page.locator('[data-testid="stSidebar"]')).to_contain_text("Logget ind som Kaj Koordinator")
        context.close()
    finally:
        srv.stop()
    assert "URL: http://localhost" in srv.log_tail()  # the probe was loaded: the log is the server's
    assert (tmp_path / "sitecustomize.py").exists()
    calls = log.read_text() if log.exists() else ""
    assert calls == "", f"outbound connections from the server:\n{calls}"
