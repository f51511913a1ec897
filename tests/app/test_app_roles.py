"""Who sees what: the navigation is built for the signed-in user's role, and pages go read-only."""

from __future__ import annotations

import pytest

from riskmodel.domain.model import LOCAL_ACTOR, Actor

LEDER = Actor(username="lene", display_name="Lene Leder", role="leder", departments=("Borgerservice",))
MEMBER = Actor(username="ulla", display_name="Ulla Udvalg", role="udvalgsmedlem")
DELTAGER = Actor(username="dorte", display_name="Dorte Deltager", role="deltager")


def test_participant_gets_the_join_page_only(app, wb):
    a = app(actor=DELTAGER)
    assert a.title() == "Deltag i workshop"
    assert a.has("form_submit_button", "Deltag") and a.one("text_input", "Kode").value == ""
    assert "Logget ind som Dorte Deltager · Workshopdeltager" in [c.value for c in a.at.sidebar.caption]
    for page in ("systems", "heatmap", "settings", "workshop"):
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            a.at.switch_page(f"pages/{page}.py")


def test_leder_has_no_settings_or_export(app, wb):
    a = app("catalogue", actor=LEDER)
    assert a.title() == "Trusselskatalog"
    assert [e.label for e in a.at.expander] == []  # no "Ny trussel": the catalogue is the coordinator's
    for page in ("settings", "export"):
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            a.at.switch_page(f"pages/{page}.py")


def test_leder_scores_in_own_department_and_cannot_open_others(app, wb, make_system):
    own = make_system(name="Eget system", department="Borgerservice")
    other = make_system(name="Andres system", department="Økonomi")
    for sid in (own, other):
        wb.assessments.start(LOCAL_ACTOR, sid)

    a = app("assessment", actor=LEDER, system=own)
    assert a.one("selectbox", "System").options == ["Eget system · Borgerservice"]
    assert "Du kan se denne vurdering, men ikke ændre den." not in a.texts("info")
    line = wb.assessments.lines(LOCAL_ACTOR, wb.assessments.current(LOCAL_ACTOR, own).id)[0]
    a.at.radio(key=f"line{line.id}:likelihood").set_value(3)
    a.run()
    assert wb.assessments.line(LOCAL_ACTOR, line.id).likelihood == 3

    b = app("assessment", actor=LEDER, system=other)
    assert b.texts("error") == ["Lene Leder kan kun se data i egne afdelinger og egne systemer, ikke i 'Økonomi'"]
    assert b.one("selectbox", "System").value is None


def test_committee_member_reads_assessments_without_changing_them(app, wb, make_system):
    sid = make_system()
    wb.assessments.start(LOCAL_ACTOR, sid)
    a = app("assessment", actor=MEMBER, system=sid)
    assert "Du kan se denne vurdering, men ikke ændre den." in a.texts("info")
    radios = [r for r in a.at.radio if r.key and r.key.endswith(":likelihood")]
    assert radios and all(r.disabled for r in radios)


def test_read_only_system_view_shows_user_text_as_typed_never_as_a_link(app, wb, make_system):
    """st.table renders markdown: a description written as a link must stay text."""
    make_system(name="Linksystem", description="[klik her](http://evil.example) **fed**")
    a = app("systems", actor=MEMBER)
    a.select_row(0)
    [table] = a.at.table
    from tests.app.conftest import shown

    cell = str(table.value.iloc[-1, 0])
    assert cell.startswith(r"\[klik her\]")  # escaped: markdown shows the brackets, no link
    assert shown(cell) == "[klik her](http://evil.example) **fed**"
