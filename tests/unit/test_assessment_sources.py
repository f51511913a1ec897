"""Issue 19 and 18 for the assessments and processing activities: their services hold no SQL (it is in
riskmodel/store), every refusal they raise carries an error key, and the split of services/assessments.py keeps
its Danish texts and its names."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from riskmodel.domain.errors import ValidationError
from riskmodel.domain.scales import DEFAULT_PRESET, ScaleError, get_preset
from riskmodel.i18n import catalogue
from riskmodel.services.activities import CODE_LABELS_DA
from riskmodel.services.line_rules import FIELD_LABELS_DA, check_score

SERVICES = Path(__file__).resolve().parents[2] / "riskmodel" / "services"
MODULES = ["assessments.py", "activities.py", "line_rules.py", "line_writes.py", "assessment_scope.py",
           "assessment_summary.py"]


@pytest.mark.parametrize("name", MODULES)
def test_the_assessment_and_activity_services_hold_no_sql(name):
    source = (SERVICES / name).read_text(encoding="utf-8")
    for call in (".execute(", ".fetchone(", ".fetchall(", "rows_as_dicts", "rows_as_frame"):
        assert call not in source, f"{name} calls {call}: its SQL belongs in riskmodel/store"
    assert not re.search(r"\b(SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM)\b", source), name


@pytest.mark.parametrize("name", MODULES)
def test_every_refusal_they_raise_carries_an_error_key(name):
    source = (SERVICES / name).read_text(encoding="utf-8")
    raises = re.findall(r"raise (\w+)\(\s*([^,)]*)", source)
    assert raises or name in ("assessment_scope.py", "assessment_summary.py")
    plain = [f"{cls}({arg})" for cls, arg in raises if not re.fullmatch(r"\"err\.(assessment|activity)\.[a-z_]+\"", arg)]
    assert plain == [], f"{name} raises without a key of locale/errors_assessment.py"


def test_the_field_names_in_errors_are_the_danish_labels_word_for_word():
    strings = catalogue()
    assert {k: strings[f"err.assessment.label.{k}"][0] for k in FIELD_LABELS_DA} == FIELD_LABELS_DA
    assert {k: strings[f"err.activity.label.{k}"][0] for k in CODE_LABELS_DA} == CODE_LABELS_DA


@pytest.mark.parametrize("value", [0, 6, 9, -1, "0", "7", 2.5, "2,5", "abc", "", b"3", True, False, [3], 1e9,
                                   float("nan"), float("inf")])
def test_a_score_is_refused_with_the_danish_text_it_always_had(value):
    """services.line_rules.check_score keys the refusals of Preset.check_score (the one rule before the keys),
    with the same Danish text, booleans refused as before."""
    preset = get_preset(DEFAULT_PRESET)
    label = FIELD_LABELS_DA["likelihood"]
    if isinstance(value, bool):
        expected = f"{label}: '{value}' er ikke et tal (1-{preset.size})"
    else:
        with pytest.raises(ScaleError) as old:
            preset.check_score(value, label)
        expected = str(old.value)
    with pytest.raises(ValidationError) as new:
        check_score(value, "likelihood", preset)
    assert str(new.value) == expected
    assert new.value.key.startswith("err.assessment.score_") and new.value.field == "likelihood"
    assert new.value.text("en").startswith("Likelihood: ")


@pytest.mark.parametrize("value", [None, 1, 3, "4", 4.0, "2.0"])
def test_a_score_on_the_scale_is_taken_as_before(value):
    preset = get_preset(DEFAULT_PRESET)
    assert check_score(value, "likelihood", preset) == preset.check_score(value, "x")

