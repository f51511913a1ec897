"""The sign-in gate of app.py (pages.ui.sign_in) through AppTest: local accounts, roles, sign-out,
idle timeout, the localhost-only 'none' mode and 'oidc' without secrets.

Every test runs the real entry (app.py) with $RISK_AUTH set; the users are created through the
service with passwords, as `python -m riskmodel users add` does.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from streamlit import config as st_config

from riskmodel.domain.model import LOCAL_ACTOR

PASSWORD = "korrekt-hest-batteri"  # 10+ characters: passes riskmodel.security.password_problem
WRONG = "forkert-adgangskode"
WRONG_LOGIN = ("Forkert brugernavn eller adgangskode, eller kontoen er midlertidigt låst efter for mange forsøg. "
               "Prøv igen senere (op til 15 minutter), eller bed koordinatoren om en ny adgangskode.")

# The pages each role's navigation offers (file names under pages/, in app.py's order).
WORK = ["overview", "systems", "activities", "assessment", "heatmap"]
FOLLOW_UP = ["review", "treatment", "dispensations", "baselines"]
FACILITATE = ["workshop", "join"]


@pytest.fixture
def local(monkeypatch):
    monkeypatch.setenv("RISK_AUTH", "local")


@pytest.fixture
def users(demo, local):
    """The demo municipality with one account per role of interest; returns the leder's department."""
    department = sorted(demo.systems.departments(LOCAL_ACTOR))[0]
    add = demo.users.add
    add(LOCAL_ACTOR, "kirsten", "Kirsten Koordinator", "koordinator", password=PASSWORD)
    add(LOCAL_ACTOR, "lars", "Lars Leder", "leder", departments=[department], password=PASSWORD)
    add(LOCAL_ACTOR, "rikke", "Rikke Revisor", "revisor", password=PASSWORD)
    add(LOCAL_ACTOR, "dennis", "Dennis Deltager", "deltager", password=PASSWORD)
    return department


def _sign_in(a, username: str, password: str):
    a.one("text_input", "Brugernavn").input(username)
    a.one("text_input", "Adgangskode").input(password)
    a.one("form_submit_button", "Log ind").click()
    return a.run()


def _nav(a) -> list[str]:
    """The pages (file stems) the last run registered with st.navigation (AppTest's own record)."""
    return [Path(str(info["script_path"])).stem for info in a.at._registered_pages.values()]


def _assert_only_the_sign_in_form(a) -> None:
    """The gate stopped the run: the sign-in title and form, nothing of any page, no sidebar."""
    assert a.texts("title") == ["Risikoværkstedet"]
    assert a.has("form_submit_button", "Log ind")
    assert not a.at.sidebar.children  # no municipality, no "Logget ind som", no language, no "Log ud"
    assert a.texts("subheader") == ["Log ind"]
    for kind in ("metric", "dataframe", "table", "plotly_chart", "expander", "tab", "selectbox"):
        assert len(a.at.get(kind)) == 0, f"{kind} shown before sign-in"
    assert [b.label for b in a.at.button] == ["Log ind"]  # the form's own button only
    assert "Logget ind som" not in json.dumps([str(e.value) for e in a.at.caption])


def _audit(wb, action: str, entity_id: str) -> list[tuple]:
    with wb.db.read() as cur:
        return cur.execute(
            "SELECT actor, action, entity_id, after_json FROM audit_log WHERE action = ? AND entity_id = ? ORDER BY id",
            [action, entity_id],
        ).fetchall()


# -- local mode --------------------------------------------------------------------------
def test_local_mode_without_users_tells_how_to_create_the_first_coordinator(app, wb, local):
    a = app()
    assert a.texts("warning") == [
        "Der er ingen brugere endnu. Opret den første koordinator på serveren med kommandoen herunder."
    ]
    (code,) = [c.value for c in a.at.code]
    assert code.startswith("python -m riskmodel users add ") and "--role koordinator" in code
    assert f"--db {wb.db.path} " in code  # this server's own file: the command can be copied as it is
    assert not a.has("form_submit_button", "Log ind")
    assert a.texts("title") == ["Risikoværkstedet"] and not a.at.sidebar.children


