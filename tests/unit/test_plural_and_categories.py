"""Plural forms in UI strings, and 'ingen' personal data against the other categories (issue 18)."""

from __future__ import annotations

from riskmodel.domain.model import settle_no_data
from riskmodel.i18n import t


def test_counts_take_the_right_plural_form_in_both_languages():
    assert t("guided.open_help", "da", n=1).startswith("1 punkt.")
    assert t("guided.open_help", "da", n=49).startswith("49 punkter.")
    assert t("guided.open_help", "en", n=1).startswith("1 item.")
    assert t("guided.open_help", "en", n=2).startswith("2 items.")
    assert t("guided.signoff.blocked", "en", n=1) == ("Cannot be sent for sign-off yet: 1 item needs a decision "
                                                      "(see the list above).")
    assert t("systems.rv.pending", "da", n=1).startswith("1 væsentlig ændring siden")
    assert t("systems.rv.pending", "da", n=3).startswith("3 væsentlige ændringer siden")
    assert "(er)" not in t("guided.signoff.blocked_approve", "da", n=2)


def test_ingen_and_the_other_categories_exclude_each_other():
    assert settle_no_data(["ingen"], ["ingen", "cpr"]) == ["cpr"]  # a category added to the default
    assert settle_no_data(["cpr", "almindelige"], ["cpr", "almindelige", "ingen"]) == ["ingen"]  # 'ingen' added
    assert settle_no_data([], ["ingen", "cpr"]) == ["cpr"]
    assert settle_no_data(["cpr"], ["ingen"]) == ["ingen"]
    assert settle_no_data(["ingen"], ["almindelige", "cpr"]) == ["almindelige", "cpr"]
    assert settle_no_data(["cpr"], ["cpr", "cpr"]) == ["cpr"]
