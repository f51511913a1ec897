"""Workshop: the facilitator's screen of a live workshop, and its projector view.

``?id=<workshop>`` opens a workshop; without it the page lists the open workshops the user
may facilitate and opens a new one, on a system's assessment or on a processing activity's
assessment of the risk to the data subjects (``?system=<id>`` / ``?aktivitet=<id>`` preselects it).
On the data-subject lens the consequences are the severity for the data subjects of a breach of
confidentiality, integrity or availability, on the data-subject matrix.
``?visning=projektor`` is the layout for a shared screen: large type, one threat, the
live vote overview, no controls.

The live panel (who has voted, the spread, the votes once revealed) redraws every
LIVE_SECONDS in a fragment. When the workshop itself changes (another threat, the votes
revealed, someone joins or is let in: its version moves) the whole page redraws, so the
controls always act on the version on screen.
"""

from __future__ import annotations

import streamlit as st

from pages import ui
from riskmodel import dpia
from riskmodel.dates import fmt_datetime
from riskmodel.errors import WorkbenchError
from riskmodel.workshop import DIMENSIONS, format_code

wb = ui.workbench()
user = ui.actor()
lang = ui.lang()
projector = st.query_params.get("visning") == "projektor"
KINDS = ("org", "ds")  # a system's assessment; a processing activity's, for the data subjects
KIND_KEY = "ws_kind"


def join_link(code: str) -> str:
    """The participants' link: this server's address (as the browser sees it) + /deltag?kode=."""
    path = f"/deltag?kode={code}"
    here = st.context.url  # None without a browser (AppTest): then the path alone
    if not here:
        return path
    base = here.rstrip("/")
    if base.endswith("/workshop"):
        base = base[: -len("/workshop")]
    return base + path


def int_param(name: str) -> int | None:
    value = st.query_params.get(name)
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        st.warning(ui.tr("ws.bad_param", value=value))
        return None


# -- no workshop chosen: the open ones, or open a new one -------------------------------------
def choose() -> int | None:
    """The open workshops, and a new one: returns the id of a workshop just opened."""
    st.title(ui.tr("ws.title"))
    ui.show_flash()
    st.info(ui.tr("ws.how_to_start"), icon=":material/info:")
    activities = wb.activities.list(user)
    # Processing activities with a current data-subject assessment the user may facilitate.
    ds_rows = [r for r in activities.itertuples()
               if isinstance(r.ds_status, str) and ui.can("assessment.write", r.department, r.responsible)]
    rows = open_workshops(ds_rows)
    st.subheader(ui.tr("ws.open_list"))
    if not rows:
        st.caption(ui.tr("ws.none_open"))
    for r in rows:
        st.page_link(
            "pages/workshop.py",
            label=ui.tr("ws.open_item", system=r["system_name"], code=format_code(r["code"]),
                        at=fmt_datetime(r["opened_at"])),
            query_params={"id": r["id"]},
            icon=":material/groups:",
        )

    st.subheader(ui.tr("ws.start"))
    if "aktivitet" in st.query_params:
        st.session_state[KIND_KEY] = "ds"
    elif "system" in st.query_params:
        st.session_state[KIND_KEY] = "org"
    elif st.session_state.get(KIND_KEY) not in KINDS:
        st.session_state[KIND_KEY] = "org"
    kind = st.segmented_control(ui.tr("ws.kind"), KINDS, required=True, key=KIND_KEY,
                                format_func=lambda v: ui.tr(f"ws.kind.{v}"))
    if kind == "ds":
        if not ds_rows:
            st.caption(ui.tr("ws.no_activities"))
            return None
        ids = [int(r.id) for r in ds_rows]
        labels = {int(r.id): f"{r.name} · {r.department}" for r in ds_rows}
        wanted = int_param("aktivitet")
        picked = st.selectbox(ui.tr("ws.activity"), ids, index=ids.index(wanted) if wanted in ids else None,
                              format_func=labels.get, placeholder=ui.tr("ws.activity_ph"))
    else:
        systems = wb.systems.names(user)
        if not systems:
            st.caption(ui.tr("ws.no_systems"))
            return None
        ids = [s[0] for s in systems]
        labels = {s[0]: f"{s[1]} · {s[2]}" for s in systems}
        wanted = int_param("system")
        picked = st.selectbox(
            ui.tr("ws.system"),
            ids,
            index=ids.index(wanted) if wanted in ids else None,
            format_func=labels.get,
            placeholder=ui.tr("ws.system_ph"),
        )
    if st.button(ui.tr("ws.open"), type="primary", icon=":material/play_arrow:", disabled=picked is None):
        if kind == "ds":
            assessment = wb.assessments.current_for_activity(user, picked)
            missing = "ws.no_ds_assessment"
        else:
            assessment = wb.assessments.current(user, picked)
            missing = "ws.no_assessment"
        if assessment is None:
            st.error(ui.tr(missing), icon=":material/warning:")
        else:
            admission = ui.auth_mode() != "none"
            return ui.attempt(lambda: wb.workshops.open(user, assessment.id, require_admission=admission))
    return None


