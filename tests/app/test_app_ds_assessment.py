"""The guided assessment on the data-subject lens: a processing activity (``?aktivitet=``) scored
for the severity for the data subjects, with the kinds of harm (GDPR recital 75), the severity
floor from the personal data in the activity and its systems, treatment and sign-off."""

from __future__ import annotations

import re

import pytest
from helpers import data_digest

from riskmodel.domain import dpia
from riskmodel.domain.dates import dk_today
from riskmodel.domain.model import LOCAL_ACTOR, ActivityInput, Actor
from tests.app.conftest import shown  # by path: another conftest may be the "conftest" module now

LENE = Actor(username="lene", display_name="Lene Leder", role="leder", departments=("Borgerservice",))
OTTO = Actor(username="otto", display_name="Otto Anden", role="leder", departments=("Teknik",))
MISSING_KEY = re.compile(r"\[[a-z_]+(\.[a-z0-9_]+)+\]")


@pytest.fixture
def activity(wb, make_system):
    """A processing activity in Borgerservice supported by a system with CPR numbers."""
    sid = make_system(name="Ydelsessystemet", data_categories=["almindelige", "cpr"])
    aid = wb.activities.create(LOCAL_ACTOR, ActivityInput(
        name="Boligstøtte", department="Borgerservice", purpose="Udbetale boligstøtte", responsible="Lene Leder",
        legal_bases=["art6_1_e"], data_categories=["almindelige"], subject_categories=["borgere"],
        subjects_band="1.000-10.000"), [sid])
    return aid


def _key(line, field: str) -> str:
    return f"line{line.id}:{field}"  # stable: no version in the key (issue 14)


def _lines(wb, asid):
    return wb.assessments.lines(LOCAL_ACTOR, asid)


def _header(a) -> str:
    return a.texts("header")[0]


def _form(a, key: str):
    found = [f for f in a.at.get("form") if f.key == key]
    assert len(found) == 1, [f.key for f in a.at.get("form")]
    return found[0]


def _in(form, kind: str, label: str):
    found = [w for w in form.get(kind) if shown(w.label) == label]
    assert len(found) == 1, [w.label for w in form.get(kind)]
    return found[0]


def _on_line(a, asid: int, idx: int, step: int = 3):
    a.at.session_state[f"{'line' if step == 3 else 'treat'}_idx_{asid}"] = idx
    return a.run()


def _score_all(wb, asid, lik=1, sev=1):
    for ln in _lines(wb, asid):
        changes = {"likelihood": lik, "cons_c": sev, "cons_i": sev, "cons_a": sev}
        if sev < 3:
            changes["floor_reason"] = "Kun navn og adresse i denne del"
        wb.assessments.update_line(LOCAL_ACTOR, ln.id, ln.version, changes)


# -- step 1: the activity's profile, its floor, the start --------------------------------------------
def test_context_shows_the_activity_profile_and_the_floor_with_its_reason(app, wb, activity):
    a = app("assessment", aktivitet=activity)
    assert a.at.segmented_control(key="assess_lens").value == "ds"
    assert a.one("selectbox", "Behandlingsaktivitet").value == activity
    md = a.texts("markdown")
    assert "**Formål**  \nUdbetale boligstøtte" in md
    assert f"**Retsgrundlag**  \n{dpia.label('legal_bases', 'art6_1_e')}" in md
    assert "**Kategorier af registrerede**  \n" + dpia.label("subject_categories", "borgere") in md
    assert "**Antal registrerede**  \n1.000-10.000" in md
    assert "**Understøttende systemer**  \nYdelsessystemet" in md
    assert "**Ansvarlig leder**  \nLene Leder" in md
    assert any(m.startswith("**Konsekvensanalyse (DPIA) udført**  \nNej") for m in md)
    (floor,) = [i for i in a.texts("info") if i.startswith("Personoplysningerne i aktiviteten")]
    assert "mindst 3 (Betydelig)" in floor and floor.endswith("Det skyldes: CPR-nummer.")
    assert wb.assessments.ds_floor(LOCAL_ACTOR, activity) == (3, ["cpr"])
    assert any(i.startswith("Behandlingsaktiviteten har ingen vurdering af risikoen") for i in a.texts("info"))
    (link,) = [p for p in a.at.get("page_link") if "aktivitet" in p.proto.query_string]
    assert link.proto.query_string == f"aktivitet={activity}"


