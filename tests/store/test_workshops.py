"""Live workshops on a real DuckDB file: join codes, private votes, reveal, the agreed
value, participants on record, and votes under concurrent submission."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from helpers import audit_rows, data_digest

from riskmodel.domain.errors import PermissionDenied, ValidationError
from riskmodel.domain.model import Actor
from riskmodel.domain.workshop import CODE_ALPHABET, CODE_LENGTH, format_code

OTTO = Actor(username="otto", display_name="Otto Anden", role="leder", departments=("Teknik",))
LENE = Actor(username="lene", display_name="Lene Leder", role="leder", departments=("Borgerservice",))


@pytest.fixture
def room(wb, actor, make_system):
    """An open workshop on a fresh assessment, with two participants who joined by code."""
    aid = wb.assessments.start(actor, make_system())
    wid = wb.workshops.open(actor, aid)
    code = wb.workshops.live(actor, wid).workshop["code"]
    anne = wb.workshops.join(code, "Anne Andersen", "systemejer")
    bo = wb.workshops.join(format_code(code).lower(), "Bo Berg", "fagperson")  # as typed from the projector
    return {"aid": aid, "wid": wid, "code": code, "anne": anne, "bo": bo}


def _vote(wb, room, who, **values):
    st = wb.workshops.live(LENE_OR_LOCAL, room["wid"])
    return wb.workshops.vote(room["code"], room[who][1], st.line.id, st.workshop["round"], values)


LENE_OR_LOCAL = Actor(username="lokal", display_name="Lokal bruger", role="koordinator")


def test_open_gives_a_short_readable_code_and_the_first_unscored_threat(wb, actor, room):
    live = wb.workshops.live(actor, room["wid"])
    assert len(room["code"]) == CODE_LENGTH and set(room["code"]) <= set(CODE_ALPHABET)
    assert live.line.id == wb.assessments.lines(actor, room["aid"])[0].id
    assert [m["name"] for m in live.members] == ["Anne Andersen", "Bo Berg"]
    assert not any(m["voted"] for m in live.members)
    # Opening again returns the workshop that is already open.
    assert wb.workshops.open(actor, room["aid"]) == room["wid"]


def test_votes_are_private_until_revealed(wb, actor, room):
    _vote(wb, room, "anne", likelihood=2, cons_c=3, cons_i=1, cons_a=None)
    _vote(wb, room, "bo", likelihood=4, cons_c=3, cons_i=2, cons_a=1)
    live = wb.workshops.live(actor, room["wid"])
    assert all(m["voted"] for m in live.members)
    assert live.spreads["likelihood"].counts == {2: 1, 4: 1} and live.spreads["likelihood"].disagree
    assert not live.spreads["cons_c"].disagree and live.spreads["cons_a"].unknown == 1
    view = wb.workshops.participant_view(room["code"], room["bo"][1])
    assert view.my_vote["likelihood"] == 4 and view.revealed == []  # sees own vote only
    wb.workshops.reveal(actor, room["wid"])
    view = wb.workshops.participant_view(room["code"], room["bo"][1])
    assert sorted((v["name"], v["likelihood"]) for v in view.revealed) == [("Anne Andersen", 2), ("Bo Berg", 4)]


def test_a_changed_vote_counts_once_and_both_stay_on_record(wb, actor, room):
    _vote(wb, room, "anne", likelihood=1)
    _vote(wb, room, "anne", likelihood=3)
    live = wb.workshops.live(actor, room["wid"])
    assert [v["likelihood"] for v in live.votes] == [3]
    record = wb.workshops.votes(actor, room["aid"])
    assert list(record["likelihood"]) == [1, 3] and set(record["name"]) == {"Anne Andersen"}


def test_decide_writes_the_agreed_value_and_the_room_moves_on(wb, actor, room):
    _vote(wb, room, "anne", likelihood=2, cons_c=3)
    _vote(wb, room, "bo", likelihood=3, cons_c=3)
    wb.workshops.reveal(actor, room["wid"])
    live = wb.workshops.live(actor, room["wid"])
    line = live.line
    wb.workshops.decide(actor, room["wid"], line.version, {"likelihood": 3, "cons_c": 3, "cons_i": 1, "cons_a": 2},
                        "Leverandøren har haft to nedbrud i år")
    got = wb.assessments.line(actor, line.id)
    assert (got.likelihood, got.cons_c, got.cons_i, got.cons_a) == (3, 3, 1, 2)
    assert got.score_rationale == "Leverandøren har haft to nedbrud i år"
    decisions = wb.workshops.decisions(actor, room["aid"])
    assert list(decisions["votes"]) == [2] and list(decisions["rationale"]) == ["Leverandøren har haft to nedbrud i år"]
    nxt = live.lines[1]
    wb.workshops.goto(actor, room["wid"], nxt.id)
    view = wb.workshops.participant_view(room["code"], room["anne"][1])
    assert view.line.id == nxt.id and view.phase == "stemmer" and view.my_vote is None and view.position[0] == 2


def test_record_and_next_is_one_change_the_screens_see_once(wb, actor, room):
    """'Registrér og gå videre' (issue 15): the decision and the move to the next threat are one transaction,
    so the room's change marker moves once and every screen redraws once; both are on the audit trail."""
    _vote(wb, room, "anne", likelihood=2, cons_c=3)
    _vote(wb, room, "bo", likelihood=2, cons_c=3)
    wb.workshops.reveal(actor, room["wid"])
    live = wb.workshops.live(actor, room["wid"])
    before = wb.workshops.room_pulse(actor, room["wid"])
    pulse = wb.workshops.pulse(room["code"], room["anne"][1])
    nxt = live.lines[1]
    wb.workshops.decide(actor, room["wid"], live.line.version, {"likelihood": 2, "cons_c": 3}, "", next_line_id=nxt.id)
    assert wb.workshops.room_pulse(actor, room["wid"])[0] == before[0] + 1  # one version step, not two
    assert wb.workshops.pulse(room["code"], room["anne"][1])[0] == pulse[0] + 1
    assert (wb.assessments.line(actor, live.line.id).likelihood, wb.assessments.line(actor, live.line.id).cons_c) == (2, 3)
    view = wb.workshops.participant_view(room["code"], room["anne"][1])
    assert view.line.id == nxt.id and view.phase == "stemmer" and view.my_vote is None
    actions = [r["action"] for r in audit_rows(wb) if r["entity"] in ("workshops", "risk_lines")][-2:]
    assert actions == ["workshop_decision", "goto"]


