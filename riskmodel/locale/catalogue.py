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
    "catalogue.count": ("{n} {n:plural:trussel|trusler}", "{n} {n:plural:threat|threats}"),
    "catalogue.none_found": ("Ingen trusler passer til søgningen og filtrene.", "No threat matches the search and the filters."),
    "catalogue.letters": ("FIT", "CIA"),
    "catalogue.col.fit": ("Rammer (F/I/T)", "Harms (C/I/A)"),
    "catalogue.col.status": ("Status", "Status"),
    "catalogue.hidden": ("Skjult", "Hidden"),
    "catalogue.edit": ("Ret {code}", "Edit {code}"),
    "catalogue.english": (
        "På engelsk vises truslen som: **{title}**. {description}",
        "In English this threat reads: **{title}**. {description} Below is the Danish text it is stored with; "
        "once that is changed, the threat is shown as written in both languages.",
    ),
    "catalogue.hide": ("Skjul truslen", "Hide the threat"),
    "catalogue.unhide": ("Vis truslen igen", "Show the threat again"),
    "catalogue.hide_help": (
        "En skjult trussel foreslås ikke i nye vurderinger; eksisterende vurderinger beholder den.",
        "A hidden threat is not proposed in new assessments; existing assessments keep it.",
    ),
    "catalogue.hidden_done": ("'{title}' er skjult.", "'{title}' is hidden."),
    "catalogue.unhidden_done": ("'{title}' vises igen.", "'{title}' is shown again."),
    "catalogue.f.controls": ("Annex A-kontroller", "Annex A controls"),
    "catalogue.f.controls_help": (
        "De kontroller i ISO 27001 Anneks A, der imødegår truslen. Vises kun her i kataloget og følger med, "
        "når kataloget deles med andre kommuner.",
        "The ISO 27001 Annex A controls that address the threat. Shown only here in the catalogue, and shared "
        "with the catalogue when it is exchanged with other municipalities.",
    ),
    "catalogue.col.controls": ("Annex A", "Annex A"),
    # -- exchange with other municipalities ------------------------------------------
    "catalogue.tab.catalogue": ("Katalog", "Catalogue"),
    "catalogue.tab.exchange": ("Udveksling", "Exchange"),
    "catalogue.x.intro": (
        "Del trusselskataloget, skalaen og Annex A-koblingen med andre kommuner, eller indlæs en andens. "
        "En import viser først forskellene; den sletter og skjuler aldrig trusler, og eksisterende "
        "risikovurderinger ændres ikke.",
        "Share the threat catalogue, the scale and the Annex A mapping with other municipalities, or load "
        "another's. An import shows the differences first; it never deletes or hides threats, and existing "
        "assessments are not changed.",
    ),
    "catalogue.x.export": ("Hent kataloget", "Download the catalogue"),
    "catalogue.x.download_xlsx": ("Hent kataloget som Excel", "Download the catalogue as Excel"),
    "catalogue.x.download_json": ("Hent kataloget som JSON", "Download the catalogue as JSON"),
    "catalogue.x.import_title": ("Indlæs et katalog", "Load a catalogue"),
    "catalogue.x.upload": ("Katalogfil (.xlsx eller .json)", "Catalogue file (.xlsx or .json)"),
    "catalogue.x.upload_help": (
        "En fil hentet fra Risikoværkstedet i en anden kommune, højst 5 MB.",
        "A file downloaded from Risikoværkstedet in another municipality, at most 5 MB.",
    ),
    "catalogue.x.show_diff": ("Vis forskelle", "Show differences"),
    "catalogue.x.from": (
        "Katalog fra **{municipality}**, eksporteret {date}.",
        "Catalogue from **{municipality}**, exported {date}.",
    ),
    "catalogue.x.m.new": ("Nye", "New"),
    "catalogue.x.m.changed": ("Ændrede", "Changed"),
    "catalogue.x.m.unchanged": ("Uændrede", "Unchanged"),
    "catalogue.x.m.absent": ("Kun her", "Only here"),
    "catalogue.x.new_title": ("Nye trusler ({n})", "New threats ({n})"),
    "catalogue.x.changed_title": ("Ændrede trusler ({n})", "Changed threats ({n})"),
    "catalogue.x.absent_note": (
        "{n} trusler findes kun her og ikke i filen. De bliver, som de er: en import sletter og skjuler intet.",
        "{n} threats exist only here, not in the file. They stay as they are: an import deletes and hides nothing.",
    ),
    "catalogue.x.own_code": (
        "Egne trusler (EGN-) med samme kode kan være to forskellige trusler i to kommuner. Se efter, om "
        "{codes} er den samme trussel, før du medtager de ændrede.",
        "Own threats (EGN-) with the same code may be two different threats in two municipalities. Check "
        "whether {codes} is the same threat before you include the changed ones.",
    ),
    "catalogue.x.col.field": ("Felt", "Field"),
    "catalogue.x.col.before": ("Her nu", "Here now"),
    "catalogue.x.col.after": ("I filen", "In the file"),
    "catalogue.x.field.category": ("Kategori", "Category"),
    "catalogue.x.field.title": ("Trussel", "Threat"),
    "catalogue.x.field.description": ("Beskrivelse", "Description"),
    "catalogue.x.field.harms_c": ("Fortrolighed", "Confidentiality"),
    "catalogue.x.field.harms_i": ("Integritet", "Integrity"),
    "catalogue.x.field.harms_a": ("Tilgængelighed", "Availability"),
    "catalogue.x.field.tags": ("Profilmærker", "Profile tags"),
    "catalogue.x.field.controls": ("Annex A-kontroller", "Annex A controls"),
    "catalogue.x.yes": ("ja", "yes"),
    "catalogue.x.no": ("nej", "no"),
    "catalogue.x.preset_title": ("Skala og risikomatrix", "Scale and risk matrix"),
    "catalogue.x.preset.same": (
        "Samme skala: filen bruger {file}, som kommunen også bruger, med samme definition.",
        "Same scale: the file uses {file}, as the municipality does, with the same definition.",
    ),
    "catalogue.x.preset.differs": (
        "Filen bruger også {file}, men dens definition afviger fra kommunens ({parts}). Afvigelsen indlæses ikke: "
        "skalaer installeres som filer i data/scales.",
        "The file also uses {file}, but its definition differs from the municipality's ({parts}). The difference "
        "is not loaded: scales are installed as files in data/scales.",
    ),
    "catalogue.x.preset.other": (
        "Filen bruger {file}; kommunen bruger {local}. Matrixen findes også her, og kommunen kan skifte til den "
        "under indstillingerne eller med knappen herunder. Importen af trusler skifter den ikke.",
        "The file uses {file}; the municipality uses {local}. The matrix exists here too, and the municipality "
        "may switch to it in the settings or with the button below. Importing threats does not switch it.",
    ),
    "catalogue.x.preset.other_differs": (
        "Filens udgave af {file} afviger fra den, der er installeret her ({parts}).",
        "The file's version of {file} differs from the one installed here ({parts}).",
    ),
    "catalogue.x.preset.unknown": (
        "Filen bruger skalaen {file} (id '{id}'), som ikke findes her; skalaer installeres som filer i "
        "data/scales. Kommunen beholder {local}.",
        "The file uses the scale {file} (id '{id}'), which does not exist here; scales are installed as files in "
        "data/scales. The municipality keeps {local}.",
    ),
    "catalogue.x.preset.cannot_switch": ("Kan ikke skifte nu: {why}", "Cannot switch now: {why}"),
    "catalogue.x.switch": ("Skift kommunens matrix til {name}", "Switch the municipality's matrix to {name}"),
    "catalogue.x.switched": ("Kommunens matrix er nu {name}.", "The municipality's matrix is now {name}."),
    "catalogue.x.part.name": ("navn", "name"),
    "catalogue.x.part.description": ("beskrivelse", "description"),
    "catalogue.x.part.size": ("antal trin", "number of steps"),
    "catalogue.x.part.likelihood": ("sandsynlighedsskala", "likelihood scale"),
    "catalogue.x.part.consequence": ("konsekvensskala", "consequence scale"),
    "catalogue.x.part.levels": ("risikoniveauer", "risk levels"),
    "catalogue.x.part.matrix": ("matrix", "matrix"),
    "catalogue.x.include_changed": ("Medtag de ændrede trusler", "Include the changed threats"),
    "catalogue.x.include_changed_help": (
        "Uden flueben tilføjes kun de nye trusler; kommunens egne udgaver af de ændrede bliver, som de er.",
        "Unticked, only the new threats are added; the municipality's own versions of the changed ones stay.",
    ),
    # Counted in the right form: "1 ny og 2 ændrede" (the noun after them agrees with the last count).
    "catalogue.x.import": ("Importér {new} {new:plural:ny|nye} og {changed} {changed:plural:ændret|ændrede} "
                           "{changed:plural:trussel|trusler}",
                           "Import {new} new and {changed} changed {changed:plural:threat|threats}"),
    "catalogue.x.imported": (
        "Importeret fra {municipality}: {new} {new:plural:ny|nye} og {changed} {changed:plural:ændret|ændrede} "
        "{changed:plural:trussel|trusler}.",
        "Imported from {municipality}: {new} new and {changed} changed {changed:plural:threat|threats}.",
    ),
    "catalogue.x.nothing": (
        "Intet at importere: kataloget har allerede alle filens trusler, som de står i filen.",
        "Nothing to import: the catalogue already has every threat of the file as the file has it.",
    ),
}
