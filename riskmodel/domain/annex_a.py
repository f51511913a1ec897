"""The ISO/IEC 27001:2013 Annex A catalogue: 14 domains, 114 controls.

Pure data over ``data/annex_a.json`` (domains → control objective groups → controls). The
ids follow the standard; the Danish and English titles are short paraphrases of our own,
not the standard's text. The treatment plan links its measures to these controls by id.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache

from riskmodel.domain.scales import DATA_DIR

ANNEX_A_FILE = DATA_DIR / "annex_a.json"
DOMAIN_COUNT = 14
CONTROL_COUNT = 114


@dataclass(frozen=True)
class Control:
    """One Annex A control: its id ("A.9.2.3"), domain ("A.9"), group ("A.9.2") and titles."""

    id: str
    domain: str
    group: str
    da: str
    en: str

    def title(self, lang: str = "da") -> str:
        return self.en if lang == "en" else self.da


@lru_cache(maxsize=1)
def catalogue() -> dict:
    """The raw file, loaded once."""
    return json.loads(ANNEX_A_FILE.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def controls() -> tuple[Control, ...]:
    """Every control in catalogue order (A.5.1.1 … A.18.2.3)."""
    return tuple(
        Control(id=c["id"], domain=d["id"], group=g["id"], da=c["da"], en=c["en"])
        for d in catalogue()["domains"]
        for g in d["groups"]
        for c in g["controls"]
    )


@lru_cache(maxsize=1)
def _by_id() -> dict[str, Control]:
    return {c.id: c for c in controls()}


def control(control_id: str) -> Control:
    """The control with this id; KeyError for an id that is not in Annex A."""
    try:
        return _by_id()[control_id]
    except KeyError:
        raise KeyError(f"Ukendt kontrol i ISO 27001 Anneks A: {control_id!r}") from None


def title_of(control_id: str, lang: str = "da") -> str:
    """'A.9.4.2 Sikre loginprocedurer', or just the id when it is not in the catalogue (an old or foreign id)."""
    known = _by_id().get(control_id)
    return f"{control_id} {known.title(lang)}" if known else control_id


def domains() -> list[dict]:
    """The 14 domains in order: id, da, en and the number of controls."""
    return [
        {"id": d["id"], "da": d["da"], "en": d["en"], "count": sum(len(g["controls"]) for g in d["groups"])}
        for d in catalogue()["domains"]
    ]


def _id_matches(control_id: str, query: str) -> bool:
    """Exact id, or a whole-segment prefix of it: "a.9.2" finds A.9.2.x, "a.1" does not find A.12.x."""
    ids = (control_id.casefold(), control_id.casefold().removeprefix("a."))
    return any(i == query or i.startswith(query + ".") for i in ids)


def search(text: str, lang: str = "da") -> list[Control]:
    """Controls whose id (see ``_id_matches``) or title in ``lang`` matches ``text``, case-insensitive.

    An empty query returns every control, in catalogue order.
    """
    query = " ".join(text.split()).casefold()
    if not query:
        return list(controls())
    id_query = query.rstrip(".")
    return [c for c in controls() if _id_matches(c.id, id_query) or query in c.title(lang).casefold()]


def validate() -> None:
    """Check the catalogue's shape; raise ValueError listing every problem found.

    14 domains and 114 controls, unique and well-formed ids (A.n, A.n.n, A.n.n.n), every
    group id starting with its domain's id and every control id with its group's id, and a
    Danish and an English title on each.
    """
    problems: list[str] = []
    seen: set[str] = set()

    def check(item: dict, depth: int, parent: str | None) -> None:
        item_id = str(item.get("id", ""))
        if not re.fullmatch(r"A" + r"\.[1-9]\d*" * depth, item_id):
            problems.append(f"malformed id {item_id!r}")
        if item_id in seen:
            problems.append(f"duplicate id {item_id!r}")
        seen.add(item_id)
        if parent is not None and not item_id.startswith(parent + "."):
            problems.append(f"{item_id!r} does not start with {parent!r}")
        if not str(item.get("da", "")).strip() or not str(item.get("en", "")).strip():
            problems.append(f"{item_id!r} lacks a Danish or English title")

    doms = catalogue()["domains"]
    total = 0
    for d in doms:
        check(d, 1, None)
        for g in d["groups"]:
            check(g, 2, d["id"])
            for c in g["controls"]:
                check(c, 3, g["id"])
                total += 1
    if len(doms) != DOMAIN_COUNT:
        problems.append(f"{len(doms)} domains, expected {DOMAIN_COUNT}")
    if total != CONTROL_COUNT:
        problems.append(f"{total} controls, expected {CONTROL_COUNT}")
    if problems:
        raise ValueError(f"{ANNEX_A_FILE.name}: " + "; ".join(problems))
