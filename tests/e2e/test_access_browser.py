"""Access control in the browser: a server with local sign-in, a leder of one department, a koordinator.

The leder follows deep links and crafted ``?system=`` parameters to other departments' systems and
must see the Danish refusal and none of their data; the koordinator opens the same link. Afterwards
the server is stopped and the audit trail read: the refusals are in it.
"""

from __future__ import annotations

import json
import re

import duckdb
import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

REFUSAL = "kan kun se data i egne afdelinger"
MAIN = '[data-testid="stMain"]'


@pytest.fixture
def session(browser, local_server, request, tmp_path_factory):
    """A fresh browser context (a Streamlit session of its own) on the local-sign-in server."""
    from conftest import browser_session

    yield from browser_session(browser, local_server.url, local_server, request, tmp_path_factory)


def _own(srv):
    """(id, name) of the leder's department's active, assessed systems."""
    return [(i, n) for i, n, d, assessed, status in srv.systems if d == srv.department and assessed and status == "aktiv"]


def _others(srv):
    """(id, name) of every system in another department than the leder's."""
    return [(i, n) for i, n, d, _, _ in srv.systems if d != srv.department]


def _other_assessed(srv):
    return next((i, n) for i, n, d, assessed, status in srv.systems if d != srv.department and assessed and status == "aktiv")


def open_signed_in(app, path: str, user: tuple[str, str], password: str):
    """Open ``path`` in a new page load: the sign-in form comes first; sign in; the asked-for page follows."""
    page = app.page
    page.goto(app.base_url + path)
    app.settle()
    form = page.locator('[data-testid="stForm"]')
    expect(form.get_by_label("Brugernavn")).to_be_visible()
    page.wait_for_timeout(2000)  # the form can be briefly inert right after the first run
    form.get_by_label("Brugernavn").fill(user[0])
    form.get_by_label("Adgangskode").fill(password)
    form.get_by_role("button", name="Log ind").click()
    app.settle()
    expect(page.locator('[data-testid="stSidebar"]')).to_contain_text(f"Logget ind som {user[1]}")
    return app


def _main_text(page) -> str:
    return page.locator(MAIN).inner_text()


def assert_no_foreign_data(app, srv, *, charts_allowed: bool = False) -> None:
    """No other department's system name in the main area, and no risk matrix (plotly) unless allowed."""
    page = app.page
    text = _main_text(page)
    shown = [name for _, name in _others(srv) if name in text]
    assert shown == [], f"another department's systems shown to the leder: {shown}\n{text}"
    if not charts_allowed:
        expect(page.locator(".js-plotly-plot")).to_have_count(0)
    # The system picker holds only the leder's own systems (or nothing).
    picker = page.get_by_role("combobox", name="System")
    if picker.count():
        value = picker.input_value()
        assert value == "" or value.endswith(f"· {srv.department}"), value


def test_leder_deep_link_to_another_department_is_refused(session, local_server):
    srv, page = local_server, session.page
    other_id, other_name = _other_assessed(srv)
    open_signed_in(session, f"/vurdering?system={other_id}", srv.LEDER, srv.PASSWORD)
    expect(page.locator("h1")).to_have_text("Risikovurdering")  # the page asked for, after sign-in
    expect(page.locator(MAIN).get_by_text(REFUSAL, exact=False)).to_be_visible()
    expect(page.locator(MAIN).get_by_text(REFUSAL, exact=False)).to_contain_text(f"Lene Leder {REFUSAL}")
    assert other_name not in _main_text(page)
    assert_no_foreign_data(session, srv)


@pytest.mark.parametrize("param", ["-1", "abc", "1 OR 1=1", "1%20OR%201%3D1", "0", "99999", "%27%3B--"])
def test_leder_crafted_system_parameter_shows_no_foreign_data(session, local_server, param):
    srv, page = local_server, session.page
    open_signed_in(session, f"/vurdering?system={param}", srv.LEDER, srv.PASSWORD)
    expect(page.locator("h1")).to_have_text("Risikovurdering")
    assert_no_foreign_data(session, srv)
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)  # no traceback


