"""Password hashing (riskmodel/security.py): scrypt with a random salt, constant-time checks,
and a malformed stored value is a failed check, never an exception."""

from __future__ import annotations

import pytest

from riskmodel import security
from riskmodel.security import MIN_PASSWORD_LENGTH, hash_password, password_problem, verify_password

PASSWORD = "langt-kodeord-123"
CHEAP_N = 2**8


@pytest.fixture(scope="module")
def real() -> str:
    """A hash with the real parameters (about 0.1 s to make or check)."""
    return hash_password(PASSWORD)


@pytest.fixture(scope="module")
def stored() -> str:
    """A hash with a cheap n, for the many cases about the stored form rather than its cost:
    the stored string carries n, so verifying follows it."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(security, "N", CHEAP_N)
        return hash_password(PASSWORD)


def test_round_trip(real, stored):
    assert verify_password(PASSWORD, real) is True
    assert verify_password("langt-kodeord-124", real) is False
    assert verify_password(PASSWORD, stored) is True


def test_stored_form_names_the_scheme_and_its_parameters(real, stored):
    scheme, n, r, p, salt_hex, hash_hex = real.split("$")
    assert (scheme, n, r, p) == ("scrypt", str(2**14), "8", "1")
    assert stored.split("$")[1] == str(CHEAP_N)
    assert len(bytes.fromhex(salt_hex)) == 16
    assert len(bytes.fromhex(hash_hex)) == 32
    assert PASSWORD not in stored


def test_the_same_password_gets_a_new_salt_each_time(stored, monkeypatch):
    monkeypatch.setattr(security, "N", CHEAP_N)
    again = hash_password(PASSWORD)
    assert again != stored
    assert again.split("$")[4] != stored.split("$")[4]  # the salt
    assert again.split("$")[5] != stored.split("$")[5]  # hence the hash
    assert verify_password(PASSWORD, again) and verify_password(PASSWORD, stored)


@pytest.mark.parametrize(
    "attempt",
    ["langt-kodeord-124", "LANGT-KODEORD-123", "langt-kodeord-123 ", " langt-kodeord-123", "", "langt-kodeord-12"],
)
def test_wrong_password_is_false(stored, attempt):
    assert verify_password(attempt, stored) is False


def test_danish_letters_round_trip(monkeypatch):
    monkeypatch.setattr(security, "N", CHEAP_N)
    stored = hash_password("rødgrød med fløde æøå")
    assert verify_password("rødgrød med fløde æøå", stored)
    assert not verify_password("rodgrod med flode aoa", stored)


def _with(stored: str, index: int, value: str) -> str:
    parts = stored.split("$")
    parts[index] = value
    return "$".join(parts)


MALFORMED = {
    "none": lambda s: None,
    "empty": lambda s: "",
    "plain text": lambda s: PASSWORD,
    "too few parts": lambda s: "scrypt$16384$8$1$abcd",
    "too many parts": lambda s: s + "$00",
    "other scheme": lambda s: _with(s, 0, "bcrypt"),
    "n not a number": lambda s: _with(s, 1, "mange"),
    "n not a power of two": lambda s: _with(s, 1, "1000"),
    "n zero": lambda s: _with(s, 1, "0"),
    "n absurdly large": lambda s: _with(s, 1, str(2**80)),
    "r zero": lambda s: _with(s, 2, "0"),
    "p negative": lambda s: _with(s, 3, "-1"),
    "salt not hex": lambda s: _with(s, 4, "zz"),
    "hash not hex": lambda s: _with(s, 5, "xyz"),
    "hash odd length": lambda s: _with(s, 5, s.split("$")[5][:-1]),
    "hash empty": lambda s: _with(s, 5, ""),
    "hash truncated": lambda s: _with(s, 5, s.split("$")[5][:32]),
    "hash upper case": lambda s: _with(s, 5, s.split("$")[5].upper()),
    # compare_digest refuses non-ASCII str with a TypeError: it must not reach the caller
    "hash non-ascii": lambda s: _with(s, 5, "æ" * 64),
    "salt non-ascii": lambda s: _with(s, 4, "ø" * 32),
}


# Not malformed after all: the stored string is trusted for its parameters (n, r, p and the
# hash length), as it must be for hashes made with other parameters to keep working.
STILL_MATCHES = {
    "hash upper case": "bytes.fromhex reads upper-case hex: the same digest",
    "hash truncated": "scrypt's output for a shorter length is a prefix of the longer one",
}


@pytest.mark.parametrize("name", list(MALFORMED))
def test_malformed_stored_value_is_false_not_an_exception(stored, name):
    bad = MALFORMED[name](stored)
    result = verify_password(PASSWORD, bad)
    if name in STILL_MATCHES:
        assert result is True, STILL_MATCHES[name]
    else:
        assert result is False


def test_a_stored_value_that_is_not_a_string_is_false(stored):
    assert verify_password(PASSWORD, stored.encode()) is False  # type: ignore[arg-type]
    assert verify_password(PASSWORD, 42) is False  # type: ignore[arg-type]


# -- password_problem ------------------------------------------------------------------


def test_minimum_length_is_twelve():
    assert MIN_PASSWORD_LENGTH == 12  # OWASP ASVS 2.1.1


@pytest.mark.parametrize("password", ["", "a", "12345678901", "elleve-tegn", "æøåæøåæøåæø"])
def test_short_password_is_refused_in_danish(password):
    assert password_problem(password) == "Adgangskoden skal være mindst 12 tegn"


@pytest.mark.parametrize("password", ["langt-kodeord-123", "korrekt-hest-batteri", "rødgrød med fløde æøå",
                                      "e2e-adgangskode-42", "endnu-længere-kodeord-456"])
def test_a_long_hard_to_guess_password_is_accepted(password):
    assert password_problem(password) is None


@pytest.mark.parametrize(("password", "advice"), [
    ("123456789012", "undgå almindelige ord, navne og kendte adgangskoder"),
    ("aaaaaaaaaaaa", "undgå gentagelser som aaa eller abcabc"),
    ("abcdefghijklmnop", "undgå rækkefølger som 1234 eller abcd"),
    ("qwertyuiopasdf", "undgå almindelige ord, navne og kendte adgangskoder"),  # zxcvbn knows these as words
    ("password1234", "undgå almindelige ord, navne og kendte adgangskoder"),
    ("Risikoværkstedet2026", "undgå almindelige ord, navne og kendte adgangskoder"),
])
def test_an_easily_guessed_password_is_refused_with_danish_advice(password, advice):
    problem = password_problem(password)
    assert problem.startswith("Adgangskoden er for let at gætte (styrke ")
    assert "af 4, der kræves mindst 3)" in problem
    assert advice in problem
    assert problem.endswith("Brug fx tre-fire tilfældige ord med bindestreg imellem")


def test_the_probes_password_is_refused():
    """Issue 16 (Low #8): '1234567890' was accepted: it is too short now, and too easy at any length."""
    assert password_problem("1234567890") == "Adgangskoden skal være mindst 12 tegn"
    assert password_problem("123456789012").startswith("Adgangskoden er for let at gætte")


def test_the_persons_own_name_counts_as_guessable():
    password = "kirstensenhansen"
    assert password_problem(password) is None
    assert password_problem(password, ("akh", "Anne Kirstensen Hansen", "akh@kommune.dk")).startswith(
        "Adgangskoden er for let at gætte")


@pytest.mark.parametrize("password", [" langt-kodeord", "langt-kodeord ", "langt-kodeord\n", "\tlangt-kodeord"])
def test_leading_or_trailing_whitespace_is_refused(password):
    assert password_problem(password) == "Adgangskoden må ikke begynde eller slutte med mellemrum"
