"""Behandlingsaktiviteter: the list and its filters, create and edit, the DPIA screening saved as it is
answered, the DPIA record, the data-subject assessment, access by role, English."""

from __future__ import annotations

import json
from datetime import date

import pytest
from helpers import data_digest

from riskmodel.domain import dpia
from riskmodel.domain.model import LOCAL_ACTOR, ActivityInput, Actor
from riskmodel.services.activities import activity_to_input

LENE = Actor(username="lene", display_name="Lene Leder", role="leder", departments=("Borgerservice",))
OTTO = Actor(username="otto", display_name="Otto Anden", role="leder", departments=("Teknik",))
MEMBER = Actor(username="ulla", display_name="Ulla Udvalg", role="udvalgsmedlem")


def _activity(**kw) -> ActivityInput:
    base = dict(name="Udbetaling af boligstøtte", department="Borgerservice", purpose="Beregne og udbetale boligstøtte",
                responsible="Lene Leder", legal_bases=["art6_1_e", "dbl_11"], data_categories=["almindelige", "cpr"],
                subject_categories=["borgere"], subjects_band="1.000-10.000")
    return ActivityInput(**{**base, **kw})


@pytest.fixture
def activity(wb, make_system):
    """An activity in Borgerservice with one system; returns its id."""
    return wb.activities.create(LOCAL_ACTOR, _activity(), [make_system(name="Boligstøttesystem")])


def _table(a):
    frames = [d for d in a.at.dataframe if d.key and d.key.startswith("act_table")]
    assert len(frames) == 1, [d.key for d in a.at.dataframe]
    return frames[0]


def _names(a) -> list[str]:
    return list(_table(a).value["name"]) if any((d.key or "").startswith("act_table") for d in a.at.dataframe) else []


def _box(a) -> str:
    """The screening conclusion box (the first alert whose text starts with 'Screening:')."""
    for kind in ("error", "warning", "info", "success"):
        for text in a.texts(kind):
            if text.startswith("**Screening:"):
                return f"{kind}: {text}"
    raise AssertionError("no conclusion box")


def _screening_widget(widgets, activity_id: int, criterion: str, field: str):
    """Screening widgets are keyed 'scr<activity>r<refresh>:<criterion>:<stamp>:<field>'."""
    found = [w for w in widgets if (w.key or "").startswith(f"scr{activity_id}r")
             and w.key.split(":")[1] == criterion and w.key.endswith(f":{field}")]
    assert len(found) == 1, [w.key for w in widgets]
    return found[0]


def _radio(a, activity_id: int, criterion: str):
    return _screening_widget(a.at.radio, activity_id, criterion, "answer")


def _note(a, activity_id: int, criterion: str):
    return _screening_widget(a.at.text_input, activity_id, criterion, "note")


def _answer(a, activity_id: int, criterion: str, value: str) -> None:
    _radio(a, activity_id, criterion).set_value(value)
    a.run()


# -- the list -----------------------------------------------------------------------------------
def test_list_shows_every_activity_with_its_conclusion_and_flags(app, demo):
    a = app("activities")
    assert a.title() == "Behandlingsaktiviteter"
    expected = demo.activities.list(LOCAL_ACTOR)
    table = _table(a).value
    assert list(table["name"]) == list(expected["name"])
    labels = {"dpia_required": "DPIA påkrævet", "follow_up": "Afklares (ved ikke)", "not_required": "Ikke påkrævet",
              "incomplete": "Screening ikke færdig"}
    assert list(table["conclusion"]) == [labels[c] for c in expected["conclusion"]]
    assert list(table["missing"]) == ["⚠ Mangler" if m else "" for m in expected["dpia_missing"]]
    assert list(table["follow_up"]) == ["Skal afklares" if f else "" for f in expected["follow_up"]]
    assert list(table["systems"]) == [", ".join(s) for s in expected["systems"]]
    columns = json.loads(_table(a).proto.columns)
    assert {k: v["label"] for k, v in columns.items() if "label" in v} == {
        "name": "Behandlingsaktivitet", "department": "Afdeling", "responsible": "Ansvarlig leder",
        "systems": "Systemer", "subjects": "Omtrentligt antal registrerede", "conclusion": "Screening",
        "missing": "DPIA mangler", "follow_up": "Ved ikke", "dpia": "DPIA udført",
        "ds": "De registreredes risiko", "status": "Status",
    }
    assert ("Markér en række for at åbne behandlingsaktiviteten. Adressen husker valget, så en genindlæsning viser den "
            "igen.") in a.texts("caption")


