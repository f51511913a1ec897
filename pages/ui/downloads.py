"""Downloads the pages offer: the committee's Excel pack and a system's report, built with progress."""

from __future__ import annotations

import io

import streamlit as st

from pages.ui.session import today, tr
from pages.ui.signin import can
from pages.ui.widgets import attempt
from riskmodel.domain.model import Actor
from riskmodel.services import Workbench


def pack_builder(wb: Workbench, user: Actor, key: str = "export") -> None:
    """The committee's Excel pack: the review year, a build button with progress, then the download.

    The built file stays in ``st.session_state[f"{key}_file"]`` across reruns (bytes, rows, year).
    """
    from riskmodel.reports.export import export_workbook

    today_ = today()
    year = st.number_input(tr("export.year"), min_value=2000, max_value=today_.year + 1, value=today_.year, step=1,
                           key=f"{key}_year", help=tr("export.year_help"))
    if st.button(tr("export.build"), type="primary", key=f"{key}_build", disabled=not can("export")):
        bar = st.progress(0.0, text=tr("export.building"))
        buf = io.BytesIO()
        rows = attempt(lambda: export_workbook(wb, user, buf, year=int(year), today=today_,
                                               progress=lambda f, msg: bar.progress(min(1.0, f), text=msg)))
        if rows is not None:
            bar.progress(1.0, text=tr("export.ready", n=rows))
            st.session_state[f"{key}_file"] = (buf.getvalue(), rows, int(year))
    if f"{key}_file" in st.session_state:
        data, rows, built_year = st.session_state[f"{key}_file"]
        st.download_button(
            tr("export.download", n=rows),
            data=data,
            icon=":material/download:",
            type="primary",
            key=f"{key}_download",
            file_name=f"aarsgennemgang-{built_year}-{today_:%Y-%m-%d}.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        st.caption(tr("export.contents"))


def system_report(wb: Workbench, user: Actor, system) -> None:
    """One system's risk report (Excel) for its owner and the data protection officer: build, then download."""
    from riskmodel.reports.system_report import export_system_report, report_file_name

    st.caption(tr("systems.report_help"))
    key = f"system_report_{system.id}"
    if st.button(tr("systems.report_build"), key=f"{key}_build", icon=":material/summarize:"):
        bar = st.progress(0.0, text=tr("export.building"))
        buf = io.BytesIO()
        rows = attempt(lambda: export_system_report(wb, user, system.id, buf, today=today(),
                                                    progress=lambda f, msg: bar.progress(min(1.0, f), text=msg)))
        if rows is not None:
            bar.progress(1.0, text=tr("export.ready", n=rows))
            st.session_state[key] = (buf.getvalue(), rows)
    if key in st.session_state:
        data, rows = st.session_state[key]
        st.download_button(tr("systems.report_download", n=rows), data=data, key=f"{key}_download",
                           icon=":material/download:", file_name=report_file_name(system.name, today()),
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
