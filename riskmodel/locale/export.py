"""Strings of the export page."""

STRINGS = {
    "export.title": ("Excel-eksport", "Excel export"),
    "export.intro": (
        "Risikoregistret og heatmaps som Excel-projektmappe til informationssikkerhedsudvalget.",
        "The risk register and heatmaps as an Excel workbook for the information security committee.",
    ),
    "export.build": ("Dan Excel-filen", "Build the Excel file"),
    "export.building": ("Danner projektmappen ...", "Building the workbook ..."),
    "export.ready": ("Færdig: {n} risikolinjer.", "Done: {n} risk lines."),
    "export.download": ("Hent Excel-filen ({n} risikolinjer)", "Download the Excel file ({n} risk lines)"),
    "export.contents": (
        "Arkene: Forside, Risikoregister (én række pr. risikolinje) og Heatmap (iboende og restrisiko).",
        "Sheets: cover, risk register (one row per risk line) and heatmap (inherent and residual).",
    ),
}
