"""Data-subject assessments of processing activities: preselection, severity floors, harms,
sign-off, workshops, the data-subject heatmap and the worse of the two lenses per system."""

from __future__ import annotations

import pytest
from helpers import data_digest

from riskmodel.domain.dpia import ds_preset
from riskmodel.domain.errors import PermissionDenied, ValidationError
from riskmodel.domain.model import LOCAL_ACTOR, ActivityInput, Actor

OTTO = Actor(username="otto", display_name="Otto Anden", role="leder", departments=("Teknik",))
LENE = Actor(username="lene", display_name="Lene Leder", role="leder", departments=("Borgerservice",))


@pytest.fixture
def activity(wb, actor, make_system):
    """An activity in Borgerservice supported by a system with CPR numbers."""
    sid = make_system(data_categories=["almindelige", "cpr"], classification="fortrolig")
    aid = wb.activities.create(actor, ActivityInput(
        name="Boligstøtte", department="Borgerservice", purpose="Udbetale boligstøtte", responsible="Lene Leder",
        legal_bases=["art6_1_e"], data_categories=["almindelige"], subject_categories=["borgere"],
        subjects_band="1.000-10.000"), [sid])
    return {"activity": aid, "system": sid}


def test_start_preselects_the_threats_most_relevant_to_the_data_subjects(wb, actor, activity):
    asid = wb.assessments.start_activity(actor, activity["activity"])
    a = wb.assessments.get(actor, asid)
    assert (a.lens, a.activity_id, a.system_id, a.preset_id, a.scale_size) == ("ds", activity["activity"], None,
                                                                               "registrerede", 4)
    lines = wb.assessments.lines(actor, asid)
    ranked = wb.assessments.ranked_catalogue_for_activity(actor, activity["activity"])
    assert [ln.threat_code for ln in lines] == [t["code"] for t, _, chosen in ranked if chosen]
    assert 15 <= len(lines) <= 25  # issue 14: a proposal people can finish (the catalogue has 64)
    scores = [score for _, score, chosen in ranked if chosen]
    assert scores == sorted(scores, reverse=True)
    assert all(score is None or score <= scores[-1] for _, score, chosen in ranked if not chosen)
    # Personal data (CPR numbers in its system) rank first: every threat about personal data fits, most are in.
    cat = wb.catalogue.list(actor)
    about_data = {c for c, tags in zip(cat["code"], cat["tags"], strict=True) if {"personal_data", "sensitive"} & set(tags)}
    assert len(about_data & {ln.threat_code for ln in lines}) >= 15
    assert set(ranked[0][0]["tags"]) & {"personal_data", "sensitive"}
    assert wb.assessments.current_for_activity(actor, activity["activity"]).id == asid
    # The system's own (organisational) assessment is a separate thing.
    assert wb.assessments.current(actor, activity["system"]) is None


def test_the_ranking_follows_the_activitys_profile(wb, actor, make_system):
    """Children's sensitive data on a critical cloud system, for 100,000+: the sensitive threats and the
    system's (internet, supplier, critical) come forward; the same activity without systems ranks only its own data."""
    sid = make_system(name="Skoleportal", hosting="cloud", criticality="kritisk", data_categories=["almindelige"])
    base = {"department": "Borgerservice", "purpose": "Elevplaner", "responsible": "Lene Leder",
            "legal_bases": ["art6_1_e"], "data_categories": ["følsomme"], "subject_categories": ["boern_unge"],
            "subjects_band": "100.000+"}
    with_system = wb.activities.create(actor, ActivityInput(name="Elevplaner", **base), [sid])
    alone = wb.activities.create(actor, ActivityInput(name="Elevplaner på papir", **base), [])
    cat = wb.catalogue.list(actor)
    tags = dict(zip(cat["code"], cat["tags"], strict=True))

    def proposed(aid):
        return [t["code"] for t, _, chosen in wb.assessments.ranked_catalogue_for_activity(actor, aid) if chosen]

    on_system, on_paper = proposed(with_system), proposed(alone)
    assert 15 <= len(on_system) <= 25 and 15 <= len(on_paper) <= 25
    sensitive = {c for c, t in tags.items() if "sensitive" in t}
    assert sensitive <= set(on_paper[:len(sensitive) + 5])  # the sensitive ones near the top
    system_only = {c for c, t in tags.items() if set(t) <= {"internet", "supplier", "critical", "onprem"}}
    assert not system_only & set(on_paper)  # no system: no threat that only fits a system
    assert system_only & set(on_system)
    # The service asks for read access to the activity, as every read does.
    with pytest.raises(PermissionDenied):
        wb.assessments.ranked_catalogue_for_activity(OTTO, with_system)


