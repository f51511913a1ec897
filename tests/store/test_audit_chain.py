"""The keyed, anchored audit trail (riskmodel/store/audit.py) on real DuckDB files: every write is
chained under the key, verify() finds the first row that was changed, deleted, forged or moved,
a cut tail, a wiped log, recomputed hashes and values changed without an audit row; the CLI
reports it without changing the file; rows written before the chain existed are chained when
the file opens, and an old unkeyed chain is re-keyed once.

Tampering is done the way an intruder would: the workbench is closed, the file is edited
with a plain DuckDB connection, and the file is opened again."""

from __future__ import annotations

import json
import os
from datetime import datetime

import duckdb
import pytest
from helpers import audit_rows, copy_db, verify_audit

from riskmodel.__main__ import main
from riskmodel.domain.errors import PermissionDenied
from riskmodel.domain.model import LOCAL_ACTOR, Actor, SystemInput, ThreatInput
from riskmodel.services import open_workbench
from riskmodel.services.demo import build_demo
from riskmodel.store import audit, seal
from riskmodel.store.audit import GENESIS
from riskmodel.store.db import migrate, schema_version
from riskmodel.store.uow import unit_of_work

ANNE = Actor(username="anne", display_name="Anne Koordinator", role="koordinator")
REVISOR = Actor(username="rita", display_name="Rita Revisor", role="revisor")
COLS = ("id", "at", "actor", "action", "entity", "entity_id", "before_json", "after_json", "prev_hash", "row_hash")
QUOTED = ", ".join(f'"{c}"' for c in COLS)  # "at" is a keyword


def chain(source) -> list[dict]:
    """All audit rows with their hashes, by id (a Workbench or a DuckDB connection)."""
    return audit_rows(source)


def verify_wb(wb) -> audit.VerifyResult:
    return verify_audit(wb)


def the_key() -> bytes:
    return audit.read_key(audit.configured_key_file())  # the run's key (tests/conftest.py)


def assert_chained(rows: list[dict]) -> None:
    """Each row points at the one before it, and its hash is the keyed hash of its content."""
    prev = GENESIS
    for row in rows:
        assert row["prev_hash"] == prev, row["id"]
        assert len(row["row_hash"]) == 64 and int(row["row_hash"], 16) >= 0
        assert row["row_hash"] == audit.row_hash(row, prev, the_key()), row["id"]
        assert row["row_hash"] != audit.row_hash(row, prev), row["id"]  # not the unkeyed hash anyone can compute
        prev = row["row_hash"]


# =====================================================================================
# every write is chained
# =====================================================================================


def test_a_fresh_database_starts_the_chain_at_genesis(wb):
    [seed] = chain(wb)
    assert (seed["action"], seed["entity"], seed["prev_hash"]) == ("seed", "threats", "0" * 64)
    assert GENESIS == "0" * 64
    assert verify_wb(wb) == audit.VerifyResult(ok=True, rows=1)


def test_every_write_appends_one_chained_row(wb):
    steps = [
        lambda: wb.systems.create(ANNE, SystemInput(name="Kædesystem", department="Borgerservice", owner="Ole")),
        lambda: wb.assessments.start(ANNE, wb.systems.names(ANNE)[0][0], 2026),
        lambda: wb.assessments.update_line(ANNE, first_line(wb), 1, {"likelihood": 2}),
        lambda: wb.catalogue.create(ANNE, ThreatInput(category="Egne", title="Kædetrussel")),
        lambda: wb.settings.set_municipality(ANNE, "Kædeby Kommune", 0),
        lambda: wb.users.add(ANNE, "lene", "Lene Leder", "leder", departments=["Borgerservice"]),
        lambda: wb.users.set_role(ANNE, "lene", "revisor", []),
        refused(lambda: wb.systems.create(REVISOR, SystemInput(name="Nej", department="Borgerservice"))),
        refused(lambda: wb.users.authenticate("lene", "forkert-kodeord-1")),
    ]
    for n, step in enumerate(steps, start=2):
        before = chain(wb)
        step()
        after = chain(wb)
        assert len(after) == n and after[:-1] == before  # appended; nothing before it touched
        assert after[-1]["prev_hash"] == before[-1]["row_hash"]
        assert_chained(after)
    assert [r["action"] for r in chain(wb)][-2:] == ["denied", "login_failed"]
    assert verify_wb(wb) == audit.VerifyResult(ok=True, rows=len(steps) + 1)


def first_line(wb) -> int:
    sid = wb.systems.names(ANNE)[0][0]
    return wb.assessments.lines(ANNE, wb.assessments.current(ANNE, sid).id)[0].id


def refused(call):
    def run():
        with pytest.raises(PermissionDenied):
            call()

    return run


def test_a_bulk_append_chains_every_row_in_order(wb):
    with unit_of_work(wb.db, ANNE) as uow:
        uow.audit_many([("demo", "systems", i, None, {"n": i, "tekst": "æøå"}) for i in range(50)])
        uow.audit_many([("demo", "demo", None, None, None)])  # the single-row path after the bulk one
    rows = chain(wb)
    assert len(rows) == 52
    assert_chained(rows)
    assert [r["entity_id"] for r in rows[1:51]] == [str(i) for i in range(50)]
    assert len({r["at"] for r in rows[1:51]}) == 1  # one unit of work, one time


def test_a_rolled_back_write_leaves_an_id_gap_but_an_intact_chain(wb):
    """DuckDB sequences do not roll back: the audit id is spent, the row is not there."""
    with pytest.raises(RuntimeError), unit_of_work(wb.db, ANNE) as uow:
        uow.audit("create", "systems", 1, None, {"name": "Aldrig gemt"})
        raise RuntimeError("afbrudt")
    wb.settings.set_language(ANNE, "en", 0)
    ids = [r["id"] for r in chain(wb)]
    assert ids[-1] - ids[-2] == 2
    assert_chained(chain(wb))
    assert verify_wb(wb).ok


