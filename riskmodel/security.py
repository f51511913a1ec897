"""Password hashing with scrypt (Python's standard library; no extra dependency).

Stored form: ``scrypt$n$r$p$salt_hex$hash_hex``. Verification is constant-time.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

N, R, P, DKLEN = 2**14, 8, 1, 32
MIN_PASSWORD_LENGTH = 10


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


def password_problem(password: str) -> str | None:
    """A Danish reason why a password is too weak, or None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Adgangskoden skal være mindst {MIN_PASSWORD_LENGTH} tegn"
    if password.strip() != password:
        return "Adgangskoden må ikke begynde eller slutte med mellemrum"
    return None
