"""One access decision before any cache (issue 16, finding 3).

Every cached service read is warmed as the coordinator; then each other role calls it on the
warm cache. A role that may not read gets the Danish refusal (audited), never the coordinator's
cached figures; a role that may read gets exactly what it gets on a cold cache, i.e. its own scope.
A leder in another department must see other numbers than the coordinator, or the test would
prove nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pandas as pd
import pytest
from helpers import audit_rows

from riskmodel.domain.errors import PermissionDenied
from riskmodel.domain.model import LOCAL_ACTOR, Actor
from riskmodel.services import PortfolioFilter, SystemFilter
from riskmodel.services.demo import build_demo
from riskmodel.services.review import cached_lines

TODAY = date(2026, 6, 1)
KOORDINATOR = Actor(username="kim", display_name="Kim Koordinator", role="koordinator")


def _plain(value):
    """A comparable form of a read's result."""
    if isinstance(value, pd.DataFrame):
        return value.reset_index(drop=True).astype(str).to_dict("records")
    if isinstance(value, list) and value and hasattr(value[0], "rows"):  # review checklist items
        return [(i.key, i.value, i.total, _plain(i.rows)) for i in value]
    if hasattr(value, "rows") and hasattr(value, "total"):  # a SystemPage
        return (_plain(value.rows), value.total)
    if isinstance(value, tuple) and value and isinstance(value[0], tuple):  # cached lines
        return [(line.id, meta["entity_id"]) for line, meta in value]
    return value


# name -> call(wb, actor): every cached read of the services
CACHED_READS: dict[str, Callable] = {
    "PortfolioService.heatmap": lambda wb, a: wb.portfolio.heatmap(a, PortfolioFilter()),
    "PortfolioService.heatmap (residual)": lambda wb, a: wb.portfolio.heatmap(a, PortfolioFilter(residual=True)),
    "PortfolioService.summary": lambda wb, a: wb.portfolio.summary(a),
    "PortfolioService.ds_heatmap": lambda wb, a: wb.portfolio.ds_heatmap(a),
    "PortfolioService.system_lenses": lambda wb, a: wb.portfolio.system_lenses(a),
    "SystemService.names": lambda wb, a: wb.systems.names(a),
    "SystemService.search": lambda wb, a: wb.systems.search(a, SystemFilter()),
    "ReviewService.systems": lambda wb, a: wb.review.systems(a, TODAY),
    "ReviewService.due": lambda wb, a: wb.review.due(a, TODAY),
    "ReviewService.checklist": lambda wb, a: wb.review.checklist(a, TODAY),
    "TreatmentService.plan": lambda wb, a: wb.treatment.plan(a, TODAY),
    "BaselineService.lines": lambda wb, a: wb.baselines.lines(a),
    "cached_lines": lambda wb, a: cached_lines(wb.db, a),
}


@pytest.fixture(scope="module")
def town(tmp_path_factory, open_copy):
    wb = open_copy(tmp_path_factory.mktemp("cache-scope") / "risk.duckdb")
    build_demo(wb, LOCAL_ACTOR, systems=12, seed=5)
    yield wb
    wb.db.close()


def _roles(wb) -> dict[str, Actor]:
    departments = sorted(wb.systems.departments(LOCAL_ACTOR))
    return {
        "leder (anden afdeling)": Actor(username="lis", display_name="Lis Leder", role="leder",
                                        departments=(departments[-1],)),
        "leder uden afdeling": Actor(username="leo", display_name="Leo Leder", role="leder"),
        "udvalgsformand": Actor(username="frida", display_name="Frida Formand", role="udvalgsformand"),
        "udvalgsmedlem": Actor(username="mads", display_name="Mads Medlem", role="udvalgsmedlem"),
        "revisor": Actor(username="rita", display_name="Rita Revisor", role="revisor"),
        "deltager": Actor(username="dorte", display_name="Dorte Deltager", role="deltager"),
        "ukendt rolle": Actor(username="x", display_name="X", role="hacker"),
    }


ROLE_NAMES = ["leder (anden afdeling)", "leder uden afdeling", "udvalgsformand", "udvalgsmedlem", "revisor",
              "deltager", "ukendt rolle"]


@pytest.mark.parametrize("read", list(CACHED_READS))
@pytest.mark.parametrize("role", ROLE_NAMES)
def test_a_warm_cache_gives_each_role_only_its_own_scope(town, read, role):
    wb = town
    call = CACHED_READS[read]
    actor = _roles(wb)[role]
    may_read = actor.role in ("leder", "udvalgsformand", "udvalgsmedlem", "revisor")

    # What this role gets on a cold cache (or the refusal).
    wb.db._bump()
    if may_read:
        cold = _plain(call(wb, actor))
    coordinator = _plain(call(wb, KOORDINATOR))  # warms the cache
    if actor.role == "leder" and read not in ("PortfolioService.ds_heatmap",):
        assert cold != coordinator, "the leder must see less than the coordinator, or this proves nothing"

    warm_before = len(audit_rows(wb, action="denied"))
    if may_read:
        assert _plain(call(wb, actor)) == cold
        assert len(audit_rows(wb, action="denied")) == warm_before
    else:
        with pytest.raises(PermissionDenied, match=r"har ikke adgang til at se data$"):
            call(wb, actor)
        denied = audit_rows(wb, action="denied")
        assert len(denied) == warm_before + (0 if read == "cached_lines" else 1)  # a service call is audited
    assert _plain(call(wb, KOORDINATOR)) == coordinator  # and the coordinator's cached result is unchanged
