"""Catalogue exchange between two real databases: export from one municipality, preview and import
in another. The import adds and updates by code in one transaction, never deletes or hides, never
touches the scale preset, and leaves every existing assessment exactly as it was. A bad file is
refused with a Danish message naming the place, and nothing is written.

Also the Annex A mapping of the catalogue itself: seeded for builtin threats (new and upgraded
files), checked and edited through the catalogue service."""

from __future__ import annotations

import io
import json

import pytest
from helpers import audit_rows, data_digest, table_digest
from openpyxl import load_workbook

from riskmodel.domain.errors import PermissionDenied, StaleVersionError, ValidationError
from riskmodel.domain.model import LOCAL_ACTOR, Actor, SystemInput, ThreatInput
from riskmodel.domain.threats import CONTENT_FIELDS, read_controls_file
from riskmodel.formats import catalogue as catalogue_file
from riskmodel.services import catalogue_exchange as cx
from riskmodel.services import open_workbench
from riskmodel.store.uow import unit_of_work

pytestmark = pytest.mark.slow  # not in `make test-fast`: catalogue files written and read between databases

ANNE = Actor(username="anne", display_name="Anne Koordinator", role="koordinator")  # in municipality A
BO = Actor(username="bo", display_name="Bo Koordinator", role="koordinator")  # in municipality B
LEDER = Actor(username="lene", display_name="Lene Leder", role="leder", departments=("Borgerservice",))
INJECTION = '=HYPERLINK("http://angriber.example/x","Klik her")'
CATALOGUE_SIZE = 64


def sql(wb, query: str, params=()):
    with wb.db.read() as cur:
        return cur.execute(query, list(params)).fetchall()


def threat(wb, code: str):
    df = wb.catalogue.list(LOCAL_ACTOR, include_hidden=True)
    return wb.catalogue.get(LOCAL_ACTOR, int(df.loc[df["code"] == code, "id"].iloc[0]))


def as_input(t, **changes) -> ThreatInput:
    values = {"category": t.category, "title": t.title, "description": t.description, "harms_c": t.harms_c,
              "harms_i": t.harms_i, "harms_a": t.harms_a, "tags": list(t.tags), "controls": list(t.controls)}
    values.update(changes)
    return ThreatInput(**values)


def edit(wb, actor, code: str, **changes) -> None:
    t = threat(wb, code)
    wb.catalogue.update(actor, t.id, t.version, as_input(t, **changes))


def content(wb, code: str) -> dict:
    t = threat(wb, code)
    return {f: (sorted(getattr(t, f)) if f == "tags" else getattr(t, f)) for f in CONTENT_FIELDS}


def start_assessment(wb, actor, name: str = "Sagssystem") -> tuple[int, int]:
    sid = wb.systems.create(actor, SystemInput(name=name, department="Borgerservice", owner="Anne Andersen",
                                               supplier="Leverandør A/S", hosting="leverandør"))
    return sid, wb.assessments.start(actor, sid, 2026)


@pytest.fixture
def pair(tmp_path, open_copy):
    """Two municipalities, each with a database of its own: A (the sender) and B (the receiver)."""
    a = open_copy(tmp_path / "a.duckdb")
    b = open_copy(tmp_path / "b.duckdb")
    yield a, b
    a.db.close()
    b.db.close()


def prepare_sender(a) -> None:
    """A harmonises its catalogue: edits, new threats, a mapping, a hidden threat."""
    a.settings.set_municipality(ANNE, "Roskilde Kommune", a.settings.get(LOCAL_ACTOR, "municipality")[1])
    edit(a, ANNE, "CYB-01", title="Phishing narrer en medarbejder (fælles tekst i foreningen)",
         controls=["A.7.2.2", "A.12.2.1"])
    edit(a, ANNE, "MED-01", tags=["personal_data", "sensitive"])
    edit(a, ANNE, "SIK-01", controls=[*threat(a, "SIK-01").controls, "A.17.1.2"])
    t = threat(a, "CYB-03")
    a.catalogue.set_hidden(ANNE, t.id, t.version, True)  # not compared: an import never hides
    a.catalogue.create(ANNE, ThreatInput(category="Fysiske forhold", title="Drone over rådhuset",
                                         description="Fotografering af skærme gennem vinduerne.", harms_i=False,
                                         harms_a=False, tags=["sensitive"], controls=["A.11.1.1", "A.11.2.9"]))
    a.catalogue.create(ANNE, ThreatInput(category="@SUM(A1:A9)", title=INJECTION, description="+cmd|' /C calc'!A0",
                                         controls=["A.12.2.1"]))


