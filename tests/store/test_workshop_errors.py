"""The workshop's refusals in English mode (issue 18): on a real file, each use case's error reads in English
with ``err.text("en")`` and, in Danish, word for word what it always said (``str(err)``, the audit trail, the
command line)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from riskmodel.domain.dates import dk_today
from riskmodel.domain.errors import NotFoundError, WorkbenchError
from riskmodel.domain.model import Actor
from riskmodel.domain.workshop import WRONG_CODES_PER_PERSON

LENE = Actor(username="lene", display_name="Lene Leder", role="leder", departments=("Borgerservice",))


@pytest.fixture
def room(wb, actor, make_system):
    aid = wb.assessments.start(actor, make_system())
    wid = wb.workshops.open(actor, aid, guest_cap=1)
    code = wb.workshops.live(actor, wid).workshop["code"]
    anne = wb.workshops.join(code, "Anne Andersen", "systemejer", browser="anne")
    return {"aid": aid, "wid": wid, "code": code, "anne": anne,
            "other": wb.assessments.start(actor, make_system())}


def _refused(call) -> WorkbenchError:
    with pytest.raises(WorkbenchError) as caught:
        call()
    return caught.value


def _vote(wb, actor, room, values, **kw):
    st = wb.workshops.live(actor, room["wid"])
    return lambda: wb.workshops.vote(room["code"], room["anne"][1], kw.get("line", st.line.id),
                                     kw.get("round", st.workshop["round"]), values)


CASES = {
    "wrong code": (
        lambda wb, a, r: lambda: wb.workshops.join("xyz-xyz", "Bo", "fagperson"),
        "Koden 'xyz-xyz' passer ikke til en åben workshop. Tjek koden hos facilitatoren.",
        "The code 'xyz-xyz' does not match an open workshop. Check the code with the facilitator."),
    "full": (
        lambda wb, a, r: lambda: wb.workshops.join(r["code"], "Bo", "fagperson", browser="bo"),
        "Workshoppen er fuld: højst 1 gæster uden konto. Bed facilitatoren om hjælp.",
        "The workshop is full: at most 1 guest without an account. Ask the facilitator for help."),
    "no name": (
        lambda wb, a, r: lambda: wb.workshops.join(r["code"], " ", "fagperson"),
        "Navn skal udfyldes", "Name must be filled in"),
    "no such workshop": (
        lambda wb, a, r: lambda: wb.workshops.live(a, 99999),
        "Workshoppen med id 99999 findes ikke", "The workshop with id 99999 does not exist"),
    "foreign agenda": (
        lambda wb, a, r: lambda: wb.workshops.set_agenda(
            a, r["wid"], [wb.assessments.lines(a, r["aid"])[0].id, wb.assessments.lines(a, r["other"])[0].id]),
        "Dagsordenen, punkt 2: truslen hører ikke til denne vurdering",
        "The agenda, item 2: the threat does not belong to this assessment"),
    "stale screen": (
        lambda wb, a, r: lambda: wb.workshops.reveal(a, r["wid"], expected_version=1),
        "Workshoppen er ført videre fra en anden skærm, efter du åbnede den. Intet er ændret: se den aktuelle "
        "trussel og prøv igen.",
        "The workshop was moved on from another screen after you opened it. Nothing was changed: look at the "
        "current threat and try again."),
    "vote off the scale": (
        lambda wb, a, r: _vote(wb, a, r, {"likelihood": 9}),
        "Sandsynlighed: 9 ligger uden for skalaen 1-4", "Likelihood: 9 is outside the scale 1-4"),
    "vote yes/no": (
        lambda wb, a, r: _vote(wb, a, r, {"cons_c": True}),
        "Konsekvens for fortrolighed: 'True' er ikke et tal", "Consequence for confidentiality: 'True' is not a number"),
    "vote too late": (
        lambda wb, a, r: _vote(wb, a, r, {"likelihood": 2}, round=0),
        "Facilitatoren er gået videre, så din stemme er ikke talt med. Stem på det, der vises nu.",
        "The facilitator has moved on, so your vote was not counted. Vote on what is shown now."),
    "agreed value without likelihood": (
        lambda wb, a, r: lambda: wb.workshops.decide(a, r["wid"], 1, {"cons_c": 2}, ""),
        "Sandsynlighed skal vælges for den aftalte værdi", "Likelihood must be chosen for the agreed value"),
    "participant in the future": (
        lambda wb, a, r: lambda: wb.workshops.add_participant(a, r["aid"], "Bo", "it", dk_today() + timedelta(1)),
        "Datoen for deltagelse kan ikke ligge i fremtiden", "The date of taking part cannot be in the future"),
    "no such participant": (
        lambda wb, a, r: lambda: wb.workshops.admit(a, r["wid"], 99999),
        "Deltageren med id 99999 er ikke med i workshoppen", "The participant with id 99999 is not in the workshop"),
}


@pytest.mark.parametrize("case", CASES)
def test_a_workshop_refusal_reads_in_english_and_in_its_unchanged_danish(wb, actor, room, case):
    make, da, en = CASES[case]
    err = _refused(make(wb, actor, room))
    assert err.key and err.key.startswith(("err.workshop.", "err.required"))
    assert (str(err), err.text("da"), err.text("en")) == (da, da, en)


def test_a_throttled_account_is_told_so_in_english(wb, room):
    for _ in range(WRONG_CODES_PER_PERSON):
        _refused(lambda: wb.workshops.join("AAA-AAA", "Lene", "leder", user=LENE))
    err = _refused(lambda: wb.workshops.join(room["code"], "Lene", "leder", user=LENE))
    assert str(err) == "For mange forsøg på at deltage fra din konto. Vent 10 minutter, og prøv igen."
    assert err.text("en") == "Too many attempts to join from your account. Wait 10 minutes and try again."


def test_a_closed_workshop_thanks_the_participant_in_either_language(wb, actor, room):
    wb.workshops.close(actor, room["wid"])
    err = _refused(lambda: wb.workshops.leave(room["code"], room["anne"][1]))
    assert (str(err), err.text("en")) == ("Workshoppen er lukket. Tak for din deltagelse.",
                                          "The workshop is closed. Thank you for taking part.")
    err = _refused(lambda: wb.workshops.goto(actor, room["wid"], 1))
    assert (str(err), err.text("en")) == ("Workshoppen er lukket", "The workshop is closed")


def test_a_participant_changed_meanwhile_is_named_in_either_language(wb, actor, room):
    pid = wb.workshops.add_participant(actor, room["aid"], "Hans Hansen", "fagperson")
    err = _refused(lambda: wb.workshops.remove_participant(actor, pid, 2))
    assert str(err) == "Deltageren 'Hans Hansen' er ændret af en anden. Intet er gemt: genindlæs."
    assert err.text("en") == "The participant 'Hans Hansen' was changed by someone else. Nothing was saved: reload."
    wb.workshops.remove_participant(actor, pid, 1)
    err = _refused(lambda: wb.workshops.remove_participant(actor, pid, 2))
    assert isinstance(err, NotFoundError)
    assert (str(err), err.text("en")) == (f"Deltageren med id {pid} findes ikke",
                                          f"The participant with id {pid} does not exist")
