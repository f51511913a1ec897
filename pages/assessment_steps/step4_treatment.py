"""Step 4 · Behandling: treatment, measure with owner and deadline, residual risk, and the
decision (measure or explicit acceptance) a residual risk above the threshold needs.

Like step 3 (see there why it is no fragment)."""

from __future__ import annotations

import streamlit as st

from pages import ui
from pages.assessment_steps import fields
from pages.assessment_steps.context import (
    MAX_DATE,
    MIN_DATE,
    AssessCtx,
    decision_text,
    go,
    level_text,
    line_step,
    score_label,
    start_editor,
)
from riskmodel.domain.dates import dk_today, fmt_date
from riskmodel.domain.model import TREATMENTS
from riskmodel.domain.signoff import needs_decision
from riskmodel.locale.threats import line_title


def acceptance_form(ctx: AssessCtx, line) -> None:
    with st.form(f"accept_{line.id}_{line.version}", clear_on_submit=False):
        st.markdown(f"**{ui.tr('guided.accept.head')}**")
        c1, c2 = st.columns(2)
        by = c1.text_input(ui.tr("guided.accept.by"), placeholder=ui.tr("guided.accept.by_ph"))
        on = c2.date_input(ui.tr("guided.accept.on"), value=dk_today(), format="DD-MM-YYYY",
                           min_value=MIN_DATE, max_value=MAX_DATE)
        ref = st.text_input(ui.tr("guided.accept.ref"), help=ui.tr("guided.accept.ref_help"))
        expires = st.date_input(ui.tr("guided.accept.expires"), value=None, format="DD-MM-YYYY",
                                min_value=MIN_DATE, max_value=MAX_DATE, help=ui.tr("guided.accept.expires_help"))
        if st.form_submit_button(ui.tr("guided.accept.submit"), type="primary"):
            if ui.attempt(lambda: ctx.wb.assessments.accept_risk(ctx.user, line.id, line.version, by, on, ref,
                                                                 expires)):
                ui.flash(ui.tr("guided.accept.saved", title=line_title(line, ctx.lang)))
                st.rerun()


def show_acceptance(ctx: AssessCtx, line) -> None:
    expired = line.acceptance_expires is not None and line.acceptance_expires < dk_today()
    text = ui.tr("guided.accept.shown", by=line.accepted_by, on=fmt_date(line.accepted_on), ref=line.acceptance_ref or "–")
    if line.acceptance_expires:
        text += " " + ui.tr("guided.accept.until", expires=fmt_date(line.acceptance_expires))
    (st.warning if expired else st.success)(text, icon=":material/task_alt:")
    if expired:
        st.warning(ui.tr("guided.accept.expired"), icon=":material/event_busy:")
    if not ctx.writable:
        return
    confirm_key = f"confirm_clear_{line.id}"
    if st.button(ui.tr("guided.accept.clear"), key=f"clear_acc_{line.id}"):
        st.session_state[confirm_key] = True
    if st.session_state.get(confirm_key):
        st.warning(ui.tr("guided.accept.clear_confirm", title=line_title(line, ctx.lang)))
        y = n = ui.row()
        if y.button(ui.tr("guided.accept.clear_yes"), key=f"clear_yes_{line.id}", type="primary"):
            st.session_state.pop(confirm_key, None)
            if ui.attempt(lambda: ctx.wb.assessments.clear_acceptance(ctx.user, line.id, line.version)):
                ui.flash(ui.tr("guided.accept.cleared", title=line_title(line, ctx.lang)))
                st.rerun()
        if n.button(ui.tr("ui.cancel"), key=f"clear_no_{line.id}"):
            st.session_state.pop(confirm_key, None)
            st.rerun()


def field_labels(ctx: AssessCtx) -> dict[str, str]:
    return {"treatment": ui.tr("assess.col.treatment"), "planned_measures": ui.tr("assess.f.planned"),
            "measure_owner": ui.tr("assess.f.measure_owner"), "measure_deadline": ui.tr("assess.f.deadline"),
            "residual_likelihood": ui.tr("assess.f.residual_likelihood"),
            "residual_consequence": ui.tr("assess.f.residual_consequence"), "risk_owner": ui.tr("assess.f.risk_owner")}


