"""Risikoværkstedet: entry point. Sign-in gate, language, and navigation built for the user's role.

Run: streamlit run app.py [-- --db PATH --auth none|local|oidc]   (or `make run`)
"""

from __future__ import annotations

import re
from collections.abc import Callable

import streamlit as st

from pages import ui
from riskmodel.domain.model import LOCAL_ACTOR
from riskmodel.i18n import LANGUAGES

st.set_page_config(page_title="Risikoværkstedet", page_icon="🛡️", layout="wide")

st.session_state["_app_ran"] = True
wb = ui.workbench()
lang = ui.lang()
ui.keep_lang_in_address()  # a reload keeps the chosen language (?lang=en)
# <html lang> follows the chosen language (screen readers pronounce by it; Streamlit's page says "en" and has no
# option for it): the smallest documented means, a fixed one-line script through st.html, no user text in it.
DA_LANG_JS = '<script>document.documentElement.lang = "da";</script>'
EN_LANG_JS = '<script>document.documentElement.lang = "en";</script>'
# Layout CSS for a narrow main column (issue 18: a split laptop screen, 800 px with the sidebar open); constant text.
# A growing row's parts (pages/ui/widgets.py: growing_row, wrapping_columns) take their own width at least and share
# what is left, so they wrap whole instead of shrinking; a page link's label wraps instead of being cut.
LAYOUT_CSS = (
    "<style>"
    "div[class*='st-key-grow_'] > [data-testid='stLayoutWrapper'] { flex-grow: 1; }"
    "[data-testid='stMain'] [data-testid='stPageLink-NavLink'] span:not([data-testid='stIconMaterial']),"
    " [data-testid='stMain'] [data-testid='stPageLink-NavLink'] p { white-space: normal; }"
    "</style>"
)
HIDE_HTML_LANG_CSS = "<style>div:has(> .st-key-html_lang) { display: none; }</style>"  # no gap where the script sits
st.html(HIDE_HTML_LANG_CSS)
st.html(LAYOUT_CSS)
with st.container(key="html_lang"):
    if lang == "en":
        st.html(EN_LANG_JS, unsafe_allow_javascript=True)
    else:
        st.html(DA_LANG_JS, unsafe_allow_javascript=True)


URLS: dict[str, str] = {}  # page key -> its url path as declared (a default page's st.Page.url_path is "")


def page(key: str, path: str, icon: str, url: str, **kw) -> st.Page:
    URLS[key] = url
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
NAME = "Risikoværkstedet"
URL_PATH = re.compile(r"^[A-Za-z0-9_.~-]{1,100}$")  # what a stand-in page's url path may be


def not_found() -> None:
    st.title(ui.tr("app.not_found_title"))
    st.write(ui.tr("app.not_found_text"))
    st.page_link(home, label=ui.tr("app.go_home"), icon=":material/home:")


def not_for_role(title: str) -> Callable[[], None]:
    def page() -> None:
        st.title(title)
        st.warning(ui.tr("app.not_for_role", role=ui.vl("role", user.role)), icon=":material/block:")
        st.page_link(home, label=ui.tr("app.go_home"), icon=":material/home:")

    return page


# The page asked for, before any navigation: an address no page has gets a Danish not-found page
# of its own (no Streamlit dialog), a page outside the user's role a page that says so.
ui.home_alias(PAGES["overview"], URLS["overview"])  # /oversigt opens the home page (Streamlit serves it at "/")
asked = ui.requested_path(PAGES.values())
# Every declared address is a page's: never a stand-in page at /oversigt (Streamlit reserves a default page's
# address, and a second page there is a StreamlitAPIException on screen).
known = {p.url_path: key for key, p in PAGES.items()} | {URLS[key]: key for key in PAGES}
missing = (
    [ui.stand_in_page(not_found, asked, ui.tr("app.not_found_title"))]
    if asked and asked not in known and URL_PATH.match(asked)
    else []
)
# The sign-in form runs inside a hidden navigation, so the page asked for in the URL
# (e.g. /vurdering?system=3) is still the page shown once the user has signed in. The join
# page is public: someone without an account joins a workshop with its code (and waits for
# the facilitator to let them in); the gate runs it alone, without menu or sidebar.
user = ui.sign_in(wb, lambda: st.navigation(list(PAGES.values()) + missing, position="hidden"), public=(PAGES["join"].url_path,))
work, follow_up, workshop, admin = ROLE_PAGES.get(user.role, ([], [], ["join"], []))
sections = {
    ui.tr("nav.section.work"): [PAGES[k] for k in work],
    ui.tr("nav.section.followup"): [PAGES[k] for k in follow_up],
    ui.tr("nav.section.workshop"): [PAGES[k] for k in workshop],
    ui.tr("nav.section.admin"): [PAGES[k] for k in admin],
}
sections = {title: pages for title, pages in sections.items() if pages}
home = next(iter(sections.values()))[0]  # the stand-in pages link to the role's first page
mine = {p.url_path for pages in sections.values() for p in pages}
if asked and asked in known and asked not in mine:
    title = PAGES[known[asked]].title
    missing = [ui.stand_in_page(not_for_role(title), asked, title)]
if missing:  # hidden, in the last section: no menu entry
    sections[list(sections)[-1]] = [*sections[list(sections)[-1]], *missing]
# Every page listed (Streamlit collapses a menu of more than ten pages behind "View more" by default).
nav = st.navigation(sections, expanded=True)
st.set_page_config(page_title=f"{nav.title} · {NAME}")  # each page its own browser title

with st.sidebar:
    st.caption(wb.settings.municipality())
    st.selectbox(ui.tr("app.language"), list(LANGUAGES), format_func=LANGUAGES.get, key="lang",
                 on_change=ui.callback(ui.keep_choices))
    name = ui.tr("people.local") if user == LOCAL_ACTOR else user.display_name  # "Local user" in English
    st.caption(ui.tr("app.signed_in_as", name=name) + f" · {ui.vl('role', user.role)}")
    if ui.auth_mode() != "none":
        if st.button(ui.tr("auth.sign_out"), icon=":material/logout:"):
            if ui.sign_out("auth.signed_out"):
                # oidc: sign_out queued the browser's redirect to /auth/logout (the provider's sign-out, the
                # cookie cleared); a rerun now would clear the queue and could drop it, leaving the cookie signed in.
                st.stop()
            st.rerun()

nav.run()
