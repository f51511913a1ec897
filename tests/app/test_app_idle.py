"""The idle timeout holds on every run, live fragments included (issue 16, Medium #7).

A fragment's run (on its timer, or a click inside it) does not pass through app.py's gate: the
guard of ``ui.live_fragment`` checks the idle limit first, so an idle facilitator's live panel can
no longer admit a guest. A full rerun a live fragment asks for (the room moved on, a guest joined)
is not the user's activity and keeps no one signed in.
"""

from __future__ import annotations

import time

import pytest
from streamlit.testing.v1 import AppTest

from riskmodel.domain.model import LOCAL_ACTOR, Actor

KIM = Actor(username="kim", display_name="Kim Koordinator", role="koordinator")


def _live_page() -> None:
    """A page without app.py's gate: only a live fragment stands between an idle session and its action."""
    import streamlit as st

    from pages import ui

    if "actor" not in st.session_state:
        st.write("LOG IND")
        st.stop()

    @ui.live_fragment(60)
    def panel() -> None:
        st.session_state["acted"] = st.session_state.get("acted", 0) + 1  # e.g. admit a guest
        st.write("PANEL")

    panel()


def _live_app(monkeypatch, mode: str = "local", idle_for: float = 0, page=_live_page) -> AppTest:
    monkeypatch.setenv("RISK_AUTH", mode)
    monkeypatch.setenv("RISK_IDLE_MINUTES", "1")
    at = AppTest.from_function(page, default_timeout=30)
    at.session_state["actor"] = KIM
    at.session_state["last_seen"] = time.monotonic() - idle_for
    return at


def _texts(at) -> list[str]:
    return [str(m.value) for m in at.markdown]


def test_an_idle_session_is_signed_out_by_the_live_fragment_before_it_acts(monkeypatch):
    at = _live_app(monkeypatch, idle_for=80).run()  # 80 s after a 1-minute limit, as the probe did
    assert not at.exception
    assert "acted" not in at.session_state
    assert "actor" not in at.session_state
    assert at.session_state["_signout_msg"] == "auth.idle_out"
    assert _texts(at) == ["LOG IND"]


def test_an_active_session_runs_the_fragment_and_the_fragment_is_no_activity(monkeypatch):
    at = _live_app(monkeypatch, idle_for=50)
    seen = at.session_state["last_seen"]
    at.run()
    assert not at.exception
    assert at.session_state["acted"] == 1 and _texts(at) == ["PANEL"]
    assert at.session_state["last_seen"] == seen  # a fragment's run does not extend the session


def test_none_mode_has_no_idle_limit(monkeypatch):
    at = _live_app(monkeypatch, mode="none", idle_for=3600).run()
    assert at.session_state["acted"] == 1


# -- through app.py ---------------------------------------------------------------------------------
def test_a_rerun_asked_for_by_a_live_fragment_does_not_keep_the_session(app, wb, monkeypatch):
    """The probe's case: guests joining made the facilitator's live panel redraw the whole page, and
    every redraw counted as activity. A full run that a live fragment asked for checks the limit
    but does not move it."""
    monkeypatch.setenv("RISK_AUTH", "local")
    monkeypatch.setenv("RISK_IDLE_MINUTES", "1")
    wb.users.add(LOCAL_ACTOR, "kim", "Kim Koordinator", "koordinator", password="korrekt-hest-batteri")
    a = app(actor=KIM)
    a.run()
    assert a.at.session_state["actor"] == KIM
    seen = time.monotonic() - 50
    a.at.session_state["last_seen"] = seen
    a.at.session_state["_live_rerun"] = True  # what ui.live_fragment leaves when its fragment calls st.rerun()
    a.run()
    assert a.at.session_state["actor"] == KIM  # still within the minute
    assert a.at.session_state["last_seen"] == seen  # ... but the redraw did not extend it
    a.at.session_state["last_seen"] = time.monotonic() - 61
    a.at.session_state["_live_rerun"] = True
    a.run()
    assert "actor" not in a.at.session_state
    assert "Du er logget ud efter 1 min. uden aktivitet. Log ind igen." in a.texts("info")


def test_the_users_own_run_still_counts_as_activity(app, wb, monkeypatch):
    monkeypatch.setenv("RISK_AUTH", "local")
    monkeypatch.setenv("RISK_IDLE_MINUTES", "1")
    a = app(actor=KIM)
    a.run()
    a.at.session_state["last_seen"] = time.monotonic() - 50
    a.run()
    assert a.at.session_state["actor"] == KIM
    assert time.monotonic() - a.at.session_state["last_seen"] < 50


