"""Deltager: the start page of a workshop participant (workshops arrive with the workshop issue)."""

from __future__ import annotations

import streamlit as st

from pages import ui

st.title(ui.tr("participant.title"))
st.info(ui.tr("participant.body", name=ui.actor().display_name))
