"""Print layout of the pack's sheets: row heights that fit wrapped text, and what part of a sheet prints.

Neither Excel nor LibreOffice sizes a row to its wrapped text when it opens a written file (LibreOffice
prints the lines over the rows below), so every row whose text wraps gets a height computed from the
text's length and the column's width. The estimate is on the safe side: it assumes a font wider than
Calibri (LibreOffice substitutes DejaVu Sans where Calibri is missing), so a row may get a little air
below its text but never too little height.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from functools import cache

from openpyxl.cell.cell import Cell
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.worksheet.pagebreak import Break, RowBreak

DEFAULT_SIZE = 11.0  # Calibri 11, openpyxl's (and Excel's) default font
DEFAULT_HEIGHT = 15.0  # Excel's default row height for that font, in points
CHAR_FACTOR = 1.05  # characters of text per unit of column width at 11 pt (a column unit is one digit wide)
BOLD_FACTOR = 0.9  # bold text is wider
LINE = 1.3  # line height per point of font size
PAD = 4.0  # points above and below the lines
MAX_HEIGHT = 409.0  # Excel's largest row height
PAGE_UNITS = 104  # column units across A4 landscape between those margins at 100 % (LibreOffice's widths)
MIN_SCALE = 75  # 11-point text prints at 8.25 points
PRINT_MARGIN = 0.5  # inches left and right: the print tables are laid out for A4 landscape with these margins
PAGE_HEIGHT = 8.27 * 72  # points down A4 landscape
PAGE_FILL = 0.95  # share of a page's rows height our page breaks use: LibreOffice's own breaks never come first


def text_lines(text: str, width: float, size: float = DEFAULT_SIZE, bold: bool = False) -> int:
    """How many lines ``text`` takes when wrapped in a column ``width`` units wide (a safe overestimate)."""
    if not text:
        return 1
    per_line = max(1, int((width - 1) * CHAR_FACTOR * (DEFAULT_SIZE / size) * (BOLD_FACTOR if bold else 1.0)))
    return sum(max(1, len(textwrap.wrap(part, per_line, break_long_words=True, break_on_hyphens=True)))
               for part in text.split("\n"))


def row_height(cells: list[tuple[str, float, float, bool]]) -> float | None:
    """The height (points) of a row of wrapped cells given as (text, column width, font size, bold); None when
    every cell fits on one line at the default height."""
    need = 0.0
    for text, width, size, bold in cells:
        lines = text_lines(text, width, size, bold)
        if lines > 1 or size > DEFAULT_SIZE:
            need = max(need, lines * size * LINE + PAD)
    if need <= DEFAULT_HEIGHT:
        return None
    return min(MAX_HEIGHT, round(need, 1))


@dataclass(frozen=True)
class Span:
    """A cell that spans to column ``last`` (1-based) of its row: merged there, its text wraps over the width of
    all the columns it spans. Only for sheets prepared with :func:`fit_row_heights`."""

    cell: Cell
    last: int


def fit_row_heights(ws) -> None:
    """From now on, every row appended to the write-only sheet ``ws`` gets the height its wrapped text needs.

    Column widths must be set before the first row (as write-only sheets need anyway). A cell wraps when its
    style says so; its font size and weight come from the style.
    """
    wb = ws.parent
    appended = ws.append
    count = [0]
    ws.fitted_heights = heights = []  # per row, for the page breaks (see page_breaks)

    @cache
    def look(font_id: int, alignment_id: int) -> tuple[bool, float, bool]:
        font = wb._fonts[font_id]
        return bool(wb._alignments[alignment_id].wrap_text), float(font.sz or DEFAULT_SIZE), bool(font.b)

    def width_of(idx: int) -> float:
        return ws.column_dimensions[get_column_letter(idx)].width or 8.43

    def append(row) -> None:
        count[0] += 1
        row = list(row)
        spans = {}
        for idx, value in enumerate(row, start=1):
            if isinstance(value, Span):
                row[idx - 1] = value.cell
                spans[idx] = value.last
                ws.merged_cells.add(f"{get_column_letter(idx)}{count[0]}:{get_column_letter(value.last)}{count[0]}")
        wrapped = []
        for idx, value in enumerate(row, start=1):
            if not isinstance(value, Cell) or value.value is None:
                continue
            wrap, size, bold = look(value._style.fontId, value._style.alignmentId)
            if not wrap and size <= DEFAULT_SIZE:
                continue
            text = value.value if isinstance(value.value, str) else str(value.value)
            if not wrap:  # one line, in a larger font
                text = "x"
            width = sum(width_of(i) for i in range(idx, spans.get(idx, idx) + 1))
            wrapped.append((text, width, size, bold))
        height = row_height(wrapped)
        if height is not None:
            ws.row_dimensions[count[0]].height = height
        heights.append(height or DEFAULT_HEIGHT)
        appended(row)

    ws.append = append


def print_columns(ws, columns: int, rows: int) -> None:
    """Print only the first ``columns`` columns of rows 1..rows (the rest of the table stays for filtering)."""
    ws.print_area = f"A1:{get_column_letter(columns)}{max(rows, 1)}"


def narrow_margins(ws) -> None:
    ws.page_margins.left = ws.page_margins.right = PRINT_MARGIN


def fixed_print_scale(ws) -> int:
    """Print the sheet at a fixed scale that fits its printed columns across A4 landscape, instead of "fit to
    width": LibreOffice counts the pages of a fitted sheet at one scale and prints them at another, which left a
    blank page after a sheet. Every print layout is at most ~134 column units wide, so the scale stays at 75 % or
    more and 11-point text prints at 8 points or more. Returns the scale."""
    columns = None
    if ws.print_area:
        last = ws.print_area.split("!")[-1].split(":")[-1]
        columns = column_index_from_string("".join(ch for ch in last if ch.isalpha()))
    widths = [dim.width or 8.43 for key, dim in ws.column_dimensions.items()
              if columns is None or column_index_from_string(key) <= columns]
    scale = max(MIN_SCALE, min(100, int(100 * PAGE_UNITS / max(sum(widths), 1))))
    ws.page_setup.scale = scale  # fitToPage is off (sheet properties are written before the rows)
    page_breaks(ws, scale)
    return scale


def page_breaks(ws, scale: int) -> None:
    """Break the pages of a sheet prepared with :func:`fit_row_heights` at rows we choose, a little short of a full
    page. Left to itself, LibreOffice counts a sheet whose rows end right at a page's foot as one page more than it
    prints, and prints that page blank ("Side 31 af 31" with nothing on it)."""
    heights = getattr(ws, "fitted_heights", None)
    if not heights:
        return
    last = len(heights)
    if ws.print_area:
        end = ws.print_area.split("!")[-1].split(":")[-1]
        last = min(last, int("".join(ch for ch in end if ch.isdigit()) or last))
    titles = heights[0] if ws.print_title_rows else 0.0
    margins = (ws.page_margins.top or 0) + (ws.page_margins.bottom or 0)
    room = (PAGE_HEIGHT - 72 * margins) * 100 / scale * PAGE_FILL
    breaks, used = [], 0.0
    for number in range(1, last + 1):
        height = heights[number - 1]
        if used and used + height > room:
            breaks.append(Break(id=number - 1))
            used = titles
        used += height
    ws.row_breaks = RowBreak(brk=breaks)
