"""Strings of the portfolio heatmap page."""

STRINGS = {
    "heatmap.title": ("Heatmap over alle systemer", "Heatmap of all systems"),
    "heatmap.intro": (
        "Hver risikolinje i hvert systems gældende vurdering, talt pr. felt. Matrix: {preset}.",
        "Every risk line of every system's current assessment, counted per cell. Matrix: {preset}.",
    ),
    "heatmap.live": (
        "Siden opdaterer sig selv, når nogen gemmer en score.",
        "The page updates itself when anyone saves a score.",
    ),
    "heatmap.view": ("Vis", "Show"),
    "heatmap.total": ("{n} scorede risici", "{n} scored risks"),
    "heatmap.legend": ("Forklaring", "Legend"),
    "heatmap.click_hint": (
        "Klik på et felt for at se dets risici og åbne vurderingerne.",
        "Click a cell to list its risks and open their assessments.",
    ),
    "heatmap.cell_head": (
        "{n} risici med sandsynlighed {lik} og konsekvens {con} ({level})",
        "{n} risks with likelihood {lik} and consequence {con} ({level})",
    ),
    "heatmap.open_picked": ("Åbn vurderingen af {system}", "Open the assessment of {system}"),
    "heatmap.pick_hint": (
        "Markér en række for at åbne vurderingen her, eller brug linket for en ny fane.",
        "Select a row to open the assessment here, or use the link for a new tab.",
    ),
    "heatmap.cell_empty": ("Ingen risici i dette felt med de valgte filtre.", "No risks in this cell with the chosen filters."),
}
