"""Registers from other tools and hand-made sheets, as delivered (issue 17), on a real DuckDB file:
the first check lists every problem at once, grouped, with proposed conversions; confirmed
conversions and defaults import the file; the CLI writes and reads the same mapping file."""

from __future__ import annotations

import json
from pathlib import Path

import foreign_registers as fr
from helpers import audit_rows, data_digest

from riskmodel.domain.model import LOCAL_ACTOR
from riskmodel.excel.importer import apply_import, plan_import, problem_groups
from riskmodel.formats.mapping import MappingSpec
from riskmodel.formats.xlsx_safety import open_xlsx
from riskmodel.services import open_workbench


def _plan(wb, path, **kw):
    return plan_import(wb, LOCAL_ACTOR, open_xlsx(path), **kw)


def _confirmed(plan, **defaults) -> MappingSpec:
    """What a coordinator confirms: the proposed conversions as they stand, and defaults."""
    return MappingSpec(columns=plan.mapping, conversions=plan.proposals, defaults=defaults, consequence_to="harms")


def _stored(wb) -> dict[str, tuple]:
    df = wb.portfolio.register(LOCAL_ACTOR)
    out = {}
    for _, r in df.iterrows():
        line = wb.assessments.line(LOCAL_ACTOR, int(r["line_id"]))
        key = next(k for k in fr.EXPECTED if line.threat_title.startswith(k))
        out[key] = (line.likelihood, line.consequence, line.treatment)
    return out


def test_the_first_check_shows_every_problem_grouped_with_proposals_and_skipped_rows(wb, tmp_path: Path):
    before = data_digest(wb)
    plan = _plan(wb, fr.foreign_register(tmp_path), create_missing=True)
    assert (plan.sheet, plan.mapping.get("department")) == ("Risici", None)  # cover sheet and title rows passed over
    assert dict(plan.skipped) == fr.SKIPPED
    # every distinct value that is not one of ours has a proposal; the 1-5 column gets its whole table
    assert plan.proposals["likelihood"] == {"3 - Sandsynligt": 3, "Sandsynlig": 3, "Høj": 3, "Lav": 1,
                                            "1 - Usandsynligt": 1}
    assert plan.proposals["consequence"] == {"1": 1, "2": 2, "3": 3, "4": 3, "5": 4}
    assert plan.proposals["treatment"] == {"Mitiger": "reducer", "Del": "overfør", "Transfer": "overfør"}
    groups = problem_groups(plan.problems)
    assert "5 rækker mangler afdeling → vælg en standardafdeling" in groups  # every row, in one pass
    assert any(g.endswith("har en værdi, der skal omregnes → bekræft omregningerne") for g in groups)
    assert data_digest(wb) == before


def test_confirmed_conversions_and_a_default_department_import_the_file_as_delivered(wb, tmp_path: Path):
    path = fr.foreign_register(tmp_path)
    first = _plan(wb, path, create_missing=True)
    plan = _plan(wb, path, create_missing=True, mapping=_confirmed(first, department="IT", classification="intern"))
    assert plan.ok, [str(p) for p in plan.problems]
    assert [(s.name, s.department, s.classification) for s in plan.new_systems] == [
        ("Borgerportal", "IT", "intern"), ("Lønsystem", "IT", "intern")]
    (row, short, full), = plan.shortened
    assert full == fr.LONG_TITLE and len(short) <= 200 and short.endswith("…")
    apply_import(wb, LOCAL_ACTOR, plan)
    assert _stored(wb) == fr.EXPECTED
    long_line = next(wb.assessments.line(LOCAL_ACTOR, int(i)) for i in wb.portfolio.register(LOCAL_ACTOR)["line_id"]
                     if wb.assessments.line(LOCAL_ACTOR, int(i)).threat_title == short)
    assert long_line.scenario.startswith(fr.LONG_TITLE)  # the full catalogue text is kept
    # the single consequence column went to the dimensions the threat affects, and each line says so
    assert "Importeret fra én samlet konsekvenskolonne" in long_line.score_rationale


def test_a_single_consequence_column_goes_where_the_coordinator_chose(wb, tmp_path: Path):
    path = fr.foreign_register(tmp_path)
    first = _plan(wb, path, create_missing=True)
    spec = _confirmed(first, department="IT")
    spec.consequence_to = ""
    unchosen = _plan(wb, path, create_missing=True, mapping=spec)
    assert {p.kind for p in unchosen.problems} == {"consequence_to"}
    spec.consequence_to = "a"
    plan = _plan(wb, path, create_missing=True, mapping=spec)
    apply_import(wb, LOCAL_ACTOR, plan)
    for i in wb.portfolio.register(LOCAL_ACTOR)["line_id"]:
        line = wb.assessments.line(LOCAL_ACTOR, int(i))
        assert (line.cons_c, line.cons_i) == (None, None) and line.cons_a is not None
        assert line.score_rationale.endswith("sat på tilgængelighed.")


