"""Placeholder: the Excel import (issue 7)."""

from __future__ import annotations

import streamlit as st

from pages import ui

ui.actor()
st.title(ui.tr("nav.importer"))
