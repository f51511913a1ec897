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

Every choice is saved the moment it is made (with the line's version, so two people
scoring the same line cannot overwrite each other silently). The current step lives in
the address (``?trin=3``), so a reload opens the same step.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from pages import ui
from riskmodel import dpia
from riskmodel.dates import fmt_date, fmt_datetime
from riskmodel.errors import WorkbenchError
from riskmodel.model import (
    CLASSIFICATIONS,
    DATA_CATEGORIES,
    PARTICIPANT_ROLES,
    TREATMENTS,
    ThreatInput,
    confidentiality_floor,
)
from riskmodel.services.assessments import FIELD_LABELS_DA as ASSESS_FIELD_LABELS_DA
from riskmodel.signoff import needs_decision
from riskmodel.workshop import format_code

wb = ui.workbench()
user = ui.actor()
lang = ui.lang()

STEPS = (1, 2, 3, 4, 5, 6)  # 6 is the history, reachable from the stepper
LAST = 5
MIN_DATE, MAX_DATE = date(2000, 1, 1), date(2100, 1, 1)
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
    on_change=on_lens,
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
FIRST_RUN = ui.first_run("assessment")  # see keep_unsaved
if not writable:
    st.info(ui.tr("assess.read_only"), icon=":material/visibility:")


# -- helpers ------------------------------------------------------------------------
def step_name(n: int) -> str:
    return ui.tr(f"guided.step.{n}")


def go(step: int, idx_key: str | None = None, idx: int | None = None) -> None:
    """Callback: move to a step (and a line of it); the step goes into the address."""
    st.query_params["trin"] = str(step)
    if idx_key is not None:
        st.session_state[idx_key] = idx


def levels_text(counts: dict[str, int], preset_id: str) -> str:
    """'2 Høj · 1 Middel · 4 Lav': highest level first, every level shown."""
    p = preset if preset_id == preset.id else dpia.preset_for(preset_id)
    return " · ".join(f"{n} {p.level_by_key(k).label(lang)}" for k, n in reversed(counts.items()))


def cons_label(dim: str) -> str:
    """One consequence dimension: for the data subjects, the severity of a breach of it."""
    if DS:
        return ui.tr(f"guided.ds.severity_for.{dim}")
    return ui.tr("assess.f.consequence_for", dim=ui.vl("dimension", dim))


def consequence_head() -> str:
    return ui.tr("guided.ds.severity") if DS else ui.tr("chart.consequence")


def floor_reason_label(code: str) -> tuple[int, str]:
    """What sets the data-subject floor, in words, with its kind for the order: a personal data
    category, a category of data subjects (the service names it in Danish), a system classification."""
    if code in DATA_CATEGORIES:
        return 0, ui.vl("data_category", code)
    for key in dpia.keys("subject_categories"):
        if code in (key, dpia.label("subject_categories", key, "da")):
            return 1, dpia.label("subject_categories", key, lang)
    if code in CLASSIFICATIONS:
        return 2, ui.tr("guided.ds.floor_class", classification=ui.vl("classification", code))
    return 3, code


def floor_message(floor_: int) -> str:
    label = preset.consequence[floor_ - 1].label(lang)
    if DS:
        reasons = sorted(floor_reason_label(c) for c in floor_reasons)
        return ui.tr("guided.ds.floor", floor=floor_, label=label, reasons=", ".join(r for _, r in reasons) or "–")
    return ui.tr("assess.floor", floor=floor_, label=label)


def start_button(label_key: str) -> None:
    if st.button(ui.tr(label_key), type="primary", disabled=not writable):
        call = (lambda: wb.assessments.start_activity(user, activity_id)) if DS else (
            lambda: wb.assessments.start(user, system_id))
        if ui.attempt(call):
            st.query_params["trin"] = "2"  # next: review the proposed threats
            ui.flash(ui.tr("assess.started"))
            st.rerun()


def profile_grid(rows: list[tuple[str, str]]) -> None:
    cols = st.columns(3)
    for i, (key, value) in enumerate(rows):
        cols[i % 3].markdown(f"**{ui.tr(key)}**  \n{ui.md(value)}")


def show_system_profile(assessment) -> None:
    st.subheader(ui.tr("guided.context.profile_head"))
    if system.description:
        st.caption(ui.md(system.description))
    dpa = ui.tr("guided.yes") if system.dpa else ui.tr("guided.no")
    if system.dpa and system.dpa_date:
        dpa += f" ({fmt_date(system.dpa_date)})"
    profile_grid([
        ("systems.f.department", system.department),
        ("systems.f.owner", system.owner or "–"),
        ("systems.f.classification", ui.vl("classification", system.classification)),
        ("systems.f.categories", ", ".join(ui.vl("data_category", c) for c in system.data_categories)),
        ("systems.f.subjects", ui.vl("subjects_band", system.subjects_band)),
        ("systems.f.criticality", ui.vl("criticality", system.criticality)),
        ("systems.f.supplier", system.supplier or "–"),
        ("systems.f.dpa", dpa),
        ("systems.f.hosting", ui.vl("hosting", system.hosting)),
    ])
    size = assessment.scale_size if assessment else preset.size
    floor_ = confidentiality_floor(system.classification, system.data_categories, size)
    if floor_ > 1 and size == preset.size:
        st.info(floor_message(floor_), icon=":material/lock:")


