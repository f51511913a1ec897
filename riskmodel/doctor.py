"""``python -m riskmodel doctor``: what an operator must get right on a server, checked one by one.

Each check is a small function that looks at one thing and returns a :class:`Check`: its
stable name (what monitoring and the tests match on), whether it holds, and in the chosen
language what was found and how to fix it. :func:`run_checks` runs the ones that apply to
the sign-in mode; the command exits 0 only when every one of them holds.

The checks read the same places the service reads: the environment (``RISK_AUTH``,
``RISK_DB``, ``RISK_SECRETS_FILE``, ``RISK_AUDIT_KEY_FILE``, ``STREAMLIT_SERVER_ADDRESS``,
``STREAMLIT_SERVER_COOKIE_SECRET``; see ``deploy/risikovaerkstedet.env``), the project's
``.streamlit/config.toml`` and the secrets file. Run it as the service's user, with its
environment file loaded, so that it sees what the service sees.

The database is opened read-only and never migrated or repaired. When the running app holds
the file (DuckDB then lets no other process open it), the app is asked for a backup into a
temporary folder next to the database, which is restored into a temporary file: the schema
and the audit trail are checked on that exact copy, and both are removed afterwards.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import ipaddress
import os
import stat
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from riskmodel.i18n import t
from riskmodel.store import audit, readonly
from riskmodel.store import backup as bk
from riskmodel.store.db import migrations, schema_version

ROOT = Path(__file__).resolve().parents[1]
AUTH_MODES = ("none", "local", "oidc")
BACKUP_MAX_AGE = dt.timedelta(hours=26)  # a nightly backup, plus slack for a slow night
MIN_SECRET_LENGTH = 32
PLACEHOLDERS = ("make-a-long-random", "change-me")  # the example files' values
OIDC_KEYS = ("redirect_uri", "client_id", "client_secret", "server_metadata_url")  # cookie_secret: its own check


@dataclass(frozen=True)
class Check:
    name: str  # stable: auth_mode, address, cookie_secret, oidc_settings, secrets_file, audit_key, database, ...
    ok: bool
    found: str  # what was found, in the chosen language
    fix: str = ""  # how to fix it (empty when ok)


@dataclass(frozen=True)
class Setup:
    """Where the service's settings are; built from the command line and the environment by :func:`setup_from`."""

    db: Path
    auth: str
    address: str  # "" = every address (Streamlit's default)
    secrets: tuple[Path, ...]
    env: Mapping[str, str] = field(default_factory=dict)
    server_config: Mapping[str, Any] = field(default_factory=dict)  # [server] of .streamlit/config.toml
    backups: Path | None = None
    lang: str = "da"
    now: dt.datetime | None = None  # aware UTC; None = now


def _toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError):
        return {}


def read_env_file(path: Path) -> dict[str, str]:
    """A systemd EnvironmentFile (deploy/risikovaerkstedet.env.example): KEY=value lines, # comments."""
    env = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line and not line.startswith("#") and "=" in line:
            key, _, value = line.partition("=")
            env[key.strip()] = value.strip().strip('"')
    return env


def setup_from(db: Path, *, auth: str | None = None, address: str | None = None, secrets: list[Path] | None = None,
               backups: Path | None = None, env: Mapping[str, str] | None = None,
               config: Path | None = None, lang: str = "da") -> Setup:
    """The set-up the service would run with: arguments first, then its environment, then Streamlit's files."""
    env = dict(os.environ if env is None else env)
    server = _toml(config or ROOT / ".streamlit" / "config.toml").get("server", {})
    if address is None:
        address = env.get("STREAMLIT_SERVER_ADDRESS", str(server.get("address", "")))
    if not secrets:
        named = env.get("RISK_SECRETS_FILE")
        secrets = [Path(named)] if named else [Path.home() / ".streamlit" / "secrets.toml",
                                               ROOT / ".streamlit" / "secrets.toml"]
    return Setup(db=Path(db), auth=auth or env.get("RISK_AUTH", "none"), address=address.strip(),
                 secrets=tuple(secrets), env=env, server_config=server, backups=backups, lang=lang)


