"""The table seal: every table of business data, counted and digested, so a change made outside the app shows.

The audit chain (:mod:`riskmodel.store.audit`) covers what the app wrote; the seal covers the rest of the
file. After every commit the row count and a content digest of each sealed table go into the chain's
anchor under the same MAC (:func:`riskmodel.store.audit.write_anchor`); on the next open,
:func:`seal_problems` names every table whose rows or content differ. A transaction digests again only
the tables its statements wrote (:func:`written_tables`), and of those only the rows that changed
(:class:`RowHashes`): a save costs the same in a municipality of 12 systems and one of 1,500.
"""

from __future__ import annotations

import bisect
import hashlib
import hmac
import re
from dataclasses import dataclass

import duckdb
import numpy as np

# Tables outside the seal: the trail itself (its own chain), the migrations' bookkeeping, the matrix cells
# rebuilt from code on every open, and the join throttle's log (written on every attempt, data of no one).
UNSEALED = frozenset({"audit_log", "schema_migrations", "matrix_cells", "join_attempts"})
Seal = dict[str, tuple[int, str]]  # table -> (rows, digest)
_ROW = "sha256(to_json(t)::VARCHAR)"  # one row's digest (a table aliased t): table_seal and RowHashes share it
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
        f"FROM (SELECT {_ROW} AS h FROM \"{name}\" t)" for name in names)
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


@dataclass(frozen=True)
class RowHashes:
    """The rows of one table as the seal digests them, kept between commits so a commit digests only what changed.

    ``keys`` holds DuckDB's own 64-bit hash of every row (``hash(t)``: cheap), sorted; ``by_key`` maps such a hash
    to the SHA-256s of the rows that have it (the digest's per-row hashes; more than one only for equal rows or,
    once in 2**64, a collision); ``digests`` is every row's SHA-256, sorted, as the digest joins them. After a
    commit (:meth:`after`) the 64-bit hashes are read again (~5 ms for 45,000 rows); only the rows whose hash is
    new, gone or counted otherwise are digested again. The digest is the very value :func:`table_seal` computes
    from scratch (tests/store/test_audit_chain.py compares them after writes of every kind); a score saved with
    1,500 systems: the README, "Tabellernes segl".
    """

    keys: np.ndarray
    by_key: dict[int, tuple[str, ...]]
    digests: list[str]

    @classmethod
    def read(cls, cur: duckdb.DuckDBPyConnection, table: str) -> RowHashes:
        """Every row of ``table`` digested (what :func:`table_seal` does, kept row by row)."""
        rows = cur.execute(f'SELECT hash(t), {_ROW} FROM "{table}" t').fetchall()
        found: dict[int, list[str]] = {}
        for key, digest in rows:
            found.setdefault(int(key), []).append(digest)
        keys = np.sort(np.fromiter((key for key, _ in rows), dtype=np.uint64, count=len(rows)))
        return cls(keys, {key: tuple(sorted(d)) for key, d in found.items()}, sorted(d for _, d in rows))

    def after(self, cur: duckdb.DuckDBPyConnection, table: str) -> RowHashes:
        """The rows of ``table`` as they are now, digesting again only those that differ from these (a new object:
        this one stays as it was, for a transaction that rolls back)."""
        now = np.sort(np.asarray(cur.execute(f'SELECT hash(t) AS k FROM "{table}" t').fetchnumpy()["k"],
                                 dtype=np.uint64))
        if np.array_equal(now, self.keys):
            return self
        new_keys, new_counts = np.unique(now, return_counts=True)
        old_keys, old_counts = np.unique(self.keys, return_counts=True)
        _, i_new, i_old = np.intersect1d(new_keys, old_keys, assume_unique=True, return_indices=True)
        moved = np.concatenate([np.setdiff1d(new_keys, old_keys, assume_unique=True),
                                np.setdiff1d(old_keys, new_keys, assume_unique=True),
                                new_keys[i_new][new_counts[i_new] != old_counts[i_old]]]).tolist()
        fresh: dict[int, list[str]] = {int(key): [] for key in moved}
        for key, digest in cur.execute(f'SELECT hash(t), {_ROW} FROM "{table}" t '
                                       f"WHERE hash(t) IN (SELECT unnest(?::UBIGINT[]))", [list(fresh)]).fetchall():
            fresh[int(key)].append(digest)
        by_key, digests = dict(self.by_key), list(self.digests)
        for key, found in fresh.items():
            for digest in by_key.pop(key, ()):
                del digests[bisect.bisect_left(digests, digest)]
            if found:
                by_key[key] = tuple(sorted(found))
                for digest in found:
                    bisect.insort(digests, digest)
        return RowHashes(now, by_key, digests)

    def seal(self) -> tuple[int, str]:
        """(rows, digest) exactly as :func:`table_seal` computes it."""
        return len(self.digests), (hashlib.sha256("".join(self.digests).encode()).hexdigest() if self.digests else "")