def show_activity_profile() -> None:
    st.subheader(ui.tr("guided.ds.profile_head"))
    if activity.dpia_done:
        done = ", ".join(x for x in (fmt_date(activity.dpia_date) if activity.dpia_date else "", activity.dpia_ref) if x)
        dpia_text = ui.tr("guided.yes") + (f" ({done})" if done else "")
    else:
        dpia_text = ui.tr("guided.no")
    if activity_conclusion:
        dpia_text += " · " + ui.tr(f"guided.ds.screening.{activity_conclusion}")
    profile_grid([
        ("guided.ds.f.purpose", activity.purpose or "–"),
        ("guided.ds.f.department", activity.department),
        ("guided.ds.f.responsible", activity.responsible or "–"),
        ("guided.ds.f.legal_bases", ", ".join(dpia.label("legal_bases", c, lang) for c in activity.legal_bases) or "–"),
        ("guided.ds.f.data_categories", ", ".join(ui.vl("data_category", c) for c in activity.data_categories)),
        ("guided.ds.f.subject_categories",
         ", ".join(dpia.label("subject_categories", c, lang) for c in activity.subject_categories)),
        ("guided.ds.f.subjects_band", ui.vl("subjects_band", activity.subjects_band)),
        ("guided.ds.f.systems", ", ".join(activity_systems) or "–"),
        ("guided.ds.f.dpia", dpia_text),
    ])
    if floor > 1:
        st.info(floor_message(floor), icon=":material/lock:")
    else:
        st.caption(ui.tr("guided.ds.no_floor"))
    try:
        st.page_link("pages/activities.py", label=ui.tr("guided.ds.to_activity", name=activity.name),
                     query_params={"aktivitet": str(activity_id)}, icon=":material/policy:")
    except st.errors.StreamlitAPIException:  # the activities page is not in this user's navigation
        pass


def show_context(assessment) -> None:
    """Step 1: the profile, its floor, and the previous assessment (of a system)."""
    if DS:
        show_activity_profile()
    else:
        show_system_profile(assessment)
        st.subheader(ui.tr("guided.context.previous_head"))
        prev = wb.assessments.previous(user, system.id)
        if prev is None:
            st.caption(ui.tr("guided.context.no_previous"))
        else:
            with st.container(border=True):
                st.markdown(
                    ui.tr("guided.context.previous", year=prev.year, status=ui.vl("assessment_status", prev.status),
                          scored=prev.scored, total=prev.lines)
                )
                st.markdown(ui.tr("guided.context.levels", levels=levels_text(prev.inherent, prev.preset_id)))
                st.markdown(ui.tr("guided.context.residual_levels", levels=levels_text(prev.residual, prev.preset_id)))
                if prev.approved_at:
                    st.caption(approved_text(prev.approved_by, prev.on_behalf_of, prev.approved_at))
    if assessment is not None:
        st.subheader(ui.tr("guided.context.current_head"))
        st.markdown(
            ui.tr("guided.context.current", year=assessment.year, status=ui.vl("assessment_status", assessment.status),
                  started=fmt_date(assessment.created_at), matrix=preset.name(lang), total=len(lines))
        )


def approved_text(name: str, on_behalf_of: str, when) -> str:
    if on_behalf_of:
        return ui.tr("guided.signoff.approved_behalf", name=on_behalf_of, by=name, when=fmt_datetime(when))
    return ui.tr("guided.signoff.approved", name=name, when=fmt_datetime(when))


# -- no assessment yet: the context and a start button -------------------------------------
if DS:
    floor, floor_reasons = wb.assessments.ds_floor(user, activity_id)
    assessment = wb.assessments.current_for_activity(user, activity_id)
else:
    floor, floor_reasons = 1, []
    assessment = wb.assessments.current(user, system_id)
if assessment is None:
    show_context(None)
    st.info(ui.tr("guided.ds.none_yet" if DS else "assess.none_yet"))
    start_button("guided.ds.start" if DS else "assess.start")
    st.stop()

if not DS and assessment.scale_size != preset.size:
    st.warning(ui.tr("assess.old_scale", old=assessment.scale_size, new=preset.size), icon=":material/warning:")
    start_button("assess.restart")
    st.stop()

preset = wb.assessments.preset_of(assessment)
if not DS:
    floor = confidentiality_floor(system.classification, system.data_categories, assessment.scale_size)
lines = wb.assessments.lines(user, assessment.id)
state = wb.signoff.state(user, assessment.id)
open_by_line: dict[int, list[str]] = {}
for item in state.open_items:
    open_by_line.setdefault(item.line_id, []).append(item.kind)
SCORE_KINDS = ("unscored", "floor_reason")  # open items fixed on step 3; the others on step 4


def is_scored(ln) -> bool:
    return ln.likelihood is not None and ln.consequence is not None


scored = sum(1 for ln in lines if is_scored(ln))
needing = [ln for ln in lines if needs_decision(ln, preset)]
decided = sum(1 for ln in needing if not ({"needs_decision", "acceptance_expired"} & set(open_by_line.get(ln.id, ()))))


def default_step() -> int:
    """Without ?trin: the step where work remains."""
    if not lines:
        return 2
    if any(item.kind in SCORE_KINDS for item in state.open_items):
        return 3
    if state.open_items:
        return 4
    return 5


def step_done(n: int) -> bool:
    return {
        1: True,
        2: bool(lines),
        3: bool(lines) and not any(i.kind in SCORE_KINDS for i in state.open_items),
        4: bool(lines) and not state.open_items,
        5: state.status == "godkendt",
    }.get(n, False)


try:
    step = int(st.query_params.get("trin", ""))
except ValueError:
    step = 0
if step not in STEPS:
    step = default_step()
if st.query_params.get("trin") != str(step):
    st.query_params["trin"] = str(step)