def _ok(setup: Setup, name: str, key: str, **kw: Any) -> Check:
    return Check(name, True, t(f"doctor.{key}", setup.lang, **kw))


def _fail(setup: Setup, name: str, key: str, **kw: Any) -> Check:
    return Check(name, False, t(f"doctor.{key}", setup.lang, **kw), t(f"doctor.{key}.fix", setup.lang, **kw))


def _secrets(setup: Setup) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for path in setup.secrets:
        for section, values in _toml(path).items():
            if isinstance(values, dict) and isinstance(merged.get(section), dict):
                merged[section] = {**merged[section], **values}
            else:
                merged[section] = values
    return merged


def _section(setup: Setup, name: str) -> dict[str, Any]:
    value = _secrets(setup).get(name, {})
    return value if isinstance(value, dict) else {}


def is_loopback(address: str) -> bool:
    if address.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(address.strip("[]")).is_loopback
    except ValueError:
        return False


# -- sign-in and secrets ---------------------------------------------------------------------------
def check_auth_mode(setup: Setup) -> Check:
    if setup.auth not in AUTH_MODES:
        return _fail(setup, "auth_mode", "auth_mode.bad", mode=setup.auth, modes=", ".join(AUTH_MODES))
    return _ok(setup, "auth_mode", "auth_mode.ok", mode=setup.auth)


def check_address(setup: Setup) -> Check:
    """Without sign-in only on loopback; with sign-in on loopback too, behind the proxy that holds TLS."""
    address = setup.address or t("doctor.every_address", setup.lang)
    if is_loopback(setup.address):
        return _ok(setup, "address", "address.ok", address=address, mode=setup.auth)
    if setup.auth == "none":
        return _fail(setup, "address", "address.none_open", address=address)
    return _fail(setup, "address", "address.open", address=address)


def check_cookie_secret(setup: Setup) -> Check:
    """local: Streamlit's server.cookieSecret (signs its cookies); oidc: [auth] cookie_secret (signs the sign-in)."""
    if setup.auth == "oidc":
        value, where = str(_section(setup, "auth").get("cookie_secret", "")), "[auth] cookie_secret"
    else:
        value = setup.env.get("STREAMLIT_SERVER_COOKIE_SECRET") or str(setup.server_config.get("cookieSecret", ""))
        where = "STREAMLIT_SERVER_COOKIE_SECRET"
    if len(value) < MIN_SECRET_LENGTH or any(p in value for p in PLACEHOLDERS):
        return _fail(setup, "cookie_secret", "cookie_secret.missing", where=where, length=MIN_SECRET_LENGTH)
    return _ok(setup, "cookie_secret", "cookie_secret.ok", where=where)


def check_oidc_settings(setup: Setup) -> Check:
    auth = _section(setup, "auth")
    files = ", ".join(str(p) for p in setup.secrets)
    missing = [k for k in OIDC_KEYS if not str(auth.get(k, "")).strip() or str(auth.get(k, "")).strip() == "..."
               or "TENANT-ID" in str(auth.get(k, ""))]
    if missing:
        return _fail(setup, "oidc_settings", "oidc_settings.missing", keys=", ".join(missing), files=files)
    bad = [k for k in ("redirect_uri", "server_metadata_url") if not str(auth[k]).startswith("https://")]
    if not str(auth["redirect_uri"]).rstrip("/").endswith("/oauth2callback"):
        bad.append("redirect_uri")
    if bad:
        return _fail(setup, "oidc_settings", "oidc_settings.bad", keys=", ".join(sorted(set(bad))), files=files)
    return _ok(setup, "oidc_settings", "oidc_settings.ok", files=files)


