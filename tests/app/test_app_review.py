"""Årsgennemgang: the policy's checklist (figure, ✓/⚠, drill-down and links per point), the systems due for
review with a controllable clock, English."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from riskmodel.domain.dates import dk_today
from riskmodel.domain.model import LOCAL_ACTOR, ActivityInput, Actor
from riskmodel.domain.review import add_months
from riskmodel.locale.threats import threat_label
from riskmodel.services.dispensations import DispensationInput

CHAIR = Actor(username="frida", display_name="Frida Formand", role="udvalgsformand")
LABELS = {
    "approved_recent": "Systemer med en godkendt risikovurdering fra de sidste 12 måneder",
    "activities_ds": "Behandlingsaktiviteter med en vurdering af risikoen for de registrerede",
    "dpia_missing": "Påkrævede konsekvensanalyser (DPIA), der mangler",
    "high_open": "Høje eller kritiske restrisici uden foranstaltning eller accept",
    "measures_overdue": "Foranstaltninger med overskredet frist",
    "dispensations": "Dispensationer, der udløber inden for 30 dage eller er udløbet",
    "changes_pending": "Væsentlige ændringer, der ikke er revurderet",
}


def approve(wb, sid: int, lik: int = 1, con: int = 1) -> int:
    """Score every line of the system's assessment (starting one if needed), submit and approve it."""
    current = wb.review.systems(LOCAL_ACTOR)
    aid = current.loc[current["system_id"] == sid, "assessment_id"].iloc[0]
    aid = wb.assessments.start(LOCAL_ACTOR, sid) if aid is None or aid != aid else int(aid)
    for ln in wb.assessments.lines(LOCAL_ACTOR, aid):
        if ln.likelihood is None:
            wb.assessments.update_line(LOCAL_ACTOR, ln.id, ln.version,
                                       {"likelihood": lik, "cons_c": con, "cons_i": con, "cons_a": con})
    a = wb.assessments.get(LOCAL_ACTOR, aid)
    v = wb.signoff.submit(LOCAL_ACTOR, aid, a.version) if a.status == "kladde" else a.version
    wb.signoff.approve(LOCAL_ACTOR, aid, v, on_behalf_of="Leder Lise")
    return aid


def open_review(app, today: date | None = None):
    a = app()
    a.at.session_state["_today"] = today or dk_today()
    return a.goto("review")


def figures(a) -> dict[str, str]:
    return {m.label: m.value for m in a.at.metric}


def marks(a) -> dict[str, str]:
    """Each point's label with its mark: '✓' (in order) or '⚠'."""
    out = {}
    for text in a.texts("markdown"):
        for mark, sign in ((":green[✓]", "✓"), (":orange[⚠]", "⚠")):
            if text.startswith(f"**{mark} "):
                out[text.removeprefix(f"**{mark} ").removesuffix("**")] = sign
    return out


def drill(a, key: str):
    """The drill-down table of a point: keyed 'rv_<key>_<digest>' when rows can be picked; the dispensations'
    table has no picking, and AppTest keeps no key for it: the one table without a key."""
    if key == "dispensations":
        found = [d for d in a.at.dataframe if not d.key]
    else:
        found = [d for d in a.at.dataframe if (d.key or "").startswith(f"rv_{key}_")]
    assert len(found) == 1, [d.key for d in a.at.dataframe]
    return found[0]


def links(a) -> list[tuple[str, str, str]]:
    return [(ln.proto.label.replace("\\", ""), ln.proto.page, ln.proto.query_string) for ln in a.at.get("page_link")]


def pick(a, key: str, row: int):
    a.at.session_state[drill(a, key).key] = {"selection": {"rows": [row], "columns": [], "cells": []}}
    return a.run()


