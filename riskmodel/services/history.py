"""Who changed what, when: the audit trail of one system or one assessment, for reading."""

from __future__ import annotations

import json

import pandas as pd

from riskmodel.domain.model import Actor
from riskmodel.services.assessments import scope_of
from riskmodel.services.common import audit_denials, require
from riskmodel.store.db import Database
from riskmodel.store.queries import history as audit_history
from riskmodel.store.uow import Assessments, Systems

COLUMNS = ["at", "actor", "action", "entity", "entity_id", "what", "field", "before", "after"]


def _explode(df: pd.DataFrame) -> pd.DataFrame:
    """One row per changed field: (field, before, after) out of the before/after JSON; the field and the values as
    stored (the page names them in the reader's language: pages/ui/widgets.py history_table)."""
    out = []
    for r in df.itertuples(index=False):
        before = json.loads(r.before_json) if isinstance(r.before_json, str) else {}
        after = json.loads(r.after_json) if isinstance(r.after_json, str) else {}
        before = before if isinstance(before, dict) else {"": before}
        after = after if isinstance(after, dict) else {"": after}
        keys = list(dict.fromkeys([*after.keys(), *before.keys()])) or [""]
        for k in keys:
            out.append({"at": r.at, "actor": r.actor, "action": r.action, "entity": r.entity,
                        "entity_id": r.entity_id, "what": r.what, "field": k,
                        "before": _show(before.get(k)), "after": _show(after.get(k))})
    return pd.DataFrame(out, columns=COLUMNS)


def _show(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


@audit_denials
class HistoryService:
    def __init__(self, db: Database):
        self.db = db

    def for_system(self, actor: Actor, system_id: int) -> pd.DataFrame:
        """Changes to the system itself, newest first."""
        with self.db.read() as cur:
            s = Systems(cur).get(system_id)
            require(actor, "read", s.department, s.owner)
            return _explode(audit_history.for_system(cur, system_id, s.name))

    def for_assessment(self, actor: Actor, assessment_id: int) -> pd.DataFrame:
        """Changes to the assessment and every one of its risk lines (removed ones too), its sign-off,
        workshops opened and closed, and its participants, newest first. Votes have their own record
        (WorkshopService.votes)."""
        with self.db.read() as cur:
            a = Assessments(cur).get(assessment_id)
            sc = scope_of(cur, a)
            require(actor, "read", sc.department, sc.owner)
            return _explode(audit_history.for_assessment(cur, assessment_id))
