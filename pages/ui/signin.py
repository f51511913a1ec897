"""Sign-in and sign-out (none, local and oidc mode), the idle timeout checked on every run and before every
widget callback (:func:`callback`), live fragments that enforce it, and the stand-in pages of a fresh server."""

from __future__ import annotations

import functools
import os
import time
from collections.abc import Callable, Iterable

import streamlit as st

from pages.ui.session import AUTH_MODES, _real_server, _requested_mode, actor, lang, md
from riskmodel import local_only
from riskmodel.domain.errors import PermissionDenied, WorkbenchError
from riskmodel.domain.model import LOCAL_ACTOR, Actor
from riskmodel.i18n import t
from riskmodel.services import Workbench
from riskmodel.services.common import require
from riskmodel.services.users import LOCKOUT, sso_subject

# -- sign-in -----------------------------------------------------------------------
ASKED_PATHS = "_asked_paths"  # session: page hash -> url path of stand-in pages shown
SIGN_IN_FIRST = "_sign_in_first"  # session key: a visitor of a public page asked for the sign-in form


def auth_mode(argv: list[str] | None = None) -> str:
    """``--auth MODE`` after ``--``, else $RISK_AUTH, else 'none'."""
    mode = _requested_mode(argv)
    if mode not in AUTH_MODES:
        st.error(t("auth.bad_mode", lang(), mode=mode, modes=", ".join(AUTH_MODES)))
        st.stop()
    return mode


def idle_minutes() -> float:
    """$RISK_IDLE_MINUTES (default 30; a fraction such as 0.25 is allowed, at least a quarter of a minute: the
    browser tests sign an idle user out after 15 s instead of waiting a whole minute)."""
    try:
        minutes = max(0.25, float(os.environ.get("RISK_IDLE_MINUTES", "30").replace(",", ".")))
    except ValueError:
        return 30
    return int(minutes) if minutes.is_integer() else minutes


def idle_minutes_text(language: str) -> str:
    """The limit as the sign-in screen says it: '30', or '0,25' (Danish decimal comma) / '0.25'."""
    minutes = idle_minutes()
    if isinstance(minutes, int):
        return str(minutes)
    return f"{minutes:g}".replace(".", ",") if language == "da" else f"{minutes:g}"


# -- idle timeout: checked on every run, fragments included ------------------------------------
LIVE_RERUN = "_live_rerun"  # session key: the next full run was asked for by a live fragment, not by the user
# How often an open page looks whether its user has gone idle: every 15 s, or a quarter of a shorter limit.
IDLE_WATCH_SECONDS = min(15.0, max(2.0, idle_minutes() * 60 / 4))


def idle_expired() -> bool:
    """Whether a signed-in user (with sign-in on) has done nothing for longer than the idle limit."""
    last = st.session_state.get("last_seen")
    return ("actor" in st.session_state and last is not None and _requested_mode() != "none"
            and time.monotonic() - last > idle_minutes() * 60)


def idle_check(refresh: bool) -> None:
    """Sign an idle user out; with ``refresh``, count this run as the user's activity."""
    if idle_expired():
        sign_out("auth.idle_out")
    if refresh:
        st.session_state["last_seen"] = time.monotonic()


def callback(fn: Callable, *bound, **bound_kw) -> Callable:
    """The only way a page hands Streamlit an ``on_click``/``on_change``: ``on_click=ui.callback(save, line_id)``.

    Streamlit runs a widget's callback *before* the script, so before app.py's gate and its idle
    check: the first click after the idle limit would still act. The returned function checks the
    limit first and signs an idle user out instead of acting (the run that follows shows the sign-in
    form). ``bound`` arguments come first, then those Streamlit passes (``args=``/``kwargs=``).
    tests/app/test_app_source.py proves that no page passes a bare function.
    """

    @functools.wraps(fn)
    def guarded(*args, **kwargs):
        if idle_expired():
            sign_out("auth.idle_out")
            return None
        return fn(*bound, *args, **bound_kw, **kwargs)

    guarded.idle_checked = True
    return guarded


def live_fragment(run_every: float) -> Callable:
    """``st.fragment(run_every=...)`` that enforces the idle timeout on every run of the fragment.

    A fragment's run (on its timer, or a click inside it) does not pass through app.py's gate, so each
    run first checks the idle limit: an idle user is signed out and the whole app reruns (the sign-in
    form), before the fragment can act (e.g. admit a guest). A fragment never counts as activity, and
    a full rerun it asks for (``st.rerun()``: the room moved on, someone saved) does not either: a
    screen that redraws itself keeps no one signed in.
    """
    from streamlit.runtime.scriptrunner_utils.exceptions import RerunException

    def decorate(fn: Callable) -> Callable:
        @functools.wraps(fn)
        def guarded(*args, **kwargs):
            if idle_expired():
                if sign_out("auth.idle_out"):
                    st.stop()  # oidc: the redirect to /auth/logout is queued; a rerun could drop it
                st.rerun()
            try:
                return fn(*args, **kwargs)
            except RerunException:
                st.session_state[LIVE_RERUN] = True
                raise

        return st.fragment(run_every=run_every)(guarded)

    return decorate


