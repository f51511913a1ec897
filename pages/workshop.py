# Size: the workshop list and opening one, and the facilitator's controls of a live room (each acts on the version shown).
"""Workshop: the facilitator's screen of a live workshop, and its projector view (pages/ui/workshop_projector.py).

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

import logging

import streamlit as st

from pages import ui
from pages.ui.draft_keeper import draft_kept
from pages.ui.workshop_projector import projector_closed, projector_view
from riskmodel.domain import dpia
from riskmodel.domain.errors import WorkbenchError
from riskmodel.domain.workshop import DIMENSIONS, format_code, needs_rationale
from riskmodel.locale.threats import line_description, line_title, threat_title, threat_titles

wb = ui.workbench()
log = logging.getLogger(__name__)
user = ui.actor()
lang = ui.lang()
projector = st.query_params.get("visning") == "projektor"
KINDS = ("org", "ds")  # a system's assessment; a processing activity's, for the data subjects
KIND_KEY = "ws_kind"


def int_param(name: str, warn: bool = True) -> int | None:
    """The address's ``name`` as a number; None when it is missing or not a number (said under the title: ``warn``)."""
    value = st.query_params.get(name)
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        if warn:
            st.warning(ui.tr("ws.bad_param", value=value))
        return None


# -- no workshop chosen: the open ones, or open a new one -------------------------------------
def choose() -> int | None:
    """The open workshops, and a new one: returns the id of a workshop just opened."""
    st.title(ui.tr("ws.title"))
    int_param("id")  # a bad ?id= is said here, under the title
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
                        at=ui.when(r["opened_at"])),
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
    anonymous = st.toggle(ui.tr("ws.anonymous"), key="ws_anonymous", help=ui.tr("ws.anonymous_help"))
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
            return ui.attempt(lambda: wb.workshops.open(user, assessment.id, require_admission=admission,
                                                        anonymous=anonymous))
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
ERROR = "ws_error"  # session: (where, message) of the last refused click, shown next to that control


def act(call, args: tuple, kwargs: dict | None = None, where: str = "nav", success: str | None = None) -> bool:
    """on_click: one service call with what the screen showed when it was drawn (the workshop's and
    the line's version), so a click never acts on a state its user has not seen. A refusal is shown
    once, next to the control ``where`` (or as a toast if that control is gone after the rerun)."""
    try:
        call(*args, **(kwargs or {}))
    except WorkbenchError as err:
        # In the server log too: a refusal the facilitator missed (a toast is gone in seconds) can be traced.
        log.warning("workshop %s: %s refused: %s", args[1] if len(args) > 1 else "?", getattr(call, "__name__", call),
                    err.text("en"))
        st.session_state[ERROR] = (where, err.text(ui.lang()))
        return False
    if success:
        st.toast(success, icon=":material/check_circle:")
    return True


def error_here(where: str) -> None:
    """The refusal of the control drawn just above, if it was the one clicked."""
    kept = st.session_state.get(ERROR)
    if kept and kept[0] == where:
        st.session_state.pop(ERROR)
        st.error(ui.md(kept[1]), icon=":material/warning:")


def leftover_error() -> None:
    """A refusal whose control is no longer on screen (the room moved on): as a toast, once."""
    kept = st.session_state.pop(ERROR, None)
    if kept:
        st.toast(ui.md(kept[1]), icon=":material/warning:")


@ui.live_fragment(ui.LIVE_SECONDS)  # the idle timeout holds in every run
def watch(wid: int, shown: tuple) -> None:
    """Look at the room's cheap change marker (version, votes cast, status) and redraw the page when it
    moved: a vote, another threat, the votes shown, someone joining or leaving. Draws nothing."""
    try:
        now = wb.workshops.room_pulse(user, wid)
    except WorkbenchError:
        now = None  # refused or gone: the redrawn page says why
    if now != shown:
        st.rerun()


