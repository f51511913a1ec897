"""User accounts (services/users.py) and the `users` command line, on real DuckDB files:
validation, roles and departments, sign-in with lockout, and that no password or hash
ever reaches the audit trail."""

from __future__ import annotations

import io
import json
from datetime import timedelta

import duckdb
import pytest
from helpers import audit_rows, data_digest, table_digest, verify_audit

import riskmodel.services.users as users_module
from riskmodel import security
from riskmodel.__main__ import main
from riskmodel.domain.errors import NotFoundError, PermissionDenied, ValidationError
from riskmodel.domain.model import ROLES, Actor
from riskmodel.services.users import LOCKOUT, MAX_FAILED_LOGINS, SIGN_IN_REFUSED, User
from riskmodel.store.audit import now_utc

ANNE = Actor(username="anne", display_name="Anne Koordinator", role="koordinator")
REVISOR = Actor(username="rita", display_name="Rita Revisor", role="revisor")
PASSWORD = "langt-kodeord-123"
NEW_PASSWORD = "endnu-længere-kodeord-456"
WRONG = "forkert-kodeord-999"
WRONG_LOGIN = SIGN_IN_REFUSED


@pytest.fixture(autouse=True)
def cheap_scrypt(monkeypatch):
    """scrypt at n=2**8 instead of 2**14 (~85 ms a hash): these tests are about accounts, not
    hashing strength (tests/unit/test_security.py checks the real parameters). The stored
    string carries n, so verification follows."""
    monkeypatch.setattr(security, "N", 2**8)


def add_lene(wb, **overrides) -> int:
    fields = {"username": "lene", "display_name": "Lene Leder", "role": "leder", "email": "Lene@Kommune.dk",
              "departments": ("Borgerservice", "Økonomi"), "password": PASSWORD}
    fields.update(overrides)
    return wb.users.add(ANNE, fields.pop("username"), fields.pop("display_name"), fields.pop("role"), **fields)


