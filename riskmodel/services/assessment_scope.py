"""Whose an assessment is (the system, or the processing activity of a data-subject assessment), and what of
a processing activity ranks the catalogue and sets the severity floor for its data subjects."""

from __future__ import annotations

from dataclasses import dataclass

from riskmodel.domain import dpia
from riskmodel.domain.model import Assessment
from riskmodel.services.activities import activity_row
from riskmodel.store import activities as activity_store
from riskmodel.store.uow import Systems


@dataclass(frozen=True)
class Scope:
    """Whose an assessment is: the department and owner access is checked against, and its name."""

    department: str
    owner: str
    name: str
    kind: str  # system | activity


def scope_of(cur, a: Assessment) -> Scope:
    if a.activity_id is not None:
        pa = activity_row(cur, a.activity_id)
        return Scope(pa["department"], pa["responsible"], pa["name"], "activity")
    s = Systems(cur).get(a.system_id)
    return Scope(s.department, s.owner, s.name, "system")


def activity_categories(cur, pa: dict) -> tuple[list[str], list[str]]:
    """The personal data categories of an activity and of its systems, and its systems' classifications."""
    rows = activity_store.systems_profile(cur, pa["id"])
    cats = list(pa["data_categories"]) + [c for r in rows for c in r[0]]
    return cats, [r[1] for r in rows]


def activity_profile(cur, pa: dict) -> dpia.ActivityProfile:
    """What ranks the catalogue for an activity: its personal data and data subjects, and its systems."""
    ids = activity_store.system_ids(cur, pa["id"])
    systems = Systems(cur)
    return dpia.ActivityProfile(tuple(pa["data_categories"]), tuple(pa["subject_categories"]),
                                pa["subjects_band"] or "", tuple(systems.get(i) for i in ids))


def activity_floor(cur, activity_id: int) -> int:
    pa = activity_row(cur, activity_id)
    cats, classes = activity_categories(cur, pa)
    return dpia.severity_floor(cats, pa["subject_categories"], classes)
