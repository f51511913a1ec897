"""Strings of the system inventory page."""

STRINGS = {
    "systems.title": ("Systemer", "Systems"),
    "systems.intro": (
        "Kommunens informationssystemer. Klassifikation og personoplysninger bestemmer, hvilke trusler der "
        "foreslås, og hvor lav konsekvensen for fortrolighed må være.",
        "The municipality's information systems. Classification and personal data decide which threats are "
        "proposed and how low the confidentiality consequence may be.",
    ),
    "systems.search": ("Søg", "Search"),
    "systems.search_ph": ("Navn, beskrivelse, ejer eller leverandør", "Name, description, owner or supplier"),
    "systems.show_retired": ("Vis udfasede", "Show retired"),
    "systems.new": ("Nyt system", "New system"),
    "systems.create": ("Opret system", "Create system"),
    "systems.created": ("Systemet '{name}' er oprettet.", "The system '{name}' was created."),
    "systems.save": ("Gem ændringer", "Save changes"),
    "systems.saved": ("Ændringerne til '{name}' er gemt.", "Changes to '{name}' were saved."),
    "systems.edit": ("Ret {name}", "Edit {name}"),
    "systems.view": ("{name}", "{name}"),
    "systems.history": ("Historik: hvem ændrede systemet hvornår", "History: who changed the system, when"),
    "systems.version": ("Version {version} · {status}", "Version {version} · {status}"),
    "systems.select_hint": (
        "Markér en række for at rette systemet. Udfasede systemer beholder deres vurderinger.",
        "Select a row to edit the system. Retired systems keep their assessments.",
    ),
    "systems.not_assessed": ("Ikke vurderet", "Not assessed"),
    "systems.col.assessment": ("Vurdering", "Assessment"),
    "systems.col.lines": ("Risikolinjer", "Risk lines"),
    "systems.col.status": ("Status", "Status"),
    "systems.col.open": ("Åbn", "Open"),
    "systems.open_assessment": ("Åbn risikovurderingen", "Open the risk assessment"),
    "systems.open_short": ("Åbn vurdering", "Open assessment"),
    "systems.retire": ("Udfas systemet", "Retire the system"),
    "systems.retire_explain": (
        "Et udfaset system forsvinder fra oversigter og heatmaps, men slettes aldrig: dets vurderinger og historik "
        "bevares og kan genaktiveres.",
        "A retired system leaves overviews and heatmaps but is never deleted: its assessments and history are kept "
        "and it can be reactivated.",
    ),
    "systems.retire_confirm": ("Ja, udfas '{name}'", "Yes, retire '{name}'"),
    "systems.retire_button": ("Udfas", "Retire"),
    "systems.retired": ("'{name}' er udfaset.", "'{name}' was retired."),
    "systems.reactivate": ("Genaktiver systemet", "Reactivate the system"),
    "systems.reactivated": ("'{name}' er aktiv igen.", "'{name}' is active again."),
    "systems.floor_hint": (
        "Klassifikation og personoplysninger foreslår, at konsekvensen for fortrolighed er mindst {floor} ({label}).",
        "Classification and personal data propose a confidentiality consequence of at least {floor} ({label}).",
    ),
    "systems.f.name": ("Systemets navn", "System name"),
    "systems.f.department": ("Afdeling", "Department"),
    "systems.f.department_ph": ("Vælg eller skriv en ny afdeling", "Choose or type a new department"),
    "systems.f.department_help": ("Forvaltning eller afdeling, der ejer systemet.", "The department that owns the system."),
    "systems.f.description": ("Beskrivelse", "Description"),
    "systems.f.owner": ("Systemejer", "System owner"),
    "systems.f.supplier": ("Leverandør", "Supplier"),
    "systems.f.hosting": ("Drift", "Hosting"),
    "systems.f.dpa": ("Databehandleraftale indgået", "Data processing agreement in place"),
    "systems.f.dpa_help": (
        "Kræves, når en leverandør behandler personoplysninger på kommunens vegne.",
        "Required when a supplier processes personal data on the municipality's behalf.",
    ),
    "systems.f.dpa_date": ("Aftalens dato", "Agreement date"),
    "systems.f.classification": ("Klassifikation", "Classification"),
    "systems.f.classification_help": (
        "Offentlig: må ses af alle. Intern: kun ansatte. Fortrolig: kun dem, der skal bruge det. "
        "Følsom: følsomme personoplysninger eller hemmelige oplysninger.",
        "Public: anyone may see it. Internal: staff only. Confidential: need to know. "
        "Sensitive: special categories of personal data or secrets.",
    ),
    "systems.f.criticality": ("Kritikalitet", "Criticality"),
    "systems.f.criticality_help": (
        "Hvor hårdt rammes borgerne og kommunen, hvis systemet står stille?",
        "How hard are citizens and the municipality hit if the system stops?",
    ),
    "systems.f.subjects": ("Antal registrerede", "Number of data subjects"),
    "systems.f.categories": ("Personoplysninger", "Personal data"),
    "systems.f.categories_help": (
        "Vælg alle kategorier, systemet rummer, eller 'Ingen personoplysninger'.",
        "Choose every category the system holds, or 'No personal data'.",
    ),
    "systems.changed_meanwhile": (
        "Systemet er ændret af en anden, mens du havde det åbent (nu version {version}). Formularen viser dine "
        "værdier; hent den nye version for at se ændringen.",
        "Someone else changed the system while you had it open (now version {version}). The form shows your "
        "values; load the new version to see the change.",
    ),
    "systems.reload": ("Hent den nye version", "Load the new version"),
    # -- the review cycle of a system ----------------------------------------------------------
    "systems.rv.title": ("Gennemgang", "Review"),
    "systems.rv.not_active": (
        "Et udfaset system gennemgås ikke. Genaktiver det for at genoptage gennemgangen.",
        "A retired system is not reviewed. Reactivate it to resume the reviews.",
    ),
    "systems.rv.approved_on": ("Senest godkendt", "Last approved"),
    "systems.rv.never": ("Aldrig", "Never"),
    "systems.rv.outdated": ("{date} (forældet)", "{date} (outdated)"),
    "systems.rv.interval": ("Interval", "Interval"),
    "systems.rv.months": ("{n} måneder", "{n} months"),
    "systems.rv.next_review": ("Næste gennemgang", "Next review"),
    "systems.rv.status": ("Status", "Status"),
    "systems.rv.pending": (
        "{n} {n:plural:væsentlig ændring|væsentlige ændringer} siden godkendelsen er ikke revurderet: "
        "risikovurderingen skal godkendes igen.",
        "{n} {n:plural:major change|major changes} since the approval not yet reassessed: the risk assessment "
        "must be approved again.",
    ),
    "systems.rv.no_changes": ("Ingen væsentlige ændringer registreret.", "No major changes recorded."),
    "systems.rv.col.changed_on": ("Dato for ændringen", "Date of the change"),
    "systems.rv.col.kind": ("Type af ændring", "Kind of change"),
    "systems.rv.col.reason": ("Begrundelse for ændringen", "Reason for the change"),
    "systems.rv.col.recorded_by": ("Registreret af", "Recorded by"),
    "systems.rv.col.reassessed": ("Revurderet", "Reassessed"),
    "systems.rv.reassessed_on": ("Ja, godkendt {date}", "Yes, approved {date}"),
    "systems.rv.not_reassessed": ("Ikke revurderet", "Not reassessed"),
    "systems.rv.interval_input": ("Interval for gennemgang (måneder)", "Review interval (months)"),
    "systems.rv.interval_help": (
        "Hvor ofte risikovurderingen gennemgås, regnet fra godkendelsen: 1-24 måneder, højst 12 måneder for "
        "fortrolige og følsomme systemer. Politikken kræver mindst én gang årligt.",
        "How often the risk assessment is reviewed, counted from its approval: 1-24 months, at most 12 months for "
        "confidential and sensitive systems. The policy requires at least once a year.",
    ),
    "systems.rv.save_interval": ("Gem interval", "Save interval"),
    "systems.rv.interval_saved": (
        "Intervallet for '{name}' er {n} måneder.",
        "The interval of '{name}' is {n} months.",
    ),
    "systems.rv.change_title": ("Registrér væsentlig ændring", "Record a major change"),
    "systems.rv.change_note": (
        "Politikken kræver en ny risikovurdering ved større ændringer. En registreret ændring sender systemets "
        "godkendte risikovurdering tilbage til godkendelse, og ændringen står som ikke revurderet, til "
        "vurderingen er godkendt igen.",
        "The policy requires a new risk assessment on major changes. A recorded change sends the system's approved "
        "risk assessment back for approval, and the change stands as not reassessed until the assessment is "
        "approved again.",
    ),
    "systems.rv.reason_help": (
        "Hvad er ændret, og hvorfor det kan påvirke risikoen (skal udfyldes).",
        "What changed, and why it may affect the risk (required).",
    ),
    "systems.rv.record": ("Registrér ændringen", "Record the change"),
    "systems.rv.recorded": (
        "Ændringen af '{name}' er registreret. Risikovurderingen skal gennemgås og godkendes igen.",
        "The change to '{name}' was recorded. The risk assessment must be reviewed and approved again.",
    ),
    "systems.report": ("Risikorapport for systemet (Excel)", "Risk report for the system (Excel)"),
    "systems.report_help": (
        "Systemets risikoregister, heatmap, handlingsplan, behandlingsaktiviteter, dispensationer og væsentlige ændringer i én "
        "projektmappe til systemejeren og databeskyttelsesrådgiveren.",
        "The system's risk register, heatmap, treatment plan, processing activities, dispensations and major changes in one "
        "workbook for the system owner and the data protection officer.",
    ),
    "systems.report_build": ("Dan rapporten", "Build the report"),
    "systems.report_download": ("Hent rapporten ({n} risikolinjer)", "Download the report ({n} risk lines)"),
}
