"""The hash-chained audit trail (riskmodel/audit.py) on real DuckDB files: every write is
chained, verify() finds the first row that was changed, deleted, forged or moved, the CLI
reports it, and rows written before the chain existed are chained when the file opens.

Tampering is done the way an intruder would: the workbench is closed, the file is edited
with a plain DuckDB connection, and the file is opened again."""

from __future__ import annotations

import json
import shutil
from datetime import datetime

import duckdb
import pytest
from helpers import audit_rows

from riskmodel import audit
from riskmodel.__main__ import main
from riskmodel.audit import GENESIS
from riskmodel.demo import build_demo
from riskmodel.errors import PermissionDenied
from riskmodel.model import LOCAL_ACTOR, Actor, SystemInput, ThreatInput
from riskmodel.services import open_workbench
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
    with wb.db.read() as cur:
        return audit.verify(cur)


def assert_chained(rows: list[dict]) -> None:
    """Each row points at the one before it, and its hash is the hash of its content."""
    prev = GENESIS
    for row in rows:
        assert row["prev_hash"] == prev, row["id"]
        assert len(row["row_hash"]) == 64 and int(row["row_hash"], 16) >= 0
        assert row["row_hash"] == audit.row_hash(row, prev), row["id"]
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


def test_a_busy_database_verifies(busy_file, busy_ids, tmp_path):
    shutil.copyfile(busy_file, tmp_path / "busy.duckdb")  # the original stays as every other test expects it
    wb = open_workbench(tmp_path / "busy.duckdb")
    try:
        rows = chain(wb)
        assert len(rows) >= 25
        assert sum(r["action"] == "demo" for r in rows) >= 20  # the bulk rows
        assert {"denied", "login_failed", "retire", "reactivate"} <= {r["action"] for r in rows}
        assert_chained(rows)
        assert verify_wb(wb) == audit.VerifyResult(ok=True, rows=len(busy_ids))
        # and appending to it carries on the chain
        wb.settings.set_municipality(ANNE, "Efterby", wb.settings.get("municipality")[1])
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
    """A made-up row whose hashes fit the row before it: the forger knows the algorithm.
    It passes itself, but the real row after it no longer points at its predecessor."""
    gap = gap_id(ids)
    before = _row(conn, max(i for i in ids if i < gap))
    row = {**before, "id": gap, "action": "update", "after_json": json.dumps({"owner": "Mig"})}
    row["prev_hash"] = before["row_hash"]
    row["row_hash"] = audit.row_hash(row, before["row_hash"])
    _insert(conn, row)
    return min(i for i in ids if i > gap)


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
CHANGED, MOVED = "er ændret efter den blev skrevet", "peger ikke på rækken før den (en række er slettet eller indsat)"
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
    "forged row, fitting hashes": (forge_cleverly, MOVED),
    "two rows swapped (content)": (lambda conn, ids: swap_contents(conn, ids, with_hashes=False), CHANGED),
    "two rows swapped (with hashes)": (lambda conn, ids: swap_contents(conn, ids, with_hashes=True), MOVED),
    "row edited, its hashes cleared": (clear_hashes_after_edit(None), MOVED),
    "row edited, all hashes from it on cleared": (clear_hashes_after_edit(10), MOVED),
}


def tampered_copy(busy_file, tmp_path, tamper) -> tuple:
    path = tmp_path / "tampered.duckdb"
    shutil.copyfile(busy_file, path)
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


def test_deleting_only_the_last_row_is_not_detected(busy_file, tmp_path, busy_ids):
    """A known limit of a chain on its own: the last row has no successor to point at it, so
    cutting rows off the END leaves a shorter chain that is still whole. verify() says ok with
    one row fewer. Only the row count (or the last hash) kept somewhere else, e.g. a printed or
    e-mailed `audit verify` result, can show that the tail is gone."""
    path, _ = tampered_copy(busy_file, tmp_path, lambda conn, ids: conn.execute(
        "DELETE FROM audit_log WHERE id = ?", [ids[-1]]))
    assert reopen_and_verify(path) == audit.VerifyResult(ok=True, rows=len(busy_ids) - 1)


def test_rewriting_every_hash_from_the_first_change_on_is_not_detected(busy_file, tmp_path, busy_ids):
    """The other limit: the hash has no secret key, so someone who edits a row AND recomputes
    every later hash with the published algorithm leaves a whole chain. The chain proves that
    the log was not edited by hand or by a tool that does not know it; it is no signature."""
    def rewrite(conn, ids):
        _set(conn, ids[10], actor="mallory")
        prev = _row(conn, ids[9])["row_hash"]
        for row_id in ids[10:]:
            row = _row(conn, row_id)
            h = audit.row_hash(row, prev)
            _set(conn, row_id, prev_hash=prev, row_hash=h)
            prev = h

    path, _ = tampered_copy(busy_file, tmp_path, rewrite)
    assert reopen_and_verify(path) == audit.VerifyResult(ok=True, rows=len(busy_ids))


# =====================================================================================
# the command line
# =====================================================================================


def test_cli_audit_verify_intact(busy_file, tmp_path, busy_ids, capsys):
    path = tmp_path / "intact.duckdb"
    shutil.copyfile(busy_file, path)
    assert main(["audit", "verify", "--db", str(path)]) == 0
    out, err = capsys.readouterr()
    assert out == f"Revisionssporet er intakt: {len(busy_ids)} rækker, kæden hænger sammen.\n"
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
            assert audit.backfill(cur) == 0
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
