"""The DuckDB store on a real file: migrations, upgrade of an older file, transactions,
the read cache, and serialised writes with optimistic version checks under threads."""

from __future__ import annotations

import json
import shutil
import threading
from concurrent.futures import ThreadPoolExecutor

import duckdb
import pytest
from helpers import audit_rows, table_digest

import riskmodel.store.db as dbmod
from riskmodel.domain.errors import StaleVersionError
from riskmodel.domain.model import LOCAL_ACTOR, Actor
from riskmodel.services import PortfolioFilter, open_workbench
from riskmodel.store.db import Database, migrate, migrations, schema_version
from riskmodel.store.uow import unit_of_work

MIGRATION_FILES = sorted(p.name for p in dbmod.MIGRATIONS_DIR.glob("*.sql"))
LATEST = len(MIGRATION_FILES)


def _schema_rows(path) -> list[tuple]:
    conn = duckdb.connect(str(path))
    try:
        return conn.execute("SELECT version, name, applied_at FROM schema_migrations ORDER BY version").fetchall()
    finally:
        conn.close()


# -- migrations --------------------------------------------------------------------


def test_migration_files_are_numbered_without_gaps():
    assert LATEST >= 2
    assert [f"{n:03d}_{name}.sql" for n, name, _ in migrations()] == MIGRATION_FILES
    assert [n for n, _, _ in migrations()] == list(range(1, LATEST + 1))


def test_a_new_file_records_every_migration(wb, db_path):
    assert wb.db.schema_version() == LATEST
    with wb.db.read() as cur:
        rows = cur.execute("SELECT version, name FROM schema_migrations ORDER BY version").fetchall()
    assert rows == [(n, name) for n, name, _ in migrations()]
    assert rows[:2] == [(1, "initial"), (2, "floor_reason")]


def test_reopening_applies_nothing(wb, db_path, actor, make_system):
    make_system(name="Før genåbning")
    digest_before = table_digest(wb)
    wb.db.close()
    before = _schema_rows(db_path)

    again = open_workbench(db_path)
    try:
        assert table_digest(again) == digest_before  # no row added, changed or re-seeded
        assert again.db.schema_version() == LATEST
        assert again.catalogue.ensure_seeded(actor) == 0
        assert table_digest(again) == digest_before
        assert [n for _, n, _ in again.systems.names(LOCAL_ACTOR)] == ["Før genåbning"]
    finally:
        again.db.close()
    assert _schema_rows(db_path) == before  # same rows, same applied_at: nothing re-ran

    conn = duckdb.connect(str(db_path))
    try:
        assert migrate(conn) == []
        assert schema_version(conn) == LATEST
    finally:
        conn.close()


def _build_schema_1_file(path) -> dict:
    """A file as the first release left it, with one system, assessment and risk line."""
    conn = duckdb.connect(str(path))
    try:
        assert migrate(conn, target=1) == [1]
        assert schema_version(conn) == 1
        cols = [r[0] for r in conn.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'risk_lines'"
        ).fetchall()]
        assert "floor_reason" not in cols
        sid = conn.execute(
            "INSERT INTO systems (name, department, owner, classification, data_categories, subjects_band, "
            "criticality, hosting, created_by, updated_by) VALUES "
            "('Gammelt journalsystem', 'Sundhed', 'Ole Olsen', 'følsom', ['cpr', 'følsomme'], '1.000-10.000', "
            "'høj', 'egen drift', 'migrering', 'migrering') RETURNING id"
        ).fetchone()[0]
        aid = conn.execute(
            "INSERT INTO assessments (system_id, year, preset_id, scale_size, created_by, updated_by) "
            "VALUES (?, 2024, 'standard', 4, 'migrering', 'migrering') RETURNING id",
            [sid],
        ).fetchone()[0]
        lid = conn.execute(
            "INSERT INTO risk_lines (assessment_id, threat_id, threat_code, threat_title, category, harms_c, harms_i, "
            "harms_a, position, scenario, likelihood, cons_c, cons_a, treatment, risk_owner, updated_by) VALUES "
            "(?, NULL, 'EGEN-1', 'Journal ses af uvedkommende', 'Medarbejdere', true, false, true, 1, "
            "'Opslag uden arbejdsbehov', 3, 4, 2, 'reducer', 'Ole Olsen', 'migrering') RETURNING id",
            [aid],
        ).fetchone()[0]
    finally:
        conn.close()
    return {"system": sid, "assessment": aid, "line": lid}


