# Size: the register, the form and the screening of processing activities: one page, to split by section (issue 19).
"""Behandlingsaktiviteter: processing activities, their DPIA screening, DPIA record and the data-subject lens.

The activity shown is kept in the address (``?aktivitet=<id>``), so a reload or a link keeps it.
"""

from __future__ import annotations

import hashlib
from datetime import date

import pandas as pd
import streamlit as st

from pages import ui
from pages.ui.draft_keeper import draft_kept, new_store
from riskmodel.domain import dpia
from riskmodel.domain.codes import ActivityStatus
from riskmodel.domain.dates import fmt_date
from riskmodel.domain.errors import WorkbenchError
from riskmodel.domain.model import CLASSIFICATIONS, DATA_CATEGORIES, SUBJECT_BANDS, ActivityInput
from riskmodel.i18n import t
from riskmodel.reports.charts import matrix_figure

wb = ui.workbench()
user = ui.actor()
lang = ui.lang()

CATEGORIES = tuple(c for c in DATA_CATEGORIES if c != "ingen")
UNANSWERED = ""  # the radio's fourth choice: no answer (clears a stored one)
ANSWER_CHOICES = (*dpia.ANSWERS, UNANSWERED)
PARAM = "aktivitet"

st.title(ui.tr("act.title"))
st.caption(ui.tr("act.intro"))
ui.show_flash()


def conclusion_label(conclusion: str) -> str:
    return ui.tr(f"act.conclusion.{conclusion}")


def answer_label(answer: str) -> str:
    return dpia.label("answers", answer, lang) if answer else ui.tr("act.scr.unanswered")


def open_activity(activity_id: int | None) -> None:
    if activity_id is None:
        st.query_params.pop(PARAM, None)
    else:
        st.query_params[PARAM] = str(activity_id)


# -- the form ------------------------------------------------------------------------
def activity_form(key: str, initial: ActivityInput, system_ids: list[int], submit_label: str, departments: list[str],
                  draft: tuple[str, str]):
    """The activity's fields in a form; returns (input, system ids) when submitted, else None. ``draft``: (scope,
    store) under which a half-typed purpose is kept in this browser across a reload (pages/ui/draft_keeper.py)."""
    systems = {sid: f"{name} · {dep}" for sid, name, dep in wb.systems.names(user)}
    system_options = list(systems) + [i for i in system_ids if i not in systems]
    with st.form(key, border=True):
        c1, c2 = st.columns(2)
        name = c1.text_input(ui.tr("act.f.name"), value=initial.name, max_chars=200)
        dep_options = sorted(set(departments) | ({initial.department} if initial.department else set()))
        department = c2.selectbox(
            ui.tr("act.f.department"),
            dep_options,
            index=dep_options.index(initial.department) if initial.department in dep_options else None,
            accept_new_options=True,
            placeholder=ui.tr("act.f.department_ph"),
        )
        with draft_kept(*draft):
            purpose = st.text_area(ui.tr("act.f.purpose"), value=initial.purpose, height=80)
        c1, c2 = st.columns(2)
        responsible = c1.text_input(ui.tr("act.f.responsible"), value=initial.responsible)
        band = c2.selectbox(
            ui.tr("act.f.subjects_band"),
            SUBJECT_BANDS,
            index=SUBJECT_BANDS.index(initial.subjects_band) if initial.subjects_band in SUBJECT_BANDS else 0,
            format_func=lambda v: ui.vl("subjects_band", v),
        )
        legal = st.multiselect(
            ui.tr("act.f.legal_bases"),
            dpia.keys("legal_bases"),
            default=[k for k in initial.legal_bases if k in dpia.keys("legal_bases")],
            format_func=lambda k: dpia.label("legal_bases", k, lang),
            placeholder=ui.tr("ui.choose"),
            help=ui.tr("act.f.legal_bases_help"),
            select_all=False,
        )
        c1, c2 = ui.wrapping_columns(f"{key}_categories", 260, 260)
        categories = c1.multiselect(
            ui.tr("act.f.data_categories"),
            CATEGORIES,
            default=[c for c in initial.data_categories if c in CATEGORIES],
            format_func=lambda v: ui.vl("data_category", v),
            placeholder=ui.tr("ui.choose"),
            select_all=False,
        )
        subjects = c2.multiselect(
            ui.tr("act.f.subject_categories"),
            dpia.keys("subject_categories"),
            default=[k for k in initial.subject_categories if k in dpia.keys("subject_categories")],
            format_func=lambda k: dpia.label("subject_categories", k, lang),
            placeholder=ui.tr("ui.choose"),
            select_all=False,
        )
        picked = st.multiselect(
            ui.tr("act.f.systems"),
            system_options,
            default=system_ids,
            format_func=lambda i: systems.get(i) or ui.tr("act.f.system_hidden", id=i),
            placeholder=ui.tr("ui.choose"),
            select_all=False,
        )
        if not st.form_submit_button(submit_label, type="primary"):
            return None
    data = ActivityInput(
        name=name,
        department=department or "",
        purpose=purpose,
        responsible=responsible,
        legal_bases=list(legal),
        data_categories=list(categories),
        subject_categories=list(subjects),
        subjects_band=band,
    )
    return data, [int(i) for i in picked]


