"""The catalogue exchange file as JSON: written and read back with every value checked (see riskmodel.formats.catalogue)."""

from __future__ import annotations

import json
from typing import Any

from riskmodel.domain.errors import ValidationError
from riskmodel.domain.scales import Level, Preset, Step
from riskmodel.domain.threats import check_import_threat, check_threat_controls
from riskmodel.formats.catalogue import common as limits  # read at call time: tests lower the limits
from riskmodel.formats.catalogue.common import (
    _COLOR,
    _FIELD_KEY,
    _SURROGATE,
    FORMAT,
    FORMAT_VERSION,
    MAX_LIST,
    STANDARD,
    THREAT_KEYS,
    Exchange,
    _check_format,
    _check_preset,
    _short,
    preset_to_dict,
)
from riskmodel.formats.xlsx_safety import thousands


def to_json(ex: Exchange) -> bytes:
    doc = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "municipality": ex.municipality,
        "exported_at": ex.exported_at,
        "threats": [{k: t[k] for k in THREAT_KEYS} for t in ex.threats],
        "preset": preset_to_dict(ex.preset),
        "annex_a": {"standard": STANDARD, "controls": ex.mapping},
    }
    return json.dumps(doc, ensure_ascii=False, indent=2).encode("utf-8")


def _jerr(path: str, message: str) -> ValidationError:
    return ValidationError(f"JSON-filen, {path}: {message}" if path else f"JSON-filen: {message}", path or "file")


def _jtext(obj: dict, key: str, path: str, *, required: bool = True) -> str:
    value = obj.get(key)
    if value is None or value == "":
        if required:
            raise _jerr(f"{path}.{key}" if path else key, "mangler")
        return ""
    if not isinstance(value, str):
        raise _jerr(f"{path}.{key}" if path else key, f"skal være en tekst, ikke {json.dumps(value)[:40]}")
    return value


def _jbool(obj: dict, key: str, path: str, default: bool | None = None) -> bool:
    value = obj.get(key, default)
    if not isinstance(value, bool):
        raise _jerr(f"{path}.{key}", "skal være true eller false" if key in obj else "mangler")
    return value


def _jint(obj: dict, key: str, path: str) -> int:
    value = obj.get(key)
    if isinstance(value, bool) or not isinstance(value, int):
        raise _jerr(f"{path}.{key}" if path else key, "skal være et helt tal" if key in obj else "mangler")
    return value


def _jlist(obj: dict, key: str, path: str, *, required: bool = True) -> list:
    value = obj.get(key)
    if value is None and not required:
        return []
    if not isinstance(value, list):
        raise _jerr(f"{path}.{key}" if path else key, "skal være en liste" if key in obj else "mangler")
    return value


def _read_json(data: bytes) -> Exchange:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _jerr("", "filen er ikke UTF-8-tekst.") from None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as err:
        raise _jerr("", f"ikke gyldig JSON (linje {err.lineno}, kolonne {err.colno}: {err.msg}).") from None
    except RecursionError:
        raise _jerr("", "lister og objekter er indlejret for dybt i hinanden; et trusselskatalog er kun få "
                        "niveauer dybt.") from None
    except ValueError:  # a number of thousands of digits (Python refuses to convert it)
        raise _jerr("", "filen indeholder et tal med for mange cifre.") from None
    if not isinstance(doc, dict):
        raise _jerr("", "skal være et JSON-objekt med format, threats og preset.")
    _check_surrogates(doc)
    version = _check_format(doc.get("format"), doc.get("version"), "JSON-filen, format", "JSON-filen, version")
    municipality = _jtext(doc, "municipality", "", required=False)
    exported_at = _jtext(doc, "exported_at", "", required=False)

    raw_threats = _jlist(doc, "threats", "")
    if len(raw_threats) > limits.MAX_THREATS:
        raise _jerr("threats", f"{thousands(len(raw_threats))} trusler; højst {thousands(limits.MAX_THREATS)} kan indlæses "
                               "ad gangen.")
    threats: list[dict] = []
    codes: dict[str, int] = {}
    for i, raw in enumerate(raw_threats):
        path = f"threats[{i}]"
        if not isinstance(raw, dict):
            raise _jerr(path, "skal være et objekt med code, category, title, ...")
        values = {
            "code": _jtext(raw, "code", path, required=False), "category": _jtext(raw, "category", path, required=False),
            "title": _jtext(raw, "title", path, required=False),
            "description": _jtext(raw, "description", path, required=False),
            "harms_c": _jbool(raw, "harms_c", path), "harms_i": _jbool(raw, "harms_i", path),
            "harms_a": _jbool(raw, "harms_a", path), "hidden": _jbool(raw, "hidden", path, default=False),
        }
        tags = _jlist(raw, "tags", path, required=False)
        controls = _jlist(raw, "controls", path, required=False)
        for key, items in (("tags", tags), ("controls", controls)):
            if len(items) > MAX_LIST:
                raise _jerr(f"{path}.{key}", f"har {thousands(len(items))} elementer; højst {MAX_LIST}")
            for j, item in enumerate(items):
                if not isinstance(item, str):
                    raise _jerr(f"{path}.{key}[{j}]", "skal være en tekst")
                if len(item) > 100:
                    raise _jerr(f"{path}.{key}[{j}]", f"'{_short(item)}' er for lang ({len(item)} tegn)")
        values.update(tags=tags, controls=controls)
        try:
            checked = check_import_threat(values)
        except ValidationError as err:
            key = _FIELD_KEY.get(err.field or "", err.field or "")
            raise _jerr(f"{path}.{key}" if key else path, str(err)) from None
        if checked["code"] in codes:
            raise _jerr(f"{path}.code", f"koden '{checked['code']}' står også i threats[{codes[checked['code']]}]")
        codes[checked["code"]] = i
        threats.append(checked)

    annex = doc.get("annex_a")
    if annex is not None:
        if not isinstance(annex, dict) or not isinstance(annex.get("controls", {}), dict):
            raise _jerr("annex_a", "skal være et objekt med controls: {kode: [kontroller]}")
        by_code = {t["code"]: t for t in threats}
        for code, ids in annex.get("controls", {}).items():
            path = f"annex_a.controls.{_short(code)}"
            if code not in by_code:
                raise _jerr(path, f"koden '{_short(code)}' findes ikke blandt threats")
            if not isinstance(ids, list) or not all(isinstance(x, str) and len(x) <= 100 for x in ids):
                raise _jerr(path, "skal være en liste af kontrol-id'er")
            try:
                mapped = check_threat_controls(ids)
            except ValidationError as err:
                raise _jerr(path, str(err)) from None
            if mapped != by_code[code]["controls"]:
                raise _jerr(path, f"passer ikke med threats[{codes[code]}].controls "
                                  f"({', '.join(by_code[code]['controls']) or 'ingen'})")

    raw_preset = doc.get("preset")
    if not isinstance(raw_preset, dict):
        raise _jerr("preset", "mangler" if raw_preset is None else "skal være et objekt med skalaens definition")
    return Exchange(municipality=municipality, exported_at=exported_at, threats=threats,
                    preset=preset_from_dict(raw_preset, "preset"), format_version=version, kind="json")


