"""Writing a risk line: validated changes applied against the version (or the field values) the user saw,
audited, and an approval that a changed score outdates. Shared by the assessment, treatment and workshop
services; the SQL is in riskmodel.store (uow's repositories, store.assessments)."""

from __future__ import annotations

from datetime import datetime

from riskmodel.domain.errors import FieldConflictError, Text
from riskmodel.domain.model import LOCAL_ACTOR, FieldConflict
from riskmodel.domain.scales import Preset
from riskmodel.domain.signoff import SNAPSHOT_FIELDS
from riskmodel.services.line_rules import FieldList, seen_value
from riskmodel.store import assessments as assessment_store
from riskmodel.store.uow import UnitOfWork
from riskmodel.store.versioned import check_version, versioned_update

SOMEONE_ELSE_DA = "en anden"


def apply_line_changes(uow: UnitOfWork, row: dict, expected_version: int, clean: dict, action: str = "update") -> int:
    """Write validated changes to a live line (version-checked) and audit them.

    A change to a score, the treatment or the acceptance of an approved assessment makes
    its approval outdated and returns the assessment to review.
    """
    diff = {k: v for k, v in clean.items() if row[k] != v}
    if not diff:
        check_version("risk_lines", row, expected_version)
        return row["version"]
    new_version = uow.lines.update(row["id"], expected_version, diff, uow.actor)
    uow.audit(action, "risk_lines", row["id"], {k: row[k] for k in diff}, diff)
    if set(diff) & set(SNAPSHOT_FIELDS):
        outdate_approval(uow, row["assessment_id"], f"{row['threat_code']} {row['threat_title']}")
    return new_version


def outdate_approval(uow: UnitOfWork, assessment_id: int, what: str) -> None:
    """An approved assessment whose scores change goes back to review; its approval is kept, marked outdated."""
    if assessment_store.status(uow.cur, assessment_id) != "godkendt":
        return
    assessment_store.outdate_approvals(uow.cur, assessment_id, uow.actor.username,
                                       f"Ændret efter godkendelsen: {what}")
    versioned_update(uow.cur, "assessments", assessment_id, {"status": "til_godkendelse"}, uow.actor.username)
    uow.audit("approval_outdated", "assessments", assessment_id, {"status": "godkendt"},
              {"status": "til_godkendelse", "changed": what})


def last_field_change(cur, row: dict, key: str) -> tuple[str, datetime | None]:
    """Who last changed one field of a line, and when (from the audit trail; else the line's last writer)."""
    found = assessment_store.last_field_change(cur, row["id"], key)
    if found:
        return found
    return row.get("updated_by") or "", row.get("updated_at")


def display_name(cur, username: str) -> str:
    """A person's name as shown to others (the account's display name), never a bare username if known."""
    found = assessment_store.display_name(cur, username)
    if found:
        return found
    if username == LOCAL_ACTOR.username:
        return LOCAL_ACTOR.display_name
    return username or SOMEONE_ELSE_DA


def check_seen_fields(uow: UnitOfWork, row: dict, diff: dict, seen: dict, preset: Preset, lens: str) -> None:
    """Refuse, with :class:`FieldConflictError`, when someone other than the acting user changed any field of
    ``diff`` after the user saw it (``seen`` holds what the user's page showed of each field)."""
    conflicts = []
    for key, value in diff.items():
        if seen_value(seen[key], key, preset, lens) == row[key]:
            continue
        who, when = last_field_change(uow.cur, row, key)
        if who == uow.actor.username:
            continue
        conflicts.append(FieldConflict(key, value, row[key], seen[key], display_name(uow.cur, who), when))
    if conflicts:
        by = conflicts[0].by
        by = (Text("people.local") if by == LOCAL_ACTOR.display_name
              else Text("err.someone_else") if by == SOMEONE_ELSE_DA else by)
        raise FieldConflictError("err.assessment.field_conflict", conflicts,
                                 names=FieldList([c.field for c in conflicts]), by=by)
