"""Scales and matrix presets: every cell of every shipped preset, legends, score checks, preset validation.

The expected matrices below are written out by hand, so a change to a data file
in data/scales/ fails here until someone agrees with it.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import replace

import pytest

from riskmodel.domain.scales import (
    SCALES_DIR,
    Preset,
    ScaleError,
    get_preset,
    line_consequence,
    load_preset_file,
    presets,
    score,
    validate_preset,
)

# Rows: likelihood 1..n (top = 1); columns: consequence 1..n.
# The four OS2compliance scale types are also checked against the issue's own table, in its
# own layout, in test_os2_presets.py.
EXPECTED_MATRIX = {
    "standard": [
        ["lav", "lav", "lav", "middel"],
        ["lav", "lav", "middel", "middel"],
        ["lav", "middel", "middel", "hoej"],
        ["middel", "middel", "hoej", "hoej"],
    ],
    "kl": [
        ["lav", "lav", "lav", "under_middel"],
        ["lav", "under_middel", "under_middel", "middel"],
        ["lav", "under_middel", "middel", "over_middel"],
        ["under_middel", "middel", "over_middel", "hoej"],
    ],
    "herning": [
        ["lav", "lav", "under_middel", "middel"],
        ["lav", "under_middel", "middel", "over_middel"],
        ["under_middel", "middel", "over_middel", "hoej"],
        ["middel", "over_middel", "hoej", "hoej"],
    ],
    "datatilsynet": [
        ["lav", "lav", "under_middel", "over_middel"],
        ["lav", "under_middel", "over_middel", "hoej"],
        ["under_middel", "over_middel", "over_middel", "hoej"],
        ["over_middel", "over_middel", "hoej", "hoej"],
    ],
    "5x5": [
        ["lav", "lav", "lav", "middel", "middel"],
        ["lav", "lav", "middel", "middel", "hoej"],
        ["lav", "middel", "middel", "hoej", "kritisk"],
        ["middel", "middel", "hoej", "kritisk", "kritisk"],
        ["middel", "hoej", "kritisk", "kritisk", "kritisk"],
    ],
    # Our own matrices of before, kept under ids of their own (migration 008 moves databases onto them).
    "own_traffic_light": [
        ["lav", "lav", "lav", "middel"],
        ["lav", "lav", "middel", "hoej"],
        ["lav", "middel", "hoej", "hoej"],
        ["middel", "hoej", "hoej", "hoej"],
    ],
    "own_five_levels": [
        ["meget_lav", "meget_lav", "lav", "middel"],
        ["meget_lav", "lav", "middel", "hoej"],
        ["lav", "middel", "hoej", "kritisk"],
        ["middel", "hoej", "kritisk", "kritisk"],
    ],
    "own_five_consequence": [
        ["meget_lav", "lav", "middel", "hoej"],
        ["meget_lav", "lav", "middel", "hoej"],
        ["lav", "middel", "hoej", "meget_hoej"],
        ["lav", "middel", "meget_hoej", "meget_hoej"],
    ],
}

_FIVE_OS2 = [
    ("lav", "Lav", False),
    ("under_middel", "Under middel", False),
    ("middel", "Middel", True),
    ("over_middel", "Over middel", True),
    ("hoej", "Høj", True),
]
# Levels lowest first: (key, Danish label, requires action).
EXPECTED_LEVELS = {
    "standard": [("lav", "Lav", False), ("middel", "Middel", True), ("hoej", "Høj", True)],
    "kl": _FIVE_OS2,
    "herning": _FIVE_OS2,
    "datatilsynet": [
        ("lav", "Lav", False),
        ("under_middel", "Under middel", True),
        ("over_middel", "Over middel", True),
        ("hoej", "Høj", True),
    ],
    "5x5": [("lav", "Lav", False), ("middel", "Middel", True), ("hoej", "Høj", True), ("kritisk", "Kritisk", True)],
    "own_traffic_light": [("lav", "Lav", False), ("middel", "Middel", True), ("hoej", "Høj", True)],
    "own_five_levels": [
        ("meget_lav", "Meget lav", False),
        ("lav", "Lav", False),
        ("middel", "Middel", True),
        ("hoej", "Høj", True),
        ("kritisk", "Kritisk", True),
    ],
    "own_five_consequence": [
        ("meget_lav", "Meget lav", False),
        ("lav", "Lav", False),
        ("middel", "Middel", True),
        ("hoej", "Høj", True),
        ("meget_hoej", "Meget høj", True),
    ],
}

_LIKELIHOOD_4 = ["Usandsynlig", "Mindre sandsynlig", "Sandsynlig", "Forventet"]
_CONSEQUENCE_4 = ["Ubetydelig", "Mindre alvorlig", "Alvorlig", "Kritisk"]
# Each preset's wording of its steps: the OS2compliance scale types name the consequence steps their way.
EXPECTED_STEPS = {
    "standard": (_LIKELIHOOD_4, ["Ubetydelig", "Mindre alvorlig", "Meget alvorlig", "Graverende/ødelæggende"]),
    "kl": (_LIKELIHOOD_4, ["Lav", "Medium", "Høj", "Meget høj"]),
    "herning": (_LIKELIHOOD_4, ["Ubetydelig", "Mindre alvorlig", "Meget alvorlig", "Ødelæggende"]),
    "datatilsynet": (
        ["Lav (usandsynlig)", "Medium (mindre sandsynlig)", "Høj (sandsynlig)", "Meget høj (forventet)"],
        ["Lav (uvæsentlig)", "Medium (generende)", "Høj (kritisk)", "Meget høj (meget kritisk)"],
    ),
    "5x5": (
        ["Meget usandsynlig", "Usandsynlig", "Mulig", "Sandsynlig", "Næsten sikker"],
        ["Ubetydelig", "Mindre alvorlig", "Moderat", "Alvorlig", "Kritisk"],
    ),
    "own_traffic_light": (_LIKELIHOOD_4, _CONSEQUENCE_4),
    "own_five_levels": (_LIKELIHOOD_4, _CONSEQUENCE_4),
    "own_five_consequence": (_LIKELIHOOD_4, _CONSEQUENCE_4),
}

PRESET_IDS = ["standard", "kl", "herning", "datatilsynet", "5x5", "own_traffic_light", "own_five_levels",
              "own_five_consequence"]


def _all_cells(preset_id: str):
    size = len(EXPECTED_MATRIX[preset_id])
    return [(preset_id, lik, con) for lik in range(1, size + 1) for con in range(1, size + 1)]


ALL_CELLS = [cell for pid in PRESET_IDS for cell in _all_cells(pid)]


# -- the shipped presets ----------------------------------------------------------


def test_presets_are_the_ones_shipped_in_a_stable_order():
    ps = presets()
    assert list(ps) == PRESET_IDS
    assert {pid: p.size for pid, p in ps.items()} == {pid: 5 if pid == "5x5" else 4 for pid in PRESET_IDS}
    assert {pid: len(p.levels) for pid, p in ps.items()} == {
        "standard": 3, "kl": 5, "herning": 5, "datatilsynet": 4, "5x5": 4,
        "own_traffic_light": 3, "own_five_levels": 5, "own_five_consequence": 5,
    }
    for pid, p in ps.items():
        assert p.id == pid
        assert get_preset(pid) is p
        assert p.name("da") and p.name("en") and p.description("da") and p.description("en")


def test_unknown_preset_is_refused_in_danish():
    with pytest.raises(ScaleError, match="Ukendt matrix 'hemmelig'"):
        get_preset("hemmelig")


@pytest.mark.parametrize(("preset_id", "likelihood", "consequence"), ALL_CELLS)
def test_every_cell_has_the_expected_level(preset_id, likelihood, consequence):
    preset = get_preset(preset_id)
    expected = EXPECTED_MATRIX[preset_id][likelihood - 1][consequence - 1]
    assert preset.level(likelihood, consequence).key == expected


@pytest.mark.parametrize("preset_id", PRESET_IDS)
def test_cells_lists_every_cell_once_with_the_expected_level(preset_id):
    preset = get_preset(preset_id)
    got = {(lik, con): lvl.key for lik, con, lvl in preset.cells()}
    size = preset.size
    assert len(preset.cells()) == size * size
    assert got == {
        (lik, con): EXPECTED_MATRIX[preset_id][lik - 1][con - 1]
        for lik in range(1, size + 1)
        for con in range(1, size + 1)
    }
    by_index = {lvl.index: lvl.key for lvl in preset.levels}
    assert {(lik, con): by_index[idx] for lik, con, idx in preset.cell_rows()} == got


@pytest.mark.parametrize("preset_id", PRESET_IDS)
def test_levels_are_the_expected_ones_lowest_first(preset_id):
    preset = get_preset(preset_id)
    assert [(lv.key, lv.label("da"), lv.requires_action) for lv in preset.levels] == EXPECTED_LEVELS[preset_id]
    assert [lv.index for lv in preset.levels] == list(range(len(preset.levels)))
    for lv in preset.levels:
        assert lv.definition("da").strip() and lv.label("en").strip() and lv.definition("en").strip()
        assert lv.color.startswith("#") and len(lv.color) == 7
        assert preset.level_by_key(lv.key) is lv
    # Two levels sharing a colour would make the heatmap ambiguous.
    assert len({lv.color for lv in preset.levels}) == len(preset.levels)


@pytest.mark.parametrize("preset_id", PRESET_IDS)
def test_level_by_unknown_key_is_refused(preset_id):
    with pytest.raises(ScaleError, match="Ukendt risikoniveau 'rød'"):
        get_preset(preset_id).level_by_key("rød")


@pytest.mark.parametrize("preset_id", PRESET_IDS)
def test_a_higher_score_never_gives_a_lower_level(preset_id):
    preset = get_preset(preset_id)
    n = preset.size
    for lik in range(1, n + 1):
        for con in range(1, n + 1):
            here = preset.level(lik, con).index
            if lik < n:
                assert preset.level(lik + 1, con).index >= here, (lik, con)
            if con < n:
                assert preset.level(lik, con + 1).index >= here, (lik, con)
    # The corners are the lowest and the highest level.
    assert preset.level(1, 1).index == 0
    assert preset.level(n, n).index == len(preset.levels) - 1


# -- legend ----------------------------------------------------------------------


@pytest.mark.parametrize("preset_id", PRESET_IDS)
def test_legend_is_derived_from_the_matrix(preset_id):
    preset = get_preset(preset_id)
    legend = preset.legend()
    assert [e.level.key for e in legend] == [k for k, _, _ in EXPECTED_LEVELS[preset_id]]

    seen: dict[tuple[int, int], str] = {}
    for entry in legend:
        assert entry.cells, f"level {entry.level.key} has no cell: a legend entry nobody can see"
        for cell in entry.cells:
            assert cell not in seen, f"{cell} is in both {seen[cell]} and {entry.level.key}"
            seen[cell] = entry.level.key
            # The legend's colour is the colour the cell is drawn with.
            assert entry.level.color == preset.level(*cell).color
            assert entry.level.text_color == preset.level(*cell).text_color
    # Every cell appears in exactly one entry, the one the hand-written matrix names.
    size = preset.size
    assert seen == {
        (lik, con): EXPECTED_MATRIX[preset_id][lik - 1][con - 1]
        for lik in range(1, size + 1)
        for con in range(1, size + 1)
    }


def test_standard_legend_cell_counts():
    counts = {e.level.key: len(e.cells) for e in get_preset("standard").legend()}
    assert counts == {"lav": 6, "middel": 7, "hoej": 3}


# -- steps -----------------------------------------------------------------------


@pytest.mark.parametrize("preset_id", PRESET_IDS)
def test_each_step_has_a_danish_label_and_a_definition(preset_id):
    preset = get_preset(preset_id)
    likelihood, consequence = EXPECTED_STEPS[preset_id]
    assert [s.label("da") for s in preset.likelihood] == likelihood
    assert [s.label("da") for s in preset.consequence] == consequence
    for axis in (preset.likelihood, preset.consequence):
        assert [s.value for s in axis] == list(range(1, preset.size + 1))
        for step in axis:
            assert step.definition("da").strip(), step
            assert step.label("en").strip() and step.definition("en").strip(), step
    assert preset.likelihood_step(2).label("da") == likelihood[1]
    assert preset.consequence_step(preset.size).label("da") == consequence[-1]


# -- check_score -----------------------------------------------------------------


@pytest.mark.parametrize("preset_id", PRESET_IDS)
@pytest.mark.parametrize("bad", ["zero", "size+1", "x", 2.5, -1, ""])
def test_check_score_refuses_values_off_the_scale(preset_id, bad):
    preset = get_preset(preset_id)
    value = {"zero": 0, "size+1": preset.size + 1}.get(bad, bad)
    with pytest.raises(ScaleError) as err:
        preset.check_score(value, "Sandsynlighed")
    msg = str(err.value)
    assert msg.startswith("Sandsynlighed: "), msg
    assert f"1-{preset.size}" in msg
    assert any(word in msg for word in ("uden for skalaen", "er ikke et tal", "er ikke et helt tal")), msg


def test_check_score_messages_are_specific():
    p = get_preset("standard")
    with pytest.raises(ScaleError, match=r"^Konsekvens: 5 ligger uden for skalaen 1-4$"):
        p.check_score(5, "Konsekvens")
    with pytest.raises(ScaleError, match=r"^Konsekvens: 'x' er ikke et tal \(1-4\)$"):
        p.check_score("x", "Konsekvens")
    with pytest.raises(ScaleError, match=r"^Konsekvens: '2.5' er ikke et helt tal \(1-4\)$"):
        p.check_score(2.5, "Konsekvens")
    with pytest.raises(ScaleError, match=r"^Konsekvens: mangler en værdi \(1-4\)$"):
        p.check_score(None, "Konsekvens", allow_none=False)


@pytest.mark.parametrize("preset_id", PRESET_IDS)
def test_check_score_refuses_a_bool(preset_id):
    with pytest.raises(ScaleError, match="^Sandsynlighed: "):
        get_preset(preset_id).check_score(True, "Sandsynlighed")


def test_check_score_accepts_whole_numbers_in_any_form():
    p = get_preset("5x5")
    assert p.check_score(5, "f") == 5
    assert p.check_score("3", "f") == 3
    assert p.check_score(2.0, "f") == 2
    assert p.check_score(None, "f") is None


def test_level_refuses_a_cell_off_the_matrix_naming_the_axis():
    p = get_preset("standard")
    with pytest.raises(ScaleError, match="^sandsynlighed: 5 ligger uden for"):
        p.level(5, 1)
    with pytest.raises(ScaleError, match="^konsekvens: 0 ligger uden for"):
        p.level(1, 0)
    assert p.level_or_none(None, 3) is None
    assert p.level_or_none(2, None) is None
    assert p.level_or_none(4, 4).key == "hoej"


# -- validate_preset -------------------------------------------------------------


def _bad(**changes) -> Preset:
    return replace(get_preset("own_traffic_light"), **changes)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"matrix": ((0, 0, 0, 1), (0, 0, 1, 2), (0, 1, 2, 2))}, "matrixen skal være 4×4"),
        ({"matrix": ((0, 0, 0), (0, 0, 1), (0, 1, 2), (1, 2, 2))}, "matrixen skal være 4×4"),
        ({"matrix": ((0, 0, 0, 1), (0, 0, 1, 2), (0, 1, 2, 2), (1, 2, 2))}, "matrixen skal være 4×4"),
        ({"matrix": ((0, 0, 0, 1), (0, 0, 1, 2), (0, 1, 2, 2), (1, 2, 2, 3))}, "henviser til et niveau, der ikke findes"),
        ({"matrix": ((0, 0, 0, 1), (0, 0, 1, 2), (0, 1, 2, 2), (1, 2, 2, -1))}, "henviser til et niveau, der ikke findes"),
        ({"matrix": ((0, 0, 0, 0), (0, 0, 0, 2), (0, 0, 2, 2), (0, 2, 2, 2))}, "alle niveauer skal bruges"),
        # a row that falls: (1,4) is 'middel', (1,3) 'hoej'
        ({"matrix": ((0, 0, 2, 1), (0, 0, 2, 2), (0, 1, 2, 2), (1, 2, 2, 2))}, "falder, når konsekvensen stiger"),
        # a column that falls: (3,1) is 'middel', (4,1) 'lav'
        ({"matrix": ((0, 0, 0, 1), (0, 0, 1, 2), (1, 1, 2, 2), (0, 2, 2, 2))}, "falder, når sandsynligheden stiger"),
    ],
    ids=["3-rows", "3-cols", "ragged", "level-3-of-3", "negative", "unused-level", "row-falls", "column-falls"],
)
def test_validate_preset_refuses_a_malformed_matrix(changes, message):
    with pytest.raises(ScaleError, match=message):
        validate_preset(_bad(**changes))


def test_validate_preset_refuses_steps_that_are_not_1_to_n():
    p = get_preset("standard")
    with pytest.raises(ScaleError, match="sandsynlighedsskalaen skal have trinene 1-4"):
        validate_preset(replace(p, likelihood=p.likelihood[:3]))
    with pytest.raises(ScaleError, match="konsekvensskalaen skal have trinene 1-4"):
        validate_preset(replace(p, consequence=tuple(reversed(p.consequence))))


def test_every_shipped_preset_passes_validation():
    for p in presets().values():
        validate_preset(p)


def _write_preset(tmp_path, **changes):
    raw = json.loads((SCALES_DIR / "own_traffic_light.json").read_text(encoding="utf-8"))
    raw.update(changes)
    shutil.copy(SCALES_DIR / "scales_4.json", tmp_path / "scales_4.json")
    path = tmp_path / "mine.json"
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    return path


def test_load_preset_file_reads_a_copy_of_a_preset_identically(tmp_path):
    assert load_preset_file(_write_preset(tmp_path)) == get_preset("own_traffic_light")


def test_a_preset_may_reword_the_steps_but_only_step_by_step(tmp_path):
    words = [{"value": i, "da": f"Trin {i}", "en": f"Step {i}"} for i in (1, 2, 3, 4)]
    p = load_preset_file(_write_preset(tmp_path, consequence_labels=words))
    assert [s.label("da") for s in p.consequence] == ["Trin 1", "Trin 2", "Trin 3", "Trin 4"]
    # the definitions stay those of the scale file
    assert p.consequence[0].definition("da") == get_preset("own_traffic_light").consequence[0].definition("da")
    with pytest.raises(ScaleError, match="trinenes navne skal følge skalaens trin 1-4"):
        load_preset_file(_write_preset(tmp_path, likelihood_labels=words[:3]))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"matrix": [[0, 0, 0, 1], [0, 0, 1, 2], [0, 1, 2, 2]]}, "4×4"),
        ({"matrix": [[0, 0, 0, 1], [0, 0, 1, 2], [0, 1, 2, 2], [1, 2, 2, 7]]}, "ikke findes"),
        ({"matrix": [[0, 0, 0, 1], [0, 0, 1, 2], [0, 1, 2, 2], [1, 2, 1, 2]]}, "falder"),
    ],
    ids=["non-square", "unknown-level", "decreasing"],
)
def test_load_preset_file_refuses_a_malformed_file(tmp_path, changes, message):
    with pytest.raises(ScaleError, match=message):
        load_preset_file(_write_preset(tmp_path, **changes))


# -- line consequence and score ----------------------------------------------------


@pytest.mark.parametrize(
    ("c", "i", "a", "expected"),
    [
        (None, None, None, None),
        (1, None, None, 1),
        (None, None, 4, 4),
        (1, 3, 2, 3),
        (2, 2, 2, 2),
        (4, None, 1, 4),
    ],
)
def test_line_consequence_is_the_highest_of_cia(c, i, a, expected):
    assert line_consequence(c, i, a) == expected


@pytest.mark.parametrize(
    ("likelihood", "consequence", "expected"),
    [(1, 1, 1), (3, 4, 12), (4, 3, 12), (5, 5, 25), (None, 3, None), (2, None, None)],
)
def test_score_is_likelihood_times_consequence(likelihood, consequence, expected):
    assert score(likelihood, consequence) == expected


def test_equal_scores_can_have_different_levels():
    """Level comes from the matrix, never from score bands: 4×1 and 1×4 and 2×2 all score 4."""
    dt = get_preset("datatilsynet")
    assert {score(4, 1), score(1, 4), score(2, 2)} == {4}
    assert [dt.level(4, 1).key, dt.level(1, 4).key, dt.level(2, 2).key] == ["over_middel", "over_middel", "under_middel"]
    own = get_preset("own_five_consequence")
    assert [own.level(4, 1).key, own.level(1, 4).key, own.level(2, 2).key] == ["lav", "hoej", "lav"]