def test_the_floor_comes_from_the_supporting_systems_and_below_it_needs_a_reason(wb, actor, activity):
    floor, reasons = wb.assessments.ds_floor(actor, activity["activity"])
    assert floor == 3 and "cpr" in reasons
    asid = wb.assessments.start_activity(actor, activity["activity"])
    line = next(ln for ln in wb.assessments.lines(actor, asid) if ln.harms_c)
    others = [ln for ln in wb.assessments.lines(actor, asid) if ln.id != line.id]
    for ln in others:
        wb.assessments.update_line(actor, ln.id, ln.version, {"likelihood": 1, "cons_c": 1 if ln.harms_c else None,
                                                             "cons_i": None if ln.harms_c else 1, "floor_reason": "x"})
    v = wb.assessments.update_line(actor, line.id, line.version, {"likelihood": 1, "cons_c": 2})
    assert ("floor_reason" in {i.kind for i in wb.signoff.open_items(actor, asid) if i.line_id == line.id})
    wb.assessments.update_line(actor, line.id, v, {"floor_reason": "Kun adresse, ingen CPR i denne del"})
    assert not [i for i in wb.signoff.open_items(actor, asid) if i.line_id == line.id]


def test_harms_are_chosen_from_recital_75(wb, actor, activity):
    asid = wb.assessments.start_activity(actor, activity["activity"])
    line = wb.assessments.lines(actor, asid)[0]
    v = wb.assessments.update_line(actor, line.id, line.version, {"harms": ["identitetstyveri", "oekonomisk_tab"]})
    assert wb.assessments.line(actor, line.id).harms == ["identitetstyveri", "oekonomisk_tab"]
    before = data_digest(wb)
    with pytest.raises(ValidationError, match="Skade for de registrerede: 'hovedpine'"):
        wb.assessments.update_line(actor, line.id, v, {"harms": ["hovedpine"]})
    assert data_digest(wb) == before


def test_harms_belong_to_the_data_subject_lens_only(wb, actor, make_system):
    asid = wb.assessments.start(actor, make_system())
    line = wb.assessments.lines(actor, asid)[0]
    with pytest.raises(ValidationError, match="harms"):
        wb.assessments.update_line(actor, line.id, line.version, {"harms": ["oekonomisk_tab"]})


def test_severity_is_on_the_four_step_scale_even_with_a_five_step_municipal_matrix(wb, actor, activity):
    wb.settings.set_preset(actor, "5x5", wb.settings.get(LOCAL_ACTOR, "preset")[1])
    asid = wb.assessments.start_activity(actor, activity["activity"])
    line = wb.assessments.lines(actor, asid)[0]
    with pytest.raises(ValidationError, match="1-4"):
        wb.assessments.update_line(actor, line.id, line.version, {"likelihood": 5})
    wb.assessments.update_line(actor, line.id, line.version, {"likelihood": 4, "cons_c": 4})
    assert wb.assessments.matrix_counts(actor, asid)["inherent"] == {(4, 4): 1}


def test_a_leder_of_another_department_cannot_read_or_start(wb, actor, activity):
    asid = wb.assessments.start_activity(actor, activity["activity"])
    before = data_digest(wb)
    with pytest.raises(PermissionDenied):
        wb.assessments.start_activity(OTTO, activity["activity"])
    with pytest.raises(PermissionDenied):
        wb.assessments.lines(OTTO, asid)
    assert data_digest(wb) == before
    assert wb.assessments.lines(LENE, asid)  # the responsible manager's department