def test_filters_narrow_the_list(app, demo):
    everything = demo.activities.list(LOCAL_ACTOR)
    a = app("activities")
    a.at.checkbox(key="act_missing").check()
    a.run()
    assert _names(a) == list(everything[everything["dpia_missing"]]["name"]) and _names(a)
    a.at.checkbox(key="act_missing").uncheck()
    a.at.checkbox(key="act_unknown").check()
    a.run()
    assert _names(a) == list(everything[everything["follow_up"]]["name"]) and _names(a)
    a.at.checkbox(key="act_unknown").uncheck()
    a.at.multiselect(key="act_concl").set_value(["not_required"])
    a.run()
    assert _names(a) == list(everything[everything["conclusion"] == "not_required"]["name"])
    a.at.multiselect(key="act_concl").set_value([])
    department = everything["department"].iloc[0]
    a.at.multiselect(key="act_deps").set_value([department])
    a.run()
    assert _names(a) == list(everything[everything["department"] == department]["name"])
    a.at.multiselect(key="act_deps").set_value([])
    a.at.text_input(key="act_search").input("sygedagpenge")  # a system's name, in another case
    a.run()
    assert _names(a) == list(everything[everything["systems"].map(lambda s: "Sygedagpengeopfølgning" in s)]["name"])
    a.at.text_input(key="act_search").input("findes ikke")
    a.run()
    assert _names(a) == [] and "Intet fundet med de valgte filtre." in a.texts("info")


def test_picking_a_row_opens_the_activity_and_keeps_it_in_the_address(app, demo):
    a = app("activities")
    row = demo.activities.list(LOCAL_ACTOR).iloc[1]
    a.select_row(1)
    assert a.at.query_params == {"aktivitet": str(row["id"])}
    assert row["name"] in a.texts("subheader")
    # A reload (a new session on the same address) shows the same activity.
    b = app("activities", aktivitet=row["id"])
    assert row["name"] in b.texts("subheader")
    # "Luk" closes it, and the kept table selection does not reopen it.
    a.button("Luk").click()
    a.run()
    assert "aktivitet" not in a.at.query_params
    assert row["name"] not in a.texts("subheader")


def test_bad_and_unknown_ids_are_explained(app, demo):
    a = app("activities", aktivitet="abc")
    assert a.texts("error") == ["'abc' er ikke et gyldigt id for en behandlingsaktivitet."]
    b = app("activities", aktivitet=999)
    assert b.texts("error") == ["Behandlingsaktiviteten med id 999 findes ikke"]


# -- create and edit ----------------------------------------------------------------------------
def _fill_new(a, **values) -> None:
    form = a.at.expander[0]
    fields = {
        "name": ("text_input", "Behandlingsaktivitetens navn"),
        "purpose": ("text_area", "Formål"),
        "responsible": ("text_input", "Ansvarlig leder"),
        "department": ("selectbox", "Afdeling"),
        "legal": ("multiselect", "Retsgrundlag"),
        "categories": ("multiselect", "Kategorier af personoplysninger"),
        "subjects": ("multiselect", "Kategorier af registrerede"),
        "band": ("selectbox", "Omtrentligt antal registrerede"),
        "systems": ("multiselect", "Systemer, der understøtter behandlingen"),
    }
    for name, value in values.items():
        kind, label = fields[name]
        widgets = [w for w in getattr(form, kind) if w.label == label]
        assert len(widgets) == 1, (kind, label)
        widgets[0].set_value(value)
    [b for b in form.button if b.label == "Opret behandlingsaktivitet"][0].click()
    a.run()


