"""Keeps a half-typed text across a reload: a small fixed script mirrors what is typed into a text area to
the browser's localStorage, keystroke by keystroke, and puts it back after a reload.

Streamlit sends a text area's value to the server only when the field loses focus (or on Ctrl+Enter), so a
reload in the middle of typing would lose the text. The text area is drawn inside a container whose key names
the draft (:func:`draft_kept`: ``draft__<scope>__<store>``); the script (:data:`SCRIPT`) finds such
containers as they appear and:

* on every ``input`` event stores ``{text, base, at}`` under ``risiko:draft:<scope>:<store>`` (``base``: the
  text the server drew the field with, read from the field before anyone typed in it);
* after a reload, if the field still shows that same server text, puts the stored text back and commits it
  (focus, input, blur), so the server saves it too (the text area's ``on_change``);
* forgets the other drafts of the same scope (earlier threats or rounds) and drafts older than two days.

The script is one fixed text with no data in it (the draft's name is in the container's class, built from
ids), run through ``st.html(..., unsafe_allow_javascript=True)``: the deploy's Content-Security-Policy allows
it by its hash, as it does app.py's ``<html lang>`` scripts (tests/unit/test_deploy_files.py). (A
``st.components.v2`` component, the first version of this, is loaded as a ``blob:`` module, which that policy
refuses.) Where the script cannot run, the text area keeps its own behaviour: saved when it loses focus.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

PREFIX = "risiko:draft:"
_NAME = re.compile(r"^[A-Za-z0-9-]+$")

# Fixed text: the script's SHA-256 is in the deploy's script-src (tests/unit/test_deploy_files.py checks it).
DRAFT_KEEPER_JS = """<script>(() => {
  if (window.__risikoDraft) { window.__risikoDraft(); return; }
  const PREFIX = "risiko:draft:", MARK = "st-key-draft__";
  let ls;
  try { ls = window.localStorage; ls.getItem(PREFIX); } catch (e) { return; }
  const setter = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, "value").set;
  const forget = (scope, key) => {
    const now = Date.now();
    for (let i = ls.length - 1; i >= 0; i--) {
      const k = ls.key(i);
      if (!k || !k.startsWith(PREFIX) || k === key) continue;
      let old = null;
      try { old = JSON.parse(ls.getItem(k)); } catch (e) { old = null; }
      if (k.startsWith(PREFIX + scope + ":") || !old || now - (old.at || 0) > 2 * 86400000) ls.removeItem(k);
    }
  };
  const attach = (box) => {
    const mark = Array.from(box.classList).find((c) => c.startsWith(MARK));
    const parts = mark ? mark.slice(MARK.length).split("__") : [];
    const area = box.querySelector("textarea");
    if (parts.length !== 2 || !area) return;
    const key = PREFIX + parts[0] + ":" + parts[1];
    if (area.dataset.draftKey === key) return;
    area.dataset.draftKey = key;
    area.dataset.draftBase = area.value;
    forget(parts[0], key);
    let saved = null;
    try { saved = JSON.parse(ls.getItem(key)); } catch (e) { saved = null; }
    if (saved && typeof saved.text === "string" && saved.base === area.value && saved.text !== area.value) {
      area.focus();
      setter.call(area, saved.text.slice(0, area.maxLength > 0 ? area.maxLength : undefined));
      area.dispatchEvent(new Event("input", { bubbles: true }));
      area.blur();
    }
    if (area.dataset.draftListening) return;
    area.dataset.draftListening = "1";
    area.addEventListener("input", () => {
      const k = area.dataset.draftKey;
      if (area.value === area.dataset.draftBase) { ls.removeItem(k); return; }
      try {
        ls.setItem(k, JSON.stringify({ text: area.value, base: area.dataset.draftBase, at: Date.now() }));
      } catch (e) { }
    });
  };
  const scan = () => document.querySelectorAll('[class*="' + MARK + '"]').forEach(attach);
  window.__risikoDraft = scan;
  new MutationObserver(scan).observe(document.body, { childList: true, subtree: true });
  scan();
})();</script>"""
SCRIPT = DRAFT_KEEPER_JS.removeprefix("<script>").removesuffix("</script>")

# Constant style sheets, no user text: the script's elements (one per kept field) take no room.
HIDE_CSS = '<style>div:has(> [class*="st-key-draft_keeper__"]) {display: none !important;}</style>'


def draft_name(scope: str, store: str) -> str:
    """The container key that names a draft: ``draft__<scope>__<store>`` (ids only: letters, digits, '-')."""
    if not (_NAME.match(scope) and _NAME.match(store)):
        raise ValueError(f"a draft's scope and store are ids: {scope!r}, {store!r}")
    return f"draft__{scope}__{store}"


def text_store(stored: str | None) -> str:
    """A draft's store for a field saved on its own (on_change): a short digest of the text the server holds.
    A save of the field changes it, so the saved draft is forgotten; saves of other fields do not."""
    return f"{zlib.crc32((stored or '').encode()):08x}"


def new_store(count: int) -> str:
    """A draft's store for a "new ..." form: how many records the user sees before it is sent. A record made
    from the form changes the count, so its draft is forgotten and the empty form starts a new one; a reload
    keeps the count (unlike a counter in the session) and so the half-typed text."""
    return f"n{int(count)}"


@contextmanager
def draft_kept(scope: str, store: str) -> Iterator[None]:
    """Draw the text area inside this block: what is typed into it is kept in this browser under
    ``scope:store`` until the server has it; other drafts of ``scope`` are forgotten. A page may keep several
    fields (each a scope of its own): the script runs once per page whichever field draws it first."""
    name = draft_name(scope, store)
    st.html(HIDE_CSS)
    with st.container(key=f"draft_keeper__{name.removeprefix('draft__')}"):
        st.html(DRAFT_KEEPER_JS, unsafe_allow_javascript=True)
    with st.container(key=name):
        yield