# -- the stepper and the progress -------------------------------------------------------
def on_stepper(key: str) -> None:
    value = st.session_state.get(key)
    if value is not None:
        st.query_params["trin"] = str(value)


stepper_key = f"stepper_{assessment.id}_{step}"  # a new widget per step: its default is the step in the address
st.segmented_control(
    ui.tr("guided.steps"),
    STEPS,
    default=step,
    required=True,  # clicking the current step again keeps it
    key=stepper_key,
    format_func=lambda n: ("✓ " if step_done(n) else "") + step_name(n),
    on_change=on_stepper,
    args=(stepper_key,),
    width="stretch",
)
progress_total = len(lines) + len(needing)
progress_args = {"scored": scored, "total": len(lines), "status": ui.vl("assessment_status", state.status),
                 "year": assessment.year}
st.progress(
    (scored + decided) / progress_total if progress_total else 0.0,
    text=ui.tr("guided.progress", decided=decided, needing=len(needing), **progress_args)
    if needing
    else ui.tr("assess.progress", **progress_args),
)


# -- widgets of one line ------------------------------------------------------------------
def save(line_id: int, version: int, field: str, key: str) -> None:
    """on_change: save one field of one line; keep the error for the rerun."""
    value = st.session_state.get(key)
    try:
        wb.assessments.update_line(user, line_id, version, {field: value})
    except WorkbenchError as err:
        st.session_state["line_error"] = (line_id, str(err))


def keep_unsaved(shown, line, field: str, key: str, stored=None) -> None:
    """Save a value the page shows that no on_change saved (a tab reconnected to a restarted
    server: ui.save_skipped_change); the key carries the line's version."""
    changed = writable and not ui.same_value(shown, getattr(line, field) if stored is None else stored)
    ui.save_skipped_change(FIRST_RUN, key, changed, lambda: save(line.id, line.version, field, key))


def score_options(allow_none: bool) -> list:
    return ([None] if allow_none else []) + list(range(1, preset.size + 1))


def score_label(kind: str):
    steps = preset.likelihood if kind == "likelihood" else preset.consequence

    def fmt(v):
        return ui.tr("assess.not_relevant") if v is None else f"{v} · {steps[v - 1].label(lang)}"

    return fmt


def score_captions(kind: str, allow_none: bool) -> list[str]:
    """Each step's definition and its example, under the choice itself."""
    steps = preset.likelihood if kind == "likelihood" else preset.consequence
    out = [ui.tr("assess.not_relevant_help")] if allow_none else []
    for s in steps:
        example = s.example(lang)
        out.append(s.definition(lang) + (" " + ui.tr("guided.example", example=example) if example else ""))
    return out


def radio_score(label: str, line, field: str, kind: str, harmed: bool | None, container, help_text: str = "") -> None:
    """A score with every step's label, definition and example on screen.

    Consequences offer "Ikke relevant" (``harmed`` is True/False); likelihood does not (``harmed`` None).
    Unscored shows no choice, except a dimension the threat does not harm, which starts at "Ikke relevant".
    """
    value = getattr(line, field)
    allow_none = harmed is not None
    options = score_options(allow_none)
    if value is not None:
        index = options.index(value)
    else:
        index = 0 if harmed is False else None
    key = f"l{line.id}v{line.version}:{field}"
    shown = container.radio(
        label,
        options,
        index=index,
        format_func=score_label(kind),
        captions=score_captions(kind, allow_none),
        key=key,
        on_change=save,
        disabled=not writable,
        args=(line.id, line.version, field, key),
        help=help_text or None,
    )
    keep_unsaved(shown, line, field, key)


def text_field(label: str, line, field: str, container, area: bool = True, help_text: str | None = None) -> None:
    key = f"l{line.id}v{line.version}:{field}"
    widget = container.text_area if area else container.text_input
    kwargs = {"height": 80} if area else {}
    shown = widget(
        label,
        value=getattr(line, field),
        key=key,
        on_change=save,
        disabled=not writable,
        args=(line.id, line.version, field, key),
        help=help_text,
        **kwargs,
    )
    keep_unsaved(shown, line, field, key)


def level_text(lik, con) -> str:
    lvl = preset.level_or_none(lik, con)
    return lvl.label(lang) if lvl else "–"


def decision_text(ln) -> str:
    kinds = open_by_line.get(ln.id, ())
    if not needs_decision(ln, preset):
        return "–"
    if "needs_decision" in kinds or "acceptance_expired" in kinds:
        return ui.tr("guided.decision.missing")
    return ui.tr("guided.decision.accepted") if ln.accepted and not ln.has_measure else ui.tr("guided.decision.measure")


