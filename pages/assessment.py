"""Risikovurdering: assess one system, or the risk to the data subjects of one processing
activity, in five guided steps.

1 Kontekst (the profile and the previous assessment), 2 Trusler (which threats),
3 Scoring (likelihood and F/I/T consequence, with each step's definition and example),
4 Behandling (treatment, measure, residual risk, risk acceptance), 5 Opsummering og
godkendelse (matrices, what is still open, participants, sign-off); and the history.

Two lenses share the flow: ``?system=<id>`` assesses a system for the organisation (the
municipality's matrix); ``?aktivitet=<id>`` assesses a processing activity from the data
subjects' side (the data-subject matrix: severity for the registered persons per breach of
confidentiality, integrity or availability, the kinds of harm of GDPR recital 75, and a
severity floor set by the personal data in the activity and its systems).

Every choice is saved the moment it is made, field by field with the value the page showed
(so two people scoring the same line cannot overwrite each other silently, and nobody
conflicts with their own clicks). The current step lives in the address (``?trin=3``), and
on steps 3 and 4 the line too (``?linje=<id>``), so a reload or a link opens the same line.

This file picks what is assessed and dispatches; each step is a module of
``pages/assessment_steps/``, sharing one :class:`AssessCtx`.
"""

from __future__ import annotations

import streamlit as st

from pages import ui
from pages.assessment_steps import step1_context, step2_threats, step3_scoring, step4_treatment, step5_summary
from pages.assessment_steps.context import LAST, SCORE_KINDS, STEPS, AssessCtx, go, progress, step_name
from riskmodel.domain import dpia
from riskmodel.domain.model import confidentiality_floor

wb = ui.workbench()
user = ui.actor()
lang = ui.lang()

LENSES = ("org", "ds")  # a system for the organisation; a processing activity for the data subjects
LENS_KEY = "assess_lens"

st.title(ui.tr("assess.title"))
ui.show_flash()


# -- what is assessed: a system or a processing activity -------------------------------------
def on_lens() -> None:
    """Another lens: the address forgets the system or activity (and step) of the old one."""
    for name in ("system", "aktivitet", "trin"):
        st.query_params.pop(name, None)


if "aktivitet" in st.query_params:
    st.session_state[LENS_KEY] = "ds"
elif "system" in st.query_params:
    st.session_state[LENS_KEY] = "org"
elif st.session_state.get(LENS_KEY) not in LENSES:
    st.session_state[LENS_KEY] = "org"
lens = st.segmented_control(
    ui.tr("guided.lens"),
    LENSES,
    required=True,
    key=LENS_KEY,
    format_func=lambda v: ui.tr(f"guided.lens.{v}"),
    on_change=ui.callback(on_lens),
)
DS = lens == "ds"


def wanted_id(name: str, bad_key: str) -> tuple[int | None, str | None]:
    """The id in the address (``?system=`` / ``?aktivitet=``) and the raw value."""
    param = st.query_params.get(name)
    try:
        return (int(param) if param is not None else None), param
    except ValueError:
        st.warning(ui.tr(bad_key, id=param))
        return None, param


def pick(ids: list[int], labels: dict, wanted: int | None, param: str | None, name: str, keys: tuple[str, str, str]):
    """The selectbox of systems or activities, preselected from the address; stops the run until one is picked.
    ``keys``: the label, placeholder and hint strings."""
    label_key, placeholder_key, hint_key = keys
    picked = st.selectbox(
        ui.tr(label_key),
        ids,
        index=ids.index(wanted) if wanted in ids else None,
        format_func=labels.get,
        placeholder=ui.tr(placeholder_key),
        key=f"{name}_pick_{wanted}",
    )
    if picked is None:
        st.caption(ui.tr(hint_key))
        st.stop()
    if str(picked) != param:
        st.query_params["aktivitet" if name == "activity" else "system"] = str(picked)
    return picked


system = activity = None
system_id = activity_id = None
activity_systems: list[str] = []
activity_conclusion = ""
if DS:
    activities = wb.activities.list(user)
    rows = {int(r.id): r for r in activities.itertuples()}
    ids = list(rows)
    labels = {i: f"{r.name} · {r.department}" for i, r in rows.items()}
    wanted, param = wanted_id("aktivitet", "guided.ds.bad_param")
    if wanted is not None and wanted not in labels:
        # Ask the service anyway: it refuses (and audits) an activity outside the user's access.
        if ui.attempt(lambda: wb.activities.get(user, wanted)):
            st.warning(ui.tr("guided.ds.ended", id=param))
        wanted = None
    if not ids:
        st.info(ui.tr("guided.ds.no_activities"))
        st.page_link("pages/activities.py", label=ui.tr("nav.activities"), icon=":material/policy:")
        st.stop()
    activity_id = pick(ids, labels, wanted, param, "activity",
                       ("guided.ds.activity", "guided.ds.activity_ph", "guided.ds.pick_hint"))
    activity = wb.activities.get(user, activity_id)
    picked = rows[activity_id]
    activity_systems = [str(n) for n in (picked.systems if picked.systems is not None else [])]
    activity_conclusion = picked.conclusion
    department, owner = activity.department, activity.responsible
    st.caption(
        ui.tr(
            "guided.ds.profile",
            department=activity.department,
            responsible=activity.responsible or "–",
            categories=", ".join(ui.vl("data_category", c) for c in activity.data_categories),
            subjects=", ".join(dpia.label("subject_categories", c, lang) for c in activity.subject_categories),
        )
    )
