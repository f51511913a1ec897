"""Systemer: the system inventory. Search, filter, create, edit, retire."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from pages import ui
from pages.ui.draft_keeper import draft_kept, new_store
from riskmodel.domain.dates import fmt_date
from riskmodel.domain.model import (
    CLASSIFICATIONS,
    CRITICALITIES,
    DATA_CATEGORIES,
    HOSTINGS,
    SUBJECT_BANDS,
    SystemInput,
    confidentiality_floor,
    settle_no_data,
)
from riskmodel.domain.review import CHANGE_KINDS, MAX_INTERVAL_OTHER
from riskmodel.i18n import t
from riskmodel.services import SystemFilter
from riskmodel.services.systems import system_to_input

wb = ui.workbench()
user = ui.actor()
preset = wb.settings.preset()
today = ui.today()

st.title(ui.tr("systems.title"))
st.caption(ui.tr("systems.intro"))
ui.show_flash()


def review_section(system, seen_version: int | None) -> None:
    """The system's review cycle: last approval, interval, next review, status and major changes. With
    ``seen_version`` (the version the user is editing; None for readers) also the forms that change it."""
    st.markdown(f"#### {ui.tr('systems.rv.title')}")
    cycle = wb.review.systems(user, today)
    cycle = cycle[cycle["system_id"] == system.id]
    if cycle.empty:  # a retired system has no review cycle
        st.caption(ui.tr("systems.rv.not_active"))
        return
    r = cycle.iloc[0]
    approved = r["approved_on"]
    if approved is None or pd.isna(approved):
        approved_text = t("systems.rv.never", ui.lang())
    elif r["approval_valid"]:
        approved_text = fmt_date(approved)
    else:
        approved_text = t("systems.rv.outdated", ui.lang(), date=fmt_date(approved))
    with ui.row():
        st.metric(ui.tr("systems.rv.approved_on"), approved_text)
        st.metric(ui.tr("systems.rv.interval"), t("systems.rv.months", ui.lang(), n=int(r["interval"])))
        st.metric(ui.tr("systems.rv.next_review"), fmt_date(r["next_review"]) if r["next_review"] else "–")
        st.metric(ui.tr("systems.rv.status"), ui.vl("review_status", r["status"]))
    if int(r["pending_changes"]):
        st.warning(ui.tr("systems.rv.pending", n=int(r["pending_changes"])), icon=":material/change_circle:")

    changes = wb.review.changes(user, system_id=system.id)
    if changes.empty:
        st.caption(ui.tr("systems.rv.no_changes"))
    else:
        st.dataframe(
            pd.DataFrame({
                "changed_on": changes["changed_on"],
                "kind": changes["kind"].map(lambda v: ui.vl("change_kind", v)),
                "reason": changes["reason"],
                "recorded_by": changes["recorded_by"].map(ui.person),
                "reassessed": [  # a table cell is shown as is: t, not ui.tr
                    t("systems.rv.reassessed_on", ui.lang(), date=fmt_date(at)) if done
                    else t("systems.rv.not_reassessed", ui.lang())
                    for done, at in zip(changes["reassessed"], changes["reassessed_at"], strict=True)
                ],
            }),
            hide_index=True,
            width="stretch",
            column_config={
                "changed_on": st.column_config.DateColumn(ui.tr("systems.rv.col.changed_on"), format="DD-MM-YYYY"),
                "kind": ui.tr("systems.rv.col.kind"),
                "reason": ui.tr("systems.rv.col.reason"),
                "recorded_by": ui.tr("systems.rv.col.recorded_by"),
                "reassessed": ui.tr("systems.rv.col.reassessed"),
            },
            placeholder="",
        )
    if seen_version is None:
        return

    left, right = st.columns(2)
    with left.form(f"interval_{system.id}_{seen_version}"):
        months = st.number_input(
            ui.tr("systems.rv.interval_input"),
            min_value=1,
            max_value=MAX_INTERVAL_OTHER,
            value=int(system.review_interval),
            step=1,
            help=ui.tr("systems.rv.interval_help"),
        )
        if st.form_submit_button(ui.tr("systems.rv.save_interval")):
            if ui.attempt(lambda: wb.review.set_interval(user, system.id, seen_version, int(months))):
                st.session_state.pop(f"edit_seen_{system.id}", None)  # the edit form reloads the new version
                ui.flash(ui.tr("systems.rv.interval_saved", name=system.name, n=int(months)))
                st.rerun()
    # Keyed by the number of changes: after a recorded change the form starts empty.
    with right.form(f"change_{system.id}_{len(changes)}"):
        st.markdown(f"**{ui.tr('systems.rv.change_title')}**")
        st.caption(ui.tr("systems.rv.change_note"))
        kind = st.selectbox(ui.tr("systems.rv.col.kind"), CHANGE_KINDS, format_func=lambda k: ui.vl("change_kind", k))
        with draft_kept(f"syschange{system.id}", str(len(changes))):
            reason = st.text_area(ui.tr("systems.rv.col.reason"), height=80, help=ui.tr("systems.rv.reason_help"))
        when = st.date_input(ui.tr("systems.rv.col.changed_on"), value=today, max_value=today, format="DD-MM-YYYY")
        if st.form_submit_button(ui.tr("systems.rv.record"), type="primary"):
            if ui.attempt(lambda: wb.review.record_change(user, system.id, kind, reason, when, today=today)):
                ui.flash(ui.tr("systems.rv.recorded", name=system.name))
                st.rerun()


def system_form(key: str, initial: SystemInput, submit_label: str, draft: tuple[str, str]) -> SystemInput | None:
    """The system's fields in a form; returns the input when submitted. ``draft``: (scope, store) under which
    a half-typed description is kept in this browser across a reload (pages/ui/draft_keeper.py)."""
    # The departments the user may use (a leder: her own); a system kept in another department keeps it.
    departments = wb.systems.departments(user)
    with st.form(key, border=True):
        c1, c2 = st.columns(2)
        name = c1.text_input(ui.tr("systems.f.name"), value=initial.name, max_chars=200)
        dep_options = sorted(set(departments) | ({initial.department} if initial.department else set()))
        department = c2.selectbox(
            ui.tr("systems.f.department"),
            dep_options,
            index=dep_options.index(initial.department) if initial.department in dep_options else None,
            accept_new_options=user.role != "leder",  # a new department is the coordinator's to make
            placeholder=ui.tr("systems.f.department_ph"),
            help=ui.tr("systems.f.department_help"),
        )
        with draft_kept(*draft):
            description = st.text_area(ui.tr("systems.f.description"), value=initial.description, height=80)
        c1, c2, c3 = ui.wrapping_columns(f"{key}_people", 200, 200, 220)
        owner = c1.text_input(ui.tr("systems.f.owner"), value=initial.owner)
        supplier = c2.text_input(ui.tr("systems.f.supplier"), value=initial.supplier)
        hosting = c3.selectbox(
            ui.tr("systems.f.hosting"), HOSTINGS, index=HOSTINGS.index(initial.hosting), format_func=lambda v: ui.vl("hosting", v)
        )
        c1, c2 = ui.wrapping_columns(f"{key}_dpa", 260, 200)
        dpa = c1.checkbox(ui.tr("systems.f.dpa"), value=initial.dpa, help=ui.tr("systems.f.dpa_help"))
        dpa_date = c2.date_input(
            ui.tr("systems.f.dpa_date"),
            value=initial.dpa_date,
            format="DD-MM-YYYY",
            min_value=date(1990, 1, 1),
            max_value=date(2100, 1, 1),
        )
        c1, c2, c3 = ui.wrapping_columns(f"{key}_class", 180, 180, 180)
        classification = c1.selectbox(
            ui.tr("systems.f.classification"),
            CLASSIFICATIONS,
            index=CLASSIFICATIONS.index(initial.classification),
            format_func=lambda v: ui.vl("classification", v),
            help=ui.tr("systems.f.classification_help"),
        )
        criticality = c2.selectbox(
            ui.tr("systems.f.criticality"),
            CRITICALITIES,
            index=CRITICALITIES.index(initial.criticality),
            format_func=lambda v: ui.vl("criticality", v),
            help=ui.tr("systems.f.criticality_help"),
        )
        subjects = c3.selectbox(
            ui.tr("systems.f.subjects"),
            SUBJECT_BANDS,
            index=SUBJECT_BANDS.index(initial.subjects_band),
            format_func=lambda v: ui.vl("subjects_band", v),
        )
        categories = st.multiselect(
            ui.tr("systems.f.categories"),
            DATA_CATEGORIES,
            placeholder=ui.tr("ui.choose"),
            default=initial.data_categories,
            format_func=lambda v: ui.vl("data_category", v),
            help=ui.tr("systems.f.categories_help"),
            select_all=False,
        )
        floor = confidentiality_floor(classification, categories, preset.size)
        if floor > 1:
            st.caption(ui.tr("systems.floor_hint", floor=floor, label=preset.consequence[floor - 1].label(ui.lang())))
        if not st.form_submit_button(submit_label, type="primary"):
            return None
    return SystemInput(
        name=name,
        department=department or "",
        owner=owner,
        description=description,
        supplier=supplier,
        dpa=dpa,
        dpa_date=dpa_date,
        classification=classification,
        data_categories=settle_no_data(initial.data_categories, categories),
        subjects_band=subjects,
        criticality=criticality,
        hosting=hosting,
    )


# -- filters -------------------------------------------------------------------
f1, f2, f3, f4 = ui.wrapping_columns("sys_filters", 220, 220, 160, 160)
search = f1.text_input(ui.tr("systems.search"), placeholder=ui.tr("systems.search_ph"))
deps = f2.multiselect(ui.tr("systems.f.department"), wb.systems.departments(user), placeholder=ui.tr("ui.choose"),
                      select_all=False)
classes = f3.multiselect(
    ui.tr("systems.f.classification"),
    CLASSIFICATIONS,
    placeholder=ui.tr("ui.choose"),
    format_func=lambda v: ui.vl("classification", v),
    select_all=False,
)
retired = f4.checkbox(ui.tr("systems.show_retired"))
flt = SystemFilter(search=search.strip(), departments=tuple(deps), classifications=tuple(classes), include_retired=retired)

if ui.can("system.create"):
    with st.expander(ui.tr("systems.new"), icon=":material/add:", expanded=wb.is_empty()):
        new = system_form("new_system", SystemInput(name="", department=""), ui.tr("systems.create"),
                          ("sysnew", new_store(len(wb.systems.names(user, include_retired=True)))))
        if new is not None:
            new_id = ui.attempt(lambda: wb.systems.create(user, new))
            if new_id:
                ui.flash(ui.tr("systems.created", name=new.name))
                st.session_state["selected_system"] = new_id
                st.rerun()

# One query for the page asked for; a second only when a narrower filter left it past the end.
result = wb.systems.search(user, flt, page=st.session_state.get("systems_page", 1), page_size=ui.PAGE_SIZE)
if result.page > result.pages:
    result = wb.systems.search(user, flt, page=1, page_size=ui.PAGE_SIZE)
ui.pager(result.total, "systems_page")
if result.total == 0:
    st.info(ui.tr("ui.none_found"))
    st.stop()

df = result.rows.copy()
view = df.assign(
    classification=df["classification"].map(lambda v: ui.vl("classification", v)),
    criticality=df["criticality"].map(lambda v: ui.vl("criticality", v)),
    status=df["status"].map(lambda v: ui.vl("system_status", v)),
    assessment=df["assessment_status"].map(
        lambda v: ui.vl("assessment_status", v) if isinstance(v, str) else ui.tr("systems.not_assessed")
    ),
    link=df["id"].map(lambda i: f"/vurdering?system={i}"),
)[["name", "department", "owner", "supplier", "classification", "criticality", "assessment", "lines", "status", "link"]]
# The name pinned, its status and its link next: in view at 1280 px without scrolling sideways.
selection = st.dataframe(
    view,
    hide_index=True,
    width="stretch",
    on_select="rerun",
    selection_mode="single-row",
    key=ui.table_key("systems_table", df["id"]),
    column_order=["name", "status", "assessment", "link", "department", "owner", "supplier", "classification",
                  "criticality", "lines"],
    column_config={
        "name": st.column_config.TextColumn(ui.tr("systems.f.name"), width=200, pinned=True),
        "department": ui.tr("systems.f.department"),
        "owner": ui.tr("systems.f.owner"),
        "supplier": ui.tr("systems.f.supplier"),
        "classification": ui.tr("systems.f.classification"),
        "criticality": ui.tr("systems.f.criticality"),
        "assessment": ui.tr("systems.col.assessment"),
        "lines": st.column_config.NumberColumn(ui.tr("systems.col.lines"), format="%d"),
        "status": ui.tr("systems.col.status"),
        "link": st.column_config.LinkColumn(ui.tr("systems.col.open"), display_text=ui.tr("systems.open_short")),
    },
    placeholder="",
)
st.caption(ui.tr("systems.select_hint"))
rows = selection.selection.rows if selection else []
if rows:
    st.session_state["selected_system"] = int(df.iloc[rows[0]]["id"])

sel_id = st.session_state.get("selected_system")
if sel_id and sel_id in set(df["id"]):
    system = wb.systems.get(user, sel_id)
    can_edit = ui.can("system.write", system.department, system.owner)
    st.subheader(ui.tr("systems.edit" if can_edit else "systems.view", name=system.name))
    st.caption(ui.tr("systems.version", version=system.version, status=ui.vl("system_status", system.status)))
    seen_version = None
    if can_edit:
        # The form keeps the version (and values) it was first drawn with, so that a save after
        # someone else's edit reaches the service and is refused with its Danish message,
        # instead of the form silently re-drawing with the other person's values.
        seen_key = f"edit_seen_{system.id}"
        for key in [k for k in st.session_state if str(k).startswith("edit_seen_") and k != seen_key]:
            del st.session_state[key]
        seen_version, seen_input = st.session_state.setdefault(seen_key, (system.version, system_to_input(system)))
        edited = system_form(f"edit_{system.id}_{seen_version}", seen_input, ui.tr("systems.save"),
                             (f"sys{system.id}", str(seen_version)))
        if edited is not None:
            if ui.attempt(lambda: wb.systems.update(user, system.id, seen_version, edited)):
                st.session_state.pop(seen_key, None)
                ui.flash(ui.tr("systems.saved", name=edited.name))
                st.rerun()
        if seen_version != system.version:
            st.warning(ui.tr("systems.changed_meanwhile", version=system.version), icon=":material/sync_problem:")
            if st.button(ui.tr("systems.reload"), icon=":material/refresh:"):
                st.session_state.pop(seen_key, None)
                st.rerun()
    else:
        # st.table renders its cells as markdown: user text is escaped, so a link stays text.
        st.table(
            {
                ui.tr("systems.f.department"): ui.md(system.department),
                ui.tr("systems.f.owner"): ui.md(system.owner),
                ui.tr("systems.f.supplier"): ui.md(system.supplier),
                ui.tr("systems.f.classification"): ui.vl("classification", system.classification),
                ui.tr("systems.f.categories"): ", ".join(ui.vl("data_category", c) for c in system.data_categories),
                ui.tr("systems.f.criticality"): ui.vl("criticality", system.criticality),
                ui.tr("systems.f.description"): ui.md(system.description),
            }
        )
    st.page_link(
        "pages/assessment.py",
        label=ui.tr("systems.open_assessment"),
        icon=":material/edit_note:",
        query_params={"system": str(system.id)},
    )
    review_section(system, seen_version)
    with st.expander(ui.tr("systems.report"), icon=":material/summarize:"):
        ui.system_report(wb, user, system)
    with st.expander(ui.tr("systems.history"), icon=":material/history:"):
        ui.history_table(wb.history.for_system(user, system.id))
    if not can_edit:
        st.stop()
    if system.status == "aktiv":
        with st.expander(ui.tr("systems.retire"), icon=":material/archive:"):
            st.write(ui.tr("systems.retire_explain"))
            sure = st.checkbox(ui.tr("systems.retire_confirm", name=system.name), key=f"retire_ok_{system.id}")
            if st.button(ui.tr("systems.retire_button"), disabled=not sure, key=f"retire_{system.id}"):
                if ui.attempt(lambda: wb.systems.set_status(user, system.id, system.version, "udfaset")):
                    ui.flash(ui.tr("systems.retired", name=system.name))
                    st.rerun()
    elif st.button(ui.tr("systems.reactivate"), key=f"reactivate_{system.id}"):
        if ui.attempt(lambda: wb.systems.set_status(user, system.id, system.version, "aktiv")):
            ui.flash(ui.tr("systems.reactivated", name=system.name))
            st.rerun()