def test_create_with_missing_fields_shows_a_danish_error_and_writes_nothing(app, wb, make_system):
    make_system(department="Borgerservice")  # AppTest can pick only an existing department (the browser test types a new one)
    a = app("activities")
    assert "Der er endnu ingen behandlingsaktiviteter. Opret den første ovenfor." in a.texts("info")
    before = data_digest(wb)
    _fill_new(a, name="", purpose="Noget", responsible="Lene Leder", department="Borgerservice", legal=["art6_1_e"])
    assert a.texts("error") == ["Behandlingsaktivitetens navn skal udfyldes"]
    _fill_new(a, name="Boligstøtte", legal=[])
    assert a.texts("error") == ["Retsgrundlag: vælg mindst én"]
    assert data_digest(wb) == before
    assert wb.activities.list(LOCAL_ACTOR).empty


def test_create_through_the_form_opens_the_new_activity(app, wb, make_system):
    sid = make_system(name="Boligsystemet", department="Borgerservice")
    a = app("activities")
    multiselect = [w for w in a.at.expander[0].multiselect if w.label == "Retsgrundlag"][0]
    assert multiselect.options[:2] == ["Art. 6, stk. 1, litra a (samtykke)", "Art. 6, stk. 1, litra b (kontrakt)"]
    categories = [w for w in a.at.expander[0].multiselect if w.label == "Kategorier af personoplysninger"][0]
    assert "Ingen personoplysninger" not in categories.options
    _fill_new(a, name="Boligstøtte", purpose="Udbetale boligstøtte", responsible="Lene Leder",
              department="Borgerservice", legal=["art6_1_e", "dbl_11"], categories=["almindelige", "cpr"],
              subjects=["borgere", "boern_unge"], band="1.000-10.000", systems=[sid])
    assert not a.texts("error")
    [made] = wb.activities.list(LOCAL_ACTOR).itertuples()
    got = wb.activities.get(LOCAL_ACTOR, made.id)
    assert (got.name, got.department, got.legal_bases, got.data_categories, got.subject_categories,
            got.subjects_band, got.system_ids) == ("Boligstøtte", "Borgerservice", ["art6_1_e", "dbl_11"],
                                                   ["almindelige", "cpr"], ["borgere", "boern_unge"],
                                                   "1.000-10.000", [sid])
    assert a.at.query_params == {"aktivitet": str(made.id)}
    assert "Behandlingsaktiviteten 'Boligstøtte' er oprettet." in a.texts("success")
    assert "Boligstøtte" in a.texts("subheader")
    assert _box(a).startswith("info: **Screening: Screening ikke færdig**")


def test_edit_saves_and_a_stale_form_is_refused(app, wb, activity):
    a = app("activities", aktivitet=activity)
    tab = a.at.tabs[0]
    [purpose] = [w for w in tab.text_area if w.label == "Formål"]
    assert purpose.value == "Beregne og udbetale boligstøtte"
    purpose.input("Et nyt formål")
    [band] = [w for w in tab.selectbox if w.label == "Omtrentligt antal registrerede"]
    band.set_value("10.000-100.000")
    [b for b in tab.button if b.label == "Gem ændringer"][0].click()
    a.run()
    got = wb.activities.get(LOCAL_ACTOR, activity)
    assert (got.purpose, got.subjects_band, got.version) == ("Et nyt formål", "10.000-100.000", 2)
    assert "Behandlingsaktiviteten 'Udbetaling af boligstøtte' er gemt." in a.texts("success")

    # Someone else saves meanwhile: the open form is refused, in Danish, and nothing is overwritten.
    data = activity_to_input(got)
    data.purpose = "Ændret af en anden"
    wb.activities.update(LENE, activity, got.version, data, got.system_ids)
    tab = a.at.tabs[0]
    [w for w in tab.text_area if w.label == "Formål"][0].input("Mit formål")
    [b for b in tab.button if b.label == "Gem ændringer"][0].click()
    a.run()
    [error] = a.texts("error")
    assert error.startswith("Behandlingsaktiviteten er ændret af lene ")
    assert error.endswith("Intet er gemt: genindlæs og prøv igen.")
    assert wb.activities.get(LOCAL_ACTOR, activity).purpose == "Ændret af en anden"


