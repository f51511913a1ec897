"""The widgets of one risk line, saved field by field.

Each widget's key is the line and the field (``line12:likelihood``), never a version, so a
save does not rebuild the widget and keyboard focus stays where it was. The page remembers
what it showed of each field (``_seen``); a save carries that value, and the service refuses
it only when someone else changed the same field after this page showed it
(:meth:`AssessmentService.save_fields`). Then both values are shown side by side, with who
and when, and the user chooses.

The browser keeps a copy of what the page showed: a hidden text field (:func:`line_done`)
holds it as JSON, and the browser sends it back with every click. A tab that reconnects to a
restarted server hands its click to a new session that has no ``_seen``; the copy is what that
click is saved against, so a change someone else made meanwhile is refused, never overwritten.
"""

from __future__ import annotations

import json
from datetime import date

import streamlit as st

from pages import ui
from pages.assessment_steps.context import MAX_DATE, MIN_DATE, AssessCtx, score_label
from pages.ui.draft_keeper import draft_kept, text_store
from riskmodel.domain import dpia
from riskmodel.domain.dates import fmt_date
from riskmodel.domain.errors import FieldConflictError, WorkbenchError
from riskmodel.services.assessments import FIELD_LABELS_DA

SEEN = "_seen"  # {(line id, field): the stored value this page last showed}
CONFLICTS = "_conflicts"  # {(line id, field): FieldConflict} waiting for the user's choice
NOT_RELEVANT = 0  # the radio option "Ikke relevant" of a consequence (stored as NULL)
SHOWN = "line_shown"  # the hidden text field: {"line": id, "seen": {field: value}} of the line on screen
HIDE_SHOWN_CSS = "<style>.st-key-line_shown {display: none;}</style>"  # constant CSS, no user text
_MISSING = object()


def field_key(line_id: int, field: str) -> str:
    return f"line{line_id}:{field}"


def stored_value(field: str, value):
    """A widget's value as the line stores it."""
    if value == NOT_RELEVANT and field in ("cons_c", "cons_i", "cons_a") and not isinstance(value, bool):
        return None
    return value


def save(ctx: AssessCtx, line_id: int, field: str, key: str) -> None:
    """on_change: save one field with what this page showed of it; keep a refusal for the rerun."""
    seen = st.session_state.setdefault(SEEN, {})
    value = stored_value(field, st.session_state.get(key))
    try:
        ctx.wb.assessments.save_fields(ctx.user, line_id, {field: value}, {field: seen.get((line_id, field))})
    except FieldConflictError as err:
        for c in err.conflicts:
            st.session_state.setdefault(CONFLICTS, {})[(line_id, c.field)] = c
        # The widget goes back to what is stored; the choice is offered beside it.
        seen.pop((line_id, field), None)
        st.session_state.pop(key, None)
        return
    except WorkbenchError as err:
        st.session_state["line_error"] = (line_id, err.text(ui.lang()))
        seen.pop((line_id, field), None)
        st.session_state.pop(key, None)
        return
    seen[(line_id, field)] = value
    st.session_state.get(CONFLICTS, {}).pop((line_id, field), None)


def bind(ctx: AssessCtx, line, field: str, shown, stored) -> tuple[str, bool]:
    """Prepare a widget's state from the stored value (``shown``: as the widget shows it).

    Returns the key, and whether the widget must take ``shown`` as its default and be checked
    after it is drawn (:func:`check_drawn`): in the page's first run in a session the browser may
    hand over a value without its on_change (a tab reconnected to a restarted server), and only
    the drawn widget shows it. Otherwise a value the page has not shown yet, or one someone else
    has changed since, is put into the widget; the user's own value is never replaced on a rerun.
    """
    key = field_key(line.id, field)
    seen = st.session_state.setdefault(SEEN, {})
    known = (line.id, field) in seen
    if not known and ctx.first_run:
        seen[(line.id, field)] = stored
        return key, True
    if known and ui.same_value(seen[(line.id, field)], stored) and key in st.session_state:
        mine = stored_value(field, st.session_state[key])
        if ctx.writable and not ui.same_value(_plain(mine), _plain(stored)):
            _save_skipped(ctx, line.id, field, key, mine)
        return key, False
    seen[(line.id, field)] = stored
    st.session_state[key] = shown
    return key, False