def test_start_then_the_ranked_proposal_is_listed_and_the_rest_behind_show_all(app, wb, activity):
    a = app("assessment", aktivitet=activity)
    a.button("Start vurdering af risikoen for de registrerede").click()
    a.run()
    current = wb.assessments.current_for_activity(LOCAL_ACTOR, activity)
    assert current is not None and (current.lens, current.preset_id) == ("ds", "registrerede")
    assert a.at.query_params["trin"] == "2" and _header(a) == "2 · Trusler"
    assert "Risikovurderingen er startet." in a.texts("success")
    lines = _lines(wb, current.id)
    ranked = wb.assessments.ranked_catalogue_for_activity(LOCAL_ACTOR, activity)
    assert [ln.threat_code for ln in lines] == [t["code"] for t, _, chosen in ranked if chosen]
    assert 15 <= len(lines) <= 25  # issue 14: ranked by the activity's profile, not every threat about data
    assert f"{len(lines)} trusler er med" in a.texts("subheader")
    md = a.texts("markdown")
    assert all(f"{ln.threat_code} · {ln.threat_title}" in md for ln in lines)
    # The rest, unticked behind "vis alle", most relevant to the data subjects first, as for a system.
    rest = wb.catalogue.list(LOCAL_ACTOR).shape[0] - len(lines)
    assert f"Vis alle trusler i kataloget ({rest} er ikke med)" in [e.label for e in a.at.expander]
    assert any(c.startswith("Forslaget er de trusler, der er mest relevante for de registrerede") for c in a.texts("caption"))
    offered = a.at.multiselect(key="add_threats")
    not_chosen = [t for t, _, chosen in ranked if not chosen]
    assert len(offered.options) == rest and offered.value == []
    assert offered.options[0] == f"★ {not_chosen[0]['category']} · {not_chosen[0]['code']} · {not_chosen[0]['title']}"
    assert not offered.options[-1].startswith("★ ")  # threats that fit no part of the profile come last
    # Adding the first of the rest puts it in.
    offered.set_value([int(not_chosen[0]["id"])])
    a.run()
    a.button("Tilføj").click()
    a.run()
    assert [ln.threat_code for ln in _lines(wb, current.id)][-1] == not_chosen[0]["code"]


def test_a_picker_switches_between_systems_and_activities(app, wb, activity, make_system):
    sid = make_system(name="Lønsystemet")
    a = app("assessment", system=sid)
    assert a.at.segmented_control(key="assess_lens").value == "org"
    a.at.segmented_control(key="assess_lens").set_value("ds")
    a.run()
    assert "system" not in a.at.query_params
    assert a.one("selectbox", "Behandlingsaktivitet").value is None
    assert "Vælg en behandlingsaktivitet for at vurdere risikoen for de registrerede." in a.texts("caption")
    a.one("selectbox", "Behandlingsaktivitet").set_value(activity)
    a.run()
    assert a.at.query_params["aktivitet"] == str(activity)
    assert a.has("button", "Start vurdering af risikoen for de registrerede")
    a.at.segmented_control(key="assess_lens").set_value("org")
    a.run()
    assert "aktivitet" not in a.at.query_params and a.one("selectbox", "System").value is None


# -- step 3: scoring from the data subjects' side -------------------------------------------------------
def test_scoring_uses_the_data_subject_scale_and_saves_severity_and_harms(app, wb, activity):
    asid = wb.assessments.start_activity(LOCAL_ACTOR, activity)
    lines = _lines(wb, asid)
    line = next(ln for ln in lines if ln.harms_c)
    a = _on_line(app("assessment", aktivitet=activity, trin=3), asid, lines.index(line))
    assert _header(a) == "3 · Scoring"
    radio = a.at.radio(key=_key(line, "cons_c"))
    assert shown(radio.label) == "Alvor for de registrerede ved brud på fortrolighed"
    assert radio.options == ["Ikke relevant", "1 · Ubetydelig", "2 · Begrænset", "3 · Betydelig", "4 · Maksimal"]
    assert shown(radio.proto.captions[4]).startswith("Den registrerede får alvorlige eller varige følger")
    labels = [shown(r.label) for r in a.at.radio]
    assert "Alvor for de registrerede ved brud på integritet" in labels
    assert "Alvor for de registrerede ved brud på tilgængelighed" in labels
    assert "Risikomatrix for de registrerede" in [e.label for e in a.at.expander]

    a.at.radio(key=_key(line, "likelihood")).set_value(3)
    a.run()
    saved = wb.assessments.line(LOCAL_ACTOR, line.id)
    a.at.radio(key=_key(saved, "cons_c")).set_value(4)
    a.run()
    saved = wb.assessments.line(LOCAL_ACTOR, line.id)
    assert (saved.likelihood, saved.cons_c) == (3, 4)
    assert wb.assessments.matrix_counts(LOCAL_ACTOR, asid)["inherent"] == {(3, 4): 1}
    assert any(m.startswith("Risikoniveau: **Høj**") for m in a.texts("markdown"))

    harms = a.one("multiselect", "Skade for de registrerede")
    assert harms.options == [dpia.label("harms", h) for h in dpia.keys("harms")]
    harms.set_value(["identitetstyveri", "oekonomisk_tab"])
    a.run()
    assert wb.assessments.line(LOCAL_ACTOR, line.id).harms == ["identitetstyveri", "oekonomisk_tab"]
    assert a.one("multiselect", "Skade for de registrerede").value == ["identitetstyveri", "oekonomisk_tab"]


