"""Today is the date in Denmark, whatever zone the server's clock is in."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

from riskmodel.domain.dates import dk_date, dk_today

ROOT = Path(__file__).resolve().parents[2]


def test_just_after_midnight_in_copenhagen_it_is_already_tomorrow():
    assert dk_today(datetime(2026, 12, 6, 23, 7, tzinfo=UTC)) == date(2026, 12, 7)  # 00:07 in winter (UTC+1)
    assert dk_today(datetime(2026, 7, 1, 22, 30, tzinfo=UTC)) == date(2026, 7, 2)  # 00:30 in summer (UTC+2)
    assert dk_today(datetime(2026, 12, 6, 22, 59, tzinfo=UTC)) == date(2026, 12, 6)


def test_no_code_asks_the_servers_own_zone_for_today():
    """date.today() is the server's zone: a server on UTC dated a review 06-12 at 00:07 on 07-12 Danish time."""
    found = [f"{p.relative_to(ROOT)}:{n}" for folder in ("riskmodel", "pages") for p in (ROOT / folder).rglob("*.py")
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
             if re.search(r"\bdate\.today\(\)", line) and not line.lstrip().startswith("#")]
    found += [f"app.py:{n}" for n, line in enumerate((ROOT / "app.py").read_text(encoding="utf-8").splitlines(), 1)
              if "date.today()" in line]
    assert found == []


def test_a_stored_timestamp_has_its_danish_date():
    """An approval stored at 23:30 UTC on 06-12 was made on 07-12 in Denmark: the next review counts from then."""
    assert dk_date(datetime(2026, 12, 6, 23, 30)) == date(2026, 12, 7)  # naive, as stored: UTC
    assert dk_date(datetime(2026, 12, 6, 12, 0)) == date(2026, 12, 6)