@live_fragment(IDLE_WATCH_SECONDS)
def _idle_watch() -> None:
    """Draws nothing: its runs (the guard of :func:`live_fragment`) put an idle page back to the sign-in form
    without a click, so no widget of an expired session is left to click."""


def sign_out(message_key: str | None = None) -> bool:
    """Forget the signed-in user. In ``oidc`` mode also ``st.logout()``: the identity cookie goes and the
    browser is sent to the provider's sign-out, else the next run would sign the same person straight
    back in from ``st.user``. Returns True when that redirect is queued: the caller then ends its run
    with ``st.stop()`` rather than ``st.rerun()``, which could drop the queued redirect."""
    for key in ("actor", "last_seen", SIGN_IN_FIRST, LIVE_RERUN):
        st.session_state.pop(key, None)
    if message_key:
        st.session_state["_signout_msg"] = message_key
    if _requested_mode() == "oidc":
        st.logout()
        return True
    return False


def sign_in(wb: Workbench, keep_page: Callable[[], object] | None = None, public: tuple[str, ...] = ()) -> Actor:
    """The gate in front of every page: returns the signed-in user or stops the run.

    Modes: ``none`` (one person on this machine: allowed only while the server listens
    on localhost), ``local`` (accounts in the database), ``oidc`` (Streamlit's st.login).

    ``keep_page`` builds the hidden navigation and returns the page asked for in the URL.
    If that page's url path is in ``public`` (joining a workshop with a code), it runs
    without an account, alone: no menu, no sidebar, nothing of the other pages, and the
    run stops after it. A visitor who asks to sign in first (:data:`SIGN_IN_FIRST`) gets
    the sign-in form instead, on the same URL.
    """
    mode = auth_mode()
    if mode == "none":  # every run: nothing of the app (not even the join page) before this check
        none_mode_gate()
    idle_check(refresh=not st.session_state.pop(LIVE_RERUN, False))
    if "actor" in st.session_state:
        if mode != "none":
            _idle_watch()
        return st.session_state["actor"]

    if mode == "none":
        none_mode_gate()
        st.session_state["actor"] = LOCAL_ACTOR
        return LOCAL_ACTOR

    if keep_page is not None:
        asked = keep_page()
        if getattr(asked, "url_path", None) in public and not st.session_state.get(SIGN_IN_FIRST):
            st.set_page_config(page_title=f"{asked.title} · Risikoværkstedet")
            asked.run()
            st.stop()
    st.title("Risikoværkstedet")
    msg = st.session_state.pop("_signout_msg", None)
    if msg:
        st.info(t(msg, lang(), minutes=idle_minutes_text(lang())))
    if mode == "oidc":
        return _sign_in_oidc(wb)
    return _sign_in_local(wb)


def requested_path(pages: Iterable[st.Page]) -> str | None:
    """The url path the browser asked for ('' for the home page), before any st.navigation runs.

    A first load names the page by its path (/heatmap), a click in the menu by its page hash;
    stand-in pages (not found, not for your role) are remembered by hash, so a rerun on them
    (a language change) keeps their path. None if a hash names no page we know.
    Reads Streamlit's pages manager: the same request st.navigation resolves.
    """
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is None:
        return ""
    by_hash = {p._script_hash: p.url_path for p in pages} | st.session_state.get(ASKED_PATHS, {})
    wanted = ctx.pages_manager.intended_page_script_hash
    if wanted:
        return by_hash.get(wanted)
    return (ctx.pages_manager.intended_page_name or "").strip("/")


def home_alias(home: st.Page, url: str) -> None:
    """The home page's own address (/oversigt) opens the home page. Streamlit serves a default page only at the
    root ("/"), yet reserves its url path: without this, /oversigt showed Streamlit's English "Page not found"
    dialog (and a stand-in page there, a StreamlitAPIException). Call before :func:`requested_path`."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is None or ctx.pages_manager.intended_page_script_hash:
        return
    if (ctx.pages_manager.intended_page_name or "").strip("/") == url:
        ctx.pages_manager.set_script_intent(home._script_hash, "")


def stand_in_page(render: Callable[[], None], path: str, title: str) -> st.Page:
    """A hidden page at ``path`` that shows ``render``: st.navigation then finds the page asked for
    and never shows Streamlit's own (English) "Page not found" dialog or falls back silently."""
    page = st.Page(render, title=title, url_path=path, visibility="hidden")
    st.session_state.setdefault(ASKED_PATHS, {})[page._script_hash] = path
    return page


