# Size: session, sign-in, widgets and downloads; the lead splits it by job into a sub-package after this round's merge (issue 19).
"""Shared UI helpers for the pages: the workbench, the acting user, language, errors."""

from __future__ import annotations

import argparse
import functools
import hashlib
import io
import os
import re
import sys
import time
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path

import pandas as pd
import streamlit as st

from riskmodel import local_only
from riskmodel.domain.dates import fmt_datetime
from riskmodel.domain.errors import PermissionDenied, WorkbenchError
from riskmodel.domain.model import LOCAL_ACTOR, Actor
from riskmodel.domain.workshop import DIMENSIONS, line_dimensions
from riskmodel.i18n import catalogue, t, value_label
from riskmodel.services import Workbench, default_db_path, open_workbench, operations
from riskmodel.services.common import require
from riskmodel.services.users import LOCKOUT

PAGE_SIZE = 50


def db_path_from_args(argv: list[str] | None = None) -> Path:
    """``--db PATH`` after ``streamlit run app.py --``, else $RISK_DB, else the default file (riskmodel.store.db)."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--db", type=Path)
    args, _ = parser.parse_known_args(sys.argv[1:] if argv is None else argv)
    return args.db or default_db_path()


@st.cache_resource(show_spinner=False)
def _audit_key_configured(path: str, mode: str) -> bool:
    """Raises :class:`operations.AuditKeyError` when sign-in is on and no audit key is configured (not cached then)."""
    operations.require_audit_key(path, mode)
    return True


@st.cache_resource(show_spinner=False)
def _workbench(path: str) -> Workbench:
    wb = open_workbench(path)
    if _real_server():  # the server holds the file: it takes the backups `python -m riskmodel backup` asks for
        operations.serve_backups(wb)
    return wb


def _real_server() -> bool:
    """True under `streamlit run`; False under AppTest (whose Runtime is a mock) and in bare scripts."""
    from streamlit.runtime import Runtime

    return Runtime.exists() and type(Runtime.instance()) is Runtime


def workbench() -> Workbench:
    """The process's one workbench (one database connection), shared by every session.

    Without the audit trail's key (required with sign-in) nothing starts: the page says how to set it."""
    try:
        path = str(db_path_from_args())
        mode = _requested_mode()
        if mode in AUTH_MODES:  # an unknown mode is refused by auth_mode(), which needs the workbench for lang()
            _audit_key_configured(path, mode)
        return _workbench(path)
    except operations.AuditKeyError:
        language = st.session_state.get("lang", "da")
        st.error(t("auth.audit_key_missing", language, env=operations.AUDIT_KEY_ENV))
        st.stop()


def today() -> date:
    """The date the pages compute due dates with: the real one, unless a test (or a demo on a fixed day) sets
    ``$RISK_TODAY`` (YYYY-MM-DD) or ``st.session_state["_today"]``. No page widget writes either."""
    fixed = st.session_state.get("_today")
    if isinstance(fixed, date):
        return fixed
    env = os.environ.get("RISK_TODAY", "").strip()
    if env:
        try:
            return date.fromisoformat(env)
        except ValueError:
            pass
    return date.today()


def actor() -> Actor:
    """The signed-in user (set by :func:`sign_in` in app.py before any page runs)."""
    who = st.session_state.get("actor")
    if who is None:
        run_by_app()
        st.error(t("auth.not_signed_in", lang()))
        st.stop()
    return who


def run_by_app() -> None:
    """Stop a page that runs without app.py's gate (the public join page calls this itself).

    On a fresh server Streamlit serves a deep link (/heatmap) in its old pages-folder mode
    until app.py has run once: hand over to app.py, which signs in and builds the
    navigation. Anything else: refuse.
    """
    if not st.session_state.get("_app_ran"):
        try:
            st.switch_page("app.py")
        except st.errors.StreamlitAPIException:
            pass
        st.error(t("auth.not_signed_in", lang()))
        st.stop()


# -- sign-in -----------------------------------------------------------------------
AUTH_MODES = ("none", "local", "oidc")
ASKED_PATHS = "_asked_paths"  # session: page hash -> url path of stand-in pages shown
SIGN_IN_FIRST = "_sign_in_first"  # session key: a visitor of a public page asked for the sign-in form


