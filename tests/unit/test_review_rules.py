"""Date rules of the review cycle with a controllable clock: no real waiting."""

from __future__ import annotations

from datetime import date

import pytest

from riskmodel.domain import review


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2026, 11, 28), 12, date(2027, 11, 28)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
        (date(2026, 5, 10), 0, date(2026, 5, 10)),
    ],
)
def test_add_months_clamps_the_day(start, months, expected):
    assert review.add_months(start, months) == expected


@pytest.mark.parametrize(
    ("classification", "months", "ok"),
    [("fortrolig", 12, True), ("fortrolig", 13, False), ("følsom", 12, True), ("følsom", 18, False),
     ("intern", 24, True), ("intern", 25, False), ("offentlig", 1, True), ("intern", 0, False)],
)
def test_review_interval_limits(classification, months, ok):
    if ok:
        assert review.check_interval(months, classification) == months
    else:
        with pytest.raises(ValueError, match="Interval for gennemgang skal være 1-"):
            review.check_interval(months, classification)


def test_interval_must_be_whole_months():
    for bad in (True, 1.5, "12", None):
        with pytest.raises(ValueError, match="ikke et helt antal måneder"):
            review.check_interval(bad, "intern")


def test_next_review_defaults_to_twelve_months_after_approval():
    assert review.next_review(date(2026, 2, 28)) == date(2027, 2, 28)
    assert review.next_review(date(2026, 3, 1), 6) == date(2026, 9, 1)
    assert review.next_review(None) is None


@pytest.mark.parametrize(
    ("due", "today", "changed", "expected"),
    [
        (date(2026, 11, 27), date(2026, 11, 28), False, "overdue"),
        (date(2026, 11, 28), date(2026, 11, 28), False, "due"),
        (date(2027, 1, 27), date(2026, 11, 28), False, "due"),  # 60 days ahead: inside the window
        (date(2027, 1, 28), date(2026, 11, 28), False, "ok"),  # 61 days ahead
        (None, date(2026, 11, 28), False, "never"),
        (date(2027, 6, 1), date(2026, 11, 28), True, "changed"),
    ],
)
def test_review_status(due, today, changed, expected):
    assert review.review_status(due, today, changed=changed) == expected


def test_dispensation_expiry_is_required_and_at_most_twelve_months_ahead():
    asked = date(2026, 11, 28)
    assert review.check_dispensation_expiry(date(2027, 11, 28), asked) == date(2027, 11, 28)
    with pytest.raises(ValueError, match="Udløbsdato skal udfyldes"):
        review.check_dispensation_expiry(None, asked)
    with pytest.raises(ValueError, match="højst gælde i 12 måneder \\(senest 28-11-2027\\)"):
        review.check_dispensation_expiry(date(2027, 11, 29), asked)
    with pytest.raises(ValueError, match="efter datoen for anmodningen"):
        review.check_dispensation_expiry(asked, asked)


@pytest.mark.parametrize(
    ("status", "expires", "today", "expected"),
    [
        ("godkendt", date(2026, 12, 28), date(2026, 11, 28), ("godkendt", True)),  # 30 days: flagged
        ("godkendt", date(2026, 12, 29), date(2026, 11, 28), ("godkendt", False)),
        ("godkendt", date(2026, 11, 27), date(2026, 11, 28), ("udloebet", False)),
        ("anmodet", date(2026, 12, 1), date(2026, 11, 28), ("anmodet", False)),
        ("afvist", date(2026, 1, 1), date(2026, 11, 28), ("afvist", False)),
    ],
)
def test_dispensation_state(status, expires, today, expected):
    assert review.dispensation_state(status, expires, today) == expected


def test_measure_overdue():
    today = date(2026, 11, 28)
    assert review.measure_overdue(date(2026, 11, 27), "i_gang", today)
    assert not review.measure_overdue(date(2026, 11, 27), "gennemfoert", today)
    assert not review.measure_overdue(date(2026, 11, 28), "planlagt", today)
    assert not review.measure_overdue(None, "planlagt", today)
