"""Deltag i workshop: join a live workshop with its code and vote from your own browser.

Signed-in users open it from the menu. Where sign-in is configured, anyone with the link
(/deltag?kode=...) may open it without an account: app.py runs this page before the
sign-in form and shows nothing else (pages.ui.sign_in(public=...)), and the facilitator
lets them in. So this page never calls ui.actor(): the account, if any, is only
st.session_state["actor"].

The seat is the join token, kept in the URL (?m=) and the session: a reload or a dropped
connection comes back to the same seat. The token is the participant's own secret. A
signed-in account has one seat (joining again, from any device, returns to it); a guest has
one seat per browser (the browser's key is a hash of Streamlit's XSRF cookie, which the
browser keeps for the whole session). Joins are throttled per person, per client address (behind a
trusted proxy: the forwarded one) and per workshop.
A fragment looks for news every LIVE_SECONDS and redraws the page when the room moves on.

Laid out for a phone (390x844): the threat in a few lines, one row of choices per dimension,
the vote button with its receipt beside it, and nothing to scroll for a threat on F, I and T.
"""

from __future__ import annotations

import hashlib
import secrets

import streamlit as st

from pages import ui
from riskmodel.domain import dpia
from riskmodel.domain.errors import WorkbenchError
from riskmodel.domain.model import PARTICIPANT_ROLES
from riskmodel.domain.workshop import format_code, normalise_code
from riskmodel.i18n import LANGUAGES
from riskmodel.locale.threats import threat_title

ui.run_by_app()
wb = ui.workbench()
lang = ui.lang()
mode = ui.auth_mode()
account = st.session_state.get("actor")
# In mode 'none' every browser is the same local account: people join by the name they type.
user = account if mode != "none" else None
ROLES = [r for r in PARTICIPANT_ROLES if r != "facilitator"]
SEAT = "ws_seat"  # session: (code, token) of this browser's seat
CONFIRM_LEAVE = "join_confirm_leave"  # session: "Forlad workshoppen" was pressed; the page asks once more


def browser_key() -> str:
    """A key this browser keeps across tabs and reloads (guests: one seat per browser): the token in
    Streamlit's XSRF cookie. The cookie is sent with a fresh random mask on every page load
    ("2|mask|masked token|time"), so the key is the unmasked token, never the cookie as sent."""
    cookie = (st.context.cookies or {}).get("_streamlit_xsrf") or ""
    parts = cookie.split("|")
    try:
        mask, masked = bytes.fromhex(parts[1]), bytes.fromhex(parts[2])
        token = bytes(b ^ mask[i % len(mask)] for i, b in enumerate(masked)) if parts[0] == "2" and mask else b""
    except (IndexError, ValueError):
        token = b""
    if token:
        return hashlib.sha256(token).hexdigest()
    return st.session_state.setdefault("_ws_browser", secrets.token_hex(16))  # no cookie (tests): this session


def leave(keep_code: bool = False) -> None:
    """The seat is given up ('Forlad'): it stops counting in the room; the URL forgets it. With ``keep_code``
    ('Deltag igen med en kode' under a seat that is gone) the code stays in the form: only the seat is new."""
    st.session_state.pop(CONFIRM_LEAVE, None)
    kept = st.session_state.pop(SEAT, None)
    if kept:
        try:
            wb.workshops.leave(*kept)
        except WorkbenchError:
            pass  # already gone (closed, removed): nothing to give up
    for key in ("m",) if keep_code else ("m", "kode"):
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
        try:
            seat = wb.workshops.join(typed, name, role, user=user, client=ui.client_address(),
                                     browser=browser_key())
        except WorkbenchError as err:
            st.error(ui.md(err.text(ui.lang())), icon=":material/warning:")  # right under the button that was pressed
        else:
            return normalise_code(typed), seat[1]
    if account is None and mode != "none":
        if st.button(ui.tr("join.sign_in"), icon=":material/person:"):
            st.session_state[ui.SIGN_IN_FIRST] = True
            st.rerun()
    return None


