"""plan_import: read and check a whole register, write nothing (split from riskmodel/excel/importer.py,
issue 19)."""

from __future__ import annotations

import json
import time
from typing import TYPE_CHECKING

from riskmodel.domain.errors import PermissionDenied, Text
from riskmodel.domain.model import Actor
from riskmodel.formats.mapping import MappingSpec
from riskmodel.formats.register import (
    ID_HEADER,
    KIND_REGISTER,
    PLAIN_FIELDS,
    REGISTER_FIELDS,
    REQUIRED_FIELDS,
    VERSION_HEADER,
    Detected,
    Problem,
    detect,
    propose_mapping,
)
from riskmodel.formats.register_cells import _show
from riskmodel.formats.xlsx_safety import Formula, XlsxBook, column_letter
from riskmodel.services.common import record_denial, require
from riskmodel.services.imports.model import (
    CREATE_HINT_PAGE,
    ImportPlan,
    Progress,
    _duplicate_headers,
)
from riskmodel.services.imports.plain import _plan_plain
from riskmodel.services.imports.register import _plan_register

if TYPE_CHECKING:
    from riskmodel.services import Workbench


# -- planning ----------------------------------------------------------------------------------
def plan_import(
    wb: Workbench,
    actor: Actor,
    book: XlsxBook,
    *,
    sheet: str | None = None,
    mapping: dict[str, str] | MappingSpec | None = None,
    create_missing: bool = False,
    progress: Progress | None = None,
    create_hint: Text = CREATE_HINT_PAGE,
) -> ImportPlan:


    """Read and check the whole sheet; return every problem, or the preview of every change. Writes nothing.

    ``mapping`` is for a plain register: a :class:`MappingSpec` (columns, value conversions, defaults,
    where a single consequence column goes) or just its columns {field: header}; without columns the
    proposed mapping is used. ``create_hint`` is how the user asks for creation where they are (the page's
    checkbox, the CLI's ``--create-missing``).
    Raises ValidationError for a file that cannot be read at all or whose sheet has more than
    :data:`MAX_ROWS` data rows, PermissionDenied for a role that may not change assessments; everything
    else is a :class:`Problem` in the plan.
    """
    started = time.perf_counter()
    report = progress or (lambda fraction, message: None)
    try:
        require(actor, "assessment.write")
    except PermissionDenied as err:
        record_denial(wb.db, actor, "import.plan", str(err))
        raise
    report(0.0, "Læser filen")
    found = detect(book, sheet)
    plan = ImportPlan(file_name=book.name, kind=found.kind, sheet=found.sheet, create_missing=create_missing,
                      hidden_columns=found.hidden_headers, hidden_sheets=found.hidden_sheets)
    preset = wb.settings.preset()
    plan._preset_id = preset.id
    if found.header_row is None:
        plan.problems.append(Problem(found.sheet, None, None,
                                     Text("import.plan.no_header")))
        return plan
    for c, v in found.header_formulas.items():
        plan.problems.append(Problem(found.sheet, found.header_row, column_letter(c),
                                     Text("import.plan.header_formula" if isinstance(v, Formula)
                                          else "import.plan.header_error", value=_show(v))))
    dupes = _duplicate_headers(found)
    if found.kind == KIND_REGISTER:
        for header, cols in dupes.items():
            if header in REGISTER_FIELDS or header in (ID_HEADER, VERSION_HEADER):
                plan.problems.append(Problem(found.sheet, found.header_row, header,
                                             Text("import.plan.header_twice", columns=", ".join(cols))))
        if plan.problems:
            return plan
        with wb.db.read() as cur:
            _plan_register(cur, actor, book, found, preset, plan, report)
    else:
        spec = (MappingSpec.from_obj(json.loads(mapping.to_json())) if isinstance(mapping, MappingSpec)  # a copy
                else MappingSpec(columns=dict(mapping or {})))
        if mapping is None or not spec.columns:
            spec.columns = propose_mapping(found.visible_header_names)  # a hidden column is never proposed
        spec.headers = found.header_names
        plan.spec = spec
        plan.mapping = dict(spec.columns)
        _check_mapping(found, plan, dupes)
        if plan.problems:
            return plan
        with wb.db.read() as cur:
            _plan_plain(cur, actor, book, found, preset, plan, report, create_hint)
    plan.seconds = time.perf_counter() - started
    report(1.0, "Kontrollen er færdig")
    return plan


def _check_mapping(found: Detected, plan: ImportPlan, dupes: dict[str, list[str]]) -> None:
    headers = set(found.headers.values())
    used: dict[str, str] = {}
    for fld, header in list(plan.mapping.items()):
        if not header:
            plan.mapping.pop(fld)
            continue
        if fld not in PLAIN_FIELDS:
            plan.problems.append(Problem(found.sheet, None, header, Text("import.plan.not_a_field", name=fld)))
        elif header not in headers:
            plan.problems.append(Problem(found.sheet, found.header_row, header,
                                         Text("import.plan.column_not_in_sheet", target=_field_name(fld))))
        elif header in dupes:
            plan.problems.append(Problem(found.sheet, found.header_row, header,
                                         Text("import.plan.header_twice", columns=", ".join(dupes[header]))))
        elif header in used:
            plan.problems.append(Problem(found.sheet, found.header_row, header,
                                         Text("import.plan.column_twice", first=_field_name(used[header]),
                                              second=_field_name(fld))))
        else:
            used[header] = fld
    for fld in REQUIRED_FIELDS:
        if fld not in plan.mapping:
            plan.problems.append(Problem(found.sheet, found.header_row, PLAIN_FIELDS[fld],
                                         Text(f"import.plan.required.{fld}")))


def _field_name(fld: str) -> Text:
    """A field of a plain register by its name in the reader's language (the mapping step's labels)."""
    return Text(f"importer.field.{fld}", PLAIN_FIELDS[fld])