def test_end_and_reactivate_need_a_confirmation(app, wb, activity):
    a = app("activities", aktivitet=activity)
    assert a.button("Afslut").disabled
    a.at.checkbox(key=f"act_end_ok_{activity}").check()
    a.run()
    a.button("Afslut").click()
    a.run()
    assert wb.activities.get(LOCAL_ACTOR, activity).status == "ophørt"
    assert "Behandlingsaktiviteten 'Udbetaling af boligstøtte' er afsluttet." in a.texts("success")
    assert _names(a) == []  # ended activities are hidden unless asked for
    a.at.checkbox(key="act_ended").check()
    a.run()
    assert list(_table(a).value["status"]) == ["Ophørt"]
    assert "En ophørt behandlingsaktivitet kan ikke vurderes." in a.texts("caption")
    a.button("Genaktivér behandlingsaktiviteten").click()
    a.run()
    assert wb.activities.get(LOCAL_ACTOR, activity).status == "aktiv"


# -- screening ----------------------------------------------------------------------------------
def test_an_answer_the_page_got_without_its_callback_is_saved(app, wb, activity):
    """A tab reconnecting to a restarted server hands its values to a new session without on_change
    (here: through session state, which calls none); the page's first run saves it."""
    a = app("activities", aktivitet=activity)
    key = _radio(a, activity, "sensitive").key
    del a.at.session_state["_ran:activities"]  # as in a new session
    a.at.session_state[key] = "ja"
    a.run()
    answers, _ = wb.activities.screening(LOCAL_ACTOR, activity)
    assert answers["sensitive"]["answer"] == "ja"
    assert _radio(a, activity, "sensitive").value == "ja"


def test_screening_is_saved_as_answered_and_concluded(app, wb, activity):
    a = app("activities", aktivitet=activity)
    assert a.labels("radio")[:2] == ["1. Evaluering eller scoring", "2. Automatiske afgørelser med retsvirkning"]
    radio = _radio(a, activity, "sensitive")
    assert radio.options == ["Ja", "Nej", "Ved ikke", "Ikke besvaret"] and radio.value == ""
    help_da = next(c["help_da"] for c in dpia.criteria() if c["key"] == "sensitive")
    assert help_da in a.texts("caption")
    # A note needs an answer first.
    assert _note(a, activity, "sensitive").disabled

    # 0 "ja", every criterion answered "nej": not required.
    for key in dpia.criterion_keys():
        _answer(a, activity, key, "nej")
    assert _box(a) == "success: **Screening: Ikke påkrævet**\n\n- Ingen kriterier er opfyldt"
    # 1 "ja".
    _answer(a, activity, "sensitive", "ja")
    assert _box(a).startswith("success: **Screening: Ikke påkrævet**\n\n- 1 kriterie opfyldt (grænsen er 2)")
    # 1 "ja" and 1 "ved ikke": to follow up, flagged.
    _answer(a, activity, "large_scale", "ved_ikke")
    assert _box(a).startswith("warning: **Screening: Afklares (ved ikke)**")
    assert "Til opfølgning: besvaret 'ved ikke', skal afklares: Behandling i stort omfang." in a.texts("warning")
    assert list(wb.activities.list(LOCAL_ACTOR)["follow_up"]) == [True]
    # 2 "ja": a DPIA is required, and none is recorded: flagged.
    _answer(a, activity, "vulnerable", "ja")
    assert _box(a).startswith("error: **Screening: DPIA påkrævet**\n\n- 2 kriterier er opfyldt (grænsen er 2): ")
    assert any(t.startswith("Screeningen kræver en konsekvensanalyse (DPIA), men der er ikke registreret nogen.")
               for t in a.texts("error"))
    # The note is saved with its answer.
    _note(a, activity, "vulnerable").input("Børn i familier med boligstøtte")
    a.run()
    answers, screening = wb.activities.screening(LOCAL_ACTOR, activity)
    assert answers["vulnerable"]["answer"] == "ja" and answers["vulnerable"]["note"] == "Børn i familier med boligstøtte"
    assert screening.conclusion == "dpia_required" and screening.yes == ("sensitive", "vulnerable")
    assert _note(a, activity, "vulnerable").value == "Børn i familier med boligstøtte"
    # "Ikke besvaret" clears an answer.
    _answer(a, activity, "vulnerable", "")
    answers, _ = wb.activities.screening(LOCAL_ACTOR, activity)
    assert "vulnerable" not in answers
    assert _box(a).startswith("info: **Screening: Screening ikke færdig**")


