"""Widgets the pages share: service calls with their errors shown in place, flashes, paging, tables,
matrices, saving a change Streamlit skipped, live figures, and opening a picked table row once."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable

import pandas as pd
import streamlit as st

from pages.ui.session import PAGE_SIZE, lang, md, person, tr, when, workbench
from pages.ui.signin import live_fragment
from riskmodel.domain.errors import WorkbenchError
from riskmodel.domain.scales import presets
from riskmodel.i18n import catalogue, value_label


def attempt(fn: Callable[[], object], success: str | None = None) -> object | None:
    """Run a service call; show its Danish error instead of a traceback.

    Returns the call's result, or None after an error. A call that succeeds but returns
    nothing (``set_municipality``, ``set_preset``, ``remove_line``, ...) gives True, so
    ``if ui.attempt(...):`` always means "it went through".
    """
    try:
        result = fn()
    except WorkbenchError as err:
        # in the user's language; messages quote user text: show it as typed
        st.error(md(err.text(lang())), icon=":material/warning:")
        return None
    if success:
        st.toast(success, icon=":material/check_circle:")
    return True if result is None else result


def flash(message: str) -> None:
    """A message shown once, after the rerun that follows a save."""
    st.session_state["_flash"] = message


def show_flash() -> None:
    """The message a callback left for the next run, in one slot that is there with or without a message:
    Streamlit matches elements by position, so a flash that came and went would shift everything below
    it, and a shifted button is briefly drawn twice (the old one until the run ends)."""
    msg = st.session_state.pop("_flash", None)
    with st.container():
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
    col2.caption(tr("ui.page_of", page=page, pages=pages, first=first, last=min(total, page * page_size), total=total)
                 + ". " + tr("ui.page_sort_note"))  # the table's own sorting does not reach the other pages
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


def days_left_column(label: str):
    """A column of days to a date, negative once it has passed (its help says so: "-12" alone reads oddly); a
    number, so that it sorts as one (review lists, dispensations)."""
    return st.column_config.NumberColumn(label, format="%d", help=tr("review.col.days_left_help"))


def legend_table(df: pd.DataFrame) -> None:
    """Show a legend frame (from riskmodel.reports.charts.legend_frame) with each level in its colour.

    A static table: its cells wrap, so a level's meaning is read whole at any width (a data grid cuts it)."""
    colors = df.pop("_color")
    texts = df.pop("_text")
    first = df.columns[0]

    def paint(col):
        if col.name != first:
            return [""] * len(col)
        return [f"background-color: {c}; color: {tc}" for c, tc in zip(colors, texts, strict=True)]

    st.table(df.style.apply(paint), hide_index=True)


def wrapping_row(*widths: int, gap: str = "medium") -> tuple:
    """Containers of at most ``widths`` px in a row that wraps: side by side on a wide screen, one under the
    other on a narrow one (a split laptop screen), where side by side each would shrink to a sliver."""
    with st.container(horizontal=True, gap=gap):
        return tuple(st.container(width=w) for w in widths)


def row(**kw):
    """A row that wraps: its parts (metrics, filters, buttons) keep the width their text needs and go onto the next
    line when the row is full, where st.columns would cut each label short on a narrow screen."""
    return st.container(horizontal=True, **kw)


def text_and_buttons() -> tuple:
    """A line of text with buttons at its right end: (text, buttons). The text wraps, the buttons keep their whole
    labels, where st.columns([8, 1]) cut a button's label to "F…" on a narrow screen."""
    with st.container(horizontal=True, wrap=False, vertical_alignment="center"):
        return st.container(), st.container(horizontal=True, width="content", vertical_alignment="center")


def growing_row(key: str, gap: str = "small", **kw):
    """A row of parts (``st.container(width=...)`` of a minimum width in px or "content") that grow to share the row
    and wrap whole onto the next line on a narrow screen (app.py's ``LAYOUT_CSS`` lets them grow)."""
    return st.container(horizontal=True, key=f"grow_{key}", gap=gap, **kw)


def wrapping_columns(key: str, *min_widths: int, gap: str = "small", **kw) -> list:
    """Like st.columns, but each column is at least its width in px: they share a wide row and wrap whole under
    each other on a narrow screen, where st.columns would squeeze each to a sliver (:func:`growing_row`)."""
    parts = growing_row(key, gap, **kw)
    return [parts.container(width=w) for w in min_widths]