else:
    systems = wb.systems.names(user)
    if not systems:
        st.info(ui.tr("assess.no_systems"))
        st.page_link("pages/systems.py", label=ui.tr("nav.systems"), icon=":material/inventory_2:")
        st.stop()
    ids = [s[0] for s in systems]
    labels = {s[0]: f"{s[1]} · {s[2]}" for s in systems}
    wanted, param = wanted_id("system", "assess.bad_param")
    if wanted is not None and wanted not in labels:
        # Ask the service anyway: it refuses (and audits) a system outside the user's access.
        if ui.attempt(lambda: wb.systems.get(user, wanted)):
            st.warning(ui.tr("assess.unknown_system", id=param))
        wanted = None
    system_id = pick(ids, labels, wanted, param, "system", ("assess.system", "assess.system_ph", "assess.pick_hint"))

    system = wb.systems.get(user, system_id)
    department, owner = system.department, system.owner
    st.caption(
        ui.tr(
            "assess.profile",
            department=system.department,
            owner=system.owner or "–",
            classification=ui.vl("classification", system.classification),
            categories=", ".join(ui.vl("data_category", c) for c in system.data_categories),
            criticality=ui.vl("criticality", system.criticality),
        )
    )

# The matrix the levels, captions and legends come from: the data subjects' for an activity,
# the municipality's for a system (once there is an assessment: the one it is scored on).
preset = dpia.ds_preset() if DS else wb.settings.preset()
writable = ui.can("assessment.write", department, owner)
FIRST_RUN = ui.first_run("assessment")  # see fields.bind
if not writable:
    st.info(ui.tr("assess.read_only"), icon=":material/visibility:")

ctx = AssessCtx(
    wb=wb, user=user, lang=lang, ds=DS, system=system, activity=activity, system_id=system_id,
    activity_id=activity_id, activity_systems=activity_systems, activity_conclusion=activity_conclusion,
    department=department, owner=owner, preset=preset, writable=writable, first_run=FIRST_RUN,
)


def start_button(label_key: str) -> None:
    if st.button(ui.tr(label_key), type="primary", disabled=not writable):
        call = (lambda: wb.assessments.start_activity(user, activity_id)) if DS else (
            lambda: wb.assessments.start(user, system_id))
        if ui.attempt(call):
            st.query_params["trin"] = "2"  # next: review the proposed threats
            ui.flash(ui.tr("assess.started"))
            st.rerun()


# -- no assessment yet: the context and a start button -------------------------------------
if DS:
    ctx.floor, ctx.floor_reasons = wb.assessments.ds_floor(user, activity_id)
    ctx.assessment = wb.assessments.current_for_activity(user, activity_id)
else:
    ctx.assessment = wb.assessments.current(user, system_id)
if ctx.assessment is None:
    step1_context.show(ctx)
    st.info(ui.tr("guided.ds.none_yet" if DS else "assess.none_yet"))
    start_button("guided.ds.start" if DS else "assess.start")
    st.stop()

if not DS and ctx.assessment.scale_size != preset.size:
    st.warning(ui.tr("assess.old_scale", old=ctx.assessment.scale_size, new=preset.size), icon=":material/warning:")
    start_button("assess.restart")
    st.stop()

ctx.preset = wb.assessments.preset_of(ctx.assessment)
if not DS:
    ctx.floor = confidentiality_floor(system.classification, system.data_categories, ctx.assessment.scale_size)
ctx.reload()


def default_step() -> int:
    """Without ?trin: the step where work remains (a link to a line: the scoring of it)."""
    if not ctx.lines:
        return 2
    if "linje" in st.query_params or any(item.kind in SCORE_KINDS for item in ctx.state.open_items):
        return 3
    if ctx.state.open_items:
        return 4
    return 5


def step_done(n: int) -> bool:
    lines, open_items = ctx.lines, ctx.state.open_items
    return {
        1: True,
        2: bool(lines),
        3: bool(lines) and not any(i.kind in SCORE_KINDS for i in open_items),
        4: bool(lines) and not open_items,
        5: ctx.state.status == "godkendt",
    }.get(n, False)


try:
    step = int(st.query_params.get("trin", ""))
except ValueError:
    step = 0
if step not in STEPS:
    step = default_step()
if st.query_params.get("trin") != str(step):
    st.query_params["trin"] = str(step)
if step not in (3, 4):
    st.query_params.pop("linje", None)
ctx.step = step


# -- the stepper, the step, and Back / Next ---------------------------------------------------
def on_stepper(key: str) -> None:
    value = st.session_state.get(key)
    if value is not None:
        go(value)


stepper_key = f"stepper_{ctx.assessment.id}_{step}"  # a new widget per step: its default is the step in the address
st.segmented_control(
    ui.tr("guided.steps"),
    STEPS,
    default=step,
    required=True,  # clicking the current step again keeps it
    key=stepper_key,
    format_func=lambda n: ("✓ " if step_done(n) else "") + step_name(n),
    on_change=ui.callback(on_stepper),
    args=(stepper_key,),
    width="stretch",
)
st.header(step_name(step), divider="gray")
if step not in (3, 4):  # there the step's fragment draws the progress, so that a save redraws it
    progress(ctx)
{1: step1_context.show, 2: step2_threats.show, 3: step3_scoring.show, 4: step4_treatment.show,
 5: step5_summary.show, 6: step5_summary.show_history}[step](ctx)

back, forward = ui.wrapping_columns("step_nav", 300, 300, gap="large")
if step > 1:
    target = min(step - 1, LAST)
    back.button(ui.tr("guided.back", step=step_name(target)), key="step_back", on_click=ui.callback(go), args=(target,),
                icon=":material/arrow_back:", width="stretch")
if step < LAST:
    forward.button(ui.tr("guided.forward", step=step_name(step + 1)), key="step_next", on_click=ui.callback(go), args=(step + 1,),
                   type="primary", icon=":material/arrow_forward:", icon_position="right", width="stretch")
