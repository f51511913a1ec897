"""Heatmap through two lenses: the organisation's risks (every risk line of every current system
assessment, click a cell to list its lines), the data subjects' (every line of every current
processing activity assessment), or both side by side with the worse of the two per system."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from pages import ui
from riskmodel.domain import dpia
from riskmodel.domain.model import CLASSIFICATIONS
from riskmodel.locale.threats import threat_titles
from riskmodel.reports.charts import legend_frame, matrix_figure, selected_cell
from riskmodel.services import PortfolioFilter

wb = ui.workbench()
user = ui.actor()
lang = ui.lang()
preset = wb.settings.preset()
ds_preset = dpia.ds_preset()

st.title(ui.tr("heatmap.title"))
ui.redraw_on_writes()  # a save anywhere redraws the matrices, filters and selection kept
lens = (
    st.segmented_control(
        ui.tr("lens.choose"),
        ["org", "ds", "both"],
        default="org",
        key="hm_lens",
        format_func=lambda v: ui.tr(f"lens.{v}"),
    )
    or "org"
)
if lens == "org":
    intro = ui.tr("heatmap.intro", preset=preset.name(lang))
elif lens == "ds":
    intro = ui.tr("lens.ds_intro", preset=ds_preset.name(lang))
else:
    intro = ui.tr("lens.both_intro", preset=preset.name(lang), ds=ds_preset.name(lang))
st.caption(f"{intro} {ui.tr('heatmap.live')}")

# One row that wraps on a narrow screen (a split laptop screen), where four columns would cut the view's buttons.
f0 = f1 = f2 = f3 = st.container(horizontal=True, gap="medium")
view = (
    f0.segmented_control(
        ui.tr("heatmap.view"),
        ["inherent", "residual"],
        default="inherent",
        key="hm_view",
        format_func=lambda v: ui.tr(f"chart.{v}"),
        width="content",
    )
    or "inherent"
)
# The activities' departments too: an activity may sit in a department without systems.
departments = sorted(set(wb.systems.departments(user)) | set(wb.activities.list(user)["department"]))
deps = f1.multiselect(ui.tr("systems.f.department"), departments, key="hm_deps", placeholder=ui.tr("ui.choose"),
                      width=240, select_all=False)
# Classification and level are the organisation's: shown, but not used, on the data subjects' lens.
classes = f2.multiselect(
    ui.tr("systems.f.classification"),
    CLASSIFICATIONS,
    key="hm_classes",
    placeholder=ui.tr("ui.choose"),
    format_func=lambda v: ui.vl("classification", v),
    disabled=lens == "ds",
    help=ui.tr("lens.ds_hint") if lens != "org" else None,
    width=190,
    select_all=False,
)
levels = f3.multiselect(
    ui.tr("chart.legend.level"),
    [lv.key for lv in preset.levels],
    key="hm_levels",
    placeholder=ui.tr("ui.choose"),
    format_func=lambda k: preset.level_by_key(k).label(lang),
    disabled=lens == "ds",
    help=ui.tr("lens.ds_hint") if lens != "org" else None,
    width=190,
    select_all=False,
)
flt = PortfolioFilter(departments=tuple(deps), classifications=tuple(classes), levels=tuple(levels), residual=view == "residual")


def line_address(row) -> dict[str, str]:
    """The address of a risk line on step 3 of its assessment (``?system=…&trin=3&linje=…``)."""
    return {"system": str(int(row["system_id"])), "trin": "3", "linje": str(int(row["line_id"]))}


def open_picked(picked, rows: pd.DataFrame, name_col: str, prefix: str) -> None:
    """A link to the picked row's assessment in this session (a table's link column opens a new tab,
    a new session: with sign-in, a new login), or the hint to pick one. A row of one risk line opens
    that line."""
    if picked and picked.selection.rows:
        row = rows.iloc[picked.selection.rows[0]]
        st.page_link(
            "pages/assessment.py",
            label=ui.tr(f"{prefix}.open_picked", system=row[name_col]),
            icon=":material/edit_note:",
            query_params=line_address(row) if "line_id" in rows else {"system": str(int(row["system_id"]))},
        )
    else:
        st.caption(ui.tr(f"{prefix}.pick_hint"))


def ds_figure(counts: dict, title: str, height: int):
    """The data-subject matrix with its counts; severity for the person along the x axis."""
    fig = matrix_figure(ds_preset, counts, lang, title, height=height)
    fig.update_layout(xaxis_title_text=ui.tr("lens.axis_severity"), yaxis_title_text=ui.tr("chart.likelihood"))
    return fig


# -- the data subjects' lens ---------------------------------------------------------------------
if lens == "ds":
    ds_counts = wb.portfolio.ds_heatmap(user, residual=view == "residual", departments=tuple(deps))
    left, right = ui.matrix_and_legend()
    with left:
        st.plotly_chart(
            ds_figure(ds_counts, f"{ui.tr(f'chart.{view}')} · {ui.tr('lens.ds_total', n=sum(ds_counts.values()))}", 520),
            key="ds_heatmap",
            config={"displayModeBar": False},
        )
    with right:
        st.markdown(f"**{ui.tr('heatmap.legend')}**")
        ui.legend_table(legend_frame(ds_preset, lang))
    st.stop()

# -- both lenses and the worse of the two per system ------------------------------------------------
LEVEL_COLUMNS = {"org_inherent": preset, "org_residual": preset, "ds_inherent": ds_preset, "ds_residual": ds_preset}


def worse_table() -> None:
    st.subheader(ui.tr("lens.worse_head"))
    st.caption(ui.tr("lens.worse_intro"))
    df = wb.portfolio.system_lenses(user)
    df["worse"] = df["worse"].map(lambda w: w if isinstance(w, str) else "none")
    worse = st.multiselect(
        ui.tr("lens.worse_filter"),
        ["org", "ds", "lige", "none"],
        key="hm_worse",
        placeholder=ui.tr("ui.choose"),
        format_func=lambda w: ui.tr(f"lens.worse.{w}"),
        select_all=False,
    )
    if deps:
        df = df[df["department"].isin(deps)]
    if classes:
        df = df[df["classification"].isin(classes)]
    if worse:
        df = df[df["worse"].isin(worse)]
    if df.empty:
        st.info(ui.tr("ui.none_found"))
        return

    def share(row) -> float:
        """How far up its matrix the system's worse residual level sits (0 = lowest, 1 = highest)."""
        parts = [row[c] / max(1, len(p.levels) - 1) for c, p in LEVEL_COLUMNS.items() if "residual" in c and pd.notna(row[c])]
        return max(parts, default=-1.0)

    df = df.assign(_share=df.apply(share, axis=1)).sort_values(["_share", "name"], ascending=[False, True])
    df = df.reset_index(drop=True)
    view_df = pd.DataFrame(
        {
            "name": df["name"],
            "department": df["department"],
            "classification": df["classification"].map(lambda v: ui.vl("classification", v)),
            **{
                col: df[col].map(lambda i, p=p: ui.tr("lens.not_scored") if pd.isna(i) else p.levels[int(i)].label(lang))
                for col, p in LEVEL_COLUMNS.items()
            },
            "worse": df["worse"].map(lambda w: ui.tr(f"lens.worse.{w}")),
            "link": df["system_id"].map(lambda i: f"/vurdering?system={i}"),
        }
    )

    def paint(frame: pd.DataFrame) -> pd.DataFrame:
        """Each level cell in its level's colour (as in the matrices and their legends)."""
        css = pd.DataFrame("", index=frame.index, columns=frame.columns)
        for col, p in LEVEL_COLUMNS.items():
            for i, level in df[col].items():
                if pd.notna(level):
                    lv = p.levels[int(level)]
                    css.at[i, col] = f"background-color: {lv.color}; color: {lv.text_color}"
        return css

    picked = st.dataframe(
        view_df.style.apply(paint, axis=None),
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="single-row",
        key=ui.table_key("lenses", df["system_id"]),
        column_order=["name", "worse", "link", *LEVEL_COLUMNS, "department", "classification"],
        column_config={
            "name": st.column_config.TextColumn(ui.tr("lens.col.system"), width=180, pinned=True),
            "department": ui.tr("systems.f.department"),
            "classification": ui.tr("systems.f.classification"),
            **{col: ui.tr(f"lens.col.{col}") for col in LEVEL_COLUMNS},
            "worse": ui.tr("lens.col.worse"),
            "link": st.column_config.LinkColumn(ui.tr("lens.open"), display_text=ui.tr("systems.open_short")),
        },
        placeholder="",
    )
    open_picked(picked, df, "name", "lens")


