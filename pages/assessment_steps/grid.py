"""Step 3 as a compact grid: one row per threat, likelihood and F/I/T as select cells, the level
per row. For a coordinator who knows the method; the guided view stays the default.

Each changed cell is saved on its own with the value the grid showed
(:meth:`AssessmentService.save_fields`), like the guided view: own edits never conflict; another
person's change to the same cell is shown side by side below the grid.

As in the guided view (fields.py), the browser keeps a copy of what the grid showed in a hidden text
field: a tab that reconnects to a restarted server hands its edit to a new session without on_change;
the page takes the tab's round and values from the copy, draws the grid the tab has, and saves the
edit against what the tab showed, so another person's change meanwhile is refused, never overwritten.
"""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from pages import ui
from pages.assessment_steps import fields
from pages.assessment_steps.context import AssessCtx, cons_label, level_text, score_label, start_editor
from riskmodel.domain.errors import FieldConflictError, WorkbenchError
from riskmodel.locale.threats import line_title

SCORE_COLUMNS = ("likelihood", "cons_c", "cons_i", "cons_a")
GRID_STATE = "_grid"  # see _new_state
SHOWN = "grid_shown"  # the hidden text field: the browser's copy of the grid's state (_copy)
HIDE_SHOWN_CSS = "<style>.st-key-grid_shown {display: none;}</style>"  # constant CSS, no user text


def _labels(ctx: AssessCtx, field: str) -> dict:
    """Cell text per stored value of one score column ('Ikke relevant' is stored as no value)."""
    kind = "likelihood" if field == "likelihood" else "consequence"
    fmt = score_label(ctx, kind)
    out = {v: fmt(v) for v in range(1, ctx.preset.size + 1)}
    if field != "likelihood":
        out[fields.NOT_RELEVANT] = fmt(None)
    return out


def _help(ctx: AssessCtx, field: str) -> str:
    """The scale's definitions, shown when the pointer rests on the column head."""
    steps = ctx.preset.likelihood if field == "likelihood" else ctx.preset.consequence
    return "\n".join(f"{i} · {s.label(ctx.lang)}: {s.definition(ctx.lang)}" for i, s in enumerate(steps, 1))


def _cell(ctx: AssessCtx, ln, field: str):
    value = getattr(ln, field)
    if value is None:
        harmed = field == "likelihood" or getattr(ln, "harms_" + field[-1])
        return None if harmed else _labels(ctx, field)[fields.NOT_RELEVANT]
    return _labels(ctx, field)[value]


def save_cells(ctx: AssessCtx, key: str, line_ids: list[int]) -> bool:
    """on_change: save every cell whose value on screen differs from what was last saved, each with the value the
    grid showed.

    The grid's data keeps the values of the round's start (``base``), and the browser keeps the edits over it:
    if the data took each saved value, the browser would find its edit already in the data, drop it and send a
    second run for every edit. A cell edited back to its starting value leaves the edits, so what is on screen is
    the edit where there is one, else the base. Returns whether anything was saved or refused."""
    grid = st.session_state.setdefault(GRID_STATE, _new_state())
    acted = False
    base = grid.get("base", {}).get("cells", {})
    edited = st.session_state.get(key, {}).get("edited_rows", {})
    for row, line_id in enumerate(line_ids):
        cells = edited.get(row, edited.get(str(row), {}))
        for field in SCORE_COLUMNS:
            start = base.get((line_id, field))
            cell = cells.get(field, start)
            if ui.same_value(grid["done"].get((line_id, field), start), cell):
                continue
            grid["done"][(line_id, field)] = cell
            acted = True
            by_label = {label: value for value, label in _labels(ctx, field).items()}
            value = fields.stored_value(field, by_label.get(cell)) if cell is not None else None
            seen = grid["shown"].get((line_id, field))
            try:
                ctx.wb.assessments.save_fields(ctx.user, line_id, {field: value}, {field: seen})
                grid["shown"][(line_id, field)] = value
            except FieldConflictError as err:
                for c in err.conflicts:
                    st.session_state.setdefault(fields.CONFLICTS, {})[(line_id, c.field)] = c
                _restart(grid)  # draw the grid again from what is stored
                return True
            except WorkbenchError as err:
                st.session_state["line_error"] = (line_id, err.text(ui.lang()))
                _restart(grid)
                return True
    return acted


def _new_state() -> dict:
    # shown: {(line id, field): stored value the page last showed}; done: {(line id, field): cell last saved};
    # base: {"key": the grid's key, "cells": {(line id, field): cell}} as the round began; round: part of the key.
    return {"shown": {}, "done": {}, "base": {}, "round": 0}


def _restart(grid: dict) -> None:
    """Start the grid again from what is stored: a new key (so the browser drops its edits) and a new base."""
    grid["round"] += 1
    grid["done"] = {}
    grid["base"] = {}


def _prepare(ctx: AssessCtx, grid: dict) -> str:
    """The grid's key and starting values from what is stored; someone else's change starts a new round."""
    lines = ctx.lines
    shown_now = {(ln.id, f): getattr(ln, f) for ln in lines for f in SCORE_COLUMNS}
    if any(k in grid["shown"] and not ui.same_value(grid["shown"][k], v) for k, v in shown_now.items()):
        _restart(grid)  # someone else saved meanwhile: the grid starts again from what is stored
    grid["shown"] = shown_now
    key = ui.table_key(f"grid_{ctx.assessment.id}_{grid['round']}", [ln.id for ln in lines])
    if grid["base"].get("key") != key:  # a new round or other lines: the scores as stored now
        grid["base"] = {"key": key, "cells": {(ln.id, f): _cell(ctx, ln, f) for ln in lines for f in SCORE_COLUMNS}}
        grid["done"] = {}
    return key


