"""The review cycle on a real DuckDB file: review intervals, major changes, what is due, and the
annual review checklist, with the clock passed in (no real waiting)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from helpers import audit_rows, data_digest

from riskmodel.domain.dates import dk_today
from riskmodel.domain.errors import PermissionDenied, ValidationError
from riskmodel.domain.model import Actor
from riskmodel.domain.review import add_months

LENE = Actor(username="lene", display_name="Lene Leder", role="leder", departments=("Borgerservice",))
OTTO = Actor(username="otto", display_name="Otto Anden", role="leder", departments=("Teknik",))
TODAY = dk_today()


def score_all(wb, actor, aid, lik=1, con=1):
    for ln in wb.assessments.lines(actor, aid):
        wb.assessments.update_line(actor, ln.id, ln.version,
                                   {"likelihood": lik, "cons_c": con, "cons_i": con, "cons_a": con})


def approve(wb, actor, aid):
    wb.signoff.submit(actor, aid, wb.assessments.get(actor, aid).version)
    wb.signoff.approve(actor, aid, wb.assessments.get(actor, aid).version, on_behalf_of="Lene Leder")


@pytest.fixture
def approved(wb, actor, make_system):
    """(system id, assessment id): a system whose assessment is scored low and approved today."""
    sid = make_system()
    aid = wb.assessments.start(actor, sid)
    score_all(wb, actor, aid)
    approve(wb, actor, aid)
    return sid, aid


def row(df, sid):
    return df[df["system_id"] == sid].iloc[0]


# -- interval -----------------------------------------------------------------------------
def test_the_interval_is_kept_within_the_policy(wb, actor, make_system):
    sid = make_system(classification="fortrolig")
    s = wb.systems.get(actor, sid)
    assert s.review_interval == 12
    before = data_digest(wb)
    with pytest.raises(ValidationError, match=r"1-12 måneder for et fortrolig system \(fik 24\)"):
        wb.review.set_interval(actor, sid, s.version, 24)
    with pytest.raises(ValidationError, match="ikke et helt antal måneder"):
        wb.review.set_interval(actor, sid, s.version, "12")
    assert data_digest(wb) == before
    v = wb.review.set_interval(actor, sid, s.version, 6)
    assert (wb.systems.get(actor, sid).review_interval, v) == (6, s.version + 1)
    other = make_system(classification="intern")
    wb.review.set_interval(actor, other, wb.systems.get(actor, other).version, 24)
    assert wb.systems.get(actor, other).review_interval == 24
    assert json.loads(audit_rows(wb, entity="systems", action="review_interval")[-1]["after_json"]) == {
        "review_interval": 24}


def test_an_interval_is_clamped_when_the_system_becomes_confidential(wb, actor, make_system, approved):
    from riskmodel.services.systems import system_to_input

    sid, _ = approved
    s = wb.systems.get(actor, sid)
    v = wb.review.set_interval(actor, sid, s.version, 24)
    data = system_to_input(wb.systems.get(actor, sid))
    data.classification = "følsom"
    wb.systems.update(actor, sid, v, data)
    r = row(wb.review.systems(actor, TODAY), sid)
    assert (r["review_interval"], r["interval"]) == (24, 12)
    assert r["next_review"] == add_months(TODAY, 12)


def test_a_leder_sets_intervals_only_in_own_departments(wb, actor, make_system):
    sid = make_system(department="Teknik")
    with pytest.raises(PermissionDenied):
        wb.review.set_interval(LENE, sid, 1, 6)
    wb.review.set_interval(OTTO, sid, 1, 6)


# -- due dates ----------------------------------------------------------------------------
def test_review_status_follows_the_clock(wb, actor, make_system, approved):
    sid, _ = approved
    never = make_system()
    for today, status in ((TODAY, "ok"), (add_months(TODAY, 11), "due"), (add_months(TODAY, 12), "due"),
                          (add_months(TODAY, 12) + timedelta(days=1), "overdue")):
        df = wb.review.systems(actor, today)
        assert row(df, sid)["status"] == status, today
        assert row(df, never)["status"] == "never"
    r = row(wb.review.systems(actor, TODAY + timedelta(days=10)), sid)
    assert (r["approved_on"], r["next_review"], r["days_left"]) == (TODAY, add_months(TODAY, 12),
                                                                     (add_months(TODAY, 12) - TODAY).days - 10)
    due = wb.review.due(actor, add_months(TODAY, 13))
    assert list(due["system_id"]) == [sid]  # never-approved systems are listed by the checklist, not as 'due'


def test_a_new_years_draft_does_not_reset_the_cycle(wb, actor, approved):
    sid, _ = approved
    wb.assessments.start(actor, sid, year=TODAY.year + 1)
    r = row(wb.review.systems(actor, TODAY), sid)
    assert (r["approved_on"], bool(r["approval_valid"]), r["assessment_status"]) == (TODAY, False, "kladde")


# -- major changes ------------------------------------------------------------------------
def test_a_major_change_sends_the_assessment_back_and_is_pending_until_reapproval(wb, actor, approved):
    sid, aid = approved
    before = data_digest(wb)
    with pytest.raises(ValidationError, match="Begrundelse for ændringen skal udfyldes"):
        wb.review.record_change(actor, sid, "ny_leverandoer", "  ", TODAY)
    with pytest.raises(ValidationError, match="Type af ændring: 'ny_farve' er ikke en gyldig værdi"):
        wb.review.record_change(actor, sid, "ny_farve", "Ny", TODAY)
    with pytest.raises(ValidationError, match="kan ikke ligge i fremtiden"):
        wb.review.record_change(actor, sid, "ny_leverandoer", "Ny", TODAY + timedelta(days=1), today=TODAY)
    assert data_digest(wb) == before

    cid = wb.review.record_change(actor, sid, "ny_leverandoer", "Drift flyttet til Netic A/S", TODAY)
    assert wb.assessments.get(actor, aid).status == "til_godkendelse"
    state = wb.signoff.state(actor, aid)
    assert "væsentlig ændring (ny leverandør): Drift flyttet til Netic A/S" in state.outdated["outdated_reason"]
    assert row(wb.review.systems(actor, TODAY), sid)["status"] == "changed"
    # A major change calls for the review now: not "next review in 12 months, 365 days left" beside it.
    later = row(wb.review.systems(actor, TODAY + timedelta(days=10)), sid)
    assert (later["status"], later["next_review"], later["days_left"]) == ("changed", TODAY + timedelta(days=10), 0)
    pending = wb.review.changes(actor, pending_only=True)
    assert list(pending["id"]) == [cid] and pending.iloc[0]["system_name"] == wb.systems.get(actor, sid).name
    assert [i.key for i in wb.review.checklist(actor, TODAY) if not i.ok and i.key == "changes_pending"]

    wb.signoff.approve(actor, aid, wb.assessments.get(actor, aid).version, on_behalf_of="Lene Leder")
    assert wb.review.changes(actor, pending_only=True).empty
    assert bool(wb.review.changes(actor, system_id=sid).iloc[0]["reassessed"])
    assert row(wb.review.systems(actor, TODAY), sid)["status"] == "ok"
    assert json.loads(audit_rows(wb, entity="system_changes")[-1]["after_json"])["reason"] == "Drift flyttet til Netic A/S"


def test_a_change_on_an_unapproved_system_is_pending_and_the_system_never_approved(wb, actor, make_system):
    sid = make_system()
    wb.review.record_change(actor, sid, "ny_integration", "Integration til KMD Nexus", TODAY)
    assert row(wb.review.systems(actor, TODAY), sid)["status"] == "never"
    assert len(wb.review.changes(actor, pending_only=True)) == 1


def test_changes_are_read_and_written_within_scope(wb, actor, make_system):
    mine, other = make_system(department="Borgerservice"), make_system(department="Teknik")
    wb.review.record_change(actor, other, "ny_anvendelse", "Bruges nu også af Teknik", TODAY)
    with pytest.raises(PermissionDenied):
        wb.review.record_change(LENE, other, "ny_anvendelse", "x", TODAY)
    wb.review.record_change(LENE, mine, "ny_anvendelse", "Bruges nu også til klager", TODAY)
    assert list(wb.review.changes(LENE)["system_id"]) == [mine]
    assert set(wb.review.systems(LENE, TODAY)["system_id"]) == {mine}


# -- the checklist ------------------------------------------------------------------------
def test_checklist_figures_on_a_constructed_case(wb, actor, make_system, approved):
    sid, _ = approved
    never = make_system()
    items = {i.key: i for i in wb.review.checklist(actor, TODAY)}
    assert list(items) == ["approved_recent", "activities_ds", "dpia_missing", "high_open", "measures_overdue",
                           "dispensations", "changes_pending"]
    assert (items["approved_recent"].value, items["approved_recent"].total) == (1, 2)
    assert list(items["approved_recent"].rows["system_id"]) == [never]
    assert not items["approved_recent"].ok
    for key in ("dpia_missing", "high_open", "measures_overdue", "dispensations", "changes_pending"):
        assert items[key].ok and items[key].value == 0, key
    # Thirteen months on, the approval is too old.
    later = {i.key: i for i in wb.review.checklist(actor, add_months(TODAY, 13))}
    assert later["approved_recent"].value == 0
    assert set(later["approved_recent"].rows["system_id"]) == {sid, never}


def test_high_residual_risks_without_a_decision_are_listed(wb, actor, make_system):
    sid = make_system()
    aid = wb.assessments.start(actor, sid)
    score_all(wb, actor, aid)
    ln = wb.assessments.lines(actor, aid)[0]
    v = wb.assessments.update_line(actor, ln.id, ln.version, {"likelihood": 4, "cons_c": 4})
    item = next(i for i in wb.review.checklist(actor, TODAY) if i.key == "high_open")
    assert item.value == 1 and item.rows.iloc[0]["line_id"] == ln.id and item.rows.iloc[0]["entity_id"] == sid
    # An acceptance that expires counts until it has expired.
    wb.assessments.accept_risk(actor, ln.id, v, "Lene Leder", TODAY, "Sag 7", expires=TODAY + timedelta(days=30))
    assert next(i for i in wb.review.checklist(actor, TODAY) if i.key == "high_open").value == 0
    expired = next(i for i in wb.review.checklist(actor, TODAY + timedelta(days=31)) if i.key == "high_open")
    assert expired.value == 1 and bool(expired.rows.iloc[0]["acceptance_expired"])


def test_overdue_measures_and_dispensations_reach_the_checklist(wb, actor, make_system):
    from riskmodel.services.dispensations import DispensationInput

    sid = make_system()
    aid = wb.assessments.start(actor, sid)
    ln = wb.assessments.lines(actor, aid)[0]
    wb.assessments.update_line(actor, ln.id, ln.version, {"planned_measures": "Logning", "measure_owner": "IT",
                                                          "measure_deadline": TODAY + timedelta(days=10)})
    did = wb.dispensations.request(actor, DispensationInput(sid, "Lene Leder", "annex_a", "A.9.4.2", "Gammelt system",
                                                            "Adgang kun fra rådhusets net", TODAY + timedelta(days=60)),
                                   today=TODAY)
    chair = Actor(username="ulla", display_name="Ulla Udvalgsformand", role="udvalgsformand")
    wb.dispensations.decide(chair, did, 1, approve=True, today=TODAY)
    items = {i.key: i for i in wb.review.checklist(actor, TODAY)}
    assert items["measures_overdue"].ok and items["dispensations"].ok
    items = {i.key: i for i in wb.review.checklist(actor, TODAY + timedelta(days=40))}
    assert items["measures_overdue"].value == 1 and list(items["measures_overdue"].rows["line_id"]) == [ln.id]
    assert items["dispensations"].value == 1 and bool(items["dispensations"].rows.iloc[0]["expiring"])
    items = {i.key: i for i in wb.review.checklist(actor, TODAY + timedelta(days=61))}
    assert items["dispensations"].rows.iloc[0]["state"] == "udloebet"