def test_leder_own_system_opens_then_switching_parameter_in_app_is_refused(session, local_server):
    srv, page = local_server, session.page
    own_id, own_name = _own(srv)[0]
    other_id, other_name = _other_assessed(srv)
    open_signed_in(session, f"/vurdering?system={own_id}", srv.LEDER, srv.PASSWORD)
    expect(page.get_by_role("combobox", name="System")).to_have_value(f"{own_name} · {srv.department}")
    expect(page.locator(".js-plotly-plot")).to_have_count(2)  # inherent and residual matrix
    expect(page.locator(MAIN).get_by_text(REFUSAL, exact=False)).to_have_count(0)

    # Inside the same session (no reload, still signed in): point the URL at another department's
    # system and let the app follow it, as the browser's back/forward does.
    page.evaluate(
        "(url) => { window.history.pushState({}, '', url); window.dispatchEvent(new PopStateEvent('popstate')); }",
        f"/vurdering?system={other_id}",
    )
    session.settle()
    expect(page.locator('[data-testid="stSidebar"]')).to_contain_text("Logget ind som Lene Leder")
    expect(page.locator(MAIN).get_by_text(REFUSAL, exact=False)).to_be_visible()  # the app followed: and refused
    assert_no_foreign_data(session, srv)
    assert other_name not in _main_text(page)


def test_leder_systems_list_shows_only_own_department(session, local_server):
    srv, page = local_server, session.page
    open_signed_in(session, "/systemer", srv.LEDER, srv.PASSWORD)
    expect(page.locator("h1")).to_have_text("Systemer")
    table = page.locator('[data-testid="stDataFrame"]').first
    rows = session.grid_rows(table)
    department = session.grid(table).locator("th").all_inner_texts().index("Afdeling")
    own_active = {n for i, n, d, _, status in srv.systems if d == srv.department and status == "aktiv"}
    assert rows, "the leder's list is empty"
    assert {r[department] for r in rows} == {srv.department}, rows
    assert {r[0] for r in rows} <= {n for i, n, d, _, _ in srv.systems if d == srv.department}
    assert own_active <= {r[0] for r in rows}
    assert_no_foreign_data(session, srv, charts_allowed=True)


def test_koordinator_opens_the_other_departments_system(session, local_server):
    srv, page = local_server, session.page
    other_id, other_name = _other_assessed(srv)
    department = next(d for i, _, d, _, _ in srv.systems if i == other_id)
    open_signed_in(session, f"/vurdering?system={other_id}", srv.KOORDINATOR, srv.PASSWORD)
    expect(page.locator("h1")).to_have_text("Risikovurdering")
    expect(page.get_by_role("combobox", name="System")).to_have_value(f"{other_name} · {department}")
    expect(page.locator(".js-plotly-plot")).to_have_count(2)
    expect(page.locator(MAIN).get_by_text(REFUSAL, exact=False)).to_have_count(0)


def test_refusals_are_in_the_audit_trail(session, local_server):
    """Last in the module: it stops the shared local server to read its database."""
    srv = local_server
    other_id, _ = _other_assessed(srv)
    open_signed_in(session, f"/vurdering?system={other_id}", srv.LEDER, srv.PASSWORD)
    expect(session.page.locator(MAIN).get_by_text(REFUSAL, exact=False)).to_be_visible()
    session.page.context.close()
    srv.stop()
    with duckdb.connect(str(srv.db), read_only=True) as con:
        denied = con.execute(
            "SELECT actor, after_json FROM audit_log WHERE action = 'denied' AND entity = 'access' ORDER BY id"
        ).fetchall()
        logins = con.execute("SELECT DISTINCT actor FROM audit_log WHERE action = 'login'").fetchall()
    by_leder = [json.loads(after) for actor, after in denied if actor == srv.LEDER[0]]
    assert by_leder, denied
    assert any(d["role"] == "leder" and REFUSAL in d["reason"] and re.search(r"SystemService\.get$", d["call"])
               for d in by_leder), by_leder
    assert not [a for a, _ in denied if a == srv.KOORDINATOR[0]], denied  # the koordinator was never refused
    assert {(srv.LEDER[0],)} <= set(logins)
