"""The scales' and the threat rules' refusals carry keys (issue 18): ``err.text("en")`` reads English,
``str(err)`` and ``err.text("da")`` stay word for word the Danish they were. A ScaleError is a WorkbenchError (a page
shows it in the reader's language) and still a ValueError (its callers catch one)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from riskmodel.domain import scales, threats
from riskmodel.domain.errors import ValidationError, WorkbenchError
from riskmodel.domain.scales import ScaleError, get_preset, validate_preset

P = get_preset("standard")  # 4x4: levels lav, middel, hoej

SCALE_CASES = {
    "no value": (lambda: P.check_score(None, "sandsynlighed", allow_none=False),
                 "sandsynlighed: mangler en værdi (1-4)", "likelihood: a value is missing (1-4)"),
    "a yes": (lambda: P.check_score(True, "konsekvens"),
              "konsekvens: 'True' er ikke et tal (1-4)", "consequence: 'True' is not a number (1-4)"),
    "text": (lambda: P.check_score("tre", "konsekvens"),
             "konsekvens: 'tre' er ikke et tal (1-4)", "consequence: 'tre' is not a number (1-4)"),
    "a half": (lambda: P.check_score(2.5, "sandsynlighed"),
               "sandsynlighed: '2.5' er ikke et helt tal (1-4)", "likelihood: '2.5' is not a whole number (1-4)"),
    "off the scale": (lambda: P.level(5, 1),
                      "sandsynlighed: 5 ligger uden for skalaen 1-4", "likelihood: 5 is outside the scale 1-4"),
    "another field name": (lambda: P.check_score(0, "Trin"), "Trin: 0 ligger uden for skalaen 1-4",
                           "Trin: 0 is outside the scale 1-4"),
    "unknown level": (lambda: P.level_by_key("blaa"), "Ukendt risikoniveau 'blaa' i matrixen standard",
                      "Unknown risk level 'blaa' in the matrix standard"),
    "unknown preset": (lambda: get_preset("sjaelland"), "Ukendt matrix 'sjaelland'", "Unknown matrix 'sjaelland'"),
    "step names": (lambda: scales._relabel(P.likelihood, [{"value": 2, "da": "", "en": ""}], "egen"),
                   "egen: trinenes navne skal følge skalaens trin 1-4",
                   "egen: the names of the steps must follow the scale's steps 1-4"),
    "likelihood steps": (lambda: validate_preset(replace(P, likelihood=P.likelihood[:3])),
                         "standard: sandsynlighedsskalaen skal have trinene 1-4",
                         "standard: the likelihood scale must have the steps 1-4"),
    "consequence steps": (lambda: validate_preset(replace(P, consequence=P.consequence[:3])),
                          "standard: konsekvensskalaen skal have trinene 1-4",
                          "standard: the consequence scale must have the steps 1-4"),
    "matrix size": (lambda: validate_preset(replace(P, matrix=P.matrix[:3])),
                    "standard: matrixen skal være 4×4", "standard: the matrix must be 4×4"),
    "a level not there": (lambda: validate_preset(replace(P, matrix=((9,) * 4,) * 4)),
                          "standard: matrixen henviser til et niveau, der ikke findes",
                          "standard: the matrix refers to a level that does not exist"),
    "a level unused": (lambda: validate_preset(replace(P, matrix=((0,) * 4,) * 4)),
                       "standard: alle niveauer skal bruges i matrixen",
                       "standard: every level must be used in the matrix"),
    "falls with likelihood": (lambda: validate_preset(replace(P, matrix=((2, 1, 1, 2), (0, 1, 1, 2), (1, 1, 2, 2),
                                                                         (1, 2, 2, 2)))),
                              "standard: niveauet falder, når sandsynligheden stiger (række 2)",
                              "standard: the level falls as the likelihood rises (row 2)"),
    "falls with consequence": (lambda: validate_preset(replace(P, matrix=((0, 1, 0, 2), (0, 1, 1, 2), (1, 1, 2, 2),
                                                                          (1, 2, 2, 2)))),
                               "standard: niveauet falder, når konsekvensen stiger (kolonne 3)",
                               "standard: the level falls as the consequence rises (column 3)"),
}


@pytest.mark.parametrize("case", list(SCALE_CASES))
def test_a_scale_error_reads_in_english_and_stays_danish(case):
    call, da, en = SCALE_CASES[case]
    with pytest.raises(ScaleError) as caught:
        call()
    err = caught.value
    assert (str(err), err.text("da"), err.text("en")) == (da, da, en)
    assert err.key and err.key.startswith("err.scale.")


def test_a_scale_error_is_a_workbench_error_and_a_value_error():
    with pytest.raises(ValueError) as caught:
        P.check_score(7, "konsekvens")
    assert isinstance(caught.value, WorkbenchError) and isinstance(caught.value, ScaleError)


def test_a_malformed_preset_gives_its_problem_alone_too():
    """A catalogue file names the scale's place itself: the problem without the preset's id is a parameter."""
    with pytest.raises(ScaleError) as caught:
        validate_preset(replace(P, matrix=((0,) * 4,) * 4))
    problem = caught.value.params["problem"]
    assert (problem.text("da"), problem.text("en")) == ("alle niveauer skal bruges i matrixen",
                                                        "every level must be used in the matrix")


def _threat(code: str = "EGN-01", **overrides) -> dict:
    t = {"code": code, "category": "Teknik", "title": f"Trussel {code}", "description": "", "harms_c": True,
         "harms_i": False, "harms_a": False, "tags": ["all"], "controls": [], "hidden": False}
    return {**t, **overrides}


THREAT_CASES = {
    "unknown control": (lambda: threats.check_threat_controls(["A.9.2.3", "A.1.2.3"]),
                        "Annex A-kontrol 'A.1.2.3' findes ikke i ISO 27001:2013 Anneks A (fx A.9.2.3)",
                        "Annex A control 'A.1.2.3' does not exist in ISO 27001:2013 Annex A (e.g. A.9.2.3)"),
    "bad code": (lambda: threats.check_code("EGN 01"),
                 "Kode 'EGN 01' må kun indeholde bogstaver, tal, punktum, bindestreg og understreg",
                 "Code 'EGN 01' may only contain letters, digits, full stops, hyphens and underscores"),
    "no code": (lambda: threats.check_code(""), "Kode skal udfyldes", "Code must be filled in"),
    "affects nothing": (lambda: threats.check_import_threat(_threat(harms_c=False)),
                        "Truslen skal kunne ramme mindst én af fortrolighed, integritet og tilgængelighed",
                        "The threat must be able to affect at least one of confidentiality, integrity and "
                        "availability"),
    "unknown tags": (lambda: threats.check_import_threat(_threat(tags=["all", "månen", "mars"])),
                     "Ukendte profilmærker: månen, mars", "Unknown profile tags: månen, mars"),
    "no list": (lambda: threats.check_import_threats("EGN-01"), "Der er ingen liste af trusler at indlæse",
                "There is no list of threats to load"),
    "not a threat": (lambda: threats.check_import_threats([_threat(), "EGN-02"]),
                     "Trussel nr. 2: er ikke en trussel (kode, kategori, titel ...)",
                     "Threat no. 2: is not a threat (code, category, title ...)"),
    "the third threat": (lambda: threats.check_import_threats([_threat("A"), _threat("B"), _threat("C", title=" ")]),
                         "Trussel nr. 3 (C): Trusselens titel skal udfyldes",
                         "Threat no. 3 (C): Threat title must be filled in"),
    "a threat without a code": (lambda: threats.check_import_threats([_threat(""), _threat("B")]),
                                "Trussel nr. 1: Kode skal udfyldes", "Threat no. 1: Code must be filled in"),
}


@pytest.mark.parametrize("case", list(THREAT_CASES))
def test_a_threat_rule_reads_in_english_and_stays_danish(case):
    call, da, en = THREAT_CASES[case]
    with pytest.raises(ValidationError) as caught:
        call()
    err = caught.value
    assert (str(err), err.text("da"), err.text("en")) == (da, da, en)
    assert err.key and err.key.startswith("err.")
