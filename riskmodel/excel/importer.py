"""Excel import of risk registers: check the whole file, preview every change, then apply it all or nothing.

Two kinds of file are understood:

* ``register``: our own *Risikoregister* sheet after offline edits (recognised by its "Linje-ID" and
  "Linjeversion" columns). Each row is matched to its risk line by Linje-ID; only the editable
  columns are read (see :data:`REGISTER_FIELDS`), and a row changes exactly the fields whose value
  differs from the line's current value.
* ``plain``: a register with a header row from another tool. A mapping {field: column header} says
  which column is the system, the threat, the likelihood, ...; :func:`propose_mapping` guesses it
  from the headers. Systems are matched by name among the active systems, threats by code or title
  in the catalogue and among the assessment's own threats; what does not exist is created only
  when the caller confirms it (``create_missing``).

Rules (decided here, documented for the users in the page and the CLI help):

* **Empty cells.** In an exported register an empty editable cell means *empty*: a user who
  deletes a likelihood in Excel means to clear it, and the export writes an empty cell for an
  unscored line, so an unedited round trip still changes nothing (empty equals empty, and an
  empty text equals ''). In a plain register an empty cell means *not given*: the other tool
  knows nothing of our values, so it leaves the current value alone.
* **Conflicts.** A row whose "Linjeversion" differs from the line's current version is a problem
  if the row differs from the line in any editable field: someone changed the line after the export,
  and the file cannot tell an edit in Excel from the value before that change, so importing it
  could overwrite the other person's change. (The file does not hold the values as exported.) A
  stale row that equals the line as it is now changes nothing and is no problem. The message says
  what to do: export again, or delete the row from the file if it was not edited (a deleted row
  removes nothing).
* **Read-only columns** (Konsekvens, Risikoniveau, System, Afdeling, ..., Deltagere, Godkendelse) are
  never imported; if one differs from what Risikoværkstedet shows, the preview warns (per column).
* **Deleted rows** remove nothing: an import changes and adds, never deletes.
* **Size.** A sheet may hold at most ``MAX_ROWS`` (60,000) data rows; one more refuses the whole file
  as soon as the reader reaches it (the largest register, 1,500 systems × 30 lines, is 45,000 rows).
* **Formulas** anywhere in the imported sheet are problems (the file is never evaluated); so are
  error values (#N/A) in the columns that are imported.
* **Creation** (plain registers, after confirmation): an unknown system needs a department on its
  row (same department on every row of that system); it gets the other columns given
  (system owner, classification) and defaults for the rest. A system without a current assessment
  gets one (this year, the municipality's matrix) holding only the imported threats. An unknown
  threat becomes the assessment's own threat (like "Tilføj egen trussel"), never a catalogue threat.

Nothing is written by :func:`plan_import`. :func:`apply_import` writes the plan in ONE unit of work:
it first checks, inside the transaction, that nothing it relies on changed since the plan (line
versions, current assessments, system names, access), then writes and audits every change; any
failure rolls everything back.

Where it lives (issue 19): the pure reading of the file in ``riskmodel/formats/register*.py`` (detection,
mapping proposals, cell parsing, the sheet's layout), the use cases in ``riskmodel/services/imports/``
(``plan.py``, ``register.py``, ``plain.py``, ``apply.py``, ``model.py``) and their SQL in
``riskmodel/store/imports.py``. This module only re-exports them for the page, the CLI and the benchmark.
"""

from __future__ import annotations

from riskmodel.formats.register import (  # noqa: F401
    _GROUPS,
    _NORM,
    _READ_ONLY,
    CATEGORY_MAX,
    FIELD_LABELS,
    HEADER_SCAN_ROWS,
    ID_HEADER,
    KIND_PLAIN,
    KIND_REGISTER,
    NAME_MAX,
    PLAIN_FIELDS,
    REGISTER_FIELDS,
    REQUIRED_FIELDS,
    SKIP_REASONS,
    SYNONYMS,
    VERSION_HEADER,
    Detected,
    Problem,
    _detect_sheet,
    _header_text,
    _key,
    _norm,
    detect,
    display_value,
    problem_groups,
    propose_mapping,
)
from riskmodel.formats.register_cells import (  # noqa: F401
    _CLASSIFICATIONS,
    _CONTROL,
    _TREATMENTS,
    IMPORT_ONLY_FIELDS,
    TEXT_MAX,
    _Bad,
    _is_blank,
    _newlines,
    _plain,
    _same,
    _show,
    _whole,
    parse_classification,
    parse_date,
    parse_field,
    parse_score,
    parse_text,
    parse_treatment,
)
from riskmodel.services.imports.apply import (  # noqa: F401
    _LINE_CASTS,
    _SCORES_OF_A_LEVEL,
    _SQL_TYPES,
    _SYSTEM_CASTS,
    _create_assessments,
    _create_systems,
    _ids_param,
    _insert_lines,
    _outdate_approvals,
    _stale,
    _verify,
    _what,
    _write_updates,
    apply_import,
)
from riskmodel.services.imports.model import (  # noqa: F401
    CONSEQUENCE_NOTES,
    CREATE_HINT_CLI,
    CREATE_HINT_PAGE,
    CUSTOM_CATEGORY,
    PROGRESS_ROWS,
    WARN_EXAMPLES,
    Change,
    ImportPlan,
    ImportResult,
    NewSystem,
    Progress,
    _add_update,
    _duplicate_headers,
    _formula_problems,
    _line_writable,
    _NewLine,
    _rows_read,
    _Update,
    _Warnings,
)
from riskmodel.services.imports.plain import (  # noqa: F401
    _Catalogue,
    _load_catalogue,
    _plan_plain,
)
from riskmodel.services.imports.plan import (  # noqa: F401
    _check_mapping,
    plan_import,
)
from riskmodel.services.imports.register import (  # noqa: F401
    _cell_equals,
    _expected_cell,
    _expected_column,
    _explain_missing,
    _identical_rows,
    _level_labels,
    _plan_register,
)