def matrix_and_legend(width: int = 560) -> tuple:
    """The matrix and its legend (:func:`wrapping_row`)."""
    return wrapping_row(width, 380)


def env_flag(name: str) -> bool:
    return os.environ.get(name, "").lower() in ("1", "true", "yes")


_HISTORY_VALUES = {"classification": "classification", "criticality": "criticality", "hosting": "hosting",
                   "subjects_band": "subjects_band", "data_categories": "data_category", "kind": "change_kind",
                   "measure_status": "measure_status", "treatment": "treatment"}


def _history_field(field: str) -> str:
    """A stored field's name in the user's language (a risk line's from the error labels of its checks)."""
    for key in (f"history.field.{field}", f"err.assessment.label.{field}"):
        if key in catalogue():
            return tr(key)
    return field


def _history_value(field: str, value: str) -> str:
    if not value:
        return value
    if field == "preset":
        return presets()[value].name(lang()) if value in presets() else value
    if field == "lens":
        return tr(f"history.lens.{value}") if f"history.lens.{value}" in catalogue() else value
    if field == "status":  # an assessment's or a system's
        for kind in ("assessment_status", "system_status"):
            if f"value.{kind}.{value}" in catalogue():
                return value_label(kind, value, lang())
        return value
    kind = _HISTORY_VALUES.get(field)
    if kind is None:
        return value
    parts = [p.strip() for p in value.split(",")] if kind == "data_category" else [value]
    return ", ".join(value_label(kind, p, lang()) if f"value.{kind}.{p}" in catalogue() else p for p in parts)


def history_table(df: pd.DataFrame) -> None:
    """An audit history (riskmodel.services.history) as a paged table with Danish dates."""
    if df.empty:
        st.caption(tr("history.empty"))
        return
    page = pager(len(df), f"hist_{id(df)}_{len(df)}")
    part = df.iloc[(page - 1) * PAGE_SIZE : page * PAGE_SIZE].copy()
    part["at"] = part["at"].map(when)
    part["actor"] = part["actor"].map(person)
    part["action"] = part["action"].map(lambda a: tr(f"history.action.{a}") if f"history.action.{a}" in catalogue() else a)
    # A stored code shown as the user reads it: the field's name and a coded value's label ("standard" -> the
    # matrix's name, "godkendt" -> "Godkendt").
    for col in ("before", "after"):
        part[col] = [_history_value(f, v) for f, v in zip(part["field"], part[col], strict=True)]
    part["field"] = part["field"].map(_history_field)
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
        placeholder="",
    )


@st.cache_resource(max_entries=512, show_spinner=False)
def _compact_matrix(preset_hash: int, counts: tuple, lang_: str, title: str, height: int, _preset):
    """A compact matrix figure, built once per matrix, counts, language, title and height.

    Building a Plotly figure costs more than the rest of a scoring click's rerun; the same counts
    come back on most reruns. st.plotly_chart copies the figure (``to_dict``), never changes it.
    """
    from riskmodel.reports.charts import matrix_figure

    return matrix_figure(_preset, dict(counts), lang_, title, height=height, compact=True)


def matrix_pair(preset, inherent: dict, residual: dict, key: str, height: int = 340) -> None:
    """Inherent and residual matrices side by side (overview, one system's assessment)."""
    cols = wrapping_row(400, 400, gap="small")  # side by side from 1280 px, one under the other on a narrow screen
    for col, counts, which in zip(cols, (inherent, residual), ("inherent", "residual"), strict=True):
        col.plotly_chart(
            _compact_matrix(hash(preset), tuple(sorted(counts.items())), lang(), tr(f"chart.{which}"), height,
                            preset),
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


def open_picked_once(picked, rows: pd.DataFrame, id_col: str, key: str, open_row: Callable[[int], None]) -> None:
    """Open the row picked in a selectable table (``picked`` is what ``st.dataframe(on_select="rerun", placeholder="")``
    returned), once: the table keeps its selection across reruns, and that kept selection must not reopen the
    row after the user closed it or followed a link. ``key`` remembers the last pick in the session."""
    chosen = picked.selection.rows if picked else []
    pick = (int(rows.iloc[chosen[0]][id_col]),) if chosen else ()
    if pick and pick != st.session_state.get(key):
        open_row(pick[0])
    st.session_state[key] = pick