# -- the list ----------------------------------------------------------------------------
f1, f2, f3 = ui.wrapping_columns("act_filters", 220, 220, 180)
search = f1.text_input(ui.tr("act.search"), placeholder=ui.tr("act.search_ph"), key="act_search")
include_ended = f3.checkbox(ui.tr("act.show_ended"), key="act_ended")
activities = wb.activities.list(user, include_ended=include_ended)
all_departments = sorted(set(wb.systems.departments(user)) | set(activities["department"]))
deps = f2.multiselect(
    ui.tr("act.f.department"), sorted(set(activities["department"])), key="act_deps", placeholder=ui.tr("ui.choose"),
    select_all=False,
)
g1, g2, g3 = ui.wrapping_columns("act_filters2", 220, 220, 180)
conclusions = g1.multiselect(
    ui.tr("act.f.conclusion_filter"),
    dpia.CONCLUSIONS,
    key="act_concl",
    format_func=conclusion_label,
    placeholder=ui.tr("ui.choose"),
    select_all=False,
)
only_missing = g2.checkbox(ui.tr("act.only_missing"), key="act_missing")
only_unknown = g3.checkbox(ui.tr("act.only_unknown"), key="act_unknown")

if ui.can("activity.write"):
    with st.expander(ui.tr("act.new"), icon=":material/add:", expanded=activities.empty and not include_ended):
        default_responsible = user.display_name if user.role == "leder" else ""
        default_department = user.departments[0] if user.role == "leder" and user.departments else ""
        new = activity_form(
            "new_activity",
            ActivityInput(name="", department=default_department, responsible=default_responsible),
            [],
            ui.tr("act.create"),
            all_departments,
            ("actnew", new_store(int((activities["status"] == ActivityStatus.AKTIV).sum()))),  # the list shown, either way
        )
        if new is not None:
            data, system_ids = new
            new_id = ui.attempt(lambda: wb.activities.create(user, data, system_ids))
            if new_id:
                ui.flash(ui.tr("act.created", name=data.name))
                open_activity(int(new_id))
                st.rerun()

shown = activities
if not shown.empty:
    needle = search.strip().casefold()
    if needle:
        hay = (
            shown["name"] + " " + shown["department"] + " " + shown["responsible"] + " " + shown["systems"].map(" ".join)
        ).str.casefold()
        shown = shown[hay.str.contains(needle, regex=False)]
    if deps:
        shown = shown[shown["department"].isin(deps)]
    if conclusions:
        shown = shown[shown["conclusion"].isin(conclusions)]
    if only_missing:
        shown = shown[shown["dpia_missing"]]
    if only_unknown:
        shown = shown[shown["follow_up"]]

if activities.empty:
    st.info(ui.tr("act.none"))
elif shown.empty:
    st.info(ui.tr("ui.none_found"))
