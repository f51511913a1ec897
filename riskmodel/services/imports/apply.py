"""apply_import: write a checked plan in one unit of work, all or nothing (split from
riskmodel/excel/importer.py, issue 19)."""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import pandas as pd

from riskmodel.domain.dates import dk_today
from riskmodel.domain.errors import PermissionDenied, StaleVersionError, Text, ValidationError
from riskmodel.domain.model import LINE_SCORE_FIELDS, Actor
from riskmodel.domain.scales import Preset
from riskmodel.domain.signoff import SNAPSHOT_FIELDS
from riskmodel.formats.register import _key
from riskmodel.services.common import record_denial, require
from riskmodel.services.imports.model import (
    ImportPlan,
    ImportResult,
    Progress,
    _Update,
)
from riskmodel.store import imports as import_sql
from riskmodel.store.uow import UnitOfWork, unit_of_work

if TYPE_CHECKING:
    from riskmodel.services import Workbench


# -- applying ----------------------------------------------------------------------------------
def apply_import(wb: Workbench, actor: Actor, plan: ImportPlan, progress: Progress | None = None) -> ImportResult:
    """Write a checked plan in one transaction; nothing is written if anything fails or changed meanwhile."""
    started = time.perf_counter()
    report = progress or (lambda fraction, message: None)
    if plan.problems:
        raise ValidationError("err.import.problems", "file", n=len(plan.problems), first=str(plan.problems[0]))
    try:
        require(actor, "assessment.write")
    except PermissionDenied as err:
        record_denial(wb.db, actor, "import.apply", str(err))
        raise
    if plan.empty:
        return ImportResult(0, 0, 0, 0, 0, time.perf_counter() - started)
    report(0.0, "Importerer")
    with unit_of_work(wb.db, actor) as uow:
        preset = wb.settings.preset()
        if preset.id != plan._preset_id:
            raise _stale("matrix")
        _verify(uow, actor, plan, preset)
        audit_rows: list[tuple] = []
        report(0.2, "Opretter systemer og vurderinger")
        system_ids = _create_systems(uow, plan, audit_rows)
        assessment_ids, created_assessments = _create_assessments(uow, plan, preset, system_ids, audit_rows)
        report(0.4, "Tilføjer risikolinjer")
        touched: dict[int, list[str]] = defaultdict(list)
        _insert_lines(uow, plan, assessment_ids, touched, audit_rows)
        report(0.6, "Skriver ændringerne")
        _write_updates(uow, plan, touched, audit_rows)
        report(0.85, "Markerer ændrede godkendelser")
        _outdate_approvals(uow, touched, audit_rows)
        audit_rows.append(("import", "excel", None, None, {
            "file": plan.file_name, "sheet": plan.sheet, "kind": plan.kind, "rows": plan.rows,
            "changes": len(plan.changes), "lines_changed": plan.lines_changed, "lines_added": plan.lines_added,
            "systems_created": len(system_ids), "assessments_created": created_assessments}))
        uow.audit_many(audit_rows)
    report(1.0, "Importen er færdig")
    return ImportResult(len(plan.changes), plan.lines_changed, plan.lines_added, len(system_ids),
                        created_assessments, time.perf_counter() - started)


def _what(items: list[str]) -> str:
    text = "Excel-import: " + ", ".join(items[:3])
    return text + (f" og {len(items) - 3} flere" if len(items) > 3 else "")


def _stale(why: str, **params) -> StaleVersionError:
    """Data changed after the file was checked: ``why`` names what (``err.import.why.<why>`` with ``params``)."""
    return StaleVersionError("err.import.stale", why=Text(f"err.import.why.{why}", why, **params))


def _ids_param(ids: Iterable[int]) -> list[int]:
    return sorted(set(ids))


