"""Sign-off of an assessment: draft -> in review -> approved, with the approval's snapshot.

The responsible manager (a leder with the system in scope) approves. A coordinator may
record an approval given in the room, only on behalf of a named manager. Approval keeps
every line's scores; changing any of them afterwards marks the approval outdated and
returns the assessment to review (see ``assessments.outdate_approval``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from riskmodel.domain.errors import Text, ValidationError
from riskmodel.domain.model import Actor, Assessment
from riskmodel.domain.signoff import OpenItem, changed_since, open_items, snapshot
from riskmodel.services.assessments import AssessmentService, scope_of
from riskmodel.services.common import audit_denials, require, text, version_of
from riskmodel.store import signoff as signoff_store
from riskmodel.store.db import Database
from riskmodel.store.uow import Assessments, RiskLines, UnitOfWork, unit_of_work


class _OpenItems(Text):
    """The first open items of an assessment as an error's parameter: "threat what is missing; ...", in the
    reader's language (``err.signoff.item.<kind>``)."""

    def __init__(self, items: list[OpenItem]):
        super().__init__("err.signoff.open_items")
        self.items = items

    def text(self, lang: str) -> str:
        from riskmodel.i18n import t

        return "; ".join(f"{i.threat} {t(f'err.signoff.item.{i.kind}', lang)}" for i in self.items)


class _More(Text):
    """" (og 3 til)": how many open items the message leaves out, if any."""

    def __init__(self, n: int):
        super().__init__("err.signoff.more", n=n)
        self.n = n

    def text(self, lang: str) -> str:
        return super().text(lang) if self.n > 0 else ""


@dataclass
class SignoffState:
    status: str
    version: int
    open_items: list[OpenItem]
    approval: dict | None = None  # the valid approval, if any
    outdated: dict | None = None  # the latest approval, when a change made it outdated
    changed: list[str] = field(default_factory=list)  # threats changed since that approval


