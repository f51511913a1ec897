"""Oversigt: the entry page, the demo offer on an empty database, the key figures."""

from __future__ import annotations

from riskmodel.model import LOCAL_ACTOR


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
    links = [p.proto.page for p in a.at.get("page_link")]  # the pages' url paths
    assert links == ["systemer", "vurdering", "heatmap", "eksport"]


def test_demo_refused_on_a_database_with_systems_leaves_it_unchanged(app, wb, make_system):
    """The offer is only shown on an empty database; with a system the overview shows the figures."""
    make_system()
    a = app()
    assert "Indlæs demodata" not in a.labels("button")
    assert {m.label: m.value for m in a.at.metric}["Aktive systemer"] == "1"
