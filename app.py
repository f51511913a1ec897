"""Risikoværkstedet: entry point. Frames navigation and language; pages do the rest.

Run: streamlit run app.py [-- --db PATH]   (or `make run`)
"""

from __future__ import annotations

import streamlit as st

from pages import ui
from riskmodel.i18n import LANGUAGES

st.set_page_config(page_title="Risikoværkstedet", page_icon="🛡️", layout="wide")

wb = ui.workbench()
lang = ui.lang()

PAGES = {
    "overview": st.Page(
        "pages/overview.py", title=ui.tr("nav.overview"), icon=":material/home:", url_path="oversigt", default=True
    ),
    "systems": st.Page("pages/systems.py", title=ui.tr("nav.systems"), icon=":material/inventory_2:", url_path="systemer"),
    "assessment": st.Page(
        "pages/assessment.py", title=ui.tr("nav.assessment"), icon=":material/edit_note:", url_path="vurdering"
    ),
    "heatmap": st.Page("pages/heatmap.py", title=ui.tr("nav.heatmap"), icon=":material/grid_on:", url_path="heatmap"),
    "catalogue": st.Page(
        "pages/catalogue.py", title=ui.tr("nav.catalogue"), icon=":material/menu_book:", url_path="trusselskatalog"
    ),
    "export": st.Page("pages/export.py", title=ui.tr("nav.export"), icon=":material/download:", url_path="eksport"),
    "settings": st.Page("pages/settings.py", title=ui.tr("nav.settings"), icon=":material/settings:", url_path="indstillinger"),
}
nav = st.navigation(
    {
        ui.tr("nav.section.work"): [PAGES["overview"], PAGES["systems"], PAGES["assessment"], PAGES["heatmap"]],
        ui.tr("nav.section.admin"): [PAGES["catalogue"], PAGES["export"], PAGES["settings"]],
    }
)

with st.sidebar:
    st.caption(wb.settings.municipality())
    st.selectbox(
        ui.tr("app.language"),
        list(LANGUAGES),
        format_func=LANGUAGES.get,
        key="lang",
    )
    st.caption(ui.tr("app.signed_in_as", name=ui.actor().display_name))

nav.run()
