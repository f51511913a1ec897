"""The cells of an imported register, one value at a time: what a cell says (a score, a treatment, a date, a
text), refused naming the value when it cannot be one (formulas, error values, text where a number belongs; by
key: riskmodel/locale/import_problems.py). Pure: values in, values out (split from riskmodel/excel/importer.py,
issue 19).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from riskmodel.domain.dates import fmt_date
from riskmodel.domain.errors import WorkbenchError
from riskmodel.domain.model import LINE_SCORE_FIELDS
from riskmodel.domain.scales import Preset
from riskmodel.formats.register_layout import (
    CLASSIFICATION_LABELS,
    TREATMENT_LABELS,
)
from riskmodel.formats.xlsx_safety import CellError, Formula

TEXT_MAX = 4000  # as validate_line_changes
_TREATMENTS: dict[str, str] = {
    **{label.casefold(): code for code, label in TREATMENT_LABELS.items()},
    **{code.casefold(): code for code in TREATMENT_LABELS},
    "accept": "accepter", "reduce": "reducer", "transfer": "overfør", "avoid": "undgå",
    "overfoer": "overfør", "undgaa": "undgå",
}
_CLASSIFICATIONS: dict[str, str] = {
    **{label.casefold(): code for code, label in CLASSIFICATION_LABELS.items()},
    **{code.casefold(): code for code in CLASSIFICATION_LABELS},
    "public": "offentlig", "internal": "intern", "confidential": "fortrolig", "sensitive": "følsom",
}
# Written with the line, not through validate_line_changes: how the single consequence column was applied
# (migration 010). The overall figure is checked against the scale when the cell is read.
IMPORT_ONLY_FIELDS = ("consequence_overall", "consequence_source")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


# -- cell values --------------------------------------------------------------------------------
class _Bad(WorkbenchError):
    """A cell that cannot be imported: ``_Bad("import.cell.…", **params)`` names the value (in the reader's language
    through ``text(lang)``; ``str()`` is Danish)."""


def _show(value: Any, limit: int = 40) -> str:
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return fmt_date(value)
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _plain(value: Any) -> Any:
    """Refuse a formula or an error value; otherwise the value itself."""
    if isinstance(value, Formula):
        raise _Bad("import.cell.formula", value=_show(value))
    if isinstance(value, CellError):
        raise _Bad("import.cell.error_value", code=value.code)
    return value


def parse_score(value: Any, size: int) -> int | None:
    value = _plain(value)
    if value is None:
        return None
    if isinstance(value, bool):
        raise _Bad("import.cell.not_number", value=_show(value), size=size)
    if isinstance(value, (datetime, date)):
        raise _Bad("import.cell.date_not_number", value=_show(value), size=size)
    if isinstance(value, str):
        s = value.strip()
        if not s:
            return None
        if not re.fullmatch(r"[+-]?\d+([.,]0+)?", s):
            raise _Bad("import.cell.text_not_number", value=_show(s), size=size)
        value = int(re.split(r"[.,]", s)[0])
    if isinstance(value, float):
        if not value.is_integer():
            raise _Bad("import.cell.not_whole", value=f"{value:g}", size=size)
        value = int(value)
    if not 1 <= value <= size:
        raise _Bad("import.cell.out_of_scale", value=value, size=size)
    return value


def parse_treatment(value: Any) -> str | None:
    value = _plain(value)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    code = _TREATMENTS.get(str(value).strip().casefold())
    if code is None:
        raise _Bad("import.cell.not_treatment", value=_show(value), allowed=", ".join(TREATMENT_LABELS.values()))
    return code


def parse_classification(value: Any) -> str | None:
    value = _plain(value)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    code = _CLASSIFICATIONS.get(str(value).strip().casefold())
    if code is None:
        raise _Bad("import.cell.not_classification", value=_show(value),
                   allowed=", ".join(CLASSIFICATION_LABELS.values()))
    return code


def parse_date(value: Any) -> date | None:
    value = _plain(value)
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool) or isinstance(value, (int, float)):
        raise _Bad("import.cell.number_not_date", value=_show(value))
    s = str(value).strip()
    if not s:
        return None
    for fmt in ("%d-%m-%Y", "%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y"):
        try:
            return datetime.strptime(s, fmt).date()
        except ValueError:
            pass
    raise _Bad("import.cell.not_date", value=_show(s))


def parse_text(value: Any, max_len: int = TEXT_MAX, required: bool = False) -> str:
    value = _plain(value)
    if value is None:
        text = ""
    elif isinstance(value, bool):
        text = "Ja" if value else "Nej"
    elif isinstance(value, datetime):
        text = fmt_date(value.date())
    elif isinstance(value, date):
        text = fmt_date(value)
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    else:
        text = str(value)
    text = _newlines(text).strip()
    if required and not text:
        raise _Bad("import.cell.required")
    if len(text) > max_len:
        raise _Bad("import.cell.too_long", n=len(text), max=max_len)
    if _CONTROL.search(text):
        raise _Bad("import.cell.control_chars")
    return text


def _newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def parse_field(fld: str, value: Any, preset: Preset) -> Any:
    if fld in LINE_SCORE_FIELDS:
        return parse_score(value, preset.size)
    if fld == "treatment":
        return parse_treatment(value)
    if fld == "measure_deadline":
        return parse_date(value)
    return parse_text(value)


def _same(fld: str, new: Any, old: Any) -> bool:
    """Whether a parsed file value equals the line's current value (texts compared trimmed, '' == None)."""
    if new == old:
        return True
    if fld in LINE_SCORE_FIELDS or fld in ("treatment", "measure_deadline", *IMPORT_ONLY_FIELDS):
        if isinstance(old, datetime):
            old = old.date()
        return new == old
    return new == _newlines(old or "").strip()


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())



def _whole(value: Any, label: str) -> int:
    value = _plain(value)
    if _is_blank(value):
        raise _Bad("import.cell.id_missing", label=label)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise _Bad("import.cell.bad_id", value=_show(value), label=label)
    return value


