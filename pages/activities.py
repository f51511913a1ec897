"""Behandlingsaktiviteter: processing activities, their DPIA screening and the data-subject lens."""

from __future__ import annotations

import streamlit as st

from pages import ui

wb = ui.workbench()
user = ui.actor()

st.title(ui.tr("act.title"))
st.dataframe(wb.activities.list(user)[["name", "department", "conclusion"]], hide_index=True)