@pytest.fixture(scope="module")
def shared(tmp_path_factory, open_copy):
    """One workbench with the account 'lene', for the tests whose calls are all refused (each
    proves that nothing changed), so that their many cases stay fast."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(security, "N", 2**8)
        wb = open_copy(tmp_path_factory.mktemp("users") / "risk.duckdb")
        add_lene(wb)
    yield wb
    wb.db.close()


def db_row(wb, username: str) -> dict:
    with wb.db.read() as cur:
        cur.execute("SELECT * FROM users WHERE username = ?", [username])
        cols = [d[0] for d in cur.description]
        return dict(zip(cols, cur.fetchone(), strict=True))


def last_audit(wb) -> dict:
    row = audit_rows(wb)[-1]
    row["before"] = json.loads(row["before_json"]) if row["before_json"] else None
    row["after"] = json.loads(row["after_json"]) if row["after_json"] else None
    return row


def login_fails(wb, username: str, password: str) -> str:
    with pytest.raises(PermissionDenied) as err:
        wb.users.authenticate(username, password)
    return str(err.value)


# =====================================================================================
# add / list
# =====================================================================================


def test_add_stores_the_user_and_audits_without_the_password(wb):
    uid = add_lene(wb)
    assert isinstance(uid, int)
    [user] = wb.users.list(ANNE)
    assert user == User(id=uid, username="lene", display_name="Lene Leder", email="Lene@Kommune.dk", role="leder",
                        departments=("Borgerservice", "Økonomi"), disabled=False, locked_until=None, last_login=None,
                        version=1)
    row = db_row(wb, "lene")
    assert row["password_hash"].startswith("scrypt$")
    assert (row["failed_logins"], row["updated_by"]) == (0, "anne")

    a = last_audit(wb)
    assert (a["actor"], a["action"], a["entity"], a["entity_id"], a["before"]) == ("anne", "create", "users", "lene", None)
    assert a["after"] == {"username": "lene", "display_name": "Lene Leder", "email": "Lene@Kommune.dk", "role": "leder",
                          "departments": ["Borgerservice", "Økonomi"], "updated_by": "anne", "password": True}


def test_username_is_trimmed_and_lower_cased(wb):
    wb.users.add(ANNE, "  Lene.Leder_1-x@Kommune.DK ", "Lene", "leder", password=PASSWORD)
    assert [u.username for u in wb.users.list(ANNE)] == ["lene.leder_1-x@kommune.dk"]
    assert wb.users.get("LENE.LEDER_1-X@KOMMUNE.DK").display_name == "Lene"


def test_danish_letters_are_allowed_in_a_username(wb):
    wb.users.add(ANNE, "søren.æbeløe", "Søren Æbeløe", "revisor")
    assert wb.users.get("søren.æbeløe").display_name == "Søren Æbeløe"


def test_list_is_sorted_by_username(wb):
    for name in ("cecilie", "anders", "bent"):
        wb.users.add(ANNE, name, name.title(), "udvalgsmedlem")
    assert [u.username for u in wb.users.list(ANNE)] == ["anders", "bent", "cecilie"]
    assert wb.users.count() == 3


def test_a_user_without_password_is_for_single_sign_on(wb):
    add_lene(wb, password=None)
    assert db_row(wb, "lene")["password_hash"] is None
    assert last_audit(wb)["after"]["password"] is False
    assert login_fails(wb, "lene", "") == WRONG_LOGIN
    assert login_fails(wb, "lene", PASSWORD) == WRONG_LOGIN


BAD_USERNAMES = [
    ("lene leder", "^Brugernavn må kun indeholde bogstaver, tal og . _ - @$"),
    ("lene/leder", "^Brugernavn må kun indeholde bogstaver, tal og . _ - @$"),
    ("lene;drop", "^Brugernavn må kun indeholde bogstaver, tal og . _ - @$"),
    ("lene'--", "^Brugernavn må kun indeholde bogstaver, tal og . _ - @$"),
    ("lene\tx", "^Brugernavn må kun indeholde bogstaver, tal og . _ - @$"),
    ("", "^Brugernavn skal udfyldes$"),
    ("   ", "^Brugernavn skal udfyldes$"),
    ("l" * 81, r"^Brugernavn er for lang \(81 tegn, højst 80\)$"),
    ("lene\x1b", "^Brugernavn indeholder ugyldige kontroltegn$"),
]


@pytest.mark.parametrize(("username", "message"), BAD_USERNAMES, ids=[repr(u)[:20] for u, _ in BAD_USERNAMES])
def test_add_refuses_a_bad_username(shared, username, message):
    wb = shared
    before = table_digest(wb)
    with pytest.raises(ValidationError, match=message):
        wb.users.add(ANNE, username, "Lene Leder", "leder", password=PASSWORD)
    assert table_digest(wb) == before  # not even an audit row


def test_add_refuses_a_duplicate_username_whatever_its_case(wb):
    add_lene(wb)
    before = table_digest(wb)
    for name in ("lene", "LENE", " Lene "):
        with pytest.raises(ValidationError, match="^Brugernavnet 'lene' er allerede i brug$"):
            wb.users.add(ANNE, name, "En anden Lene", "revisor", password=PASSWORD)
    assert table_digest(wb) == before


def test_add_refuses_an_unknown_role(shared):
    wb = shared
    before = table_digest(wb)
    with pytest.raises(ValidationError) as err:
        wb.users.add(ANNE, "lene", "Lene", "chef", password=PASSWORD)
    assert str(err.value) == f"Rolle: 'chef' er ikke en gyldig rolle ({', '.join(ROLES)})"
    assert err.value.field == "role"
    assert table_digest(wb) == before


@pytest.mark.parametrize("password", ["", "kort", "123456789"])
def test_add_refuses_a_short_password(shared, password):
    wb = shared
    before = table_digest(wb)
    with pytest.raises(ValidationError, match="^Adgangskoden skal være mindst 12 tegn$"):
        add_lene(wb, username="ny", password=password)
    assert table_digest(wb) == before


def test_add_refuses_a_missing_name_and_a_blank_department(shared):
    wb = shared
    before = table_digest(wb)
    with pytest.raises(ValidationError, match="^Navn skal udfyldes$"):
        add_lene(wb, username="ny", display_name="  ")
    with pytest.raises(ValidationError, match="^Afdeling skal udfyldes$"):
        add_lene(wb, username="ny", departments=["Borgerservice", " "])
    assert table_digest(wb) == before


# =====================================================================================
# set_role / set_disabled / set_password
# =====================================================================================


def test_set_role_replaces_the_departments(wb):
    add_lene(wb)
    wb.users.set_role(ANNE, "lene", "leder", ["Teknik og Miljø"])
    user = wb.users.get("lene")
    assert (user.role, user.departments, user.version) == ("leder", ("Teknik og Miljø",), 2)
    a = last_audit(wb)
    assert (a["actor"], a["action"], a["entity_id"]) == ("anne", "set_role", "lene")
    assert a["before"] == {"role": "leder", "departments": ["Borgerservice", "Økonomi"]}
    assert a["after"] == {"role": "leder", "departments": ["Teknik og Miljø"]}
    assert wb.users.authenticate("lene", PASSWORD).departments == ("Teknik og Miljø",)


def test_set_role_without_departments_keeps_them_and_an_empty_list_clears_them(wb):
    add_lene(wb)
    wb.users.set_role(ANNE, "lene", "udvalgsformand")
    assert (wb.users.get("lene").role, wb.users.get("lene").departments) == ("udvalgsformand", ("Borgerservice", "Økonomi"))
    wb.users.set_role(ANNE, "LENE", "revisor", [])
    assert (wb.users.get("lene").role, wb.users.get("lene").departments) == ("revisor", ())


def test_set_role_refuses_an_unknown_role_and_an_unknown_user(wb):
    add_lene(wb)
    before = table_digest(wb)
    with pytest.raises(ValidationError, match="^Rolle: 'admin' er ikke en gyldig rolle"):
        wb.users.set_role(ANNE, "lene", "admin")
    with pytest.raises(NotFoundError, match="^Brugeren 'ukendt' findes ikke$"):
        wb.users.set_role(ANNE, "ukendt", "revisor")
    assert table_digest(wb) == before


def test_disable_and_enable(wb):
    add_lene(wb)
    wb.users.set_disabled(ANNE, "lene", True)
    assert wb.users.get("lene").disabled is True
    assert (last_audit(wb)["action"], last_audit(wb)["before"], last_audit(wb)["after"]) == (
        "disable", {"disabled": False}, {"disabled": True})
    assert login_fails(wb, "lene", PASSWORD) == WRONG_LOGIN
    wb.users.set_disabled(ANNE, "lene", False)
    assert last_audit(wb)["action"] == "enable"
    assert wb.users.authenticate("lene", PASSWORD).username == "lene"


def test_a_coordinator_cannot_disable_themself(wb):
    wb.users.add(ANNE, "anne", "Anne Koordinator", "koordinator", password=PASSWORD)
    before = table_digest(wb)
    for name in ("anne", " ANNE "):
        with pytest.raises(ValidationError, match="^Du kan ikke spærre din egen konto$"):
            wb.users.set_disabled(ANNE, name, True)
    assert table_digest(wb) == before
    wb.users.set_disabled(ANNE, "anne", False)  # enabling oneself is harmless
    assert wb.users.get("anne").disabled is False


def test_set_password_replaces_the_old_one(wb):
    add_lene(wb)
    old_hash = db_row(wb, "lene")["password_hash"]
    wb.users.set_password(ANNE, "lene", NEW_PASSWORD)
    assert db_row(wb, "lene")["password_hash"] != old_hash
    a = last_audit(wb)
    assert (a["actor"], a["action"], a["entity_id"], a["before"], a["after"]) == (
        "anne", "set_password", "lene", {}, {"password": "ændret"})
    assert login_fails(wb, "lene", PASSWORD) == WRONG_LOGIN
    assert wb.users.authenticate("lene", NEW_PASSWORD).username == "lene"


def test_set_password_refuses_a_short_password_and_an_unknown_user(wb):
    add_lene(wb)
    before = table_digest(wb)
    with pytest.raises(ValidationError, match="^Adgangskoden skal være mindst 12 tegn$"):
        wb.users.set_password(ANNE, "lene", "kort")
    with pytest.raises(NotFoundError, match="^Brugeren 'ukendt' findes ikke$"):
        wb.users.set_password(ANNE, "ukendt", NEW_PASSWORD)
    assert table_digest(wb) == before


def test_access_is_checked_before_the_input(wb):
    """A refused caller is refused (and audited), whatever input they sent: never a validation
    error that tells them about the input or the accounts."""
    add_lene(wb)
    attempts = [
        lambda: wb.users.set_password(REVISOR, "lene", "kort"),
        lambda: wb.users.set_role(REVISOR, "lene", "admin"),
        lambda: wb.users.set_disabled(REVISOR, "rita", True),  # their own account
        lambda: wb.users.add(REVISOR, "ny bruger", "Ny", "chef"),
        lambda: wb.users.list(REVISOR),
    ]
    before = data_digest(wb)
    n = len(audit_rows(wb, action="denied"))
    for attempt in attempts:
        with pytest.raises(PermissionDenied, match=r"^Rita Revisor \(Revisor\) har ikke adgang til at administrere brugere$"):
            attempt()
    assert data_digest(wb) == before
    assert len(audit_rows(wb, action="denied", actor="rita")) == n + len(attempts)


# =====================================================================================
# authenticate
# =====================================================================================


def test_right_password_returns_the_actor(wb):
    add_lene(wb)
    actor = wb.users.authenticate("lene", PASSWORD)
    assert actor == Actor(username="lene", display_name="Lene Leder", role="leder",
                          departments=("Borgerservice", "Økonomi"))
    assert isinstance(actor.departments, tuple)
    assert db_row(wb, "lene")["last_login"] is not None
    a = last_audit(wb)
    assert (a["actor"], a["action"], a["entity"], a["entity_id"]) == ("lene", "login", "users", "lene")


def test_sign_in_name_is_case_insensitive_but_the_password_is_not(wb):
    add_lene(wb)
    assert wb.users.authenticate("  LENE ", PASSWORD).username == "lene"
    assert login_fails(wb, "lene", PASSWORD.upper()) == WRONG_LOGIN


def test_wrong_password_is_refused_counted_and_audited(wb):
    add_lene(wb)
    before = data_digest(wb)
    assert login_fails(wb, "lene", WRONG) == WRONG_LOGIN
    assert db_row(wb, "lene")["failed_logins"] == 1
    a = last_audit(wb)
    assert (a["actor"], a["action"], a["entity"], a["entity_id"]) == ("lene", "login_failed", "users", "lene")
    assert a["after"] == {"failed_logins": 1, "locked": False}
    # the refusal is audited once, by authenticate itself, not a second time as a 'denied' call
    assert audit_rows(wb, action="denied") == []
    changed = data_digest(wb)
    assert {t for t in before if before[t] != changed[t]} == {"users"}  # only the counter moved


def test_a_successful_sign_in_resets_the_failure_count(wb):
    add_lene(wb)
    for _ in range(MAX_FAILED_LOGINS - 1):
        login_fails(wb, "lene", WRONG)
    assert db_row(wb, "lene")["failed_logins"] == MAX_FAILED_LOGINS - 1
    wb.users.authenticate("lene", PASSWORD)
    assert db_row(wb, "lene")["failed_logins"] == 0
    login_fails(wb, "lene", WRONG)  # a fresh count: one more failure does not lock
    assert (db_row(wb, "lene")["failed_logins"], db_row(wb, "lene")["locked_until"]) == (1, None)


def test_five_failures_lock_the_account_for_fifteen_minutes(wb):
    add_lene(wb)
    assert (MAX_FAILED_LOGINS, LOCKOUT) == (5, timedelta(minutes=15))
    for _ in range(4):
        assert login_fails(wb, "lene", WRONG) == WRONG_LOGIN
    started = now_utc()
    fifth = login_fails(wb, "lene", WRONG)
    assert fifth == WRONG_LOGIN  # locking says nothing an unknown name would not get too
    row = db_row(wb, "lene")
    assert row["locked_until"] is not None
    assert timedelta(minutes=14, seconds=59) < row["locked_until"] - started <= timedelta(minutes=15, seconds=5)
    assert last_audit(wb)["after"] == {"failed_logins": 5, "locked": True}

    # While locked, even the right password is refused, with the one message for every refusal.
    assert login_fails(wb, "lene", PASSWORD) == WRONG_LOGIN
    a = last_audit(wb)
    assert (a["actor"], a["action"], a["after"]) == ("lene", "login_refused", {"reason": "låst", "password_ok": True})
    assert login_fails(wb, "lene", WRONG) == WRONG_LOGIN
    assert db_row(wb, "lene")["locked_until"] == row["locked_until"]  # attempts while locked do not extend it


def test_the_lock_expires(wb):
    add_lene(wb)
    for _ in range(MAX_FAILED_LOGINS):
        login_fails(wb, "lene", WRONG)
    assert login_fails(wb, "lene", PASSWORD) == WRONG_LOGIN
    # Fifteen minutes pass.
    with wb.db.transaction() as cur:
        cur.execute("UPDATE users SET locked_until = ? WHERE username = 'lene'", [now_utc() - timedelta(seconds=1)])
    assert wb.users.authenticate("lene", PASSWORD).username == "lene"
    row = db_row(wb, "lene")
    assert (row["failed_logins"], row["locked_until"]) == (0, None)


def test_a_new_password_from_the_coordinator_unlocks(wb):
    add_lene(wb)
    for _ in range(MAX_FAILED_LOGINS):
        login_fails(wb, "lene", WRONG)
    wb.users.set_password(ANNE, "lene", NEW_PASSWORD)
    row = db_row(wb, "lene")
    assert (row["failed_logins"], row["locked_until"]) == (0, None)
    assert wb.users.authenticate("lene", NEW_PASSWORD).username == "lene"


def test_a_disabled_user_is_refused_like_a_wrong_password(wb):
    add_lene(wb)
    wb.users.set_disabled(ANNE, "lene", True)
    assert login_fails(wb, "lene", PASSWORD) == WRONG_LOGIN
    a = last_audit(wb)
    assert (a["action"], a["entity_id"]) == ("login_failed", "lene")
    assert db_row(wb, "lene")["last_login"] is None


@pytest.mark.parametrize("username", ["ukendt", "", "   ", "lene leder", "x" * 500])
def test_an_unknown_user_is_refused_with_the_same_message(shared, username):
    """No user enumeration: an unknown name reads exactly like a wrong password."""
    wb = shared
    n = len(audit_rows(wb, action="login_failed"))
    assert login_fails(wb, username, PASSWORD) == WRONG_LOGIN
    assert login_fails(wb, "lene", WRONG) == WRONG_LOGIN
    failed = audit_rows(wb, action="login_failed")
    assert len(failed) == n + 2
    assert failed[-2]["entity_id"] == username.strip().lower()
    assert wb.users.count() == 1  # nothing created for the unknown name
    wb.users.authenticate("lene", PASSWORD)  # resets lene's failure count for the next case


def _refusal_cases(wb):
    """(case, username, password) of every kind of refusal: an unknown name, a wrong password, a disabled
    account, an account made without a password (single sign-on only), a locked account with the right
    password and with a wrong one."""
    add_lene(wb)
    wb.users.add(ANNE, "dorte", "Dorte", "deltager", password=PASSWORD)
    wb.users.set_disabled(ANNE, "dorte", True)
    wb.users.add(ANNE, "sso", "Sso Bruger", "revisor", email="sso@kommune.dk")
    wb.users.add(ANNE, "kim", "Kim Koordinator", "koordinator", password=PASSWORD)
    for _ in range(MAX_FAILED_LOGINS):
        login_fails(wb, "kim", WRONG)
    return [("ukendt", "ukendt", PASSWORD), ("forkert", "lene", WRONG), ("spærret", "dorte", PASSWORD),
            ("uden adgangskode", "sso", PASSWORD), ("låst, rigtig", "kim", PASSWORD), ("låst, forkert", "kim", WRONG)]


def test_every_refusal_costs_the_same_password_check(wb, monkeypatch):
    """No enumeration by timing: every refusal runs scrypt once, with the same cost parameters as a real
    account's hash (constant work), whether the name is unknown, disabled, passwordless or locked."""
    cases = _refusal_cases(wb)
    real_params = db_row(wb, "lene")["password_hash"].split("$")[:4]
    calls = []
    real = users_module.verify_password
    monkeypatch.setattr(users_module, "verify_password", lambda pw, stored: calls.append(stored) or real(pw, stored))
    for case, name, password in cases:
        calls.clear()
        login_fails(wb, name, password)
        assert len(calls) == 1, case
        assert calls[0].split("$")[:4] == real_params, case


