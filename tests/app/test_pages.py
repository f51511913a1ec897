"""Every page through the real entry: renders without exception, empty and with data, in both languages.

The page-specific behaviour is tested in test_app_<page>.py next to this file. Each page is rendered
here only in the states no other AppTest renders it in (issue 19: an AppTest costs ~1 s of CPU):

- on an empty database: the pages below; the others have an "empty" test of their own
  (e.g. test_app_heatmap.py::test_empty_portfolio_draws_an_empty_matrix,
  test_app_dispensations.py::test_empty_register, test_app_export.py::test_export_of_an_empty_database);
- with the demo municipality: the pages below; the others are driven over the demo in their own file
  (e.g. test_app_heatmap.py, test_app_importer.py, test_app_treatment.py::test_demo_plan_lists_every_measure_with_figures,
  test_app_ds_assessment.py::test_every_step_renders_the_demo_municipalitys_activity);
- in English: the pages below; every other page has an English test in its own file, and
  test_app_source.py proves statically that every key the pages use has a Danish and an English text.
"""

from __future__ import annotations

import pytest

from riskmodel.domain.model import LOCAL_ACTOR
from riskmodel.i18n import t

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


# The states no page test of its own renders (see the module docstring).
EMPTY_ONLY_HERE = ("activities", "review", "workshop", "join")
DEMO_ONLY_HERE = ("dispensations", "baselines", "workshop", "join", "catalogue")
ENGLISH_ONLY_HERE = ("catalogue", "export")


@pytest.mark.parametrize("page", EMPTY_ONLY_HERE)
def test_page_renders_on_an_empty_database(app, wb, page):
    a = app(page)
    assert a.title() == TITLES[page][0]


@pytest.mark.parametrize("page", DEMO_ONLY_HERE)
def test_page_renders_with_demo_data(app, demo, page):
    a = app(page)
    assert a.title() == TITLES[page][0]


@pytest.mark.parametrize("page", ENGLISH_ONLY_HERE)
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


def test_the_chosen_language_goes_into_the_address_and_back_out(app, wb):
    """A reload is a new session: only the address survives it, so the chosen language is written there."""
    a = app()
    assert "lang" not in a.at.query_params  # the municipality's own language needs no parameter
    a.at.selectbox(key="lang").set_value("en")
    a.run()
    assert a.at.query_params["lang"] == "en"
    a.at.selectbox(key="lang").set_value("da")
    a.run()
    assert "lang" not in a.at.query_params


def test_a_new_session_opens_in_the_language_of_its_address(app, wb):
    """The reload of a page chosen in English (…/systemer?lang=en) opens in English, and stays so."""
    a = app("systems", lang="en")
    assert a.title() == TITLES["systems"][1]
    assert a.one("selectbox", "Language").value == "en"
    assert a.at.query_params["lang"] == "en"
    other = app("systems", lang="xx")  # not a language of the workbench: the municipality's default
    assert other.title() == TITLES["systems"][0]
    assert "lang" not in other.at.query_params


def test_the_built_in_local_user_is_named_in_the_users_language(app, wb):
    a = app()
    assert "Logget ind som Lokal bruger · Koordinator" in [c.value for c in a.at.sidebar.caption]
    a.at.selectbox(key="lang").set_value("en")
    a.run()
    assert "Signed in as Local user · Coordinator" in [c.value for c in a.at.sidebar.caption]
