"""Issue 14 (3): the hidden copy of what the page showed of a line, and how a page's first run reads the
values a reconnected tab hands over (pages/assessment_steps/fields.py). The browser side is
tests/e2e/test_server_crash.py; the save against the copy is tests/store/test_field_saves.py."""

from __future__ import annotations

import json
from datetime import date

from pages.assessment_steps.fields import _MISSING, handed_over, shown_copy


def test_the_copy_is_read_only_for_its_own_line():
    text = json.dumps({"line": 7, "seen": {"likelihood": 2, "measure_deadline": "2026-12-31"}})
    assert shown_copy(7, text) == {"likelihood": 2, "measure_deadline": "2026-12-31"}
    assert shown_copy(8, text) is None  # the tab showed another line
    for broken in ("", None, "{", "[]", json.dumps({"line": 7}), json.dumps({"line": 7, "seen": [1]})):
        assert shown_copy(7, broken) is None


def test_a_handed_over_value_is_the_users_only_when_it_differs_from_what_the_tab_showed():
    # The user clicked 3 on a line the tab showed unscored; someone else stored 4 meanwhile: save (and be refused).
    assert handed_over(3, 4, None) == "mine"
    # The tab shows what it was shown (unscored); 4 was stored meanwhile: draw it again, save nothing.
    assert handed_over(None, 4, None) == "stale"
    assert handed_over(2, 2, 2) == "same"
    # Dates travel as ISO text; texts and lists compare as the page compares them.
    assert handed_over(date(2026, 12, 31), date(2027, 1, 31), "2026-12-31") == "stale"
    assert handed_over("", None, None) == "same"
    assert handed_over(["b", "a"], ["a", "b"], ["a", "b"]) == "same"
    # A tab without a copy of the field: compared with what is stored, as before the copy existed.
    assert handed_over(3, None, _MISSING) == "mine"
    assert handed_over(None, None, _MISSING) == "same"
