"""Heatmap: every current risk line per cell; filters, view, level filter, a clicked cell's lines; the
data subjects' lens, both lenses side by side and the worse of the two per system."""

from __future__ import annotations

import json

import pandas as pd

from riskmodel.domain import dpia
from riskmodel.domain.model import LOCAL_ACTOR
from riskmodel.services import PortfolioFilter


def _title(a) -> str:
    return a.plotly("portfolio_heatmap")["layout"]["title"]["text"]


def _counts(a) -> dict[tuple[int, int], int]:
    return {(lik, con): n for lik, con, n in a.plotly("portfolio_heatmap")["data"][1]["customdata"] if n}


def _click(a, lik: int, con: int, n: int) -> None:
    """What the browser sends when a cell's marker is clicked (a plotly point selection)."""
    index = (lik - 1) * 4 + (con - 1)
    a.at.session_state["portfolio_heatmap"] = {
        "selection": {
            "points": [
                {"curve_number": 1, "point_number": index, "point_index": index, "x": con, "y": lik, "customdata": [lik, con, n]}
            ],
            "point_indices": [index],
            "box": [],
            "lasso": [],
        }
    }
    a.run()


def test_heatmap_renders_the_portfolio(app, demo):
    a = app("heatmap")
    assert a.title() == "Heatmap over alle systemer"
    expected = demo.portfolio.heatmap(LOCAL_ACTOR, PortfolioFilter())
    total = sum(expected.values())
    assert total > 0
    assert _title(a) == f"Iboende risiko · {total} scorede risici"
    assert _counts(a) == expected
    # The figure draws every cell of the 4x4 standard matrix, with the count as text.
    scatter = a.plotly("portfolio_heatmap")["data"][1]
    assert len(scatter["customdata"]) == 16
    assert scatter["text"] == [str(n) if n else "" for _, _, n in scatter["customdata"]]
    # Legend: the preset's three levels.
    legend = a.at.table[0].value  # a static table: its meanings wrap
    assert list(legend["Risikoniveau"]) == ["Lav", "Middel", "Høj"]
    assert "Klik på et felt for at se dets risici og åbne vurderingerne." in a.texts("caption")


def test_department_filter_changes_the_total(app, demo):
    a = app("heatmap")
    all_total = sum(_counts(a).values())
    department = demo.systems.departments(LOCAL_ACTOR)[0]
    a.at.multiselect(key="hm_deps").set_value([department])
    a.run()
    expected = demo.portfolio.heatmap(LOCAL_ACTOR, PortfolioFilter(departments=(department,)))
    assert 0 < sum(expected.values()) < all_total
    assert _title(a) == f"Iboende risiko · {sum(expected.values())} scorede risici"
    assert _counts(a) == expected


def test_classification_filter_changes_the_total(app, demo):
    a = app("heatmap")
    a.at.multiselect(key="hm_classes").set_value(["offentlig", "intern"])
    a.run()
    expected = demo.portfolio.heatmap(LOCAL_ACTOR, PortfolioFilter(classifications=("offentlig", "intern")))
    assert _title(a) == f"Iboende risiko · {sum(expected.values())} scorede risici"


def test_level_filter_keeps_only_cells_of_that_level(app, demo):
    a = app("heatmap")
    preset = demo.settings.preset()
    levels = a.at.multiselect(key="hm_levels")
    assert levels.options == ["Lav", "Middel", "Høj"]
    levels.set_value(["hoej"])
    a.run()
    counts = _counts(a)
    assert counts, "the demo has high risks"
    assert all(preset.level(lik, con).key == "hoej" for lik, con in counts)
    everything = demo.portfolio.heatmap(LOCAL_ACTOR, PortfolioFilter())
    assert counts == {cell: n for cell, n in everything.items() if preset.level(*cell).key == "hoej"}
    assert _title(a) == f"Iboende risiko · {sum(counts.values())} scorede risici"


def test_residual_view(app, demo):
    a = app("heatmap")
    a.at.segmented_control(key="hm_view").set_value("residual")
    a.run()
    expected = demo.portfolio.heatmap(LOCAL_ACTOR, PortfolioFilter(residual=True))
    assert _title(a) == f"Restrisiko · {sum(expected.values())} scorede risici"
    assert _counts(a) == expected


def test_clicked_cell_lists_its_risk_lines_with_links(app, demo):
    a = app("heatmap")
    counts = _counts(a)
    (lik, con), n = max(counts.items(), key=lambda kv: kv[1])
    _click(a, lik, con, n)
    heads = a.texts("subheader")
    assert len(heads) == 1 and heads[0].startswith(f"{n} risici med sandsynlighed {lik} ")
    table = a.at.dataframe[0].value  # the legend is a static table
    assert len(table) == min(n, 50)
    rows, total = demo.portfolio.cell_lines(LOCAL_ACTOR, PortfolioFilter(), lik, con, page_size=50)
    assert total == n
    assert list(table["link"]) == [  # each row opens its own line on step 3 (issue 14)
        f"/vurdering?system={r.system_id}&trin=3&linje={r.line_id}" for r in rows.itertuples()]
    assert set(table["likelihood"]) == {lik} and set(table["consequence"]) == {con}
    link = json.loads(a.at.dataframe[0].proto.columns)["link"]
    assert link["type_config"] == {"type": "link", "display_text": "Åbn vurdering"}