@ui.live_fragment(ui.LIVE_SECONDS)  # the idle timeout holds in every run
def follow(code: str, token: str, shown: tuple[int, int], count_votes: bool) -> None:
    """Look at the room's cheap change marker and redraw the whole page when the room has moved on
    (or the seat is gone). ``count_votes``: also when someone votes (the 'venter på' line); only
    once this person has voted, so a rerun never disturbs a vote being chosen. Draws nothing."""
    try:
        now = wb.workshops.pulse(code, token)
    except WorkbenchError:
        st.rerun()  # removed or gone: the page says so
    if now[0] != shown[0] or (count_votes and now[1] != shown[1]):
        st.rerun()


def cast(code: str, token: str, line_id: int, round_: int, keys: dict[str, str]) -> None:
    """on_click: the vote for the threat and round the form was drawn for (the facilitator may
    have moved on since: the service then says so, and nothing counts)."""
    values = {dim: st.session_state.get(key) for dim, key in keys.items()}
    try:
        wb.workshops.vote(code, token, line_id, round_, values)
    except WorkbenchError as err:
        st.session_state["join_error"] = err.text(ui.lang())


def vote_form(code: str, token: str, state, preset, dims: list[str], lens: str = "org") -> None:
    """One row of choices per dimension (help: the scale's definitions), the button and, beside it,
    the receipt or the refusal. Four choices and a tap on the button: five taps."""
    line, mine = state.line, state.my_vote
    form = f"vote_{line.id}_{state.round}"
    keys = {dim: f"{form}_{dim}" for dim in dims}
    with st.form(form, border=False):
        for dim in dims:
            steps = preset.likelihood if dim == "likelihood" else preset.consequence
            options = [*range(1, preset.size + 1), None]
            st.radio(
                ui.ws_dim_label(dim, lens),
                options,
                index=options.index(mine.get(dim)) if mine else None,
                horizontal=True,
                format_func=lambda v: ui.tr("ws.dont_know") if v is None else str(v),
                help="  \n".join([f"**{s.value}** {ui.md(s.label(lang))}: {ui.md(s.definition(lang))}" for s in steps]
                                  + [f"**{ui.tr('ws.dont_know')}**: {ui.tr('join.dont_know_help')}"]),
                key=keys[dim],
            )
        button, receipt = st.columns([2, 3], vertical_alignment="center")
        button.form_submit_button(ui.tr("join.change_vote" if mine else "join.vote"), type="primary",
                                  icon=":material/how_to_vote:", on_click=ui.callback(cast),
                                  args=(code, token, line.id, state.round, keys), width="stretch")
        with receipt:
            if error := st.session_state.pop("join_error", None):
                st.error(ui.md(error), icon=":material/warning:")
            elif mine:
                st.success(ui.tr("join.voted_short", values=ui.ws_summary(mine, dims)), icon=":material/how_to_vote:")
    if mine:
        waiting = max(state.present - state.voted, 0)
        st.caption(ui.tr("join.waiting_for", n=waiting, total=state.present) if waiting
                   else ui.tr("join.all_voted"))


def closing(state) -> None:
    """The workshop has ended: thanks, and what the room agreed, threat by threat."""
    st.success(ui.tr("join.thanks", system=state.system_name), icon=":material/celebration:")
    if not state.agreed:
        st.caption(ui.tr("join.nothing_agreed"))
        return
    st.markdown(f"**{ui.tr('join.agreed')}**")
    st.markdown("  \n".join(
        f"{ui.md(a['threat_code'])} · {ui.md(threat_title(a['threat_code'], a['threat_title'], lang))}: "
        f"**{ui.ws_summary(a, a['dims'])}**" for a in state.agreed))


