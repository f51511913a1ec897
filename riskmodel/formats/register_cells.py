"""The cells of an imported register, one value at a time: what a cell says (a score, a treatment, a date, a
text), refused in Danish naming the value when it cannot be one (formulas, error values, text where a number
belongs). Pure: values in, values out (split from riskmodel/excel/importer.py, issue 19).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from riskmodel.domain.dates import fmt_date
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
class _Bad(Exception):
    """A cell that cannot be imported; the message is Danish and names the value."""


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
        raise _Bad(f"indeholder en formel ({_show(value)}); importen læser kun værdier, så skriv værdien i cellen")
    if isinstance(value, CellError):
        raise _Bad(f"indeholder fejlværdien {value.code}")
    return value


def parse_score(value: Any, size: int) -> int | None:
    value = _plain(value)
    if value is None:
        return None
    if isinstance(value, bool):
        raise _Bad(f"'{_show(value)}' er ikke et tal (1-{size})")
    if isinstance(value, (datetime, date)):
        raise _Bad(f"{_show(value)} er en dato, ikke et tal (1-{size})")
    if isinstance(value, str):
        s = value.strip()
        if not s:
            return None
        if not re.fullmatch(r"[+-]?\d+([.,]0+)?", s):
            raise _Bad(f"'{_show(s)}' er tekst, ikke et tal (1-{size})")
        value = int(re.split(r"[.,]", s)[0])
    if isinstance(value, float):
        if not value.is_integer():
            raise _Bad(f"{value:g} er ikke et helt tal (1-{size})")
        value = int(value)
    if not 1 <= value <= size:
        raise _Bad(f"{value} ligger uden for skalaen 1-{size}")
    return value


def parse_treatment(value: Any) -> str | None:
    value = _plain(value)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    code = _TREATMENTS.get(str(value).strip().casefold())
    if code is None:
        raise _Bad(f"'{_show(value)}' er ikke en behandling ({', '.join(TREATMENT_LABELS.values())})")
    return code


def parse_classification(value: Any) -> str | None:
    value = _plain(value)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    code = _CLASSIFICATIONS.get(str(value).strip().casefold())
    if code is None:
        raise _Bad(f"'{_show(value)}' er ikke en klassifikation ({', '.join(CLASSIFICATION_LABELS.values())})")
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
        raise _Bad(f"{_show(value)} er et tal, ikke en dato; skriv datoen som dd-mm-åååå eller formatér cellen som dato")
    s = str(value).strip()
    if not s:
        return None
    for fmt in ("%d-%m-%Y", "%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y"):
        try:
            return datetime.strptime(s, fmt).date()
        except ValueError:
            pass
    raise _Bad(f"'{_show(s)}' er ikke en dato (dd-mm-åååå)")


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
        raise _Bad("skal udfyldes")
    if len(text) > max_len:
        raise _Bad(f"teksten er for lang ({len(text)} tegn, højst {max_len})")
    if _CONTROL.search(text):
        raise _Bad("indeholder ugyldige kontroltegn")
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
        raise _Bad(f"{label} mangler; i et eksporteret risikoregister kan kun eksisterende risikolinjer rettes "
                   "(tilføj nye trusler i Risikoværkstedet, eller importér dem som et register uden Linje-ID)")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise _Bad(f"'{_show(value)}' er ikke et gyldigt {label}")
    return value


