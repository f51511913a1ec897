"""One system's report, for its owner and the data protection officer: the committee pack's
style and sheets, limited to the one system.

Whoever may read the system may have its report (a leder for the systems of their own
departments or that they own); the services check it on every read.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO

import pandas as pd
from openpyxl import Workbook

from riskmodel.domain import review
from riskmodel.domain.dates import DK, fmt_date
from riskmodel.domain.dpia import ds_preset
from riskmodel.domain.model import Actor
from riskmodel.formats.xlsx_styles import StyleBook
from riskmodel.i18n import value_label
from riskmodel.reports import pack
from riskmodel.reports.export import (
    SHEET_ACTIVITIES,
    SHEET_HEATMAP,
    SHEET_REGISTER,
    STATUS_LABELS,
    TREATMENT_LABELS,
    Progress,
    _save,
    _set_widths,
    _write_activities,
    _write_heatmap,
    _write_register,
    fix_print_scales,
    prepare_sheet,
)
from riskmodel.services import Workbench

SHEET_SYSTEM = "System"
SHEET_CHANGES = "Ændringer"
SHEETS = [SHEET_SYSTEM, SHEET_HEATMAP, pack.SHEET_OVERVIEW, SHEET_REGISTER, pack.SHEET_PLAN, SHEET_ACTIVITIES,
          pack.SHEET_DISPENSATIONS,
          SHEET_CHANGES]


def report_file_name(name: str, when: date) -> str:
    """A file name from the system's name: letters, digits and dashes only."""
    slug = "".join(c if c.isalnum() else "-" for c in name.strip().lower()).strip("-")
    while "--" in slug:
        slug = slug.replace("--", "-")
    return f"risikorapport-{slug[:60] or 'system'}-{when:%Y-%m-%d}.xlsx"


def export_system_report(wb: Workbench, actor: Actor, system_id: int, out: BinaryIO | str | Path,
                         progress: Progress | None = None, today: date | None = None) -> int:
    """Write the system's report to ``out``; returns its number of risk lines."""
    report = progress or (lambda fraction, message: None)
    report(0.0, "Henter systemet")
    system = wb.systems.get(actor, system_id)  # checks that the actor may read it
    exported = datetime.now(DK).date()
    today = today or exported
    preset, ds = wb.settings.preset(), ds_preset()
    register = wb.portfolio.register(actor, system_id)
    plan = wb.treatment.plan(actor, today)
    plan = plan[(plan["lens"] == "org") & (plan["entity_id"] == system_id)].reset_index(drop=True)
    reviews = wb.review.systems(actor, today)
    rv = reviews[reviews["system_id"] == system_id]
    assessment = wb.assessments.current(actor, system_id)
    state = wb.signoff.state(actor, assessment.id, today) if assessment else None

    book = Workbook(write_only=True)
    styles = StyleBook(book, preset)
    sheets = {name: book.create_sheet(name) for name in SHEETS}
    for ws in sheets.values():
        prepare_sheet(ws, header_left=f"{wb.settings.municipality()} · {system.name}",
                      footer_right=f"Risikorapport · {fmt_date(exported)}")

    report(0.1, "Skriver risikoregistret")
    inherent, residual = _write_register(sheets[SHEET_REGISTER], styles, preset, register, report)
    pack.write_overview(sheets[pack.SHEET_OVERVIEW], styles, preset, register, TREATMENT_LABELS, STATUS_LABELS,
                        print_all=True)
    report(0.7, "Tegner heatmap")
    _write_heatmap(sheets[SHEET_HEATMAP], styles, preset, inherent, residual)
    report(0.8, "Skriver handlingsplan, behandlingsaktiviteter og dispensationer")
    pack.write_plan(sheets[pack.SHEET_PLAN], styles, preset, ds, plan, print_all=True)
    _write_activities(sheets[SHEET_ACTIVITIES], styles, wb.portfolio.activities_register(actor, system_id))
    pack.write_dispensations(sheets[pack.SHEET_DISPENSATIONS], styles, wb.dispensations.list(actor, today, system_id))
    _write_changes(sheets[SHEET_CHANGES], styles, wb.review.changes(actor, system_id))
    report(0.9, "Skriver forsiden")
    _write_system(sheets[SHEET_SYSTEM], styles, wb, system, exported, actor, register, inherent.total,
                  rv.iloc[0].to_dict() if not rv.empty else None, assessment, state)
    report(0.95, "Gemmer projektmappen")
    fix_print_scales(book)
    _save(book, out)
    report(1.0, "Rapporten er færdig")
    return len(register)


