"""The workshop room on a real DuckDB file: seats (one per account, one per guest browser,
leaving, removal, late joiners), the guest cap, throttled and audited joins, the agenda,
the rationale rule and anonymous voting."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from helpers import audit_rows, data_digest

from riskmodel.domain.errors import ValidationError
from riskmodel.domain.model import Actor
from riskmodel.domain.workshop import (
    GUEST_JOINS_PER_WORKSHOP,
    JOINS_PER_CLIENT,
    JOINS_PER_PERSON,
    THROTTLE_MINUTES,
    WRONG_CODES_PER_CLIENT,
    WRONG_CODES_PER_PERSON,
)

DENNIS = Actor(username="dennis", display_name="Dennis Deltager", role="deltager")


@pytest.fixture
def room(wb, actor, make_system):
    aid = wb.assessments.start(actor, make_system())
    wid = wb.workshops.open(actor, aid, require_admission=True)
    return {"aid": aid, "wid": wid, "code": wb.workshops.live(actor, wid).workshop["code"]}


def _count(wb, actor, wid) -> tuple[int, int]:
    """'x af N' as the facilitator's screen shows it: voted, and admitted people in the room."""
    live = wb.workshops.live(actor, wid)
    return sum(m["voted"] for m in live.admitted), len(live.admitted)


def _vote(wb, actor, room, token, **values):
    live = wb.workshops.live(actor, room["wid"])
    return wb.workshops.vote(room["code"], token, live.line.id, live.workshop["round"], values)


# -- seats -------------------------------------------------------------------------------------
def test_one_account_has_one_seat_and_one_vote_however_often_it_joins(wb, actor, room):
    tokens = [wb.workshops.join(room["code"], "Dennis", "fagperson", user=DENNIS, client=f"10.0.0.{i}")
              for i in range(5)]  # five devices
    assert len({pid for pid, _ in tokens}) == 1
    assert len(wb.workshops.live(actor, room["wid"]).members) == 1
    # Only the newest device's token holds the seat; the vote counts once.
    with pytest.raises(ValidationError, match="findes ikke"):
        _vote(wb, actor, room, tokens[0][1], likelihood=4)
    _vote(wb, actor, room, tokens[-1][1], likelihood=1)
    _vote(wb, actor, room, tokens[-1][1], likelihood=1)
    live = wb.workshops.live(actor, room["wid"])
    assert [v["likelihood"] for v in live.votes] == [1] and live.spreads["likelihood"].median == 1
    assert _count(wb, actor, room["wid"]) == (1, 1)


def test_a_guest_has_one_seat_per_browser(wb, actor, room):
    first = wb.workshops.join(room["code"], "Gæst", "andet", browser="browser-A", client="10.0.0.9")
    again = wb.workshops.join(room["code"], "Gæst igen", "andet", browser="browser-A", client="10.0.0.9")
    other = wb.workshops.join(room["code"], "Anden gæst", "andet", browser="browser-B", client="10.0.0.9")
    assert first[0] == again[0] != other[0]
    assert [m["name"] for m in wb.workshops.live(actor, room["wid"]).waiting] == ["Gæst", "Anden gæst"]


def test_a_removed_guest_cannot_join_again_from_the_same_browser(wb, actor, room):
    pid, token = wb.workshops.join(room["code"], "Gæst", "andet", browser="browser-A", client="10.0.0.9")
    wb.workshops.dismiss(actor, room["wid"], pid)
    before = data_digest(wb)
    with pytest.raises(ValidationError, match="taget dig ud"):
        wb.workshops.join(room["code"], "Gæst", "andet", browser="browser-A", client="10.0.0.9")
    assert {k: v for k, v in data_digest(wb).items() if k != "join_attempts"} == \
        {k: v for k, v in before.items() if k != "join_attempts"}
    assert wb.workshops.live(actor, room["wid"]).waiting == []


def test_a_removed_account_cannot_take_its_seat_back(wb, actor, room):
    pid, _ = wb.workshops.join(room["code"], "Dennis", "fagperson", user=DENNIS)
    wb.workshops.dismiss(actor, room["wid"], pid)
    with pytest.raises(ValidationError, match="taget dig ud"):
        wb.workshops.join(room["code"], "Dennis", "fagperson", user=DENNIS)