# -- widget callbacks: they run before app.py's gate ---------------------------------------------------
def test_the_first_click_after_the_idle_limit_changes_nothing(app, wb, make_system, monkeypatch):
    """Streamlit runs an on_change before the script: without ui.callback's check the first score set after
    the idle limit was saved, and only then did app.py's gate sign the user out."""
    monkeypatch.setenv("RISK_AUTH", "local")
    monkeypatch.setenv("RISK_IDLE_MINUTES", "1")
    sid = make_system(name="Skolesystem")
    aid = wb.assessments.start(LOCAL_ACTOR, sid)
    line = wb.assessments.lines(LOCAL_ACTOR, aid)[0]
    a = app("assessment", actor=KIM, system=sid)
    radio = a.at.radio(key=f"line{line.id}:likelihood")
    a.at.session_state["last_seen"] = time.monotonic() - 61  # the 15 s watcher has not signed out yet
    radio.set_value(4)
    a.run()
    saved = wb.assessments.line(LOCAL_ACTOR, line.id)
    assert (saved.likelihood, saved.version) == (line.likelihood, line.version)  # nothing saved
    assert "actor" not in a.at.session_state
    assert "Du er logget ud efter 1 min. uden aktivitet. Log ind igen." in a.texts("info")


def test_an_active_sessions_click_is_saved(app, wb, make_system, monkeypatch):
    monkeypatch.setenv("RISK_AUTH", "local")
    monkeypatch.setenv("RISK_IDLE_MINUTES", "1")
    sid = make_system(name="Skolesystem")
    aid = wb.assessments.start(LOCAL_ACTOR, sid)
    line = wb.assessments.lines(LOCAL_ACTOR, aid)[0]
    a = app("assessment", actor=KIM, system=sid)
    a.at.session_state["last_seen"] = time.monotonic() - 50
    a.at.radio(key=f"line{line.id}:likelihood").set_value(4)
    a.run()
    assert wb.assessments.line(LOCAL_ACTOR, line.id).likelihood == 4
    assert a.at.session_state["actor"] == KIM


def _callback_page() -> None:
    import streamlit as st

    from pages import ui

    st.button("Gem", on_click=ui.callback(lambda n: st.session_state.__setitem__("acted", n), 7))


def test_ui_callback_binds_arguments_and_acts_while_active(monkeypatch):
    at = _live_app(monkeypatch, idle_for=10, page=_callback_page).run()
    at.button[0].click().run()
    assert at.session_state["acted"] == 7


# -- oidc: signing out must end the provider's session in this browser too ------------------------------
def _oidc_idle_page() -> None:
    import streamlit as st

    from pages import ui

    ui.idle_check(refresh=True)
    st.write("signed in" if "actor" in st.session_state else "signed out")


def test_an_idle_oidc_session_is_logged_out_of_st_user(monkeypatch):
    """In oidc mode st.user stays signed in after the session forgets its actor: sign_out must call st.logout,
    or the gate signs the same person straight back in from the identity cookie."""
    import streamlit as st

    monkeypatch.setattr(st, "logout", lambda: st.session_state.__setitem__("logged_out", True))
    at = _live_app(monkeypatch, mode="oidc", idle_for=80, page=_oidc_idle_page).run()
    assert not at.exception
    assert at.session_state["logged_out"] is True
    assert "actor" not in at.session_state and _texts(at) == ["signed out"]


def test_an_idle_oidc_callback_logs_out_and_does_not_act(monkeypatch):
    import streamlit as st

    monkeypatch.setattr(st, "logout", lambda: st.session_state.__setitem__("logged_out", True))
    at = _live_app(monkeypatch, mode="oidc", idle_for=10, page=_callback_page).run()
    at.session_state["last_seen"] = time.monotonic() - 80
    at.button[0].click().run()
    assert "acted" not in at.session_state
    assert at.session_state["logged_out"] is True and "actor" not in at.session_state


def test_local_sign_out_does_not_call_st_logout(monkeypatch):
    import streamlit as st

    monkeypatch.setattr(st, "logout", lambda: st.session_state.__setitem__("logged_out", True))
    at = _live_app(monkeypatch, mode="local", idle_for=80, page=_oidc_idle_page).run()
    assert "logged_out" not in at.session_state and _texts(at) == ["signed out"]


@pytest.mark.parametrize("env, minutes, da, en", [
    ("30", 30, "30", "30"), ("1", 1, "1", "1"), ("0.5", 0.5, "0,5", "0.5"), ("0,25", 0.25, "0,25", "0.25"),
    ("0.01", 0.25, "0,25", "0.25"), ("nej", 30, "30", "30"),
])
def test_the_idle_limit_may_be_a_fraction_of_a_minute_but_not_below_a_quarter(monkeypatch, env, minutes, da, en):
    from pages.ui.signin import idle_minutes, idle_minutes_text

    monkeypatch.setenv("RISK_IDLE_MINUTES", env)
    assert idle_minutes() == minutes
    assert (idle_minutes_text("da"), idle_minutes_text("en")) == (da, en)
