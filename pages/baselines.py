"""Baselines og udvikling: the coordinator freezes the state of a year (immutable); any two states
(two baselines, or a baseline and today) compare per system and per risk line, a movement view shows
how lines moved between the matrix's cells, and the trend of level counts is drawn over all baselines."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from pages import ui
from pages.ui.draft_keeper import draft_kept, new_store
from riskmodel.domain import baseline, dpia
from riskmodel.domain.baseline import STATUSES
from riskmodel.domain.dates import fmt_date
from riskmodel.locale.threats import threat_title
from riskmodel.reports.charts import movement_figure, top_moves, trend_figure, trend_with_today
from riskmodel.services import PortfolioFilter

wb = ui.workbench()
user = ui.actor()
lang = ui.lang()
today = ui.today()
preset = wb.settings.preset()
PRESETS = {"org": preset, "ds": dpia.ds_preset()}
TODAY = 0  # the option that stands for today (the live state); baseline ids start at 1
MOVES_SHOWN = 5

st.title(ui.tr("nav.baselines"))
st.caption(ui.tr("baselines.intro"))
ui.show_flash()

baselines = wb.baselines.list(user)

# -- the frozen baselines, and freezing this year's -----------------------------------------------
st.subheader(ui.tr("baselines.list_head"))
if baselines.empty:
    st.info(ui.tr("baselines.none"), icon=":material/info:")
else:
    st.dataframe(
        pd.DataFrame(
            {
                "year": baselines["year"].astype(int).astype(str),
                "frozen_on": baselines["frozen_at"].map(fmt_date),
                "frozen_by": baselines["frozen_by"].map(ui.person),
                "lines": baselines["lines"].astype(int),
                "systems": baselines["systems"].astype(int),
                "note": baselines["note"].fillna(""),
            }
        ),
        hide_index=True,
        width="stretch",
        column_config={c: ui.tr(f"baselines.col.{c}") for c in ("year", "frozen_on", "frozen_by", "lines", "systems",
                                                                  "note")},
                                                                  placeholder="",
    )

if ui.can("baseline.freeze"):
    with st.expander(ui.tr("baselines.freeze_head"), icon=":material/ac_unit:", expanded=baselines.empty):
        st.caption(ui.tr("baselines.freeze_intro"))
        with st.form("bl_freeze", clear_on_submit=False):
            frozen_years = set() if baselines.empty else {int(y) for y in baselines["year"]}
            default_year = next((y for y in range(today.year, 1999, -1) if y not in frozen_years), today.year)
            year = st.number_input(ui.tr("baselines.f.year"), min_value=2000, max_value=today.year, value=default_year,
                                   step=1, key="bl_year")
            with draft_kept("blnote", new_store(len(baselines))):  # a frozen baseline forgets the draft
                note = st.text_area(ui.tr("baselines.f.note"), key="bl_note", max_chars=2000)
            confirmed = st.checkbox(ui.tr("baselines.f.confirm"), key="bl_confirm")
            submitted = st.form_submit_button(ui.tr("baselines.f.submit"), type="primary", icon=":material/ac_unit:")
        if submitted:
            if not confirmed:
                st.warning(ui.tr("baselines.confirm_needed"), icon=":material/warning:")
            elif ui.attempt(lambda: wb.baselines.freeze(user, int(year), note, today=today)):
                ui.flash(ui.tr("baselines.frozen", year=int(year)))
                st.rerun()
else:
    st.caption(ui.tr("baselines.only_coordinator"))

view = (
    st.segmented_control(
        ui.tr("baselines.view"),
        ["residual", "inherent"],
        default="residual",
        key="bl_view",
        format_func=lambda v: ui.tr(f"chart.{v}"),
    )
    or "residual"
)
residual = view == "residual"

# -- the trend of level counts over every baseline and today --------------------------------------
st.subheader(ui.tr("baselines.trend_head"))
# Today's row from the (cached) portfolio heatmap: the comparison below reads today's lines once more.
trend = trend_with_today(wb.baselines.trend(user, residual=residual, include_today=False), preset,
                         wb.portfolio.heatmap(user, PortfolioFilter(residual=residual)))
st.plotly_chart(
    trend_figure(preset, trend, lang, ui.tr(f"chart.{view}"), today_label=ui.tr("baselines.today"), height=380),
    key="bl_trend",
    config={"displayModeBar": False},
)
st.caption(ui.tr("baselines.trend_caption"))

# -- comparing two states -------------------------------------------------------------------------
st.subheader(ui.tr("baselines.compare_head"))
if baselines.empty:
    st.info(ui.tr("baselines.need_one"), icon=":material/info:")
    st.stop()
st.caption(ui.tr("baselines.compare_intro"))

years = {int(r.id): str(int(r.year)) for r in baselines.itertuples()}
options = [*years, TODAY]


def state_label(option: int) -> str:
    return ui.tr("baselines.today") if option == TODAY else years[option]


c = ui.wrapping_columns("bl_compare", 120, 120, 280, 200)
before = c[0].selectbox(ui.tr("baselines.from"), options, index=len(years) - 1, format_func=state_label,
                        key="bl_from")
after = c[1].selectbox(ui.tr("baselines.to"), options, index=len(years), format_func=state_label, key="bl_to")
lens = (
    c[2].segmented_control(
        ui.tr("lens.choose"), ["org", "ds"], default="org", key="bl_lens", format_func=lambda v: ui.tr(f"lens.{v}")
    )
    or "org"
)
lens_preset = PRESETS[lens]
changes = ui.attempt(
    lambda: wb.baselines.compare(user, None if before == TODAY else before, None if after == TODAY else after,
                                 residual=residual)
)
if changes is None:
    st.stop()
departments = sorted({ch.line.department for ch in changes})  # of both lenses: a lens switch keeps the choice
changes = [ch for ch in changes if ch.line.lens == lens]
deps = c[3].multiselect(ui.tr("baselines.col.department"), departments, key="bl_deps",
                        placeholder=ui.tr("ui.choose"), select_all=False)
if deps:
    changes = [ch for ch in changes if ch.line.department in deps]

counts = baseline.status_counts(changes)
statuses = ui.row()
for status in STATUSES:
    statuses.metric(ui.tr(f"baselines.status.{status}"), counts[status], help=ui.tr(f"baselines.status_help.{status}"),
               border=True)
if not changes:
    st.info(ui.tr("baselines.nothing"), icon=":material/info:")
    st.stop()


def level_label(index) -> str:
    return ui.tr("baselines.not_scored") if index is None else lens_preset.levels[int(index)].label(lang)


def cell_text(cell) -> str:
    return "" if cell is None else f"({cell[0]},{cell[1]})"


def paint_levels(frame: pd.DataFrame, levels: dict[str, list]) -> pd.DataFrame:
    """The level columns in their level's colour (as in the matrices)."""
    css = pd.DataFrame("", index=frame.index, columns=frame.columns)
    for col, values in levels.items():
        for i, index in enumerate(values):
            if index is not None:
                lv = lens_preset.levels[int(index)]
                css.iloc[i, frame.columns.get_loc(col)] = f"background-color: {lv.color}; color: {lv.text_color}"
    return css


