"""Optimistic concurrency, in one place: every versioned row is updated through :func:`versioned_update`,
and a write that finds another version than the one the user saw gets :func:`stale_error`'s message.

Each versioned table has ``version``, ``updated_at`` and ``updated_by`` columns. An update bumps the
version and stamps who and when; with ``expected_version`` it only applies if the row still has that
version, otherwise nothing is written and the "changed by someone else" error is raised (the caller's
transaction then rolls back).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import duckdb

from riskmodel.domain.dates import fmt_datetime
from riskmodel.domain.errors import NotFoundError, StaleVersionError, Text

# (definite noun, pronoun) per table, for messages such as "Systemet ... efter du åbnede det".
ENTITY_NAMES_DA = {
    "systems": ("Systemet", "det"),
    "threats": ("Truslen", "den"),
    "assessments": ("Risikovurderingen", "den"),
    "risk_lines": ("Risikolinjen", "den"),
    "settings": ("Indstillingen", "den"),
    "activities": ("Behandlingsaktiviteten", "den"),
    "dispensations": ("Dispensationen", "den"),
    "workshops": ("Workshoppen", "den"),
    "participants": ("Deltageren", "den"),
    "users": ("Brugeren", "den"),
}


def not_found(table: str, entity_id: object) -> NotFoundError:
    """The 'no such row' error for ``table``, in the reader's language (the table's name where it has none)."""
    return NotFoundError("err.not_found", entity=Text(f"entity.{table}") if table in ENTITY_NAMES_DA else table,
                         entity_id=entity_id)


class _Now:
    """A value of ``changes`` that stands for the database's own ``current_timestamp``."""

    def __repr__(self) -> str:
        return "NOW"


NOW = _Now()


def stale_error(table: str, current: dict[str, Any], expected_version: int,
                cur: duckdb.DuckDBPyConnection | None = None) -> StaleVersionError:
    """The 'changed by someone else' error for a row of ``table`` read at ``expected_version``;
    ``current`` is the row as it is now (its version, who changed it and when). With ``cur`` the one who
    changed it is named by their name, not their username."""
    who = current.get("updated_by") or ""
    if who and cur is not None:
        found = cur.execute("SELECT display_name FROM users WHERE username = ?", [who]).fetchone()
        who = found[0] if found and found[0] else who
    when = current.get("updated_at")
    return StaleVersionError(
        "err.stale",
        entity=Text(f"entity.{table}") if table in ENTITY_NAMES_DA else table,
        it=Text(f"entity.{table}.it") if table in ENTITY_NAMES_DA else "",
        who=Text("people.local") if who == "lokal" else (who or Text("err.someone_else")),
        when=f" {fmt_datetime(when)}" if isinstance(when, datetime) else "",
        mine=expected_version,
        now=current["version"],
    )


def check_version(table: str, current: dict[str, Any], expected_version: int) -> None:
    """Raise the stale error unless ``current`` (a row of ``table``) is still at ``expected_version``."""
    if current["version"] != expected_version:
        raise stale_error(table, current, expected_version)


def versioned_update(
    cur: duckdb.DuckDBPyConnection,
    table: str,
    entity_id: Any,
    changes: dict[str, Any],
    updated_by: str | None,
    expected_version: int | None = None,
    key: str = "id",
) -> int:
    """Apply ``changes`` to the row whose ``key`` is ``entity_id``, bump its version and stamp
    ``updated_at`` (and ``updated_by`` unless it is None); return the new version. A value :data:`NOW`
    is the database's ``current_timestamp``.

    With ``expected_version`` the update only applies while the row still has that version; otherwise
    :func:`stale_error` is raised (or :class:`NotFoundError` if the row is gone).
    """
    stamp = {**changes, "updated_by": updated_by} if updated_by is not None else dict(changes)
    sets = "".join(f"{c} = current_timestamp, " if v is NOW else f"{c} = ?, " for c, v in stamp.items())
    where = f"{key} = ?" + (" AND version = ?" if expected_version is not None else "")
    params = [v for v in stamp.values() if v is not NOW] + [entity_id]
    params += [expected_version] if expected_version is not None else []
    cur.execute(
        f"UPDATE {table} SET {sets}updated_at = current_timestamp, version = version + 1 "
        f"WHERE {where} RETURNING version",
        params,
    )
    row = cur.fetchone()
    if row is not None:
        return row[0]
    cur.execute(f"SELECT * FROM {table} WHERE {key} = ?", [entity_id])
    found = cur.fetchone()
    if found is None:
        raise not_found(table, entity_id)
    current = dict(zip([d[0] for d in cur.description], found, strict=True))
    raise stale_error(table, current, expected_version, cur)
