"""Strings of the guided assessment flow (pages/assessment.py): steps, treatment, acceptance, sign-off."""

STRINGS = {
    # -- steps and progress
    "guided.steps": ("Trin", "Step"),
    "guided.step.1": ("1 · Kontekst", "1 · Context"),
    "guided.step.2": ("2 · Trusler", "2 · Threats"),
    "guided.step.3": ("3 · Scoring", "3 · Scoring"),
    "guided.step.4": ("4 · Behandling", "4 · Treatment"),
    "guided.step.5": ("5 · Opsummering og godkendelse", "5 · Summary and sign-off"),
    "guided.step.6": ("Historik", "History"),
    "guided.progress": (
        "{scored} af {total} trusler er scoret · {decided} af {needing} risici over acceptgrænsen er besluttet · "
        "{status} · {year}",
        "{scored} of {total} threats scored · {decided} of {needing} risks above the acceptance threshold decided · "
        "{status} · {year}",
    ),
    "guided.back": ("Tilbage: {step}", "Back: {step}"),
    "guided.forward": ("Næste: {step}", "Next: {step}"),
    "guided.to_threats": ("Vælg trusler", "Choose threats"),
    "guided.to_scoring": ("Scor truslen", "Score the threat"),
    "guided.matrix_head": ("Systemets risikomatrix", "The system's risk matrix"),
    "guided.approved_edit_note": (
        "Vurderingen er godkendt. Ændrer du en score, behandlingen eller en accept, bliver godkendelsen forældet, "
        "og vurderingen skal godkendes igen.",
        "The assessment is approved. Changing a score, the treatment or an acceptance makes the approval outdated, "
        "and the assessment must be approved again.",
    ),
    "guided.yes": ("Ja", "Yes"),
    "guided.no": ("Nej", "No"),
    # -- step 1: context
    "guided.context.profile_head": ("Systemets profil", "The system's profile"),
    "guided.context.previous_head": ("Forrige risikovurdering", "Previous risk assessment"),
    "guided.context.no_previous": (
        "Systemet er ikke risikovurderet før.",
        "The system has not been risk assessed before.",
    ),
    "guided.context.previous": (
        "**{year}** · {status} · {scored} af {total} trusler scoret",
        "**{year}** · {status} · {scored} of {total} threats scored",
    ),
    "guided.context.levels": ("Risiko dengang: {levels}", "Risk then: {levels}"),
    "guided.context.residual_levels": ("Restrisiko dengang: {levels}", "Residual risk then: {levels}"),
    "guided.context.current_head": ("Denne vurdering", "This assessment"),
    "guided.context.current": (
        "**{year}** · {status} · startet {started} · matrix: {matrix} · {total} trusler",
        "**{year}** · {status} · started {started} · matrix: {matrix} · {total} threats",
    ),
    # -- step 3: scoring
    "guided.example": ("Eksempel: {example}", "Example: {example}"),
    "guided.f.rationale": ("Begrundelse", "Rationale"),
    "guided.f.rationale_help": (
        "Hvorfor netop denne score? Fx hændelser, der er sket, eller hvad der beskytter i dag. Begrundelsen står "
        "i Excel-pakken til udvalget.",
        "Why this score? E.g. incidents that have happened, or what protects today. The rationale goes into the "
        "committee's Excel pack.",
    ),
    "guided.ws.head": ("Kør som live-workshop", "Run as a live workshop"),
    "guided.ws.help": (
        "Deltagerne scorer hver truslen fra deres egen telefon eller pc med en kode; du ser spredningen og "
        "registrerer den aftalte værdi med en begrundelse.",
        "Participants each score the threat from their own phone or PC with a code; you see the spread and record "
        "the agreed value with a rationale.",
    ),
    "guided.ws.start": ("Åbn live-workshop", "Open live workshop"),
    "guided.ws.open": (
        "Der er en åben workshop på vurderingen. Kode: **{code}**",
        "There is an open workshop on this assessment. Code: **{code}**",
    ),
    "guided.ws.goto": ("Gå til workshoppen", "Go to the workshop"),
    "guided.ws.no_page": (
        "Workshopsiden er ikke tilgængelig her. Workshoppen er åben: deltagerne kan bruge koden.",
        "The workshop page is not available here. The workshop is open: participants can use the code.",
    ),
    # -- step 4: treatment and acceptance
    "guided.col.decision": ("Beslutning", "Decision"),
    "guided.decision.missing": ("Mangler", "Missing"),
    "guided.decision.measure": ("Foranstaltning", "Measure"),
    "guided.decision.accepted": ("Accepteret", "Accepted"),
    "guided.inherent_is": ("Risiko i dag: **{level}**", "Risk today: **{level}**"),
    "guided.unscored_line": (
        "Truslen er ikke scoret endnu. Scor den under trin 3, før du beslutter behandlingen.",
        "The threat is not scored yet. Score it in step 3 before deciding the treatment.",
    ),
    "guided.residual_is": ("Restrisikoniveau: **{level}** — {meaning}", "Residual risk level: **{level}** — {meaning}"),
    "guided.decision_head": ("Beslutning om restrisikoen", "Decision on the residual risk"),
    "guided.needs_decision": (
        "Kræver en foranstaltning eller en accept: restrisikoen er {level} og ligger på eller over matrixens "
        "acceptgrænse. Planlæg en foranstaltning (hvad, hvem og en frist) eller registrér en accept.",
        "Needs a measure or an acceptance: the residual risk is {level}, at or above the matrix's acceptance "
        "threshold. Plan a measure (what, who and a deadline) or record an acceptance.",
    ),
    "guided.decided_measure": (
        "Besluttet: en foranstaltning er planlagt (ansvarlig: {owner}, frist {deadline}).",
        "Decided: a measure is planned (owner: {owner}, deadline {deadline}).",
    ),
    "guided.below_threshold": (
        "Restrisikoen ligger under acceptgrænsen: der kræves ingen beslutning.",
        "The residual risk is below the acceptance threshold: no decision is needed.",
    ),
    "guided.accept.head": ("Registrér risikoaccept", "Record risk acceptance"),
    "guided.accept.by": ("Accepteret af", "Accepted by"),
    "guided.accept.by_ph": ("Navn på den leder, der accepterer", "Name of the manager who accepts"),
    "guided.accept.on": ("Dato", "Date"),
    "guided.accept.ref": ("Henvisning til beslutningen", "Reference to the decision"),
    "guided.accept.ref_help": (
        "Fx mødereferat, journalnummer eller e-mail, hvor accepten er givet.",
        "E.g. minutes, case number or email in which the acceptance was given.",
    ),
    "guided.accept.expires": ("Udløber (valgfri)", "Expires (optional)"),
    "guided.accept.expires_help": (
        "Efter denne dato skal accepten fornys, eller risikoen behandles.",
        "After this date the acceptance must be renewed, or the risk treated.",
    ),
    "guided.accept.submit": ("Acceptér risikoen", "Accept the risk"),
    "guided.accept.saved": ("Risikoen '{title}' er accepteret.", "The risk '{title}' is accepted."),
    "guided.accept.shown": (
        "Accepteret af {by} den {on} · Henvisning: {ref}",
        "Accepted by {by} on {on} · Reference: {ref}",
    ),
    "guided.accept.until": ("· Udløber {expires}", "· Expires {expires}"),
    "guided.accept.expired": (
        "Accepten er udløbet: forny den eller planlæg en foranstaltning.",
        "The acceptance has expired: renew it or plan a measure.",
    ),
    "guided.accept.clear": ("Fjern accept", "Remove acceptance"),
    "guided.accept.clear_confirm": (
        "Fjern accepten af '{title}'? Den gemmes i historikken.",
        "Remove the acceptance of '{title}'? It is kept in the history.",
    ),
    "guided.accept.clear_yes": ("Ja, fjern accepten", "Yes, remove the acceptance"),
    "guided.accept.cleared": ("Accepten af '{title}' er fjernet.", "The acceptance of '{title}' was removed."),
    # -- step 5: summary and sign-off
    "guided.summary_head": ("Risikobilledet", "The risk picture"),
    "guided.open_head": ("Mangler en beslutning før godkendelse", "Needs a decision before sign-off"),
    "guided.open_none": ("Intet mangler: alle trusler er scoret og besluttet.", "Nothing is missing: every threat is scored and decided."),
    "guided.open_help": (
        "{n} {n:plural:punkt|punkter}. Vælg 'Gå til' for at åbne truslen.",
        "{n} {n:plural:item|items}. Choose 'Go to' to open the threat.",
    ),
    "guided.open.goto": ("Gå til", "Go to"),
    "guided.open.no_lines": ("Vurderingen har ingen trusler.", "The assessment has no threats."),
    "guided.open.unscored": ("**{threat}**: er ikke scoret", "**{threat}**: not scored"),
    "guided.open.needs_decision": (
        "**{threat}**: restrisikoen kræver en foranstaltning (hvad, hvem, frist) eller en accept",
        "**{threat}**: the residual risk needs a measure (what, who, deadline) or an acceptance",
    ),
    "guided.open.acceptance_expired": (
        "**{threat}**: risikoaccepten er udløbet",
        "**{threat}**: the risk acceptance has expired",
    ),
    "guided.open.residual_review": (
        "**{threat}**: foranstaltningen er gennemført; se restrisikoen igennem (ret eller bekræft den)",
        "**{threat}**: the measure is done; review the residual risk (change or confirm it)",
    ),
    "guided.open.floor_reason": (
        "**{threat}**: konsekvensen for fortrolighed er under systemets minimum uden begrundelse",
        "**{threat}**: the confidentiality consequence is below the system's minimum without a reason",
    ),
    "guided.people_head": ("Deltagere", "Participants"),
    "guided.people_help": (
        "Hvem deltog i vurderingen: dem, der deltog i en workshop med kode, og dem, der er tilføjet her.",
        "Who took part in the assessment: those who joined a workshop with a code, and those added here.",
    ),
    "guided.people_none": ("Ingen deltagere registreret endnu.", "No participants recorded yet."),
    "guided.people.name": ("Navn", "Name"),
    "guided.people.role": ("Rolle", "Role"),
    "guided.people.date": ("Dato", "Date"),
    "guided.people.how": ("Deltog via", "Took part via"),
    "guided.people.workshop": ("Workshop", "Workshop"),
    "guided.people.by_hand": ("Tilføjet her", "Added here"),
    "guided.people.add_head": ("Tilføj en deltager", "Add a participant"),
    "guided.people.add": ("Tilføj deltager", "Add participant"),
    "guided.people.added": ("{name} er tilføjet som deltager.", "{name} was added as a participant."),
    "guided.people.remove_pick": ("Fjern en deltager", "Remove a participant"),
    "guided.people.remove_confirm": ("Fjern {name} fra deltagerne?", "Remove {name} from the participants?"),
    "guided.people.removed": ("{name} er fjernet fra deltagerne.", "{name} was removed from the participants."),
    "guided.decisions_head": ("Aftalt i workshoppen", "Agreed in the workshop"),
    "guided.decisions.votes": ("Stemmer", "Votes"),
    "guided.signoff_head": ("Godkendelse", "Sign-off"),
    "guided.signoff.who": (
        "Den ansvarlige leder for systemets afdeling godkender vurderingen. Koordinatoren kan registrere en "
        "godkendelse, der er givet på et møde, på vegne af en navngiven leder.",
        "The manager responsible for the system's department approves the assessment. The coordinator may record "
        "an approval given in a meeting, on behalf of a named manager.",
    ),
    "guided.signoff.draft": (
        "Status: Kladde. Når alle trusler er scoret og besluttet, sendes vurderingen til godkendelse.",
        "Status: Draft. Once every threat is scored and decided, the assessment is sent for sign-off.",
    ),
    "guided.signoff.blocked": (
        "Kan ikke sendes til godkendelse endnu: {n} {n:plural:punkt|punkter} mangler en beslutning (se listen ovenfor).",
        "Cannot be sent for sign-off yet: {n} {n:plural:item needs|items need} a decision (see the list above).",
    ),
    "guided.signoff.blocked_approve": (
        "Kan ikke godkendes endnu: {n} {n:plural:punkt|punkter} mangler en beslutning (se listen ovenfor).",
        "Cannot be approved yet: {n} {n:plural:item needs|items need} a decision (see the list above).",
    ),
    "guided.signoff.submit": ("Send til godkendelse", "Send for sign-off"),
    "guided.signoff.submitted": ("Vurderingen er sendt til godkendelse.", "The assessment was sent for sign-off."),
    "guided.signoff.in_review": ("Status: Til godkendelse.", "Status: In review."),
    "guided.signoff.behalf": ("Godkendt på vegne af", "Approved on behalf of"),
    "guided.signoff.behalf_help": (
        "Som koordinator registrerer du en godkendelse, som den ansvarlige leder har givet: skriv lederens navn.",
        "As coordinator you record an approval the responsible manager gave: type the manager's name.",
    ),
    "guided.signoff.comment": ("Bemærkning (valgfri)", "Comment (optional)"),
    "guided.signoff.approve": ("Godkend", "Approve"),
    "guided.signoff.approved_flash": ("Vurderingen er godkendt.", "The assessment is approved."),
    "guided.signoff.cannot_approve": (
        "Du kan ikke godkende denne vurdering: det gør den ansvarlige leder.",
        "You cannot approve this assessment: the responsible manager does.",
    ),
    "guided.signoff.return": ("Send tilbage til kladde", "Return to draft"),
    "guided.signoff.reason": ("Begrundelse", "Reason"),
    "guided.signoff.returned": ("Vurderingen er sendt tilbage til kladde.", "The assessment was returned to draft."),
    "guided.signoff.approved": ("Godkendt af {name} {when}", "Approved by {name} {when}"),
    "guided.signoff.approved_behalf": (
        "Godkendt af {name} {when} (registreret af {by})",
        "Approved by {name} {when} (recorded by {by})",
    ),
    "guided.signoff.comment_shown": ("Bemærkning: {comment}", "Comment: {comment}"),
    "guided.signoff.outdated": (
        "Godkendelsen fra {name} {when} er forældet: {changed} er ændret siden. Vurderingen er sendt til "
        "godkendelse igen.",
        "The approval by {name} {when} is outdated: {changed} changed since. The assessment is back in review.",
    ),
    # -- the data-subject lens: a processing activity assessed from the data subjects' side
    "guided.lens": ("Hvad vurderes", "What is assessed"),
    "guided.lens.org": ("System", "System"),
    "guided.lens.ds": ("Behandlingsaktivitet", "Processing activity"),
    "guided.ds.no_activities": (
        "Der er endnu ingen behandlingsaktiviteter. Opret en under Behandlingsaktiviteter først.",
        "There are no processing activities yet. Create one under Processing activities first.",
    ),
    "guided.ds.bad_param": (
        "'{id}' i adressen er ikke et id på en behandlingsaktivitet. Vælg aktiviteten herunder.",
        "'{id}' in the address is not a processing activity id. Choose the activity below.",
    ),
    "guided.ds.ended": (
        "Behandlingsaktiviteten med id '{id}' er ophørt og kan ikke vurderes.",
        "The processing activity with id '{id}' has ended and cannot be assessed.",
    ),
    "guided.ds.activity": ("Behandlingsaktivitet", "Processing activity"),
    "guided.ds.activity_ph": ("Vælg den behandlingsaktivitet, der skal vurderes", "Choose the processing activity to assess"),
    "guided.ds.pick_hint": (
        "Vælg en behandlingsaktivitet for at vurdere risikoen for de registrerede.",
        "Choose a processing activity to assess the risk to the data subjects.",
    ),
    "guided.ds.profile": (
        "{department} · Ansvarlig leder: {responsible} · {categories} · Registrerede: {subjects}",
        "{department} · Responsible manager: {responsible} · {categories} · Data subjects: {subjects}",
    ),
    "guided.ds.profile_head": ("Behandlingsaktivitetens profil", "The processing activity's profile"),
    "guided.ds.f.purpose": ("Formål", "Purpose"),
    "guided.ds.f.department": ("Afdeling", "Department"),
    "guided.ds.f.responsible": ("Ansvarlig leder", "Responsible manager"),
    "guided.ds.f.legal_bases": ("Retsgrundlag", "Legal bases"),
    "guided.ds.f.data_categories": ("Personoplysninger", "Personal data"),
    "guided.ds.f.subject_categories": ("Kategorier af registrerede", "Categories of data subjects"),
    "guided.ds.f.subjects_band": ("Antal registrerede", "Number of data subjects"),
    "guided.ds.f.systems": ("Understøttende systemer", "Supporting systems"),
    "guided.ds.f.dpia": ("Konsekvensanalyse (DPIA) udført", "Impact assessment (DPIA) done"),
    "guided.ds.screening.dpia_required": ("screeningen kræver en DPIA", "the screening requires a DPIA"),
    "guided.ds.screening.follow_up": ("screeningen har punkter, der skal afklares", "the screening has points to follow up"),
    "guided.ds.screening.not_required": ("screeningen kræver ingen DPIA", "the screening requires no DPIA"),
    "guided.ds.screening.incomplete": ("screeningen er ikke færdig", "the screening is not finished"),
    "guided.ds.floor": (
        "Personoplysningerne i aktiviteten og dens systemer foreslår mindst {floor} ({label}) i alvor for de "
        "registrerede ved brud på fortrolighed. Det skyldes: {reasons}.",
        "The personal data in the activity and its systems propose at least {floor} ({label}) in severity for the "
        "data subjects for a breach of confidentiality. Set by: {reasons}.",
    ),
    "guided.ds.floor_class": ("systemets klassifikation {classification}", "the system classification {classification}"),
    "guided.ds.no_floor": (
        "Aktivitetens oplysninger foreslår ingen mindste alvor for de registrerede.",
        "The activity's data propose no minimum severity for the data subjects.",
    ),
    "guided.ds.to_activity": ("Til behandlingsaktiviteten {name}", "To the processing activity {name}"),
    "guided.ds.none_yet": (
        "Behandlingsaktiviteten har ingen vurdering af risikoen for de registrerede endnu. Når du starter, foreslås "
        "trusselskatalogets trusler om personoplysninger; du kan fjerne og tilføje bagefter.",
        "The processing activity has no assessment of the risk to the data subjects yet. When you start, the "
        "catalogue threats about personal data are proposed; you can remove and add afterwards.",
    ),
    "guided.ds.start": ("Start vurdering af risikoen for de registrerede", "Start assessing the risk to the data subjects"),
    "guided.ds.matrix_head": ("Risikomatrix for de registrerede", "Risk matrix for the data subjects"),
    "guided.ds.severity": ("Alvor for de registrerede", "Severity for the data subjects"),
    "guided.ds.severity_for.c": (
        "Alvor for de registrerede ved brud på fortrolighed",
        "Severity for the data subjects of a breach of confidentiality",
    ),
    "guided.ds.severity_for.i": (
        "Alvor for de registrerede ved brud på integritet",
        "Severity for the data subjects of a breach of integrity",
    ),
    "guided.ds.severity_for.a": (
        "Alvor for de registrerede ved brud på tilgængelighed",
        "Severity for the data subjects of a breach of availability",
    ),
    "guided.ds.breaches": ("Kan føre til brud på: {dims}", "Can lead to a breach of: {dims}"),
    "guided.ds.scenario_help": (
        "Beskriv med egne ord, hvordan truslen kan ramme de registrerede i denne behandling.",
        "Describe in your own words how the threat could affect the data subjects of this processing.",
    ),
    "guided.ds.f.harms": ("Skade for de registrerede", "Harm to the data subjects"),
    "guided.ds.f.harms_help": (
        "Hvilke slags skade kan bruddet påføre de registrerede (databeskyttelsesforordningens betragtning 75)?",
        "Which kinds of harm could the breach cause the data subjects (recital 75 of the GDPR)?",
    ),
    "guided.ds.floor_below": (
        "Alvoren ved brud på fortrolighed er scoret {cons}, under minimum.",
        "The severity of a breach of confidentiality is scored {cons}, below the minimum.",
    ),
    "guided.ds.f.floor_reason": ("Begrundelse for den lavere alvor", "Reason for the lower severity"),
    "guided.ds.f.residual_consequence": ("Alvor bagefter", "Severity afterwards"),
    "guided.ds.open.floor_reason": (
        "**{threat}**: alvoren ved brud på fortrolighed er under aktivitetens minimum uden begrundelse",
        "**{threat}**: the severity of a breach of confidentiality is below the activity's minimum without a reason",
    ),
    "guided.ds.signoff.who": (
        "Den ansvarlige leder for behandlingsaktivitetens afdeling godkender vurderingen. Koordinatoren kan "
        "registrere en godkendelse, der er givet på et møde, på vegne af en navngiven leder.",
        "The manager responsible for the processing activity's department approves the assessment. The "
        "coordinator may record an approval given in a meeting, on behalf of a named manager.",
    ),
    # -- participant roles (model.PARTICIPANT_ROLES)
    "value.participant_role.systemejer": ("Systemejer", "System owner"),
    "value.participant_role.leder": ("Leder", "Manager"),
    "value.participant_role.risikoejer": ("Risikoejer", "Risk owner"),
    "value.participant_role.fagperson": ("Fagperson", "Subject expert"),
    "value.participant_role.it": ("IT", "IT"),
    "value.participant_role.databeskyttelsesraadgiver": ("Databeskyttelsesrådgiver (DPO)", "Data protection officer (DPO)"),
    "value.participant_role.facilitator": ("Facilitator", "Facilitator"),
    "value.participant_role.andet": ("Andet", "Other"),
    "guided.line_gone": (
        "Risikolinjen {id} i adressen findes ikke i denne vurdering (den kan være fjernet). Første linje vises.",
        "Risk line {id} in the address is not in this assessment (it may have been removed). The first line is shown.",
    ),
}
