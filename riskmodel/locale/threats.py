"""English titles, categories and descriptions of the threat catalogue's seeded threats (data/threats.csv:
title_en, category_en, description_en).

A threat the municipality added, or whose Danish title, category or description it changed, has no English text:
that text is shown as written.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

CATALOGUE_FILE = Path(__file__).resolve().parents[2] / "data" / "threats.csv"

STRINGS: dict[str, tuple[str, str]] = {}  # the catalogue's own texts are looked up below, not by key


class _English(NamedTuple):
    titles: dict[tuple[str, str], str]  # (code, Danish title) -> English title
    categories: dict[str, str]  # Danish category -> English category
    descriptions: dict[tuple[str, str], str]  # (code, Danish description) -> English description


@lru_cache(maxsize=1)
def _english() -> _English:
    en = _English({}, {}, {})
    with CATALOGUE_FILE.open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            code = r["code"].strip()
            if r.get("title_en"):
                en.titles[(code, r["title"].strip())] = r["title_en"].strip()
            if r.get("category_en"):
                en.categories[r["category"].strip()] = r["category_en"].strip()
            if r.get("description_en"):
                en.descriptions[(code, r["description"].strip())] = r["description_en"].strip()
    return en


def threat_title(code: str, title: str, lang: str) -> str:
    """The threat's title in ``lang``: the English title of a seeded threat whose Danish title is unchanged."""
    if lang != "en":
        return title
    return _english().titles.get((str(code).strip(), str(title).strip()), title)


def threat_titles(codes, titles, lang: str) -> list[str]:
    """Titles side by side with their codes (a table's columns), each in ``lang`` as :func:`threat_title`."""
    return [threat_title(c, t, lang) for c, t in zip(codes, titles, strict=True)]


def threat_category(category: str, lang: str) -> str:
    if lang != "en":
        return category
    return _english().categories.get(str(category).strip(), category)


def threat_description(code: str, description: str | None, lang: str) -> str | None:
    """The threat's description in ``lang``: the English description of a seeded threat whose Danish description
    is unchanged. An empty description stays empty."""
    if lang != "en" or not description:
        return description
    return _english().descriptions.get((str(code).strip(), str(description).strip()), description)


def threat_descriptions(codes, descriptions, lang: str) -> list[str | None]:
    """Descriptions side by side with their codes, each in ``lang`` as :func:`threat_description`."""
    return [threat_description(c, d, lang) for c, d in zip(codes, descriptions, strict=True)]


def threat_label(label: str, lang: str) -> str:
    """A line named "code title" (as the treatment plan and the annual review name it) with the title in ``lang``.
    A code has no spaces (domain.threats.check_code), so the first space ends it."""
    code, sep, title = str(label).partition(" ")
    return f"{code}{sep}{threat_title(code, title, lang)}" if sep else label


# A risk line (domain.model.RiskLine, or any object with threat_code, threat_title, threat_description and category)
# carries a copy of its threat's texts: these show them in ``lang``.
def line_title(line, lang: str) -> str:
    return threat_title(line.threat_code, line.threat_title, lang)


def line_description(line, lang: str) -> str | None:
    return threat_description(line.threat_code, line.threat_description, lang)


def line_category(line, lang: str) -> str:
    return threat_category(line.category, lang)