def _copy(grid: dict) -> str:
    """What the grid shows, for the browser to keep: its round and key, its starting cells, the stored values."""
    return json.dumps({"round": grid["round"], "key": grid["base"]["key"],
                       "base": [[lid, f, c] for (lid, f), c in grid["base"]["cells"].items()],
                       "shown": [[lid, f, v] for (lid, f), v in grid["shown"].items()]},
                      ensure_ascii=False, sort_keys=True)


def _adopt(ctx: AssessCtx, grid: dict, raw: str) -> str | None:
    """A tab's copy (:func:`_copy`) sent to a new session: take its round, cells and values, so the grid is the
    one the tab shows and its edits are saved against what it showed. Anything that is not a copy of this grid
    (other lines, other labels) is ignored. Returns the key, or None."""
    try:
        copy = json.loads(raw)
        rnd = int(copy["round"])
        ids = [ln.id for ln in ctx.lines]
        key = ui.table_key(f"grid_{ctx.assessment.id}_{rnd}", ids)
        labels = {f: set(_labels(ctx, f).values()) for f in SCORE_COLUMNS}
        cells = {(int(lid), f): c for lid, f, c in copy["base"]}
        shown = {(int(lid), f): v for lid, f, v in copy["shown"]}
    except (ValueError, TypeError, KeyError):
        return None
    wanted = {(lid, f) for lid in ids for f in SCORE_COLUMNS}
    if copy["key"] != key or set(cells) != wanted or set(shown) != wanted:
        return None
    if any(c is not None and c not in labels[f] for (_, f), c in cells.items()):
        return None
    if any(v is not None and not isinstance(v, int) for v in shown.values()):
        return None
    grid.update(round=rnd, base={"key": key, "cells": cells}, shown=shown, done={})
    return key


def scoring_grid(ctx: AssessCtx) -> None:
    if not start_editor(ctx):
        return
    lines = ctx.lines
    grid = st.session_state.setdefault(GRID_STATE, _new_state())
    key = _prepare(ctx, grid)
    st.html(HIDE_SHOWN_CSS)
    if ctx.first_run:  # the browser's copy, if it sent one, wins over the default
        raw = st.text_input("grid", value=_copy(grid), key=SHOWN, label_visibility="collapsed")
        key = _adopt(ctx, grid, raw) or key
    else:
        st.session_state[SHOWN] = _copy(grid)
        st.text_input("grid", key=SHOWN, label_visibility="collapsed")
    with st.expander(ui.tr("grid.scales"), icon=":material/help:"):
        c1, c2 = st.columns(2)
        c1.markdown(f"**{ui.tr('chart.likelihood')}**  \n" + _help(ctx, "likelihood").replace("\n", "  \n"))
        c2.markdown(f"**{ui.tr('chart.consequence')}**  \n" + _help(ctx, "cons_c").replace("\n", "  \n"))
    ids = [ln.id for ln in lines]
    base = grid["base"]["cells"]
    frame = pd.DataFrame(
        {
            "code": [ln.threat_code for ln in lines],
            "threat": [line_title(ln, ctx.lang) for ln in lines],
            **{f: [base[(ln.id, f)] for ln in lines] for f in SCORE_COLUMNS},
            "level": [level_text(ctx, ln.likelihood, ln.consequence) for ln in lines],
        }
    )
    dims = {"cons_c": "c", "cons_i": "i", "cons_a": "a"}
    st.data_editor(
        frame,
        key=key,
        hide_index=True,
        width="stretch",
        height=min(38 + 35 * len(lines), 760),
        disabled=not ctx.writable,
        on_change=ui.callback(save_cells),
        args=(ctx, key, ids),
        # Widths in pixels so that every column, the level last, is in view at 1280 px with the menu open
        # (820 px of table); a long label is cut with "…" and shown whole in the cell's editor.
        column_config={
            "code": st.column_config.TextColumn(ui.tr("assess.col.code"), disabled=True, width=64, pinned=True),
            "threat": st.column_config.TextColumn(ui.tr("assess.col.threat"), disabled=True, width=180),
            "likelihood": st.column_config.SelectboxColumn(
                ui.tr("chart.likelihood"), options=list(_labels(ctx, "likelihood").values()),
                help=_help(ctx, "likelihood"), width=150),
            **{
                f: st.column_config.SelectboxColumn(
                    ui.vl("dimension", d), options=list(_labels(ctx, f).values()),
                    help=cons_label(ctx, d) + "\n" + _help(ctx, f), width=112)
                for f, d in dims.items()
            },
            "level": st.column_config.TextColumn(ui.tr("assess.col.level"), disabled=True, width=84),
        },
        placeholder=ui.tr("grid.unscored"),
    )
    # Edits on screen that no on_change saved: a tab reconnected to a restarted server (its first run calls
    # none), or a callback Streamlit skipped when runs interrupted each other. Saved as on_change would have.
    if ctx.writable and save_cells(ctx, key, ids):
        st.rerun()
    err = st.session_state.pop("line_error", None)
    if err:
        st.error(ui.md(err[1]), icon=":material/warning:")
    by_id = {ln.id: ln for ln in lines}
    for line_id in {lid for lid, _ in st.session_state.get(fields.CONFLICTS, {})}:
        if line_id in by_id:
            st.markdown(f"**{ui.md(by_id[line_id].threat_code)} · {ui.md(line_title(by_id[line_id], ctx.lang))}**")
            fields.conflicts(ctx, by_id[line_id], {f: cons_label(ctx, d) for f, d in dims.items()}
                             | {"likelihood": ui.tr("chart.likelihood")})
