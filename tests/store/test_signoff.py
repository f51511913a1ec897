"""Sign-off and risk acceptance on a real DuckDB file: draft -> in review -> approved,
the approval's snapshot, outdated approvals, and what still needs a decision."""

from __future__ import annotations

from datetime import timedelta

import pytest
from helpers import audit_rows, data_digest

from riskmodel.domain.dates import dk_today
from riskmodel.domain.errors import PermissionDenied, StaleVersionError, ValidationError
from riskmodel.domain.model import Actor

LENE = Actor(username="lene", display_name="Lene Leder", role="leder", departments=("Borgerservice",))
OTTO = Actor(username="otto", display_name="Otto Anden", role="leder", departments=("Teknik",))


def _score_all(wb, actor, aid, lik=1, con=1):
    for ln in wb.assessments.lines(actor, aid):
        wb.assessments.update_line(actor, ln.id, ln.version, {"likelihood": lik, "cons_c": con, "cons_i": con, "cons_a": con})


@pytest.fixture
def scored(wb, actor, make_system):
    """A system in Borgerservice with a started assessment whose lines are all scored low (1, 1)."""
    sid = make_system()
    aid = wb.assessments.start(actor, sid)
    _score_all(wb, actor, aid)
    return aid


def _version(wb, actor, aid):
    return wb.assessments.get(actor, aid).version


def test_unscored_lines_block_submission_and_are_listed(wb, actor, make_system):
    aid = wb.assessments.start(actor, make_system())
    lines = wb.assessments.lines(actor, aid)
    items = wb.signoff.open_items(actor, aid)
    assert [i.kind for i in items] == ["unscored"] * len(lines)
    before = data_digest(wb)
    with pytest.raises(ValidationError, match=r"kan ikke sendes til godkendelse: \d+ punkt\(er\) mangler en beslutning"):
        wb.signoff.submit(actor, aid, _version(wb, actor, aid))
    assert data_digest(wb) == before


def test_a_high_residual_needs_a_measure_or_an_acceptance(wb, actor, scored):
    line = wb.assessments.lines(actor, scored)[0]
    # Standard matrix: 4 x 4 is "Høj", which requires action.
    v = wb.assessments.update_line(actor, line.id, line.version, {"likelihood": 4, "cons_c": 4})
    items = wb.signoff.open_items(actor, scored)
    assert [(i.line_id, i.kind) for i in items] == [(line.id, "needs_decision")]
    # A measure without an owner and a deadline is not yet a decision.
    v = wb.assessments.update_line(actor, line.id, v, {"planned_measures": "Tofaktor for alle brugere"})
    assert [i.kind for i in wb.signoff.open_items(actor, scored)] == ["needs_decision"]
    v = wb.assessments.update_line(actor, line.id, v, {"measure_owner": "IT-chefen",
                                                        "measure_deadline": dk_today() + timedelta(days=60)})
    assert wb.signoff.open_items(actor, scored) == []
    # Or no measure, but an explicit acceptance.
    v = wb.assessments.update_line(actor, line.id, v, {"planned_measures": ""})
    assert [i.kind for i in wb.signoff.open_items(actor, scored)] == ["needs_decision"]
    v = wb.assessments.accept_risk(actor, line.id, v, "Lene Leder", dk_today(), "Direktionsmøde 12-11, pkt. 4")
    assert wb.signoff.open_items(actor, scored) == []
    got = wb.assessments.line(actor, line.id)
    assert (got.accepted_by, got.accepted_on, got.acceptance_ref) == ("Lene Leder", dk_today(), "Direktionsmøde 12-11, pkt. 4")


def test_a_residual_below_the_threshold_needs_no_decision(wb, actor, scored):
    line = wb.assessments.lines(actor, scored)[0]
    v = wb.assessments.update_line(actor, line.id, line.version, {"likelihood": 4, "cons_c": 4})
    wb.assessments.update_line(actor, line.id, v, {"residual_likelihood": 1, "residual_consequence": 2})
    assert wb.signoff.open_items(actor, scored) == []


def test_an_expired_acceptance_is_open_again(wb, actor, scored):
    line = wb.assessments.lines(actor, scored)[0]
    v = wb.assessments.update_line(actor, line.id, line.version, {"likelihood": 4, "cons_c": 4})
    wb.assessments.accept_risk(actor, line.id, v, "Lene Leder", dk_today() - timedelta(days=10), "Sag 1",
                               expires=dk_today() + timedelta(days=5))
    assert wb.signoff.open_items(actor, scored) == []
    later = dk_today() + timedelta(days=6)
    assert [i.kind for i in wb.signoff.open_items(actor, scored, today=later)] == ["acceptance_expired"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("", dk_today(), "Sag 1"), "Accepteret af skal udfyldes"),
        (("Lene", None, "Sag 1"), "Dato for accept skal udfyldes"),
        (("Lene", dk_today(), ""), "Henvisning til beslutningen skal udfyldes"),
        (("Lene", dk_today() + timedelta(days=1), "Sag 1"), "kan ikke ligge i fremtiden"),
        (("Lene", "31-02-2026", "Sag 1"), "er ikke en dato"),
    ],
)
def test_acceptance_refuses_missing_or_bad_fields(wb, actor, scored, args, message):
    line = wb.assessments.lines(actor, scored)[0]
    before = data_digest(wb)
    with pytest.raises(ValidationError, match=message):
        wb.assessments.accept_risk(actor, line.id, line.version, *args)
    assert data_digest(wb) == before


