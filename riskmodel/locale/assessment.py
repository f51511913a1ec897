"""Strings of the assessment page."""

STRINGS = {
    "assess.title": ("Risikovurdering", "Risk assessment"),
    "assess.no_systems": ("Der er endnu ingen systemer. Opret et system først.", "There are no systems yet. Create one first."),
    "assess.unknown_system": ("Systemet med id '{id}' er udfaset og kan ikke vurderes.", "The system with id '{id}' is retired and cannot be assessed."),
    "assess.system": ("System", "System"),
    "assess.bad_param": ("'{id}' i adressen er ikke et system-id. Vælg systemet herunder.", "'{id}' in the address is not a system id. Choose the system below."),
    "assess.system_ph": ("Vælg det system, der skal vurderes", "Choose the system to assess"),
    "assess.pick_hint": ("Vælg et system for at se og score dets risici.", "Choose a system to see and score its risks."),
    "assess.profile": (
        "{department} · Systemejer: {owner} · {classification} · {categories} · Kritikalitet: {criticality}",
        "{department} · System owner: {owner} · {classification} · {categories} · Criticality: {criticality}",
    ),
    "assess.none_yet": (
        "Systemet har ingen risikovurdering endnu. Når du starter, foreslås de trusler fra kataloget, der passer til "
        "systemets profil; du kan fjerne og tilføje bagefter.",
        "The system has no risk assessment yet. When you start, the catalogue threats that fit the system's profile "
        "are proposed; you can remove and add afterwards.",
    ),
    "assess.start": ("Start risikovurdering", "Start risk assessment"),
    "assess.old_scale": (
        "Vurderingen er lavet på en {old}-trinsskala, men kommunen bruger nu en matrix med {new} trin. Start en ny "
        "vurdering for at score på den nye skala; den gamle gemmes.",
        "The assessment was made on a {old}-step scale, but the municipality now uses a {new}-step matrix. Start a "
        "new assessment to score on the new scale; the old one is kept.",
    ),
    "assess.restart": ("Start ny vurdering på den nye skala", "Start a new assessment on the new scale"),
    "assess.started": ("Risikovurderingen er startet.", "The risk assessment has started."),
    "assess.progress": (
        "{scored} af {total} trusler er scoret · {status} · {year}",
        "{scored} of {total} threats scored · {status} · {year}",
    ),
    "assess.mode": ("Arbejde", "Work"),
    "assess.mode.score": ("Score risici", "Score risks"),
    "assess.mode.threats": ("Vælg trusler", "Choose threats"),
    "assess.mode.history": ("Historik", "History"),
    "assess.history_head": ("Hvem ændrede hvad og hvornår", "Who changed what, and when"),
    "assess.history_help": (
        "Alle ændringer af vurderingen og dens risikolinjer, nyeste først, fra den manipulationssikre revisionslog.",
        "Every change to the assessment and its risk lines, newest first, from the tamper-evident audit trail.",
    ),
    "assess.system_history": ("Ændringer af selve systemet", "Changes to the system itself"),
    "assess.read_only": (
        "Du kan se denne vurdering, men ikke ændre den.",
        "You can see this assessment but not change it.",
    ),
    "assess.no_lines": ("Vurderingen har ingen trusler. Vælg trusler under 'Vælg trusler'.", "The assessment has no threats. Add some under 'Choose threats'."),
    "assess.col.code": ("ID", "ID"),
    "assess.col.threat": ("Trussel", "Threat"),
    "assess.col.level": ("Risikoniveau", "Risk level"),
    "assess.col.treatment": ("Behandling", "Treatment"),
    "assess.prev": ("◀ Forrige", "◀ Previous"),
    "assess.next": ("Næste ▶", "Next ▶"),
    "assess.harms": ("Kan ramme: {dims}", "Can harm: {dims}"),
    "assess.overall_only": (
        "Samlet konsekvens: {cons} (importeret fra et register med én samlet konsekvens; fortrolighed, integritet "
        "og tilgængelighed er ikke vurderet hver for sig). Vurderer du dem nedenfor, gælder de i stedet.",
        "Overall consequence: {cons} (imported from a register with one overall consequence; confidentiality, "
        "integrity and availability are not scored one by one). If you score them below, they apply instead.",
    ),
    "assess.f.scenario": ("Scenarie: hvad kan ske hos os?", "Scenario: what could happen here?"),
    "assess.f.scenario_help": (
        "Beskriv med egne ord, hvordan truslen kan ramme netop dette system.",
        "Describe in your own words how the threat could hit this system.",
    ),
    "assess.f.existing": ("Eksisterende foranstaltninger", "Existing measures"),
    "assess.f.existing_help": ("Hvad beskytter allerede mod truslen i dag?", "What already protects against the threat today?"),
    "assess.inherent_head": ("Risiko i dag", "Risk today"),
    "assess.f.likelihood_help": (
        "Hvor tit vil det ske med de foranstaltninger, der er i dag?",
        "How often will it happen with today's measures?",
    ),
    "assess.f.consequence_for": ("Konsekvens for {dim}", "Consequence for {dim}"),
    "assess.f.not_harmed": (
        "Kataloget angiver, at truslen normalt ikke rammer denne dimension.",
        "The catalogue says the threat does not usually harm this dimension.",
    ),
    "assess.not_relevant": ("Ikke relevant", "Not relevant"),
    "assess.not_relevant_help": ("Truslen rammer ikke denne dimension.", "The threat does not harm this dimension."),
    "assess.floor": (
        "Systemets klassifikation og personoplysninger foreslår mindst {floor} ({label}) for fortrolighed.",
        "The system's classification and personal data propose at least {floor} ({label}) for confidentiality.",
    ),
    "assess.floor_below": ("Fortrolighed er scoret {cons}, under minimum.", "Confidentiality is scored {cons}, below the minimum."),
    "assess.f.floor_reason": ("Begrundelse for den lavere konsekvens", "Reason for the lower consequence"),
    "assess.level_is": ("Risikoniveau: **{level}** — {meaning}", "Risk level: **{level}** — {meaning}"),
    "assess.treatment_head": ("Behandling", "Treatment"),
    "assess.undecided": ("Ikke besluttet", "Not decided"),
    "assess.f.planned": ("Planlagte foranstaltninger", "Planned measures"),
    "assess.f.measure_owner": ("Ansvarlig", "Owner"),
    "assess.f.deadline": ("Frist", "Deadline"),
    "assess.residual_head": ("Restrisiko", "Residual risk"),
    "assess.residual_help": (
        "Risikoen, når de planlagte foranstaltninger er gennemført. Uden score er restrisikoen den samme som i dag.",
        "The risk once the planned measures are in place. Without a score, residual equals today's risk.",
    ),
    "assess.f.residual_likelihood": ("Sandsynlighed bagefter", "Likelihood afterwards"),
    "assess.f.residual_consequence": ("Konsekvens bagefter", "Consequence afterwards"),
    "assess.same_as_inherent": ("Som i dag", "Same as today"),
    "assess.f.risk_owner": ("Risikoejer", "Risk owner"),
    "assess.residual_is": ("Restrisikoniveau: **{level}**", "Residual risk level: **{level}**"),
    "assess.autosaved": ("Alt gemmes, mens du arbejder (version {version}).", "Everything is saved as you work (version {version})."),
    "assess.threats_head": ("Trusler i vurderingen", "Threats in the assessment"),
    "assess.threats_help": (
        "Tilføj trusler fra kataloget eller en egen trussel, der kun gælder denne vurdering. En fjernet trussel "
        "gemmes i historikken.",
        "Add threats from the catalogue or a custom threat for this assessment only. A removed threat is kept in "
        "the history.",
    ),
    "assess.add_threats": ("Tilføj trusler fra kataloget", "Add threats from the catalogue"),
    "assess.add": ("Tilføj", "Add"),
    "assess.added": ("{n} trusler tilføjet.", "{n} threats added."),
    "assess.custom": ("Egen trussel, kun i denne vurdering", "Custom threat, this assessment only"),
    "assess.add_custom": ("Tilføj egen trussel", "Add custom threat"),
    "assess.custom_added": ("Truslen '{title}' er tilføjet.", "The threat '{title}' was added."),
    "assess.custom_tag": ("egen", "custom"),
    "assess.in_assessment": ("{n} trusler er med", "{n} threats included"),
    "assess.remove": ("Fjern", "Remove"),
    "assess.remove_help": ("Tag truslen ud af vurderingen.", "Take the threat out of the assessment."),
    "assess.remove_confirm": (
        "Fjern '{title}' fra vurderingen? Scoren gemmes i historikken.",
        "Remove '{title}' from the assessment? Its scores are kept in the history.",
    ),
    "assess.remove_yes": ("Ja, fjern", "Yes, remove"),
    "assess.removed": ("'{title}' er fjernet fra vurderingen.", "'{title}' was removed from the assessment."),
    # -- a save refused because someone else changed the same field (issue 14)
    "assess.conflict.head": (
        "**{field}** er ændret af {by} {when}, efter du åbnede linjen. Dit valg er ikke gemt. Vælg, hvilken værdi "
        "der skal gælde.",
        "**{field}** was changed by {by} {when}, after you opened the line. Your choice is not saved. Choose which "
        "value applies.",
    ),
    "assess.conflict.yours": ("Dit valg: **{value}**", "Your choice: **{value}**"),
    "assess.conflict.theirs": ("{by}: **{value}** (gemt nu)", "{by}: **{value}** (stored now)"),
    "assess.conflict.keep_mine": ("Gem mit valg", "Save my choice"),
    "assess.conflict.keep_theirs": ("Behold {by}s værdi", "Keep {by}'s value"),
    "assess.not_scored": ("Ikke scoret", "Not scored"),
    # -- step 3 as a compact grid
    "grid.view": ("Visning", "View"),
    "grid.view.guided": ("Én trussel ad gangen", "One threat at a time"),
    "grid.view.grid": ("Alle trusler i en tabel", "All threats in a table"),
    "grid.unscored": ("Ikke scoret", "Not scored"),
    "grid.view_help": (
        "Tabellen er til den, der kender metoden: én række pr. trussel, sandsynlighed og konsekvens for F/I/T "
        "vælges i cellerne, og niveauet beregnes pr. række. Hvil markøren på en kolonneoverskrift for skalaens "
        "betydning.",
        "The table is for those who know the method: one row per threat, likelihood and F/I/T consequence chosen "
        "in the cells, and the level computed per row. Rest the pointer on a column head for the scale's meaning.",
    ),
    "grid.scales": ("Skalaernes betydning", "What the scales mean"),
    # -- step 2: the rest of the catalogue, ranked
    "assess.show_all": ("Vis alle trusler i kataloget ({n} er ikke med)", "Show all threats in the catalogue ({n} not included)"),
    "assess.show_all_help": (
        "Forslaget er de mest relevante trusler for systemets profil. Resten står her, de mest relevante først; "
        "★ betyder, at truslen passer til profilen.",
        "The proposal is the threats most relevant to the system's profile. The rest are listed here, most relevant "
        "first; ★ means the threat fits the profile.",
    ),
    "assess.show_all_help_ds": (
        "Forslaget er de trusler, der er mest relevante for de registrerede i aktiviteten: personoplysningerne i "
        "aktiviteten og dens systemer, kategorierne af registrerede, hvor mange de er, og systemernes profil. Resten "
        "står her, de mest relevante først; ★ betyder, at truslen passer til profilen.",
        "The proposal is the threats most relevant to the data subjects of the activity: the personal data in the "
        "activity and its systems, the categories of data subjects, how many they are, and the systems' profile. The "
        "rest are listed here, most relevant first; ★ means the threat fits the profile.",
    ),
}
