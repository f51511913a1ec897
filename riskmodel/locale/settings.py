"""Strings of the settings page."""

STRINGS = {
    "settings.title": ("Indstillinger", "Settings"),
    "settings.municipality": ("Kommunens navn", "Municipality name"),
    "settings.saved": ("Indstillingen er gemt.", "The setting was saved."),
    "settings.matrix": ("Risikomatrix", "Risk matrix"),
    "settings.matrix_help": (
        "Matrixen afgør risikoniveauet for hver kombination af sandsynlighed og konsekvens. Når I skifter, følger "
        "alle niveauer, farver og forklaringer med overalt; scorerne ændres ikke.",
        "The matrix decides the risk level of each likelihood and consequence. When you switch, every level, colour "
        "and legend follows everywhere; scores do not change.",
    ),
    "settings.use_matrix": ("Brug {name}", "Use {name}"),
    "settings.matrix_saved": ("Kommunen bruger nu {name}.", "The municipality now uses {name}."),
    "settings.matrix_current": ("Dette er kommunens nuværende matrix.", "This is the municipality's current matrix."),
    "settings.change_summary": (
        "Skiftet flytter **{cells}** af matrixens felter til et andet niveau; **{lines}** af {scored} scorede "
        "risikolinjer skifter niveau (iboende eller rest). Scorerne ændres ikke.",
        "The switch moves **{cells}** of the matrix's cells to another level; **{lines}** of {scored} scored risk "
        "lines change level (inherent or residual). Scores do not change.",
    ),
    "settings.col_likelihood": ("Sandsynlighed", "Likelihood"),
    "settings.col_consequence": ("Konsekvens", "Consequence"),
    "settings.col_before": ("Niveau nu", "Level now"),
    "settings.col_after": ("Niveau efter skift", "Level after switch"),
    "settings.col_inherent": ("Linjer (iboende)", "Lines (inherent)"),
    "settings.col_residual": ("Linjer (rest)", "Lines (residual)"),
    "settings.language": ("Sprog", "Language"),
    "settings.language_default": ("Standardsprog for nye sessioner", "Default language for new sessions"),
    "settings.db": ("Database: {path} (skemaversion {version})", "Database: {path} (schema version {version})"),
}
