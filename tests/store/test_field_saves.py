"""Field-level saving of a risk line (issue 14): a save carries what the user saw of each
field it changes. Own successive edits never conflict; another person's change to the same
field is refused with both values, who and when; different fields both stick; a no-op
writes nothing; the audit trail keeps before/after of every change."""

from __future__ import annotations

import json
import threading

import pytest
from helpers import audit_rows, data_digest, table_digest

from riskmodel.domain.errors import FieldConflictError, StaleVersionError, ValidationError
from riskmodel.domain.model import LOCAL_ACTOR, Actor, SystemInput

ANNE = Actor(username="anne", display_name="Anne Andersen", role="koordinator")
BO = Actor(username="bo", display_name="Bo Bendtsen", role="koordinator")


@pytest.fixture
def line(wb, actor):
    """A fresh line of a started assessment, and the people who score it (with accounts)."""
    wb.users.add(actor, "anne", "Anne Andersen", "koordinator")
    wb.users.add(actor, "bo", "Bo Bendtsen", "koordinator")
    sid = wb.systems.create(actor, SystemInput(name="Sagssystem", department="Borgerservice", owner="Anne Andersen"))
    aid = wb.assessments.start(actor, sid, 2026)
    return wb.assessments.lines(LOCAL_ACTOR, aid)[0]


def stored(wb, line_id: int):
    return wb.assessments.line(LOCAL_ACTOR, line_id)


def line_audits(wb, line_id: int) -> list[dict]:
    return [r for r in audit_rows(wb, entity="risk_lines", entity_id=str(line_id)) if r["action"] == "update"]


def test_own_successive_edits_never_conflict_even_when_the_page_lags_behind(wb, line):
    # A person clicks faster than the page redraws: each save still carries what the page
    # showed when the line was opened (nothing), never what the previous click stored.
    for value in (1, 2, 3, 4, 2):
        wb.assessments.save_fields(ANNE, line.id, {"likelihood": value}, {"likelihood": None})
    for field, value in (("cons_c", 3), ("cons_i", 2), ("cons_a", 4)):
        wb.assessments.save_fields(ANNE, line.id, {field: value}, {field: None})
    got = stored(wb, line.id)
    assert (got.likelihood, got.cons_c, got.cons_i, got.cons_a) == (2, 3, 2, 4)
    assert got.version == line.version + 8


def test_own_edits_from_parallel_threads_all_stick(wb, line):
    fields = {"likelihood": 3, "cons_c": 2, "cons_i": 4, "cons_a": 1}
    errors = []

    def save(field, value):
        try:
            wb.assessments.save_fields(ANNE, line.id, {field: value}, {field: None})
        except Exception as err:  # noqa: BLE001 - collected and asserted below
            errors.append(err)

    threads = [threading.Thread(target=save, args=item) for item in fields.items()]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    got = stored(wb, line.id)
    assert {f: getattr(got, f) for f in fields} == fields


def test_another_person_same_field_is_refused_with_both_values_who_and_when(wb, line):
    wb.assessments.save_fields(ANNE, line.id, {"likelihood": 2}, {"likelihood": None})
    before = data_digest(wb)
    with pytest.raises(FieldConflictError) as caught:
        # Bo opened the line before Anne saved: he saw no likelihood and now picks 4.
        wb.assessments.save_fields(BO, line.id, {"likelihood": 4}, {"likelihood": None})
    assert data_digest(wb) == before  # nothing written
    [conflict] = caught.value.conflicts
    assert (conflict.field, conflict.yours, conflict.theirs, conflict.seen) == ("likelihood", 4, 2, None)
    assert conflict.by == "Anne Andersen"  # the display name, not the username
    assert conflict.at is not None
    assert "Sandsynlighed" in str(caught.value) and "Anne Andersen" in str(caught.value)
    assert isinstance(caught.value, StaleVersionError)  # older callers that catch the row error still do
    # Having seen Anne's value, Bo may choose his own: the save now carries what he saw.
    wb.assessments.save_fields(BO, line.id, {"likelihood": 4}, {"likelihood": 2})
    assert stored(wb, line.id).likelihood == 4


def test_another_person_other_field_both_stick(wb, line):
    wb.assessments.save_fields(ANNE, line.id, {"likelihood": 3}, {"likelihood": None})
    wb.assessments.save_fields(BO, line.id, {"cons_c": 2}, {"cons_c": None})  # opened before Anne's save
    wb.assessments.save_fields(ANNE, line.id, {"score_rationale": "Set i 2025"}, {"score_rationale": ""})
    got = stored(wb, line.id)
    assert (got.likelihood, got.cons_c, got.score_rationale) == (3, 2, "Set i 2025")