def seat_view(code: str, token: str) -> None:
    pulse = ui.attempt(lambda: wb.workshops.pulse(code, token))  # read first: no change slips in between
    state = ui.attempt(lambda: wb.workshops.participant_view(code, token)) if pulse else None
    if state is None:  # dismissed, left, or an unknown seat: the message says which
        st.button(ui.tr("join.again"), type="primary", key="join_leave_again")
        return
    p = state.participant
    st.caption(ui.tr("join.you_are", name=p["name"], role=ui.tr(f"ws.role.{p['role_title']}"),
                     system=state.system_name, code=format_code(state.code)))
    if state.status != "aaben":
        closing(state)
        st.button(ui.tr("join.again"), key="join_leave_again")
        return
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
        ui.ws_threat(line, *state.position, lens=lens, compact=True)
        if state.phase == "stemmer":
            vote_form(code, token, state, preset, dims, lens)
        else:
            if error := st.session_state.pop("join_error", None):  # a vote sent just as the votes were shown
                st.toast(ui.md(error), icon=":material/warning:")
            last = state.position[0] == state.position[1]  # no next threat comes by itself
            st.info(ui.tr("join.revealed_last" if last else "join.revealed"), icon=":material/visibility:")
            if state.decision:
                values = ui.ws_summary(state.decision, dims)
                st.success(ui.tr("ws.decided", values=values, rationale=state.decision["rationale"])
                           if state.decision["rationale"] else ui.tr("ws.decided_plain", values=values),
                           icon=":material/gavel:")
            if state.my_vote:
                st.caption(ui.tr("join.your_vote", values=ui.ws_summary(state.my_vote, dims)))
            st.markdown(f"**{ui.tr('ws.spread')}**")
            ui.ws_spread(state.spreads, preset.size, dims, lens=lens)
            if not state.anonymous:
                st.markdown(f"**{ui.tr('ws.votes')}**")
                ui.ws_votes(state.revealed, dims, lens=lens)
    follow(code, token, pulse, state.phase == "stemmer" and state.my_vote is not None)
    st.divider()
    leave_control()


def leave_control() -> None:
    """'Forlad workshoppen', asked once more: it sits just below the vote button on a phone, and a mis-tap
    dropped the person from the room without a word."""
    if not st.session_state.get(CONFIRM_LEAVE):
        if st.button(ui.tr("join.leave"), icon=":material/logout:", key="join_leave_ask"):
            st.session_state[CONFIRM_LEAVE] = True
            st.rerun()
        return
    st.warning(ui.tr("join.leave_confirm"), icon=":material/logout:")
    yes, no = st.columns(2)
    yes.button(ui.tr("join.leave_yes"), type="primary", key="join_leave", width="stretch")
    if no.button(ui.tr("join.leave_no"), key="join_stay", width="stretch"):
        st.session_state.pop(CONFIRM_LEAVE, None)
        st.rerun()


if account is None and mode != "none":  # a guest has no sidebar of the app: the language is chosen here
    st.sidebar.selectbox(ui.tr("app.language"), list(LANGUAGES), format_func=LANGUAGES.get, key="lang",
                         on_change=ui.callback(ui.keep_choices))
# The URL changes in the run itself, never just before an st.rerun() (which drops the change in the browser).
if st.session_state.get("join_leave") or st.session_state.get("join_leave_again"):
    leave(keep_code=bool(st.session_state.get("join_leave_again")))
wanted = normalise_code(st.query_params.get("kode", ""))
token = st.query_params.get("m")
kept = st.session_state.get(SEAT)
if not token and kept and kept[0] == wanted:
    token = kept[1]
    st.query_params["m"] = token
if not (wanted and token):
    slot = st.empty()
    with slot.container():
        st.title(ui.tr("join.title"))  # seated, the phone's screen is the threat's: the caption names the workshop
        seat = join_form(wanted)
    if seat is None:
        st.stop()
    slot.empty()
    wanted, token = seat
    st.query_params["kode"], st.query_params["m"] = seat
st.session_state[SEAT] = (wanted, token)
seat_view(wanted, token)