def test_screening_answer_after_someone_else_saved_is_refused(app, wb, activity):
    a = app("activities", aktivitet=activity)
    version = wb.activities.get(LOCAL_ACTOR, activity).version
    wb.activities.answer(LENE, activity, version, "matching", "ja", "")  # meanwhile, in another session
    before = data_digest(wb)
    _answer(a, activity, "sensitive", "ja")
    [error] = a.texts("error")
    assert error.startswith("Behandlingsaktiviteten er ændret af lene ") and "Intet er gemt" in error
    assert data_digest(wb) == before
    # The page shows what is stored, and the next answer goes through.
    assert _radio(a, activity, "matching").value == "ja" and _radio(a, activity, "sensitive").value == ""
    _answer(a, activity, "sensitive", "ja")
    assert not a.texts("error") or all("ændret af" not in e for e in a.texts("error"))
    assert wb.activities.screening(LOCAL_ACTOR, activity)[1].conclusion == "dpia_required"


# -- the DPIA record --------------------------------------------------------------------------------
def test_dpia_record_checks_its_fields_and_clears_the_flag(app, wb, activity):
    version = wb.activities.get(LOCAL_ACTOR, activity).version
    version = wb.activities.answer(LOCAL_ACTOR, activity, version, "sensitive", "ja")
    wb.activities.answer(LOCAL_ACTOR, activity, version, "large_scale", "ja")
    a = app("activities", aktivitet=activity)
    assert list(wb.activities.dpia_missing(LOCAL_ACTOR)["id"]) == [activity]
    assert list(_table(a).value["missing"]) == ["⚠ Mangler"]
    tab = a.at.tabs[2]
    tab.checkbox[0].check()
    [b for b in tab.button if b.label == "Gem registrering"][0].click()
    a.run()
    assert "En gennemført konsekvensanalyse skal have en dato og en henvisning" in a.texts("error")
    assert not wb.activities.get(LOCAL_ACTOR, activity).dpia_done

    tab = a.at.tabs[2]
    tab.checkbox[0].check()
    tab.date_input[0].set_value(date(2025, 3, 14))
    tab.text_input[0].input("Sag 25/1234")
    [b for b in tab.button if b.label == "Gem registrering"][0].click()
    a.run()
    got = wb.activities.get(LOCAL_ACTOR, activity)
    assert (got.dpia_done, got.dpia_date, got.dpia_ref) == (True, date(2025, 3, 14), "Sag 25/1234")
    assert wb.activities.dpia_missing(LOCAL_ACTOR).empty
    assert _box(a).startswith("success: **Screening: DPIA påkrævet** · konsekvensanalyse gennemført 14-03-2025 (Sag 25/1234)")
    assert list(_table(a).value["missing"]) == [""] and list(_table(a).value["dpia"]) == ["Ja, 14-03-2025"]