def _check_surrogates(doc: Any) -> None:
    """Refuse a lone UTF-16 surrogate ("\\ud800") anywhere in a JSON document: valid JSON, but no text a
    database can store or a page show. Walked without recursion; the place is named."""
    stack: list[tuple[Any, str]] = [(doc, "")]
    while stack:
        value, path = stack.pop()
        if isinstance(value, dict):
            for k, v in value.items():
                where = f"{path}.{_short(k)}" if path else _short(k)
                if _SURROGATE.search(k):
                    raise _jerr(path, "en nøgle indeholder et ugyldigt tegn (en enlig UTF-16-surrogat)")
                stack.append((v, where))
        elif isinstance(value, list):
            stack.extend((v, f"{path}[{i}]") for i, v in enumerate(value))
        elif isinstance(value, str) and _SURROGATE.search(value):
            raise _jerr(path, "indeholder et ugyldigt tegn (en enlig UTF-16-surrogat, fx \\ud800)")


def preset_from_dict(raw: dict, path: str = "preset") -> Preset:
    """A preset from its JSON definition (see :func:`preset_to_dict`), checked; errors name the JSON path."""
    def steps(key: str) -> tuple[Step, ...]:
        out = []
        for i, s in enumerate(_jlist(raw, key, path)):
            where = f"{path}.{key}[{i}]"
            if not isinstance(s, dict):
                raise _jerr(where, "skal være et objekt")
            out.append(Step(value=_jint(s, "value", where), da=_jtext(s, "da", where), en=_jtext(s, "en", where),
                            def_da=_jtext(s, "def_da", where), def_en=_jtext(s, "def_en", where),
                            example_da=_jtext(s, "example_da", where, required=False),
                            example_en=_jtext(s, "example_en", where, required=False)))
        return tuple(out)

    levels = []
    for i, lv in enumerate(_jlist(raw, "levels", path)):
        where = f"{path}.levels[{i}]"
        if not isinstance(lv, dict):
            raise _jerr(where, "skal være et objekt")
        for key in ("color", "text_color"):
            if not _COLOR.match(_jtext(lv, key, where)):
                raise _jerr(f"{where}.{key}", f"'{lv[key]}' er ikke en farve (#rrggbb)")
        levels.append(Level(index=i, key=_jtext(lv, "key", where), da=_jtext(lv, "da", where),
                            en=_jtext(lv, "en", where), color=lv["color"], text_color=lv["text_color"],
                            requires_action=_jbool(lv, "requires_action", where),
                            def_da=_jtext(lv, "def_da", where), def_en=_jtext(lv, "def_en", where)))
    matrix = []
    for i, row in enumerate(_jlist(raw, "matrix", path)):
        if not isinstance(row, list):
            raise _jerr(f"{path}.matrix[{i}]", "skal være en liste af niveauer (0, 1, ...)")
        for j, cell in enumerate(row):
            if isinstance(cell, bool) or not isinstance(cell, int) or not 0 <= cell < len(levels):
                raise _jerr(f"{path}.matrix[{i}][{j}]", f"'{cell}' er ikke et niveau (0-{len(levels) - 1})")
        matrix.append(tuple(row))
    preset = Preset(
        id=_jtext(raw, "id", path), name_da=_jtext(raw, "name_da", path), name_en=_jtext(raw, "name_en", path),
        description_da=_jtext(raw, "description_da", path, required=False),
        description_en=_jtext(raw, "description_en", path, required=False),
        size=_jint(raw, "size", path), likelihood=steps("likelihood"), consequence=steps("consequence"),
        levels=tuple(levels), matrix=tuple(matrix),
    )
    _check_preset(preset, lambda msg: _jerr(path, msg))
    return preset
