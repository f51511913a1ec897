"""Domain rules of model.py: consequence floors, profile tags, a risk line's consequence and residual."""

from __future__ import annotations

import pytest

from riskmodel.domain.model import RiskLine, SystemInput, confidentiality_floor, system_tags

# (classification, data categories) -> floor on a 4-step and a 5-step scale; written out by hand
# from the policy's reading in data/consequence_floors.json.
FLOORS = [
    ("offentlig", ["ingen"], 1, 1),
    ("intern", ["ingen"], 1, 1),
    ("fortrolig", ["ingen"], 2, 3),
    ("følsom", ["ingen"], 3, 4),
    ("offentlig", ["almindelige"], 2, 2),
    ("intern", ["følsomme"], 3, 4),
    ("intern", ["strafbare"], 3, 4),
    ("intern", ["cpr"], 3, 4),
    ("fortrolig", ["almindelige"], 2, 3),
    ("følsom", ["almindelige"], 3, 4),
    ("offentlig", ["almindelige", "cpr"], 3, 4),
    ("intern", [], 1, 1),
]


@pytest.mark.parametrize(("classification", "categories", "floor4", "floor5"), FLOORS)
def test_confidentiality_floor(classification, categories, floor4, floor5):
    assert confidentiality_floor(classification, categories, 4) == floor4
    assert confidentiality_floor(classification, categories, 5) == floor5
    assert confidentiality_floor(classification, tuple(categories)) == floor4  # 4 steps by default


def test_confidentiality_floor_of_an_unknown_profile_is_no_floor():
    assert confidentiality_floor("ukendt", ["ukendt"], 4) == 1


def _system(**kw) -> SystemInput:
    base = {
        "name": "S",
        "department": "D",
        "supplier": "",
        "hosting": "egen drift",
        "classification": "intern",
        "data_categories": ["ingen"],
        "criticality": "middel",
    }
    base.update(kw)
    return SystemInput(**base)


@pytest.mark.parametrize(
    ("profile", "tags"),
    [
        ({}, {"all", "onprem"}),
        ({"supplier": "KMD"}, {"all", "onprem", "supplier"}),
        ({"hosting": "leverandør"}, {"all", "supplier"}),
        ({"hosting": "cloud"}, {"all", "supplier", "internet"}),
        ({"classification": "offentlig"}, {"all", "onprem", "internet"}),
        ({"data_categories": ["almindelige"]}, {"all", "onprem", "personal_data"}),
        ({"data_categories": ["cpr"]}, {"all", "onprem", "personal_data", "sensitive"}),
        ({"data_categories": ["strafbare"]}, {"all", "onprem", "personal_data", "sensitive"}),
        ({"data_categories": ["almindelige", "følsomme"]}, {"all", "onprem", "personal_data", "sensitive"}),
        ({"classification": "følsom"}, {"all", "onprem", "sensitive"}),
        ({"criticality": "høj"}, {"all", "onprem", "critical"}),
        ({"criticality": "kritisk"}, {"all", "onprem", "critical"}),
        ({"criticality": "lav"}, {"all", "onprem"}),
        ({"data_categories": []}, {"all", "onprem"}),
        (
            {"hosting": "cloud", "classification": "følsom", "data_categories": ["cpr"], "criticality": "kritisk"},
            {"all", "supplier", "internet", "sensitive", "personal_data", "critical"},
        ),
    ],
)
def test_system_tags(profile, tags):
    assert system_tags(_system(**profile)) == tags


def _line(**kw) -> RiskLine:
    base = {
        "id": 1,
        "assessment_id": 1,
        "threat_id": None,
        "threat_code": "X",
        "threat_title": "T",
        "threat_description": "",
        "category": "C",
        "harms_c": True,
        "harms_i": True,
        "harms_a": True,
        "custom": True,
        "position": 1,
        "version": 1,
    }
    base.update(kw)
    return RiskLine(**base)


@pytest.mark.parametrize(
    ("cons", "expected"),
    [
        ({}, None),
        ({"cons_c": 2}, 2),
        ({"cons_a": 4}, 4),
        ({"cons_c": 1, "cons_i": 3, "cons_a": 2}, 3),
        ({"cons_c": 3, "cons_i": None, "cons_a": 1}, 3),
    ],
)
def test_line_consequence_is_the_highest_scored_of_cia(cons, expected):
    assert _line(**cons).consequence == expected


def test_residual_equals_inherent_until_both_residual_scores_are_given():
    line = _line(likelihood=3, cons_c=2, cons_i=4)
    assert line.residual == (3, 4)
    line.residual_likelihood = 1
    assert line.residual == (3, 4)  # half a residual is no residual
    line.residual_likelihood, line.residual_consequence = None, 2
    assert line.residual == (3, 4)
    line.residual_likelihood = 1
    assert line.residual == (1, 2)


def test_residual_of_an_unscored_line_is_unscored():
    assert _line().residual == (None, None)
    assert _line(likelihood=2).residual == (2, None)
