"""UI strings in Danish (default) and English.

Every text the UI shows goes through :func:`t`. Strings live per area in
``riskmodel/locale/*.py`` as ``STRINGS = {key: (danish, english)}`` so that
areas can grow without stepping on each other; keys must be unique across areas.
Labels of scales and levels come from the preset files, in both languages.
"""

from __future__ import annotations

import importlib
import pkgutil
import string
from functools import lru_cache

LANGUAGES = {"da": "Dansk", "en": "English"}
DEFAULT_LANGUAGE = "da"


@lru_cache(maxsize=1)
def catalogue() -> dict[str, tuple[str, str]]:
    """All strings of all areas, merged; duplicate keys are a programming error."""
    import riskmodel.locale as pkg

    merged: dict[str, tuple[str, str]] = {}
    for mod in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda m: m.name):
        strings = importlib.import_module(f"riskmodel.locale.{mod.name}").STRINGS
        dup = merged.keys() & strings.keys()
        if dup:
            raise RuntimeError(f"Duplicate i18n keys in locale/{mod.name}.py: {sorted(dup)}")
        merged.update(strings)
    return merged


class _Formatter(string.Formatter):
    """``str.format`` plus plural forms: ``{n:plural:punkt|punkter}`` is "punkt" when n is 1, else "punkter"."""

    def format_field(self, value, format_spec: str):
        if format_spec.startswith("plural:"):
            one, _, many = format_spec[len("plural:"):].partition("|")
            return one if value == 1 else many
        return super().format_field(value, format_spec)


_FORMATTER = _Formatter()


def plural(n: int, one: str, many: str) -> str:
    """'1 problem', '2 problemer': the number with the form it takes (as ``{n:plural:one|many}`` in a string)."""
    return _FORMATTER.format("{n} {n:plural:" + one.replace("{", "{{") + "|" + many.replace("{", "{{") + "}", n=n)


def t(key: str, lang: str = DEFAULT_LANGUAGE, /, **kwargs) -> str:
    """The text for ``key`` in ``lang``, formatted with ``kwargs``.

    An unknown key returns the key itself in brackets, so a missing string is
    visible on screen and caught by the i18n test instead of crashing a workshop.
    """
    pair = catalogue().get(key)
    if pair is None:
        return f"[{key}]"
    text = pair[0] if lang != "en" else pair[1]
    return _FORMATTER.format(text, **kwargs) if kwargs else text


# Domain values shown in the UI (stored values are the Danish codes of model.py).
def value_label(kind: str, value: str | None, lang: str = DEFAULT_LANGUAGE) -> str:
    if value is None or value == "":
        return ""
    return t(f"value.{kind}.{value}", lang)