@audit_denials
class SignoffService:
    def __init__(self, db: Database, assessments: AssessmentService):
        self.db = db
        self.assessments = assessments

    # -- reads -------------------------------------------------------------------
    @staticmethod
    def _assessment(cur, actor: Actor, assessment_id: int, action: str = "read"):
        a = Assessments(cur).get(assessment_id)
        sc = scope_of(cur, a)
        require(actor, action, sc.department, sc.owner)
        return a, sc

    def _items(self, cur, a: Assessment, today: date | None, lines: list | None = None) -> list[OpenItem]:
        lines = RiskLines(cur).for_assessment(a.id) if lines is None else lines
        items = open_items(lines, self.assessments.preset_of(a), self.assessments.floor_of(cur, a), today)
        if not lines:
            items.insert(0, OpenItem(0, "", "no_lines"))
        return items

    def open_items(self, actor: Actor, assessment_id: int, today: date | None = None) -> list[OpenItem]:
        with self.db.read() as cur:
            a, _ = self._assessment(cur, actor, assessment_id)
            return self._items(cur, a, today)

    def approvals(self, actor: Actor, assessment_id: int) -> list[dict]:
        """Every approval of the assessment, newest first, with its snapshot decoded."""
        with self.db.read() as cur:
            self._assessment(cur, actor, assessment_id)
            return self._approvals(cur, assessment_id)

    @staticmethod
    def _approvals(cur, assessment_id: int) -> list[dict]:
        return signoff_store.approvals(cur, assessment_id)

    def state(self, actor: Actor, assessment_id: int, today: date | None = None) -> SignoffState:
        with self.db.read() as cur:
            a, _ = self._assessment(cur, actor, assessment_id)
            approvals = self._approvals(cur, assessment_id)
            lines = RiskLines(cur).for_assessment(a.id)
            items = self._items(cur, a, today, lines)
        st = SignoffState(status=a.status, version=a.version, open_items=items)
        if approvals:
            latest = approvals[0]
            if latest["outdated_at"] is None and a.status == "godkendt":
                st.approval = latest
            elif latest["outdated_at"] is not None:
                st.outdated = latest
                st.changed = changed_since(latest["snapshot"]["lines"], lines, self.assessments.preset_of(a))
        return st

    # -- writes ------------------------------------------------------------------
    def _for_write(self, uow: UnitOfWork, assessment_id: int, expected_version: int, action: str):
        a, s = self._assessment(uow.cur, uow.actor, assessment_id, action)
        if not a.is_current:
            raise ValidationError("err.signoff.superseded", "assessment")
        if a.version != expected_version:
            raise uow.assessments.stale(uow.assessments.get_row(assessment_id), expected_version)
        return a, s

    def _check_no_open_items(self, uow: UnitOfWork, a: Assessment, today: date | None, verb: str) -> None:
        items = self._items(uow.cur, a, today)
        if not items:
            return
        if items[0].kind == "no_lines":
            raise ValidationError("err.signoff.no_threats", "assessment", verb=Text(f"err.signoff.verb.{verb}"))
        raise ValidationError("err.signoff.open_items", "assessment", verb=Text(f"err.signoff.verb.{verb}"),
                              n=len(items), listed=_OpenItems(items[:5]), more=_More(len(items) - 5))

    def _set_status(self, uow: UnitOfWork, a: Assessment, status: str, expected_version: int, extra: dict) -> int:
        new_version = uow.assessments.update(a.id, expected_version, {"status": status}, uow.actor)
        uow.audit("status", "assessments", a.id, {"status": a.status}, {"status": status, **extra})
        return new_version

    def submit(self, actor: Actor, assessment_id: int, expected_version: int, today: date | None = None) -> int:
        """Draft -> in review: only when every line is scored and every risk above the threshold is decided."""
        version_of(expected_version)
        with unit_of_work(self.db, actor) as uow:
            a, _ = self._for_write(uow, assessment_id, expected_version, "assessment.write")
            if a.status != "kladde":
                raise ValidationError("err.signoff.only_draft", "status")
            self._check_no_open_items(uow, a, today, "submit")
            return self._set_status(uow, a, "til_godkendelse", expected_version, {})

    def return_to_draft(self, actor: Actor, assessment_id: int, expected_version: int, comment: str) -> int:
        """In review -> draft, with the reason (the approver sends it back, or the team reopens it)."""
        version_of(expected_version)
        reason = text(comment, "Begrundelse", max_len=1000, required=True)
        with unit_of_work(self.db, actor) as uow:
            a, _ = self._for_write(uow, assessment_id, expected_version, "assessment.write")
            if a.status != "til_godkendelse":
                raise ValidationError("err.signoff.only_in_review_back", "status")
            return self._set_status(uow, a, "kladde", expected_version, {"comment": reason})

    def approve(self, actor: Actor, assessment_id: int, expected_version: int, comment: str = "",
                on_behalf_of: str = "", today: date | None = None) -> int:
        """In review -> approved. Records who, when, and every line's scores at this moment."""
        version_of(expected_version)
        note = text(comment, "Bemærkning", max_len=1000)
        behalf = text(on_behalf_of, "Godkendt på vegne af", max_len=200)
        if actor.role == "koordinator" and not behalf:
            raise ValidationError("err.signoff.coordinator_on_behalf", "on_behalf_of")
        if actor.role != "koordinator" and behalf:
            raise ValidationError("err.signoff.on_behalf_only_coordinator", "on_behalf_of")
        with unit_of_work(self.db, actor) as uow:
            a, _ = self._for_write(uow, assessment_id, expected_version, "assessment.approve")
            if a.status != "til_godkendelse":
                raise ValidationError("err.signoff.only_in_review_approve", "status")
            self._check_no_open_items(uow, a, today, "approve")
            preset = self.assessments.preset_of(a)
            snap = snapshot(uow.lines.for_assessment(a.id), preset)
            approval_id = signoff_store.insert_approval(uow.cur, a.id, actor, behalf, note,
                                                        {"preset": preset.id, "lines": snap})
            new_version = self._set_status(uow, a, "godkendt", expected_version,
                                           {"approval_id": approval_id, "on_behalf_of": behalf, "comment": note,
                                            "lines": len(snap)})
        return new_version