# -- the data-subject assessment ----------------------------------------------------------------------
def test_start_the_data_subject_assessment_and_link_to_it(app, wb, activity):
    a = app("activities", aktivitet=activity)
    assert "Risikoen for de registrerede er endnu ikke vurderet." in a.texts("info")
    # CPR numbers set the floor at 3 (Betydelig).
    floor, _ = wb.assessments.ds_floor(LOCAL_ACTOR, activity)
    assert floor == 3
    assert any(t.startswith("Bundgrænse for alvor ved brud på fortroligheden: 3 · Betydelig. Sat af: CPR-nummer")
               for t in a.texts("info"))
    a.button("Start vurdering af de registreredes risiko").click()
    a.run()
    current = wb.assessments.current_for_activity(LOCAL_ACTOR, activity)
    assert current is not None and current.lens == "ds"
    assert "Vurderingen af de registreredes risiko er startet for 'Udbetaling af boligstøtte'." in a.texts("success")
    assert f"Vurdering {current.year} · status: Kladde" in a.texts("markdown")
    assert "Start vurdering af de registreredes risiko" not in a.labels("button")
    links = a.at.get("page_link")
    assert [(p.proto.label, p.proto.page, p.proto.query_string) for p in links] == [
        ("Åbn vurderingen", "vurdering", f"aktivitet={activity}")
    ]
    # The pair of matrices on the data-subject matrix; one scored line shows in both.
    line = wb.assessments.lines(LOCAL_ACTOR, current.id)[0]
    wb.assessments.update_line(LOCAL_ACTOR, line.id, line.version, {"likelihood": 3, "cons_c": 4})
    a.run()
    fig = a.plotly(f"act_ds_{activity}_inherent")
    assert fig["layout"]["xaxis"]["title"]["text"] == "Alvor for de registrerede"
    assert {(lik, con): n for lik, con, n in fig["data"][1]["customdata"] if n} == {(3, 4): 1}
    assert wb.assessments.matrix_counts(LOCAL_ACTOR, current.id)["inherent"] == {(3, 4): 1}
    residual = a.plotly(f"act_ds_{activity}_residual")
    assert {(lik, con): n for lik, con, n in residual["data"][1]["customdata"] if n} == {(3, 4): 1}


# -- access ----------------------------------------------------------------------------------------
def test_committee_member_reads_without_edit_controls(app, demo):
    row = demo.activities.list(LOCAL_ACTOR).iloc[0]
    a = app("activities", actor=MEMBER, aktivitet=row["id"])
    assert "Du kan se denne behandlingsaktivitet, men ikke ændre den." in a.texts("info")
    assert "Ny behandlingsaktivitet" not in [e.label for e in a.at.expander]
    assert a.labels("form_submit_button") == []
    assert "Start vurdering af de registreredes risiko" not in a.labels("button")
    radios = [r for r in a.at.radio if r.key and r.key.startswith("scr")]
    assert len(radios) == 9 and all(r.disabled for r in radios)
    assert len(a.at.table) == 1  # the fields as a read-only table
    assert len(_table(a).value) == len(demo.activities.list(LOCAL_ACTOR))


def test_leder_sees_own_department_only_and_is_refused_others(app, wb, make_system):
    own = wb.activities.create(LOCAL_ACTOR, _activity(name="Eget område"))
    other = wb.activities.create(LOCAL_ACTOR, _activity(name="Andres område", department="Økonomi",
                                                        responsible="Øjvind Økonomichef"))
    a = app("activities", actor=LENE)
    assert _names(a) == ["Eget område"]
    b = app("activities", actor=LENE, aktivitet=other)
    assert b.texts("error") == ["Lene Leder kan kun se data i egne afdelinger og egne systemer, ikke i 'Økonomi'"]
    assert "Andres område" not in b.texts("subheader")
    c = app("activities", actor=LENE, aktivitet=own)
    assert "Du kan se denne behandlingsaktivitet, men ikke ændre den." not in c.texts("info")
    _answer(c, own, "sensitive", "ja")
    assert wb.activities.screening(LOCAL_ACTOR, own)[0]["sensitive"]["updated_by"] == "lene"
    d = app("activities", actor=OTTO)
    assert _names(d) == []