else:
    page = ui.pager(len(shown), "act_page")
    part = shown.iloc[(page - 1) * ui.PAGE_SIZE : page * ui.PAGE_SIZE]
    view = pd.DataFrame(
        {
            "name": part["name"],
            "department": part["department"],
            "responsible": part["responsible"],
            "systems": part["systems"].map(", ".join),
            "subjects": part["subjects_band"].map(lambda v: ui.vl("subjects_band", v)),
            "conclusion": part["conclusion"].map(conclusion_label),
            "missing": part["dpia_missing"].map(lambda m: ui.tr("act.flag.missing") if m else ""),
            "follow_up": part["follow_up"].map(lambda f: ui.tr("act.flag.follow_up") if f else ""),
            "dpia": [  # a table cell is shown as is: no markdown escapes (t, not ui.tr)
                t("act.dpia_yes", lang, date=fmt_date(None if pd.isna(d) else d)) if done else ui.tr("act.dpia_no")
                for done, d in zip(part["dpia_done"], part["dpia_date"], strict=True)
            ],
            "ds": part["ds_status"].map(lambda v: ui.vl("assessment_status", v) if isinstance(v, str) else ui.tr("act.ds_none")),
            "status": part["status"].map(lambda v: ui.tr(f"act.status.{v}")),
        }
    )
    picked = st.dataframe(
        view,
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="single-row",
        key=ui.table_key("act_table", part["id"]),
        # The name pinned, status and screening next: in view at 1280 px without scrolling sideways.
        column_order=["name", "status", "conclusion", "missing", "follow_up", "dpia", "ds", "department",
                      "responsible", "systems", "subjects"],
        column_config={
            "name": st.column_config.TextColumn(ui.tr("act.col.name"), width=200, pinned=True),
            "department": ui.tr("act.f.department"),
            "responsible": ui.tr("act.f.responsible"),
            "systems": ui.tr("act.col.systems"),
            "subjects": ui.tr("act.f.subjects_band"),
            "conclusion": ui.tr("act.col.conclusion"),
            "missing": ui.tr("act.col.missing"),
            "follow_up": ui.tr("act.col.follow_up"),
            "dpia": ui.tr("act.col.dpia"),
            "ds": ui.tr("act.col.ds"),
            "status": ui.tr("act.col.status"),
        },
        placeholder="",
    )
    st.caption(ui.tr("act.select_hint"))
    ui.open_picked_once(picked, part, "id", "act_last_pick", open_activity)

# -- one activity ---------------------------------------------------------------------------
raw = st.query_params.get(PARAM)
if raw is None:
    st.stop()
try:
    activity_id = int(raw)
except ValueError:
    st.error(ui.tr("act.bad_id", value=raw), icon=":material/warning:")
    st.stop()
act = ui.attempt(lambda: wb.activities.get(user, activity_id))  # a refusal or "findes ikke" in Danish
if not act:
    st.stop()
can_write = ui.can("activity.write", act.department, act.responsible)
# Writes check the version the user saw: the one drawn by the run before this one (the run in which
# they filled the form or pressed the button). A save by someone else since then is refused, never
# overwritten; the current version would hide it.
SHOWN = f"act_shown_version_{act.id}"
seen_version = st.session_state.get(SHOWN, act.version)
st.session_state[SHOWN] = act.version
answers, screening = wb.activities.screening(user, act.id)

st.divider()
h1, h2 = ui.text_and_buttons()
h1.subheader(ui.tr("act.head", name=act.name))
if h2.button(ui.tr("act.close"), icon=":material/close:", key="act_close"):
    open_activity(None)
    st.rerun()
st.caption(
    ui.tr(
        "act.version",
        department=act.department,
        responsible=act.responsible,
        status=ui.tr(f"act.status.{act.status}"),
        version=act.version,
    )
)
if not can_write:
    st.info(ui.tr("act.read_only"), icon=":material/visibility:")

# The conclusion with its reasons, in the colour of what it asks for.
label = conclusion_label(screening.conclusion)
if screening.required and act.dpia_done:
    head = ui.tr("act.box_done", conclusion=label, date=fmt_date(act.dpia_date), reference=act.dpia_ref)
else:
    head = ui.tr("act.box", conclusion=label)
box = "\n".join([head, "", *(f"- {ui.md(r)}" for r in screening.reasons(lang))])
if screening.required:
    (st.success if act.dpia_done else st.error)(box, icon=":material/policy:")
elif screening.conclusion == "follow_up":
    st.warning(box, icon=":material/help:")
elif screening.conclusion == "incomplete":
    st.info(box, icon=":material/pending:")
else:
    st.success(box, icon=":material/check_circle:")
if screening.required and not act.dpia_done:
    st.error(ui.tr("act.missing_flag"), icon=":material/flag:")
if screening.unknown:
    st.warning(
        ui.tr(
            "act.follow_up_flag",
            names=", ".join(dpia.label("criteria", k, lang) for k in screening.unknown),
        ),
        icon=":material/flag:",
    )

# Keyed and tracked: the open tab stays open through the reruns its own answers and buttons cause.
tab_details, tab_screening, tab_dpia, tab_ds = st.tabs(
    [ui.tr("act.tab.details"), ui.tr("act.tab.screening"), ui.tr("act.tab.dpia"), ui.tr("act.tab.ds")],
    key="act_tab",
    on_change="rerun",
)