def open_workshops(ds_rows: list) -> list[dict]:
    """The open workshops the user may run: those on systems (the service's list) and those on the
    data-subject assessments of ``ds_rows`` (processing activities), newest first."""
    rows = list(wb.workshops.open_workshops(user))
    seen = {r["id"] for r in rows}
    for r in ds_rows:
        assessment = wb.assessments.current_for_activity(user, int(r.id))
        live = wb.workshops.open_for(user, assessment.id) if assessment else None
        if live and live["id"] not in seen:
            rows.append({**live, "system_name": r.name})
            seen.add(live["id"])
    return sorted(rows, key=lambda r: r["opened_at"], reverse=True)


# -- one workshop ----------------------------------------------------------------------------
def member_lines(members: list[dict]) -> list[str]:
    return [
        ui.tr("ws.member_voted" if m["voted"] else "ws.member_not_voted", name=m["name"],
              role=ui.tr(f"ws.role.{m['role_title']}"))
        for m in members
    ]


@ui.live_fragment(ui.LIVE_SECONDS)  # the idle timeout holds in every run
def live_panel(wid: int, version: int, size: int, big: bool, lens: str = "org") -> None:
    """Who has voted, who waits, the spread and (once revealed) every vote: redrawn every LIVE_SECONDS."""
    state = ui.attempt(lambda: wb.workshops.live(user, wid))
    if state is None:
        return
    if state.workshop["version"] != version or state.workshop["status"] != "aaben":
        st.rerun()  # the workshop moved on (another screen, a join): redraw the whole page
    line = state.line
    if line is None:
        return
    dims = ui.ws_dimensions(line)
    revealed = state.workshop["phase"] == "vist"
    admitted = state.admitted
    left, right = st.columns([1, 2])
    left.metric(ui.tr("ws.votes_cast"), ui.tr("ws.votes_of", n=sum(m["voted"] for m in admitted), total=len(admitted)))
    with right:
        st.markdown(f"**{ui.tr('ws.members')}**")
        if not admitted:
            st.markdown(ui.tr("ws.no_members"))
        elif big:  # the projector: one line of large type per person
            for text in member_lines(admitted):
                st.subheader(text)
        else:
            st.markdown("  \n".join(member_lines(admitted)))
    if state.waiting:
        if big:
            st.caption(ui.tr("ws.waiting_count", n=len(state.waiting)))
        else:
            st.markdown(f"**{ui.tr('ws.waiting')}**")
            for m in state.waiting:
                name_col, admit_col, dismiss_col = st.columns([3, 1, 1])
                name_col.markdown(ui.tr("ws.waiting_member", name=m["name"], role=ui.tr(f"ws.role.{m['role_title']}")))
                if admit_col.button(ui.tr("ws.admit"), key=f"admit_{m['id']}", icon=":material/login:"):
                    if ui.attempt(lambda m=m: wb.workshops.admit(user, wid, m["id"])):
                        st.rerun()
                if dismiss_col.button(ui.tr("ws.dismiss"), key=f"dismiss_{m['id']}", icon=":material/block:"):
                    if ui.attempt(lambda m=m: wb.workshops.dismiss(user, wid, m["id"])):
                        st.rerun()
    if big and not revealed:
        # On the shared screen the spread waits for the reveal: no one anchors on the others' estimates.
        st.caption(ui.tr("ws.spread_after_reveal"))
    else:
        st.markdown(f"**{ui.tr('ws.spread')}**")
        ui.ws_spread(state.spreads, size, dims, big=big, lens=lens)
    if revealed:
        st.markdown(f"**{ui.tr('ws.votes')}**")
        ui.ws_votes(state.votes, dims, lens=lens)


