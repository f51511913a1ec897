"""Step 3 as a compact grid (issue 14): one row per threat with likelihood and F/I/T as select
cells, the level per row, the scales' definitions one hover or one expander away; the guided
view stays the default."""

from __future__ import annotations

import json

import pandas as pd

from riskmodel.domain.model import LOCAL_ACTOR


def _start(wb, sid):
    aid = wb.assessments.start(LOCAL_ACTOR, sid)
    return aid, wb.assessments.lines(LOCAL_ACTOR, aid)


def _grid(a):
    [editor] = [e for e in a.at.dataframe if e.proto.editing_mode]
    return editor


def test_the_guided_view_is_the_default_and_the_grid_is_one_click_away(app, wb, make_system):
    sid = make_system()
    _start(wb, sid)
    a = app("assessment", system=sid, trin=3)
    view = a.at.segmented_control(key="score_view")
    assert view.value == "guided" and view.options == ["Én trussel ad gangen", "Alle trusler i en tabel"]
    assert a.at.radio  # the guided line editor
    view.set_value("grid")
    a.run()
    assert not a.at.radio
    _grid(a)


def test_the_grid_has_a_row_per_threat_with_scores_and_level(app, wb, make_system):
    sid = make_system()
    _, lines = _start(wb, sid)
    first, second = lines[0], lines[1]
    wb.assessments.save_fields(LOCAL_ACTOR, first.id, {"likelihood": 3, "cons_c": 4},
                               {"likelihood": None, "cons_c": None})
    a = app("assessment", system=sid, trin=3)
    a.at.segmented_control(key="score_view").set_value("grid")
    a.run()
    editor = _grid(a)
    columns = json.loads(editor.proto.columns)
    assert columns["likelihood"]["type_config"]["options"] == [
        "1 · Usandsynlig", "2 · Mindre sandsynlig", "3 · Sandsynlig", "4 · Forventet"]
    assert columns["cons_c"]["type_config"]["options"] == [
        "1 · Ubetydelig", "2 · Mindre alvorlig", "3 · Meget alvorlig", "4 · Graverende/ødelæggende", "Ikke relevant"]
    assert "Usandsynlig: " in columns["likelihood"]["help"]  # the scale's definitions on hover
    data = editor.value
    assert len(data) == len(lines)
    row = data.iloc[0]
    assert (row["code"], row["likelihood"], row["cons_c"], row["level"]) == (
        first.threat_code, "3 · Sandsynlig", "4 · Graverende/ødelæggende", "Høj")
    assert pd.isna(data.iloc[1]["likelihood"]) and data.iloc[1]["level"] == "–"
    if not second.harms_a:
        assert data.iloc[1]["cons_a"] == "Ikke relevant"
    assert any(s.startswith("1 af ") for s in [p.proto.text for p in a.at.get("progress")])
    assert "Skalaernes betydning" in [e.label for e in a.at.expander]
