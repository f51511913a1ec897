"""Screens that fit (issue 18): at 1280 and 1440 px the columns that identify a row, its status and its link
are on screen without scrolling the table sideways, on every table page; the heatmap's legend shows its whole
text, and at 800 px the heatmap stacks (the matrix full size, its numbers apart, the legend below it).

A table is a canvas (glide data grid): its header text is drawn, not laid out. Where each column ends is read
from the drawn header itself: the vertical lines between header cells. The grid's accessible table gives the
column names in drawn order (it lists only the columns the grid draws, from the first, so a column scrolled
far out of view is not there at all). A column counts as visible when its right border is drawn inside the
table and the table inside the window.
"""

from __future__ import annotations

import io
import itertools
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import RUN_TIMEOUT_MS, App

pytestmark = pytest.mark.e2e

np = pytest.importorskip("numpy")
Image = pytest.importorskip("PIL.Image")

WIDTHS = (1280, 1440)
HEADER_ROWS = slice(6, 28)  # the header row is 35 px high: its middle, clear of the top and bottom borders
FRAME = '[data-testid="stDataFrame"]'


def column_edges(app: App, frame) -> dict[str, tuple[float, float]]:
    """Header text -> (left, right) in window coordinates, for every column drawn whole inside the table."""
    frame.scroll_into_view_if_needed()
    canvas = frame.locator("canvas").first
    canvas.focus()
    grid = frame.locator('table[role="grid"]')
    grid.locator("thead th").first.wait_for(state="attached", timeout=RUN_TIMEOUT_MS)
    names = grid.locator("thead th").all_inner_texts()
    # glide-cell-<column>-<row>: the drawn column of the first data column (1 when a row-picker column comes first)
    first_id = grid.locator("tbody td").first.get_attribute("id")
    offset = int(re.match(r"glide-cell-(\d+)-", first_id).group(1))
    app.page.mouse.move(0, 0)  # no hover highlight on the header
    box = canvas.bounding_box()
    pixels = np.asarray(Image.open(io.BytesIO(canvas.screenshot())).convert("L")).astype(int)
    header = pixels[HEADER_ROWS]
    background = int(np.median(header[:, :]))
    # a border: a pixel column that is one grey, darker than the header's background, all the way down
    lines = [x for x in range(header.shape[1])
             if (header[:, x] == header[0, x]).all() and header[0, x] < background - 10]
    borders: list[int] = []
    for x in lines:  # a border drawn 2 px wide counts once
        if not borders or x - borders[-1] > 2:
            borders.append(x)
    overflow = frame.locator(".dvn-scroller").first.evaluate("e => e.scrollWidth > e.clientWidth + 1")
    edges: dict[str, tuple[float, float]] = {}
    for i, name in enumerate(names):
        column = offset + i
        if column < len(borders):
            right = borders[column]
        elif column == len(borders) and not overflow:  # the last column, flush with the table's edge
            right = box["width"] - 1
        else:
            continue
        left = borders[column - 1] if column else 0
        edges[name] = (box["x"] + left, box["x"] + right)
    return edges


def assert_visible(app: App, frame, wanted: list[str], width: int) -> None:
    edges = column_edges(app, frame)
    frame_box = frame.bounding_box()
    assert frame_box["x"] >= 0 and frame_box["x"] + frame_box["width"] <= width, frame_box
    missing = [name for name in wanted if name not in edges or edges[name][1] > width]
    assert not missing, f"at {width} px not in view: {missing}; drawn whole: {edges}"


@pytest.fixture(params=WIDTHS, ids=lambda w: f"{w}px")
def narrow(request, context_pool, base_url):
    width = request.param
    page = context_pool.acquire({"width": width, "height": 900})
    app = App(page, base_url)
    app.width = width
    yield app
    if getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed:
        shot = f"/tmp/layout-{request.node.name}.png"
        app.page.screenshot(path=shot, full_page=True)
        print(f"screenshot: {shot}")
    context_pool.release(app.page)


