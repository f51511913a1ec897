"""Issue 8 (1): many sessions writing at once through one Workbench, as the server runs them.

Twenty-four threads share one Workbench (one Database per process, like the server), each
acting as a user of its own, for DURATION seconds. They edit the same few risk lines and the
same system (forcing version conflicts), lines of their own assessments, accept risks and
vote in one workshop. Every write must either be acknowledged or refused with the Danish
"changed by someone else" message; afterwards the final rows and the audit trail must account
for every acknowledged write and for nothing else.
"""

from __future__ import annotations

import json
import random
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field

import pytest
from helpers import audit_rows, verify_audit

from riskmodel.domain.dates import dk_today
from riskmodel.domain.errors import StaleVersionError, WorkbenchError
from riskmodel.domain.model import Actor
from riskmodel.services.systems import system_to_input

pytestmark = pytest.mark.load

THREADS = 24
DURATION = 30.0  # seconds of load
HOT_LINES = 3  # lines of one shared assessment that every thread edits
OTHER_SYSTEMS = 6  # systems whose assessments hold each thread's own line


@dataclass
class Log:
    """What one thread saw: acknowledged writes and refusals."""

    # (entity, id) -> [(version returned, action, values written)]
    acks: dict[tuple[str, int], list[tuple[int, str, dict]]] = field(default_factory=lambda: defaultdict(list))
    votes: list[tuple[int, int, dict]] = field(default_factory=list)  # (vote id, line id, values)
    refusals: list[tuple[str, int, str]] = field(default_factory=list)  # (entity, id, message)
    errors: list[str] = field(default_factory=list)  # anything else: fails the test


def _scoring(rng: random.Random, line) -> tuple[str, object]:
    """A change to one field of ``line`` that differs from what the thread read."""
    fld = rng.choice(("likelihood", "cons_c", "scenario"))
    if fld == "scenario":
        return fld, f"Scenarie {rng.getrandbits(48):012x}"
    current = getattr(line, fld)
    return fld, rng.choice([v for v in (1, 2, 3, 4) if v != current])


def _worker(wb, n: int, deadline: float, hot_lines: list[int], hot_system: int, own_line: int, own_system: int,
            vote: tuple[str, str, int, int], log: Log) -> None:
    rng = random.Random(n)
    me = Actor(username=f"bruger{n:02d}", display_name=f"Bruger {n:02d}", role="koordinator")
    code, token, vote_line, vote_round = vote
    ops = ["hot"] * 5 + ["own"] * 3 + ["accept"] + ["system"] + ["vote"] * 2
    while time.monotonic() < deadline:
        op = rng.choice(ops)
        entity, target = "risk_lines", 0
        try:
            if op in ("hot", "own"):
                target = rng.choice(hot_lines) if op == "hot" else own_line
                line = wb.assessments.line(me, target)
                fld, value = _scoring(rng, line)
                if rng.random() < 0.3:
                    time.sleep(rng.random() * 0.005)  # think time between reading and saving widens the race
                version = wb.assessments.update_line(me, target, line.version, {fld: value})
                log.acks[(entity, target)].append((version, "update", {fld: value}))
            elif op == "accept":
                target = rng.choice(hot_lines)
                line = wb.assessments.line(me, target)
                ref = f"Udvalgsbeslutning {n}-{rng.getrandbits(40):010x}"
                version = wb.assessments.accept_risk(me, target, line.version, me.display_name, dk_today(), ref)
                log.acks[(entity, target)].append((version, "accept_risk", {"acceptance_ref": ref}))
            elif op == "system":
                entity, target = "systems", rng.choice((hot_system, own_system))
                system = wb.systems.get(me, target)
                data = system_to_input(system)
                data.description = f"Beskrivelse fra {me.username} {rng.getrandbits(40):010x}"
                version = wb.systems.update(me, target, system.version, data)
                log.acks[(entity, target)].append((version, "update", {"description": data.description}))
            else:
                entity, target = "votes", vote_line
                values = {"likelihood": rng.randint(1, 4), "cons_c": rng.randint(1, 4)}
                vid = wb.workshops.vote(code, token, vote_line, vote_round, values)
                log.votes.append((vid, vote_line, values))
        except StaleVersionError as err:
            log.refusals.append((entity, target, str(err)))
        except WorkbenchError as err:  # a refusal, but not the one this load can cause
            log.errors.append(f"{op} {entity} {target}: {type(err).__name__}: {err}")
        except Exception as err:  # noqa: BLE001 - recorded and failed on in the test
            log.errors.append(f"{op} {entity} {target}: {type(err).__name__}: {err!r}")


