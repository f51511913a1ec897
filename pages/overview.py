"""Oversigt: key figures, the portfolio at a glance, and demo data on an empty database."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from pages import ui
from riskmodel.reports.charts import (
    due_buckets,
    due_figure,
    level_bar_figure,
    level_counts_of_cells,
    trend_figure,
    trend_with_today,
)
from riskmodel.services import PortfolioFilter
from riskmodel.services.demo import build_demo

wb = ui.workbench()
user = ui.actor()
lang = ui.lang()
MISSING_SHOWN = 5  # activities named in the DPIA flag; the rest are counted
# The annual review's figures shown here (the missing DPIAs have their flag and table above), three a row.
CHECKS_SHOWN = ("approved_recent", "measures_overdue", "dispensations", "changes_pending", "high_open", "activities_ds")
DUE_MONTHS = 3  # this month and the next two
CHART = {"displayModeBar": False}
CHART_WIDTH = 300  # three a row on a wide screen, one under the other in a narrow main column

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

with ui.row():
    st.metric(ui.tr("overview.m.systems"), s["systems"], help=ui.tr("overview.m.systems_help", retired=s["retired"]))
    st.metric(ui.tr("overview.m.assessed"), f"{s['assessed']} / {s['systems']}")
    st.metric(ui.tr("overview.m.lines"), s["lines"], help=ui.tr("overview.m.lines_help", scored=s["scored"]))
    st.metric(
        ui.tr("overview.m.action"),
        s["action_residual"],
        delta=s["action_residual"] - s["action_inherent"],
        delta_color="inverse",
        help=ui.tr("overview.m.action_help", inherent=s["action_inherent"]),
    )

preset = wb.settings.preset()
residual_counts = wb.portfolio.heatmap(user, PortfolioFilter(residual=True))
ui.matrix_pair(preset, wb.portfolio.heatmap(user, PortfolioFilter(residual=False)), residual_counts, "ov", height=360)

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

# -- the annual review at a glance: the checklist's figures and three small charts, each leading to its page --
today = ui.today()
st.subheader(ui.tr("overview.review.head"))
st.caption(ui.tr("overview.review.intro"))
checks = {item.key: item for item in wb.review.checklist(user, today)}
for n, keys in enumerate((CHECKS_SHOWN[:3], CHECKS_SHOWN[3:])):
    cards = ui.growing_row(f"ov_checks_{n}")
    for key in keys:
        item = checks[key]
        with cards.container(border=True, width="content"):
            st.metric(
                ui.tr(f"overview.check.{key}"),
                f"{item.value} / {item.total}" if item.total is not None else item.value,
                help=ui.tr(f"overview.check.{key}_help"),
                icon=":material/check_circle:" if item.ok else ":material/error:",
            )
            st.page_link(f"pages/{item.page}.py", label=ui.tr(f"nav.{item.page}"), icon=":material/arrow_forward:")


def month_name(d, short: bool = False) -> str:
    """'november 2026'; short: 'november' in this year, the year only added for another year."""
    month = ui.tr(f"overview.month.{d.month}")
    return month if short and d.year == today.year else ui.tr("overview.month_year", month=month, year=d.year)


charts = ui.growing_row("ov_charts", gap="medium")
levels_col, trend_col, due_col = (charts.container(width=CHART_WIDTH) for _ in range(3))
with levels_col:
    st.markdown(f"**{ui.tr('overview.levels_head')}**")
    st.plotly_chart(level_bar_figure(preset, level_counts_of_cells(preset, residual_counts), lang, height=240),
                    key="ov_levels", config=CHART)
    st.page_link("pages/heatmap.py", label=ui.tr("overview.levels_go"), icon=":material/grid_on:")
with trend_col:
    st.markdown(f"**{ui.tr('overview.trend_head')}**")
    trend = trend_with_today(wb.baselines.trend(user, include_today=False), preset, residual_counts)
    st.plotly_chart(trend_figure(preset, trend, lang, today_label=ui.tr("baselines.today"), height=240, compact=True),
                    key="ov_trend", config=CHART)
    st.page_link("pages/baselines.py", label=ui.tr("overview.trend_go"), icon=":material/timeline:")
with due_col:
    st.markdown(f"**{ui.tr('overview.due_head')}**")
    systems = wb.review.systems(user, today)
    plan = wb.treatment.plan(user, today)
    buckets = due_buckets(
        today,
        zip(systems["next_review"], systems["status"].isin(("overdue", "changed")), strict=True),
        zip(plan["deadline"], plan["overdue"], plan["status"] == "gennemfoert", strict=True),
        months=DUE_MONTHS,
    )
    st.plotly_chart(
        due_figure(
            [ui.tr("overview.due_now"), *(month_name(start, short=True) for start, _, _ in buckets[1:])],
            [r for _, r, _ in buckets],
            [m for _, _, m in buckets],
            (ui.tr("overview.due_reviews"), ui.tr("overview.due_measures")),
            height=240,
        ),
        key="ov_due",
        config=CHART,
    )
    (_, late_reviews, late_measures), (start, reviews, measures) = buckets[0], buckets[1]
    st.caption(ui.tr("overview.due_caption", month=month_name(start), reviews=reviews, measures=measures,
                     late_reviews=late_reviews, late_measures=late_measures))
    never = int((systems["status"] == "never").sum())
    if never:
        st.caption(ui.tr("overview.due_never", n=never))
    st.page_link("pages/review.py", label=ui.tr("overview.due_go_review"), icon=":material/fact_check:")
    st.page_link("pages/treatment.py", label=ui.tr("overview.due_go_treatment"), icon=":material/checklist:")

st.subheader(ui.tr("overview.next"))
st.page_link("pages/systems.py", label=ui.tr("overview.go_systems"), icon=":material/inventory_2:")
st.page_link("pages/assessment.py", label=ui.tr("overview.go_assessment"), icon=":material/edit_note:")
st.page_link("pages/activities.py", label=ui.tr("ovds.go"), icon=":material/policy:")
st.page_link("pages/heatmap.py", label=ui.tr("overview.go_heatmap"), icon=":material/grid_on:")
if ui.can("export"):
    st.page_link("pages/export.py", label=ui.tr("overview.go_export"), icon=":material/download:")