def test_leaving_removes_the_seat_from_the_count_and_rejoining_returns_to_it(wb, actor, room):
    a = wb.workshops.join(room["code"], "Anne", "systemejer", user=Actor("anne", "Anne", "leder"))
    d = wb.workshops.join(room["code"], "Dennis", "fagperson", user=DENNIS)
    _vote(wb, actor, room, a[1], likelihood=2)
    assert _count(wb, actor, room["wid"]) == (1, 2)
    wb.workshops.leave(room["code"], a[1])
    assert _count(wb, actor, room["wid"]) == (0, 1)  # Anne's vote left with her
    with pytest.raises(ValidationError, match="findes ikke"):
        wb.workshops.participant_view(room["code"], a[1])
    back = wb.workshops.join(room["code"], "Anne", "systemejer", user=Actor("anne", "Anne", "leder"))
    assert back[0] == a[0] and _count(wb, actor, room["wid"])[1] == 2
    assert [r["action"] for r in audit_rows(wb, entity="participants", entity_id=str(a[0]))][-2:] == ["leave", "rejoin"]
    assert d[0] != a[0]


def test_a_removed_participant_is_not_counted(wb, actor, room):
    a = wb.workshops.join(room["code"], "Anne", "systemejer", user=Actor("anne", "Anne", "leder"))
    d = wb.workshops.join(room["code"], "Dennis", "fagperson", user=DENNIS)
    _vote(wb, actor, room, d[1], likelihood=4)
    wb.workshops.dismiss(actor, room["wid"], d[0])
    assert _count(wb, actor, room["wid"]) == (0, 1)
    assert wb.workshops.live(actor, room["wid"]).votes == []
    assert wb.workshops.participant_view(room["code"], a[1]).present == 1


def test_a_late_joiner_counts_and_votes_from_the_threat_they_joined(wb, actor, room):
    a = wb.workshops.join(room["code"], "Anne", "systemejer", user=Actor("anne", "Anne", "leder"))
    live = wb.workshops.live(actor, room["wid"])
    wb.workshops.goto(actor, room["wid"], live.lines[1].id)
    late = wb.workshops.join(room["code"], "Dennis", "fagperson", user=DENNIS)
    assert _count(wb, actor, room["wid"]) == (0, 2)
    _vote(wb, actor, room, late[1], likelihood=3)
    assert _count(wb, actor, room["wid"]) == (1, 2)
    wb.workshops.goto(actor, room["wid"], live.lines[2].id)
    _vote(wb, actor, room, late[1], likelihood=2)
    view = wb.workshops.participant_view(room["code"], late[1])
    assert (view.voted, view.present) == (1, 2) and view.my_vote["likelihood"] == 2
    assert a[0] != late[0]


def test_guests_are_capped_per_workshop(wb, actor, make_system):
    aid = wb.assessments.start(actor, make_system())
    wid = wb.workshops.open(actor, aid, require_admission=True, guest_cap=3)
    code = wb.workshops.live(actor, wid).workshop["code"]
    for i in range(3):
        wb.workshops.join(code, f"Gæst {i}", "andet", browser=f"b{i}", client=f"10.0.1.{i}")
    with pytest.raises(ValidationError, match="højst 3 gæster"):
        wb.workshops.join(code, "Gæst 4", "andet", browser="b4", client="10.0.1.4")
    assert len(wb.workshops.live(actor, wid).waiting) == 3
    # An account is not a guest: it still gets its seat.
    wb.workshops.join(code, "Dennis", "fagperson", user=DENNIS)
    assert len(wb.workshops.live(actor, wid).members) == 4


# -- throttling and audit of joins ---------------------------------------------------------------
def test_wrong_codes_are_audited_and_throttled_per_client(wb, actor, room):
    for _ in range(WRONG_CODES_PER_CLIENT):
        with pytest.raises(ValidationError, match="passer ikke"):
            wb.workshops.join("ZZZZZZ", "Eve", "andet", client="203.0.113.7")
    assert len(audit_rows(wb, action="join_wrong_code")) == WRONG_CODES_PER_CLIENT
    # Now even the right code is refused from that client, and the refusals are audited once.
    for _ in range(20):
        with pytest.raises(ValidationError, match="For mange forsøg"):
            wb.workshops.join(room["code"], "Eve", "andet", client="203.0.113.7")
    assert len(audit_rows(wb, action="join_throttled")) == 1
    assert wb.workshops.live(actor, room["wid"]).waiting == []
    # Another client is not affected; the throttled one may try again when the window has passed.
    wb.workshops.join(room["code"], "Bo", "andet", client="10.0.0.2")
    later = wb.workshops.clock() + timedelta(minutes=THROTTLE_MINUTES + 1)
    wb.workshops.clock = lambda: later
    wb.workshops.join(room["code"], "Eve", "andet", client="203.0.113.7")
    assert sorted(m["name"] for m in wb.workshops.live(actor, room["wid"]).waiting) == ["Bo", "Eve"]