def _save_skipped(ctx: AssessCtx, line_id: int, field: str, key: str, mine) -> None:
    """The widget holds a value the page never saved, and the page showed what is stored: Streamlit skipped the
    widget's on_change. Seen in a full test run on a loaded machine: clicks 30 ms apart interrupt each other's
    reruns, and the last value was shown but never stored. Save it now, as on_change would have (against what
    the page showed, so another person's change is still refused), and draw the page again. Each value is
    tried once per session, so a value the service turns into something else cannot loop."""
    tried = st.session_state.setdefault("_skipped_saves", set())
    mark = (key, json.dumps(_plain(mine), sort_keys=True, default=str))
    if mark in tried:
        return
    tried.add(mark)
    save(ctx, line_id, field, key)
    st.rerun()


def check_drawn(ctx: AssessCtx, line, field: str, key: str, drawn, stored) -> None:
    """Note a drawn widget of the page's first run (see :func:`bind`); :func:`line_done` checks it."""
    ctx.drawn.append((line.id, field, key, drawn, stored))


def _plain(value):
    """A field's value as JSON holds it (a date as its ISO text)."""
    return value.isoformat() if isinstance(value, date) else value


def shown_copy(line_id: int, text: str | None) -> dict | None:
    """The fields of ``line_id`` in the hidden copy (:data:`SHOWN`) a browser sent; None if it holds none."""
    try:
        data = json.loads(text or "")
    except ValueError:
        return None
    if not isinstance(data, dict) or data.get("line") != line_id or not isinstance(data.get("seen"), dict):
        return None
    return data["seen"]


def handed_over(drawn, stored, tab_saw) -> str:
    """What a widget's value in a page's first run is (``tab_saw``: the tab's copy of the field, or _MISSING).

    "mine": the user changed it in the tab (save it against what the tab showed); "stale": the tab shows
    what it was shown, and the field has changed since (redraw it from what is stored); "same": nothing to do.
    """
    before = _plain(stored) if tab_saw is _MISSING else tab_saw
    if not ui.same_value(_plain(drawn), before):
        return "mine"
    return "same" if ui.same_value(_plain(drawn), _plain(stored)) else "stale"


def line_done(ctx: AssessCtx, line) -> None:
    """After the widgets of a line: the hidden copy of what the page showed of them, and, in the page's
    first run, the values a reconnected tab handed over without their on_change.

    A tab reconnected to a restarted server sends its click to a new session, whose first run calls no
    on_change (tests/e2e/test_server_crash.py). The click is saved here, carrying what the tab showed of
    the field (its copy) as any save does: a change someone else made meanwhile is refused and shown
    side by side. A field the tab shows as it was shown, but which has changed since, is drawn again.
    """
    seen = st.session_state.setdefault(SEEN, {})
    text = json.dumps({"line": line.id, "seen": {f: _plain(v) for (lid, f), v in seen.items() if lid == line.id}},
                      sort_keys=True, ensure_ascii=False)
    st.html(HIDE_SHOWN_CSS)
    if not ctx.first_run:
        st.session_state[SHOWN] = text
        st.text_input("shown", key=SHOWN, label_visibility="collapsed")
        return
    # The first run: the browser's copy, if it sent one, wins over the default.
    tab = shown_copy(line.id, st.text_input("shown", value=text, key=SHOWN, label_visibility="collapsed")) or {}
    checks, ctx.drawn = [c for c in ctx.drawn if c[0] == line.id], []
    tried = st.session_state.setdefault("_skipped_tried", set())
    redraw = False
    for line_id, field, key, drawn, stored in checks:
        if key in tried:
            continue
        tab_saw = tab.get(field, _MISSING)
        what = handed_over(stored_value(field, drawn), stored, tab_saw)
        if what == "same" or (what == "mine" and not ctx.writable):
            continue
        tried.add(key)
        seen[(line_id, field)] = stored if tab_saw is _MISSING else tab_saw
        if what == "mine":
            save(ctx, line_id, field, key)
        redraw = True
    if redraw:
        st.rerun()