TABLES = {
    "/handlingsplan": ["System / aktivitet", "Foranstaltning", "Status", "Frist"],
    "/dispensationer": ["Nr.", "System", "Status", "Udløber"],
    "/systemer": ["Systemets navn", "Status", "Åbn"],
    "/behandlinger": ["Behandlingsaktivitet", "Status", "Screening"],
}


@pytest.mark.parametrize("path", list(TABLES))
def test_a_table_pages_key_columns_are_in_view(narrow, path):
    narrow.goto(path)
    assert_visible(narrow, narrow.page.locator(FRAME).first, TABLES[path], narrow.width)


def test_the_heatmap_drill_down_shows_its_link_and_risk_owner(narrow):
    app, page = narrow, narrow.page
    app.goto("/heatmap")
    (lik, con), _ = max(app.matrix_cells().items(), key=lambda kv: kv[1][0])
    app.click_cell(lik, con)
    expect(page.locator("h3").filter(has_text="risici med sandsynlighed")).to_be_visible()
    assert_visible(app, page.locator(FRAME).last, ["System", "Trussel", "Risikoejer", "Åbn"], app.width)


def test_the_both_lenses_table_shows_the_system_the_worse_lens_and_its_link(narrow):
    app, page = narrow, narrow.page
    app.goto("/heatmap")
    page.get_by_role("radio", name="Begge", exact=True).click()
    app.settle()
    assert_visible(app, page.locator(FRAME).last, ["System", "Værst", "Åbn"], app.width)


def test_the_reviews_due_table_shows_the_system_and_its_status(narrow):
    app, page = narrow, narrow.page
    app.goto("/aarsgennemgang")
    assert_visible(app, page.locator(FRAME).last, ["System", "Status", "Næste gennemgang"], app.width)


def test_the_heatmap_legend_shows_every_meaning_whole(narrow):
    app, page = narrow, narrow.page
    app.goto("/heatmap")
    legend = page.locator('[data-testid="stTable"]').filter(has_text="Betydning")
    expect(legend).to_be_visible()
    box = legend.bounding_box()
    assert box["x"] + box["width"] <= app.width
    cut = legend.locator("td, th").evaluate_all("cells => cells.filter(c => c.scrollWidth > c.clientWidth + 1)"
                                                ".map(c => c.textContent)")
    assert cut == []


def test_at_800_px_the_heatmap_stacks_its_legend_under_a_readable_matrix(browser, base_url):
    context = browser.new_context(viewport={"width": 800, "height": 900})
    try:
        app = App(context.new_page(), base_url).goto("/heatmap")
        page = app.page
        plot = page.locator(".js-plotly-plot").first
        plot_box = plot.bounding_box()
        legend_box = page.locator('[data-testid="stTable"]').filter(has_text="Betydning").bounding_box()
        assert legend_box["y"] >= plot_box["y"] + plot_box["height"] - 1, (plot_box, legend_box)  # below, not beside
        assert plot_box["x"] + plot_box["width"] <= 800
        # every count drawn apart from its neighbours: no two numbers' boxes touch
        boxes = plot.locator(".scatterlayer .textpoint text").evaluate_all(
            "ts => ts.filter(t => t.textContent).map(t => { const b = t.getBoundingClientRect();"
            " return [b.left, b.top, b.right, b.bottom]; })")
        assert boxes
        for i, a in enumerate(boxes):
            for b in boxes[i + 1:]:
                apart = a[2] + 4 <= b[0] or b[2] + 4 <= a[0] or a[3] <= b[1] or b[3] <= a[1]
                assert apart, (a, b)
        # the consequence labels stand apart, the last one too (tilted one-line labels ran into each other and
        # the last was cut off), and each sits inside the chart
        ticks = plot.locator(".xtick text").evaluate_all(
            "ts => ts.map(t => { const b = t.getBoundingClientRect(); return [b.left, b.right, t.textContent]; })")
        assert len(ticks) == 4 and all(text for _, _, text in ticks), ticks
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(ticks)), ticks
        assert ticks[-1][1] <= plot_box["x"] + plot_box["width"], ticks
        page.screenshot(path="/tmp/layout-heatmap-800.png", full_page=True)
    finally:
        context.close()