def test_record_and_next_to_a_threat_off_the_agenda_records_nothing(wb, actor, make_system):
    aid = wb.assessments.start(actor, make_system())
    lines = wb.assessments.lines(actor, aid)
    wid = wb.workshops.open(actor, aid, agenda=[lines[0].id, lines[1].id])
    line = wb.workshops.live(actor, wid).line
    before = data_digest(wb)
    with pytest.raises(ValidationError):
        wb.workshops.decide(actor, wid, line.version, {"likelihood": 2, "cons_c": 2}, "enig", next_line_id=lines[2].id)
    assert data_digest(wb) == before  # neither the decision nor the move


def test_revealing_twice_is_no_refusal(wb, actor, room):
    """A second 'Vis stemmerne' (a double click, or the click sent again after a reconnect) carries the version the
    screen showed before the first one moved it: the votes are shown, so it is quietly nothing, not 'moved on from
    another screen' (seen by a facilitator in the browser)."""
    _vote(wb, room, "anne", likelihood=2)
    shown = wb.workshops.room_pulse(actor, room["wid"])[0]
    wb.workshops.reveal(actor, room["wid"], expected_version=shown)
    wb.workshops.reveal(actor, room["wid"], expected_version=shown)
    assert wb.workshops.live(actor, room["wid"]).workshop["phase"] == "vist"
    # A screen that is behind on something else (another threat) is still refused.
    live = wb.workshops.live(actor, room["wid"])
    wb.workshops.goto(actor, room["wid"], live.lines[1].id)
    with pytest.raises(ValidationError, match="ført videre fra en anden skærm"):
        wb.workshops.reveal(actor, room["wid"], expected_version=shown)