# -- the movement between the matrix's cells --------------------------------------------------------
st.markdown(f"**{ui.tr('baselines.movement_head')}**")
moves = baseline.movement(changes, residual)
st.plotly_chart(
    movement_figure(lens_preset, moves, lang, f"{state_label(before)} → {state_label(after)} · {ui.tr(f'chart.{view}')}"),
    key="bl_movement",
    config={"displayModeBar": False},
)
st.caption(ui.tr("baselines.movement_caption"))
biggest = top_moves(moves, limit=len(moves))
for (blik, bcon), (alik, acon), n in biggest[:MOVES_SHOWN]:
    st.markdown(
        "- "
        + ui.tr(
            "baselines.move" if n != 1 else "baselines.move_one",
            n=n, blik=blik, bcon=bcon, alik=alik, acon=acon,
            before=lens_preset.level(blik, bcon).label(lang), after=lens_preset.level(alik, acon).label(lang),
        )
    )
if len(biggest) > MOVES_SHOWN:
    st.caption(ui.tr("baselines.moves_more", n=len(biggest) - MOVES_SHOWN))
if not biggest:
    st.caption(ui.tr("baselines.no_moves"))
stayed = sum(n for (b, a), n in moves.items() if b == a)
st.caption(ui.tr("baselines.stayed", n=stayed, total=sum(moves.values())))

# -- per system (or processing activity), and one's risk lines ---------------------------------------
st.markdown(f"**{ui.tr('baselines.entities_head' if lens == 'org' else 'baselines.entities_head_ds')}**")
entities = baseline.by_entity(changes, residual)
table = pd.DataFrame(
    {
        "name": [e.entity_name for e in entities],
        "department": [e.department for e in entities],
        "worst_before": [level_label(e.worst_before) for e in entities],
        "worst_after": [level_label(e.worst_after) for e in entities],
        **{s: [e.counts[s] for e in entities] for s in STATUSES},
        "status": [ui.tr(f"baselines.line_status.{e.status}") for e in entities],
    }
)
picked = st.dataframe(
    table.style.apply(
        paint_levels, axis=None,
        levels={"worst_before": [e.worst_before for e in entities], "worst_after": [e.worst_after for e in entities]},
    ),
    hide_index=True,
    width="stretch",
    on_select="rerun",
    selection_mode="single-row",
    key=ui.table_key(f"bl_entities_{lens}", [e.entity_id for e in entities]),
    column_config={
        "name": ui.tr("baselines.col.system" if lens == "org" else "baselines.col.activity"),
        "department": ui.tr("baselines.col.department"),
        "worst_before": ui.tr("baselines.col.worst_before"),
        "worst_after": ui.tr("baselines.col.worst_after"),
        **{s: ui.tr(f"baselines.status.{s}") for s in STATUSES},
        "status": ui.tr("baselines.col.status"),
    },
    placeholder="",
)
if not (picked and picked.selection.rows):
    st.caption(ui.tr("baselines.pick_hint"))
    st.stop()

entity = entities[picked.selection.rows[0]]
mine = [ch for ch in changes if ch.line.entity_id == entity.entity_id]
st.markdown(f"**{ui.tr('baselines.lines_head', name=entity.entity_name)}**")
before_levels = [None if ch.before is None else ch.before.level_of(residual) for ch in mine]
after_levels = [None if ch.after is None else ch.after.level_of(residual) for ch in mine]
lines = pd.DataFrame(
    {
        "threat": [f"{ch.line.threat_code} {threat_title(ch.line.threat_code, ch.line.threat_title, lang)}" for ch in mine],
        "cell_before": [cell_text(ch.before.cell(residual)) if ch.before else "" for ch in mine],
        "level_before": [level_label(v) for v in before_levels],
        "cell_after": [cell_text(ch.after.cell(residual)) if ch.after else "" for ch in mine],
        "level_after": [level_label(v) for v in after_levels],
        "status": [ui.tr(f"baselines.line_status.{ch.status}") for ch in mine],
    }
)
st.dataframe(
    lines.style.apply(paint_levels, axis=None, levels={"level_before": before_levels, "level_after": after_levels}),
    hide_index=True,
    width="stretch",
    column_config={c: ui.tr(f"baselines.col.{c}") for c in lines.columns},
    placeholder="",
)
st.caption(ui.tr("baselines.cell_hint"))