def pick_line(idx_key: str, columns: dict, first_open) -> tuple[int, object]:
    """The lines as a table to pick from, and Previous/Next: returns (index, line)."""
    table = [
        {"pos": i + 1, "code": ln.threat_code, "threat": ln.threat_title, **{k: f(ln) for k, (_, f) in columns.items()}}
        for i, ln in enumerate(lines)
    ]
    table_key = ui.table_key(f"lines_{step}_{assessment.id}", [ln.id for ln in lines])
    picked = st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        height=240,
        on_select="rerun",
        selection_mode="single-row",
        key=table_key,
        column_config={
            "pos": st.column_config.NumberColumn("#", width="small"),
            "code": ui.tr("assess.col.code"),
            "threat": ui.tr("assess.col.threat"),
            **{k: label for k, (label, _) in columns.items()},
        },
    )
    # The table keeps its selection across reruns: only a *new* pick moves to a line, so
    # that Previous/Next still work after a row has been picked.
    picked_key = f"lines_picked_{step}_{assessment.id}"
    picked_rows = tuple(picked.selection.rows) if picked else ()
    if picked_rows and picked_rows != st.session_state.get(picked_key):
        st.session_state[idx_key] = picked_rows[0]
    st.session_state[picked_key] = picked_rows
    if idx_key not in st.session_state:
        todo = [i for i, ln in enumerate(lines) if first_open(ln)]
        st.session_state[idx_key] = todo[0] if todo else 0
    idx = max(0, min(st.session_state[idx_key], len(lines) - 1))
    line = lines[idx]
    nav1, nav2, nav3 = st.columns([1, 6, 1])
    nav1.button(ui.tr("assess.prev"), disabled=idx == 0, key="prev_line", on_click=go, args=(step, idx_key, idx - 1))
    nav3.button(ui.tr("assess.next"), disabled=idx >= len(lines) - 1, key="next_line", on_click=go,
                args=(step, idx_key, idx + 1))
    nav2.markdown(f"**{idx + 1}/{len(lines)} · {ui.md(line.threat_code)} · {ui.md(line.threat_title)}**")
    err = st.session_state.pop("line_error", None)
    if err and err[0] == line.id:
        st.error(ui.md(err[1]), icon=":material/warning:")
    return idx, line


def no_lines_yet() -> None:
    st.info(ui.tr("assess.no_lines"))
    st.button(ui.tr("guided.to_threats"), on_click=go, args=(2,))


def matrices(expanded: bool = True) -> None:
    """The inherent and residual matrices (of the system, or for the data subjects): they redraw on the
    rerun that saves a score."""
    counts = wb.assessments.matrix_counts(user, assessment.id)
    head = ui.tr("guided.ds.matrix_head") if DS else ui.tr("guided.matrix_head")
    with st.expander(head, expanded=expanded, icon=":material/grid_on:"):
        ui.matrix_pair(preset, counts["inherent"], counts["residual"], "sys", height=330)


def approved_warning() -> None:
    if state.status == "godkendt":
        st.caption(ui.tr("guided.approved_edit_note"))


# -- step 2: threats ---------------------------------------------------------------------
def show_threats() -> None:
    st.subheader(ui.tr("assess.threats_head"))
    st.caption(ui.tr("assess.threats_help"))
    if writable:
        catalogue = wb.catalogue.list()
        used = {ln.threat_id for ln in lines if ln.threat_id is not None}
        available = catalogue[~catalogue["id"].isin(used)]
        options = {int(r.id): f"{r.category} · {r.code} · {r.title}" for r in available.itertuples()}
        add = st.multiselect(
            ui.tr("assess.add_threats"), list(options), placeholder=ui.tr("ui.choose"), format_func=options.get,
            key="add_threats",
        )
        if st.button(ui.tr("assess.add"), disabled=not add, type="primary"):
            added = 0
            for tid in add:
                if ui.attempt(lambda tid=tid: wb.assessments.add_threat(user, assessment.id, tid)):
                    added += 1
            ui.flash(ui.tr("assess.added", n=added))
            st.rerun()

        with st.expander(ui.tr("assess.custom"), icon=":material/edit:"):
            with st.form("custom_threat", clear_on_submit=True):
                cats = wb.catalogue.categories()
                category = st.selectbox(ui.tr("catalogue.f.category"), cats, accept_new_options=True)
                title = st.text_input(ui.tr("catalogue.f.title"))
                description = st.text_area(ui.tr("catalogue.f.description"), height=80)
                h1, h2, h3 = st.columns(3)
                hc = h1.checkbox(ui.vl("dimension", "c"), value=True)
                hi = h2.checkbox(ui.vl("dimension", "i"), value=True)
                ha = h3.checkbox(ui.vl("dimension", "a"), value=True)
                if st.form_submit_button(ui.tr("assess.add_custom")):
                    data = ThreatInput(
                        category=category or "", title=title, description=description, harms_c=hc, harms_i=hi,
                        harms_a=ha,
                    )
                    if ui.attempt(lambda: wb.assessments.add_custom(user, assessment.id, data)):
                        ui.flash(ui.tr("assess.custom_added", title=title))
                        st.rerun()

    st.subheader(ui.tr("assess.in_assessment", n=len(lines)))
    for ln in lines:
        c1, c2 = st.columns([8, 1])
        c1.markdown(
            f"{ui.md(ln.threat_code)} · {ui.md(ln.threat_title)}" + (f" ({ui.tr('assess.custom_tag')})" if ln.custom else "")
        )
        if not writable:
            continue
        if c2.button(ui.tr("assess.remove"), key=f"rm_{ln.id}", help=ui.tr("assess.remove_help")):
            st.session_state["confirm_remove"] = ln.id
        if st.session_state.get("confirm_remove") == ln.id:
            st.warning(ui.tr("assess.remove_confirm", title=ln.threat_title))
            y, n = st.columns([1, 6])
            if y.button(ui.tr("assess.remove_yes"), key=f"rm_yes_{ln.id}", type="primary"):
                st.session_state.pop("confirm_remove", None)
                if ui.attempt(lambda ln=ln: wb.assessments.remove_line(user, ln.id, ln.version)):
                    ui.flash(ui.tr("assess.removed", title=ln.threat_title))
                    st.rerun()
            if n.button(ui.tr("ui.cancel"), key=f"rm_no_{ln.id}"):
                st.session_state.pop("confirm_remove", None)
                st.rerun()