@pytest.fixture
def receiver_lines(pair):
    """B has an assessment with a scored CYB-01 line before it imports anything."""
    _, b = pair
    _, aid = start_assessment(b, BO)
    line = next(ln for ln in b.assessments.lines(BO, aid) if ln.threat_code == "CYB-01")
    b.assessments.update_line(BO, line.id, line.version, {"likelihood": 3, "cons_c": 4, "scenario": "Set i marts"})
    return aid


# =====================================================================================
# The exchange between two databases
# =====================================================================================


@pytest.mark.parametrize("fmt", catalogue_file.FORMATS)
def test_exchange_between_two_databases(pair, receiver_lines, fmt):
    a, b = pair
    prepare_sender(a)
    old_title = threat(b, "CYB-01").title
    lines_before = sql(b, "SELECT * FROM risk_lines ORDER BY id")
    assessments_before = sql(b, "SELECT * FROM assessments ORDER BY id")

    exchange = catalogue_file.read_catalogue(cx.export_catalogue(a, ANNE, fmt), f"katalog.{fmt}")
    assert (exchange.municipality, exchange.kind, len(exchange.threats)) == ("Roskilde Kommune", fmt, CATALOGUE_SIZE + 2)

    before_preview = table_digest(b)
    diff = cx.preview(b, BO, exchange)
    assert table_digest(b) == before_preview  # a preview writes nothing
    assert sorted(t["code"] for t in diff.new) == ["EGN-01", "EGN-02"]
    assert {c.code: sorted(f.field for f in c.changes) for c in diff.changed} == {
        "CYB-01": ["controls", "title"], "MED-01": ["tags"], "SIK-01": ["controls"]}
    cyb = next(c for c in diff.changed if c.code == "CYB-01")
    assert (cyb.before["title"], cyb.after["title"]) == (old_title, threat(a, "CYB-01").title)
    assert cyb.after["controls"] == ["A.7.2.2", "A.12.2.1"]
    assert len(diff.unchanged) == CATALOGUE_SIZE - 3 and "CYB-03" in diff.unchanged
    assert diff.absent == []
    assert diff.preset.status == "same"

    assert cx.apply(b, BO, exchange, expected=diff) == (2, 3)

    for code in ("EGN-01", "EGN-02", "CYB-01", "MED-01", "SIK-01"):
        assert content(b, code) == content(a, code), code
    assert threat(b, "EGN-02").title == INJECTION  # literal text, never a formula
    assert not threat(b, "CYB-03").hidden  # hidden in A, still shown in B
    assert sql(b, "SELECT count(*) FROM threats WHERE NOT builtin")[0][0] == 2
    # Existing assessments are untouched: the lines keep the copy they were made with.
    assert sql(b, "SELECT * FROM risk_lines ORDER BY id") == lines_before
    assert sql(b, "SELECT * FROM assessments ORDER BY id") == assessments_before
    kept = next(ln for ln in b.assessments.lines(BO, receiver_lines) if ln.threat_code == "CYB-01")
    assert (kept.threat_title, kept.likelihood, kept.cons_c, kept.scenario) == (old_title, 3, 4, "Set i marts")
    # A new assessment copies the catalogue as it is now.
    _, fresh = start_assessment(b, BO, "Nyt system")
    assert next(ln for ln in b.assessments.lines(BO, fresh) if ln.threat_code == "CYB-01").threat_title == \
        threat(a, "CYB-01").title

    # Audited: one row per threat, and the file's summary.
    rows = audit_rows(b, action="import")
    assert len(rows) == 5 and {r["actor"] for r in rows} == {"bo"}
    (summary,) = audit_rows(b, action="import_file")
    after = json.loads(summary["after_json"])
    assert (after["municipality"], after["new"], after["changed"], after["file"]) == ("Roskilde Kommune", 2, 3, fmt)

    # A second import of the same file finds nothing to do, and writes nothing.
    again = cx.preview(b, BO, exchange)
    assert (again.new, again.changed, len(again.unchanged)) == ([], [], CATALOGUE_SIZE + 2)
    before = table_digest(b)
    assert cx.apply(b, BO, exchange, expected=again) == (0, 0)
    assert table_digest(b) == before


