"""Oversigt: the entry page, the demo offer on an empty database, the key figures."""

from __future__ import annotations

from datetime import date, timedelta

from riskmodel.domain.model import LOCAL_ACTOR, ActivityInput, Actor
from riskmodel.reports.charts import level_counts_of_cells
from riskmodel.services import PortfolioFilter
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
    # The annual review's figures and charts lead to their pages (test_annual_review_*); "Videre" comes last.
    assert links[-5:] == ["systemer", "vurdering", "behandlinger", "heatmap", "eksport"]


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
    # The organisation's key figures come first; the data subjects' are the table, not metrics.
    labels = [m.label for m in a.at.metric]
    assert labels[:4] == ["Aktive systemer", "Systemer med risikovurdering", "Risikolinjer",
                          "Restrisici, der kræver handling"]
    assert not set(_ds_figures(a)) & set(labels)
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


# -- the annual review at a glance ------------------------------------------------------------------
TODAY = date(2026, 3, 10)
CHECK_LABELS = {
    "approved_recent": "Godkendt inden for 12 mdr.",
    "measures_overdue": "Overskredne foranstaltninger",
    "dispensations": "Dispensationer, der udløber/er udløbet",
    "changes_pending": "Væsentlige ændringer ikke revurderet",
    "high_open": "Høje restrisici uden beslutning",
    "activities_ds": "Behandlinger vurderet for de registrerede",
}
URL = {"review": "aarsgennemgang", "treatment": "handlingsplan", "dispensations": "dispensationer",
       "assessment": "vurdering", "activities": "behandlinger"}


def _open(app, actor=None):
    a = app(actor=actor)
    a.at.session_state["_today"] = TODAY
    return a.run()


def _review_cards(a) -> dict[str, str]:
    metrics = {m.label: m.value for m in a.at.metric}
    return {key: metrics[label] for key, label in CHECK_LABELS.items()}


def test_annual_review_figures_and_charts_match_the_services(app, demo):
    a = _open(app)
    assert "Årets gennemgang" in a.texts("subheader")
    checks = {c.key: c for c in demo.review.checklist(LOCAL_ACTOR, TODAY)}
    assert _review_cards(a) == {
        k: f"{checks[k].value} / {checks[k].total}" if checks[k].total is not None else str(checks[k].value)
        for k in CHECK_LABELS
    }
    assert _review_cards(a)["approved_recent"].endswith(f" / {demo.portfolio.summary(LOCAL_ACTOR)['systems']}")
    # Each card leads to the page that follows it up, then the charts to theirs, in this order.
    links = [(shown(p.proto.label), p.proto.page) for p in a.at.get("page_link") if not p.proto.query_string]
    assert links[:10] == [
        ("Årsgennemgang", "aarsgennemgang"), ("Handlingsplan", "handlingsplan"), ("Dispensationer", "dispensationer"),
        ("Årsgennemgang", "aarsgennemgang"), ("Risikovurdering", "vurdering"), ("Behandlingsaktiviteter", "behandlinger"),
        ("Se heatmap", "heatmap"), ("Baselines og udvikling", "baselines"), ("Årsgennemgang", "aarsgennemgang"),
        ("Handlingsplan", "handlingsplan"),
    ]
    assert [URL[checks[k].page] for k in CHECK_LABELS] == [page for _, page in links[:6]]

    preset = demo.settings.preset()
    levels = a.plotly("ov_levels")["data"][0]
    residual = demo.portfolio.heatmap(LOCAL_ACTOR, PortfolioFilter(residual=True))
    assert levels["y"] == level_counts_of_cells(preset, residual)
    assert sum(levels["y"]) == sum(residual.values()) > 0
    assert levels["marker"]["color"] == [lv.color for lv in preset.levels]
    assert levels["x"] == [lv.label("da") for lv in preset.levels]

    trend = demo.baselines.trend(LOCAL_ACTOR)
    fig = a.plotly("ov_trend")
    assert fig["data"][0]["x"] == [*trend["label"][:-1], "I dag"]
    assert [tr["marker"]["color"] for tr in fig["data"]] == [lv.color for lv in preset.levels]

    due = a.plotly("ov_due")
    assert due["data"][0]["x"] == ["Overskredet", "marts", "april", "maj"]
    systems = demo.review.systems(LOCAL_ACTOR, TODAY)
    assert due["data"][0]["y"][0] == int(systems["status"].isin(["overdue", "changed"]).sum())
    assert due["data"][1]["y"][0] == checks["measures_overdue"].value


def test_due_this_month_on_a_constructed_case(app, wb, make_system):
    aid = wb.assessments.start(LOCAL_ACTOR, make_system())
    lines = wb.assessments.lines(LOCAL_ACTOR, aid)[:4]
    deadlines = [TODAY - timedelta(days=5), date(2026, 3, 20), date(2026, 4, 2), date(2026, 3, 25)]
    for line, deadline in zip(lines, deadlines, strict=True):
        wb.assessments.update_line(LOCAL_ACTOR, line.id, line.version, {
            "likelihood": 2, "cons_c": 2, "planned_measures": "Tofaktorlogin", "measure_owner": "Anne",
            "measure_deadline": deadline})
    done = wb.assessments.lines(LOCAL_ACTOR, aid)[3]
    wb.treatment.update_measure(LOCAL_ACTOR, done.id, done.version, status="gennemfoert", today=TODAY)
    a = _open(app)
    due = a.plotly("ov_due")
    assert [tr["name"] for tr in due["data"]] == ["Gennemgange", "Foranstaltninger"]
    assert due["data"][0]["y"] == [0, 0, 0, 0]
    assert due["data"][1]["y"] == [1, 1, 1, 0]  # overdue, March, April, May; the done one not at all
    assert ("I marts 2026: 0 gennemgange og 1 foranstaltning forfalder. Overskredet: 0 gennemgange (også dem, "
            "en væsentlig ændring har kaldt frem) og 1 foranstaltning.") in a.texts("caption")
    # The system was never approved: no review date, so not in the bars; the caption says so ("Overskredet: 0"
    # read as if every system were up to date).
    assert ('1 system er aldrig godkendt og har derfor ingen dato for gennemgang; det står i Årsgennemgang med '
            'status "Aldrig godkendt".') in a.texts("caption")
    assert _review_cards(a)["measures_overdue"] == "1"
    assert _review_cards(a)["approved_recent"] == "0 / 1"
    assert a.plotly("ov_trend")["data"][0]["x"] == ["I dag"]
    assert a.plotly("ov_levels")["data"][0]["y"] == [4, 0, 0]


def test_annual_review_section_for_a_leder_and_in_english(app, wb, make_system):
    make_system(department="Borgerservice")
    make_system(department="Teknik")
    b = _open(app, actor=LENE)
    assert _review_cards(b)["approved_recent"] == "0 / 1"  # only the leder's own department
    a = app()
    a.at.session_state["_today"] = date(2026, 11, 28)
    a.at.selectbox(key="lang").set_value("en")
    a.run()
    assert "This year's review" in a.texts("subheader")
    assert {m.label: m.value for m in a.at.metric}["Approved within 12 months"] == "0 / 2"
    assert a.plotly("ov_due")["data"][0]["x"] == ["Overdue", "November", "December", "January 2027"]
