"""Step 1 · Kontekst: the profile of the system (or processing activity), its floor, and the
previous assessment."""

from __future__ import annotations

import streamlit as st

from pages import ui
from pages.assessment_steps.context import AssessCtx, approved_text, floor_message, levels_text
from riskmodel.domain import dpia
from riskmodel.domain.dates import fmt_date
from riskmodel.domain.model import confidentiality_floor


def profile_grid(rows: list[tuple[str, str]]) -> None:
    cols = st.columns(3)
    for i, (key, value) in enumerate(rows):
        cols[i % 3].markdown(f"**{ui.tr(key)}**  \n{ui.md(value)}")


def show_system_profile(ctx: AssessCtx) -> None:
    system = ctx.system
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
    size = ctx.assessment.scale_size if ctx.assessment else ctx.preset.size
    floor_ = confidentiality_floor(system.classification, system.data_categories, size)
    if floor_ > 1 and size == ctx.preset.size:
        st.info(floor_message(ctx, floor_), icon=":material/lock:")


def show_activity_profile(ctx: AssessCtx) -> None:
    activity = ctx.activity
    st.subheader(ui.tr("guided.ds.profile_head"))
    if activity.dpia_done:
        done = ", ".join(x for x in (fmt_date(activity.dpia_date) if activity.dpia_date else "", activity.dpia_ref) if x)
        dpia_text = ui.tr("guided.yes") + (f" ({done})" if done else "")
    else:
        dpia_text = ui.tr("guided.no")
    if ctx.activity_conclusion:
        dpia_text += " · " + ui.tr(f"guided.ds.screening.{ctx.activity_conclusion}")
    lang = ctx.lang
    profile_grid([
        ("guided.ds.f.purpose", activity.purpose or "–"),
        ("guided.ds.f.department", activity.department),
        ("guided.ds.f.responsible", activity.responsible or "–"),
        ("guided.ds.f.legal_bases", ", ".join(dpia.label("legal_bases", c, lang) for c in activity.legal_bases) or "–"),
        ("guided.ds.f.data_categories", ", ".join(ui.vl("data_category", c) for c in activity.data_categories)),
        ("guided.ds.f.subject_categories",
         ", ".join(dpia.label("subject_categories", c, lang) for c in activity.subject_categories)),
        ("guided.ds.f.subjects_band", ui.vl("subjects_band", activity.subjects_band)),
        ("guided.ds.f.systems", ", ".join(ctx.activity_systems) or "–"),
        ("guided.ds.f.dpia", dpia_text),
    ])
    if ctx.floor > 1:
        st.info(floor_message(ctx, ctx.floor), icon=":material/lock:")
    else:
        st.caption(ui.tr("guided.ds.no_floor"))
    try:
        st.page_link("pages/activities.py", label=ui.tr("guided.ds.to_activity", name=activity.name),
                     query_params={"aktivitet": str(ctx.activity_id)}, icon=":material/policy:")
    except st.errors.StreamlitAPIException:  # the activities page is not in this user's navigation
        pass


def show(ctx: AssessCtx) -> None:
    """Step 1: the profile, its floor, and the previous assessment (of a system)."""
    if ctx.ds:
        show_activity_profile(ctx)
    else:
        show_system_profile(ctx)
        st.subheader(ui.tr("guided.context.previous_head"))
        prev = ctx.wb.assessments.previous(ctx.user, ctx.system.id)
        if prev is None:
            st.caption(ui.tr("guided.context.no_previous"))
        else:
            with st.container(border=True):
                st.markdown(
                    ui.tr("guided.context.previous", year=prev.year, status=ui.vl("assessment_status", prev.status),
                          scored=prev.scored, total=prev.lines)
                )
                st.markdown(ui.tr("guided.context.levels", levels=levels_text(ctx, prev.inherent, prev.preset_id)))
                st.markdown(ui.tr("guided.context.residual_levels",
                                  levels=levels_text(ctx, prev.residual, prev.preset_id)))
                if prev.approved_at:
                    st.caption(approved_text(ui.person(prev.approved_by), prev.on_behalf_of, prev.approved_at))
    if ctx.assessment is not None:
        st.subheader(ui.tr("guided.context.current_head"))
        st.markdown(
            ui.tr("guided.context.current", year=ctx.assessment.year,
                  status=ui.vl("assessment_status", ctx.assessment.status),
                  started=fmt_date(ctx.assessment.created_at), matrix=ctx.preset.name(ctx.lang), total=len(ctx.lines))
        )