def test_wrong_password_is_refused_in_danish_shows_nothing_and_is_audited(app, wb, users):
    a = app()
    _assert_only_the_sign_in_form(a)
    _sign_in(a, "lars", WRONG)
    assert a.texts("error") == [WRONG_LOGIN]
    _assert_only_the_sign_in_form(a)
    assert "actor" not in a.at.session_state
    rows = _audit(wb, "login_failed", "lars")
    assert len(rows) == 1 and json.loads(rows[0][3]) == {"failed_logins": 1, "locked": False}
    # An unknown user gets the very same answer (no user enumeration), and is audited too.
    _sign_in(a, "ingen-saadan", PASSWORD)
    assert a.texts("error") == [WRONG_LOGIN]
    assert len(_audit(wb, "login_failed", "ingen-saadan")) == 1


def test_right_password_opens_the_overview_with_the_name_in_the_sidebar(app, wb, users):
    a = app()
    _sign_in(a, "Kirsten", PASSWORD)  # usernames are case-insensitive
    assert a.texts("error") == []
    assert a.title().startswith("Risikoværkstedet · ")  # the overview's title
    assert [m.label for m in a.at.metric][:4] == ["Aktive systemer", "Systemer med risikovurdering", "Risikolinjer",
                                                  "Restrisici, der kræver handling"]  # then the review figures
    captions = [c.value for c in a.at.sidebar.caption]
    assert "Logget ind som Kirsten Koordinator · Koordinator" in captions
    assert a.has("button", "Log ud")
    assert _nav(a) == [*WORK, *FOLLOW_UP, *FACILITATE, "catalogue", "export", "importer", "settings"]
    assert len(_audit(wb, "login", "kirsten")) == 1


def test_leder_gets_only_the_leders_pages(app, wb, users):
    a = app()
    _sign_in(a, "lars", PASSWORD)
    assert "Logget ind som Lars Leder · Leder / systemejer" in [c.value for c in a.at.sidebar.caption]
    assert _nav(a) == [*WORK, *FOLLOW_UP, *FACILITATE, "catalogue"]
    for page in ("export", "settings"):
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            a.at.switch_page(f"pages/{page}.py")
    # The systems page lists only the leder's own department.
    a.goto("systems")
    assert set(a.at.dataframe[0].value["department"]) == {users}


def test_revisor_gets_export_but_cannot_create_or_edit_systems(app, wb, users):
    a = app()
    _sign_in(a, "rikke", PASSWORD)
    assert _nav(a) == [*WORK, *FOLLOW_UP, "join", "catalogue", "export"]
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        a.at.switch_page("pages/settings.py")
    a.goto("export")
    assert a.title() == "Excel-eksport"
    a.goto("systems")
    assert a.title() == "Systemer"
    assert [e.label for e in a.at.expander] == []  # no "Nyt system"
    a.select_row(0)
    name = a.at.dataframe[0].value.iloc[0]["name"]
    assert name in a.texts("subheader")  # the read-only view of the picked system ...
    assert not any(s.startswith("Ret ") for s in a.texts("subheader"))
    assert len(a.at.get("form")) == 0 and not a.has("form_submit_button", "Gem ændringer")  # ... and no edit form
    assert len(a.at.table) == 1


def test_deltager_sees_only_the_join_page(app, wb, users):
    a = app()
    _sign_in(a, "dennis", PASSWORD)
    assert a.title() == "Deltag i workshop"
    assert a.one("text_input", "Dit navn").value == "Dennis Deltager"
    assert _nav(a) == ["join"]
    for page in ("overview", "systems", "assessment", "export", "workshop"):
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            a.at.switch_page(f"pages/{page}.py")


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(app, wb, users):
    a = app()
    for attempt in range(1, 6):
        _sign_in(a, "lars", WRONG)
        (error,) = a.texts("error")
        assert error == WRONG_LOGIN, attempt  # the same answer before and after the lock (no enumeration)
    _sign_in(a, "lars", PASSWORD)
    (error,) = a.texts("error")
    assert error == WRONG_LOGIN
    _assert_only_the_sign_in_form(a)
    assert "actor" not in a.at.session_state
    assert len(_audit(wb, "login_refused", "lars")) == 1
    assert _audit(wb, "login", "lars") == []


# -- sign-out and idle timeout ----------------------------------------------------------------
def test_sign_out_returns_to_the_sign_in_form(app, wb, users):
    a = app()
    _sign_in(a, "kirsten", PASSWORD)
    a.one("button", "Log ud").click()
    a.run()
    assert "Du er logget ud." in a.texts("info")
    _assert_only_the_sign_in_form(a)
    assert "actor" not in a.at.session_state
    # The message is shown once: the next run shows the bare form.
    a.run()
    assert "Du er logget ud." not in a.texts("info")
    _assert_only_the_sign_in_form(a)


