"""Sign-off of an assessment: draft -> in review -> approved, with the approval's snapshot.

The responsible manager (a leder with the system in scope) approves. A coordinator may
record an approval given in the room, only on behalf of a named manager. Approval keeps
every line's scores; changing any of them afterwards marks the approval outdated and
returns the assessment to review (see ``assessments.outdate_approval``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date

from riskmodel.domain.errors import ValidationError
from riskmodel.domain.model import Actor, Assessment
from riskmodel.domain.signoff import OpenItem, changed_since, open_items, snapshot
from riskmodel.services.assessments import AssessmentService, scope_of
from riskmodel.services.common import audit_denials, require, text, version_of
from riskmodel.store.db import Database
from riskmodel.store.uow import Assessments, RiskLines, UnitOfWork, rows_as_dicts, unit_of_work

OPEN_ITEM_DA = {
    "unscored": "er ikke scoret",
    "needs_decision": "har en restrisiko, der kræver en foranstaltning (hvad, hvem, frist) eller en accept",
    "acceptance_expired": "har en risikoaccept, der er udløbet",
    "residual_review": "har en gennemført foranstaltning, hvor restrisikoen ikke er set igennem",
    "floor_reason": "har en konsekvens for fortrolighed under den foreslåede mindsteværdi uden begrundelse",
}


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
        cur.execute("SELECT * FROM approvals WHERE assessment_id = ? ORDER BY id DESC", [assessment_id])
        rows = rows_as_dicts(cur)
        for r in rows:
            r["snapshot"] = json.loads(r.pop("snapshot_json"))
        return rows

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
            raise ValidationError("Vurderingen er afløst af en nyere og kan ikke ændres", "assessment")
        if a.version != expected_version:
            raise uow.assessments.stale(uow.assessments.get_row(assessment_id), expected_version)
        return a, s

    def _check_no_open_items(self, uow: UnitOfWork, a: Assessment, today: date | None, verb: str) -> None:
        items = self._items(uow.cur, a, today)
        if not items:
            return
        if items[0].kind == "no_lines":
            raise ValidationError(f"Vurderingen har ingen trusler og kan ikke {verb}", "assessment")
        listed = "; ".join(f"{i.threat} {OPEN_ITEM_DA[i.kind]}" for i in items[:5])
        more = f" (og {len(items) - 5} til)" if len(items) > 5 else ""
        raise ValidationError(
            f"Vurderingen kan ikke {verb}: {len(items)} punkt(er) mangler en beslutning: {listed}{more}", "assessment"
        )

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
                raise ValidationError("Kun en kladde kan sendes til godkendelse", "status")
            self._check_no_open_items(uow, a, today, "sendes til godkendelse")
            return self._set_status(uow, a, "til_godkendelse", expected_version, {})

    def return_to_draft(self, actor: Actor, assessment_id: int, expected_version: int, comment: str) -> int:
        """In review -> draft, with the reason (the approver sends it back, or the team reopens it)."""
        version_of(expected_version)
        reason = text(comment, "Begrundelse", max_len=1000, required=True)
        with unit_of_work(self.db, actor) as uow:
            a, _ = self._for_write(uow, assessment_id, expected_version, "assessment.write")
            if a.status != "til_godkendelse":
                raise ValidationError("Kun en vurdering til godkendelse kan sendes tilbage til kladde", "status")
            return self._set_status(uow, a, "kladde", expected_version, {"comment": reason})

    def approve(self, actor: Actor, assessment_id: int, expected_version: int, comment: str = "",
                on_behalf_of: str = "", today: date | None = None) -> int:
        """In review -> approved. Records who, when, and every line's scores at this moment."""
        version_of(expected_version)
        note = text(comment, "Bemærkning", max_len=1000)
        behalf = text(on_behalf_of, "Godkendt på vegne af", max_len=200)
        if actor.role == "koordinator" and not behalf:
            raise ValidationError(
                "Den ansvarlige leder godkender. Som koordinator kan du kun registrere en godkendelse på vegne af "
                "en navngiven leder: udfyld 'Godkendt på vegne af'",
                "on_behalf_of",
            )
        if actor.role != "koordinator" and behalf:
            raise ValidationError("'Godkendt på vegne af' bruges kun, når koordinatoren registrerer godkendelsen",
                                  "on_behalf_of")
        with unit_of_work(self.db, actor) as uow:
            a, _ = self._for_write(uow, assessment_id, expected_version, "assessment.approve")
            if a.status != "til_godkendelse":
                raise ValidationError("Kun en vurdering, der er sendt til godkendelse, kan godkendes", "status")
            self._check_no_open_items(uow, a, today, "godkendes")
            preset = self.assessments.preset_of(a)
            snap = snapshot(uow.lines.for_assessment(a.id), preset)
            uow.cur.execute(
                "INSERT INTO approvals (assessment_id, approved_by, approver_name, approver_role, on_behalf_of, "
                "comment, snapshot_json) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                [a.id, actor.username, actor.display_name, actor.role, behalf, note,
                 json.dumps({"preset": preset.id, "lines": snap}, ensure_ascii=False, sort_keys=True)],
            )
            approval_id = uow.cur.fetchone()[0]
            new_version = self._set_status(uow, a, "godkendt", expected_version,
                                           {"approval_id": approval_id, "on_behalf_of": behalf, "comment": note,
                                            "lines": len(snap)})
        return new_version