def test_every_refusal_reads_the_same(wb):
    """No enumeration by the answer: one message for all, and locking an account (or a name that does
    not exist) changes nothing in what the next attempt says."""
    cases = _refusal_cases(wb)
    assert {login_fails(wb, name, password) for _, name, password in cases} == {WRONG_LOGIN}
    for _ in range(MAX_FAILED_LOGINS + 2):
        assert login_fails(wb, "findes-ikke", WRONG) == WRONG_LOGIN
        assert login_fails(wb, "lene", WRONG) == WRONG_LOGIN
    assert "låst" not in WRONG_LOGIN.split(",")[0]
    assert WRONG_LOGIN.startswith("Forkert brugernavn eller adgangskode, eller kontoen er midlertidigt låst")


# =====================================================================================
# the audit trail never holds a password or its hash
# =====================================================================================


def test_no_password_or_hash_in_the_audit_log(wb):
    add_lene(wb)
    first_hash = db_row(wb, "lene")["password_hash"]
    wb.users.authenticate("lene", PASSWORD)
    login_fails(wb, "lene", WRONG)
    login_fails(wb, "ukendt", WRONG)
    wb.users.set_password(ANNE, "lene", NEW_PASSWORD)
    second_hash = db_row(wb, "lene")["password_hash"]
    wb.users.set_role(ANNE, "lene", "revisor", [])
    wb.users.set_disabled(ANNE, "lene", True)
    for _ in range(MAX_FAILED_LOGINS + 1):
        login_fails(wb, "ukendt", NEW_PASSWORD)

    rows = audit_rows(wb)
    assert len(rows) > 10
    everything = json.dumps([{k: v for k, v in r.items() if k != "at"} for r in rows], ensure_ascii=False)
    for secret in (first_hash, second_hash, PASSWORD, NEW_PASSWORD, WRONG):
        assert secret not in everything
    for part in (first_hash.split("$")[4:] + second_hash.split("$")[4:]):  # salts and digests alone
        assert part not in everything
    assert "password_hash" not in everything


