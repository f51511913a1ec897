"""The pure rules that read a foreign register: proposals for values, rows that are not risks, short titles,
and the mapping file's format."""

from __future__ import annotations

import pytest

from riskmodel.formats.mapping import (
    MappingSpec,
    headers_key,
    non_risk_reason,
    propose_conversions,
    propose_score,
    propose_treatment,
    rescale,
    shorten,
)

LIK = ["Usandsynlig", "Mindre sandsynlig", "Sandsynlig", "Forventet"]
CONS = ["Ubetydelig", "Mindre alvorlig", "Alvorlig", "Kritisk"]
TREAT = {"accepter": "Accepter", "reducer": "Reducer", "overfør": "Overfør", "undgå": "Undgå"}


@pytest.mark.parametrize(("value", "expected"), [
    ("3 - Sandsynligt", 3), ("2. Mindre sandsynligt", 2), ("Sandsynlig", 3), ("Sandsynligt", 3), ("Forventet", 4),
    ("Høj", 3), ("Middel", 2), ("Lav", 1), ("Meget høj", 4), ("ukendt", None), ("9 - Altid", None),
])
def test_score_labels_are_proposed(value, expected):
    assert propose_score(value, 4, LIK, None) == expected


def test_a_five_step_scale_is_proposed_as_the_whole_even_table():
    assert [rescale(n, 5, 4) for n in range(1, 6)] == [1, 2, 3, 3, 4]
    got = propose_conversions({"consequence": [1, 5]}, 4, LIK, CONS, TREAT, TREAT)
    assert got == {"consequence": {"1": 1, "2": 2, "3": 3, "4": 3, "5": 4}}


@pytest.mark.parametrize(("word", "code"), [
    ("Mitiger", "reducer"), ("Modificér", "reducer"), ("Reducer", "reducer"), ("Mitigate", "reducer"),
    ("Del", "overfør"), ("Overfør", "overfør"), ("Transfer", "overfør"), ("Share", "overfør"),
    ("Undgå", "undgå"), ("Avoid", "undgå"), ("Accepter", "accepter"), ("Accept", "accepter"), ("Behold", "accepter"),
    ("Ignorér", None),
])
def test_treatment_words_of_iso_27005_and_other_tools(word, code):
    assert propose_treatment(word, TREAT) == code


def test_our_own_values_need_no_conversion():
    got = propose_conversions({"treatment": ["Reducer", "undgå", "Mitiger"], "likelihood": [1, 4, "2"]},
                              4, LIK, CONS, TREAT, TREAT)
    assert got == {"treatment": {"Mitiger": "reducer"}}


@pytest.mark.parametrize(("row", "why"), [
    ([None, "", None], "blank"),
    (["I alt", None, 34], "total"),
    (["Total:", 12, "7,5"], "total"),
    (["System", "Trussel"], "header"),
    (["ESDH", "Total nedbrud af netværket"], None),  # a threat, not a totals row
    (["Sum", "Brand", 3], None),
    (["ESDH", "Phishing", 3], None),
])
def test_rows_that_are_not_risks(row, why):
    assert non_risk_reason(row, ["System", "Trussel", "Sandsynlighed"]) == why


def test_a_long_title_is_cut_at_a_word():
    text = "ord " * 100
    short = shorten(text.strip(), 200)
    assert len(short) <= 200 and short.endswith("ord…")
    assert shorten("kort", 200) == "kort"


def test_the_mapping_file_round_trips_and_reads_the_older_flat_form():
    spec = MappingSpec(columns={"system": "Navn"}, conversions={"likelihood": {"Høj": 3}}, defaults={"department": "IT"},
                       consequence_to="c", headers=["Navn"])
    assert MappingSpec.from_json(spec.to_json()) == spec
    assert MappingSpec.from_obj({"system": "Navn"}).columns == {"system": "Navn"}
    for bad, part in (("[1]", "JSON-objekt"), ('{"columns": {"system": 1}}', "columns"),
                      ('{"columns": {}, "consequence_to": "x"}', "consequence_to"), ("{nope", "gyldig JSON")):
        with pytest.raises(ValueError, match=part):
            MappingSpec.from_json(bad)
    assert headers_key(["System", " trussel"]) == headers_key(["TRUSSEL", "system"])