def live_panel(wid: int, state, size: int, lens: str = "org") -> None:
    """Who has voted, who waits, the spread and (once revealed) every vote with names."""
    dims = ui.ws_dimensions(state.line)
    revealed = state.workshop["phase"] == "vist"
    admitted = state.admitted
    st.markdown(f"#### {ui.tr('ws.voted_of', n=sum(m['voted'] for m in admitted), total=len(admitted))}")
    st.markdown(" · ".join(ui.ws_member_lines(admitted, late=True)) if admitted else ui.tr("ws.no_members"))
    for m in state.waiting:
        name_col, admit_col = ui.text_and_buttons()
        dismiss_col = admit_col
        name_col.markdown(ui.tr("ws.waiting_member", name=m["name"], role=ui.tr(f"ws.role.{m['role_title']}")))
        admit_col.button(ui.tr("ws.admit"), key=f"admit_{m['id']}", icon=":material/login:", on_click=ui.callback(act),
                         args=(wb.workshops.admit, (user, wid, m["id"])), kwargs={"where": "waiting"})
        dismiss_col.button(ui.tr("ws.dismiss"), key=f"dismiss_{m['id']}", icon=":material/block:", on_click=ui.callback(act),
                           args=(wb.workshops.dismiss, (user, wid, m["id"])), kwargs={"where": "waiting"})
    error_here("waiting")
    ui.ws_spread(state.spreads, size, dims, lens=lens)
    if revealed:
        ui.ws_votes(state.votes, dims, lens=lens)


def remove_control(wid: int, members: list[dict]) -> None:
    """Take someone out of the room (their seat stops counting; their votes stay on record)."""
    if not members:
        return
    with st.popover(ui.tr("ws.members_manage", n=len(members)), icon=":material/group:"):
        for m in members:
            name_col, out_col = ui.text_and_buttons()
            name_col.markdown(ui.tr("ws.waiting_member", name=m["name"], role=ui.tr(f"ws.role.{m['role_title']}"))
                              + (" " + ui.tr("ws.joined_at", n=m["joined_at"]) if m.get("joined_at") else ""))
            out_col.button(ui.tr("ws.remove"), key=f"remove_{m['id']}", icon=":material/person_remove:",
                           on_click=ui.callback(act), args=(wb.workshops.dismiss, (user, wid, m["id"])),
                           kwargs={"where": "members"})
        error_here("members")


def decision_note(decision: dict | None, dims: list[str]) -> None:
    if decision:
        text = ui.tr("ws.decided", values=ui.ws_summary(decision, dims), rationale=decision["rationale"]) \
            if decision["rationale"] else ui.tr("ws.decided_plain", values=ui.ws_summary(decision, dims))
        st.success(text, icon=":material/gavel:")


def step_label(steps, none_label: str):
    return lambda v: none_label if v is None else f"{v} · {steps[v - 1].label(lang)}"


def decide(wid: int, line_version: int, keys: dict[str, str], threat: str, next_id: int | None) -> None:
    """on_click: record the agreed value and, if there is a next threat on the agenda, go to it."""
    values = {dim: st.session_state.get(key) for dim, key in keys.items() if dim != "rationale"}
    act(wb.workshops.decide, (user, wid, line_version, values, st.session_state.get(keys["rationale"], "")),
        {"next_line_id": next_id}, where="decide", success=ui.tr("ws.decide_saved", threat=threat))


def save_draft(wid: int, key: str) -> None:
    act(wb.workshops.save_draft, (user, wid, st.session_state.get(key, "")), where="decide")


def decide_form(wid: int, state, preset, next_id: int | None, lens: str = "org") -> None:
    """The agreed value, prefilled with the median of the votes (the cautious side on a tie). A
    rationale is asked for only when the room disagrees or the value differs from the median."""
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
    st.markdown(f"**{ui.tr('ws.decide')}**")
    # Two to a row at 1280-1440 px (the agreed value column is ~420 px): a choice like "2 · Mindre alvorlig" is
    # read whole, not cut to "2 · Mindre alvo" as in four columns of 100 px.
    cols = ui.wrapping_columns("ws_decide", 190, 190, 190, 190)
    lik = proposal("likelihood")
    cols[0].selectbox(
        ui.tr("ws.short_dim.likelihood"), scores, index=scores.index(lik) if lik in scores else None,
        format_func=step_label(preset.likelihood, ""), placeholder=ui.tr("ui.choose"), key=keys["likelihood"],
        help=ui.tr("ws.dim.likelihood"),
    )
    options = [None, *scores]
    for col, dim in zip(cols[1:], ui.CONSEQUENCES, strict=True):
        value = proposal(dim)
        col.selectbox(
            ui.tr(f"ws.short_dim.{dim}"), options, index=options.index(value) if value in options else 0,
            format_func=step_label(preset.consequence, ui.tr("ws.not_relevant")), key=keys[dim],
            help=ui.ws_dim_label(dim, lens),
        )
    chosen = {d: st.session_state.get(keys[d]) for d in DIMENSIONS}
    needed = needs_rationale(spreads, chosen, harmed)
    if keys["rationale"] not in st.session_state:  # a reload: the half-typed rationale comes back
        st.session_state[keys["rationale"]] = state.workshop.get("draft_rationale") or ""
    # What is typed is also kept in this browser keystroke by keystroke, so a reload before the field loses
    # focus keeps it (pages/ui/draft_keeper.py; where the script cannot run, the field saves when it loses focus).
    with draft_kept(f"ws{wid}", f"{line.id}-{state.workshop['round']}"):
        st.text_area(ui.tr("ws.rationale"), max_chars=1000, height=68, key=keys["rationale"],
                     placeholder=ui.tr("ws.rationale_ph" if needed else "ws.rationale_optional"),
                     on_change=ui.callback(save_draft), args=(wid, keys["rationale"]))
    st.caption(ui.tr("ws.rationale_needed" if needed else "ws.rationale_free"))
    st.button(ui.tr("ws.decide_next" if next_id is not None else "ws.decide_button"), type="primary",
              icon=":material/gavel:", on_click=ui.callback(decide),
              args=(wid, line.version, keys, line_title(line, lang), next_id),
              width="stretch")
    error_here("decide")


