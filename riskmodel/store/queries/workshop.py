"""Read models of the workshop room (riskmodel.services.workshops): the workshop, its seats and votes, the
agreed values, the join attempts the throttle counts, the record of an assessment's participants, when each
person took their seat, and the turnout of each threat the room has agreed on.

Every function takes the caller's cursor (a read, or the write transaction that checks before it writes).
The writes are ``riskmodel.store.workshops``."""

from __future__ import annotations

import json
from datetime import datetime

import duckdb
import pandas as pd

from riskmodel.store.uow import rows_as_dicts, rows_as_frame

Cur = duckdb.DuckDBPyConnection

# The people who count in a round: in the room now (admitted, not removed, not departed, not the
# facilitator) and seated by that round (late joiners count from the round they joined in).
_COUNTED = ("p.admitted AND NOT p.removed AND p.left_at IS NULL AND p.role_title <> 'facilitator' "
            "AND p.joined_round <= d.round")


def joined_lines(cur: Cur, participant_ids: list[int]) -> dict[int, int]:
    """The threat on screen when each participant last took their seat (a join, or a return after
    leaving), from the audit trail's join rows; people who joined before it was recorded are left out."""
    if not participant_ids:
        return {}
    marks = ", ".join("?" for _ in participant_ids)
    rows = cur.execute(
        f"SELECT entity_id, after_json FROM audit_log WHERE entity = 'participants' AND action IN ('join', 'rejoin') "
        f"AND entity_id IN ({marks}) ORDER BY id", [str(p) for p in participant_ids]).fetchall()
    out: dict[int, int] = {}
    for pid, after in rows:
        line = json.loads(after or "{}").get("line_id")
        if isinstance(line, int):
            out[int(pid)] = line
    return out


def turnout(cur: Cur, workshop_id: int) -> dict[int, tuple[int, int]]:
    """For each threat with an agreed value in the workshop: (voted, present) in the round of its latest
    decision. Someone who joined later is in neither figure."""
    rows = cur.execute(
        "SELECT d.line_id, "
        "(SELECT count(DISTINCT v.participant_id) FROM votes v JOIN participants p ON p.id = v.participant_id "
        f" WHERE v.workshop_id = d.workshop_id AND v.line_id = d.line_id AND v.round = d.round AND {_COUNTED}), "
        f"(SELECT count(*) FROM participants p WHERE p.workshop_id = d.workshop_id AND {_COUNTED}) "
        "FROM decisions d WHERE d.workshop_id = ? AND d.id = "
        "(SELECT max(d2.id) FROM decisions d2 WHERE d2.workshop_id = d.workshop_id AND d2.line_id = d.line_id)",
        [workshop_id]).fetchall()
    return {line: (voted, present) for line, voted, present in rows}


def _first(cur: Cur) -> dict | None:
    rows = rows_as_dicts(cur)
    return rows[0] if rows else None


# -- the workshop ------------------------------------------------------------------------------------------
def workshop(cur: Cur, workshop_id: int) -> dict | None:
    cur.execute("SELECT * FROM workshops WHERE id = ?", [workshop_id])
    return _first(cur)


def open_of(cur: Cur, assessment_id: int) -> dict | None:
    """The open workshop of an assessment, if any."""
    cur.execute("SELECT * FROM workshops WHERE assessment_id = ? AND status = 'aaben'", [assessment_id])
    return _first(cur)


def open_by_code(cur: Cur, code: str) -> dict | None:
    """The open workshop with the (normalised) join code, if any."""
    cur.execute("SELECT * FROM workshops WHERE code = ? AND status = 'aaben'", [code])
    return _first(cur)


def open_codes(cur: Cur) -> set[str]:
    """The codes of every open workshop (a new one gets another)."""
    return {r[0] for r in cur.execute("SELECT code FROM workshops WHERE status = 'aaben'").fetchall()}


def open_list(cur: Cur) -> list[dict]:
    """Every open workshop, newest first, with its system's or processing activity's name, department and
    owner (the access check is the caller's)."""
    cur.execute(
        "SELECT w.id, w.code, w.assessment_id, w.opened_at, a.lens, "
        "coalesce(s.name, pa.name) AS system_name, coalesce(s.department, pa.department) AS department, "
        "coalesce(s.owner, pa.responsible) AS owner "
        "FROM workshops w JOIN assessments a ON a.id = w.assessment_id "
        "LEFT JOIN systems s ON s.id = a.system_id LEFT JOIN activities pa ON pa.id = a.activity_id "
        "WHERE w.status = 'aaben' ORDER BY w.opened_at DESC"
    )
    return rows_as_dicts(cur)


# -- the room: seats, votes, agreed values -------------------------------------------------------------------
def members(cur: Cur, workshop_id: int) -> list[dict]:
    """The people in the room: joined (waiting or admitted), not removed, not departed."""
    cur.execute(
        "SELECT id, name, role_title, admitted, username, joined_round FROM participants "
        "WHERE workshop_id = ? AND NOT removed AND left_at IS NULL AND role_title <> 'facilitator' ORDER BY id",
        [workshop_id],
    )
    return rows_as_dicts(cur)


def member(cur: Cur, participant_id: int, workshop_id: int) -> dict | None:
    """A participant's row, if they joined this workshop (removed or not)."""
    cur.execute("SELECT * FROM participants WHERE id = ? AND workshop_id = ?", [participant_id, workshop_id])
    return _first(cur)


