"""The demo municipality generator, on real DuckDB files."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from riskmodel.__main__ import main
from riskmodel.domain.errors import PermissionDenied, ValidationError
from riskmodel.domain.model import LOCAL_ACTOR, TREATMENTS, Actor, SystemInput, confidentiality_floor, system_tags
from riskmodel.domain.scales import get_preset
from riskmodel.services import PortfolioFilter, open_workbench
from riskmodel.services.demo import DEMO_BASE_DATE, MAX_SYSTEMS, build_demo

pytestmark = pytest.mark.slow  # not in `make test-fast`: builds whole demo municipalities

N = 60


def _open(path):
    return open_workbench(path)


def _demo(path):
    wb = _open(path)
    return wb, build_demo(wb, LOCAL_ACTOR, systems=N, seed=5)


@pytest.fixture(scope="module")
def demo_wb(tmp_path_factory):
    """A workbench with a demo of N systems (seed 5), shared by the tests that only read."""
    wb, result = _demo(tmp_path_factory.mktemp("demo") / "demo.duckdb")
    yield wb, result
    wb.db.close()


@pytest.fixture
def fresh_demo_wb(tmp_path):
    """The same demo on a file of its own, for tests that write."""
    wb, result = _demo(tmp_path / "demo.duckdb")
    yield wb, result
    wb.db.close()


# The risk lines of the systems' assessments (the data-subject lens has tests of its own below).
ORG_LINES = "(SELECT rl.* FROM risk_lines rl JOIN assessments a ON a.id = rl.assessment_id WHERE a.lens = 'org')"


def _rows(wb, sql, params=()):
    with wb.db.read() as cur:
        cur.execute(sql, list(params))
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


def _scalar(wb, sql, params=()):
    with wb.db.read() as cur:
        return cur.execute(sql, list(params)).fetchone()[0]


def _counts(wb) -> dict[str, int]:
    return {t: _scalar(wb, f"SELECT count(*) FROM {t}")
            for t in ("systems", "assessments", "risk_lines", "audit_log", "settings")}


# -- shape of the data ---------------------------------------------------------------------

def test_counts_match_result_and_request(demo_wb):
    wb, result = demo_wb
    assert result.systems == N == _scalar(wb, "SELECT count(*) FROM systems")
    assert result.assessments == _scalar(wb, "SELECT count(*) FROM assessments WHERE lens = 'org'")
    assert result.lines == _scalar(wb, "SELECT count(*) FROM risk_lines rl JOIN assessments a ON a.id = rl.assessment_id "
                                       "WHERE a.lens = 'org'")
    assert result.ds_assessments == _scalar(wb, "SELECT count(*) FROM assessments WHERE lens = 'ds'") > 0
    assert result.activities == _scalar(wb, "SELECT count(*) FROM activities") > 0
    # most systems assessed, a few left "ikke vurderet"
    assert 0.8 * N <= result.assessments < N
    # about 30 lines per assessment
    assert 25 * result.assessments <= result.lines <= 42 * result.assessments
    assert _scalar(wb, "SELECT count(DISTINCT name) FROM systems") == N
    assert _scalar(wb, "SELECT count(*) FROM systems WHERE department = '' OR owner = ''") == 0
    assert wb.settings.municipality() == "Sjællerup Kommune"


def test_every_score_inside_scale_and_null_where_threat_cannot_harm(demo_wb):
    wb, _ = demo_wb
    size = wb.settings.preset().size
    assert _scalar(wb, "SELECT count(*) FROM assessments WHERE lens = 'org' AND (scale_size <> ? OR preset_id <> ?)",
                   [size, wb.settings.preset().id]) == 0
    lines = _rows(wb, f"SELECT * FROM {ORG_LINES}")
    scored = [r for r in lines if r["likelihood"] is not None]
    assert scored
    for r in lines:
        for col in ("likelihood", "cons_c", "cons_i", "cons_a", "residual_likelihood", "residual_consequence"):
            assert r[col] is None or 1 <= r[col] <= size, (col, r)
        for flag, col in (("harms_c", "cons_c"), ("harms_i", "cons_i"), ("harms_a", "cons_a")):
            if not r[flag]:
                assert r[col] is None, (col, r)
            elif r["likelihood"] is not None:
                assert r[col] is not None, (col, r)
        if r["likelihood"] is None:  # unscored: nothing else scored or treated
            assert r["treatment"] is None and r["residual_likelihood"] is None and r["cons_c"] is None
        assert r["treatment"] is None or r["treatment"] in TREATMENTS


def test_residual_never_above_inherent_and_measures_complete(demo_wb):
    wb, _ = demo_wb
    lines = _rows(wb, f"SELECT *, greatest(cons_c, cons_i, cons_a) AS con FROM {ORG_LINES} WHERE likelihood IS NOT NULL")
    treatments = {r["treatment"] for r in lines}
    assert {"accepter", "reducer", "overfør", "undgå"} <= treatments
    for r in lines:
        if r["residual_likelihood"] is not None:
            assert r["residual_likelihood"] <= r["likelihood"]
            assert r["residual_consequence"] <= r["con"]
        assert r["risk_owner"]
        if r["treatment"] == "reducer":
            assert r["planned_measures"] and r["measure_owner"]
            assert DEMO_BASE_DATE <= r["measure_deadline"] <= DEMO_BASE_DATE + timedelta(days=366)


def test_statuses_mixed_and_drafts_partly_scored(demo_wb):
    wb, _ = demo_wb
    statuses = {r["status"] for r in _rows(wb, "SELECT DISTINCT status FROM assessments")}
    assert statuses == {"kladde", "til_godkendelse", "godkendt"}
    unscored_outside_drafts = _scalar(
        wb, "SELECT count(*) FROM risk_lines rl JOIN assessments a ON a.id = rl.assessment_id "
            "WHERE a.status <> 'kladde' AND (rl.likelihood IS NULL OR rl.treatment IS NULL)")
    assert unscored_outside_drafts == 0


def test_confidentiality_floor_respected_or_explained(demo_wb):
    wb, _ = demo_wb
    size = wb.settings.preset().size
    rows = _rows(wb, "SELECT rl.cons_c, rl.floor_reason, s.classification, s.data_categories "
                     "FROM risk_lines rl JOIN assessments a ON a.id = rl.assessment_id "
                     "JOIN systems s ON s.id = a.system_id WHERE rl.cons_c IS NOT NULL")
    below = 0
    for r in rows:
        floor = confidentiality_floor(r["classification"], r["data_categories"], size)
        if r["cons_c"] < floor:
            below += 1
            assert r["floor_reason"], r
        else:
            assert r["floor_reason"] == "", r
    assert 0 < below < 0.1 * len(rows)


def test_lines_are_catalogue_threats_that_fit_the_profile(demo_wb):
    wb, _ = demo_wb
    threats = {r["id"]: r for r in _rows(wb, "SELECT * FROM threats")}
    systems = {r["id"]: r for r in _rows(wb, "SELECT * FROM systems")}
    for a in _rows(wb, "SELECT id, system_id FROM assessments WHERE lens = 'org'"):
        s = systems[a["system_id"]]
        assert s["status"] == "aktiv"
        tags = system_tags(SystemInput(**{k: s[k] for k in SystemInput.__dataclass_fields__}))
        lines = _rows(wb, "SELECT * FROM risk_lines WHERE assessment_id = ? ORDER BY position", [a["id"]])
        assert [r["position"] for r in lines] == list(range(1, len(lines) + 1))
        assert len({r["threat_id"] for r in lines}) == len(lines)
        for r in lines:
            t = threats[r["threat_id"]]
            assert set(t["tags"]) & tags
            assert (r["threat_code"], r["harms_c"], r["harms_i"], r["harms_a"]) == (
                t["code"], t["harms_c"], t["harms_i"], t["harms_a"])


def test_heatmap_counts_every_scored_current_line(demo_wb):
    wb, _ = demo_wb
    scored = _scalar(wb, "SELECT count(*) FROM current_lines WHERE likelihood IS NOT NULL AND consequence IS NOT NULL")
    assert scored > 0
    assert sum(wb.portfolio.heatmap(LOCAL_ACTOR, PortfolioFilter()).values()) == scored
    assert sum(wb.portfolio.heatmap(LOCAL_ACTOR, PortfolioFilter(residual=True)).values()) == scored


def test_unassessed_systems_show_in_search(demo_wb):
    wb, _ = demo_wb
    from riskmodel.services import SystemFilter

    page = wb.systems.search(LOCAL_ACTOR, SystemFilter(), page_size=500)
    assert page.total == _scalar(wb, "SELECT count(*) FROM systems WHERE status = 'aktiv'")
    assert page.rows["assessment_id"].isna().sum() >= 1


def test_audit_rows_per_system_and_assessment_plus_summary(demo_wb):
    wb, result = demo_wb
    audit = {(r["entity"]): r["n"] for r in _rows(
        wb, "SELECT entity, count(*) n FROM audit_log WHERE action = 'demo' GROUP BY entity")}
    assert audit["systems"] == result.systems
    assert audit["assessments"] == result.assessments + result.ds_assessments
    assert audit["activities"] == result.activities
    assert audit["demo"] == 1
    assert _scalar(wb, "SELECT count(DISTINCT entity_id) FROM audit_log WHERE action = 'demo' AND entity = 'systems'") \
        == result.systems
    assert _scalar(wb, "SELECT count(*) FROM audit_log WHERE action = 'demo' AND actor <> ?",
                   [LOCAL_ACTOR.username]) == 0
    summary = _rows(wb, "SELECT after_json FROM audit_log WHERE entity = 'demo'")[0]["after_json"]
    assert f'"lines": {result.lines}' in summary


# -- determinism ---------------------------------------------------------------------------

_COMPARE = {
    "systems": "SELECT * EXCLUDE (created_at, updated_at) FROM systems ORDER BY id",
    "assessments": "SELECT * EXCLUDE (created_at, updated_at) FROM assessments ORDER BY id",
    "risk_lines": "SELECT * EXCLUDE (updated_at) FROM risk_lines ORDER BY id",
    "participants": "SELECT * EXCLUDE (created_at, updated_at) FROM participants ORDER BY id",
    "approvals": "SELECT * FROM approvals ORDER BY id",
}


def _snapshot(path, seed: int) -> dict[str, list[tuple]]:
    wb = _open(path)
    try:
        build_demo(wb, LOCAL_ACTOR, systems=30, seed=seed)
        with wb.db.read() as cur:
            return {name: cur.execute(sql).fetchall() for name, sql in _COMPARE.items()}
    finally:
        wb.db.close()


def test_same_seed_gives_identical_rows_other_seed_differs(tmp_path):
    a = _snapshot(tmp_path / "a.duckdb", seed=11)
    b = _snapshot(tmp_path / "b.duckdb", seed=11)
    c = _snapshot(tmp_path / "c.duckdb", seed=12)
    for name in _COMPARE:
        assert a[name], name
        assert a[name] == b[name], name
    assert a["systems"] != c["systems"]
    assert a["risk_lines"] != c["risk_lines"]


# -- the services work on afterwards -------------------------------------------------------

def test_sequences_usable_after_demo(fresh_demo_wb):
    wb, result = fresh_demo_wb
    max_system = _scalar(wb, "SELECT max(id) FROM systems")
    max_line = _scalar(wb, "SELECT max(id) FROM risk_lines")
    new_id = wb.systems.create(LOCAL_ACTOR, SystemInput(name="Nyt system efter demo", department="Borgerservice",
                                                         data_categories=["almindelige"]))
    assert new_id > max_system
    assessment_id = wb.assessments.start(LOCAL_ACTOR, new_id)
    assert assessment_id > result.assessments
    lines = wb.assessments.lines(LOCAL_ACTOR, assessment_id)
    assert lines and min(line.id for line in lines) > max_line
    # a demo line can be edited through the service (versions and scale are consistent)
    demo_line = _rows(wb, "SELECT id, version, likelihood FROM risk_lines WHERE likelihood IS NOT NULL "
                          "AND assessment_id <> ? ORDER BY id LIMIT 1", [assessment_id])[0]
    changes = {"likelihood": 2 if demo_line["likelihood"] == 1 else 1}
    assert wb.assessments.update_line(LOCAL_ACTOR, demo_line["id"], demo_line["version"], changes) == 2
    # re-assessing a demo system carries its lines over
    demo_system = _rows(wb, "SELECT system_id, (SELECT count(*) FROM risk_lines rl WHERE rl.assessment_id = a.id) n "
                            "FROM assessments a ORDER BY id LIMIT 1")[0]
    again = wb.assessments.start(LOCAL_ACTOR, demo_system["system_id"])
    assert len(wb.assessments.lines(LOCAL_ACTOR, again)) == demo_system["n"]


def test_demo_on_five_step_preset(tmp_path):
    wb = _open(tmp_path / "five.duckdb")
    try:
        wb.settings.set_preset(LOCAL_ACTOR, "5x5", wb.settings.get(LOCAL_ACTOR, "preset")[1])
        build_demo(wb, LOCAL_ACTOR, systems=20, seed=2)
        assert _scalar(wb, "SELECT count(*) FROM assessments WHERE lens = 'org' AND (scale_size <> 5 OR preset_id <> '5x5')") == 0
        assert _scalar(wb, f"SELECT max(greatest(likelihood, cons_c, cons_i, cons_a)) FROM {ORG_LINES}") <= 5
        assert _scalar(wb, "SELECT count(*) FROM risk_lines WHERE likelihood = 5 OR cons_c = 5") > 0
    finally:
        wb.db.close()


# -- refusals -----------------------------------------------------------------------------

def test_refused_on_database_with_systems(demo_wb):
    wb, _ = demo_wb
    before = _counts(wb)
    with pytest.raises(ValidationError, match="allerede systemer"):
        build_demo(wb, LOCAL_ACTOR, systems=5, seed=1)
    assert _counts(wb) == before


def test_refused_inside_the_transaction_too(demo_wb, monkeypatch):
    """Systems that appear between the first check and the write still stop the demo."""
    wb, _ = demo_wb
    before = _counts(wb)
    monkeypatch.setattr(wb, "is_empty", lambda: True)
    with pytest.raises(ValidationError, match="allerede systemer"):
        build_demo(wb, LOCAL_ACTOR, systems=5, seed=1)
    assert _counts(wb) == before


def test_refused_if_the_matrix_changes_while_generating(tmp_path, monkeypatch):
    wb = _open(tmp_path / "race.duckdb")
    try:
        before = _counts(wb)
        presets = iter([get_preset("standard"), get_preset("5x5")])
        monkeypatch.setattr(wb.settings, "preset", lambda: next(presets))
        with pytest.raises(ValidationError, match="Risikomatrixen blev ændret"):
            build_demo(wb, LOCAL_ACTOR, systems=5, seed=1)
        assert _counts(wb) == before
    finally:
        wb.db.close()


@pytest.mark.parametrize("systems", [0, -1, MAX_SYSTEMS + 1, True, 2.5, "10"])
def test_out_of_range_refused_and_nothing_written(tmp_path, systems):
    wb = _open(tmp_path / "empty.duckdb")
    try:
        before = _counts(wb)
        with pytest.raises(ValidationError, match="Antal systemer"):
            build_demo(wb, LOCAL_ACTOR, systems=systems)
        assert _counts(wb) == before
        assert wb.settings.get(LOCAL_ACTOR, "municipality")[1] == 0
    finally:
        wb.db.close()


def test_only_the_coordinator_may_load(tmp_path):
    wb = _open(tmp_path / "perm.duckdb")
    try:
        leader = Actor("leder1", "Lise Leder", role="leder", departments=("Borgerservice",))
        with pytest.raises(PermissionDenied):
            build_demo(wb, leader, systems=3)
        assert wb.is_empty()
    finally:
        wb.db.close()


def test_progress_reported_up_to_done(tmp_path):
    wb = _open(tmp_path / "progress.duckdb")
    calls: list[tuple[float, str]] = []
    try:
        build_demo(wb, LOCAL_ACTOR, systems=3, seed=1, progress=lambda f, msg: calls.append((f, msg)))
    finally:
        wb.db.close()
    fractions = [f for f, _ in calls]
    assert len(calls) >= 3 and fractions == sorted(fractions)
    assert fractions[0] == 0.0 and fractions[-1] == 1.0
    assert all(isinstance(msg, str) and msg for _, msg in calls)


def test_single_system(tmp_path):
    wb = _open(tmp_path / "one.duckdb")
    try:
        result = build_demo(wb, LOCAL_ACTOR, systems=1, seed=4)
        assert result.systems == 1 and result.assessments == 1 and result.lines > 0
    finally:
        wb.db.close()


def test_more_systems_than_templates_keeps_names_unique_and_readable(tmp_path):
    wb = _open(tmp_path / "many.duckdb")
    try:
        build_demo(wb, LOCAL_ACTOR, systems=300, seed=1)
        names = [r["name"] for r in _rows(wb, "SELECT name FROM systems")]
        assert len(set(names)) == 300
        assert any(" – " in n for n in names)
        assert max(len(n) for n in names) <= 80
        assert _scalar(wb, "SELECT count(*) FROM systems WHERE status = 'udfaset'") == 300 // 50
        assert _scalar(wb, "SELECT count(*) FROM assessments a JOIN systems s ON s.id = a.system_id "
                           "WHERE s.status <> 'aktiv'") == 0
    finally:
        wb.db.close()


# -- command line --------------------------------------------------------------------------

def test_cli_demo(tmp_path, capsys):
    path = tmp_path / "cli.duckdb"
    assert main(["demo", "--db", str(path), "--systems", "5", "--seed", "3"]) == 0
    assert "5 systemer" in capsys.readouterr().out
    assert main(["demo", "--db", str(path), "--systems", "5", "--if-empty"]) == 0
    assert "allerede data" in capsys.readouterr().out
    assert main(["demo", "--db", str(path), "--systems", "5"]) == 2
    assert "allerede systemer" in capsys.readouterr().err
    assert main(["demo", "--db", str(tmp_path / "cli2.duckdb"), "--systems", "0"]) == 2


# -- workshops, acceptances and sign-off (issue 4) -------------------------------------------

def test_every_assessment_has_participants_on_record(demo_wb):
    wb, result = demo_wb
    per = _rows(wb, "SELECT a.id, count(p.id) AS n, count(*) FILTER (WHERE p.role_title = 'facilitator') AS fac "
                    "FROM assessments a LEFT JOIN participants p ON p.assessment_id = a.id WHERE a.lens = 'org' GROUP BY a.id")
    assert len(per) == result.assessments
    assert all(r["n"] >= 3 and r["fac"] == 1 for r in per)


def test_submitted_and_approved_assessments_have_every_risk_decided(demo_wb):
    """What went to review was complete then: scored, and every residual above the threshold treated or accepted.
    (Acceptances given with an expiry may have run out since; the sign-off rules list those.)"""
    wb, _ = demo_wb
    ids = [r["id"] for r in _rows(wb, "SELECT id FROM assessments WHERE status <> 'kladde' AND lens = 'org'")]
    assert ids
    kinds = {i.kind for aid in ids for i in wb.signoff.open_items(LOCAL_ACTOR, aid)}
    assert kinds <= {"acceptance_expired"}
    accepted = _scalar(wb, "SELECT count(*) FROM risk_lines WHERE accepted_by <> ''")
    assert accepted > 0


def test_approved_assessments_carry_a_valid_approval_by_their_manager(demo_wb):
    wb, _ = demo_wb
    approved = _rows(wb, "SELECT a.id, s.department FROM assessments a JOIN systems s ON s.id = a.system_id "
                         "WHERE a.status = 'godkendt'")
    assert approved
    for row in approved:
        state = wb.signoff.state(LOCAL_ACTOR, row["id"])
        assert state.approval is not None and state.outdated is None
        assert state.approval["approver_role"] == "leder"
        assert len(state.approval["snapshot"]["lines"]) == len(wb.assessments.lines(LOCAL_ACTOR, row["id"]))
    # The others were outdated by a major change recorded after them (riskmodel.services.demo_review).
    outdated = _scalar(wb, "SELECT count(*) FROM approvals ap JOIN assessments a ON a.id = ap.assessment_id "
                           "WHERE a.lens = 'org' AND ap.outdated_at IS NOT NULL AND ap.outdated_reason LIKE "
                           "'%væsentlig ændring%'")
    assert _scalar(wb, "SELECT count(*) FROM approvals ap JOIN assessments a ON a.id = ap.assessment_id "
                       "WHERE a.lens = 'org'") == len(approved) + outdated


# -- the data-subject lens (issue 5) ---------------------------------------------------------

def test_activities_are_linked_to_their_systems_with_a_screening(demo_wb):
    wb, _ = demo_wb
    acts = wb.activities.list(LOCAL_ACTOR)
    assert len(acts) >= 5
    assert all(len(s) >= 1 for s in acts["systems"])
    assert set(acts["conclusion"]) <= {"dpia_required", "follow_up", "not_required"}  # every criterion answered
    assert acts["dpia_missing"].any() and (~acts["dpia_missing"]).any()


def test_data_subject_assessments_are_complete_when_submitted_and_approved(demo_wb):
    wb, _ = demo_wb
    rows = _rows(wb, "SELECT id, status FROM assessments WHERE lens = 'ds'")
    assert rows and all(r["status"] in ("kladde", "til_godkendelse", "godkendt") for r in rows)
    for r in rows:
        a = wb.assessments.get(LOCAL_ACTOR, r["id"])
        assert (a.preset_id, a.scale_size, a.system_id) == ("registrerede", 4, None)
        if r["status"] != "kladde":
            assert wb.signoff.open_items(LOCAL_ACTOR, r["id"]) == []
        if r["status"] == "godkendt":
            assert wb.signoff.state(LOCAL_ACTOR, r["id"]).approval is not None
    lines = _rows(wb, "SELECT harms FROM risk_lines rl JOIN assessments a ON a.id = rl.assessment_id "
                      "WHERE a.lens = 'ds' AND rl.likelihood IS NOT NULL")
    assert lines and all(1 <= len(r["harms"]) <= 3 for r in lines)
    assert sum(wb.portfolio.ds_heatmap(LOCAL_ACTOR).values()) == len(lines)


# -- the annual review cycle (riskmodel.services.demo_review) ---------------------------------------
def test_the_demo_has_three_earlier_baselines_frozen_in_december(demo_wb):
    wb, _ = demo_wb
    b = wb.baselines.list(LOCAL_ACTOR)
    assert list(b["year"]) == [2023, 2024, 2025]
    assert all(ts.month == 12 and ts.year == y for ts, y in zip(b["frozen_at"], b["year"], strict=True))
    assert (b["lines"] > 0).all() and (b["systems"] > 0).all()
    trend = wb.baselines.trend(LOCAL_ACTOR)
    high = wb.settings.preset().levels[-1].key
    # The municipality's measures have worked: fewer lines at the highest level than three years ago.
    assert trend[high].iloc[-1] < trend[high].iloc[0]
    from riskmodel.domain.baseline import status_counts

    counts = status_counts(wb.baselines.compare(LOCAL_ACTOR, int(b["id"].iloc[0]), None))
    assert all(counts[s] > 0 for s in ("new", "removed", "down", "unchanged")), counts


def test_demo_measures_have_valid_statuses_and_known_controls(demo_wb):
    from riskmodel.domain import annex_a
    from riskmodel.domain.review import MEASURE_STATUSES

    wb, _ = demo_wb
    plan = wb.treatment.plan(LOCAL_ACTOR, date(2026, 11, 27))
    assert set(plan["status"]) == set(MEASURE_STATUSES)
    assert all(annex_a.control(c) for cs in plan["controls"] for c in cs)
    assert plan["controls"].map(len).gt(0).mean() > 0.9
    done = plan[plan["status"] == "gennemfoert"]
    assert done["done_on"].notna().all() and plan[plan["status"] != "gennemfoert"]["done_on"].isna().all()


def test_demo_dispensations_follow_the_rules(demo_wb):
    from riskmodel.domain.review import add_months

    wb, _ = demo_wb
    d = wb.dispensations.list(LOCAL_ACTOR, date(2026, 11, 27))
    assert len(d) >= 2
    assert all(r.requested_on < r.expires_on <= add_months(r.requested_on, 12) for r in d.itertuples())
    assert (d["alternative_measures"].str.len() > 0).all()
    decided = d[d["status"].isin(["godkendt", "afvist"])]
    assert (decided["decided_by"] != "").all() and decided["decided_on"].notna().all()
    assert (d[d["status"] == "anmodet"]["expires_on"] > date(2026, 11, 27)).all()


def test_demo_changes_after_an_approval_sent_the_assessment_back(demo_wb):
    wb, _ = demo_wb
    changes = wb.review.changes(LOCAL_ACTOR)
    assert len(changes) > 0
    pending = changes[~changes["reassessed"]]
    for sid in pending["system_id"]:
        a = wb.assessments.current(LOCAL_ACTOR, int(sid))
        assert a.status == "til_godkendelse"
        assert wb.signoff.state(LOCAL_ACTOR, a.id).outdated is not None
