"""Year baselines on a real DuckDB file: freezing, immutability, and comparisons with today."""

from __future__ import annotations

from datetime import date

import pytest
from helpers import data_digest

from riskmodel.domain.errors import PermissionDenied, ValidationError
from riskmodel.domain.model import Actor

TODAY = date(2026, 11, 28)
LENE = Actor(username="lene", display_name="Lene Leder", role="leder", departments=("Borgerservice",))


def score(wb, actor, line, lik, con, **extra):
    cur = wb.assessments.line(actor, line.id)
    return wb.assessments.update_line(actor, line.id, cur.version,
                                      {"likelihood": lik, "cons_c": con, "cons_i": None, "cons_a": None, **extra})


@pytest.fixture
def world(wb, actor, make_system):
    """Two systems with four scored lines (Standard matrix: 1x1 and 2x2 lav, 4x4 høj)."""
    a1 = wb.assessments.start(actor, make_system(name="Sagssystem"))
    a2 = wb.assessments.start(actor, make_system(name="Økonomi", department="Teknik"))
    l1, l2, l3 = wb.assessments.lines(actor, a1)[:3]
    m1 = wb.assessments.lines(actor, a2)[0]
    score(wb, actor, l1, 2, 2)
    score(wb, actor, l2, 4, 4)
    score(wb, actor, l3, 1, 1)
    score(wb, actor, m1, 2, 2)
    return {"a1": a1, "a2": a2, "up": l1, "down": l2, "same": l3, "gone": m1}


def test_freeze_copies_the_state_and_later_edits_never_change_it(wb, actor, world):
    bid = wb.baselines.freeze(actor, 2025, "Årsgennemgang 2025", today=TODAY)
    frozen = wb.baselines.lines(actor, bid)
    systems = wb.baselines.systems(actor, bid)
    scored = [ln for ln in frozen if ln.level is not None]
    assert len(scored) == 4 and {ln.entity_name for ln in scored} == {"Sagssystem", "Økonomi"}
    assert set(systems["name"]) == {"Sagssystem", "Økonomi"}
    # Edit everything the baseline holds: scores, a removed line, a renamed system.
    score(wb, actor, world["up"], 4, 4)
    wb.assessments.remove_line(actor, world["gone"].id, wb.assessments.line(actor, world["gone"].id).version)
    from riskmodel.services.systems import system_to_input

    s = wb.systems.get(actor, world["up"].assessment_id and wb.assessments.get(actor, world["a1"]).system_id)
    data = system_to_input(s)
    data.name = "Nyt navn"
    wb.systems.update(actor, s.id, s.version, data)
    assert wb.baselines.lines(actor, bid) == frozen
    assert wb.baselines.systems(actor, bid).equals(systems)
    row = wb.baselines.list(actor).iloc[0]
    assert (row["year"], row["note"], row["frozen_by"], row["lines"]) == (2025, "Årsgennemgang 2025", "Lokal bruger",
                                                                         len(frozen))


def test_a_year_is_frozen_once_and_only_by_the_coordinator(wb, actor, world):
    wb.baselines.freeze(actor, 2025, today=TODAY)
    before = data_digest(wb)
    with pytest.raises(ValidationError, match="Der findes allerede en baseline for 2025"):
        wb.baselines.freeze(actor, 2025, today=TODAY)
    with pytest.raises(ValidationError, match="skal være et år fra 2000 til 2026"):
        wb.baselines.freeze(actor, 2027, today=TODAY)
    with pytest.raises(PermissionDenied):
        wb.baselines.freeze(LENE, 2024, today=TODAY)
    assert data_digest(wb) == before


def test_the_services_offer_no_way_to_change_a_baseline(wb):
    public = {n for n in dir(wb.baselines) if not n.startswith("_")}
    assert public == {"compare", "db", "freeze", "lines", "list", "settings", "systems", "trend"}


def test_compare_a_baseline_with_today(wb, actor, world, make_system):
    bid = wb.baselines.freeze(actor, 2025, today=TODAY)
    score(wb, actor, world["up"], 4, 4)  # lav -> høj
    score(wb, actor, world["down"], 1, 2)  # høj -> lav
    wb.assessments.remove_line(actor, world["gone"].id, wb.assessments.line(actor, world["gone"].id).version)
    new_line = wb.assessments.lines(actor, world["a1"])[3]
    score(wb, actor, new_line, 2, 2)
    changes = wb.baselines.compare(actor, bid, None)
    got = {c.line.threat_code + "@" + c.line.entity_name: c.status for c in changes}
    assert got == {
        f"{world['up'].threat_code}@Sagssystem": "up",
        f"{world['down'].threat_code}@Sagssystem": "down",
        f"{world['same'].threat_code}@Sagssystem": "unchanged",
        f"{world['gone'].threat_code}@Økonomi": "removed",
        f"{new_line.threat_code}@Sagssystem": "new",
    }
    from riskmodel.domain.baseline import movement

    assert movement(changes)[((2, 2), (4, 4))] == 1
    with pytest.raises(ValidationError, match="to forskellige"):
        wb.baselines.compare(actor, bid, bid)


def test_two_baselines_compare_and_the_trend_counts_levels(wb, actor, world):
    b1 = wb.baselines.freeze(actor, 2024, today=TODAY)
    score(wb, actor, world["down"], 1, 1)
    b2 = wb.baselines.freeze(actor, 2025, today=TODAY)
    assert [c.status for c in wb.baselines.compare(actor, b1, b2) if c.status != "unchanged"] == ["down"]
    trend = wb.baselines.trend(actor)
    assert list(trend["label"]) == ["2024", "2025", "today"]
    keys = [lv.key for lv in wb.settings.preset().levels]
    counts = trend.set_index("label")[keys]
    assert counts.loc["2024"].tolist() == [3, 0, 1] and counts.loc["2025"].tolist() == [4, 0, 0]
    assert counts.loc["today"].tolist() == counts.loc["2025"].tolist()


def test_a_leder_sees_only_own_lines_in_a_baseline(wb, actor, world):
    bid = wb.baselines.freeze(actor, 2025, today=TODAY)
    assert {ln.entity_name for ln in wb.baselines.lines(LENE, bid)} == {"Sagssystem"}
    assert set(wb.baselines.systems(LENE, bid)["name"]) == {"Sagssystem"}