def decision(ctx: AssessCtx, line, rl) -> None:
    """The decision a residual risk above the acceptance threshold needs."""
    st.markdown(f"##### {ui.tr('guided.decision_head')}")
    kinds = ctx.open_by_line.get(line.id, ())
    if needs_decision(line, ctx.preset):
        if "needs_decision" in kinds:
            st.warning(ui.tr("guided.needs_decision", level=rl.label(ctx.lang)), icon=":material/priority_high:")
        if line.has_measure:
            st.success(ui.tr("guided.decided_measure", owner=line.measure_owner,
                             deadline=fmt_date(line.measure_deadline)), icon=":material/task_alt:")
        if line.accepted:
            show_acceptance(ctx, line)
        if ctx.writable and (not line.accepted or "acceptance_expired" in kinds):
            acceptance_form(ctx, line)
    else:
        if rl:
            st.caption(ui.tr("guided.below_threshold"))
        if line.accepted:
            show_acceptance(ctx, line)


def line_editor(ctx: AssessCtx, line) -> None:
    preset, lang = ctx.preset, ctx.lang
    with st.container(border=True, key="treatment_editor"):
        lvl = preset.level_or_none(line.likelihood, line.consequence)
        if lvl:
            st.markdown(ui.tr("guided.inherent_is", level=lvl.label(lang)))
        else:
            st.info(ui.tr("guided.unscored_line"))
            st.button(ui.tr("guided.to_scoring"), key="to_scoring", on_click=ui.callback(go),
                      args=(3, f"line_idx_{ctx.assessment.id}", ctx.lines.index(line)))
        fields.conflicts(ctx, line, field_labels(ctx))
        fields.select_field(
            ctx, ui.tr("assess.col.treatment"), line, "treatment", [None, *TREATMENTS],
            lambda v: ui.tr("assess.undecided") if v is None else ui.vl("treatment", v), st, horizontal_radio=True,
            help_text=" · ".join(f"{ui.vl('treatment', v)}: {ui.vl('treatment_help', v)}" for v in TREATMENTS),
        )
        c1, c2, c3 = ui.wrapping_columns("treat_fields", 240, 180, 150)
        fields.text_field(ctx, ui.tr("assess.f.planned"), line, "planned_measures", c1)
        fields.text_field(ctx, ui.tr("assess.f.measure_owner"), line, "measure_owner", c2, area=False)
        fields.date_field(ctx, ui.tr("assess.f.deadline"), line, "measure_deadline", c3)
        st.markdown(f"##### {ui.tr('assess.residual_head')}")
        st.caption(ui.tr("assess.residual_help"))
        c1, c2, c3 = ui.wrapping_columns("residual_fields", 200, 200, 180)
        opts = [None, *range(1, preset.size + 1)]
        for col, field, kind in ((c1, "residual_likelihood", "likelihood"), (c2, "residual_consequence", "consequence")):
            label = (ui.tr("guided.ds.f.residual_consequence") if ctx.ds and field == "residual_consequence"
                     else ui.tr(f"assess.f.{field}"))
            fields.select_field(
                ctx, label, line, field, opts,
                lambda v, k=kind: ui.tr("assess.same_as_inherent") if v is None else score_label(ctx, k)(v), col,
            )
        fields.text_field(ctx, ui.tr("assess.f.risk_owner"), line, "risk_owner", c3, area=False)
        rl = preset.level_or_none(*line.residual)
        if rl:
            st.markdown(ui.tr("guided.residual_is", level=rl.label(lang), meaning=rl.definition(lang)))
        decision(ctx, line, rl)
        st.caption(ui.tr("assess.autosaved", version=line.version))
    fields.line_done(ctx, line)


def treatment(ctx: AssessCtx) -> None:
    """The part of step 4 a save changes."""
    if not start_editor(ctx):
        return
    line_step(
        ctx,
        f"treat_idx_{ctx.assessment.id}",
        {
            "level": (ui.tr("assess.col.level"), lambda ln: level_text(ctx, ln.likelihood, ln.consequence)),
            "treatment": (ui.tr("assess.col.treatment"), lambda ln: ui.vl("treatment", ln.treatment)),
            "residual": (ui.tr("chart.residual"), lambda ln: level_text(ctx, *ln.residual)),
            "decision": (ui.tr("guided.col.decision"), lambda ln: decision_text(ctx, ln)),
        },
        lambda ln: bool({"needs_decision", "acceptance_expired"} & set(ctx.open_by_line.get(ln.id, ()))),
        line_editor,
    )


def show(ctx: AssessCtx) -> None:
    treatment(ctx)
