"""Danish date formats. Dates are stored as ISO dates, timestamps in UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

DK = ZoneInfo("Europe/Copenhagen")


def dk_today(now: datetime | None = None) -> date:
    """Today's date in Denmark: the date a user's calendar shows, whatever the server's clock zone (a server on
    UTC said 06-12 for a review at 00:07 on 07-12, while the times beside it said 07-12)."""
    return (now or datetime.now(UTC)).astimezone(DK).date()


def dk_date(ts: datetime) -> date:
    """The Danish date of a stored (naive UTC) timestamp: an approval at 23:30 UTC on 06-12 is one of 07-12."""
    return to_local(ts).date()


def to_local(ts: datetime) -> datetime:
    """A stored (naive UTC) timestamp in Danish time."""
    if ts.tzinfo is None:
        ts = ts.replace(tzinfo=UTC)
    return ts.astimezone(DK)


def fmt_date(d: date | datetime | None) -> str:
    """dd-mm-yyyy, or '' for no date."""
    if d is None:
        return ""
    if isinstance(d, datetime):
        d = to_local(d)
    return d.strftime("%d-%m-%Y")


def fmt_datetime(ts: datetime | None, lang: str = "da") -> str:
    """dd-mm-yyyy kl. HH:MM in Danish time (in English: dd-mm-yyyy HH:MM, without the Danish "kl.")."""
    if ts is None:
        return ""
    return to_local(ts).strftime("%d-%m-%Y kl. %H:%M" if lang != "en" else "%d-%m-%Y %H:%M")
