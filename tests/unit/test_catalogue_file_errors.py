"""A catalogue exchange file's refusals carry keys (issue 18): the place (a JSON path; a sheet, row, column and
header) and the problem there read in English for an English reader (``err.text("en")``), and word for word the
Danish they were in Danish (``str(err)``, ``err.text("da")``). The files are real files, written to a tmp folder
with json and openpyxl and read back as the page reads an upload. Sheet names, headers, JSON paths and values
from the file stay as the file has them."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from riskmodel.domain.errors import ValidationError
from riskmodel.domain.scales import get_preset
from riskmodel.formats import catalogue as catalogue_file


def _threat(code: str, **overrides) -> dict:
    t = {"code": code, "category": "Cyberangreb", "title": f"Trussel {code}", "description": "En beskrivelse.",
         "harms_c": True, "harms_i": False, "harms_a": True, "tags": ["all"], "controls": ["A.9.2.3"], "hidden": False}
    return {**t, **overrides}


EXCHANGE = catalogue_file.Exchange(municipality="Roskilde Kommune", exported_at="2026-03-01T10:15:00+01:00",
                                   threats=[_threat(f"CYB-0{i}") for i in range(1, 6)], preset=get_preset("standard"))


def _refusal(path: Path) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        catalogue_file.read_catalogue(path.read_bytes(), path.name)
    return caught.value


def _json_file(tmp_path: Path, change) -> Path:
    doc = json.loads(catalogue_file.to_json(EXCHANGE))
    change(doc)
    path = tmp_path / "katalog.json"
    path.write_text(json.dumps(doc), encoding="utf-8")  # ASCII with escapes: a lone surrogate can be written too
    return path


def _xlsx_file(tmp_path: Path, change) -> Path:
    path = tmp_path / "katalog.xlsx"
    path.write_bytes(catalogue_file.to_xlsx(EXCHANGE))
    book = load_workbook(path)
    change(book)
    book.save(path)
    return path


def _threat3(**values):
    return lambda doc: doc["threats"][3].update(values)


JSON_CASES = {
    "a title missing": (_threat3(title=""), "JSON-filen, threats[3].title: Trusselens titel skal udfyldes",
                        "The JSON file, threats[3].title: Threat title must be filled in"),
    "a title not text": (_threat3(title=42), "JSON-filen, threats[3].title: skal være en tekst, ikke 42",
                         "The JSON file, threats[3].title: must be a text, not 42"),
    "a flag missing": (lambda d: d["threats"][3].pop("harms_i"), "JSON-filen, threats[3].harms_i: mangler",
                       "The JSON file, threats[3].harms_i: missing"),
    "a flag as text": (_threat3(harms_c="ja"), "JSON-filen, threats[3].harms_c: skal være true eller false",
                       "The JSON file, threats[3].harms_c: must be true or false"),
    "affects nothing": (_threat3(harms_c=False, harms_a=False),
                        "JSON-filen, threats[3].harms_c: Truslen skal kunne ramme mindst én af fortrolighed, "
                        "integritet og tilgængelighed",
                        "The JSON file, threats[3].harms_c: The threat must be able to affect at least one of "
                        "confidentiality, integrity and availability"),
    "a bad code": (_threat3(code="CYB 04"),
                   "JSON-filen, threats[3].code: Kode 'CYB 04' må kun indeholde bogstaver, tal, punktum, bindestreg "
                   "og understreg",
                   "The JSON file, threats[3].code: Code 'CYB 04' may only contain letters, digits, full stops, "
                   "hyphens and underscores"),
    "a code twice": (_threat3(code="CYB-01"), "JSON-filen, threats[3].code: koden 'CYB-01' står også i threats[0]",
                     "The JSON file, threats[3].code: the code 'CYB-01' also occurs in threats[0]"),
    "an unknown tag": (_threat3(tags=["all", "månen"]), "JSON-filen, threats[3].tags: Ukendte profilmærker: månen",
                       "The JSON file, threats[3].tags: Unknown profile tags: månen"),
    "a tag not text": (_threat3(tags=["all", 7]), "JSON-filen, threats[3].tags[1]: skal være en tekst",
                       "The JSON file, threats[3].tags[1]: must be a text"),
    "an unknown control": (_threat3(controls=["A.99"]),
                           "JSON-filen, threats[3].controls: Annex A-kontrol 'A.99' findes ikke i ISO 27001:2013 "
                           "Anneks A (fx A.9.2.3)",
                           "The JSON file, threats[3].controls: Annex A control 'A.99' does not exist in ISO "
                           "27001:2013 Annex A (e.g. A.9.2.3)"),
    "a threat not an object": (lambda d: d["threats"].__setitem__(3, "CYB-04"),
                               "JSON-filen, threats[3]: skal være et objekt med code, category, title, ...",
                               "The JSON file, threats[3]: must be an object with code, category, title, ..."),
    "a lone surrogate": (_threat3(title="halv \ud800"),
                         "JSON-filen, threats[3].title: indeholder et ugyldigt tegn (en enlig UTF-16-surrogat, "
                         "fx \\ud800)",
                         "The JSON file, threats[3].title: contains an invalid character (a lone UTF-16 surrogate, "
                         "e.g. \\ud800)"),
    "the mapping differs": (lambda d: d["annex_a"]["controls"].update({"CYB-04": ["A.7.2.2"]}),
                            "JSON-filen, annex_a.controls.CYB-04: passer ikke med threats[3].controls (A.9.2.3)",
                            "The JSON file, annex_a.controls.CYB-04: does not match threats[3].controls (A.9.2.3)"),
    "the mapping differs from none": (lambda d: (d["threats"][3].update(controls=[]),
                                                 d["annex_a"]["controls"].update({"CYB-04": ["A.7.2.2"]})),
                                      "JSON-filen, annex_a.controls.CYB-04: passer ikke med threats[3].controls (ingen)",
                                      "The JSON file, annex_a.controls.CYB-04: does not match threats[3].controls "
                                      "(none)"),
    "the mapping not an object": (lambda d: d.update(annex_a=[]),
                                  "JSON-filen, annex_a: skal være et objekt med controls: {kode: [kontroller]}",
                                  "The JSON file, annex_a: must be an object with controls: {code: [controls]}"),
    "another format": (lambda d: d.update(format="os2"),
                       "JSON-filen, format: filen er ikke et trusselskatalog fra Risikoværkstedet (forventet "
                       "'risikovaerkstedet-trusselskatalog', fandt 'os2').",
                       "The JSON file, format: the file is not a threat catalogue from Risikoværkstedet (expected "
                       "'risikovaerkstedet-trusselskatalog', found 'os2')."),
    "a newer version": (lambda d: d.update(version=2),
                        "JSON-filen, version: filen har formatversion 2, denne version af Risikoværkstedet kan læse "
                        "version 1. Opdater programmet, eller bed afsenderen om en ældre fil.",
                        "The JSON file, version: the file has format version 2; this version of Risikoværkstedet can "
                        "read version 1. Update the program, or ask the sender for an older file."),
    "a colour": (lambda d: d["preset"]["levels"][1].update(color="gul"),
                 "JSON-filen, preset.levels[1].color: 'gul' er ikke en farve (#rrggbb)",
                 "The JSON file, preset.levels[1].color: 'gul' is not a colour (#rrggbb)"),
    "a matrix cell": (lambda d: d["preset"]["matrix"][1].__setitem__(2, 9),
                      "JSON-filen, preset.matrix[1][2]: '9' er ikke et niveau (0-2)",
                      "The JSON file, preset.matrix[1][2]: '9' is not a level (0-2)"),
    "a step's value": (lambda d: d["preset"]["likelihood"][1].update(value="2"),
                       "JSON-filen, preset.likelihood[1].value: skal være et helt tal",
                       "The JSON file, preset.likelihood[1].value: must be a whole number"),
    "a falling matrix": (lambda d: d["preset"]["matrix"][0].__setitem__(0, 1),
                         "JSON-filen, preset: niveauet falder, når sandsynligheden stiger (række 2)",
                         "The JSON file, preset: the level falls as the likelihood rises (row 2)"),
    "a level key twice": (lambda d: d["preset"]["levels"][2].update(key="lav"),
                          "JSON-filen, preset: to risikoniveauer har samme nøgle (lav)",
                          "The JSON file, preset: two risk levels have the same key (lav)"),
    "no preset": (lambda d: d.pop("preset"), "JSON-filen, preset: mangler", "The JSON file, preset: missing"),
}


@pytest.mark.parametrize("case", list(JSON_CASES))
def test_a_json_file_refusal_reads_in_english_and_stays_danish(tmp_path, case):
    change, da, en = JSON_CASES[case]
    err = _refusal(_json_file(tmp_path, change))
    assert (str(err), err.text("da"), err.text("en")) == (da, da, en)
    assert err.key == "err.catfile.at" or err.key.startswith("err.catfile.")


@pytest.mark.parametrize("content, da, en", [
    (b"{\n  \"format\": ,\n}", "JSON-filen: ikke gyldig JSON (linje 2, kolonne 13).",  # no English from the parser
     "The JSON file: not valid JSON (line 2, column 13)."),
    (b"[1, 2]", "JSON-filen: skal være et JSON-objekt med format, threats og preset.",
     "The JSON file: must be a JSON object with format, threats and preset."),
    ("{}".encode("utf-16"), "JSON-filen: filen er ikke UTF-8-tekst.", "The JSON file: the file is not UTF-8 text."),
])
def test_a_file_that_is_no_json_object_reads_in_english(tmp_path, content, da, en):
    path = tmp_path / "katalog.json"
    path.write_bytes(content)
    err = _refusal(path)
    assert (str(err), err.text("en")) == (da, en)


def _cell(sheet: str, ref: str, value):
    return lambda book: book[sheet].__setitem__(ref, value)


XLSX_CASES = {
    "a formula": (_cell("Trusler", "C3", '=HYPERLINK("http://x","y")'),
                  "Arket 'Trusler', række 3, kolonne C: cellen indeholder en formel (=HYPERLINK(\"http://x\",\"y\")); "
                  "et trusselskatalog kan kun indlæses med tekst i cellerne",
                  "Sheet 'Trusler', row 3, column C: the cell contains a formula (=HYPERLINK(\"http://x\",\"y\")); a "
                  "threat catalogue can only be loaded with text in its cells"),
    "an empty title": (_cell("Trusler", "C5", "   "), "Arket 'Trusler', række 5, kolonne C (Titel): Trusselens titel "
                       "skal udfyldes", "Sheet 'Trusler', row 5, column C (Titel): Threat title must be filled in"),
    "a date as title": (_cell("Trusler", "C4", datetime(2026, 1, 1)),
                        "Arket 'Trusler', række 4, kolonne C (Titel): skal være en tekst, ikke en dato",
                        "Sheet 'Trusler', row 4, column C (Titel): must be a text, not a date"),
    "yes or no": (_cell("Trusler", "E2", "måske"),
                  "Arket 'Trusler', række 2, kolonne E (Fortrolighed): 'måske' skal være 'ja' eller 'nej'",
                  "Sheet 'Trusler', row 2, column E (Fortrolighed): 'måske' must be 'ja' or 'nej' (yes or no)"),
    "a code twice": (_cell("Trusler", "A5", "CYB-01"),
                     "Arket 'Trusler', række 5, kolonne A (Kode): koden 'CYB-01' står også i række 2",
                     "Sheet 'Trusler', row 5, column A (Kode): the code 'CYB-01' also occurs in row 2"),
    "a column missing": (_cell("Trusler", "C1", None),
                         "Arket 'Trusler', række 1: kolonnen 'Titel' mangler i overskriftsrækken (forventet: Kode, "
                         "Kategori, Titel, Beskrivelse, Fortrolighed, Integritet, Tilgængelighed, Profilmærker, Skjult).",
                         "Sheet 'Trusler', row 1: the column 'Titel' is missing from the header row (expected: Kode, "
                         "Kategori, Titel, Beskrivelse, Fortrolighed, Integritet, Tilgængelighed, Profilmærker, "
                         "Skjult)."),
    "a sheet missing": (lambda book: setattr(book["Trusler"], "title", "Threats"),
                        "Filen er ikke et trusselskatalog fra Risikoværkstedet: den mangler arket 'Trusler' (arkene i "
                        "filen: Om filen, Threats, Skala, Annex A).",
                        "The file is not a threat catalogue from Risikoværkstedet: it lacks the sheet 'Trusler' (the "
                        "sheets in the file: Om filen, Threats, Skala, Annex A)."),
    "an unknown control": (_cell("Annex A", "B3", "A.19.1.1"),
                           "Arket 'Annex A', række 3, kolonne B (Kontrol): Annex A-kontrol 'A.19.1.1' findes ikke i "
                           "ISO 27001:2013 Anneks A (fx A.9.2.3)",
                           "Sheet 'Annex A', row 3, column B (Kontrol): Annex A control 'A.19.1.1' does not exist in "
                           "ISO 27001:2013 Annex A (e.g. A.9.2.3)"),
    "an unknown code": (_cell("Annex A", "A3", "XYZ-99"),
                        "Arket 'Annex A', række 3, kolonne A (Kode): koden 'XYZ-99' findes ikke på arket 'Trusler'",
                        "Sheet 'Annex A', row 3, column A (Kode): the code 'XYZ-99' is not on the sheet 'Trusler'"),
    "another format": (_cell("Om filen", "B5", "x"),
                       "Arket 'Om filen', række 5, kolonne B (Format): filen er ikke et trusselskatalog fra "
                       "Risikoværkstedet (forventet 'risikovaerkstedet-trusselskatalog', fandt 'x').",
                       "Sheet 'Om filen', row 5, column B (Format): the file is not a threat catalogue from "
                       "Risikoværkstedet (expected 'risikovaerkstedet-trusselskatalog', found 'x')."),
    "no version row": (_cell("Om filen", "A6", None),
                       "Arket 'Om filen' (rækken Formatversion mangler): formatversionen mangler.",  # never "'None'"
                       "Sheet 'Om filen' (the row Formatversion is missing): the format version is missing."),
    "a scale size": (_cell("Skala", "B8", "fire"), "Arket 'Skala', række 8, kolonne B (Antal trin): 'fire' er ikke et "
                     "helt tal", "Sheet 'Skala', row 8, column B (Antal trin): 'fire' is not a whole number"),
    "a level in the matrix": (_cell("Skala", "C33", "blå"),
                              "Arket 'Skala', række 33, kolonne C (konsekvens 2): 'blå' er ikke et af niveauerne "
                              "(lav, middel, hoej)",
                              "Sheet 'Skala', row 33, column C (consequence 2): 'blå' is not one of the levels "
                              "(lav, middel, hoej)"),
    "a section missing": (_cell("Skala", "A30", "Matrice"),
                          "Arket 'Skala' mangler afsnittet 'Matrix' (en række med 'Matrix' i kolonne A).",
                          "The sheet 'Skala' lacks the section 'Matrix' (a row with 'Matrix' in column A)."),
    "a falling matrix": (_cell("Skala", "B32", "hoej"),
                         "Arket 'Skala': niveauet falder, når sandsynligheden stiger (række 2)",
                         "Sheet 'Skala': the level falls as the likelihood rises (row 2)"),
}


@pytest.mark.parametrize("case", list(XLSX_CASES))
def test_an_xlsx_file_refusal_reads_in_english_and_stays_danish(tmp_path, case):
    change, da, en = XLSX_CASES[case]
    err = _refusal(_xlsx_file(tmp_path, change))
    assert (str(err), err.text("da"), err.text("en")) == (da, da, en)
    assert err.key.startswith("err.catfile.")


@pytest.mark.parametrize("name, content, da, en", [
    ("katalog.pdf", b"%PDF-1.7", "'katalog.pdf' er hverken en Excel-fil (.xlsx) eller en JSON-fil (.json) med et "
     "trusselskatalog.", "'katalog.pdf' is neither an Excel file (.xlsx) nor a JSON file (.json) with a threat "
     "catalogue."),
    ("", b"%PDF-1.7", "Filen er hverken en Excel-fil (.xlsx) eller en JSON-fil (.json) med et trusselskatalog.",
     "The file is neither an Excel file (.xlsx) nor a JSON file (.json) with a threat catalogue."),
    ("katalog.json", b"", "Filen er tom.", "The file is empty."),
    ("katalog.json", b"{" + b" " * (5 * 1024 * 1024), "Filen er for stor (5.0 MB); et trusselskatalog kan højst "
     "fylde 5 MB.", "The file is too large (5.0 MB); a threat catalogue can be at most 5 MB."),
])
def test_a_file_that_is_no_catalogue_reads_in_english(name, content, da, en):
    with pytest.raises(ValidationError) as caught:
        catalogue_file.read_catalogue(content, name)
    assert (str(caught.value), caught.value.text("en")) == (da, en)
