"""The layout of the exported *Risikoregister* sheet: its columns (header, kind, width, field) and the labels
its cells show for stored codes. Written by the Excel export (riskmodel.reports.export) and read back by the
register import, so both sides share one definition. Pure: no store, no services.
"""

from __future__ import annotations

from dataclasses import dataclass

SHEET_REGISTER = "Risikoregister"

TREATMENT_LABELS = {"accepter": "Accepter", "reducer": "Reducer", "overfør": "Overfør", "undgå": "Undgå"}
STATUS_LABELS = {"kladde": "Kladde", "til_godkendelse": "Til godkendelse", "godkendt": "Godkendt"}
# How an imported register's single consequence column was applied to a line (risk_lines.consequence_source).
CONSEQUENCE_SOURCE_LABELS = {
    "overall": "Samlet konsekvens",
    "harms": "Én kolonne, sat på de berørte af F, I og T",
    "c": "Én kolonne, sat på fortrolighed",
    "i": "Én kolonne, sat på integritet",
    "a": "Én kolonne, sat på tilgængelighed",
}
CLASSIFICATION_LABELS = {"offentlig": "Offentlig", "intern": "Intern", "fortrolig": "Fortrolig", "følsom": "Følsom"}


@dataclass(frozen=True)
class Column:
    header: str
    kind: str  # text | wrap | int | date | label | level
    width: float
    field: str | None = None  # column of PortfolioService.register()
    labels: dict[str, str] | None = None  # kind 'label': stored value -> Danish label
    pair: tuple[str, str] | None = None  # kind 'level': (likelihood, consequence) fields


INHERENT = ("likelihood", "consequence")
RESIDUAL = ("res_likelihood", "res_consequence")

REGISTER_COLUMNS: tuple[Column, ...] = (
    Column("System", "text", 28, "system_name"),
    Column("Afdeling", "text", 22, "department"),
    Column("Systemejer", "text", 20, "system_owner"),
    Column("Klassifikation", "label", 14, "classification", CLASSIFICATION_LABELS),
    Column("Trussel-ID", "text", 11, "threat_code"),
    Column("Trussel", "wrap", 40, "threat_title"),
    Column("Kategori", "text", 18, "category"),
    Column("Scenarie", "wrap", 45, "scenario"),
    Column("Eksisterende foranstaltninger", "wrap", 40, "existing_measures"),
    Column("Fortrolighed", "int", 12, "cons_c"),
    Column("Integritet", "int", 11, "cons_i"),
    Column("Tilgængelighed", "int", 14, "cons_a"),
    Column("Sandsynlighed", "int", 13, "likelihood"),
    Column("Konsekvens", "int", 12, "consequence"),
    # Blank for a line scored here; "Samlet konsekvens" where an imported register gave one overall figure
    # (F, I and T then stay blank rather than three invented figures).
    Column("Konsekvens angivet som", "label", 18, "consequence_source", CONSEQUENCE_SOURCE_LABELS),
    Column("Risikoniveau", "level", 14, pair=INHERENT),
    Column("Behandling", "label", 12, "treatment", TREATMENT_LABELS),
    Column("Planlagte foranstaltninger", "wrap", 40, "planned_measures"),
    Column("Ansvarlig", "text", 18, "measure_owner"),
    Column("Frist", "date", 12, "measure_deadline"),
    # The residual scores as entered (blank where not assessed); the level falls back to inherent.
    Column("Rest-sandsynlighed", "int", 12, "residual_likelihood"),
    Column("Rest-konsekvens", "int", 12, "residual_consequence"),
    Column("Restrisikoniveau", "level", 15, pair=RESIDUAL),
    Column("Risikoejer", "text", 18, "risk_owner"),
    Column("Begrundelse", "wrap", 40, "score_rationale"),
    Column("Accepteret af", "text", 18, "accepted_by"),
    Column("Accepteret den", "date", 12, "accepted_on"),
    Column("Beslutning om accept", "wrap", 30, "acceptance_ref"),
    Column("Accept udløber", "date", 12, "acceptance_expires"),
    Column("Vurderingsstatus", "label", 16, "assessment_status", STATUS_LABELS),
    Column("År", "int", 7, "assessment_year"),
    Column("Deltagere", "wrap", 45, "participants"),
    Column("Godkendelse", "wrap", 40, "approval"),
    # Which line a row is, and the version exported: an import of the edited sheet changes exactly
    # the edited lines, and refuses a row whose line someone has changed since the export.
    Column("Linje-ID", "int", 9, "line_id"),
    Column("Linjeversion", "int", 9, "line_version"),
)
REGISTER_HEADERS = tuple(c.header for c in REGISTER_COLUMNS)