def decision_note(decision: dict | None, dims: list[str]) -> None:
    if decision:
        st.success(ui.tr("ws.decided", values=ui.ws_summary(decision, dims), rationale=decision["rationale"]),
                   icon=":material/gavel:")


def step_label(steps, none_label: str):
    return lambda v: none_label if v is None else f"{v} · {steps[v - 1].label(lang)}"


def act(call, args: tuple, kwargs: dict | None = None, success: str | None = None) -> None:
    """on_click: one service call with what the screen showed when it was drawn (the workshop's and
    the line's version), so a click never acts on a state its user has not seen. The error, if
    any, is shown on the rerun that follows."""
    try:
        call(*args, **(kwargs or {}))
    except WorkbenchError as err:
        st.session_state["ws_error"] = str(err)
    else:
        if success:
            ui.flash(success)


def decide(wid: int, line_version: int, keys: dict[str, str], threat: str) -> None:
    values = {dim: st.session_state.get(key) for dim, key in keys.items() if dim != "rationale"}
    act(wb.workshops.decide, (user, wid, line_version, values, st.session_state.get(keys["rationale"], "")),
        success=ui.tr("ws.decide_saved", threat=threat))


def decide_form(wid: int, state, preset, lens: str = "org") -> None:
    """The agreed value: prefilled with the median of the votes (the cautious side on a tie)."""
    line, spreads = state.line, state.spreads
    harmed = ui.ws_dimensions(line)

    def proposal(dim: str):
        median = spreads[dim].median
        if median is not None and dim in harmed:
            return median
        return getattr(line, dim)

    scores = list(range(1, preset.size + 1))
    form = f"decide_{line.id}_{state.workshop['round']}_{line.version}"
    keys = {dim: f"{form}_{dim}" for dim in (*DIMENSIONS, "rationale")}
    with st.form(form):
        st.markdown(f"**{ui.tr('ws.decide')}**")
        cols = st.columns(4)
        lik = proposal("likelihood")
        cols[0].selectbox(
            ui.tr("ws.dim.likelihood"), scores, index=scores.index(lik) if lik in scores else None,
            format_func=step_label(preset.likelihood, ""), placeholder=ui.tr("ui.choose"), key=keys["likelihood"],
        )
        options = [None, *scores]
        for col, dim in zip(cols[1:], ui.CONSEQUENCES, strict=True):
            value = proposal(dim)
            col.selectbox(
                ui.ws_dim_label(dim, lens), options, index=options.index(value) if value in options else 0,
                format_func=step_label(preset.consequence, ui.tr("ws.not_relevant")), key=keys[dim],
            )
        st.text_area(ui.tr("ws.rationale"), max_chars=1000, placeholder=ui.tr("ws.rationale_ph"),
                     key=keys["rationale"])
        st.form_submit_button(ui.tr("ws.decide_button"), type="primary", icon=":material/gavel:",
                              on_click=decide, args=(wid, line.version, keys, line.threat_title))