# -- step 3: scoring -----------------------------------------------------------------------
def goto_workshop(workshop_id: int) -> None:
    try:
        st.switch_page("pages/workshop.py", query_params={"id": str(workshop_id)})
    except st.errors.StreamlitAPIException:  # the workshop page is not in this user's navigation
        ui.flash(ui.tr("guided.ws.no_page"))
        st.rerun()


def workshop_box() -> None:
    """Run the scoring as a live workshop: participants vote from their own devices."""
    if not writable:
        return
    with st.container(border=True):
        st.markdown(f"**{ui.tr('guided.ws.head')}**")
        live = wb.workshops.open_for(user, assessment.id)
        if live:
            st.markdown(ui.tr("guided.ws.open", code=format_code(live["code"])))
            if st.button(ui.tr("guided.ws.goto"), icon=":material/groups:", key="ws_goto"):
                goto_workshop(live["id"])
        else:
            st.caption(ui.tr("guided.ws.help"))
            if st.button(ui.tr("guided.ws.start"), icon=":material/groups:", key="ws_open", disabled=not lines):
                wid = ui.attempt(
                    lambda: wb.workshops.open(user, assessment.id, require_admission=ui.auth_mode() != "none")
                )
                if wid:
                    goto_workshop(wid)


def harms_field(line) -> None:
    """The kinds of harm to the data subjects (GDPR recital 75), saved as they are chosen."""
    key = f"l{line.id}v{line.version}:harms"
    default = [h for h in line.harms if h in dpia.keys("harms")]
    shown = st.multiselect(
        ui.tr("guided.ds.f.harms"),
        list(dpia.keys("harms")),
        default=default,
        format_func=lambda code: dpia.label("harms", code, lang),
        placeholder=ui.tr("ui.choose"),
        key=key,
        on_change=save,
        disabled=not writable,
        args=(line.id, line.version, "harms", key),
        help=ui.tr("guided.ds.f.harms_help"),
    )
    keep_unsaved(shown, line, "harms", key, stored=default)


def show_scoring() -> None:
    workshop_box()
    if not lines:
        no_lines_yet()
        return
    _, line = pick_line(
        f"line_idx_{assessment.id}",
        {
            "likelihood": (ui.tr("chart.likelihood"), lambda ln: ln.likelihood),
            "consequence": (consequence_head(), lambda ln: ln.consequence),
            "level": (ui.tr("assess.col.level"), lambda ln: level_text(ln.likelihood, ln.consequence)),
            "rationale": (ui.tr("guided.f.rationale"), lambda ln: "✓" if ln.score_rationale.strip() else ""),
        },
        lambda ln: not is_scored(ln),
    )
    approved_warning()
    with st.container(border=True):
        st.caption(f"{ui.md(line.category)} · {ui.md(line.threat_description)}")
        harms = [ui.vl("dimension", d) for d, on in (("c", line.harms_c), ("i", line.harms_i), ("a", line.harms_a)) if on]
        st.caption(ui.tr("guided.ds.breaches" if DS else "assess.harms", dims=", ".join(harms)))
        c1, c2 = st.columns(2)
        text_field(ui.tr("assess.f.scenario"), line, "scenario", c1,
                   help_text=ui.tr("guided.ds.scenario_help" if DS else "assess.f.scenario_help"))
        text_field(ui.tr("assess.f.existing"), line, "existing_measures", c2, help_text=ui.tr("assess.f.existing_help"))

        st.markdown(f"##### {ui.tr('assess.inherent_head')}")
        cols = st.columns(4)
        radio_score(ui.tr("chart.likelihood"), line, "likelihood", "likelihood", None, cols[0], ui.tr("assess.f.likelihood_help"))
        for col, (dim, field, harmed) in zip(
            cols[1:],
            (("c", "cons_c", line.harms_c), ("i", "cons_i", line.harms_i), ("a", "cons_a", line.harms_a)),
            strict=True,
        ):
            radio_score(
                cons_label(dim),
                line,
                field,
                "consequence",
                harmed,
                col,
                "" if harmed else ui.tr("assess.f.not_harmed"),
            )
        if DS:
            harms_field(line)
        if floor > 1:
            below = line.cons_c is not None and line.cons_c < floor
            msg = floor_message(floor)
            if below:
                st.warning(ui.tr("guided.ds.floor_below" if DS else "assess.floor_below", cons=line.cons_c) + " " + msg,
                           icon=":material/warning:")
                text_field(ui.tr("guided.ds.f.floor_reason" if DS else "assess.f.floor_reason"), line, "floor_reason",
                           st, area=False)
            else:
                st.caption(msg)
        text_field(ui.tr("guided.f.rationale"), line, "score_rationale", st, help_text=ui.tr("guided.f.rationale_help"))
        lvl = preset.level_or_none(line.likelihood, line.consequence)
        if lvl:
            st.markdown(ui.tr("assess.level_is", level=lvl.label(lang), meaning=lvl.definition(lang)))
        st.caption(ui.tr("assess.autosaved", version=line.version))
    matrices(expanded=True)


