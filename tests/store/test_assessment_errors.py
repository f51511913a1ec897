"""Issue 18 for the assessments and processing activities: a refusal reads in the user's language
(``err.text("en")``) while ``str(err)`` stays the Danish text it always was, word for word; nothing is written."""

from __future__ import annotations

from datetime import timedelta

import pytest
from helpers import data_digest

from riskmodel.domain.dates import dk_today
from riskmodel.domain.errors import (
    FieldConflictError,
    NotFoundError,
    PermissionDenied,
    ValidationError,
    WorkbenchError,
)
from riskmodel.domain.model import LOCAL_ACTOR, ActivityInput, Actor

ANNE = Actor(username="anne", display_name="Anne Andersen", role="koordinator")
LENE = Actor(username="lene", display_name="Lene Leder", role="leder", departments=("Borgerservice",))


def _activity(**kw) -> ActivityInput:
    base = dict(name="Udbetaling af boligstøtte", department="Borgerservice", purpose="Beregne og udbetale boligstøtte",
                responsible="Lene Leder", legal_bases=["art6_1_e"], data_categories=["almindelige"],
                subject_categories=["borgere"], subjects_band="1.000-10.000")
    return ActivityInput(**{**base, **kw})


@pytest.fixture
def world(wb, actor, make_system):
    """A system with a started assessment (its first line), another department's system, and an activity."""
    wb.users.add(actor, "anne", "Anne Andersen", "koordinator")
    sid = make_system(name="Sagssystem")
    aid = wb.assessments.start(actor, sid, 2026)
    line = wb.assessments.lines(actor, aid)[0]
    other = make_system(name="Vejsystem", department="Teknik")
    act = wb.activities.create(actor, _activity())
    return {"sid": sid, "aid": aid, "line": line, "other": other, "act": act}


def _retired(wb, w):
    sid = w["other"]
    wb.systems.set_status(LOCAL_ACTOR, sid, wb.systems.get(LOCAL_ACTOR, sid).version, "udfaset")
    return lambda: wb.assessments.start(LOCAL_ACTOR, sid, 2026)


def _superseded(wb, w):
    wb.assessments.start(LOCAL_ACTOR, w["sid"], 2027)
    ln = w["line"]
    return lambda: wb.assessments.update_line(LOCAL_ACTOR, ln.id, ln.version, {"scenario": "x"})


def _conflict(by):
    def setup(wb, w):
        ln = w["line"]
        wb.assessments.save_fields(by, ln.id, {"likelihood": 2, "cons_c": 3}, {"likelihood": None, "cons_c": None})
        who = ANNE if by is LOCAL_ACTOR else LOCAL_ACTOR
        return lambda: wb.assessments.save_fields(who, ln.id, {"likelihood": 4, "cons_c": 1},
                                                  {"likelihood": None, "cons_c": None})
    return setup


def _dpia_future(wb, w):
    version = wb.activities.get(LOCAL_ACTOR, w["act"]).version
    return lambda: wb.activities.record_dpia(LOCAL_ACTOR, w["act"], version, True,
                                             dk_today() + timedelta(days=3), "Sag 1")


