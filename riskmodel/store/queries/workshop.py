"""Read models of the workshop room: when each person took their seat, and the turnout of each
threat the room has agreed on."""

from __future__ import annotations

import json

import duckdb

# The people who count in a round: in the room now (admitted, not removed, not departed, not the
# facilitator) and seated by that round (late joiners count from the round they joined in).
_COUNTED = ("p.admitted AND NOT p.removed AND p.left_at IS NULL AND p.role_title <> 'facilitator' "
            "AND p.joined_round <= d.round")


def joined_lines(cur: duckdb.DuckDBPyConnection, participant_ids: list[int]) -> dict[int, int]:
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


def turnout(cur: duckdb.DuckDBPyConnection, workshop_id: int) -> dict[int, tuple[int, int]]:
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