def test_an_unconfirmed_conversion_is_a_problem_never_a_guess(wb, tmp_path: Path):
    path = fr.foreign_register(tmp_path)
    spec = _confirmed(_plan(wb, path, create_missing=True), department="IT")
    spec.conversions["likelihood"]["Høj"] = None  # the coordinator left it open
    plan = _plan(wb, path, create_missing=True, mapping=spec)
    assert [(p.row, p.column) for p in plan.problems] == [(10, "Sandsynlighed")]
    assert "'Høj' skal omregnes, men omregningen er ikke valgt" in plan.problems[0].message


def test_cli_writes_the_mapping_file_and_imports_with_it(wb, db_path: Path, tmp_path: Path, capsys):
    from riskmodel.__main__ import main

    path = fr.foreign_register(tmp_path)
    out = tmp_path / "mapping.json"
    wb.db.close()
    assert main(["import", "--db", str(db_path), str(path), "--create-missing", "--mapping-out", str(out)]) == 1
    printed = capsys.readouterr()
    assert "Sprunget over: række 13 (total- eller sumrække)" in printed.out
    assert "problemer; intet er importeret" in printed.err and "1 problemer" not in printed.err
    saved = json.loads(out.read_text(encoding="utf-8"))
    assert saved["conversions"]["consequence"]["5"] == 4 and saved["defaults"]["department"] == ""
    saved["defaults"]["department"] = "IT"  # the coordinator fills in the default
    out.write_text(json.dumps(saved, ensure_ascii=False), encoding="utf-8")
    assert main(["import", "--db", str(db_path), str(path), "--create-missing", "--mapping", str(out)]) == 0
    assert "Importeret:" in capsys.readouterr().out
    again = open_workbench(db_path)
    try:
        assert _stored(again) == fr.EXPECTED
    finally:
        again.db.close()


def test_cli_names_create_missing_and_counts_one_problem_in_the_singular(wb, db_path: Path, tmp_path: Path, capsys):
    import corpus

    from riskmodel.__main__ import main

    path = corpus.workbook(tmp_path, "en.xlsx", [["System", "Trussel"], ["Ukendt", "Brand"]])
    wb.db.close()
    assert main(["import", "--db", str(db_path), str(path)]) == 1
    err = capsys.readouterr().err
    assert "1 problem; intet er importeret" in err
    assert "brug --create-missing og vælg en standardafdeling (rækken har ingen afdeling) for at oprette det" in err
    assert "markér" not in err


def test_an_unknown_system_says_at_once_what_creating_it_would_need(wb, tmp_path: Path):
    """Before 'create' is ticked: a row without a department is told it needs one too (it used to be said only
    after the coordinator ticked 'create' and checked the file again); a row with one is not."""
    import corpus

    path = corpus.workbook(tmp_path, "to.xlsx", [["System", "Trussel", "Afdeling"], ["Ukendt", "Brand", ""],
                                                 ["Andet ukendt", "Brand", "Borgerservice"]])
    plan = plan_import(wb, LOCAL_ACTOR, open_xlsx(path.read_bytes()),
                       mapping={"system": "System", "threat": "Trussel", "department": "Afdeling"})
    said = {p.row: p.message for p in plan.problems if p.column == "System"}
    assert said[2] == ("systemet 'Ukendt' findes ikke; markér 'Opret systemer og trusler, der ikke findes' og vælg "
                       "en standardafdeling (rækken har ingen afdeling) for at oprette det")
    assert said[3] == ("systemet 'Andet ukendt' findes ikke; markér 'Opret systemer og trusler, der ikke findes' for "
                       "at oprette det")


