"""Strings of the export page."""

STRINGS = {
    "export.title": ("Excel-eksport", "Excel export"),
    "export.intro": (
        "Risikoregistret og heatmaps som Excel-projektmappe til informationssikkerhedsudvalget.",
        "The risk register and heatmaps as an Excel workbook for the information security committee.",
    ),
    "export.build": ("Dan Excel-filen", "Build the Excel file"),
    "export.year": ("Årsgennemgang for år", "Annual review of year"),
    "export.year_help": (
        "Pakken sammenligner årets baseline (eller i dag, hvis året ikke er fastfrosset) med seneste baseline før året.",
        "The pack compares the year's baseline (or today, if the year is not frozen) with the latest baseline before it.",
    ),
    "export.pack_head": ("Udvalgets Excel-pakke", "The committee's Excel pack"),
    "export.building": ("Danner projektmappen ...", "Building the workbook ..."),
    "export.ready": ("Færdig: {n} risikolinjer.", "Done: {n} risk lines."),
    "export.download": ("Hent Excel-filen ({n} risikolinjer)", "Download the Excel file ({n} risk lines)"),
    "export.contents": (
        "Arkene: Forside (nøgletal, metode og skalaer), Heatmap (systemer og de registrerede, iboende og restrisiko), "
        "Sammenligning (med sidste baseline), Risikooversigt (system, trussel, niveau før og efter, behandling, "
        "ansvarlig, frist og status; udskriften viser linjerne, hvis restrisiko kræver handling), Risikoregister (alle "
        "kolonner, til filtrering; udskrives ikke), Handlingsplan (udskriften viser de åbne foranstaltninger), Behandlingsaktiviteter og DPIA, Dispensationer og Gennemgangsstatus.",
        "Sheets: cover (key figures, method and scales), heatmap (systems and data subjects, inherent and residual), "
        "comparison (with the last baseline), risk overview (system, threat, level before and after, treatment, owner, "
        "deadline and status; the printout shows the lines whose residual risk requires action), risk register "
        "(every column, for filtering; not printed), treatment plan (the printout shows the open measures), processing activities and DPIA, dispensations and review status.",
    ),
}
