"""Risikovurdering: assess one system. Pick threats, score them, treat them.

Every choice is saved the moment it is made (with the line's version, so two
people scoring the same line cannot overwrite each other silently), and the
system's matrices redraw on the same rerun.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from pages import ui
from riskmodel.errors import WorkbenchError
from riskmodel.model import TREATMENTS, ThreatInput, confidentiality_floor
from riskmodel.services.assessments import FIELD_LABELS_DA as ASSESS_FIELD_LABELS_DA

wb = ui.workbench()
user = ui.actor()
lang = ui.lang()
preset = wb.settings.preset()

st.title(ui.tr("assess.title"))
ui.show_flash()

# -- which system ----------------------------------------------------------------
systems = wb.systems.names(user)
if not systems:
    st.info(ui.tr("assess.no_systems"))
    st.page_link("pages/systems.py", label=ui.tr("nav.systems"), icon=":material/inventory_2:")
    st.stop()
ids = [s[0] for s in systems]
labels = {s[0]: f"{s[1]} · {s[2]}" for s in systems}
param = st.query_params.get("system")
try:
    wanted = int(param) if param is not None else None
except ValueError:
    st.warning(ui.tr("assess.bad_param", id=param))
    wanted = None
if wanted is not None and wanted not in labels:
    # Ask the service anyway: it refuses (and audits) a system outside the user's access.
    if ui.attempt(lambda: wb.systems.get(user, wanted)):
        st.warning(ui.tr("assess.unknown_system", id=param))
    wanted = None
system_id = st.selectbox(
    ui.tr("assess.system"),
    ids,
    index=ids.index(wanted) if wanted in ids else None,
    format_func=labels.get,
    placeholder=ui.tr("assess.system_ph"),
    key=f"system_pick_{wanted}",
)
if system_id is None:
    st.caption(ui.tr("assess.pick_hint"))
    st.stop()
if str(system_id) != param:
    st.query_params["system"] = str(system_id)

system = wb.systems.get(user, system_id)
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

writable = ui.can("assessment.write", system.department, system.owner)
if not writable:
    st.info(ui.tr("assess.read_only"), icon=":material/visibility:")

assessment = wb.assessments.current(user, system_id)
if assessment is None:
    st.info(ui.tr("assess.none_yet"))
    if st.button(ui.tr("assess.start"), type="primary", disabled=not writable):
        if ui.attempt(lambda: wb.assessments.start(user, system_id)):
            ui.flash(ui.tr("assess.started"))
            st.rerun()
    st.stop()

if assessment.scale_size != preset.size:
    st.warning(ui.tr("assess.old_scale", old=assessment.scale_size, new=preset.size), icon=":material/warning:")
    if st.button(ui.tr("assess.restart"), type="primary", disabled=not writable):
        if ui.attempt(lambda: wb.assessments.start(user, system_id)):
            ui.flash(ui.tr("assess.started"))
            st.rerun()
    st.stop()

floor = confidentiality_floor(system.classification, system.data_categories, assessment.scale_size)
lines = wb.assessments.lines(user, assessment.id)

# -- the system's own matrices -----------------------------------------------------
counts = wb.assessments.matrix_counts(user, assessment.id)
ui.matrix_pair(preset, counts["inherent"], counts["residual"], "sys", height=330)
scored = sum(1 for ln in lines if ln.likelihood is not None and ln.consequence is not None)
st.progress(
    scored / len(lines) if lines else 0.0,
    text=ui.tr(
        "assess.progress",
        scored=scored,
        total=len(lines),
        status=ui.vl("assessment_status", assessment.status),
        year=assessment.year,
    ),
)

mode = (
    st.segmented_control(
        ui.tr("assess.mode"),
        ["score", "threats", "history"] if writable else ["score", "history"],
        default="score",
        key="assess_mode",
        format_func=lambda m: ui.tr(f"assess.mode.{m}"),
    )
    or "score"
)


def save(line_id: int, version: int, field: str, key: str) -> None:
    """on_change: save one field of one line; keep the error for the rerun."""
    value = st.session_state.get(key)
    try:
        wb.assessments.update_line(user, line_id, version, {field: value})
    except WorkbenchError as err:
        st.session_state["line_error"] = (line_id, str(err))


def score_options(allow_none: bool) -> list:
    return ([None] if allow_none else []) + list(range(1, preset.size + 1))


def score_label(kind: str):
    steps = preset.likelihood if kind == "likelihood" else preset.consequence

    def fmt(v):
        return ui.tr("assess.not_relevant") if v is None else f"{v} · {steps[v - 1].label(lang)}"

    return fmt


def score_captions(kind: str, allow_none: bool) -> list[str]:
    steps = preset.likelihood if kind == "likelihood" else preset.consequence
    return ([ui.tr("assess.not_relevant_help")] if allow_none else []) + [s.definition(lang) for s in steps]


def radio_score(label: str, line, field: str, kind: str, harmed: bool | None, container, help_text: str = "") -> None:
    """A score with every step's label and definition on screen.

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
    container.radio(
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


def text_field(label: str, line, field: str, container, area: bool = True, help_text: str | None = None) -> None:
    key = f"l{line.id}v{line.version}:{field}"
    widget = container.text_area if area else container.text_input
    kwargs = {"height": 80} if area else {}
    widget(
        label,
        value=getattr(line, field),
        key=key,
        on_change=save,
        disabled=not writable,
        args=(line.id, line.version, field, key),
        help=help_text,
        **kwargs,
    )


def level_text(lik, con) -> str:
    lvl = preset.level_or_none(lik, con)
    return lvl.label(lang) if lvl else "–"


if mode == "score":
    if not lines:
        st.info(ui.tr("assess.no_lines"))
        st.stop()
    # Overview of all lines: pick one to score.
    table = [
        {
            "pos": i + 1,
            "code": ln.threat_code,
            "threat": ln.threat_title,
            "likelihood": ln.likelihood,
            "consequence": ln.consequence,
            "level": level_text(ln.likelihood, ln.consequence),
            "treatment": ui.vl("treatment", ln.treatment),
            "residual": level_text(*ln.residual),
        }
        for i, ln in enumerate(lines)
    ]
    picked = st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        height=260,
        on_select="rerun",
        selection_mode="single-row",
        key=f"lines_table_{assessment.id}",
        column_config={
            "pos": st.column_config.NumberColumn("#", width="small"),
            "code": ui.tr("assess.col.code"),
            "threat": ui.tr("assess.col.threat"),
            "likelihood": ui.tr("chart.likelihood"),
            "consequence": ui.tr("chart.consequence"),
            "level": ui.tr("assess.col.level"),
            "treatment": ui.tr("assess.col.treatment"),
            "residual": ui.tr("chart.residual"),
        },
    )
    idx_key = f"line_idx_{assessment.id}"
    # The table keeps its selection across reruns: only a *new* pick moves to a line, so
    # that Previous/Next still work after a row has been picked.
    picked_rows = tuple(picked.selection.rows) if picked else ()
    if picked_rows and picked_rows != st.session_state.get(f"lines_picked_{assessment.id}"):
        st.session_state[idx_key] = picked_rows[0]
    st.session_state[f"lines_picked_{assessment.id}"] = picked_rows
    if idx_key not in st.session_state:
        unscored = [i for i, ln in enumerate(lines) if ln.likelihood is None or ln.consequence is None]
        st.session_state[idx_key] = unscored[0] if unscored else 0
    idx = min(st.session_state[idx_key], len(lines) - 1)
    line = lines[idx]

    nav1, nav2, nav3 = st.columns([1, 6, 1])
    if nav1.button(ui.tr("assess.prev"), disabled=idx == 0, key="prev_line"):
        st.session_state[idx_key] = idx - 1
        st.rerun()
    if nav3.button(ui.tr("assess.next"), disabled=idx >= len(lines) - 1, key="next_line"):
        st.session_state[idx_key] = idx + 1
        st.rerun()
    nav2.markdown(f"**{idx + 1}/{len(lines)} · {ui.md(line.threat_code)} · {ui.md(line.threat_title)}**")

    err = st.session_state.pop("line_error", None)
    if err and err[0] == line.id:
        st.error(ui.md(err[1]), icon=":material/warning:")
    with st.container(border=True):
        st.caption(f"{ui.md(line.category)} · {ui.md(line.threat_description)}")
        harms = [ui.vl("dimension", d) for d, on in (("c", line.harms_c), ("i", line.harms_i), ("a", line.harms_a)) if on]
        st.caption(ui.tr("assess.harms", dims=", ".join(harms)))
        c1, c2 = st.columns(2)
        text_field(ui.tr("assess.f.scenario"), line, "scenario", c1, help_text=ui.tr("assess.f.scenario_help"))
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
                ui.tr("assess.f.consequence_for", dim=ui.vl("dimension", dim)),
                line,
                field,
                "consequence",
                harmed,
                col,
                "" if harmed else ui.tr("assess.f.not_harmed"),
            )
        if floor > 1:
            below = line.cons_c is not None and line.cons_c < floor
            msg = ui.tr("assess.floor", floor=floor, label=preset.consequence[floor - 1].label(lang))
            if below:
                st.warning(ui.tr("assess.floor_below", cons=line.cons_c) + " " + msg, icon=":material/warning:")
                text_field(ui.tr("assess.f.floor_reason"), line, "floor_reason", st, area=False)
            else:
                st.caption(msg)
        lvl = preset.level_or_none(line.likelihood, line.consequence)
        if lvl:
            st.markdown(ui.tr("assess.level_is", level=lvl.label(lang), meaning=lvl.definition(lang)))

        st.markdown(f"##### {ui.tr('assess.treatment_head')}")
        key = f"l{line.id}v{line.version}:treatment"
        st.radio(
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
        c1, c2, c3 = st.columns([3, 2, 1])
        text_field(ui.tr("assess.f.planned"), line, "planned_measures", c1)
        text_field(ui.tr("assess.f.measure_owner"), line, "measure_owner", c2, area=False)
        dkey = f"l{line.id}v{line.version}:measure_deadline"
        c3.date_input(
            ui.tr("assess.f.deadline"),
            value=line.measure_deadline,
            format="DD-MM-YYYY",
            key=dkey,
            min_value=date(2000, 1, 1),
            max_value=date(2100, 1, 1),
            on_change=save,
            disabled=not writable,
            args=(line.id, line.version, "measure_deadline", dkey),
        )
        st.markdown(f"##### {ui.tr('assess.residual_head')}")
        st.caption(ui.tr("assess.residual_help"))
        c1, c2, c3 = st.columns([2, 2, 2])
        for col, field, kind in ((c1, "residual_likelihood", "likelihood"), (c2, "residual_consequence", "consequence")):
            rkey = f"l{line.id}v{line.version}:{field}"
            opts = score_options(True)
            col.selectbox(
                ui.tr(f"assess.f.{field}"),
                opts,
                index=opts.index(getattr(line, field)),
                format_func=lambda v, k=kind: ui.tr("assess.same_as_inherent") if v is None else score_label(k)(v),
                key=rkey,
                on_change=save,
                disabled=not writable,
                args=(line.id, line.version, field, rkey),
            )
        text_field(ui.tr("assess.f.risk_owner"), line, "risk_owner", c3, area=False)
        rl = preset.level_or_none(*line.residual)
        if rl:
            st.markdown(ui.tr("assess.residual_is", level=rl.label(lang)))
        st.caption(ui.tr("assess.autosaved", version=line.version))

elif mode == "history":
    st.subheader(ui.tr("assess.history_head"))
    st.caption(ui.tr("assess.history_help"))
    hist = wb.history.for_assessment(user, assessment.id, labels=ASSESS_FIELD_LABELS_DA)
    ui.history_table(hist)
    with st.expander(ui.tr("assess.system_history")):
        ui.history_table(wb.history.for_system(user, system_id))
else:
    st.subheader(ui.tr("assess.threats_head"))
    st.caption(ui.tr("assess.threats_help"))
    catalogue = wb.catalogue.list()
    used = {ln.threat_id for ln in lines if ln.threat_id is not None}
    available = catalogue[~catalogue["id"].isin(used)]
    options = {int(r.id): f"{r.category} · {r.code} · {r.title}" for r in available.itertuples()}
    add = st.multiselect(
        ui.tr("assess.add_threats"), list(options), placeholder=ui.tr("ui.choose"), format_func=options.get, key="add_threats"
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
                    category=category or "", title=title, description=description, harms_c=hc, harms_i=hi, harms_a=ha
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
