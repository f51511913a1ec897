"""The SQL of processing activities (behandlingsaktiviteter): the activity row, the systems it is linked to,
and its screening answers. The rules (who may link what, when a DPIA is due) stay in riskmodel.services;
the activities' list for the pages is a read model in :mod:`riskmodel.store.queries.activities`.

Every function takes the cursor of an open read or write transaction; versioned changes of the activity row
go through :func:`riskmodel.store.versioned.versioned_update`.
"""

from __future__ import annotations

from typing import Any

import duckdb

from riskmodel.store.uow import rows_as_dicts


def row(cur: duckdb.DuckDBPyConnection, activity_id: int) -> dict[str, Any] | None:
    """The activity's row by column name, None if there is no such id."""
    cur.execute("SELECT * FROM activities WHERE id = ?", [activity_id])
    rows = rows_as_dicts(cur)
    return rows[0] if rows else None


def insert(cur: duckdb.DuckDBPyConnection, values: dict[str, Any], username: str) -> int:
    """A new activity from its column values, created and last changed by ``username``; its id."""
    cols = list(values)
    cur.execute(
        f"INSERT INTO activities ({', '.join(cols)}, created_by, updated_by) "
        f"VALUES ({', '.join('?' for _ in cols)}, ?, ?) RETURNING id",
        [*values.values(), username, username],
    )
    return cur.fetchone()[0]


def system_ids(cur: duckdb.DuckDBPyConnection, activity_id: int) -> list[int]:
    """The ids of the systems an activity is linked to, ascending."""
    cur.execute("SELECT system_id FROM activity_systems WHERE activity_id = ? ORDER BY system_id", [activity_id])
    return [r[0] for r in cur.fetchall()]


def set_systems(cur: duckdb.DuckDBPyConnection, activity_id: int, ids: list[int]) -> None:
    """Link the activity to exactly these systems."""
    cur.execute("DELETE FROM activity_systems WHERE activity_id = ?", [activity_id])
    for sid in ids:
        cur.execute("INSERT INTO activity_systems VALUES (?, ?)", [activity_id, sid])


def activity_ids_of_system(cur: duckdb.DuckDBPyConnection, system_id: int) -> set[int]:
    """The ids of the activities a system supports."""
    return {r[0] for r in cur.execute(
        "SELECT activity_id FROM activity_systems WHERE system_id = ?", [system_id]).fetchall()}


def systems_reach(cur: duckdb.DuckDBPyConnection, ids: list[int]) -> dict[int, tuple[str, str]]:
    """(department, owner) of each of these systems that exists."""
    if not ids:
        return {}
    return {r[0]: (r[1], r[2]) for r in cur.execute(
        "SELECT id, department, owner FROM systems WHERE list_contains(?, id)", [ids]).fetchall()}


def systems_profile(cur: duckdb.DuckDBPyConnection, activity_id: int) -> list[tuple[list[str], str]]:
    """(personal data categories, classification) of each system the activity is linked to."""
    return [(r[0], r[1]) for r in cur.execute(
        "SELECT s.data_categories, s.classification FROM activity_systems x JOIN systems s ON s.id = x.system_id "
        "WHERE x.activity_id = ?", [activity_id]).fetchall()]


def screening_answer(cur: duckdb.DuckDBPyConnection, activity_id: int, criterion: str) -> dict[str, Any] | None:
    """{answer, note} of one screening criterion, None if it is not answered."""
    cur.execute("SELECT answer, note FROM screening_answers WHERE activity_id = ? AND criterion = ?",
                [activity_id, criterion])
    rows = rows_as_dicts(cur)
    return rows[0] if rows else None


def put_screening_answer(cur: duckdb.DuckDBPyConnection, activity_id: int, criterion: str, answer: str | None,
                         note: str, username: str) -> None:
    """Store the answer to one screening criterion (None clears it)."""
    cur.execute("DELETE FROM screening_answers WHERE activity_id = ? AND criterion = ?", [activity_id, criterion])
    if answer:
        cur.execute("INSERT INTO screening_answers (activity_id, criterion, answer, note, updated_by) "
                    "VALUES (?, ?, ?, ?, ?)", [activity_id, criterion, answer, note, username])