# =====================================================================================
# by_email (single sign-on)
# =====================================================================================


def test_by_email(wb):
    add_lene(wb)
    wb.users.add(ANNE, "bo", "Bo", "revisor", email="bo@kommune.dk")
    assert wb.users.by_email("lene@kommune.dk").username == "lene"
    assert wb.users.by_email("  LENE@KOMMUNE.DK ").username == "lene"
    assert wb.users.by_email("bo@kommune.dk").role == "revisor"
    assert wb.users.by_email("ukendt@kommune.dk") is None
    wb.users.set_disabled(ANNE, "lene", True)
    assert wb.users.by_email("lene@kommune.dk") is None


def test_by_email_is_none_when_two_users_share_it(wb):
    wb.users.add(ANNE, "bo", "Bo", "revisor", email="fælles@kommune.dk")
    wb.users.add(ANNE, "bo2", "Bo 2", "koordinator", email="Fælles@Kommune.dk")
    assert wb.users.by_email("fælles@kommune.dk") is None


@pytest.mark.parametrize("email", ["", "   "])
def test_a_blank_email_matches_nobody(wb, email):
    """Accounts made without an e-mail (the CLI default) must not match a blank sign-on claim."""
    wb.users.add(ANNE, "admin", "Admin", "koordinator")  # email ''
    assert wb.users.by_email(email) is None


