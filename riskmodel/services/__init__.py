"""Use cases of the workbench. Every write takes the acting user, checks access,
validates, writes in one transaction with a version check, and audits."""

from __future__ import annotations

from pathlib import Path

from riskmodel.domain.model import LOCAL_ACTOR, Actor
from riskmodel.services.activities import ActivityService
from riskmodel.services.assessments import AssessmentService
from riskmodel.services.baselines import BaselineService
from riskmodel.services.catalogue import CatalogueService
from riskmodel.services.dispensations import DispensationService
from riskmodel.services.history import HistoryService
from riskmodel.services.portfolio import PortfolioFilter, PortfolioService
from riskmodel.services.review import ReviewService
from riskmodel.services.settings import SettingsService
from riskmodel.services.signoff import SignoffService
from riskmodel.services.systems import SystemFilter, SystemService
from riskmodel.services.treatment import TreatmentService
from riskmodel.services.users import UserService
from riskmodel.services.workshops import WorkshopService
from riskmodel.store.db import Database, default_db_path
from riskmodel.store.queries import systems as system_queries

__all__ = ["Workbench", "PortfolioFilter", "SystemFilter", "default_db_path", "open_workbench"]


class Workbench:
    """All services over one database."""

    def __init__(self, db: Database):
        self.db = db
        self.settings = SettingsService(db)
        self.systems = SystemService(db)
        self.catalogue = CatalogueService(db)
        self.assessments = AssessmentService(db, self.settings)
        self.portfolio = PortfolioService(db, self.settings)
        self.users = UserService(db)
        self.history = HistoryService(db)
        self.signoff = SignoffService(db, self.assessments)
        self.workshops = WorkshopService(db, self.assessments)
        self.activities = ActivityService(db)
        self.treatment = TreatmentService(db, self.settings)
        self.dispensations = DispensationService(db)
        # Services that read their siblings get the workbench's own, never build their own.
        self.review = ReviewService(db, self.settings, self.treatment, self.dispensations, self.activities)
        self.baselines = BaselineService(db, self.settings, self.review)

    def data_version(self) -> int:
        """A number that changes with every committed write, from any session: a page showing shared figures
        compares it to redraw when someone saves (pages/ui/widgets.py ``redraw_on_writes``). Reading it costs nothing."""
        return self.db.generation

    def is_empty(self) -> bool:
        with self.db.read() as cur:
            return system_queries.none_yet(cur)


def open_workbench(path: str | Path | None = None, actor: Actor = LOCAL_ACTOR) -> Workbench:
    """Open (and migrate) the database and make sure the default catalogue is there."""
    wb = Workbench(Database(path))
    wb.catalogue.ensure_seeded(actor)
    return wb
