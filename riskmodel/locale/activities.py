"""Strings of the processing activities page and the data-subject lens (issue 5): the activities
page (act.*), the lens choice of the heatmap (lens.*) and the data-subject part of the overview (ovds.*)."""

STRINGS = {
    "nav.activities": ("Behandlingsaktiviteter", "Processing activities"),
    "act.title": ("Behandlingsaktiviteter", "Processing activities"),
    "act.intro": (
        "Kommunens behandlinger af personoplysninger: formål, retsgrundlag, de registrerede og de systemer, der "
        "understøtter dem. Hver aktivitet screenes efter de ni kriterier for, om en konsekvensanalyse (DPIA) er "
        "påkrævet, og risikoen for de registrerede vurderes.",
        "The municipality's processing of personal data: purpose, legal basis, the data subjects and the systems "
        "that support it. Each activity is screened on the nine criteria for whether a data protection impact "
        "assessment (DPIA) is required, and the risk to the data subjects is assessed.",
    ),
    # -- filters and the list
    "act.search": ("Søg", "Search"),
    "act.search_ph": ("Navn, afdeling, ansvarlig eller system", "Name, department, manager or system"),
    "act.f.conclusion_filter": ("Screening", "Screening"),
    "act.only_missing": ("Kun dem der mangler DPIA", "Only those missing a DPIA"),
    "act.only_unknown": ("Kun dem med 'ved ikke'", "Only those with 'don't know'"),
    "act.show_ended": ("Vis ophørte", "Show ended"),
    "act.none": (
        "Der er endnu ingen behandlingsaktiviteter. Opret den første ovenfor.",
        "There are no processing activities yet. Create the first one above.",
    ),
    "act.col.name": ("Behandlingsaktivitet", "Processing activity"),
    "act.col.systems": ("Systemer", "Systems"),
    "act.col.conclusion": ("Screening", "Screening"),
    "act.col.missing": ("DPIA mangler", "DPIA missing"),
    "act.col.follow_up": ("Ved ikke", "Don't know"),
    "act.col.dpia": ("DPIA udført", "DPIA done"),
    "act.col.ds": ("De registreredes risiko", "Risk to the data subjects"),
    "act.col.status": ("Status", "Status"),
    "act.flag.missing": ("⚠ Mangler", "⚠ Missing"),
    "act.flag.follow_up": ("Skal afklares", "To follow up"),
    "act.dpia_yes": ("Ja, {date}", "Yes, {date}"),
    "act.dpia_no": ("Nej", "No"),
    "act.ds_none": ("Ikke startet", "Not started"),
    "act.select_hint": (
        "Markér en række for at åbne behandlingsaktiviteten. Adressen husker valget, så en genindlæsning viser den igen.",
        "Select a row to open the processing activity. The address keeps the choice, so a reload shows it again.",
    ),
    "act.conclusion.dpia_required": ("DPIA påkrævet", "DPIA required"),
    "act.conclusion.follow_up": ("Afklares (ved ikke)", "To follow up (don't know)"),
    "act.conclusion.not_required": ("Ikke påkrævet", "Not required"),
    "act.conclusion.incomplete": ("Screening ikke færdig", "Screening not finished"),
    "act.status.aktiv": ("Aktiv", "Active"),
    "act.status.ophørt": ("Ophørt", "Ended"),
    # -- the form
    "act.new": ("Ny behandlingsaktivitet", "New processing activity"),
    "act.create": ("Opret behandlingsaktivitet", "Create processing activity"),
    "act.created": ("Behandlingsaktiviteten '{name}' er oprettet.", "The processing activity '{name}' was created."),
    "act.save": ("Gem ændringer", "Save changes"),
    "act.saved": ("Behandlingsaktiviteten '{name}' er gemt.", "The processing activity '{name}' was saved."),
    "act.f.name": ("Behandlingsaktivitetens navn", "Name of the processing activity"),
    "act.f.purpose": ("Formål", "Purpose"),
    "act.f.department": ("Afdeling", "Department"),
    "act.f.department_ph": ("Vælg eller skriv en ny afdeling", "Choose or type a new department"),
    "act.f.responsible": ("Ansvarlig leder", "Responsible manager"),
    "act.f.legal_bases": ("Retsgrundlag", "Legal basis"),
    "act.f.legal_bases_help": (
        "Databeskyttelsesforordningens art. 6, stk. 1, litra a-f, art. 9, stk. 2, og databeskyttelseslovens §§ 8, 11 og 12.",
        "Art. 6(1)(a)-(f) and Art. 9(2) GDPR, and sections 8, 11 and 12 of the Danish Data Protection Act.",
    ),
    "act.f.data_categories": ("Kategorier af personoplysninger", "Categories of personal data"),
    "act.f.subject_categories": ("Kategorier af registrerede", "Categories of data subjects"),
    "act.f.subjects_band": ("Omtrentligt antal registrerede", "Approximate number of data subjects"),
    "act.f.systems": ("Systemer, der understøtter behandlingen", "Systems that support the processing"),
    "act.f.system_hidden": ("System {id} (ikke synligt for dig)", "System {id} (not visible to you)"),
    # -- one activity
    "act.bad_id": ("'{value}' er ikke et gyldigt id for en behandlingsaktivitet.", "'{value}' is not a valid processing activity id."),
    "act.head": ("{name}", "{name}"),
    "act.version": (
        "{department} · ansvarlig: {responsible} · status: {status} · version {version}",
        "{department} · responsible: {responsible} · status: {status} · version {version}",
    ),
    "act.read_only": ("Du kan se denne behandlingsaktivitet, men ikke ændre den.", "You can view this processing activity but not change it."),
    "act.close": ("Luk", "Close"),
    "act.tab.details": ("Oplysninger", "Details"),
    "act.tab.screening": ("DPIA-screening", "DPIA screening"),
    "act.tab.dpia": ("Konsekvensanalyse (DPIA)", "Impact assessment (DPIA)"),
    "act.tab.ds": ("De registreredes risiko", "Risk to the data subjects"),
    "act.box": ("**Screening: {conclusion}**", "**Screening: {conclusion}**"),
    "act.box_done": (
        "**Screening: {conclusion}** · konsekvensanalyse gennemført {date} ({reference})",
        "**Screening: {conclusion}** · impact assessment done {date} ({reference})",
    ),
    "act.missing_flag": (
        "Screeningen kræver en konsekvensanalyse (DPIA), men der er ikke registreret nogen. Registrér den under "
        "'Konsekvensanalyse (DPIA)', når den er gennemført.",
        "The screening requires a data protection impact assessment (DPIA), but none is recorded. Record it under "
        "'Impact assessment (DPIA)' once it is done.",
    ),
    "act.follow_up_flag": (
        "Til opfølgning: besvaret 'ved ikke', skal afklares: {names}.",
        "To follow up: answered 'don't know', must be clarified: {names}.",
    ),
    "act.systems_none": ("Ingen systemer tilknyttet", "No systems linked"),
    "act.end": ("Afslut behandlingsaktiviteten", "End the processing activity"),
    "act.end_explain": (
        "En ophørt behandlingsaktivitet vises ikke længere i oversigter, heatmaps og flag. Den kan genaktiveres.",
        "An ended processing activity no longer shows in overviews, heatmaps and flags. It can be reactivated.",
    ),
    "act.end_confirm": ("Ja, '{name}' er ophørt", "Yes, '{name}' has ended"),
    "act.end_button": ("Afslut", "End"),
    "act.ended": ("Behandlingsaktiviteten '{name}' er afsluttet.", "The processing activity '{name}' was ended."),
    "act.reactivate": ("Genaktivér behandlingsaktiviteten", "Reactivate the processing activity"),
    "act.reactivated": ("Behandlingsaktiviteten '{name}' er genaktiveret.", "The processing activity '{name}' was reactivated."),
    # -- screening
    "act.scr.intro": (
        "Besvar de ni kriterier fra EDPB's retningslinjer. Svarene gemmes, så snart du vælger dem. Er {n} eller flere "
        "besvaret 'ja', er en konsekvensanalyse påkrævet; 'ved ikke' markeres til opfølgning.",
        "Answer the nine criteria of the EDPB guidelines. Answers are saved as soon as you choose them. With {n} or "
        "more answered 'yes', an impact assessment is required; 'don't know' is flagged for follow-up.",
    ),
    "act.scr.criterion": ("{n}\\. {name}", "{n}\\. {name}"),  # escaped: "4." would start a markdown list
    "act.scr.unanswered": ("Ikke besvaret", "Not answered"),
    "act.scr.note": ("Note", "Note"),
    "act.scr.note_help": ("Noten gemmes sammen med svaret; vælg et svar først.", "The note is saved with the answer; choose an answer first."),
    "act.scr.by": ("Besvaret af {who} {at}", "Answered by {who} {at}"),
    # -- DPIA record
    "act.dpia.intro": (
        "Registrér, om konsekvensanalysen er gennemført, hvornår, og hvor den ligger (fx et journalnummer).",
        "Record whether the impact assessment was done, when, and where it is kept (e.g. a case number).",
    ),
    "act.dpia.done": ("Konsekvensanalyse gennemført", "Impact assessment done"),
    "act.dpia.date": ("Dato for konsekvensanalysen", "Date of the impact assessment"),
    "act.dpia.ref": ("Henvisning (fx journalnummer)", "Reference (e.g. case number)"),
    "act.dpia.save": ("Gem registrering", "Save record"),
    "act.dpia.saved": ("Konsekvensanalysen er registreret for '{name}'.", "The impact assessment is recorded for '{name}'."),
    "act.dpia.shown_done": ("Gennemført {date} · {reference}", "Done {date} · {reference}"),
    "act.dpia.shown_not_done": ("Ingen konsekvensanalyse registreret.", "No impact assessment recorded."),
    # -- the data-subject assessment
    "act.ds.intro": (
        "Risikoen for de registreredes rettigheder og frihedsrettigheder: sandsynlighed mod alvor for personen, "
        "på de registreredes egen matrix.",
        "The risk to the data subjects' rights and freedoms: likelihood against severity for the person, on the "
        "data subjects' own matrix.",
    ),
    "act.ds.floor": (
        "Bundgrænse for alvor ved brud på fortroligheden: {floor} · {label}. Sat af: {reasons}.",
        "Severity floor for a breach of confidentiality: {floor} · {label}. Set by: {reasons}.",
    ),
    "act.ds.no_floor": ("Ingen bundgrænse for alvor.", "No severity floor."),
    "act.ds.floor_class": ("systemklassifikation {label}", "system classification {label}"),
    "act.ds.none": ("Risikoen for de registrerede er endnu ikke vurderet.", "The risk to the data subjects has not been assessed yet."),
    "act.ds.start": ("Start vurdering af de registreredes risiko", "Start the assessment of the data subjects' risk"),
    "act.ds.started": (
        "Vurderingen af de registreredes risiko er startet for '{name}'.",
        "The assessment of the data subjects' risk was started for '{name}'.",
    ),
    "act.ds.ended_no_start": ("En ophørt behandlingsaktivitet kan ikke vurderes.", "An ended processing activity cannot be assessed."),
    "act.ds.status": ("Vurdering {year} · status: {status}", "Assessment {year} · status: {status}"),
    "act.ds.open": ("Åbn vurderingen", "Open the assessment"),
    # -- the lens choice (heatmap)
    "lens.choose": ("Linse", "Lens"),
    "lens.org": ("Organisationen", "The organisation"),
    "lens.ds": ("De registrerede", "The data subjects"),
    "lens.both": ("Begge", "Both"),
    "lens.axis_severity": ("Alvor for de registrerede", "Severity for the data subjects"),
    "lens.ds_intro": (
        "Hver risikolinje i hver behandlingsaktivitets gældende vurdering af de registreredes risiko, talt pr. felt. "
        "Matrix: {preset}.",
        "Every risk line of every processing activity's current assessment of the data subjects' risk, counted per "
        "cell. Matrix: {preset}.",
    ),
    "lens.both_intro": (
        "Organisationens risici (matrix: {preset}) og de registreredes (matrix: {ds}) side om side, og pr. system "
        "den værste af de to.",
        "The organisation's risks (matrix: {preset}) and the data subjects' (matrix: {ds}) side by side, and per "
        "system the worse of the two.",
    ),
    "lens.ds_total": ("{n} scorede risici for de registrerede", "{n} scored risks to the data subjects"),
    "lens.org_title": ("Organisationen", "The organisation"),
    "lens.ds_title": ("De registrerede", "The data subjects"),
    "lens.ds_hint": (
        "Klassifikation og risikoniveau hører til organisationens linse: de filtrerer ikke de registreredes heatmap.",
        "Classification and risk level belong to the organisation's lens: they do not filter the data subjects' heatmap.",
    ),
    "lens.worse_head": ("Værste af de to linser", "Worse of the two lenses"),
    "lens.worse_intro": (
        "Pr. system: det højeste risikoniveau blandt systemets egne risici og blandt risiciene for de registrerede i "
        "de behandlingsaktiviteter, systemet understøtter. 'Værst' sammenligner restrisikoen på de to matricer.",
        "Per system: the highest risk level among the system's own risks and among the risks to the data subjects "
        "of the processing activities the system supports. 'Worse' compares the residual risk on the two matrices.",
    ),
    "lens.worse_filter": ("Værst for", "Worse for"),
    "lens.worse.org": ("Organisationen", "The organisation"),
    "lens.worse.ds": ("De registrerede", "The data subjects"),
    "lens.worse.lige": ("Lige alvorlige", "Equally severe"),
    "lens.worse.none": ("Ikke vurderet", "Not assessed"),
    "lens.col.system": ("System", "System"),
    "lens.col.org_inherent": ("Organisationen, iboende", "Organisation, inherent"),
    "lens.col.org_residual": ("Organisationen, rest", "Organisation, residual"),
    "lens.col.ds_inherent": ("De registrerede, iboende", "Data subjects, inherent"),
    "lens.col.ds_residual": ("De registrerede, rest", "Data subjects, residual"),
    "lens.col.worse": ("Værst", "Worse"),
    "lens.not_scored": ("–", "–"),
    "lens.open": ("Åbn", "Open"),
    "lens.open_assessment": ("Åbn risikovurderingen", "Open the risk assessment"),
    "lens.open_picked": ("Åbn vurderingen af {system}", "Open the assessment of {system}"),
    "lens.pick_hint": (
        "Markér en række for at åbne systemets vurdering her, eller brug linket for en ny fane.",
        "Select a row to open the system's assessment here, or use the link for a new tab.",
    ),
    # -- the overview's data-subject part
    "ovds.head": ("De registrerede", "The data subjects"),
    "ovds.m.activities": ("Behandlingsaktiviteter", "Processing activities"),
    "ovds.m.required": ("Kræver DPIA", "Require a DPIA"),
    "ovds.m.missing": ("Mangler DPIA", "Missing a DPIA"),
    "ovds.m.follow_up": ("Med 'ved ikke'", "With 'don't know'"),
    "ovds.caption": (
        "Aktive behandlingsaktiviteter; 'Kræver DPIA' har to eller flere 'ja' i screeningen, 'Mangler DPIA' kræver "
        "en konsekvensanalyse og har ingen registreret.",
        "Active processing activities; 'Require a DPIA' have two or more 'yes' in the screening, 'Missing a DPIA' "
        "require an impact assessment and have none recorded.",
    ),
    "ovds.flag": (
        "{n} behandlingsaktiviteter kræver en konsekvensanalyse (DPIA), men har ingen registreret:",
        "{n} processing activities require an impact assessment (DPIA) but have none recorded:",
    ),
    "ovds.flag_one": (
        "1 behandlingsaktivitet kræver en konsekvensanalyse (DPIA), men har ingen registreret:",
        "1 processing activity requires an impact assessment (DPIA) but has none recorded:",
    ),
    "ovds.item": ("{name} · {department}", "{name} · {department}"),
    "ovds.more": ("... og {n} flere", "... and {n} more"),
    "ovds.go": ("Behandlingsaktiviteter: screening og DPIA", "Processing activities: screening and DPIA"),
}
