"""User accounts, roles and local sign-in with lockout."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from riskmodel import security
from riskmodel.domain.errors import NotFoundError, PermissionDenied, ValidationError
from riskmodel.domain.model import ROLES, Actor
from riskmodel.security import hash_password, password_refusal, verify_password
from riskmodel.services.common import audit_denials, flag, require, text
from riskmodel.store import users
from riskmodel.store.audit import now_utc
from riskmodel.store.db import Database
from riskmodel.store.uow import unit_of_work
from riskmodel.store.versioned import versioned_update

MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)
ROLE_LABELS_DA = {
    "koordinator": "Informationssikkerhedskoordinator",
    "leder": "Leder / systemejer",
    "udvalgsformand": "Formand for informationssikkerhedsudvalget",
    "udvalgsmedlem": "Medlem af informationssikkerhedsudvalget",
    "revisor": "Revisor",
    "deltager": "Workshopdeltager",
}
_LOCKOUT_MINUTES = int(LOCKOUT.total_seconds() // 60)
# The one answer to every refused sign-in, whatever the reason (no account enumeration): err.users.sign_in_refused,
# in Danish:
SIGN_IN_REFUSED = ("Forkert brugernavn eller adgangskode, eller kontoen er midlertidigt låst efter for mange forsøg. "
                   f"Prøv igen senere (op til {_LOCKOUT_MINUTES} minutter), eller bed koordinatoren "
                   "om en ny adgangskode.")
# Single sign-on (mode 'oidc') refused: err.users.sso_unknown (the e-mail is no enabled user's),
# err.users.sso_wrong_audience (the ID token was not issued to us), err.users.sso_other_subject, err.users.sso_no_subject.


def sso_subject(claims: Mapping[str, object]) -> str | None:
    """The identity a single sign-on names, stable for the person whatever their e-mail: Entra ID's tenant and
    object id (``tid``, ``oid``) when given, else the issuer and subject (``iss``, ``sub``). None if neither."""
    def claim(name: str) -> str:
        value = claims.get(name)
        return value.strip()[:400] if isinstance(value, str) else ""

    if claim("tid") and claim("oid"):
        return f"entra:{claim('tid')}:{claim('oid')}"
    if claim("iss") and claim("sub"):
        return f"{claim('iss')}|{claim('sub')}"
    return None


# Who signs in when anyone signs in: the system actor used for sign-in bookkeeping.
SYSTEM_ACTOR = Actor(username="system", display_name="Systemet", role="koordinator")


@cache
def _dummy_hash_for(n: int) -> str:
    return hash_password("ingen-bruger-har-denne-adgangskode")


def _dummy_hash() -> str:
    """A hash (with today's scrypt cost) to check unknown, disabled and passwordless users against, so they take
    as long as a wrong password."""
    return _dummy_hash_for(security.N)


@dataclass(frozen=True)
class User:
    id: int
    username: str
    display_name: str
    email: str
    role: str
    departments: tuple[str, ...]
    disabled: bool
    locked_until: datetime | None
    last_login: datetime | None
    version: int

    def actor(self) -> Actor:
        return Actor(username=self.username, display_name=self.display_name, role=self.role,
                     departments=tuple(self.departments))


def _user(row: dict) -> User:
    return User(id=row["id"], username=row["username"], display_name=row["display_name"], email=row["email"],
                role=row["role"], departments=tuple(row["departments"] or ()), disabled=row["disabled"],
                locked_until=row["locked_until"], last_login=row["last_login"], version=row["version"])


def _bad_role(role) -> ValidationError:
    return ValidationError("err.users.bad_role", "role", role=role, allowed=", ".join(ROLES))


def _username(value: str) -> str:
    name = text(value, "Brugernavn", max_len=80, required=True).lower()
    if not all(c.isalnum() or c in "._-@" for c in name):
        raise ValidationError("err.users.username_chars", "username")
    return name


def _existing(username) -> str:
    """The username an admin call names (looked up as typed, lower case); a non-text value is refused."""
    if not isinstance(username, str):
        raise ValidationError("err.users.not_username", "username", value=str(username)[:40])
    return username


def _departments(values) -> list[str]:
    if values is None or isinstance(values, (str, bytes, dict)):
        raise ValidationError("err.users.departments_list", "departments")
    return [text(d, "Afdeling", max_len=200, required=True) for d in values]


def _password(value, personal: tuple = ()) -> str:
    if not isinstance(value, str):
        raise ValidationError("err.users.password_not_text", "password")
    refusal = password_refusal(value, tuple(p for p in personal if isinstance(p, str)))
    if refusal:
        key, params = refusal
        raise ValidationError(key, "password", **params)
    return value


@audit_denials
class UserService:
    def __init__(self, db: Database):
        self.db = db

    # -- reads -----------------------------------------------------------------
    def _row(self, cur, username: str) -> dict | None:
        return users.by_username(cur, username)

    def get(self, username: str) -> User:
        with self.db.read() as cur:
            row = self._row(cur, username)
        if row is None:
            raise NotFoundError("err.users.not_found", username=username)
        return _user(row)

    def list(self, actor: Actor) -> list[User]:
        require(actor, "users.manage")
        with self.db.read() as cur:
            return [_user(r) for r in users.all_users(cur)]

    def display_names(self, actor: Actor) -> dict[str, str]:
        """Username -> the person's name, for every account: a page shows who did something by name, never by
        username. For those who may read the municipality's data (not a workshop guest or participant)."""
        require(actor, "read")
        with self.db.read() as cur:
            return users.display_names(cur)

    def count(self) -> int:
        with self.db.read() as cur:
            return users.count(cur)

    def by_email(self, email: str) -> User | None:
        """The enabled user with this e-mail (case-insensitive), for single sign-on."""
        if not (email or "").strip():  # a blank claim must not match the accounts that have no e-mail
            return None
        with self.db.read() as cur:
            rows = users.enabled_by_email(cur, email.strip())
        return _user(rows[0]) if len(rows) == 1 else None

    # -- writes ----------------------------------------------------------------
    def add(self, actor: Actor, username: str, display_name: str, role: str, *, email: str = "",
            departments: tuple[str, ...] | list[str] = (), password: str | None = None) -> int:
        require(actor, "users.manage")
        username = _username(username)
        if role not in ROLES:
            raise _bad_role(role)
        values = {
            "username": username,
            "display_name": text(display_name, "Navn", max_len=200, required=True),
            "email": text(email, "E-mail", max_len=200),
            "role": role,
            "departments": _departments(departments),
            "updated_by": actor.username,
        }
        if password is not None:
            _password(password, (username, values["display_name"], values["email"]))
            values["password_hash"] = hash_password(password)
        with unit_of_work(self.db, actor) as uow:
            if self._row(uow.cur, username):
                raise ValidationError("err.users.taken", "username", username=username)
            new_id = users.insert(uow.cur, values)
            shown = {k: v for k, v in values.items() if k != "password_hash"}
            uow.audit("create", "users", username, None, {**shown, "password": password is not None})
        return new_id

    def _change(self, actor: Actor, username: str, changes: dict, action: str, shown: dict | None = None) -> None:
        require(actor, "users.manage")
        _existing(username)
        with unit_of_work(self.db, actor) as uow:
            row = self._row(uow.cur, username)
            if row is None:
                raise NotFoundError("err.users.not_found", username=username)
            versioned_update(uow.cur, "users", row["id"], changes, actor.username)
            after = shown if shown is not None else changes
            uow.audit(action, "users", row["username"], {k: row[k] for k in after if k in row}, after)

    def set_role(self, actor: Actor, username: str, role: str, departments: list[str] | None = None) -> None:
        require(actor, "users.manage")  # access first: a refused call is refused (and audited), whatever its input
        if role not in ROLES:
            raise _bad_role(role)
        changes: dict = {"role": role}
        if departments is not None:
            changes["departments"] = _departments(departments)
        self._change(actor, username, changes, "set_role")

    def set_disabled(self, actor: Actor, username: str, disabled: bool) -> None:
        require(actor, "users.manage")
        disabled = flag(disabled, "Spærret")
        if actor.username == _existing(username).strip().lower() and disabled:
            raise ValidationError("err.users.disable_self", "username")
        self._change(actor, username, {"disabled": disabled}, "disable" if disabled else "enable")

    def unbind_sign_on(self, actor: Actor, username: str) -> None:
        """Forget the identity the account's first single sign-on bound it to: the next sign-on with its e-mail
        binds it again (when the person changed identity at the provider, not when the address changed hands)."""
        require(actor, "users.manage")
        self._change(actor, username, {"oidc_subject": None}, "unbind_subject")

    def set_password(self, actor: Actor, username: str, password: str) -> None:
        require(actor, "users.manage")
        personal: tuple = (username,)
        if isinstance(username, str) and isinstance(password, str):
            with self.db.read() as cur:
                row = self._row(cur, username)
            if row is not None:
                personal = (row["username"], row["display_name"], row["email"])
        _password(password, personal)
        self._change(actor, username, {"password_hash": hash_password(password), "failed_logins": 0,
                                       "locked_until": None}, "set_password", {"password": "ændret"})

    # -- sign-in ---------------------------------------------------------------
    def authenticate(self, username: str, password: str) -> Actor:
        """Check a local sign-in. Failures count towards a lockout; every attempt is audited.

        Every refusal (unknown or disabled user, an account without a password, a wrong password,
        a locked account, even with the right password) gets the same message and the same work:
        the password is always checked against a scrypt hash (the account's, or a dummy one), so
        neither the answer nor its time tells whether an account exists or is locked.
        """
        name = username.strip().lower() if isinstance(username, str) else ""
        password = password if isinstance(password, str) else ""
        now = now_utc()
        with unit_of_work(self.db, Actor(username=name or "?", display_name=name, role="ukendt")) as uow:
            row = self._row(uow.cur, name) if name else None
            has_hash = row is not None and _well_formed(row["password_hash"])
            matches = verify_password(password, row["password_hash"] if has_hash else _dummy_hash()) and has_hash
            if row is None or row["disabled"] or not has_hash:
                uow.audit("login_failed", "users", name, None,
                          {"reason": "ukendt eller spærret bruger" if row is None or row["disabled"]
                           else "ingen adgangskode"})
            elif row["locked_until"] is not None and row["locked_until"] > now:
                uow.audit("login_refused", "users", name, None, {"reason": "låst", "password_ok": matches})
            elif not matches:
                failed = row["failed_logins"] + 1
                locked = now + LOCKOUT if failed >= MAX_FAILED_LOGINS else None
                users.record_failed_login(uow.cur, row["id"], 0 if locked else failed, locked)
                uow.audit("login_failed", "users", name, None, {"failed_logins": failed, "locked": locked is not None})
            else:
                users.record_login(uow.cur, row["id"], now)
                uow.audit("login", "users", name, None, None)
                return _user(row).actor()
        err = PermissionDenied("err.users.sign_in_refused", minutes=_LOCKOUT_MINUTES)
        err.audited = True  # the attempt is already in the audit trail
        raise err

    def sign_on(self, claims: Mapping[str, object], client_id: str) -> Actor:
        """A single sign-on (mode 'oidc'): the enabled user whose e-mail the ID token's claims name.

        Streamlit's st.login (Authlib) has checked the token's signature, issuer, expiry and nonce, but
        not that its audience names this app: a token whose ``aud`` is another client passes there as
        long as ``azp`` names us. So ``aud`` (a string or a list) must contain ``client_id``. Every
        attempt is audited; a refusal raises PermissionDenied with ``reason`` 'audience', 'subject' or 'unknown'.

        The first sign-on binds the account to the person's identity (:func:`sso_subject`); from then on that
        identity signs in to it, and another identity with the same e-mail (an address given to someone else)
        is refused. :meth:`unbind_sign_on` lets the coordinator undo the binding.
        """
        claims = claims if isinstance(claims, Mapping) else {}
        email = claims.get("email")
        email = email.strip()[:320] if isinstance(email, str) else ""  # no e-mail address is longer than 254
        subject = sso_subject(claims)
        aud = claims.get("aud")
        audiences = [aud] if isinstance(aud, str) else [a for a in aud if isinstance(a, str)] if isinstance(aud, list) else []
        with unit_of_work(self.db, Actor(username=email or "?", display_name=email, role="ukendt")) as uow:
            if not isinstance(client_id, str) or not client_id or client_id not in audiences:
                uow.audit("login_refused", "users", email or "?", None,
                          {"via": "oidc", "reason": "token til en anden modtager", "aud": audiences})
                reason, refusal = "audience", PermissionDenied("err.users.sso_wrong_audience")
            elif subject is None:
                uow.audit("login_refused", "users", email or "?", None, {"via": "oidc", "reason": "intet subject"})
                reason, refusal = "subject", PermissionDenied("err.users.sso_no_subject")
            else:
                # The account bound to this identity first; an unbound one by its e-mail, then bound to it.
                rows = users.enabled_by_subject(uow.cur, subject)
                if not rows and email:
                    rows = users.enabled_by_email(uow.cur, email)
                if len(rows) == 1 and rows[0]["oidc_subject"] not in (None, subject):
                    row = rows[0]
                    uow.audit("login_refused", "users", row["username"], None,
                              {"via": "oidc", "reason": "e-mailen tilhører en anden identitet", "subject": subject})
                    reason, refusal = "subject", PermissionDenied("err.users.sso_other_subject", email=email or "?")
                elif len(rows) == 1:
                    row = rows[0]
                    users.record_sign_on(uow.cur, row["id"], now_utc())
                    if row["oidc_subject"] is None:
                        versioned_update(uow.cur, "users", row["id"], {"oidc_subject": subject}, None)
                        uow.audit("bind_subject", "users", row["username"], {"oidc_subject": None},
                                  {"oidc_subject": subject})
                    uow.audit("login", "users", row["username"], None, {"via": "oidc"})
                    return _user(row).actor()
                else:
                    uow.audit("login_failed", "users", email or "?", None, {"via": "oidc", "reason": "ukendt e-mail"})
                    reason, refusal = "unknown", PermissionDenied("err.users.sso_unknown", email=email or "?")
        refusal.reason, refusal.audited = reason, True
        raise refusal


def _well_formed(stored) -> bool:
    """A stored value that verify_password would actually run scrypt on."""
    if not isinstance(stored, str):
        return False
    parts = stored.split("$")
    return len(parts) == 6 and parts[0] == "scrypt" and bool(parts[5])
