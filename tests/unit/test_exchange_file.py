"""The catalogue exchange file without a database: the default Annex A mapping, and the JSON and
.xlsx round trips of the exchange object (user text stays literal text)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from openpyxl import load_workbook

from riskmodel.domain import annex_a
from riskmodel.domain.errors import ValidationError
from riskmodel.domain.scales import get_preset, presets
from riskmodel.domain.threats import (
    CATALOGUE_FILE,
    CONTROLS_FILE,
    check_threat_controls,
    read_controls_file,
)
from riskmodel.formats import catalogue as catalogue_file

INJECTIONS = ['=HYPERLINK("http://angriber.example/x","Klik her")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)",
              "#N/A", "\tTab foran"]


def _threat(code: str, **overrides) -> dict:
    t = {"code": code, "category": "Cyberangreb", "title": f"Trussel {code}", "description": "En beskrivelse.",
         "harms_c": True, "harms_i": False, "harms_a": True, "tags": ["all"], "controls": [], "hidden": False}
    t.update(overrides)
    return t


def _exchange(preset_id: str = "standard", threats: list[dict] | None = None) -> catalogue_file.Exchange:
    threats = threats if threats is not None else [
        _threat("CYB-01", controls=["A.7.2.2", "A.12.2.1"], tags=["all", "internet"]),
        _threat("EGN-01", category="Fysisk", title="Drone over rådhuset", description="Linje 1\nLinje 2 – æøå",
                harms_c=False, harms_i=True, harms_a=False, tags=["sensitive"], hidden=True),
        _threat("EGN-02", title=INJECTIONS[0], category=INJECTIONS[3], description=INJECTIONS[1],
                controls=["A.18.1.4"]),
    ]
    return catalogue_file.Exchange(municipality="Roskilde Kommune", exported_at="2026-03-01T10:15:00+01:00", threats=threats,
                       preset=get_preset(preset_id))


# -- the default mapping -------------------------------------------------------------


def test_the_default_mapping_names_only_annex_a_controls():
    raw = json.loads(CONTROLS_FILE.read_text(encoding="utf-8"))["controls"]
    known = {c.id for c in annex_a.controls()}
    unknown = {code: [c for c in ids if c not in known] for code, ids in raw.items()}
    assert not {code: ids for code, ids in unknown.items() if ids}
    assert all(ids and len(ids) == len(set(ids)) for ids in raw.values())


def test_the_default_mapping_covers_every_builtin_threat():
    with CATALOGUE_FILE.open(encoding="utf-8", newline="") as fh:
        codes = [r["code"] for r in csv.DictReader(fh)]
    mapping = read_controls_file()
    assert list(mapping) == codes
    # The examples of the issue.
    assert {"A.7.2.2", "A.12.2.1"} <= set(mapping["CYB-01"])  # phishing
    assert {"A.6.2.1", "A.8.3.1", "A.10.1.1"} <= set(mapping["FYS-04"])  # lost laptop
    assert {"A.12.2.1", "A.12.3.1", "A.17.1.2"} <= set(mapping["CYB-02"])  # ransomware


def test_controls_are_checked_deduplicated_and_in_the_standards_order():
    assert check_threat_controls(["A.12.2.1", "a.7.2.2", "A.12.2.1", " "]) == ["A.7.2.2", "A.12.2.1"]
    with pytest.raises(ValidationError, match=r"^Annex A-kontrol 'A\.99\.1\.1' findes ikke i ISO 27001:2013 Anneks A"):
        check_threat_controls(["A.7.2.2", "A.99.1.1"])


# -- round trips -------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", catalogue_file.FORMATS)
@pytest.mark.parametrize("preset_id", list(presets()))
def test_round_trip_keeps_everything(fmt, preset_id):
    ex = _exchange(preset_id)
    data = catalogue_file.to_json(ex) if fmt == "json" else catalogue_file.to_xlsx(ex)
    back = catalogue_file.read_catalogue(data, f"katalog.{fmt}")
    assert back.threats == ex.threats
    assert back.preset == ex.preset == get_preset(preset_id)
    assert (back.municipality, back.exported_at, back.format_version, back.kind) == (
        "Roskilde Kommune", "2026-03-01T10:15:00+01:00", 1, fmt)
    assert back.mapping == {"CYB-01": ["A.7.2.2", "A.12.2.1"], "EGN-01": [], "EGN-02": ["A.18.1.4"]}


def test_an_empty_catalogue_round_trips():
    for fmt, write in (("json", catalogue_file.to_json), ("xlsx", catalogue_file.to_xlsx)):
        assert catalogue_file.read_catalogue(write(_exchange(threats=[])), f"k.{fmt}").threats == []


def test_the_json_file_carries_format_municipality_threats_preset_and_mapping():
    doc = json.loads(catalogue_file.to_json(_exchange()))
    assert (doc["format"], doc["version"], doc["municipality"]) == (catalogue_file.FORMAT, 1, "Roskilde Kommune")
    assert list(doc["threats"][0]) == list(catalogue_file.THREAT_KEYS)
    assert doc["annex_a"]["controls"]["CYB-01"] == ["A.7.2.2", "A.12.2.1"]
    p = doc["preset"]
    assert (p["id"], p["size"], len(p["likelihood"]), len(p["levels"])) == ("standard", 4, 4, 3)
    assert p["likelihood"][0]["example_da"] and p["levels"][2]["color"] == "#c62828"
    assert p["levels"][1]["requires_action"] is True and p["matrix"][3] == [1, 1, 2, 2]


def test_the_xlsx_has_only_text_cells_and_user_text_stays_literal():
    book = load_workbook(io.BytesIO(catalogue_file.to_xlsx(_exchange())))
    assert book.sheetnames == ["Om filen", "Trusler", "Skala", "Annex A"]
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None:
                    assert cell.data_type == "s", (ws.title, cell.coordinate, cell.value)
    trusler = book["Trusler"]
    assert [c.value for c in trusler[1]] == [h for _, h, _ in catalogue_file.THREAT_COLUMNS]
    row = [c.value for c in trusler[4]]
    assert row[:4] == ["EGN-02", INJECTIONS[3], INJECTIONS[0], INJECTIONS[1]]
    assert trusler["C4"].quotePrefix  # Excel keeps it text when the cell is edited
    assert [c.value for c in book["Annex A"][2]] == ["CYB-01", "A.7.2.2", "Bevidsthed, uddannelse og træning"]
    meta = {r[0].value: r[1].value for r in book["Om filen"].iter_rows(min_row=5, max_row=10)}
    assert meta["Format"] == catalogue_file.FORMAT and meta["Kommune"] == "Roskilde Kommune"


@pytest.mark.parametrize("text", INJECTIONS)
def test_formula_looking_text_round_trips_as_text(text):
    ex = _exchange(threats=[_threat("EGN-09", title=text, description=text)])
    back = catalogue_file.read_catalogue(catalogue_file.to_xlsx(ex), "k.xlsx")
    assert (back.threats[0]["title"], back.threats[0]["description"]) == (text.strip(), text.strip())


def test_a_file_is_recognised_without_its_name():
    ex = _exchange()
    assert catalogue_file.read_catalogue(catalogue_file.to_json(ex)).kind == "json"
    assert catalogue_file.read_catalogue(catalogue_file.to_xlsx(ex)).kind == "xlsx"


def test_file_name_is_plain():
    assert catalogue_file.file_name("Roskilde Kommune", "xlsx").startswith("trusselskatalog-roskilde-kommune-")
    assert catalogue_file.file_name("../../etc", "json").startswith("trusselskatalog-etc-")