def test_sign_off_and_workshop_work_on_the_data_subject_lens(wb, actor, activity):
    asid = wb.assessments.start_activity(actor, activity["activity"])
    wid = wb.workshops.open(actor, asid)
    live = wb.workshops.live(actor, wid)
    assert live.system_name == "Boligstøtte"
    _, token = wb.workshops.join(live.workshop["code"], "Anne", "systemejer")
    wb.workshops.vote(live.workshop["code"], token, live.line.id, live.workshop["round"], {"likelihood": 2, "cons_c": 4})
    with pytest.raises(ValidationError, match="1-4"):
        wb.workshops.vote(live.workshop["code"], token, live.line.id, live.workshop["round"], {"likelihood": 5})
    wb.workshops.decide(actor, wid, live.line.version, {"likelihood": 2, "cons_c": 3}, "Adresser kan misbruges")
    for ln in wb.assessments.lines(actor, asid):
        if ln.likelihood is None:
            wb.assessments.update_line(actor, ln.id, ln.version, {"likelihood": 1, "cons_i": 1})
    for item in wb.signoff.open_items(actor, asid):  # every line above the threshold: accept
        ln = wb.assessments.line(actor, item.line_id)
        if item.kind == "floor_reason":
            wb.assessments.update_line(actor, ln.id, ln.version, {"floor_reason": "Ingen CPR"})
            ln = wb.assessments.line(actor, ln.id)
        if item.kind == "needs_decision":
            wb.assessments.accept_risk(actor, ln.id, ln.version, "Lene Leder", "01-11-2026", "Ledermøde 1/11")
    v = wb.signoff.submit(actor, asid, wb.assessments.get(actor, asid).version)
    wb.signoff.approve(LENE, asid, v)
    state = wb.signoff.state(actor, asid)
    assert state.approval["snapshot"]["preset"] == "registrerede"


def test_ds_heatmap_and_the_worse_of_two_lenses(wb, actor, activity, make_system):
    sid = activity["system"]
    # Organisational: one line at (1, 1) -> Lav on the standard matrix.
    org = wb.assessments.start(actor, sid)
    first = wb.assessments.lines(actor, org)[0]
    wb.assessments.update_line(actor, first.id, first.version, {"likelihood": 1, "cons_c": 1})
    # Data subjects: one line at (3, 4) -> Høj on the data-subject matrix.
    ds = wb.assessments.start_activity(actor, activity["activity"])
    line = wb.assessments.lines(actor, ds)[0]
    wb.assessments.update_line(actor, line.id, line.version, {"likelihood": 3, "cons_c": 4})
    assert wb.portfolio.ds_heatmap(actor) == {(3, 4): 1}
    assert wb.portfolio.ds_heatmap(actor, residual=True) == {(3, 4): 1}
    assert wb.portfolio.ds_heatmap(OTTO) == {}
    lenses = wb.portfolio.system_lenses(actor).set_index("system_id")
    row = lenses.loc[sid]
    assert (row["org_residual_key"], row["ds_residual_key"], row["worse"]) == ("lav", "hoej", "ds")
    assert ds_preset().level(3, 4).key == "hoej"
    other = make_system()
    assert wb.portfolio.system_lenses(actor).set_index("system_id").loc[other, "worse"] is None  # nothing scored


def test_open_workshops_lists_both_lenses(wb, actor, activity, make_system):
    ds = wb.workshops.open(actor, wb.assessments.start_activity(actor, activity["activity"]))
    org = wb.workshops.open(actor, wb.assessments.start(actor, make_system()))
    listed = {w["id"]: (w["lens"], w["system_name"]) for w in wb.workshops.open_workshops(actor)}
    assert listed[ds] == ("ds", "Boligstøtte") and listed[org][0] == "org"
    assert ds in {w["id"] for w in wb.workshops.open_workshops(LENE)}  # the activity's department
    assert wb.workshops.open_workshops(OTTO) == []


def test_the_data_subject_matrix_is_titled_by_severity():
    from riskmodel.reports.charts import matrix_figure

    fig = matrix_figure(ds_preset(), {(1, 1): 2}, "da", "De registrerede")
    assert fig.layout.xaxis.title.text == "Alvor for de registrerede"
