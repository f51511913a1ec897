"""Cell styles and safe cells for the Excel export.

The export writes with openpyxl's write-only mode, where every styled cell is a
``Cell`` object of its own. Creating and hashing a Font/PatternFill per cell is
what makes styled exports slow, so each look is registered once per workbook as
a ``NamedStyle`` and every cell of that look starts from the style's shared
style array (``NamedStyle.as_tuple()``), which ``Cell`` copies.

User text is never trusted: :meth:`StyleBook.text` always makes a text cell,
strips characters XML cannot hold, and marks formula-looking text with Excel's
quote prefix, so it stays text even if someone edits the cell in Excel.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE, Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.worksheet.properties import PageSetupProperties

from riskmodel.domain.scales import Preset

DATE_FORMAT = "dd-mm-yyyy"
# A text starting with one of these is read as a formula by Excel (or by a CSV import of a copy).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
MAX_CELL_TEXT = 32767

HEADER_FILL = "#1f3864"
HEADER_TEXT = "#ffffff"
BAND_FILL = "#d9e1f2"
TOTAL_FILL = "#f2f2f2"
GRID = "#bfbfbf"


def argb(hex_color: str) -> str:
    """'#c62828' -> 'FFC62828' (opaque ARGB, as openpyxl stores colours)."""
    value = hex_color.lstrip("#").upper()
    if len(value) == 3:
        value = "".join(ch * 2 for ch in value)
    if len(value) != 6:
        raise ValueError(f"Ugyldig farve '{hex_color}'")
    return "FF" + value


def clean_text(value: Any) -> str:
    """A value as text Excel can hold: XML-illegal control characters removed, at most 32,767 characters."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    return ILLEGAL_CHARACTERS_RE.sub("", text)[:MAX_CELL_TEXT]


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_PREFIXES) or text in ERROR_CODES


def take_cells_as_given(ws) -> None:
    """Let a write-only sheet take the styled cells of :class:`StyleBook` as they are, without a detour.

    openpyxl's write-only ``append`` assigns every value to a reused cell, and takes a ``Cell`` as given
    only on the ``ValueError`` that assignment raises (whose message formats the cell's repr); after each
    styled cell it allocates a fresh one. For the register's 1.5 million cells that detour cost about as
    much as everything else the export does beyond writing the XML. This replaces that one step for
    ``ws`` with the same logic, minus the exception. openpyxl is pinned below 3.2; should the step ever
    be missing, the sheet keeps openpyxl's own (slower) way. The pack tests read every sheet back.
    """
    if not callable(getattr(ws, "_values_to_row", None)):
        return

    def values_to_row(values, row_idx):
        plain = WriteOnlyCell(ws)  # unstyled values share one cell, as in openpyxl
        for col_idx, value in enumerate(values, 1):
            if value is None:
                continue
            if isinstance(value, Cell):
                cell = value
            else:
                plain.value = value
                cell = plain
            cell.column = col_idx
            cell.row = row_idx
            if cell.hyperlink is not None:
                cell.hyperlink.ref = cell.coordinate
            yield cell

    ws._values_to_row = values_to_row


def header_footer_text(text: str) -> str:
    """Text for a header or footer, where '&' starts a code: a literal '&' is written '&&'."""
    return clean_text(text).replace("&", "&&")[:200]


def setup_page(ws, *, header_left: str = "", footer_right: str = "") -> None:
    """Landscape A4, fit to the page width, sheet name in the header and page numbers in the footer.

    Works on write-only sheets too: page setup and header/footer are written after the rows.
    """
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = 9  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as needed
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    if header_left:
        ws.oddHeader.left.text = header_footer_text(header_left)
    ws.oddHeader.right.text = "&A"  # the sheet name
    ws.oddFooter.center.text = "Side &P af &N"
    if footer_right:
        ws.oddFooter.right.text = header_footer_text(footer_right)


STYLE_NAMES = {
    "title": "Titel", "subtitle": "Undertitel", "section": "Afsnit", "label": "Etiket",
    "header": "Kolonneoverskrift", "text": "Tekst", "left": "Venstrestillet", "wrap": "Tekst med ombrydning",
    "int": "Tal", "date": "Dato", "date_left": "Dato venstrestillet", "axis": "Akse", "axis_left": "Akse venstre",
    "total": "I alt", "total_label": "I alt etiket", "legend_text": "Forklaringstekst",
}


