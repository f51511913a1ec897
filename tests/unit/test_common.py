"""Validation helpers and the access seam (services/common.py), and Danish date formats (dates.py)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from riskmodel.domain.dates import fmt_date, fmt_datetime, to_local
from riskmodel.domain.errors import PermissionDenied, ValidationError
from riskmodel.domain.model import LOCAL_ACTOR, ROLES, Actor
from riskmodel.i18n import value_label
from riskmodel.services.common import PERMISSIONS, as_date, choice, require, text, version_of

# -- text ----------------------------------------------------------------------------


def test_text_strips_and_keeps_danish_letters():
    assert text("  Ældrepleje på Østerbro  ", "Navn") == "Ældrepleje på Østerbro"
    assert text(None, "Navn") == ""
    assert text(42, "Navn") == "42"
    assert text("linje 1\nlinje 2\ttab", "Beskrivelse") == "linje 1\nlinje 2\ttab"


@pytest.mark.parametrize("blank", ["", "   ", None, "\n\t "])
def test_text_required_refuses_blank(blank):
    with pytest.raises(ValidationError) as err:
        text(blank, "Systemets navn", required=True)
    assert str(err.value) == "Systemets navn skal udfyldes"
    assert err.value.field == "Systemets navn"


def test_text_max_length_counts_after_stripping():
    assert text(" " + "a" * 10 + " ", "Navn", max_len=10) == "a" * 10
    with pytest.raises(ValidationError) as err:
        text("a" * 11, "Navn", max_len=10)
    assert str(err.value) == "Navn er for lang (11 tegn, højst 10)"
    assert err.value.field == "Navn"


@pytest.mark.parametrize("bad", ["a\x00b", "a\x07b", "a\x1bb", "a\x7fb", "a\x0bb", "a\x0cb"])
def test_text_refuses_control_characters(bad):
    with pytest.raises(ValidationError) as err:
        text(bad, "Scenarie")
    assert str(err.value) == "Scenarie indeholder ugyldige kontroltegn"
    assert err.value.field == "Scenarie"


# -- choice --------------------------------------------------------------------------


def test_choice_accepts_an_allowed_value():
    assert choice("intern", "Klassifikation", ("offentlig", "intern")) == "intern"


def test_choice_refuses_an_unknown_value_listing_the_allowed():
    with pytest.raises(ValidationError) as err:
        choice("hemmelig", "Klassifikation", ("offentlig", "intern"))
    assert str(err.value) == "Klassifikation: 'hemmelig' er ikke en gyldig værdi (offentlig, intern)"
    assert err.value.field == "Klassifikation"


@pytest.mark.parametrize("empty", [None, ""])
def test_choice_required_and_optional(empty):
    with pytest.raises(ValidationError, match=r"^Behandling skal vælges \(accepter, reducer\)$"):
        choice(empty, "Behandling", ("accepter", "reducer"))
    assert choice(empty, "Behandling", ("accepter", "reducer"), required=False) is None


def test_choice_is_case_sensitive():
    with pytest.raises(ValidationError):
        choice("Intern", "Klassifikation", ("intern",))


# -- as_date -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    ["2026-03-01", "01-03-2026", "01.03.2026", "01/03/2026", " 01-03-2026 ", date(2026, 3, 1), datetime(2026, 3, 1, 23, 59)],
)
def test_as_date_reads_iso_and_danish(value):
    assert as_date(value, "Frist") == date(2026, 3, 1)


@pytest.mark.parametrize("empty", [None, ""])
def test_as_date_empty_is_no_date(empty):
    assert as_date(empty, "Frist") is None


@pytest.mark.parametrize("bad", ["i morgen", "31-02-2026", "2026-13-01", "1/3", 20260301, "03-01-26"])
def test_as_date_refuses_a_bad_value_naming_the_field(bad):
    with pytest.raises(ValidationError) as err:
        as_date(bad, "Frist")
    assert str(err.value) == f"Frist: '{bad}' er ikke en dato (dd-mm-åååå)"
    assert err.value.field == "Frist"


# -- version_of ----------------------------------------------------------------------


@pytest.mark.parametrize("bad", [0, -1, "1", 1.0, True, None])
def test_version_of_refuses_anything_but_a_positive_int(bad):
    with pytest.raises(ValidationError, match="ugyldig version"):
        version_of(bad)


def test_version_of_returns_the_version():
    assert version_of(7) == 7


def test_version_of_takes_a_version_read_from_a_dataframe():
    import numpy as np

    got = version_of(np.int64(4))
    assert got == 4 and type(got) is int
    with pytest.raises(ValidationError):
        version_of(np.int64(0))


# -- require -------------------------------------------------------------------------


def _actor(role: str, *departments: str) -> Actor:
    return Actor(username=role, display_name=f"Bruger {role}", role=role, departments=departments)


# Who may do what, written out (issues 3, 4 and 6): role -> actions allowed. A koordinator's
# approval must name the manager it is given on behalf of (SignoffService.approve checks).
READ = {"read", "catalogue.read"}
ALLOWED = {
    "koordinator": READ | {"export", "system.create", "system.write", "assessment.write", "assessment.approve",
                           "activity.write", "catalogue.write", "settings.write", "demo.load", "users.manage",
                           "dispensation.request", "baseline.freeze"},
    "leder": READ | {"system.create", "system.write", "assessment.write", "assessment.approve", "activity.write",
                     "dispensation.request"},
    "udvalgsformand": READ | {"export", "dispensation.decide"},  # the committee chair decides dispensations
    "udvalgsmedlem": READ | {"export"},
    "revisor": READ | {"export"},
    "deltager": set(),
}
ACTIONS = sorted(PERMISSIONS)


def test_the_permission_table_is_the_agreed_one():
    assert set(ALLOWED) == set(ROLES)
    assert {a: {r for r in ROLES if r in PERMISSIONS[a]} for a in ACTIONS} == {
        a: {r for r, acts in ALLOWED.items() if a in acts} for a in ACTIONS
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ACTIONS)
def test_require_by_role(role, action):
    who = _actor(role, "Borgerservice")
    if action in ALLOWED[role]:
        require(who, action, "Borgerservice")
    else:
        with pytest.raises(PermissionDenied) as err:
            require(who, action, "Borgerservice")
        assert f"Bruger {role} ({value_label('role', role)}) har ikke adgang til at " in str(err.value)


def test_revisor_is_told_in_danish_what_is_refused():
    with pytest.raises(PermissionDenied, match=r"^Bruger revisor \(Revisor\) har ikke adgang til at ændre systemer$"):
        require(_actor("revisor"), "system.write")


def test_leder_writes_only_in_own_departments():
    leder = _actor("leder", "Borgerservice", "Skole")
    require(leder, "system.write", "Borgerservice")
    require(leder, "assessment.write", "Skole")
    with pytest.raises(PermissionDenied) as err:
        require(leder, "system.write", "Teknik og Miljø")
    assert str(err.value) == (
        "Bruger leder kan kun ændre systemer i egne afdelinger og egne systemer, ikke i 'Teknik og Miljø'"
    )
    with pytest.raises(PermissionDenied, match="kan kun ændre risikovurderinger i egne afdelinger"):
        require(leder, "assessment.write", "Teknik og Miljø")
    # Reading too is limited to own departments ...
    with pytest.raises(PermissionDenied, match="kan kun se data i egne afdelinger"):
        require(leder, "read", "Teknik og Miljø")
    # ... except a system the leder owns, wherever it sits.
    require(leder, "assessment.write", "Teknik og Miljø", owner="Bruger Leder")
    require(leder, "read", "Teknik og Miljø", owner="leder")


def test_koordinator_writes_in_every_department():
    require(_actor("koordinator"), "system.write", "Teknik og Miljø")
    require(LOCAL_ACTOR, "assessment.write", "Hvor som helst")


def test_unknown_action_is_refused():
    with pytest.raises(PermissionDenied):
        require(LOCAL_ACTOR, "slet.alt")


# -- dates ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("utc", "shown"),
    [
        (datetime(2026, 7, 1, 10, 0), "01-07-2026 kl. 12:00"),  # summer time, UTC+2
        (datetime(2026, 1, 15, 10, 0), "15-01-2026 kl. 11:00"),  # winter time, UTC+1
        (datetime(2026, 12, 31, 23, 30), "01-01-2027 kl. 00:30"),  # new year in Denmark first
        (datetime(2026, 3, 29, 0, 59), "29-03-2026 kl. 01:59"),  # last minute before the clocks go forward
        (datetime(2026, 3, 29, 1, 0), "29-03-2026 kl. 03:00"),
    ],
)
def test_fmt_datetime_shows_utc_in_danish_time(utc, shown):
    assert fmt_datetime(utc) == shown


def test_fmt_datetime_of_an_aware_timestamp_converts_too():
    from datetime import UTC

    assert fmt_datetime(datetime(2026, 7, 1, 10, 0, tzinfo=UTC)) == "01-07-2026 kl. 12:00"
    assert to_local(datetime(2026, 7, 1, 10, 0)).utcoffset().total_seconds() == 7200


def test_fmt_date():
    assert fmt_date(date(2026, 3, 1)) == "01-03-2026"
    assert fmt_date(None) == ""
    assert fmt_datetime(None) == ""
    # A stored UTC timestamp late in the evening is already the next day in Denmark.
    assert fmt_date(datetime(2026, 7, 1, 22, 30)) == "02-07-2026"
    assert fmt_date(datetime(2026, 7, 1, 21, 59)) == "01-07-2026"


def test_fmt_datetime_in_english_has_no_danish_kl():
    """'opened 06-12-2026 kl. 21:40' in the English workshop list (found in the English room)."""
    ts = datetime(2026, 12, 6, 20, 40)  # UTC, as stored
    assert fmt_datetime(ts, "da") == "06-12-2026 kl. 21:40"
    assert fmt_datetime(ts, "en") == "06-12-2026 21:40"
