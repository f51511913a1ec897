"""The annual review's figure builders (riskmodel.reports.charts): pure, data in, figure out."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pandas as pd
import pytest

from riskmodel.domain.scales import get_preset
from riskmodel.reports.charts import (
    due_buckets,
    due_figure,
    level_bar_figure,
    level_counts_of_cells,
    movement_figure,
    top_moves,
    trend_figure,
    trend_with_today,
)

STANDARD = get_preset("standard")
KL = get_preset("kl")


def test_level_bar_has_one_bar_per_level_in_its_colour():
    fig = level_bar_figure(STANDARD, [5, 3, 1], "en")
    bar = fig.data[0]
    assert list(bar.x) == ["Low", "Medium", "High"]
    assert list(bar.y) == [5, 3, 1]
    assert list(bar.marker.color) == [lv.color for lv in STANDARD.levels]
    assert list(bar.customdata) == ["lav", "middel", "hoej"]
    with pytest.raises(ValueError):
        level_bar_figure(STANDARD, [1, 2], "da")


def test_level_counts_of_cells_follow_the_matrix():
    assert level_counts_of_cells(STANDARD, {(1, 1): 2, (4, 4): 3, (2, 3): 1, (1, 4): 4}) == [2, 5, 3]
    assert level_counts_of_cells(KL, {}) == [0] * 5


def test_trend_stacks_the_levels_per_state_lowest_first():
    trend = pd.DataFrame({"label": ["2024", "2025", "today"], "baseline_id": [1, 2, None],
                          "lav": [4, 3, 5], "middel": [2, 2, 0], "hoej": [1, 0, 0]})
    fig = trend_figure(STANDARD, trend, "da", today_label="I dag")
    assert fig.layout.barmode == "stack"
    assert [tr.name for tr in fig.data] == ["Lav", "Middel", "Høj"]
    assert [tr.marker.color for tr in fig.data] == [lv.color for lv in STANDARD.levels]
    assert all(list(tr.x) == ["2024", "2025", "I dag"] for tr in fig.data)
    assert [list(tr.y) for tr in fig.data] == [[4, 3, 5], [2, 2, 0], [1, 0, 0]]
    assert list(fig.data[2].text) == ["1", "", ""]  # no label on an empty segment
    # A number is drawn level and at a readable size, or not at all (it was turned and shrunk on a thin segment).
    # The highest level, a thin segment on top, has its count above the bar.
    assert all(tr.textangle == 0 for tr in fig.data)
    assert [tr.textposition for tr in fig.data] == ["inside", "inside", "outside"]
    assert (fig.layout.uniformtext.mode, fig.layout.uniformtext.minsize) == ("hide", 9)
    assert trend_figure(STANDARD, trend, compact=True).data[0].text is None  # the small one: bars only


def test_trend_of_nothing_is_an_empty_figure_with_the_levels():
    fig = trend_figure(KL, pd.DataFrame(columns=["label", "baseline_id", *[lv.key for lv in KL.levels]]))
    assert len(fig.data) == 5 and all(len(tr.x) == 0 for tr in fig.data)


def test_due_buckets_now_and_month_by_month():
    today = date(2026, 3, 10)
    reviews = [(date(2026, 2, 1), True), (date(2027, 1, 1), True), (date(2026, 3, 31), False),
               (date(2026, 4, 1), False), (date(2026, 5, 31), False), (date(2026, 6, 1), False), (None, False)]
    measures = [(date(2026, 3, 1), True, False), (date(2026, 3, 10), False, False), (date(2026, 3, 11), False, True),
                (date(2026, 5, 2), False, False), (None, False, False), (pd.NaT, False, False)]
    assert due_buckets(today, reviews, measures) == [
        (None, 2, 1),  # overdue or called for by a change; the overdue measure
        (date(2026, 3, 1), 1, 1),  # from today to the end of March; the done measure does not count
        (date(2026, 4, 1), 1, 0),
        (date(2026, 5, 1), 1, 1),
    ]
    assert [b[0] for b in due_buckets(date(2026, 12, 31), [], [], months=2)] == [None, date(2026, 12, 1),
                                                                               date(2027, 1, 1)]


def test_due_figure_groups_reviews_and_measures_and_marks_the_overdue():
    fig = due_figure(["Overskredet", "marts 2026"], [2, 1], [0, 4], ("Gennemgange", "Foranstaltninger"))
    assert fig.layout.barmode == "group"
    assert [tr.name for tr in fig.data] == ["Gennemgange", "Foranstaltninger"]
    assert [list(tr.y) for tr in fig.data] == [[2, 1], [0, 4]]
    assert [list(tr.marker.pattern.shape) for tr in fig.data] == [["/", ""], ["/", ""]]  # the overdue hatched
    with pytest.raises(ValueError):
        due_figure(["a"], [1, 2], [1])


def test_movement_draws_an_arrow_per_move_and_the_stays_in_their_cells():
    moves = Counter({((3, 4), (2, 4)): 12, ((2, 4), (3, 4)): 2, ((1, 1), (1, 1)): 5, ((4, 4), (1, 1)): 1})
    fig = movement_figure(STANDARD, moves, "da", "2025 → I dag")
    heat, stay, arrows = fig.data
    assert heat.type == "heatmap" and len(heat.z) == 4
    assert [list(c) for c in stay.customdata] == [[1, 1, 5]]
    assert sorted(map(list, arrows.customdata)) == [[2, 4, 3, 4, 2], [3, 4, 2, 4, 12], [4, 4, 1, 1, 1]]
    anns = [a for a in fig.layout.annotations if a.showarrow]
    assert len(anns) == 3
    numbers = [a for a in fig.layout.annotations if not a.showarrow]  # on the arrows, drawn above them
    assert sorted(a.text for a in numbers) == ["1", "12", "2"]
    assert [a.showarrow for a in fig.layout.annotations] == [True] * 3 + [False] * 3
    assert [a.arrowwidth for a in anns] == sorted((a.arrowwidth for a in anns), reverse=True)  # biggest widest
    big, back = anns[0], anns[1]  # (3,4) -> (2,4) with 12 lines, and back with 2
    assert (round(big.ay), round(big.ax), round(big.y), round(big.x)) == (3, 4, 2, 4)
    assert (round(back.ay), round(back.ax), round(back.y), round(back.x)) == (2, 4, 3, 4)
    assert big.x != back.x  # opposite moves between the same two cells are drawn side by side
    assert fig.layout.title.text == "2025 → I dag"


def test_movement_with_no_moves_and_top_moves():
    fig = movement_figure(STANDARD, {})
    assert len(fig.layout.annotations) == 0 and len(fig.data[2].x) == 0
    moves = {((1, 1), (2, 2)): 3, ((2, 2), (2, 2)): 9, ((4, 4), (3, 3)): 3, ((1, 2), (1, 3)): 7}
    assert top_moves(moves) == [((1, 2), (1, 3), 7), ((1, 1), (2, 2), 3), ((4, 4), (3, 3), 3)]
    assert top_moves(moves, limit=1) == [((1, 2), (1, 3), 7)]


def test_trend_with_today_adds_todays_row_from_cell_counts():
    keys = ["lav", "middel", "hoej"]
    trend = pd.DataFrame({"label": ["2025"], "baseline_id": [3], "lav": [4], "middel": [2], "hoej": [1]})
    out = trend_with_today(trend, STANDARD, {(1, 1): 2, (4, 4): 3, (2, 3): 1})
    assert list(out["label"]) == ["2025", "today"]
    assert out[keys].values.tolist() == [[4, 2, 1], [2, 1, 3]]
    empty = pd.DataFrame(columns=["label", "baseline_id", *keys])
    only_today = trend_with_today(empty, STANDARD, {})
    assert list(only_today["label"]) == ["today"] and only_today[keys].values.tolist() == [[0, 0, 0]]


def _contrast(a: str, b: str) -> float:
    def lum(hex_color: str) -> float:
        rgb = [int(hex_color.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize("preset_id", ["standard", "kl", "datatilsynet"])
def test_level_bars_and_their_legend_swatches_have_an_edge_of_3_to_1(preset_id):
    """Issue 18: the yellow 'Middel' and KL's green 'Lav' are 1.6-2.5:1 against the white page as graphics; an
    outline gives every bar and legend swatch an edge of at least 3:1 without changing the municipality's colours."""
    preset = get_preset(preset_id)
    bars = level_bar_figure(preset, [1] * len(preset.levels))
    trend = pd.DataFrame([{"label": "2025", "baseline_id": 1, **{lv.key: 1 for lv in preset.levels}}])
    for trace in [*bars.data, *trend_figure(preset, trend).data]:
        line = trace.marker.line
        assert line.width and line.width >= 1
        assert _contrast(line.color, "#ffffff") >= 3
    assert [lv.color for lv in preset.levels] == [lv.color for lv in get_preset(preset_id).levels]
