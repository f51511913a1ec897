"""The domain codes the database stores, one ``StrEnum`` each: the one home of every stored code.

The values are exactly the strings stored today (Danish, ASCII-folded where the stored value is), so a
member equals its string (``Role.LEDER == "leder"``) and code that still compares bare strings keeps
working. Prefer the members in new code: a typo in a member name fails at import, a typo in a string
never fails. Labels shown to users are not here: they live in riskmodel/locale/ by code.

The tuples in riskmodel.domain.model and riskmodel.domain.review (``ROLES``, ``SYSTEM_STATUSES``, ...) are built
from these enums as plain strings, so what is offered, validated and stored is unchanged.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """A user's role (users.role, Actor.role)."""

    KOORDINATOR = "koordinator"
    LEDER = "leder"
    UDVALGSFORMAND = "udvalgsformand"
    UDVALGSMEDLEM = "udvalgsmedlem"
    REVISOR = "revisor"
    DELTAGER = "deltager"


class ParticipantRole(StrEnum):
    """The role a participant has in a workshop (shown with the assessment and in the Excel pack)."""

    SYSTEMEJER = "systemejer"
    LEDER = "leder"
    RISIKOEJER = "risikoejer"
    FAGPERSON = "fagperson"
    IT = "it"
    DATABESKYTTELSESRAADGIVER = "databeskyttelsesraadgiver"
    FACILITATOR = "facilitator"
    ANDET = "andet"


class Classification(StrEnum):
    OFFENTLIG = "offentlig"
    INTERN = "intern"
    FORTROLIG = "fortrolig"
    FOELSOM = "følsom"


class Criticality(StrEnum):
    LAV = "lav"
    MIDDEL = "middel"
    HOEJ = "høj"
    KRITISK = "kritisk"


class Treatment(StrEnum):
    """How a risk line is treated (risk_lines.treatment)."""

    ACCEPTER = "accepter"
    REDUCER = "reducer"
    OVERFOER = "overfør"
    UNDGAA = "undgå"


class SystemStatus(StrEnum):
    AKTIV = "aktiv"
    UDFASET = "udfaset"


class AssessmentStatus(StrEnum):
    KLADDE = "kladde"
    TIL_GODKENDELSE = "til_godkendelse"
    GODKENDT = "godkendt"


class ActivityStatus(StrEnum):
    """A processing activity's status."""

    AKTIV = "aktiv"
    OPHOERT = "ophørt"


class WorkshopStatus(StrEnum):
    AABEN = "aaben"
    LUKKET = "lukket"


class WorkshopPhase(StrEnum):
    """The phase of the line being voted on: votes hidden while voting, then shown."""

    STEMMER = "stemmer"
    VIST = "vist"


class Lens(StrEnum):
    """Whose risk an assessment weighs: the organisation's assets, or the data subjects' rights."""

    ORG = "org"
    DS = "ds"


class MeasureStatus(StrEnum):
    """A planned measure's status in the treatment plan."""

    PLANLAGT = "planlagt"
    I_GANG = "i_gang"
    GENNEMFOERT = "gennemfoert"
    UDSKUDT = "udskudt"


class DispensationStatus(StrEnum):
    """A dispensation's status; ``UDLOEBET`` is also the effective state of an approved one past its expiry."""

    ANMODET = "anmodet"
    GODKENDT = "godkendt"
    AFVIST = "afvist"
    UDLOEBET = "udloebet"


def values(codes: type[StrEnum]) -> tuple[str, ...]:
    """The stored strings of ``codes`` in declaration order, as plain ``str`` (for choices, validation and SQL)."""
    return tuple(c.value for c in codes)