def _private_file(setup: Setup, name: str, path: Path, prefix: str) -> Check:
    """The file exists, this user can read it, and other users cannot (mode o-rwx)."""
    if not path.is_file():
        return _fail(setup, name, f"{prefix}.missing", path=path)
    if not os.access(path, os.R_OK):
        return _fail(setup, name, f"{prefix}.unreadable", path=path)
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & stat.S_IRWXO:
        return _fail(setup, name, f"{prefix}.world", path=path, mode=f"{mode:o}")
    return _ok(setup, name, f"{prefix}.ok", path=path)


def check_secrets_file(setup: Setup) -> Check | None:
    """The secrets file(s) that exist may not be readable by other users; oidc needs one."""
    present = [p for p in setup.secrets if p.exists()]
    if not present:
        if setup.auth == "oidc":
            return _fail(setup, "secrets_file", "secrets_file.missing", path=setup.secrets[-1])
        return None  # nothing to protect
    for path in present:
        result = _private_file(setup, "secrets_file", path, "secrets_file")
        if not result.ok:
            return result
        try:
            with path.open("rb") as fh:
                tomllib.load(fh)
        except tomllib.TOMLDecodeError as err:
            return _fail(setup, "secrets_file", "secrets_file.invalid", path=path, error=err)
    return result


def audit_key_path(setup: Setup) -> Path | None:
    """RISK_AUDIT_KEY_FILE, else ``[audit] key_file`` in the secrets (the contract with the audit key's code)."""
    named = setup.env.get("RISK_AUDIT_KEY_FILE") or _section(setup, "audit").get("key_file")
    return Path(str(named)) if named else None


def check_audit_key(setup: Setup) -> Check | None:
    path = audit_key_path(setup)
    if path is None:
        if setup.auth == "none":
            return None  # one person on this machine: the key is required with sign-in
        return _fail(setup, "audit_key", "audit_key.unset")
    result = _private_file(setup, "audit_key", path, "audit_key")
    if result.ok and path.stat().st_size < MIN_SECRET_LENGTH:
        return _fail(setup, "audit_key", "audit_key.short", path=path, length=MIN_SECRET_LENGTH)
    return result


# -- the database ------------------------------------------------------------------------------------
def check_database_writable(setup: Setup) -> Check:
    db = setup.db.absolute()
    if not db.is_file():
        return _fail(setup, "database", "database.missing", path=db)
    for path in (db, db.parent):  # DuckDB writes a .wal file next to it, the backup requests a folder
        if not os.access(path, os.R_OK | os.W_OK):
            return _fail(setup, "database", "database.readonly", path=path)
    return _ok(setup, "database", "database.ok", path=db)


def check_database_contents(setup: Setup) -> list[Check]:
    """Migrated to the latest migration, and ``audit verify`` clean: on the file, or on a copy from the app."""
    db = setup.db.absolute()
    if not db.is_file():
        return []  # check_database_writable says so
    latest = migrations()[-1][0]
    key_file = audit_key_path(setup)
    key_check = check_audit_key(setup)
    try:
        key = audit.read_key(key_file or audit.key_path(db))
    except (OSError, audit.AuditKeyError) as err:
        key = None
        if key_check is None or key_check.ok:
            key_check = _fail(setup, "audit_chain", "database.unopenable", path=key_file or audit.key_path(db), error=err)
    try:
        with readonly.file_or_snapshot(db, key_file) as (conn, app_version, opened):
            version = schema_version(conn) if app_version is None else app_version
            result = None if key is None else audit.verify(conn, key, anchor=audit.anchor_path(opened))
    except (readonly.DatabaseError, bk.BackupError) as err:
        found = _fail(setup, "migrations", "database.unopenable", path=db, error=err)
        return [found, Check("audit_chain", False, found.found, found.fix)]
    via = "" if app_version is None else t("doctor.via_snapshot", setup.lang)
    if version < latest:
        migrated = _fail(setup, "migrations", "migrations.behind", version=version, latest=latest, via=via)
    elif version > latest:
        migrated = _fail(setup, "migrations", "migrations.ahead", version=version, latest=latest, via=via)
    else:
        migrated = _ok(setup, "migrations", "migrations.ok", version=version, via=via)
    if key is None or (key_check is not None and not key_check.ok) or version < latest:
        # audit_key says what is wrong with the key; an old file's chain is re-keyed when the app starts on it
        return [migrated] if key_check is None or key_check.name != "audit_chain" else [migrated, key_check]
    if result.ok:
        chain = _ok(setup, "audit_chain", "audit_chain.ok", rows=result.rows, via=via)
    else:
        chain = _fail(setup, "audit_chain", "audit_chain.broken", row=result.bad_id, reason=result.reason, via=via)
    return [migrated, chain]


