"""The users table: accounts, sign-in bookkeeping and single sign-on bindings (riskmodel.services.users holds
the rules and the access checks)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import duckdb

from riskmodel.store.uow import rows_as_dicts


def by_username(cur: duckdb.DuckDBPyConnection, username: str) -> dict[str, Any] | None:
    """The account with this username (trimmed, lower case), or None."""
    cur.execute("SELECT * FROM users WHERE username = ?", [username.strip().lower()])
    rows = rows_as_dicts(cur)
    return rows[0] if rows else None


def all_users(cur: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    cur.execute("SELECT * FROM users ORDER BY username")
    return rows_as_dicts(cur)


def display_names(cur: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Username -> display name, for every account that has a name."""
    return dict(cur.execute("SELECT username, display_name FROM users WHERE display_name <> ''").fetchall())


def count(cur: duckdb.DuckDBPyConnection) -> int:
    return cur.execute("SELECT count(*) FROM users").fetchall()[0][0]


def enabled_by_email(cur: duckdb.DuckDBPyConnection, email: str) -> list[dict[str, Any]]:
    """The enabled accounts with this e-mail (case-insensitive)."""
    cur.execute("SELECT * FROM users WHERE lower(email) = lower(?) AND NOT disabled", [email])
    return rows_as_dicts(cur)


def enabled_by_subject(cur: duckdb.DuckDBPyConnection, subject: str) -> list[dict[str, Any]]:
    """The enabled accounts bound to this single sign-on identity."""
    cur.execute("SELECT * FROM users WHERE oidc_subject = ? AND NOT disabled", [subject])
    return rows_as_dicts(cur)


def insert(cur: duckdb.DuckDBPyConnection, values: dict[str, Any]) -> int:
    """A new account; returns its id."""
    return cur.execute(
        f"INSERT INTO users ({', '.join(values)}) VALUES ({', '.join('?' for _ in values)}) RETURNING id",
        list(values.values()),
    ).fetchall()[0][0]


def record_failed_login(cur: duckdb.DuckDBPyConnection, user_id: int, failed_logins: int,
                        locked_until: datetime | None) -> None:
    """Sign-in bookkeeping, not an edit: no version bump."""
    cur.execute("UPDATE users SET failed_logins = ?, locked_until = ? WHERE id = ?",
                [failed_logins, locked_until, user_id])


def record_login(cur: duckdb.DuckDBPyConnection, user_id: int, when: datetime) -> None:
    """A successful local sign-in: the failure count and any lock are cleared."""
    cur.execute("UPDATE users SET failed_logins = 0, locked_until = NULL, last_login = ? WHERE id = ?",
                [when, user_id])


def record_sign_on(cur: duckdb.DuckDBPyConnection, user_id: int, when: datetime) -> None:
    """A successful single sign-on."""
    cur.execute("UPDATE users SET last_login = ? WHERE id = ?", [when, user_id])
