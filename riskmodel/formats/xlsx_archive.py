"""The .xlsx container of an uploaded file, checked before any sheet is parsed.

An uploaded file is untrusted. :func:`open_archive` checks, before anything parses it:

* its size (at most :data:`MAX_FILE_BYTES`) and its name (``.xlsx``; a macro name is refused);
* that it is a zip archive (the ``PK`` signature) holding ``[Content_Types].xml`` whose workbook
  part is a plain Excel workbook: a macro workbook (.xlsm, a ``vbaProject.bin``), a binary
  workbook (.xlsb), an old .xls or any other Office file is refused;
* the zip directory, for zip bombs: the sum of the declared uncompressed sizes (at most
  :data:`MAX_UNCOMPRESSED_BYTES`) and the compression ratio (at most :data:`MAX_RATIO` times);
* encrypted (password-protected) entries are refused.

It also holds what every reader of a part needs: :func:`read_part` (a whole part, with a size
limit) and :func:`xml_parser` (expat that refuses any DTD: no entity expansion, no external
entities; an .xlsx never needs one). Reading the sheets is :mod:`riskmodel.formats.xlsx_safety`.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import IO
from xml.parsers import expat

from riskmodel.domain.errors import ValidationError

MB = 1024 * 1024
MAX_FILE_BYTES = 20 * MB
MAX_UNCOMPRESSED_BYTES = 300 * MB  # the sum over every part, from the zip directory
MAX_RATIO = 100  # uncompressed / compressed, for the whole archive and for every part over RATIO_FLOOR
RATIO_FLOOR = 1 * MB  # small parts (a few kB of repetitive XML) may compress very well
MAX_PARTS = 10_000
MAX_META_BYTES = 10 * MB  # workbook.xml, relationships, content types, styles: read whole

ZIP_SIGNATURES = (b"PK\x03\x04",)
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, or an encrypted Office file

CT_WORKBOOK = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",  # .xlsx
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",  # .xltx
}
CT_MACRO = {
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml",  # .xlsm
    "application/vnd.ms-excel.template.macroEnabled.main+xml",  # .xltm
    "application/vnd.ms-excel.addin.macroEnabled.main+xml",  # .xlam
    "application/vnd.ms-office.vbaProject",
}
CT_BINARY = "application/vnd.ms-excel.sheet.binary.macroEnabled.main"  # .xlsb


def refuse(message: str, **params) -> ValidationError:
    """A refused file: ``message`` is an error key (riskmodel/locale/errors.py) with its ``params``, or a Danish text."""
    return ValidationError(message, "file", **params)


def local_name(name: str) -> str:
    """'uri local' (expat with a namespace separator) or 'prefix:local' -> 'local'."""
    return name.rsplit(" ", 1)[-1].rsplit(":", 1)[-1]


def xml_parser(start: Callable | None = None, end: Callable | None = None, chars: Callable | None = None,
            namespaces: bool = True):
    """An expat parser that refuses any DTD. Without ``namespaces`` element names keep their
    prefix ('x:c'), which is cheaper for the sheet data, where only local names matter."""
    p = expat.ParserCreate(namespace_separator=" ") if namespaces else expat.ParserCreate()

    def no_doctype(*_args):
        raise refuse("err.file_dtd")

    p.StartDoctypeDeclHandler = no_doctype
    p.EntityDeclHandler = no_doctype
    p.buffer_text = True
    p.buffer_size = 1 << 16
    if start:
        p.StartElementHandler = start
    if end:
        p.EndElementHandler = end
    if chars:
        p.CharacterDataHandler = chars
    return p


def open_archive(source: bytes | str | Path | IO[bytes], name: str | None = None) -> zipfile.ZipFile:
    """Check an uploaded or named file and open its zip archive; raise ValidationError if refused."""
    if isinstance(source, (str, Path)):
        path = Path(source)
        name = name or path.name
        try:
            size = path.stat().st_size
        except OSError as err:
            raise refuse("err.file_unreadable_path", path=path, reason=err.strerror or err) from None
        if not path.is_file():
            raise refuse("err.file_not_a_file", path=path)
        _check_size(size)
        data = path.read_bytes()
    elif isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
    else:
        data = source.read(MAX_FILE_BYTES + 1)
    _check_size(len(data))
    _check_name(name)
    if not data:
        raise refuse("err.file_empty")
    if data.startswith(OLE_SIGNATURE):
        raise refuse("err.file_xls")
    if not data.startswith(ZIP_SIGNATURES):
        raise refuse("err.file_not_xlsx")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zlib.error, ValueError, EOFError, NotImplementedError):
        raise refuse("err.file_broken") from None
    check_archive(archive, len(data))
    return archive


def _check_size(size: int) -> None:
    if size > MAX_FILE_BYTES:
        raise refuse("err.file_too_big", mb=f"{size / MB:.1f}", max=MAX_FILE_BYTES // MB)


def _check_name(name: str | None) -> None:
    if not name:
        return
    suffix = Path(name).suffix.lower()
    if suffix in (".xlsm", ".xltm", ".xlam"):
        raise refuse("err.file_macros_name", name=name)
    if suffix != ".xlsx":
        raise refuse("err.file_not_xlsx_name", name=name)


def check_archive(archive: zipfile.ZipFile, compressed_total: int) -> None:
    infos = archive.infolist()
    if len(infos) > MAX_PARTS:
        raise refuse("err.file_too_many_parts", n=len(infos))
    total = 0
    names = set()
    for info in infos:
        if info.flag_bits & 0x1:
            raise refuse("err.file_encrypted")
        total += info.file_size
        names.add(info.filename)
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(1, info.compress_size):
            raise bomb(info.file_size, info.compress_size)
        if posixpath.basename(info.filename).lower() == "vbaproject.bin":
            raise refuse("err.file_macros")
    if total > MAX_UNCOMPRESSED_BYTES:
        raise refuse("err.file_unpacks_too_big", mb=f"{total / MB:.0f}", max=MAX_UNCOMPRESSED_BYTES // MB)
    if total > RATIO_FLOOR and total > MAX_RATIO * max(1, compressed_total):
        raise bomb(total, compressed_total)
    if "[Content_Types].xml" not in names:
        raise refuse("err.file_no_content_types")
    types = content_types(archive)
    main = [ct for ct in types.values() if ct in CT_WORKBOOK | CT_MACRO or ct.startswith(CT_BINARY)]
    if any(ct in CT_MACRO for ct in types.values()):
        raise refuse("err.file_xlsm")
    if any(ct.startswith(CT_BINARY) for ct in main):
        raise refuse("err.file_xlsb")
    if not main:
        raise refuse("err.file_office_not_excel")


def bomb(size: int, compressed: int) -> ValidationError:
    """The refusal of a part (or a file) that unpacks to more than MAX_RATIO times its packed size."""
    return refuse("err.file_bomb", mb=f"{size / MB:.0f}", packed=f"{max(compressed, 1) / MB:.1f}", ratio=MAX_RATIO)


def read_part(archive: zipfile.ZipFile, name: str, limit: int = MAX_META_BYTES) -> bytes:
    info = archive.getinfo(name)
    if info.file_size > limit:
        raise refuse("err.file_part_too_big", name=name, mb=f"{info.file_size / MB:.0f}")
    try:
        with archive.open(info) as fh:
            data = fh.read(limit + 1)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError):
        raise refuse("err.file_part_unreadable", name=name) from None
    if len(data) > limit:
        raise refuse("err.file_part_too_big_short", name=name)
    return data


def parse_small(data: bytes, start: Callable, what: str, chars: Callable | None = None,
                 end: Callable | None = None) -> None:
    p = xml_parser(start, end, chars)
    try:
        p.Parse(data, True)
    except expat.ExpatError as err:
        raise refuse("err.file_bad_xml", what=what, reason=err) from None


def content_types(archive: zipfile.ZipFile) -> dict[str, str]:
    """Part name (without leading '/') -> content type, from the overrides and the extension defaults."""
    overrides: dict[str, str] = {}
    defaults: dict[str, str] = {}

    def start(name, attrs):
        local = local_name(name)
        if local == "Override" and "PartName" in attrs:
            overrides[attrs["PartName"].lstrip("/")] = attrs.get("ContentType", "")
        elif local == "Default" and "Extension" in attrs:
            defaults[attrs["Extension"].lower()] = attrs.get("ContentType", "")

    parse_small(read_part(archive, "[Content_Types].xml"), start, "[Content_Types].xml")
    out = dict(overrides)
    for info in archive.infolist():
        ext = posixpath.splitext(info.filename)[1].lstrip(".").lower()
        if info.filename not in out and ext in defaults:
            out[info.filename] = defaults[ext]
    return out