# =====================================================================================
# sign_on (single sign-on, mode 'oidc'): the ID token's claims as Streamlit hands them over
# =====================================================================================
APP = "risikovaerkstedet"
ID = {"iss": "https://idp.kommune.dk", "sub": "lene-sub"}  # who the provider says signed in


def sign_on_refused(wb, claims: dict, client_id: str = APP) -> PermissionDenied:
    with pytest.raises(PermissionDenied) as err:
        wb.users.sign_on(claims, client_id)
    return err.value


def test_sign_on_matches_the_email_and_audits_the_login(wb):
    add_lene(wb, password=None)
    who = wb.users.sign_on({"email": " LENE@kommune.DK", "aud": APP, "iss": "https://idp", "sub": "x"}, APP)
    assert (who.username, who.display_name, who.role, who.departments) == (
        "lene", "Lene Leder", "leder", ("Borgerservice", "Økonomi"))
    assert db_row(wb, "lene")["last_login"] is not None
    a = last_audit(wb)
    assert (a["actor"], a["action"], a["entity"], a["entity_id"], a["after"]) == (
        "LENE@kommune.DK", "login", "users", "lene", {"via": "oidc"})


def test_sign_on_accepts_an_audience_list_that_names_this_app(wb):
    add_lene(wb)
    assert wb.users.sign_on({"email": "lene@kommune.dk", "aud": ["other", APP], **ID}, APP).username == "lene"


