"""Dispensations on a real DuckDB file: the request with its required parts, the committee chair's
decision, expiry derived from the clock, and renewal as a new request."""

from __future__ import annotations

from datetime import date

import pytest
from helpers import data_digest

from riskmodel.domain.errors import PermissionDenied, StaleVersionError, ValidationError
from riskmodel.domain.model import LOCAL_ACTOR, Actor
from riskmodel.services.dispensations import DispensationInput

TODAY = date(2026, 11, 28)
CHAIR = Actor(username="ulla", display_name="Ulla Udvalgsformand", role="udvalgsformand")
LENE = Actor(username="lene", display_name="Lene Leder", role="leder", departments=("Borgerservice",))


def req(sid, **kw):
    data = {"system_id": sid, "requested_by": "Lene Leder", "requirement_kind": "annex_a", "requirement": "A.9.4.2",
            "justification": "Systemet understøtter ikke tofaktor før version 5",
            "alternative_measures": "Adgang kun fra kommunens net; logning gennemgås månedligt",
            "expires_on": date(2027, 5, 31)}
    data.update(kw)
    return DispensationInput(**data)


def one(wb, actor, did, today=TODAY):
    return wb.dispensations.get(actor, did, today)


@pytest.mark.parametrize("field, value, message", [
    ("alternative_measures", " ", "Alternative sikringsforanstaltninger skal udfyldes"),
    ("justification", "", "Begrundelse skal udfyldes"),
    ("requested_by", "", "Hvem anmoder skal udfyldes"),
    ("expires_on", None, "Udløbsdato skal udfyldes"),
    ("expires_on", date(2027, 11, 29), r"højst gælde i 12 måneder \(senest 28-11-2027\)"),
    ("expires_on", TODAY, "Udløbsdatoen skal ligge efter"),
    ("requirement", "A.42.1", "Annex A-kontrol 'A.42.1' findes ikke"),
    ("requirement_kind", "lov", "er ikke en gyldig værdi"),
])
def test_a_request_needs_every_required_part(wb, actor, make_system, field, value, message):
    sid = make_system()
    before = data_digest(wb)
    with pytest.raises(ValidationError, match=message):
        wb.dispensations.request(actor, req(sid, **{field: value}), today=TODAY)
    assert data_digest(wb) == before


def test_request_approve_and_expire(wb, actor, make_system):
    sid = make_system()
    did = wb.dispensations.request(actor, req(sid, requirement="a.9.4.2 Tofaktor"), today=TODAY)
    d = one(wb, actor, did)
    assert (d["status"], d["requirement"], d["requested_on"], d["state"]) == ("anmodet", "A.9.4.2", TODAY, "anmodet")
    with pytest.raises(PermissionDenied):
        wb.dispensations.decide(actor, did, 1, approve=True, today=TODAY)  # a coordinator does not decide
    with pytest.raises(ValidationError, match="Bemærkning til afgørelsen skal udfyldes"):
        wb.dispensations.decide(CHAIR, did, 1, approve=False, today=TODAY)
    v = wb.dispensations.decide(CHAIR, did, 1, approve=True, note="Godkendt på udvalgsmøde 3/12", today=TODAY)
    d = one(wb, actor, did)
    assert (d["status"], d["decided_by"], d["decided_on"], d["version"]) == ("godkendt", "Ulla Udvalgsformand", TODAY, v)
    with pytest.raises(ValidationError, match="allerede godkendt"):
        wb.dispensations.decide(CHAIR, did, v, approve=False, note="x", today=TODAY)
    # Flagged 30 days before expiry, expired the day after.
    assert not one(wb, actor, did, date(2027, 4, 30))["expiring"]
    assert one(wb, actor, did, date(2027, 5, 1))["expiring"]
    assert one(wb, actor, did, date(2027, 6, 1))["state"] == "udloebet"