def score_captions(ctx: AssessCtx, kind: str, allow_none: bool) -> list[str]:
    """Each step's definition and its example, under the choice itself."""
    steps = ctx.preset.likelihood if kind == "likelihood" else ctx.preset.consequence
    out = [ui.tr("assess.not_relevant_help")] if allow_none else []
    for s in steps:
        example = s.example(ctx.lang)
        out.append(s.definition(ctx.lang) + (" " + ui.tr("guided.example", example=example) if example else ""))
    return out


def score_options(ctx: AssessCtx, allow_none: bool) -> list:
    return ([NOT_RELEVANT] if allow_none else []) + list(range(1, ctx.preset.size + 1))


def radio_score(ctx: AssessCtx, label: str, line, field: str, kind: str, harmed: bool | None, container,
                help_text: str = "") -> None:
    """A score with every step's label, definition and example on screen.

    Consequences offer "Ikke relevant" (``harmed`` is True/False); likelihood does not (``harmed`` None).
    Unscored shows no choice, except a dimension the threat does not harm, which starts at "Ikke relevant".
    """
    value = getattr(line, field)
    allow_none = harmed is not None
    shown = value if value is not None else (NOT_RELEVANT if harmed is False else None)
    key, first = bind(ctx, line, field, shown, value)
    options = score_options(ctx, allow_none)
    drawn = container.radio(
        label,
        options,
        index=(options.index(shown) if shown in options else None) if first else 0,
        format_func=score_label(ctx, kind),
        captions=score_captions(ctx, kind, allow_none),
        key=key,
        on_change=ui.callback(save),
        disabled=not ctx.writable,
        args=(ctx, line.id, field, key),
        help=help_text or None,
    )
    if first:
        check_drawn(ctx, line, field, key, drawn, value)


def text_field(ctx: AssessCtx, label: str, line, field: str, container, area: bool = True,
               help_text: str | None = None) -> None:
    value = getattr(line, field)
    key, first = bind(ctx, line, field, value or "", value)
    kwargs = dict(value=(value or "") if first else "", key=key, on_change=ui.callback(save),
                  disabled=not ctx.writable, args=(ctx, line.id, field, key), help=help_text)
    if area:
        # A text area is saved when it loses focus; what is typed before is also kept in this browser keystroke
        # by keystroke, so a reload in the middle of a sentence keeps it (pages/ui/draft_keeper.py). The draft
        # belongs to the text the server holds for this field: a save of it (by anyone) forgets the draft.
        with container, draft_kept(f"l{line.id}-{field.replace('_', '-')}", text_store(value)):
            drawn = st.text_area(label, height=80, **kwargs)
    else:
        drawn = container.text_input(label, **kwargs)
    if first:
        check_drawn(ctx, line, field, key, drawn, value)


def select_field(ctx: AssessCtx, label: str, line, field: str, options: list, format_func, container,
                 horizontal_radio: bool = False, help_text: str | None = None) -> None:
    """A choice among ``options`` (a horizontal radio or a selectbox)."""
    value = getattr(line, field)
    key, first = bind(ctx, line, field, value, value)
    common = {"format_func": format_func, "key": key, "on_change": ui.callback(save), "disabled": not ctx.writable,
              "args": (ctx, line.id, field, key), "help": help_text,
              "index": (options.index(value) if value in options else 0) if first else 0}
    if horizontal_radio:
        drawn = container.radio(label, options, horizontal=True, **common)
    else:
        drawn = container.selectbox(label, options, **common)
    if first:
        check_drawn(ctx, line, field, key, drawn, value)


def date_field(ctx: AssessCtx, label: str, line, field: str, container) -> None:
    value = getattr(line, field)
    key, first = bind(ctx, line, field, value, value)
    drawn = container.date_input(label, value=value if first else None, format="DD-MM-YYYY", key=key,
                                 min_value=MIN_DATE, max_value=MAX_DATE, on_change=ui.callback(save), disabled=not ctx.writable,
                                 args=(ctx, line.id, field, key))
    if first:
        check_drawn(ctx, line, field, key, drawn, value)


