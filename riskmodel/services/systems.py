"""System inventory: create, edit, retire, search (paged, filtered in DuckDB)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import pandas as pd

from riskmodel.domain.errors import ValidationError
from riskmodel.domain.model import (
    CLASSIFICATIONS,
    CRITICALITIES,
    DATA_CATEGORIES,
    HOSTINGS,
    SUBJECT_BANDS,
    Actor,
    System,
    SystemInput,
)
from riskmodel.services.common import (
    as_date,
    audit_denials,
    choice,
    flag,
    read_scope,
    require,
    scope_key,
    text,
    version_of,
)
from riskmodel.store.db import Database
from riskmodel.store.queries import systems as system_queries
from riskmodel.store.uow import Systems, unit_of_work


@dataclass(frozen=True)
class SystemFilter:
    search: str = ""
    departments: tuple[str, ...] = ()
    classifications: tuple[str, ...] = ()
    include_retired: bool = False


@dataclass
class SystemPage:
    rows: pd.DataFrame
    total: int
    page: int
    page_size: int
    pages: int = field(init=False)

    def __post_init__(self):
        self.pages = max(1, -(-self.total // self.page_size))


def validate_system(data: SystemInput) -> dict:
    """Check a system's fields; return the clean column values or raise ValidationError."""
    raw = data.data_categories or []
    if isinstance(raw, str) or not all(isinstance(c, str) for c in raw):
        raise ValidationError("err.system.categories_from_list", "data_categories")
    cats = list(dict.fromkeys(raw))
    if not cats:
        raise ValidationError("err.system.no_category", "data_categories")
    for cat in cats:
        choice(cat, "Personoplysninger", DATA_CATEGORIES)
    if "ingen" in cats and len(cats) > 1:
        raise ValidationError("err.system.none_alone", "data_categories")
    dpa = flag(data.dpa, "Databehandleraftale")
    dpa_date = as_date(data.dpa_date, "Dato for databehandleraftale")
    if dpa_date and not dpa:
        raise ValidationError("err.system.dpa_date_without_dpa", "dpa_date")
    return {
        "name": text(data.name, "Systemets navn", max_len=200, required=True),
        "description": text(data.description, "Beskrivelse", max_len=4000),
        "department": text(data.department, "Afdeling", max_len=200, required=True),
        "owner": text(data.owner, "Systemejer", max_len=200),
        "supplier": text(data.supplier, "Leverandør", max_len=200),
        "dpa": dpa,
        "dpa_date": dpa_date,
        "classification": choice(data.classification, "Klassifikation", CLASSIFICATIONS),
        "data_categories": cats,
        "subjects_band": choice(data.subjects_band, "Antal registrerede", SUBJECT_BANDS),
        "criticality": choice(data.criticality, "Kritikalitet", CRITICALITIES),
        "hosting": choice(data.hosting, "Drift", HOSTINGS),
    }


@audit_denials
class SystemService:
    def __init__(self, db: Database):
        self.db = db

    # -- reads -----------------------------------------------------------------
    def get(self, actor: Actor, system_id: int) -> System:
        with self.db.read() as cur:
            system = Systems(cur).get(system_id)
        require(actor, "read", system.department, system.owner)
        return system

    def departments(self, actor: Actor) -> list[str]:
        """The departments ``actor`` may pick (a new system's department, a filter), sorted.

        A leder gets her own departments only, the ones she may create systems in (even one that has no
        system yet); every other reader the departments of the systems on record. A deltager nothing."""
        key = scope_key(actor)  # the access decision, before the cache
        if actor.role == "leder":
            return sorted(set(actor.departments))

        def load():
            with self.db.read() as cur:
                return system_queries.departments(cur)

        return self.db.cached(("departments", key), load)

    def names(self, actor: Actor, include_retired: bool = False) -> list[tuple[int, str, str]]:
        """(id, name, department) of every system the actor may see, sorted by name: for pickers."""
        scope, params = read_scope(actor, "department", "owner")

        def load():
            with self.db.read() as cur:
                return system_queries.names(cur, scope, params, include_retired)

        return self.db.cached(("system_names", include_retired, scope_key(actor)), load)

    def search(self, actor: Actor, flt: SystemFilter, page: int = 1, page_size: int = 50) -> SystemPage:
        scope, scope_params = read_scope(actor, "s.department", "s.owner")
        page_size = max(1, min(int(page_size), 500))
        page = max(1, int(page))

        def load():
            with self.db.read() as cur:
                return system_queries.search(cur, scope, scope_params, search=flt.search, departments=flt.departments,
                                             classifications=flt.classifications, include_retired=flt.include_retired,
                                             limit=page_size, offset=(page - 1) * page_size)

        total, rows = self.db.cached(("systems", flt, page, page_size, scope_key(actor)), load)
        return SystemPage(rows=rows, total=total, page=page, page_size=page_size)

    # -- writes ----------------------------------------------------------------
    def create(self, actor: Actor, data: SystemInput) -> int:
        values = validate_system(data)
        # Own departments only: naming oneself owner does not open another department.
        require(actor, "system.create", values["department"])
        with unit_of_work(self.db, actor) as uow:
            new_id = uow.systems.insert({**values, "created_by": actor.username, "updated_by": actor.username})
            uow.audit("create", "systems", new_id, None, values)
        return new_id

    def update(self, actor: Actor, system_id: int, expected_version: int, data: SystemInput) -> int:
        version_of(expected_version)
        values = validate_system(data)
        with unit_of_work(self.db, actor) as uow:
            before = uow.systems.get(system_id)
            require(actor, "system.write", before.department, before.owner)
            require(actor, "system.write", values["department"], values["owner"])
            changes = {k: v for k, v in values.items() if getattr(before, k) != v}
            if not changes:
                uow.systems.ensure_version(system_id, expected_version)
                return before.version
            new_version = uow.systems.update(system_id, expected_version, changes, actor)
            uow.audit("update", "systems", system_id, {k: getattr(before, k) for k in changes}, changes)
        return new_version

    def set_status(self, actor: Actor, system_id: int, expected_version: int, status: str) -> int:
        """Retire ('udfaset') or reactivate ('aktiv'); systems are never deleted."""
        version_of(expected_version)
        choice(status, "Status", ("aktiv", "udfaset"))
        with unit_of_work(self.db, actor) as uow:
            before = uow.systems.get(system_id)
            require(actor, "system.write", before.department, before.owner)
            if before.status == status:
                uow.systems.ensure_version(system_id, expected_version)
                return before.version
            new_version = uow.systems.update(system_id, expected_version, {"status": status}, actor)
            uow.audit("retire" if status == "udfaset" else "reactivate", "systems", system_id,
                      {"status": before.status}, {"status": status})
        return new_version


def system_to_input(system: System) -> SystemInput:
    keys = SystemInput.__dataclass_fields__.keys()
    return SystemInput(**{k: v for k, v in asdict(system).items() if k in keys})
