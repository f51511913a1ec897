"""The catalogue exchange file written as .xlsx: the sheets Om filen, Trusler, Skala and Annex A."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook

from riskmodel.domain import annex_a
from riskmodel.domain.dates import DK
from riskmodel.formats.catalogue.common import (
    ANNEX_COLUMNS,
    BLOCK_CONSEQUENCE,
    BLOCK_LEVELS,
    BLOCK_LIKELIHOOD,
    BLOCK_MATRIX,
    BLOCK_SCALE,
    FORMAT,
    LEVEL_COLUMNS,
    MATRIX_CORNER,
    META_ROWS,
    SCALE_FIELDS,
    SHEET_ANNEX,
    SHEET_META,
    SHEET_SCALE,
    SHEET_THREATS,
    STEP_COLUMNS,
    THREAT_COLUMNS,
    Exchange,
)
from riskmodel.formats.xlsx_styles import StyleBook


def _yes(value: bool) -> str:
    return "ja" if value else "nej"


def to_xlsx(ex: Exchange) -> bytes:
    """Sheets Om filen, Trusler, Skala, Annex A; every cell is a text cell (user text never becomes a formula)."""
    book = Workbook(write_only=True)
    styles = StyleBook(book, ex.preset)

    def t(ws, value: Any, key: str = "text"):
        return styles.text(ws, value, key)

    # -- Om filen ------------------------------------------------------------------
    ws = book.create_sheet(SHEET_META)
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 90
    ws.append([t(ws, f"Trusselskatalog fra {ex.municipality}", "title")])
    ws.append([t(ws, "Til udveksling mellem kommuner i Risikoværkstedet: trusselskatalog, skala og Annex A-kobling.",
                 "subtitle")])
    ws.append([])
    exported = ex.exported_on()
    meta_values = {"format": FORMAT, "version": str(ex.format_version), "municipality": ex.municipality,
                   "exported_at": ex.exported_at, "threats": str(len(ex.threats)),
                   "preset": f"{ex.preset.id} ({ex.preset.name_da})"}
    ws.append([t(ws, "Felt", "header"), t(ws, "Værdi", "header")])
    for label, key in META_ROWS:
        ws.append([t(ws, label, "label"), t(ws, meta_values[key], "left")])
    ws.append([])
    notes = [
        "Sådan bruges filen",
        "Indlæs filen under Trusselskatalog → Udveksling. Risikoværkstedet viser først, hvad der er nyt og ændret; "
        "intet gemmes, før koordinatoren vælger at importere.",
        "Koden er nøglen: en trussel med en kode, der ikke findes i kataloget, er ny; samme kode med andet indhold er "
        "ændret. En import sletter og skjuler aldrig trusler, og eksisterende risikovurderinger ændres ikke.",
        "Skalaen installeres ikke: den sammenlignes med modtagerens. Annex A-koblingen står på arket 'Annex A', "
        "én række pr. kontrol.",
        "Ja/nej-kolonnerne skrives 'ja' eller 'nej'. Profilmærker adskilles med semikolon: all, personal_data, "
        "sensitive, supplier, critical, internet, onprem.",
    ]
    ws.append([t(ws, notes[0], "section")])
    for line in notes[1:]:
        ws.append([t(ws, line, "wrap")])
    if exported is not None:
        ws.append([])
        ws.append([t(ws, f"Eksporteret {exported.astimezone(DK):%d-%m-%Y kl. %H:%M}.", "subtitle")])

    # -- Trusler -------------------------------------------------------------------
    ws = book.create_sheet(SHEET_THREATS)
    for letter, width in zip("ABCDEFGHI", (10, 26, 50, 80, 13, 12, 15, 28, 8), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    ws.append([t(ws, header, "header") for _, header, _ in THREAT_COLUMNS])
    for th in ex.threats:
        ws.append([
            t(ws, th["code"]), t(ws, th["category"]), t(ws, th["title"], "wrap"), t(ws, th["description"], "wrap"),
            t(ws, _yes(th["harms_c"])), t(ws, _yes(th["harms_i"])), t(ws, _yes(th["harms_a"])),
            t(ws, "; ".join(th["tags"])), t(ws, _yes(th["hidden"])),
        ])

    # -- Skala ---------------------------------------------------------------------
    p = ex.preset
    ws = book.create_sheet(SHEET_SCALE)
    for letter, width in zip("ABCDEFGH", (28, 22, 22, 60, 60, 45, 45, 45), strict=True):
        ws.column_dimensions[letter].width = width
    ws.append([t(ws, BLOCK_SCALE, "section")])
    ws.append([t(ws, "Felt", "header"), t(ws, "Værdi", "header")])
    for key, label in SCALE_FIELDS:
        ws.append([t(ws, label, "label"), t(ws, getattr(p, key), "wrap")])
    for block, values in ((BLOCK_LIKELIHOOD, p.likelihood), (BLOCK_CONSEQUENCE, p.consequence)):
        ws.append([])
        ws.append([t(ws, block, "section")])
        ws.append([t(ws, header, "header") for _, header in STEP_COLUMNS])
        for s in values:
            ws.append([t(ws, getattr(s, key), "wrap") for key, _ in STEP_COLUMNS])
    ws.append([])
    ws.append([t(ws, BLOCK_LEVELS, "section")])
    ws.append([t(ws, header, "header") for _, header in LEVEL_COLUMNS])
    for lv in p.levels:
        row = []
        for key, _ in LEVEL_COLUMNS:
            value = getattr(lv, key)
            if key == "requires_action":
                value = _yes(value)
            row.append(t(ws, value, f"swatch:{lv.key}" if key == "da" else "wrap"))
        ws.append(row)
    ws.append([])
    ws.append([t(ws, BLOCK_MATRIX, "section")])
    ws.append([t(ws, MATRIX_CORNER, "axis_left"), *(t(ws, str(c), "axis") for c in range(1, p.size + 1))])
    for lik in range(1, p.size + 1):
        ws.append([t(ws, str(lik), "axis"),
                   *(t(ws, p.levels[p.matrix[lik - 1][con - 1]].key, f"heat:{p.levels[p.matrix[lik - 1][con - 1]].key}")
                     for con in range(1, p.size + 1))])

    # -- Annex A -------------------------------------------------------------------
    ws = book.create_sheet(SHEET_ANNEX)
    for letter, width in zip("ABC", (10, 12, 60), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    ws.append([t(ws, header, "header") for _, header, _ in ANNEX_COLUMNS])
    for th in ex.threats:
        for cid in th["controls"]:
            ws.append([t(ws, th["code"]), t(ws, cid), t(ws, annex_a.title_of(cid).removeprefix(cid).strip())])

    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()
