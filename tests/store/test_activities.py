"""Processing activities on a real DuckDB file: fields, systems, screening, DPIA record, access."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from helpers import audit_rows, data_digest

from riskmodel.domain.dates import dk_today
from riskmodel.domain.errors import PermissionDenied, StaleVersionError, ValidationError
from riskmodel.domain.model import ActivityInput, Actor
from riskmodel.services.activities import activity_to_input

LENE = Actor(username="lene", display_name="Lene Leder", role="leder", departments=("Borgerservice",))
OTTO = Actor(username="otto", display_name="Otto Anden", role="leder", departments=("Teknik",))


def _activity(**kw) -> ActivityInput:
    base = dict(name="Udbetaling af boligstøtte", department="Borgerservice", purpose="Beregne og udbetale boligstøtte",
                responsible="Lene Leder", legal_bases=["art6_1_e", "dbl_11"], data_categories=["almindelige", "cpr"],
                subject_categories=["borgere"], subjects_band="1.000-10.000")
    return ActivityInput(**{**base, **kw})


def test_create_with_systems_and_read_back(wb, actor, make_system):
    s1, s2 = make_system(), make_system()
    aid = wb.activities.create(actor, _activity(), [s2, s1])
    got = wb.activities.get(actor, aid)
    assert got.name == "Udbetaling af boligstøtte" and got.legal_bases == ["art6_1_e", "dbl_11"]
    assert got.system_ids == sorted([s1, s2])
    listed = wb.activities.list(actor)
    assert list(listed["name"]) == ["Udbetaling af boligstøtte"]
    assert listed.iloc[0]["conclusion"] == "incomplete"
    assert list(wb.activities.for_system(actor, s1)["id"]) == [aid]
    assert audit_rows(wb, entity="activities", action="create")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"name": " "}, "navn skal udfyldes"),
        ({"purpose": ""}, "Formål skal udfyldes"),
        ({"responsible": ""}, "Ansvarlig leder skal udfyldes"),
        ({"legal_bases": []}, "Retsgrundlag: vælg mindst én"),
        ({"legal_bases": ["art99"]}, "Retsgrundlag: 'art99' er ikke en gyldig værdi"),
        ({"data_categories": ["ingen"]}, "'ingen' er ikke en gyldig værdi"),
        ({"subject_categories": []}, "Kategorier af registrerede: vælg mindst én"),
        ({"subjects_band": "mange"}, "Antal registrerede"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(wb, actor, change, message):
    before = data_digest(wb)
    with pytest.raises(ValidationError, match=message):
        wb.activities.create(actor, _activity(**change))
    assert data_digest(wb) == before


def test_unknown_system_is_refused(wb, actor):
    with pytest.raises(ValidationError, match="Systemet med id 999 findes ikke"):
        wb.activities.create(actor, _activity(), [999])


def test_update_checks_the_version_and_keeps_the_first_edit(wb, actor, make_system):
    aid = wb.activities.create(actor, _activity())
    a = wb.activities.get(actor, aid)
    data = activity_to_input(a)
    data.purpose = "Nyt formål"
    v2 = wb.activities.update(actor, aid, a.version, data, [make_system()])
    data.purpose = "Et andet formål"
    before = data_digest(wb)
    with pytest.raises(StaleVersionError, match="Intet er gemt"):
        wb.activities.update(LENE, aid, a.version, data)
    assert data_digest(wb) == before
    assert wb.activities.get(actor, aid).purpose == "Nyt formål" and wb.activities.get(actor, aid).version == v2


def test_screening_answers_and_conclusion(wb, actor):
    aid = wb.activities.create(actor, _activity())
    v = wb.activities.get(actor, aid).version
    v = wb.activities.answer(actor, aid, v, "sensitive", "ja", "CPR-numre og sociale forhold")
    v = wb.activities.answer(actor, aid, v, "large_scale", "ved_ikke")
    answers, result = wb.activities.screening(actor, aid)
    assert answers["sensitive"]["note"] == "CPR-numre og sociale forhold"
    assert result.conclusion == "incomplete" and result.unknown == ("large_scale",)
    v = wb.activities.answer(actor, aid, v, "large_scale", "ja")
    _, result = wb.activities.screening(actor, aid)
    assert result.conclusion == "dpia_required"
    assert list(wb.activities.dpia_missing(actor)["id"]) == [aid]
    # Record the DPIA: no longer flagged.
    with pytest.raises(ValidationError, match="dato og en henvisning"):
        wb.activities.record_dpia(actor, aid, v, True, None, "")
    with pytest.raises(ValidationError, match="fremtiden"):
        wb.activities.record_dpia(actor, aid, v, True, dk_today() + timedelta(days=3), "Sag 2026-17")
    v = wb.activities.record_dpia(actor, aid, v, True, date(2026, 10, 1), "Sag 2026-17")
    assert wb.activities.dpia_missing(actor).empty
    a = wb.activities.get(actor, aid)
    assert (a.dpia_done, a.dpia_date, a.dpia_ref) == (True, date(2026, 10, 1), "Sag 2026-17")
    # Clearing an answer.
    wb.activities.answer(actor, aid, v, "large_scale", None)
    assert "large_scale" not in wb.activities.screening(actor, aid)[0]


def test_screening_refuses_unknown_criteria_and_answers(wb, actor):
    aid = wb.activities.create(actor, _activity())
    v = wb.activities.get(actor, aid).version
    before = data_digest(wb)
    with pytest.raises(ValidationError, match="Kriterium"):
        wb.activities.answer(actor, aid, v, "hacking", "ja")
    with pytest.raises(ValidationError, match="Svar: 'måske'"):
        wb.activities.answer(actor, aid, v, "sensitive", "måske")
    assert data_digest(wb) == before


def test_a_leder_acts_only_on_own_departments_activities(wb, actor):
    own = wb.activities.create(LENE, _activity())
    other = wb.activities.create(actor, _activity(name="Vejskilte", department="Teknik", responsible="Otto Anden"))
    assert list(wb.activities.list(LENE)["id"]) == [own]
    before = data_digest(wb)
    with pytest.raises(PermissionDenied):
        wb.activities.get(LENE, other)
    with pytest.raises(PermissionDenied):
        wb.activities.answer(LENE, other, 1, "sensitive", "ja")
    with pytest.raises(PermissionDenied):
        wb.activities.create(LENE, _activity(department="Teknik", responsible="Otto Anden"))
    reader = Actor(username="rita", display_name="Rita Revisor", role="revisor")
    with pytest.raises(PermissionDenied):
        wb.activities.create(reader, _activity())
    assert data_digest(wb) == before
    assert set(wb.activities.list(reader)["id"]) == {own, other}


def test_end_an_activity(wb, actor):
    aid = wb.activities.create(actor, _activity())
    wb.activities.set_status(actor, aid, wb.activities.get(actor, aid).version, "ophørt")
    assert wb.activities.list(actor).empty
    assert list(wb.activities.list(actor, include_ended=True)["status"]) == ["ophørt"]


# -- leder boundaries (issue 16, Medium #6) -----------------------------------------------------
def test_a_leder_cannot_create_an_activity_in_another_department_by_naming_herself_responsible(wb, actor):
    before = data_digest(wb)
    with pytest.raises(PermissionDenied, match=r"^Lene Leder kan kun .* i egne afdelinger og egne systemer, "
                                               r"ikke i 'Teknik'$"):
        wb.activities.create(LENE, _activity(department="Teknik", responsible="Lene Leder"))
    assert data_digest(wb) == before
    [denied] = audit_rows(wb, action="denied")
    assert (denied["actor"], '"call": "ActivityService.create"' in denied["after_json"]) == ("lene", True)


def test_a_leder_cannot_link_another_departments_systems(wb, actor, make_system):
    """Linking would show the other department's system names and that they hold CPR numbers: refused,
    with the same answer as for a system that does not exist, and nothing written."""
    own_sys = make_system(department="Borgerservice")
    other_sys = make_system(department="Teknik", name="Vejregister med CPR", data_categories=["cpr"])
    before = data_digest(wb)
    refusals = []
    for sid in (other_sys, 999_999):
        with pytest.raises(PermissionDenied) as err:
            wb.activities.create(LENE, _activity(), system_ids=[own_sys, sid])
        refusals.append(str(err.value).replace(str(sid), "ID"))
    assert refusals[0] == refusals[1] == (
        "Lene Leder kan kun knytte systemer fra egne afdelinger og egne systemer til en behandlingsaktivitet: "
        "systemet med id ID findes ikke eller er uden for rækkevidde")
    assert data_digest(wb) == before

    own = wb.activities.create(LENE, _activity(), system_ids=[own_sys])
    version = wb.activities.get(LENE, own).version
    with pytest.raises(PermissionDenied, match="kan kun knytte systemer fra egne afdelinger"):
        wb.activities.update(LENE, own, version, _activity(), system_ids=[own_sys, other_sys])
    assert wb.activities.get(actor, own).system_ids == [own_sys]
    assert "Vejregister med CPR" not in str(wb.activities.list(LENE)["systems"].tolist())


def test_a_leder_keeps_a_coordinators_link_she_cannot_see(wb, actor, make_system):
    """A link to another department's system made by the coordinator is neither shown to nor removed by the
    leder's save (her form only offers her own systems)."""
    own_sys = make_system(department="Borgerservice")
    own_sys2 = make_system(department="Borgerservice")
    other_sys = make_system(department="Teknik")
    aid = wb.activities.create(actor, _activity(), system_ids=[own_sys, other_sys])
    version = wb.activities.get(LENE, aid).version
    wb.activities.update(LENE, aid, version, _activity(purpose="Nyt formål"), system_ids=[own_sys2])
    assert wb.activities.get(actor, aid).system_ids == sorted([own_sys2, other_sys])
    # the coordinator may link any system
    version = wb.activities.get(actor, aid).version
    wb.activities.update(actor, aid, version, _activity(), system_ids=[own_sys])
    assert wb.activities.get(actor, aid).system_ids == [own_sys]


def test_a_leder_may_link_a_system_she_owns_in_another_department(wb, actor, make_system):
    owned = make_system(department="Teknik", owner="Lene Leder")
    aid = wb.activities.create(LENE, _activity(), system_ids=[owned])
    assert wb.activities.get(LENE, aid).system_ids == [owned]
