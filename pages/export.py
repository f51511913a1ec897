"""Excel-eksport: the risk register and heatmap as a workbook for the committee."""

from __future__ import annotations

import io
from datetime import date

import streamlit as st

from pages import ui
from riskmodel.excel.export import export_workbook

wb = ui.workbench()
user = ui.actor()

st.title(ui.tr("export.title"))
st.caption(ui.tr("export.intro"))

if st.button(ui.tr("export.build"), type="primary"):
    bar = st.progress(0.0, text=ui.tr("export.building"))
    buf = io.BytesIO()
    rows = ui.attempt(lambda: export_workbook(wb, user, buf, progress=lambda f, msg: bar.progress(min(1.0, f), text=msg)))
    if rows is not None:
        bar.progress(1.0, text=ui.tr("export.ready", n=rows))
        st.session_state["export_file"] = (buf.getvalue(), rows)

if "export_file" in st.session_state:
    data, rows = st.session_state["export_file"]
    st.download_button(
        ui.tr("export.download", n=rows),
        data=data,
        icon=":material/download:",
        type="primary",
        file_name=f"risikoregister-{date.today():%Y-%m-%d}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    st.caption(ui.tr("export.contents"))
