"""Access: who may do what, decided in one place before anything is read.

An actor (role, departments, name) and an action give a :class:`Scope`: the refusal (``PermissionDenied``)
if the action is not the actor's at all, else the SQL condition that limits rows to what the actor may see
and the cache key under which a cached read may be shared (only by callers who see exactly the same rows).
Every refusal through a service is written to the audit trail (:func:`audit_denials`).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from riskmodel.domain.errors import PermissionDenied, Text
from riskmodel.domain.model import Actor

# action -> roles allowed. Actions in DEPARTMENT_SCOPED are further limited, for a
# leder, to the systems of their own departments or that they own.
PERMISSIONS: dict[str, set[str]] = {
    "read": {"koordinator", "leder", "udvalgsformand", "udvalgsmedlem", "revisor"},
    "export": {"koordinator", "udvalgsformand", "udvalgsmedlem", "revisor"},
    "system.create": {"koordinator", "leder"},
    "system.write": {"koordinator", "leder"},
    "assessment.write": {"koordinator", "leder"},
    # The responsible manager approves; a coordinator may record an approval given in the
    # room only on behalf of a named manager (the service requires the name).
    "assessment.approve": {"koordinator", "leder"},
    "activity.write": {"koordinator", "leder"},
    # Dispensations: asked for by those responsible for the system, decided by the committee chair alone.
    "dispensation.request": {"koordinator", "leder"},
    "dispensation.decide": {"udvalgsformand"},
    "baseline.freeze": {"koordinator"},
    "catalogue.read": {"koordinator", "leder", "udvalgsformand", "udvalgsmedlem", "revisor"},
    "catalogue.write": {"koordinator"},
    "settings.write": {"koordinator"},
    "demo.load": {"koordinator"},
    "users.manage": {"koordinator"},
}
DEPARTMENT_SCOPED = {"read", "system.create", "system.write", "assessment.write", "assessment.approve", "activity.write",
                     "dispensation.request"}


def owns(actor: Actor, owner: str | None) -> bool:
    """A system is the actor's own when its system owner names them (name or username)."""
    owner = (owner or "").strip().casefold()
    return bool(owner) and owner in {actor.display_name.strip().casefold(), actor.username.casefold()}


def require(actor: Actor, action: str, department: str | None = None, owner: str | None = None) -> None:
    """Raise PermissionDenied unless ``actor`` may do ``action``.

    For department-scoped actions, pass the department (and system owner) of the
    system acted on: a leder may act only within their departments or on systems
    they own. Without a department, the check is for the action as such (lists are
    then filtered with :func:`read_scope`).
    """
    allowed = PERMISSIONS.get(action, set())
    if actor.role not in allowed:
        raise PermissionDenied("err.denied", name=actor.display_name, role=Text(f"value.role.{actor.role}", actor.role),
                               action=Text(f"action.{action}", action))
    if (
        action in DEPARTMENT_SCOPED
        and actor.role == "leder"
        and department is not None
        and department not in actor.departments
        and not owns(actor, owner)
    ):
        raise PermissionDenied("err.own_departments_only", name=actor.display_name, department=department,
                               action=Text(f"action.{action}", action))


def read_scope(actor: Actor, department_col: str, owner_col: str) -> tuple[str, list]:
    """SQL condition and parameters limiting rows to what ``actor`` may read (see :class:`Scope`)."""
    return scope(actor, "read").sql(department_col, owner_col)


def scope_key(actor: Actor, action: str = "read") -> tuple:
    """The access decision and the cache key part of a cached read, in one: raises PermissionDenied unless
    ``actor`` may ``action`` at all, *before* any cache is consulted, and returns the actor's scope (role, and
    for a leder who they are and their departments), so a cached result is only ever shared by callers who
    may see exactly the same rows."""
    require(actor, action)
    if actor.role == "leder":
        return ("leder", actor.username, actor.display_name, actor.departments)
    return (actor.role,)


def audit_denials(cls):
    """Class decorator: every refused public service call is written to the audit trail."""
    for name, fn in list(vars(cls).items()):
        if name.startswith("_") or not callable(fn):
            continue
        setattr(cls, name, _audited(fn))
    return cls


def _audited(fn):
    @functools.wraps(fn)
    def wrapper(self, *args, **kwargs):
        try:
            return fn(self, *args, **kwargs)
        except PermissionDenied as err:
            if not getattr(err, "audited", False):
                actor = next((a for a in (*args, *kwargs.values()) if isinstance(a, Actor)), None)
                record_denial(self.db, actor, f"{type(self).__name__}.{fn.__name__}", str(err))
                err.audited = True
            raise

    return wrapper


def record_denial(db, actor: Actor | None, call: str, reason: str) -> None:
    """Write a refused call to the audit trail (in a transaction of its own)."""
    from riskmodel.store.uow import unit_of_work

    who = actor or Actor(username="ukendt", display_name="ukendt", role="ukendt")
    with unit_of_work(db, who) as uow:
        uow.audit("denied", "access", None, None, {"call": call, "role": who.role, "reason": reason})


ACTION_DA = {
    "read": "se data",
    "export": "eksportere",
    "system.create": "oprette systemer",
    "system.write": "ændre systemer",
    "catalogue.read": "se trusselskataloget",
    "assessment.write": "ændre risikovurderinger",
    "assessment.approve": "godkende risikovurderinger",
    "activity.write": "ændre behandlingsaktiviteter",
    "dispensation.request": "anmode om dispensationer",
    "dispensation.decide": "afgøre dispensationer",
    "baseline.freeze": "fastfryse årets baseline",
    "catalogue.write": "ændre trusselskataloget",
    "settings.write": "ændre indstillinger",
    "demo.load": "indlæse demodata",
    "users.manage": "administrere brugere",
}


@dataclass(frozen=True)
class Scope:
    """What one actor may read: decided (and refused) before any cache or query is touched."""

    actor: Actor
    action: str
    key: tuple  # the cache key part: callers with the same key see exactly the same rows

    def sql(self, department_col: str, owner_col: str) -> tuple[str, list]:
        """SQL condition and parameters limiting rows to this scope (TRUE for roles that see everything)."""
        if self.actor.role != "leder":
            return "TRUE", []
        return (
            f"(list_contains(?, {department_col}) OR lower(trim({owner_col})) IN (?, ?))",
            [list(self.actor.departments), self.actor.display_name.strip().casefold(), self.actor.username.casefold()],
        )


def scope(actor: Actor, action: str = "read") -> Scope:
    """The actor's scope for ``action``; raises PermissionDenied unless the action is theirs at all."""
    return Scope(actor, action, scope_key(actor, action))