def harms_field(ctx: AssessCtx, line) -> None:
    """The kinds of harm to the data subjects (GDPR recital 75), saved as they are chosen."""
    default = [h for h in line.harms if h in dpia.keys("harms")]
    key, first = bind(ctx, line, "harms", default, default)
    drawn = st.multiselect(
        ui.tr("guided.ds.f.harms"),
        list(dpia.keys("harms")),
        default=default if first else None,
        format_func=lambda code: dpia.label("harms", code, ctx.lang),
        placeholder=ui.tr("ui.choose"),
        key=key,
        on_change=ui.callback(save),
        disabled=not ctx.writable,
        args=(ctx, line.id, "harms", key),
        help=ui.tr("guided.ds.f.harms_help"),
        select_all=False,
    )
    if first:
        check_drawn(ctx, line, "harms", key, drawn, default)


# -- a refused save: both values side by side -------------------------------------------------
def _shown_value(ctx: AssessCtx, field: str, value) -> str:
    if field == "likelihood" or field == "residual_likelihood":
        return score_label(ctx, "likelihood")(value) if value else ui.tr("assess.not_scored")
    if field in ("cons_c", "cons_i", "cons_a", "residual_consequence"):
        return score_label(ctx, "consequence")(value) if value is not None else ui.tr("assess.not_relevant")
    if field == "treatment":
        return ui.vl("treatment", value) if value else ui.tr("assess.undecided")
    if field == "measure_deadline":
        return fmt_date(value) if value else "–"
    if isinstance(value, list):
        return ", ".join(dpia.label("harms", h, ctx.lang) for h in value) or "–"
    return str(value) if value not in (None, "") else "–"


def keep_mine(ctx: AssessCtx, line_id: int, field: str) -> None:
    """The user chose their own value, having now seen the other person's."""
    c = st.session_state.get(CONFLICTS, {}).pop((line_id, field), None)
    if c is None:
        return
    try:
        ctx.wb.assessments.save_fields(ctx.user, line_id, {field: c.yours}, {field: c.theirs})
    except FieldConflictError as err:  # changed yet again meanwhile: show the newest
        for again in err.conflicts:
            st.session_state.setdefault(CONFLICTS, {})[(line_id, again.field)] = again
    except WorkbenchError as err:
        st.session_state["line_error"] = (line_id, err.text(ui.lang()))
    st.session_state.get(SEEN, {}).pop((line_id, field), None)
    st.session_state.pop(field_key(line_id, field), None)


def keep_theirs(line_id: int, field: str) -> None:
    st.session_state.get(CONFLICTS, {}).pop((line_id, field), None)


def conflicts(ctx: AssessCtx, line, labels: dict[str, str]) -> None:
    """Every refused save of this line: your value and theirs, who and when, and the choice."""
    waiting = {f: c for (lid, f), c in st.session_state.get(CONFLICTS, {}).items() if lid == line.id}
    for field, c in waiting.items():
        with st.container(border=True, key=f"conflict_{line.id}_{field}"):
            st.warning(ui.tr("assess.conflict.head", field=labels.get(field, FIELD_LABELS_DA.get(field, field)), by=c.by,
                             when=ui.when(c.at) if c.at else "–"), icon=":material/sync_problem:")
            mine, theirs = st.columns(2)
            mine.markdown(ui.tr("assess.conflict.yours", value=ui.md(_shown_value(ctx, field, c.yours))))
            theirs.markdown(ui.tr("assess.conflict.theirs", by=ui.md(c.by),
                                  value=ui.md(_shown_value(ctx, field, c.theirs))))
            mine.button(ui.tr("assess.conflict.keep_mine"), key=f"keep_mine_{line.id}_{field}", on_click=ui.callback(keep_mine),
                        args=(ctx, line.id, field), type="primary")
            theirs.button(ui.tr("assess.conflict.keep_theirs", by=c.by), key=f"keep_theirs_{line.id}_{field}",
                          on_click=ui.callback(keep_theirs), args=(line.id, field))