def test_decide_needs_a_rationale_and_valid_scores(wb, actor, room):
    line = wb.workshops.live(actor, room["wid"]).line
    before = data_digest(wb)
    with pytest.raises(ValidationError, match="Begrundelse skal udfyldes"):
        wb.workshops.decide(actor, room["wid"], line.version, {"likelihood": 2, "cons_c": 2}, "")
    with pytest.raises(ValidationError, match="Sandsynlighed"):
        wb.workshops.decide(actor, room["wid"], line.version, {"likelihood": 9, "cons_c": 2}, "x")
    with pytest.raises(ValidationError, match="Mindst én konsekvens"):
        wb.workshops.decide(actor, room["wid"], line.version, {"likelihood": 2}, "x")
    assert data_digest(wb) == before


def test_a_vote_for_an_earlier_threat_is_refused(wb, actor, room):
    live = wb.workshops.live(actor, room["wid"])
    wb.workshops.goto(actor, room["wid"], live.lines[1].id)
    before = data_digest(wb)
    with pytest.raises(ValidationError, match="gået videre"):
        wb.workshops.vote(room["code"], room["anne"][1], live.line.id, live.workshop["round"], {"likelihood": 2})
    assert data_digest(wb) == before
    wb.workshops.reveal(actor, room["wid"])
    now = wb.workshops.live(actor, room["wid"])
    before = data_digest(wb)
    with pytest.raises(ValidationError, match="gået videre"):  # revealed: voting is over for this round
        wb.workshops.vote(room["code"], room["anne"][1], now.line.id, now.workshop["round"], {"likelihood": 2})
    assert data_digest(wb) == before


@pytest.mark.parametrize(
    ("values", "message"),
    [({"likelihood": 0}, "Sandsynlighed"), ({"cons_c": 5}, "fortrolighed"), ({"likelihood": True}, "ikke et tal"),
     ({}, "mindst én værdi"), ({"likelihood": None, "cons_c": None}, "mindst én værdi"), ({"owner": 1}, "Ukendt felt")],
)
def test_bad_votes_are_refused_and_nothing_is_written(wb, actor, room, values, message):
    live = wb.workshops.live(actor, room["wid"])
    before = data_digest(wb)
    with pytest.raises(ValidationError, match=message):
        wb.workshops.vote(room["code"], room["anne"][1], live.line.id, live.workshop["round"], values)
    assert data_digest(wb) == before


def test_a_wrong_code_or_a_closed_workshop_admits_nobody(wb, actor, room):
    with pytest.raises(ValidationError, match="passer ikke til en åben workshop"):
        wb.workshops.join("ZZZZZZ", "Eve", "andet")
    wb.workshops.close(actor, room["wid"])
    with pytest.raises(ValidationError, match="passer ikke til en åben workshop"):
        wb.workshops.join(room["code"], "Eve", "andet")
    # A participant of the closed workshop sees its closing screen, with no threat to vote on.
    view = wb.workshops.participant_view(room["code"], room["anne"][1])
    assert view.status == "lukket" and view.line is None
    with pytest.raises(ValidationError, match="lukket"):
        wb.workshops.vote(room["code"], room["anne"][1], 1, 1, {"likelihood": 2})


def test_a_token_admits_only_to_its_own_workshop(wb, actor, room, make_system):
    other = wb.workshops.open(actor, wb.assessments.start(actor, make_system()))
    other_code = wb.workshops.live(actor, other).workshop["code"]
    with pytest.raises(ValidationError, match="findes ikke"):
        wb.workshops.participant_view(other_code, room["anne"][1])


