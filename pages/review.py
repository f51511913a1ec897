"""Årsgennemgang: the policy's yearly review as a checklist with figures and drill-downs, and the systems due
for review.

Every point of the checklist comes from ``wb.review.checklist``: its figure, whether it is in order, and the
rows behind it. A drill-down is a selectable table; the picked row gets one link to where it is fixed (no
link per row: a list can hold hundreds).
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from pages import ui
from riskmodel.domain import review
from riskmodel.domain.dates import fmt_date
from riskmodel.domain.dpia import ds_preset
from riskmodel.i18n import t
from riskmodel.locale.threats import threat_label

wb = ui.workbench()
user = ui.actor()
lang = ui.lang()
today = ui.today()

st.title(ui.tr("nav.review"))
st.caption(ui.tr("review.intro"))
st.markdown(ui.tr("review.date", date=fmt_date(today)))
if ui.can("export"):
    with st.expander(ui.tr("export.pack_head"), icon=":material/download:"):
        ui.pack_builder(wb, user, key="review_pack")

DATE = "DD-MM-YYYY"
ASSESSMENT = "pages/assessment.py"
# The page that fixes each point as a whole, with its link text (a picked row links to its own place).
GO = {
    "approved_recent": ("pages/systems.py", "review.go.systems"),
    "activities_ds": ("pages/activities.py", "review.go.activities"),
    "dpia_missing": ("pages/activities.py", "review.go.activities"),
    "measures_overdue": ("pages/treatment.py", "review.go.treatment"),
    "dispensations": ("pages/dispensations.py", "review.go.dispensations"),
    "changes_pending": ("pages/systems.py", "review.go.systems"),
}
ICONS = {
    "approved_recent": ":material/verified:",
    "activities_ds": ":material/groups:",
    "dpia_missing": ":material/policy:",
    "high_open": ":material/report:",
    "measures_overdue": ":material/event_busy:",
    "dispensations": ":material/gpp_maybe:",
    "changes_pending": ":material/change_circle:",
}


def figure(value: int, total: int | None) -> str:
    """'28 af 40 (70 %)' for a share (rounded down: 100 % only when all are in order), else the count."""
    if total is None:
        return str(value)
    if not total:
        return t("review.share_none", lang)
    return t("review.share", lang, value=value, total=total, pct=100 * value // total)


def status_cell(status) -> str:
    return ui.vl("assessment_status", status) if isinstance(status, str) else t("review.not_started", lang)


def entity_link(row) -> tuple[str, str, dict]:
    """The assessment a risk line lives in: the system's, or the processing activity's (data-subject lens)."""
    if row["lens"] == "ds":
        return ASSESSMENT, ui.tr("review.open_activity_ds", name=row["entity_name"]), {"aktivitet": str(int(row["entity_id"]))}
    return ASSESSMENT, ui.tr("review.open_system", name=row["entity_name"]), {"system": str(int(row["entity_id"]))}


def level_label(lens: str, key: str) -> str:
    preset = wb.settings.preset() if lens == "org" else ds_preset()
    return preset.level_by_key(key).label(lang)


# Each point's drill-down: (the id column, the table as shown, its column headers, the picked row's link).
Drill = tuple[str, Callable[[pd.DataFrame], pd.DataFrame], dict, Callable | None]


def _systems_view(df: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "name": df["name"],
        "status": df["status"].map(lambda v: ui.vl("review_status", v)),
        "next_review": df["next_review"],
        "assessment": df["assessment_status"].map(status_cell),
        "approved_on": df["approved_on"],
        "department": df["department"],
        "owner": df["owner"],
        "classification": df["classification"].map(lambda v: ui.vl("classification", v)),
    })


def _activities_view(df: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "name": df["name"],
        "screening": df["conclusion"].map(lambda c: t(f"act.conclusion.{c}", lang)),
        "department": df["department"],
        "responsible": df["responsible"],
    })


def _high_view(df: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "entity": df["entity_name"],
        "res_level": [level_label(ln, k) for ln, k in zip(df["lens"], df["res_level"], strict=True)],
        "acceptance": df["acceptance_expired"].map(lambda e: t("review.acceptance_expired", lang) if e else ""),
        "threat": df["threat"].map(lambda s: threat_label(s, lang)),
        "lens": df["lens"].map(lambda v: t(f"review.lens.{v}", lang)),
        "department": df["department"],
    })


def _measures_view(df: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "entity": df["entity_name"],
        "measure": df["measure"],
        "status": df["status"].map(lambda v: ui.vl("measure_status", v)),
        "deadline": df["deadline"],
        "measure_owner": df["measure_owner"],
        "threat": df["threat"].map(lambda s: threat_label(s, lang)),
    })


def _dispensations_view(df: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "system": df["system_name"],
        "status": df["state"].map(lambda v: ui.vl("dispensation_status", v)),
        "expires_on": df["expires_on"],
        "days_left": df["days_left"],
        "requirement": df["requirement"],
    })


def _changes_view(df: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "system": df["system_name"],
        "department": df["department"],
        "kind": df["kind"].map(lambda v: ui.vl("change_kind", v)),
        "reason": df["reason"],
        "changed_on": df["changed_on"],
        "recorded_by": df["recorded_by"].map(ui.person),
    })


def _col(key: str) -> str:
    return ui.tr(f"review.col.{key}")


def _date_col(key: str):
    return st.column_config.DateColumn(_col(key), format=DATE)


SYSTEM_COLUMNS = {
    "name": _col("system"), "department": _col("department"), "owner": _col("owner"),
    "classification": _col("classification"), "assessment": _col("assessment"),
    "approved_on": _date_col("approved_on"), "next_review": _date_col("next_review"), "status": _col("status"),
}
ACTIVITY_COLUMNS = {"name": _col("activity"), "department": _col("department"), "responsible": _col("responsible"),
                    "screening": _col("screening")}

DRILLS: dict[str, Drill] = {
    "approved_recent": (
        "system_id", _systems_view, SYSTEM_COLUMNS,
        lambda r: (ASSESSMENT, ui.tr("review.open_system", name=r["name"]), {"system": str(int(r["system_id"]))}),
    ),
    "activities_ds": (
        "id", _activities_view, ACTIVITY_COLUMNS,
        lambda r: (ASSESSMENT, ui.tr("review.open_activity_ds", name=r["name"]), {"aktivitet": str(int(r["id"]))}),
    ),
    "dpia_missing": (
        "id", _activities_view, ACTIVITY_COLUMNS,
        lambda r: ("pages/activities.py", ui.tr("review.open_activity", name=r["name"]), {"aktivitet": str(int(r["id"]))}),
    ),
    "high_open": (
        "line_id", _high_view,
        {"entity": _col("entity"), "lens": _col("lens"), "department": _col("department"), "threat": _col("threat"),
         "res_level": _col("res_level"), "acceptance": _col("acceptance")},
        entity_link,
    ),
    "measures_overdue": (
        "line_id", _measures_view,
        {"entity": _col("entity"), "threat": _col("threat"), "measure": _col("measure"),
         "measure_owner": _col("measure_owner"), "deadline": _date_col("deadline"), "status": _col("status")},
        entity_link,
    ),
    "dispensations": (
        "id", _dispensations_view,
        {"system": _col("system"), "requirement": _col("requirement"), "expires_on": _date_col("expires_on"),
         "days_left": ui.days_left_column(_col("days_left")), "status": _col("status")},
        None,  # the dispensations page renews or ends them: one link below the table
    ),
    "changes_pending": (
        "id", _changes_view,
        {"system": _col("system"), "department": _col("department"), "kind": _col("kind"), "reason": _col("reason"),
         "changed_on": _date_col("changed_on"), "recorded_by": _col("recorded_by")},
        lambda r: (ASSESSMENT, ui.tr("review.open_system", name=r["system_name"]), {"system": str(int(r["system_id"]))}),
    ),
}


def picked_link(selection, rows: pd.DataFrame, link: Callable) -> None:
    """One link for the picked row, or the hint to pick one."""
    if selection and selection.selection.rows:
        page, label, params = link(rows.iloc[selection.selection.rows[0]])
        st.page_link(page, label=label, icon=":material/open_in_new:", query_params=params)
    else:
        st.caption(ui.tr("review.pick_hint"))


def drill_down(key: str, rows: pd.DataFrame) -> None:
    id_col, build, columns, link = DRILLS[key]
    page = ui.pager(len(rows), f"rv_page_{key}")
    part = rows.iloc[(page - 1) * ui.PAGE_SIZE : page * ui.PAGE_SIZE].reset_index(drop=True)
    view = build(part)
    if link is None:
        st.dataframe(view, hide_index=True, width="stretch", column_config=columns, key=f"rv_{key}", placeholder="")
    else:
        selection = st.dataframe(
            view, hide_index=True, width="stretch", column_config=columns, on_select="rerun",
            selection_mode="single-row", key=ui.table_key(f"rv_{key}", part[id_col]),
            placeholder="",
        )
        picked_link(selection, part, link)
    if key in GO:
        target, label = GO[key]
        st.page_link(target, label=ui.tr(label), icon=":material/arrow_forward:")


# -- the checklist --------------------------------------------------------------------------
items = wb.review.checklist(user, today)
in_order = sum(i.ok for i in items)
st.subheader(ui.tr("review.checklist"))
st.progress(in_order / len(items), text=ui.tr("review.progress", ok=in_order, total=len(items)))
if in_order == len(items):
    st.success(ui.tr("review.all_ok"), icon=":material/task_alt:")

for item in items:
    with st.container(border=True, key=f"rv_item_{item.key}"):
        left, right = ui.wrapping_columns(f"rv_row_{item.key}", 280, 220, vertical_alignment="center")
        mark = ":green[✓]" if item.ok else ":orange[⚠]"
        left.markdown(f"**{mark} {ui.tr(f'review.item.{item.key}')}**")
        left.caption(ui.tr(f"review.why.{item.key}"))
        right.metric(ui.tr(f"review.item.{item.key}"), figure(item.value, item.total), label_visibility="collapsed")
        if item.rows.empty:
            continue
        with st.expander(ui.tr("review.show", n=len(item.rows)), icon=ICONS[item.key]):
            drill_down(item.key, item.rows)

# -- systems due for review ---------------------------------------------------------------------
st.subheader(ui.tr("review.due.title"))
st.caption(ui.tr("review.due.intro", days=review.DUE_WINDOW_DAYS))
due = wb.review.due(user, today)
if due.empty:
    st.success(ui.tr("review.due.none", days=review.DUE_WINDOW_DAYS), icon=":material/event_available:")
else:
    view = pd.DataFrame({  # the system, its status and its date first: in view at 1280 px
        "name": due["name"],
        "status": due["status"].map(lambda v: ui.vl("review_status", v)),
        "next_review": due["next_review"],
        "days_left": due["days_left"],
        "changes": due["pending_changes"],
        "approved_on": due["approved_on"],
        "department": due["department"],
        "owner": due["owner"],
    })
    selection = st.dataframe(
        view,
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="single-row",
        key=ui.table_key("rv_due", due["system_id"]),
        column_config={
            "name": _col("system"),
            "department": _col("department"),
            "owner": _col("owner"),
            "status": _col("status"),
            "approved_on": _date_col("approved_on"),
            "next_review": _date_col("next_review"),
            "days_left": ui.days_left_column(_col("days_left")),
            "changes": st.column_config.NumberColumn(_col("changes"), format="%d"),
        },
        placeholder="",
    )
    picked_link(
        selection, due,
        lambda r: (ASSESSMENT, ui.tr("review.open_system", name=r["name"]), {"system": str(int(r["system_id"]))}),
    )