# -- step 4: treatment and risk acceptance ---------------------------------------------------
def acceptance_form(line) -> None:
    with st.form(f"accept_{line.id}_{line.version}", clear_on_submit=False):
        st.markdown(f"**{ui.tr('guided.accept.head')}**")
        c1, c2 = st.columns(2)
        by = c1.text_input(ui.tr("guided.accept.by"), placeholder=ui.tr("guided.accept.by_ph"))
        on = c2.date_input(ui.tr("guided.accept.on"), value=date.today(), format="DD-MM-YYYY",
                           min_value=MIN_DATE, max_value=MAX_DATE)
        ref = st.text_input(ui.tr("guided.accept.ref"), help=ui.tr("guided.accept.ref_help"))
        expires = st.date_input(ui.tr("guided.accept.expires"), value=None, format="DD-MM-YYYY",
                                min_value=MIN_DATE, max_value=MAX_DATE, help=ui.tr("guided.accept.expires_help"))
        if st.form_submit_button(ui.tr("guided.accept.submit"), type="primary"):
            if ui.attempt(lambda: wb.assessments.accept_risk(user, line.id, line.version, by, on, ref, expires)):
                ui.flash(ui.tr("guided.accept.saved", title=line.threat_title))
                st.rerun()


def show_acceptance(line) -> None:
    expired = line.acceptance_expires is not None and line.acceptance_expires < date.today()
    text = ui.tr("guided.accept.shown", by=line.accepted_by, on=fmt_date(line.accepted_on), ref=line.acceptance_ref or "–")
    if line.acceptance_expires:
        text += " " + ui.tr("guided.accept.until", expires=fmt_date(line.acceptance_expires))
    (st.warning if expired else st.success)(text, icon=":material/task_alt:")
    if expired:
        st.warning(ui.tr("guided.accept.expired"), icon=":material/event_busy:")
    if not writable:
        return
    confirm_key = f"confirm_clear_{line.id}"
    if st.button(ui.tr("guided.accept.clear"), key=f"clear_acc_{line.id}"):
        st.session_state[confirm_key] = True
    if st.session_state.get(confirm_key):
        st.warning(ui.tr("guided.accept.clear_confirm", title=line.threat_title))
        y, n = st.columns([1, 6])
        if y.button(ui.tr("guided.accept.clear_yes"), key=f"clear_yes_{line.id}", type="primary"):
            st.session_state.pop(confirm_key, None)
            if ui.attempt(lambda: wb.assessments.clear_acceptance(user, line.id, line.version)):
                ui.flash(ui.tr("guided.accept.cleared", title=line.threat_title))
                st.rerun()
        if n.button(ui.tr("ui.cancel"), key=f"clear_no_{line.id}"):
            st.session_state.pop(confirm_key, None)
            st.rerun()


def show_treatment() -> None:
    if not lines:
        no_lines_yet()
        return
    _, line = pick_line(
        f"treat_idx_{assessment.id}",
        {
            "level": (ui.tr("assess.col.level"), lambda ln: level_text(ln.likelihood, ln.consequence)),
            "treatment": (ui.tr("assess.col.treatment"), lambda ln: ui.vl("treatment", ln.treatment)),
            "residual": (ui.tr("chart.residual"), lambda ln: level_text(*ln.residual)),
            "decision": (ui.tr("guided.col.decision"), decision_text),
        },
        lambda ln: bool({"needs_decision", "acceptance_expired"} & set(open_by_line.get(ln.id, ()))),
    )
    approved_warning()
    with st.container(border=True):
        lvl = preset.level_or_none(line.likelihood, line.consequence)
        if lvl:
            st.markdown(ui.tr("guided.inherent_is", level=lvl.label(lang)))
        else:
            st.info(ui.tr("guided.unscored_line"))
            st.button(ui.tr("guided.to_scoring"), key="to_scoring", on_click=go,
                      args=(3, f"line_idx_{assessment.id}", lines.index(line)))
        key = f"l{line.id}v{line.version}:treatment"
        shown = st.radio(
            ui.tr("assess.col.treatment"),
            [None, *TREATMENTS],
            index=([None, *TREATMENTS]).index(line.treatment),
            horizontal=True,
            format_func=lambda v: ui.tr("assess.undecided") if v is None else ui.vl("treatment", v),
            key=key,
            on_change=save,
            disabled=not writable,
            args=(line.id, line.version, "treatment", key),
            help=" · ".join(f"{ui.vl('treatment', v)}: {ui.vl('treatment_help', v)}" for v in TREATMENTS),
        )
        keep_unsaved(shown, line, "treatment", key)
        c1, c2, c3 = st.columns([3, 2, 1])
        text_field(ui.tr("assess.f.planned"), line, "planned_measures", c1)
        text_field(ui.tr("assess.f.measure_owner"), line, "measure_owner", c2, area=False)
        dkey = f"l{line.id}v{line.version}:measure_deadline"
        shown = c3.date_input(
            ui.tr("assess.f.deadline"),
            value=line.measure_deadline,
            format="DD-MM-YYYY",
            key=dkey,
            min_value=MIN_DATE,
            max_value=MAX_DATE,
            on_change=save,
            disabled=not writable,
            args=(line.id, line.version, "measure_deadline", dkey),
        )
        keep_unsaved(shown, line, "measure_deadline", dkey)
        st.markdown(f"##### {ui.tr('assess.residual_head')}")
        st.caption(ui.tr("assess.residual_help"))
        c1, c2, c3 = st.columns([2, 2, 2])
        for col, field, kind in ((c1, "residual_likelihood", "likelihood"), (c2, "residual_consequence", "consequence")):
            rkey = f"l{line.id}v{line.version}:{field}"
            opts = score_options(True)
            shown = col.selectbox(
                ui.tr("guided.ds.f.residual_consequence") if DS and field == "residual_consequence"
                else ui.tr(f"assess.f.{field}"),
                opts,
                index=opts.index(getattr(line, field)),
                format_func=lambda v, k=kind: ui.tr("assess.same_as_inherent") if v is None else score_label(k)(v),
                key=rkey,
                on_change=save,
                disabled=not writable,
                args=(line.id, line.version, field, rkey),
            )
            keep_unsaved(shown, line, field, rkey)
        text_field(ui.tr("assess.f.risk_owner"), line, "risk_owner", c3, area=False)
        rl = preset.level_or_none(*line.residual)
        if rl:
            st.markdown(ui.tr("guided.residual_is", level=rl.label(lang), meaning=rl.definition(lang)))

        # -- the decision a residual risk above the acceptance threshold needs
        st.markdown(f"##### {ui.tr('guided.decision_head')}")
        kinds = open_by_line.get(line.id, ())
        if needs_decision(line, preset):
            if "needs_decision" in kinds:
                st.warning(ui.tr("guided.needs_decision", level=rl.label(lang)), icon=":material/priority_high:")
            if line.has_measure:
                st.success(ui.tr("guided.decided_measure", owner=line.measure_owner,
                                 deadline=fmt_date(line.measure_deadline)), icon=":material/task_alt:")
            if line.accepted:
                show_acceptance(line)
            if writable and (not line.accepted or "acceptance_expired" in kinds):
                acceptance_form(line)
        else:
            if rl:
                st.caption(ui.tr("guided.below_threshold"))
            if line.accepted:
                show_acceptance(line)
        st.caption(ui.tr("assess.autosaved", version=line.version))
    matrices(expanded=True)