def controls(wid: int, state, preset, lens: str = "org") -> None:
    """Reveal; then the agreed value (record and next); vote again; move along the agenda."""
    w = state.workshop
    version = {"expected_version": w["version"]}
    ids = [ln.id for ln in state.lines]
    i = state.index
    next_id = ids[i + 1] if 0 <= i < len(ids) - 1 else None
    decided = state.decision is not None and state.decision["round"] == w["round"]
    if w["phase"] == "stemmer":
        st.button(ui.tr("ws.reveal"), type="primary", icon=":material/visibility:", width="stretch",
                  on_click=ui.callback(act), args=(wb.workshops.reveal, (user, wid), version, "reveal"))
        error_here("reveal")
    elif not decided:
        decide_form(wid, state, preset, next_id, lens)
    if w["phase"] == "vist":
        st.button(ui.tr("ws.revote"), icon=":material/replay:",
                  on_click=ui.callback(act), args=(wb.workshops.revote, (user, wid), version, "nav"))
    prev_col, next_col = ui.wrapping_columns("ws_nav", 140, 160)
    prev_col.button(ui.tr("ws.prev"), icon=":material/arrow_back:", disabled=i <= 0, width="stretch",
                    on_click=ui.callback(act), args=(wb.workshops.goto, (user, wid, ids[i - 1] if i > 0 else None),
                                        version, "nav"))
    next_col.button(ui.tr("ws.next" if decided else "ws.skip"), icon=":material/arrow_forward:",
                    type="primary" if decided else "secondary", disabled=next_id is None, width="stretch",
                    on_click=ui.callback(act), args=(wb.workshops.goto, (user, wid, next_id), version, "nav"))
    error_here("nav")


