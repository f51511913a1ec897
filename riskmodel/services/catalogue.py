"""The threat catalogue: seeded from data/threats.csv, edited by the coordinator.

Assessments copy what they use from the catalogue, so editing or hiding a
catalogue threat never changes an assessment already made.
"""

from __future__ import annotations

import pandas as pd

from riskmodel.domain.errors import StaleVersionError, ValidationError
from riskmodel.domain.model import Actor, Threat, ThreatInput

# The catalogue's rules live in riskmodel.domain.threats; imported here as callers always did.
from riskmodel.domain.threats import CATALOGUE_FILE as CATALOGUE_FILE
from riskmodel.domain.threats import CONTENT_FIELDS as CONTENT_FIELDS
from riskmodel.domain.threats import CONTROLS_FILE as CONTROLS_FILE
from riskmodel.domain.threats import FieldChange as FieldChange
from riskmodel.domain.threats import ThreatChange as ThreatChange
from riskmodel.domain.threats import ThreatDiff as ThreatDiff
from riskmodel.domain.threats import check_code as check_code
from riskmodel.domain.threats import check_import_threat as check_import_threat
from riskmodel.domain.threats import check_import_threats as check_import_threats
from riskmodel.domain.threats import check_threat_controls as check_threat_controls
from riskmodel.domain.threats import comparable as comparable
from riskmodel.domain.threats import diff_threats as diff_threats
from riskmodel.domain.threats import read_catalogue_file as read_catalogue_file
from riskmodel.domain.threats import read_controls_file as read_controls_file
from riskmodel.domain.threats import validate_threat as validate_threat
from riskmodel.services.common import audit_denials, flag, require, scope_key, version_of
from riskmodel.store import catalogue as threat_store
from riskmodel.store.db import Database
from riskmodel.store.uow import Threats, unit_of_work


