"""The table seal: every table of business data, counted and digested, so a change made outside the app shows.

The audit chain (:mod:`riskmodel.store.audit`) covers what the app wrote; the seal covers the rest of the
file. After every commit the row count and a content digest of each sealed table go into the chain's
anchor under the same MAC (:func:`riskmodel.store.audit.write_anchor`); on the next open,
:func:`seal_problems` names every table whose rows or content differ. A transaction digests again only
the tables its statements wrote (:func:`written_tables`).
"""

from __future__ import annotations

import hmac
import re

import duckdb

# Tables outside the seal: the trail itself (its own chain), the migrations' bookkeeping, the matrix cells
# rebuilt from code on every open, and the join throttle's log (written on every attempt, data of no one).
UNSEALED = frozenset({"audit_log", "schema_migrations", "matrix_cells", "join_attempts"})
Seal = dict[str, tuple[int, str]]  # table -> (rows, digest)
# The tables a write statement names: INSERT INTO t, UPDATE t, DELETE FROM t, TRUNCATE t, ALTER/DROP/CREATE TABLE t.
_WRITES = re.compile(r"\b(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|TRUNCATE(?:\s+TABLE)?|"
                     r"(?:ALTER|DROP|CREATE(?:\s+OR\s+REPLACE)?)\s+TABLE(?:\s+IF\s+(?:NOT\s+)?EXISTS)?)\s+\"?(\w+)",
                     re.IGNORECASE)


def written_tables(sql: str) -> set[str]:
    """The tables a SQL statement may write (lower case); a name that is no table is harmless."""
    return {m.lower() for m in _WRITES.findall(sql)}


def sealed_tables(cur: duckdb.DuckDBPyConnection) -> list[str]:
    rows = cur.execute("SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' "
                       "AND table_schema = 'main' ORDER BY 1").fetchall()
    return [r[0] for r in rows if r[0] not in UNSEALED]


def table_seal(cur: duckdb.DuckDBPyConnection, tables: list[str] | set[str] | None = None) -> Seal:
    """Row count and content digest of each table (default: every sealed table), in one query.

    The digest is SHA-256 over the sorted SHA-256 of each row as JSON (column names and typed values,
    so a value cannot move between columns unseen): the row order does not count, any changed,
    added or removed row does. The anchor MACs it with the key, so it cannot be recomputed without it.
    """
    names = sealed_tables(cur) if tables is None else sorted(tables)
    if not names:
        return {}
    query = " UNION ALL ".join(
        f"SELECT '{name}', count(*), coalesce(sha256(string_agg(h, '' ORDER BY h)), '') "
        f"FROM (SELECT sha256(to_json(t)::VARCHAR) AS h FROM \"{name}\" t)" for name in names)
    return {name: (int(n), digest) for name, n, digest in cur.execute(query).fetchall()}


def seal_problems(cur: duckdb.DuckDBPyConnection, sealed: tuple[tuple[str, int, str], ...],
                  seen: Seal | None = None) -> list[str]:
    """Every table whose rows or content differ from the anchor's seal, by name, in Danish.

    ``seen`` (optional) receives the seal computed of the tables present, so that a caller who needs the
    seal of the same unchanged tables next (:class:`riskmodel.store.db.Database` on open) need not digest
    every table twice."""
    present = set(sealed_tables(cur))
    gone = [name for name, _, _ in sealed if name not in present]
    now = table_seal(cur, [name for name, _, _ in sealed if name in present])
    if seen is not None:
        seen.update(now)
    problems = [f"tabellen {name} findes ikke længere (slettet uden om appen)" for name in gone]
    for name, n, digest in sealed:
        if name not in now:
            continue
        rows, current = now[name]
        if rows != n:
            what = "slettet" if rows < n else "indsat"
            problems.append(f"tabellen {name} har {rows} rækker, men seglet siger {n}: {abs(n - rows)} "
                            f"{'række' if abs(n - rows) == 1 else 'rækker'} {what} uden om appen")
        elif not hmac.compare_digest(current, digest):
            problems.append(f"tabellen {name}: indholdet er ændret uden om appen (seglets digest passer ikke)")
    return problems