def test_without_the_changed_threats_only_the_new_are_added(pair):
    a, b = pair
    prepare_sender(a)
    exchange = catalogue_file.read_catalogue(cx.export_catalogue(a, ANNE, "json"), "k.json")
    old = content(b, "CYB-01")
    assert cx.apply(b, BO, exchange, include_changed=False) == (2, 0)
    assert content(b, "CYB-01") == old
    after = cx.preview(b, BO, exchange)
    assert (after.new, sorted(c.code for c in after.changed)) == ([], ["CYB-01", "MED-01", "SIK-01"])
    assert json.loads(audit_rows(b, action="import_file")[0]["after_json"])["changed_left_out"] == 3


def test_an_import_never_deletes_or_hides(pair):
    a, b = pair
    edit(a, ANNE, "MED-02", title="Opslag uden arbejdsbehov")
    doc = json.loads(cx.export_catalogue(a, ANNE, "json"))
    keep = {"MED-01", "MED-02", "CYB-01"}
    doc["threats"] = [t for t in doc["threats"] if t["code"] in keep]
    doc["annex_a"]["controls"] = {k: v for k, v in doc["annex_a"]["controls"].items() if k in keep}
    exchange = catalogue_file.read_catalogue(json.dumps(doc).encode(), "delvis.json")
    diff = cx.preview(b, BO, exchange)
    assert len(diff.absent) == CATALOGUE_SIZE - 3 and {"code", "title", "category", "hidden"} <= set(diff.absent[0])
    assert cx.apply(b, BO, exchange) == (0, 1)
    df = b.catalogue.list(LOCAL_ACTOR, include_hidden=True)
    assert len(df) == CATALOGUE_SIZE and not df["hidden"].any()


def test_own_codes_collide_and_show_as_changed(pair):
    """Each municipality numbers its own threats EGN-01, ...: the code is the key, so B's own
    EGN-01 shows as changed with A's title; leaving out the changed ones keeps B's."""
    a, b = pair
    a.catalogue.create(ANNE, ThreatInput(category="Fysiske forhold", title="Drone over rådhuset"))
    b.catalogue.create(BO, ThreatInput(category="Fysiske forhold", title="Vandskade i kælderen"))
    exchange = catalogue_file.read_catalogue(cx.export_catalogue(a, ANNE, "json"), "k.json")
    (change,) = cx.preview(b, BO, exchange).changed
    assert (change.code, change.title, change.after["title"]) == ("EGN-01", "Vandskade i kælderen", "Drone over rådhuset")
    assert cx.apply(b, BO, exchange, include_changed=False) == (0, 0)
    assert threat(b, "EGN-01").title == "Vandskade i kælderen"


def test_an_import_after_the_catalogue_changed_is_refused(pair):
    a, b = pair
    prepare_sender(a)
    exchange = catalogue_file.read_catalogue(cx.export_catalogue(a, ANNE, "xlsx"), "k.xlsx")
    diff = cx.preview(b, BO, exchange)
    edit(b, BO, "MED-01", description="Rettet i B efter forhåndsvisningen")
    before = data_digest(b)
    with pytest.raises(StaleVersionError, match="^Trusselskataloget er ændret, efter du så forskellene. Intet er importeret"):
        cx.apply(b, BO, exchange, expected=diff)
    assert data_digest(b) == before