# -- step 5: summary and sign-off ------------------------------------------------------------
def show_open_items() -> None:
    st.subheader(ui.tr("guided.open_head"))
    if not state.open_items:
        st.success(ui.tr("guided.open_none"), icon=":material/task_alt:")
        return
    st.caption(ui.tr("guided.open_help", n=len(state.open_items)))
    index = {ln.id: i for i, ln in enumerate(lines)}
    box = st.container(height=420) if len(state.open_items) > 8 else st.container()
    for n, item in enumerate(state.open_items):
        c1, c2 = box.columns([6, 1], vertical_alignment="center")
        if item.kind == "no_lines":
            c1.markdown(ui.tr("guided.open.no_lines"))
            c2.button(ui.tr("guided.open.goto"), key=f"open_item_{n}", on_click=go, args=(2,))
            continue
        kind_key = "guided.ds.open.floor_reason" if DS and item.kind == "floor_reason" else f"guided.open.{item.kind}"
        c1.markdown(ui.tr(kind_key, threat=item.threat))
        if item.kind in SCORE_KINDS:
            args = (3, f"line_idx_{assessment.id}", index.get(item.line_id, 0))
        else:
            args = (4, f"treat_idx_{assessment.id}", index.get(item.line_id, 0))
        c2.button(ui.tr("guided.open.goto"), key=f"open_item_{n}", on_click=go, args=args)


def role_label(code: str) -> str:
    return ui.tr(f"value.participant_role.{code}") if code in PARTICIPANT_ROLES else code


def show_participants() -> None:
    st.subheader(ui.tr("guided.people_head"))
    st.caption(ui.tr("guided.people_help"))
    people = wb.workshops.participants(user, assessment.id)
    if people.empty:
        st.caption(ui.tr("guided.people_none"))
    else:
        st.dataframe(
            [
                {
                    "name": r.name,
                    "role": role_label(r.role_title),
                    "date": fmt_date(r.attended_on),
                    "how": ui.tr("guided.people.workshop") if pd.notna(r.workshop_id) else ui.tr("guided.people.by_hand"),
                }
                for r in people.itertuples()
            ],
            hide_index=True,
            width="stretch",
            column_config={
                "name": ui.tr("guided.people.name"),
                "role": ui.tr("guided.people.role"),
                "date": ui.tr("guided.people.date"),
                "how": ui.tr("guided.people.how"),
            },
        )
    if not writable:
        return
    c1, c2 = st.columns(2)
    with c1.form("add_participant", clear_on_submit=True):
        st.markdown(f"**{ui.tr('guided.people.add_head')}**")
        name = st.text_input(ui.tr("guided.people.name"))
        role = st.selectbox(ui.tr("guided.people.role"), PARTICIPANT_ROLES, format_func=role_label)
        when = st.date_input(ui.tr("guided.people.date"), value=date.today(), format="DD-MM-YYYY",
                             min_value=MIN_DATE, max_value=MAX_DATE)
        if st.form_submit_button(ui.tr("guided.people.add")):
            if ui.attempt(lambda: wb.workshops.add_participant(user, assessment.id, name, role, when)):
                ui.flash(ui.tr("guided.people.added", name=name))
                st.rerun()
    if people.empty:
        return
    with c2:
        names = {int(r.id): f"{r.name} · {role_label(r.role_title)}" for r in people.itertuples()}
        versions = {int(r.id): int(r.version) for r in people.itertuples()}
        pid = st.selectbox(ui.tr("guided.people.remove_pick"), list(names), index=None, format_func=names.get,
                           placeholder=ui.tr("ui.choose"), key="remove_participant")
        if st.button(ui.tr("assess.remove"), key="rm_participant", disabled=pid is None):
            st.session_state["confirm_participant"] = pid
        if pid is not None and st.session_state.get("confirm_participant") == pid:
            st.warning(ui.tr("guided.people.remove_confirm", name=names[pid]))
            y, n = st.columns([1, 3])
            if y.button(ui.tr("assess.remove_yes"), key="rm_participant_yes", type="primary"):
                st.session_state.pop("confirm_participant", None)
                if ui.attempt(lambda: wb.workshops.remove_participant(user, pid, versions[pid])):
                    ui.flash(ui.tr("guided.people.removed", name=names[pid]))
                    st.rerun()
            if n.button(ui.tr("ui.cancel"), key="rm_participant_no"):
                st.session_state.pop("confirm_participant", None)
                st.rerun()