def test_clicked_empty_cell_says_so(app, demo):
    a = app("heatmap")
    a.at.multiselect(key="hm_levels").set_value(["lav"])  # the demo fills every cell; keep only the low ones
    a.run()
    counts = _counts(a)
    empty = next((lik, con) for lik in range(1, 5) for con in range(1, 5) if (lik, con) not in counts)
    _click(a, *empty, 0)
    assert a.texts("info") == ["Ingen risici i dette felt med de valgte filtre."]
    assert a.texts("subheader")[0].startswith("0 risici med sandsynlighed")


def test_empty_portfolio_draws_an_empty_matrix(app, wb):
    a = app("heatmap")
    assert _title(a) == "Iboende risiko · 0 scorede risici"
    assert _counts(a) == {}


def test_picking_a_listed_line_opens_its_assessment_in_this_session(app, demo):
    """The link column opens a new tab (with sign-in: a new login); picking a row gives an
    in-session link to the same assessment."""
    a = app("heatmap")
    (lik, con), n = max(_counts(a).items(), key=lambda kv: kv[1])
    _click(a, lik, con, n)
    assert "Markér en række for at åbne vurderingen her, eller brug linket for en ny fane." in a.texts("caption")
    rows, _ = demo.portfolio.cell_lines(LOCAL_ACTOR, PortfolioFilter(), lik, con, page_size=50)
    a.select_row(2, table=0)
    links = a.at.get("page_link")
    assert len(links) == 1
    assert links[0].proto.label == f"Åbn vurderingen af {rows.iloc[2]['system_name']}"
    picked = rows.iloc[2]
    assert links[0].proto.query_string == f"system={int(picked['system_id'])}&trin=3&linje={int(picked['line_id'])}"
    assert links[0].proto.page.endswith("vurdering")


def test_the_link_from_a_cell_opens_that_risk_line_on_step_3(app, demo):
    """Drill-down (issue 14): cell -> row -> its link opens the very line, not the first unscored one."""
    a = app("heatmap")
    (lik, con), n = max(_counts(a).items(), key=lambda kv: kv[1])
    _click(a, lik, con, n)
    rows, _ = demo.portfolio.cell_lines(LOCAL_ACTOR, PortfolioFilter(), lik, con, page_size=50)
    a.select_row(3, table=0)
    [link] = a.at.get("page_link")
    params = dict(p.split("=") for p in link.proto.query_string.split("&"))
    picked = rows.iloc[3]
    b = app("assessment", **params)  # what the link opens
    assert b.at.query_params["trin"] == "3" and b.at.query_params["linje"] == str(int(picked["line_id"]))
    lines = demo.assessments.lines(LOCAL_ACTOR, demo.assessments.current(LOCAL_ACTOR, int(picked["system_id"])).id)
    pos = [ln.id for ln in lines].index(int(picked["line_id"]))
    assert any(m.startswith(f"**{pos + 1}/{len(lines)} · {lines[pos].threat_code} · ") for m in b.texts("markdown"))
    radio = b.at.radio(key=f"line{picked['line_id']}:likelihood")
    assert radio.value == lik == picked["likelihood"]


# -- the lenses: organisation, data subjects, both ------------------------------------------------
def _ds_counts(a, key: str) -> dict[tuple[int, int], int]:
    return {(lik, con): n for lik, con, n in a.plotly(key)["data"][1]["customdata"] if n}


def test_lens_choice_defaults_to_the_organisation(app, demo):
    a = app("heatmap")
    lens = a.at.segmented_control(key="hm_lens")
    assert lens.value == "org" and lens.options == ["Organisationen", "De registrerede", "Begge"]
    assert [c.key for c in a.at.get("plotly_chart")] == ["portfolio_heatmap"]


def test_data_subject_lens_counts_what_the_service_counts(app, demo):
    a = app("heatmap")
    a.at.segmented_control(key="hm_lens").set_value("ds")
    a.run()
    expected = demo.portfolio.ds_heatmap(LOCAL_ACTOR)
    assert sum(expected.values()) > 0
    assert [c.key for c in a.at.get("plotly_chart")] == ["ds_heatmap"]
    assert _ds_counts(a, "ds_heatmap") == expected
    fig = a.plotly("ds_heatmap")
    assert fig["layout"]["title"]["text"] == f"Iboende risiko · {sum(expected.values())} scorede risici for de registrerede"
    assert fig["layout"]["xaxis"]["title"]["text"] == "Alvor for de registrerede"
    assert fig["layout"]["yaxis"]["title"]["text"] == "Sandsynlighed"
    assert fig["layout"]["xaxis"]["ticktext"][3] == "4<br>Maksimal"  # the data subjects' own severity scale
    assert list(a.at.table[0].value["Risikoniveau"]) == ["Lav", "Middel", "Høj"]  # the ds matrix's legend
    # The organisation's filters stay, unused (and kept for the way back).
    assert a.at.multiselect(key="hm_classes").disabled and a.at.multiselect(key="hm_levels").disabled

    a.at.segmented_control(key="hm_view").set_value("residual")
    a.run()
    assert _ds_counts(a, "ds_heatmap") == demo.portfolio.ds_heatmap(LOCAL_ACTOR, residual=True)
    department = "Byråds- og Direktionssekretariatet"
    a.at.multiselect(key="hm_deps").set_value([department])
    a.run()
    narrowed = demo.portfolio.ds_heatmap(LOCAL_ACTOR, residual=True, departments=(department,))
    assert 0 < sum(narrowed.values()) < sum(expected.values())
    assert _ds_counts(a, "ds_heatmap") == narrowed


