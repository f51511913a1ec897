"""Oversigt: key figures, the portfolio at a glance, and demo data on an empty database."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from pages import ui
from riskmodel.demo import build_demo
from riskmodel.services import PortfolioFilter

wb = ui.workbench()
user = ui.actor()
lang = ui.lang()
MISSING_SHOWN = 5  # activities named in the DPIA flag; the rest are counted

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
activities = wb.activities.list(user)
missing = activities[activities["dpia_missing"]] if not activities.empty else activities
if not missing.empty:
    # The flag first: processing activities whose screening requires a DPIA and that have none recorded.
    with st.container(border=True):
        st.warning(
            ui.tr("ovds.flag", n=len(missing)) if len(missing) != 1 else ui.tr("ovds.flag_one"),
            icon=":material/flag:",
        )
        for _, row in missing.head(MISSING_SHOWN).iterrows():
            st.page_link(
                "pages/activities.py",
                label=ui.tr("ovds.item", name=row["name"], department=row["department"]),
                icon=":material/policy:",
                query_params={"aktivitet": str(int(row["id"]))},
            )
        if len(missing) > MISSING_SHOWN:
            st.caption(ui.tr("ovds.more", n=len(missing) - MISSING_SHOWN))

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

st.subheader(ui.tr("ovds.head"))
# The data-subject figures as one small table (the key metrics above stay the organisation's four).
required = int((activities["conclusion"] == "dpia_required").sum()) if not activities.empty else 0
follow_up = int(activities["follow_up"].sum()) if not activities.empty else 0
st.table(
    pd.DataFrame(
        {
            ui.tr("ovds.m.activities"): [len(activities)],
            ui.tr("ovds.m.required"): [required],
            ui.tr("ovds.m.missing"): [len(missing)],
            ui.tr("ovds.m.follow_up"): [follow_up],
        }
    ),
    hide_index=True,
)
st.caption(ui.tr("ovds.caption"))

st.subheader(ui.tr("overview.next"))
st.page_link("pages/systems.py", label=ui.tr("overview.go_systems"), icon=":material/inventory_2:")
st.page_link("pages/assessment.py", label=ui.tr("overview.go_assessment"), icon=":material/edit_note:")
st.page_link("pages/activities.py", label=ui.tr("ovds.go"), icon=":material/policy:")
st.page_link("pages/heatmap.py", label=ui.tr("overview.go_heatmap"), icon=":material/grid_on:")
if ui.can("export"):
    st.page_link("pages/export.py", label=ui.tr("overview.go_export"), icon=":material/download:")