# =====================================================================================
# a busy database, and tampering with it
# =====================================================================================


@pytest.fixture(scope="module")
def busy_file(tmp_path_factory, open_copy):
    """A closed file with a demo of 10 systems (one bulk append), ordinary service writes,
    refusals, sign-ins and an id gap: the original every tampering test copies."""
    path = tmp_path_factory.mktemp("busy") / "busy.duckdb"
    wb = open_copy(path)
    try:
        build_demo(wb, LOCAL_ACTOR, systems=10, seed=3)
        sid = wb.systems.names(ANNE)[0][0]
        system = wb.systems.get(ANNE, sid)
        wb.systems.set_status(ANNE, sid, system.version, "udfaset")
        wb.systems.set_status(ANNE, sid, system.version + 1, "aktiv")
        wb.catalogue.create(ANNE, ThreatInput(category="Egne", title="Ny trussel"))
        with pytest.raises(RuntimeError), unit_of_work(wb.db, ANNE) as uow:  # spends an id: a gap to forge into
            uow.audit("create", "systems", 0, None, {"name": "Aldrig gemt"})
            raise RuntimeError
        wb.users.add(ANNE, "lene", "Lene Leder", "leder", departments=["Borgerservice"])
        with pytest.raises(PermissionDenied):
            wb.systems.create(REVISOR, SystemInput(name="Nej", department="Borgerservice"))
        with pytest.raises(PermissionDenied):
            wb.users.authenticate("ukendt", "forkert-kodeord-1")
        wb.settings.set_language(ANNE, "en", 0)
        wb.settings.set_language(ANNE, "da", 1)
    finally:
        wb.db.close()
    return path


@pytest.fixture(scope="module")
def busy_ids(busy_file):
    with duckdb.connect(str(busy_file), read_only=True) as conn:
        return [r[0] for r in conn.execute("SELECT id FROM audit_log ORDER BY id").fetchall()]


@pytest.mark.slow
def test_a_busy_database_verifies(busy_file, busy_ids, tmp_path):
    copy_db(busy_file, tmp_path / "busy.duckdb")  # the original stays as every other test expects it
    wb = open_workbench(tmp_path / "busy.duckdb")
    try:
        rows = chain(wb)
        assert len(rows) >= 25
        assert sum(r["action"] == "demo" for r in rows) >= 20  # the bulk rows
        assert {"denied", "login_failed", "retire", "reactivate"} <= {r["action"] for r in rows}
        assert_chained(rows)
        assert verify_wb(wb) == audit.VerifyResult(ok=True, rows=len(busy_ids))
        # and appending to it carries on the chain
        wb.settings.set_municipality(ANNE, "Efterby", wb.settings.get(LOCAL_ACTOR, "municipality")[1])
        assert verify_wb(wb) == audit.VerifyResult(ok=True, rows=len(busy_ids) + 1)
    finally:
        wb.db.close()


def gap_id(ids: list[int]) -> int:
    return next(a + 1 for a, b in zip(ids, ids[1:], strict=False) if b - a > 1)


def _row(conn, row_id: int) -> dict:
    cur = conn.execute(f"SELECT {QUOTED} FROM audit_log WHERE id = ?", [row_id])
    return dict(zip(COLS, cur.fetchone(), strict=True))


def _set(conn, row_id: int, **values) -> None:
    sets = ", ".join(f'"{k}" = ?' for k in values)
    conn.execute(f"UPDATE audit_log SET {sets} WHERE id = ?", [*values.values(), row_id])


def _insert(conn, row: dict) -> None:
    conn.execute(f"INSERT INTO audit_log ({QUOTED}) VALUES ({', '.join('?' for _ in COLS)})", [row[c] for c in COLS])


def forge_naively(conn, ids):
    """A made-up row in a gap between two rows, with made-up hashes."""
    row = {**_row(conn, ids[5]), "id": gap_id(ids), "actor": "anne", "action": "update", "entity": "systems",
           "after_json": json.dumps({"owner": "Mig"}), "prev_hash": "ab" * 32, "row_hash": "cd" * 32}
    _insert(conn, row)
    return row["id"]


def forge_cleverly(conn, ids):
    """A made-up row that points at the row before it, hashed with the published algorithm: without
    the key its own hash does not fit."""
    gap = gap_id(ids)
    before = _row(conn, max(i for i in ids if i < gap))
    row = {**before, "id": gap, "action": "update", "after_json": json.dumps({"owner": "Mig"})}
    row["prev_hash"] = before["row_hash"]
    row["row_hash"] = audit.row_hash(row, before["row_hash"])
    _insert(conn, row)
    return gap


def swap_contents(conn, ids, with_hashes: bool):
    a, b = ids[4], ids[-4]
    content = [c for c in COLS if c != "id" and (with_hashes or c not in ("prev_hash", "row_hash"))]
    ra, rb = _row(conn, a), _row(conn, b)
    _set(conn, a, **{c: rb[c] for c in content})
    _set(conn, b, **{c: ra[c] for c in content})
    return a


def change(column: str, value_of):
    def tamper(conn, ids):
        target = ids[2]  # an old row
        _set(conn, target, **{column: value_of(_row(conn, target)[column])})
        return target

    return tamper


def delete(index: int):
    def tamper(conn, ids):
        conn.execute("DELETE FROM audit_log WHERE id = ?", [ids[index]])
        return ids[index + 1]  # the first row that no longer fits is the one after the gap

    return tamper


