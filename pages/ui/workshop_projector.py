"""The projector's screen of a live workshop (``pages/workshop.py?visning=projektor``): large type, one threat, the
join code and QR code, the live vote count and, once revealed, the spread; no controls, never a name beside a vote."""

from __future__ import annotations

import streamlit as st

from pages import ui
from riskmodel.domain.workshop import qr_png, spread_figure

# -- the projector ---------------------------------------------------------------------------
# Constant CSS, no user text: the shared screen has no sidebar, menu or toolbar, and a huge code.
PROJECTOR_CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header[data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stMainMenu"] {display: none !important;}
.block-container {padding-top: 1rem !important; max-width: 100% !important;}
.st-key-ws_code h1 {font-size: 5rem !important; letter-spacing: 0.05em; line-height: 1.1; white-space: nowrap;}
.st-key-ws_count h2 {font-size: 3.5rem !important;}
.st-key-ws_agreed h2 {font-size: 3.5rem !important;}
</style>"""


def projector_panel(wid: int, state, size: int, lens: str) -> None:
    """'4 af 6 har stemt'; after the reveal a histogram per dimension and the agreed value, large.
    Never a name next to a vote; in an anonymous workshop no names at all."""
    dims = ui.ws_dimensions(state.line)
    admitted = state.admitted
    with st.container(key="ws_count"):
        st.header(ui.tr("ws.voted_of", n=sum(m["voted"] for m in admitted), total=len(admitted)))
    if not state.workshop["anonymous"] and admitted:
        st.subheader(" · ".join(ui.ws_member_lines(admitted)))
    if state.workshop["phase"] != "vist":
        st.caption(ui.tr("ws.spread_after_reveal"))
        return
    decided = state.decision if state.decision and state.decision["round"] == state.workshop["round"] else None
    if decided:
        with st.container(key="ws_agreed"):
            st.header(ui.tr("ws.agreed_big", values=ui.ws_summary(decided, dims)))
    # Short titles over the four histograms ("Tilgængelighed (T)"): the long ones were cut at 1920 px.
    titles = {d: ui.ws_dim_label(d, lens) if d == "likelihood" or lens == "ds"
              else f"{ui.vl('dimension', d[-1])} ({ui.tr(f'ws.short_dim.{d}')})" for d in dims}
    st.plotly_chart(spread_figure(state.spreads, dims, size, titles, ui.tr("ws.dont_know"), agreed=decided),
                    key=f"projector_hist_{wid}", config={"displayModeBar": False, "staticPlot": True})


def projector_view(wid: int, preset, lens: str, code: str) -> None:
    st.html(PROJECTOR_CSS)  # a constant style sheet, no user text: Streamlit adds a style-only block without a frame
    state = ui.attempt(lambda: ui.workbench().workshops.projector(ui.actor(), wid))
    if state is None:
        return
    line = state.line
    link = ui.ws_join_link(state.workshop["code"])
    main, side = st.columns([5, 2], gap="large")
    with side:
        with st.container(key="ws_code"):
            st.title(code)
        st.image(qr_png(link), caption=ui.tr("ws.scan_to_join"), width="stretch", output_format="PNG")
        st.subheader(ui.tr("ws.join_at_big", link=link))
    with main:
        st.caption(ui.tr("ws.projector_caption", system=state.system_name))
        if line is not None:
            ui.ws_threat(line, state.index + 1, len(state.lines), big=True, lens=lens)
            projector_panel(wid, state, preset.size, lens)
    st.page_link("pages/workshop.py", label=ui.tr("ws.to_facilitator"), query_params={"id": wid},
                 icon=":material/arrow_back:")


def projector_closed(wid: int, system_name: str) -> None:
    """The shared screen once the workshop is closed: a closing slide, not the app's pages."""
    st.html(PROJECTOR_CSS)
    st.caption(ui.tr("ws.projector_caption", system=system_name))
    with st.container(key="ws_count"):
        st.header(ui.tr("ws.projector_closed", system=system_name))
    st.subheader(ui.tr("ws.projector_closed_kept"))
    st.page_link("pages/workshop.py", label=ui.tr("ws.to_facilitator"), query_params={"id": wid},
                 icon=":material/arrow_back:")
