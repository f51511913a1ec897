"""Repositories and the unit of work.

A unit of work is one write transaction on its own cursor. Repositories hold the
SQL; services hold the rules. Every update carries the version the user saw;
an update that finds another version raises :class:`StaleVersionError` and the
transaction rolls back, so nothing is written.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import fields
from datetime import date, datetime
from typing import Any

import duckdb
import pandas as pd

from riskmodel.domain.errors import StaleVersionError
from riskmodel.domain.model import Actor, Assessment, RiskLine, System, Threat
from riskmodel.store import audit
from riskmodel.store.db import Database
from riskmodel.store.versioned import check_version, not_found, stale_error, versioned_update


def _json_default(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    raise TypeError(type(value))


def to_json(value: Any) -> str | None:
    if value is None:
        return None
    return json.dumps(value, default=_json_default, ensure_ascii=False, sort_keys=True)


def rows_as_dicts(cur: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]


def rows_as_frame(cur: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The result as a DataFrame that keeps its columns even when no row matched."""
    cols = [d[0] for d in cur.description]
    return pd.DataFrame(rows_as_dicts(cur), columns=cols)


def build(cls: type, row: dict[str, Any]):
    """A domain dataclass from a row (a dict by column name); columns the class does not have are left out."""
    names = {f.name for f in fields(cls)}
    return cls(**{k: v for k, v in row.items() if k in names})


class Table:
    """Generic single-table access with optimistic version checks."""

    table: str = ""
    cls: type | None = None

    def __init__(self, cur: duckdb.DuckDBPyConnection):
        self.cur = cur

    def get_row(self, entity_id: int) -> dict[str, Any]:
        self.cur.execute(f"SELECT * FROM {self.table} WHERE id = ?", [entity_id])
        rows = rows_as_dicts(self.cur)
        if not rows:
            raise not_found(self.table, entity_id)
        return rows[0]

    def get(self, entity_id: int):
        return build(self.cls, self.get_row(entity_id))

    def insert(self, values: dict[str, Any]) -> int:
        cols = list(values)
        placeholders = ", ".join("?" for _ in cols)
        self.cur.execute(
            f"INSERT INTO {self.table} ({', '.join(cols)}) VALUES ({placeholders}) RETURNING id",
            [values[c] for c in cols],
        )
        return self.cur.fetchone()[0]

    def update(self, entity_id: int, expected_version: int, changes: dict[str, Any], actor: Actor) -> int:
        """Apply ``changes`` if the row still has ``expected_version``; return the new version."""
        return versioned_update(self.cur, self.table, entity_id, changes, actor.username, expected_version)

    def ensure_version(self, entity_id: int, expected_version: int) -> None:
        """Raise the stale error if the row is no longer at ``expected_version`` (for no-op saves)."""
        check_version(self.table, self.get_row(entity_id), expected_version)

    def stale(self, current: dict[str, Any], expected_version: int) -> StaleVersionError:
        """The 'changed by someone else' error for a row read at ``expected_version``."""
        return stale_error(self.table, current, expected_version, self.cur)


class Systems(Table):
    table = "systems"
    cls = System


class Threats(Table):
    table = "threats"
    cls = Threat


class Assessments(Table):
    table = "assessments"
    cls = Assessment


class RiskLines(Table):
    table = "risk_lines"
    cls = RiskLine

    def for_assessment(self, assessment_id: int) -> list[RiskLine]:
        self.cur.execute(
            "SELECT * FROM risk_lines WHERE assessment_id = ? AND NOT removed ORDER BY position, id",
            [assessment_id],
        )
        return [build(RiskLine, r) for r in rows_as_dicts(self.cur)]


class Settings:
    def __init__(self, cur: duckdb.DuckDBPyConnection):
        self.cur = cur

    def get(self, key: str) -> tuple[str, int] | None:
        self.cur.execute("SELECT value, version FROM settings WHERE key = ?", [key])
        row = self.cur.fetchone()
        return (row[0], row[1]) if row else None

    def put(self, key: str, value: str, expected_version: int, actor: Actor) -> int:
        """Insert or update; ``expected_version`` 0 means 'I saw the default'."""
        current = self.get(key)
        if current is None:
            if expected_version != 0:
                raise StaleVersionError("err.settings.gone", key=key)
            self.cur.execute(
                "INSERT INTO settings (key, value, updated_by) VALUES (?, ?, ?)", [key, value, actor.username]
            )
            return 1
        if current[1] != expected_version:
            raise StaleVersionError("err.settings.stale", key=key)
        return versioned_update(self.cur, "settings", key, {"value": value}, actor.username, key="key")


class UnitOfWork:
    """Repositories on one transaction's cursor, plus the audit writer."""

    def __init__(self, cur: duckdb.DuckDBPyConnection, actor: Actor):
        self.cur = cur
        self.actor = actor
        self.systems = Systems(cur)
        self.threats = Threats(cur)
        self.assessments = Assessments(cur)
        self.lines = RiskLines(cur)
        self.settings = Settings(cur)

    def audit(
        self, action: str, entity: str, entity_id: Any, before: Any = None, after: Any = None
    ) -> None:
        """Append one row to the hash-chained audit log, in this transaction."""
        self.audit_many([(action, entity, entity_id, before, after)])

    def audit_many(self, rows: list[tuple[str, str, Any, Any, Any]]) -> None:
        """Append (action, entity, entity id, before, after) rows in one go (bulk loads)."""
        audit.append(
            self.cur,
            [
                {"actor": self.actor.username, "action": action, "entity": entity,
                 "entity_id": None if entity_id is None else str(entity_id),
                 "before_json": to_json(before), "after_json": to_json(after)}
                for action, entity, entity_id, before, after in rows
            ],
        )


@contextmanager
def unit_of_work(db: Database, actor: Actor) -> Iterator[UnitOfWork]:
    with db.transaction() as cur:
        yield UnitOfWork(cur, actor)