def clear_hashes_after_edit(from_index: int | None):
    """Edit a row, then blank its hashes (and, with from_index, every later row's too), hoping the
    backfill that chains pre-chain rows on open would re-chain them. It must not."""
    def tamper(conn, ids):
        target = ids[10]
        _set(conn, target, actor="mallory")
        if from_index is None:
            conn.execute("UPDATE audit_log SET prev_hash = NULL, row_hash = NULL WHERE id = ?", [target])
        else:
            conn.execute("UPDATE audit_log SET prev_hash = NULL, row_hash = NULL WHERE id >= ?", [target])
        return target

    return tamper


# name -> (tamper(conn, ids) -> the first row that no longer fits, why verify() says it does not fit)
CHANGED = "er ændret efter den blev skrevet, eller dens hash er ikke lavet med revisionssporets nøgle"
MOVED = "peger ikke på rækken før den (en række er slettet eller indsat)"
MISSING = "mangler sin hash (slettet: manipulation)"
TAMPERING = {
    "actor changed": (change("actor", lambda v: "mallory"), CHANGED),
    "after_json changed": (change("after_json", lambda v: json.dumps({**json.loads(v or "{}"), "x": 1})), CHANGED),
    "after_json re-serialised, same meaning": (change("after_json", lambda v: json.dumps(json.loads(v), indent=1)),
                                               CHANGED),
    "at changed by a microsecond": (change("at", lambda v: v.replace(microsecond=(v.microsecond + 1) % 1_000_000)),
                                    CHANGED),
    "before_json filled in": (change("before_json", lambda v: json.dumps({"owner": "Mig"})), CHANGED),
    "row_hash replaced": (change("row_hash", lambda v: "0" * 64), CHANGED),
    "first row changed": (lambda conn, ids: (_set(conn, ids[0], actor="mallory"), ids[0])[1], CHANGED),
    "first row deleted": (delete(0), MOVED),
    "middle row deleted": (delete(15), MOVED),
    "forged row, made-up hashes": (forge_naively, MOVED),
    "forged row, fitting hashes": (forge_cleverly, CHANGED),
    "two rows swapped (content)": (lambda conn, ids: swap_contents(conn, ids, with_hashes=False), CHANGED),
    "two rows swapped (with hashes)": (lambda conn, ids: swap_contents(conn, ids, with_hashes=True), MOVED),
    "row edited, its hashes cleared": (clear_hashes_after_edit(None), MISSING),
    "row edited, all hashes from it on cleared": (clear_hashes_after_edit(10), MISSING),
}


def tampered_copy(busy_file, tmp_path, tamper) -> tuple:
    path = tmp_path / "tampered.duckdb"
    copy_db(busy_file, path)
    with duckdb.connect(str(path)) as conn:
        ids = [r[0] for r in conn.execute("SELECT id FROM audit_log ORDER BY id").fetchall()]
        bad = tamper(conn, ids)
    return path, bad


def reopen_and_verify(path) -> audit.VerifyResult:
    wb = open_workbench(path)
    try:
        return verify_wb(wb)
    finally:
        wb.db.close()


@pytest.mark.parametrize("name", list(TAMPERING))
def test_tampering_is_found_at_the_first_affected_row(busy_file, tmp_path, name):
    tamper, why = TAMPERING[name]
    path, bad = tampered_copy(busy_file, tmp_path, tamper)
    result = reopen_and_verify(path)
    assert result.ok is False
    assert result.bad_id == bad
    assert result.reason == f"række {bad} {why}"


def test_deleting_the_last_rows_is_found_by_the_anchor(busy_file, tmp_path, busy_ids):
    """The chain alone cannot show a cut tail: the anchor beside the file (count and last hash,
    HMAC'ed) can."""
    path, _ = tampered_copy(busy_file, tmp_path, lambda conn, ids: conn.execute(
        "DELETE FROM audit_log WHERE id >= ?", [ids[-3]]))
    result = reopen_and_verify(path)
    assert result.ok is False and result.rows == len(busy_ids) - 3
    assert result.reason.startswith(f"ankerets sidste række {busy_ids[-1]} findes ikke")
    assert "slutningen af loggen er slettet" in result.reason


def test_wiping_the_log_is_found_by_the_anchor(busy_file, tmp_path, busy_ids):
    path, _ = tampered_copy(busy_file, tmp_path, lambda conn, ids: conn.execute("DELETE FROM audit_log"))
    result = reopen_and_verify(path)
    assert result.ok is False
    assert result.reason.startswith(f"ankerets sidste række {busy_ids[-1]} findes ikke (loggen har 0 rækker")


def test_wiping_the_log_and_its_anchor_is_found(busy_file, tmp_path):
    path, _ = tampered_copy(busy_file, tmp_path, lambda conn, ids: conn.execute("DELETE FROM audit_log"))
    audit.anchor_path(path).unlink()
    wb = open_workbench(path)  # the app writes rows (the catalogue is seeded again), but never a new anchor
    try:
        assert wb.db.audit_problem.startswith("loggen er tom og ankeret tampered.duckdb.audit-head mangler")
        assert not audit.anchor_path(path).exists()
        wb.settings.set_municipality(ANNE, "Efterby", wb.settings.get(LOCAL_ACTOR, "municipality")[1])
        assert not audit.anchor_path(path).exists()
        result = verify_wb(wb)
        assert result.ok is False and "mangler" in result.reason
    finally:
        wb.db.close()