def test_an_older_file_is_upgraded_with_its_rows_intact(db_path, actor):
    ids = _build_schema_1_file(db_path)

    wb = open_workbench(db_path)
    try:
        assert wb.db.schema_version() == LATEST
        with wb.db.read() as cur:
            assert cur.execute("SELECT version FROM schema_migrations ORDER BY 1").fetchall() == [
                (n,) for n in range(1, LATEST + 1)
            ]
            col = cur.execute(
                "SELECT is_nullable, column_default FROM information_schema.columns "
                "WHERE table_name = 'risk_lines' AND column_name = 'floor_reason'"
            ).fetchone()
        assert col is not None and col[0] == "NO"

        system = wb.systems.get(actor, ids["system"])
        assert (system.name, system.department, system.owner, system.classification) == (
            "Gammelt journalsystem", "Sundhed", "Ole Olsen", "følsom")
        assert system.data_categories == ["cpr", "følsomme"]
        assert system.version == 1

        current = wb.assessments.current(LOCAL_ACTOR, ids["system"])
        # migration 008: our old Standard is kept under an id of its own
        assert (current.id, current.year, current.preset_id, current.scale_size) == (
            ids["assessment"], 2024, "own_traffic_light", 4)

        (line,) = wb.assessments.lines(LOCAL_ACTOR, ids["assessment"])
        assert line.id == ids["line"]
        assert (line.threat_title, line.scenario, line.likelihood, line.cons_c, line.cons_i, line.cons_a) == (
            "Journal ses af uvedkommende", "Opslag uden arbejdsbehov", 3, 4, None, 2)
        assert (line.treatment, line.risk_owner, line.version) == ("reducer", "Ole Olsen", 1)
        assert line.floor_reason == ""
        assert line.consequence == 4

        # The upgraded file works: the catalogue is seeded, the line counts in the portfolio,
        # and the new column can be written.
        assert len(wb.catalogue.list(LOCAL_ACTOR)) >= 40
        assert wb.portfolio.heatmap(actor, PortfolioFilter()) == {(3, 4): 1}
        v = wb.assessments.update_line(actor, line.id, 1, {"floor_reason": "Kun adgang via VPN"})
        assert v == 2
        assert wb.assessments.line(LOCAL_ACTOR, line.id).floor_reason == "Kun adgang via VPN"
    finally:
        wb.db.close()


def test_a_failing_migration_changes_nothing(tmp_path, monkeypatch, db_path):
    mig_dir = tmp_path / "migrations"
    shutil.copytree(dbmod.MIGRATIONS_DIR, mig_dir)
    conn = duckdb.connect(str(db_path))
    try:
        migrate(conn)
        conn.execute("INSERT INTO settings (key, value) VALUES ('municipality', 'Testkommune')")
        (mig_dir / f"{LATEST + 1:03d}_broken.sql").write_text(
            "CREATE TABLE half_done (a INTEGER);\n"
            "ALTER TABLE systems ADD COLUMN half VARCHAR;\n"
            "SELECT * FROM no_such_table;\n",
            encoding="utf-8",
        )
        monkeypatch.setattr(dbmod, "MIGRATIONS_DIR", mig_dir)
        before = table_digest(conn)
        with pytest.raises(duckdb.Error):
            migrate(conn)
        assert schema_version(conn) == LATEST
        assert table_digest(conn) == before
        assert conn.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'half_done'").fetchone()[0] == 0
        assert conn.execute(
            "SELECT count(*) FROM information_schema.columns WHERE table_name = 'systems' AND column_name = 'half'"
        ).fetchone()[0] == 0
    finally:
        conn.close()