def round_votes(cur: Cur, workshop_id: int, line_id: int, round_: int) -> list[dict]:
    """Every vote of a round on a threat by the people still in the room, with their names, oldest first."""
    cur.execute(
        "SELECT v.*, p.name, p.role_title FROM votes v JOIN participants p ON p.id = v.participant_id "
        "WHERE v.workshop_id = ? AND v.line_id = ? AND v.round = ? AND NOT p.removed AND p.left_at IS NULL "
        "ORDER BY v.cast_at, v.id",
        [workshop_id, line_id, round_],
    )
    return rows_as_dicts(cur)


def round_voters(cur: Cur, workshop_id: int, line_id: int, round_: int) -> int:
    """How many people have voted in a round on a threat."""
    return cur.execute("SELECT count(DISTINCT participant_id) FROM votes WHERE workshop_id = ? AND line_id = ? "
                       "AND round = ?", [workshop_id, line_id, round_]).fetchone()[0]


def vote_count(cur: Cur, workshop_id: int) -> int:
    """Every vote cast in the workshop."""
    return cur.execute("SELECT count(*) FROM votes WHERE workshop_id = ?", [workshop_id]).fetchone()[0]


def decision(cur: Cur, workshop_id: int, line_id: int) -> dict | None:
    """The last agreed value recorded for a threat in the workshop."""
    cur.execute("SELECT * FROM decisions WHERE workshop_id = ? AND line_id = ? ORDER BY id DESC LIMIT 1",
                [workshop_id, line_id])
    return _first(cur)


def decided_lines(cur: Cur, workshop_id: int) -> set[int]:
    """The threats with an agreed value in the workshop."""
    cur.execute("SELECT DISTINCT line_id FROM decisions WHERE workshop_id = ?", [workshop_id])
    return {r[0] for r in cur.fetchall()}


# -- seats, by token, account or browser ---------------------------------------------------------------------
def seat_by_token(cur: Cur, token_hash: str, code: str) -> dict | None:
    """The participant holding the token in the workshop with the code (any status), with ``w_status``."""
    cur.execute(
        "SELECT p.*, w.status AS w_status FROM participants p JOIN workshops w ON w.id = p.workshop_id "
        "WHERE p.token_hash = ? AND w.code = ?",
        [token_hash, code],
    )
    return _first(cur)


def seats_of_user(cur: Cur, workshop_id: int, username: str) -> list[dict]:
    """An account's seats in the workshop (not as its facilitator), oldest first."""
    cur.execute("SELECT * FROM participants WHERE workshop_id = ? AND username = ? "
                "AND role_title <> 'facilitator' ORDER BY id", [workshop_id, username])
    return rows_as_dicts(cur)


def seats_of_browser(cur: Cur, workshop_id: int, browser_hash: str) -> list[dict]:
    """A browser's guest seats in the workshop, oldest first."""
    cur.execute("SELECT * FROM participants WHERE workshop_id = ? AND browser_hash = ? AND username IS NULL "
                "ORDER BY id", [workshop_id, browser_hash])
    return rows_as_dicts(cur)


def guests_seated(cur: Cur, workshop_id: int) -> int:
    """Guests (no account) holding a seat now: not removed, not departed."""
    return cur.execute(
        "SELECT count(*) FROM participants WHERE workshop_id = ? AND username IS NULL AND NOT removed "
        "AND left_at IS NULL AND role_title <> 'facilitator'", [workshop_id]).fetchone()[0]


def join_counts(cur: Cur, key: str, since: datetime) -> tuple[int, int, int]:
    """(refused or wrong code, joined, throttled) attempts of a throttle key after ``since``."""
    return cur.execute(
        "SELECT count(*) FILTER (WHERE outcome IN ('wrong_code', 'refused')), "
        "count(*) FILTER (WHERE outcome = 'ok'), count(*) FILTER (WHERE outcome = 'throttled') "
        "FROM join_attempts WHERE client = ? AND tried_at > ?", [key, since]).fetchone()


# -- the record of an assessment ---------------------------------------------------------------------------
def participant(cur: Cur, participant_id: int) -> dict | None:
    cur.execute("SELECT * FROM participants WHERE id = ?", [participant_id])
    return _first(cur)


def participants(cur: Cur, assessment_id: int) -> pd.DataFrame:
    """Who took part (admitted, not removed), by date."""
    cur.execute(
        "SELECT id, name, role_title, attended_on, workshop_id, username, admitted, version FROM participants "
        "WHERE assessment_id = ? AND NOT removed AND admitted ORDER BY attended_on, id",
        [assessment_id],
    )
    return rows_as_frame(cur)


def votes(cur: Cur, assessment_id: int) -> pd.DataFrame:
    """Every vote cast on the assessment's threats: who, what, when."""
    cur.execute(
        "SELECT v.cast_at, p.name, p.role_title, rl.threat_code, rl.threat_title, v.round, v.likelihood, "
        "v.cons_c, v.cons_i, v.cons_a FROM votes v JOIN participants p ON p.id = v.participant_id "
        "JOIN risk_lines rl ON rl.id = v.line_id WHERE p.assessment_id = ? ORDER BY v.cast_at, v.id",
        [assessment_id],
    )
    return rows_as_frame(cur)


def decisions(cur: Cur, assessment_id: int) -> pd.DataFrame:
    """Every agreed value recorded in the assessment's workshops, in order."""
    cur.execute(
        "SELECT d.decided_at, d.decided_by, rl.threat_code, rl.threat_title, d.likelihood, d.cons_c, d.cons_i, "
        "d.cons_a, d.rationale, d.votes FROM decisions d JOIN workshops w ON w.id = d.workshop_id "
        "JOIN risk_lines rl ON rl.id = d.line_id WHERE w.assessment_id = ? ORDER BY d.id",
        [assessment_id],
    )
    return rows_as_frame(cur)
