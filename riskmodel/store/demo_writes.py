"""The demo municipality's bulk writes: ids from the sequences, DataFrames into the tables, approvals with their
snapshots and the audit rows, all inside the caller's unit of work (riskmodel.services.demo generates the
data; only the store runs SQL)."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from typing import Any

import pandas as pd

from riskmodel.domain import dpia
from riskmodel.domain.model import RiskLine
from riskmodel.domain.scales import Preset
from riskmodel.domain.signoff import snapshot
from riskmodel.store.bulk import insert_frame
from riskmodel.store.uow import UnitOfWork, build, rows_as_dicts

SYSTEM_COLS = ("id", "name", "description", "department", "owner", "supplier", "dpa", "dpa_date",
                "classification", "data_categories", "subjects_band", "criticality", "hosting", "status")
ASSESSMENT_COLS = ("id", "system_id", "year", "status", "preset_id", "scale_size")
LINE_COLS = ("assessment_id", "threat_id", "threat_code", "threat_title", "threat_description", "category",
              "harms_c", "harms_i", "harms_a", "position", "scenario", "existing_measures", "likelihood",
              "cons_c", "cons_i", "cons_a", "treatment", "planned_measures", "measure_owner", "measure_deadline",
              "residual_likelihood", "residual_consequence", "risk_owner", "floor_reason",
              "accepted_by", "accepted_on", "acceptance_ref", "acceptance_expires")
INT_LINE_COLS = ("likelihood", "cons_c", "cons_i", "cons_a", "residual_likelihood", "residual_consequence")


def catalogue(uow_or_cur: Any) -> list[dict]:
    """The visible catalogue threats the demo draws its risk lines from, in catalogue order."""
    cur = getattr(uow_or_cur, "cur", uow_or_cur)
    cur.execute("SELECT id, code, title, description, category, harms_c, harms_i, harms_a, tags "
                "FROM threats WHERE NOT hidden ORDER BY category, code")
    return rows_as_dicts(cur)


def has_systems(uow: UnitOfWork) -> bool:
    return bool(uow.cur.execute("SELECT count(*) FROM systems").fetchone()[0])



def assign_ids(uow: UnitOfWork, sequence: str, rows: list[dict]) -> None:
    """Take one id per row from ``sequence`` (so later service inserts carry on after them)."""
    if not rows:
        return
    ids = sorted(r[0] for r in uow.cur.execute(f"SELECT nextval('{sequence}') FROM range(?)", [len(rows)]).fetchall())
    for row, new_id in zip(rows, ids, strict=True):
        row["id"] = new_id


def _insert_frame(uow: UnitOfWork, table: str, columns: dict[str, list], casts: dict[str, str] | None = None) -> None:
    """INSERT INTO ``table`` the rows of ``columns`` (name -> values)."""
    insert_frame(uow.cur, table, pd.DataFrame(columns), casts)


def insert_systems(uow: UnitOfWork, rows: list[dict]) -> None:
    if not rows:
        return
    columns = {c: [r[c] for r in rows] for c in SYSTEM_COLS}
    columns["created_by"] = columns["updated_by"] = [uow.actor.username] * len(rows)
    _insert_frame(uow, "systems", columns, {"dpa_date": "DATE", "data_categories": "VARCHAR[]"})


def insert_assessments(uow: UnitOfWork, rows: list[dict]) -> None:
    if not rows:
        return
    columns = {c: [r[c] for r in rows] for c in ASSESSMENT_COLS}
    columns["created_by"] = columns["updated_by"] = [uow.actor.username] * len(rows)
    _insert_frame(uow, "assessments", columns)


def insert_lines(uow: UnitOfWork, cols: dict[str, list]) -> None:
    n = len(cols["assessment_id"])
    if not n:
        return
    columns: dict[str, Any] = {c: pd.array(v, dtype="Int64") if c in INT_LINE_COLS else v for c, v in cols.items()}
    columns["updated_by"] = [uow.actor.username] * n
    _insert_frame(uow, "risk_lines", columns, {"measure_deadline": "DATE", "treatment": "VARCHAR",
                                                "accepted_on": "DATE", "acceptance_expires": "DATE",
                                                "accepted_by": "VARCHAR", "acceptance_ref": "VARCHAR",
                                                **({"harms": "VARCHAR[]"} if "harms" in cols else {})})


def insert_activities(uow: UnitOfWork, rows: list[dict], links: list[tuple[int, int]], answers: list[tuple],
                       systems: list[dict]) -> None:
    if not rows:
        return
    assign_ids(uow, "seq_activities", rows)
    cols = ("id", "name", "purpose", "department", "responsible", "legal_bases", "data_categories",
            "subject_categories", "subjects_band", "dpia_done", "dpia_date", "dpia_ref")
    columns: dict[str, list] = {c: [r[c] for r in rows] for c in cols}
    columns["created_by"] = columns["updated_by"] = [uow.actor.username] * len(rows)
    _insert_frame(uow, "activities", columns, {"legal_bases": "VARCHAR[]", "data_categories": "VARCHAR[]",
                                               "subject_categories": "VARCHAR[]", "dpia_date": "DATE"})
    _insert_frame(uow, "activity_systems", {"activity_id": [rows[a]["id"] for a, _ in links],
                                            "system_id": [systems[s]["id"] for _, s in links]})
    _insert_frame(uow, "screening_answers", {
        "activity_id": [rows[a]["id"] for a, _, _, _ in answers], "criterion": [c for _, c, _, _ in answers],
        "answer": [v for _, _, v, _ in answers], "note": [n for _, _, _, n in answers],
        "updated_by": [uow.actor.username] * len(answers)})
    uow.audit_many([("demo", "activities", r["id"], None, {c: r[c] for c in cols if c != "id"}) for r in rows])


def insert_ds(uow: UnitOfWork, rows: list[dict], cols: dict[str, list], people: list[dict],
               activities: list[dict]) -> None:
    """The data-subject assessments of the activities, their lines, participants and approvals."""
    if not rows:
        return
    assign_ids(uow, "seq_assessments", rows)
    columns = {c: [r[c] for r in rows] for c in ("id", "year", "status", "preset_id", "scale_size")}
    columns["activity_id"] = [activities[r["activity_index"]]["id"] for r in rows]
    columns["lens"] = ["ds"] * len(rows)
    columns["created_by"] = columns["updated_by"] = [uow.actor.username] * len(rows)
    _insert_frame(uow, "assessments", columns)
    ids = [r["id"] for r in rows]
    cols = dict(cols)
    cols["assessment_id"] = [ids[i] for i in cols["assessment_id"]]
    insert_lines(uow, cols)
    insert_participants(uow, people, ids)
    approve(uow, dpia.ds_preset(), [(r["id"], activities[r["activity_index"]]["responsible"], r["day"])
                                     for r in rows if r["status"] == "godkendt"])
    uow.audit_many([("demo", "assessments", r["id"], None,
                     {"activity_id": activities[r["activity_index"]]["id"], "lens": "ds", "year": r["year"],
                      "status": r["status"], "lines": r["lines"]}) for r in rows])


def insert_participants(uow: UnitOfWork, rows: list[dict], assessment_ids: list[int]) -> None:
    if not rows:
        return
    columns = {
        "assessment_id": [assessment_ids[r["assessment_index"]] for r in rows],
        "name": [r["name"] for r in rows],
        "role_title": [r["role_title"] for r in rows],
        "attended_on": [r["attended_on"].isoformat() for r in rows],
        "updated_by": [uow.actor.username] * len(rows),
    }
    _insert_frame(uow, "participants", columns, {"attended_on": "DATE"})


def approve(uow: UnitOfWork, preset: Preset, approved: list[tuple[int, str, date]]) -> int:
    """Approval rows, with every line's snapshot, for (assessment id, approver, workshop date)."""
    if not approved:
        return 0
    ids = [a for a, _, _ in approved]
    uow.cur.execute("SELECT * FROM risk_lines WHERE list_contains(?, assessment_id) ORDER BY assessment_id, position",
                    [ids])
    by_assessment: dict[int, list[RiskLine]] = {}
    for row in rows_as_dicts(uow.cur):
        by_assessment.setdefault(row["assessment_id"], []).append(build(RiskLine, row))
    rows = []
    for aid, leader, day in approved:
        at = datetime.combine(day + timedelta(days=7), time(10, 0))
        snap = snapshot(by_assessment.get(aid, []), preset)
        rows.append((aid, leader, at, json.dumps({"preset": preset.id, "lines": snap}, ensure_ascii=False,
                                                 sort_keys=True)))
    columns = {
        "assessment_id": [r[0] for r in rows],
        "approved_by": ["demo"] * len(rows),
        "approver_name": [r[1] for r in rows],
        "approver_role": ["leder"] * len(rows),
        "approved_at": [r[2] for r in rows],
        "snapshot_json": [r[3] for r in rows],
    }
    _insert_frame(uow, "approvals", columns)
    return len(rows)


