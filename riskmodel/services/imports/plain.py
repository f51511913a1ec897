"""Planning the import of a register from another tool (split from riskmodel/excel/importer.py, issue 19):
the mapping, value conversions, defaults, the single consequence column, creation of systems and threats."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from riskmodel.domain.errors import PermissionDenied, Text, ValidationError
from riskmodel.domain.model import LINE_FIELDS, Actor, SystemInput
from riskmodel.domain.scales import Preset
from riskmodel.formats.mapping import (
    CONVERTED_FIELDS,
    SCORE_FIELDS,
    non_risk_reason,
    propose_conversions,
    shorten,
    value_key,
)
from riskmodel.formats.register import (
    CATEGORY_MAX,
    NAME_MAX,
    PLAIN_FIELDS,
    REQUIRED_FIELDS,
    Detected,
    Problem,
    _key,
)
from riskmodel.formats.register_cells import (
    IMPORT_ONLY_FIELDS,
    TEXT_MAX,
    _Bad,
    _is_blank,
    _plain,
    _same,
    _show,
    parse_classification,
    parse_field,
    parse_score,
    parse_text,
    parse_treatment,
)
from riskmodel.formats.register_layout import TREATMENT_LABELS
from riskmodel.formats.xlsx_safety import XlsxBook
from riskmodel.services.assessments import validate_line_changes
from riskmodel.services.common import require
from riskmodel.services.imports.model import (
    CONSEQUENCE_NOTES,
    CREATE_HINT_PAGE,
    CUSTOM_CATEGORY,
    WARN_EXAMPLES,
    Change,
    ImportPlan,
    NewSystem,
    Progress,
    _add_update,
    _formula_problems,
    _NewLine,
    _rows_read,
)
from riskmodel.services.systems import validate_system
from riskmodel.store import imports as import_sql

NEEDS_CONVERSION = "import.plain.needs_conversion"  # a value another scale or a label gives: the coordinator converts it


# -- a plain register ---------------------------------------------------------------------------
@dataclass
class _Catalogue:
    by_code: dict[str, dict]
    by_title: dict[str, list[dict]]


def _load_catalogue(cur) -> _Catalogue:
    by_code, by_title = {}, defaultdict(list)
    for t in import_sql.catalogue(cur):
        by_code[_key(t["code"])] = t
        by_title[_key(t["title"])].append(t)
    return _Catalogue(by_code, dict(by_title))


def _plan_plain(cur, actor: Actor, book: XlsxBook, found: Detected, preset: Preset, plan: ImportPlan,
                report: Progress, create_hint: Text = CREATE_HINT_PAGE) -> None:
    sheet = found.sheet
    report(0.02, "Henter systemer, trusler og risikolinjer")
    systems: dict[str, list[dict]] = defaultdict(list)
    retired: set[str] = set()
    for sid, name, dept, owner, status in import_sql.systems(cur):
        if status == "aktiv":
            systems[_key(name)].append({"id": sid, "name": name, "department": dept, "owner": owner})
        else:
            retired.add(_key(name))
    catalogue = _load_catalogue(cur)
    current: dict[int, tuple[int, int]] = import_sql.current_assessments(cur)
    by_threat: dict[tuple[int, int], dict] = {}
    by_title: dict[tuple[int, str], dict] = {}
    for ln in import_sql.live_system_lines(cur):
        if ln["threat_id"] is not None:
            by_threat.setdefault((ln["assessment_id"], ln["threat_id"]), ln)
        by_title.setdefault((ln["assessment_id"], _key(ln["threat_title"])), ln)
        by_title.setdefault((ln["assessment_id"], "#" + _key(ln["threat_code"])), ln)

    col_of = {fld: next(c for c, h in found.headers.items() if h == header) for fld, header in plan.mapping.items()}
    value_fields = [f for f in col_of if f in LINE_FIELDS or f == "consequence"]
    seen: dict[tuple, int] = {}
    new_systems: dict[str, dict] = {}  # name key -> {"row", "name", "department", "owner", "classification"}
    new_assessment_for: set[tuple] = set()

    spec = plan.spec
    distinct: dict[str, dict[str, Any]] = {f: {} for f in col_of if f in CONVERTED_FIELDS}
    unconverted: set[str] = set()  # fields with a value that is neither ours nor converted by the spec

    reported: set[str] = set()  # fields of the row being read whose cell is a formula (reported as such)

    def problem(row_no: int, fld: str | None, message, kind: str = "") -> None:
        if fld in reported:
            return  # the formula is the problem; "must be filled in" or "not a number" would only say it again
        plan.problems.append(Problem(sheet, row_no, plan.mapping.get(fld, PLAIN_FIELDS.get(fld)) if fld else None,
                                     message, kind))

    def cell(cells: dict, fld: str) -> Any:
        c = col_of.get(fld)
        return cells.get(c) if c is not None else None

    def value_of(fld: str, raw: Any) -> Any:
        """A cell's value: through the confirmed conversion when the spec has one, else as one of ours."""
        raw = _plain(raw)
        conv = spec.conversions.get(fld) or {}
        key = value_key(raw)
        if key in conv:
            target = conv[key]
            if target is None or target == "":
                raise _Bad("import.plain.conversion_not_chosen", value=_show(raw))
            if fld in SCORE_FIELDS:
                try:
                    return parse_score(target, preset.size)
                except _Bad as err:
                    raise _Bad("import.plain.conversion_bad", value=_show(raw), problem=err) from None
            return parse_treatment(target)
        try:
            return parse_score(raw, preset.size) if fld == "consequence" else parse_field(fld, raw, preset)
        except _Bad as err:
            convertible = isinstance(raw, str) or (isinstance(raw, (int, float)) and not isinstance(raw, bool)
                                                   and float(raw).is_integer())
            if fld in CONVERTED_FIELDS and convertible:  # a label or another scale; not a date or 2.5
                unconverted.add(fld)
                raise _Bad(NEEDS_CONVERSION, problem=err) from None
            raise

    headers = list(found.headers.values())
    scored_anyway: list[int] = []  # rows kept as an overall consequence whose line has F, I or T scored
    previous = found.header_row or 0
    for row_no, cells in _rows_read(book, found, report):
        plan.rows += 1
        plan.skipped.extend((r, "blank") for r in range(previous + 1, row_no))  # the reader passes empty rows by
        previous = row_no
        formulas = _formula_problems(plan, sheet, row_no, cells, found.headers)
        reported = {f for f, c in col_of.items() if c in formulas}  # read by problem()
        if not formulas:
            why = non_risk_reason([cells.get(c) for c in sorted(cells)], headers)
            if why is None and all(_is_blank(cell(cells, f)) for f in col_of):
                why = "blank"
            if why is not None:
                plan.skipped.append((row_no, why))
                continue
        bad = bool(formulas)  # never imported; the rest of the row is still checked
        texts: dict[str, str] = {}
        for fld in ("system", "threat", "department", "owner", "threat_code", "category"):
            if fld in col_of:
                try:
                    limit = CATEGORY_MAX if fld == "category" else TEXT_MAX if fld == "threat" else NAME_MAX
                    texts[fld] = parse_text(cell(cells, fld), limit, required=fld in REQUIRED_FIELDS)
                except _Bad as err:
                    problem(row_no, fld, err)
                    bad = True
        for fld, default in spec.defaults.items():  # a column the file lacks, or an empty cell
            if fld in ("department", "owner") and default.strip() and not texts.get(fld):
                texts[fld] = default.strip()
        classification = None
        raw_class = cell(cells, "classification") if "classification" in col_of else None
        if _is_blank(raw_class):
            raw_class = spec.defaults.get("classification") or None
        try:
            classification = parse_classification(raw_class)
        except _Bad as err:
            problem(row_no, "classification", err)
            bad = True
        values: dict[str, Any] = {}
        for fld in value_fields:
            raw = cell(cells, fld)
            if _is_blank(raw):
                continue  # a plain register's empty cell: not given, the current value stays
            if fld in distinct:
                distinct[fld].setdefault(value_key(raw), raw)
            try:
                values[fld] = value_of(fld, raw)
            except _Bad as err:
                problem(row_no, fld, err, "convert" if err.key == NEEDS_CONVERSION else "")
                bad = True
        if "system" not in texts or "threat" not in texts:
            continue  # without its system and threat a row can be checked no further

        # -- the system
        name, skey = texts["system"], _key(texts["system"])
        dept = texts.get("department", "")
        candidates = systems.get(skey, [])
        if len(candidates) > 1 and dept:
            candidates = [s for s in candidates if _key(s["department"]) == _key(dept)] or candidates
        system: dict | None = None
        if len(candidates) > 1:
            problem(row_no, "system", Text("import.plain.system_ambiguous", name=name,
                                           departments=", ".join(sorted(s["department"] for s in candidates))))
            continue
        if candidates:
            system = candidates[0]
            sref: tuple = ("id", system["id"])
            try:
                require(actor, "assessment.write", system["department"], system["owner"])
            except PermissionDenied as err:
                problem(row_no, "system", err)
                continue
            plan._systems_seen[system["id"]] = (system["department"], system["owner"])
            assessment = current.get(system["id"])
            if assessment and assessment[1] != preset.size:
                problem(row_no, "system", Text("import.plain.other_scale", name=name, size=assessment[1],
                                               now=preset.size))
                continue
            assessment_id = assessment[0] if assessment else None
            if assessment_id is None and sref not in new_assessment_for and not bad:
                new_assessment_for.add(sref)
                plan.new_assessments.append(system["name"])
            sname = system["name"]
        else:
            if not plan.create_missing:
                retired_too = Text("import.plain.retired_same_name") if skey in retired else ""
                # What creating it would need as well, said now rather than after the coordinator ticked "create".
                also = Text("import.plain.also_department") if not dept else ""
                problem(row_no, "system", Text("import.plain.unknown_system", name=name, retired=retired_too,
                                               hint=create_hint, also=also), "unknown_system")
                continue
            known_new = new_systems.get(skey)
            if known_new is None:
                if not dept:
                    problem(row_no, "department" if "department" in col_of else "system",
                            Text("import.plain.new_system_no_department", name=name), "missing_department")
                    continue
                try:
                    require(actor, "system.create", dept)
                    values_sys = validate_system(SystemInput(
                        name=name, department=dept, owner=texts.get("owner", ""),
                        classification=classification or "intern"))
                except (PermissionDenied, ValidationError) as err:
                    problem(row_no, "system", err)
                    continue
                if bad:
                    continue
                new_systems[skey] = {"row": row_no, **values_sys}
                plan._system_values[("new", skey)] = values_sys
                plan.new_systems.append(NewSystem(row_no, values_sys["name"], values_sys["department"],
                                                  values_sys["owner"], values_sys["classification"]))
                plan.new_assessments.append(values_sys["name"])
            elif dept and _key(dept) != _key(known_new["department"]):
                problem(row_no, "department", Text("import.plain.new_system_other_department", name=name,
                                                   department=known_new["department"], row=known_new["row"],
                                                   said=dept))
                continue
            sref = ("new", skey)
            assessment_id = None
            sname = new_systems[skey]["name"]

        # -- the threat
        title = texts["threat"]
        code = texts.get("threat_code", "")
        threat = None
        if code:
            threat = catalogue.by_code.get(_key(code))
        if threat is None:
            threat = catalogue.by_code.get(_key(title))
        if threat is None:
            matches = catalogue.by_title.get(_key(title), [])
            visible = [t for t in matches if not t["hidden"]] or matches
            if len(visible) > 1:
                problem(row_no, "threat", Text("import.plain.threat_ambiguous", title=_show(title),
                                               codes=", ".join(t["code"] for t in visible)))
                continue
            threat = visible[0] if visible else None
        line = None
        if assessment_id is not None:
            if threat is not None:
                line = by_threat.get((assessment_id, threat["id"]))
            if line is None:
                line = by_title.get((assessment_id, _key(title))) or (
                    by_title.get((assessment_id, "#" + _key(code))) if code else None)
            if line is None and len(title) > NAME_MAX:  # imported before, under its shortened title
                line = by_title.get((assessment_id, _key(shorten(title, NAME_MAX))))
        if line is None and threat is None and not plan.create_missing:
            problem(row_no, "threat", Text("import.plain.unknown_threat", title=_show(title), system=sname,
                                           hint=create_hint), "unknown_threat")
            continue
        tkey = ("line", line["line_id"]) if line else ("threat", threat["id"]) if threat else ("custom", _key(title))
        dup = seen.get((sref, tkey))
        if dup is not None:
            problem(row_no, "threat", Text("import.plain.duplicate_threat", system=sname, title=_show(title), row=dup))
            continue
        seen[(sref, tkey)] = row_no
        if bad:
            continue

        # -- the values: one 'konsekvens' column goes where the coordinator chose
        # The choice is recorded on every line the column scores (consequence_source), updated lines too.
        harms = (line or threat or {"harms_c": True, "harms_i": True, "harms_a": True})
        cons = values.pop("consequence", None)
        if cons is not None:
            if spec.consequence_to in ("c", "i", "a"):
                values.setdefault(f"cons_{spec.consequence_to}", cons)
            elif spec.consequence_to == "harms":
                for dim in ("c", "i", "a"):
                    if harms[f"harms_{dim}"] and f"cons_{dim}" not in values:
                        values[f"cons_{dim}"] = cons
            elif spec.consequence_to == "overall":
                values["consequence_overall"] = cons
                if line is not None and any(line[f"cons_{d}"] is not None or f"cons_{d}" in values for d in "cia"):
                    scored_anyway.append(row_no)
            else:
                problem(row_no, "consequence", Text("import.plain.consequence_to"), "consequence_to")
                continue
            values["consequence_source"] = spec.consequence_to
        threat_title = line["threat_title"] if line else threat["title"] if threat else title
        if line is not None:
            diff = {f: v for f, v in values.items() if not _same(f, v, line[f])}
            if diff:
                line_view = {**line, "system_id": sref[1], "system_name": sname, "department": system["department"],
                             "system_owner": system["owner"]}
                _add_update(plan, row_no, line_view, diff, preset)
            continue
        if threat is None and len(title) > NAME_MAX:  # a long catalogue text: shortened, kept whole in the scenario
            short = shorten(title, NAME_MAX)
            plan.shortened.append((row_no, short, title))
            values["scenario"] = title + (f"\n\n{values['scenario']}" if values.get("scenario") else "")
            threat_title = short
        if cons is not None and not values.get("score_rationale"):
            values["score_rationale"] = CONSEQUENCE_NOTES[spec.consequence_to]
        extra = {k: values.pop(k) for k in IMPORT_ONLY_FIELDS if k in values}
        try:
            clean = validate_line_changes(values, preset) | extra
        except ValidationError as err:
            problem(row_no, None, err)
            continue
        category = threat["category"] if threat else texts.get("category") or CUSTOM_CATEGORY
        plan._new_lines.append(_NewLine(row_no, sref, assessment_id, threat, threat_title, category, clean))
        plan._assess_for[sref] = assessment_id
        plan.changes.append(Change(row_no, sname, threat_title, "threat", None,
                                   threat["code"] if threat else threat_title, None, "catalogue" if threat else "custom"))
        for k, v in clean.items():
            plan.changes.append(Change(row_no, sname, threat_title, k, None, v))
    if scored_anyway:
        examples = ", ".join(str(r) for r in scored_anyway[:WARN_EXAMPLES])
        plan.warnings.append(Problem(sheet, None, plan.mapping.get("consequence"),
                                     Text("import.plain.scored_anyway", n=len(scored_anyway), examples=examples)))
    plan.proposals = propose_conversions(
        {f: list(v.values()) for f, v in distinct.items() if f in unconverted or spec.conversions.get(f)},
        preset.size, [s.da for s in preset.likelihood], [s.da for s in preset.consequence], TREATMENT_LABELS,
        TREATMENT_LABELS)
    for fld, confirmed in spec.conversions.items():  # what the coordinator chose stands over a proposal
        plan.proposals.setdefault(fld, {}).update({k: v for k, v in confirmed.items() if k in distinct.get(fld, {})})
    report(0.95, "Samler forhåndsvisningen")


