"""The writes of the live workshop (riskmodel.services.workshops): the workshop row, seats, votes, agreed
values and the join attempts the throttle counts. Every function takes the caller's cursor (its unit of
work); none commits, none audits (the service writes the audit row in the same transaction).

A versioned row (workshops, participants) is changed only through ``riskmodel.store.versioned``. The reads are
``riskmodel.store.queries.workshop``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

import duckdb

from riskmodel.domain.workshop import DIMENSIONS
from riskmodel.store.versioned import versioned_update

Cur = duckdb.DuckDBPyConnection


def insert_workshop(cur: Cur, assessment_id: int, code: str, require_admission: bool, agenda: list[int],
                    anonymous: bool, guest_cap: int, username: str) -> int:
    """A new open workshop on the first threat of its agenda; returns its id."""
    cur.execute(
        "INSERT INTO workshops (assessment_id, code, require_admission, current_line_id, opened_by, updated_by, "
        "agenda, anonymous, guest_cap) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        [assessment_id, code, require_admission, agenda[0], username, username, agenda, anonymous, guest_cap],
    )
    return cur.fetchone()[0]


def update_workshop(cur: Cur, workshop_id: int, changes: dict[str, Any], username: str | None) -> int:
    """Apply ``changes`` (may be empty: the version still moves, so every screen redraws); the new version."""
    return versioned_update(cur, "workshops", workshop_id, changes, username)


def close_workshop(cur: Cur, workshop_id: int) -> None:
    """Stamp the closing time (the status is an :func:`update_workshop`)."""
    cur.execute("UPDATE workshops SET closed_at = current_timestamp WHERE id = ?", [workshop_id])


def save_draft(cur: Cur, workshop_id: int, draft: str) -> None:
    """The facilitator's half-typed rationale: not versioned, so no screen redraws for a keystroke."""
    cur.execute("UPDATE workshops SET draft_rationale = ? WHERE id = ?", [draft, workshop_id])


def insert_participant(cur: Cur, values: dict[str, Any]) -> int:
    """A participant (facilitator, a seat taken by code, or someone added by hand); returns the id."""
    cols = list(values)
    cur.execute(
        f"INSERT INTO participants ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)}) RETURNING id",
        [values[c] for c in cols],
    )
    return cur.fetchone()[0]


def update_participant(cur: Cur, participant_id: int, changes: dict[str, Any], username: str | None) -> int:
    return versioned_update(cur, "participants", participant_id, changes, username)


def insert_vote(cur: Cur, workshop_id: int, line_id: int, round_: int, participant_id: int,
                values: dict[str, int | None]) -> int:
    """One vote (append-only: a changed vote is a new row); returns its id."""
    cur.execute(
        "INSERT INTO votes (workshop_id, line_id, round, participant_id, likelihood, cons_c, cons_i, cons_a) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        [workshop_id, line_id, round_, participant_id, *(values.get(d) for d in DIMENSIONS)],
    )
    return cur.fetchone()[0]


def insert_decision(cur: Cur, workshop_id: int, line_id: int, round_: int, values: dict[str, int | None],
                    rationale: str, votes: int, username: str) -> None:
    """The value the room agreed on for a threat, with the rationale and the number of votes behind it."""
    cur.execute(
        "INSERT INTO decisions (workshop_id, line_id, round, likelihood, cons_c, cons_i, cons_a, rationale, "
        "votes, decided_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [workshop_id, line_id, round_, *(values.get(d) for d in DIMENSIONS), rationale, votes, username],
    )


def record_join_attempts(cur: Cur, keys: Iterable[str], outcome: str, tried_at: datetime) -> None:
    """One join attempt per throttle key (person, client, workshop) with its outcome."""
    cur.executemany("INSERT INTO join_attempts (client, outcome, tried_at) VALUES (?, ?, ?)",
                    [[k, outcome, tried_at] for k in keys])
