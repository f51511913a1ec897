"""The checks every user value passes before it is stored: texts, choices, dates, yes/no, years, versions.

Pure (no store): the services and the file formats share them; a refusal is a ValidationError naming the field."""

from __future__ import annotations

import numbers
import re
from datetime import date, datetime

from riskmodel.domain.errors import ValidationError

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def text(value, field: str, *, max_len: int = 2000, required: bool = False) -> str:
    """Strip and check a user text; control characters and overlong texts are refused."""
    if value is None:
        value = ""
    if isinstance(value, (bytes, bytearray, list, tuple, dict, set, frozenset)):
        raise ValidationError("err.not_text", field)
    if not isinstance(value, str):
        value = str(value)
    value = value.strip()
    if required and not value:
        raise ValidationError("err.required", field)
    if len(value) > max_len:
        raise ValidationError("err.too_long", field, n=len(value), max=max_len)
    if _CONTROL.search(value):
        raise ValidationError("err.control_chars", field)
    return value


def choice(value, field: str, allowed: tuple[str, ...] | list[str], *, required: bool = True):
    if value is None or value == "":
        if required:
            raise ValidationError("err.choose", field, allowed=", ".join(allowed))
        return None
    if value not in allowed:
        raise ValidationError("err.not_allowed", field, value=value, allowed=", ".join(allowed))
    return value


def as_date(value, field: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        for fmt in ("%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y"):
            try:
                return datetime.strptime(value.strip(), fmt).date()
            except ValueError:
                pass
    raise ValidationError("err.not_date", field, value=value)


def flag(value, field: str) -> bool:
    """A yes/no value: a bool (or 0/1, None for no); text such as 'nej' or a list is refused, never read as yes."""
    if isinstance(value, (str, bytes, bytearray, list, tuple, dict, set, frozenset)):
        raise ValidationError("err.not_yes_no", field, value=str(value)[:40])
    return bool(value)


def year_of(value, field: str = "År") -> int | None:
    """A calendar year (2000-2100) as a whole number; None stays None."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or not 2000 <= value <= 2100:
        raise ValidationError("err.not_year", field, value=str(value)[:40])
    return int(value)


def version_of(value, field: str = "version") -> int:
    """A version number as the user saw it (an int, or a numpy integer from a DataFrame row)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
        raise ValidationError("err.bad_version", field, value=value)
    return int(value)