def test_severity_below_the_floor_warns_and_keeps_the_written_reason(app, wb, activity):
    asid = wb.assessments.start_activity(LOCAL_ACTOR, activity)
    lines = _lines(wb, asid)
    idx, line = next((i, ln) for i, ln in enumerate(lines) if ln.harms_c)
    wb.assessments.update_line(LOCAL_ACTOR, line.id, line.version, {"likelihood": 2})
    line = wb.assessments.line(LOCAL_ACTOR, line.id)
    a = _on_line(app("assessment", aktivitet=activity, trin=3), asid, idx)
    assert any(c.startswith("Personoplysningerne i aktiviteten og dens systemer foreslår mindst 3")
               for c in a.texts("caption"))
    a.at.radio(key=_key(line, "cons_c")).set_value(2)
    a.run()
    saved = wb.assessments.line(LOCAL_ACTOR, line.id)
    assert saved.cons_c == 2
    (warning,) = [w for w in a.texts("warning") if "under minimum" in w]
    assert warning.startswith("Alvoren ved brud på fortrolighed er scoret 2, under minimum.")
    assert "floor_reason" in {i.kind for i in wb.signoff.open_items(LOCAL_ACTOR, asid) if i.line_id == line.id}
    reason = a.at.text_input(key=_key(saved, "floor_reason"))
    assert shown(reason.label) == "Begrundelse for den lavere alvor"
    reason.input("Kun adresse, ingen CPR i denne del")
    a.run()
    assert wb.assessments.line(LOCAL_ACTOR, line.id).floor_reason == "Kun adresse, ingen CPR i denne del"
    assert not [i for i in wb.signoff.open_items(LOCAL_ACTOR, asid) if i.line_id == line.id and i.kind == "floor_reason"]


# -- step 4 and 5: treatment, acceptance, sign-off ------------------------------------------------------
def _high(wb, activity):
    """A data-subject assessment whose first line is at (4, 4), Høj, the others low with a reason."""
    asid = wb.assessments.start_activity(LOCAL_ACTOR, activity)
    _score_all(wb, asid)
    first = _lines(wb, asid)[0]
    wb.assessments.update_line(LOCAL_ACTOR, first.id, first.version,
                               {"likelihood": 4, "cons_c": 4, "cons_i": 4, "cons_a": 4})
    return asid, _lines(wb, asid)[0]


def test_treatment_step_asks_for_a_decision_and_acceptance_works(app, wb, activity):
    asid, line = _high(wb, activity)
    a = app("assessment", aktivitet=activity, trin=4)
    assert _header(a) == "4 · Behandling"
    assert any(w.startswith("Kræver en foranstaltning eller en accept: restrisikoen er Høj") for w in a.texts("warning"))
    assert a.has("selectbox", "Alvor bagefter")
    form = _form(a, f"accept_{line.id}_{line.version}")
    _in(form, "text_input", "Accepteret af").input("Lene Leder")
    _in(form, "text_input", "Henvisning til beslutningen").input("Ledermøde 3/11, pkt. 2")
    _in(form, "button", "Acceptér risikoen").click()
    a.run()
    saved = wb.assessments.line(LOCAL_ACTOR, line.id)
    assert (saved.accepted_by, saved.accepted_on, saved.acceptance_ref) == (
        "Lene Leder", dk_today(), "Ledermøde 3/11, pkt. 2")
    assert wb.signoff.open_items(LOCAL_ACTOR, asid) == []


def test_submit_and_the_leder_of_the_activitys_department_approves(app, wb, activity):
    asid, line = _high(wb, activity)
    wb.assessments.accept_risk(LOCAL_ACTOR, line.id, line.version, "Lene Leder", dk_today(), "Ledermøde")
    a = app("assessment", aktivitet=activity, trin=5)
    assert any(c.startswith("Den ansvarlige leder for behandlingsaktivitetens afdeling") for c in a.texts("caption"))
    a.button("Send til godkendelse").click()
    a.run()
    assert wb.assessments.get(LOCAL_ACTOR, asid).status == "til_godkendelse"

    b = app("assessment", actor=LENE, aktivitet=activity, trin=5)
    form = _form(b, "approve")
    _in(form, "text_area", "Bemærkning (valgfri)").input("Set på ledermødet")
    _in(form, "button", "Godkend").click()
    b.run()
    state = wb.signoff.state(LOCAL_ACTOR, asid)
    assert state.status == "godkendt" and state.approval["approver_name"] == "Lene Leder"
    assert state.approval["snapshot"]["preset"] == "registrerede"
    assert any(s.startswith("Godkendt af Lene Leder") for s in b.texts("success"))


