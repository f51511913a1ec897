"""Heatmap: every risk line of every current assessment, per matrix cell. Click a cell to list its lines."""

from __future__ import annotations

import streamlit as st

from pages import ui
from riskmodel.charts import legend_frame, matrix_figure, selected_cell
from riskmodel.model import CLASSIFICATIONS
from riskmodel.services import PortfolioFilter

wb = ui.workbench()
user = ui.actor()
lang = ui.lang()
preset = wb.settings.preset()

st.title(ui.tr("heatmap.title"))
st.caption(ui.tr("heatmap.intro", preset=preset.name(lang)))

f0, f1, f2, f3 = st.columns([3, 3, 2, 2])
view = (
    f0.segmented_control(
        ui.tr("heatmap.view"),
        ["inherent", "residual"],
        default="inherent",
        key="hm_view",
        format_func=lambda v: ui.tr(f"chart.{v}"),
    )
    or "inherent"
)
deps = f1.multiselect(ui.tr("systems.f.department"), wb.systems.departments(), key="hm_deps", placeholder=ui.tr("ui.choose"))
classes = f2.multiselect(
    ui.tr("systems.f.classification"),
    CLASSIFICATIONS,
    key="hm_classes",
    placeholder=ui.tr("ui.choose"),
    format_func=lambda v: ui.vl("classification", v),
)
levels = f3.multiselect(
    ui.tr("chart.legend.level"),
    [lv.key for lv in preset.levels],
    key="hm_levels",
    placeholder=ui.tr("ui.choose"),
    format_func=lambda k: preset.level_by_key(k).label(lang),
)
flt = PortfolioFilter(departments=tuple(deps), classifications=tuple(classes), levels=tuple(levels), residual=view == "residual")
counts = wb.portfolio.heatmap(user, flt)
total = sum(counts.values())

left, right = st.columns([3, 2])
with left:
    event = st.plotly_chart(
        matrix_figure(preset, counts, lang, f"{ui.tr(f'chart.{view}')} · {ui.tr('heatmap.total', n=total)}", height=520),
        key="portfolio_heatmap",
        on_select="rerun",
        selection_mode="points",
        config={"displayModeBar": False},
    )
with right:
    st.markdown(f"**{ui.tr('heatmap.legend')}**")
    ui.legend_table(legend_frame(preset, lang))
    st.caption(ui.tr("heatmap.click_hint"))

cell = selected_cell(event)
if cell is None:
    st.stop()
lik, con = cell
lvl = preset.level(lik, con)
st.subheader(
    ui.tr(
        "heatmap.cell_head",
        lik=f"{lik} {preset.likelihood[lik - 1].label(lang)}",
        con=f"{con} {preset.consequence[con - 1].label(lang)}",
        level=lvl.label(lang),
        n=counts.get(cell, 0),
    )
)
n_cell = counts.get(cell, 0)
if not n_cell:
    st.info(ui.tr("heatmap.cell_empty"))
    st.stop()
page = ui.pager(n_cell, f"cell_page_{lik}_{con}")
rows, _ = wb.portfolio.cell_lines(user, flt, lik, con, page=page, page_size=ui.PAGE_SIZE)
rows["link"] = rows["system_id"].map(lambda i: f"/vurdering?system={i}")
rows["treatment"] = rows["treatment"].map(lambda v: ui.vl("treatment", v) if isinstance(v, str) else "")
picked = st.dataframe(
    rows[
        [
            "system_name",
            "department",
            "threat_title",
            "likelihood",
            "consequence",
            "res_likelihood",
            "res_consequence",
            "treatment",
            "risk_owner",
            "link",
        ]
    ],
    hide_index=True,
    width="stretch",
    on_select="rerun",
    selection_mode="single-row",
    key=ui.table_key(f"cell_{lik}_{con}", rows["line_id"]),
    column_config={
        "system_name": ui.tr("assess.system"),
        "department": ui.tr("systems.f.department"),
        "threat_title": ui.tr("assess.col.threat"),
        "likelihood": ui.tr("chart.likelihood"),
        "consequence": ui.tr("chart.consequence"),
        "res_likelihood": ui.tr("assess.f.residual_likelihood"),
        "res_consequence": ui.tr("assess.f.residual_consequence"),
        "treatment": ui.tr("assess.col.treatment"),
        "risk_owner": ui.tr("assess.f.risk_owner"),
        "link": st.column_config.LinkColumn(ui.tr("systems.col.open"), display_text=ui.tr("systems.open_assessment")),
    },
)
# The link column opens a new tab (a new session: with sign-in, a new login); picking a row
# opens the assessment in this session instead.
if picked and picked.selection.rows:
    row = rows.iloc[picked.selection.rows[0]]
    st.page_link(
        "pages/assessment.py",
        label=ui.tr("heatmap.open_picked", system=row["system_name"]),
        icon=":material/edit_note:",
        query_params={"system": str(int(row["system_id"]))},
    )
else:
    st.caption(ui.tr("heatmap.pick_hint"))
