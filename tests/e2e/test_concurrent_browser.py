"""Issue 8 (1), browser variant: several real sessions score risk lines at once.

SESSIONS Chromium contexts (one browser) on one `streamlit run` server: most of them score
the likelihood of the same risk line of one system (step 3, the radios), the others a line of
another system. In each round every session clicks first, so the server runs the reruns side
by side, then each page is read. The server runs without sign-in, so every session is the same
person, whose own edits never conflict (issue 14: saves are checked field by field against what
the page showed, and a person's own earlier save is no conflict): no page may show a conflict.
After ROUNDS rounds the server is stopped and the file is read through the services: every
audited change follows the one before it (its "before" is the previous "after": no lost update),
there is at most one per click (a click on the value another tab just stored writes nothing),
and the final rows agree with the last change.
"""

from __future__ import annotations

import json
import re

import pytest
from helpers import audit_rows, verify_audit
from playwright.sync_api import expect

from riskmodel.domain.model import LOCAL_ACTOR, SystemInput
from riskmodel.services import open_workbench
from tests.e2e.conftest import VIEWPORT, App, StreamlitServer

pytestmark = [pytest.mark.e2e, pytest.mark.load]

SESSIONS = 4
ON_SHARED = 3  # sessions 0..2 score the shared line, the rest a line of another system
ROUNDS = 4
CONFLICT = re.compile("er ændret af")
LIKELIHOOD = ("1 · Usandsynlig", "2 · Mindre sandsynlig", "3 · Sandsynlig", "4 · Forventet")


def _radio(page, label: str):
    return page.locator('[data-testid="stRadio"]').filter(
        has=page.locator('[data-testid="stWidgetLabel"]').get_by_text(label, exact=True)
    )


def test_concurrent_browser_sessions_lose_no_save(browser, open_copy, tmp_path):
    db = tmp_path / "risk.duckdb"
    wb = open_copy(db)
    systems, lines = [], []
    for name in ("Fælles browsersystem", "Andet browsersystem"):
        sid = wb.systems.create(LOCAL_ACTOR, SystemInput(name=name, department="Borgerservice", supplier="Lev A/S"))
        aid = wb.assessments.start(LOCAL_ACTOR, sid)
        systems.append(sid)
        lines.append(wb.assessments.lines(LOCAL_ACTOR, aid)[0])  # step 3 opens on the first unscored line
    first_audit_id = audit_rows(wb)[-1]["id"] + 1
    wb.db.close()

    srv = StreamlitServer(db, tmp_path / "streamlit.log").start()
    contexts = []
    try:
        warm = browser.new_context(viewport=VIEWPORT)  # put the server in navigation mode (see base_url)
        page = warm.new_page()
        page.goto(srv.url + "/")
        page.locator("h1").first.wait_for(timeout=60_000)
        warm.close()

        apps = []
        for n in range(SESSIONS):
            context = browser.new_context(viewport=VIEWPORT)
            context.set_default_timeout(30_000)
            contexts.append(context)
            app = App(context.new_page(), srv.url)
            app.goto(f"/vurdering?system={systems[0 if n < ON_SHARED else 1]}&trin=3")  # straight to scoring
            expect(_radio(app.page, "Sandsynlighed")).to_be_visible()
            apps.append(app)

        acked = {0: 0, 1: 0}  # line index -> saves the pages showed as done
        refused = []
        for rnd in range(ROUNDS):
            clicked = []
            for n, app in enumerate(apps):  # everybody clicks before anybody waits: the reruns overlap
                radio = _radio(app.page, "Sandsynlighed")
                options = radio.get_by_role("radio")
                checked = [i for i in range(4) if options.nth(i).is_checked()]
                pick = next(i for i in ((rnd + n) % 4, (rnd + n + 1) % 4) if i not in checked)
                radio.get_by_text(LIKELIHOOD[pick], exact=True).click()
                clicked.append(pick)
            for n, app in enumerate(apps):
                app.settle()
                alert = app.page.locator('[data-testid="stAlert"]').filter(has_text=CONFLICT)
                if alert.count():
                    refused.append((n, alert.first.inner_text()))
                acked[0 if n < ON_SHARED else 1] += 1
        print(f"\n{SESSIONS} sessions, {ROUNDS} rounds: {sum(acked.values())} clicks, {len(refused)} conflicts shown")
        assert refused == [], "one person's own edits (in several tabs) must never conflict"
    finally:
        for context in contexts:
            context.close()
        srv.stop()

    wb = open_workbench(db)
    try:
        new_audit = [r for r in audit_rows(wb) if r["id"] >= first_audit_id]
        for k, line in enumerate(lines):
            trail = [r for r in new_audit if r["entity"] == "risk_lines" and r["entity_id"] == str(line.id)]
            assert 1 <= len(trail) <= acked[k] and {r["action"] for r in trail} == {"update"}, (k, acked[k], trail)
            changes = [(json.loads(r["before_json"])["likelihood"], json.loads(r["after_json"])["likelihood"])
                       for r in trail]
            assert all(before != after for before, after in changes), changes
            assert all(changes[i][1] == changes[i + 1][0] for i in range(len(changes) - 1)), changes
            final = wb.assessments.line(LOCAL_ACTOR, line.id)
            assert final.version == line.version + len(trail)
            assert final.likelihood == changes[-1][1]
        assert len(new_audit) <= sum(acked.values()), "audit rows for saves nobody clicked"
        with wb.db.read() as cur:
            assert verify_audit(wb, cur).ok
    finally:
        wb.db.close()
