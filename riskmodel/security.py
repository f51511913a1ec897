"""Password hashing with scrypt (Python's standard library) and password strength (zxcvbn).

Stored form: ``scrypt$n$r$p$salt_hex$hash_hex``. Verification is constant-time.
A new password must be at least :data:`MIN_PASSWORD_LENGTH` characters (OWASP ASVS 2.1.1) and
hard to guess by zxcvbn's estimate (score >= :data:`MIN_STRENGTH` of 4), counting the person's
own name, username and e-mail and the workbench's own words as guessable.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from riskmodel.domain.errors import Text

N, R, P, DKLEN = 2**14, 8, 1, 32
MIN_PASSWORD_LENGTH = 12
MIN_STRENGTH = 3  # zxcvbn's score 0..4; 3 = "safely unguessable" (about 10^8 guesses and more)
# Words anyone would try first against this workbench in a Danish municipality.
LOCAL_WORDS = ("risikoværkstedet", "risikovaerkstedet", "risiko", "værksted", "kommune", "kommunen", "adgangskode",
               "kodeord", "password", "sikkerhed", "informationssikkerhed", "borgerservice", "sjællerup")
# zxcvbn's kinds of weak patterns with advice of their own (err.users.password_advice.<kind>).
_ADVICE = ("dictionary", "spatial", "repeat", "sequence", "regex", "date")


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=N, r=R, p=P, dklen=DKLEN)
    return f"scrypt${N}${R}${P}${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str | None) -> bool:
    """True if ``password`` matches ``stored``; a missing or malformed ``stored`` is False, never an error."""
    if not stored or not isinstance(stored, str):
        return False
    try:
        scheme, n, r, p, salt_hex, hash_hex = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = bytes.fromhex(hash_hex)  # compared as bytes: compare_digest refuses non-ASCII str
        if not expected:
            return False
        digest = hashlib.scrypt(password.encode("utf-8"), salt=bytes.fromhex(salt_hex), n=int(n), r=int(r),
                                p=int(p), dklen=len(expected))
    except (ValueError, TypeError, OverflowError, MemoryError):
        return False
    return hmac.compare_digest(digest, expected)


def password_problem(password: str, personal: tuple[str, ...] | list[str] = ()) -> str | None:
    """A Danish reason why a password is too weak, or None (:func:`password_refusal` in Danish)."""
    refusal = password_refusal(password, personal)
    if refusal is None:
        return None
    from riskmodel.i18n import t

    key, params = refusal
    return t(key, "da", **{k: v.text("da") if isinstance(v, Text) else v for k, v in params.items()})


class _Advice(Text):
    """The advice for the weak patterns a password has (": avoid ...; avoid ..."), in the reader's language."""

    def __init__(self, kinds: list[str]):
        super().__init__("err.users.password_weak")  # the message it is part of (Text.text is its own)
        self.kinds = kinds

    def text(self, lang: str) -> str:
        from riskmodel.i18n import t

        return f": {'; '.join(t(f'err.users.password_advice.{k}', lang) for k in self.kinds)}" if self.kinds else ""


def password_refusal(password: str, personal: tuple[str, ...] | list[str] = ()) -> tuple[str, dict] | None:
    """Why a password is too weak, as an error key and its parameters (riskmodel/locale/errors_services.py), or
    None.

    ``personal``: the account's username, name and e-mail, which count as guessable."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return "err.users.password_short", {"min": MIN_PASSWORD_LENGTH}
    if password.strip() != password:
        return "err.users.password_spaces", {}
    from zxcvbn import zxcvbn

    words = [w for w in (*LOCAL_WORDS, *personal) if isinstance(w, str) and w.strip()]
    for w in list(words):  # "Anne Andersen" and "anne@kommune.dk" are guessed in parts too
        words += [p for p in w.replace("@", " ").replace(".", " ").split() if len(p) > 2]
    result = zxcvbn(password[:100], user_inputs=words)  # zxcvbn's time grows with length; 100 is plenty
    if result["score"] >= MIN_STRENGTH:
        return None
    kinds = []
    for match in result["sequence"]:
        kind = match.get("pattern", "")
        if kind in _ADVICE and kind not in kinds:
            kinds.append(kind)
    return "err.users.password_weak", {"score": result["score"], "min": MIN_STRENGTH, "advice": _Advice(kinds)}