class StyleBook:
    """The export's looks, registered once per workbook as named styles.

    Keys: ``title``, ``subtitle``, ``section``, ``label``, ``header``, ``text``,
    ``wrap``, ``int``, ``date``, ``axis``, ``total``, ``total_label``, and per level
    of the preset ``level:<key>`` (a register cell) and ``heat:<key>`` (a heatmap cell), and per
    level of the data-subject matrix ``dslevel:<key>``.
    """

    def __init__(self, wb: Workbook, preset: Preset):
        self.wb = wb
        self._arrays: dict[str, Any] = {}

        thin = Side(style="thin", color=argb(GRID))
        grid = Border(left=thin, right=thin, top=thin, bottom=thin)
        top = Alignment(vertical="top")
        top_wrap = Alignment(vertical="top", wrap_text=True)
        center = Alignment(horizontal="center", vertical="center", wrap_text=True)
        band = PatternFill("solid", fgColor=argb(BAND_FILL))
        total = PatternFill("solid", fgColor=argb(TOTAL_FILL))
        bold = Font(bold=True)

        self._add("title", font=Font(bold=True, size=16, color=argb(HEADER_FILL)))
        self._add("subtitle", font=Font(italic=True, color="FF595959"), alignment=top_wrap)
        self._add("section", font=Font(bold=True, size=12, color=argb(HEADER_FILL)))
        self._add("label", font=bold, alignment=top_wrap)
        self._add("header", font=Font(bold=True, color=argb(HEADER_TEXT)),
                  fill=PatternFill("solid", fgColor=argb(HEADER_FILL)), alignment=top_wrap, border=grid)
        self._add("text", alignment=top)
        self._add("left", alignment=Alignment(horizontal="left", vertical="top"))
        self._add("wrap", alignment=top_wrap)
        self._add("int", alignment=Alignment(horizontal="center", vertical="top"))
        self._add("date", alignment=top, number_format=DATE_FORMAT)
        self._add("date_left", alignment=Alignment(horizontal="left", vertical="top"), number_format=DATE_FORMAT)
        self._add("axis", font=bold, fill=band, alignment=center, border=grid)
        self._add("axis_left", font=bold, fill=band, alignment=Alignment(vertical="center", wrap_text=True), border=grid)
        self._add("total", font=bold, fill=total, alignment=Alignment(horizontal="center", vertical="center"), border=grid)
        self._add("total_label", font=bold, fill=total, alignment=Alignment(vertical="center"), border=grid)
        self._add("legend_text", alignment=Alignment(vertical="center", wrap_text=True))
        for level in preset.levels:
            fill = PatternFill("solid", fgColor=argb(level.color))
            color = argb(level.text_color)
            label = level.label("da")
            self._add(f"level:{level.key}", f"Risikoniveau {label}", font=Font(color=color), fill=fill, alignment=top)
            self._add(f"heat:{level.key}", f"Heatmap {label}", font=Font(bold=True, size=12, color=color), fill=fill,
                      alignment=Alignment(horizontal="center", vertical="center"), border=grid)
            self._add(f"swatch:{level.key}", f"Forklaring {label}", font=Font(bold=True, color=color), fill=fill,
                      alignment=Alignment(vertical="center"), border=grid)

        from riskmodel.domain.dpia import ds_preset  # the data-subject matrix has colours of its own

        for level in ds_preset().levels:
            fill = PatternFill("solid", fgColor=argb(level.color))
            self._add(f"dslevel:{level.key}", f"Registrerede {level.label('da')}",
                      font=Font(color=argb(level.text_color)), fill=fill, alignment=top)
            self._add(f"dsheat:{level.key}", f"Registrerede heatmap {level.label('da')}",
                      font=Font(bold=True, size=12, color=argb(level.text_color)), fill=fill,
                      alignment=Alignment(horizontal="center", vertical="center"), border=grid)

    def _add(self, key: str, name: str | None = None, **parts: Any) -> None:
        """Register a look; ``name`` is what Excel shows in its cell-style gallery."""
        name = f"Risiko · {name or STYLE_NAMES[key]}"
        if name in self.wb.named_styles:  # two levels with the same label
            name = f"{name} ({key})"
        style = NamedStyle(name=name, **parts)
        self.wb.add_named_style(style)
        self._arrays[key] = style.as_tuple()

    def cell(self, ws, value: int | float | date | None, key: str) -> Cell:
        """A styled cell holding a number or a date (never text: see :meth:`text`)."""
        if isinstance(value, str):
            raise TypeError("Tekst skal skrives med StyleBook.text")
        return Cell(ws, row=1, column=1, value=value, style_array=self._arrays[key])

    def text(self, ws, value: Any, key: str = "text") -> Cell:
        """A text cell, whatever the text looks like: never a formula, never an error value."""
        value = clean_text(value)
        cell = Cell(ws, row=1, column=1, style_array=self._arrays[key])
        # Set as stored, past openpyxl's type inference: clean_text has made it text Excel can hold, and
        # inference would store '=...' as a formula and '#N/A' as an error value.
        cell._value = value
        cell.data_type = "s"
        if looks_like_formula(value):
            cell.quotePrefix = True  # Excel keeps it text even when the cell is edited
        return cell
