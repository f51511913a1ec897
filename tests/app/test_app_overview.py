"""Oversigt: the entry page, the demo offer on an empty database, the key figures."""

from __future__ import annotations

from riskmodel.model import LOCAL_ACTOR, ActivityInput, Actor
from tests.app.conftest import shown  # by path: another conftest may be the "conftest" module now

LENE = Actor(username="lene", display_name="Lene Leder", role="leder", departments=("Borgerservice",))


def test_empty_database_offers_demo_data(app, wb):
    a = app()
    assert a.title() == "Risikoværkstedet · Min kommune"
    assert any("Databasen er tom" in t for t in a.texts("info"))
    assert a.has("button", "Indlæs demodata")
    assert a.at.metric.len == 0
    assert wb.is_empty()


def test_load_demo_shows_its_systems_in_the_metrics(app, wb):
    a = app()
    a.one("number_input", "Antal systemer").set_value(5)
    a.button("Indlæs demodata").click()
    a.run()

    assert not wb.is_empty()
    summary = wb.portfolio.summary(LOCAL_ACTOR)
    assert summary["systems"] == 5
    metrics = {m.label: m.value for m in a.at.metric}
    assert metrics["Aktive systemer"] == "5"
    assert metrics["Risikolinjer"] == str(summary["lines"])
    assert any(s.startswith("Demodata indlæst: 5 systemer") for s in a.texts("success"))
    # The demo renames the municipality; the title follows.
    assert a.title() == f"Risikoværkstedet · {wb.settings.municipality()}"
    assert wb.settings.municipality() != "Min kommune"
    # Both matrices are drawn, and their counts add up to the scored lines.
    inherent = a.plotly("ov_inherent")
    counts = inherent["data"][1]["customdata"]
    assert sum(c[2] for c in counts) == summary["scored"]
    assert "Indlæs demodata" not in a.labels("button")


def test_overview_with_data_links_to_every_work_page(app, demo):
    a = app()
    links = [p.proto.page for p in a.at.get("page_link") if not p.proto.query_string]  # the pages' url paths
    assert links == ["systemer", "vurdering", "behandlinger", "heatmap", "eksport"]


def test_demo_refused_on_a_database_with_systems_leaves_it_unchanged(app, wb, make_system):
    """The offer is only shown on an empty database; with a system the overview shows the figures."""
    make_system()
    a = app()
    assert "Indlæs demodata" not in a.labels("button")
    assert {m.label: m.value for m in a.at.metric}["Aktive systemer"] == "1"


# -- the data subjects: activities that require a DPIA and have none --------------------------------
def _flag(a) -> list[str]:
    return [t for t in a.texts("warning") if "kræver en konsekvensanalyse (DPIA)" in t]


def _ds_figures(a) -> dict[str, int]:
    """The data-subject figures: the overview's one table."""
    [table] = a.at.table
    return {k: int(v) for k, v in table.value.iloc[0].items()}


def test_activities_missing_a_dpia_are_flagged_with_links(app, demo):
    missing = demo.activities.dpia_missing(LOCAL_ACTOR)
    everything = demo.activities.list(LOCAL_ACTOR)
    assert len(missing) == 2
    a = app()
    assert _flag(a) == ["2 behandlingsaktiviteter kræver en konsekvensanalyse (DPIA), men har ingen registreret:"]
    links = [(shown(p.proto.label), p.proto.page, p.proto.query_string) for p in a.at.get("page_link")
             if p.proto.query_string]
    assert links == [(f"{r.name} · {r.department}", "behandlinger", f"aktivitet={r.id}") for r in missing.itertuples()]
    assert _ds_figures(a) == {
        "Behandlingsaktiviteter": len(everything),
        "Kræver DPIA": int((everything["conclusion"] == "dpia_required").sum()),
        "Mangler DPIA": 2,
        "Med 'ved ikke'": int(everything["follow_up"].sum()),
    }
    assert len(a.at.metric) == 4  # the organisation's key figures; the data subjects' are the table
    assert a.texts("error") == []
    assert "De registrerede" in a.texts("subheader")


def test_recording_the_dpia_clears_the_flag(app, demo):
    for row in demo.activities.dpia_missing(LOCAL_ACTOR).itertuples():
        demo.activities.record_dpia(LOCAL_ACTOR, row.id, row.version, True, "2025-01-31", "Sag 1")
    a = app()
    assert _flag(a) == []
    assert _ds_figures(a)["Mangler DPIA"] == 0
    assert all(not p.proto.query_string for p in a.at.get("page_link"))


def test_one_missing_dpia_and_the_leder_sees_only_own(app, wb, make_system):
    make_system(department="Borgerservice")
    data = dict(purpose="Formål", responsible="Lene Leder", legal_bases=["art6_1_e"])
    own = wb.activities.create(LOCAL_ACTOR, ActivityInput(name="Eget", department="Borgerservice", **data))
    other = wb.activities.create(LOCAL_ACTOR, ActivityInput(name="Andet", department="Teknik",
                                                            **{**data, "responsible": "Tove Teknik"}))
    for aid in (own, other):
        v = wb.activities.get(LOCAL_ACTOR, aid).version
        v = wb.activities.answer(LOCAL_ACTOR, aid, v, "sensitive", "ja")
        wb.activities.answer(LOCAL_ACTOR, aid, v, "vulnerable", "ja")
    a = app()
    assert _flag(a) == ["2 behandlingsaktiviteter kræver en konsekvensanalyse (DPIA), men har ingen registreret:"]
    b = app(actor=LENE)
    assert _flag(b) == ["1 behandlingsaktivitet kræver en konsekvensanalyse (DPIA), men har ingen registreret:"]
    assert [shown(p.proto.label) for p in b.at.get("page_link") if p.proto.query_string] == ["Eget · Borgerservice"]