def test_one_invalid_threat_and_nothing_is_written(pair):
    _, b = pair
    good = {"code": "EGN-07", "category": "Fysisk", "title": "Ny trussel", "description": "", "harms_c": True,
            "harms_i": True, "harms_a": True, "tags": ["all"], "controls": [], "hidden": False}
    bad = {**good, "code": "EGN-08", "title": "  "}
    exchange = catalogue_file.Exchange(municipality="X", exported_at="", threats=[good, bad], preset=b.settings.preset())
    before = table_digest(b)
    with pytest.raises(ValidationError, match=r"^Trussel nr\. 2 \(EGN-08\): Trusselens titel skal udfyldes$"):
        cx.apply(b, BO, exchange)
    exchange.threats = [good, {**good, "title": "Samme kode igen"}]
    with pytest.raises(ValidationError, match="^Koden EGN-07 står flere gange i filen$"):
        cx.apply(b, BO, exchange)
    exchange.threats = [good, {**good, "code": "EGN-09", "controls": ["A.5.1.1", "A.20.1.1"]}]
    with pytest.raises(ValidationError, match=r"^Trussel nr\. 2 \(EGN-09\): Annex A-kontrol 'A\.20\.1\.1' findes ikke"):
        cx.apply(b, BO, exchange)
    assert table_digest(b) == before


def test_a_leder_may_look_but_not_import(pair):
    a, b = pair
    prepare_sender(a)
    exchange = catalogue_file.read_catalogue(cx.export_catalogue(a, ANNE, "json"), "k.json")
    assert len(cx.preview(b, LEDER, exchange).new) == 2  # catalogue.read
    before = data_digest(b)
    with pytest.raises(PermissionDenied, match="har ikke adgang til at ændre trusselskataloget"):
        cx.apply(b, LEDER, exchange)
    assert data_digest(b) == before
    denied = audit_rows(b, action="denied")
    assert json.loads(denied[-1]["after_json"])["call"] == "CatalogueService.import_threats"
    with pytest.raises(PermissionDenied):
        cx.export_catalogue(b, Actor(username="x", display_name="X", role="deltager"), "json")
    assert json.loads(audit_rows(b, action="denied")[-1]["after_json"])["call"] == "catalogue_exchange.export_catalogue"


def test_injection_strings_stay_literal_text_in_the_xlsx(pair):
    a, _ = pair
    prepare_sender(a)
    book = load_workbook(io.BytesIO(cx.export_catalogue(a, ANNE, "xlsx")))
    ws = book["Trusler"]
    row = next(r for r in ws.iter_rows(min_row=2) if r[0].value == "EGN-02")
    assert [(c.value, c.data_type) for c in row[1:4]] == [
        ("@SUM(A1:A9)", "s"), (INJECTION, "s"), ("+cmd|' /C calc'!A0", "s")]
    assert all(c.data_type == "s" for w in book.worksheets for r in w.iter_rows() for c in r if c.value is not None)


# =====================================================================================
# The scale preset: compared, never installed or switched by an import
# =====================================================================================


def test_another_known_preset_is_offered_not_applied(pair, receiver_lines):
    a, b = pair
    a.settings.set_preset(ANNE, "kl", a.settings.get(LOCAL_ACTOR, "preset")[1])
    exchange = catalogue_file.read_catalogue(cx.export_catalogue(a, ANNE, "xlsx"), "k.xlsx")
    cmp = cx.preview(b, BO, exchange).preset
    assert (cmp.status, cmp.file_id, cmp.local_id, cmp.can_switch, cmp.differences) == (
        "other", "kl", "standard", True, [])
    cx.apply(b, BO, exchange)
    assert b.settings.preset().id == "standard"


def test_a_preset_on_another_scale_size_cannot_be_switched_to(pair, receiver_lines):
    a, b = pair
    a.settings.set_preset(ANNE, "5x5", a.settings.get(LOCAL_ACTOR, "preset")[1])
    cmp = cx.preview(b, BO, catalogue_file.read_catalogue(cx.export_catalogue(a, ANNE, "json"), "k.json")).preset
    assert (cmp.status, cmp.can_switch) == ("other", False)
    assert "4-trinsskala" in cmp.why_not


def _doc(wb) -> dict:
    return json.loads(cx.export_catalogue(wb, ANNE, "json"))


