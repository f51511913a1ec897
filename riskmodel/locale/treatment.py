"""Strings of the treatment plan page (pages/treatment.py): measures, their Annex A controls, residual review."""

STRINGS = {
    "treatment.sort.deadline": ("Frist, tidligste først", "Deadline, earliest first"),
    "treatment.sort.deadline_desc": ("Frist, seneste først", "Deadline, latest first"),
    "treatment.sort.residual": ("Restrisiko, højeste først", "Residual risk, highest first"),
    "treatment.sort.entity": ("System", "System"),
    "treatment.sort.status": ("Status", "Status"),
    "treatment.intro": (
        "Alle planlagte foranstaltninger på tværs af systemer og behandlingsaktiviteter: hvad der skal gøres, "
        "hvem der har ansvaret, hvornår det skal være gjort, og hvor langt det er nået. Hver foranstaltning kan "
        "kobles til de kontroller i ISO 27001:2013 Annex A, den opfylder. Når en foranstaltning er gennemført, "
        "skal restrisikoen ses igennem.",
        "Every planned measure across systems and processing activities: what is to be done, who is responsible, "
        "when it is due and how far it has come. Each measure can be linked to the ISO 27001:2013 Annex A controls "
        "it implements. Once a measure is done, its residual risk is to be reviewed.",
    ),
    "treatment.none": (
        "Der er ingen planlagte foranstaltninger endnu. De opstår, når en risiko i en vurdering får en planlagt "
        "foranstaltning (trin 4 · Behandling).",
        "There are no planned measures yet. They appear when a risk in an assessment gets a planned measure "
        "(step 4 · Treatment).",
    ),
    # key figures
    "treatment.m.total": ("Foranstaltninger", "Measures"),
    "treatment.m.overdue": ("Overskredet frist", "Past deadline"),
    "treatment.m.done": ("Gennemført", "Done"),
    "treatment.m.review": ("Restrisiko skal ses igennem", "Residual to review"),
    # tabs
    "treatment.tab.plan": ("Foranstaltninger", "Measures"),
    "treatment.tab.annex": ("Annex A-dækning", "Annex A coverage"),
    # filters
    "treatment.search": ("Søg", "Search"),
    "treatment.search_ph": (
        "System, trussel, foranstaltning, ansvarlig eller kontrol (fx A.9.2)",
        "System, threat, measure, owner or control (e.g. A.9.2)",
    ),
    "treatment.f.status": ("Status", "Status"),
    "treatment.f.department": ("Afdeling", "Department"),
    "treatment.f.lens": ("Vurderet for", "Assessed for"),
    "treatment.f.domain": ("Annex A-område", "Annex A domain"),
    "treatment.f.only_overdue": ("Kun overskredne", "Only overdue"),
    "treatment.f.only_review": ("Kun dem, hvis restrisiko skal ses igennem", "Only those whose residual needs review"),
    "treatment.f.no_control": ("Kun uden Annex A-kontrol", "Only without an Annex A control"),
    "treatment.lens.org": ("System", "System"),
    "treatment.lens.ds": ("Behandlingsaktivitet", "Processing activity"),
    # the table
    "treatment.col.entity": ("System / aktivitet", "System / activity"),
    "treatment.col.lens": ("Type", "Type"),
    "treatment.col.department": ("Afdeling", "Department"),
    "treatment.col.threat": ("Trussel", "Threat"),
    "treatment.col.measure": ("Foranstaltning", "Measure"),
    "treatment.col.owner": ("Ansvarlig", "Responsible"),
    "treatment.col.deadline": ("Frist", "Deadline"),
    "treatment.col.flag": ("Frist overskredet", "Past deadline"),
    "treatment.col.status": ("Status", "Status"),
    "treatment.col.controls": ("Annex A", "Annex A"),
    "treatment.col.residual": ("Restrisiko", "Residual risk"),
    "treatment.col.review": ("Restrisiko ses igennem", "Residual review"),
    "treatment.flag.overdue": ("⚠ Overskredet", "⚠ Overdue"),
    "treatment.flag.review": ("↻ Afventer", "↻ Pending"),
    "treatment.select_hint": (
        "Markér en række for at ændre status, ansvarlig, frist eller Annex A-kontroller.",
        "Select a row to change its status, owner, deadline or Annex A controls.",
    ),
    "treatment.shown": ("{n} af {total} foranstaltninger vises.", "{n} of {total} measures shown."),
    # one measure
    "treatment.head": ("Foranstaltning: {measure}", "Measure: {measure}"),
    "treatment.where": ("{kind} {entity} · {department} · trussel {threat}", "{kind} {entity} · {department} · threat {threat}"),
    "treatment.close": ("Luk", "Close"),
    "treatment.gone": (
        "Foranstaltningen findes ikke længere i handlingsplanen (den er fjernet, eller vurderingen er afløst).",
        "The measure is no longer in the treatment plan (it was removed, or the assessment was superseded).",
    ),
    "treatment.bad_id": ("'{value}' er ikke et gyldigt nummer på en foranstaltning.", "'{value}' is not a valid measure number."),
    "treatment.read_only": (
        "Du kan se foranstaltningen, men ikke ændre den.",
        "You can see the measure but not change it.",
    ),
    "treatment.overdue_box": (
        "Fristen {deadline} er overskredet, og foranstaltningen er ikke gennemført.",
        "The deadline {deadline} has passed and the measure is not done.",
    ),
    "treatment.e.status": ("Status", "Status"),
    "treatment.e.owner": ("Ansvarlig for foranstaltningen", "Responsible for the measure"),
    "treatment.e.deadline": ("Frist", "Deadline"),
    "treatment.e.controls": ("Annex A-kontroller", "Annex A controls"),
    "treatment.e.controls_help": (
        "De kontroller i ISO 27001:2013 Annex A, som foranstaltningen opfylder. Skriv et nummer (fx A.9.2) eller et "
        "ord for at søge.",
        "The ISO 27001:2013 Annex A controls the measure implements. Type a number (e.g. A.9.2) or a word to search.",
    ),
    "treatment.e.measure": ("Foranstaltning", "Measure"),
    "treatment.e.save": ("Gem foranstaltningen", "Save the measure"),
    "treatment.e.done_hint": (
        "Når status sættes til Gennemført, skal restrisikoen bagefter ses igennem.",
        "Setting the status to Done asks for the residual risk to be reviewed afterwards.",
    ),
    "treatment.draft.here": (
        "Du har ændringer her, som ikke er gemt. Gem dem, eller kassér dem.",
        "You have changes here that are not saved. Save them, or discard them.",
    ),
    "treatment.draft.elsewhere": (
        "Ikke gemt: dine ændringer i foranstaltningen \"{measure}\" ({entity}).",
        "Not saved: your changes to the measure \"{measure}\" ({entity}).",
    ),
    "treatment.draft.open": ("Åbn og gem", "Open and save"),
    "treatment.draft.discard": ("Kassér ændringerne", "Discard the changes"),
    "treatment.e.no_change": ("Ingen ændringer at gemme.", "No changes to save."),
    "treatment.saved": ("Foranstaltningen er gemt.", "The measure is saved."),
    "treatment.saved_done": (
        "Foranstaltningen er gemt som gennemført. Se restrisikoen igennem nedenfor.",
        "The measure is saved as done. Review the residual risk below.",
    ),
    "treatment.details": ("Detaljer", "Details"),
    "treatment.none_value": ("–", "–"),
    "treatment.done_on": ("Gennemført den", "Done on"),
    # residual review
    "treatment.res.head": ("Se restrisikoen igennem", "Review the residual risk"),
    "treatment.res.explain": (
        "Foranstaltningen blev gennemført {done}. Passer sandsynlighed og konsekvens efter foranstaltningerne stadig? "
        "Bekræft dem, som de er, eller giv nye.",
        "The measure was done on {done}. Do the likelihood and consequence after the measures still fit? "
        "Confirm them as they are, or give new ones.",
    ),
    "treatment.res.current": ("Restrisiko nu: {level} (sandsynlighed {lik}, konsekvens {con})",
                              "Residual risk now: {level} (likelihood {lik}, consequence {con})"),
    "treatment.res.unscored": ("Restrisikoen er ikke scoret endnu.", "The residual risk is not scored yet."),
    "treatment.res.likelihood": ("Sandsynlighed efter foranstaltninger", "Likelihood after measures"),
    "treatment.res.consequence": ("Konsekvens efter foranstaltninger", "Consequence after measures"),
    "treatment.res.severity": ("Alvor for de registrerede efter foranstaltninger", "Severity for the data subjects after measures"),
    "treatment.res.confirm": ("Bekræft uændret", "Confirm unchanged"),
    "treatment.res.save": ("Gem ny restrisiko", "Save new residual risk"),
    "treatment.res.pick_both": (
        "Vælg både sandsynlighed og konsekvens for at gemme en ny restrisiko.",
        "Choose both likelihood and consequence to save a new residual risk.",
    ),
    "treatment.res.confirmed": ("Restrisikoen er bekræftet.", "The residual risk is confirmed."),
    "treatment.res.saved": ("Den nye restrisiko er gemt.", "The new residual risk is saved."),
    "treatment.res.ok": ("Restrisikoen er set igennem.", "The residual risk has been reviewed."),
    "treatment.open_assessment": ("Åbn vurderingen (trin 4 · Behandling)", "Open the assessment (step 4 · Treatment)"),
    # Annex A coverage
    "treatment.annex.intro": (
        "Hvor mange foranstaltninger der er koblet til hvert område af ISO 27001:2013 Annex A, og hvor mange af "
        "områdets kontroller de dækker. Alle foranstaltninger, du kan se, tælles med.",
        "How many measures are linked to each domain of ISO 27001:2013 Annex A, and how many of the domain's "
        "controls they cover. Every measure you can see is counted.",
    ),
    "treatment.annex.col.domain": ("Område", "Domain"),
    "treatment.annex.col.title": ("Navn", "Name"),
    "treatment.annex.col.measures": ("Foranstaltninger", "Measures"),
    "treatment.annex.col.done": ("Heraf gennemført", "Of which done"),
    "treatment.annex.col.covered": ("Kontroller dækket", "Controls covered"),
    "treatment.annex.col.control": ("Kontrol", "Control"),
    "treatment.annex.without": (
        "{n} foranstaltninger er ikke koblet til nogen Annex A-kontrol.",
        "{n} measures are not linked to any Annex A control.",
    ),
    "treatment.annex.used_head": ("Kontroller i brug", "Controls in use"),
    "treatment.annex.none_used": ("Ingen foranstaltninger er koblet til Annex A endnu.", "No measures are linked to Annex A yet."),
}
