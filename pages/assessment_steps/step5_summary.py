"""Step 5 · Opsummering og godkendelse: the matrices, what is still open, participants, workshop
decisions and the sign-off; and the assessment's history."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from pages import ui
from pages.assessment_steps.context import MAX_DATE, MIN_DATE, SCORE_KINDS, AssessCtx, approved_text, go, matrices
from pages.ui.draft_keeper import draft_kept
from riskmodel.domain.dates import dk_today, fmt_date
from riskmodel.domain.model import PARTICIPANT_ROLES
from riskmodel.locale.threats import line_title, threat_title


def show_open_items(ctx: AssessCtx) -> None:
    state, lines = ctx.state, ctx.lines
    st.subheader(ui.tr("guided.open_head"))
    if not state.open_items:
        st.success(ui.tr("guided.open_none"), icon=":material/task_alt:")
        return
    st.caption(ui.tr("guided.open_help", n=len(state.open_items)))
    index = {ln.id: i for i, ln in enumerate(lines)}
    # The item names its threat as "code title" in Danish (domain.signoff): the line's title in the user's language
    shown = {ln.id: f"{ln.threat_code} {line_title(ln, ctx.lang)}" for ln in lines}
    box = st.container(height=420) if len(state.open_items) > 8 else st.container()
    for n, item in enumerate(state.open_items):
        c1, c2 = box.columns([6, 1], vertical_alignment="center")
        if item.kind == "no_lines":
            c1.markdown(ui.tr("guided.open.no_lines"))
            c2.button(ui.tr("guided.open.goto"), key=f"open_item_{n}", on_click=ui.callback(go), args=(2,))
            continue
        kind_key = "guided.ds.open.floor_reason" if ctx.ds and item.kind == "floor_reason" else f"guided.open.{item.kind}"
        c1.markdown(ui.tr(kind_key, threat=shown.get(item.line_id, item.threat)))
        if item.kind in SCORE_KINDS:
            args = (3, f"line_idx_{ctx.assessment.id}", index.get(item.line_id, 0))
        else:
            args = (4, f"treat_idx_{ctx.assessment.id}", index.get(item.line_id, 0))
        c2.button(ui.tr("guided.open.goto"), key=f"open_item_{n}", on_click=ui.callback(go), args=args)


def role_label(code: str) -> str:
    return ui.tr(f"value.participant_role.{code}") if code in PARTICIPANT_ROLES else code


def show_participants(ctx: AssessCtx) -> None:
    wb, user, assessment = ctx.wb, ctx.user, ctx.assessment
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
            placeholder="",
        )
    if not ctx.writable:
        return
    c1, c2 = st.columns(2)
    with c1.form("add_participant", clear_on_submit=True):
        st.markdown(f"**{ui.tr('guided.people.add_head')}**")
        name = st.text_input(ui.tr("guided.people.name"))
        role = st.selectbox(ui.tr("guided.people.role"), PARTICIPANT_ROLES, format_func=role_label)
        when = st.date_input(ui.tr("guided.people.date"), value=dk_today(), format="DD-MM-YYYY",
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


def show_decisions(ctx: AssessCtx) -> None:
    wb, user, assessment = ctx.wb, ctx.user, ctx.assessment
    decisions = wb.workshops.decisions(user, assessment.id)
    if decisions.empty:
        return
    st.subheader(ui.tr("guided.decisions_head"))
    st.dataframe(
        [
            {
                "at": ui.when(r.decided_at),
                "threat": f"{r.threat_code} {threat_title(r.threat_code, r.threat_title, ctx.lang)}",
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
        placeholder="",
    )


def show_signoff(ctx: AssessCtx) -> None:
    wb, user, assessment, state = ctx.wb, ctx.user, ctx.assessment, ctx.state
    st.subheader(ui.tr("guided.signoff_head"))
    st.caption(ui.tr("guided.ds.signoff.who" if ctx.ds else "guided.signoff.who"))
    if state.outdated:
        st.warning(
            ui.tr(
                "guided.signoff.outdated",
                name=state.outdated.get("on_behalf_of") or state.outdated["approver_name"],
                when=ui.when(state.outdated["approved_at"]),
                changed=", ".join(state.changed) or (state.outdated.get("outdated_reason") or ""),
            ),
            icon=":material/history:",
        )
    blocked = bool(state.open_items)
    if state.status == "kladde":
        st.info(ui.tr("guided.signoff.draft"))
        if blocked:
            st.caption(ui.tr("guided.signoff.blocked", n=len(state.open_items)))
        if st.button(ui.tr("guided.signoff.submit"), type="primary", disabled=blocked or not ctx.writable,
                     help=ui.tr("guided.signoff.blocked", n=len(state.open_items)) if blocked else None):
            if ui.attempt(lambda: wb.signoff.submit(user, assessment.id, state.version)):
                ui.flash(ui.tr("guided.signoff.submitted"))
                st.rerun()
    elif state.status == "til_godkendelse":
        st.info(ui.tr("guided.signoff.in_review"))
        if blocked:
            st.caption(ui.tr("guided.signoff.blocked_approve", n=len(state.open_items)))
        if ui.can("assessment.approve", ctx.department, ctx.owner):
            with st.form("approve"):
                behalf = ""
                if user.role == "koordinator":
                    behalf = st.text_input(ui.tr("guided.signoff.behalf"), help=ui.tr("guided.signoff.behalf_help"))
                with draft_kept(f"signok{assessment.id}", str(state.version)):
                    comment = st.text_area(ui.tr("guided.signoff.comment"), height=68)
                if st.form_submit_button(ui.tr("guided.signoff.approve"), type="primary", disabled=blocked):
                    if ui.attempt(lambda: wb.signoff.approve(user, assessment.id, state.version, comment, behalf)):
                        ui.flash(ui.tr("guided.signoff.approved_flash"))
                        st.rerun()
        else:
            st.caption(ui.tr("guided.signoff.cannot_approve"))
        if ctx.writable:
            with st.expander(ui.tr("guided.signoff.return")):
                with st.form("return_to_draft"):
                    with draft_kept(f"signback{assessment.id}", str(state.version)):
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


def show(ctx: AssessCtx) -> None:
    st.subheader(ui.tr("guided.summary_head"))
    matrices(ctx, expanded=True)
    show_open_items(ctx)
    show_participants(ctx)
    show_decisions(ctx)
    show_signoff(ctx)


def show_history(ctx: AssessCtx) -> None:
    st.subheader(ui.tr("assess.history_head"))
    st.caption(ui.tr("assess.history_help"))
    hist = ctx.wb.history.for_assessment(ctx.user, ctx.assessment.id)
    ui.history_table(hist)
    if not ctx.ds:
        with st.expander(ui.tr("assess.system_history")):
            ui.history_table(ctx.wb.history.for_system(ctx.user, ctx.system_id))