def _verify(uow: UnitOfWork, actor: Actor, plan: ImportPlan, preset: Preset) -> None:
    """Inside the transaction: everything the plan relies on is still as it was when it was made."""
    cur = uow.cur
    if plan._updates:
        rows = import_sql.line_states(cur, (u.line_id for u in plan._updates))
        for u in plan._updates:
            got = rows.get(u.line_id)
            if got is None or got[0] != u.expected_version or got[1] or not got[2]:
                raise _stale("line", id=u.line_id)
    if plan._systems_seen:
        rows = import_sql.system_states(cur, plan._systems_seen)
        for sid in plan._systems_seen:
            got = rows.get(sid)
            if got is None or got[2] != "aktiv":
                raise _stale("system_retired", id=sid)
            require(actor, "assessment.write", got[0], got[1])
    refs = [r for r in plan._assess_for if r[0] == "id"]
    if refs:
        now = import_sql.current_assessment_ids(cur, (r[1] for r in refs))
        for ref in refs:
            if now.get(ref[1]) != plan._assess_for[ref]:
                raise _stale("assessment")
    existing = [nl.assessment_id for nl in plan._new_lines if nl.assessment_id is not None]
    if existing:
        live = set()
        for aid, tid, title in import_sql.live_threats(cur, existing):
            live.add((aid, "t", tid))
            live.add((aid, "n", _key(title)))
        for nl in plan._new_lines:
            if nl.assessment_id is None:
                continue
            if (nl.threat and (nl.assessment_id, "t", nl.threat["id"]) in live) or (
                    nl.assessment_id, "n", _key(nl.title)) in live:
                raise _stale("threat_added", title=nl.title)
    if plan._system_values:
        names = {_key(n) for n in import_sql.active_system_names(cur)}
        for key in plan._system_values:
            if key[1] in names:
                raise _stale("system_created", name=plan._system_values[key]["name"])


_SYSTEM_CASTS = {"dpa": "BOOLEAN", "dpa_date": "DATE", "data_categories": "VARCHAR[]"}


def _create_systems(uow: UnitOfWork, plan: ImportPlan, audit_rows: list) -> dict[tuple, int]:
    refs = list(plan._system_values)
    rows = []
    for ref in refs:
        values = plan._system_values[ref]
        require(uow.actor, "system.create", values["department"])
        rows.append({**values, "created_by": uow.actor.username, "updated_by": uow.actor.username})
    casts = {c: "VARCHAR" for c in (rows[0] if rows else {}) if c not in _SYSTEM_CASTS} | _SYSTEM_CASTS
    ids = import_sql.insert_rows(uow.cur, "systems", rows, casts)
    for ref, new_id in zip(refs, ids, strict=True):
        audit_rows.append(("create", "systems", new_id, None, {**plan._system_values[ref], "source": "excel-import"}))
    return dict(zip(refs, ids, strict=True))


def _create_assessments(uow: UnitOfWork, plan: ImportPlan, preset: Preset, system_ids: dict[tuple, int],
                        audit_rows: list) -> tuple[dict[tuple, int], int]:
    out: dict[tuple, int] = {ref: aid for ref, aid in plan._assess_for.items() if aid is not None}
    new = [ref for ref, aid in plan._assess_for.items() if aid is None]
    year = dk_today().year
    rows = [{"system_id": system_ids[ref] if ref[0] == "new" else ref[1], "year": year, "preset_id": preset.id,
             "scale_size": preset.size, "created_by": uow.actor.username, "updated_by": uow.actor.username}
            for ref in new]
    casts = {"system_id": "INTEGER", "year": "INTEGER", "scale_size": "INTEGER", "preset_id": "VARCHAR",
             "created_by": "VARCHAR", "updated_by": "VARCHAR"}
    ids = import_sql.insert_rows(uow.cur, "assessments", rows, casts)
    for ref, row, new_id in zip(new, rows, ids, strict=True):
        audit_rows.append(("create", "assessments", new_id, None,
                           {"system_id": row["system_id"], "year": year, "preset": preset.id, "source": "excel-import"}))
        out[ref] = new_id
    return out, len(ids)


_LINE_CASTS = {**dict.fromkeys(LINE_SCORE_FIELDS, "INTEGER"), "measure_deadline": "DATE", "treatment": "VARCHAR",
               "consequence_overall": "INTEGER", "consequence_source": "VARCHAR",
               "assessment_id": "INTEGER", "threat_id": "INTEGER", "position": "INTEGER", "harms_c": "BOOLEAN",
               "harms_i": "BOOLEAN", "harms_a": "BOOLEAN", "custom": "BOOLEAN"}


