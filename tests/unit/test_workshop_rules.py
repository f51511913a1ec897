"""Pure rules of workshops (codes, spread) and sign-off (acceptance threshold, open items, snapshot)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from riskmodel.domain.model import RiskLine
from riskmodel.domain.scales import get_preset
from riskmodel.domain.signoff import changed_since, needs_decision, open_items, snapshot, threshold
from riskmodel.domain.workshop import CODE_ALPHABET, format_code, latest_votes, new_code, normalise_code, spread, token_hash


def test_codes_use_only_unambiguous_characters():
    codes = {new_code() for _ in range(500)}
    assert len(codes) == 500
    assert all(len(c) == 6 and set(c) <= set(CODE_ALPHABET) for c in codes)
    assert not set("0O1IL5S2Z8B") & set(CODE_ALPHABET)


@pytest.mark.parametrize("typed", ["abc-def", " ABC DEF ", "abcdef", "AbC-dEf"])
def test_typed_codes_are_normalised(typed):
    assert normalise_code(typed) == "ABCDEF"
    assert format_code("ABCDEF") == "ABC-DEF"


def test_token_hash_is_stable_and_not_the_token():
    assert token_hash("x") == token_hash("x") != "x" and len(token_hash("x")) == 64


@pytest.mark.parametrize(
    ("values", "low", "high", "disagree", "median"),
    [
        ([2, 2, 2], 2, 2, False, 2),
        ([1, 2], 1, 2, False, 2),  # a tie is rounded up: the cautious side
        ([1, 3], 1, 3, True, 2),
        ([1, 4, 4, 4], 1, 4, True, 4),
        ([None, 3], 3, 3, False, 3),
        ([], None, None, False, None),
    ],
)
def test_spread_marks_two_steps_or_more_as_disagreement(values, low, high, disagree, median):
    s = spread([{"likelihood": v} for v in values], "likelihood")
    assert (s.low, s.high, s.disagree, s.median) == (low, high, disagree, median)
    assert s.unknown == sum(v is None for v in values)


def test_latest_vote_of_each_participant_counts():
    t0 = datetime(2026, 11, 28, 10)
    votes = [
        {"id": 1, "participant_id": 1, "cast_at": t0, "likelihood": 1},
        {"id": 2, "participant_id": 2, "cast_at": t0, "likelihood": 2},
        {"id": 3, "participant_id": 1, "cast_at": t0 + timedelta(seconds=5), "likelihood": 4},
    ]
    assert sorted(v["likelihood"] for v in latest_votes(votes)) == [2, 4]


def _line(i=1, **kw) -> RiskLine:
    base = dict(id=i, assessment_id=1, threat_id=None, threat_code=f"T{i}", threat_title="Trussel", threat_description="",
                category="K", harms_c=True, harms_i=True, harms_a=True, custom=False, position=i, version=1)
    return RiskLine(**{**base, **kw})


@pytest.mark.parametrize("preset_id", ["standard", "kl", "datatilsynet", "5x5"])
def test_threshold_is_the_lowest_level_that_requires_action(preset_id):
    p = get_preset(preset_id)
    t = threshold(p)
    assert all(not lv.requires_action for lv in p.levels[:t]) and p.levels[t].requires_action
    # Every cell at or above the threshold needs a decision; none below does.
    for lik, con, lvl in p.cells():
        assert needs_decision(_line(likelihood=lik, cons_c=con), p) == (p.levels.index(lvl) >= t)


def test_open_items_cover_unscored_undecided_expired_and_floor():
    p = get_preset("standard")
    today = date(2026, 11, 28)
    lines = [
        _line(1),  # unscored
        _line(2, likelihood=4, cons_c=4),  # high, nothing decided
        _line(3, likelihood=4, cons_c=4, planned_measures="MFA", measure_owner="IT", measure_deadline=today),
        _line(4, likelihood=4, cons_c=4, accepted_by="Lene", accepted_on=today, acceptance_expires=today - timedelta(1)),
        _line(5, likelihood=1, cons_c=1),  # low, below the floor of 3, no reason
        _line(6, likelihood=1, cons_c=1, floor_reason="Kun testdata"),
        _line(7, likelihood=4, cons_c=4, residual_likelihood=1, residual_consequence=1),
    ]
    got = [(i.line_id, i.kind) for i in open_items(lines, p, floor=3, today=today)]
    assert got == [(1, "unscored"), (2, "needs_decision"), (4, "acceptance_expired"), (5, "floor_reason")]


def test_snapshot_and_changes_since_approval():
    p = get_preset("standard")
    lines = [_line(1, likelihood=2, cons_c=2), _line(2, likelihood=3, cons_c=1)]
    snap = snapshot(lines, p)
    assert snap["1"]["level"] == "lav" and snap["2"]["residual_level"] == "lav"
    assert changed_since(snap, lines, p) == []
    lines[1].cons_i = 3
    assert changed_since(snap, lines, p) == ["T2 Trussel"]
    assert changed_since(snap, lines[:1], p) == ["T2 Trussel"]  # removed
    assert changed_since(snap, [*lines, _line(3)], p) == ["T2 Trussel", "T3 Trussel"]  # added


# -- when a rationale is needed ----------------------------------------------------------------
def test_no_rationale_when_the_room_agrees_and_the_median_is_recorded():
    from riskmodel.domain.workshop import needs_rationale, spreads

    votes = [{"likelihood": 2, "cons_c": 3, "cons_i": None, "cons_a": None},
             {"likelihood": 3, "cons_c": 3, "cons_i": None, "cons_a": None}]
    s = spreads(votes)
    assert not needs_rationale(s, {"likelihood": 3, "cons_c": 3}, ["likelihood", "cons_c"])  # 1 step: agreement
    assert needs_rationale(s, {"likelihood": 2, "cons_c": 3}, ["likelihood", "cons_c"])  # not the median
    wide = spreads([*votes, {"likelihood": 4, "cons_c": 3, "cons_i": None, "cons_a": None}])
    assert needs_rationale(wide, {"likelihood": 3, "cons_c": 3}, ["likelihood", "cons_c"])  # 2 to 4: disagreement
    assert needs_rationale(spreads([]), {"likelihood": 3}, ["likelihood"])  # no votes: no median to follow


def test_the_default_agenda_is_the_unscored_lines_or_all():
    from types import SimpleNamespace

    from riskmodel.domain.workshop import default_agenda

    lines = [SimpleNamespace(id=1, likelihood=2, consequence=3), SimpleNamespace(id=2, likelihood=None, consequence=None),
             SimpleNamespace(id=3, likelihood=1, consequence=None)]
    assert default_agenda(lines) == [2, 3]
    assert default_agenda(lines[:1]) == [1]