def test_english_labels(app, wb, activity):
    got = wb.activities.get(LOCAL_ACTOR, activity)
    data = activity_to_input(got)
    data.data_categories, data.subject_categories = ["almindelige"], ["boern_unge"]
    wb.activities.update(LOCAL_ACTOR, activity, got.version, data, got.system_ids)
    a = app("activities", aktivitet=activity)
    a.at.selectbox(key="lang").set_value("en")
    a.run()
    assert a.title() == "Processing activities"
    assert list(_table(a).value["conclusion"]) == ["Screening not finished"]
    assert _box(a).startswith("info: **Screening: Screening not finished**")
    assert a.labels("radio")[0] == "1. Evaluation or scoring"
    assert _radio(a, activity, "sensitive").options == ["Yes", "No", "Don't know", "Not answered"]
    assert [t.label for t in a.at.tabs] == ["Details", "DPIA screening", "Impact assessment (DPIA)",
                                            "Risk to the data subjects"]
    legal = [w for w in a.at.tabs[0].multiselect if w.label == "Legal basis"][0]
    assert legal.value == ["art6_1_e", "dbl_11"]
    assert "Art. 6(1)(e) (public task)" in legal.options
    # The severity floor and what sets it (a category of data subjects), in English.
    assert any(
        t.startswith("Severity floor for a breach of confidentiality: 3 · Significant. Set by: Children and young people")
        for t in a.texts("info")
    )
    assert a.has("button", "Start the assessment of the data subjects' risk")



def test_a_refusal_of_the_activities_service_reads_in_english_in_english_mode(wb, make_system, activity):
    """The errors of the activities and assessments services carry keys (riskmodel/locale/errors_assessment.py):
    through ui.attempt an English session shows the English text, a Danish one the Danish text word for word.
    (A direct AppTest of the page cannot submit its forms in English: see test_app_systems.py.)"""
    from streamlit.testing.v1 import AppTest

    other = make_system(name="Vejsystem", department="Teknik")
    lene = Actor(username="lene", display_name="Lene Leder", role="leder", departments=("Borgerservice",))
    version = wb.activities.get(LOCAL_ACTOR, activity).version
    calls = {
        "dpia": lambda: wb.activities.record_dpia(LOCAL_ACTOR, activity, version, True, None, ""),
        "reach": lambda: wb.activities.create(lene, _activity(name="Ny"), [other]),
        "ended": lambda: wb.assessments.start_activity(LOCAL_ACTOR, 999),
    }

    def page():
        import streamlit as st

        from pages import ui

        st.session_state["lang"] = st.session_state["chosen"]
        for call in st.session_state["calls"].values():
            ui.attempt(call)

    errors = {}
    before = data_digest(wb)
    for lang in ("en", "da"):
        at = AppTest.from_function(page)
        at.session_state["chosen"] = lang
        at.session_state["calls"] = calls
        at.run()
        errors[lang] = [e.value.replace("\\", "") for e in at.error]  # shown as typed: markdown escapes off
    assert errors["en"] == [
        "A completed DPIA must have a date and a reference",
        "Lene Leder can only link systems of their own departments and their own systems to a processing activity: "
        f"the system with id {other} does not exist or is out of reach",
        "There is no processing activity with id 999",
    ]
    assert errors["da"] == [
        "En gennemført konsekvensanalyse skal have en dato og en henvisning",
        "Lene Leder kan kun knytte systemer fra egne afdelinger og egne systemer til en behandlingsaktivitet: "
        f"systemet med id {other} findes ikke eller er uden for rækkevidde",
        "Behandlingsaktiviteten med id 999 findes ikke",
    ]
    after = data_digest(wb)
    assert {t: h for t, h in after.items() if t != "audit_log"} == {t: h for t, h in before.items() if t != "audit_log"}