def test_rejection_and_stale_decisions(wb, actor, make_system):
    did = wb.dispensations.request(actor, req(make_system()), today=TODAY)
    wb.dispensations.update(actor, did, 1, req(make_system(), justification="Ny begrundelse"))
    with pytest.raises(StaleVersionError, match="Dispensationen er ændret af"):
        wb.dispensations.decide(CHAIR, did, 1, approve=True, today=TODAY)
    wb.dispensations.decide(CHAIR, did, 2, approve=False, note="Alternativerne er ikke tilstrækkelige", today=TODAY)
    d = one(wb, actor, did)
    assert (d["status"], d["justification"], d["decision_note"]) == ("afvist", "Ny begrundelse",
                                                                    "Alternativerne er ikke tilstrækkelige")
    with pytest.raises(ValidationError, match="Kun en anmodning, der ikke er afgjort"):
        wb.dispensations.update(actor, did, 3, req(d["system_id"]))
    with pytest.raises(ValidationError, match="Kun en godkendt"):
        wb.dispensations.renew(actor, did, date(2027, 6, 1), today=TODAY)


def test_an_expired_request_cannot_be_approved(wb, actor, make_system):
    did = wb.dispensations.request(actor, req(make_system(), expires_on=date(2026, 12, 31)), today=TODAY)
    with pytest.raises(ValidationError, match="Udløbsdatoen er passeret"):
        wb.dispensations.decide(CHAIR, did, 1, approve=True, today=date(2027, 1, 2))


def test_renewal_is_a_new_request_that_needs_its_own_approval(wb, actor, make_system):
    sid = make_system()
    did = wb.dispensations.request(actor, req(sid), today=TODAY)
    wb.dispensations.decide(CHAIR, did, 1, approve=True, today=TODAY)
    later = date(2027, 5, 15)
    new = wb.dispensations.renew(LENE, did, date(2028, 5, 1), today=later)
    n = one(wb, actor, new, later)
    assert (n["status"], n["renews_id"], n["requested_by"], n["expires_on"]) == ("anmodet", did, "Lene Leder",
                                                                                date(2028, 5, 1))
    assert (n["alternative_measures"], n["requirement"]) == (req(sid).alternative_measures, "A.9.4.2")
    df = wb.dispensations.list(actor, later)
    assert int(df[df["id"] == did].iloc[0]["renewed_by"]) == new
    assert one(wb, actor, did, later)["status"] == "godkendt"  # the old one keeps its dates until it expires


def test_access_follows_the_system(wb, actor, make_system):
    other = make_system(department="Teknik")
    with pytest.raises(PermissionDenied):
        wb.dispensations.request(LENE, req(other), today=TODAY)
    mine = make_system(department="Borgerservice")
    wb.dispensations.request(LENE, req(mine), today=TODAY)
    wb.dispensations.request(actor, req(other), today=TODAY)
    assert list(wb.dispensations.list(LENE, TODAY)["system_id"]) == [mine]
    assert len(wb.dispensations.list(CHAIR, TODAY)) == 2
    member = Actor(username="m", display_name="Medlem", role="udvalgsmedlem")
    with pytest.raises(PermissionDenied):
        wb.dispensations.request(member, req(mine), today=TODAY)


def test_every_problem_of_a_request_is_said_at_once_in_either_language(wb):
    empty = DispensationInput(system_id=None, requested_by="", requirement_kind="haandbog", requirement="",
                              justification=" ", alternative_measures="", expires_on=None)
    with pytest.raises(ValidationError) as got:
        wb.dispensations.request(LOCAL_ACTOR, empty, date(2026, 11, 28))
    assert str(got.value) == ("System skal udfyldes. Kravet, der afviges fra skal udfyldes. Hvem anmoder skal udfyldes. "
                              "Begrundelse skal udfyldes. Alternative sikringsforanstaltninger skal udfyldes. "
                              "Udløbsdato skal udfyldes: en dispensation gælder altid for en begrænset periode")
    english = got.value.text("en")
    assert english.startswith("System must be filled in. ") and "Reason must be filled in" in english
    assert wb.dispensations.list(LOCAL_ACTOR, date(2026, 11, 28)).empty