def test_both_lenses_side_by_side_with_the_worse_per_system(app, demo):
    a = app("heatmap")
    a.at.segmented_control(key="hm_lens").set_value("both")
    a.run()
    assert [c.key for c in a.at.get("plotly_chart")] == ["both_org", "both_ds"]
    assert _ds_counts(a, "both_org") == demo.portfolio.heatmap(LOCAL_ACTOR, PortfolioFilter())
    assert _ds_counts(a, "both_ds") == demo.portfolio.ds_heatmap(LOCAL_ACTOR)
    assert a.plotly("both_ds")["layout"]["xaxis"]["title"]["text"] == "Alvor for de registrerede"
    assert "Værste af de to linser" in a.texts("subheader")

    lenses = demo.portfolio.system_lenses(LOCAL_ACTOR)
    [frame] = [d for d in a.at.dataframe if (d.key or "").startswith("lenses")]
    table = frame.value
    assert sorted(table["name"]) == sorted(lenses["name"])
    preset, ds = demo.settings.preset(), dpia.ds_preset()
    by_name = lenses.set_index("name")
    names = {"org": "Organisationen", "ds": "De registrerede", "lige": "Lige alvorlige", None: "Ikke vurderet"}
    for _, row in table.iterrows():
        src = by_name.loc[row["name"]]
        for col, p in (("org_residual", preset), ("ds_residual", ds), ("org_inherent", preset), ("ds_inherent", ds)):
            want = "–" if pd.isna(src[col]) else p.levels[int(src[col])].label("da")
            assert row[col] == want, (row["name"], col)
        assert row["worse"] == names[src["worse"]]
        assert row["link"] == f"/vurdering?system={src['system_id']}"
    # The worst residual comes first: a system that is 'Høj' on some lens.
    assert "Høj" in (table.iloc[0]["org_residual"], table.iloc[0]["ds_residual"])
    columns = json.loads(frame.proto.columns)
    assert columns["worse"]["label"] == "Værst" and columns["ds_residual"]["label"] == "De registrerede, rest"
    assert columns["link"]["type_config"] == {"type": "link", "display_text": "Åbn vurdering"}
    # Each level is painted in its colour (the Styler's CSS travels with the table).
    hoej = preset.level_by_key("hoej").color.lower()
    assert hoej in frame.proto.arrow_data.styler.styles.lower()

    # Filter: only the systems where the data subjects' lens is the worse.
    a.at.multiselect(key="hm_worse").set_value(["ds"])
    a.run()
    [frame] = [d for d in a.at.dataframe if (d.key or "").startswith("lenses")]
    assert list(frame.value["name"]) == list(lenses[lenses["worse"] == "ds"]["name"])
    assert set(frame.value["worse"]) == {"De registrerede"}
    # Picking a row links to the system's assessment in this session.
    a.select_row(0, table=0)
    [link] = a.at.get("page_link")
    sid = int(lenses[lenses["worse"] == "ds"].iloc[0]["system_id"])
    assert link.proto.query_string == f"system={sid}" and link.proto.page.endswith("vurdering")


def test_lens_table_follows_the_department_filter(app, demo):
    a = app("heatmap")
    a.at.segmented_control(key="hm_lens").set_value("both")
    department = "Sundhed og Omsorg"
    a.at.multiselect(key="hm_deps").set_value([department])
    a.run()
    [frame] = [d for d in a.at.dataframe if (d.key or "").startswith("lenses")]
    lenses = demo.portfolio.system_lenses(LOCAL_ACTOR)
    assert sorted(frame.value["name"]) == sorted(lenses[lenses["department"] == department]["name"])
    assert _ds_counts(a, "both_ds") == demo.portfolio.ds_heatmap(LOCAL_ACTOR, departments=(department,))


def test_lenses_in_english(app, demo):
    a = app("heatmap")
    a.at.selectbox(key="lang").set_value("en")
    a.at.segmented_control(key="hm_lens").set_value("ds")
    a.run()
    assert a.at.segmented_control(key="hm_lens").options == ["The organisation", "The data subjects", "Both"]
    fig = a.plotly("ds_heatmap")
    assert fig["layout"]["xaxis"]["title"]["text"] == "Severity for the data subjects"
    assert fig["layout"]["title"]["text"].endswith("scored risks to the data subjects")
