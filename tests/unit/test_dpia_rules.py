"""The DPIA screening rule (table-driven over the answer combinations that matter) and the severity floors."""

from __future__ import annotations

import itertools
import json

import pytest

from riskmodel.domain import dpia
from riskmodel.domain.model import SystemInput

KEYS = dpia.criterion_keys()


def test_the_nine_edpb_criteria_with_danish_and_english_texts():
    assert len(KEYS) == 9
    assert [dpia.label("criteria", k) for k in KEYS] == [
        "Evaluering eller scoring", "Automatiske afgørelser med retsvirkning", "Systematisk overvågning",
        "Følsomme eller meget personlige oplysninger", "Behandling i stort omfang", "Samkøring af datasæt",
        "Sårbare registrerede", "Ny teknologi", "Behandling der hindrer udøvelse af en rettighed",
    ]
    for c in dpia.criteria():
        assert c["help_da"] and c["help_en"] and c["en"]


def _answers(yes=0, unknown=0, no=None):
    """yes 'ja', then unknown 'ved ikke', then 'nej' for the rest (or for ``no`` of them; the others unanswered)."""
    out = {}
    keys = iter(KEYS)
    for _ in range(yes):
        out[next(keys)] = "ja"
    for _ in range(unknown):
        out[next(keys)] = "ved_ikke"
    rest = list(keys)
    for k in rest[: len(rest) if no is None else no]:
        out[k] = "nej"
    return out


# Every count of ja / ved ikke / nej / unanswered that sums to nine.
COMBINATIONS = [(y, u, n) for y, u, n in itertools.product(range(10), repeat=3) if y + u + n <= 9]


@pytest.mark.parametrize(("yes", "unknown", "no"), COMBINATIONS)
def test_screening_rule_over_every_count_of_answers(yes, unknown, no):
    result = dpia.screen(_answers(yes, unknown, no))
    unanswered = 9 - yes - unknown - no
    if yes >= 2:
        expected = "dpia_required"
    elif yes + unknown + unanswered < 2:
        expected = "not_required"
    elif unanswered:
        expected = "incomplete"
    elif unknown:
        expected = "follow_up"
    else:
        expected = "not_required"
    assert result.conclusion == expected
    assert len(result.yes) == yes and len(result.unknown) == unknown and len(result.unanswered) == unanswered
    # A "ved ikke" is always flagged for follow-up, whatever the conclusion.
    assert bool(result.unknown) == (unknown > 0)


def test_the_order_of_answers_does_not_matter():
    for combo in itertools.permutations(["ja", "ja", "nej", "ved_ikke"], 4):
        answers = dict(zip(KEYS, combo, strict=False)) | {k: "nej" for k in KEYS[4:]}
        assert dpia.screen(answers).conclusion == "dpia_required"


def test_reasons_name_the_criteria_in_danish_and_english():
    result = dpia.screen({k: "nej" for k in KEYS} | {"sensitive": "ja", "vulnerable": "ja", "monitoring": "ved_ikke"})
    da = result.reasons("da")
    assert da[0] == "2 kriterier er opfyldt (grænsen er 2): Følsomme eller meget personlige oplysninger, Sårbare registrerede"
    assert da[1] == "Skal afklares (ved ikke): Systematisk overvågning"
    assert result.reasons("en")[0].startswith("2 criteria are met (the threshold is 2): Sensitive or highly personal data")


def test_unknown_criteria_are_refused():
    with pytest.raises(ValueError, match="Ukendte kriterier: hacking"):
        dpia.screen({"hacking": "ja"})


def test_the_rule_is_data(tmp_path, monkeypatch):
    """Change the threshold in the file, not the code."""
    data = json.loads((dpia.DPIA_DIR / "criteria.json").read_text(encoding="utf-8"))
    data["rule"]["required_min_yes"] = 3
    (tmp_path / "criteria.json").write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setattr(dpia, "DPIA_DIR", tmp_path)
    dpia.screening_rules.cache_clear()
    try:
        assert dpia.screen(_answers(2, 0)).conclusion == "not_required"
        assert dpia.screen(_answers(3, 0)).conclusion == "dpia_required"
    finally:
        dpia.screening_rules.cache_clear()


@pytest.mark.parametrize(
    ("data", "subjects", "classes", "floor"),
    [
        (["almindelige"], ["borgere"], [], 2),
        (["cpr"], ["ansatte"], [], 3),
        (["følsomme"], ["borgere"], [], 3),
        (["strafbare"], [], [], 3),
        (["almindelige"], ["boern_unge"], [], 3),
        (["almindelige"], ["udsatte"], [], 3),
        (["almindelige"], ["borgere"], ["fortrolig"], 2),
        (["almindelige"], ["borgere"], ["følsom"], 3),
        ([], [], [], 1),
    ],
)
def test_severity_floor(data, subjects, classes, floor):
    assert dpia.severity_floor(data, subjects, classes) == floor
    assert bool(dpia.floor_reasons(data, subjects, classes)) == (floor > 1)


def test_the_data_subject_matrix_is_four_by_four_with_danish_labels():
    p = dpia.ds_preset()
    assert p.size == 4 and p.id == dpia.DS_PRESET_ID
    assert [s.label("da") for s in p.consequence] == ["Ubetydelig", "Begrænset", "Betydelig", "Maksimal"]
    assert all("registrerede" in s.definition("da") for s in p.consequence)
    assert p.level(4, 4).key == "hoej" and p.level(1, 1).key == "lav"


def test_vocabulary_has_the_recital_75_harms_and_legal_bases():
    assert [dpia.label("harms", k) for k in dpia.keys("harms")] == [
        "Forskelsbehandling", "Identitetstyveri eller -svig", "Økonomisk tab", "Skade på omdømme",
        "Brud på tavshedspligt", "Tab af kontrol over egne oplysninger", "Uautoriseret ophævelse af pseudonymisering",
        "Andre væsentlige økonomiske eller sociale ulemper",
    ]
    assert {"art6_1_e", "art9_2", "dbl_8", "dbl_11", "dbl_12"} <= set(dpia.keys("legal_bases"))
    assert {"borgere", "boern_unge", "ansatte", "udsatte"} <= set(dpia.keys("subject_categories"))


def test_an_activitys_profile_and_the_relevance_of_a_threat_to_its_data_subjects():
    cloud = SystemInput(name="Portal", department="X", hosting="cloud", criticality="kritisk", data_categories=["ingen"])
    kids = dpia.ActivityProfile(("almindelige",), ("boern_unge",), "100.000+", (cloud,))
    assert kids.tags() == {"all", "personal_data", "sensitive", "internet", "supplier", "critical"}
    plain = dpia.ActivityProfile(("almindelige",), ("borgere",), "1-100", ())
    assert plain.tags() == {"all", "personal_data"}
    # A threat to personal data, harming confidentiality: 4 per lens tag + the data subjects' stake.
    assert dpia.activity_relevance(plain, {"personal_data"}, (True, False, False)) == 4 + 2  # floor 2 (almindelige)
    assert dpia.activity_relevance(kids, {"personal_data", "sensitive"}, (True, False, False)) == 8 + 3 + 1  # 3, large scale
    # A system's tag counts 2; availability is the systems' highest criticality; integrity 2 with sensitive data.
    assert dpia.activity_relevance(kids, {"internet"}, (False, True, True)) == 2 + 2 + 3
    # A threat that fits no part of the profile is not proposed at all; one for everything fits.
    assert dpia.activity_relevance(plain, {"internet"}, (True, True, True)) is None
    assert dpia.activity_relevance(plain, {"all"}, (False, False, True)) == 1 + 1
