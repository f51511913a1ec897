"""The stored domain codes (riskmodel/codes.py): their values are what the database holds today, never renamed."""

from __future__ import annotations

import pytest

from riskmodel.domain import codes, model, review

STORED = {
    codes.Role: ("koordinator", "leder", "udvalgsformand", "udvalgsmedlem", "revisor", "deltager"),
    codes.ParticipantRole: ("systemejer", "leder", "risikoejer", "fagperson", "it", "databeskyttelsesraadgiver",
                            "facilitator", "andet"),
    codes.Classification: ("offentlig", "intern", "fortrolig", "følsom"),
    codes.Criticality: ("lav", "middel", "høj", "kritisk"),
    codes.Treatment: ("accepter", "reducer", "overfør", "undgå"),
    codes.SystemStatus: ("aktiv", "udfaset"),
    codes.AssessmentStatus: ("kladde", "til_godkendelse", "godkendt"),
    codes.ActivityStatus: ("aktiv", "ophørt"),
    codes.WorkshopStatus: ("aaben", "lukket"),
    codes.WorkshopPhase: ("stemmer", "vist"),
    codes.Lens: ("org", "ds"),
    codes.MeasureStatus: ("planlagt", "i_gang", "gennemfoert", "udskudt"),
    codes.DispensationStatus: ("anmodet", "godkendt", "afvist", "udloebet"),
}


@pytest.mark.parametrize("enum", STORED, ids=lambda e: e.__name__)
def test_each_code_keeps_the_string_stored_today(enum):
    assert codes.values(enum) == STORED[enum]
    for member, stored in zip(enum, STORED[enum], strict=True):
        assert member == stored and str(member) == stored and f"{member}" == stored
        assert enum(stored) is member  # a stored string reads back as its member


@pytest.mark.parametrize(("vocabulary", "enum"), [
    (model.ROLES, codes.Role), (model.PARTICIPANT_ROLES, codes.ParticipantRole),
    (model.CLASSIFICATIONS, codes.Classification), (model.CRITICALITIES, codes.Criticality),
    (model.TREATMENTS, codes.Treatment), (model.SYSTEM_STATUSES, codes.SystemStatus),
    (model.ASSESSMENT_STATUSES, codes.AssessmentStatus), (model.ACTIVITY_STATUSES, codes.ActivityStatus),
    (model.WORKSHOP_STATUSES, codes.WorkshopStatus), (model.WORKSHOP_PHASES, codes.WorkshopPhase),
    (model.LENSES, codes.Lens), (review.MEASURE_STATUSES, codes.MeasureStatus),
    (review.DISPENSATION_STATUSES, codes.DispensationStatus),
])
def test_the_vocabularies_are_the_codes_as_plain_strings(vocabulary, enum):
    assert vocabulary == STORED[enum]
    assert all(type(v) is str for v in vocabulary)  # what goes to SQL, selectboxes and argparse stays a plain str


def test_a_misspelt_code_fails_at_once():
    with pytest.raises(AttributeError):
        codes.AssessmentStatus.GODKENDDT  # noqa: B018
    with pytest.raises(ValueError):
        codes.AssessmentStatus("godkendtt")


def test_an_expired_dispensation_reads_as_the_stored_string():
    from datetime import date

    state, expiring = review.dispensation_state(codes.DispensationStatus.GODKENDT, date(2026, 1, 1), date(2026, 2, 1))
    assert (state, expiring) == ("udloebet", False) and type(state) is str
