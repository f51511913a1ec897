"""Live workshops: a facilitator runs one assessment; participants join with a code and vote.

The facilitator (who may write the assessment) opens a workshop and gets a short join
code. Participants join from their own browsers with the code and their name; where
sign-in is configured, someone who is not signed in waits until the facilitator admits
them. Each participant scores the current threat privately; the facilitator sees who
has voted and the spread, reveals the votes, records the agreed value with a rationale,
and moves on. Every vote is kept (append-only), and the people who joined are the
assessment's participants on record.

Participants act through their join token, not an account: ``vote`` and
``participant_view`` check the token, that the workshop is open, and that the person
was admitted.

One service, :class:`WorkshopService`, in parts by who acts: ``facilitator`` (the room and its screens),
``agenda`` (the threats of the session), ``seats`` (joining by code, leaving), ``participant`` (a
participant's screen and vote) and ``record`` (the assessment's participants, votes and agreed values);
``base`` holds what they share, ``state`` what the screens show. The SQL is ``riskmodel.store.workshops``
(writes) and ``riskmodel.store.queries.workshop`` (reads); the errors' texts are
``riskmodel/locale/errors_workshop.py``.
"""

from __future__ import annotations

from riskmodel.services.workshops.agenda import AgendaUseCases
from riskmodel.services.workshops.facilitator import FacilitatorUseCases
from riskmodel.services.workshops.participant import ParticipantUseCases
from riskmodel.services.workshops.record import RecordUseCases
from riskmodel.services.workshops.seats import SeatUseCases
from riskmodel.services.workshops.state import LiveState, ParticipantState

__all__ = ["LiveState", "ParticipantState", "WorkshopService"]


class WorkshopService(FacilitatorUseCases, AgendaUseCases, SeatUseCases, ParticipantUseCases, RecordUseCases):
    """The live workshop's use cases (each part refuses and audits a denied call under this class's name)."""