def test_migrations_must_be_numbered_without_gaps(tmp_path, monkeypatch):
    (tmp_path / "001_a.sql").write_text("SELECT 1;", encoding="utf-8")
    (tmp_path / "003_c.sql").write_text("SELECT 1;", encoding="utf-8")
    monkeypatch.setattr(dbmod, "MIGRATIONS_DIR", tmp_path)
    with pytest.raises(RuntimeError, match=r"without gaps, found \[1, 3\]"):
        migrations()
    (tmp_path / "002 bad name.sql").write_text("SELECT 1;", encoding="utf-8")
    with pytest.raises(RuntimeError, match="unexpected name"):
        migrations()


# -- transactions ------------------------------------------------------------------


def test_an_exception_rolls_the_transaction_back(wb, actor, make_system):
    make_system(name="Findes")
    before = table_digest(wb)
    generation = wb.db.generation

    with pytest.raises(RuntimeError, match="midt i"):
        with unit_of_work(wb.db, actor) as uow:
            uow.systems.insert({"name": "Halvt gemt", "department": "X", "classification": "intern",
                                "data_categories": ["ingen"], "subjects_band": "0", "criticality": "lav",
                                "hosting": "cloud", "created_by": "t", "updated_by": "t"})
            uow.audit("create", "systems", 99, None, {"name": "Halvt gemt"})
            uow.cur.execute("UPDATE settings SET value = 'x'")
            raise RuntimeError("fejl midt i skrivningen")

    assert table_digest(wb) == before
    assert wb.db.generation == generation  # nothing committed, nothing to invalidate
    assert [n for _, n, _ in wb.systems.names(LOCAL_ACTOR)] == ["Findes"]
    # The connection is usable afterwards.
    make_system(name="Bagefter")
    assert [n for _, n, _ in wb.systems.names(LOCAL_ACTOR)] == ["Bagefter", "Findes"]


def test_a_failing_statement_rolls_back_earlier_statements(wb):
    before = table_digest(wb)
    with pytest.raises(duckdb.Error):
        with wb.db.transaction() as cur:
            cur.execute("INSERT INTO settings (key, value) VALUES ('municipality', 'Ny')")
            cur.execute("INSERT INTO settings (key, value) VALUES ('municipality', 'Dublet')")  # primary key
    assert table_digest(wb) == before


# -- read cache --------------------------------------------------------------------


def test_cache_is_invalidated_by_a_committed_write(wb):
    db = wb.db
    calls = []

    def compute():
        calls.append(1)
        with db.read() as cur:
            return cur.execute("SELECT count(*) FROM settings").fetchone()[0]

    assert db.cached(("n",), compute) == 0
    assert db.cached(("n",), compute) == 0
    assert len(calls) == 1  # memoised

    generation = db.generation
    with db.transaction() as cur:
        cur.execute("INSERT INTO settings (key, value) VALUES ('municipality', 'Testkommune')")
    assert db.generation == generation + 1
    assert db.cached(("n",), compute) == 1  # the new row is seen at once
    assert len(calls) == 2

    with pytest.raises(RuntimeError):
        with db.transaction():
            raise RuntimeError
    assert db.generation == generation + 1
    assert db.cached(("n",), compute) == 1
    assert len(calls) == 2  # a rollback keeps the cache


def test_cache_keys_are_separate_and_bounded(db_path):
    db = Database(db_path, cache_size=2)
    try:
        calls = []

        def compute(k):
            def f():
                calls.append(k)
                return k * 10

            return f

        assert [db.cached((k,), compute(k)) for k in (1, 2, 3)] == [10, 20, 30]
        assert db.cached((3,), compute(3)) == 30
        assert db.cached((1,), compute(1)) == 10  # evicted, computed again
        assert calls == [1, 2, 3, 1]
    finally:
        db.close()


