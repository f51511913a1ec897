"""Strings of the processing activities page (the data-subject lens, issue 5)."""

STRINGS = {
    "nav.activities": ("Behandlingsaktiviteter", "Processing activities"),
    "act.title": ("Behandlingsaktiviteter", "Processing activities"),
}