def insert_audit(uow: UnitOfWork, systems: list[dict], assessments: list[dict]) -> None:
    rows = [("demo", "systems", s["id"], None, {c: s[c] for c in SYSTEM_COLS if c != "id"}) for s in systems]
    rows += [
        ("demo", "assessments", a["id"], None,
         {"system_id": a["system_id"], "year": a["year"], "status": a["status"], "preset": a["preset_id"],
          "lines": a["lines"]})
        for a in assessments
    ]
    uow.audit_many(rows)


# -- the demo's annual review cycle (riskmodel.services.demo_review) ---------------------------------------------
def planned_measures(uow: UnitOfWork) -> list[tuple]:
    """(line id, planned measures, deadline, assessment status) of every line with a planned measure, by id."""
    return uow.cur.execute("SELECT rl.id, rl.planned_measures, rl.measure_deadline, a.status FROM risk_lines rl "
                           "JOIN assessments a ON a.id = rl.assessment_id "
                           "WHERE trim(rl.planned_measures) <> '' ORDER BY rl.id").fetchall()


def system_classifications(uow: UnitOfWork) -> list[tuple[int, str]]:
    """(id, classification) of every system, by id."""
    return uow.cur.execute("SELECT id, classification FROM systems ORDER BY id").fetchall()


def valid_approvals(uow: UnitOfWork) -> list[tuple]:
    """(system id, assessment id, approval id, approved at) of the valid approvals of current organisational
    assessments, by system."""
    return uow.cur.execute(
        "SELECT a.system_id, a.id, ap.id, ap.approved_at FROM approvals ap JOIN assessments a ON a.id = ap.assessment_id "
        "WHERE a.lens = 'org' AND a.is_current AND ap.outdated_at IS NULL ORDER BY a.system_id").fetchall()


