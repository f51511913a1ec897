"""Step 2 · Trusler: which threats the assessment covers (add from the catalogue, add own, remove)."""

from __future__ import annotations

import streamlit as st

from pages import ui
from pages.assessment_steps.context import AssessCtx
from pages.ui.draft_keeper import draft_kept, new_store
from riskmodel.domain.model import ThreatInput
from riskmodel.locale.threats import line_title, threat_category, threat_title


def _add_from_catalogue(ctx: AssessCtx) -> None:
    wb, user, aid = ctx.wb, ctx.user, ctx.assessment.id
    used = {ln.threat_id for ln in ctx.lines if ln.threat_id is not None}
    if ctx.ds:  # most relevant to the activity's data subjects first (dpia.activity_proposal)
        ranked = wb.assessments.ranked_catalogue_for_activity(user, ctx.activity_id)
    else:  # most relevant to the system's profile first (model.proposal)
        ranked = wb.assessments.ranked_catalogue(user, ctx.system_id)
    options = {
        int(t["id"]): ("★ " if score is not None else "")
        + f"{threat_category(t['category'], ctx.lang)} · {t['code']} · {threat_title(t['code'], t['title'], ctx.lang)}"
        for t, score, _ in ranked if int(t["id"]) not in used
    }
    with st.expander(ui.tr("assess.show_all", n=len(options)), icon=":material/list:"):
        st.caption(ui.tr("assess.show_all_help_ds" if ctx.ds else "assess.show_all_help"))
        add = st.multiselect(
            ui.tr("assess.add_threats"), list(options), placeholder=ui.tr("ui.choose"), format_func=options.get,
            key="add_threats",
            select_all=False,
        )
        clicked = st.button(ui.tr("assess.add"), disabled=not add, type="primary")
    if clicked:
        added = 0
        for tid in add:
            if ui.attempt(lambda tid=tid: wb.assessments.add_threat(user, aid, tid)):
                added += 1
        ui.flash(ui.tr("assess.added", n=added))
        st.rerun()


def _add_custom(ctx: AssessCtx) -> None:
    wb = ctx.wb
    with st.expander(ui.tr("assess.custom"), icon=":material/edit:"):
        with st.form("custom_threat", clear_on_submit=True):
            cats = wb.catalogue.categories(ctx.user)
            category = st.selectbox(ui.tr("catalogue.f.category"), cats, accept_new_options=True, index=None,
                                    placeholder=ui.tr("ui.choose"),  # a deliberate choice, not the first category
                                    format_func=lambda c: threat_category(c, ui.lang()))  # stored Danish
            title = st.text_input(ui.tr("catalogue.f.title"))
            # Kept in this browser while typed; adding the threat (one more line) forgets it.
            with draft_kept(f"custom{ctx.assessment.id}", new_store(len(ctx.lines))):
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
                if ui.attempt(lambda: wb.assessments.add_custom(ctx.user, ctx.assessment.id, data)):
                    ui.flash(ui.tr("assess.custom_added", title=title))
                    st.rerun()


def show(ctx: AssessCtx) -> None:
    st.subheader(ui.tr("assess.threats_head"))
    st.caption(ui.tr("assess.threats_help"))
    if ctx.writable:
        _add_from_catalogue(ctx)
        _add_custom(ctx)

    st.subheader(ui.tr("assess.in_assessment", n=len(ctx.lines)))
    for ln in ctx.lines:
        title = line_title(ln, ctx.lang)
        text, buttons = ui.text_and_buttons()
        text.markdown(
            f"{ui.md(ln.threat_code)} · {ui.md(title)}" + (f" ({ui.tr('assess.custom_tag')})" if ln.custom else "")
        )
        if not ctx.writable:
            continue
        if buttons.button(ui.tr("assess.remove"), key=f"rm_{ln.id}", help=ui.tr("assess.remove_help")):
            st.session_state["confirm_remove"] = ln.id
        if st.session_state.get("confirm_remove") == ln.id:
            st.warning(ui.tr("assess.remove_confirm", title=title))
            y = n = ui.row()
            if y.button(ui.tr("assess.remove_yes"), key=f"rm_yes_{ln.id}", type="primary"):
                st.session_state.pop("confirm_remove", None)
                if ui.attempt(lambda ln=ln: ctx.wb.assessments.remove_line(ctx.user, ln.id, ln.version)):
                    ui.flash(ui.tr("assess.removed", title=title))
                    st.rerun()
            if n.button(ui.tr("ui.cancel"), key=f"rm_no_{ln.id}"):
                st.session_state.pop("confirm_remove", None)
                st.rerun()
