"""One access decision (riskmodel.services.access): a refusal comes before any query or cache, and the scope
carries both the SQL filter and the cache key, so two callers share a cached read only if they see the same rows."""

import pytest

from riskmodel.domain.errors import PermissionDenied
from riskmodel.domain.model import Actor
from riskmodel.services.access import scope

KOORD = Actor(username="kim", display_name="Kim Koordinator", role="koordinator")
REVISOR = Actor(username="rie", display_name="Rie Revisor", role="revisor")
LENE = Actor(username="lene", display_name="Lene Leder", role="leder", departments=("Borgerservice",))
LARS = Actor(username="lars", display_name="Lars Leder", role="leder", departments=("Skole",))
DELTAGER = Actor(username="dorte", display_name="Dorte Deltager", role="deltager")


def test_roles_that_see_everything_get_no_filter_and_a_key_by_role():
    assert scope(KOORD).sql("s.department", "s.owner") == ("TRUE", [])
    assert scope(KOORD).key != scope(REVISOR).key  # same rows, but never one cache entry across roles


def test_a_leder_is_limited_to_her_departments_and_own_systems_and_keyed_by_who_she_is():
    cond, params = scope(LENE).sql("s.department", "s.owner")
    assert "list_contains" in cond and params == [["Borgerservice"], "lene leder", "lene"]
    assert scope(LENE).key != scope(LARS).key


def test_a_role_without_the_action_is_refused_before_anything_is_read():
    with pytest.raises(PermissionDenied):
        scope(DELTAGER)
    with pytest.raises(PermissionDenied):
        scope(LENE, "export")
