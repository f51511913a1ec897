"""The catalogue exchange file as JSON: written and read back with every value checked (see riskmodel.formats.catalogue)."""

from __future__ import annotations

import json
from typing import Any

from riskmodel.domain.errors import Text, ValidationError
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


def _place(path: str) -> Text:
    """'JSON-filen, threats[3].title' (the path as the file has it), or 'JSON-filen'."""
    return Text("err.catfile.json_at", path=path) if path else Text("err.catfile.json")


def _jerr(path: str, problem: str | Text | ValidationError, /, **params) -> ValidationError:
    """The problem at ``path``: a key of riskmodel/locale/errors_catalogue.py with its ``params``, or a refusal of
    the catalogue's rules (a ValidationError, in the reader's language too)."""
    if isinstance(problem, str):
        problem = Text(problem, **params)
    return ValidationError("err.catfile.at", path or "file", place=_place(path), problem=problem)


def _jtext(obj: dict, key: str, path: str, *, required: bool = True) -> str:
    value = obj.get(key)
    if value is None or value == "":
        if required:
            raise _jerr(f"{path}.{key}" if path else key, "err.catfile.missing")
        return ""
    if not isinstance(value, str):
        raise _jerr(f"{path}.{key}" if path else key, "err.catfile.not_text", value=json.dumps(value)[:40])
    return value


def _jbool(obj: dict, key: str, path: str, default: bool | None = None) -> bool:
    value = obj.get(key, default)
    if not isinstance(value, bool):
        raise _jerr(f"{path}.{key}", "err.catfile.not_bool" if key in obj else "err.catfile.missing")
    return value


def _jint(obj: dict, key: str, path: str) -> int:
    value = obj.get(key)
    if isinstance(value, bool) or not isinstance(value, int):
        raise _jerr(f"{path}.{key}" if path else key, "err.catfile.not_int" if key in obj else "err.catfile.missing")
    return value


def _jlist(obj: dict, key: str, path: str, *, required: bool = True) -> list:
    value = obj.get(key)
    if value is None and not required:
        return []
    if not isinstance(value, list):
        raise _jerr(f"{path}.{key}" if path else key, "err.catfile.not_list" if key in obj else "err.catfile.missing")
    return value


def _read_json(data: bytes) -> Exchange:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _jerr("", "err.catfile.not_utf8") from None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as err:
        raise _jerr("", "err.catfile.bad_json", line=err.lineno, column=err.colno) from None
    except RecursionError:
        raise _jerr("", "err.catfile.too_deep") from None
    except ValueError:  # a number of thousands of digits (Python refuses to convert it)
        raise _jerr("", "err.catfile.too_many_digits") from None
    if not isinstance(doc, dict):
        raise _jerr("", "err.catfile.not_document")
    _check_surrogates(doc)
    version = _check_format(doc.get("format"), doc.get("version"), _place("format"), _place("version"))
    municipality = _jtext(doc, "municipality", "", required=False)
    exported_at = _jtext(doc, "exported_at", "", required=False)

    raw_threats = _jlist(doc, "threats", "")
    if len(raw_threats) > limits.MAX_THREATS:
        raise _jerr("threats", "err.catfile.too_many_threats", n=thousands(len(raw_threats)),
                    max=thousands(limits.MAX_THREATS))
    threats: list[dict] = []
    codes: dict[str, int] = {}
    for i, raw in enumerate(raw_threats):
        path = f"threats[{i}]"
        if not isinstance(raw, dict):
            raise _jerr(path, "err.catfile.not_threat")
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
                raise _jerr(f"{path}.{key}", "err.catfile.too_many_items", n=thousands(len(items)), max=MAX_LIST)
            for j, item in enumerate(items):
                if not isinstance(item, str):
                    raise _jerr(f"{path}.{key}[{j}]", "err.catfile.not_text_short")
                if len(item) > 100:
                    raise _jerr(f"{path}.{key}[{j}]", "err.catfile.item_too_long", value=_short(item), n=len(item))
        values.update(tags=tags, controls=controls)
        try:
            checked = check_import_threat(values)
        except ValidationError as err:
            key = _FIELD_KEY.get(err.field or "", err.field or "")
            raise _jerr(f"{path}.{key}" if key else path, err) from None
        if checked["code"] in codes:
            raise _jerr(f"{path}.code", "err.catfile.code_twice_at", code=checked["code"],
                        path=f"threats[{codes[checked['code']]}]")
        codes[checked["code"]] = i
        threats.append(checked)

    annex = doc.get("annex_a")
    if annex is not None:
        if not isinstance(annex, dict) or not isinstance(annex.get("controls", {}), dict):
            raise _jerr("annex_a", "err.catfile.not_annex", key="controls")
        by_code = {t["code"]: t for t in threats}
        for code, ids in annex.get("controls", {}).items():
            path = f"annex_a.controls.{_short(code)}"
            if code not in by_code:
                raise _jerr(path, "err.catfile.unknown_code_json", code=_short(code))
            if not isinstance(ids, list) or not all(isinstance(x, str) and len(x) <= 100 for x in ids):
                raise _jerr(path, "err.catfile.not_control_list")
            try:
                mapped = check_threat_controls(ids)
            except ValidationError as err:
                raise _jerr(path, err) from None
            if mapped != by_code[code]["controls"]:
                raise _jerr(path, "err.catfile.controls_differ", path=f"threats[{codes[code]}].controls",
                            controls=", ".join(by_code[code]["controls"]) or Text("err.catfile.none"))

    raw_preset = doc.get("preset")
    if not isinstance(raw_preset, dict):
        raise _jerr("preset", "err.catfile.missing" if raw_preset is None else "err.catfile.not_preset")
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
                    raise _jerr(path, "err.catfile.surrogate_key")
                stack.append((v, where))
        elif isinstance(value, list):
            stack.extend((v, f"{path}[{i}]") for i, v in enumerate(value))
        elif isinstance(value, str) and _SURROGATE.search(value):
            raise _jerr(path, "err.catfile.surrogate")


