"""Catalogue exchange: the threat catalogue, the scale preset and the Annex A mapping as one file.

Municipalities that harmonise their handbooks (a cooperation such as Digitaliseringsforening
Sjælland) share one threat catalogue. One exports it here, another loads it: the import
shows what is new or changed and never breaks an existing assessment (risk lines keep the
copy of the threat they were made with, see riskmodel.services.catalogue).

The file (JSON or .xlsx) holds:

* the format name and version, the municipality and the export time;
* the threats: code, category, title, description, the F/I/T flags, profile tags, hidden
  and the Annex A controls that address each;
* the municipality's scale preset in full (steps with labels, definitions and examples,
  levels with colours and whether they require action, and the matrix);
* the Annex A mapping, threat code -> control ids (the same as the threats' controls).

The code is the key: a threat whose code is unknown here is new; one with the same code and
other content is changed. An import adds new threats and (if chosen) updates changed ones,
in one transaction through the catalogue's rules; it never deletes or hides a threat, and
never installs or switches a scale preset (presets are files in data/scales; switching is a
setting, with its own checks).

A file is untrusted: at most :data:`MAX_BYTES`; an .xlsx goes through the same safe opener as the
register import (no macros, zip bombs or DTDs; formulas refused by cell); each sheet is read with a
row limit that stops the reading as soon as it is passed (:data:`MAX_THREATS` threats,
:data:`MAX_ANNEX_ROWS` Annex A rows, :data:`MAX_SHEET_ROWS` rows on the other sheets); a JSON file is
refused if it is nested too deep, holds a number too long to read or a lone UTF-16 surrogate, or more
than :data:`MAX_THREATS` threats. User text stays text: nothing in a file is ever evaluated.

Pure: bytes in, an :class:`Exchange` out (and back). The use case (export from the catalogue, preview and
import through the catalogue's rules) is riskmodel.services.catalogue_exchange.
"""

from __future__ import annotations

from pathlib import Path

from riskmodel.domain.errors import ValidationError
from riskmodel.formats.catalogue.common import (
    ANNEX_COLUMNS,
    EXCEL_SUFFIXES,
    FORMAT,
    FORMAT_VERSION,
    FORMATS,
    MATRIX_CORNER,
    MAX_ANNEX_ROWS,
    MAX_BYTES,
    MAX_SHEET_ROWS,
    MAX_THREATS,
    MB,
    MIME,
    SHEETS,
    THREAT_COLUMNS,
    THREAT_KEYS,
    Exchange,
    file_name,
    preset_to_dict,
)
from riskmodel.formats.catalogue.json_file import _read_json, preset_from_dict, to_json
from riskmodel.formats.catalogue.xlsx_read import _read_xlsx
from riskmodel.formats.catalogue.xlsx_write import to_xlsx

__all__ = [
    "ANNEX_COLUMNS", "EXCEL_SUFFIXES", "FORMAT", "FORMATS", "FORMAT_VERSION", "MATRIX_CORNER", "MAX_ANNEX_ROWS",
    "MAX_BYTES", "MAX_SHEET_ROWS", "MAX_THREATS", "MB", "MIME", "SHEETS", "THREAT_COLUMNS", "THREAT_KEYS", "Exchange",
    "file_name", "preset_from_dict", "preset_to_dict", "read_catalogue", "to_json", "to_xlsx",
]


def read_catalogue(data: bytes, filename: str = "") -> Exchange:
    """Parse and check an exchange file (JSON or .xlsx); raise a ValidationError naming the place, by key
    (riskmodel/locale/errors_catalogue.py): ``err.text(lang)`` in the reader's language, ``str(err)`` in Danish."""
    if data is None:
        raise ValidationError("err.catfile.no_file", "file")
    data = bytes(data)
    if len(data) > MAX_BYTES:
        raise ValidationError("err.catfile.too_big", "file", mb=f"{len(data) / MB:.1f}", max=MAX_BYTES // MB)
    if not data:
        raise ValidationError("err.file_empty", "file")
    suffix = Path(filename or "").suffix.lower()
    if suffix == ".json" or (not suffix and data.lstrip()[:1] in (b"{", b"[")):
        return _read_json(data)
    if suffix == ".xlsx" or suffix in EXCEL_SUFFIXES or (not suffix and data[:4] == b"PK\x03\x04"):
        return _read_xlsx(data, filename or "katalog.xlsx")
    if filename:
        raise ValidationError("err.catfile.not_catalogue_named", "file", name=filename)
    raise ValidationError("err.catfile.not_catalogue", "file")


# -- JSON ---------------------------------------------------------------------------------