if lens == "both":
    org_counts = wb.portfolio.heatmap(user, flt)
    ds_counts = wb.portfolio.ds_heatmap(user, residual=view == "residual", departments=tuple(deps))
    left, right = ui.wrapping_row(480, 480)  # side by side at 1440 px, stacked on a narrow screen
    with left:
        st.plotly_chart(
            matrix_figure(
                preset,
                org_counts,
                lang,
                f"{ui.tr('lens.org_title')} · {ui.tr('heatmap.total', n=sum(org_counts.values()))}",
                height=460,
            ),
            key="both_org",
            config={"displayModeBar": False},
        )
    with right:
        st.plotly_chart(
            ds_figure(ds_counts, f"{ui.tr('lens.ds_title')} · {ui.tr('lens.ds_total', n=sum(ds_counts.values()))}", 460),
            key="both_ds",
            config={"displayModeBar": False},
        )
    worse_table()
    st.stop()

# -- the organisation's lens ---------------------------------------------------------------------
counts = wb.portfolio.heatmap(user, flt)
total = sum(counts.values())

left, right = ui.matrix_and_legend()
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
rows["link"] = [
    "/vurdering?" + "&".join(f"{k}={v}" for k, v in line_address(r).items()) for _, r in rows.iterrows()
]
rows["treatment"] = rows["treatment"].map(lambda v: ui.vl("treatment", v) if isinstance(v, str) else "")
rows["threat_title"] = threat_titles(rows["threat_code"], rows["threat_title"], lang)
# The system pinned; threat, risk owner and the link next: in view at 1280 px without scrolling sideways.
picked = st.dataframe(
    rows[
        [
            "system_name",
            "threat_title",
            "risk_owner",
            "link",
            "likelihood",
            "consequence",
            "res_likelihood",
            "res_consequence",
            "treatment",
            "department",
        ]
    ],
    hide_index=True,
    width="stretch",
    on_select="rerun",
    selection_mode="single-row",
    key=ui.table_key(f"cell_{lik}_{con}", rows["line_id"]),
    column_config={
        "system_name": st.column_config.TextColumn(ui.tr("assess.system"), width=170, pinned=True),
        "department": ui.tr("systems.f.department"),
        "threat_title": st.column_config.TextColumn(ui.tr("assess.col.threat"), width=220),
        "likelihood": ui.tr("chart.likelihood"),
        "consequence": ui.tr("chart.consequence"),
        "res_likelihood": ui.tr("assess.f.residual_likelihood"),
        "res_consequence": ui.tr("assess.f.residual_consequence"),
        "treatment": ui.tr("assess.col.treatment"),
        "risk_owner": ui.tr("assess.f.risk_owner"),
        "link": st.column_config.LinkColumn(ui.tr("systems.col.open"), display_text=ui.tr("systems.open_short")),
    },
    placeholder="",
)
open_picked(picked, rows, "system_name", "heatmap")