def preset_from_dict(raw: dict, path: str = "preset") -> Preset:
    """A preset from its JSON definition (see :func:`preset_to_dict`), checked; errors name the JSON path."""
    def steps(key: str) -> tuple[Step, ...]:
        out = []
        for i, s in enumerate(_jlist(raw, key, path)):
            where = f"{path}.{key}[{i}]"
            if not isinstance(s, dict):
                raise _jerr(where, "err.catfile.not_object")
            out.append(Step(value=_jint(s, "value", where), da=_jtext(s, "da", where), en=_jtext(s, "en", where),
                            def_da=_jtext(s, "def_da", where), def_en=_jtext(s, "def_en", where),
                            example_da=_jtext(s, "example_da", where, required=False),
                            example_en=_jtext(s, "example_en", where, required=False)))
        return tuple(out)

    levels = []
    for i, lv in enumerate(_jlist(raw, "levels", path)):
        where = f"{path}.levels[{i}]"
        if not isinstance(lv, dict):
            raise _jerr(where, "err.catfile.not_object")
        for key in ("color", "text_color"):
            if not _COLOR.match(_jtext(lv, key, where)):
                raise _jerr(f"{where}.{key}", "err.catfile.not_colour", value=lv[key])
        levels.append(Level(index=i, key=_jtext(lv, "key", where), da=_jtext(lv, "da", where),
                            en=_jtext(lv, "en", where), color=lv["color"], text_color=lv["text_color"],
                            requires_action=_jbool(lv, "requires_action", where),
                            def_da=_jtext(lv, "def_da", where), def_en=_jtext(lv, "def_en", where)))
    matrix = []
    for i, row in enumerate(_jlist(raw, "matrix", path)):
        if not isinstance(row, list):
            raise _jerr(f"{path}.matrix[{i}]", "err.catfile.not_matrix_row")
        for j, cell in enumerate(row):
            if isinstance(cell, bool) or not isinstance(cell, int) or not 0 <= cell < len(levels):
                raise _jerr(f"{path}.matrix[{i}][{j}]", "err.catfile.not_level_index", value=cell, max=len(levels) - 1)
        matrix.append(tuple(row))
    preset = Preset(
        id=_jtext(raw, "id", path), name_da=_jtext(raw, "name_da", path), name_en=_jtext(raw, "name_en", path),
        description_da=_jtext(raw, "description_da", path, required=False),
        description_en=_jtext(raw, "description_en", path, required=False),
        size=_jint(raw, "size", path), likelihood=steps("likelihood"), consequence=steps("consequence"),
        levels=tuple(levels), matrix=tuple(matrix),
    )
    _check_preset(preset, lambda problem: _jerr(path, problem))
    return preset