def test_an_unknown_preset_is_reported(pair):
    a, b = pair
    doc = _doc(a)
    doc["preset"]["id"] = "sjaelland-faelles"
    doc["preset"]["name_da"] = "Sjællands fælles skala"
    cmp = cx.preview(b, BO, catalogue_file.read_catalogue(json.dumps(doc).encode(), "k.json")).preset
    assert (cmp.status, cmp.file_id, cmp.file_name, cmp.can_switch) == (
        "unknown", "sjaelland-faelles", "Sjællands fælles skala", False)


def test_the_same_preset_with_another_definition_is_reported(pair):
    a, b = pair
    doc = _doc(a)
    doc["preset"]["levels"][0]["da"] = "Grøn"
    doc["preset"]["matrix"][0][3] = 0
    before = table_digest(b)
    cmp = cx.preview(b, BO, catalogue_file.read_catalogue(json.dumps(doc).encode(), "k.json")).preset
    assert (cmp.status, cmp.differences) == ("differs", ["levels", "matrix"])
    assert table_digest(b) == before


# =====================================================================================
# Bad files: a Danish message naming the place, and nothing written
# =====================================================================================


def _xlsx(wb, change) -> bytes:
    book = load_workbook(io.BytesIO(cx.export_catalogue(wb, ANNE, "xlsx")))
    change(book)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def _json(wb, change) -> bytes:
    doc = _doc(wb)
    change(doc)
    return json.dumps(doc).encode()


def _set(sheet: str, ref: str, value):
    def change(book):
        book[sheet][ref] = value
    return change


def _rename(book):
    book["Trusler"].title = "Threats"


def _drop_threat_title(doc):
    del doc["threats"][2]["title"]


def _json_control(doc):
    doc["threats"][2]["controls"] = ["A.7.2.2", "A.99"]
    doc["annex_a"]["controls"][doc["threats"][2]["code"]] = ["A.7.2.2", "A.99"]


def _json_mapping_disagrees(doc):
    doc["annex_a"]["controls"][doc["threats"][0]["code"]] = ["A.5.1.1"]


def _bad_colour(doc):
    doc["preset"]["levels"][1]["color"] = "gul"


def _bad_matrix(doc):
    doc["preset"]["matrix"][3][3] = 0  # a higher score may never give a lower level