def show_decisions() -> None:
    decisions = wb.workshops.decisions(user, assessment.id)
    if decisions.empty:
        return
    st.subheader(ui.tr("guided.decisions_head"))
    st.dataframe(
        [
            {
                "at": fmt_datetime(r.decided_at),
                "threat": f"{r.threat_code} {r.threat_title}",
                "likelihood": r.likelihood,
                "cons_c": r.cons_c,
                "cons_i": r.cons_i,
                "cons_a": r.cons_a,
                "rationale": r.rationale,
                "votes": r.votes,
            }
            for r in decisions.itertuples()
        ],
        hide_index=True,
        width="stretch",
        column_config={
            "at": ui.tr("history.col.at"),
            "threat": ui.tr("assess.col.threat"),
            "likelihood": ui.tr("chart.likelihood"),
            "cons_c": ui.vl("dimension", "c"),
            "cons_i": ui.vl("dimension", "i"),
            "cons_a": ui.vl("dimension", "a"),
            "rationale": ui.tr("guided.f.rationale"),
            "votes": ui.tr("guided.decisions.votes"),
        },
    )


def show_signoff() -> None:
    st.subheader(ui.tr("guided.signoff_head"))
    st.caption(ui.tr("guided.ds.signoff.who" if DS else "guided.signoff.who"))
    if state.outdated:
        st.warning(
            ui.tr(
                "guided.signoff.outdated",
                name=state.outdated.get("on_behalf_of") or state.outdated["approver_name"],
                when=fmt_datetime(state.outdated["approved_at"]),
                changed=", ".join(state.changed) or (state.outdated.get("outdated_reason") or ""),
            ),
            icon=":material/history:",
        )
    blocked = bool(state.open_items)
    if state.status == "kladde":
        st.info(ui.tr("guided.signoff.draft"))
        if blocked:
            st.caption(ui.tr("guided.signoff.blocked", n=len(state.open_items)))
        if st.button(ui.tr("guided.signoff.submit"), type="primary", disabled=blocked or not writable,
                     help=ui.tr("guided.signoff.blocked", n=len(state.open_items)) if blocked else None):
            if ui.attempt(lambda: wb.signoff.submit(user, assessment.id, state.version)):
                ui.flash(ui.tr("guided.signoff.submitted"))
                st.rerun()
    elif state.status == "til_godkendelse":
        st.info(ui.tr("guided.signoff.in_review"))
        if blocked:
            st.caption(ui.tr("guided.signoff.blocked_approve", n=len(state.open_items)))
        if ui.can("assessment.approve", department, owner):
            with st.form("approve"):
                behalf = ""
                if user.role == "koordinator":
                    behalf = st.text_input(ui.tr("guided.signoff.behalf"), help=ui.tr("guided.signoff.behalf_help"))
                comment = st.text_area(ui.tr("guided.signoff.comment"), height=68)
                if st.form_submit_button(ui.tr("guided.signoff.approve"), type="primary", disabled=blocked):
                    if ui.attempt(lambda: wb.signoff.approve(user, assessment.id, state.version, comment, behalf)):
                        ui.flash(ui.tr("guided.signoff.approved_flash"))
                        st.rerun()
        else:
            st.caption(ui.tr("guided.signoff.cannot_approve"))
        if writable:
            with st.expander(ui.tr("guided.signoff.return")):
                with st.form("return_to_draft"):
                    reason = st.text_area(ui.tr("guided.signoff.reason"), height=68)
                    if st.form_submit_button(ui.tr("guided.signoff.return")):
                        if ui.attempt(lambda: wb.signoff.return_to_draft(user, assessment.id, state.version, reason)):
                            ui.flash(ui.tr("guided.signoff.returned"))
                            st.rerun()
    elif state.approval:
        a = state.approval
        st.success(approved_text(a["approver_name"], a["on_behalf_of"], a["approved_at"]), icon=":material/verified:")
        if a.get("comment"):
            st.caption(ui.tr("guided.signoff.comment_shown", comment=a["comment"]))


def show_summary() -> None:
    st.subheader(ui.tr("guided.summary_head"))
    matrices(expanded=True)
    show_open_items()
    show_participants()
    show_decisions()
    show_signoff()


def show_history() -> None:
    st.subheader(ui.tr("assess.history_head"))
    st.caption(ui.tr("assess.history_help"))
    hist = wb.history.for_assessment(user, assessment.id, labels=ASSESS_FIELD_LABELS_DA)
    ui.history_table(hist)
    if not DS:
        with st.expander(ui.tr("assess.system_history")):
            ui.history_table(wb.history.for_system(user, system_id))


# -- the current step, and Back / Next ------------------------------------------------------
st.header(step_name(step), divider="gray")
{1: lambda: show_context(assessment), 2: show_threats, 3: show_scoring, 4: show_treatment, 5: show_summary,
 6: show_history}[step]()

back, _, forward = st.columns([3, 1, 3])
if step > 1:
    target = min(step - 1, LAST)
    back.button(ui.tr("guided.back", step=step_name(target)), key="step_back", on_click=go, args=(target,),
                icon=":material/arrow_back:", width="stretch")
if step < LAST:
    forward.button(ui.tr("guided.forward", step=step_name(step + 1)), key="step_next", on_click=go, args=(step + 1,),
                   type="primary", icon=":material/arrow_forward:", icon_position="right", width="stretch")
