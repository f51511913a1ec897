# Size: one job: the keyed audit chain, its head anchor, re-keying and the replay check against the tables.
"""The audit trail: an append-only, keyed hash chain of every change, anchored outside the database.

Each row's hash is HMAC-SHA256, under a key kept *outside* the database, over its id, time,
actor, action, entity, entity id, before and after values and the previous row's hash.
Changing or deleting a past row changes a hash a later row depends on; recomputing the hashes
needs the key. After every commit the head of the chain (row count, last id, last hash) is
written, HMAC'ed, to ``<db>.audit-head`` beside the database: cutting the tail or wiping the
log no longer matches that anchor. :func:`verify` only reads: it never repairs or re-chains.

Where the key comes from (a contract with the rest of the app): the file named by
``$RISK_AUDIT_KEY_FILE``, else ``[audit] key_file`` in ``.streamlit/secrets.toml``. It is
required in the ``local`` and ``oidc`` sign-in modes; in ``none`` mode (a local demo) a key is
created beside the database as ``<db>.audit-key`` (mode 0600) when none is configured.
"""

from __future__ import annotations

import contextvars
import hashlib
import hmac
import json
import os
import secrets
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import duckdb

from riskmodel.domain.errors import WorkbenchError
from riskmodel.store.seal import Seal, seal_problems

GENESIS = "0" * 64
AUDIT_COLUMNS = ("id", "at", "actor", "action", "entity", "entity_id", "before_json", "after_json")
_SELECT = 'id, "at", actor, action, entity, entity_id, before_json, after_json'  # "at" is a keyword
KEY_ENV = "RISK_AUDIT_KEY_FILE"
SYSTEM_ACTOR = "system"
MIN_KEY_BYTES = 16


class AuditKeyError(WorkbenchError):
    """The audit key is missing or unreadable (the message is Danish and says how to fix it)."""


def now_utc() -> datetime:
    """Naive UTC, the way timestamps are stored."""
    return datetime.now(UTC).replace(tzinfo=None)


# -- the key ---------------------------------------------------------------------------------
def key_path(db_path: str | Path) -> Path:
    return Path(f"{db_path}.audit-key")


def anchor_path(db_path: str | Path) -> Path:
    return Path(f"{db_path}.audit-head")


def pending_path(anchor: Path) -> Path:
    """The anchor of a commit in flight: written before the COMMIT, renamed over the anchor after it."""
    return anchor.with_name(anchor.name + ".pending")


