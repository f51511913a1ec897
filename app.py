"""Risikoværkstedet: entry point. Sign-in gate, language, and navigation built for the user's role.

Run: streamlit run app.py [-- --db PATH --auth none|local|oidc]   (or `make run`)
"""

from __future__ import annotations

import streamlit as st

from pages import ui
from riskmodel.i18n import LANGUAGES

st.set_page_config(page_title="Risikoværkstedet", page_icon="🛡️", layout="wide")

st.session_state["_app_ran"] = True
wb = ui.workbench()
lang = ui.lang()


def page(key: str, path: str, icon: str, url: str, **kw) -> st.Page:
    return st.Page(path, title=ui.tr(f"nav.{key}"), icon=icon, url_path=url, **kw)


PAGES = {
    "overview": page("overview", "pages/overview.py", ":material/home:", "oversigt", default=True),
    "systems": page("systems", "pages/systems.py", ":material/inventory_2:", "systemer"),
    "activities": page("activities", "pages/activities.py", ":material/policy:", "behandlinger"),
    "assessment": page("assessment", "pages/assessment.py", ":material/edit_note:", "vurdering"),
    "heatmap": page("heatmap", "pages/heatmap.py", ":material/grid_on:", "heatmap"),
    "review": page("review", "pages/review.py", ":material/fact_check:", "aarsgennemgang"),
    "treatment": page("treatment", "pages/treatment.py", ":material/checklist:", "handlingsplan"),
    "dispensations": page("dispensations", "pages/dispensations.py", ":material/gpp_maybe:", "dispensationer"),
    "baselines": page("baselines", "pages/baselines.py", ":material/timeline:", "baselines"),
    "workshop": page("workshop", "pages/workshop.py", ":material/co_present:", "workshop"),
    "join": page("join", "pages/join.py", ":material/how_to_vote:", "deltag"),
    "catalogue": page("catalogue", "pages/catalogue.py", ":material/menu_book:", "trusselskatalog"),
    "export": page("export", "pages/export.py", ":material/download:", "eksport"),
    "importer": page("importer", "pages/importer.py", ":material/upload_file:", "import"),
    "settings": page("settings", "pages/settings.py", ":material/settings:", "indstillinger"),
}
# Which pages each role gets, per menu section. The services check every call again; this only builds the menu.
WORK = ["overview", "systems", "activities", "assessment", "heatmap"]
FOLLOW_UP = ["review", "treatment", "dispensations", "baselines"]
FACILITATE = ["workshop", "join"]  # those who may write an assessment run workshops on it
ROLE_PAGES = {
    "koordinator": (WORK, FOLLOW_UP, FACILITATE, ["catalogue", "export", "importer", "settings"]),
    "leder": (WORK, FOLLOW_UP, FACILITATE, ["catalogue"]),
    "udvalgsformand": (WORK, FOLLOW_UP, ["join"], ["catalogue", "export"]),
    "udvalgsmedlem": (WORK, FOLLOW_UP, ["join"], ["catalogue", "export"]),
    "revisor": (WORK, FOLLOW_UP, ["join"], ["catalogue", "export"]),
    "deltager": ([], [], ["join"], []),
}
# The sign-in form runs inside a hidden navigation, so the page asked for in the URL
# (e.g. /vurdering?system=3) is still the page shown once the user has signed in. The join
# page is public: someone without an account joins a workshop with its code (and waits for
# the facilitator to let them in); the gate runs it alone, without menu or sidebar.
user = ui.sign_in(
    wb, lambda: st.navigation(list(PAGES.values()), position="hidden"), public=(PAGES["join"].url_path,)
)
work, follow_up, workshop, admin = ROLE_PAGES.get(user.role, ([], [], ["join"], []))
sections = {
    ui.tr("nav.section.work"): [PAGES[k] for k in work],
    ui.tr("nav.section.followup"): [PAGES[k] for k in follow_up],
    ui.tr("nav.section.workshop"): [PAGES[k] for k in workshop],
    ui.tr("nav.section.admin"): [PAGES[k] for k in admin],
}
# Every page listed (Streamlit collapses a menu of more than ten pages behind "View more" by default).
nav = st.navigation({title: pages for title, pages in sections.items() if pages}, expanded=True)

with st.sidebar:
    st.caption(wb.settings.municipality())
    st.selectbox(ui.tr("app.language"), list(LANGUAGES), format_func=LANGUAGES.get, key="lang")
    st.caption(ui.tr("app.signed_in_as", name=user.display_name) + f" · {ui.vl('role', user.role)}")
    if ui.auth_mode() != "none":
        if st.button(ui.tr("auth.sign_out"), icon=":material/logout:"):
            ui.sign_out("auth.signed_out")
            if ui.auth_mode() == "oidc":
                st.logout()
            st.rerun()

nav.run()