def _insert_lines(uow: UnitOfWork, plan: ImportPlan, assessment_ids: dict[tuple, int],
                  touched: dict[int, list[str]], audit_rows: list) -> None:
    if not plan._new_lines:
        return
    targets = _ids_param(assessment_ids.values())
    positions = import_sql.last_positions(uow.cur, targets)
    customs = import_sql.own_threat_counts(uow.cur, targets)  # as add_custom: EGEN-<n> after every own threat
    given = sorted({f for nl in plan._new_lines for f in nl.values})
    rows, audits = [], []
    for nl in plan._new_lines:
        aid = assessment_ids[nl.system_ref]
        positions[aid] = positions.get(aid, 0) + 1
        if nl.threat is not None:
            t = nl.threat
            head = {"threat_id": t["id"], "threat_code": t["code"], "threat_title": t["title"],
                    "threat_description": t["description"], "category": t["category"], "harms_c": t["harms_c"],
                    "harms_i": t["harms_i"], "harms_a": t["harms_a"], "custom": False}
            action = "add_threat"
        else:
            customs[aid] = customs.get(aid, 0) + 1
            head = {"threat_id": None, "threat_code": f"EGEN-{customs[aid]}", "threat_title": nl.title,
                    "threat_description": "", "category": nl.category, "harms_c": True, "harms_i": True,
                    "harms_a": True, "custom": True}
            action = "add_custom_threat"
        values = {f: nl.values.get(f, None if f in _LINE_CASTS else "") for f in given}  # '' for an absent text
        rows.append({"assessment_id": aid, **head, **values, "position": positions[aid],
                     "updated_by": uow.actor.username})
        audits.append((action, aid, head, nl.values))
        touched[aid].append(f"{head['threat_code']} {head['threat_title']} tilføjet")
    casts = {c: _LINE_CASTS.get(c, "VARCHAR") for c in rows[0]}
    ids = import_sql.insert_rows(uow.cur, "risk_lines", rows, casts)
    for line_id, (action, aid, head, values) in zip(ids, audits, strict=True):
        audit_rows.append((action, "risk_lines", line_id, None,
                           {"assessment_id": aid, "threat_code": head["threat_code"], "source": "excel-import",
                            **values}))


_SQL_TYPES = {**dict.fromkeys(LINE_SCORE_FIELDS, "INTEGER"), "measure_deadline": "DATE", "treatment": "VARCHAR",
              "residual_review": "BOOLEAN", "consequence_overall": "INTEGER"}
_SCORES_OF_A_LEVEL = {*SNAPSHOT_FIELDS, "consequence_overall"}  # a change outdates an approval


def _write_updates(uow: UnitOfWork, plan: ImportPlan, touched: dict[int, list[str]], audit_rows: list) -> None:
    """The line updates, one UPDATE per set of changed fields (not one per line: 45,000 single updates take
    minutes). The versions were checked by :func:`_verify` under the same write lock; the statement checks
    them again and must touch every line of its group."""
    groups: dict[tuple[str, ...], list[_Update]] = defaultdict(list)
    for u in plan._updates:
        groups[tuple(sorted(u.after))].append(u)
        audit_rows.append(("update", "risk_lines", u.line_id, u.before, u.after))
        if set(u.after) & _SCORES_OF_A_LEVEL:
            touched[u.assessment_id].append(u.what)
    for fields, updates in groups.items():
        if len(updates) == 1:
            u = updates[0]
            uow.lines.update(u.line_id, u.expected_version, u.after, uow.actor)
            continue
        columns: dict[str, Any] = {"id": [u.line_id for u in updates], "expected": [u.expected_version for u in updates]}
        for f in fields:
            values = [u.after[f] for u in updates]
            columns[f] = (pd.array(values, dtype="Int64") if _SQL_TYPES.get(f) == "INTEGER"
                          else pd.Series(values, dtype=object))
        done = import_sql.update_lines(uow.cur, pd.DataFrame(columns), _SQL_TYPES, uow.actor.username)
        if done != len(updates):
            raise _stale("a_line")


def _outdate_approvals(uow: UnitOfWork, touched: dict[int, list[str]], audit_rows: list) -> None:
    """:func:`riskmodel.services.assessments.outdate_approval` for many assessments at once: an approved
    assessment whose scores the import changes goes back to review, its approval kept and marked outdated."""
    if not touched:
        return
    approved = import_sql.approved_among(uow.cur, touched)
    if not approved:
        return
    import_sql.outdate_approvals(uow.cur, {a: f"Ændret efter godkendelsen: {_what(touched[a])}" for a in approved},
                                 uow.actor.username)
    for aid in approved:
        audit_rows.append(("approval_outdated", "assessments", aid, {"status": "godkendt"},
                           {"status": "til_godkendelse", "changed": _what(touched[aid])}))