BAD_FILES = {
    "wrong-sheet": (lambda wb: (_xlsx(wb, _rename), "k.xlsx"),
                    r"^Filen er ikke et trusselskatalog fra Risikoværkstedet: den mangler arket 'Trusler' "
                    r"\(arkene i filen: Om filen, Threats, Skala, Annex A\)\.$"),
    "missing-column": (lambda wb: (_xlsx(wb, _set("Trusler", "C1", None)), "k.xlsx"),
                       r"^Arket 'Trusler', række 1: kolonnen 'Titel' mangler i overskriftsrækken"),
    "formula-cell": (lambda wb: (_xlsx(wb, _set("Trusler", "C3", '=HYPERLINK("http://x","y")')), "k.xlsx"),
                     r"^Arket 'Trusler', række 3, kolonne C: cellen indeholder en formel \(=HYPERLINK"),
    "unknown-control": (lambda wb: (_xlsx(wb, _set("Annex A", "B4", "A.19.1.1")), "k.xlsx"),
                        r"^Arket 'Annex A', række 4, kolonne B \(Kontrol\): Annex A-kontrol 'A\.19\.1\.1' findes ikke "
                        r"i ISO 27001:2013 Anneks A"),
    "mapping-unknown-code": (lambda wb: (_xlsx(wb, _set("Annex A", "A3", "XYZ-99")), "k.xlsx"),
                             r"^Arket 'Annex A', række 3, kolonne A \(Kode\): koden 'XYZ-99' findes ikke på arket "
                             r"'Trusler'$"),
    "yes-no": (lambda wb: (_xlsx(wb, _set("Trusler", "E2", "måske")), "k.xlsx"),
               r"^Arket 'Trusler', række 2, kolonne E \(Fortrolighed\): 'måske' skal være 'ja' eller 'nej'$"),
    "empty-title": (lambda wb: (_xlsx(wb, _set("Trusler", "C5", "   ")), "k.xlsx"),
                    r"^Arket 'Trusler', række 5, kolonne C \(Titel\): Trusselens titel skal udfyldes$"),
    "unknown-tag": (lambda wb: (_xlsx(wb, _set("Trusler", "H6", "all; månen")), "k.xlsx"),
                    r"^Arket 'Trusler', række 6, kolonne H \(Profilmærker\): Ukendte profilmærker: månen$"),
    "duplicate-code": (lambda wb: (_xlsx(wb, _set("Trusler", "A7", "CYB-01")), "k.xlsx"),
                       r"^Arket 'Trusler', række 7, kolonne A \(Kode\): koden 'CYB-01' står også i række 2$"),
    "bad-code": (lambda wb: (_xlsx(wb, _set("Trusler", "A7", "CYB 01")), "k.xlsx"),
                 r"^Arket 'Trusler', række 7, kolonne A \(Kode\): Kode 'CYB 01' må kun indeholde"),
    "scale-level": (lambda wb: (_xlsx(wb, _set("Skala", "C32", "blå")), "k.xlsx"),
                    r"^Arket 'Skala', række 32, kolonne C \(konsekvens 2\): 'blå' er ikke et af niveauerne "
                    r"\(lav, middel, hoej\)$"),
    "not-a-catalogue": (lambda wb: (_xlsx(wb, _set("Om filen", "B5", "noget-andet")), "k.xlsx"),
                        r"^Arket 'Om filen', række 5, kolonne B \(Format\): filen er ikke et trusselskatalog"),
    "json-unknown-control": (lambda wb: (_json(wb, _json_control), "k.json"),
                             r"^JSON-filen, threats\[2\]\.controls: Annex A-kontrol 'A\.99' findes ikke"),
    "json-missing-title": (lambda wb: (_json(wb, _drop_threat_title), "k.json"),
                           r"^JSON-filen, threats\[2\]\.title: Trusselens titel skal udfyldes$"),
    "json-mapping-disagrees": (lambda wb: (_json(wb, _json_mapping_disagrees), "k.json"),
                               r"^JSON-filen, annex_a\.controls\.CYB-01: passer ikke med threats\[0\]\.controls"),
    "json-colour": (lambda wb: (_json(wb, _bad_colour), "k.json"),
                    r"^JSON-filen, preset\.levels\[1\]\.color: 'gul' er ikke en farve"),
    "json-matrix": (lambda wb: (_json(wb, _bad_matrix), "k.json"),
                    r"^JSON-filen, preset: niveauet falder, når sandsynligheden stiger"),
    "json-format": (lambda wb: (_json(wb, lambda d: d.update(format="noget")), "k.json"),
                    r"^JSON-filen, format: filen er ikke et trusselskatalog fra Risikoværkstedet"),
    "json-newer": (lambda wb: (_json(wb, lambda d: d.update(version=2)), "k.json"),
                   r"^JSON-filen, version: filen har formatversion 2"),
    "json-broken": (lambda wb: (b'{"format": "risikovaerkstedet-trusselskatalog",\n "threats": [', "k.json"),
                    r"^JSON-filen: ikke gyldig JSON \(linje 2"),
    "oversized": (lambda wb: (b"{" + b" " * (5 * 1024 * 1024) + b"}", "k.json"),
                  r"^Filen er for stor \(5\.0 MB\); et trusselskatalog kan højst fylde 5 MB\.$"),
    "not-xlsx-or-json": (lambda wb: (b"%PDF-1.4 ...", "katalog.pdf"),
                         r"^'katalog\.pdf' er hverken en Excel-fil \(\.xlsx\) eller en JSON-fil \(\.json\)"),
    "xlsx-that-is-not": (lambda wb: (b"kode;titel\nCYB-01;Phishing\n", "katalog.xlsx"),
                         r"^Filen er ikke en Excel-fil \(\.xlsx\)"),
}


@pytest.mark.parametrize("case", list(BAD_FILES), ids=list(BAD_FILES))
def test_a_bad_file_is_refused_by_place_and_nothing_is_written(pair, case):
    a, b = pair
    make, pattern = BAD_FILES[case]
    data, name = make(a)
    before = table_digest(b)
    with pytest.raises(ValidationError, match=pattern):
        catalogue_file.read_catalogue(data, name)
    assert table_digest(b) == before


