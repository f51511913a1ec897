"""The annual review sheets of the committee pack: the comparison with the previous baseline,
the treatment plan, the dispensations, the review checklist, the data-subject heatmap and
the method with its scales.

Each writer takes a write-only sheet, the StyleBook and data already read through the
services, and appends rows. User text goes through ``StyleBook.text`` (always a text cell);
dates are real Excel dates shown dd-mm-yyyy.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from typing import Any

import pandas as pd
from openpyxl.utils import get_column_letter

from riskmodel.domain import annex_a
from riskmodel.domain.baseline import LineChange, by_entity, movement, status_counts
from riskmodel.domain.codes import MeasureStatus
from riskmodel.domain.dates import dk_date, fmt_date
from riskmodel.domain.scales import Preset
from riskmodel.formats.xlsx_safety import thousands
from riskmodel.formats.xlsx_styles import StyleBook, header_footer_text
from riskmodel.i18n import value_label
from riskmodel.reports.layout import Span, print_columns

SHEET_COMPARISON = "Sammenligning"
SHEET_CHANGES = "Ændrede linjer"  # the comparison's changed lines, one table with its header on every page
SHEET_OVERVIEW = "Risikooversigt"
SHEET_PLAN = "Handlingsplan"
SHEET_DISPENSATIONS = "Dispensationer"
SHEET_REVIEW = "Gennemgangsstatus"

STATUS_DA = {"new": "Ny", "removed": "Fjernet", "up": "Op", "down": "Ned", "unchanged": "Uændret"}
LENS_DA = {"org": "System", "ds": "Behandlingsaktivitet"}
CHECK_DA = {
    "approved_recent": "Systemer med en godkendt risikovurdering, der højst er 12 måneder gammel",
    "activities_ds": "Behandlingsaktiviteter med en vurdering af risikoen for de registrerede",
    "dpia_missing": "Behandlingsaktiviteter, hvor en konsekvensanalyse (DPIA) er påkrævet, men mangler",
    "high_open": "Høje restrisici uden foranstaltning eller accept",
    "measures_overdue": "Foranstaltninger, hvis frist er overskredet",
    "dispensations": "Dispensationer, der udløber inden for 30 dage eller er udløbet",
    "changes_pending": "Væsentlige ændringer, der endnu ikke er revurderet",
}
CHECK_WHY = {
    "approved_recent": "Politikken kræver, at risikovurderingen opdateres mindst én gang om året.",
    "activities_ds": "Databeskyttelsesforordningen kræver, at risikoen for de registreredes rettigheder vurderes.",
    "dpia_missing": "En behandling med høj risiko kræver en konsekvensanalyse før den tages i brug (art. 35).",
    "high_open": "En høj restrisiko skal behandles med en foranstaltning eller accepteres udtrykkeligt.",
    "measures_overdue": "Handlingsplanen følges op: en overskredet frist kræver en ny frist eller en beslutning.",
    "dispensations": "En afvigelse gælder kun til sin udløbsdato; fornyelse kræver en ny godkendelse.",
    "changes_pending": "Væsentlige ændringer i opgaver, leverandører, systemer eller brug kræver en ny vurdering.",
}


def _widths(ws, widths: list[float]) -> None:
    for idx, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(idx)].width = width


def _table_head(ws, styles: StyleBook, headers: list[str], widths: list[float], rows: int, start: int = 1) -> None:
    """Widths, frozen header, filter and repeated title row: all set before the first row (write-only)."""
    _widths(ws, widths)
    ws.freeze_panes = f"A{start + 1}"
    ws.auto_filter.ref = f"A{start}:{get_column_letter(len(headers))}{start + max(rows, 0)}"
    ws.print_title_rows = f"{start}:{start}"


def _level(ws, styles: StyleBook, preset: Preset, idx, prefix: str = "level") -> Any:
    if idx is None or pd.isna(idx):
        return None
    lvl = preset.levels[int(idx)]
    return styles.text(ws, lvl.label("da"), f"{prefix}:{lvl.key}")


def _date(ws, styles: StyleBook, value) -> Any:
    """A real Excel date (shown dd-mm-yyyy), or an empty cell."""
    if value is None or pd.isna(value):
        return None
    if isinstance(value, datetime):  # pandas Timestamp too; a stored timestamp is UTC: its Danish date
        value = dk_date(value)
    return styles.cell(ws, value, "date")


# -- Sammenligning -------------------------------------------------------------------------
def write_comparison(ws, styles: StyleBook, preset: Preset, ds: Preset, changes: list[LineChange] | None,
                     before_label: str, after_label: str, lines_ws=None) -> None:
    """The movement since the previous baseline: counts, per system, the cell moves, and every changed line.

    With ``lines_ws`` the changed lines are a table of their own on that sheet, its header row repeated on every
    printed page (on paper, a list deep in this sheet would run over pages with no column headings)."""
    if changes is None:
        _widths(ws, [100])
        ws.append([styles.text(ws, "Sammenligning med sidste års baseline", "title")])
        ws.append([styles.text(ws, "Der er ingen tidligere baseline at sammenligne med. Koordinatoren fastfryser "
                                   "årets baseline på siden Baselines og udvikling; næste år vises bevægelsen her.",
                               "wrap")])
        if lines_ws is not None:
            _widths(lines_ws, [100])
            lines_ws.append([styles.text(lines_ws, "Der er ingen tidligere baseline at sammenligne med.", "wrap")])
        return
    per = by_entity(changes)
    changed = [c for c in changes if c.status != "unchanged"]
    headers = ["Type", "System / aktivitet", "Afdeling", "Trussel-ID", "Trussel", "Status", f"Felt {before_label}",
               f"Niveau {before_label}", f"Felt {after_label}", f"Niveau {after_label}"]
    _widths(ws, [18, 22, 16, 9, 24, 9, 8, 10, 8, 10])
    ws.print_title_rows = "1:1"
    counts = status_counts(changes)
    rows: list[list] = [
        [styles.text(ws, f"Sammenligning: {before_label} → {after_label} (restrisiko)", "title")],
        [Span(styles.text(ws, "Hver risikolinje er sammenlignet på sit restrisikoniveau. Ikke-scorede linjer tæller "
                              "ikke med.", "subtitle"), 10)],
        [],
        [styles.text(ws, "Status", "header"), styles.text(ws, "Risikolinjer", "header")],
    ]
    for key in ("new", "removed", "up", "down", "unchanged"):
        rows.append([styles.text(ws, STATUS_DA[key], "label"), styles.cell(ws, counts[key], "int")])
    rows += [[], [styles.text(ws, "Pr. system og behandlingsaktivitet", "section")],
             [styles.text(ws, h, "header") for h in ("Type", "System / aktivitet", "Afdeling", "Højeste før",
                                                      "Højeste efter", "Status", "Nye", "Fjernede", "Op", "Ned")]]
    for e in per:
        p = ds if e.lens == "ds" else preset
        prefix = "dslevel" if e.lens == "ds" else "level"
        rows.append([styles.text(ws, LENS_DA[e.lens], "wrap"), styles.text(ws, e.entity_name, "wrap"),
                     styles.text(ws, e.department, "wrap"),
                     _level(ws, styles, p, e.worst_before, prefix), _level(ws, styles, p, e.worst_after, prefix),
                     styles.text(ws, STATUS_DA[e.status])]
                    + [styles.cell(ws, e.counts[k], "int") for k in ("new", "removed", "up", "down")])
    moves = Counter({k: v for k, v in movement([c for c in changes if c.line.lens == "org"]).items() if k[0] != k[1]})
    rows += [[], [styles.text(ws, "Bevægelser i risikomatrixen (systemer, restrisiko)", "section")],
             [styles.text(ws, "Fra felt (sandsynlighed/konsekvens)", "header"),
              styles.text(ws, "Til felt", "header"), styles.text(ws, "Risikolinjer", "header")]]
    for (a, b), n in sorted(moves.items(), key=lambda kv: -kv[1])[:40]:
        rows.append([styles.text(ws, f"{a[0]}/{a[1]}"), styles.text(ws, f"{b[0]}/{b[1]}"), styles.cell(ws, n, "int")])
    if not moves:
        rows.append([styles.text(ws, "Ingen risikolinjer har flyttet felt.", "subtitle")])
    if lines_ws is not None:
        rows += [[], [Span(styles.text(ws, f"De {thousands(len(changed))} ændrede risikolinjer står på arket "
                                            f"'{SHEET_CHANGES}'.", "subtitle"), 10)]]
        for row in rows:
            ws.append(row)
        _table_head(lines_ws, styles, headers, [18, 22, 16, 9, 24, 9, 8, 10, 8, 10], len(changed))
        print_columns(lines_ws, len(headers), len(changed) + 1)
        ws, rows = lines_ws, [[styles.text(lines_ws, h, "header") for h in headers]]
    else:
        rows += [[], [styles.text(ws, "Ændrede risikolinjer", "section")], [styles.text(ws, h, "header") for h in headers]]
    for c in changed:
        ln = c.line
        p, prefix = (ds, "dslevel") if ln.lens == "ds" else (preset, "level")
        b, a = c.before, c.after
        rows.append([
            styles.text(ws, LENS_DA[ln.lens], "wrap"), styles.text(ws, ln.entity_name, "wrap"),
            styles.text(ws, ln.department, "wrap"),
            styles.text(ws, ln.threat_code), styles.text(ws, ln.threat_title, "wrap"), styles.text(ws, STATUS_DA[c.status]),
            styles.text(ws, f"{b.res_likelihood}/{b.res_consequence}") if b else None,
            _level(ws, styles, p, b.res_level, prefix) if b else None,
            styles.text(ws, f"{a.res_likelihood}/{a.res_consequence}") if a else None,
            _level(ws, styles, p, a.res_level, prefix) if a else None,
        ])
    for row in rows:
        ws.append(row)


# -- Risikooversigt (the register as the committee reads it on paper) --------------------------
OVERVIEW_HEADERS = ["System", "Trussel", "Niveau før", "Niveau efter", "Behandling og foranstaltning", "Ansvarlig",
                    "Frist", "Vurdering"]
OVERVIEW_WIDTHS = [20, 27, 10, 10, 29, 14, 11, 11]


def write_overview(ws, styles: StyleBook, preset: Preset, register: pd.DataFrame, treatments: dict[str, str],
                   statuses: dict[str, str], print_all: bool = False) -> int:
    """One row per risk line with the columns a committee reads, the highest residual level first. The full
    register (every column, for filtering) is its own sheet; this one is laid out to print on A4 landscape.

    A committee reads the risks above its tolerance, not a hundred pages of every line: unless ``print_all``
    (one system's report), only the lines whose residual level requires action print; the sheet keeps every
    line, and the page header says how many printed of how many. Returns the number of printed lines."""
    _table_head(ws, styles, OVERVIEW_HEADERS, OVERVIEW_WIDTHS, len(register))
    cells = {(lik, con): lvl for lik, con, lvl in preset.cells()}

    def level(lik, con):
        if lik is None or con is None or pd.isna(lik) or pd.isna(con):
            return None
        return cells.get((int(lik), int(con)))

    rows = []
    for r in register.to_dict("records"):
        before = level(r["likelihood"], r["consequence"])
        after = level(r["res_likelihood"], r["res_consequence"])
        rows.append((-(after.index if after else -1), -(before.index if before else -1), str(r["system_name"]),
                     str(r["threat_code"]), r, before, after))
    rows.sort(key=lambda t: t[:4])
    printed = len(rows) if print_all else sum(1 for *_, after in rows if after is not None and after.requires_action)
    print_columns(ws, len(OVERVIEW_HEADERS), printed + 1)
    if not print_all:
        ws.oddHeader.center.text = header_footer_text(
            f"Udskrevet: {thousands(printed)} af {thousands(len(rows))} linjer (restrisiko, der kræver handling)")
    ws.append([styles.text(ws, h, "header") for h in OVERVIEW_HEADERS])
    for *_, r, before, after in rows:
        treatment = treatments.get(r["treatment"], "") if isinstance(r["treatment"], str) else ""
        measure = r["planned_measures"] if isinstance(r["planned_measures"], str) else ""
        ws.append([
            styles.text(ws, r["system_name"], "wrap"), styles.text(ws, f"{r['threat_code']} {r['threat_title']}", "wrap"),
            styles.text(ws, before.label("da"), f"level:{before.key}") if before else styles.text(ws, "Ikke scoret"),
            styles.text(ws, after.label("da"), f"level:{after.key}") if after else styles.text(ws, "Ikke scoret"),
            styles.text(ws, ": ".join(t for t in (treatment, measure.strip()) if t), "wrap"),
            styles.text(ws, _blank(r["measure_owner"]), "wrap"), _date(ws, styles, r["measure_deadline"]),
            styles.text(ws, statuses.get(r["assessment_status"], _blank(r["assessment_status"])), "wrap"),
        ])
    return printed


def _blank(value) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


# -- Handlingsplan -------------------------------------------------------------------------
# The first eight columns print (A4 landscape); the rest stay in the sheet for filtering.
PLAN_HEADERS = ["System / aktivitet", "Trussel", "Niveau før", "Restrisiko", "Foranstaltning", "Ansvarlig", "Frist",
                "Status", "Type", "Afdeling", "Overskredet", "Gennemført den", "Annex A-kontroller",
                "Restrisiko skal revurderes"]
PLAN_WIDTHS = [20, 26, 10, 10, 29, 14, 11, 12, 18, 22, 11, 13, 34, 13]
PLAN_PRINTED = 8


def write_plan(ws, styles: StyleBook, preset: Preset, ds: Preset, plan: pd.DataFrame, print_all: bool = False) -> int:
    """The treatment plan, open measures first (overdue, then by deadline) and completed ones last. Unless
    ``print_all`` (one system's report), only the open measures print: the committee follows up on what is
    not done; the completed stay in the sheet. Returns the number of printed rows."""
    records = plan.to_dict("records")
    done = MeasureStatus.GENNEMFOERT.value
    records.sort(key=lambda r: (r["status"] == done, not r["overdue"]))  # stable: the plan's own order within
    printed = len(records) if print_all else sum(1 for r in records if r["status"] != done)
    _table_head(ws, styles, PLAN_HEADERS, PLAN_WIDTHS, len(plan))
    print_columns(ws, PLAN_PRINTED, printed + 1)
    if not print_all:
        ws.oddHeader.center.text = header_footer_text(
            f"Udskrevet: {thousands(printed)} åbne af {thousands(len(records))} foranstaltninger")
    ws.append([styles.text(ws, h, "header") for h in PLAN_HEADERS])
    for r in records:
        p, prefix = (ds, "dslevel") if r["lens"] == "ds" else (preset, "level")
        controls = "; ".join(annex_a.title_of(c) for c in r["controls"])
        status = value_label("measure_status", r["status"])
        ws.append([
            styles.text(ws, r["entity_name"], "wrap"), styles.text(ws, r["threat"], "wrap"),
            _level(ws, styles, p, r["level"], prefix), _level(ws, styles, p, r["res_level"], prefix),
            styles.text(ws, r["measure"], "wrap"), styles.text(ws, r["measure_owner"], "wrap"),
            _date(ws, styles, r["deadline"]),
            styles.text(ws, f"{status}, overskredet" if r["overdue"] else status, "wrap"),
            styles.text(ws, LENS_DA[r["lens"]]), styles.text(ws, r["department"]),
            styles.text(ws, "Ja" if r["overdue"] else "Nej"), _date(ws, styles, r["done_on"]),
            styles.text(ws, controls), styles.text(ws, "Ja" if r["residual_review"] else "Nej"),
        ])
    return printed


# -- Dispensationer ------------------------------------------------------------------------
# "Nr." first: the chair refers to a dispensation by its number. The first eight columns print: what the committee
# decides on, the reason ("Begrundelse") included (it was left off the page; found in a PDF of the pack).
DISP_HEADERS = ["Nr.", "System", "Kravet, der afviges fra", "Begrundelse", "Alternative sikringsforanstaltninger",
                "Udløber", "Status", "Afgjort af", "Anmodet af", "Afdeling", "Krav", "Anmodet den",
                "Snart udløbet (30 dage)", "Afgjort den", "Bemærkning", "Fornyer nr."]
DISP_WIDTHS = [6, 18, 22, 24, 24, 11, 11, 14, 14, 22, 16, 12, 12, 12, 30, 10]
DISP_PRINTED = 8


def write_dispensations(ws, styles: StyleBook, df: pd.DataFrame) -> None:
    _table_head(ws, styles, DISP_HEADERS, DISP_WIDTHS, len(df))
    print_columns(ws, DISP_PRINTED, len(df) + 1)
    ws.append([styles.text(ws, h, "header") for h in DISP_HEADERS])
    for r in df.to_dict("records"):
        requirement = r["requirement"]
        if r["requirement_kind"] == "annex_a":
            requirement = annex_a.title_of(requirement)
        renews = r.get("renews_id")
        ws.append([
            styles.cell(ws, int(r["id"]), "int"), styles.text(ws, r["system_name"], "wrap"),
            styles.text(ws, requirement, "wrap"), styles.text(ws, r["justification"], "wrap"),
            styles.text(ws, r["alternative_measures"], "wrap"), _date(ws, styles, r["expires_on"]),
            styles.text(ws, value_label("dispensation_status", r["state"]), "wrap"),
            styles.text(ws, r["decided_by"], "wrap"), styles.text(ws, r["requested_by"]),
            styles.text(ws, r["department"]), styles.text(ws, value_label("requirement_kind", r["requirement_kind"])),
            _date(ws, styles, r["requested_on"]),
            styles.text(ws, "Ja" if r["expiring"] else "Nej"), _date(ws, styles, r["decided_on"]),
            styles.text(ws, r["decision_note"]),
            None if renews is None or pd.isna(renews) else styles.cell(ws, int(renews), "int"),
        ])


# -- Gennemgangsstatus -----------------------------------------------------------------------
def figure_text(item, share: bool = False) -> str:
    """A checklist figure: '28 af 40' (with ' (70 %)', rounded down as on the review page, so 100 % only when
    all are in order) for a share, else the count."""
    if item.total is None:
        return str(item.value)
    text = f"{item.value} af {item.total}"
    if share and item.total:
        text += f" ({100 * item.value // item.total} %)"
    return text


def write_review(ws, styles: StyleBook, items: list, due: pd.DataFrame, today: date) -> None:
    """The annual review checklist with its figures, and the systems whose review is due."""
    _widths(ws, [46, 14, 12, 58])
    ws.print_title_rows = "1:1"
    rows: list[list] = [
        [styles.text(ws, "Gennemgangsstatus", "title")],
        [Span(styles.text(ws, f"Tjekliste fra informationssikkerhedspolitikken, opgjort den {fmt_date(today)}",
                          "subtitle"), 4)],
        [],
        [styles.text(ws, h, "header") for h in ("Punkt", "Tal", "I orden", "Hvorfor")],
    ]
    for it in items:
        figure = figure_text(it, share=True)
        rows.append([styles.text(ws, CHECK_DA[it.key], "wrap"), styles.text(ws, figure),
                     styles.text(ws, "Ja" if it.ok else "Nej"), styles.text(ws, CHECK_WHY[it.key], "wrap")])
    rows += [[], [styles.text(ws, "Systemer, hvis gennemgang er forfalden eller forfalder inden for 60 dage", "section")]]
    rows.append([styles.text(ws, h, "header") for h in ("System", "Afdeling", "Status", "Næste gennemgang")])
    for r in due.to_dict("records"):
        rows.append([styles.text(ws, r["name"], "wrap"), styles.text(ws, r["department"], "wrap"),
                     styles.text(ws, value_label("review_status", r["status"]), "wrap"),
                     _date(ws, styles, r["next_review"])])
    if due.empty:
        rows.append([styles.text(ws, "Ingen.", "subtitle")])
    for row in rows:
        ws.append(row)


# -- the data-subject heatmap and the method -------------------------------------------------
def ds_heatmap_rows(ws, styles: StyleBook, ds: Preset, inherent: dict, residual: dict) -> list[list]:
    """The data-subject matrix pair (likelihood × severity for the data subjects), below the organisation's."""
    rows: list[list] = [[], [styles.text(ws, "De registrerede: risiko for de registreredes rettigheder", "title")],
                        [Span(styles.text(ws, "Rækker: sandsynlighed (højeste øverst). Kolonner: alvor for de "
                                              "registrerede.", "subtitle"), ds.size + 2)]]
    for title, counts in (("Iboende risiko for de registrerede", inherent), ("Restrisiko for de registrerede", residual)):
        rows.append([styles.text(ws, title, "section")])
        rows.append([styles.text(ws, "Sandsynlighed ↓ / Alvor →", "axis_left")]
                    + [styles.text(ws, f"{s.value} – {s.label('da')}", "axis") for s in ds.consequence]
                    + [styles.text(ws, "I alt", "total")])
        for lik in range(ds.size, 0, -1):
            row = [styles.text(ws, f"{lik} – {ds.likelihood_step(lik).label('da')}", "axis_left")]
            for con in range(1, ds.size + 1):
                row.append(styles.cell(ws, counts.get((lik, con), 0), f"dsheat:{ds.level(lik, con).key}"))
            row.append(styles.cell(ws, sum(counts.get((lik, c), 0) for c in range(1, ds.size + 1)), "total"))
            rows.append(row)
        rows.append([styles.text(ws, "I alt", "total_label")]
                    + [styles.cell(ws, sum(counts.get((lik, c), 0) for lik in range(1, ds.size + 1)), "total")
                       for c in range(1, ds.size + 1)]
                    + [styles.cell(ws, sum(counts.values()), "total")])
    rows.append([styles.text(ws, "Forklaring", "section")])
    for lvl in ds.levels:
        rows.append([styles.text(ws, lvl.label("da"), f"dsheat:{lvl.key}"),
                     Span(styles.text(ws, lvl.definition("da"), "legend_text"), ds.size + 2)])
    return rows


METHOD = (
    "Hvert system vurderes af dets ledere i en workshop: for hver trussel scores sandsynligheden og konsekvensen for "
    "fortrolighed, integritet og tilgængelighed. Linjens konsekvens er den højeste af de tre. Risikoniveauet slås op "
    "i kommunens risikomatrix. Foranstaltninger giver en restrisiko; en restrisiko, der kræver handling, skal have en "
    "foranstaltning (hvad, hvem, frist) eller accepteres udtrykkeligt. Den ansvarlige leder godkender vurderingen. "
    "Behandlingsaktiviteter vurderes på samme måde ud fra de registreredes side (alvor for de registrerede)."
)


def method_rows(ws, styles: StyleBook, preset: Preset) -> list[list]:
    rows: list[list] = [[], [styles.text(ws, "Metode", "section")],
                        [styles.text(ws, "Sådan vurderes risikoen", "label"), styles.text(ws, METHOD, "wrap")], [],
                        [styles.text(ws, "Sandsynlighed", "section")]]
    for s in preset.likelihood:
        rows.append([styles.text(ws, f"{s.value} – {s.label('da')}", "label"), styles.text(ws, s.definition("da"), "wrap")])
    rows += [[], [styles.text(ws, "Konsekvens", "section")]]
    for s in preset.consequence:
        rows.append([styles.text(ws, f"{s.value} – {s.label('da')}", "label"), styles.text(ws, s.definition("da"), "wrap")])
    rows += [[], [styles.text(ws, "Risikoniveauer", "section")]]
    for entry in preset.legend():
        lvl = entry.level
        cells = ", ".join(f"{lik}/{con}" for lik, con in sorted(entry.cells, key=lambda c: (-c[0], c[1])))
        rows.append([styles.text(ws, lvl.label("da"), f"swatch:{lvl.key}"),
                     styles.text(ws, f"{lvl.definition('da')} Felter (sandsynlighed/konsekvens): {cells}.", "wrap")])
    return rows
