"""Validation helpers and the access seam shared by the services."""

from __future__ import annotations

import re
from datetime import date, datetime

from riskmodel.errors import PermissionDenied, ValidationError
from riskmodel.model import Actor

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

# action -> roles allowed. "own" actions are further limited to the actor's departments.
PERMISSIONS: dict[str, set[str]] = {
    "read": {"koordinator", "leder", "udvalgsformand", "udvalgsmedlem", "revisor"},
    "export": {"koordinator", "leder", "udvalgsformand", "udvalgsmedlem", "revisor"},
    "system.write": {"koordinator", "leder"},
    "assessment.write": {"koordinator", "leder"},
    "catalogue.write": {"koordinator"},
    "settings.write": {"koordinator"},
    "demo.load": {"koordinator"},
}
DEPARTMENT_SCOPED = {"system.write", "assessment.write"}


def require(actor: Actor, action: str, department: str | None = None) -> None:
    """Raise PermissionDenied unless ``actor`` may do ``action`` (in ``department``)."""
    allowed = PERMISSIONS.get(action, set())
    if actor.role not in allowed:
        raise PermissionDenied(f"{actor.display_name} ({actor.role}) har ikke adgang til at {ACTION_DA.get(action, action)}")
    if (
        action in DEPARTMENT_SCOPED
        and actor.role == "leder"
        and department is not None
        and department not in actor.departments
    ):
        raise PermissionDenied(
            f"{actor.display_name} kan kun {ACTION_DA.get(action, action)} i egne afdelinger, ikke i '{department}'"
        )


ACTION_DA = {
    "read": "se data",
    "export": "eksportere",
    "system.write": "ændre systemer",
    "assessment.write": "ændre risikovurderinger",
    "catalogue.write": "ændre trusselskataloget",
    "settings.write": "ændre indstillinger",
    "demo.load": "indlæse demodata",
}


def text(value, field: str, *, max_len: int = 2000, required: bool = False) -> str:
    """Strip and check a user text; control characters and overlong texts are refused."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        value = str(value)
    value = value.strip()
    if required and not value:
        raise ValidationError(f"{field} skal udfyldes", field)
    if len(value) > max_len:
        raise ValidationError(f"{field} er for lang ({len(value)} tegn, højst {max_len})", field)
    if _CONTROL.search(value):
        raise ValidationError(f"{field} indeholder ugyldige kontroltegn", field)
    return value


def choice(value, field: str, allowed: tuple[str, ...] | list[str], *, required: bool = True):
    if value is None or value == "":
        if required:
            raise ValidationError(f"{field} skal vælges ({', '.join(allowed)})", field)
        return None
    if value not in allowed:
        raise ValidationError(f"{field}: '{value}' er ikke en gyldig værdi ({', '.join(allowed)})", field)
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
    raise ValidationError(f"{field}: '{value}' er ikke en dato (dd-mm-åååå)", field)


def version_of(value, field: str = "version") -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValidationError(f"{field}: ugyldig version '{value}'", field)
    return value
