"""Issue 18: in English mode a seeded catalogue threat reads in English on the assessment's steps and in the
heatmap's drill-down (data/threats.csv title_en, category_en, description_en); a threat the municipality added
is shown as written, and Danish mode stays Danish."""

from __future__ import annotations

import pytest

from riskmodel.domain.model import LOCAL_ACTOR, ThreatInput
from riskmodel.services import PortfolioFilter
from tests.app.conftest import shown  # by path: another conftest may be the "conftest" module now

CODE = "MED-01"
TITLE_DA = "Fejlsendt mail med CPR-nummer eller helbredsoplysninger"
TITLE_EN = "Misdirected email with a CPR number or health data"
DESCRIPTION_EN = (
    "An employee sends an email containing personal data to the wrong recipient, for example because the email "
    "program suggests the wrong address. The citizen's data ends up with unauthorised people, and the municipality "
    "may be obliged to notify the breach to the Danish Data Protection Agency (Datatilsynet)."
)
DESCRIPTION_DA_START = "En medarbejder sender en mail med personoplysninger til en forkert modtager"
OWN = "Vores egen trussel om mødereferater"


@pytest.fixture
def assessed(wb, make_system):
    """A system's assessment holding the seeded MED-01 and a threat of the municipality's own."""
    sid = make_system(name="Sagssystemet")
    aid = wb.assessments.start(LOCAL_ACTOR, sid)
    lines = wb.assessments.lines(LOCAL_ACTOR, aid)
    if CODE not in {ln.threat_code for ln in lines}:
        catalogue = wb.catalogue.list(LOCAL_ACTOR)
        tid = int(catalogue.loc[catalogue["code"] == CODE, "id"].iloc[0])
        wb.assessments.add_threat(LOCAL_ACTOR, aid, tid)
    wb.assessments.add_custom(LOCAL_ACTOR, aid, ThreatInput(category="Egne", title=OWN, description="Som skrevet",
                                                            harms_c=True, harms_i=False, harms_a=False))
    lines = wb.assessments.lines(LOCAL_ACTOR, aid)
    line = next(ln for ln in lines if ln.threat_code == CODE)
    assert line.threat_title == TITLE_DA
    return {"sid": sid, "aid": aid, "lines": lines, "line": line}


def _english(app):
    a = app()
    a.at.selectbox(key="lang").set_value("en")
    a.run()
    return a


def test_step_2_lists_a_seeded_threat_by_its_english_title(app, assessed):
    a = _english(app)
    a.goto("assessment", system=assessed["sid"], trin=2)
    listed = a.texts("markdown")
    assert f"{CODE} · {TITLE_EN}" in listed
    assert not [m for m in listed if TITLE_DA in m]
    assert f"{assessed['lines'][-1].threat_code} · {OWN} (custom)" in listed  # the municipality's own, as written
    # The confirmation of a removal names it in English too
    a.at.button(key=f"rm_{assessed['line'].id}").click()
    a.run()
    assert a.texts("warning")[0].startswith(f"Remove '{TITLE_EN}' from the assessment?")


def test_step_2_offers_the_catalogue_in_english(app, wb, assessed):
    line = assessed["line"]
    wb.assessments.remove_line(LOCAL_ACTOR, line.id, line.version)  # back in the list of threats to add
    a = _english(app)
    a.goto("assessment", system=assessed["sid"], trin=2)
    options = [shown(o) for o in a.at.multiselect(key="add_threats").options]
    assert f"Staff · {CODE} · {TITLE_EN}" in [o.removeprefix("★ ") for o in options]
    assert not [o for o in options if "Medarbejdere" in o]


def test_step_3_shows_the_english_title_category_and_description(app, assessed):
    line = assessed["line"]
    a = _english(app)
    a.goto("assessment", system=assessed["sid"], trin=3, linje=line.id)
    pos = [ln.id for ln in assessed["lines"]].index(line.id)
    assert f"**{pos + 1}/{len(assessed['lines'])} · {CODE} · {TITLE_EN}**" in a.texts("markdown")
    assert f"Staff · {DESCRIPTION_EN}" in a.texts("caption")
    assert not [c for c in a.texts("caption") if DESCRIPTION_DA_START in c]
    [table] = [d for d in a.at.dataframe if (d.key or "").startswith("lines_3_")]
    threats = list(table.value["threat"])
    assert threats[pos] == TITLE_EN and OWN in threats and TITLE_DA not in threats


def test_step_3_of_the_own_threat_shows_it_as_written(app, assessed):
    own = assessed["lines"][-1]
    a = _english(app)
    a.goto("assessment", system=assessed["sid"], trin=3, linje=own.id)
    assert f"**{len(assessed['lines'])}/{len(assessed['lines'])} · {own.threat_code} · {OWN}**" in a.texts("markdown")
    assert "Egne · Som skrevet" in a.texts("caption")


def test_step_3_in_danish_stays_danish(app, assessed):
    line = assessed["line"]
    a = app("assessment", system=assessed["sid"], trin=3, linje=line.id)
    assert any(m.endswith(f" · {CODE} · {TITLE_DA}**") for m in a.texts("markdown"))
    assert any(c.startswith(f"Medarbejdere · {DESCRIPTION_DA_START}") for c in a.texts("caption"))
    assert not [c for c in a.texts("caption") if DESCRIPTION_EN in c]


def test_step_5_names_an_open_threat_in_english(app, assessed):
    a = _english(app)
    a.goto("assessment", system=assessed["sid"], trin=5)
    assert f"**{CODE} {TITLE_EN}**: not scored" in a.texts("markdown")


def test_the_heatmap_drill_down_shows_the_english_title(app, wb, assessed):
    line = assessed["line"]
    wb.assessments.update_line(LOCAL_ACTOR, line.id, line.version,
                               {"likelihood": 4, "cons_c": 4, "cons_i": 1, "cons_a": 1})
    rows, total = wb.portfolio.cell_lines(LOCAL_ACTOR, PortfolioFilter(), 4, 4)
    assert total == 1 and list(rows["threat_title"]) == [TITLE_DA]
    a = _english(app)
    a.goto("heatmap")
    index = 3 * 4 + 3
    a.at.session_state["portfolio_heatmap"] = {"selection": {
        "points": [{"curve_number": 1, "point_number": index, "point_index": index, "x": 4, "y": 4,
                    "customdata": [4, 4, 1]}],
        "point_indices": [index], "box": [], "lasso": []}}
    a.run()
    table = a.at.dataframe[0].value
    assert list(table["threat_title"]) == [TITLE_EN]


def test_the_compact_grid_lists_the_english_title(app, assessed):
    a = _english(app)
    # Chosen before the page runs: AppTest formats a translated widget's new value outside the run, in Danish
    a.at.session_state["score_view"] = "grid"
    a.goto("assessment", system=assessed["sid"], trin=3)
    [editor] = [e for e in a.at.dataframe if e.proto.editing_mode]
    threats = dict(zip(editor.value["code"], editor.value["threat"], strict=True))
    assert threats[CODE] == TITLE_EN
    assert threats[assessed["lines"][-1].threat_code] == OWN
