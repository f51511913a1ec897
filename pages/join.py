"""Deltag i workshop: join a live workshop with its code and vote from your own browser.

Signed-in users open it from the menu. Where sign-in is configured, anyone with the link
(/deltag?kode=...) may open it without an account: app.py runs this page before the
sign-in form and shows nothing else (pages.ui.sign_in(public=...)), and the facilitator
lets them in. So this page never calls ui.actor(): the account, if any, is only
st.session_state["actor"].

The seat is the join token, kept in the URL (?m=) and the session: a reload or a dropped
connection comes back to the same seat. The token is the participant's own secret.
A fragment looks for news every LIVE_SECONDS and redraws the page when the room moves on.
"""

from __future__ import annotations

import streamlit as st

from pages import ui
from riskmodel import dpia
from riskmodel.errors import WorkbenchError
from riskmodel.i18n import LANGUAGES
from riskmodel.model import PARTICIPANT_ROLES
from riskmodel.workshop import format_code, normalise_code

ui.run_by_app()
wb = ui.workbench()
lang = ui.lang()
mode = ui.auth_mode()
account = st.session_state.get("actor")
# In mode 'none' every browser is the same local account: people join by the name they type.
user = account if mode != "none" else None
ROLES = [r for r in PARTICIPANT_ROLES if r != "facilitator"]
SEAT = "ws_seat"  # session: (code, token) of this browser's seat


def leave() -> None:
    st.session_state.pop(SEAT, None)
    for key in ("m", "kode"):
        st.query_params.pop(key, None)


def join_form(code: str) -> tuple[str, str] | None:
    """The code (from the link or typed), name and role; returns the new seat (code, token)."""
    if user is None and mode != "none":
        st.caption(ui.tr("join.intro_guest"))
    else:
        st.caption(ui.tr("join.intro"))
    with st.form("join"):
        typed = st.text_input(ui.tr("join.code"), value=format_code(code) if code else "", max_chars=12,
                              placeholder="ABC-DEF")
        name = st.text_input(ui.tr("join.name"), value=user.display_name if user else "", max_chars=120,
                             autocomplete="name")
        role = st.selectbox(ui.tr("join.role"), ROLES, format_func=lambda r: ui.tr(f"ws.role.{r}"))
        submitted = st.form_submit_button(ui.tr("join.submit"), type="primary", icon=":material/login:")
    if submitted:
        seat = ui.attempt(lambda: wb.workshops.join(typed, name, role, user=user))
        if seat:
            return normalise_code(typed), seat[1]
    if account is None and mode != "none":
        if st.button(ui.tr("join.sign_in"), icon=":material/person:"):
            st.session_state[ui.SIGN_IN_FIRST] = True
            st.rerun()
    return None


def view_key(state) -> tuple:
    """What the participant's screen depends on: a change of any redraws the page."""
    decision = state.decision["id"] if state.decision else None
    return (state.participant["admitted"], state.line.id if state.line else None, state.round, state.phase, decision)


@ui.live_fragment(ui.LIVE_SECONDS)  # the idle timeout holds in every run
def follow(code: str, token: str, shown: tuple) -> None:
    """Look for news; redraw the whole page when the room has moved on (or the seat is gone)."""
    try:
        version = wb.workshops.pulse(code, token)
        if version == st.session_state.get("ws_pulse"):
            return
        st.session_state["ws_pulse"] = version
        changed = view_key(wb.workshops.participant_view(code, token)) != shown
    except WorkbenchError:
        changed = True  # closed or dismissed: the page says so
    if changed:
        st.rerun()


def cast(code: str, token: str, line_id: int, round_: int, keys: dict[str, str]) -> None:
    """on_click: the vote for the threat and round the form was drawn for (the facilitator may
    have moved on since: the service then says so, and nothing counts)."""
    values = {dim: st.session_state.get(key) for dim, key in keys.items()}
    try:
        wb.workshops.vote(code, token, line_id, round_, values)
    except WorkbenchError as err:
        st.session_state["join_error"] = str(err)
    else:
        ui.flash(ui.tr("join.vote_saved"))