def _register_rows(wb) -> list[dict]:
    import io

    import openpyxl

    from riskmodel.reports.export import SHEET_REGISTER, export_workbook

    buf = io.BytesIO()
    export_workbook(wb, LOCAL_ACTOR, buf)
    ws = openpyxl.load_workbook(io.BytesIO(buf.getvalue()), read_only=True)[SHEET_REGISTER]
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def test_an_overall_consequence_is_stored_as_such_not_as_three_figures(wb, tmp_path: Path):
    path = fr.foreign_register(tmp_path)
    spec = _confirmed(_plan(wb, path, create_missing=True), department="IT")
    spec.consequence_to = "overall"
    plan = _plan(wb, path, create_missing=True, mapping=spec)
    assert plan.ok, [str(p) for p in plan.problems]
    fields = {c.field for c in plan.changes}
    assert {"consequence_overall", "consequence_source"} <= fields and not fields & {"cons_c", "cons_i", "cons_a"}
    apply_import(wb, LOCAL_ACTOR, plan)
    assert _stored(wb) == fr.EXPECTED  # the line's consequence (and so its level) is the overall figure
    preset = wb.settings.preset()
    for i in wb.portfolio.register(LOCAL_ACTOR)["line_id"]:
        line = wb.assessments.line(LOCAL_ACTOR, int(i))
        assert (line.cons_c, line.cons_i, line.cons_a) == (None, None, None)  # nothing invented
        assert line.overall_only and line.consequence_source == "overall"
        assert preset.level_or_none(line.likelihood, line.consequence) is not None
        assert "gemt som samlet konsekvens" in line.score_rationale
    # the heatmap's SQL counts them as the domain scores them (store/queries/lines.py falls back too)
    aids = {int(a) for a in wb.portfolio.register(LOCAL_ACTOR)["assessment_id"]}
    assert sum(sum(wb.assessments.matrix_counts(LOCAL_ACTOR, a)["inherent"].values()) for a in aids) == len(fr.EXPECTED)
    # the Excel register says "Samlet konsekvens" and leaves F, I and T blank
    rows = _register_rows(wb)
    assert len(rows) == len(fr.EXPECTED)
    for r in rows:
        assert r["Konsekvens angivet som"] == "Samlet konsekvens"
        assert (r["Fortrolighed"], r["Integritet"], r["Tilgængelighed"]) == (None, None, None)
        assert r["Konsekvens"] in {1, 2, 3, 4} and r["Risikoniveau"]


def test_the_consequence_choice_is_recorded_on_updated_lines_too(wb, tmp_path: Path):
    path = fr.foreign_register(tmp_path)
    spec = _confirmed(_plan(wb, path, create_missing=True), department="IT")
    spec.consequence_to = "a"
    apply_import(wb, LOCAL_ACTOR, _plan(wb, path, create_missing=True, mapping=spec))
    # the same file again, now kept as an overall consequence: every existing line is updated and says so
    spec.consequence_to = "overall"
    plan = _plan(wb, path, create_missing=True, mapping=spec)
    assert plan.ok and plan.lines_added == 0 and plan.lines_changed == len(fr.EXPECTED)
    assert {(c.field, c.before, c.after) for c in plan.changes if c.field == "consequence_source"} == {
        ("consequence_source", "a", "overall")}
    # availability was scored by the first import: the preview says it still decides the level
    assert any("allerede har fortrolighed, integritet eller tilgængelighed vurderet" in w.message
               for w in plan.warnings)
    apply_import(wb, LOCAL_ACTOR, plan)
    for i in wb.portfolio.register(LOCAL_ACTOR)["line_id"]:
        line = wb.assessments.line(LOCAL_ACTOR, int(i))
        assert line.consequence_source == "overall" and line.consequence_overall == line.cons_a
    assert {r["Konsekvens angivet som"] for r in _register_rows(wb)} == {"Samlet konsekvens"}
    # and an unchanged third import changes nothing
    assert _plan(wb, path, create_missing=True, mapping=spec).empty


def test_cli_uses_the_mapping_saved_for_the_same_headers_and_says_so(wb, db_path: Path, tmp_path: Path, capsys):
    from riskmodel.__main__ import main

    path = fr.foreign_register(tmp_path)
    first = _plan(wb, path, create_missing=True)
    spec = _confirmed(first, department="IT")
    spec.consequence_to = "overall"
    spec.headers = first.spec.headers
    wb.settings.save_import_mapping(LOCAL_ACTOR, first.spec.headers, spec.to_json(), 0)  # as the page saves it
    wb.db.close()
    # without the saved mapping the file has problems (no department, unconfirmed conversions)
    assert main(["import", "--db", str(db_path), str(path), "--create-missing", "--dry-run",
                 "--ignore-saved-mapping"]) == 1
    assert "den bruges ikke (--ignore-saved-mapping)" in capsys.readouterr().out
    assert main(["import", "--db", str(db_path), str(path), "--create-missing"]) == 0
    out = capsys.readouterr().out
    assert "Bruger den mapping, der er gemt for en fil med de samme overskrifter" in out
    assert "5 nye risikolinjer, 2 nye systemer" in out.split("Importeret:")[1]
    again = open_workbench(db_path)
    try:
        assert _stored(again) == fr.EXPECTED
        assert {again.assessments.line(LOCAL_ACTOR, int(i)).consequence_source
                for i in again.portfolio.register(LOCAL_ACTOR)["line_id"]} == {"overall"}
    finally:
        again.db.close()