# -- details ------------------------------------------------------------------------------
with tab_details:
    if can_write:
        edited = activity_form(f"edit_activity_{act.id}", act, list(act.system_ids), ui.tr("act.save"), all_departments,
                               (f"act{act.id}", str(act.version)))
        if edited is not None:
            data, system_ids = edited
            if ui.attempt(lambda: wb.activities.update(user, act.id, seen_version, data, system_ids)):
                ui.flash(ui.tr("act.saved", name=data.name))
                st.rerun()
    else:
        names = {sid: name for sid, name, _ in wb.systems.names(user, include_retired=True)}
        st.table(
            {
                ui.tr("act.f.purpose"): ui.md(act.purpose),
                ui.tr("act.f.department"): ui.md(act.department),
                ui.tr("act.f.responsible"): ui.md(act.responsible),
                ui.tr("act.f.legal_bases"): ", ".join(dpia.label("legal_bases", k, lang) for k in act.legal_bases),
                ui.tr("act.f.data_categories"): ", ".join(ui.vl("data_category", c) for c in act.data_categories),
                ui.tr("act.f.subject_categories"): ", ".join(
                    dpia.label("subject_categories", k, lang) for k in act.subject_categories
                ),
                ui.tr("act.f.subjects_band"): ui.vl("subjects_band", act.subjects_band),
                ui.tr("act.f.systems"): ui.md(
                    ", ".join(names.get(i) or ui.tr("act.f.system_hidden", id=i) for i in act.system_ids)
                )
                or ui.tr("act.systems_none"),
            }
        )
    if can_write:
        if act.status == "aktiv":
            with st.expander(ui.tr("act.end"), icon=":material/archive:"):
                st.write(ui.tr("act.end_explain"))
                sure = st.checkbox(ui.tr("act.end_confirm", name=act.name), key=f"act_end_ok_{act.id}")
                if st.button(ui.tr("act.end_button"), disabled=not sure, key=f"act_end_{act.id}"):
                    if ui.attempt(lambda: wb.activities.set_status(user, act.id, seen_version, "ophørt")):
                        ui.flash(ui.tr("act.ended", name=act.name))
                        st.rerun()
        elif st.button(ui.tr("act.reactivate"), key=f"act_reactivate_{act.id}"):
            if ui.attempt(lambda: wb.activities.set_status(user, act.id, seen_version, "aktiv")):
                ui.flash(ui.tr("act.reactivated", name=act.name))
                st.rerun()


# -- screening ------------------------------------------------------------------------------
SCREEN_ERROR = "act_screening_error"
REFRESH = f"act_screening_refresh_{act.id}"


def save_answer(activity_id: int, version: int, criterion: str, base: str) -> None:
    """on_change: save one criterion's answer and note against the version shown; keep an error for the rerun."""
    answer = st.session_state.get(f"{base}:answer") or None
    note = st.session_state.get(f"{base}:note", "") if answer else ""
    try:
        wb.activities.answer(user, activity_id, version, criterion, answer, note or "")
    except WorkbenchError as err:
        st.session_state[SCREEN_ERROR] = (activity_id, err.text(ui.lang()))
        # Show what is stored again: new keys make every screening widget read it afresh.
        st.session_state[REFRESH] = st.session_state.get(REFRESH, 0) + 1


with tab_screening:
    error = st.session_state.pop(SCREEN_ERROR, None)
    if error and error[0] == act.id:
        st.error(ui.md(error[1]), icon=":material/warning:")
    st.caption(ui.tr("act.scr.intro", n=screening.threshold))
    refresh = st.session_state.get(REFRESH, 0)
    first = ui.first_run("activities")  # a tab reconnected to a restarted server: ui.save_skipped_change
    for n, criterion in enumerate(dpia.criteria(), 1):
        ckey = criterion["key"]
        stored = answers.get(ckey)
        current = stored["answer"] if stored else UNANSWERED
        # The keys follow what is stored for this criterion: a save (here or by someone else)
        # gives its widgets fresh keys that read the stored values; the other criteria keep theirs.
        stamp = hashlib.blake2s(repr(sorted((stored or {}).items())).encode(), digest_size=5).hexdigest()
        base = f"scr{act.id}r{refresh}:{ckey}:{stamp}"
        with st.container(border=True):
            c1, c2 = st.columns([3, 2])
            shown = c1.radio(
                ui.tr("act.scr.criterion", n=n, name=dpia.label("criteria", ckey, lang)),
                ANSWER_CHOICES,
                index=ANSWER_CHOICES.index(current),
                format_func=answer_label,
                horizontal=True,
                key=f"{base}:answer",
                on_change=ui.callback(save_answer),
                args=(act.id, act.version, ckey, base),
                disabled=not can_write,
            )
            ui.save_skipped_change(first, f"{base}:answer", can_write and shown != current,
                                   lambda base=base, ckey=ckey: save_answer(act.id, act.version, ckey, base))
            c1.caption(criterion["help_en" if lang == "en" else "help_da"])
            note = c2.text_input(
                ui.tr("act.scr.note"),
                value=stored["note"] if stored else "",
                key=f"{base}:note",
                on_change=ui.callback(save_answer),
                args=(act.id, act.version, ckey, base),
                disabled=not can_write or not stored,
                help=ui.tr("act.scr.note_help"),
                max_chars=2000,
            )
            ui.save_skipped_change(first, f"{base}:note",
                                   can_write and bool(stored) and not ui.same_value(note, stored["note"] if stored else ""),
                                   lambda base=base, ckey=ckey: save_answer(act.id, act.version, ckey, base))
            if stored:
                c2.caption(ui.tr("act.scr.by", who=ui.person(stored["updated_by"]), at=ui.when(stored["updated_at"])))