@pytest.mark.parametrize("claims", [
    {"email": "lene@kommune.dk", "aud": "another-app", "azp": APP},  # Authlib lets this one through
    {"email": "lene@kommune.dk", "aud": ["another-app"]},
    {"email": "lene@kommune.dk"},
    {"email": "lene@kommune.dk", "aud": ""},
    {"email": "lene@kommune.dk", "aud": APP.upper()},
], ids=["aud-other-azp-us", "aud-list-other", "no-aud", "blank-aud", "aud-other-case"])
def test_sign_on_refuses_a_token_issued_to_another_app(wb, claims):
    add_lene(wb)
    before = table_digest(wb)
    err = sign_on_refused(wb, claims)
    assert err.reason == "audience"
    assert str(err).startswith("Identitetsudbyderens login er ikke udstedt til Risikoværkstedet")
    assert db_row(wb, "lene")["last_login"] is None
    a = last_audit(wb)
    assert (a["action"], a["after"]["reason"]) == ("login_refused", "token til en anden modtager")
    assert {t: h for t, h in table_digest(wb).items() if t != "audit_log"} == {
        t: h for t, h in before.items() if t != "audit_log"}


def test_sign_on_refuses_a_missing_client_id(wb):
    add_lene(wb)
    assert sign_on_refused(wb, {"email": "lene@kommune.dk", "aud": ""}, "").reason == "audience"


@pytest.mark.parametrize("email", ["ukendt@kommune.dk", "", "   ", None])
def test_sign_on_refuses_an_unknown_or_blank_email(wb, email):
    wb.users.add(ANNE, "admin", "Admin", "koordinator")  # email '': a blank claim must not match it
    err = sign_on_refused(wb, {"email": email, "aud": APP, **ID})
    assert err.reason == "unknown"
    assert "er ikke oprettet som bruger af Risikoværkstedet" in str(err)
    a = last_audit(wb)
    assert (a["action"], a["after"]) == ("login_failed", {"via": "oidc", "reason": "ukendt e-mail"})


def test_sign_on_refuses_a_disabled_user_and_a_shared_email(wb):
    add_lene(wb)
    wb.users.set_disabled(ANNE, "lene", True)
    assert sign_on_refused(wb, {"email": "lene@kommune.dk", "aud": APP, **ID}).reason == "unknown"
    wb.users.add(ANNE, "bo", "Bo", "revisor", email="fælles@kommune.dk")
    wb.users.add(ANNE, "bo2", "Bo 2", "koordinator", email="Fælles@Kommune.dk")
    assert sign_on_refused(wb, {"email": "fælles@kommune.dk", "aud": APP, **ID}).reason == "unknown"


def test_the_first_sign_on_binds_the_account_to_the_persons_identity(wb):
    add_lene(wb, password=None)
    wb.users.sign_on({"email": "lene@kommune.dk", "aud": APP, **ID}, APP)
    assert db_row(wb, "lene")["oidc_subject"] == "https://idp.kommune.dk|lene-sub"
    bound = [r for r in audit_rows(wb) if r["action"] == "bind_subject"]
    assert len(bound) == 1 and json.loads(bound[0]["after_json"]) == {"oidc_subject": "https://idp.kommune.dk|lene-sub"}
    # The same person again: in, nothing new to bind.
    assert wb.users.sign_on({"email": "lene@kommune.dk", "aud": APP, **ID}, APP).username == "lene"
    assert len([r for r in audit_rows(wb) if r["action"] == "bind_subject"]) == 1
    assert verify_audit(wb).ok


def test_a_reassigned_email_cannot_take_over_the_account(wb):
    """The provider gives lene@kommune.dk to someone else (another subject): refused, in Danish, audited."""
    add_lene(wb, password=None)
    wb.users.sign_on({"email": "lene@kommune.dk", "aud": APP, **ID}, APP)
    seen = db_row(wb, "lene")["last_login"]
    err = sign_on_refused(wb, {"email": "lene@kommune.dk", "aud": APP, "iss": ID["iss"], "sub": "ny-person"})
    assert err.reason == "subject"
    assert str(err).startswith("Kontoen for lene@kommune.dk er knyttet til en anden person hos kommunens "
                               "identitetsudbyder")
    assert db_row(wb, "lene")["last_login"] == seen
    a = last_audit(wb)
    assert (a["action"], a["entity_id"], a["after"]["reason"]) == (
        "login_refused", "lene", "e-mailen tilhører en anden identitet")
    # The same subject from another issuer is another identity too.
    assert sign_on_refused(wb, {"email": "lene@kommune.dk", "aud": APP, "iss": "https://evil", "sub": "lene-sub"}
                           ).reason == "subject"


