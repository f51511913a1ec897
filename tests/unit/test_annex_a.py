"""The ISO/IEC 27001:2013 Annex A catalogue: counts, ids, titles, lookup, search and validation."""

from __future__ import annotations

import copy
import re

import pytest

from riskmodel.domain import annex_a

COUNTS = {
    "A.5": 2, "A.6": 7, "A.7": 6, "A.8": 10, "A.9": 14, "A.10": 2, "A.11": 15,
    "A.12": 14, "A.13": 7, "A.14": 13, "A.15": 5, "A.16": 7, "A.17": 4, "A.18": 8,
}
IDS = [c.id for c in annex_a.controls()]


def _key(control_id: str) -> tuple[int, ...]:
    return tuple(int(part) for part in control_id.removeprefix("A.").split("."))


def test_fourteen_domains_with_the_known_counts():
    doms = annex_a.domains()
    assert [d["id"] for d in doms] == list(COUNTS)
    assert {d["id"]: d["count"] for d in doms} == COUNTS
    for d in doms:
        assert d["da"].strip() and d["en"].strip()
    for domain, count in COUNTS.items():
        assert sum(c.domain == domain for c in annex_a.controls()) == count


def test_114_unique_controls():
    assert len(IDS) == 114 == sum(COUNTS.values())
    assert len(set(IDS)) == 114


def test_ids_are_well_formed_and_nested():
    for c in annex_a.controls():
        assert re.fullmatch(r"A\.[1-9]\d*\.[1-9]\d*\.[1-9]\d*", c.id), c.id
        assert c.group == c.id.rsplit(".", 1)[0]
        assert c.domain == c.group.rsplit(".", 1)[0]
        assert c.domain in COUNTS


def test_ids_are_in_numeric_order_and_consecutive():
    assert IDS == sorted(IDS, key=_key)
    assert IDS.index("A.9.4.5") < IDS.index("A.10.1.1")  # numeric, not lexical: A.9 before A.10
    # Within each group the controls run 1, 2, 3 …; within each domain the groups run 1, 2, 3 …
    by_group: dict[str, list[int]] = {}
    for c in annex_a.controls():
        by_group.setdefault(c.group, []).append(_key(c.id)[-1])
    for group, numbers in by_group.items():
        assert numbers == list(range(1, len(numbers) + 1)), group
    for domain in COUNTS:
        groups = [_key(g)[-1] for g in by_group if g.startswith(domain + ".")]
        assert groups == list(range(1, len(groups) + 1)), domain


def test_well_known_ids_of_operations_security():
    assert [i for i in IDS if i.startswith("A.12.")] == [
        "A.12.1.1", "A.12.1.2", "A.12.1.3", "A.12.1.4", "A.12.2.1", "A.12.3.1",
        "A.12.4.1", "A.12.4.2", "A.12.4.3", "A.12.4.4", "A.12.5.1", "A.12.6.1", "A.12.6.2", "A.12.7.1",
    ]
    assert IDS[0] == "A.5.1.1" and IDS[-1] == "A.18.2.3"


def test_every_control_has_danish_and_english_titles():
    for c in annex_a.controls():
        assert c.da.strip() and c.en.strip(), c.id
        assert c.title("da") == c.da and c.title("en") == c.en
        assert c.title() == c.da


def test_control_lookup():
    c = annex_a.control("A.9.2.3")
    assert (c.id, c.domain, c.group) == ("A.9.2.3", "A.9", "A.9.2")
    assert "privilege" in c.en.lower() and "privilegerede" in c.da.lower()
    assert annex_a.control("A.12.3.1").en == "Backing up information"


@pytest.mark.parametrize("bad", ["A.19.1.1", "A.9.2", "a.9.2.3", "", "A.12.1.5"])
def test_unknown_id_raises_with_a_danish_message(bad):
    with pytest.raises(KeyError, match="Ukendt kontrol"):
        annex_a.control(bad)


def test_search_by_id_and_title():
    assert [c.id for c in annex_a.search("A.9.2.3")] == ["A.9.2.3"]
    assert [c.id for c in annex_a.search("a.12.4")] == ["A.12.4.1", "A.12.4.2", "A.12.4.3", "A.12.4.4"]
    assert [c.id for c in annex_a.search("12.6")] == ["A.12.6.1", "A.12.6.2"]
    # A prefix matches whole segments only: "A.1" is no domain, and does not pull in A.10-A.18.
    assert annex_a.search("A.1") == []
    assert {c.domain for c in annex_a.search("A.10")} == {"A.10"}
    # Titles: case-insensitive, in the chosen language.
    da = annex_a.search("BACKUP")
    assert "A.12.3.1" in [c.id for c in da]
    assert "A.12.3.1" in [c.id for c in annex_a.search("backing up", lang="en")]
    assert annex_a.search("backing up", lang="da") == []
    assert "A.10.1.2" in [c.id for c in annex_a.search("nøglehåndtering")]
    assert annex_a.search("intet der findes her") == []
    assert annex_a.search("  ") == list(annex_a.controls())


def test_validate_passes():
    annex_a.validate()


@pytest.mark.parametrize(
    "breakage, message",
    [
        (lambda data: data["domains"].pop(), "domains, expected 14"),
        (lambda data: data["domains"][0]["groups"][0]["controls"].pop(), "113 controls"),
        (lambda data: data["domains"][1]["groups"][0]["controls"][1].update(id="A.6.1.1"), "duplicate id"),
        (lambda data: data["domains"][1]["groups"][1]["controls"][0].update(id="A.7.2.1"), "does not start with"),
        (lambda data: data["domains"][2]["groups"][0].update(id="A.8.1"), "does not start with"),
        (lambda data: data["domains"][3]["groups"][0]["controls"][0].update(id="A.8.1.x"), "malformed id"),
        (lambda data: data["domains"][4]["groups"][0]["controls"][0].update(en=" "), "lacks a Danish or English"),
    ],
)
def test_validate_catches_a_broken_catalogue(monkeypatch, breakage, message):
    data = copy.deepcopy(annex_a.catalogue())
    breakage(data)
    monkeypatch.setattr(annex_a, "catalogue", lambda: data)
    with pytest.raises(ValueError, match=message):
        annex_a.validate()
