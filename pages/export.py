"""Excel-eksport: the committee's Excel pack for the annual review (pages.ui.pack_builder)."""

from __future__ import annotations

import streamlit as st

from pages import ui

wb = ui.workbench()
user = ui.actor()

st.title(ui.tr("export.title"))
st.caption(ui.tr("export.intro"))

ui.pack_builder(wb, user)