def test_concurrent_sessions_lose_no_write(wb, make_system, actor):
    # One shared system whose assessment's lines everybody edits, one system per thread.
    hot_system = make_system(name="Fælles system")
    hot_assessment = wb.assessments.start(actor, hot_system)
    hot_lines = [ln.id for ln in wb.assessments.lines(actor, hot_assessment)[:HOT_LINES]]
    assert len(hot_lines) == HOT_LINES
    # Other assessments: each thread has a line of its own in one of them (no one else writes it).
    others = []
    for k in range(OTHER_SYSTEMS):
        sid = make_system(name=f"Andet system {k}")
        others.append((sid, [ln.id for ln in wb.assessments.lines(actor, wb.assessments.start(actor, sid))]))
    own = [(others[n % OTHER_SYSTEMS][0], others[n % OTHER_SYSTEMS][1][n // OTHER_SYSTEMS]) for n in range(THREADS)]
    # A workshop on a third assessment: every thread joins it and votes on its current threat.
    ws_system = make_system(name="Workshopsystem")
    ws_assessment = wb.assessments.start(actor, ws_system)
    wid = wb.workshops.open(actor, ws_assessment)
    live = wb.workshops.live(actor, wid)
    code = live.workshop["code"]
    tokens = [wb.workshops.join(code, f"Deltager {n:02d}", "fagperson")[1] for n in range(THREADS)]
    live = wb.workshops.live(actor, wid)
    vote_line, vote_round = live.workshop["current_line_id"], live.workshop["round"]

    lines_before = {lid: wb.assessments.line(actor, lid) for lid in hot_lines + [lid for _, lid in own]}
    systems_before = {sid: wb.systems.get(actor, sid).version for sid in [hot_system] + [sid for sid, _ in others]}
    first_audit_id = audit_rows(wb)[-1]["id"] + 1

    logs = [Log() for _ in range(THREADS)]
    deadline = time.monotonic() + DURATION
    threads = [
        threading.Thread(target=_worker, args=(wb, n, deadline, hot_lines, hot_system, own[n][1], own[n][0],
                                               (code, tokens[n], vote_line, vote_round), logs[n]), daemon=True)
        for n in range(THREADS)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=DURATION + 60)
    assert not any(t.is_alive() for t in threads), "a writer thread hangs"

    errors = [e for log in logs for e in log.errors]
    assert not errors, f"{len(errors)} writes failed with something other than a conflict: {errors[:5]}"
    refusals = [r for log in logs for r in log.refusals]
    for entity, _target, message in refusals:
        assert entity in ("risk_lines", "systems"), (entity, message)
        assert "er ændret af" in message and "Intet er gemt" in message, message
    # Only the shared rows can conflict: a thread's own line is written by it alone.
    own_lines = {lid for _, lid in own}
    assert not [r for r in refusals if r[0] == "risk_lines" and r[1] in own_lines]

    acks: dict[tuple[str, int], list[tuple[int, str, dict]]] = defaultdict(list)
    for log in logs:
        for key, writes in log.acks.items():
            acks[key].extend(writes)
    votes = [v for log in logs for v in log.votes]
    n_acks = sum(len(w) for w in acks.values())
    print(f"\n{THREADS} threads, {DURATION:.0f} s: {n_acks} acknowledged writes, {len(votes)} votes, "
          f"{len(refusals)} refused as conflicts")
    hot_acks = sum(len(acks[("risk_lines", lid)]) for lid in hot_lines)
    assert hot_acks >= 40 and len(refusals) >= 20, "the load did too little to prove anything"

    new_audit = [r for r in audit_rows(wb) if r["id"] >= first_audit_id]
    by_entity = defaultdict(list)
    for r in new_audit:
        by_entity[(r["entity"], r["entity_id"])].append(r)

    start_version = {("risk_lines", k): v.version for k, v in lines_before.items()}
    start_version.update({("systems", k): v for k, v in systems_before.items()})
    for key, writes in acks.items():
        entity, eid = key
        writes.sort(key=lambda w: w[0])
        versions = [w[0] for w in writes]
        # No duplicate version (two writers that both won) and no gap (a write that was lost).
        assert versions == list(range(start_version[key] + 1, start_version[key] + 1 + len(writes))), (key, versions)
        # The final row is the last acknowledged write.
        if entity == "risk_lines":
            final = wb.assessments.line(actor, eid)
        else:
            final = wb.systems.get(actor, eid)
        assert final.version == versions[-1], key
        last_values = writes[-1][2]
        for fld, value in last_values.items():
            assert getattr(final, fld) == value, (key, fld)
        # Exactly one audit row per acknowledged write, in version order, with the values written.
        trail = by_entity.pop((entity, str(eid)), [])
        assert [r["action"] for r in trail] == [w[1] for w in writes], key
        for r, (version, _, values) in zip(trail, writes, strict=True):
            after = json.loads(r["after_json"])
            for fld, value in values.items():
                assert after.get(fld) == value, (key, version, fld, after)
    # Lines and systems nobody acknowledged a write to are unchanged.
    for key, version in start_version.items():
        if key not in acks:
            final = wb.assessments.line(actor, key[1]) if key[0] == "risk_lines" else wb.systems.get(actor, key[1])
            assert final.version == version, key

    # Every acknowledged vote is stored with its values and audited once.
    with wb.db.read() as cur:
        stored = {r[0]: r[1:] for r in cur.execute(
            "SELECT id, line_id, round, likelihood, cons_c FROM votes WHERE workshop_id = ?", [wid]).fetchall()}
    assert len(stored) == len(votes)
    for vid, line_id, values in votes:
        assert stored[vid] == (line_id, vote_round, values["likelihood"], values["cons_c"]), vid
        trail = by_entity.pop(("votes", str(vid)))
        assert [r["action"] for r in trail] == ["vote"]
        after = json.loads(trail[0]["after_json"])
        assert (after["likelihood"], after["cons_c"]) == (values["likelihood"], values["cons_c"])

    # Nothing else was audited: no row for a refused write.
    assert not by_entity, f"audit rows without an acknowledged write: {list(by_entity)[:5]}"
    assert len(new_audit) == n_acks + len(votes)
    with wb.db.read() as cur:
        result = verify_audit(wb, cur)
    assert result.ok, result
