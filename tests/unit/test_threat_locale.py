"""Issue 18: the seeded catalogue threats in English (data/threats.csv title_en, category_en, description_en).

A seeded threat whose Danish text is unchanged reads in English in English mode; a threat the municipality added
or edited is shown as written; Danish mode shows the Danish text."""

from __future__ import annotations

import csv
from types import SimpleNamespace

import pytest

from riskmodel.domain.threats import CATALOGUE_FILE, read_catalogue_file
from riskmodel.locale.threats import (
    line_category,
    line_description,
    line_title,
    threat_category,
    threat_description,
    threat_descriptions,
    threat_label,
    threat_title,
    threat_titles,
)

MED01_DA = (
    "En medarbejder sender en mail med personoplysninger til en forkert modtager, fx fordi mailprogrammet foreslår "
    "den forkerte adresse. Borgerens oplysninger ender hos uvedkommende, og kommunen kan være forpligtet til at "
    "anmelde bruddet til Datatilsynet."
)
MED01_EN = (
    "An employee sends an email containing personal data to the wrong recipient, for example because the email "
    "program suggests the wrong address. The citizen's data ends up with unauthorised people, and the municipality "
    "may be obliged to notify the breach to the Danish Data Protection Agency (Datatilsynet)."
)


def _rows() -> list[dict]:
    with CATALOGUE_FILE.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_every_seeded_threat_has_an_english_title_category_and_description():
    rows = _rows()
    assert len(rows) == 64
    for r in rows:
        for col in ("title_en", "category_en", "description_en"):
            assert r[col].strip(), (r["code"], col)
        # A translation, not the Danish text copied over
        assert r["description_en"].strip() != r["description"].strip(), r["code"]
        assert r["title_en"].strip() != r["title"].strip(), r["code"]


def test_the_english_columns_do_not_reach_the_seeded_catalogue():
    # The seeding reads the Danish columns only: the stored threat is Danish, its English text is looked up.
    seeded = read_catalogue_file()
    assert len(seeded) == 64
    assert set(seeded[0]) == {"code", "category", "title", "description", "harms_c", "harms_i", "harms_a", "tags"}


def test_a_seeded_unchanged_description_reads_in_english():
    assert threat_description("MED-01", MED01_DA, "en") == MED01_EN
    assert threat_description(" MED-01 ", f"  {MED01_DA}\n", "en") == MED01_EN  # as stored: spaces do not matter


def test_danish_mode_shows_the_danish_description():
    assert threat_description("MED-01", MED01_DA, "da") == MED01_DA


@pytest.mark.parametrize(
    ("code", "description"),
    [
        ("MED-01", MED01_DA + " Sket to gange i 2024."),  # the municipality edited the description
        ("EGEN-01", MED01_DA),  # another code (a threat the municipality added) with the same text
        ("MED-02", MED01_DA),  # another seeded threat's code
    ],
)
def test_an_edited_or_own_description_is_shown_as_written(code, description):
    assert threat_description(code, description, "en") == description


@pytest.mark.parametrize("empty", ["", None])
def test_an_empty_description_stays_empty(empty):
    assert threat_description("MED-01", empty, "en") == empty


def test_every_seeded_row_reads_in_english_and_in_danish():
    for r in _rows():
        assert threat_title(r["code"], r["title"], "en") == r["title_en"]
        assert threat_category(r["category"], "en") == r["category_en"]
        assert threat_description(r["code"], r["description"], "en") == r["description_en"]
        assert threat_title(r["code"], r["title"], "da") == r["title"]
        assert threat_description(r["code"], r["description"], "da") == r["description"]


def test_titles_and_descriptions_side_by_side_with_their_codes():
    codes = ["MED-01", "EGEN-01"]
    assert threat_titles(codes, ["Fejlsendt mail med CPR-nummer eller helbredsoplysninger", "Vores egen"], "en") == [
        "Misdirected email with a CPR number or health data", "Vores egen"]
    assert threat_descriptions(codes, [MED01_DA, ""], "en") == [MED01_EN, ""]
    assert threat_descriptions(codes, [MED01_DA, ""], "da") == [MED01_DA, ""]


def test_a_risk_line_reads_in_the_language():
    line = SimpleNamespace(threat_code="MED-01", threat_title="Fejlsendt mail med CPR-nummer eller helbredsoplysninger",
                           threat_description=MED01_DA, category="Medarbejdere")
    assert (line_title(line, "en"), line_description(line, "en"), line_category(line, "en")) == (
        "Misdirected email with a CPR number or health data", MED01_EN, "Staff")
    assert (line_title(line, "da"), line_description(line, "da"), line_category(line, "da")) == (
        line.threat_title, MED01_DA, "Medarbejdere")
    custom = SimpleNamespace(threat_code="EGEN-01", threat_title="Vores egen", threat_description="Som skrevet",
                             category="Egne")
    assert (line_title(custom, "en"), line_description(custom, "en"), line_category(custom, "en")) == (
        "Vores egen", "Som skrevet", "Egne")


def test_a_code_and_title_label_reads_in_the_language():
    label = "MED-01 Fejlsendt mail med CPR-nummer eller helbredsoplysninger"
    assert threat_label(label, "en") == "MED-01 Misdirected email with a CPR number or health data"
    assert threat_label(label, "da") == label
    assert threat_label("EGEN-1 Vores egen trussel", "en") == "EGEN-1 Vores egen trussel"
    assert threat_label("MED-01", "en") == "MED-01"  # no title: as it is
