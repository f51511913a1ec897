"""Keeps a half-typed text across a reload: a tiny component (``st.components.v2``) that mirrors what
is typed into a text area to the browser's localStorage, keystroke by keystroke, and puts it back
after a reload.

Streamlit sends a text area's value to the server only when the field loses focus (or on
Ctrl+Enter), so a reload in the middle of typing would lose the text. This component runs in the
page (no frame), finds the text area by its container's key class and:

* on every ``input`` event stores ``{text, base, at}`` under ``risiko:draft:<store>`` (``base``: the
  text the server drew the field with);
* after a reload, if the field still shows that same server text, puts the stored text back and
  commits it (focus, input, blur), so the server saves it too (the text area's ``on_change``);
* forgets the other drafts of the same scope (earlier threats or rounds) and drafts older than two days.

Graceful when it cannot run: Streamlit loads inline component code as a ``blob:`` module, which a
Content-Security-Policy with ``script-src 'self'`` (deploy/nginx-risikovaerkstedet.conf) refuses;
then nothing happens and the text area keeps its own behaviour (saved when it loses focus). The
component draws nothing and sits in a hidden container, so a refused load shows no error either.
"""

from __future__ import annotations

import streamlit as st

PREFIX = "risiko:draft:"

JS = """
export default function (component) {
  const data = component.data || {};
  const PREFIX = "risiko:draft:";
  const key = PREFIX + data.store;
  let ls;
  try { ls = window.localStorage; ls.getItem(key); } catch (e) { return; }
  const now = Date.now();
  for (let i = ls.length - 1; i >= 0; i--) {
    const k = ls.key(i);
    if (!k || !k.startsWith(PREFIX) || k === key) continue;
    let old = null;
    try { old = JSON.parse(ls.getItem(k)); } catch (e) { old = null; }
    if (k.startsWith(PREFIX + data.scope + ":") || !old || now - (old.at || 0) > 2 * 86400000) ls.removeItem(k);
  }
  const setter = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, "value").set;
  let tries = 0;
  const attach = () => {
    const area = document.querySelector("." + data.target + " textarea");
    if (!area) { if (tries++ < 100) setTimeout(attach, 100); return; }
    area.dataset.draftBase = data.server || "";
    if (area.dataset.draftKey === key) return;  // a redraw of the same field: already listening
    area.dataset.draftKey = key;
    let saved = null;
    try { saved = JSON.parse(ls.getItem(key)); } catch (e) { saved = null; }
    if (saved && typeof saved.text === "string" && saved.base === area.dataset.draftBase
        && area.value === area.dataset.draftBase && saved.text !== area.value) {
      area.focus();
      setter.call(area, saved.text.slice(0, area.maxLength > 0 ? area.maxLength : undefined));
      area.dispatchEvent(new Event("input", { bubbles: true }));
      area.blur();  // commits the text: the server keeps it as the draft as well
    }
    area.addEventListener("input", () => {
      if (area.value === area.dataset.draftBase) { ls.removeItem(key); return; }
      try {
        ls.setItem(key, JSON.stringify({ text: area.value, base: area.dataset.draftBase, at: Date.now() }));
      } catch (e) { /* storage full or refused: the field still saves when it loses focus */ }
    });
  };
  attach();
}
"""

# A constant style sheet, no user text: the component's element takes no room (and an error from a
# refused load would not show).
HIDE_CSS = "<style>.st-key-draft_keeper {display: none !important;}</style>"

_component = st.components.v2.component("risiko_draft_keeper", js=JS)


def keep_draft(target_key: str, scope: str, store: str, server_text: str) -> None:
    """Mirror the text area with key ``target_key`` to localStorage under ``scope:store``; ``server_text``
    is the text the server draws it with. Other drafts of ``scope`` are forgotten."""
    st.html(HIDE_CSS)
    with st.container(key="draft_keeper"):
        _component(key=f"draft_keeper_{store}", data={
            "target": f"st-key-{target_key}", "scope": scope, "store": f"{scope}:{store}", "server": server_text})
