"""The four OS2compliance scale types, cell by cell, against the table of the adoption issue.

The table is copied as it stands in the issue: rows consequence 4 down to 1, columns
likelihood 1 to 4, each cell a colour word that is also the level. A coordinator moving
from OS2compliance must see the same colour for the same scores in every one of the 16 cells.
"""

from __future__ import annotations

import pytest

from riskmodel.domain.scales import get_preset, presets

TONE = {"G": "groen", "LG": "lysegroen", "Y": "gul", "O": "orange", "R": "roed"}

ISSUE_TABLE = {  # K4, K3, K2, K1; each row likelihood 1..4
    "standard": ["Y Y R R", "G Y Y R", "G G Y Y", "G G G Y"],
    "kl": ["LG Y O R", "G LG Y O", "G LG LG Y", "G G G LG"],
    "herning": ["Y O R R", "LG Y O R", "G LG Y O", "G G LG Y"],
    "datatilsynet": ["O R R R", "Y O O R", "G Y O O", "G G Y O"],
}
NAMES = {"standard": "4x4 Standard", "kl": "4x4 KL", "herning": "4x4 Herning", "datatilsynet": "4x4 Datatilsynet"}
LEVEL_NAMES = {
    "standard": ["Lav", "Middel", "Høj"],
    "kl": ["Lav", "Under middel", "Middel", "Over middel", "Høj"],
    "herning": ["Lav", "Under middel", "Middel", "Over middel", "Høj"],
    "datatilsynet": ["Lav", "Under middel", "Over middel", "Høj"],
}
TONES = {
    "standard": ["groen", "gul", "roed"],
    "kl": ["groen", "lysegroen", "gul", "orange", "roed"],
    "herning": ["groen", "lysegroen", "gul", "orange", "roed"],
    "datatilsynet": ["groen", "gul", "orange", "roed"],
}


def _cells(preset_id: str):
    for row, consequence in zip(ISSUE_TABLE[preset_id], (4, 3, 2, 1), strict=True):
        for likelihood, tone in enumerate(row.split(), start=1):
            yield preset_id, likelihood, consequence, TONE[tone]


CELLS = [cell for pid in ISSUE_TABLE for cell in _cells(pid)]


def test_the_table_has_sixteen_cells_per_matrix():
    assert len(CELLS) == 4 * 16


@pytest.mark.parametrize(("preset_id", "likelihood", "consequence", "tone"), CELLS)
def test_every_cell_matches_os2compliance(preset_id, likelihood, consequence, tone):
    assert get_preset(preset_id).level(likelihood, consequence).tone == tone


@pytest.mark.parametrize("preset_id", list(ISSUE_TABLE))
def test_names_levels_and_colours_follow_os2compliance(preset_id):
    p = get_preset(preset_id)
    assert p.name("da") == NAMES[preset_id]
    assert p.size == 4
    assert [lv.label("da") for lv in p.levels] == LEVEL_NAMES[preset_id]
    assert [lv.tone for lv in p.levels] == TONES[preset_id]
    # One colour per tone, the same colour for the same tone in every 5-level matrix.
    assert len({lv.color for lv in p.levels}) == len(p.levels)


def test_kl_and_herning_draw_lysegroen_in_the_same_colour():
    kl, herning = get_preset("kl"), get_preset("herning")
    assert [lv.color for lv in kl.levels] == [lv.color for lv in herning.levels]


def test_nothing_else_is_called_kl_or_datatilsynet():
    for pid, p in presets().items():
        for name in (p.name("da"), p.name("en")):
            if "KL" in name.split() or "Datatilsynet" in name:
                assert pid in ("kl", "datatilsynet"), (pid, name)


def test_every_level_of_every_preset_names_its_tone():
    for p in presets().values():
        assert all(lv.tone in TONE.values() for lv in p.levels), p.id


@pytest.mark.parametrize("preset_id", ["kl", "herning", "datatilsynet", "standard"])
def test_heatmap_and_excel_draw_each_cell_in_its_levels_colour(preset_id):
    """Colours are derived from the matrix everywhere: the heatmap's stepped scale and the
    Excel pack's cell styles; a 5-level matrix shows its lysegrøn."""
    from openpyxl import Workbook

    from riskmodel.formats.xlsx_styles import StyleBook, argb
    from riskmodel.reports.charts import level_colorscale, matrix_figure

    p = get_preset(preset_id)
    fig = matrix_figure(p, {(4, 4): 2}, "da")
    heat = fig.data[0]
    scale = [tuple(step) for step in heat.colorscale]
    for lik, con, lvl in p.cells():
        z = heat.z[lik - 1][con - 1]
        # cell value z is the level index, drawn by the two steps of the scale that carry its colour
        assert z == lvl.index
        assert scale[2 * z][1] == scale[2 * z + 1][1] == lvl.color
    book = StyleBook(Workbook(), p)
    named = {s.name: s for s in book.wb._named_styles}
    for lvl in p.levels:
        assert named[f"Risiko · Heatmap {lvl.label('da')}"].fill.fgColor.rgb == argb(lvl.color)
    if preset_id in ("kl", "herning"):
        assert "lysegroen" in [lv.tone for lv in p.levels]
        assert "#7cb342" in [c for _, c in level_colorscale(p)]