# -- backups -------------------------------------------------------------------------------------------
def newest_backup(folder: Path) -> bk.Manifest | None:
    """The newest backup (by its manifest's time) among the folders in ``folder``, whatever their names."""
    manifests = []
    for path in folder.iterdir() if folder.is_dir() else ():
        if path.is_dir() and (path / bk.MANIFEST).is_file():
            with contextlib.suppress(bk.BackupError):
                manifests.append(bk.read_manifest(path))
    return max(manifests, key=lambda m: m.created_at, default=None)


def check_backups(setup: Setup) -> Check | None:
    if setup.backups is None:
        return None
    folder = setup.backups.absolute()
    newest = newest_backup(folder)
    if newest is None:
        return _fail(setup, "backups", "backups.none", path=folder)
    taken = dt.datetime.fromisoformat(newest.created_at.replace("Z", "+00:00"))
    age = (setup.now or dt.datetime.now(dt.UTC)) - taken
    hours = f"{age.total_seconds() / 3600:.1f}".replace(".", ",")
    when = f"{taken:%d-%m-%Y %H:%M} UTC"
    if age > BACKUP_MAX_AGE:
        return _fail(setup, "backups", "backups.old", path=newest.path, when=when, hours=hours,
                     limit=int(BACKUP_MAX_AGE.total_seconds() // 3600))
    try:
        bk.verify_backup(newest.path)
    except bk.BackupError as err:
        return _fail(setup, "backups", "backups.broken", path=newest.path, error=err)
    return _ok(setup, "backups", "backups.ok", path=newest.path, when=when, hours=hours)


# -- all of them -----------------------------------------------------------------------------------------
CheckFn = Callable[[Setup], "Check | list[Check] | None"]


def checks_for(auth: str) -> list[CheckFn]:
    """The checks that apply to a sign-in mode, in the order they are shown."""
    fns: list[CheckFn] = [check_auth_mode, check_address]
    if auth in ("local", "oidc"):
        fns.append(check_cookie_secret)
    if auth == "oidc":
        fns.append(check_oidc_settings)
    fns += [check_secrets_file, check_audit_key, check_database_writable, check_database_contents, check_backups]
    return fns


def run_checks(setup: Setup) -> list[Check]:
    out: list[Check] = []
    for fn in checks_for(setup.auth):
        result = fn(setup)
        if isinstance(result, list):
            out += result
        elif result is not None:
            out.append(result)
    return out


def report(checks: list[Check], lang: str = "da") -> str:
    """The checks as the command prints them: one line each, and under a failure how to fix it."""
    lines = []
    for c in checks:
        mark = t("doctor.mark.ok" if c.ok else "doctor.mark.fail", lang)
        lines.append(f"{mark:6} {c.name}: {c.found}")
        if not c.ok and c.fix:
            lines.append(f"       {t('doctor.fix', lang)}: {c.fix}")
    failed = sum(not c.ok for c in checks)
    lines.append(t("doctor.summary.ok", lang, n=len(checks)) if not failed
                 else t("doctor.summary.fail", lang, failed=failed, n=len(checks)))
    return "\n".join(lines)