def _write_system(ws, styles: StyleBook, wb: Workbench, s, exported: date, actor: Actor, register: pd.DataFrame,
                  scored: int, rv: dict | None, assessment, state) -> None:
    _set_widths(ws, [40, 90])

    def fact(label: str, value: Any) -> list:
        if value is None or value == "":
            return [styles.text(ws, label, "label"), None]
        if isinstance(value, str):
            return [styles.text(ws, label, "label"), styles.text(ws, value, "wrap")]
        key = "date_left" if isinstance(value, date) else "left"
        return [styles.text(ws, label, "label"), styles.cell(ws, value, key)]

    dpa = ("Ja" + (f", {fmt_date(s.dpa_date)}" if s.dpa_date else "")) if s.dpa else "Nej"
    rows: list[list] = [
        [styles.text(ws, f"Risikorapport: {s.name}", "title")],
        [styles.text(ws, "Til systemejeren og databeskyttelsesrådgiveren", "subtitle")],
        [],
        fact("Kommune", wb.settings.municipality()),
        fact("Rapportdato", exported),
        fact("System", s.name),
        fact("Beskrivelse", s.description),
        fact("Afdeling", s.department),
        fact("Systemejer", s.owner),
        fact("Leverandør", s.supplier),
        fact("Databehandleraftale", dpa),
        fact("Klassifikation", value_label("classification", s.classification)),
        fact("Personoplysninger", ", ".join(value_label("data_category", c) for c in s.data_categories)),
        fact("Antal registrerede", value_label("subjects_band", s.subjects_band)),
        fact("Kritikalitet", value_label("criticality", s.criticality)),
        fact("Drift", value_label("hosting", s.hosting)),
        [],
        [styles.text(ws, "Risikovurdering", "section")],
    ]
    if assessment is None:
        rows.append(fact("Status", "Ikke vurderet"))
    else:
        rows += [fact("År", assessment.year), fact("Status", value_label("assessment_status", assessment.status)),
                 fact("Risikolinjer", len(register)), fact("Heraf scoret", scored)]
        if state is not None and state.approval:
            ap = state.approval
            who = ap["approver_name"] + (f" (registreret af {ap['on_behalf_of']})" if ap.get("on_behalf_of") else "")
            rows.append(fact("Godkendt af", f"{who}, {fmt_date(ap['approved_at'])}"))
        elif state is not None and state.outdated:
            rows.append(fact("Godkendelse", f"Forældet: {state.outdated.get('outdated_reason') or ''}"))
        if state is not None and state.open_items:
            n = len(state.open_items)
            rows.append(fact("Mangler en beslutning", f"{n} punkt" if n == 1 else f"{n} punkter"))
    if rv is not None:
        status = rv["status"]
        rows += [[], [styles.text(ws, "Gennemgang", "section")],
                 fact("Seneste godkendelse", rv["approved_on"] if rv["approved_on"] else "Aldrig"),
                 fact("Interval (måneder)", int(rv["interval"])),
                 fact("Næste gennemgang", rv["next_review"] if rv["next_review"] else "Efter første godkendelse"),
                 fact("Status", value_label("review_status", status)),
                 fact("Væsentlige ændringer ikke revurderet", int(rv["pending_changes"]))]
        if rv["interval"] < s.review_interval:
            rows.append(fact("Bemærk", f"Intervallet er sat til {s.review_interval} måneder, men højst "
                                       f"{review.max_interval(s.classification)} for et {s.classification} system."))
    rows.append(fact("Rapport dannet af", actor.display_name))
    rows += pack.method_rows(ws, styles, wb.settings.preset())
    for row in rows:
        ws.append(row)


def _write_changes(ws, styles: StyleBook, df: pd.DataFrame) -> None:
    headers = ["Dato", "Type", "Begrundelse", "Registreret af", "Revurderet"]
    _set_widths(ws, [12, 20, 56, 18, 24])
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    ws.append([styles.text(ws, h, "header") for h in headers])
    for r in df.to_dict("records"):
        reassessed = r["reassessed_at"]
        ws.append([
            styles.cell(ws, r["changed_on"], "date"), styles.text(ws, value_label("change_kind", r["kind"])),
            styles.text(ws, r["reason"], "wrap"), styles.text(ws, r["recorded_by"]),
            styles.text(ws, f"Ja, godkendt {fmt_date(reassessed)}" if reassessed is not None and not pd.isna(reassessed)
                        else "Nej"),
        ])
