"""The session: the app's workbench (one per database path and server), today's date, the acting user, the
requested sign-in mode, and the session's language with the UI text by key (user text escaped for Markdown)."""

from __future__ import annotations

import argparse
import os
import re
import sys
from datetime import date
from pathlib import Path

import streamlit as st

from riskmodel.domain.dates import dk_today, fmt_datetime
from riskmodel.domain.model import Actor
from riskmodel.i18n import LANGUAGES, t, value_label
from riskmodel.services import Workbench, default_db_path, open_workbench, operations

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
    return dk_today()


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


AUTH_MODES = ("none", "local", "oidc")


def _requested_mode(argv: list[str] | None = None) -> str:
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--auth", choices=AUTH_MODES)
    args, _ = parser.parse_known_args(sys.argv[1:] if argv is None else argv)
    return args.auth or os.environ.get("RISK_AUTH", "none")


# -- language and text ---------------------------------------------------------------
LANG_PARAM = "lang"  # ?lang=en: the language a person chose, when it is not the municipality's
KEPT_LANG = "lang_kept"  # the chosen language outside the widget's key (see lang())


def lang() -> str:
    """The session's language: the one chosen in the sidebar; a new session (a reload, a bookmark) takes the
    address's ``?lang=`` and otherwise the municipality's default.

    The sidebar's selector holds it under the key "lang", and Streamlit drops every widget's value when a page
    calls st.switch_page (its rerun carries no widget states, so the page change clears them all): step 3's
    "Open live workshop" landed on a Danish workshop. A plain session key keeps the choice across that."""
    if "lang" not in st.session_state:
        kept = st.session_state.get(KEPT_LANG)
        if kept not in LANGUAGES:
            asked = st.query_params.get(LANG_PARAM)
            kept = asked if asked in LANGUAGES else workbench().settings.language()
        st.session_state["lang"] = kept
    st.session_state[KEPT_LANG] = st.session_state["lang"]
    return st.session_state["lang"]


def keep_lang_in_address() -> None:
    """Write the chosen language into the address when it differs from the municipality's default (and take it
    out when it does not), so that a reload keeps it (a reload is a new Streamlit session: only the address
    survives). Called on every run by app.py; a page switch drops query parameters, the next run writes it again."""
    chosen = lang()
    want = chosen if chosen != workbench().settings.language() else None
    if st.query_params.get(LANG_PARAM) != want:
        if want is None:
            del st.query_params[LANG_PARAM]
        else:
            st.query_params[LANG_PARAM] = want


def when(ts) -> str:
    """A moment as the UI shows it, in the user's language: '06-12-2026 kl. 21:40' / '06-12-2026 21:40'."""
    return fmt_datetime(ts, lang())


def keep_choices() -> None:
    """on_change of the language selector: every choice on the page keeps its value in the new language.

    A browser keeps a dropdown's (or a multiselect's) choice as the text it showed ("I dag"); after the switch no
    option has that text, and Streamlit hands the page the old text itself instead of the value (the year
    comparison broke; in a workshop "Record and move on" was refused: "'2 · Mindre sandsynlig' is not a number").
    Setting each kept value again through st.session_state makes it win over the browser's text in the next run,
    which then sends the new language's text. Only choices are set again: a text or a number, or a list of them;
    never a button's or a form's True/False, a file, a table editor's edits (Streamlit refuses those when the
    widget is drawn) or no choice at all (the browser holds no text for it)."""
    for key in list(st.session_state.keys()):
        value = st.session_state[key]
        if key not in ("lang", KEPT_LANG) and not str(key).startswith("FormSubmitter:") and _is_choice(value):
            st.session_state[key] = value


def _is_choice(value) -> bool:
    plain = (str, int, float)
    if isinstance(value, bool):
        return False
    if isinstance(value, plain):
        return True
    return isinstance(value, list) and all(isinstance(v, plain) and not isinstance(v, bool) for v in value)


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def md(text: object) -> str:
    """User text made safe for Streamlit's markdown: shown as typed, never as a link, image or math."""
    return _MD_SPECIAL.sub(r"\\\1", str(text))


def tr(key: str, **kwargs) -> str:
    """A UI string; text values put into it are escaped, since Streamlit renders labels as markdown."""
    return t(key, lang(), **{k: md(v) if isinstance(v, str) else v for k, v in kwargs.items()})


def vl(kind: str, value) -> str:
    return value_label(kind, value, lang())


# Who wrote a row without an account of their own: the one person of sign-in mode 'none', the workbench itself,
# the demo data. Stored as these usernames; shown as words.
_NO_ACCOUNT = {"lokal": "people.local", "system": "people.system", "demo": "people.demo"}


@st.cache_data(ttl=30, show_spinner=False)
def _display_names(path: str, username: str) -> dict[str, str]:
    """Cached per database and signed-in person: the service decides access before anything is cached."""
    return workbench().users.display_names(actor())


def person(who: object) -> str:
    """A person's name for a username stored with a row ("ændret af lokal" -> "ændret af Lokal bruger"); a text
    that is no username (a name typed by hand, e.g. who requested a dispensation) is shown as it is."""
    if who is None or who == "" or (isinstance(who, float) and who != who):  # None, "" or NaN: no one
        return ""
    name = str(who)
    if name in _NO_ACCOUNT:
        return tr(_NO_ACCOUNT[name])
    return _display_names(str(db_path_from_args()), actor().username).get(name, name)