def test_entra_ids_tenant_and_object_id_name_the_person_whatever_the_email(wb):
    add_lene(wb, password=None)
    entra = {"tid": "tenant-1", "oid": "object-9", "iss": "https://login.microsoftonline.com/tenant-1/v2.0",
             "sub": "pairwise-for-this-app"}
    wb.users.sign_on({"email": "lene@kommune.dk", "aud": APP, **entra}, APP)
    assert db_row(wb, "lene")["oidc_subject"] == "entra:tenant-1:object-9"
    # Renamed at the provider: the identity, not the e-mail, finds the account.
    assert wb.users.sign_on({"email": "lene.leder@kommune.dk", "aud": APP, **entra}, APP).username == "lene"
    assert sign_on_refused(wb, {"email": "lene@kommune.dk", "aud": APP, **entra, "oid": "object-10"}).reason == "subject"


def test_a_token_that_names_no_identity_is_refused(wb):
    add_lene(wb, password=None)
    err = sign_on_refused(wb, {"email": "lene@kommune.dk", "aud": APP, "sub": "x"})
    assert err.reason == "subject" and "claims 'iss' og 'sub'" in str(err)
    assert db_row(wb, "lene")["oidc_subject"] is None


def test_unbind_sso_on_the_command_line(db_path, capsys):
    from riskmodel.services import open_workbench

    wb = open_workbench(db_path)
    try:
        add_lene(wb, password=None)
        wb.users.sign_on({"email": "lene@kommune.dk", "aud": APP, **ID}, APP)
    finally:
        wb.db.close()
    assert main(["users", "unbind-sso", "--db", str(db_path), "lene"]) in (0, None)
    assert "ikke længere knyttet til en identitet" in capsys.readouterr().out
    with duckdb.connect(str(db_path), read_only=True) as conn:
        assert conn.execute("SELECT oidc_subject FROM users WHERE username = 'lene'").fetchone() == (None,)


def test_the_coordinator_can_unbind_an_account(wb):
    add_lene(wb, password=None)
    wb.users.sign_on({"email": "lene@kommune.dk", "aud": APP, **ID}, APP)
    with pytest.raises(PermissionDenied):
        wb.users.unbind_sign_on(Actor(username="lene", display_name="Lene Leder", role="leder"), "lene")
    wb.users.unbind_sign_on(ANNE, "lene")
    assert db_row(wb, "lene")["oidc_subject"] is None
    wb.users.sign_on({"email": "lene@kommune.dk", "aud": APP, "iss": ID["iss"], "sub": "ny-konto"}, APP)
    assert db_row(wb, "lene")["oidc_subject"] == "https://idp.kommune.dk|ny-konto"
    assert verify_audit(wb).ok


# =====================================================================================
# the command line
# =====================================================================================


def _cli_file(path, open_copy):
    wb = open_copy(path)
    wb.users.add(ANNE, "eksisterer", "Eks Isterer", "revisor", password=PASSWORD)
    wb.db.close()
    return path


@pytest.fixture
def cli_db(db_path, open_copy):
    """A seeded database file with one account, 'eksisterer', that no workbench holds open
    (main() opens and closes the file itself)."""
    return _cli_file(db_path, open_copy)