CASES = [
    ("retired system", _retired, ValidationError,
     "Systemet 'Vejsystem' er udfaset og kan ikke vurderes",
     "The system 'Vejsystem' is retired and cannot be assessed"),
    ("unknown threat", lambda wb, w: lambda: wb.assessments.add_threat(LOCAL_ACTOR, w["aid"], 99999), NotFoundError,
     "Truslen med id 99999 findes ikke i kataloget",
     "The catalogue has no threat with id 99999"),
    ("threat twice", lambda wb, w: lambda: wb.assessments.add_threat(LOCAL_ACTOR, w["aid"], w["line"].threat_id),
     ValidationError, None, "is already in the assessment"),
    ("no changes", lambda wb, w: lambda: wb.assessments.update_line(LOCAL_ACTOR, w["line"].id, w["line"].version, {}),
     ValidationError, "Ingen ændringer at gemme", "No changes to save"),
    ("not seen", lambda wb, w: lambda: wb.assessments.save_fields(LOCAL_ACTOR, w["line"].id, {"cons_a": 2}, {}),
     ValidationError, "Feltet 'Konsekvens for tilgængelighed' mangler den værdi, du så før ændringen",
     "The field 'Consequence for availability' lacks the value you saw before the change"),
    ("off the scale", lambda wb, w: lambda: wb.assessments.update_line(LOCAL_ACTOR, w["line"].id, w["line"].version,
                                                                       {"residual_likelihood": 9}),
     ValidationError, "Restrisiko: sandsynlighed: 9 ligger uden for skalaen 1-4",
     "Residual risk: likelihood: 9 is outside the scale 1-4"),
    ("not a line field", lambda wb, w: lambda: wb.assessments.update_line(LOCAL_ACTOR, w["line"].id, w["line"].version,
                                                                          {"version": 7}),
     ValidationError, "Feltet 'version' kan ikke ændres på en risikolinje",
     "The field 'version' cannot be changed on a risk line"),
    ("superseded", _superseded, ValidationError, "Vurderingen er afløst af en nyere og kan ikke ændres",
     "The assessment has been replaced by a newer one and cannot be changed"),
    ("acceptance in the future", lambda wb, w: lambda: wb.assessments.accept_risk(
        LOCAL_ACTOR, w["line"].id, w["line"].version, "Borgmester", dk_today() + timedelta(days=1), "Sag 7"),
     ValidationError, "Dato for accept kan ikke ligge i fremtiden", "The date of acceptance cannot be in the future"),
    ("conflict with a person", _conflict(ANNE), FieldConflictError,
     "Sandsynlighed, Konsekvens for fortrolighed er ændret af Anne Andersen, efter du så feltet. Intet er gemt: "
     "vælg, hvilken værdi der skal gælde.",
     "Likelihood, Consequence for confidentiality was changed by Anne Andersen after you saw it. Nothing was "
     "saved: choose which value is to apply."),
    ("conflict with the local user", _conflict(LOCAL_ACTOR), FieldConflictError,
     "Sandsynlighed, Konsekvens for fortrolighed er ændret af Lokal bruger, efter du så feltet. Intet er gemt: "
     "vælg, hvilken værdi der skal gælde.",
     "Likelihood, Consequence for confidentiality was changed by Local user after you saw it. Nothing was "
     "saved: choose which value is to apply."),
    ("unknown activity", lambda wb, w: lambda: wb.activities.get(LOCAL_ACTOR, 999), NotFoundError,
     "Behandlingsaktiviteten med id 999 findes ikke", "There is no processing activity with id 999"),
    ("unknown activity, ds start", lambda wb, w: lambda: wb.assessments.start_activity(LOCAL_ACTOR, 999),
     NotFoundError, "Behandlingsaktiviteten med id 999 findes ikke", "There is no processing activity with id 999"),
    ("no legal basis", lambda wb, w: lambda: wb.activities.create(LOCAL_ACTOR, _activity(legal_bases=[])),
     ValidationError, "Retsgrundlag: vælg mindst én", "Legal basis: choose at least one"),
    ("codes as text", lambda wb, w: lambda: wb.activities.create(LOCAL_ACTOR, _activity(subject_categories="borgere")),
     ValidationError, "Kategorier af registrerede: vælg fra listen", "Categories of data subjects: choose from the list"),
    ("system out of reach", lambda wb, w: lambda: wb.activities.create(LENE, _activity(), [w["other"]]),
     PermissionDenied,
     f"Lene Leder kan kun knytte systemer fra egne afdelinger og egne systemer til en behandlingsaktivitet: "
     f"systemet med id {'{other}'} findes ikke eller er uden for rækkevidde",
     "Lene Leder can only link systems of their own departments and their own systems to a processing activity: "
     "the system with id {other} does not exist or is out of reach"),
    ("unknown system", lambda wb, w: lambda: wb.activities.create(LOCAL_ACTOR, _activity(), [999]), ValidationError,
     "Systemet med id 999 findes ikke", "There is no system with id 999"),
    ("DPIA in the future", _dpia_future, ValidationError, "Dato for konsekvensanalyse kan ikke ligge i fremtiden",
     "The date of the DPIA cannot be in the future"),
]


@pytest.mark.parametrize(("setup", "kind", "da", "en"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_a_refusal_reads_in_english_and_stays_danish_word_for_word(wb, world, setup, kind, da, en):
    call = setup(wb, world)
    before = data_digest(wb)
    with pytest.raises(WorkbenchError) as caught:
        call()
    err = caught.value
    assert isinstance(err, kind)
    assert err.key and err.key.startswith(("err.assessment.", "err.activity."))
    if da is None:  # the Danish of a case without a fixed name (the first line's threat) is checked by its shape
        assert str(err).endswith("er allerede med i vurderingen") and err.text("en").endswith(en)
    else:
        assert str(err) == err.text("da") == da.format(**world)
        assert err.text("en") == en.format(**world)
    if not isinstance(err, PermissionDenied):  # a refusal is audited; nothing else is written
        assert data_digest(wb) == before
