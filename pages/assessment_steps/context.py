"""What every step of the assessment page shares: one explicit context object, and the
helpers that read from it (labels of scales and levels, the line picker, the matrices).

``pages/assessment.py`` builds the :class:`AssessCtx` once per run; :meth:`AssessCtx.reload`
reads the parts a save changes again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import streamlit as st

from pages import ui
from riskmodel.domain import dpia
from riskmodel.domain.model import CLASSIFICATIONS, DATA_CATEGORIES
from riskmodel.domain.signoff import needs_decision
from riskmodel.locale.threats import line_title

STEPS = (1, 2, 3, 4, 5, 6)  # 6 is the history, reachable from the stepper
LAST = 5
MIN_DATE, MAX_DATE = date(2000, 1, 1), date(2100, 1, 1)
SCORE_KINDS = ("unscored", "floor_reason")  # open items fixed on step 3; the others on step 4
LINE_PARAM = "linje"  # ?linje=<risk line id>: the line shown on step 3 or 4


@dataclass
class AssessCtx:
    """One run of the assessment page: who, what is assessed, and the assessment's lines and state."""

    wb: object
    user: object
    lang: str
    ds: bool  # the data subjects' lens (a processing activity), else a system for the organisation
    system: object = None
    activity: object = None
    system_id: int | None = None
    activity_id: int | None = None
    activity_systems: list[str] = field(default_factory=list)
    activity_conclusion: str = ""
    department: str = ""
    owner: str = ""
    preset: object = None
    writable: bool = False
    first_run: bool = False
    floor: int = 1
    floor_reasons: list[str] = field(default_factory=list)
    assessment: object = None
    step: int = 0
    lines: list = field(default_factory=list)
    state: object = None
    open_by_line: dict = field(default_factory=dict)
    needing: list = field(default_factory=list)
    scored: int = 0
    decided: int = 0
    fresh: bool = True  # lines and state were read in this run of the page
    drawn: list = field(default_factory=list)  # the first run's drawn widgets, checked by fields.line_done

    def reload(self) -> None:
        """Read the lines and the sign-off state again (after a save, in a fragment's rerun)."""
        wb, user, aid = self.wb, self.user, self.assessment.id
        self.lines = wb.assessments.lines(user, aid)
        self.state = wb.signoff.state(user, aid)
        self.open_by_line = {}
        for item in self.state.open_items:
            self.open_by_line.setdefault(item.line_id, []).append(item.kind)
        self.scored = sum(1 for ln in self.lines if is_scored(ln))
        self.needing = [ln for ln in self.lines if needs_decision(ln, self.preset)]
        self.decided = sum(
            1 for ln in self.needing
            if not ({"needs_decision", "acceptance_expired"} & set(self.open_by_line.get(ln.id, ())))
        )


def is_scored(ln) -> bool:
    return ln.likelihood is not None and ln.consequence is not None


def step_name(n: int) -> str:
    return ui.tr(f"guided.step.{n}")


def go(step: int, idx_key: str | None = None, idx: int | None = None) -> None:
    """Callback: move to a step (and a line of it); the step goes into the address."""
    st.query_params["trin"] = str(step)
    st.query_params.pop(LINE_PARAM, None)  # the line shown next writes itself into the address
    if idx_key is not None:
        st.session_state[idx_key] = idx


def levels_text(ctx: AssessCtx, counts: dict[str, int], preset_id: str) -> str:
    """'2 Høj · 1 Middel · 4 Lav': highest level first, every level shown."""
    p = ctx.preset if preset_id == ctx.preset.id else dpia.preset_for(preset_id)
    return " · ".join(f"{n} {p.level_by_key(k).label(ctx.lang)}" for k, n in reversed(counts.items()))


def cons_label(ctx: AssessCtx, dim: str) -> str:
    """One consequence dimension: for the data subjects, the severity of a breach of it."""
    if ctx.ds:
        return ui.tr(f"guided.ds.severity_for.{dim}")
    return ui.tr("assess.f.consequence_for", dim=ui.vl("dimension", dim))


