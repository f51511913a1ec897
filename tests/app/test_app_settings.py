"""Indstillinger: municipality name, risk matrix preset (with the refusal on other scale sizes), language."""

from __future__ import annotations

from helpers import table_digest

from riskmodel.domain.model import LOCAL_ACTOR


def test_settings_page_renders(app, wb):
    a = app("settings")
    assert a.title() == "Indstillinger"
    assert a.one("text_input", "Kommunens navn").value == "Min kommune"
    presets = a.at.radio(key="preset_choice")
    assert presets.value == "standard"
    assert "Dette er kommunens nuværende matrix." in a.texts("caption")


def test_change_municipality_name(app, wb):
    a = app("settings")
    a.one("text_input", "Kommunens navn").input("Fjordby Kommune")
    a.one("form_submit_button", "Gem ændringer").click()
    a.run()
    assert wb.settings.municipality() == "Fjordby Kommune"
    assert "Indstillingen er gemt." in a.texts("success")
    # The sidebar caption shows the new name on the same (re)run.
    assert "Fjordby Kommune" in [c.value for c in a.at.sidebar.caption]
    a.goto("overview")
    assert a.title() == "Risikoværkstedet · Fjordby Kommune"


def test_empty_municipality_name_is_refused(app, wb):
    before = table_digest(wb)
    a = app("settings")
    a.one("text_input", "Kommunens navn").input("  ")
    a.one("form_submit_button", "Gem ændringer").click()
    a.run()
    assert a.texts("error") == ["Kommunens navn skal udfyldes"]
    assert table_digest(wb) == before


def test_choose_kl_preset_previews_what_moves_then_changes_the_levels_everywhere(app, demo):
    a = app("settings")
    a.at.radio(key="preset_choice").set_value("kl")
    a.run()
    kl_levels = ["Lav", "Under middel", "Middel", "Over middel", "Høj"]
    assert list(a.at.table[0].value["Risikoniveau"]) == kl_levels
    # Before confirming: the cells that move, old and new level, and the lines in each.
    change = demo.settings.preview_preset(LOCAL_ACTOR, "kl")
    moves = a.at.dataframe[0].value  # the legend is a static table
    assert len(moves) == len(change.cells) > 0
    assert list(moves.columns) == ["Sandsynlighed", "Konsekvens", "Niveau nu", "Niveau efter skift",
                                   "Linjer (iboende)", "Linjer (rest)"]
    assert int(moves["Linjer (iboende)"].sum()) == sum(c.inherent for c in change.cells)
    assert ("4 Forventet", "4 Graverende/ødelæggende", "Høj", "Høj") not in [tuple(r[:4]) for r in moves.values]
    assert any(f"**{change.lines}** af {change.scored} scorede risikolinjer skifter niveau" in m
               for m in a.texts("markdown"))
    assert demo.settings.preset().id == "standard"  # only a preview so far
    a.button("Brug 4x4 KL").click()
    a.run()

    assert demo.settings.preset().id == "kl"
    assert "Kommunen bruger nu 4x4 KL." in a.texts("success")
    assert "Dette er kommunens nuværende matrix." in a.texts("caption")
    a.goto("heatmap")
    assert a.at.multiselect(key="hm_levels").options == kl_levels
    assert list(a.at.table[0].value["Risikoniveau"]) == kl_levels
    assert any("Matrix: 4x4 KL" in c for c in a.texts("caption"))


def test_5x5_with_4_step_scores_is_refused_with_a_danish_warning(app, demo):
    before = table_digest(demo)
    a = app("settings")
    a.at.radio(key="preset_choice").set_value("5x5")
    a.run()
    warnings = a.texts("warning")
    assert len(warnings) == 1
    assert "risikolinjer er scoret på en 4-trinsskala; 5×5 (4 niveauer) bruger 5 trin" in warnings[0]
    assert not [b for b in a.labels("button") if b.startswith("Brug ")]
    assert demo.settings.preset().id == "standard"
    assert table_digest(demo) == before


def test_5x5_is_allowed_without_scores(app, wb, make_system):
    sid = make_system()
    wb.assessments.start(LOCAL_ACTOR, sid)  # lines, but none scored
    a = app("settings")
    a.at.radio(key="preset_choice").set_value("5x5")
    a.run()
    assert a.texts("warning") == []
    a.button("Brug 5×5 (4 niveauer)").click()
    a.run()
    assert wb.settings.preset().id == "5x5"
    a.goto("heatmap")
    assert len(a.plotly("portfolio_heatmap")["data"][1]["customdata"]) == 25


def test_default_language_setting(app, wb):
    a = app("settings")
    a.one("selectbox", "Standardsprog for nye sessioner").set_value("en")
    a.run()
    a.at.button(key="save_lang").click()
    a.run()
    assert wb.settings.get(LOCAL_ACTOR, "language")[0] == "en"
    # A new session starts in English.
    b = app("systems")
    assert b.title() == "Systems"


def test_5x5_with_4_step_scores_is_refused_in_english_for_an_english_reader(app, demo):
    a = app()
    a.at.selectbox(key="lang").set_value("en")
    a.run()
    a.goto("settings")
    a.at.radio(key="preset_choice").set_value("5x5")
    a.run()
    warnings = a.texts("warning")
    assert len(warnings) == 1
    assert "risk lines are scored on a 4-step scale; 5×5 (4 levels) uses 5 steps. Scores are not converted" in warnings[0]
    assert demo.settings.preset().id == "standard"
