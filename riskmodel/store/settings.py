"""The settings table read outside a unit of work (writes go through :class:`riskmodel.store.uow.Settings`)."""

from __future__ import annotations

import duckdb

from riskmodel.store.uow import Settings


def get(cur: duckdb.DuckDBPyConnection, key: str) -> tuple[str, int] | None:
    """(value, version) of a saved setting, or None if it was never saved."""
    return Settings(cur).get(key)