def test_the_scale_sheet_cell_of_the_bad_level_case_is_a_matrix_cell(pair):
    """Guards the 'scale-level' case above: C32 is consequence 2 of the first matrix row."""
    a, _ = pair
    ws = load_workbook(io.BytesIO(cx.export_catalogue(a, ANNE, "xlsx")))["Skala"]
    assert (ws["A30"].value, ws["A31"].value, ws["A32"].value, ws["C32"].value) == (
        "Matrix", catalogue_file.MATRIX_CORNER, "1", "lav")


# =====================================================================================
# The Annex A mapping of the catalogue
# =====================================================================================


def test_a_new_catalogue_has_the_default_mapping(wb):
    mapping = read_controls_file()
    df = wb.catalogue.list(LOCAL_ACTOR, include_hidden=True)
    assert {r.code: list(r.controls) for r in df.itertuples()} == mapping
    assert audit_rows(wb, action="seed_controls") == []  # seeded with the threats, in the one seed row


def test_an_upgraded_catalogue_gets_the_mapping_once(db_path, open_copy):
    wb = open_copy(db_path)
    with unit_of_work(wb.db, ANNE) as uow:  # as a file from before migration 007 has it
        uow.cur.execute("UPDATE threats SET controls = []")
    wb.catalogue.create(ANNE, ThreatInput(category="Egne", title="Egen trussel"))
    wb.db.close()

    wb = open_workbench(db_path)
    try:
        df = wb.catalogue.list(LOCAL_ACTOR, include_hidden=True).set_index("code")
        assert list(df.loc["CYB-01", "controls"]) == read_controls_file()["CYB-01"]
        assert list(df.loc["EGN-01", "controls"]) == []  # not builtin: left alone
        assert int(df.loc["CYB-01", "version"]) == 2
        (seed,) = audit_rows(wb, action="seed_controls")
        assert json.loads(seed["after_json"]) == {"file": "threat_controls.json", "threats": CATALOGUE_SIZE}
        # The coordinator clears a mapping: reopening does not bring it back.
        edit(wb, ANNE, "CYB-01", controls=[])
    finally:
        wb.db.close()
    wb = open_workbench(db_path)
    try:
        assert threat(wb, "CYB-01").controls == []
        assert len(audit_rows(wb, action="seed_controls")) == 1
    finally:
        wb.db.close()


def test_the_catalogue_service_checks_and_keeps_controls(wb):
    t = threat(wb, "CYB-01")
    before = table_digest(wb)
    with pytest.raises(ValidationError, match=r"^Annex A-kontrol 'A\.1\.2\.3' findes ikke i ISO 27001:2013 Anneks A"):
        wb.catalogue.update(ANNE, t.id, t.version, as_input(t, controls=["A.7.2.2", "A.1.2.3"]))
    assert table_digest(wb) == before

    v = wb.catalogue.update(ANNE, t.id, t.version, as_input(t, controls=["a.12.3.1", "A.7.2.2", "A.7.2.2"]))
    assert threat(wb, "CYB-01").controls == ["A.7.2.2", "A.12.3.1"]
    row = audit_rows(wb, action="update", entity="threats")[-1]
    assert json.loads(row["after_json"]) == {"controls": ["A.7.2.2", "A.12.3.1"]}
    # An update that does not name the controls (controls=None) keeps them.
    plain = ThreatInput(category=t.category, title="Phishing (ny titel)", description=t.description,
                        harms_c=t.harms_c, harms_i=t.harms_i, harms_a=t.harms_a, tags=list(t.tags))
    wb.catalogue.update(ANNE, t.id, v, plain)
    assert threat(wb, "CYB-01").controls == ["A.7.2.2", "A.12.3.1"]
    new_id = wb.catalogue.create(ANNE, ThreatInput(category="Egne", title="T", controls=["A.11.1.1"]))
    assert wb.catalogue.get(LOCAL_ACTOR, new_id).controls == ["A.11.1.1"]