def agenda_control(wid: int, state) -> None:
    """The agenda: where the room is, each threat moved up, down or to right after the one on screen
    (during the meeting); jump to one; pick the threats of the session."""
    w = state.workshop
    titles = {ln.id: f"{ln.threat_code} · {threat_title(ln.threat_code, ln.threat_title, lang)}" for ln in state.all_lines}
    n, total = state.index + 1, len(state.lines)
    version = {"expected_version": w["version"]}
    ids = [ln.id for ln in state.lines]
    with st.popover(ui.tr("ws.agenda_button", n=n, total=total), icon=":material/list:", width="stretch"):
        for k, lid in enumerate(ids, 1):
            mark = "✓ " if lid in state.decided else "▶ " if lid == w["current_line_id"] else ""
            text_col, buttons = ui.text_and_buttons()
            up_col = down_col = next_col = buttons
            turnout = state.turnout.get(lid) if lid in state.decided else None
            # "12\." not "12.": a line starting with a number and a dot is a markdown list, whose number was drawn
            # outside the column (clipped at two digits) and indented unlike the marked line.
            text_col.markdown(f"{mark}{k}\\. {ui.md(titles[lid])}"
                              + (" · " + ui.tr("ws.turnout", n=turnout[0], total=turnout[1]) if turnout else ""))
            move = wb.workshops.move_on_agenda
            up_col.button(ui.tr("ws.agenda_up_button"), key=f"agenda_up_{lid}", disabled=k == 1,
                          help=ui.tr("ws.agenda_up"), on_click=ui.callback(act),
                          args=(move, (user, wid, lid, k - 1), version, "agenda"))
            down_col.button(ui.tr("ws.agenda_down_button"), key=f"agenda_down_{lid}", disabled=k == total,
                            help=ui.tr("ws.agenda_down"), on_click=ui.callback(act),
                            args=(move, (user, wid, lid, k + 1), version, "agenda"))
            after = state.index + 1 if k > state.index else state.index  # its place right after the one on screen
            next_col.button(ui.tr("ws.agenda_next_button"), key=f"agenda_next_{lid}",
                            disabled=lid == w["current_line_id"] or k == state.index + 2, help=ui.tr("ws.agenda_next"),
                            on_click=ui.callback(act), args=(move, (user, wid, lid, after + 1), version, "agenda"))
        error_here("agenda")
        st.divider()
        pick = f"pick_{wid}_{w['version']}"
        target = st.selectbox(ui.tr("ws.pick_threat"), ids, index=state.index if state.index >= 0 else None,
                              format_func=titles.get, key=pick)
        st.button(ui.tr("ws.goto"), disabled=target is None or target == w["current_line_id"],
                  on_click=ui.callback(lambda: act(wb.workshops.goto, (user, wid, st.session_state[pick]),
                                                   {"expected_version": w["version"]}, where="goto")))
        error_here("goto")
        st.divider()
        key = f"agenda_{wid}_{w['version']}"
        st.multiselect(ui.tr("ws.agenda_pick"), list(titles), default=ids, format_func=titles.get, key=key,
                       help=ui.tr("ws.agenda_help"), select_all=False)
        st.button(ui.tr("ws.agenda_save"), icon=":material/save:",
                  on_click=ui.callback(lambda: act(wb.workshops.set_agenda, (user, wid, list(st.session_state[key])),
                                                   {"expected_version": w["version"]}, where="agenda_pick")))
        error_here("agenda_pick")


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
    """Every vote and agreed value on the assessment: who, what, when (names included, also in an
    anonymous workshop: the record is the facilitator's and the audit trail's)."""
    with st.expander(ui.tr("ws.record")):
        votes = wb.workshops.votes(user, assessment_id)
        if votes.empty:
            st.caption(ui.tr("ws.no_votes"))
        else:
            votes["cast_at"] = votes["cast_at"].map(ui.when)
            votes["role_title"] = votes["role_title"].map(lambda r: ui.tr(f"ws.role.{r}"))
            votes["threat_title"] = threat_titles(votes["threat_code"], votes["threat_title"], lang)
            st.dataframe(votes, hide_index=True, width="stretch", column_config={
                "cast_at": ui.tr("ws.col.at"), "name": ui.tr("ws.col.name"), "role_title": ui.tr("ws.col.role"),
                "threat_code": ui.tr("ws.col.code"), "threat_title": ui.tr("ws.col.threat"),
                "round": ui.tr("ws.col.round"), "likelihood": ui.tr("ws.short.likelihood"),
                "cons_c": ui.tr("ws.short.cons_c"), "cons_i": ui.tr("ws.short.cons_i"),
                "cons_a": ui.tr("ws.short.cons_a"),
            }, placeholder="")
        decisions = wb.workshops.decisions(user, assessment_id)
        if not decisions.empty:
            st.markdown(f"**{ui.tr('ws.decisions')}**")
            decisions["decided_at"] = decisions["decided_at"].map(ui.when)
            decisions["threat_title"] = threat_titles(decisions["threat_code"], decisions["threat_title"], lang)
            st.dataframe(decisions, hide_index=True, width="stretch", column_config={
                "decided_at": ui.tr("ws.col.at"), "decided_by": ui.tr("ws.col.by"),
                "threat_code": ui.tr("ws.col.code"), "threat_title": ui.tr("ws.col.threat"),
                "likelihood": ui.tr("ws.short.likelihood"), "cons_c": ui.tr("ws.short.cons_c"),
                "cons_i": ui.tr("ws.short.cons_i"), "cons_a": ui.tr("ws.short.cons_a"),
                "rationale": ui.tr("ws.rationale"), "votes": ui.tr("ws.col.votes"),
            }, placeholder="")