def consequence_head(ctx: AssessCtx) -> str:
    return ui.tr("guided.ds.severity") if ctx.ds else ui.tr("chart.consequence")


def floor_reason_label(ctx: AssessCtx, code: str) -> tuple[int, str]:
    """What sets the data-subject floor, in words, with its kind for the order: a personal data
    category, a category of data subjects (the service names it in Danish), a system classification."""
    if code in DATA_CATEGORIES:
        return 0, ui.vl("data_category", code)
    for key in dpia.keys("subject_categories"):
        if code in (key, dpia.label("subject_categories", key, "da")):
            return 1, dpia.label("subject_categories", key, ctx.lang)
    if code in CLASSIFICATIONS:
        return 2, ui.tr("guided.ds.floor_class", classification=ui.vl("classification", code))
    return 3, code


def floor_message(ctx: AssessCtx, floor_: int) -> str:
    label = ctx.preset.consequence[floor_ - 1].label(ctx.lang)
    if ctx.ds:
        reasons = sorted(floor_reason_label(ctx, c) for c in ctx.floor_reasons)
        return ui.tr("guided.ds.floor", floor=floor_, label=label, reasons=", ".join(r for _, r in reasons) or "–")
    return ui.tr("assess.floor", floor=floor_, label=label)


def approved_text(name: str, on_behalf_of: str, when) -> str:
    if on_behalf_of:
        return ui.tr("guided.signoff.approved_behalf", name=on_behalf_of, by=name, when=ui.when(when))
    return ui.tr("guided.signoff.approved", name=name, when=ui.when(when))


def score_label(ctx: AssessCtx, kind: str):
    steps = ctx.preset.likelihood if kind == "likelihood" else ctx.preset.consequence
    not_relevant = ui.tr("assess.not_relevant")  # now: the widget may format a value outside this run

    def fmt(v):
        return not_relevant if not v else f"{v} · {steps[v - 1].label(ctx.lang)}"

    return fmt


def level_text(ctx: AssessCtx, lik, con) -> str:
    lvl = ctx.preset.level_or_none(lik, con)
    return lvl.label(ctx.lang) if lvl else "–"


def decision_text(ctx: AssessCtx, ln) -> str:
    kinds = ctx.open_by_line.get(ln.id, ())
    if not needs_decision(ln, ctx.preset):
        return "–"
    if "needs_decision" in kinds or "acceptance_expired" in kinds:
        return ui.tr("guided.decision.missing")
    return ui.tr("guided.decision.accepted") if ln.accepted and not ln.has_measure else ui.tr("guided.decision.measure")


def progress(ctx: AssessCtx) -> None:
    total = len(ctx.lines) + len(ctx.needing)
    args = {"scored": ctx.scored, "total": len(ctx.lines), "status": ui.vl("assessment_status", ctx.state.status),
            "year": ctx.assessment.year}
    st.progress(
        (ctx.scored + ctx.decided) / total if total else 0.0,
        text=ui.tr("guided.progress", decided=ctx.decided, needing=len(ctx.needing), **args)
        if ctx.needing
        else ui.tr("assess.progress", **args),
    )


def _line_from_address(ctx: AssessCtx, idx_key: str) -> None:
    """?linje=<id> (a link from the heatmap, or a reload) opens that line."""
    param = st.query_params.get(LINE_PARAM)
    if param is None:
        return
    index = {str(ln.id): i for i, ln in enumerate(ctx.lines)}
    if param in index:
        st.session_state[idx_key] = index[param]
    else:
        st.warning(ui.tr("guided.line_gone", id=param), icon=":material/link_off:")
        st.query_params.pop(LINE_PARAM, None)


