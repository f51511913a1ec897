"""Reads behind the guided assessment page: one assessment at a glance, and the previous one."""

from __future__ import annotations

import pytest
from helpers import audit_rows, data_digest

from riskmodel.domain.errors import NotFoundError, PermissionDenied
from riskmodel.domain.model import Actor

LENE = Actor(username="lene", display_name="Lene Leder", role="leder", departments=("Borgerservice",))
OTTO = Actor(username="otto", display_name="Otto Anden", role="leder", departments=("Teknik",))


def _score(wb, actor, aid, scores):
    """Score the first lines: scores is a list of (likelihood, consequence[, residual (lik, con)])."""
    for ln, s in zip(wb.assessments.lines(actor, aid), scores, strict=False):
        changes = {"likelihood": s[0], "cons_c": s[1]}
        if len(s) > 2:
            changes.update(residual_likelihood=s[2][0], residual_consequence=s[2][1])
        wb.assessments.update_line(actor, ln.id, ln.version, changes)


def test_summary_counts_lines_per_level_inherent_and_residual(wb, actor, make_system):
    aid = wb.assessments.start(actor, make_system())
    n = len(wb.assessments.lines(actor, aid))
    # Standard matrix: (4, 4) Høj, (2, 3) Middel, (1, 1) Lav; the first is reduced to (1, 2) Lav.
    _score(wb, actor, aid, [(4, 4, (1, 2)), (2, 3), (1, 1)])
    s = wb.assessments.summary(actor, aid)
    assert (s.id, s.status, s.is_current, s.preset_id, s.lines, s.scored) == (aid, "kladde", True, "standard", n, 3)
    assert list(s.inherent) == ["lav", "middel", "hoej"]  # lowest level first, every level present
    assert s.inherent == {"lav": 1, "middel": 1, "hoej": 1}
    assert s.residual == {"lav": 2, "middel": 1, "hoej": 0}
    assert s.approved_at is None and s.approved_by == ""


def test_previous_is_none_until_a_new_assessment_is_started(wb, actor, make_system):
    sid = make_system()
    assert wb.assessments.previous(actor, sid) is None
    first = wb.assessments.start(actor, sid, year=2025)
    assert wb.assessments.previous(actor, sid) is None
    _score(wb, actor, first, [(4, 4), (1, 1)])
    second = wb.assessments.start(actor, sid, year=2026)
    prev = wb.assessments.previous(actor, sid)
    assert (prev.id, prev.year, prev.is_current, prev.scored) == (first, 2025, False, 2)
    assert prev.inherent == {"lav": 1, "middel": 0, "hoej": 1}
    # The third assessment's previous one is the second.
    wb.assessments.start(actor, sid, year=2027)
    assert wb.assessments.previous(actor, sid).id == second


def test_previous_names_its_valid_approval(wb, actor, make_system):
    sid = make_system()
    aid = wb.assessments.start(actor, sid, year=2025)
    for ln in wb.assessments.lines(actor, aid):
        wb.assessments.update_line(actor, ln.id, ln.version, {"likelihood": 1, "cons_c": 1})
    v = wb.signoff.submit(actor, aid, wb.assessments.get(actor, aid).version)
    wb.signoff.approve(actor, aid, v, on_behalf_of="Lene Leder")
    wb.assessments.start(actor, sid, year=2026)
    prev = wb.assessments.previous(actor, sid)
    assert prev.status == "godkendt" and prev.approved_at is not None
    assert (prev.approved_by, prev.on_behalf_of) == ("Lokal bruger", "Lene Leder")


def test_reads_check_access_and_write_nothing(wb, actor, make_system):
    sid = make_system(department="Borgerservice")
    aid = wb.assessments.start(actor, sid)
    wb.assessments.start(actor, sid)
    before = data_digest(wb)
    assert wb.assessments.summary(LENE, aid).id == aid
    assert wb.assessments.previous(LENE, sid).id == aid
    with pytest.raises(PermissionDenied, match="egne afdelinger"):
        wb.assessments.previous(OTTO, sid)
    with pytest.raises(PermissionDenied, match="egne afdelinger"):
        wb.assessments.summary(OTTO, aid)
    with pytest.raises(NotFoundError):
        wb.assessments.previous(actor, 999)
    assert data_digest(wb) == before
    assert [r["actor"] for r in audit_rows(wb, action="denied")][-2:] == ["otto", "otto"]
