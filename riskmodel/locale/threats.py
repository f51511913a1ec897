"""English titles and categories of the threat catalogue's seeded threats (data/threats.csv: title_en, category_en).

A threat the municipality added, or whose Danish title or category it changed, has no English text: it is shown
as written.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

CATALOGUE_FILE = Path(__file__).resolve().parents[2] / "data" / "threats.csv"

STRINGS: dict[str, tuple[str, str]] = {}  # the catalogue's own texts are looked up below, not by key


@lru_cache(maxsize=1)
def _english() -> tuple[dict[tuple[str, str], str], dict[str, str]]:
    titles, categories = {}, {}
    with CATALOGUE_FILE.open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            if r.get("title_en"):
                titles[(r["code"].strip(), r["title"].strip())] = r["title_en"].strip()
            if r.get("category_en"):
                categories[r["category"].strip()] = r["category_en"].strip()
    return titles, categories


def threat_title(code: str, title: str, lang: str) -> str:
    """The threat's title in ``lang``: the English title of a seeded threat whose Danish title is unchanged."""
    if lang != "en":
        return title
    return _english()[0].get((str(code).strip(), str(title).strip()), title)


def threat_category(category: str, lang: str) -> str:
    if lang != "en":
        return category
    return _english()[1].get(str(category).strip(), category)