def test_open_floor_reason_is_named_for_the_data_subjects(app, wb, activity):
    asid = wb.assessments.start_activity(LOCAL_ACTOR, activity)
    line = next(ln for ln in _lines(wb, asid) if ln.harms_c)
    wb.assessments.update_line(LOCAL_ACTOR, line.id, line.version, {"likelihood": 1, "cons_c": 1})
    a = app("assessment", aktivitet=activity, trin=5)
    expected = (f"**{line.threat_code} {line.threat_title}**: alvoren ved brud på fortrolighed er under "
                "aktivitetens minimum uden begrundelse")
    assert expected in a.texts("markdown")


def test_a_leder_of_another_department_is_refused_in_danish(app, wb, activity):
    wb.assessments.start_activity(LOCAL_ACTOR, activity)
    before = data_digest(wb)
    a = app("assessment", actor=OTTO, aktivitet=activity)
    (error,) = a.texts("error")
    assert error.startswith("Otto Anden") and "Borgerservice" in error
    assert "Boligstøtte" not in " ".join(a.texts("markdown") + a.texts("caption"))
    assert not a.has("button", "Start vurdering af risikoen for de registrerede")
    assert data_digest(wb) == before


def test_unknown_activity_in_the_address(app, wb, activity):
    a = app("assessment", aktivitet=99999)
    assert a.texts("error") == ["Behandlingsaktiviteten med id 99999 findes ikke"]
    assert a.one("selectbox", "Behandlingsaktivitet").value is None
    b = app("assessment", aktivitet="abc")
    assert b.texts("warning") == [
        "'abc' i adressen er ikke et id på en behandlingsaktivitet. Vælg aktiviteten herunder."]


# -- English ------------------------------------------------------------------------------------------
def test_the_data_subject_lens_speaks_english(app, wb, activity):
    asid = wb.assessments.start_activity(LOCAL_ACTOR, activity)
    lines = _lines(wb, asid)
    line = next(ln for ln in lines if ln.harms_c)
    a = app()
    a.at.selectbox(key="lang").set_value("en")
    a.run()
    a.goto("assessment", aktivitet=activity, trin=1)
    assert "The processing activity's profile" in a.texts("subheader")
    assert any(i.startswith("The personal data in the activity and its systems propose at least 3 (Significant)")
               and i.endswith("Set by: CPR number.") for i in a.texts("info"))
    a.goto("assessment", aktivitet=activity, trin=3)
    a = _on_line(a, asid, lines.index(line))
    radio = a.at.radio(key=_key(line, "cons_c"))
    assert shown(radio.label) == "Severity for the data subjects of a breach of confidentiality"
    assert radio.options[-1] == "4 · Maximum"
    assert a.has("multiselect", "Harm to the data subjects")


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("trin", [1, 2, 3, 4, 5, 6])
def test_every_step_renders_without_missing_strings(app, wb, activity, trin, lang):
    asid = wb.assessments.start_activity(LOCAL_ACTOR, activity)
    _score_all(wb, asid, 2, 2)
    a = app()
    a.at.selectbox(key="lang").set_value(lang)
    a.run()
    a.goto("assessment", aktivitet=activity, trin=trin)
    texts = [*a.texts("markdown"), *a.texts("caption"), *a.texts("info"), *a.texts("warning"), *a.texts("success"),
             *a.texts("subheader"), *a.texts("header"), *a.labels("button"), *a.labels("radio"),
             *a.labels("selectbox"), *a.labels("multiselect")]
    assert not [s for s in texts if s and MISSING_KEY.search(s)]


def test_every_step_renders_the_demo_municipalitys_activity(app, demo):
    acts = demo.activities.list(LOCAL_ACTOR)
    act = int(next(r.id for r in acts.itertuples() if isinstance(r.ds_status, str)))
    a = app()
    for trin in (1, 2, 3, 4, 5, 6):
        a.goto("assessment", aktivitet=act, trin=trin)
        texts = [*a.texts("markdown"), *a.texts("caption"), *a.texts("info"), *a.texts("warning"),
                 *a.texts("success"), *a.texts("subheader"), *a.labels("button"), *a.labels("radio")]
        assert not [s for s in texts if s and MISSING_KEY.search(s)]
        assert not a.texts("error")