def test_idle_session_is_signed_out(app, wb, users, monkeypatch):
    monkeypatch.setenv("RISK_IDLE_MINUTES", "1")
    a = app()
    _sign_in(a, "kirsten", PASSWORD)
    assert a.title().startswith("Risikoværkstedet · ")
    a.run()  # activity within the minute keeps the session
    assert a.title().startswith("Risikoværkstedet · ")
    a.at.session_state["last_seen"] = time.monotonic() - 120
    a.run()
    assert "Du er logget ud efter 1 min. uden aktivitet. Log ind igen." in a.texts("info")
    _assert_only_the_sign_in_form(a)
    assert "actor" not in a.at.session_state


# -- no sign-in: localhost only ----------------------------------------------------------------
@pytest.fixture
def server_address():
    """Set server.address for one test; the old value (from .streamlit/config.toml) comes back after."""
    old = st_config.get_option("server.address")
    yield lambda value: st_config.set_option("server.address", value)
    st_config.set_option("server.address", old)


@pytest.mark.parametrize("address", ["0.0.0.0", "", "10.0.0.5"])
def test_none_mode_on_a_network_address_refuses_and_shows_nothing(app, demo, server_address, address):
    server_address(address)
    a = app()
    (error,) = a.texts("error")
    assert "må det kun køre på denne maskine (127.0.0.1)" in error
    assert ("alle netværksadresser" if not address else address) in error
    assert any("RISK_AUTH=local" in m and "RISK_AUTH=oidc" in m for m in a.texts("markdown"))
    assert a.texts("title") == ["Log-in er slået fra på denne server"] and not a.at.sidebar.children
    assert len(a.at.metric) == 0 and len(a.at.get("plotly_chart")) == 0 and len(a.at.dataframe) == 0
    assert "actor" not in a.at.session_state


@pytest.mark.parametrize("address", ["127.0.0.1", "localhost", "::1"])
def test_none_mode_on_localhost_signs_in_the_local_coordinator(app, demo, server_address, address):
    server_address(address)
    a = app()
    assert a.texts("error") == []
    assert a.title().startswith("Risikoværkstedet · ")
    assert "Logget ind som Lokal bruger · Koordinator" in [c.value for c in a.at.sidebar.caption]
    assert not a.has("button", "Log ud")  # nothing to sign out of


# -- oidc ------------------------------------------------------------------------------------
def test_oidc_without_secrets_names_the_missing_auth_section(app, demo, monkeypatch):
    monkeypatch.setenv("RISK_AUTH", "oidc")
    a = app()
    (error,) = a.texts("error")
    assert ".streamlit/secrets.toml" in error and "[auth]" in error and "cookie_secret" in error
    assert a.texts("title") == ["Risikoværkstedet"]
    assert len(a.at.button) == 0  # no "Log ind med kommunens konto", no "Log ud"
    assert not a.at.sidebar.children and len(a.at.metric) == 0 and len(a.at.dataframe) == 0


def test_unknown_auth_mode_is_refused(app, demo, monkeypatch):
    monkeypatch.setenv("RISK_AUTH", "ingen")
    a = app()
    assert a.texts("error") == ["Ukendt login-tilstand 'ingen'. Brug en af: none, local, oidc."]
    assert not a.at.sidebar.children and len(a.at.metric) == 0


# -- the audit key (issue 16) ----------------------------------------------------------------
def test_local_mode_without_an_audit_key_refuses_to_start(app, wb, local, monkeypatch, tmp_path):
    """With sign-in the audit chain's key must be configured outside the database: no key, nothing runs."""
    monkeypatch.delenv("RISK_AUDIT_KEY_FILE")
    monkeypatch.chdir(tmp_path)  # no .streamlit/secrets.toml naming a key file
    monkeypatch.setenv("HOME", str(tmp_path))
    a = app().run()
    [error] = a.at.error
    assert error.value.startswith("Revisionssporets nøgle mangler, så Risikoværkstedet starter ikke.")
    assert "RISK_AUDIT_KEY_FILE=/sti/til/nøglefil" in error.value
    assert not a.has("form_submit_button", "Log ind")
    assert not a.at.sidebar.children
