"""Oversigt: key figures, the portfolio at a glance, and demo data on an empty database."""

from __future__ import annotations

import streamlit as st

from pages import ui
from riskmodel.demo import build_demo
from riskmodel.services import PortfolioFilter

wb = ui.workbench()
user = ui.actor()
lang = ui.lang()

st.title(ui.tr("overview.title", municipality=wb.settings.municipality()))
st.caption(ui.tr("overview.intro"))
ui.show_flash()

if wb.is_empty():
    st.info(ui.tr("overview.empty"), icon=":material/info:")
    col1, col2 = st.columns([1, 3])
    n = col1.number_input(ui.tr("overview.demo_systems"), min_value=5, max_value=1500, value=40, step=5)
    if col2.button(ui.tr("overview.load_demo"), type="primary", disabled=not ui.can("demo.load")):
        bar = st.progress(0.0, text=ui.tr("overview.demo_running"))
        result = ui.attempt(
            lambda: build_demo(wb, user, systems=int(n), seed=1, progress=lambda f, msg: bar.progress(min(1.0, f), text=msg))
        )
        if result:
            ui.flash(ui.tr("overview.demo_done", systems=result.systems, lines=result.lines))
            st.rerun()
    st.page_link("pages/systems.py", label=ui.tr("overview.or_add_system"), icon=":material/add:")
    st.stop()

s = wb.portfolio.summary(user)
c = st.columns(4)
c[0].metric(ui.tr("overview.m.systems"), s["systems"], help=ui.tr("overview.m.systems_help", retired=s["retired"]))
c[1].metric(ui.tr("overview.m.assessed"), f"{s['assessed']} / {s['systems']}")
c[2].metric(ui.tr("overview.m.lines"), s["lines"], help=ui.tr("overview.m.lines_help", scored=s["scored"]))
c[3].metric(
    ui.tr("overview.m.action"),
    s["action_residual"],
    delta=s["action_residual"] - s["action_inherent"],
    delta_color="inverse",
    help=ui.tr("overview.m.action_help", inherent=s["action_inherent"]),
)

preset = wb.settings.preset()
ui.matrix_pair(
    preset,
    wb.portfolio.heatmap(user, PortfolioFilter(residual=False)),
    wb.portfolio.heatmap(user, PortfolioFilter(residual=True)),
    "ov",
    height=360,
)

st.subheader(ui.tr("overview.next"))
st.page_link("pages/systems.py", label=ui.tr("overview.go_systems"), icon=":material/inventory_2:")
st.page_link("pages/assessment.py", label=ui.tr("overview.go_assessment"), icon=":material/edit_note:")
st.page_link("pages/heatmap.py", label=ui.tr("overview.go_heatmap"), icon=":material/grid_on:")
if ui.can("export"):
    st.page_link("pages/export.py", label=ui.tr("overview.go_export"), icon=":material/download:")