def test_cli_saves_the_mapping_it_imported_with_for_the_next_file(wb, db_path: Path, tmp_path: Path, capsys):
    from riskmodel.__main__ import main

    path = fr.foreign_register(tmp_path)
    out = tmp_path / "mapping.json"
    headers = _plan(wb, path).spec.headers
    wb.db.close()
    main(["import", "--db", str(db_path), str(path), "--create-missing", "--dry-run", "--mapping-out", str(out)])
    saved = json.loads(out.read_text(encoding="utf-8"))
    saved["defaults"]["department"] = "IT"
    out.write_text(json.dumps(saved, ensure_ascii=False), encoding="utf-8")
    capsys.readouterr()
    assert main(["import", "--db", str(db_path), str(path), "--create-missing", "--mapping", str(out)]) == 0
    assert "Mappingen er gemt for filer med de samme overskrifter." in capsys.readouterr().out
    again = open_workbench(db_path)
    try:
        stored = again.settings.import_mapping(LOCAL_ACTOR, headers)
        assert stored is not None and MappingSpec.from_json(stored[0]).defaults["department"] == "IT"
    finally:
        again.db.close()


def test_hidden_columns_and_sheets_are_detected_and_never_proposed(wb, tmp_path: Path):
    path = fr.foreign_register(tmp_path)
    plan = _plan(wb, path, create_missing=True)
    # the hidden sheet names more known columns than 'Risici', but is not chosen by itself
    assert (plan.sheet, plan.hidden_sheets) == ("Risici", [fr.HIDDEN_SHEET])
    assert plan.hidden_columns == fr.HIDDEN_COLUMNS and "risk_owner" not in plan.mapping
    apply_import(wb, LOCAL_ACTOR, _plan(wb, path, create_missing=True, mapping=_confirmed(plan, department="IT")))
    owners = {wb.assessments.line(LOCAL_ACTOR, int(i)).risk_owner for i in wb.portfolio.register(LOCAL_ACTOR)["line_id"]}
    assert owners == {""}  # the stale note in the hidden column ("ikke med") was not imported
    # chosen explicitly, the hidden sheet is read
    assert _plan(wb, path, sheet=fr.HIDDEN_SHEET).sheet == fr.HIDDEN_SHEET


def test_cli_lists_hidden_columns_and_sheets(wb, db_path: Path, tmp_path: Path, capsys):
    from riskmodel.__main__ import main

    path = fr.foreign_register(tmp_path)
    wb.db.close()
    main(["import", "--db", str(db_path), str(path), "--dry-run"])
    out = capsys.readouterr().out
    assert "1 skjult kolonne i Excel (foreslås ikke; vælg med --mapping): 'Risikoejer'" in out
    assert "1 skjult ark (læses kun med --sheet): 'Arkiv 2023'" in out
    assert "risk_owner=" not in out.split("Kolonner: ")[1].splitlines()[0]


def test_scoring_f_i_or_t_on_the_page_ends_the_overall_consequence_note(wb, tmp_path: Path):
    """A line imported with an overall consequence says so ("Samlet konsekvens"); once a person scores F, I or T
    on the page, that score decides the level and the register no longer says the consequence is overall."""
    path = fr.foreign_register(tmp_path)
    spec = _confirmed(_plan(wb, path, create_missing=True), department="IT")
    spec.consequence_to = "overall"
    apply_import(wb, LOCAL_ACTOR, _plan(wb, path, create_missing=True, mapping=spec))
    first, *rest = [int(i) for i in wb.portfolio.register(LOCAL_ACTOR)["line_id"]]
    wb.assessments.save_fields(LOCAL_ACTOR, first, {"scenario": "Ny tekst"}, {"scenario": None})
    assert wb.assessments.line(LOCAL_ACTOR, first).consequence_source == "overall"  # not a score: unchanged
    wb.assessments.save_fields(LOCAL_ACTOR, first, {"cons_i": 2}, {"cons_i": None})
    line = wb.assessments.line(LOCAL_ACTOR, first)
    assert (line.consequence_source, line.consequence, line.overall_only) == (None, 2, False)
    assert line.consequence_overall is not None  # the imported figure is kept
    by_line = {r["Trussel"]: r["Konsekvens angivet som"] for r in _register_rows(wb)}
    assert by_line[line.threat_title] is None
    assert sum(v == "Samlet konsekvens" for v in by_line.values()) == len(rest)
    last = audit_rows(wb, entity="risk_lines", entity_id=str(first))[-1]  # the trail has the change, before and after
    assert (json.loads(last["before_json"])["consequence_source"], json.loads(last["after_json"])) == (
        "overall", {"cons_i": 2, "consequence_source": None})
