"""plan_import: read and check a whole register, write nothing (split from riskmodel/excel/importer.py,
issue 19)."""

from __future__ import annotations

import json
import time
from typing import TYPE_CHECKING

from riskmodel.domain.errors import PermissionDenied
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
    create_hint: str = CREATE_HINT_PAGE,
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
                                     "Arket har ingen overskriftsrække (en række med kolonnenavne øverst)."))
        return plan
    for c, v in found.header_formulas.items():
        plan.problems.append(Problem(found.sheet, found.header_row, column_letter(c),
                                     f"overskriften {'er en formel' if isinstance(v, Formula) else 'er en fejlværdi'} "
                                     f"({_show(v)}); skriv kolonnens navn som tekst"))
    dupes = _duplicate_headers(found)
    if found.kind == KIND_REGISTER:
        for header, cols in dupes.items():
            if header in REGISTER_FIELDS or header in (ID_HEADER, VERSION_HEADER):
                plan.problems.append(Problem(found.sheet, found.header_row, header,
                                             f"overskriften står i flere kolonner ({', '.join(cols)})"))
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
            plan.problems.append(Problem(found.sheet, None, header, f"'{fld}' er ikke et felt, der kan importeres"))
        elif header not in headers:
            plan.problems.append(Problem(found.sheet, found.header_row, header,
                                         f"kolonnen findes ikke i arket (valgt til {PLAIN_FIELDS[fld]})"))
        elif header in dupes:
            plan.problems.append(Problem(found.sheet, found.header_row, header,
                                         f"overskriften står i flere kolonner ({', '.join(dupes[header])})"))
        elif header in used:
            plan.problems.append(Problem(found.sheet, found.header_row, header,
                                         f"kolonnen er valgt til både {PLAIN_FIELDS[used[header]]} og "
                                         f"{PLAIN_FIELDS[fld]}"))
        else:
            used[header] = fld
    for fld in REQUIRED_FIELDS:
        if fld not in plan.mapping:
            plan.problems.append(Problem(found.sheet, found.header_row, PLAIN_FIELDS[fld],
                                         f"der mangler en kolonne med {PLAIN_FIELDS[fld].lower()}; vælg hvilken "
                                         "kolonne det er"))