def active_system_owners(uow: UnitOfWork) -> list[tuple[int, str]]:
    """(id, owner) of the active systems, by id."""
    return uow.cur.execute("SELECT id, owner FROM systems WHERE status = 'aktiv' ORDER BY id").fetchall()


def active_systems(uow: UnitOfWork) -> list[tuple]:
    """(id, name, department, owner, classification) of the active systems, by id."""
    return uow.cur.execute(
        "SELECT id, name, department, owner, classification FROM systems WHERE status = 'aktiv' ORDER BY id").fetchall()


def threat_titles(uow: UnitOfWork) -> list[tuple[str, str]]:
    """(code, title) of every catalogue threat, hidden ones too, by code."""
    return uow.cur.execute("SELECT code, title FROM threats ORDER BY code").fetchall()


def insert_baseline(uow: UnitOfWork, year: int, note: str, preset_id: str, ds_preset_id: str,
                    frozen_at: datetime) -> int:
    """A baseline of an earlier year, frozen by 'demo' at ``frozen_at``; returns its id."""
    uow.cur.execute("INSERT INTO baselines (year, note, preset_id, ds_preset_id, frozen_at, frozen_by) "
                    "VALUES (?, ?, ?, ?, ?, 'demo') RETURNING id", [year, note, preset_id, ds_preset_id, frozen_at])
    return uow.cur.fetchone()[0]
