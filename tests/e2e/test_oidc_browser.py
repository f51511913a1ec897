"""Sign-in mode 'oidc' against a real OpenID Connect provider on loopback, in Chromium.

The provider is `oidc-provider-mock` (a Flask app built on Authlib's authorization server) on
127.0.0.1, run in a thread of the test process. Its login form takes any subject; a subject
it does not know gets the claim ``email`` = the subject, so typing an e-mail signs in as that
e-mail. A real ``streamlit run app.py --auth oidc`` server reads a secrets.toml of its own
(``--secrets.files``) whose ``[auth]`` points ``server_metadata_url`` at the provider's
discovery document; every step goes through the browser: the app's sign-in button
(``st.login``), the provider's form, the redirect back to /oauth2callback, and sign-out
(``st.logout``, the provider's end-session page, back to the app).

Claims are checked by making the provider lie: for one sign-in, the ID token it hands out at
the token endpoint is re-signed (with its own key, so the signature is good) with one claim
changed: the issuer, the audience, the nonce; or it is signed with a key the provider never
published. The app must then have no signed-in user. One of these (an ``aud`` naming another app
with ``azp`` naming us) passes Authlib; the app's own check refuses it (UserService.sign_on).
"""

from __future__ import annotations

import base64
import json
import os
import re
import secrets
import subprocess
import sys
import threading
from collections.abc import Iterator

import pytest
from conftest import ROOT, RUN_TIMEOUT_MS, VIEWPORT, App, StreamlitServer, browser_session, build_demo_db, free_port
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

oidc_provider_mock = pytest.importorskip("oidc_provider_mock")

CLIENT_ID = "risikovaerkstedet"
KNOWN = ("lis", "Lis Leder", "leder", "lis.leder@kommune.example")
SIGN_IN_BUTTON = "Log ind med kommunens konto"
UNKNOWN_MESSAGE = "er ikke oprettet som bruger af Risikoværkstedet"
# The mock provider's subject is what is typed in its form (and the e-mail claim of an unknown subject).
# The account is bound to the subject of its first sign-on, so every sign-in as Lis uses this one; typing
# her address in other letters is another person with the same e-mail (test_a_reassigned_email_...).
SUBJECT = KNOWN[3].upper()


class Provider:
    """The mock provider on 127.0.0.1 and a switch that makes its next ID tokens lie."""

    def __init__(self) -> None:
        import werkzeug.serving

        self.app = oidc_provider_mock.app(require_nonce=True)
        self.tamper: dict[str, object] = {}  # claim -> value put into every ID token while set
        self.foreign_key = False  # sign ID tokens with a key the provider never published
        self.app.after_request(self._after)
        self.server = werkzeug.serving.make_server("127.0.0.1", 0, self.app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)

    def _after(self, response):
        import flask
        from authlib import jose

        if flask.request.path != "/oauth2/token" or not (self.tamper or self.foreign_key) or response.status_code != 200:
            return response
        body = response.get_json()
        header_b64, payload_b64, _ = body["id_token"].split(".")
        header = json.loads(base64.urlsafe_b64decode(header_b64 + "=" * (-len(header_b64) % 4)))
        claims = json.loads(base64.urlsafe_b64decode(payload_b64 + "=" * (-len(payload_b64) % 4)))
        claims.update(self.tamper)
        key = flask.g.oidc_provider_mock_storage.jwk
        if self.foreign_key:
            key = jose.RSAKey.generate_key(is_private=True)
            header.pop("kid", None)
        body["id_token"] = jose.jwt.encode(header, claims, key).decode()
        response.set_data(json.dumps(body))
        return response

    def start(self) -> Provider:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.thread.join(timeout=10)


@pytest.fixture(scope="module")
def provider() -> Iterator[Provider]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("AUTHLIB_INSECURE_TRANSPORT", "1")  # the provider's own check: plain http on loopback
        prov = Provider().start()
        yield prov
        prov.stop()