def line_nav(ctx: AssessCtx, idx_key: str, idx: int, where: str) -> None:
    """Previous / Next around the line (``where``: top or bottom, both on screen)."""
    with ui.row(wrap=False, vertical_alignment="center", horizontal_alignment="distribute"):  # Next at the right end
        nav1, nav2, nav3 = st.container(width="content"), st.container(), st.container(width="content")
    top = where == "top"
    nav1.button(ui.tr("assess.prev"), disabled=idx == 0, key="prev_line" if top else "prev_line_bottom",
                on_click=ui.callback(go), args=(ctx.step, idx_key, idx - 1))
    nav3.button(ui.tr("assess.next"), disabled=idx >= len(ctx.lines) - 1, key="next_line" if top else "next_line_bottom",
                on_click=ui.callback(go), args=(ctx.step, idx_key, idx + 1))
    if top:
        line = ctx.lines[idx]
        nav2.markdown(f"**{idx + 1}/{len(ctx.lines)} · {ui.md(line.threat_code)} · {ui.md(line_title(line, ctx.lang))}**")


def pick_line(ctx: AssessCtx, idx_key: str, columns: dict, first_open) -> tuple[int, object]:
    """The lines as a table to pick from, and Previous/Next: returns (index, line)."""
    lines = ctx.lines
    _line_from_address(ctx, idx_key)
    table = [
        {"pos": i + 1, "code": ln.threat_code, "threat": line_title(ln, ctx.lang), **{k: f(ln) for k, (_, f) in columns.items()}}
        for i, ln in enumerate(lines)
    ]
    table_key = ui.table_key(f"lines_{ctx.step}_{ctx.assessment.id}", [ln.id for ln in lines])
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
        placeholder="",
    )
    # The table keeps its selection across reruns: only a *new* pick moves to a line, so
    # that Previous/Next still work after a row has been picked.
    picked_key = f"lines_picked_{ctx.step}_{ctx.assessment.id}"
    picked_rows = tuple(picked.selection.rows) if picked else ()
    if picked_rows and picked_rows != st.session_state.get(picked_key):
        st.session_state[idx_key] = picked_rows[0]
    st.session_state[picked_key] = picked_rows
    if idx_key not in st.session_state:
        todo = [i for i, ln in enumerate(lines) if first_open(ln)]
        st.session_state[idx_key] = todo[0] if todo else 0
    idx = max(0, min(st.session_state[idx_key], len(lines) - 1))
    line = lines[idx]
    if st.query_params.get(LINE_PARAM) != str(line.id):
        st.query_params[LINE_PARAM] = str(line.id)  # the line's own address: a reload or a link opens it
    line_nav(ctx, idx_key, idx, "top")
    err = st.session_state.pop("line_error", None)
    if err and err[0] == line.id:
        st.error(ui.md(err[1]), icon=":material/warning:")
    return idx, line


def no_lines_yet() -> None:
    st.info(ui.tr("assess.no_lines"))
    st.button(ui.tr("guided.to_threats"), on_click=ui.callback(go), args=(2,))


def matrices(ctx: AssessCtx, expanded: bool = True) -> None:
    """The inherent and residual matrices (of the system, or for the data subjects)."""
    counts = ctx.wb.assessments.matrix_counts(ctx.user, ctx.assessment.id)
    head = ui.tr("guided.ds.matrix_head") if ctx.ds else ui.tr("guided.matrix_head")
    with st.expander(head, expanded=expanded, icon=":material/grid_on:"):
        ui.matrix_pair(ctx.preset, counts["inherent"], counts["residual"], "sys", height=330)


def approved_warning(ctx: AssessCtx) -> None:
    if ctx.state.status == "godkendt":
        st.caption(ui.tr("guided.approved_edit_note"))


def start_editor(ctx: AssessCtx) -> bool:
    """The top of a step's line editor: read the lines again if this run has not (``fresh``), draw the
    progress; False when there are no lines yet (and says so)."""
    if not ctx.fresh:
        ctx.reload()
    ctx.fresh = False
    progress(ctx)
    if not ctx.lines:
        no_lines_yet()
        return False
    return True


def line_step(ctx: AssessCtx, idx_key: str, columns: dict, first_open, editor) -> None:
    """A step that works one line at a time: the table to pick from, the line's ``editor``, Previous/Next
    above and below it, and the matrices."""
    idx, line = pick_line(ctx, idx_key, columns, first_open)
    approved_warning(ctx)
    editor(ctx, line)
    line_nav(ctx, idx_key, idx, "bottom")
    matrices(ctx, expanded=True)