def _secrets_key_file() -> Path | None:
    for secrets_file in (Path.cwd() / ".streamlit" / "secrets.toml", Path.home() / ".streamlit" / "secrets.toml"):
        if not secrets_file.is_file():
            continue
        try:
            data = tomllib.loads(secrets_file.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
            continue
        value = (data.get("audit") or {}).get("key_file") if isinstance(data.get("audit"), dict) else None
        if value:
            return Path(str(value)).expanduser()
    return None


def configured_key_file() -> Path | None:
    """``$RISK_AUDIT_KEY_FILE``, else ``[audit] key_file`` in secrets.toml, else None."""
    env = os.environ.get(KEY_ENV, "").strip()
    return Path(env).expanduser() if env else _secrets_key_file()


def read_key(path: Path) -> bytes:
    try:
        raw = path.read_bytes().strip()
    except OSError as err:
        raise AuditKeyError(f"Revisionssporets nøglefil {path} kan ikke læses ({err.strerror}). "
                            f"Sæt {KEY_ENV} eller [audit] key_file i .streamlit/secrets.toml til en læsbar fil.") from None
    try:
        key = bytes.fromhex(raw.decode("ascii"))
    except (UnicodeDecodeError, ValueError):
        key = raw
    if len(key) < MIN_KEY_BYTES:
        raise AuditKeyError(f"Revisionssporets nøglefil {path} er for kort (mindst {MIN_KEY_BYTES} byte). "
                            f"Lav en ny med: python -c \"import secrets; print(secrets.token_hex(32))\" > {path}")
    return key


def _create_key(path: Path) -> bytes:
    key = secrets.token_bytes(32)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as f:
        f.write(key.hex() + "\n")
    return key


def resolve_key(db_path: str | Path, mode: str | None = None, *, create: bool = True) -> bytes:
    """The audit key for the database at ``db_path`` under sign-in ``mode`` (default ``$RISK_AUTH`` or 'none').

    A configured key file wins. Without one, ``local``/``oidc`` refuse (:class:`AuditKeyError`),
    and ``none`` uses (or, with ``create``, makes) ``<db>.audit-key``.
    """
    mode = mode or os.environ.get("RISK_AUTH", "none") or "none"
    configured = configured_key_file()
    if configured is not None:
        return read_key(configured)
    if mode != "none":
        raise AuditKeyError(
            f"Revisionssporets nøgle mangler. Med login ({mode}) skal nøglen ligge uden for databasen: sæt "
            f"{KEY_ENV}=/sti/til/nøglefil eller [audit] key_file i .streamlit/secrets.toml. Lav nøglen med: "
            "python -c \"import secrets; print(secrets.token_hex(32))\" > /sti/til/nøglefil && chmod 600 "
            "/sti/til/nøglefil. Intet er startet.")
    if str(db_path) == ":memory:":
        return secrets.token_bytes(32)
    beside = key_path(Path(db_path).absolute())
    if beside.is_file():
        return read_key(beside)
    if not create:
        raise AuditKeyError(f"Revisionssporets nøgle findes ikke ({beside}), og {KEY_ENV} er ikke sat.")
    try:
        return _create_key(beside)
    except FileExistsError:  # another process made it a moment ago
        return read_key(beside)


# -- hashing -----------------------------------------------------------------------------------
def _payload(row: dict[str, Any], prev_hash: str) -> bytes:
    at = row["at"]
    payload = [
        int(row["id"]),
        at.isoformat(timespec="microseconds") if isinstance(at, datetime) else str(at),
        row["actor"],
        row["action"],
        row["entity"],
        row["entity_id"],
        row["before_json"],
        row["after_json"],
        prev_hash,
    ]
    return json.dumps(payload, ensure_ascii=False).encode("utf-8")


def row_hash(row: dict[str, Any], prev_hash: str, key: bytes | None = None) -> str:
    """HMAC-SHA256 of the row under ``key``; without a key the plain SHA-256 of the unkeyed chain of old files."""
    data = _payload(row, prev_hash)
    if key is None:
        return hashlib.sha256(data).hexdigest()
    return hmac.new(key, data, hashlib.sha256).hexdigest()


# The key of the transaction in progress on this thread (set by Database.transaction).
_TXN: contextvars.ContextVar[_Txn | None] = contextvars.ContextVar("audit_txn", default=None)


@dataclass
class _Txn:
    key: bytes
    appended: int = 0


@contextmanager
def keyed(key: bytes) -> Iterator[_Txn]:
    """Rows appended inside the block are chained with ``key``; ``appended`` counts them."""
    txn = _Txn(key)
    token = _TXN.set(txn)
    try:
        yield txn
    finally:
        _TXN.reset(token)


def last_hash(cur: duckdb.DuckDBPyConnection) -> str:
    rows = cur.execute("SELECT row_hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchall()
    return rows[0][0] if rows and rows[0][0] else GENESIS


def append(cur: duckdb.DuckDBPyConnection, rows: list[dict[str, Any]]) -> None:
    """Insert audit rows at the end of the chain. Call inside a Database transaction (it holds the key)."""
    if not rows:
        return
    txn = _TXN.get()
    if txn is None:
        raise RuntimeError("audit.append outside a Database transaction: the chain's key is unknown")
    _append(cur, rows, txn.key)
    txn.appended += len(rows)


def _append(cur: duckdb.DuckDBPyConnection, rows: list[dict[str, Any]], key: bytes) -> None:
    ids = [r[0] for r in cur.execute("SELECT nextval('seq_audit') FROM range(?)", [len(rows)]).fetchall()]
    prev = last_hash(cur)
    at = now_utc()
    records = []
    for new_id, r in zip(ids, rows, strict=True):
        rec = {"id": new_id, "at": at, "actor": r["actor"], "action": r["action"], "entity": r["entity"],
               "entity_id": r.get("entity_id"), "before_json": r.get("before_json"), "after_json": r.get("after_json")}
        rec["prev_hash"] = prev
        rec["row_hash"] = prev = row_hash(rec, prev, key)
        records.append(rec)
    if len(records) == 1:
        rec = records[0]
        cur.execute(
            "INSERT INTO audit_log (id, \"at\", actor, action, entity, entity_id, before_json, after_json, prev_hash, row_hash) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [rec[c] for c in (*AUDIT_COLUMNS, "prev_hash", "row_hash")],
        )
        return
    import pandas as pd

    frame = pd.DataFrame(records, columns=[*AUDIT_COLUMNS, "prev_hash", "row_hash"])
    cur.register("_audit_rows", frame)
    try:
        cur.execute(
            "INSERT INTO audit_log (id, \"at\", actor, action, entity, entity_id, before_json, after_json, prev_hash, row_hash) "
            "SELECT id, \"at\", actor, action, entity, entity_id::VARCHAR, before_json::VARCHAR, after_json::VARCHAR, "
            "prev_hash, row_hash FROM _audit_rows"
        )
    finally:
        cur.unregister("_audit_rows")


# -- the head anchor ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Head:
    rows: int
    last_id: int | None
    last_hash: str
    # The table seal written with the head (see :func:`table_seal`); None in an anchor from before the seal.
    seal: tuple[tuple[str, int, str], ...] | None = field(default=None, compare=False)


def head(cur: duckdb.DuckDBPyConnection) -> Head:
    n = cur.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    last = cur.execute("SELECT id, row_hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchall()
    return Head(n, last[0][0], last[0][1] or "") if last else Head(0, None, GENESIS)


def _anchor_mac(h: Head, key: bytes, seal: tuple | None = None) -> str:
    text = f"risikovaerkstedet-audit-head-v1|{h.rows}|{h.last_id}|{h.last_hash}"
    if seal is not None:
        text = (f"risikovaerkstedet-audit-head-v2|{h.rows}|{h.last_id}|{h.last_hash}|"
                + json.dumps([list(t) for t in seal], ensure_ascii=False, separators=(",", ":")))
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).hexdigest()


def write_anchor(path: Path, h: Head, key: bytes, seal: Seal | None = None) -> None:
    """Write the anchor atomically (a temporary file renamed over the old one, mode 0600); with ``seal``, the
    tables' row counts and content digests go with the head, under the same MAC."""
    sealed = None if seal is None else tuple(sorted(seal.items()))
    data: dict[str, Any] = {"version": 1, "rows": h.rows, "last_id": h.last_id, "last_hash": h.last_hash}
    if sealed is not None:
        data |= {"version": 2, "tables": {name: [n, digest] for name, (n, digest) in sealed}}
    data["mac"] = _anchor_mac(h, key, None if sealed is None else tuple((name, n, d) for name, (n, d) in sealed))
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(data, f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def read_anchor(path: Path, key: bytes) -> Head | str:
    """The anchored head, or a Danish reason why the anchor cannot be trusted."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        seal = None
        if data.get("version") == 2:
            seal = tuple(sorted((str(name), int(n), str(digest)) for name, (n, digest) in data["tables"].items()))
        h = Head(int(data["rows"]), None if data["last_id"] is None else int(data["last_id"]), str(data["last_hash"]),
                 seal)
        mac = str(data["mac"])
    except FileNotFoundError:
        return f"ankeret {path.name} mangler (loggen kan være skåret af eller slettet sammen med det)"
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return f"ankeret {path.name} kan ikke læses"
    if not hmac.compare_digest(mac, _anchor_mac(h, key, seal)):
        return f"ankeret {path.name} er ikke skrevet med revisionssporets nøgle (ændret eller forfalsket)"
    return h


def check_anchor(cur: duckdb.DuckDBPyConnection, path: Path, key: bytes) -> str | None:
    """None if the log still holds the anchored head at its place; else a Danish reason.

    Rows after the anchored head are allowed (a crash between a commit and the anchor's
    write); the chain walk vouches for them, since they need the key.
    """
    anchored = read_anchor(path, key)
    if isinstance(anchored, str):
        return anchored
    now = head(cur)
    if anchored.last_id is None:
        return None if anchored.rows == 0 or now.rows >= anchored.rows else "loggen er kortere end ankeret"
    found = cur.execute("SELECT row_hash FROM audit_log WHERE id = ?", [anchored.last_id]).fetchall()
    if not found:
        return (f"ankerets sidste række {anchored.last_id} findes ikke (loggen har {now.rows} rækker, ankeret siger "
                f"{anchored.rows}): slutningen af loggen er slettet")
    if found[0][0] != anchored.last_hash:
        return f"række {anchored.last_id} har ikke den hash, ankeret har gemt"
    before = cur.execute("SELECT count(*) FROM audit_log WHERE id <= ?", [anchored.last_id]).fetchone()[0]
    if before != anchored.rows:
        return f"loggen har {before} rækker til og med række {anchored.last_id}, ankeret siger {anchored.rows}"
    return None


def check_seal(cur: duckdb.DuckDBPyConnection, path: Path, key: bytes, seen: Seal | None = None) -> list[str]:
    """The tables that differ from the seal in the anchor at ``path``; [] without an anchor or seal to check
    (a missing or forged anchor is :func:`check_anchor`'s to report). ``seen``: see :func:`seal_problems`."""
    anchored = read_anchor(path, key)
    if isinstance(anchored, str) or anchored.seal is None:
        return []
    problems = seal_problems(cur, anchored.seal, seen)
    if problems and _pending_matches(cur, path, key):
        return []  # the app stopped between a COMMIT and renaming its anchor into place: the pending one holds
    return problems


def _pending_matches(cur: duckdb.DuckDBPyConnection, path: Path, key: bytes) -> bool:
    """Whether the anchor written just before the last COMMIT (keyed, so only the app can write it) describes
    exactly this file: the same head of the chain and the same tables. One left by a commit that never
    happened cannot match: its audit rows are not in the log, and no one can write them without the key."""
    pending = read_anchor(pending_path(path), key)
    if isinstance(pending, str) or pending.seal is None:
        return False
    now = head(cur)
    return (pending.rows, pending.last_id, pending.last_hash) == (now.rows, now.last_id, now.last_hash) and not \
        seal_problems(cur, pending.seal)


# -- opening a file: chaining old rows, re-keying once, checking the anchor ---------------------
def backfill(conn: duckdb.DuckDBPyConnection, key: bytes) -> int:
    """Chain rows written before the chain existed (schema < 3). Returns rows chained.

    That is only ever a log with no chained row at all: every row written since has its
    hashes. A missing hash in a log whose chain has begun means someone cleared it, so it
    is left for :func:`verify` to report; re-chaining it on open would launder the change.
    """
    if conn.execute("SELECT count(*) FROM audit_log WHERE row_hash IS NOT NULL OR prev_hash IS NOT NULL").fetchone()[0]:
        return 0
    rows = conn.execute(f"SELECT {_SELECT} FROM audit_log ORDER BY id").fetchall()
    if not rows:
        return 0
    _rechain(conn, [dict(zip(AUDIT_COLUMNS, values, strict=True)) for values in rows], key)
    return len(rows)


def _rechain(conn: duckdb.DuckDBPyConnection, records: list[dict[str, Any]], key: bytes,
             audit_row: dict[str, Any] | None = None) -> None:
    import pandas as pd

    prev = GENESIS
    out = []
    for rec in records:
        h = row_hash(rec, prev, key)
        out.append((rec["id"], prev, h))
        prev = h
    frame = pd.DataFrame(out, columns=["id", "prev_hash", "row_hash"])
    conn.execute("BEGIN TRANSACTION")
    try:
        conn.register("_rechain", frame)
        conn.execute("UPDATE audit_log SET prev_hash = r.prev_hash, row_hash = r.row_hash FROM _rechain r "
                     "WHERE audit_log.id = r.id")
        conn.unregister("_rechain")
        if audit_row:
            _append(conn, [audit_row], key)
    except Exception:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _is_keyed(cur: duckdb.DuckDBPyConnection, key: bytes) -> bool | None:
    """Whether the last row is chained with ``key`` (True), with the old plain hash (False), or neither (None)."""
    cur.execute(f"SELECT {_SELECT}, prev_hash, row_hash FROM audit_log ORDER BY id DESC LIMIT 1")
    values = cur.fetchone()
    if values is None:
        return True
    rec = dict(zip((*AUDIT_COLUMNS, "prev_hash", "row_hash"), values, strict=True))
    if rec["prev_hash"] is None or rec["row_hash"] is None:
        return None
    if hmac.compare_digest(row_hash(rec, rec["prev_hash"], key), rec["row_hash"]):
        return True
    if row_hash(rec, rec["prev_hash"]) == rec["row_hash"]:
        return False
    return None


def _has_data(conn: duckdb.DuckDBPyConnection) -> bool:
    tables = {r[0] for r in conn.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    return any(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
               for t in ("systems", "threats", "users") if t in tables)


def open_chain(conn: duckdb.DuckDBPyConnection, db_path: Path | None, key: bytes) -> str | None:
    """Prepare a file's chain when the database opens; return why its anchor cannot be trusted (or None).

    - rows from before the chain existed are chained with the key;
    - a chain of the old unkeyed kind that is intact and has no anchor yet is re-keyed once, and
      a row saying so is appended (``rekey``);
    - an empty log with no anchor gets one;
    - otherwise nothing is changed: an anchor that does not match stays as it is (the app does
      not overwrite it), so ``audit verify`` still shows the break.
    """
    chained = backfill(conn, key)
    anchor = anchor_path(db_path) if db_path is not None else None
    if chained and anchor is not None and not anchor.exists():
        write_anchor(anchor, head(conn), key)
        return None
    keyed_state = _is_keyed(conn, key)
    if keyed_state is False and anchor is not None and not anchor.exists():
        result = verify(conn, None, replay=False)
        if result.ok:
            records = [dict(zip(AUDIT_COLUMNS, v, strict=True))
                       for v in conn.execute(f"SELECT {_SELECT} FROM audit_log ORDER BY id").fetchall()]
            _rechain(conn, records, key, {
                "actor": SYSTEM_ACTOR, "action": "rekey", "entity": "audit_log", "entity_id": None,
                "before_json": json.dumps({"scheme": "sha256"}),
                "after_json": json.dumps({"scheme": "hmac-sha256", "rows": len(records)})})
            write_anchor(anchor, head(conn), key)
            return None
        return result.reason
    if anchor is None:
        return None
    if not anchor.exists() and head(conn).rows == 0:
        if _has_data(conn):
            return f"loggen er tom og ankeret {anchor.name} mangler, men databasen har data (loggen er slettet)"
        write_anchor(anchor, head(conn), key)  # a new database
        return None
    return check_anchor(conn, anchor, key)


# -- verifying ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    rows: int
    bad_id: int | None = None
    reason: str = ""
    unexplained: tuple[str, ...] = field(default=())


def verify(cur: duckdb.DuckDBPyConnection, key: bytes | None, *, anchor: Path | None = None,
           replay: bool = True) -> VerifyResult:
    """Walk the chain from the first row, check the anchor, replay the trail; only reads.

    ``key`` None checks the old unkeyed chain (used once, before re-keying an old file).
    """
    cur.execute(f"SELECT {_SELECT}, prev_hash, row_hash FROM audit_log ORDER BY id")
    prev = GENESIS
    n = 0
    while batch := cur.fetchmany(10_000):
        for values in batch:
            rec = dict(zip((*AUDIT_COLUMNS, "prev_hash", "row_hash"), values, strict=True))
            n += 1
            if rec["prev_hash"] is None or rec["row_hash"] is None:
                return VerifyResult(False, n, rec["id"], f"række {rec['id']} mangler sin hash (slettet: manipulation)")
            if rec["prev_hash"] != prev:
                return VerifyResult(False, n, rec["id"],
                                    f"række {rec['id']} peger ikke på rækken før den (en række er slettet eller indsat)")
            if not hmac.compare_digest(row_hash(rec, prev, key), str(rec["row_hash"])):
                return VerifyResult(False, n, rec["id"], f"række {rec['id']} er ændret efter den blev skrevet, "
                                                         "eller dens hash er ikke lavet med revisionssporets nøgle")
            prev = rec["row_hash"]
    sealed: list[str] = []
    if anchor is not None and key is not None:
        problem = check_anchor(cur, anchor, key)
        if problem:
            return VerifyResult(False, n, None, problem)
        sealed = check_seal(cur, anchor, key)
    # The replay names row and field; the seal names the table (also rows and fields the trail never mentions).
    found = (replay_tables(cur) if replay else []) + sealed
    if found:
        return VerifyResult(False, n, None, found[0], tuple(found))
    return VerifyResult(True, n)


# -- replaying the trail against today's tables ------------------------------------------------
# entity -> (table, id column, fields never compared: counters and derived values not audited)
REPLAYED = {
    "risk_lines": ("risk_lines", "id", frozenset({"assessment_id", "threat_code", "threat_title", "position"})),
    "systems": ("systems", "id", frozenset()),
    "threats": ("threats", "id", frozenset({"code"})),
    "activities": ("activities", "id", frozenset()),
    "dispensations": ("dispensations", "id", frozenset()),
    "settings": ("settings", "key", frozenset()),
    "users": ("users", "username", frozenset({"failed_logins", "locked", "locked_until", "last_login", "password"})),
}


# Entities whose every row is created with an audit row (the app never creates one without): a row the
# trail does not know was inserted around the app (e.g. an account with the coordinator's role).
CREATED_AUDITED = ("users", "systems")


def _canon(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, tuple):
        value = list(value)
    if isinstance(value, list):
        return [_canon(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _same(audited: Any, current: Any) -> bool:
    a, c = _canon(audited), _canon(current)
    if a == c:
        return True
    if isinstance(a, str) and isinstance(c, str):  # a date audited as a date, stored as a timestamp or v.v.
        return a[:10] == c[:10] and (len(a) == 10 or len(c) == 10)
    return False


def replay_tables(cur: duckdb.DuckDBPyConnection) -> list[str]:
    """Every current value of an audited field that differs from the last value the trail gave it.

    For each entity the trail's ``after`` values are applied in order; a field whose value in
    today's table is not the last one the trail recorded was changed without an audit row.
    Accounts and systems the trail never mentions were created around the app. Other entities or fields
    the trail never mentions are not checked (see README: what is detected).
    """
    problems: list[str] = []
    for entity, (table, id_col, skip) in REPLAYED.items():
        state: dict[str, dict[str, Any]] = {}
        cur.execute("SELECT entity_id, after_json FROM audit_log WHERE entity = ? AND entity_id IS NOT NULL "
                    "AND after_json IS NOT NULL ORDER BY id", [entity])
        for entity_id, after_json in cur.fetchall():
            try:
                after = json.loads(after_json)
            except ValueError:
                continue
            if isinstance(after, dict):
                state.setdefault(str(entity_id), {}).update(after)
        cur.execute(f"SELECT * FROM {table}")
        cols = [d[0] for d in cur.description]
        current = {str(r[cols.index(id_col)]): dict(zip(cols, r, strict=True)) for r in cur.fetchall()}
        if entity in CREATED_AUDITED:
            problems += [f"{table} {entity_id}: findes, men revisionssporet har ingen række om den (oprettet uden om "
                         "appen)" for entity_id in current if entity_id not in state]
        for entity_id, fields in state.items():
            row = current.get(entity_id)
            if row is None:
                continue  # deleted rows (participants, links) are not replayed
            for name, value in fields.items():
                if name in skip or name not in row or name == id_col:
                    continue
                if not _same(value, row[name]):
                    problems.append(f"{table} {entity_id}: {name} er {_canon(row[name])!r}, men revisionssporet "
                                    f"siger {_canon(value)!r} (ændret uden om appen)")
    return problems
