"""The annual review sheets of the committee pack, on a constructed database, read back with openpyxl."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from riskmodel.__main__ import main
from riskmodel.domain.model import Actor
from riskmodel.reports.export import export_workbook
from riskmodel.services.dispensations import DispensationInput

pytestmark = pytest.mark.slow  # not in `make test-fast`: Excel packs opened again

TODAY = date(2026, 11, 28)
CHAIR = Actor(username="ulla", display_name="Ulla Udvalgsformand", role="udvalgsformand")
INJECT = '=HYPERLINK("http://example.org","klik")'


def score(wb, actor, line_id, lik, con, **extra):
    ln = wb.assessments.line(actor, line_id)
    return wb.assessments.update_line(actor, line_id, ln.version,
                                      {"likelihood": lik, "cons_c": con, "cons_i": None, "cons_a": None, **extra})


@pytest.fixture
def pack(wb, actor, make_system, tmp_path):
    """A system with three scored lines, a 2025 baseline, a change since, a measure and a dispensation."""
    sid = make_system(name="Sagssystem")
    aid = wb.assessments.start(actor, sid)
    l1, l2, l3 = (ln.id for ln in wb.assessments.lines(actor, aid)[:3])
    score(wb, actor, l1, 2, 2)
    score(wb, actor, l2, 4, 4)
    score(wb, actor, l3, 1, 1)
    wb.baselines.freeze(actor, 2025, today=TODAY)
    score(wb, actor, l2, 1, 2)  # høj -> lav
    v = score(wb, actor, l1, 4, 4, planned_measures=INJECT, measure_owner="IT-chefen",
              measure_deadline=date(2026, 10, 1))
    wb.treatment.update_measure(actor, l1, v, status="i_gang", controls=["A.9.4.2"], today=TODAY)
    did = wb.dispensations.request(actor, DispensationInput(sid, "Lene Leder", "annex_a", "A.12.6.1", INJECT,
                                                            "Isoleret netsegment", date(2026, 12, 15)),
                                   today=date(2026, 6, 1))
    wb.dispensations.decide(CHAIR, did, 1, approve=True, today=date(2026, 6, 2))
    out = tmp_path / "pakke.xlsx"
    export_workbook(wb, actor, out, year=2026, today=TODAY)
    return {"book": openpyxl.load_workbook(out), "lines": (l1, l2, l3), "system": sid}


def rows_of(ws, header_row: int = 1):
    rows = list(ws.iter_rows(min_row=header_row))
    headers = [c.value for c in rows[0]]
    return [dict(zip(headers, r, strict=False)) for r in rows[1:]]


def find_row(ws, first: str):
    return next(r for r in ws.iter_rows() if r[0].value == first)


def test_comparison_sheet_counts_the_moves_since_the_baseline(pack):
    ws = pack["book"]["Sammenligning"]
    assert ws["A1"].value == "Sammenligning: 2025 → i dag (restrisiko)"
    counts = {find_row(ws, k)[0].value: find_row(ws, k)[1].value for k in ("Ny", "Fjernet", "Op", "Ned", "Uændret")}
    assert counts == {"Ny": 0, "Fjernet": 0, "Op": 1, "Ned": 1, "Uændret": 1}
    moved = find_row(ws, "2/2")
    assert (moved[1].value, moved[2].value) == ("4/4", 1)


def test_plan_sheet_is_text_safe_with_real_dates(pack):
    ws = pack["book"]["Handlingsplan"]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref.startswith("A1:N")
    (row,) = rows_of(ws)
    assert row["Foranstaltning"].value == INJECT and row["Foranstaltning"].data_type == "s"
    assert row["Frist"].value == datetime(2026, 10, 1) and row["Frist"].number_format == "dd-mm-yyyy"
    assert (row["Status"].value, row["Overskredet"].value) == ("I gang, overskredet", "Ja")
    assert (row["Niveau før"].value, row["Restrisiko"].value) == ("Høj", "Høj")
    assert row["Annex A-kontroller"].value.startswith("A.9.4.2 ")


def test_dispensation_sheet_and_the_review_checklist(pack):
    book = pack["book"]
    (d,) = rows_of(book["Dispensationer"])
    assert d["Begrundelse"].value == INJECT and d["Begrundelse"].data_type == "s"
    assert (d["Status"].value, d["Snart udløbet (30 dage)"].value) == ("Godkendt", "Ja")
    assert d["Udløber"].value == datetime(2026, 12, 15)
    ws = book["Gennemgangsstatus"]
    checklist = {r[0].value: (r[1].value, r[2].value) for r in ws.iter_rows(min_row=5, max_row=11)}
    assert checklist["Foranstaltninger, hvis frist er overskredet"] == ("1", "Nej")
    assert checklist["Dispensationer, der udløber inden for 30 dage eller er udløbet"] == ("1", "Nej")
    assert checklist["Systemer med en godkendt risikovurdering, der højst er 12 måneder gammel"] == ("0 af 1 (0 %)",
                                                                                                     "Nej")


def test_front_page_has_the_year_the_method_and_the_scales(wb, pack):
    ws = pack["book"]["Forside"]
    values = [r[0].value for r in ws.iter_rows()]
    assert "Metode" in values and "Sandsynlighed" in values and "Risikoniveauer" in values
    assert find_row(ws, "År")[1].value == 2026
    preset = wb.settings.preset()
    top = preset.levels[-1]
    swatch = find_row(ws, top.label("da"))[0]
    assert swatch.fill.fgColor.rgb == "FF" + top.color.lstrip("#").upper()
    assert all(s.page_setup.orientation == "landscape" for s in pack["book"])


def test_the_heatmap_sheet_has_the_data_subject_matrices(pack):
    ws = pack["book"]["Heatmap"]
    titles = [r[0].value for r in ws.iter_rows()]
    assert "Iboende risiko for de registrerede" in titles and "Restrisiko for de registrerede" in titles


def test_without_an_earlier_baseline_the_comparison_says_so(wb, actor, make_system, tmp_path):
    wb.assessments.start(actor, make_system())
    out = tmp_path / "p.xlsx"
    export_workbook(wb, actor, out, year=2026, today=TODAY)
    ws = openpyxl.load_workbook(out)["Sammenligning"]
    assert "ingen tidligere baseline" in ws["A2"].value


def test_cli_export_with_a_year(db_path, open_copy, tmp_path: Path, capsys):
    open_copy(db_path).db.close()
    out = tmp_path / "cli.xlsx"
    assert main(["export", "--db", str(db_path), "--year", "2026", "--out", str(out)]) == 0
    book = openpyxl.load_workbook(out)
    assert book["Forside"]["B5"].value == 2026
    assert main(["export", "--db", str(db_path), "--year", "1999", "--out", str(out)]) == 2
    assert "År: '1999' skal være et år fra 2000" in capsys.readouterr().err


# -- one system's report ---------------------------------------------------------------------
def test_the_system_report_holds_only_that_system(wb, actor, make_system, pack, tmp_path):
    from riskmodel.reports.system_report import SHEETS, export_system_report

    other = make_system(name="Andet system")
    wb.assessments.start(actor, other)
    sid = pack["system"]
    wb.review.record_change(actor, sid, "ny_integration", "Integration til KMD Nexus", TODAY, today=TODAY)
    out = tmp_path / "rapport.xlsx"
    n = export_system_report(wb, actor, sid, out, today=TODAY)
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == SHEETS
    register = rows_of(book["Risikoregister"])
    assert len(register) == n == len(wb.assessments.lines(actor, wb.assessments.current(actor, sid).id))
    assert {r["System"].value for r in register} == {"Sagssystem"}
    assert [r["Foranstaltning"].value for r in rows_of(book["Handlingsplan"])] == [INJECT]
    assert [r["Kravet, der afviges fra"].value for r in rows_of(book["Dispensationer"])][0].startswith("A.12.6.1 ")
    (change,) = rows_of(book["Ændringer"])
    assert (change["Begrundelse"].value, change["Revurderet"].value) == ("Integration til KMD Nexus", "Nej")
    facts = {r[0].value: r[1].value for r in book["System"].iter_rows() if r[0].value}
    assert facts["System"] == "Sagssystem" and facts["Status"] in ("Kladde", "Væsentlig ændring", "Aldrig godkendt")
    assert facts["Interval (måneder)"] == 12


def test_a_leder_gets_the_report_of_own_systems_only(wb, actor, make_system, tmp_path):
    from riskmodel.domain.errors import PermissionDenied
    from riskmodel.reports.system_report import export_system_report

    lene = Actor(username="lene", display_name="Lene Leder", role="leder", departments=("Borgerservice",))
    mine, other = make_system(department="Borgerservice"), make_system(department="Teknik")
    assert export_system_report(wb, lene, mine, tmp_path / "a.xlsx", today=TODAY) == 0
    with pytest.raises(PermissionDenied):
        export_system_report(wb, lene, other, tmp_path / "b.xlsx", today=TODAY)
    assert not (tmp_path / "b.xlsx").exists()


def test_cli_report_by_name_or_id(db_path, open_copy, tmp_path: Path, capsys):
    wb = open_copy(db_path)
    from riskmodel.domain.model import LOCAL_ACTOR, SystemInput

    sid = wb.systems.create(LOCAL_ACTOR, SystemInput(name="Løn & Personale", department="HR"))
    wb.db.close()
    out = tmp_path / "r.xlsx"
    assert main(["report", "--db", str(db_path), "--system", "løn & personale", "--out", str(out)]) == 0
    assert openpyxl.load_workbook(out)["System"]["A1"].value == "Risikorapport: Løn & Personale"
    assert main(["report", "--db", str(db_path), "--system", str(sid), "--out", str(out)]) == 0
    assert main(["report", "--db", str(db_path), "--system", "Ukendt", "--out", str(out)]) == 2
    assert "systemet 'Ukendt' findes ikke" in capsys.readouterr().err


def test_the_print_layouts_have_the_committees_columns_and_rows_tall_enough(pack, wb):
    """Issue 18: the register and the plan print with the columns a committee reads, at a readable scale, and each
    row is as tall as its wrapped text; the full register stays in the workbook for filtering, not on paper."""
    book = pack["book"]
    ws = book["Risikooversigt"]
    assert [c.value for c in ws[1]] == ["System", "Trussel", "Niveau før", "Niveau efter",
                                        "Behandling og foranstaltning", "Ansvarlig", "Frist", "Vurdering"]
    rows = rows_of(ws)
    # Highest residual level first: l1 was scored 4/4 with a measure, the others are lower.
    first = rows[0]
    assert (first["Niveau efter"].value, first["Ansvarlig"].value) == ("Høj", "IT-chefen")
    assert first["Behandling og foranstaltning"].value.endswith(INJECT)
    assert first["Behandling og foranstaltning"].data_type == "s"
    assert first["Frist"].value == datetime(2026, 10, 1) and first["Frist"].number_format == "dd-mm-yyyy"
    unscored = [r for r in rows if r["Niveau før"].value == "Ikke scoret"]
    assert unscored and all(r["Niveau efter"].value == "Ikke scoret" for r in unscored)
    # On paper only the lines whose residual level requires action, and the page header says how many of all.
    levels = {lv.label("da"): lv for lv in wb.settings.preset().levels}
    acting = [r for r in rows if r["Niveau efter"].value in levels and levels[r["Niveau efter"].value].requires_action]
    assert 0 < len(acting) < len(rows), "the fixture has lines on both sides of the tolerance"
    assert rows[:len(acting)] == acting, "the lines that require action come first"
    assert ws.print_area == "'Risikooversigt'!$A$1:$H$" + str(len(acting) + 1)
    assert f"Udskrevet: {len(acting)} af {len(rows)} linjer" in ws.oddHeader.center.text
    # The full register: every column, but no print range of its own (an empty cell right of the table).
    reg = book["Risikoregister"]
    assert reg.max_column == 35 and reg.print_area == "'Risikoregister'!$AL$1"
    # The plan prints its first eight columns; the rest are there for filtering.
    plan = book["Handlingsplan"]
    plan_rows = rows_of(plan)
    open_rows = [r for r in plan_rows if r["Status"].value and not r["Status"].value.startswith("Gennemført")]
    assert plan_rows[:len(open_rows)] == open_rows, "open measures first, the completed after them"
    assert plan.print_area == "'Handlingsplan'!$A$1:$H$" + str(len(open_rows) + 1)
    disp = book["Dispensationer"]
    headers = [c.value for c in disp[1]]
    assert headers[0] == "Nr." and headers.count("Udløber") == 1
    assert disp.print_area.startswith("'Dispensationer'!$A$1:$H$")
    # What the committee decides on prints: the requirement, the reason and the alternative measures, the expiry,
    # the status (the reason was off the page, in column L).
    assert {"Kravet, der afviges fra", "Begrundelse", "Alternative sikringsforanstaltninger", "Udløber",
            "Status"} <= set(headers[:8])
    for sheet in book:
        if sheet.title != "Risikoregister":
            assert sheet.page_margins.left == 0.5, sheet.title


def test_a_wrapped_row_is_as_tall_as_its_text():
    from riskmodel.reports.layout import DEFAULT_HEIGHT, row_height, text_lines

    assert text_lines("kort", 20) == 1
    assert text_lines("ord " * 30, 20) >= 120 // 20  # 120 characters in a 20-wide column: six lines or more
    assert text_lines("første\nanden\ntredje", 40) == 3
    assert row_height([("kort", 20, 11, False)]) is None  # one line: the default height
    three = row_height([("ord " * 15, 20, 11, False)])
    assert three is not None and three >= 3 * 11 * 1.2
    assert row_height([("x", 20, 16, True)]) > DEFAULT_HEIGHT  # a larger font needs a taller row


def test_the_cover_labels_wrap_instead_of_being_cut(pack):
    ws = pack["book"]["Forside"]
    row = find_row(ws, "Systemer med en godkendt risikovurdering, der højst er 12 måneder gammel")
    assert row[0].alignment.wrap_text
    assert ws.row_dimensions[row[0].row].height >= 2 * 11