def _requested_mode(argv: list[str] | None = None) -> str:
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--auth", choices=AUTH_MODES)
    args, _ = parser.parse_known_args(sys.argv[1:] if argv is None else argv)
    return args.auth or os.environ.get("RISK_AUTH", "none")


def auth_mode(argv: list[str] | None = None) -> str:
    """``--auth MODE`` after ``--``, else $RISK_AUTH, else 'none'."""
    mode = _requested_mode(argv)
    if mode not in AUTH_MODES:
        st.error(t("auth.bad_mode", lang(), mode=mode, modes=", ".join(AUTH_MODES)))
        st.stop()
    return mode


def idle_minutes() -> int:
    try:
        return max(1, int(os.environ.get("RISK_IDLE_MINUTES", "30")))
    except ValueError:
        return 30


# -- idle timeout: checked on every run, fragments included ------------------------------------
LIVE_RERUN = "_live_rerun"  # session key: the next full run was asked for by a live fragment, not by the user
IDLE_WATCH_SECONDS = 15  # how often an open page looks whether its user has gone idle


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
        st.info(t(msg, lang(), minutes=idle_minutes()))
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


def stand_in_page(render: Callable[[], None], path: str, title: str) -> st.Page:
    """A hidden page at ``path`` that shows ``render``: st.navigation then finds the page asked for
    and never shows Streamlit's own (English) "Page not found" dialog or falls back silently."""
    page = st.Page(render, title=title, url_path=path, visibility="hidden")
    st.session_state.setdefault(ASKED_PATHS, {})[page._script_hash] = path
    return page


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
            st.error(md(err), icon=":material/lock:")
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
        key = "auth.oidc_wrong_audience" if getattr(err, "reason", "") == "audience" else "auth.oidc_unknown"
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


def lang() -> str:
    if "lang" not in st.session_state:
        st.session_state["lang"] = workbench().settings.get("language")[0]
    return st.session_state["lang"]


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def md(text: object) -> str:
    """User text made safe for Streamlit's markdown: shown as typed, never as a link, image or math."""
    return _MD_SPECIAL.sub(r"\\\1", str(text))


def tr(key: str, **kwargs) -> str:
    """A UI string; text values put into it are escaped, since Streamlit renders labels as markdown."""
    return t(key, lang(), **{k: md(v) if isinstance(v, str) else v for k, v in kwargs.items()})


def vl(kind: str, value) -> str:
    return value_label(kind, value, lang())


def attempt(fn: Callable[[], object], success: str | None = None) -> object | None:
    """Run a service call; show its Danish error instead of a traceback.

    Returns the call's result, or None after an error. A call that succeeds but returns
    nothing (``set_municipality``, ``set_preset``, ``remove_line``, ...) gives True, so
    ``if ui.attempt(...):`` always means "it went through".
    """
    try:
        result = fn()
    except WorkbenchError as err:
        st.error(md(err), icon=":material/warning:")  # messages quote user text: show it as typed
        return None
    if success:
        st.toast(success, icon=":material/check_circle:")
    return True if result is None else result


def flash(message: str) -> None:
    """A message shown once, after the rerun that follows a save."""
    st.session_state["_flash"] = message


def show_flash() -> None:
    msg = st.session_state.pop("_flash", None)
    if msg:
        st.success(msg, icon=":material/check_circle:")


