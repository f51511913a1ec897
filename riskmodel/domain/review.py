"""Pure date rules of the annual review cycle (groundwork for the review issue).

Every function takes ``today`` explicitly (no hidden clock), so the rules are tested
with any date and nobody waits. No storage, no UI.

- Review: an assessment is reviewed at least every ``interval`` months after its
  approval; fortrolig and følsom systems never less often than every 12 months, the
  others at most every 24. The overview lists overdue reviews and those due within
  ``DUE_WINDOW_DAYS``. A major change marks the assessment as needing review at once.
- Dispensations: an expiry date is required, at most 12 months after the request;
  those expiring within ``EXPIRY_WARNING_DAYS`` are flagged, and an approved
  dispensation past its expiry is expired.
- Measures of the treatment plan: a deadline passed without the measure done is overdue.
"""

from __future__ import annotations

import calendar
from datetime import date

from riskmodel.domain.codes import DispensationStatus, MeasureStatus, values
from riskmodel.domain.errors import Text

DEFAULT_INTERVAL_MONTHS = 12
MAX_INTERVAL_MONTHS = {"fortrolig": 12, "følsom": 12}
MAX_INTERVAL_OTHER = 24
DUE_WINDOW_DAYS = 60
EXPIRY_WARNING_DAYS = 30
DISPENSATION_MAX_MONTHS = 12

CHANGE_KINDS = ("ny_leverandoer", "ny_anvendelse", "ny_integration", "ny_datakategori")
MEASURE_STATUSES = values(MeasureStatus)
DISPENSATION_STATUSES = values(DispensationStatus)


def add_months(d: date, months: int) -> date:
    """``d`` plus whole months; the day is clamped to the month's last day (31-01 + 1 = 28/29-02)."""
    index = d.month - 1 + months
    year, month = d.year + index // 12, index % 12 + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def max_interval(classification: str) -> int:
    return MAX_INTERVAL_MONTHS.get(classification, MAX_INTERVAL_OTHER)


class RuleError(ValueError):
    """A broken rule: the Danish message (``str``), and the error key and its parameters for the reader's language
    (riskmodel/locale/errors_services.py; a service raises them as a ValidationError)."""

    def __init__(self, key: str, **params):
        from riskmodel.i18n import t

        self.key, self.params = key, params
        super().__init__(t(key, "da", **{k: v.text("da") if isinstance(v, Text) else v for k, v in params.items()}))


class _Classification(Text):
    """A classification as it reads in a sentence: the stored word in Danish ("et fortrolig system"), the label
    in lower case in English ("a confidential system")."""

    def __init__(self, value: str):
        super().__init__(f"value.classification.{value}")
        self.value = value

    def text(self, lang: str) -> str:
        return self.value if lang != "en" else super().text(lang).lower()


def check_interval(months, classification: str) -> int:
    """The review interval in months, or :class:`RuleError` (a ValueError) naming the limit."""
    if isinstance(months, bool) or not isinstance(months, int):
        raise RuleError("err.review.interval_not_months", months=months)
    limit = max_interval(classification)
    if not 1 <= months <= limit:
        extra = (Text("err.review.interval_for", classification=_Classification(classification))
                 if classification in MAX_INTERVAL_MONTHS else "")
        raise RuleError("err.review.interval_range", limit=limit, extra=extra, months=months)
    return months


def next_review(approved_on: date | None, interval_months: int = DEFAULT_INTERVAL_MONTHS) -> date | None:
    """When the assessment must be reviewed next: ``interval_months`` after its approval (None: never approved)."""
    return add_months(approved_on, interval_months) if approved_on else None


def review_status(due: date | None, today: date, *, changed: bool = False, window_days: int = DUE_WINDOW_DAYS) -> str:
    """'changed' (a major change since the approval), 'never' (not approved), 'overdue', 'due' (within the
    window) or 'ok'."""
    if changed:
        return "changed"
    if due is None:
        return "never"
    if due < today:
        return "overdue"
    if (due - today).days <= window_days:
        return "due"
    return "ok"


def check_dispensation_expiry(expires_on: date | None, requested_on: date) -> date:
    """An expiry date is required and lies after the request, at most 12 months ahead."""
    if expires_on is None:
        raise RuleError("err.dispensation.expiry_required")
    if expires_on <= requested_on:
        raise RuleError("err.dispensation.expiry_before_request")
    limit = add_months(requested_on, DISPENSATION_MAX_MONTHS)
    if expires_on > limit:
        raise RuleError("err.dispensation.expiry_too_far", months=DISPENSATION_MAX_MONTHS,
                        last=limit.strftime('%d-%m-%Y'))
    return expires_on


def dispensation_state(status: str, expires_on: date, today: date) -> tuple[str, bool]:
    """The effective status (an approved dispensation past its expiry is 'udloebet') and whether it
    expires within the warning window."""
    if status == DispensationStatus.GODKENDT and expires_on < today:
        return DispensationStatus.UDLOEBET.value, False
    soon = status == DispensationStatus.GODKENDT and (expires_on - today).days <= EXPIRY_WARNING_DAYS
    return status, soon


def measure_overdue(deadline: date | None, status: str, today: date) -> bool:
    return deadline is not None and deadline < today and status != MeasureStatus.GENNEMFOERT