def test_service_reads_see_a_write_at_once(wb, actor, make_system):
    assert wb.systems.departments(LOCAL_ACTOR) == []
    make_system(department="Skole og Dagtilbud")
    assert wb.systems.departments(LOCAL_ACTOR) == ["Skole og Dagtilbud"]
    make_system(department="Borgerservice")
    assert wb.systems.departments(LOCAL_ACTOR) == ["Borgerservice", "Skole og Dagtilbud"]


# -- serialised writes under threads -------------------------------------------------


@pytest.fixture
def lines(wb, make_system, actor):
    sid = make_system()
    aid = wb.assessments.start(actor, sid, 2026)
    found = wb.assessments.lines(LOCAL_ACTOR, aid)
    assert len(found) >= 8
    return found


def _actors(n: int) -> list[Actor]:
    return [Actor(username=f"bruger{i}", display_name=f"Bruger {i}", role="koordinator") for i in range(n)]


@pytest.mark.slow
def test_threads_writing_different_lines_all_succeed(wb, lines):
    targets = lines[:8]
    people = _actors(8)

    def work(i: int) -> int:
        line = targets[i]
        version = line.version
        for k in range(50):
            version = wb.assessments.update_line(
                people[i], line.id, version, {"scenario": f"tråd {i} skridt {k}", "likelihood": k % 4 + 1}
            )
        return version

    with ThreadPoolExecutor(8) as pool:
        futures = [pool.submit(work, i) for i in range(8)]
        results = [f.result(timeout=120) for f in futures]  # a thread's exception fails the test here
    assert results == [51] * 8
    for i, line in enumerate(targets):
        now = wb.assessments.line(LOCAL_ACTOR, line.id)
        assert (now.version, now.scenario, now.likelihood) == (51, f"tråd {i} skridt 49", 49 % 4 + 1)
        with wb.db.read() as cur:
            assert cur.execute("SELECT updated_by FROM risk_lines WHERE id = ?", [line.id]).fetchone()[0] == f"bruger{i}"
        rows = audit_rows(wb, entity="risk_lines", entity_id=str(line.id), action="update")
        assert len(rows) == 50
        assert {r["actor"] for r in rows} == {f"bruger{i}"}
        assert [json.loads(r["after_json"])["scenario"] for r in rows] == [f"tråd {i} skridt {k}" for k in range(50)]
    # Lines nobody touched are untouched.
    for line in lines[8:]:
        assert wb.assessments.line(LOCAL_ACTOR, line.id).version == 1


@pytest.mark.slow
def test_threads_racing_on_one_version_one_wins(wb, lines):
    line = lines[0]
    people = _actors(8)
    rounds = 10
    wins = 0
    for r in range(rounds):
        version = wb.assessments.line(LOCAL_ACTOR, line.id).version
        barrier = threading.Barrier(8)

        def attempt(i: int, version=version, barrier=barrier, r=r):
            barrier.wait(timeout=30)
            try:
                return ("ok", wb.assessments.update_line(people[i], line.id, version, {"scenario": f"runde {r} af {i}"}))
            except StaleVersionError as err:
                return ("stale", str(err))

        with ThreadPoolExecutor(8) as pool:
            outcomes = list(pool.map(attempt, range(8)))
        won = [o for o in outcomes if o[0] == "ok"]
        lost = [o for o in outcomes if o[0] == "stale"]
        assert len(won) == 1, outcomes
        assert len(lost) == 7
        assert won[0][1] == version + 1
        wins += 1
        winner_text = wb.assessments.line(LOCAL_ACTOR, line.id).scenario
        winner = people[int(winner_text.rsplit(" ", 1)[1])].username
        for _, message in lost:
            assert f"Risikolinjen er ændret af {winner}" in message
            assert f"din version {version}, nu version {version + 1}" in message
            assert "Intet er gemt" in message

    final = wb.assessments.line(LOCAL_ACTOR, line.id)
    assert final.version == 1 + wins == 1 + rounds
    rows = audit_rows(wb, entity="risk_lines", entity_id=str(line.id), action="update")
    assert len(rows) == wins
    assert [json.loads(r["after_json"])["scenario"].split(" af ")[0] for r in rows] == [f"runde {r}" for r in range(rounds)]