def controls(wid: int, state, preset, lens: str = "org") -> None:
    """Reveal, vote again, record the agreed value, move between threats."""
    w, line = state.workshop, state.line
    version = {"expected_version": w["version"]}
    if w["phase"] == "stemmer":
        st.button(ui.tr("ws.reveal"), type="primary", icon=":material/visibility:",
                  on_click=act, args=(wb.workshops.reveal, (user, wid), version))
    else:
        decide_form(wid, state, preset, lens)
        st.button(ui.tr("ws.revote"), icon=":material/replay:",
                  on_click=act, args=(wb.workshops.revote, (user, wid), version))

    ids = [ln.id for ln in state.lines]
    i = state.index
    decided = state.decision is not None and state.decision["round"] == w["round"]
    prev_col, next_col, pick_col, go_col = st.columns([1, 1, 3, 1], vertical_alignment="bottom")
    prev_col.button(ui.tr("ws.prev"), icon=":material/arrow_back:", disabled=i <= 0,
                    on_click=act, args=(wb.workshops.goto, (user, wid, ids[i - 1] if i > 0 else None), version))
    last = i < 0 or i >= len(ids) - 1
    next_col.button(ui.tr("ws.next"), icon=":material/arrow_forward:", type="primary" if decided else "secondary",
                    disabled=last, on_click=act,
                    args=(wb.workshops.goto, (user, wid, None if last else ids[i + 1]), version))
    titles = {ln.id: f"{n}. {ln.threat_code} · {ln.threat_title}" for n, ln in enumerate(state.lines, 1)}
    pick = f"pick_{wid}_{w['version']}"
    target = pick_col.selectbox(ui.tr("ws.pick_threat"), ids, index=i if i >= 0 else None,
                                format_func=titles.get, key=pick)
    go_col.button(ui.tr("ws.goto"), disabled=target is None or target == line.id,
                  on_click=lambda: act(wb.workshops.goto, (user, wid, st.session_state[pick]), version))


def close_control(wid: int) -> None:
    """Close the workshop, after a confirmation: the codes stop working, the record stays."""
    if st.session_state.get("ws_confirm_close") == wid:
        st.warning(ui.tr("ws.close_confirm"), icon=":material/warning:")
        yes, no = st.columns(2)
        if yes.button(ui.tr("ws.close_yes"), type="primary"):
            st.session_state.pop("ws_confirm_close", None)
            if ui.attempt(lambda: wb.workshops.close(user, wid)):
                ui.flash(ui.tr("ws.closed_now"))
                st.rerun()
        if no.button(ui.tr("ui.cancel")):
            st.session_state.pop("ws_confirm_close", None)
            st.rerun()
    elif st.button(ui.tr("ws.close"), icon=":material/stop_circle:"):
        st.session_state["ws_confirm_close"] = wid
        st.rerun()


def record(assessment_id: int) -> None:
    """Every vote and agreed value on the assessment: who, what, when."""
    with st.expander(ui.tr("ws.record")):
        votes = wb.workshops.votes(user, assessment_id)
        if votes.empty:
            st.caption(ui.tr("ws.no_votes"))
        else:
            votes["cast_at"] = votes["cast_at"].map(fmt_datetime)
            votes["role_title"] = votes["role_title"].map(lambda r: ui.tr(f"ws.role.{r}"))
            st.dataframe(votes, hide_index=True, width="stretch", column_config={
                "cast_at": ui.tr("ws.col.at"), "name": ui.tr("ws.col.name"), "role_title": ui.tr("ws.col.role"),
                "threat_code": ui.tr("ws.col.code"), "threat_title": ui.tr("ws.col.threat"),
                "round": ui.tr("ws.col.round"), "likelihood": ui.tr("ws.short.likelihood"),
                "cons_c": ui.tr("ws.short.cons_c"), "cons_i": ui.tr("ws.short.cons_i"),
                "cons_a": ui.tr("ws.short.cons_a"),
            })
        decisions = wb.workshops.decisions(user, assessment_id)
        if not decisions.empty:
            st.markdown(f"**{ui.tr('ws.decisions')}**")
            decisions["decided_at"] = decisions["decided_at"].map(fmt_datetime)
            st.dataframe(decisions, hide_index=True, width="stretch", column_config={
                "decided_at": ui.tr("ws.col.at"), "decided_by": ui.tr("ws.col.by"),
                "threat_code": ui.tr("ws.col.code"), "threat_title": ui.tr("ws.col.threat"),
                "likelihood": ui.tr("ws.short.likelihood"), "cons_c": ui.tr("ws.short.cons_c"),
                "cons_i": ui.tr("ws.short.cons_i"), "cons_a": ui.tr("ws.short.cons_a"),
                "rationale": ui.tr("ws.rationale"), "votes": ui.tr("ws.col.votes"),
            })