@pytest.fixture(scope="module")
def oidc_server(tmp_path_factory, provider, browser) -> Iterator[StreamlitServer]:
    """`streamlit run app.py --auth oidc` over a demo database with one user who has an e-mail."""
    srv = _oidc_server(tmp_path_factory, provider, {})
    yield srv
    srv.stop()


def _oidc_server(tmp_path_factory, provider, extra_env: dict[str, str]) -> StreamlitServer:
    tmp = tmp_path_factory.mktemp("e2e-oidc")
    db = tmp / "risk.duckdb"
    build_demo_db(db, systems=4)
    username, name, role, email = KNOWN
    done = subprocess.run(
        [sys.executable, "-m", "riskmodel", "users", "add", "--db", str(db), username, "--name", name,
         "--role", role, "--email", email, "--no-password"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, f"users add failed:\n{done.stdout}\n{done.stderr}"
    port = free_port()
    secrets_file = tmp / "secrets.toml"
    secrets_file.write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        f'cookie_secret = "{secrets.token_urlsafe(48)}"\n'
        f'client_id = "{CLIENT_ID}"\n'
        f'client_secret = "{secrets.token_urlsafe(24)}"\n'
        f'server_metadata_url = "{provider.url}/.well-known/openid-configuration"\n',
        encoding="utf-8",
    )
    secrets_file.chmod(0o600)
    command = [
        sys.executable, "-m", "streamlit", "run", "app.py",
        "--server.port", str(port),
        "--server.address", "127.0.0.1",
        "--server.headless", "true",
        "--server.fileWatcherType", "none",
        "--browser.gatherUsageStats", "false",
        "--secrets.files", str(secrets_file),
        "--", "--db", str(db), "--auth", "oidc",
    ]  # fmt: skip
    env = {k: v for k, v in os.environ.items() if k not in ("RISK_DB", "RISK_AUTH")} | extra_env
    return StreamlitServer(db, tmp / "streamlit.log", port=port, command=command, env=env).start()


@pytest.fixture
def app(browser, oidc_server, request, tmp_path_factory) -> Iterator[App]:
    yield from browser_session(browser, oidc_server.url, oidc_server, request, tmp_path_factory)


def open_sign_in(app: App) -> None:
    """Open the app; it shows only the button that starts the provider's sign-in."""
    app.goto("/")
    expect(app.page.get_by_role("button", name=SIGN_IN_BUTTON)).to_be_visible()
    expect(app.page.locator('[data-testid="stSidebarNav"]')).to_have_count(0)


def sign_in_at_provider(app: App, subject: str, provider: Provider) -> None:
    """Click the app's sign-in button, fill in the provider's form, come back to the app."""
    page = app.page
    page.get_by_role("button", name=SIGN_IN_BUTTON).click()
    page.wait_for_url(f"{provider.url}/oauth2/authorize**")
    expect(page.get_by_role("heading", name="Authorize Client")).to_be_visible()
    expect(page.locator("body")).to_contain_text(CLIENT_ID)
    page.locator('input[name="sub"]').fill(subject)
    page.wait_for_timeout(300)  # a person's pause before the click
    page.get_by_role("button", name="Authorize", exact=True).click()
    page.wait_for_url(f"{app.base_url}/**")
    page.locator("h1").first.wait_for(timeout=RUN_TIMEOUT_MS)
    app.settle()


def end_session(app: App, provider: Provider) -> None:
    """At the provider's end-session page (where st.logout sends the browser): confirm, back to the app."""
    page = app.page
    page.wait_for_url(f"{provider.url}/oauth2/end_session**")
    page.wait_for_timeout(300)
    page.get_by_role("button").first.click()
    page.wait_for_url(f"{app.base_url}/**")
    page.locator("h1").first.wait_for(timeout=RUN_TIMEOUT_MS)
    app.settle()


def log_since(srv: StreamlitServer, offset: int) -> str:
    return srv.log.read_bytes()[offset:].decode("utf-8", errors="replace")


def test_known_user_signs_in_with_their_role_and_signs_out(app, provider, oidc_server):
    _, name, _, email = KNOWN
    open_sign_in(app)
    sign_in_at_provider(app, SUBJECT, provider)  # e-mail matched case-insensitively

    sidebar = app.page.locator('[data-testid="stSidebar"]')
    expect(sidebar).to_contain_text(f"Logget ind som {name} · Leder / systemejer")
    expect(app.page.locator('[data-testid="stSidebarNav"]')).to_contain_text("Oversigt")
    expect(app.page.locator('[data-testid="stSidebarNav"]')).not_to_contain_text("Indstillinger")  # leder, not koordinator
    expect(app.page.get_by_role("button", name=SIGN_IN_BUTTON)).to_have_count(0)
    # The page asked for, drawn alone: not under the sign-in screen's title.
    expect(app.page.locator("h1").first).to_have_text(re.compile(r"^Risikoværkstedet · "))  # the overview
    expect(app.page.get_by_role("heading", name="Risikoværkstedet", exact=True)).to_have_count(0)

    # Sign out: the app's button, the provider's end-session page, back to the sign-in screen.
    app.page.wait_for_timeout(300)
    sidebar.get_by_role("button", name="Log ud").click()
    end_session(app, provider)
    expect(app.page.get_by_role("button", name=SIGN_IN_BUTTON)).to_be_visible()
    expect(app.page.locator("body")).not_to_contain_text(name)
    expect(app.page.locator('[data-testid="stSidebarNav"]')).to_have_count(0)

    # Signed out for real: a reload does not bring the user back.
    app.goto("/")
    expect(app.page.get_by_role("button", name=SIGN_IN_BUTTON)).to_be_visible()
    expect(app.page.locator("body")).not_to_contain_text(name)



def test_a_reused_browser_context_comes_back_signed_out(context_pool, provider, oidc_server):
    """The browser tests reuse a context from test to test (conftest.ContextPool): one left signed in, with the
    provider's identity cookie, comes to the next test as a new visitor, not as the person before."""
    app = App(context_pool.acquire(VIEWPORT), oidc_server.url)
    open_sign_in(app)
    sign_in_at_provider(app, SUBJECT, provider)
    expect(app.page.locator('[data-testid="stSidebar"]')).to_contain_text(f"Logget ind som {KNOWN[1]}")
    context = app.page.context
    context_pool.release(app.page)  # no sign-out: the test before simply ended

    again = App(context_pool.acquire(VIEWPORT), oidc_server.url)
    try:
        assert again.page.context is context  # the same context, reset
        open_sign_in(again)  # the sign-in button, no menu: no one is signed in
    finally:
        context_pool.release(again.page)

def test_unknown_email_is_refused_in_danish(app, provider, oidc_server):
    open_sign_in(app)
    sign_in_at_provider(app, "ukendt@andet.example", provider)
    main = app.page.locator('[data-testid="stMain"]')
    expect(main.locator('[data-testid="stAlertContentError"]')).to_contain_text(
        f"ukendt@andet.example {UNKNOWN_MESSAGE}. Bed informationssikkerhedskoordinatoren om adgang."
    )
    expect(app.page.locator('[data-testid="stSidebarNav"]')).to_have_count(0)
    expect(app.page.locator("body")).not_to_contain_text("Logget ind som")
    # Reloading (the provider's cookie is still there) does not let the stranger in either.
    app.goto("/")
    expect(main.locator('[data-testid="stAlertContentError"]')).to_contain_text(UNKNOWN_MESSAGE)
    expect(app.page.locator('[data-testid="stSidebarNav"]')).to_have_count(0)


@pytest.mark.parametrize(
    ("tamper", "foreign_key", "in_log"),
    [
        ({"iss": "https://login.example.org/another-tenant/v2.0"}, False, "'iss'"),
        ({"aud": "another-app"}, False, "'azp'"),  # a token for another client of the same provider
        ({"nonce": "replayed-nonce"}, False, "'nonce'"),
        ({}, True, "signature"),
    ],
    ids=["issuer", "audience", "nonce", "unpublished-key"],
)
def test_a_token_with_wrong_claims_signs_no_one_in(app, provider, oidc_server, tamper, foreign_key, in_log):
    """Refused by st.login (Authlib) at the callback: the browser is back at the sign-in button."""
    _, name, _, email = KNOWN
    offset = oidc_server.log.stat().st_size
    open_sign_in(app)
    provider.tamper, provider.foreign_key = tamper, foreign_key
    try:
        sign_in_at_provider(app, SUBJECT, provider)
    finally:
        provider.tamper, provider.foreign_key = {}, False
    expect(app.page.get_by_role("button", name=SIGN_IN_BUTTON)).to_be_visible()
    expect(app.page.locator('[data-testid="stSidebarNav"]')).to_have_count(0)
    expect(app.page.locator("body")).not_to_contain_text(name)
    log = log_since(oidc_server, offset)
    assert "OAuth token exchange failed" in log and in_log in log, log[-4000:]
    # The same person with an honest token gets in: the refusal was the claim, nothing else.
    sign_in_at_provider(app, SUBJECT, provider)
    expect(app.page.locator('[data-testid="stSidebar"]')).to_contain_text(f"Logget ind som {name}")


def test_a_token_for_another_app_that_names_us_as_party_is_refused(app, provider, oidc_server):
    """``aud`` is another app, ``azp`` is us: Authlib accepts it (it checks ``azp``, not that ``aud``
    names the client); the app must not. Refused with a Danish message, no user, sign-out works."""
    _, name, _, email = KNOWN
    open_sign_in(app)
    provider.tamper = {"aud": "another-app", "azp": CLIENT_ID}
    try:
        sign_in_at_provider(app, SUBJECT, provider)
    finally:
        provider.tamper = {}
    main = app.page.locator('[data-testid="stMain"]')
    expect(main.locator('[data-testid="stAlertContentError"]')).to_contain_text(
        "Identitetsudbyderens login er ikke udstedt til Risikoværkstedet"
    )
    expect(app.page.locator('[data-testid="stSidebarNav"]')).to_have_count(0)
    expect(app.page.locator("body")).not_to_contain_text(name)
    app.goto("/")  # a reload does not let the token in either
    expect(main.locator('[data-testid="stAlertContentError"]')).to_contain_text("ikke udstedt til Risikoværkstedet")
    expect(app.page.locator('[data-testid="stSidebarNav"]')).to_have_count(0)

    app.page.wait_for_timeout(300)
    main.get_by_role("button", name="Log ud").click()
    end_session(app, provider)
    expect(app.page.get_by_role("button", name=SIGN_IN_BUTTON)).to_be_visible()
    sign_in_at_provider(app, SUBJECT, provider)  # an honest token for the same person
    expect(app.page.locator('[data-testid="stSidebar"]')).to_contain_text(f"Logget ind som {name}")


def test_a_reassigned_email_cannot_take_over_the_account(app, provider, oidc_server):
    """Lis's account is bound to the identity she first signed in with. Another identity at the provider that
    carries her e-mail (an address handed on to someone else) is refused, in Danish, also after a reload."""
    _, name, _, email = KNOWN
    open_sign_in(app)
    sign_in_at_provider(app, SUBJECT, provider)  # binds, if no earlier test did
    sidebar = app.page.locator('[data-testid="stSidebar"]')
    expect(sidebar).to_contain_text(f"Logget ind som {name}")
    app.page.wait_for_timeout(300)
    sidebar.get_by_role("button", name="Log ud").click()
    end_session(app, provider)
    sign_in_at_provider(app, email.lower(), provider)  # another subject, the same e-mail claim
    main = app.page.locator('[data-testid="stMain"]')
    expect(main.locator('[data-testid="stAlertContentError"]')).to_contain_text(
        f"Kontoen for {email.lower()} er knyttet til en anden person hos kommunens identitetsudbyder")
    expect(app.page.locator('[data-testid="stSidebarNav"]')).to_have_count(0)
    expect(app.page.locator("body")).not_to_contain_text("Logget ind som")
    app.goto("/")
    expect(main.locator('[data-testid="stAlertContentError"]')).to_contain_text("knyttet til en anden person")


def test_sign_ons_are_in_the_audit_trail_and_it_verifies(app, provider, oidc_server):
    """Sign-ons through the provider, accepted and refused, are audited; `audit verify` passes on the file.

    Stops the server to read its database, then starts it again on the same port (other tests may follow).
    """
    import duckdb

    username, _, _, email = KNOWN
    open_sign_in(app)
    sign_in_at_provider(app, "fremmed@andet.example", provider)
    expect(app.page.locator('[data-testid="stAlertContentError"]')).to_contain_text(UNKNOWN_MESSAGE)
    app.page.locator('[data-testid="stMain"]').get_by_role("button", name="Log ud").click()
    end_session(app, provider)
    sign_in_at_provider(app, SUBJECT, provider)
    expect(app.page.locator('[data-testid="stSidebar"]')).to_contain_text("Logget ind som")
    app.page.context.close()
    oidc_server.stop()
    try:
        with duckdb.connect(str(oidc_server.db), read_only=True) as con:
            rows = con.execute("SELECT action, entity_id, after_json FROM audit_log WHERE entity = 'users' "
                               "AND action LIKE 'login%' ORDER BY id").fetchall()
            last_login = con.execute("SELECT last_login FROM users WHERE username = ?", [username]).fetchone()[0]
        rows = [(action, entity_id, json.loads(after)) for action, entity_id, after in rows]
        assert ("login_failed", "fremmed@andet.example", {"via": "oidc", "reason": "ukendt e-mail"}) in rows, rows
        assert ("login", username, {"via": "oidc"}) in rows, rows
        assert last_login is not None
        done = subprocess.run([sys.executable, "-m", "riskmodel", "audit", "verify", "--db", str(oidc_server.db)],
                              cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, f"{done.stdout}\n{done.stderr}"
    finally:
        oidc_server.start()


@pytest.fixture(scope="module")
def oidc_idle_server(tmp_path_factory, provider, browser) -> Iterator[StreamlitServer]:
    srv = _oidc_server(tmp_path_factory, provider, {"RISK_IDLE_MINUTES": "0.25"})  # 15 s: the watch looks every 3.75 s
    yield srv
    srv.stop()


@pytest.fixture
def idle_app(browser, oidc_idle_server, request, tmp_path_factory) -> Iterator[App]:
    yield from browser_session(browser, oidc_idle_server.url, oidc_idle_server, request, tmp_path_factory)


def test_an_idle_user_is_signed_out_at_the_provider_too(idle_app, provider, oidc_idle_server):
    """The idle timeout in 'oidc' mode: the session forgot its user, but st.user still held the identity
    cookie, so the next run signed the same person straight back in. Now the idle sign-out is st.logout:
    the browser goes to the provider's end-session page, and back at the app no one is signed in."""
    _, name, _, _ = KNOWN
    app = idle_app
    open_sign_in(app)
    sign_in_at_provider(app, SUBJECT, provider)
    expect(app.page.locator('[data-testid="stSidebar"]')).to_contain_text(f"Logget ind som {name}")
    # Do nothing: the page's watch finds the limit passed and signs out (the same code as for the 30-minute
    # default: only the limit is shorter).
    app.page.wait_for_url(f"{provider.url}/oauth2/end_session**", timeout=120_000)
    end_session(app, provider)
    expect(app.page.get_by_role("button", name=SIGN_IN_BUTTON)).to_be_visible()
    expect(app.page.locator("body")).not_to_contain_text("Logget ind som")
    app.goto("/")  # the identity cookie is gone: a reload does not sign in again
    expect(app.page.get_by_role("button", name=SIGN_IN_BUTTON)).to_be_visible()
    expect(app.page.locator("body")).not_to_contain_text(name)
