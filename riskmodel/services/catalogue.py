"""The threat catalogue: seeded from data/threats.csv, edited by the coordinator.

Assessments copy what they use from the catalogue, so editing or hiding a
catalogue threat never changes an assessment already made.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from riskmodel.errors import ValidationError
from riskmodel.model import THREAT_TAGS, Actor, Threat, ThreatInput
from riskmodel.scales import DATA_DIR
from riskmodel.services.common import audit_denials, require, text, version_of
from riskmodel.store.db import Database
from riskmodel.store.uow import Threats, rows_as_frame, unit_of_work

CATALOGUE_FILE = DATA_DIR / "threats.csv"


def read_catalogue_file(path: Path = CATALOGUE_FILE) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    out = []
    for n, r in enumerate(rows, start=2):
        tags = [t.strip() for t in (r.get("tags") or "all").split(";") if t.strip()]
        bad = [t for t in tags if t not in THREAT_TAGS]
        if bad:
            raise ValueError(f"{path.name} linje {n}: ukendte tags {bad}")
        out.append(
            {
                "code": r["code"].strip(),
                "category": r["category"].strip(),
                "title": r["title"].strip(),
                "description": r["description"].strip(),
                "harms_c": r["harms_c"].strip() == "1",
                "harms_i": r["harms_i"].strip() == "1",
                "harms_a": r["harms_a"].strip() == "1",
                "tags": tags,
            }
        )
    return out


def validate_threat(data: ThreatInput) -> dict:
    values = {
        "category": text(data.category, "Kategori", max_len=100, required=True),
        "title": text(data.title, "Trusselens titel", max_len=200, required=True),
        "description": text(data.description, "Beskrivelse", max_len=4000),
        "harms_c": bool(data.harms_c),
        "harms_i": bool(data.harms_i),
        "harms_a": bool(data.harms_a),
        "tags": list(dict.fromkeys(data.tags or ["all"])),
    }
    if not (values["harms_c"] or values["harms_i"] or values["harms_a"]):
        raise ValidationError("Truslen skal kunne ramme mindst én af fortrolighed, integritet og tilgængelighed", "harms")
    bad = [t for t in values["tags"] if t not in THREAT_TAGS]
    if bad:
        raise ValidationError(f"Ukendte profilmærker: {', '.join(bad)}", "tags")
    return values


@audit_denials
class CatalogueService:
    def __init__(self, db: Database):
        self.db = db

    def ensure_seeded(self, actor: Actor) -> int:
        """Load the default catalogue into an empty threats table; returns rows added."""
        with self.db.read() as cur:
            if cur.execute("SELECT count(*) FROM threats").fetchone()[0]:
                return 0
        rows = read_catalogue_file()
        with unit_of_work(self.db, actor) as uow:
            if uow.cur.execute("SELECT count(*) FROM threats").fetchone()[0]:
                return 0
            for r in rows:
                uow.threats.insert({**r, "builtin": True, "updated_by": actor.username})
            uow.audit("seed", "threats", None, None, {"rows": len(rows), "file": CATALOGUE_FILE.name})
        return len(rows)

    def list(self, include_hidden: bool = False) -> pd.DataFrame:
        def load():
            where = "" if include_hidden else "WHERE NOT hidden"
            with self.db.read() as cur:
                cur.execute(f"SELECT * FROM threats {where} ORDER BY category, code")
                return rows_as_frame(cur)

        return self.db.cached(("threats", include_hidden), load)

    def categories(self) -> list[str]:
        df = self.list(include_hidden=True)
        return sorted(df["category"].unique()) if len(df) else []

    def get(self, threat_id: int) -> Threat:
        with self.db.read() as cur:
            return Threats(cur).get(threat_id)

    def create(self, actor: Actor, data: ThreatInput) -> int:
        require(actor, "catalogue.write")
        values = validate_threat(data)
        with unit_of_work(self.db, actor) as uow:
            n = uow.cur.execute("SELECT count(*) FROM threats WHERE code LIKE 'EGN-%'").fetchone()[0]
            code = f"EGN-{n + 1:02d}"
            while uow.cur.execute("SELECT count(*) FROM threats WHERE code = ?", [code]).fetchone()[0]:
                n += 1
                code = f"EGN-{n + 1:02d}"
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
        with unit_of_work(self.db, actor) as uow:
            before = uow.threats.get(threat_id)
            if before.hidden == hidden:
                uow.threats.ensure_version(threat_id, expected_version)
                return before.version
            new_version = uow.threats.update(threat_id, expected_version, {"hidden": bool(hidden)}, actor)
            uow.audit("hide" if hidden else "unhide", "threats", threat_id, {"hidden": before.hidden}, {"hidden": hidden})
        return new_version
