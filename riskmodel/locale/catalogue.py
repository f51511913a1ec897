"""Strings of the threat catalogue page."""

STRINGS = {
    "catalogue.title": ("Trusselskatalog", "Threat catalogue"),
    "catalogue.intro": (
        "Kommunens fælles katalog over trusler. Ændringer her påvirker kun nye vurderinger: en vurdering beholder "
        "de trusler, den blev lavet med.",
        "The municipality's shared catalogue of threats. Changes here only affect new assessments: an assessment "
        "keeps the threats it was made with.",
    ),
    "catalogue.f.category": ("Kategori", "Category"),
    "catalogue.f.title": ("Trussel", "Threat"),
    "catalogue.f.description": ("Beskrivelse", "Description"),
    "catalogue.f.tags": ("Foreslås for systemer med", "Proposed for systems with"),
    "catalogue.f.tags_help": (
        "Truslen foreslås automatisk, når et systems profil passer til et af mærkerne.",
        "The threat is proposed automatically when a system's profile matches one of the tags.",
    ),
    "catalogue.tag.all": ("Alle systemer", "All systems"),
    "catalogue.tag.personal_data": ("Personoplysninger", "Personal data"),
    "catalogue.tag.sensitive": ("Følsomme oplysninger eller CPR", "Sensitive data or CPR"),
    "catalogue.tag.supplier": ("Ekstern leverandør", "External supplier"),
    "catalogue.tag.critical": ("Høj kritikalitet", "High criticality"),
    "catalogue.tag.internet": ("Tilgængelig fra internettet", "Reachable from the internet"),
    "catalogue.tag.onprem": ("Egen drift", "Run in-house"),
    "catalogue.show_hidden": ("Vis skjulte", "Show hidden"),
    "catalogue.new": ("Ny trussel", "New threat"),
    "catalogue.create": ("Opret trussel", "Create threat"),
    "catalogue.created": ("Truslen '{title}' er oprettet.", "The threat '{title}' was created."),
    "catalogue.saved": ("Truslen '{title}' er gemt.", "The threat '{title}' was saved."),
    "catalogue.count": ("{n} trusler", "{n} threats"),
    "catalogue.col.fit": ("Rammer (F/I/T)", "Harms (C/I/A)"),
    "catalogue.col.status": ("Status", "Status"),
    "catalogue.hidden": ("Skjult", "Hidden"),
    "catalogue.edit": ("Ret {code}", "Edit {code}"),
    "catalogue.hide": ("Skjul truslen", "Hide the threat"),
    "catalogue.unhide": ("Vis truslen igen", "Show the threat again"),
    "catalogue.hide_help": (
        "En skjult trussel foreslås ikke i nye vurderinger; eksisterende vurderinger beholder den.",
        "A hidden threat is not proposed in new assessments; existing assessments keep it.",
    ),
    "catalogue.hidden_done": ("'{title}' er skjult.", "'{title}' is hidden."),
    "catalogue.unhidden_done": ("'{title}' vises igen.", "'{title}' is shown again."),
}
