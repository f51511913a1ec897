"""The demo municipality's annual review cycle: measure statuses and Annex A controls, review
intervals, major changes, dispensations and three earlier year baselines.

Called by ``riskmodel.services.demo.build_demo`` inside its one unit of work, after the systems,
assessments and approvals are written. It draws from a random stream of its own, so the
systems and scores of every seed stay as they were. Every date is relative to the demo's
base date (``DEMO_NOW`` is late November of that year), never to today.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import Any

import pandas as pd

from riskmodel.domain import dpia
from riskmodel.domain.review import add_months
from riskmodel.domain.scales import Preset
from riskmodel.services.review import level_index, live_lines
from riskmodel.store import demo_writes
from riskmodel.store.bulk import insert_frame, update_from_frame
from riskmodel.store.uow import UnitOfWork

SEED_OFFSET = 200_003
BASELINE_YEARS = 3  # baselines of the three years before the base year

_CHANGE_REASONS = {
    "ny_leverandoer": ("Driften er flyttet til en ny hostingleverandør efter udbud.",
                       "Leverandøren er opkøbt, og supporten ligger nu hos et nyt selskab."),
    "ny_anvendelse": ("Systemet bruges nu også af en anden afdeling.",
                      "Borgerne kan nu selv indberette via en ny selvbetjeningsløsning."),
    "ny_integration": ("Ny integration til KMD Nexus via fælleskommunal infrastruktur.",
                       "Data sendes nu automatisk til økonomisystemet hver nat."),
    "ny_datakategori": ("Systemet registrerer nu også helbredsoplysninger.",
                        "CPR-nummer indgår nu i søgningen."),
}


def _update_from(uow: UnitOfWork, table: str, frame: pd.DataFrame, sets: dict[str, str]) -> None:
    update_from_frame(uow.cur, table, frame, sets)


def _insert(uow: UnitOfWork, table: str, frame: pd.DataFrame) -> None:
    insert_frame(uow.cur, table, frame)


def build(uow: UnitOfWork, seed: int, vocab: dict[str, Any], preset: Preset, base: date) -> dict[str, int]:
    rng = random.Random(seed + SEED_OFFSET)
    now = base + timedelta(days=330)
    counts = {
        "measures": _measures(uow, rng, vocab, now),
        "intervals": _intervals(uow, rng),
        "changes": _changes(uow, rng, now),
        "dispensations": _dispensations(uow, rng, vocab, base, now),
    }
    counts["baselines"] = _baselines(uow, rng, preset, base)
    return counts


def _measures(uow: UnitOfWork, rng: random.Random, vocab: dict, now: date) -> int:
    rows = demo_writes.planned_measures(uow)
    controls_of = vocab.get("measure_controls", {})
    out = []
    for lid, text, deadline, assessment_status in rows:
        if deadline is not None and deadline <= now:
            status = rng.choices(("gennemfoert", "i_gang", "planlagt", "udskudt"), (0.8, 0.1, 0.05, 0.05))[0]
        else:
            status = rng.choices(("planlagt", "i_gang", "udskudt", "gennemfoert"), (0.5, 0.35, 0.07, 0.08))[0]
        done = None
        if status == "gennemfoert":
            done = min(deadline or now, now) - timedelta(days=rng.randint(0, 30))
        out.append({"id": lid, "status": status, "controls": list(controls_of.get(text, [])), "done_on": done,
                    # Drafts only: what went to sign-off had its residual looked at.
                    "review": status == "gennemfoert" and rng.random() < 0.3 and assessment_status == "kladde"})
    frame = pd.DataFrame(out, columns=["id", "status", "controls", "done_on", "review"])
    frame["done_on"] = pd.to_datetime(frame["done_on"]).dt.date
    _update_from(uow, "risk_lines", frame, {"measure_status": "f.status", "measure_controls": "CAST(f.controls AS VARCHAR[])",
                                            "measure_done_on": "CAST(f.done_on AS DATE)",
                                            "residual_review": "f.review"})
    return len(out)


def _intervals(uow: UnitOfWork, rng: random.Random) -> int:
    rows = demo_writes.system_classifications(uow)
    out = []
    for sid, classification in rows:
        r = rng.random()
        if classification in ("offentlig", "intern") and r < 0.25:
            out.append({"id": sid, "months": 24})
        elif r > 0.95:
            out.append({"id": sid, "months": 6})
    _update_from(uow, "systems", pd.DataFrame(out, columns=["id", "months"]), {"review_interval": "f.months"})
    return len(out)


def _changes(uow: UnitOfWork, rng: random.Random, now: date) -> int:
    """Major changes on about one in eight approved systems: half of them after the approval (the approval is
    then outdated and the assessment back in review, as ReviewService.record_change does), half before it."""
    rows = demo_writes.valid_approvals(uow)
    changes, outdated = [], []
    for sid, aid, apid, approved_at in rows:
        if rng.random() >= 0.125:
            continue
        kind = rng.choice(tuple(_CHANGE_REASONS))
        reason = rng.choice(_CHANGE_REASONS[kind])
        after = rng.random() < 0.5
        if after:
            latest = datetime.combine(now, time(12, 0))
            recorded = min(approved_at + timedelta(days=rng.randint(20, 200)), latest)
            outdated.append({"id": apid, "at": recorded, "assessment_id": aid,
                             "reason": f"Ændret efter godkendelsen: væsentlig ændring: {reason}"})
        else:
            recorded = approved_at - timedelta(days=rng.randint(10, 60))
        changes.append({"system_id": sid, "kind": kind, "reason": reason,
                        "changed_on": recorded.date() - timedelta(days=rng.randint(0, 14)),
                        "recorded_at": recorded, "recorded_by": "demo"})
    _insert(uow, "system_changes", pd.DataFrame(changes, columns=["system_id", "kind", "reason", "changed_on",
                                                                  "recorded_at", "recorded_by"]))
    frame = pd.DataFrame(outdated, columns=["id", "at", "assessment_id", "reason"])
    _update_from(uow, "approvals", frame, {"outdated_at": "f.at", "outdated_by": "'demo'",
                                           "outdated_reason": "f.reason"})
    _update_from(uow, "assessments", frame.assign(id=frame["assessment_id"]), {"status": "'til_godkendelse'"})
    return len(changes)


def _dispensations(uow: UnitOfWork, rng: random.Random, vocab: dict, base: date, now: date) -> int:
    templates = vocab.get("dispensations", [])
    systems = demo_writes.active_system_owners(uow)
    if not templates or not systems:
        return 0
    chair = "Udvalgsformand " + rng.choice(vocab["owner_first_names"]) + " " + rng.choice(vocab["owner_last_names"])
    out = []
    for _ in range(max(2, len(systems) // 8)):
        sid, owner = rng.choice(systems)
        t = rng.choice(templates)
        requested = base + timedelta(days=rng.randint(0, 320))
        expires = add_months(requested, rng.randint(3, 12))
        if (now - requested).days < 20:
            status = "anmodet"
        else:
            status = rng.choices(("godkendt", "afvist", "anmodet"), (0.75, 0.1, 0.15))[0]
            if status == "anmodet" and expires <= now:  # an undecided request is still live
                status = "godkendt"
        decided = requested + timedelta(days=rng.randint(3, 19)) if status != "anmodet" else None
        out.append({
            "system_id": sid, "requested_by": owner or "Systemejer", "requested_on": requested,
            "requirement_kind": t["kind"], "requirement": t["requirement"], "justification": t["justification"],
            "alternative_measures": t["alternative"], "expires_on": expires, "status": status,
            "decided_by": chair if decided else "", "decided_on": decided,
            "decision_note": "Afvist: de alternative foranstaltninger er ikke tilstrækkelige" if status == "afvist" else "",
            "created_by": "demo", "updated_by": "demo",
        })
    frame = pd.DataFrame(out)
    frame["decided_on"] = pd.to_datetime(frame["decided_on"]).dt.date
    _insert(uow, "dispensations", frame)
    return len(out)


def _baselines(uow: UnitOfWork, rng: random.Random, preset: Preset, base: date) -> int:
    """Baselines of earlier years, drawn back from today's lines: some lines did not exist yet, and risk was
    somewhat higher the further back (the municipality's measures have worked)."""
    ds = dpia.ds_preset()
    presets = {"org": preset, "ds": ds}
    lines = [(ln, meta) for ln, meta in live_lines(uow.cur, uow.actor) if ln.likelihood is not None
             and ln.consequence is not None]
    systems = demo_writes.active_systems(uow)
    catalogue = demo_writes.threat_titles(uow)
    used: dict[tuple[str, int], set[str]] = {}
    for ln, meta in lines:
        used.setdefault((meta["lens"], meta["entity_id"]), set()).add(ln.threat_code)
    made = 0
    for k in range(BASELINE_YEARS, 0, -1):
        year = base.year - k
        bid = demo_writes.insert_baseline(uow, year, f"Årsgennemgang {year} (demodata)", preset.id, ds.id,
                                          datetime(year, 12, 10, 14, 0))
        rows = []
        for ln, meta in lines:
            if rng.random() > 0.96 - 0.03 * k:
                continue
            p = presets[meta["lens"]]
            r = rng.random()  # further back, more likely one step higher (the measures since have worked)
            lik = min(ln.likelihood + 1, p.size) if r < 0.18 * k else max(ln.likelihood - 1, 1) if r > 0.95 \
                else ln.likelihood
            con = ln.consequence
            rl, rc = ln.residual
            rl = min(max(rl + lik - ln.likelihood, 1), p.size)
            code, title = ln.threat_code, ln.threat_title
            if rng.random() < 0.03:  # a threat assessed then, and dropped from the assessment since
                gone = [c for c in catalogue if c[0] not in used[(meta["lens"], meta["entity_id"])]]
                if gone:
                    code, title = rng.choice(gone)
            rows.append({"baseline_id": bid, "lens": meta["lens"], "entity_id": meta["entity_id"],
                         "entity_name": meta["entity_name"], "department": meta["department"],
                         "owner": meta["owner"] or "", "threat_code": code, "threat_title": title,
                         "likelihood": lik, "consequence": con, "res_likelihood": rl, "res_consequence": rc,
                         "level": level_index(p, lik, con), "res_level": level_index(p, rl, rc),
                         "treatment": ln.treatment, "accepted": ln.accepted})
        _insert(uow, "baseline_lines", pd.DataFrame(rows))
        sys_rows = []
        for sid, name, dept, owner, classification in systems:
            approved = date(year, rng.randint(2, 11), rng.randint(1, 28)) if rng.random() < 0.7 else None
            sys_rows.append({"baseline_id": bid, "system_id": sid, "name": name, "department": dept, "owner": owner,
                             "classification": classification,
                             "assessment_status": "godkendt" if approved else "kladde", "approved_on": approved,
                             "next_review": add_months(approved, 12) if approved else None})
        frame = pd.DataFrame(sys_rows)
        for c in ("approved_on", "next_review"):
            frame[c] = pd.to_datetime(frame[c]).dt.date
        _insert(uow, "baseline_systems", frame)
        uow.audit("demo", "baselines", bid, None, {"year": year, "lines": len(rows), "systems": len(sys_rows)})
        made += 1
    return made