def test_a_forged_anchor_is_found(busy_file, tmp_path):
    path, _ = tampered_copy(busy_file, tmp_path, lambda conn, ids: conn.execute(
        "DELETE FROM audit_log WHERE id = ?", [ids[-1]]))
    anchor = audit.anchor_path(path)
    data = json.loads(anchor.read_text())
    with duckdb.connect(str(path)) as conn:
        last_id, last = conn.execute("SELECT id, row_hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
        rows = conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    anchor.write_text(json.dumps({**data, "rows": rows, "last_id": last_id, "last_hash": last}))
    result = reopen_and_verify(path)
    assert result.ok is False
    assert result.reason == "ankeret tampered.duckdb.audit-head er ikke skrevet med revisionssporets nøgle " \
                            "(ændret eller forfalsket)"


def test_rewriting_every_hash_from_the_first_change_on_is_found(busy_file, tmp_path, busy_ids):
    """Someone who edits a row AND recomputes every later hash with the project's own function
    does not have the key: the first recomputed row no longer fits."""
    def rewrite(conn, ids):
        _set(conn, ids[10], actor="mallory")
        prev = _row(conn, ids[9])["row_hash"]
        for row_id in ids[10:]:
            row = _row(conn, row_id)
            h = audit.row_hash(row, prev)
            _set(conn, row_id, prev_hash=prev, row_hash=h)
            prev = h

    path, _ = tampered_copy(busy_file, tmp_path, rewrite)
    result = reopen_and_verify(path)
    assert (result.ok, result.bad_id, result.reason) == (False, busy_ids[10], f"række {busy_ids[10]} {CHANGED}")


def test_rewriting_the_whole_chain_with_another_key_is_found(busy_file, tmp_path, busy_ids):
    def rewrite(conn, ids):
        prev, other = GENESIS, b"k" * 32
        for row_id in ids:
            row = _row(conn, row_id)
            h = audit.row_hash(row, prev, other)
            _set(conn, row_id, prev_hash=prev, row_hash=h)
            prev = h

    path, _ = tampered_copy(busy_file, tmp_path, rewrite)
    result = reopen_and_verify(path)
    assert (result.ok, result.bad_id) == (False, busy_ids[0])


def _score_line(busy_file, tmp_path):
    """A copy of the busy file with one line scored through the app; returns (path, line id)."""
    path = copy_db(busy_file, tmp_path / "scored.duckdb")
    wb = open_workbench(path)
    try:
        line = wb.assessments.lines(ANNE, wb.assessments.current(ANNE, wb.systems.names(ANNE)[1][0]).id)[0]
        wb.assessments.update_line(ANNE, line.id, line.version, {"likelihood": 2})
        assert verify_wb(wb).ok
    finally:
        wb.db.close()
    return path, line.id


def test_a_score_changed_directly_in_sql_is_found_by_the_replay(busy_file, tmp_path, capsys):
    path, line_id = _score_line(busy_file, tmp_path)
    with duckdb.connect(str(path)) as conn:
        conn.execute("UPDATE risk_lines SET likelihood = 1 WHERE id = ?", [line_id])
    assert main(["audit", "verify", "--db", str(path)]) == 1
    err = capsys.readouterr().err
    assert err == (f"BRUD i revisionssporet: risk_lines {line_id}: likelihood er 1, men revisionssporet siger 2 "
                   "(ændret uden om appen).\n"
                   "  også: tabellen risk_lines: indholdet er ændret uden om appen (seglets digest passer ikke)\n")


def test_a_role_raised_directly_in_sql_is_found_by_the_replay(busy_file, tmp_path):
    path = copy_db(busy_file, tmp_path / "role.duckdb")
    with duckdb.connect(str(path)) as conn:
        conn.execute("UPDATE users SET role = 'koordinator' WHERE username = 'lene'")
    result = reopen_and_verify(path)
    assert result.ok is False
    assert result.unexplained == ("users lene: role er 'koordinator', men revisionssporet siger 'leder' "
                                  "(ændret uden om appen)",
                                  "tabellen users: indholdet er ændret uden om appen (seglets digest passer ikke)")


def test_an_account_inserted_directly_in_sql_is_found_by_the_replay(busy_file, tmp_path):
    path = copy_db(busy_file, tmp_path / "user.duckdb")
    with duckdb.connect(str(path)) as conn:
        conn.execute("INSERT INTO users (username, display_name, role, updated_by) "
                     "VALUES ('mallory', 'Mallory', 'koordinator', 'mallory')")
    result = reopen_and_verify(path)
    assert result.ok is False
    assert result.unexplained == ("users mallory: findes, men revisionssporet har ingen række om den "
                                  "(oprettet uden om appen)",
                                  "tabellen users har 2 rækker, men seglet siger 1: 1 række indsat uden om appen")


def test_verify_opens_read_only_and_never_rechains(busy_file, tmp_path, busy_ids, capsys):
    """The probe's case: forge a row, blank every hash, run `audit verify`. It reports the blanked
    hashes, and the file is byte for byte as the forger left it."""
    def forge_and_blank(conn, ids):
        forge_naively(conn, ids)
        conn.execute("UPDATE audit_log SET prev_hash = NULL, row_hash = NULL")
        return ids[0]

    path, first = tampered_copy(busy_file, tmp_path, forge_and_blank)
    before = path.read_bytes()
    for _ in range(2):
        assert main(["audit", "verify", "--db", str(path)]) == 1
        err = capsys.readouterr().err
        assert err == f"BRUD i revisionssporet ved række {first}: række {first} {MISSING}.\n"
    assert path.read_bytes() == before
    with duckdb.connect(str(path), read_only=True) as conn:
        assert conn.execute("SELECT count(*) FROM audit_log WHERE row_hash IS NOT NULL").fetchone()[0] == 0


def test_verify_without_the_key_refuses(busy_file, tmp_path, monkeypatch, capsys):
    path = copy_db(busy_file, tmp_path / "nokey.duckdb")
    monkeypatch.delenv("RISK_AUDIT_KEY_FILE")
    monkeypatch.chdir(tmp_path)  # no .streamlit/secrets.toml here
    monkeypatch.setenv("HOME", str(tmp_path))
    assert main(["audit", "verify", "--db", str(path)]) == 2
    assert "Revisionssporets nøgle findes ikke" in capsys.readouterr().err
    assert not audit.key_path(path).exists()  # verifying never creates a key


# =====================================================================================
# the command line
# =====================================================================================


def test_cli_audit_verify_intact(busy_file, tmp_path, busy_ids, capsys):
    path = tmp_path / "intact.duckdb"
    copy_db(busy_file, path)
    assert main(["audit", "verify", "--db", str(path)]) == 0
    out, err = capsys.readouterr()
    assert out == (f"Revisionssporet er intakt: {len(busy_ids)} rækker, kæden hænger sammen med nøglen og ankeret, "
                   "og tabellerne svarer til sporet.\n")
    assert err == ""


@pytest.mark.parametrize("name", ["actor changed", "middle row deleted", "forged row, made-up hashes"])
def test_cli_audit_verify_names_the_broken_row(busy_file, tmp_path, capsys, name):
    path, bad = tampered_copy(busy_file, tmp_path, TAMPERING[name][0])
    assert main(["audit", "verify", "--db", str(path)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(f"BRUD i revisionssporet ved række {bad}: række {bad} ")
    assert err.endswith(".\n")


# =====================================================================================
# backfill: rows written before the chain existed (schema 2)
# =====================================================================================


def _schema_2_file(path, rows: int = 2) -> list[tuple]:
    conn = duckdb.connect(str(path))
    try:
        assert migrate(conn, target=2) == [1, 2]
        cols = [r[0] for r in conn.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'audit_log'").fetchall()]
        assert "row_hash" not in cols
        for i in range(rows):
            conn.execute(
                'INSERT INTO audit_log ("at", actor, action, entity, entity_id, before_json, after_json) '
                "VALUES (?, 'migrering', 'create', 'systems', ?, NULL, ?)",
                [datetime(2024, 5, 1, 12, 0, i, 123456), str(i + 1), json.dumps({"name": f"Gammelt system {i}"})],
            )
        return conn.execute('SELECT id, "at", actor, action, entity, entity_id, before_json, after_json '
                            "FROM audit_log ORDER BY id").fetchall()
    finally:
        conn.close()


def test_backfill_chains_rows_written_before_the_chain(db_path):
    old = _schema_2_file(db_path)
    wb = open_workbench(db_path)
    try:
        assert wb.db.schema_version() >= 3
        rows = chain(wb)
        # the two old rows, untouched but for their new hashes, then the catalogue seed of this open
        assert [tuple(r[c] for c in COLS[:8]) for r in rows[:2]] == old
        assert [r["action"] for r in rows] == ["create", "create", "seed"]
        assert rows[0]["prev_hash"] == GENESIS
        assert all(r["row_hash"] for r in rows)
        assert_chained(rows)
        assert verify_wb(wb) == audit.VerifyResult(ok=True, rows=3)

        # appending after the backfill carries on the same chain
        wb.systems.create(ANNE, SystemInput(name="Nyt system", department="Borgerservice"))
        rows = chain(wb)
        assert rows[-1]["prev_hash"] == rows[-2]["row_hash"]
        assert_chained(rows)
        assert verify_wb(wb) == audit.VerifyResult(ok=True, rows=4)
        hashes = [r["row_hash"] for r in rows]
    finally:
        wb.db.close()

    # Opening again chains nothing more and changes no hash.
    wb = open_workbench(db_path)
    try:
        assert [r["row_hash"] for r in chain(wb)] == hashes
        with wb.db.read() as cur:
            assert audit.backfill(cur, the_key()) == 0
    finally:
        wb.db.close()


def test_backfill_of_an_empty_log(db_path):
    _schema_2_file(db_path, rows=0)
    wb = open_workbench(db_path)
    try:
        [seed] = chain(wb)
        assert seed["prev_hash"] == GENESIS
        assert verify_wb(wb) == audit.VerifyResult(ok=True, rows=1)
    finally:
        wb.db.close()


def test_an_edit_to_a_backfilled_row_is_found(db_path):
    _schema_2_file(db_path)
    open_workbench(db_path).db.close()
    with duckdb.connect(str(db_path)) as conn:
        assert schema_version(conn) >= 3
        first = conn.execute("SELECT min(id) FROM audit_log").fetchone()[0]
        conn.execute("UPDATE audit_log SET actor = 'mallory' WHERE id = ?", [first])
    result = reopen_and_verify(db_path)
    assert (result.ok, result.bad_id) == (False, first)


# =====================================================================================
# the key, and re-keying a file chained before the key existed
# =====================================================================================


def _unkeyed_file(path, busy_file) -> list[int]:
    """A copy of the busy file as an older version left it: chained with plain SHA-256, no anchor."""
    copy_db(busy_file, path)
    audit.anchor_path(path).unlink()
    with duckdb.connect(str(path)) as conn:
        prev = GENESIS
        ids = [r[0] for r in conn.execute("SELECT id FROM audit_log ORDER BY id").fetchall()]
        for row_id in ids:
            h = audit.row_hash(_row(conn, row_id), prev)
            _set(conn, row_id, prev_hash=prev, row_hash=h)
            prev = h
    return ids


def test_an_old_unkeyed_chain_is_rekeyed_once_and_says_so(busy_file, tmp_path):
    path = tmp_path / "old.duckdb"
    ids = _unkeyed_file(path, busy_file)
    wb = open_workbench(path)
    try:
        assert wb.db.audit_problem is None
        rows = chain(wb)
        assert [r["id"] for r in rows[:len(ids)]] == ids
        assert rows[len(ids)]["action"] == "rekey" and rows[len(ids)]["actor"] == "system"
        assert json.loads(rows[len(ids)]["after_json"]) == {"scheme": "hmac-sha256", "rows": len(ids)}
        assert_chained(rows)
        assert verify_wb(wb).ok
        hashes = [r["row_hash"] for r in rows]
    finally:
        wb.db.close()
    wb = open_workbench(path)  # a second open re-keys nothing
    try:
        assert [r["row_hash"] for r in chain(wb)] == hashes
        assert verify_wb(wb).ok
    finally:
        wb.db.close()


def test_an_unkeyed_chain_is_not_rekeyed_when_an_anchor_exists(busy_file, tmp_path, busy_ids):
    """Someone who recomputes the whole chain with the published function while the anchor is there
    does not get it re-keyed (laundered) on the next start."""
    path = tmp_path / "old.duckdb"
    _unkeyed_file(path, busy_file)
    shutil_anchor = audit.anchor_path(busy_file).read_bytes()
    audit.anchor_path(path).write_bytes(shutil_anchor)
    result = reopen_and_verify(path)
    assert (result.ok, result.bad_id) == (False, busy_ids[0])
    assert not [r for r in chain(duckdb.connect(str(path), read_only=True)) if r["action"] == "rekey"]


@pytest.mark.parametrize("mode", ["local", "oidc"])
def test_signing_in_modes_refuse_to_start_without_a_key(db_path, monkeypatch, tmp_path, mode):
    monkeypatch.delenv("RISK_AUDIT_KEY_FILE")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("RISK_AUTH", mode)
    with pytest.raises(audit.AuditKeyError, match=r"^Revisionssporets nøgle mangler\. Med login \(" + mode):
        open_workbench(db_path)
    assert not db_path.exists() and not audit.key_path(db_path).exists()


def test_the_key_file_can_be_named_in_secrets_toml(db_path, monkeypatch, tmp_path):
    key_file = tmp_path / "nøgle.key"
    key_file.write_text("ab" * 32)
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "secrets.toml").write_text(f'[audit]\nkey_file = "{key_file}"\n')
    monkeypatch.delenv("RISK_AUDIT_KEY_FILE")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("RISK_AUTH", "local")
    wb = open_workbench(db_path)
    try:
        assert wb.db.audit_key == bytes.fromhex("ab" * 32)
        [seed] = chain(wb)
        assert seed["row_hash"] == audit.row_hash(seed, GENESIS, bytes.fromhex("ab" * 32))
    finally:
        wb.db.close()


def test_none_mode_makes_a_private_key_beside_the_database(db_path, monkeypatch, tmp_path):
    monkeypatch.delenv("RISK_AUDIT_KEY_FILE")
    monkeypatch.delenv("RISK_AUTH", raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    wb = open_workbench(db_path)
    try:
        key_file = audit.key_path(db_path)
        assert oct(os.stat(key_file).st_mode & 0o777) == "0o600"
        assert wb.db.audit_key == bytes.fromhex(key_file.read_text().strip())
        assert verify_wb(wb).ok
    finally:
        wb.db.close()
    wb = open_workbench(db_path)  # the same key the next time
    try:
        assert verify_wb(wb).ok
    finally:
        wb.db.close()


def test_the_command_line_refuses_to_open_without_a_key_in_local_mode(db_path, monkeypatch, tmp_path, capsys):
    monkeypatch.delenv("RISK_AUDIT_KEY_FILE")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("RISK_AUTH", "local")
    assert main(["init", "--db", str(db_path)]) == 2
    assert capsys.readouterr().err.startswith("Fejl: Revisionssporets nøgle mangler. Med login (local)")
    assert not db_path.exists()


# =====================================================================================
# the table seal: rows and fields the trail never mentions
# =====================================================================================


def test_a_row_deleted_from_a_table_the_trail_does_not_replay_is_found_by_the_seal(busy_file, tmp_path, capsys):
    """The replay only compares rows that still exist, and only users and systems for rows it never saw:
    a dispensation deleted in SQL passed `audit verify`. The seal (row count and digest per table, MAC'ed in
    the anchor) names the table."""
    path = copy_db(busy_file, tmp_path / "seal.duckdb")
    with duckdb.connect(str(path)) as conn:
        n = conn.execute("SELECT count(*) FROM dispensations").fetchone()[0]
        conn.execute("DELETE FROM dispensations WHERE id = (SELECT max(id) FROM dispensations)")
    assert n >= 1
    assert main(["audit", "verify", "--db", str(path)]) == 1
    err = capsys.readouterr().err
    assert err == (f"BRUD i revisionssporet: tabellen dispensations har {n - 1} rækker, men seglet siger {n}: "
                   "1 række slettet uden om appen.\n")


def test_a_field_the_trail_never_mentions_changed_in_sql_is_found_by_the_seal(busy_file, tmp_path):
    """A demo risk line's scenario was written with its assessment and never edited in the app: the replay has
    nothing to compare it with. The seal's digest of the table changes."""
    path = copy_db(busy_file, tmp_path / "seal.duckdb")
    with duckdb.connect(str(path)) as conn:
        line_id = conn.execute("SELECT min(id) FROM risk_lines").fetchone()[0]
        mentioned = conn.execute("SELECT count(*) FROM audit_log WHERE entity = 'risk_lines' AND entity_id = ?",
                                 [str(line_id)]).fetchone()[0]
        conn.execute("UPDATE risk_lines SET scenario = 'omskrevet i SQL' WHERE id = ?", [line_id])
        conn.execute("UPDATE approvals SET approved_by = 'Mallory' WHERE id = (SELECT min(id) FROM approvals)")
    assert mentioned == 0
    result = reopen_and_verify(path)
    assert result.ok is False
    assert result.unexplained == (
        "tabellen approvals: indholdet er ændret uden om appen (seglets digest passer ikke)",
        "tabellen risk_lines: indholdet er ændret uden om appen (seglets digest passer ikke)",
    )


def test_a_row_inserted_around_the_app_is_found_by_the_seal(busy_file, tmp_path):
    path = copy_db(busy_file, tmp_path / "seal.duckdb")
    with duckdb.connect(str(path)) as conn:
        conn.execute("INSERT INTO system_changes SELECT * REPLACE (id + 1000 AS id) FROM system_changes LIMIT 1")
    result = reopen_and_verify(path)
    assert result.unexplained == ("tabellen system_changes har 2 rækker, men seglet siger 1: 1 række indsat uden om "
                                  "appen",)


def test_the_app_does_not_reseal_a_file_edited_while_it_was_stopped(busy_file, tmp_path):
    """Checked when the file opens, before the migrations: the app then never rewrites the anchor, so its next
    save does not launder the edit."""
    path = copy_db(busy_file, tmp_path / "seal.duckdb")
    with duckdb.connect(str(path)) as conn:
        conn.execute("DELETE FROM participants WHERE id = (SELECT max(id) FROM participants)")
    anchor = audit.anchor_path(path).read_bytes()
    wb = open_workbench(path)
    try:
        assert wb.db.audit_problem.startswith("tabellen participants har ")
        wb.settings.set_municipality(ANNE, "Efterby", wb.settings.get(LOCAL_ACTOR, "municipality")[1])
        assert audit.anchor_path(path).read_bytes() == anchor
        assert "tabellen participants" in " ".join(verify_wb(wb).unexplained)
    finally:
        wb.db.close()


def test_every_kind_of_write_keeps_the_seal(busy_file, tmp_path):
    """The app's own writes (audited or not: a failed sign-in, a throttled join) reseal the tables they write."""
    path = copy_db(busy_file, tmp_path / "seal.duckdb")
    wb = open_workbench(path)
    try:
        sid = wb.systems.create(ANNE, SystemInput(name="Seglsystem", department="Borgerservice"))
        aid = wb.assessments.start(ANNE, sid, 2026)
        line = wb.assessments.lines(ANNE, aid)[0]
        wb.assessments.update_line(ANNE, line.id, line.version, {"likelihood": 3})
        with pytest.raises(PermissionDenied):
            wb.users.authenticate("lene", "forkert-kodeord-1")
        wb.users.set_role(ANNE, "lene", "revisor", [])
        result = verify_wb(wb)
        anchored = audit.read_anchor(audit.anchor_path(path), the_key())
    finally:
        wb.db.close()
    assert result.ok, result
    assert {"systems", "risk_lines", "users", "dispensations", "participants"} <= {t for t, _, _ in anchored.seal}
    assert not {"audit_log", "schema_migrations", "matrix_cells", "join_attempts"} & {t for t, _, _ in anchored.seal}
    assert reopen_and_verify(path).ok


def test_opening_an_unchanged_file_digests_its_tables_once_and_keeps_the_true_seal(busy_file, tmp_path, monkeypatch):
    """The check on open digests every sealed table; with no migration to run, nothing else writes one before the
    app's first commit, so that digest is the seal it keeps (a second pass cost each open ~15 ms with 12 systems,
    ~57 ms of ~95 ms with 200). The next commit's anchor must still verify."""
    path = copy_db(busy_file, tmp_path / "seal.duckdb")
    real = seal.table_seal
    passes: list[object] = []
    monkeypatch.setattr(seal, "table_seal", lambda cur, tables=None: passes.append(tables) or real(cur, tables))
    wb = open_workbench(path)
    try:
        assert len(passes) == 1
        with wb.db.read() as cur:
            assert wb.db._seal == real(cur)
        wb.systems.create(ANNE, SystemInput(name="Efter åbningen", department="Borgerservice"))
    finally:
        wb.db.close()
    assert reopen_and_verify(path).ok


def test_kept_row_hashes_follow_any_writes_and_give_the_full_digest():
    """:class:`seal.RowHashes` kept across writes of every kind (equal rows, NULLs, many rows at once, all rows
    gone) gives after each write exactly the digest :func:`seal.table_seal` computes from scratch."""
    import random

    rng = random.Random(19)
    with duckdb.connect(":memory:") as con:
        con.execute("CREATE TABLE t (a INTEGER, b VARCHAR, c DATE)")
        con.execute("INSERT INTO t VALUES (1, 'x', NULL), (1, 'x', NULL), (2, 'ø', DATE '2026-12-07')")
        kept = seal.RowHashes.read(con, "t")
        assert kept.seal() == seal.table_seal(con, ["t"])["t"]
        writes = [
            lambda: con.execute("INSERT INTO t VALUES (?, ?, NULL)", [rng.randint(1, 5), rng.choice("xyz")]),
            lambda: con.execute("INSERT INTO t SELECT * FROM t LIMIT 1"),  # an equal row more
            lambda: con.execute("UPDATE t SET b = b || '!' WHERE a = ?", [rng.randint(1, 5)]),
            lambda: con.execute("UPDATE t SET c = DATE '2027-01-01' WHERE rowid = (SELECT min(rowid) FROM t)"),
            lambda: con.execute("DELETE FROM t WHERE rowid = (SELECT max(rowid) FROM t)"),
            lambda: con.execute("UPDATE t SET a = a + 1"),  # every row at once
        ]
        for step in range(120):
            rng.choice(writes)()
            if step == 60:
                con.execute("DELETE FROM t")  # empty: no rows, digest ''
            kept = kept.after(con, "t")
            assert kept.seal() == seal.table_seal(con, ["t"])["t"], step
        assert seal.table_seal(con, ["t"])["t"][0] > 5


def test_a_save_digests_again_only_the_rows_it_changed_and_a_rollback_keeps_the_seal(busy_file, tmp_path, monkeypatch):
    """After a table's first commit its seal follows the rows a commit changed instead of digesting the whole
    table again (a score saved with 1,500 systems: ~270 ms of digest before, ~26 ms now). The kept seal is the
    true one, a rolled back transaction changes neither it nor the kept rows, and the file verifies on reopening."""
    path = copy_db(busy_file, tmp_path / "seal.duckdb")
    wb = open_workbench(path)
    try:
        sid = wb.systems.names(ANNE)[0][0]
        line = wb.assessments.lines(ANNE, wb.assessments.current(ANNE, sid).id)[0]
        first, second, third = [v for v in (1, 2, 3, 4) if v != line.likelihood][:3]
        version = wb.assessments.update_line(ANNE, line.id, line.version, {"likelihood": first})  # first: every row
        assert version == line.version + 1
        full: list[object] = []
        real_seal, real_read, real_after = seal.table_seal, seal.RowHashes.read, seal.RowHashes.after
        digested: list[int] = []  # rows digested again by each table's commit
        monkeypatch.setattr(seal, "table_seal", lambda cur, tables=None: full.append(tables) or real_seal(cur, tables))
        monkeypatch.setattr(seal.RowHashes, "read", classmethod(lambda cls, cur, t: full.append(t) or real_read(cur, t)))

        def after(self, cur, table):
            new = real_after(self, cur, table)
            digested.append(len(set(new.digests) - set(self.digests)))
            return new

        monkeypatch.setattr(seal.RowHashes, "after", after)
        version = wb.assessments.update_line(ANNE, line.id, version, {"likelihood": second})
        assert full == []  # no table digested whole
        assert 1 in digested and sum(digested) <= 2, digested  # the line (and its assessment's row, if it moved)
        with wb.db.read() as cur:
            assert wb.db._seal == real_seal(cur)
        kept_seal, kept_rows = dict(wb.db._seal), dict(wb.db._rows)
        with pytest.raises(RuntimeError), wb.db.transaction() as cur:
            cur.execute("UPDATE risk_lines SET likelihood = 1 WHERE id = ?", [line.id])
            raise RuntimeError("refused after the write")
        assert wb.db._seal == kept_seal and wb.db._rows == kept_rows
        wb.assessments.update_line(ANNE, line.id, version, {"likelihood": third})
        with wb.db.read() as cur:
            assert wb.db._seal == real_seal(cur)
    finally:
        wb.db.close()
    assert reopen_and_verify(path).ok


def test_a_forged_seal_is_refused_with_the_anchor(busy_file, tmp_path):
    path = copy_db(busy_file, tmp_path / "seal.duckdb")
    data = json.loads(audit.anchor_path(path).read_text())
    assert data["version"] == 2 and "dispensations" in data["tables"]
    with duckdb.connect(str(path)) as conn:
        conn.execute("DELETE FROM dispensations")
    data["tables"]["dispensations"][0] = 0  # the count the forger wants; the MAC needs the key
    audit.anchor_path(path).write_text(json.dumps(data))
    result = reopen_and_verify(path)
    assert result.ok is False
    assert result.reason == "ankeret seal.duckdb.audit-head er ikke skrevet med revisionssporets nøgle (ændret eller forfalsket)"


def test_write_statements_name_their_tables():
    assert seal.written_tables('INSERT INTO votes (a) VALUES (1)') == {"votes"}
    assert seal.written_tables("update risk_lines SET x = 1 FROM _rows r") == {"risk_lines"}
    assert seal.written_tables("DELETE FROM activity_systems WHERE x") == {"activity_systems"}
    assert seal.written_tables('INSERT OR REPLACE INTO "settings" SELECT 1') == {"settings"}
    assert seal.written_tables("SELECT * FROM systems") == set()


def test_a_crash_between_the_commit_and_the_anchor_is_no_break(busy_file, tmp_path):
    """The anchor of a commit is written as ``.pending`` before the COMMIT and renamed after it: stopped in
    between, the file matches the pending anchor, which verify accepts and the next open puts in place."""
    path = copy_db(busy_file, tmp_path / "seal.duckdb")
    old_anchor = audit.anchor_path(path).read_bytes()
    wb = open_workbench(path)
    try:
        wb.settings.set_municipality(ANNE, "Efterby", wb.settings.get(LOCAL_ACTOR, "municipality")[1])
    finally:
        wb.db.close()
    pending = audit.pending_path(audit.anchor_path(path))
    pending.write_bytes(audit.anchor_path(path).read_bytes())  # as if the rename never happened
    audit.anchor_path(path).write_bytes(old_anchor)
    assert main(["audit", "verify", "--db", str(path)]) == 0
    wb = open_workbench(path)
    try:
        assert wb.db.audit_problem is None and not pending.exists()
        assert verify_wb(wb).ok
    finally:
        wb.db.close()


def test_a_pending_anchor_of_a_commit_that_never_happened_changes_nothing(busy_file, tmp_path):
    """Stopped after the pending anchor but before the COMMIT: the old anchor still holds; a later edit of the
    tables cannot hide behind the stale pending one (its audit rows were never written)."""
    path = copy_db(busy_file, tmp_path / "seal.duckdb")
    wb = open_workbench(path)
    try:
        before = audit.anchor_path(path).read_bytes()
        wb.settings.set_municipality(ANNE, "Efterby", wb.settings.get(LOCAL_ACTOR, "municipality")[1])
        after = audit.anchor_path(path).read_bytes()
    finally:
        wb.db.close()
    pending = audit.pending_path(audit.anchor_path(path))
    path2 = copy_db(busy_file, tmp_path / "seal2.duckdb")  # the file as it was before that commit
    audit.pending_path(audit.anchor_path(path2)).write_bytes(after)
    assert audit.anchor_path(path2).read_bytes() == before and not pending.exists()
    with duckdb.connect(str(path2)) as conn:
        conn.execute("UPDATE settings SET value = 'Efterby' WHERE key = 'municipality'")
    result = reopen_and_verify(path2)
    assert result.ok is False and "tabellen settings" in " ".join(result.unexplained)
