"""Edits typed into an item's fields and not saved yet, kept in the session by item id until they are saved or
thrown away (the treatment plan's measures).

A ``st.form`` holds its values in the browser until it is sent: picking another row of the table, or closing the
pane, drops them without a word (found in Chromium). Fields drawn with :meth:`Unsaved.field` instead tell the
server each change (``on_change``); the value is kept under the item's id whatever the page shows next, and the
fields are drawn from it when the item is opened again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from pages.ui.signin import callback


class Unsaved:
    def __init__(self, name: str):
        self.name = name

    @property
    def items(self) -> dict[int, dict[str, Any]]:
        """Item id -> {field: value} for every item with unsaved edits."""
        return st.session_state.setdefault(f"{self.name}_unsaved", {})

    def of(self, item: int) -> dict[str, Any]:
        return self.items.get(item, {})

    def generation(self, item: int) -> int:
        """How many times this session has saved or thrown away ``item``'s edits (:meth:`forget`)."""
        return st.session_state.get(f"{self.name}_unsaved_gen", {}).get(item, 0)

    def prefix(self, item: int) -> str:
        """The widgets' key prefix: the same until the edits are saved or thrown away (:meth:`forget`), then fresh
        widgets drawn from what is stored. Not the stored version: a save by someone else must not make the
        fields, or a click on their save button, vanish (the save is refused as stale instead)."""
        return f"{self.name}_e_{item}_{self.generation(item)}"

    def field(self, item: int, field: str, stored: Any, same: Callable[[Any, Any], bool]) -> dict:
        """The keyword arguments (key, on_change, args) of the widget for ``field``: each change of it is kept as
        the item's edit, or leaves the edits when it is back at the stored value (``same(value, stored)``)."""
        key = f"{self.prefix(item)}_{field}"
        return {"key": key, "on_change": callback(self._keep, item, field, key, stored, same)}  # idle check first

    def _keep(self, item: int, field: str, key: str, stored: Any, same: Callable[[Any, Any], bool]) -> None:
        edits = self.items.setdefault(item, {})
        value = st.session_state[key]
        if same(value, stored):
            edits.pop(field, None)
        else:
            edits[field] = value
        if not edits:
            self.items.pop(item, None)

    def forget(self, item: int) -> None:
        """No edits for ``item`` any more (saved, or thrown away): its fields are drawn afresh from what is stored."""
        self.items.pop(item, None)
        gens = st.session_state.setdefault(f"{self.name}_unsaved_gen", {})
        gens[item] = gens.get(item, 0) + 1