def vote_form(code: str, token: str, state, preset, dims: list[str], lens: str = "org") -> None:
    line, mine = state.line, state.my_vote
    if mine:
        st.success(ui.tr("join.voted", values=ui.ws_summary(mine, dims)), icon=":material/how_to_vote:")
    form = f"vote_{line.id}_{state.round}"
    keys = {dim: f"{form}_{dim}" for dim in dims}
    with st.form(form):
        st.markdown(f"**{ui.tr('join.your_estimate')}**")
        for dim in dims:
            steps = preset.likelihood if dim == "likelihood" else preset.consequence
            options = [*range(1, preset.size + 1), None]
            st.radio(
                ui.ws_dim_label(dim, lens),
                options,
                index=options.index(mine.get(dim)) if mine else None,
                format_func=lambda v, steps=steps: ui.tr("ws.dont_know") if v is None else f"{v} · {steps[v - 1].label(lang)}",
                captions=[ui.md(s.definition(lang)) for s in steps] + [ui.tr("join.dont_know_help")],
                key=keys[dim],
            )
        st.form_submit_button(ui.tr("join.change_vote" if mine else "join.vote"), type="primary",
                              icon=":material/how_to_vote:", on_click=cast,
                              args=(code, token, line.id, state.round, keys))


def seat_view(code: str, token: str) -> None:
    state = ui.attempt(lambda: wb.workshops.participant_view(code, token))
    if state is None:  # closed, dismissed, or an unknown seat: the message says which
        st.button(ui.tr("join.again"), type="primary", key="join_leave_again")
        return
    p = state.participant
    st.caption(ui.tr("join.you_are", name=p["name"], role=ui.tr(f"ws.role.{p['role_title']}"),
                     system=state.system_name, code=format_code(state.code)))
    st.session_state["ws_pulse"] = state.version
    if not p["admitted"]:
        st.info(ui.tr("join.waiting"), icon=":material/hourglass_top:")
    elif state.line is None:
        st.info(ui.tr("join.no_threat"))
    else:
        line = state.line
        dims = ui.ws_dimensions(line)
        preset = dpia.preset_for(state.preset_id)
        lens = "ds" if state.preset_id == dpia.DS_PRESET_ID else "org"
        if lens == "ds":
            st.caption(ui.tr("ws.ds_caption"))
        ui.ws_threat(line, *state.position, lens=lens)
        if state.phase == "stemmer":
            vote_form(code, token, state, preset, dims, lens)
        else:
            st.info(ui.tr("join.revealed"), icon=":material/visibility:")
            if state.decision:
                st.success(ui.tr("ws.decided", values=ui.ws_summary(state.decision, dims),
                                 rationale=state.decision["rationale"]), icon=":material/gavel:")
            if state.my_vote:
                st.caption(ui.tr("join.your_vote", values=ui.ws_summary(state.my_vote, dims)))
            st.markdown(f"**{ui.tr('ws.spread')}**")
            ui.ws_spread(state.spreads, preset.size, dims, lens=lens)
            st.markdown(f"**{ui.tr('ws.votes')}**")
            ui.ws_votes(state.revealed, dims, lens=lens)
    follow(code, token, view_key(state))
    st.divider()
    st.button(ui.tr("join.leave"), icon=":material/logout:", key="join_leave")


st.title(ui.tr("join.title"))
ui.show_flash()
if error := st.session_state.pop("join_error", None):
    st.error(ui.md(error), icon=":material/warning:")
if account is None and mode != "none":  # a guest has no sidebar of the app: the language is chosen here
    st.sidebar.selectbox(ui.tr("app.language"), list(LANGUAGES), format_func=LANGUAGES.get, key="lang")
# The URL changes in the run itself, never just before an st.rerun() (which drops the change in the browser).
if st.session_state.get("join_leave") or st.session_state.get("join_leave_again"):
    leave()
wanted = normalise_code(st.query_params.get("kode", ""))
token = st.query_params.get("m")
kept = st.session_state.get(SEAT)
if not token and kept and kept[0] == wanted:
    token = kept[1]
    st.query_params["m"] = token
if not (wanted and token):
    slot = st.empty()
    with slot.container():
        seat = join_form(wanted)
    if seat is None:
        st.stop()
    slot.empty()
    wanted, token = seat
    st.query_params["kode"], st.query_params["m"] = seat
st.session_state[SEAT] = (wanted, token)
seat_view(wanted, token)