@audit_denials
class CatalogueService:
    def __init__(self, db: Database):
        self.db = db

    def ensure_seeded(self, actor: Actor) -> int:
        """Load the default catalogue into an empty threats table; returns rows added.

        A new catalogue gets the default Annex A mapping (data/threat_controls.json) with its
        threats. A catalogue seeded before the mapping existed (a file from before migration 007:
        no threat has any control) gets it once, on its builtin threats.
        """
        with self.db.read() as cur:
            count, mapped = threat_store.counts(cur)
        if count:
            if not mapped:
                self._seed_controls(actor)
            return 0
        rows = read_catalogue_file()
        controls = read_controls_file()
        with unit_of_work(self.db, actor) as uow:
            if threat_store.count(uow.cur):
                return 0
            for r in rows:
                uow.threats.insert({**r, "controls": controls.get(r["code"], []), "builtin": True,
                                    "updated_by": actor.username})
            uow.audit("seed", "threats", None, None, {"rows": len(rows), "file": CATALOGUE_FILE.name})
        return len(rows)

    def _seed_controls(self, actor: Actor) -> int:
        """The default Annex A mapping onto builtin threats without controls; returns threats mapped."""
        controls = read_controls_file()
        with unit_of_work(self.db, actor) as uow:
            todo = [(tid, code, version) for tid, code, version in threat_store.unmapped_builtins(uow.cur)
                    if controls.get(code)]
            for tid, code, version in todo:
                uow.threats.update(tid, version, {"controls": controls[code]}, actor)
            if todo:
                uow.audit("seed_controls", "threats", None, None, {"threats": len(todo), "file": CONTROLS_FILE.name})
        return len(todo)

    def list(self, actor: Actor, include_hidden: bool = False) -> pd.DataFrame:
        """The catalogue's threats (hidden ones too with ``include_hidden``), for anyone who may read it."""
        key = scope_key(actor, "catalogue.read")  # the access decision, before the cache

        def load():
            with self.db.read() as cur:
                return threat_store.frame(cur, include_hidden)

        return self.db.cached(("threats", include_hidden, key), load)

    def categories(self, actor: Actor) -> list[str]:
        require(actor, "catalogue.read")
        df = self.list(actor, include_hidden=True)
        return sorted(df["category"].unique()) if len(df) else []

    def get(self, actor: Actor, threat_id: int) -> Threat:
        require(actor, "catalogue.read")
        with self.db.read() as cur:
            return Threats(cur).get(threat_id)

    def _rows(self, cur) -> list[dict]:
        return threat_store.all_rows(cur)

    def diff(self, actor: Actor, incoming: list[dict]) -> ThreatDiff:
        """What importing these threats (see :func:`check_import_threat`) would do; writes nothing."""
        require(actor, "catalogue.read")
        checked = check_import_threats(incoming)
        with self.db.read() as cur:
            return diff_threats(self._rows(cur), checked)

    def import_threats(
        self,
        actor: Actor,
        incoming: list[dict],
        *,
        include_changed: bool = True,
        expected: ThreatDiff | None = None,
        source: dict | None = None,
    ) -> tuple[int, int]:
        """Add the new threats and (``include_changed``) update the changed ones, by code, in one transaction.

        Every threat goes through the catalogue's rules first; one bad threat and nothing is
        written. Nothing is deleted or hidden, and existing assessments keep their copies. With
        ``expected`` (the diff the user was shown) the import is refused if the catalogue has
        changed since. Returns (threats added, threats updated).
        """
        require(actor, "catalogue.write")
        checked = check_import_threats(incoming)
        codes = [t["code"] for t in checked]
        dupes = sorted({c for c in codes if codes.count(c) > 1})
        if dupes:
            raise ValidationError("err.catalogue.duplicate_codes", "code", codes=", ".join(dupes))
        with unit_of_work(self.db, actor) as uow:
            diff = diff_threats(self._rows(uow.cur), checked)
            if expected is not None and diff.signature() != expected.signature():
                raise StaleVersionError("err.catalogue.changed")
            if not diff.new and not (include_changed and diff.changed):
                return 0, 0  # nothing to write, nothing to audit
            audit_rows = []
            for t in diff.new:
                values = {k: t[k] for k in ("code", *CONTENT_FIELDS, "hidden")}
                new_id = uow.threats.insert({**values, "builtin": False, "updated_by": actor.username})
                audit_rows.append(("import", "threats", new_id, None, values))
            updated = 0
            if include_changed:
                for ch in diff.changed:
                    uow.threats.update(ch.threat_id, ch.version, ch.after, actor)
                    audit_rows.append(("import", "threats", ch.threat_id, {"code": ch.code, **ch.before}, ch.after))
                    updated += 1
            summary = {**(source or {}), "new": len(diff.new), "changed": updated,
                       "changed_left_out": len(diff.changed) - updated, "unchanged": len(diff.unchanged)}
            audit_rows.append(("import_file", "threats", None, None, summary))
            uow.audit_many(audit_rows)
        return len(diff.new), updated

    def create(self, actor: Actor, data: ThreatInput) -> int:
        require(actor, "catalogue.write")
        values = validate_threat(data)
        with unit_of_work(self.db, actor) as uow:
            code = threat_store.next_own_code(uow.cur)
            new_id = uow.threats.insert({**values, "code": code, "updated_by": actor.username})
            uow.audit("create", "threats", new_id, None, {**values, "code": code})
        return new_id

    def update(self, actor: Actor, threat_id: int, expected_version: int, data: ThreatInput) -> int:
        require(actor, "catalogue.write")
        version_of(expected_version)
        values = validate_threat(data)
        with unit_of_work(self.db, actor) as uow:
            before = uow.threats.get(threat_id)
            changes = {k: v for k, v in values.items() if getattr(before, k) != v}
            if not changes:
                uow.threats.ensure_version(threat_id, expected_version)
                return before.version
            new_version = uow.threats.update(threat_id, expected_version, changes, actor)
            uow.audit("update", "threats", threat_id, {k: getattr(before, k) for k in changes}, changes)
        return new_version

    def set_hidden(self, actor: Actor, threat_id: int, expected_version: int, hidden: bool) -> int:
        require(actor, "catalogue.write")
        version_of(expected_version)
        hidden = flag(hidden, "Skjult")
        with unit_of_work(self.db, actor) as uow:
            before = uow.threats.get(threat_id)
            if before.hidden == hidden:
                uow.threats.ensure_version(threat_id, expected_version)
                return before.version
            new_version = uow.threats.update(threat_id, expected_version, {"hidden": bool(hidden)}, actor)
            uow.audit("hide" if hidden else "unhide", "threats", threat_id, {"hidden": before.hidden}, {"hidden": hidden})
        return new_version