def pager(total: int, key: str, page_size: int = PAGE_SIZE) -> int:
    """Page picker for long tables; returns the 1-based page."""
    pages = max(1, -(-total // page_size))
    if pages == 1:
        return 1
    if st.session_state.get(key, 1) > pages:  # the rows shrank (a filter): back to the first page
        st.session_state[key] = 1
    col1, col2 = st.columns([1, 4])
    page = col1.number_input(tr("ui.page"), min_value=1, max_value=pages, value=1, step=1, key=key)
    first = (page - 1) * page_size + 1
    col2.caption(tr("ui.page_of", page=page, pages=pages, first=first, last=min(total, page * page_size), total=total))
    return int(page)


def table_key(name: str, ids: Iterable) -> str:
    """Key of a selectable ``st.dataframe`` that changes with the rows the table shows.

    Streamlit keeps a table's selection as row *positions*. Once the rows change (a
    filter, a hidden threat, a renamed or retired system) the kept position points at
    another row, or past the end (IndexError). A new key gives the changed table a
    fresh, empty selection.
    """
    digest = hashlib.blake2s(repr([int(i) for i in ids]).encode(), digest_size=6).hexdigest()
    return f"{name}_{digest}"


def legend_table(df: pd.DataFrame) -> None:
    """Show a legend frame (from riskmodel.reports.charts.legend_frame) with each level in its colour."""
    colors = df.pop("_color")
    texts = df.pop("_text")
    first = df.columns[0]

    def paint(col):
        if col.name != first:
            return [""] * len(col)
        return [f"background-color: {c}; color: {tc}" for c, tc in zip(colors, texts, strict=True)]

    st.dataframe(df.style.apply(paint), hide_index=True, width="stretch")


def env_flag(name: str) -> bool:
    return os.environ.get(name, "").lower() in ("1", "true", "yes")


def history_table(df: pd.DataFrame) -> None:
    """An audit history (riskmodel.services.history) as a paged table with Danish dates."""
    if df.empty:
        st.caption(tr("history.empty"))
        return
    page = pager(len(df), f"hist_{id(df)}_{len(df)}")
    part = df.iloc[(page - 1) * PAGE_SIZE : page * PAGE_SIZE].copy()
    part["at"] = part["at"].map(fmt_datetime)
    part["action"] = part["action"].map(lambda a: tr(f"history.action.{a}") if f"history.action.{a}" in catalogue() else a)
    st.dataframe(
        part[["at", "actor", "action", "what", "field", "before", "after"]],
        hide_index=True,
        width="stretch",
        column_config={
            "at": tr("history.col.at"),
            "actor": tr("history.col.actor"),
            "action": tr("history.col.action"),
            "what": tr("history.col.what"),
            "field": tr("history.col.field"),
            "before": tr("history.col.before"),
            "after": tr("history.col.after"),
        },
    )


def matrix_pair(preset, inherent: dict, residual: dict, key: str, height: int = 340) -> None:
    """Inherent and residual matrices side by side (overview, one system's assessment)."""
    from riskmodel.reports.charts import matrix_figure

    for col, counts, which in zip(st.columns(2), (inherent, residual), ("inherent", "residual"), strict=True):
        col.plotly_chart(
            matrix_figure(preset, counts, lang(), tr(f"chart.{which}"), height=height, compact=True),
            key=f"{key}_{which}",
            config={"displayModeBar": False},
        )


# -- on_change that Streamlit skipped (pages/assessment.py, pages/activities.py) ---------------
def first_run(page: str) -> bool:
    """True in ``page``'s first run in this session (and marks it run).

    It is the only run in which Streamlit can hand a widget value over without calling its
    on_change: a tab that reconnects to a restarted server sends its values into a new session
    that has no callbacks registered yet (tests/e2e/test_server_crash.py).
    """
    key = f"_ran:{page}"
    first = not st.session_state.get(key)
    st.session_state[key] = True
    return first


def same_value(shown, stored) -> bool:
    """A widget's value and the stored one, with '' as None and lists in any order."""
    if isinstance(shown, (list, tuple)) or isinstance(stored, (list, tuple)):
        return sorted(shown or []) == sorted(stored or [])
    return (None if shown == "" else shown) == (None if stored == "" else stored)


def save_skipped_change(first: bool, key: str, changed: bool, save: Callable[[], None]) -> None:
    """Do what the widget's on_change would have done, when Streamlit skipped it, and redraw.

    Only in a page's first run (``first``, from :func:`first_run`): in any later run on_change has
    saved or refused the value already. The widget ``key`` must carry the stored row's version or
    content, so only a change made on what is stored gets here; each key is tried once (a refused
    value shows its error, as on_change would).
    """
    if not first or not changed:
        return
    tried = st.session_state.setdefault("_skipped_tried", set())
    if key in tried:
        return
    tried.add(key)
    save()
    st.rerun()


# -- live figures (pages/heatmap.py) ----------------------------------------------------
LIVE_DATA_SECONDS = 0.5  # how often a page of shared figures looks for saves (st.fragment run_every)


def redraw_on_writes() -> None:
    """Redraw the whole page as soon as anyone saves anything, in any session.

    Call it before the page reads its data. Streamlit pushes nothing to other sessions, so a small
    fragment compares the workbench's write counter every LIVE_DATA_SECONDS and reruns the page when
    it has moved; in between it draws nothing and costs next to nothing. A manager's score in a
    workshop reaches the coordinator's heatmap on the projector without anyone reloading it
    (how soon: `make bench`, section browser).
    """
    _follow_writes(workbench().data_version())


@live_fragment(LIVE_DATA_SECONDS)
def _follow_writes(shown: int) -> None:
    if workbench().data_version() != shown:
        st.rerun()


# -- live workshops (pages/workshop.py, pages/join.py) --------------------------------
LIVE_SECONDS = 0.5  # how often a workshop screen looks at its cheap change marker (st.fragment run_every)
CONSEQUENCES = DIMENSIONS[1:]  # cons_c, cons_i, cons_a


def ws_dimensions(line) -> list[str]:
    """What the room scores for a threat: likelihood and the F/I/T it harms (all three if it names none)."""
    return line_dimensions(line)


def ws_dim_label(dim: str, lens: str = "org") -> str:
    """A dimension's name in the room: on the data-subject lens (``ds``) a consequence is the
    severity for the data subjects of a breach of confidentiality, integrity or availability."""
    if lens == "ds" and dim in CONSEQUENCES:
        return tr(f"ws.ds_dim.{dim}")
    return tr(f"ws.dim.{dim}")


def ws_threat(line, n: int, total: int, big: bool = False, lens: str = "org", compact: bool = False) -> None:
    """The current threat: position, title, description and what it harms (big: the projector's type;
    compact: a phone, in as few lines as will do)."""
    harmed = [vl("dimension", d[-1]) for d in ws_dimensions(line)[1:]]
    harms_key = "ws.ds_harms" if lens == "ds" else "ws.harms"
    if compact:
        st.subheader(tr("ws.position", n=n, total=total))
        st.markdown(f"**{md(line.threat_code)} · {md(line.threat_title)}**", help=md(line.threat_description) or None)
        return
    if big:
        st.header(tr("ws.position", n=n, total=total))
        st.title(md(f"{line.threat_code} · {line.threat_title}"))
        if line.threat_description:
            st.subheader(md(line.threat_description))
        st.header(tr(harms_key, dims=", ".join(harmed)))
        return
    st.subheader(tr("ws.position", n=n, total=total))
    st.header(md(f"{line.threat_code} · {line.threat_title}"))
    if line.threat_description:
        st.markdown(md(line.threat_description))
    st.caption(tr(harms_key, dims=", ".join(harmed)))


def ws_value(value) -> str:
    return tr("ws.dont_know") if value is None else str(value)


def ws_summary(values: dict, dims: Iterable[str]) -> str:
    """'S 3 · F 2 · I Ved ikke': an estimate or agreed value on one line."""
    return " · ".join(f"{tr(f'ws.short.{d}')} {ws_value(values.get(d))}" for d in dims)


def ws_spread(spreads: dict, size: int, dims: Iterable[str], big: bool = False, lens: str = "org") -> None:
    """How many gave each value per dimension, the range, and a marker where the room disagrees.

    ``big`` (the projector) puts each dimension's range first, in the large type of a metric."""
    dims = list(dims)

    def span(s) -> str:
        return "–" if not s.counts else str(s.low) if s.low == s.high else f"{s.low}–{s.high}"

    if big:
        for col, d in zip(st.columns(len(dims)), dims, strict=True):
            s = spreads[d]
            col.metric(ws_dim_label(d, lens), span(s), delta=tr("ws.disagree_mark") if s.disagree else None,
                       delta_color="red", delta_arrow="off")
    rows = []
    for d in dims:
        s = spreads[d]
        row = {tr("ws.col.dimension"): ws_dim_label(d, lens)}
        row.update({str(v): s.counts.get(v, 0) for v in range(1, size + 1)})
        row[tr("ws.dont_know")] = s.unknown
        row[tr("ws.col.range")] = span(s)
        row[tr("ws.col.disagree")] = tr("ws.disagree_mark") if s.disagree else ""
        rows.append(row)
    st.table(pd.DataFrame(rows), hide_index=True)
    disputed = [tr("ws.disagree", dim=ws_dim_label(d, lens), low=spreads[d].low, high=spreads[d].high)
                for d in dims if spreads[d].disagree]
    if disputed:  # one box, one line per dimension: the table above has the figures
        st.warning("  \n".join([*disputed, tr("ws.disagree_talk")]), icon=":material/warning:")


def ws_votes(votes: list[dict], dims: Iterable[str], lens: str = "org") -> None:
    """Every vote of the round with the voter's name (after the facilitator has revealed them)."""
    dims = list(dims)
    if not votes:
        st.caption(tr("ws.no_votes"))
        return
    rows = [
        {
            tr("ws.col.name"): md(v["name"]),
            tr("ws.col.role"): tr(f"ws.role.{v['role_title']}"),
            **{ws_dim_label(d, lens): ws_value(v.get(d)) for d in dims},
        }
        for v in votes
    ]
    st.table(pd.DataFrame(rows), hide_index=True)


def open_picked_once(picked, rows: pd.DataFrame, id_col: str, key: str, open_row: Callable[[int], None]) -> None:
    """Open the row picked in a selectable table (``picked`` is what ``st.dataframe(on_select="rerun")``
    returned), once: the table keeps its selection across reruns, and that kept selection must not reopen the
    row after the user closed it or followed a link. ``key`` remembers the last pick in the session."""
    chosen = picked.selection.rows if picked else []
    pick = (int(rows.iloc[chosen[0]][id_col]),) if chosen else ()
    if pick and pick != st.session_state.get(key):
        open_row(pick[0])
    st.session_state[key] = pick


def pack_builder(wb: Workbench, user: Actor, key: str = "export") -> None:
    """The committee's Excel pack: the review year, a build button with progress, then the download.

    The built file stays in ``st.session_state[f"{key}_file"]`` across reruns (bytes, rows, year).
    """
    from riskmodel.reports.export import export_workbook

    today_ = today()
    year = st.number_input(tr("export.year"), min_value=2000, max_value=today_.year + 1, value=today_.year, step=1,
                           key=f"{key}_year", help=tr("export.year_help"))
    if st.button(tr("export.build"), type="primary", key=f"{key}_build", disabled=not can("export")):
        bar = st.progress(0.0, text=tr("export.building"))
        buf = io.BytesIO()
        rows = attempt(lambda: export_workbook(wb, user, buf, year=int(year), today=today_,
                                               progress=lambda f, msg: bar.progress(min(1.0, f), text=msg)))
        if rows is not None:
            bar.progress(1.0, text=tr("export.ready", n=rows))
            st.session_state[f"{key}_file"] = (buf.getvalue(), rows, int(year))
    if f"{key}_file" in st.session_state:
        data, rows, built_year = st.session_state[f"{key}_file"]
        st.download_button(
            tr("export.download", n=rows),
            data=data,
            icon=":material/download:",
            type="primary",
            key=f"{key}_download",
            file_name=f"aarsgennemgang-{built_year}-{today_:%Y-%m-%d}.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        st.caption(tr("export.contents"))


def system_report(wb: Workbench, user: Actor, system) -> None:
    """One system's risk report (Excel) for its owner and the data protection officer: build, then download."""
    from riskmodel.reports.system_report import export_system_report, report_file_name

    st.caption(tr("systems.report_help"))
    key = f"system_report_{system.id}"
    if st.button(tr("systems.report_build"), key=f"{key}_build", icon=":material/summarize:"):
        bar = st.progress(0.0, text=tr("export.building"))
        buf = io.BytesIO()
        rows = attempt(lambda: export_system_report(wb, user, system.id, buf, today=today(),
                                                    progress=lambda f, msg: bar.progress(min(1.0, f), text=msg)))
        if rows is not None:
            bar.progress(1.0, text=tr("export.ready", n=rows))
            st.session_state[key] = (buf.getvalue(), rows)
    if key in st.session_state:
        data, rows = st.session_state[key]
        st.download_button(tr("systems.report_download", n=rows), data=data, key=f"{key}_download",
                           icon=":material/download:", file_name=report_file_name(system.name, today()),
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