def client_address() -> str | None:
    """The browser's address for throttling joins: the peer, or behind a proxy named in ``RISK_TRUSTED_PROXIES``
    the client it forwards (riskmodel/domain/proxies.py). A bad setting stops the page with its reason."""
    from riskmodel.domain.proxies import client_address as forwarded_client
    from riskmodel.domain.proxies import trusted_proxies

    try:
        trusted = trusted_proxies(os.environ.get("RISK_TRUSTED_PROXIES"))
    except ValueError as err:
        st.error(md(err), icon=":material/error:")
        st.stop()
    if not _real_server():
        return st.context.ip_address
    return forwarded_client(st.context.ip_address, st.context.headers, trusted)


def none_mode_gate() -> None:
    """Stop the run unless this request may use mode 'none' (see riskmodel.local_only): the server
    listens on loopback, and this browser is on this machine, talks to it directly (no proxy) and
    calls it localhost, 127.0.0.1 or [::1]. Refused: a page that says how to turn sign-in on.

    Under AppTest there is no request (no headers, no peer): only the listening address is checked.
    """
    address = st.get_option("server.address")
    if _real_server():
        reason = local_only.refusal(st.context.headers, st.context.ip_address is None, address)
    else:
        reason = local_only.refusal({"host": "localhost"}, True, address)
    if reason is None:
        return
    st.title(t("auth.none_refused_title", lang()))
    if reason == "address":
        st.error(t("auth.none_not_local", lang(), address=address or t("auth.all_addresses", lang())))
    else:
        st.error(t("auth.none_not_direct", lang()))
    st.markdown(t("auth.how_to_configure", lang()))
    st.stop()


def _sign_in_local(wb: Workbench) -> Actor:
    if wb.users.count() == 0:
        st.warning(t("auth.no_users", lang()))
        # The command names this server's own database file, so it can be copied as it is.
        st.code(f"python -m riskmodel users add --db {wb.db.path} ditbrugernavn --name 'Dit Navn' --role koordinator")
        st.stop()
    with st.form("sign_in"):
        st.subheader(t("auth.sign_in", lang()))
        username = st.text_input(t("auth.username", lang()), autocomplete="username")
        password = st.text_input(t("auth.password", lang()), type="password", autocomplete="current-password")
        submitted = st.form_submit_button(t("auth.sign_in_button", lang()), type="primary")
    if submitted:
        try:
            who = wb.users.authenticate(username, password)
        except PermissionDenied:  # one answer for every refusal, in the user's language (no account enumeration)
            st.error(md(t("auth.sign_in_refused", lang(), minutes=int(LOCKOUT.total_seconds() // 60))),
                     icon=":material/lock:")
        except WorkbenchError as err:
            st.error(md(err.text(lang())), icon=":material/lock:")
        else:
            st.session_state["actor"] = who
            st.rerun()
    st.stop()


def _sign_in_oidc(wb: Workbench) -> Actor:
    auth_secrets = st.secrets.get("auth", {}) if _has_secrets() else {}
    if not auth_secrets.get("cookie_secret"):
        st.error(t("auth.oidc_no_secret", lang()))
        st.stop()
    if not st.user.is_logged_in:
        st.button(t("auth.oidc_button", lang()), on_click=callback(st.login), type="primary")
        st.stop()
    claims = st.user.to_dict()
    try:
        who = wb.users.sign_on(claims, str(auth_secrets.get("client_id") or ""))
    except PermissionDenied as err:  # an e-mail that is no user's, or a token issued to another app
        reason = getattr(err, "reason", "")
        key = {"audience": "auth.oidc_wrong_audience", "unknown": "auth.oidc_unknown"}.get(reason, "auth.oidc_unknown")
        if reason == "subject":
            key = "auth.oidc_other_subject" if sso_subject(claims) else "auth.oidc_no_subject"
        st.error(t(key, lang(), email=md(str(claims.get("email") or "?"))), icon=":material/lock:")
        st.button(t("auth.sign_out", lang()), on_click=callback(st.logout))
        st.stop()
    st.session_state["actor"] = who
    st.rerun()  # draw the page asked for without the sign-in screen's title above it


def _has_secrets() -> bool:
    try:
        return bool(st.secrets)
    except FileNotFoundError:
        return False
    except Exception:  # no secrets file: Streamlit raises its own error type
        return False


def can(action: str, department: str | None = None, owner: str | None = None) -> bool:
    """Whether the signed-in user may do ``action``: for showing or disabling controls.
    The services check again on every call; this only spares the user a refused click."""
    try:
        require(actor(), action, department, owner)
    except WorkbenchError:
        return False
    return True