def test_acceptance_must_expire_after_it_was_given(wb, actor, scored):
    line = wb.assessments.lines(actor, scored)[0]
    with pytest.raises(ValidationError, match="udløbe efter datoen"):
        wb.assessments.accept_risk(actor, line.id, line.version, "Lene", dk_today(), "Sag", expires=dk_today())


def test_full_sign_off_records_who_when_and_the_scores(wb, actor, scored):
    v = wb.signoff.submit(actor, scored, _version(wb, actor, scored))
    assert wb.assessments.get(actor, scored).status == "til_godkendelse"
    wb.signoff.approve(LENE, scored, v, comment="Godkendt på ledermødet")
    state = wb.signoff.state(actor, scored)
    assert state.status == "godkendt"
    assert state.approval["approver_name"] == "Lene Leder" and state.approval["approver_role"] == "leder"
    assert state.approval["comment"] == "Godkendt på ledermødet"
    lines = wb.assessments.lines(actor, scored)
    snap = state.approval["snapshot"]["lines"]
    assert set(snap) == {str(ln.id) for ln in lines}
    assert all(row["likelihood"] == 1 and row["level"] == "lav" for row in snap.values())
    assert [r["after_json"] for r in audit_rows(wb, entity="assessments", action="status")][-1].count("godkendt") == 1


def test_a_score_change_after_approval_outdates_it_and_returns_to_review(wb, actor, scored):
    v = wb.signoff.submit(actor, scored, _version(wb, actor, scored))
    wb.signoff.approve(LENE, scored, v)
    line = wb.assessments.lines(actor, scored)[2]
    # A text edit does not touch the approval.
    lv = wb.assessments.update_line(actor, line.id, line.version, {"scenario": "Præciseret scenarie"})
    assert wb.signoff.state(actor, scored).status == "godkendt"
    wb.assessments.update_line(actor, line.id, lv, {"likelihood": 2})
    state = wb.signoff.state(actor, scored)
    assert state.status == "til_godkendelse"
    assert state.approval is None
    assert state.outdated["approver_name"] == "Lene Leder"
    assert "Ændret efter godkendelsen" in state.outdated["outdated_reason"]
    assert state.changed == [f"{line.threat_code} {line.threat_title}"]
    # Approving again gives a fresh, valid approval; the outdated one is kept.
    wb.signoff.approve(LENE, scored, wb.assessments.get(actor, scored).version)
    assert len(wb.signoff.approvals(actor, scored)) == 2
    assert wb.signoff.state(actor, scored).approval is not None


def test_removing_a_threat_after_approval_outdates_it(wb, actor, scored):
    wb.signoff.approve(LENE, scored, wb.signoff.submit(actor, scored, _version(wb, actor, scored)))
    line = wb.assessments.lines(actor, scored)[0]
    wb.assessments.remove_line(actor, line.id, line.version)
    state = wb.signoff.state(actor, scored)
    assert state.status == "til_godkendelse" and f"{line.threat_code} {line.threat_title}" in state.changed


def test_a_coordinator_approves_only_on_behalf_of_a_named_manager(wb, actor, scored):
    v = wb.signoff.submit(actor, scored, _version(wb, actor, scored))
    before = data_digest(wb)
    with pytest.raises(ValidationError, match="på vegne af"):
        wb.signoff.approve(actor, scored, v)
    assert data_digest(wb) == before
    wb.signoff.approve(actor, scored, v, on_behalf_of="Lene Leder")
    assert wb.signoff.state(actor, scored).approval["on_behalf_of"] == "Lene Leder"


def test_a_manager_of_another_department_cannot_approve(wb, actor, scored):
    v = wb.signoff.submit(actor, scored, _version(wb, actor, scored))
    before = data_digest(wb)
    with pytest.raises(PermissionDenied):
        wb.signoff.approve(OTTO, scored, v)
    assert data_digest(wb) == before
    reader = Actor(username="frida", display_name="Frida Formand", role="udvalgsformand")
    with pytest.raises(PermissionDenied):
        wb.signoff.approve(reader, scored, v)


def test_approval_needs_review_status_and_the_current_version(wb, actor, scored):
    with pytest.raises(ValidationError, match="sendt til godkendelse"):
        wb.signoff.approve(LENE, scored, _version(wb, actor, scored))
    v = wb.signoff.submit(actor, scored, _version(wb, actor, scored))
    with pytest.raises(StaleVersionError):
        wb.signoff.approve(LENE, scored, v - 1)


def test_return_to_draft_needs_a_reason(wb, actor, scored):
    v = wb.signoff.submit(actor, scored, _version(wb, actor, scored))
    with pytest.raises(ValidationError, match="Begrundelse skal udfyldes"):
        wb.signoff.return_to_draft(LENE, scored, v, "  ")
    wb.signoff.return_to_draft(LENE, scored, v, "Mangler leverandørens svar")
    assert wb.assessments.get(actor, scored).status == "kladde"


def test_an_empty_assessment_cannot_be_submitted(wb, actor, scored):
    for ln in wb.assessments.lines(actor, scored):
        wb.assessments.remove_line(actor, ln.id, ln.version)
    with pytest.raises(ValidationError, match="ingen trusler"):
        wb.signoff.submit(actor, scored, _version(wb, actor, scored))