@pytest.mark.slow
def test_free_for_all_never_loses_an_update(wb, lines):
    """Each thread reads the version and tries to write, again and again: every version is won once."""
    line = lines[0]
    people = _actors(8)
    barrier = threading.Barrier(8)

    def work(i: int):
        barrier.wait(timeout=30)
        won, stale = [], 0
        for k in range(15):
            version = wb.assessments.line(LOCAL_ACTOR, line.id).version
            try:
                won.append(wb.assessments.update_line(people[i], line.id, version, {"scenario": f"{i}:{k}"}))
            except StaleVersionError:
                stale += 1
        return won, stale

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(work, range(8)))
    new_versions = sorted(v for won, _ in results for v in won)
    successes = len(new_versions)
    assert successes + sum(s for _, s in results) == 8 * 15
    assert new_versions == list(range(2, successes + 2))  # each version won exactly once
    final = wb.assessments.line(LOCAL_ACTOR, line.id)
    assert final.version == 1 + successes
    rows = audit_rows(wb, entity="risk_lines", entity_id=str(line.id), action="update")
    assert len(rows) == successes
    # The audit trail is a chain: each write's 'before' is the previous write's 'after'.
    afters = [json.loads(r["after_json"])["scenario"] for r in rows]
    befores = [json.loads(r["before_json"])["scenario"] for r in rows]
    assert befores == ["", *afters[:-1]]
    assert afters[-1] == final.scenario


def test_the_data_version_moves_with_every_save_and_only_then(wb, actor, make_system):
    """What the heatmap page polls to redraw itself when someone saves (pages/ui/widgets.py redraw_on_writes)."""
    sid = make_system(name="Versioneret")
    seen = wb.data_version()
    wb.systems.get(actor, sid)
    wb.portfolio.heatmap(actor, PortfolioFilter())
    assert wb.data_version() == seen  # reads move nothing
    aid = wb.assessments.start(actor, sid)
    assert wb.data_version() > seen
    seen = wb.data_version()
    line = wb.assessments.lines(actor, aid)[0]
    wb.assessments.update_line(actor, line.id, line.version, {"likelihood": 3})
    assert wb.data_version() > seen


def test_matrix_cells_changed_outside_data_are_put_back_on_open(wb, db_path):
    """Opening reads the cells and rewrites them only when they differ from data/; a differing cell is put back."""
    before = sorted(wb.db._conn.execute("SELECT * FROM matrix_cells").fetchall())
    wb.db.close()
    with duckdb.connect(str(db_path)) as con:
        con.execute("UPDATE matrix_cells SET level = level + 1 WHERE likelihood = 1 AND consequence = 1")
        con.execute("DELETE FROM matrix_cells WHERE likelihood = 2 AND consequence = 2")
    again = open_workbench(db_path)
    try:
        assert sorted(again.db._conn.execute("SELECT * FROM matrix_cells").fetchall()) == before
    finally:
        again.db.close()


def test_the_tests_table_digest_sees_one_changed_value_in_its_table_only(wb, actor, make_system):
    """tests/helpers.table_digest is what hundreds of refusal tests rest on ("nothing changed"): a single changed
    value must change its table's digest, and no other table's; an unchanged file gives the same digests."""
    from helpers import USER_TABLES, table_digest

    sid = make_system(name="Digestsystem")
    before = table_digest(wb)
    assert set(before) == set(USER_TABLES) and table_digest(wb) == before
    with wb.db.transaction() as cur:
        cur.execute("UPDATE systems SET owner = owner || '.' WHERE id = ?", [sid])
    after = table_digest(wb)
    assert [t for t in before if before[t] != after[t]] == ["systems"]
    assert after["systems"].split(":")[0] == before["systems"].split(":")[0]  # same rows, another value
