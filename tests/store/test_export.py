"""Excel export on a real DuckDB file: write the workbook, reopen it with openpyxl, check it."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

import riskmodel.reports.export as export_module
from riskmodel.domain.dates import DK
from riskmodel.domain.errors import PermissionDenied, ValidationError
from riskmodel.domain.model import LOCAL_ACTOR, Actor, SystemInput
from riskmodel.reports.export import (
    REGISTER_HEADERS,
    SHEET_ACTIVITIES,
    SHEET_FRONT,
    SHEET_HEATMAP,
    SHEET_REGISTER,
    export_workbook,
    heatmap_layout,
)
from riskmodel.services import PortfolioFilter, Workbench

pytestmark = pytest.mark.slow  # not in `make test-fast`: Excel packs of a demo municipality, opened again

PACK_SHEETS = ["Forside", "Heatmap", "Sammenligning", "Ændrede linjer", "Risikooversigt", "Risikoregister", "Handlingsplan",
               "Behandlingsaktiviteter og DPIA", "Dispensationer", "Gennemgangsstatus"]

HYPERLINK = '=HYPERLINK("http://x")'
DEADLINE = date(2026, 3, 31)


@dataclass
class Scenario:
    wb: Workbench
    db: Path
    formula_line: int  # the line with formula-looking text, inherent (3, 4), residual (2, 2)
    middle_line: int  # inherent (4, 1), no residual scored


def _score(wb: Workbench, line_id: int, changes: dict) -> None:
    line = wb.assessments.line(LOCAL_ACTOR, line_id)
    wb.assessments.update_line(LOCAL_ACTOR, line_id, line.version, changes)


@pytest.fixture
def scenario(wb: Workbench, db_path: Path) -> Scenario:
    """Two active systems with scored lines (Danish letters, formula-looking text) and a retired one."""
    s1 = wb.systems.create(LOCAL_ACTOR, SystemInput(name=HYPERLINK, department="Børn og unge", owner="Søren Ærø Åberg"))
    lines = wb.assessments.lines(LOCAL_ACTOR, wb.assessments.start(LOCAL_ACTOR, s1, year=2026))
    _score(wb, lines[0].id, {
        "likelihood": 3, "cons_c": 4, "cons_i": 2, "treatment": "reducer", "scenario": "+1+1",
        "planned_measures": "@SUM(A1)", "existing_measures": "#N/A", "measure_owner": "-Ansvarlig",
        "measure_deadline": DEADLINE, "residual_likelihood": 2, "residual_consequence": 2, "risk_owner": "Åse Ørsted",
    })
    _score(wb, lines[1].id, {"likelihood": 4, "cons_a": 1, "treatment": "accepter"})
    _score(wb, lines[2].id, {"likelihood": 1, "cons_c": 1})
    # Control characters cannot come in through the services; an import or old data might hold them.
    with wb.db.transaction() as cur:
        cur.execute("UPDATE risk_lines SET scenario = ? WHERE id = ?", ["Før\x0bEfter\x00", lines[2].id])

    s2 = wb.systems.create(LOCAL_ACTOR, SystemInput(name="Økonomisystem", department="Økonomi"))
    lines2 = wb.assessments.lines(LOCAL_ACTOR, wb.assessments.start(LOCAL_ACTOR, s2, year=2026))
    _score(wb, lines2[0].id, {"likelihood": 3, "cons_i": 4})

    # A retired system's lines are not in the register.
    s3 = wb.systems.create(LOCAL_ACTOR, SystemInput(name="Gammelt system", department="Økonomi"))
    lines3 = wb.assessments.lines(LOCAL_ACTOR, wb.assessments.start(LOCAL_ACTOR, s3, year=2025))
    _score(wb, lines3[0].id, {"likelihood": 4, "cons_c": 4})
    wb.systems.set_status(LOCAL_ACTOR, s3, wb.systems.get(LOCAL_ACTOR, s3).version, "udfaset")
    return Scenario(wb=wb, db=db_path, formula_line=lines[0].id, middle_line=lines[1].id)


def _export(wb: Workbench, path: Path, **kwargs) -> tuple[int, openpyxl.Workbook]:
    with path.open("wb") as fh:
        n = export_workbook(wb, LOCAL_ACTOR, fh, **kwargs)
    return n, openpyxl.load_workbook(path)


def _register_rows(book: openpyxl.Workbook) -> list[dict]:
    ws = book[SHEET_REGISTER]
    headers = [c.value for c in ws[1]]
    return [dict(zip(headers, row, strict=True)) for row in ws.iter_rows(min_row=2)]


def _find(rows: list[dict], system: str, threat_code: str) -> dict:
    found = [r for r in rows if r["System"].value == system and r["Trussel-ID"].value == threat_code]
    assert len(found) == 1, (system, threat_code)
    return found[0]


def _argb(hex_color: str) -> str:
    return "FF" + hex_color.lstrip("#").upper()


def _matrix(book: openpyxl.Workbook, preset, which: str) -> tuple[dict[tuple[int, int], int], int, list]:
    """The counts of one heatmap matrix, its 'I alt' grand total and its count cells."""
    ws = book[SHEET_HEATMAP]
    top = heatmap_layout(preset)[which]
    size = preset.size
    assert ws.cell(top + 1, 1).value.startswith("Sandsynlighed")
    assert [ws.cell(top + 1, 1 + con).value for con in range(1, size + 1)] == [
        f"{s.value} – {s.label('da')}" for s in preset.consequence
    ]
    counts, cells = {}, []
    for k, lik in enumerate(range(size, 0, -1)):
        row = top + 2 + k
        assert ws.cell(row, 1).value == f"{lik} – {preset.likelihood_step(lik).label('da')}"
        for con in range(1, size + 1):
            cell = ws.cell(row, 1 + con)
            cells.append((lik, con, cell))
            if cell.value:
                counts[(lik, con)] = cell.value
        assert ws.cell(row, size + 2).value == sum(ws.cell(row, 1 + c).value for c in range(1, size + 1))
    total_row = top + 2 + size
    assert ws.cell(total_row, 1).value == "I alt"
    for con in range(1, size + 1):
        assert ws.cell(total_row, 1 + con).value == sum(counts.get((lik, con), 0) for lik in range(1, size + 1))
    return counts, ws.cell(total_row, size + 2).value, cells


def test_sheets_headers_and_one_row_per_current_line(scenario: Scenario, tmp_path: Path):
    wb = scenario.wb
    n, book = _export(wb, tmp_path / "pakke.xlsx")
    register = wb.portfolio.register(LOCAL_ACTOR)

    assert book.sheetnames == [SHEET_FRONT, SHEET_HEATMAP, "Sammenligning", "Ændrede linjer", "Risikooversigt", SHEET_REGISTER,
                               "Handlingsplan",
                               SHEET_ACTIVITIES, "Dispensationer", "Gennemgangsstatus"] == PACK_SHEETS
    ws = book[SHEET_REGISTER]
    assert tuple(c.value for c in ws[1]) == REGISTER_HEADERS
    assert list(REGISTER_HEADERS) == [
        "System", "Afdeling", "Systemejer", "Klassifikation", "Trussel-ID", "Trussel", "Kategori", "Scenarie",
        "Eksisterende foranstaltninger", "Fortrolighed", "Integritet", "Tilgængelighed", "Sandsynlighed", "Konsekvens",
        "Konsekvens angivet som", "Risikoniveau", "Behandling", "Planlagte foranstaltninger", "Ansvarlig", "Frist",
        "Rest-sandsynlighed",
        "Rest-konsekvens", "Restrisikoniveau", "Risikoejer", "Begrundelse", "Accepteret af", "Accepteret den",
        "Beslutning om accept", "Accept udløber", "Vurderingsstatus", "År", "Deltagere", "Godkendelse", "Linje-ID",
        "Linjeversion",
    ]
    rows = _register_rows(book)
    assert n == len(register) == len(rows) == ws.max_row - 1
    assert len(register) > 30  # two systems' preselected catalogue threats
    assert "Gammelt system" not in {r["System"].value for r in rows}
    assert [(r["System"].value, r["Trussel-ID"].value) for r in rows] == list(
        zip(register["system_name"], register["threat_code"], strict=True)
    )


def test_scores_levels_colours_labels_and_dates(scenario: Scenario, tmp_path: Path):
    wb = scenario.wb
    preset = wb.settings.preset()
    _, book = _export(wb, tmp_path / "pakke.xlsx")
    rows = _register_rows(book)
    line = wb.assessments.line(LOCAL_ACTOR, scenario.formula_line)
    r = _find(rows, HYPERLINK, line.threat_code)

    # Scores are numbers, the consequence is the highest of F/I/T.
    for header, value in [("Sandsynlighed", 3), ("Fortrolighed", 4), ("Integritet", 2), ("Konsekvens", 4),
                          ("Rest-sandsynlighed", 2), ("Rest-konsekvens", 2), ("År", 2026)]:
        assert r[header].value == value and r[header].data_type == "n", header
    assert r["Tilgængelighed"].value is None

    high, low = preset.level(3, 4), preset.level(2, 2)
    assert r["Risikoniveau"].value == high.label("da") == "Høj"
    assert r["Risikoniveau"].fill.fgColor.rgb == _argb(high.color)
    assert r["Risikoniveau"].font.color.rgb == _argb(high.text_color)
    assert r["Restrisikoniveau"].value == low.label("da") == "Lav"
    assert r["Restrisikoniveau"].fill.fgColor.rgb == _argb(low.color)

    assert r["Behandling"].value == "Reducer"
    assert r["Vurderingsstatus"].value == "Kladde"
    assert r["Klassifikation"].value == "Intern"
    assert isinstance(r["Frist"].value, datetime)
    assert r["Frist"].value.date() == DEADLINE
    assert r["Frist"].number_format == "dd-mm-yyyy"

    # Without residual scores the residual is the inherent risk (as in the app's heatmap).
    m = _find(rows, HYPERLINK, wb.assessments.line(LOCAL_ACTOR, scenario.middle_line).threat_code)
    assert m["Risikoniveau"].value == m["Restrisikoniveau"].value == preset.level(4, 1).label("da")
    # ... but the residual scores show as not entered, so nobody reads a score no one gave.
    assert m["Rest-sandsynlighed"].value is None and m["Rest-konsekvens"].value is None
    assert m["Behandling"].value == "Accepter"
    assert m["Frist"].value is None

    # Unscored lines: no level.
    unscored = [x for x in rows if x["Sandsynlighed"].value is None]
    assert unscored
    assert all(x["Risikoniveau"].value is None and x["Restrisikoniveau"].value is None for x in unscored)


def test_user_text_never_becomes_a_formula(scenario: Scenario, tmp_path: Path):
    wb = scenario.wb
    path = tmp_path / "pakke.xlsx"
    _, book = _export(wb, path)
    rows = _register_rows(book)
    r = _find(rows, HYPERLINK, wb.assessments.line(LOCAL_ACTOR, scenario.formula_line).threat_code)
    for header, value in [("System", HYPERLINK), ("Scenarie", "+1+1"), ("Planlagte foranstaltninger", "@SUM(A1)"),
                          ("Eksisterende foranstaltninger", "#N/A"), ("Ansvarlig", "-Ansvarlig")]:
        assert r[header].value == value, header
        assert r[header].data_type == "s", header
        assert r[header].quotePrefix, header  # stays text even when edited in Excel
    # No formula anywhere in the workbook, not even in the raw XML.
    for ws in book:
        for row in ws.iter_rows():
            assert all(c.data_type != "f" for c in row), ws.title
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in zf.read(name) and b"<f " not in zf.read(name), name


def test_danish_letters_and_control_characters(scenario: Scenario, tmp_path: Path):
    _, book = _export(scenario.wb, tmp_path / "pakke.xlsx")
    rows = _register_rows(book)
    r = _find(rows, HYPERLINK, scenario.wb.assessments.line(LOCAL_ACTOR, scenario.formula_line).threat_code)
    assert r["Afdeling"].value == "Børn og unge"
    assert r["Systemejer"].value == "Søren Ærø Åberg"
    assert r["Risikoejer"].value == "Åse Ørsted"
    assert "Økonomisystem" in {x["System"].value for x in rows}
    assert "FørEfter" in {x["Scenarie"].value for x in rows}  # XML-illegal characters stripped


def test_layout_of_the_register(scenario: Scenario, tmp_path: Path):
    _, book = _export(scenario.wb, tmp_path / "pakke.xlsx")
    ws = book[SHEET_REGISTER]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:AI{ws.max_row}"
    assert ws.max_column == len(REGISTER_HEADERS) == 35
    assert ws["A1"].font.b
    assert ws["A1"].fill.fill_type == "solid"
    assert ws.column_dimensions["H"].width >= 40  # Scenarie
    assert ws["H2"].alignment.wrap_text
    assert ws.print_title_rows == "$1:$1"


def test_heatmap_counts_agree_with_register_and_portfolio(scenario: Scenario, tmp_path: Path):
    wb = scenario.wb
    preset = wb.settings.preset()
    _, book = _export(wb, tmp_path / "pakke.xlsx")
    rows = _register_rows(book)

    inherent, inherent_total, cells = _matrix(book, preset, "inherent")
    residual, residual_total, _ = _matrix(book, preset, "residual")

    # Known coordinates: (3, 4) holds the formula line and Økonomisystem's line, (4, 1) and (1, 1) one each.
    assert inherent == {(3, 4): 2, (4, 1): 1, (1, 1): 1}
    assert residual == {(3, 4): 1, (2, 2): 1, (4, 1): 1, (1, 1): 1}
    # Every cell carries the colour of its level.
    for lik, con, cell in cells:
        level = preset.level(lik, con)
        assert cell.fill.fgColor.rgb == _argb(level.color), (lik, con)
        assert cell.font.color.rgb == _argb(level.text_color), (lik, con)

    scored = sum(1 for r in rows if r["Risikoniveau"].value)
    res_scored = sum(1 for r in rows if r["Restrisikoniveau"].value)
    assert inherent_total == sum(inherent.values()) == scored == 4
    assert residual_total == sum(residual.values()) == res_scored == 4
    assert inherent == wb.portfolio.heatmap(LOCAL_ACTOR, PortfolioFilter(residual=False))
    assert residual == wb.portfolio.heatmap(LOCAL_ACTOR, PortfolioFilter(residual=True))


def test_heatmap_legend_is_derived_from_the_preset(scenario: Scenario, tmp_path: Path):
    wb = scenario.wb
    preset = wb.settings.preset()
    _, book = _export(wb, tmp_path / "pakke.xlsx")
    ws = book[SHEET_HEATMAP]
    layout = heatmap_layout(preset)
    start = layout["legend"] + 2
    for k, entry in enumerate(preset.legend()):
        name, definition = ws.cell(start + k, 1), ws.cell(start + k, 2)
        assert name.value == entry.level.label("da")
        assert definition.value == entry.level.definition("da")
        assert name.fill.fgColor.rgb == _argb(entry.level.color)

    start = layout["levels"] + 2
    by_level = {ws.cell(start + k, 1).value: (ws.cell(start + k, 2).value, ws.cell(start + k, 3).value)
                for k in range(len(preset.levels))}
    assert by_level == {"Lav": (1, 2), "Middel": (1, 1), "Høj": (2, 1)}
    cells_text = ws.cell(start + len(preset.levels) - 1, 4).value
    assert cells_text.split(", ") == [f"{lik}/{con}" for lik, con in
                                      sorted(preset.legend()[-1].cells, key=lambda c: (-c[0], c[1]))]


def test_colours_follow_the_municipality_preset(scenario: Scenario, tmp_path: Path):
    wb = scenario.wb
    wb.settings.set_preset(LOCAL_ACTOR, "kl", wb.settings.get(LOCAL_ACTOR, "preset")[1])
    kl = wb.settings.preset()
    _, book = _export(wb, tmp_path / "pakke.xlsx")
    r = _find(_register_rows(book), HYPERLINK, wb.assessments.line(LOCAL_ACTOR, scenario.formula_line).threat_code)
    assert r["Risikoniveau"].value == kl.level(3, 4).label("da")
    assert r["Risikoniveau"].fill.fgColor.rgb == _argb(kl.level(3, 4).color)
    inherent, total, _ = _matrix(book, kl, "inherent")
    assert inherent == wb.portfolio.heatmap(LOCAL_ACTOR, PortfolioFilter()) and total == 4
    assert book[SHEET_FRONT]["B7"].value == kl.name("da")


def test_front_page_and_page_setup(scenario: Scenario, tmp_path: Path):
    wb = scenario.wb
    wb.settings.set_municipality(LOCAL_ACTOR, "Æbeltoft & Omegn Kommune", 0)
    n, book = _export(wb, tmp_path / "pakke.xlsx")
    ws = book[SHEET_FRONT]
    facts = {row[0].value: row[1] for row in ws.iter_rows(min_row=4, max_row=12)}
    assert facts["År"].value == datetime.now(DK).year
    assert facts["Kommune"].value == "Æbeltoft & Omegn Kommune"
    assert facts["Eksportdato"].value.date() == datetime.now(DK).date()
    assert facts["Eksportdato"].number_format == "dd-mm-yyyy"
    assert facts["Risikomatrix"].value == wb.settings.preset().name("da")
    assert facts["Aktive systemer"].value == 2
    assert facts["Systemer med risikovurdering"].value == 2
    assert facts["Risikolinjer"].value == n
    assert facts["Heraf scoret"].value == 4
    for sheet in book:
        assert sheet.page_setup.orientation == "landscape", sheet.title
        if sheet.title != SHEET_REGISTER:  # a fixed scale that fits A4 across and keeps 11 pt at 8 pt or more
            assert not sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
            assert 75 <= int(sheet.page_setup.scale) <= 100, sheet.title
        assert sheet.oddFooter.center.text == "Side &P af &N", sheet.title
        assert sheet.oddHeader.left.text == "Æbeltoft && Omegn Kommune", sheet.title  # '&' escaped


def test_progress_is_reported(scenario: Scenario, tmp_path: Path, monkeypatch):
    monkeypatch.setattr(export_module, "PROGRESS_EVERY", 10)
    calls: list[tuple[float, str]] = []
    n, _ = _export(scenario.wb, tmp_path / "pakke.xlsx", progress=lambda f, m: calls.append((f, m)))
    fractions = [f for f, _ in calls]
    assert fractions[0] == 0.0 and fractions[-1] == 1.0
    assert fractions == sorted(fractions)
    assert all(isinstance(m, str) and m for _, m in calls)
    assert f"Skriver risikoregistret: 10 af {n} linjer" in [m for _, m in calls]


def test_demo_municipality_adds_up(wb: Workbench, tmp_path: Path):
    """A realistic portfolio: every level, dates, residuals; the workbook agrees with the services."""
    from riskmodel.services.demo import build_demo

    build_demo(wb, LOCAL_ACTOR, systems=40, seed=1)
    preset = wb.settings.preset()
    n, book = _export(wb, tmp_path / "demo.xlsx")
    rows = _register_rows(book)
    assert n == len(rows) == len(wb.portfolio.register(LOCAL_ACTOR)) == wb.portfolio.summary(LOCAL_ACTOR)["lines"]
    for which, residual, column in (("inherent", False, "Risikoniveau"), ("residual", True, "Restrisikoniveau")):
        counts, total, _ = _matrix(book, preset, which)
        assert counts == wb.portfolio.heatmap(LOCAL_ACTOR, PortfolioFilter(residual=residual)), which
        assert total == sum(1 for r in rows if r[column].value)
    deadlines = [r["Frist"] for r in rows if r["Frist"].value is not None]
    assert deadlines and all(isinstance(c.value, datetime) and c.number_format == "dd-mm-yyyy" for c in deadlines)
    levels = {lvl.label("da"): _argb(lvl.color) for lvl in preset.levels}
    assert {r["Risikoniveau"].value for r in rows} - {None} == set(levels)
    assert all(r["Risikoniveau"].fill.fgColor.rgb == levels[r["Risikoniveau"].value]
               for r in rows if r["Risikoniveau"].value)


def test_export_to_a_path_and_an_empty_database(wb: Workbench, tmp_path: Path):
    out = tmp_path / "ud" / "tom.xlsx"
    out.parent.mkdir()
    assert export_workbook(wb, LOCAL_ACTOR, out) == 0
    assert [p.name for p in out.parent.iterdir()] == ["tom.xlsx"]  # no temporary file left behind
    book = openpyxl.load_workbook(out)
    ws = book[SHEET_REGISTER]
    assert ws.max_row == 1 and ws.auto_filter.ref == "A1:AI1"
    counts, total, _ = _matrix(book, wb.settings.preset(), "inherent")
    assert counts == {} and total == 0


def test_scores_outside_the_matrix_are_left_out_not_fatal(wb: Workbench, tmp_path: Path):
    """An assessment started on a 5x5 matrix and scored after the municipality went back to 4x4."""
    wb.settings.set_preset(LOCAL_ACTOR, "5x5", 0)
    sid = wb.systems.create(LOCAL_ACTOR, SystemInput(name="Femtrins", department="IT"))
    line = wb.assessments.lines(LOCAL_ACTOR, wb.assessments.start(LOCAL_ACTOR, sid))[0]
    wb.settings.set_preset(LOCAL_ACTOR, "standard", wb.settings.get(LOCAL_ACTOR, "preset")[1])
    with pytest.raises(ValidationError, match="5-trinsskala"):
        _score(wb, line.id, {"likelihood": 5, "cons_c": 5})
    with wb.db.transaction() as cur:  # a file scored before the services refused this
        cur.execute("UPDATE risk_lines SET likelihood = 5, cons_c = 5 WHERE id = ?", [line.id])

    _, book = _export(wb, tmp_path / "pakke.xlsx")
    r = _find(_register_rows(book), "Femtrins", line.threat_code)
    assert r["Sandsynlighed"].value == 5 and r["Risikoniveau"].value is None
    counts, total, _ = _matrix(book, wb.settings.preset(), "inherent")
    assert counts == wb.portfolio.heatmap(LOCAL_ACTOR, PortfolioFilter()) == {} and total == 0


def test_export_needs_access(scenario: Scenario, tmp_path: Path):
    out = tmp_path / "pakke.xlsx"
    with pytest.raises(PermissionDenied):
        export_workbook(scenario.wb, Actor("gæst", "Gæst", role="deltager"), out)
    assert not out.exists()


def test_cli_export(scenario: Scenario, tmp_path: Path, capsys):
    from riskmodel.__main__ import main

    expected = len(scenario.wb.portfolio.register(LOCAL_ACTOR))
    scenario.wb.db.close()
    out = tmp_path / "cli" / "pakke.xlsx"
    assert main(["export", "--db", str(scenario.db), "--out", str(out)]) == 0
    assert f"({expected} risikolinjer)" in capsys.readouterr().out
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == PACK_SHEETS
    assert book[SHEET_REGISTER].max_row == expected + 1


def test_participants_acceptance_and_approval_are_in_the_register(wb: Workbench, tmp_path: Path):
    """Issue 4: participants, their roles and the date, the acceptance and the sign-off reach the committee."""
    from datetime import date

    lene = Actor(username="lene", display_name="Lene Leder", role="leder", departments=("Jobcenter",))
    sid = wb.systems.create(LOCAL_ACTOR, SystemInput(name="Fagsystem", department="Jobcenter"))
    aid = wb.assessments.start(LOCAL_ACTOR, sid)
    lines = wb.assessments.lines(LOCAL_ACTOR, aid)
    for ln in lines:
        _score(wb, ln.id, {"likelihood": 1, "cons_c": 1})
    _score(wb, lines[0].id, {"likelihood": 4, "cons_c": 4, "score_rationale": "=SUM(A1:A2)"})
    first = wb.assessments.line(LOCAL_ACTOR, lines[0].id)
    wb.assessments.accept_risk(LOCAL_ACTOR, first.id, first.version, "Lene Leder", date(2026, 11, 2), "Direktionen 2/11",
                               expires=date(2027, 6, 30))
    wid = wb.workshops.open(LOCAL_ACTOR, aid)
    code = wb.workshops.live(LOCAL_ACTOR, wid).workshop["code"]
    wb.workshops.join(code, "Anne Andersen", "systemejer")
    wb.workshops.add_participant(LOCAL_ACTOR, aid, "Carl Chef", "leder", date(2026, 11, 2))
    version = wb.signoff.submit(LOCAL_ACTOR, aid, wb.assessments.get(LOCAL_ACTOR, aid).version)
    wb.signoff.approve(lene, aid, version)

    _, book = _export(wb, tmp_path / "pakke.xlsx")
    rows = [r for r in _register_rows(book) if r["System"].value == "Fagsystem"]
    assert len(rows) == len(lines)
    people = rows[0]["Deltagere"].value
    assert people.startswith("Carl Chef (Leder, 02-11-2026); Lokal bruger (Facilitator, ")
    assert "Anne Andersen (Systemejer, " in people
    assert {r["Deltagere"].value for r in rows} == {people}
    assert rows[0]["Godkendelse"].value.startswith("Godkendt af Lene Leder ")
    top = next(r for r in rows if r["Trussel-ID"].value == first.threat_code)
    assert top["Accepteret af"].value == "Lene Leder"
    assert top["Accepteret den"].value.date() == date(2026, 11, 2) and top["Accepteret den"].number_format == "dd-mm-yyyy"
    assert top["Accept udløber"].value.date() == date(2027, 6, 30)
    assert top["Beslutning om accept"].value == "Direktionen 2/11"
    assert top["Begrundelse"].value == "=SUM(A1:A2)" and top["Begrundelse"].data_type == "s"

    # A later score change: the committee sees that the approval is outdated.
    second = wb.assessments.line(LOCAL_ACTOR, lines[1].id)
    wb.assessments.update_line(LOCAL_ACTOR, second.id, second.version, {"likelihood": 2})
    _, book = _export(wb, tmp_path / "pakke2.xlsx")
    row = next(r for r in _register_rows(book) if r["System"].value == "Fagsystem")
    assert row["Godkendelse"].value.startswith("Forældet: Godkendt af Lene Leder ")


def test_processing_activities_sheet(wb: Workbench, tmp_path: Path):
    """Issue 5: activities with screening answers, conclusion, DPIA status and data-subject risk levels."""
    from riskmodel.domain.model import ActivityInput

    sid = wb.systems.create(LOCAL_ACTOR, SystemInput(name="Børnesag", department="Familie", data_categories=["cpr"]))
    aid = wb.activities.create(LOCAL_ACTOR, ActivityInput(
        name="=HYPERLINK(\"http://example.org\",\"klik\")", department="Familie", purpose="Støtte til børn",
        responsible="Lene Leder", legal_bases=["art6_1_e", "dbl_11"], data_categories=["almindelige", "cpr"],
        subject_categories=["boern_unge"], subjects_band="100-1.000"), [sid])
    v = wb.activities.get(LOCAL_ACTOR, aid).version
    v = wb.activities.answer(LOCAL_ACTOR, aid, v, "sensitive", "ja", "CPR og sociale forhold")
    v = wb.activities.answer(LOCAL_ACTOR, aid, v, "vulnerable", "ja")
    wb.activities.answer(LOCAL_ACTOR, aid, v, "monitoring", "ved_ikke")
    asid = wb.assessments.start_activity(LOCAL_ACTOR, aid)
    line = wb.assessments.lines(LOCAL_ACTOR, asid)[0]
    wb.assessments.update_line(LOCAL_ACTOR, line.id, line.version, {"likelihood": 4, "cons_c": 4})

    _, book = _export(wb, tmp_path / "pakke.xlsx")
    ws = book[SHEET_ACTIVITIES]
    headers = [c.value for c in ws[1]]
    row = {h: c for h, c in zip(headers, ws[2], strict=True)}
    assert ws.max_row == 2 and ws.freeze_panes == "B2" and ws.auto_filter.ref.startswith("A1:")
    assert row["Behandlingsaktivitet"].value == '=HYPERLINK("http://example.org","klik")'
    assert row["Behandlingsaktivitet"].data_type == "s"
    assert row["Retsgrundlag"].value == ("Art. 6, stk. 1, litra e (myndighedsudøvelse), "
                                          "Databeskyttelsesloven § 11 (CPR-nummer)")
    assert row["Registrerede"].value == "Børn og unge"
    assert row["Følsomme eller meget personlige oplysninger"].value == "Ja: CPR og sociale forhold"
    assert row["Systematisk overvågning"].value == "Ved ikke"
    assert row["Ny teknologi"].value == "Ikke besvaret"
    assert row["Konklusion"].value == "DPIA påkrævet" and row["Mangler DPIA"].value == "Ja"
    assert "Sårbare registrerede" in row["Begrundelse"].value and "Systematisk overvågning" in row["Begrundelse"].value
    assert row["Systemer"].value == "Børnesag"
    assert row["Vurdering af de registreredes risiko"].value == "Kladde" and row["Risikolinjer"].value == len(
        wb.assessments.lines(LOCAL_ACTOR, asid))
    assert row["Højeste restrisikoniveau"].value == "Høj"
    assert row["Højeste restrisikoniveau"].fill.fgColor.rgb == "FFC62828"
