"""The treatment plan on a real DuckDB file: measures with status and Annex A controls, overdue flags,
and the residual review a finished measure asks for."""

from __future__ import annotations

from datetime import timedelta

import pytest
from helpers import data_digest

from riskmodel.domain.dates import dk_today
from riskmodel.domain.errors import PermissionDenied, StaleVersionError, ValidationError
from riskmodel.domain.model import Actor

TODAY = dk_today()
LENE = Actor(username="lene", display_name="Lene Leder", role="leder", departments=("Borgerservice",))


@pytest.fixture
def measured(wb, actor, make_system):
    """(assessment id, line): a scored line with a measure due in ten days."""
    aid = wb.assessments.start(actor, make_system())
    ln = wb.assessments.lines(actor, aid)[0]
    v = wb.assessments.update_line(actor, ln.id, ln.version, {
        "likelihood": 4, "cons_c": 4, "planned_measures": "Tofaktorlogin", "measure_owner": "IT-chefen",
        "measure_deadline": TODAY + timedelta(days=10)})
    return aid, wb.assessments.line(actor, ln.id), v


def plan_row(wb, actor, line_id, today=TODAY):
    df = wb.treatment.plan(actor, today)
    return df[df["line_id"] == line_id].iloc[0]


def test_the_plan_lists_measures_with_their_state(wb, actor, measured):
    _, ln, _ = measured
    df = wb.treatment.plan(actor, TODAY)
    assert list(df["line_id"]) == [ln.id]  # lines without a planned measure are not measures
    r = df.iloc[0]
    assert (r["measure"], r["measure_owner"], r["deadline"], r["status"], r["controls"], bool(r["overdue"])) == (
        "Tofaktorlogin", "IT-chefen", TODAY + timedelta(days=10), "planlagt", [], False)
    assert bool(plan_row(wb, actor, ln.id, TODAY + timedelta(days=11))["overdue"])


def test_status_and_controls_are_validated_and_saved(wb, actor, measured):
    _, ln, v = measured
    before = data_digest(wb)
    with pytest.raises(ValidationError, match="Annex A-kontrol 'A.99.1' findes ikke i kataloget"):
        wb.treatment.update_measure(actor, ln.id, v, controls=["A.9.4.2", "A.99.1"])
    with pytest.raises(ValidationError, match="Status for foranstaltningen: 'færdig' er ikke en gyldig værdi"):
        wb.treatment.update_measure(actor, ln.id, v, status="færdig")
    with pytest.raises(StaleVersionError):
        wb.treatment.update_measure(actor, ln.id, v - 1, status="i_gang")
    assert data_digest(wb) == before
    v2 = wb.treatment.update_measure(actor, ln.id, v, status="i_gang", controls=["a.9.4.2", "A.9.2.3", "A.9.4.2"])
    r = plan_row(wb, actor, ln.id)
    assert (r["status"], r["controls"], r["version"]) == ("i_gang", ["A.9.4.2", "A.9.2.3"], v2)


def test_a_finished_measure_asks_for_the_residual_to_be_reviewed(wb, actor, measured):
    aid, ln, v = measured
    v = wb.treatment.update_measure(actor, ln.id, v, status="gennemfoert", today=TODAY)
    r = plan_row(wb, actor, ln.id, TODAY + timedelta(days=30))
    assert (r["done_on"], bool(r["residual_review"]), bool(r["overdue"])) == (TODAY, True, False)
    assert [i.kind for i in wb.signoff.open_items(actor, aid) if i.line_id == ln.id] == ["residual_review"]
    # Confirming the residual as it is closes the review.
    v = wb.treatment.confirm_residual(actor, ln.id, v)
    assert not wb.assessments.line(actor, ln.id).residual_review
    # Reopening and rescoring through the assessment closes it as well.
    v = wb.treatment.update_measure(actor, ln.id, v, status="i_gang")
    assert wb.assessments.line(actor, ln.id).measure_done_on is None
    v = wb.treatment.update_measure(actor, ln.id, v, status="gennemfoert")
    wb.assessments.update_line(actor, ln.id, v, {"residual_likelihood": 1, "residual_consequence": 2})
    got = wb.assessments.line(actor, ln.id)
    assert (got.residual_review, got.residual) == (False, (1, 2))


def test_confirm_with_new_residual_scores_validates_them(wb, actor, measured):
    _, ln, v = measured
    v = wb.treatment.update_measure(actor, ln.id, v, status="gennemfoert")
    before = data_digest(wb)
    with pytest.raises(ValidationError, match="Restrisiko: sandsynlighed: 9 ligger uden for skalaen 1-4"):
        wb.treatment.confirm_residual(actor, ln.id, v, 9, 1)
    assert data_digest(wb) == before
    wb.treatment.confirm_residual(actor, ln.id, v, 2, 2)
    got = wb.assessments.line(actor, ln.id)
    assert (got.residual, got.residual_review) == ((2, 2), False)


def test_finishing_a_measure_on_an_approved_assessment_keeps_the_approval(wb, actor, make_system):
    aid = wb.assessments.start(actor, make_system())
    lines = wb.assessments.lines(actor, aid)
    for ln in lines:
        wb.assessments.update_line(actor, ln.id, ln.version, {"likelihood": 1, "cons_c": 1, "cons_i": 1, "cons_a": 1})
    ln = wb.assessments.line(actor, lines[0].id)
    v = wb.assessments.update_line(actor, ln.id, ln.version, {"planned_measures": "Backup-test", "measure_owner": "IT",
                                                              "measure_deadline": TODAY})
    wb.signoff.submit(actor, aid, wb.assessments.get(actor, aid).version)
    wb.signoff.approve(actor, aid, wb.assessments.get(actor, aid).version, on_behalf_of="Lene Leder")
    wb.treatment.update_measure(actor, ln.id, v, status="gennemfoert")
    assert wb.assessments.get(actor, aid).status == "godkendt"


def test_a_measure_needs_a_text_before_it_gets_a_status(wb, actor, make_system):
    aid = wb.assessments.start(actor, make_system())
    ln = wb.assessments.lines(actor, aid)[0]
    with pytest.raises(ValidationError, match="Beskriv foranstaltningen"):
        wb.treatment.update_measure(actor, ln.id, ln.version, status="i_gang")


def test_a_leder_sees_and_changes_only_measures_in_scope(wb, actor, make_system):
    aid = wb.assessments.start(actor, make_system(department="Teknik"))
    ln = wb.assessments.lines(actor, aid)[0]
    v = wb.assessments.update_line(actor, ln.id, ln.version, {"planned_measures": "Segmentering"})
    assert wb.treatment.plan(LENE, TODAY).empty
    with pytest.raises(PermissionDenied):
        wb.treatment.update_measure(LENE, ln.id, v, status="i_gang")
