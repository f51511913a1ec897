"""Placeholder: built in the annual review work (issue 6)."""

from __future__ import annotations

import streamlit as st

from pages import ui

ui.actor()
st.title(ui.tr("nav.dispensations"))
