"""Every page through the real entry: renders without exception, empty and with data, in both languages.

The page-specific behaviour is tested in test_<page>.py next to this file.
"""

from __future__ import annotations

import pytest

from riskmodel.i18n import t
from riskmodel.model import LOCAL_ACTOR

PAGES = ("overview", "systems", "activities", "assessment", "heatmap", "review", "treatment", "dispensations",
         "baselines", "workshop", "join", "catalogue", "export", "importer", "settings")

TITLES = {
    "overview": ("Risikoværkstedet · Min kommune", "Risk workshop · Min kommune"),
    "systems": ("Systemer", "Systems"),
    "activities": ("Behandlingsaktiviteter", "Processing activities"),
    "assessment": ("Risikovurdering", "Risk assessment"),
    "heatmap": ("Heatmap over alle systemer", "Heatmap of all systems"),
    "review": ("Årsgennemgang", "Annual review"),
    "treatment": ("Handlingsplan", "Treatment plan"),
    "dispensations": ("Dispensationer", "Dispensations"),
    "baselines": ("Baselines og udvikling", "Baselines and trend"),
    "workshop": ("Workshop", "Workshop"),
    "join": ("Deltag i workshop", "Join a workshop"),
    "catalogue": ("Trusselskatalog", "Threat catalogue"),
    "export": ("Excel-eksport", "Excel export"),
    "importer": ("Excel-import", "Excel import"),
    "settings": ("Indstillinger", "Settings"),
}
NAV = [
    "nav.overview", "nav.systems", "nav.assessment", "nav.heatmap", "nav.review", "nav.treatment", "nav.dispensations",
    "nav.baselines", "nav.workshop", "nav.join", "nav.catalogue",
    "nav.export", "nav.importer", "nav.activities", "nav.settings",
]


def test_default_page_is_the_overview(app, wb):
    a = app()
    assert a.title() == TITLES["overview"][0]
    assert [c.value for c in a.at.sidebar.caption] == ["Min kommune", "Logget ind som Lokal bruger · Koordinator"]
    assert a.one("selectbox", "Sprog").value == "da"


@pytest.mark.parametrize("page", PAGES)
def test_page_renders_on_an_empty_database(app, wb, page):
    a = app(page)
    assert a.title() == TITLES[page][0]


@pytest.mark.parametrize("page", PAGES)
def test_page_renders_with_demo_data(app, demo, page):
    a = app(page)
    title = a.title()
    if page == "overview":
        assert title == f"Risikoværkstedet · {demo.settings.municipality()}"
    else:
        assert title == TITLES[page][0]


@pytest.mark.parametrize("page", PAGES)
def test_page_renders_in_english(app, wb, page):
    a = app()
    a.at.selectbox(key="lang").set_value("en")
    a.run()
    a.goto(page)
    assert a.title() == TITLES[page][1]
    assert a.one("selectbox", "Language").value == "en"
    # No key shows through as "[key]" (what t() returns for a missing string).
    shown = [*a.texts("markdown"), *a.texts("caption"), *a.texts("info"), *a.labels("button")]
    assert not [s for s in shown if s and s.startswith("[") and s.endswith("]")]


def test_assessment_with_a_system_in_the_url_renders_in_english(app, demo):
    sid = int(demo.systems.names(LOCAL_ACTOR)[0][0])
    a = app()
    a.at.selectbox(key="lang").set_value("en")
    a.run()
    a.goto("assessment", system=sid)
    assert a.title() == "Risk assessment"
    stepper = next(s for s in a.at.segmented_control if s.key.startswith("stepper_"))
    assert [o.removeprefix("✓ ") for o in stepper.options] == [
        "1 · Context", "2 · Threats", "3 · Scoring", "4 · Treatment", "5 · Summary and sign-off", "History"]


def test_navigation_labels_exist_in_both_languages():
    for key in NAV:
        assert t(key, "da") and t(key, "en") and t(key, "da") != f"[{key}]"