@pytest.fixture(scope="module")
def cli_db_shared(tmp_path_factory, open_copy):
    """The same, shared by the refused commands (each proves the file unchanged)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(security, "N", 2**8)
        return _cli_file(tmp_path_factory.mktemp("cli") / "risk.duckdb", open_copy)


def file_digest(path) -> dict[str, str]:
    with duckdb.connect(str(path)) as conn:
        return table_digest(conn)


def run(cli_db, monkeypatch, capsys, *argv: str, stdin: str | None = None) -> tuple[int, str, str]:
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main([*argv[:2], "--db", str(cli_db), *argv[2:]])
    out, err = capsys.readouterr()
    return code, out, err


def _open(path):
    from riskmodel.services import open_workbench

    return open_workbench(path)


def test_cli_users_add_and_list(cli_db, monkeypatch, capsys):
    code, out, err = run(cli_db, monkeypatch, capsys, "users", "add", "Lene", "--name", "Lene Leder", "--role", "leder",
                         "--email", "lene@kommune.dk", "--department", "Borgerservice", "--department", "Økonomi",
                         "--password-stdin", stdin=f"{PASSWORD}\n")
    assert (code, out, err) == (0, "Brugeren lene er oprettet som leder.\n", "")
    code, out, err = run(cli_db, monkeypatch, capsys, "users", "add", "rita", "--name", "Rita Revisor", "--role",
                         "revisor", "--no-password")
    assert (code, out) == (0, "Brugeren rita er oprettet som revisor.\n")

    code, out, err = run(cli_db, monkeypatch, capsys, "users", "list")
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 3  # sorted by username
    assert lines[0].split()[:3] == ["eksisterer", "revisor", "aktiv"]
    assert lines[1].split()[:3] == ["lene", "leder", "aktiv"]
    assert lines[1].endswith("Lene Leder <lene@kommune.dk> [Borgerservice, Økonomi]")
    assert lines[2].split()[:3] == ["rita", "revisor", "aktiv"]
    assert lines[2].endswith("Rita Revisor <> [-]")

    wb = _open(cli_db)
    try:
        assert wb.users.authenticate("lene", PASSWORD).departments == ("Borgerservice", "Økonomi")
        created = audit_rows(wb, action="create", entity="users")
        assert [r["actor"] for r in created] == ["anne", "kommandolinje", "kommandolinje"]  # anne: the fixture
    finally:
        wb.db.close()


def test_cli_disable_enable_set_password_set_role(cli_db, monkeypatch, capsys):
    assert run(cli_db, monkeypatch, capsys, "users", "add", "lene", "--name", "Lene Leder", "--role", "leder",
               "--department", "Borgerservice", "--password-stdin", stdin=f"{PASSWORD}\n")[0] == 0

    assert run(cli_db, monkeypatch, capsys, "users", "disable", "lene") == (0, "Brugeren lene er spærret.\n", "")
    code, out, _ = run(cli_db, monkeypatch, capsys, "users", "list")
    assert out.splitlines()[1].split()[:3] == ["lene", "leder", "spærret"]
    assert run(cli_db, monkeypatch, capsys, "users", "enable", "lene") == (0, "Brugeren lene er genåbnet.\n", "")

    assert run(cli_db, monkeypatch, capsys, "users", "set-password", "lene", "--password-stdin",
               stdin=f"{NEW_PASSWORD}\n") == (0, "Ny adgangskode sat for lene.\n", "")

    assert run(cli_db, monkeypatch, capsys, "users", "set-role", "lene", "--role", "leder", "--department",
               "Teknik og Miljø") == (0, "lene har nu rollen leder.\n", "")
    assert run(cli_db, monkeypatch, capsys, "users", "set-role", "lene", "--role", "udvalgsformand") == (
        0, "lene har nu rollen udvalgsformand.\n", "")

    wb = _open(cli_db)
    try:
        actor = wb.users.authenticate("lene", NEW_PASSWORD)
        assert (actor.role, actor.departments) == ("udvalgsformand", ("Teknik og Miljø",))  # kept without --department
        with pytest.raises(PermissionDenied):
            wb.users.authenticate("lene", PASSWORD)
        actions = [r["action"] for r in audit_rows(wb, actor="kommandolinje")]
        assert actions == ["create", "disable", "enable", "set_password", "set_role", "set_role"]
    finally:
        wb.db.close()


CLI_ERRORS = [
    (("users", "add", "lene", "--name", "L", "--role", "leder", "--password-stdin"), "kort\n",
     "Fejl: Adgangskoden skal være mindst 12 tegn"),
    (("users", "add", "lene leder", "--name", "L", "--role", "leder", "--no-password"), None,
     "Fejl: Brugernavn må kun indeholde bogstaver, tal og . _ - @"),
    (("users", "add", "eksisterer", "--name", "L", "--role", "leder", "--no-password"), None,
     "Fejl: Brugernavnet 'eksisterer' er allerede i brug"),
    (("users", "add", "lene", "--name", " ", "--role", "leder", "--no-password"), None, "Fejl: Navn skal udfyldes"),
    (("users", "disable", "ukendt"), None, "Fejl: Brugeren 'ukendt' findes ikke"),
    (("users", "enable", "ukendt"), None, "Fejl: Brugeren 'ukendt' findes ikke"),
    (("users", "set-password", "ukendt", "--password-stdin"), f"{NEW_PASSWORD}\n", "Fejl: Brugeren 'ukendt' findes ikke"),
    (("users", "set-password", "eksisterer", "--password-stdin"), "kort\n", "Fejl: Adgangskoden skal være mindst 12 tegn"),
    (("users", "set-role", "ukendt", "--role", "revisor"), None, "Fejl: Brugeren 'ukendt' findes ikke"),
]


@pytest.mark.parametrize(("argv", "stdin", "message"), CLI_ERRORS, ids=[" ".join(a[:3]) + f" {i}" for i, (a, _, _) in
                                                                     enumerate(CLI_ERRORS)])
def test_cli_bad_input_returns_2_with_a_danish_error(cli_db_shared, monkeypatch, capsys, argv, stdin, message):
    cli_db = cli_db_shared
    before = file_digest(cli_db)
    code, out, err = run(cli_db, monkeypatch, capsys, *argv, stdin=stdin)
    assert (code, out) == (2, "")
    assert err.strip() == message
    assert file_digest(cli_db) == before


def test_cli_unknown_role_is_an_argparse_usage_error(cli_db, monkeypatch, capsys):
    """The role is checked by argparse (choices): exit status 2 via SystemExit, with the usage text."""
    with pytest.raises(SystemExit) as exc:
        main(["users", "add", "--db", str(cli_db), "lene", "--name", "L", "--role", "chef", "--no-password"])
    assert exc.value.code == 2
    assert "chef" in capsys.readouterr().err


def test_names_of_people_are_for_those_who_may_read_not_for_workshop_guests(wb):
    """Pages show who did something by name (never by username); the list of every account's name is itself
    data: a participant or an unknown role gets a refusal, not the list."""
    from riskmodel.domain.errors import PermissionDenied
    from riskmodel.domain.model import LOCAL_ACTOR, Actor

    assert isinstance(wb.users.display_names(LOCAL_ACTOR), dict)
    with pytest.raises(PermissionDenied):
        wb.users.display_names(Actor(username="gæst", display_name="Gæst", role="deltager"))
