"""Navigation and shared UI strings."""

STRINGS = {
    "nav.overview": ("Oversigt", "Overview"),
    "nav.systems": ("Systemer", "Systems"),
    "nav.assessment": ("Risikovurdering", "Risk assessment"),
    "nav.heatmap": ("Heatmap", "Heatmap"),
    "nav.catalogue": ("Trusselskatalog", "Threat catalogue"),
    "nav.export": ("Excel-eksport", "Excel export"),
    "nav.settings": ("Indstillinger", "Settings"),
    "nav.section.work": ("Risikoarbejdet", "Risk work"),
    "nav.section.admin": ("Administration", "Administration"),
    "app.language": ("Sprog", "Language"),
    "app.signed_in_as": ("Logget ind som {name}", "Signed in as {name}"),
    "ui.page": ("Side", "Page"),
    "ui.page_of": ("Side {page} af {pages}: række {first}-{last} af {total}", "Page {page} of {pages}: rows {first}-{last} of {total}"),
    "ui.saved": ("Gemt", "Saved"),
    "ui.cancel": ("Annuller", "Cancel"),
    "ui.all": ("Alle", "All"),
    "ui.choose": ("Vælg", "Choose"),
    "ui.none_found": ("Intet fundet med de valgte filtre.", "Nothing found with the chosen filters."),
}