def test_with_sign_in_an_unknown_person_waits_for_admission(wb, actor, make_system):
    aid = wb.assessments.start(actor, make_system())
    wid = wb.workshops.open(actor, aid, require_admission=True)
    code = wb.workshops.live(actor, wid).workshop["code"]
    pid, token = wb.workshops.join(code, "Gæst Jensen", "fagperson")
    signed_in, _ = wb.workshops.join(code, "Lene Leder", "leder", user=LENE)
    view = wb.workshops.participant_view(code, token)
    assert view.line is None and not view.participant["admitted"]
    live = wb.workshops.live(actor, wid)
    with pytest.raises(ValidationError, match="venter"):
        wb.workshops.vote(code, token, live.line.id, live.workshop["round"], {"likelihood": 2})
    assert [m["name"] for m in live.waiting] == ["Gæst Jensen"] and signed_in in {m["id"] for m in live.admitted}
    wb.workshops.admit(actor, wid, pid)
    assert wb.workshops.participant_view(code, token).line.id == live.line.id
    wb.workshops.dismiss(actor, wid, pid)
    with pytest.raises(ValidationError, match="taget dig ud"):
        wb.workshops.participant_view(code, token)


def test_only_someone_who_may_write_the_assessment_facilitates(wb, actor, room):
    before = data_digest(wb)
    for call in (lambda: wb.workshops.reveal(OTTO, room["wid"]), lambda: wb.workshops.live(OTTO, room["wid"]),
                 lambda: wb.workshops.open(OTTO, room["aid"])):
        with pytest.raises(PermissionDenied):
            call()
    assert data_digest(wb) == before
    assert wb.workshops.open_workshops(OTTO) == []
    assert [w["id"] for w in wb.workshops.open_workshops(LENE)] == [room["wid"]]


def test_participants_on_record_include_joined_and_added_people(wb, actor, room):
    wb.workshops.add_participant(actor, room["aid"], "Carl Chef", "leder", date(2026, 11, 2))
    people = wb.workshops.participants(actor, room["aid"])
    assert list(people["name"]) == ["Carl Chef", "Lokal bruger", "Anne Andersen", "Bo Berg"]
    assert list(people["role_title"]) == ["leder", "facilitator", "systemejer", "fagperson"]
    pid = int(people.iloc[0]["id"])
    with pytest.raises(ValidationError, match="Rolle"):
        wb.workshops.add_participant(actor, room["aid"], "X", "hacker")
    wb.workshops.remove_participant(actor, pid, int(people.iloc[0]["version"]))
    assert "Carl Chef" not in set(wb.workshops.participants(actor, room["aid"])["name"])
    assert audit_rows(wb, action="remove_participant")


def test_concurrent_votes_are_all_recorded(wb, actor, room):
    """Twelve participants vote at once, each twice: every vote is stored, each counts once."""
    people = [wb.workshops.join(room["code"], f"Deltager {i:02d}", "fagperson") for i in range(12)]
    live = wb.workshops.live(actor, room["wid"])
    errors: list[Exception] = []
    start = threading.Barrier(len(people))

    def cast(i, token):
        start.wait()
        try:
            for value in (1 + i % 4, 1 + (i + 1) % 4):
                wb.workshops.vote(room["code"], token, live.line.id, live.workshop["round"], {"likelihood": value})
        except Exception as err:  # noqa: BLE001 - collected and asserted below
            errors.append(err)

    threads = [threading.Thread(target=cast, args=(i, tok)) for i, (_, tok) in enumerate(people)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    now = wb.workshops.live(actor, room["wid"])
    assert len(wb.workshops.votes(actor, room["aid"])) == 24
    assert sorted(v["likelihood"] for v in now.votes) == sorted(1 + (i + 1) % 4 for i in range(12))
    assert len(audit_rows(wb, action="vote")) == 24


def test_the_assessment_history_names_participants_and_workshops(wb, actor, room):
    wb.workshops.add_participant(actor, room["aid"], "Carl Chef", "leder")
    wb.workshops.close(actor, room["wid"])
    hist = wb.history.for_assessment(actor, room["aid"])
    actions = list(hist["action"])
    assert {"open", "close", "join", "add_participant"} <= set(actions)
    assert "vote" not in actions  # votes have their own record
    joined = hist[hist["action"] == "join"]
    assert set(joined["what"]) == {"Anne Andersen", "Bo Berg"}
