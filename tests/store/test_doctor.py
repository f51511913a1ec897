"""``python -m riskmodel doctor`` (issue 20): a healthy server set-up passes, and each thing an
operator can get wrong is reported by its check's name, alone, with how to fix it.

Every case builds a real set-up in a temporary folder: a migrated DuckDB file, a backup taken
by the backup code, an audit key file and a secrets file with the modes an operator would set.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from riskmodel import doctor
from riskmodel.services import open_workbench
from riskmodel.store import audit
from riskmodel.store import backup as bk
from riskmodel.store import backup_requests as brq
from riskmodel.store.db import migrate

pytestmark = pytest.mark.slow  # not in `make test-fast`: the doctor command on real set-ups, partly in a subprocess

ROOT = Path(__file__).resolve().parents[2]
SECRET = "s3cr3t-" + "x" * 48
OIDC = {
    "redirect_uri": "https://risiko.example-kommune.dk/oauth2callback",
    "cookie_secret": SECRET,
    "client_id": "9f0c1d2e-0000-4000-8000-000000000001",
    "client_secret": "entra-client-secret-value",
    "server_metadata_url": "https://login.microsoftonline.com/1234/v2.0/.well-known/openid-configuration",
}


def _toml(auth: dict[str, str]) -> str:
    return "[auth]\n" + "".join(f'{k} = "{v}"\n' for k, v in auth.items())


@dataclasses.dataclass
class Server:
    """A set-up on disk; :meth:`checks` runs the doctor over it."""

    tmp: Path
    db: Path
    backups: Path
    key: Path
    secrets: Path
    auth: str = "local"
    address: str = "127.0.0.1"
    env: dict[str, str] = dataclasses.field(default_factory=dict)
    now: dt.datetime | None = None

    def setup(self) -> doctor.Setup:
        s = doctor.setup_from(self.db, auth=self.auth, address=self.address, secrets=[self.secrets],
                              backups=self.backups, env=self.env)
        return dataclasses.replace(s, now=self.now)

    def checks(self) -> list[doctor.Check]:
        return doctor.run_checks(self.setup())

    def failing(self) -> set[str]:
        return {c.name for c in self.checks() if not c.ok}


@pytest.fixture
def server(tmp_path, open_copy) -> Server:
    db = tmp_path / "data" / "risk.duckdb"
    db.parent.mkdir()
    open_copy(db).db.close()
    backups = tmp_path / "backups"
    bk.backup_file(db, bk.dated_backup_dir(backups))
    key = tmp_path / "etc" / "audit.key"
    key.parent.mkdir()
    key.write_bytes(Path(os.environ["RISK_AUDIT_KEY_FILE"]).read_bytes())  # the key the database was written with
    key.chmod(0o640)
    secrets = tmp_path / "etc" / "secrets.toml"
    secrets.write_text(_toml(OIDC))
    secrets.chmod(0o640)
    env = {"RISK_AUDIT_KEY_FILE": str(key), "STREAMLIT_SERVER_COOKIE_SECRET": SECRET}
    return Server(tmp_path, db, backups, key, secrets, env=env)


@pytest.mark.parametrize("auth", ["local", "oidc"])
def test_a_healthy_set_up_passes_every_check(server, auth):
    server.auth = auth
    checks = server.checks()
    assert [c for c in checks if not c.ok] == []
    names = [c.name for c in checks]
    assert names == ["auth_mode", "address", "cookie_secret", *(["oidc_settings"] if auth == "oidc" else []),
                     "secrets_file", "audit_key", "database", "migrations", "audit_chain", "backups"]
    text = doctor.report(checks)
    assert f"Alle {len(checks)} kontroller holder." in text
    assert "Revisionssporet er intakt" in text and "Databasen har den nyeste skemaversion" in text


def _set(attr: str, value):
    return lambda s: setattr(s, attr, value)


def _env(key: str, value: str | None):
    def change(s: Server) -> None:
        if value is None:
            s.env.pop(key, None)
        else:
            s.env[key] = value
    return change


def _oidc(**changes):
    def change(s: Server) -> None:
        s.auth = "oidc"
        s.secrets.write_text(_toml({k: v for k, v in {**OIDC, **changes}.items() if v is not None}))
    return change


def _older_schema(s: Server) -> None:
    s.db.unlink()
    with duckdb.connect(str(s.db)) as conn:
        migrate(conn, target=5)


def _tampered_audit(s: Server) -> None:
    with duckdb.connect(str(s.db)) as conn:
        conn.execute("UPDATE audit_log SET actor = 'nogen' WHERE id = (SELECT min(id) FROM audit_log)")


def _old_backup(s: Server) -> None:
    s.now = dt.datetime.now(dt.UTC) + dt.timedelta(hours=27)


def _broken_backup(s: Server) -> None:
    (newest,) = bk.dated_backups(s.backups)
    victim = next(p for p in newest.iterdir() if p.suffix == ".parquet")
    victim.write_bytes(victim.read_bytes() + b"x")


MISCONFIGURATIONS = {
    "unknown sign-in mode": (_set("auth", "ingen"), "auth_mode", "Ukendt login-tilstand"),
    "none mode on every address": (lambda s: (setattr(s, "auth", "none"), setattr(s, "address", "0.0.0.0")),
                                   "address", "uden login"),
    "local mode around the proxy": (_set("address", ""), "address", "uden om proxyen"),
    "local mode on a LAN address": (_set("address", "10.0.0.5"), "address", "10.0.0.5"),
    "no cookie secret": (_env("STREAMLIT_SERVER_COOKIE_SECRET", None), "cookie_secret",
                         "STREAMLIT_SERVER_COOKIE_SECRET mangler"),
    "the example's cookie secret": (_env("STREAMLIT_SERVER_COOKIE_SECRET", "change-me-to-a-long-random-string"),
                                    "cookie_secret", "mangler eller er kortere"),
    "oidc without a cookie secret": (_oidc(cookie_secret=None), "cookie_secret", "[auth] cookie_secret"),
    "oidc without a client secret": (_oidc(client_secret=None), "oidc_settings", "client_secret"),
    "oidc with the example's tenant": (
        _oidc(server_metadata_url="https://login.microsoftonline.com/TENANT-ID/v2.0/.well-known/openid-configuration"),
        "oidc_settings", "server_metadata_url"),
    "oidc redirect over http": (_oidc(redirect_uri="http://risiko.example-kommune.dk/oauth2callback"),
                                "oidc_settings", "redirect_uri"),
    "oidc redirect to the wrong path": (_oidc(redirect_uri="https://risiko.example-kommune.dk/"),
                                        "oidc_settings", "redirect_uri"),
    "oidc without a secrets file": (lambda s: (setattr(s, "auth", "oidc"), s.secrets.unlink()),
                                    ("secrets_file", "cookie_secret", "oidc_settings"), "findes ikke"),
    "secrets not valid TOML": (lambda s: s.secrets.write_text("[auth]\nclient_id = uden anførselstegn\n"),
                               "secrets_file", "ikke gyldig TOML"),
    "secrets readable by everyone": (lambda s: s.secrets.chmod(0o644), "secrets_file", "kan læses af alle"),
    "no audit key": (_env("RISK_AUDIT_KEY_FILE", None), "audit_key", "ingen nøgle"),
    "audit key file missing": (lambda s: s.key.unlink(), "audit_key", "findes ikke"),
    "audit key readable by everyone": (lambda s: s.key.chmod(0o604), "audit_key", "kan læses af alle"),
    "audit key too short": (lambda s: s.key.write_text("kort"), "audit_key", "kortere end"),
    "no database": (lambda s: s.db.unlink(), "database", "findes ikke"),
    "database not migrated": (_older_schema, "migrations", "skemaversion 5"),
    "audit trail edited": (_tampered_audit, "audit_chain", "er ændret efter"),
    "no backup": (lambda s: setattr(s, "backups", s.tmp / "tom"), "backups", "ingen sikkerhedskopi"),
    "backup older than 26 hours": (_old_backup, "backups", "timer gammel"),
    "backup changed": (_broken_backup, "backups", "ikke hel"),
}


@pytest.mark.parametrize("case", list(MISCONFIGURATIONS))
def test_each_misconfiguration_is_reported_by_name(server, case):
    change, names, found = MISCONFIGURATIONS[case]
    name, *also = (names,) if isinstance(names, str) else names  # a missing file fails what it should hold too
    change(server)
    checks = server.checks()
    assert {c.name for c in checks if not c.ok} == {name, *also}
    (bad,) = [c for c in checks if c.name == name]
    assert found in bad.found
    assert bad.fix, "every failure says how to fix it"
    assert f"FEJL   {name}: " in doctor.report(checks)


@pytest.mark.parametrize(("what", "name"), [("key", "audit_key"), ("secrets", "secrets_file"), ("db", "database")])
def test_a_file_the_service_user_cannot_use_is_reported(server, what, name, monkeypatch):
    path = getattr(server, what)
    path.chmod(0o400 if what == "db" else 0o200)
    if os.geteuid() == 0:  # root may read and write any file: deny as the service's user would be denied
        real = os.access
        monkeypatch.setattr(os, "access", lambda p, mode: Path(p) != path and real(p, mode))
    assert server.failing() == {name}


def test_the_audit_key_may_come_from_the_secrets_file(server):
    server.env.pop("RISK_AUDIT_KEY_FILE")
    server.secrets.write_text(_toml(OIDC) + f'\n[audit]\nkey_file = "{server.key}"\n')
    assert server.failing() == set()


def test_none_mode_on_loopback_needs_no_secrets(server):
    server.auth = "none"
    server.env.clear()
    server.secrets.unlink()
    audit.key_path(server.db).write_bytes(server.key.read_bytes())  # none mode keeps its key beside the database
    assert server.failing() == set()


def test_while_the_app_holds_the_database_it_is_checked_on_a_copy_from_the_app(server):
    wb = open_workbench(server.db)
    service = brq.BackupService(wb.db, interval=0.1).start()
    try:
        checks = {c.name: c for c in server.checks()}
    finally:
        service.stop()
        wb.db.close()
    assert all(c.ok for c in checks.values()), doctor.report(list(checks.values()))
    assert "kopi, som den kørende app tog" in checks["migrations"].found
    assert "kopi, som den kørende app tog" in checks["audit_chain"].found
    assert [p.name for p in server.db.parent.iterdir() if p.name.startswith(".doctor-")] == [], "copy removed"


def test_a_holder_that_takes_no_requests_is_reported(server):
    wb = open_workbench(server.db)
    try:
        failing = server.failing()
    finally:
        wb.db.close()
    assert failing == {"migrations", "audit_chain"}


def _cli(server: Server, *extra: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RISK_", "STREAMLIT_"))}
    env.update(server.env, RISK_AUTH=server.auth, RISK_SECRETS_FILE=str(server.secrets),
               STREAMLIT_SERVER_ADDRESS=server.address)
    cmd = [sys.executable, "-m", "riskmodel", "doctor", "--db", str(server.db), "--backups", str(server.backups),
           *extra]
    return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_the_command_exits_0_only_when_all_hold(server):
    done = _cli(server)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Alle 9 kontroller holder." in done.stdout

    server.address = "0.0.0.0"
    done = _cli(server)
    assert done.returncode == 1
    assert "FEJL   address: Appen lytter på 0.0.0.0" in done.stdout
    assert "Sådan retter du det: Sæt STREAMLIT_SERVER_ADDRESS=127.0.0.1" in done.stdout
    assert "1 af 9 kontroller fejler." in done.stdout


def test_the_command_speaks_english_when_asked(server):
    server.env.pop("RISK_AUDIT_KEY_FILE")
    done = _cli(server, "--lang", "en")
    assert done.returncode == 1
    assert "FAIL   audit_key: There is no key for the audit trail" in done.stdout
    assert "How to fix it:" in done.stdout


def test_the_command_reads_the_services_environment_file(server, tmp_path):
    """As the operator runs it: `doctor --env-file /etc/risikovaerkstedet/risikovaerkstedet.env`, nothing else."""
    from deploy_files import DEPLOY, adapt

    text = adapt((DEPLOY / "risikovaerkstedet.env.example").read_text(encoding="utf-8"), {
        "/var/lib/risikovaerkstedet/risk.duckdb": str(server.db),
        "/etc/risikovaerkstedet/secrets.toml": str(server.secrets),
        "/etc/risikovaerkstedet/audit.key": str(server.key),
        "/var/backups/risikovaerkstedet": str(server.backups),
    })
    env_path = tmp_path / "risikovaerkstedet.env"
    env_path.write_text(text)
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("RISK_", "STREAMLIT_"))}
    cmd = [sys.executable, "-m", "riskmodel", "doctor", "--env-file", str(env_path)]
    done = subprocess.run(cmd, cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, "the example's cookie secret is a placeholder"
    assert "FEJL   cookie_secret" in done.stdout and "1 af 9 kontroller fejler." in done.stdout
    assert f"Nyeste sikkerhedskopi {server.backups}" in done.stdout

    env_path.write_text(text.replace("change-me-to-a-long-random-string", SECRET))
    done = subprocess.run(cmd, cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout
