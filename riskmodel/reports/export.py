# Size: the committee workbook's sheets, one function a sheet over shared styles; the pack's extra sheets are in pack.py.
"""The committee's Excel workbook: front page, risk register and heatmap.

Written with openpyxl's write-only mode, so a register of 45,000 risk lines is
streamed to disk instead of held as 1.1 million cell objects. What write-only
mode needs: column widths and frozen panes are set before the first row; the
auto-filter, page setup and header/footer are written after the rows.

Every count in the workbook comes from one read of the register, so the
heatmap always adds up to the register rows that carry a level.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO

import pandas as pd
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from riskmodel.domain.dates import DK, dk_date, fmt_date
from riskmodel.domain.dpia import ds_preset
from riskmodel.domain.errors import ValidationError
from riskmodel.domain.model import Actor
from riskmodel.domain.scales import Level, Preset
from riskmodel.formats.register_layout import (  # noqa: F401  (re-exported: the export's own names)
    CLASSIFICATION_LABELS,
    CONSEQUENCE_SOURCE_LABELS,
    INHERENT,
    REGISTER_COLUMNS,
    REGISTER_HEADERS,
    RESIDUAL,
    SHEET_REGISTER,
    STATUS_LABELS,
    TREATMENT_LABELS,
    Column,
)
from riskmodel.formats.xlsx_styles import StyleBook, setup_page, take_cells_as_given
from riskmodel.i18n import value_label
from riskmodel.reports import pack
from riskmodel.reports.layout import Span, fit_row_heights, fixed_print_scale, narrow_margins, print_columns
from riskmodel.services import Workbench
from riskmodel.services.common import require

Progress = Callable[[float, str], None]

SHEET_FRONT = "Forside"
SHEET_HEATMAP = "Heatmap"
SHEET_ACTIVITIES = "Behandlingsaktiviteter og DPIA"
CONCLUSION_LABELS = {"dpia_required": "DPIA påkrævet", "follow_up": "Afklares (ved ikke)",
                     "not_required": "Ikke påkrævet", "incomplete": "Screening ikke færdig"}

NO_PRINT = "AL1:AL1"  # an empty cell right of the register: the print range of a sheet that does not print
PROGRESS_EVERY = 5000  # register rows between progress calls


@dataclass
class Counts:
    """Heatmap counts of one matrix: (likelihood, consequence) -> number of risk lines."""

    cells: Counter
    unscored: int  # no likelihood or no consequence yet
    outside: int = 0  # scored on a scale larger than the municipality's matrix: no level, not in the heatmap

    @property
    def total(self) -> int:
        return sum(self.cells.values())

    def by_level(self, preset: Preset) -> dict[str, int]:
        out = {lvl.key: 0 for lvl in preset.levels}
        for (lik, con), n in self.cells.items():
            out[preset.level(lik, con).key] += n
        return out


def export_workbook(
    wb: Workbench,
    actor: Actor,
    out: BinaryIO | str | Path,
    progress: Progress | None = None,
    year: int | None = None,
    today: date | None = None,
) -> int:
    """Write the committee workbook for the annual review of ``year`` (default: this year) to ``out`` (a path or
    a binary file object). ``today`` is the date the due dates are reckoned from (default: the export date).

    The comparison sheet sets the year's baseline (or, before it is frozen, today's state) against the latest
    baseline of an earlier year. Returns the number of risk-register rows written.
    """
    require(actor, "export")
    report = progress or (lambda fraction, message: None)
    report(0.0, "Henter risikoregistret")
    register = wb.portfolio.register(actor)
    summary = wb.portfolio.summary(actor)
    preset = wb.settings.preset()
    ds = ds_preset()
    municipality = wb.settings.municipality()
    exported = datetime.now(DK).date()
    today = today or exported
    year = year or today.year
    if isinstance(year, bool) or not isinstance(year, int) or not 2000 <= year <= today.year + 1:
        raise ValidationError("err.export.bad_year", "year", year=year, last=today.year + 1)

    book = Workbook(write_only=True)
    styles = StyleBook(book, preset)
    footer = f"Årsgennemgang {year} · eksporteret {fmt_date(exported)}"
    front = book.create_sheet(SHEET_FRONT)
    heat_ws = book.create_sheet(SHEET_HEATMAP)
    comp_ws = book.create_sheet(pack.SHEET_COMPARISON)
    changes_ws = book.create_sheet(pack.SHEET_CHANGES)
    overview_ws = book.create_sheet(pack.SHEET_OVERVIEW)
    reg_ws = book.create_sheet(SHEET_REGISTER)
    plan_ws = book.create_sheet(pack.SHEET_PLAN)
    act_ws = book.create_sheet(SHEET_ACTIVITIES)
    disp_ws = book.create_sheet(pack.SHEET_DISPENSATIONS)
    review_ws = book.create_sheet(pack.SHEET_REVIEW)
    for ws in book.worksheets:
        prepare_sheet(ws, header_left=municipality, footer_right=footer)

    report(0.05, "Skriver risikoregistret")
    inherent, residual = _write_register(reg_ws, styles, preset, register, report)
    pack.write_overview(overview_ws, styles, preset, register, TREATMENT_LABELS, STATUS_LABELS)

    report(0.75, "Tegner heatmap")
    _write_heatmap(heat_ws, styles, preset, inherent, residual,
                   pack.ds_heatmap_rows(heat_ws, styles, ds, wb.portfolio.ds_heatmap(actor, residual=False),
                                        wb.portfolio.ds_heatmap(actor, residual=True)))

    report(0.78, "Sammenligner med sidste baseline")
    changes, before_label, after_label = _comparison(wb, actor, year)
    pack.write_comparison(comp_ws, styles, preset, ds, changes, before_label, after_label, changes_ws)

    report(0.84, "Skriver handlingsplanen")
    pack.write_plan(plan_ws, styles, preset, ds, wb.treatment.plan(actor, today))

    report(0.88, "Skriver behandlingsaktiviteter og DPIA")
    _write_activities(act_ws, styles, wb.portfolio.activities_register(actor))

    report(0.9, "Skriver dispensationer og gennemgangsstatus")
    pack.write_dispensations(disp_ws, styles, wb.dispensations.list(actor, today))
    items = wb.review.checklist(actor, today)
    pack.write_review(review_ws, styles, items, wb.review.due(actor, today), today)

    report(0.93, "Skriver forsiden")
    _write_front(front, styles, preset, municipality=municipality, exported=exported, actor=actor,
                 systems=summary["systems"], assessed=summary["assessed"], lines=len(register),
                 scored=inherent.total, year=year, items=items)

    report(0.95, "Gemmer projektmappen")
    fix_print_scales(book)
    _save(book, out)
    report(1.0, "Eksporten er færdig")
    return len(register)


def _comparison(wb: Workbench, actor: Actor, year: int):
    """(changes or None, before label, after label): the year's baseline (or today) against the latest earlier one."""
    baselines = wb.baselines.list(actor)
    if baselines.empty:
        return None, "", ""
    this = baselines[baselines["year"] == year]
    earlier = baselines[baselines["year"] < year]
    if earlier.empty:
        return None, "", ""
    before = earlier.iloc[-1]
    after_id = int(this.iloc[0]["id"]) if not this.empty else None
    after_label = str(year) if after_id is not None else "i dag"
    try:
        changes = wb.baselines.compare(actor, int(before["id"]), after_id)
    except ValidationError:  # scored on different matrices: no level-by-level comparison
        return None, "", ""
    return changes, str(int(before["year"])), after_label


def _save(book: Workbook, out: BinaryIO | str | Path) -> None:
    """Save; a path is written through a temporary file, so a failed export never leaves half a workbook."""
    if not isinstance(out, (str, Path)):
        book.save(out)
        return
    path = Path(out)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        book.save(str(tmp))
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def prepare_sheet(ws, *, header_left: str, footer_right: str) -> None:
    """Page setup of a pack sheet. The full register is for filtering in Excel and does not print (its 34 columns
    would print in 2-point type; the Risikooversigt sheet is its print layout); every other sheet prints at a
    readable size, with row heights that fit its wrapped text."""
    setup_page(ws, header_left=header_left, footer_right=footer_right)
    take_cells_as_given(ws)
    if ws.title == SHEET_REGISTER:
        ws.print_area = NO_PRINT
        return
    narrow_margins(ws)
    ws.sheet_properties.pageSetUpPr.fitToPage = False  # a fixed scale, set once the widths are known
    fit_row_heights(ws)


def fix_print_scales(book: Workbook) -> None:
    """After the rows (the widths are known): each printed sheet at a fixed scale that fits A4 landscape."""
    for ws in book.worksheets:
        if ws.title != SHEET_REGISTER:
            fixed_print_scale(ws)


# -- data ------------------------------------------------------------------------------
def _values(series: pd.Series) -> list[Any]:
    """A column as plain Python values, None for missing (pd.NA, NaN, NaT)."""
    return series.astype(object).where(series.notna(), None).tolist()


def _as_date(value: Any) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):  # pandas Timestamp too; a stored timestamp is UTC: its Danish date
        return dk_date(value)
    return value


def _as_int(value: Any) -> int | None:
    return None if value is None else int(value)


# -- sheets ----------------------------------------------------------------------------
def _append_rows(ws, rows: Iterable[list]) -> None:
    for row in rows:
        ws.append(row)


def _set_widths(ws, widths: Iterable[float]) -> None:
    for idx, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(idx)].width = width


def _write_register(ws, styles: StyleBook, preset: Preset, df: pd.DataFrame, report: Progress) -> tuple[Counts, Counts]:
    """One row per risk line; returns the inherent and residual heatmap counts of the same rows."""
    n = len(df)
    _set_widths(ws, (c.width for c in REGISTER_COLUMNS))
    ws.freeze_panes = "A2"  # before the first row: write-only sheets write their views first
    last_col = get_column_letter(len(REGISTER_COLUMNS))
    ws.auto_filter.ref = f"A1:{last_col}{n + 1}"
    ws.print_title_rows = "1:1"
    ws.append([styles.text(ws, c.header, "header") for c in REGISTER_COLUMNS])

    cell_levels: dict[tuple[int, int], Level] = {(lik, con): lvl for lik, con, lvl in preset.cells()}
    counts = {INHERENT: Counter(), RESIDUAL: Counter()}
    unscored = {INHERENT: 0, RESIDUAL: 0}
    outside = {INHERENT: 0, RESIDUAL: 0}
    data: dict[str, list] = {}
    for col in REGISTER_COLUMNS:
        for field in (col.pair or ()) if col.kind == "level" else (col.field,):
            if field not in data:
                data[field] = _values(df[field])
    for field in (*INHERENT, *RESIDUAL):
        data[field] = [_as_int(v) for v in data[field]]

    text, cell = styles.text, styles.cell
    for i in range(n):
        row: list[Any] = []
        for col in REGISTER_COLUMNS:
            if col.kind == "level":
                key = (data[col.pair[0]][i], data[col.pair[1]][i])
                level = cell_levels.get(key)
                if level is None:
                    if key[0] is None or key[1] is None:
                        unscored[col.pair] += 1
                    else:  # scored on another scale than the municipality's matrix
                        outside[col.pair] += 1
                    row.append(None)
                else:
                    counts[col.pair][key] += 1
                    row.append(text(ws, level.label("da"), f"level:{level.key}"))
                continue
            value = data[col.field][i]
            if value is None or value == "":
                row.append(None)
            elif col.kind == "int":
                row.append(int(value))
            elif col.kind == "date":
                row.append(cell(ws, _as_date(value), "date"))
            elif col.kind == "label":
                row.append(text(ws, col.labels.get(value, value)))
            else:
                row.append(text(ws, value, col.kind))
        ws.append(row)
        if (i + 1) % PROGRESS_EVERY == 0:
            report(0.05 + 0.68 * (i + 1) / n, f"Skriver risikoregistret: {i + 1:,} af {n:,} linjer".replace(",", "."))
    return (Counts(counts[INHERENT], unscored[INHERENT], outside[INHERENT]),
            Counts(counts[RESIDUAL], unscored[RESIDUAL], outside[RESIDUAL]))


def _step_label(value: int, label: str) -> str:
    return f"{value} – {label}"


def heatmap_layout(preset: Preset) -> dict[str, int]:
    """Row numbers of the heatmap sheet (1-based): where each matrix and the legend start.

    Per matrix: a section title row, a header row (consequences), one row per
    likelihood (highest first), an 'I alt' row, a note and a blank row. Column A holds likelihood labels,
    columns B.. the consequences, the column after them the row totals.
    """
    size = preset.size
    inherent = 4
    residual = inherent + size + 5
    legend = residual + size + 5
    levels = legend + len(preset.levels) + 3
    return {"inherent": inherent, "residual": residual, "legend": legend, "levels": levels}


def _matrix_rows(ws, styles: StyleBook, preset: Preset, title: str, counts: Counts) -> list[list]:
    size = preset.size
    rows: list[list] = [[styles.text(ws, title, "section")]]
    rows.append(
        [styles.text(ws, "Sandsynlighed ↓ / Konsekvens →", "axis_left")]
        + [styles.text(ws, _step_label(s.value, s.label("da")), "axis") for s in preset.consequence]
        + [styles.text(ws, "I alt", "total")]
    )
    for lik in range(size, 0, -1):
        row = [styles.text(ws, _step_label(lik, preset.likelihood_step(lik).label("da")), "axis_left")]
        for con in range(1, size + 1):
            level = preset.level(lik, con)
            row.append(styles.cell(ws, counts.cells.get((lik, con), 0), f"heat:{level.key}"))
        row.append(styles.cell(ws, sum(counts.cells.get((lik, con), 0) for con in range(1, size + 1)), "total"))
        rows.append(row)
    totals = [styles.text(ws, "I alt", "total_label")]
    totals += [styles.cell(ws, sum(counts.cells.get((lik, con), 0) for lik in range(1, size + 1)), "total")
               for con in range(1, size + 1)]
    totals.append(styles.cell(ws, counts.total, "total"))
    rows.append(totals)
    return rows


def _unscored_note(counts: Counts, preset: Preset) -> str:
    note = f"Ikke scoret: {counts.unscored} risikolinjer."
    if counts.outside:
        note += (f" Scoret på en anden skala end matrixens 1-{preset.size} og derfor ikke med: "
                 f"{counts.outside} risikolinjer.")
    return note


def _write_heatmap(ws, styles: StyleBook, preset: Preset, inherent: Counts, residual: Counts,
                   more: list[list] | None = None) -> None:
    size = preset.size
    layout = heatmap_layout(preset)
    _set_widths(ws, [28] + [16] * size + [9, 10])
    last = size + 2  # the matrices' total column: what prints

    def note(text: str) -> list:
        return [Span(styles.text(ws, text, "subtitle"), last)]

    rows: list[list] = [
        [styles.text(ws, "Heatmap: antal risikolinjer pr. felt i risikomatrixen", "title")],
        note(f"Matrix: {preset.name('da')}. Rækker: sandsynlighed (højeste øverst). "
             "Kolonner: konsekvens (den højeste af fortrolighed, integritet og tilgængelighed)."),
        [],
    ]
    assert len(rows) + 1 == layout["inherent"]
    rows += _matrix_rows(ws, styles, preset, "Iboende risiko (før nye foranstaltninger)", inherent)
    rows += [note(_unscored_note(inherent, preset)), []]
    assert len(rows) + 1 == layout["residual"]
    rows += _matrix_rows(ws, styles, preset, "Restrisiko (efter planlagte foranstaltninger)", residual)
    rows += [note(_unscored_note(residual, preset) + " Hvor restrisikoen ikke er vurderet, tæller den iboende risiko."),
             []]

    assert len(rows) + 1 == layout["legend"]
    rows.append([styles.text(ws, "Forklaring", "section")])
    rows.append([styles.text(ws, "Risikoniveau", "header"), styles.text(ws, "Betydning", "header")])
    for entry in preset.legend():
        lvl = entry.level
        rows.append([styles.text(ws, lvl.label("da"), f"swatch:{lvl.key}"),
                     Span(styles.text(ws, lvl.definition("da"), "legend_text"), last)])
    rows.append([])

    assert len(rows) + 1 == layout["levels"]
    rows.append([styles.text(ws, "Fordeling pr. risikoniveau", "section")])
    rows.append([styles.text(ws, "Risikoniveau", "header"), styles.text(ws, "Iboende", "header"),
                 styles.text(ws, "Restrisiko", "header"), styles.text(ws, "Felter (sandsynlighed/konsekvens)", "header")])
    by_inherent, by_residual = inherent.by_level(preset), residual.by_level(preset)
    for entry in preset.legend():
        lvl = entry.level
        cells = ", ".join(f"{lik}/{con}" for lik, con in sorted(entry.cells, key=lambda c: (-c[0], c[1])))
        rows.append([styles.text(ws, lvl.label("da"), f"swatch:{lvl.key}"),
                     styles.cell(ws, by_inherent[lvl.key], "int"), styles.cell(ws, by_residual[lvl.key], "int"),
                     styles.text(ws, cells, "wrap")])
    rows.append([styles.text(ws, "I alt", "total_label"), styles.cell(ws, inherent.total, "total"),
                 styles.cell(ws, residual.total, "total")])
    rows.append([styles.text(ws, "Ikke scoret", "label"), styles.cell(ws, inherent.unscored, "int"),
                 styles.cell(ws, residual.unscored, "int")])
    if inherent.outside or residual.outside:
        rows.append([styles.text(ws, "Uden for matrixen", "label"), styles.cell(ws, inherent.outside, "int"),
                     styles.cell(ws, residual.outside, "int")])
    _append_rows(ws, rows + (more or []))
    print_columns(ws, last, len(rows) + len(more or []))


def _write_front(ws, styles: StyleBook, preset: Preset, *, municipality: str, exported: date, actor: Actor,
                 systems: int, assessed: int, lines: int, scored: int, year: int | None = None,
                 items: list | None = None) -> None:
    _set_widths(ws, [40, 90])

    def fact(label: str, value: Any) -> list:
        if isinstance(value, str):
            return [styles.text(ws, label, "label"), styles.text(ws, value, "wrap")]
        key = "date_left" if isinstance(value, date) else "left"
        return [styles.text(ws, label, "label"), styles.cell(ws, value, key)]

    _append_rows(ws, [
        [styles.text(ws, "Risikovurdering af kommunens systemer", "title")],
        [styles.text(ws, "Årsgennemgang til informationssikkerhedsudvalget", "subtitle")],
        [],
        fact("Kommune", municipality),
        *([fact("År", year)] if year else []),
        fact("Eksportdato", exported),
        fact("Risikomatrix", preset.name("da")),
        fact("Aktive systemer", systems),
        fact("Systemer med risikovurdering", assessed),
        fact("Risikolinjer", lines),
        fact("Heraf scoret", scored),
        fact("Eksporteret af", actor.display_name),
        [],
        [styles.text(ws, "Indhold", "section")],
        fact(SHEET_HEATMAP, "Antal risikolinjer pr. felt i matrixen, før (iboende) og efter foranstaltninger "
                            "(restrisiko), for systemerne og for de registrerede, med forklaring af risikoniveauerne."),
        fact(pack.SHEET_COMPARISON, "Bevægelsen siden sidste års baseline: nye, fjernede, op, ned og uændrede "
                                    "risikolinjer, pr. system og felt i matrixen."),
        fact(pack.SHEET_CHANGES, "Hver risikolinje, der er ny, fjernet eller har skiftet niveau siden sidste "
                                 "baseline, med felt og niveau før og efter."),
        fact(pack.SHEET_OVERVIEW, "Én række pr. risikolinje med system, trussel, niveau før og efter, behandling, "
                                  "ansvarlig, frist og vurderingens status; højeste restrisiko først. Udskriften viser "
                                  "linjerne, hvis restrisiko kræver handling; arket har dem alle."),
        fact(SHEET_REGISTER, "Én række pr. risikolinje i de gældende risikovurderinger af aktive systemer, med alle "
                             "kolonner, til filtrering i Excel og import efter rettelser. Udskrives ikke."),
        fact(pack.SHEET_PLAN, "Alle foranstaltninger med ansvarlig, frist, status og de Annex A-kontroller, de "
                              "understøtter; åbne først, overskredne øverst. Udskriften viser de åbne."),
        fact(SHEET_ACTIVITIES, "Kommunens behandlingsaktiviteter med DPIA-screening (de ni kriterier), konklusion, "
                               "gennemført konsekvensanalyse og risikoniveauer for de registrerede."),
        fact(pack.SHEET_DISPENSATIONS, "Dispensationer fra håndbogens krav med alternative sikringsforanstaltninger "
                                       "og udløbsdato."),
        fact(pack.SHEET_REVIEW, "Tjeklisten fra politikken med årets tal, og systemer hvis gennemgang er forfalden."),
    ])
    if items:
        rows = [[], [styles.text(ws, "Nøgletal fra gennemgangen", "section")]]
        for it in items:
            rows.append([styles.text(ws, pack.CHECK_DA[it.key], "label"), styles.text(ws, pack.figure_text(it), "wrap")])
        _append_rows(ws, rows)
    _append_rows(ws, pack.method_rows(ws, styles, preset))


def _write_activities(ws, styles: StyleBook, df: pd.DataFrame) -> None:
    """One row per processing activity: what, why, on what basis, its screening and the risk to the data subjects."""
    from riskmodel.domain import dpia

    ds = dpia.ds_preset()
    criteria = dpia.criteria()
    headers = (["Behandlingsaktivitet", "Afdeling", "Ansvarlig", "Formål", "Retsgrundlag", "Personoplysninger",
                "Registrerede", "Antal registrerede", "Systemer"]
               + [c["da"] for c in criteria]
               + ["Konklusion", "Begrundelse", "Mangler DPIA", "DPIA gennemført", "DPIA dato", "DPIA henvisning",
                  "Vurdering af de registreredes risiko", "Risikolinjer", "Højeste iboende niveau",
                  "Højeste restrisikoniveau", "Restrisiko pr. niveau"])
    widths = [30, 22, 20, 40, 34, 22, 24, 12, 34] + [14] * len(criteria) + [20, 50, 10, 10, 12, 18, 16, 10, 14, 14, 24]
    # What prints (A4 landscape) comes first, with print widths; the rest stays in the sheet for filtering.
    printed = {"Behandlingsaktivitet": 22, "Afdeling": 16, "Systemer": 20, "Konklusion": 14, "Mangler DPIA": 9,
               "DPIA gennemført": 10, "Vurdering af de registreredes risiko": 14, "Højeste iboende niveau": 12,
               "Højeste restrisikoniveau": 12}
    order = [headers.index(h) for h in printed] + [i for i, h in enumerate(headers) if h not in printed]
    headers = [headers[i] for i in order]
    _set_widths(ws, [printed.get(h, widths[i]) for h, i in zip(headers, order, strict=True)])
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(df) + 1}"
    ws.print_title_rows = "1:1"
    print_columns(ws, len(printed), len(df) + 1)
    ws.append([styles.text(ws, h, "header") for h in headers])
    answer_da = {a["key"]: a["da"] for a in dpia.screening_rules()["answers"]}
    for r in df.to_dict("records"):
        def names(kind, codes):
            return ", ".join(dpia.label(kind, c) for c in codes)

        row = [styles.text(ws, r["name"], "wrap"), styles.text(ws, r["department"], "wrap"),
               styles.text(ws, r["responsible"]),
               styles.text(ws, r["purpose"], "wrap"), styles.text(ws, names("legal_bases", r["legal_bases"]), "wrap"),
               styles.text(ws, ", ".join(value_label("data_category", c) for c in r["data_categories"]), "wrap"),
               styles.text(ws, names("subject_categories", r["subject_categories"]), "wrap"),
               styles.text(ws, r["subjects_band"]), styles.text(ws, ", ".join(r["systems"]), "wrap")]
        for c in criteria:
            answer, note = r["answers"].get(c["key"], (None, ""))
            shown = answer_da.get(answer, "Ikke besvaret") + (f": {note}" if note else "")
            row.append(styles.text(ws, shown, "wrap"))
        info = r["ds"]
        row += [styles.text(ws, CONCLUSION_LABELS[r["conclusion"]], "wrap"), styles.text(ws, r["reasons"]),
                styles.text(ws, "Ja" if r["dpia_missing"] else "Nej"), styles.text(ws, "Ja" if r["dpia_done"] else "Nej"),
                styles.cell(ws, _as_date(r["dpia_date"]) if pd.notna(r["dpia_date"]) else None, "date"),
                styles.text(ws, r["dpia_ref"] or ""),
                styles.text(ws, STATUS_LABELS.get(r["ds_status"], "Ikke startet") if r["ds_status"] else "Ikke startet",
                            "wrap"),
                styles.cell(ws, int(info["lines"]), "int")]
        for kind in ("inherent", "residual"):
            idx = info[kind]
            row.append(None if idx is None else styles.text(ws, ds.levels[idx].label("da"), f"dslevel:{ds.levels[idx].key}"))
        counts = info.get("counts") or {}
        summary = ", ".join(f"{ds.level_by_key(k).label('da')} {n}" for k, n in counts.items())
        row.append(styles.text(ws, summary, "wrap") if summary else None)
        ws.append([row[i] for i in order])