def show(wid: int) -> None:
    state = ui.attempt(lambda: wb.workshops.live(user, wid))
    if state is None:
        st.title(ui.tr("ws.title"))
        st.page_link("pages/workshop.py", label=ui.tr("ws.back_to_list"), icon=":material/arrow_back:")
        return
    w = state.workshop
    assessment = wb.assessments.get(user, w["assessment_id"])
    preset = dpia.preset_for(assessment.preset_id)
    lens = assessment.lens
    code = format_code(w["code"])
    to_assessment = {"aktivitet": assessment.activity_id} if lens == "ds" else {"system": assessment.system_id}

    if w["status"] != "aaben":
        st.title(ui.tr("ws.title_system", system=state.system_name))
        ui.show_flash()
        st.info(ui.tr("ws.is_closed"), icon=":material/lock:")
        st.page_link("pages/assessment.py", label=ui.tr("ws.to_assessment"), query_params=to_assessment,
                     icon=":material/edit_note:")
        st.page_link("pages/workshop.py", label=ui.tr("ws.back_to_list"), icon=":material/arrow_back:")
        record(assessment.id)
        return

    line = state.line
    n, total = state.index + 1, len(state.lines)
    dims = ui.ws_dimensions(line) if line else []
    if projector:
        st.caption(ui.tr("ws.projector_caption", system=state.system_name))
        code_col, link_col = st.columns([1, 2])
        code_col.metric(ui.tr("ws.code"), code)
        link_col.header(ui.tr("ws.join_at_big", link=join_link(w["code"])))
        st.divider()
        if line is not None:
            ui.ws_threat(line, n, total, big=True, lens=lens)
            decision_note(state.decision, dims)
        live_panel(wid, w["version"], preset.size, True, lens)
        st.divider()
        st.page_link("pages/workshop.py", label=ui.tr("ws.to_facilitator"), query_params={"id": wid},
                     icon=":material/arrow_back:")
        return

    st.title(ui.tr("ws.title_system", system=state.system_name))
    ui.show_flash()
    if lens == "ds":
        st.caption(ui.tr("ws.ds_caption"))
    error = st.session_state.pop("ws_error", None)
    if error:
        st.error(ui.md(error), icon=":material/warning:")
    code_col, link_col = st.columns([1, 3])
    code_col.metric(ui.tr("ws.code"), code)
    with link_col:
        st.markdown(ui.tr("ws.join_at"))
        st.code(join_link(w["code"]), language=None)
        if w["require_admission"]:
            st.caption(ui.tr("ws.admission_on"))
    links = st.columns(2)
    links[0].page_link("pages/workshop.py", label=ui.tr("ws.to_projector"),
                       query_params={"id": wid, "visning": "projektor"}, icon=":material/tv:")
    links[1].page_link("pages/assessment.py", label=ui.tr("ws.to_assessment"), query_params=to_assessment,
                       icon=":material/edit_note:")
    st.divider()
    if line is None:
        st.warning(ui.tr("ws.no_line"))
    else:
        ui.ws_threat(line, n, total, lens=lens)
        decision_note(state.decision, dims)
        live_panel(wid, w["version"], preset.size, False, lens)
        st.divider()
        controls(wid, state, preset, lens)
    st.divider()
    close_control(wid)
    record(assessment.id)


workshop_id = int_param("id")
if workshop_id is None:
    slot = st.empty()
    with slot.container():
        workshop_id = choose()
    if workshop_id is None:
        st.stop()
    # Opened: show it in this same run (an st.rerun() right after a URL change drops it in the browser).
    slot.empty()
    st.query_params["id"] = str(workshop_id)
show(workshop_id)
