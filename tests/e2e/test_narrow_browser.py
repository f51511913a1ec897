"""A laptop split screen (issue 18): at 800 x 900 px, with the sidebar open, every page of the coordinator's menu and
the assessment's steps 1-5 are usable. The main column is then about 470 px wide: rows of metrics, filters, buttons
and radio groups wrap under each other instead of squeezing each part to a sliver.

On every page: no sideways scrolling of the page; no text that the browser cuts off with an ellipsis (a button, a
metric, a checkbox, a page link: its text wider than its box); no word broken inside (a word whose letters are laid
out on two lines, as "Usandsynli g" was in step 3's radio columns). Issue 15: the workshop agenda's reorder buttons
say what they do to a screen reader, not just "↑".
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import RUN_TIMEOUT_MS, App, StreamlitServer, build_demo_db

pytestmark = pytest.mark.e2e

SPLIT = {"width": 800, "height": 900}
MAIN = '[data-testid="stMain"]'

# What a user would see as broken, read from the laid-out page:
# - cut: an element in the main column whose text the browser cuts (text-overflow: ellipsis, or nowrap with its
#   overflow hidden) and whose content is wider than its box, or a button that sticks out of a box hiding what
#   overflows (a segmented control in a narrow column), or a selectbox whose chosen value is wider than its box;
#   the text of each, for the message.
# - squeezed: a chart (plotly) narrower than MIN_CHART.
# - broken: a word (letters and digits, split at spaces, '/', '-' and '·', where a line may break) whose letters are
#   laid out on more than one line (Range.getClientRects of the word's characters).
MIN_CHART = 300  # px: a chart narrower than this (the settings' matrix beside its legend was a sliver of ~110 px)
_PROBE_JS = r"""(MIN_CHART) => {
  const main = document.querySelector('[data-testid="stMain"]');
  const seen = (e) => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';
  const cut = [];
  for (const e of main.querySelectorAll('*')) {
    if (e.closest('svg, canvas, [data-testid="stDataFrame"], [data-testid="stCode"], textarea, input')) continue;
    const s = getComputedStyle(e);
    const clips = s.textOverflow === 'ellipsis' || (s.whiteSpace === 'nowrap' && s.overflowX === 'hidden');
    if (clips && e.scrollWidth > e.clientWidth + 1 && e.textContent.trim() && seen(e)) cut.push(e.textContent.trim());
  }
  // a button (of a segmented control too) that sticks out of a box that hides what overflows
  for (const b of main.querySelectorAll('button')) {
    if (b.closest('[data-testid="stDataFrame"]') || !seen(b)) continue;
    const r = b.getBoundingClientRect();
    for (let a = b.parentElement; a && a !== main; a = a.parentElement) {
      if (getComputedStyle(a).overflowX === 'visible') continue;
      const box = a.getBoundingClientRect();
      if (r.right > box.right + 1 || r.left < box.left - 1) {
        cut.push(b.textContent.trim() + ' (button outside its box)');
        break;
      }
    }
  }
  // a selectbox's chosen value cut at the box's edge (it is an input's value: wider than the input)
  for (const i of main.querySelectorAll('[data-testid="stSelectbox"] input')) {
    if (seen(i) && i.value && i.scrollWidth > i.clientWidth + 1) cut.push(i.value + ' (chosen value)');
  }
  const squeezed = [...main.querySelectorAll('.js-plotly-plot')].filter(seen).map(p => p.getBoundingClientRect().width)
    .filter(w => w < MIN_CHART);
  const broken = [];
  const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!el || el.closest('svg, canvas, script, style, textarea') || !seen(el)) continue;
    const re = /[^\s\/\-–·,.:;()]+/g;
    for (let m = re.exec(n.textContent); m; m = re.exec(n.textContent)) {
      if (m[0].length < 3) continue;
      range.setStart(n, m.index);
      range.setEnd(n, m.index + m[0].length);
      const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.bottom)));
      if (lines.size > 1) broken.push(m[0]);
    }
  }
  return {scroll: document.scrollingElement.scrollWidth, width: window.innerWidth,
          cut: [...new Set(cut)], broken: [...new Set(broken)], squeezed};
}"""


_OPEN_EXPANDERS_JS = """() => {
  const closed = [...document.querySelectorAll('[data-testid="stMain"] [data-testid="stExpander"] details:not([open])')];
  closed.forEach(d => d.querySelector('summary').click());
  return closed.length;
}"""


def misfits(app: App, where: str) -> str | None:
    """What does not fit on the page as it is now, or None. Every closed expander is opened first: what a user finds
    by unfolding it must fit too (opening one is the browser's alone; no script run)."""
    app.page.evaluate(_OPEN_EXPANDERS_JS)
    app.page.wait_for_timeout(300)  # plotly and the grids lay themselves out once more after the run
    seen = app.page.evaluate(_PROBE_JS, MIN_CHART)
    problems = []
    if seen["scroll"] > seen["width"]:
        problems.append(f"the page scrolls sideways: {seen['scroll']} px in a {seen['width']} px window")
    if seen["cut"]:
        problems.append(f"text cut off: {seen['cut']}")
    if seen["squeezed"]:
        problems.append(f"charts squeezed to {seen['squeezed']} px wide")
    if seen["broken"]:
        problems.append(f"words broken inside: {seen['broken']}")
    if not problems:
        return None
    shot = f"/tmp/narrow-{re.sub(r'[^a-z0-9]+', '-', where.lower()).strip('-') or 'home'}.png"
    app.page.screenshot(path=shot)
    return f"{where} at {seen['width']} px: " + "; ".join(problems) + f" (screenshot: {shot})"


def assert_fits(app: App, where: str) -> None:
    problem = misfits(app, where)
    assert problem is None, problem


@pytest.fixture(scope="module")
def split_server(tmp_path_factory, browser) -> Iterator[StreamlitServer]:
    """A server of its own over a demo database (the workshop test opens a workshop; the shared server stays as is)."""
    import duckdb

    tmp = tmp_path_factory.mktemp("e2e-narrow")
    db = tmp / "risk.duckdb"
    build_demo_db(db)
    with duckdb.connect(str(db), read_only=True) as con:
        (srv_system,) = con.execute(
            "SELECT s.id FROM systems s JOIN assessments a ON a.system_id = s.id AND a.is_current "
            "WHERE s.status = 'aktiv' ORDER BY s.name LIMIT 1"
        ).fetchone()
        details = [
            f"/behandlinger?aktivitet={con.execute('SELECT min(id) FROM activities').fetchone()[0]}",
            f"/dispensationer?dispensation={con.execute('SELECT min(id) FROM dispensations').fetchone()[0]}",
        ]
    srv = StreamlitServer(db, tmp / "streamlit.log").start()
    srv.system_id, srv.details = srv_system, details
    context = browser.new_context(viewport=SPLIT)
    App(context.new_page(), srv.url).goto("/")  # navigation mode (see conftest.base_url)
    context.close()
    yield srv
    srv.stop()


@pytest.fixture
def split(context_pool, split_server, request) -> Iterator[App]:
    page = context_pool.acquire(SPLIT)
    app = App(page, split_server.url)
    yield app
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        print(f"--- streamlit log ---\n{split_server.log_tail()}")
    context_pool.release(app.page)


def test_every_page_of_the_menu_fits_a_split_screen(split):
    app = split.goto("/")
    expect(app.page.locator('[data-testid="stSidebar"]')).to_be_visible()  # the sidebar open: the narrow case
    links = app.page.locator('[data-testid="stSidebarNav"] a')
    paths = [re.sub(r"^https?://[^/]+", "", href) for href in links.evaluate_all("as => as.map(a => a.href)")]
    assert len(paths) == 15, paths  # the coordinator's whole menu
    problems = []
    for path in paths:
        app.goto(path)
        problems.append(misfits(app, path))
    problems = [p for p in problems if p]
    assert not problems, "\n".join(problems)


def test_a_picked_system_activity_and_dispensation_fit_a_split_screen(split, split_server):
    """The panels that open under a table: a system's edit form (picked in the table), an activity, a dispensation."""
    app, page = split, split.page
    app.goto("/systemer")
    canvas = page.locator('[data-testid="stDataFrame"]').first.locator("canvas").first
    box = canvas.bounding_box()
    page.mouse.click(box["x"] + 17, box["y"] + 36 + 17)  # the first row's checkbox
    app.settle()
    expect(page.locator(MAIN).locator("h2, h3").filter(has_text=re.compile(r"^Ret "))).to_be_visible()
    problems = [misfits(app, "a picked system")]
    for path in split_server.details:
        app.goto(path)
        problems.append(misfits(app, path))
    problems = [p for p in problems if p]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("step", [1, 2, 3, 4, 5])
def test_the_assessments_steps_fit_a_split_screen(split, split_server, step):
    app = split.goto(f"/vurdering?system={split_server.system_id}&trin={step}")
    expect(app.page.locator(MAIN).locator("h2").filter(has_text=re.compile(rf"^{step} · "))).to_be_visible()
    assert_fits(app, f"step {step}")
    if step == 3:  # and the grid of every threat
        app.page.get_by_role("radio", name="Alle trusler i en tabel").click()
        app.settle()
        expect(app.page.locator('[data-testid="stDataFrame"]').last).to_be_visible()
        assert_fits(app, "step 3, the grid")


def test_the_workshop_facilitator_fits_and_the_agenda_buttons_say_what_they_do(split, browser, split_server):
    app, page = split, split.page
    app.goto("/workshop")
    page.get_by_role("combobox", name="System").click()
    page.get_by_role("option").first.click()
    app.settle()
    page.get_by_role("button", name="Åbn workshop").click()
    app.settle()
    expect(page.locator(MAIN).get_by_text("Trussel 1 af")).to_be_visible()
    assert_fits(app, "workshop facilitator")
    code = re.search(r"Kode ([A-Z0-9]{3}-[A-Z0-9]{3})", page.locator(MAIN).inner_text()).group(1)

    # A participant on a phone (390 x 844) joins and sees the threat to vote on: the same checks.
    phone = browser.new_context(viewport={"width": 390, "height": 844})
    phone.set_default_timeout(RUN_TIMEOUT_MS)
    try:
        p = App(phone.new_page(), split_server.url).goto(f"/deltag?kode={code.replace('-', '')}")
        p.page.get_by_label("Dit navn").fill("Anne Andersen")
        p.page.wait_for_timeout(300)
        p.page.get_by_role("button", name="Deltag").click()
        p.settle()
        expect(p.page.get_by_role("button", name="Afgiv stemme")).to_be_visible()
        assert_fits(p, "participant at 390")
    finally:
        phone.close()

    page.get_by_role("button", name=re.compile(r"^Dagsorden · 1 af")).click()
    popover = page.locator('[data-testid="stPopoverBody"]')
    expect(popover).to_be_visible()
    # Screen readers read a button by its accessible name. Streamlit's help= is a tooltip only (no aria-label): the
    # name is the button's text, so after the arrow a word says which way the button moves the threat.
    names = popover.get_by_role("button").evaluate_all(
        "bs => bs.map(b => b.getAttribute('aria-label') || b.textContent.trim())")
    assert "↑" not in names and "↓" not in names, names
    for name in ("↑ Op", "↓ Ned", "↪ Næste"):
        assert names.count(name) >= 2, (name, names)
    # and the one for the first threat moves it down: its name says so, and a click does it
    first = popover.locator('[data-testid="stMarkdownContainer"]').filter(has_text=re.compile(r"^▶ 1\. ")).inner_text()
    popover.get_by_role("button", name="↓ Ned", exact=True).first.click()
    app.settle()
    page.keyboard.press("Escape")
    page.get_by_role("button", name=re.compile(r"^Dagsorden · ")).click()
    expect(page.locator('[data-testid="stPopoverBody"]').get_by_text(re.sub(r"^▶ 1\. ", "2. ", first).strip(),
                                                                   exact=False)).to_be_visible()