@pytest.mark.slow
def test_a_flood_of_guest_joins_into_one_workshop_is_throttled_from_any_address(wb, actor, make_system):
    """Per workshop: the guest joins it takes within the window, whichever addresses they come from.
    An account still gets its seat (it has a limit of its own)."""
    aid = wb.assessments.start(actor, make_system())
    wid = wb.workshops.open(actor, aid, require_admission=True, guest_cap=500)
    code = wb.workshops.live(actor, wid).workshop["code"]
    refused = 0
    for i in range(GUEST_JOINS_PER_WORKSHOP + 10):
        try:
            wb.workshops.join(code, f"Bot {i}", "andet", browser=f"bot{i}", client=f"198.51.100.{i}")
        except ValidationError as err:
            assert "For mange har forsøgt at deltage i denne workshop" in str(err)
            refused += 1
    assert refused == 10
    assert len(wb.workshops.live(actor, wid).waiting) == GUEST_JOINS_PER_WORKSHOP
    assert [json.loads(r["after_json"])["by"] for r in audit_rows(wb, action="join_throttled")] == ["workshop"]
    wb.workshops.join(code, "Dennis", "fagperson", user=DENNIS, client="198.51.100.1")


@pytest.mark.slow
def test_a_flood_from_one_address_over_many_workshops_is_throttled_per_address(wb, actor, make_system):
    """A script that drops its browser key meets the address's limit."""
    codes = []
    for _ in range(-(-(JOINS_PER_CLIENT + 5) // GUEST_JOINS_PER_WORKSHOP)):
        wid = wb.workshops.open(actor, wb.assessments.start(actor, make_system()), require_admission=True,
                                guest_cap=500)
        codes.append(wb.workshops.live(actor, wid).workshop["code"])
    refused = 0
    for i in range(JOINS_PER_CLIENT + 5):
        try:
            wb.workshops.join(codes[i % len(codes)], f"Bot {i}", "andet", browser=f"bot{i}", client="203.0.113.7")
        except ValidationError as err:
            assert "For mange forsøg på at deltage fra denne forbindelse" in str(err)
            refused += 1
    assert refused == 5


def test_a_meeting_room_behind_one_address_is_not_throttled_by_one_guests_typos(wb, actor, room):
    """The probe's case behind a NAT: the whole room shares one address. One guest's wrong codes throttle
    that guest's browser, not the room; the room's typos together stay under the address's limit."""
    nat = "192.0.2.10"
    for _ in range(WRONG_CODES_PER_PERSON):
        with pytest.raises(ValidationError, match="passer ikke"):
            wb.workshops.join("ZZZZZZ", "Eve", "andet", browser="eve", client=nat)
    with pytest.raises(ValidationError, match="For mange forsøg på at deltage fra denne browser"):
        wb.workshops.join(room["code"], "Eve", "andet", browser="eve", client=nat)
    for i in range(15):  # everybody else, one typo each first
        with pytest.raises(ValidationError, match="passer ikke"):
            wb.workshops.join("ZZZZZY", f"Gæst {i}", "andet", browser=f"g{i}", client=nat)
        wb.workshops.join(room["code"], f"Gæst {i}", "andet", browser=f"g{i}", client=nat)
    assert len(wb.workshops.live(actor, room["wid"]).waiting) == 15


def test_a_signed_in_person_is_throttled_on_every_address(wb, actor, room):
    for i in range(WRONG_CODES_PER_PERSON):
        with pytest.raises(ValidationError, match="passer ikke"):
            wb.workshops.join("ZZZZZZ", "Dennis", "fagperson", user=DENNIS, client=f"10.9.0.{i}")
    with pytest.raises(ValidationError, match="For mange forsøg på at deltage fra din konto"):
        wb.workshops.join(room["code"], "Dennis", "fagperson", user=DENNIS, client="10.9.9.9")
    # Others on those addresses are not affected.
    wb.workshops.join(room["code"], "Bo", "andet", browser="bo", client="10.9.0.1")
    # Joining again and again (each join a new token) has a limit too.
    later = wb.workshops.clock() + timedelta(minutes=THROTTLE_MINUTES + 1)
    wb.workshops.clock = lambda: later
    for i in range(JOINS_PER_PERSON):
        wb.workshops.join(room["code"], "Dennis", "fagperson", user=DENNIS, client=f"10.8.0.{i}")
    with pytest.raises(ValidationError, match="din konto"):
        wb.workshops.join(room["code"], "Dennis", "fagperson", user=DENNIS, client="10.8.1.1")


# -- agenda ---------------------------------------------------------------------------------------
def test_the_default_agenda_is_the_unscored_threats_in_catalogue_order(wb, actor, make_system):
    aid = wb.assessments.start(actor, make_system())
    lines = wb.assessments.lines(actor, aid)
    first = lines[0]
    wb.assessments.update_line(actor, first.id, first.version, {"likelihood": 2, "cons_c": 2})
    wid = wb.workshops.open(actor, aid)
    live = wb.workshops.live(actor, wid)
    assert [ln.id for ln in live.lines] == [ln.id for ln in lines[1:]]
    assert live.line.id == lines[1].id and live.index == 0


def test_the_facilitator_picks_orders_and_reorders_the_agenda(wb, actor, make_system):
    aid = wb.assessments.start(actor, make_system())
    ids = [ln.id for ln in wb.assessments.lines(actor, aid)]
    wid = wb.workshops.open(actor, aid, agenda=[ids[3], ids[1], ids[2]])
    live = wb.workshops.live(actor, wid)
    assert [ln.id for ln in live.lines] == [ids[3], ids[1], ids[2]] and live.line.id == ids[3]
    assert len(live.all_lines) == len(ids)
    # During the meeting: skip ids[1], put ids[0] second; the threat on screen stays.
    wb.workshops.set_agenda(actor, wid, [ids[3], ids[0], ids[2]], expected_version=live.workshop["version"])
    live = wb.workshops.live(actor, wid)
    assert [ln.id for ln in live.lines] == [ids[3], ids[0], ids[2]] and live.line.id == ids[3]
    with pytest.raises(ValidationError, match="står ikke på dagsordenen"):
        wb.workshops.goto(actor, wid, ids[1])
    before = data_digest(wb)
    with pytest.raises(ValidationError, match="punkt 2: truslen står der allerede"):
        wb.workshops.set_agenda(actor, wid, [ids[3], ids[3]])
    with pytest.raises(ValidationError, match="mindst én trussel"):
        wb.workshops.set_agenda(actor, wid, [])
    assert data_digest(wb) == before
    # Taking the current threat off moves the room to the first one of the new agenda.
    wb.workshops.set_agenda(actor, wid, [ids[2]])
    assert wb.workshops.live(actor, wid).line.id == ids[2]


# -- the rationale rule ---------------------------------------------------------------------------
def _two_votes_revealed(wb, actor, room, anne: int, dennis: int):
    """Anne and Dennis vote (likelihood ``anne`` and ``dennis``; F 3, I 2, T 1); the votes are shown."""
    a = wb.workshops.join(room["code"], "Anne", "systemejer", user=Actor("anne", "Anne", "leder"))
    d = wb.workshops.join(room["code"], "Dennis", "fagperson", user=DENNIS)
    _vote(wb, actor, room, a[1], likelihood=anne, cons_c=3, cons_i=2, cons_a=1)
    _vote(wb, actor, room, d[1], likelihood=dennis, cons_c=3, cons_i=2, cons_a=1)
    wb.workshops.reveal(actor, room["wid"])
    return wb.workshops.live(actor, room["wid"]).line


def test_no_rationale_is_needed_when_the_room_agrees_and_the_median_is_recorded(wb, actor, room):
    line = _two_votes_revealed(wb, actor, room, 2, 2)
    median = {"likelihood": 2, "cons_c": 3, "cons_i": 2, "cons_a": 1}
    before = data_digest(wb)
    with pytest.raises(ValidationError, match="afviger fra medianen"):
        wb.workshops.decide(actor, room["wid"], line.version, {**median, "likelihood": 3}, "")
    assert data_digest(wb) == before
    wb.workshops.decide(actor, room["wid"], line.version, median, "")
    got = wb.assessments.line(actor, line.id)
    assert (got.likelihood, got.cons_c) == (2, 3)


def test_a_rationale_is_needed_when_the_room_disagrees(wb, actor, room):
    line = _two_votes_revealed(wb, actor, room, 1, 4)
    with pytest.raises(ValidationError, match="uenige"):
        wb.workshops.decide(actor, room["wid"], line.version,
                            {"likelihood": 3, "cons_c": 3, "cons_i": 2, "cons_a": 1}, " ")
    wb.workshops.decide(actor, room["wid"], line.version,
                        {"likelihood": 3, "cons_c": 3, "cons_i": 2, "cons_a": 1}, "Drøftet: to nedbrud i år")
    assert wb.assessments.line(actor, line.id).score_rationale == "Drøftet: to nedbrud i år"


# -- anonymous voting ------------------------------------------------------------------------------
def test_an_anonymous_workshop_shows_no_names_to_participants_or_the_projector(wb, actor, make_system):
    aid = wb.assessments.start(actor, make_system())
    wid = wb.workshops.open(actor, aid, anonymous=True)
    code = wb.workshops.live(actor, wid).workshop["code"]
    room = {"wid": wid, "code": code}
    a = wb.workshops.join(code, "Anne Direktør", "leder", user=Actor("anne", "Anne Direktør", "leder"))
    d = wb.workshops.join(code, "Dennis", "fagperson", user=DENNIS)
    _vote(wb, actor, room, a[1], likelihood=4)
    _vote(wb, actor, room, d[1], likelihood=1)
    wb.workshops.reveal(actor, wid)
    view = wb.workshops.participant_view(code, d[1])
    assert view.anonymous and sorted(v["likelihood"] for v in view.revealed) == [1, 4]
    assert "Anne Direktør" not in repr(view.revealed) and all("name" not in v for v in view.revealed)
    shown = wb.workshops.projector(actor, wid)
    assert "Anne Direktør" not in repr(shown.votes) + repr(shown.members)
    assert sorted(v["likelihood"] for v in shown.votes) == [1, 4]
    # The facilitator and the record keep the names (the audit trail stays complete).
    assert "Anne Direktør" in {v["name"] for v in wb.workshops.live(actor, wid).votes}
    assert "Anne Direktør" in set(wb.workshops.votes(actor, aid)["name"])


def test_the_closing_screen_shows_what_the_room_agreed(wb, actor, room):
    a = wb.workshops.join(room["code"], "Anne", "systemejer", user=Actor("anne", "Anne", "leder"))
    _vote(wb, actor, room, a[1], likelihood=2, cons_c=3, cons_i=2, cons_a=1)
    wb.workshops.reveal(actor, room["wid"])
    line = wb.workshops.live(actor, room["wid"]).line
    wb.workshops.decide(actor, room["wid"], line.version, {"likelihood": 2, "cons_c": 3, "cons_i": 2, "cons_a": 1}, "")
    wb.workshops.close(actor, room["wid"])
    view = wb.workshops.participant_view(room["code"], a[1])
    assert view.status == "lukket" and view.line is None
    assert [(x["threat_code"], x["likelihood"], x["cons_c"]) for x in view.agreed] == [(line.threat_code, 2, 3)]


def test_a_half_typed_rationale_is_kept_until_the_room_moves_on(wb, actor, room):
    wb.workshops.save_draft(actor, room["wid"], "Leverandøren har haft")
    live = wb.workshops.live(actor, room["wid"])
    assert live.workshop["draft_rationale"] == "Leverandøren har haft"
    wb.workshops.goto(actor, room["wid"], live.lines[1].id)
    assert wb.workshops.live(actor, room["wid"]).workshop["draft_rationale"] == ""


def test_the_room_pulse_moves_with_votes_and_moves(wb, actor, room):
    a = wb.workshops.join(room["code"], "Anne", "systemejer", user=Actor("anne", "Anne", "leder"))
    first = wb.workshops.room_pulse(actor, room["wid"])
    _vote(wb, actor, room, a[1], likelihood=2)
    second = wb.workshops.room_pulse(actor, room["wid"])
    assert second[1] == first[1] + 1
    wb.workshops.reveal(actor, room["wid"])
    assert wb.workshops.room_pulse(actor, room["wid"])[0] > second[0]


def test_the_facilitator_moves_a_threat_up_or_down_the_agenda_during_the_meeting(wb, actor, make_system):
    aid = wb.assessments.start(actor, make_system())
    ids = [ln.id for ln in wb.assessments.lines(actor, aid)][:4]
    wid = wb.workshops.open(actor, aid, agenda=ids)
    wb.workshops.goto(actor, wid, ids[1])
    v = wb.workshops.live(actor, wid).workshop["version"]
    wb.workshops.move_on_agenda(actor, wid, ids[3], 2, expected_version=v)  # "tag som næste" after the one on screen
    wb.workshops.move_on_agenda(actor, wid, ids[0], 2)  # one place down
    live = wb.workshops.live(actor, wid)
    assert [ln.id for ln in live.lines] == [ids[3], ids[0], ids[1], ids[2]]
    assert live.line.id == ids[1] and live.index == 2  # the room stays on the threat on screen
    moves = [r for r in audit_rows(wb, entity="workshops", entity_id=str(wid)) if r["action"] == "agenda_move"]
    assert len(moves) == 2
    assert json.loads(moves[0]["after_json"])["agenda"] == [ids[0], ids[3], ids[1], ids[2]]
    assert json.loads(moves[0]["before_json"])["agenda"] == ids
    # Past the ends: clamped; a stale screen, a threat not on the agenda, a bad place: refused, nothing changes.
    wb.workshops.move_on_agenda(actor, wid, ids[3], 0)
    assert [ln.id for ln in wb.workshops.live(actor, wid).lines][0] == ids[3]
    before = data_digest(wb)
    with pytest.raises(ValidationError, match="anden skærm"):
        wb.workshops.move_on_agenda(actor, wid, ids[2], 1, expected_version=v)
    other = [ln.id for ln in wb.assessments.lines(actor, aid)][5]
    with pytest.raises(ValidationError, match="står ikke på dagsordenen"):
        wb.workshops.move_on_agenda(actor, wid, other, 1)
    with pytest.raises(ValidationError, match="helt tal"):
        wb.workshops.move_on_agenda(actor, wid, ids[2], "1")
    assert data_digest(wb) == before


def test_a_late_joiner_is_shown_where_they_came_and_is_out_of_the_counts_before(wb, actor, make_system):
    aid = wb.assessments.start(actor, make_system())
    wid = wb.workshops.open(actor, aid)
    code = wb.workshops.live(actor, wid).workshop["code"]
    anne = wb.workshops.join(code, "Anne", "systemejer", user=Actor("anne", "Anne", "leder"))
    bo = wb.workshops.join(code, "Bo", "fagperson")
    room = {"wid": wid, "code": code}
    for token in (anne[1], bo[1]):
        _vote(wb, actor, room, token, likelihood=2, cons_c=2, cons_i=2, cons_a=2)
    wb.workshops.reveal(actor, wid)
    live = wb.workshops.live(actor, wid)
    wb.workshops.decide(actor, wid, live.line.version, {"likelihood": 2, "cons_c": 2, "cons_i": 2, "cons_a": 2}, "")
    ids = [ln.id for ln in live.lines]
    wb.workshops.goto(actor, wid, ids[1])
    wb.workshops.goto(actor, wid, ids[2])  # threat 2 skipped
    carl = wb.workshops.join(code, "Carl", "fagperson", user=DENNIS)
    live = wb.workshops.live(actor, wid)
    joined = {m["name"]: m["joined_at"] for m in live.members}
    assert joined == {"Anne": None, "Bo": None, "Carl": 3}
    assert live.turnout == {ids[0]: (2, 2)}  # not "2 af 3": Carl came at threat 3
    assert _count(wb, actor, wid) == (0, 3)  # from threat 3 on, Carl counts
    for token in (anne[1], carl[1]):
        _vote(wb, actor, room, token, likelihood=3, cons_c=3, cons_i=3, cons_a=3)
    wb.workshops.reveal(actor, wid)
    wb.workshops.decide(actor, wid, live.line.version, {"likelihood": 3, "cons_c": 3, "cons_i": 3, "cons_a": 3}, "")
    assert wb.workshops.live(actor, wid).turnout == {ids[0]: (2, 2), ids[2]: (2, 3)}
    # Back to threat 1 after Carl came: a new round, in which he is in the room and counts.
    wb.workshops.goto(actor, wid, ids[0])
    assert _count(wb, actor, wid) == (0, 3)
    # Leaving and coming back later: counted from the return.
    wb.workshops.leave(code, carl[1])
    wb.workshops.goto(actor, wid, ids[3])
    wb.workshops.join(code, "Carl", "fagperson", user=DENNIS)
    live = wb.workshops.live(actor, wid)
    assert {m["name"]: m["joined_at"] for m in live.members}["Carl"] == 4
    assert live.turnout == {ids[0]: (2, 2), ids[2]: (1, 2)}
    assert bo[0] != carl[0]