def show(wid: int) -> None:
    title_slot = st.empty()  # the title above a refusal (an unknown id showed its error above the page's title)
    pulse = ui.attempt(lambda: wb.workshops.room_pulse(user, wid))  # read first: no change slips in between
    state = ui.attempt(lambda: wb.workshops.live(user, wid)) if pulse else None
    if state is None:
        title_slot.title(ui.tr("ws.title"))
        st.page_link("pages/workshop.py", label=ui.tr("ws.back_to_list"), icon=":material/arrow_back:")
        return
    w = state.workshop
    assessment = wb.assessments.get(user, w["assessment_id"])
    preset = dpia.preset_for(assessment.preset_id)
    lens = assessment.lens
    code = format_code(w["code"])
    to_assessment = {"aktivitet": assessment.activity_id} if lens == "ds" else {"system": assessment.system_id}

    if w["status"] != "aaben" and projector:  # the shared screen: a closing slide, not the app's pages
        projector_closed(wid, state.system_name)
        return
    if w["status"] != "aaben":
        st.title(ui.tr("ws.title_system", system=state.system_name))
        ui.show_flash()
        st.info(ui.tr("ws.is_closed"), icon=":material/lock:")
        st.page_link("pages/assessment.py", label=ui.tr("ws.to_assessment"), query_params=to_assessment,
                     icon=":material/edit_note:")
        st.page_link("pages/workshop.py", label=ui.tr("ws.back_to_list"), icon=":material/arrow_back:")
        record(assessment.id)
        return

    if projector:
        projector_view(wid, preset, lens, code)
        watch(wid, pulse)
        return

    line = state.line
    n, total = state.index + 1, len(state.lines)
    head, code_col, agenda_col, share_col = ui.wrapping_columns("ws_head", 260, 140, 200, 180,
                                                                     vertical_alignment="center")
    head.markdown(f"### {ui.tr('ws.title_system', system=state.system_name)}")
    code_col.markdown(ui.tr("ws.code_inline", code=code) + (" · " + ui.tr("ws.anonymous_on") if w["anonymous"] else ""))
    with agenda_col:
        agenda_control(wid, state)
    with share_col.popover(ui.tr("ws.share"), icon=":material/share:", width="stretch"):
        st.markdown(ui.tr("ws.join_at"))
        st.code(ui.ws_join_link(w["code"]), language=None)
        if w["require_admission"]:
            st.caption(ui.tr("ws.admission_on"))
        st.page_link("pages/workshop.py", label=ui.tr("ws.to_projector"),
                     query_params={"id": wid, "visning": "projektor"}, icon=":material/tv:")
        st.page_link("pages/assessment.py", label=ui.tr("ws.to_assessment"), query_params=to_assessment,
                     icon=":material/edit_note:")
    # Each part whose number of elements varies (a description, a decision; the flash is one slot of its own)
    # sits in a container, so the elements after it keep their place between runs (see ui.show_flash).
    ui.show_flash()
    if lens == "ds":
        st.caption(ui.tr("ws.ds_caption"))
    if line is None:
        st.warning(ui.tr("ws.no_line"))
    else:
        dims = ui.ws_dimensions(line)
        with st.container():
            ui.ws_threat(line, n, total, lens=lens, compact=True)
            description = line_description(line, lang)
            if description:
                st.caption(ui.md(description))
        left, right = ui.wrapping_columns("ws_room", 300, 260, gap="large")
        with left:
            live_panel(wid, state, preset.size, lens)
        with right:
            with st.container():
                decision_note(state.decision if state.decision and state.decision["round"] == w["round"] else None,
                              dims)
            with st.container():
                controls(wid, state, preset, lens)
            remove_control(wid, state.admitted)
    leftover_error()
    watch(wid, pulse)
    st.divider()
    close_control(wid)
    record(assessment.id)


workshop_id = int_param("id", warn=False)
# The slot is drawn in every run, so the room's elements have the same place in the run that opens it as in
# the runs after (with ?id= in the address): else each element moves by one, and until a rerun ends the
# browser shows the old copy beside the new one (two "Dagsorden" buttons; failed so in a full run 06.12).
slot = st.empty()
if workshop_id is None:
    with slot.container():
        workshop_id = choose()
    if workshop_id is None:
        st.stop()
    # Opened: show it in this same run (an st.rerun() right after a URL change drops it in the browser).
    slot.empty()
    st.query_params["id"] = str(workshop_id)
show(workshop_id)
