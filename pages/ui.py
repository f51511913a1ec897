"""Shared UI helpers for the pages: the workbench, the acting user, language, errors."""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

import pandas as pd
import streamlit as st

from riskmodel.errors import WorkbenchError
from riskmodel.i18n import t, value_label
from riskmodel.model import LOCAL_ACTOR, Actor
from riskmodel.services import Workbench, open_workbench
from riskmodel.store.db import default_db_path

PAGE_SIZE = 50


def db_path_from_args(argv: list[str] | None = None) -> Path:
    """``--db PATH`` after ``streamlit run app.py --``, else $RISK_DB, else data/risk.duckdb."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--db", type=Path)
    args, _ = parser.parse_known_args(sys.argv[1:] if argv is None else argv)
    return args.db or default_db_path()


@st.cache_resource(show_spinner=False)
def _workbench(path: str) -> Workbench:
    return open_workbench(path)


def workbench() -> Workbench:
    """The process's one workbench (one DuckDB connection), shared by every session."""
    return _workbench(str(db_path_from_args()))


def actor() -> Actor:
    """The acting user. One local user until sign-in (issue 3) plugs in here."""
    return st.session_state.get("actor", LOCAL_ACTOR)


def lang() -> str:
    if "lang" not in st.session_state:
        st.session_state["lang"] = workbench().settings.get("language")[0]
    return st.session_state["lang"]


def tr(key: str, **kwargs) -> str:
    return t(key, lang(), **kwargs)


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
        st.error(str(err), icon=":material/warning:")
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
    """Show a legend frame (from riskmodel.charts.legend_frame) with each level in its colour."""
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