def test_a_no_op_save_writes_nothing(wb, line):
    wb.assessments.save_fields(ANNE, line.id, {"likelihood": 3}, {"likelihood": None})
    before = table_digest(wb)  # the audit trail included
    version = stored(wb, line.id).version
    assert wb.assessments.save_fields(ANNE, line.id, {"likelihood": 3}, {"likelihood": 3}) == version
    # Also when someone else saw an older value but chose what is stored now: no conflict, nothing written.
    assert wb.assessments.save_fields(BO, line.id, {"likelihood": 3}, {"likelihood": None}) == version
    assert table_digest(wb) == before


def test_every_change_is_audited_with_before_and_after(wb, line):
    wb.assessments.save_fields(ANNE, line.id, {"likelihood": 2}, {"likelihood": None})
    wb.assessments.save_fields(ANNE, line.id, {"likelihood": 4}, {"likelihood": None})
    wb.assessments.save_fields(BO, line.id, {"cons_i": 1}, {"cons_i": None})
    rows = line_audits(wb, line.id)
    assert [(r["actor"], json.loads(r["before_json"]), json.loads(r["after_json"])) for r in rows] == [
        ("anne", {"likelihood": None}, {"likelihood": 2}),
        ("anne", {"likelihood": 2}, {"likelihood": 4}),
        ("bo", {"cons_i": None}, {"cons_i": 1}),
    ]


def test_a_conflict_in_one_field_writes_none_of_the_others(wb, line):
    wb.assessments.save_fields(ANNE, line.id, {"cons_a": 3}, {"cons_a": None})
    before = data_digest(wb)
    with pytest.raises(FieldConflictError) as caught:
        wb.assessments.save_fields(BO, line.id, {"cons_a": 1, "cons_c": 2}, {"cons_a": None, "cons_c": None})
    assert [c.field for c in caught.value.conflicts] == ["cons_a"]
    assert data_digest(wb) == before


def test_dates_and_texts_compare_as_stored(wb, line):
    wb.assessments.save_fields(ANNE, line.id, {"measure_deadline": "2026-12-31"}, {"measure_deadline": None})
    wb.assessments.save_fields(BO, line.id, {"measure_deadline": "2027-01-31"}, {"measure_deadline": "2026-12-31"})
    wb.assessments.save_fields(BO, line.id, {"scenario": "  Phishing  "}, {"scenario": None})
    got = stored(wb, line.id)
    assert str(got.measure_deadline) == "2027-01-31" and got.scenario == "Phishing"


def test_a_reconnected_tab_saves_against_its_copy_of_what_it_showed(wb, line):
    """Issue 14 (3): after a server restart a tab's click reaches a new session, which knows nothing of what
    the tab showed; the tab sends its copy along (pages/assessment_steps/fields.py line_done) and the save
    carries that copy, not what is stored now."""
    copy = {"likelihood": None, "cons_c": None}  # the tab showed the line unscored
    # Its click on likelihood 2 was saved, but the server died before the tab was drawn again: its copy is old.
    wb.assessments.save_fields(ANNE, line.id, {"likelihood": 2}, {"likelihood": None})
    # Meanwhile Bo set the consequence for confidentiality.
    wb.assessments.save_fields(BO, line.id, {"cons_c": 4}, {"cons_c": None})
    # Anne's own earlier click never stands in the way.
    wb.assessments.save_fields(ANNE, line.id, {"likelihood": 3}, {"likelihood": copy["likelihood"]})
    # Bo's change is refused, both values shown; compared with what is stored now (all the new session
    # could have used without the copy) it would have been overwritten.
    before = data_digest(wb)
    with pytest.raises(FieldConflictError) as caught:
        wb.assessments.save_fields(ANNE, line.id, {"cons_c": 1}, {"cons_c": copy["cons_c"]})
    assert data_digest(wb) == before
    [conflict] = caught.value.conflicts
    assert (conflict.yours, conflict.theirs, conflict.by) == (1, 4, "Bo Bendtsen")
    got = stored(wb, line.id)
    assert (got.likelihood, got.cons_c) == (3, 4)


@pytest.mark.parametrize(
    ("changes", "seen", "message"),
    [
        ({"likelihood": 9}, {"likelihood": None}, "Sandsynlighed"),
        ({"likelihood": 2}, {}, "Sandsynlighed"),
        ({}, {}, "Ingen ændringer"),
        ({"version": 1}, {"version": 1}, "version"),
        ([("likelihood", 2)], {}, "felt for felt"),
    ],
)
def test_bad_saves_are_refused_and_change_nothing(wb, line, changes, seen, message):
    before = data_digest(wb)
    with pytest.raises(ValidationError, match=message):
        wb.assessments.save_fields(ANNE, line.id, changes, seen)
    assert data_digest(wb) == before


def test_the_old_row_version_rule_still_serves_other_callers(wb, line):
    wb.assessments.save_fields(ANNE, line.id, {"likelihood": 2}, {"likelihood": None})
    with pytest.raises(StaleVersionError):
        wb.assessments.update_line(BO, line.id, line.version, {"cons_c": 2})
    assert wb.assessments.update_line(BO, line.id, line.version + 1, {"cons_c": 2}) == line.version + 2