def test_every_figure_and_drill_down_matches_the_service(app, demo):
    today = dk_today()
    a = open_review(app, today)
    assert a.title() == "Årsgennemgang"
    assert f"Dato for gennemgangen: {today:%d-%m-%Y}" in a.texts("markdown")
    items = demo.review.checklist(LOCAL_ACTOR, today)
    shown = figures(a)
    ok = sum(i.ok for i in items)
    assert a.at.get("progress")[0].proto.text == f"{ok} af 7 punkter er i orden"
    for item in items:
        label = LABELS[item.key]
        if item.total is None:
            assert shown[label] == str(item.value)
        else:
            assert shown[label] == f"{item.value} af {item.total} ({100 * item.value // item.total} %)"
        assert marks(a)[label] == ("✓" if item.ok else "⚠")
        if item.ok:
            assert not [d for d in a.at.dataframe if (d.key or "").startswith(f"rv_{item.key}")]
            continue
        assert f"Vis de {len(item.rows)}" in [e.label for e in a.at.expander]
        table = drill(a, item.key).value
        assert len(table) == min(len(item.rows), 50)
        first = {"approved_recent": "name", "activities_ds": "name", "dpia_missing": "name",
                 "high_open": "entity_name", "measures_overdue": "entity_name", "dispensations": "system_name",
                 "changes_pending": "system_name"}[item.key]
        assert list(table.iloc[:, 0]) == list(item.rows[first][:50])
        if len(item.rows) > 50:  # a long list is paged
            assert a.at.number_input(key=f"rv_page_{item.key}").max == -(-len(item.rows) // 50)


def test_everything_in_order_shows_checkmarks(app, wb, make_system):
    approve(wb, make_system(name="Lønsystem"))
    a = open_review(app)
    assert set(marks(a).values()) == {"✓"} and len(marks(a)) == 7
    assert a.at.get("progress")[0].proto.text == "7 af 7 punkter er i orden"
    assert "Alle punkter er i orden. Godt arbejde!" in a.texts("success")
    assert figures(a)[LABELS["approved_recent"]] == "1 af 1 (100 %)"
    assert [e.label for e in a.at.expander] == ["Udvalgets Excel-pakke"]  # no drill-down, only the pack


def test_one_approved_one_never_and_the_link_to_fix_it(app, wb, make_system):
    approve(wb, make_system(name="Alfa"))
    beta = make_system(name="Beta")
    a = open_review(app)
    assert figures(a)[LABELS["approved_recent"]] == "1 af 2 (50 %)"
    assert marks(a)[LABELS["approved_recent"]] == "⚠"
    table = drill(a, "approved_recent").value
    assert list(table["name"]) == ["Beta"]
    assert list(table["status"]) == ["Aldrig godkendt"]
    assert list(table["assessment"]) == ["Ikke påbegyndt"]
    pick(a, "approved_recent", 0)
    assert ("Åbn risikovurderingen af Beta", "vurdering", f"system={beta}") in links(a)
    assert ("Gå til systemerne", "systemer", "") in links(a)


def test_activities_without_a_data_subject_assessment(app, wb, make_system):
    sid = make_system(name="Boligstøttesystem")

    def activity(name: str) -> int:
        return wb.activities.create(LOCAL_ACTOR, ActivityInput(
            name=name, department="Borgerservice", purpose="Sagsbehandling", responsible="Lene Leder",
            legal_bases=["art6_1_e"], data_categories=["almindelige"], subject_categories=["borgere"],
            subjects_band="1.000-10.000"), [sid])

    first = activity("Boligstøtte")
    activity("Pas og kørekort")
    wb.assessments.start_activity(LOCAL_ACTOR, first)
    a = open_review(app)
    assert figures(a)[LABELS["activities_ds"]] == "1 af 2 (50 %)"
    assert list(drill(a, "activities_ds").value["name"]) == ["Pas og kørekort"]
    pick(a, "activities_ds", 0)
    second = int(wb.activities.list(LOCAL_ACTOR).set_index("name").loc["Pas og kørekort", "id"])
    assert ("Åbn de registreredes risikovurdering for Pas og kørekort", "vurdering", f"aktivitet={second}") in links(a)


def test_open_high_risk_and_overdue_measure(app, wb, make_system):
    sid = make_system(name="Journal")
    aid = wb.assessments.start(LOCAL_ACTOR, sid)
    high, measured = wb.assessments.lines(LOCAL_ACTOR, aid)[:2]
    wb.assessments.update_line(LOCAL_ACTOR, high.id, high.version, {"likelihood": 4, "cons_c": 4})
    v = wb.assessments.update_line(LOCAL_ACTOR, measured.id, measured.version, {"likelihood": 4, "cons_c": 4})
    wb.assessments.update_line(LOCAL_ACTOR, measured.id, v, {
        "planned_measures": "Tofaktor for alle brugere", "measure_owner": "IT-chefen",
        "measure_deadline": dk_today() + timedelta(days=10)})
    a = open_review(app, dk_today() + timedelta(days=40))  # the deadline has passed
    assert figures(a)[LABELS["high_open"]] == "1"
    table = drill(a, "high_open").value
    assert list(table["threat"]) == [f"{high.threat_code} {high.threat_title}"]
    assert list(table["lens"]) == ["Systemet"] and list(table["res_level"]) == ["Høj"]
    assert figures(a)[LABELS["measures_overdue"]] == "1"
    table = drill(a, "measures_overdue").value
    assert list(table["measure"]) == ["Tofaktor for alle brugere"]
    assert list(table["status"]) == ["Planlagt"]
    assert ("Gå til handlingsplanen", "handlingsplan", "") in links(a)
    pick(a, "high_open", 0)
    assert ("Åbn risikovurderingen af Journal", "vurdering", f"system={sid}") in links(a)


def test_dispensations_expiring_and_expired(app, wb, make_system):
    sid = make_system(name="Gammelt ESDH")
    today = dk_today()

    def granted(requested: date, expires: date, requirement: str) -> None:
        did = wb.dispensations.request(LOCAL_ACTOR, DispensationInput(
            system_id=sid, requested_by="Lene Leder", requirement_kind="haandbog", requirement=requirement,
            justification="Leverandøren kan ikke før", alternative_measures="Ekstra logning", expires_on=expires),
            today=requested)
        wb.dispensations.decide(CHAIR, did, 1, approve=True, today=requested)

    granted(today, today + timedelta(days=20), "4.3 Adgangsstyring")
    granted(today - timedelta(days=100), today - timedelta(days=5), "5.1 Logning")
    granted(today, today + timedelta(days=200), "6.2 Backup")  # neither: not listed
    a = open_review(app, today)
    assert figures(a)[LABELS["dispensations"]] == "2"
    table = drill(a, "dispensations").value
    assert list(table["requirement"]) == ["5.1 Logning", "4.3 Adgangsstyring"]
    assert list(table["status"]) == ["Udløbet", "Godkendt"]
    assert list(table["days_left"]) == [-5, 20]
    assert ("Gå til dispensationerne", "dispensationer", "") in links(a)


def test_a_major_change_is_pending_until_the_assessment_is_approved_again(app, wb, make_system):
    sid = make_system(name="Lønsystem")
    aid = approve(wb, sid)
    wb.review.record_change(LOCAL_ACTOR, sid, "ny_leverandoer", "Ny driftsleverandør fra 1. marts", dk_today())
    a = open_review(app)
    assert figures(a)[LABELS["changes_pending"]] == "1"
    assert marks(a)[LABELS["changes_pending"]] == "⚠"
    table = drill(a, "changes_pending").value
    assert list(table["kind"]) == ["Ny leverandør"]
    assert list(table["reason"]) == ["Ny driftsleverandør fra 1. marts"]
    # The change also puts the system first on the due list, and its approval no longer counts.
    assert list(a.at.dataframe(key=[d.key for d in a.at.dataframe if d.key.startswith("rv_due")][0]).value["status"]) \
        == ["Væsentlig ændring"]
    assert figures(a)[LABELS["approved_recent"]] == "0 af 1 (0 %)"

    approve(wb, sid)  # reassessed: the assessment is approved again
    assert wb.assessments.get(LOCAL_ACTOR, aid).status == "godkendt"
    a = open_review(app)
    assert figures(a)[LABELS["changes_pending"]] == "0"
    assert marks(a)[LABELS["changes_pending"]] == "✓"
    assert figures(a)[LABELS["approved_recent"]] == "1 af 1 (100 %)"


@pytest.mark.parametrize(("months", "status"), [(11, "Forfalder snart"), (13, "Overskredet")])
def test_due_list_follows_the_clock(app, wb, make_system, months, status):
    sid = make_system(name="Lønsystem")
    approve(wb, sid)
    make_system(name="Aldrig vurderet")  # never approved: not on the due list (it is on the checklist)
    approved_on = wb.review.systems(LOCAL_ACTOR).set_index("system_id").loc[sid, "approved_on"]
    today = add_months(approved_on, months)
    a = open_review(app, today)
    due = next(d for d in a.at.dataframe if d.key.startswith("rv_due")).value
    assert list(due["name"]) == ["Lønsystem"]
    assert list(due["status"]) == [status]
    assert list(due["next_review"]) == [add_months(approved_on, 12)]
    assert list(due["days_left"]) == [(add_months(approved_on, 12) - today).days]
    # Overdue, the days left are negative: the column's help says what that means.
    frame = next(d for d in a.at.dataframe if d.key.startswith("rv_due"))
    assert json.loads(frame.proto.columns)["days_left"]["help"] == (
        "Dage til datoen. Et negativt tal er det antal dage, datoen er overskredet med.")
    assert figures(a)[LABELS["approved_recent"]] == ("1 af 2 (50 %)" if months == 11 else "0 af 2 (0 %)")


def test_nothing_due_says_so(app, wb, make_system):
    approve(wb, make_system())
    a = open_review(app)
    assert "Ingen godkendte systemer forfalder til gennemgang inden for 60 dage." in a.texts("success")


def test_english(app, demo):
    a = app()
    a.at.session_state["_today"] = dk_today()
    a.at.selectbox(key="lang").set_value("en")
    a.run()
    a.goto("review")
    assert a.title() == "Annual review"
    assert a.at.get("progress")[0].proto.text.endswith("of 7 points are in order")
    assert "Systems with an approved risk assessment from the last 12 months" in figures(a)
    assert figures(a)["Systems with an approved risk assessment from the last 12 months"].endswith(" %)")
    assert "Review of systems" in a.texts("subheader")
    assert {e.label.split()[0] for e in a.at.expander} == {"Show", "The"}  # drill-downs and "The committee's Excel pack"
    assert set(drill(a, "approved_recent").value["status"]) <= {"Never approved", "Overdue", "Due soon", "Major change"}
    # The drill-downs name a seeded threat by its English title (issue 18)
    danish = set(demo.review.open_high_risks(LOCAL_ACTOR, dk_today())["threat"])
    shown_threats = set(drill(a, "high_open").value["threat"])
    assert shown_threats and shown_threats <= {threat_label(s, "en") for s in danish}
    assert shown_threats - danish


def test_a_long_drill_down_is_paged(app, wb, make_system):
    for _ in range(51):
        make_system()
    a = open_review(app)
    assert figures(a)[LABELS["approved_recent"]] == "0 af 51 (0 %)"
    assert len(drill(a, "approved_recent").value) == 50
    a.at.number_input(key="rv_page_approved_recent").set_value(2)
    a.run()
    assert list(drill(a, "approved_recent").value["name"]) == ["Testsystem 051"]


def test_the_committee_pack_is_built_from_the_review_page(app, demo):
    from io import BytesIO

    from openpyxl import load_workbook

    a = app("review")
    a.at.session_state["_today"] = date(2026, 11, 27)
    a.run()
    a.one("number_input", "Årsgennemgang for år").set_value(2026)
    a.button("Dan Excel-filen").click()
    a.run()
    data, rows, year = a.at.session_state["review_pack_file"]
    assert year == 2026 and rows == len(demo.portfolio.register(LOCAL_ACTOR))
    (download,) = a.at.get("download_button")
    assert download.label == f"Hent Excel-filen ({rows} risikolinjer)"
    book = load_workbook(BytesIO(data), read_only=True)
    assert book["Forside"]["B5"].value == 2026
    assert book["Sammenligning"]["A1"].value == "Sammenligning: 2025 → i dag (restrisiko)"


def test_a_leder_gets_no_pack_builder(app, demo):
    from riskmodel.domain.model import Actor

    leder = Actor(username="l", display_name="Lis Leder", role="leder", departments=("Borgerservice",))
    a = app("review", actor=leder)
    assert not a.has("button", "Dan Excel-filen")
