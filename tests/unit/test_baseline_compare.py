"""Comparing two states of the risk picture line by line (riskmodel.domain.baseline), on constructed cases."""

from __future__ import annotations

from riskmodel.domain.baseline import LineState, by_entity, compare, level_counts, movement, status_counts


def line(entity: int, code: str, lik=None, con=None, res=None, *, lens="org", name=None, level=None, res_level=None):
    """A line with inherent (lik, con) and residual ``res`` cells; levels default to a simple band of lik*con."""
    def band(c):
        return None if c is None else (0 if c[0] * c[1] <= 4 else 1 if c[0] * c[1] <= 8 else 2)

    inh = (lik, con) if lik is not None and con is not None else None
    res = res if res is not None else inh
    return LineState(lens, entity, name or f"System {entity}", "Afd", code, f"Trussel {code}", lik, con,
                     res[0] if res else None, res[1] if res else None,
                     band(inh) if level is None else level, band(res) if res_level is None else res_level)


def statuses(changes):
    return {(c.line.entity_id, c.line.threat_code): c.status for c in changes}


def test_each_status_on_a_constructed_case():
    before = [line(1, "T1", 2, 2), line(1, "T2", 3, 3), line(1, "T3", 2, 3), line(2, "T1", 4, 4)]
    after = [line(1, "T1", 4, 3), line(1, "T2", 1, 2), line(1, "T3", 2, 3), line(3, "T9", 1, 1)]
    got = statuses(compare(before, after))
    assert got == {(1, "T1"): "up", (1, "T2"): "down", (1, "T3"): "unchanged", (2, "T1"): "removed",
                   (3, "T9"): "new"}
    assert status_counts(compare(before, after)) == {"new": 1, "removed": 1, "up": 1, "down": 1, "unchanged": 1}


def test_a_move_within_the_same_level_is_unchanged_but_shows_in_the_movement():
    before, after = [line(1, "T1", 1, 2)], [line(1, "T1", 2, 1)]  # both 2 -> level 0
    changes = compare(before, after)
    assert [c.status for c in changes] == ["unchanged"]
    assert movement(changes) == {((1, 2), (2, 1)): 1}


def test_residual_and_inherent_compare_separately():
    before = [line(1, "T1", 4, 4, res=(1, 1))]
    after = [line(1, "T1", 4, 4, res=(3, 3))]
    assert [c.status for c in compare(before, after, residual=True)] == ["up"]
    assert [c.status for c in compare(before, after, residual=False)] == ["unchanged"]


def test_unscored_lines_take_no_part():
    before = [line(1, "T1"), line(1, "T2", 2, 2)]
    after = [line(1, "T1", 3, 3), line(1, "T2")]
    # T1 was not a risk yet (new once scored); T2 is no longer scored (removed).
    assert statuses(compare(before, after)) == {(1, "T1"): "new", (1, "T2"): "removed"}
    assert movement(compare(before, after)) == {}


def test_the_same_threat_code_on_two_systems_or_lenses_are_different_lines():
    before = [line(1, "T1", 2, 2), line(1, "T1", 2, 2, lens="ds")]
    after = [line(1, "T1", 2, 2), line(2, "T1", 2, 2)]
    got = {(c.line.lens, c.line.entity_id): c.status for c in compare(before, after)}
    assert got == {("org", 1): "unchanged", ("ds", 1): "removed", ("org", 2): "new"}


def test_per_system_counts_and_worst_level():
    before = [line(1, "T1", 2, 2), line(1, "T2", 4, 4), line(2, "T1", 1, 1)]
    after = [line(1, "T1", 3, 3), line(1, "T2", 2, 2), line(2, "T1", 1, 1), line(2, "T2", 4, 3)]
    per = {e.entity_id: e for e in by_entity(compare(before, after))}
    assert per[1].counts == {"new": 0, "removed": 0, "up": 1, "down": 1, "unchanged": 0}
    assert (per[1].worst_before, per[1].worst_after, per[1].status) == (2, 2, "unchanged")
    assert per[2].counts["new"] == 1 and per[2].status == "up"
    gone = by_entity(compare([line(5, "T1", 3, 3)], []))
    assert [(e.entity_id, e.status) for e in gone] == [(5, "removed")]


def test_movement_counts_lines_per_pair_of_cells():
    before = [line(1, "T1", 3, 4), line(2, "T1", 3, 4), line(3, "T1", 2, 2)]
    after = [line(1, "T1", 2, 4), line(2, "T1", 2, 4), line(3, "T1", 2, 2), line(4, "T1", 1, 1)]
    assert movement(compare(before, after)) == {((3, 4), (2, 4)): 2, ((2, 2), (2, 2)): 1}


def test_the_order_of_the_states_does_not_matter_for_the_pairs():
    a = [line(1, "T1", 2, 2), line(1, "T2", 3, 3)]
    b = [line(1, "T1", 3, 3)]
    forward, backward = statuses(compare(a, b)), statuses(compare(b, a))
    flip = {"up": "down", "down": "up", "new": "removed", "removed": "new", "unchanged": "unchanged"}
    assert backward == {k: flip[v] for k, v in forward.items()}


def test_level_counts():
    lines = [line(1, "T1", 1, 1), line(1, "T2", 4, 4), line(1, "T3", 4, 4, res=(1, 2)), line(1, "T4")]
    assert level_counts(lines, 3, residual=False) == [1, 0, 2]
    assert level_counts(lines, 3, residual=True) == [2, 0, 1]