# -- the DPIA record ---------------------------------------------------------------------------
with tab_dpia:
    st.caption(ui.tr("act.dpia.intro"))
    if can_write:
        with st.form(f"dpia_{act.id}", border=True):
            done = st.checkbox(ui.tr("act.dpia.done"), value=bool(act.dpia_done))
            c1, c2 = st.columns([1, 2])
            on = c1.date_input(
                ui.tr("act.dpia.date"),
                value=act.dpia_date,
                format="DD-MM-YYYY",
                min_value=date(1990, 1, 1),
                max_value=date(2100, 1, 1),
            )
            reference = c2.text_input(ui.tr("act.dpia.ref"), value=act.dpia_ref, max_chars=500)
            submitted = st.form_submit_button(ui.tr("act.dpia.save"), type="primary")
        if submitted and ui.attempt(lambda: wb.activities.record_dpia(user, act.id, seen_version, done, on, reference)):
            ui.flash(ui.tr("act.dpia.saved", name=act.name))
            st.rerun()
    elif act.dpia_done:
        st.markdown(ui.tr("act.dpia.shown_done", date=fmt_date(act.dpia_date), reference=act.dpia_ref))
    else:
        st.markdown(ui.tr("act.dpia.shown_not_done"))


# -- the data-subject assessment -------------------------------------------------------------
def ds_pair(counts: dict, key: str) -> None:
    """Inherent and residual on the data-subject matrix, severity for the person on the x axis."""
    preset = dpia.ds_preset()
    for col, which in zip(st.columns(2), ("inherent", "residual"), strict=True):
        fig = matrix_figure(preset, counts[which], lang, ui.tr(f"chart.{which}"), height=340, compact=True)
        fig.update_layout(xaxis_title_text=ui.tr("lens.axis_severity"))
        col.plotly_chart(fig, key=f"{key}_{which}", config={"displayModeBar": False})


def floor_reason(reason: str) -> str:
    if reason in DATA_CATEGORIES:
        return ui.vl("data_category", reason)
    if reason in CLASSIFICATIONS:
        return ui.tr("act.ds.floor_class", label=ui.vl("classification", reason))
    # A category of data subjects comes labelled in Danish: label it in the session's language.
    for key in dpia.keys("subject_categories"):
        if reason == dpia.label("subject_categories", key, "da"):
            return dpia.label("subject_categories", key, lang)
    return reason


with tab_ds:
    st.caption(ui.tr("act.ds.intro"))
    ds = dpia.ds_preset()
    floor, reasons = wb.assessments.ds_floor(user, act.id)
    if floor > 1:
        st.info(
            ui.tr(
                "act.ds.floor",
                floor=floor,
                label=ds.consequence[floor - 1].label(lang),
                reasons=", ".join(floor_reason(r) for r in reasons),
            ),
            icon=":material/vertical_align_bottom:",
        )
    else:
        st.caption(ui.tr("act.ds.no_floor"))
    current_ds = wb.assessments.current_for_activity(user, act.id)
    if current_ds is None:
        st.info(ui.tr("act.ds.none"))
        if ui.can("assessment.write", act.department, act.responsible):
            if act.status != "aktiv":
                st.caption(ui.tr("act.ds.ended_no_start"))
            elif st.button(ui.tr("act.ds.start"), type="primary", icon=":material/play_arrow:", key=f"act_ds_start_{act.id}"):
                if ui.attempt(lambda: wb.assessments.start_activity(user, act.id)):
                    ui.flash(ui.tr("act.ds.started", name=act.name))
                    st.rerun()
    else:
        st.markdown(ui.tr("act.ds.status", year=current_ds.year, status=ui.vl("assessment_status", current_ds.status)))
        ds_pair(wb.assessments.matrix_counts(user, current_ds.id), f"act_ds_{act.id}")
        st.page_link(
            "pages/assessment.py",
            label=ui.tr("act.ds.open"),
            icon=":material/edit_note:",
            query_params={PARAM: str(act.id)},
        )
