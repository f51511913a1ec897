"""Step 3 · Scoring: likelihood and F/I/T consequence of each threat, one threat at a time.

The widgets keep their keys (and keyboard focus) across saves. The line editor, the progress and
the matrices are not an ``st.fragment``: a tab that reconnects to a restarted server sends its
next click as a rerun of a fragment the new session does not know, and Streamlit skips it, so the
click would be shown but never saved (tests/e2e/test_server_crash.py). A save reruns the page.
"""

from __future__ import annotations

import streamlit as st

from pages import ui
from pages.assessment_steps import fields, grid
from pages.assessment_steps.context import (
    AssessCtx,
    cons_label,
    consequence_head,
    floor_message,
    is_scored,
    level_text,
    line_step,
    start_editor,
)
from riskmodel.domain.workshop import format_code
from riskmodel.locale.threats import line_category, line_description

DIMS = (("c", "cons_c", "harms_c"), ("i", "cons_i", "harms_i"), ("a", "cons_a", "harms_a"))


def field_labels(ctx: AssessCtx) -> dict[str, str]:
    """Field names for a refused save, as the page labels them."""
    return {"likelihood": ui.tr("chart.likelihood"), "score_rationale": ui.tr("guided.f.rationale"),
            "scenario": ui.tr("assess.f.scenario"), "existing_measures": ui.tr("assess.f.existing"),
            **{f: cons_label(ctx, d) for d, f, _ in DIMS}}


def goto_workshop(workshop_id: int) -> None:
    try:
        st.switch_page("pages/workshop.py", query_params={"id": str(workshop_id)})
    except st.errors.StreamlitAPIException:  # the workshop page is not in this user's navigation
        ui.flash(ui.tr("guided.ws.no_page"))
        st.rerun()


def workshop_box(ctx: AssessCtx) -> None:
    """Run the scoring as a live workshop: participants vote from their own devices."""
    if not ctx.writable:
        return
    wb, user = ctx.wb, ctx.user
    with st.container(border=True):
        st.markdown(f"**{ui.tr('guided.ws.head')}**")
        live = wb.workshops.open_for(user, ctx.assessment.id)
        if live:
            st.markdown(ui.tr("guided.ws.open", code=format_code(live["code"])))
            if st.button(ui.tr("guided.ws.goto"), icon=":material/groups:", key="ws_goto"):
                goto_workshop(live["id"])
        else:
            st.caption(ui.tr("guided.ws.help"))
            if st.button(ui.tr("guided.ws.start"), icon=":material/groups:", key="ws_open", disabled=not ctx.lines):
                wid = ui.attempt(
                    lambda: wb.workshops.open(user, ctx.assessment.id, require_admission=ui.auth_mode() != "none")
                )
                if wid:
                    goto_workshop(wid)


def line_editor(ctx: AssessCtx, line) -> None:
    """One threat: scenario, measures, likelihood, F/I/T, floor, rationale and the level."""
    preset, lang = ctx.preset, ctx.lang
    with st.container(border=True, key="line_editor"):
        st.caption(f"{ui.md(line_category(line, lang))} · {ui.md(line_description(line, lang))}")
        harms = [ui.vl("dimension", d) for d, f, h in DIMS if getattr(line, h)]
        st.caption(ui.tr("guided.ds.breaches" if ctx.ds else "assess.harms", dims=", ".join(harms)))
        if line.overall_only:
            st.info(ui.tr("assess.overall_only", cons=line.consequence_overall), icon=":material/info:")
        c1, c2 = st.columns(2)
        fields.text_field(ctx, ui.tr("assess.f.scenario"), line, "scenario", c1,
                          help_text=ui.tr("guided.ds.scenario_help" if ctx.ds else "assess.f.scenario_help"))
        fields.text_field(ctx, ui.tr("assess.f.existing"), line, "existing_measures", c2,
                          help_text=ui.tr("assess.f.existing_help"))
        fields.conflicts(ctx, line, field_labels(ctx))

        st.markdown(f"##### {ui.tr('assess.inherent_head')}")
        cols = ui.wrapping_columns("score_radios", 200, 200, 200, 200)
        fields.radio_score(ctx, ui.tr("chart.likelihood"), line, "likelihood", "likelihood", None, cols[0],
                           ui.tr("assess.f.likelihood_help"))
        for col, (dim, field, harm) in zip(cols[1:], DIMS, strict=True):
            harmed = getattr(line, harm)
            fields.radio_score(ctx, cons_label(ctx, dim), line, field, "consequence", harmed, col,
                               "" if harmed else ui.tr("assess.f.not_harmed"))
        if ctx.ds:
            fields.harms_field(ctx, line)
        below = line.cons_c is not None and line.cons_c < ctx.floor
        if ctx.floor > 1 and (line.harms_c or below):  # no minimum for confidentiality a threat cannot harm
            msg = floor_message(ctx, ctx.floor)
            if below:
                st.warning(ui.tr("guided.ds.floor_below" if ctx.ds else "assess.floor_below", cons=line.cons_c) + " "
                           + msg, icon=":material/warning:")
                fields.text_field(ctx, ui.tr("guided.ds.f.floor_reason" if ctx.ds else "assess.f.floor_reason"), line,
                                  "floor_reason", st, area=False)
            else:
                st.caption(msg)
        fields.text_field(ctx, ui.tr("guided.f.rationale"), line, "score_rationale", st.container(),
                          help_text=ui.tr("guided.f.rationale_help"))
        lvl = preset.level_or_none(line.likelihood, line.consequence)
        if lvl:
            st.markdown(ui.tr("assess.level_is", level=lvl.label(lang), meaning=lvl.definition(lang)))
        st.caption(ui.tr("assess.autosaved", version=line.version))
    fields.line_done(ctx, line)


def scoring(ctx: AssessCtx) -> None:
    """The part of step 3 a save changes."""
    if not start_editor(ctx):
        return
    line_step(
        ctx,
        f"line_idx_{ctx.assessment.id}",
        {
            "likelihood": (ui.tr("chart.likelihood"), lambda ln: ln.likelihood),
            "consequence": (consequence_head(ctx), lambda ln: ln.consequence),
            "level": (ui.tr("assess.col.level"), lambda ln: level_text(ctx, ln.likelihood, ln.consequence)),
            "rationale": (ui.tr("guided.f.rationale"), lambda ln: "✓" if ln.score_rationale.strip() else ""),
        },
        lambda ln: not is_scored(ln),
        line_editor,
    )


VIEWS = ("guided", "grid")  # one threat at a time (the default), or every threat as a row


def show(ctx: AssessCtx) -> None:
    workshop_box(ctx)
    view = st.segmented_control(
        ui.tr("grid.view"), VIEWS, default="guided", required=True, key="score_view",
        format_func=lambda v: ui.tr(f"grid.view.{v}"), help=ui.tr("grid.view_help"),
    )
    if view == "grid" and ctx.lines:
        grid.scoring_grid(ctx)
    else:
        scoring(ctx)
