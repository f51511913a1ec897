"""Errors the services raise, by key (riskmodel.domain.errors), per area: users, settings, systems, catalogue,
baselines, dispensations, sign-off, review, treatment, demo data, imports.

A key's parameters are the same in both languages (tests/unit/test_error_keys.py); the Danish text is the
message the service raised before it had a key, word for word."""

STRINGS = {
    # users
    'err.users.username_chars': ('Brugernavn må kun indeholde bogstaver, tal og . _ - @',
                                 'Username may only contain letters, digits and . _ - @'),
    'err.users.not_username': ("Brugernavn: '{value}' er ikke et brugernavn", "Username: '{value}' is not a username"),
    'err.users.departments_list': ('Afdelinger: angiv en liste af afdelinger', 'Departments: give a list of departments'),
    'err.users.password_not_text': ('Adgangskoden skal være en tekst', 'The password must be a text'),
    'err.users.not_found': ("Brugeren '{username}' findes ikke", "The user '{username}' does not exist"),
    'err.users.bad_role': ("Rolle: '{role}' er ikke en gyldig rolle ({allowed})", "Role: '{role}' is not a valid role ({allowed})"),
    'err.users.taken': ("Brugernavnet '{username}' er allerede i brug", "The username '{username}' is already taken"),
    'err.users.disable_self': ('Du kan ikke spærre din egen konto', 'You cannot disable your own account'),
    'err.users.sign_in_refused': (
        'Forkert brugernavn eller adgangskode, eller kontoen er midlertidigt låst efter for mange forsøg. '
        'Prøv igen senere (op til {minutes} minutter), eller bed koordinatoren om en ny adgangskode.',
        'Wrong username or password, or the account is locked for a while after too many attempts. '
        'Try again later (up to {minutes} minutes), or ask the coordinator for a new password.'),
    'err.users.sso_unknown': (
        '{email} er ikke oprettet som bruger af Risikoværkstedet. Bed informationssikkerhedskoordinatoren om adgang.',
        '{email} is not a user of Risikoværkstedet. Ask the information security coordinator for access.'),
    'err.users.sso_wrong_audience': (
        'Identitetsudbyderens login er ikke udstedt til Risikoværkstedet (tokenets modtager er en anden app). '
        'Log ud, og log ind igen fra Risikoværkstedet.',
        "The identity provider's sign-in was not issued to Risikoværkstedet (the token's audience is another app). "
        'Sign out, and sign in again from Risikoværkstedet.'),
    'err.users.sso_other_subject': (
        'Kontoen for {email} er knyttet til en anden person hos kommunens identitetsudbyder end den, der loggede '
        'ind nu. Er e-mailadressen givet videre, skal informationssikkerhedskoordinatoren oprette en ny bruger '
        'eller nulstille kontoens tilknytning.',
        "The account of {email} is bound to another person at the municipality's identity provider than the one "
        'who signed in now. If the e-mail address was passed on, the information security coordinator must create '
        "a new user or reset the account's binding."),
    'err.users.sso_no_subject': (
        "Identitetsudbyderens login siger ikke, hvem personen er (claims 'iss' og 'sub' eller 'tid' og 'oid' "
        'mangler). Bed it-driften tjekke opsætningen af appen hos udbyderen.',
        "The identity provider's sign-in does not say who the person is (claims 'iss' and 'sub' or 'tid' and 'oid' "
        "are missing). Ask IT operations to check the app's setup at the provider."),
    'err.users.password_short': ('Adgangskoden skal være mindst {min} tegn', 'The password must be at least {min} characters'),
    'err.users.password_spaces': ('Adgangskoden må ikke begynde eller slutte med mellemrum',
                                  'The password must not begin or end with a space'),
    'err.users.password_weak': (
        'Adgangskoden er for let at gætte (styrke {score} af 4, der kræves mindst {min}){advice}. '
        'Brug fx tre-fire tilfældige ord med bindestreg imellem',
        'The password is too easy to guess (strength {score} of 4, at least {min} is required){advice}. '
        'Use e.g. three or four random words joined by hyphens'),
    'err.users.password_advice.dictionary': ('undgå almindelige ord, navne og kendte adgangskoder',
                                             'avoid common words, names and known passwords'),
    'err.users.password_advice.spatial': ('undgå tastaturmønstre som qwerty eller asdf',
                                          'avoid keyboard patterns such as qwerty or asdf'),
    'err.users.password_advice.repeat': ('undgå gentagelser som aaa eller abcabc', 'avoid repeats such as aaa or abcabc'),
    'err.users.password_advice.sequence': ('undgå rækkefølger som 1234 eller abcd', 'avoid sequences such as 1234 or abcd'),
    'err.users.password_advice.regex': ('undgå årstal', 'avoid years'),
    'err.users.password_advice.date': ('undgå datoer og årstal', 'avoid dates and years'),
    # settings
    'err.settings.unknown_key': ("Ukendt indstilling '{key}'", "Unknown setting '{key}'"),
    'err.settings.unknown_preset': ("Ukendt matrix '{preset}'", "Unknown matrix '{preset}'"),
    'err.settings.other_scale': (
        '{n} risikolinjer er scoret på en {size}-trinsskala; {name} bruger {steps} trin. Scorer skal ikke omregnes '
        'i det skjulte: vælg en matrix med samme antal trin.',
        '{n} risk lines are scored on a {size}-step scale; {name} uses {steps} steps. Scores are not converted '
        'behind the scenes: choose a matrix with the same number of steps.'),
    'err.settings.mapping_too_big': ('Mappingen kan ikke gemmes: den er ikke tekst, eller den er for stor',
                                     'The mapping cannot be saved: it is not text, or it is too large'),
    'err.settings.mapping_headers': ('Mappingen kan ikke gemmes: kolonneoverskrifterne er ikke tekst',
                                     'The mapping cannot be saved: the column headers are not text'),
    'err.settings.mapping_invalid': ('Mappingen kan ikke gemmes: den {reason}', 'The mapping cannot be saved: {reason}'),
    'err.settings.unknown_language': ("Ukendt sprog '{lang}'", "Unknown language '{lang}'"),
    'err.settings.gone': ("Indstillingen '{key}' findes ikke længere. Genindlæs og prøv igen.",
                          "The setting '{key}' no longer exists. Reload and try again."),
    'err.settings.stale': ("Indstillingen '{key}' er ændret af en anden, efter du åbnede den. Intet er gemt: "
                           'genindlæs og prøv igen.',
                           "The setting '{key}' was changed by someone else after you opened it. Nothing was saved: "
                           'reload and try again.'),
    # systems
    'err.system.categories_from_list': ('Personoplysninger: vælg kategorierne fra listen',
                                        'Personal data: choose the categories from the list'),
    'err.system.no_category': ("Personoplysninger: vælg mindst én kategori (eller 'ingen')",
                               "Personal data: choose at least one category (or 'none')"),
    'err.system.none_alone': ("Personoplysninger: 'ingen' kan ikke kombineres med andre kategorier",
                              "Personal data: 'none' cannot be combined with other categories"),
    'err.system.dpa_date_without_dpa': (
        'Dato for databehandleraftale er udfyldt, men der er ikke markeret en aftale',
        'A date of the data processing agreement is filled in, but no agreement is ticked'),
    # the threat catalogue
    'err.catalogue.duplicate_codes': ('Koden {codes} står flere gange i filen', 'The code {codes} occurs more than once in the file'),
    'err.catalogue.changed': (
        'Trusselskataloget er ændret, efter du så forskellene. Intet er importeret: vis forskellene igen, og '
        'importér derefter.',
        'The threat catalogue has changed since you saw the differences. Nothing was imported: show the '
        'differences again, then import.'),
    'err.catalogue.unknown_format': ("Ukendt filformat '{fmt}' (json eller xlsx)", "Unknown file format '{fmt}' (json or xlsx)"),
    # the committee workbook (riskmodel/reports/export.py)
    'err.export.bad_year': ("År: '{year}' skal være et år fra 2000 til {last}", "Year: '{year}' must be a year from 2000 to {last}"),
    # baselines
    'err.baseline.bad_year': ("År for baseline: '{year}' skal være et år fra 2000 til {last}",
                              "Baseline year: '{year}' must be a year from 2000 to {last}"),
    'err.baseline.exists': ('Der findes allerede en baseline for {year}. En baseline ændres aldrig; vælg et andet år',
                            'A baseline for {year} already exists. A baseline never changes; choose another year'),
    'err.baseline.not_found': ('Baselinen med id {id} findes ikke', 'The baseline with id {id} does not exist'),
    'err.baseline.same_state': ('Vælg to forskellige tilstande at sammenligne', 'Choose two different states to compare'),
    'err.baseline.same_baseline': ('Vælg to forskellige baselines at sammenligne',
                                   'Choose two different baselines to compare'),
    'err.baseline.other_matrix': (
        'De to tilstande er scoret på forskellige risikomatricer og kan ikke sammenlignes niveau for niveau',
        'The two states are scored on different risk matrices and cannot be compared level by level'),
    # dispensations
    'err.dispensation.unknown_control': ("Annex A-kontrol '{control}' findes ikke i kataloget (fx A.9.4.1)",
                                         "Annex A control '{control}' is not in the catalogue (e.g. A.9.4.1)"),
    'err.dispensation.not_found': ('Dispensationen med id {id} findes ikke', 'The dispensation with id {id} does not exist'),
    'err.dispensation.system_retired': ("Systemet '{name}' er udfaset", "The system '{name}' is retired"),
    'err.dispensation.only_open_edit': ('Kun en anmodning, der ikke er afgjort, kan rettes; forny den i stedet',
                                        'Only a request that is not decided can be changed; renew it instead'),
    'err.dispensation.already': ('Dispensationen er allerede {status}', 'The dispensation is already {status}'),
    'err.dispensation.status.anmodet': ('anmodet', 'requested'),
    'err.dispensation.status.godkendt': ('godkendt', 'approved'),
    'err.dispensation.status.afvist': ('afvist', 'rejected'),
    'err.dispensation.status.udloebet': ('udløbet', 'expired'),
    'err.dispensation.expired': (
        'Udløbsdatoen er passeret; anmodningen kan ikke godkendes. Opret en ny anmodning med en ny udløbsdato',
        'The expiry date has passed; the request cannot be approved. Make a new request with a new expiry date'),
    'err.dispensation.renew_only_approved': ('Kun en godkendt (eller udløbet) dispensation kan fornyes',
                                             'Only an approved (or expired) dispensation can be renewed'),
    'err.dispensation.expiry_required': (
        'Udløbsdato skal udfyldes: en dispensation gælder altid for en begrænset periode',
        'The expiry date must be filled in: a dispensation always applies for a limited period'),
    'err.dispensation.expiry_before_request': ('Udløbsdatoen skal ligge efter datoen for anmodningen',
                                               'The expiry date must be after the date of the request'),
    'err.dispensation.expiry_too_far': ('En dispensation kan højst gælde i {months} måneder (senest {last})',
                                        'A dispensation can apply for at most {months} months (until {last} at the latest)'),
    # sign-off
    'err.signoff.superseded': ('Vurderingen er afløst af en nyere og kan ikke ændres',
                               'The assessment is superseded by a newer one and cannot be changed'),
    'err.signoff.verb.submit': ('sendes til godkendelse', 'be sent for approval'),
    'err.signoff.verb.approve': ('godkendes', 'be approved'),
    'err.signoff.no_threats': ('Vurderingen har ingen trusler og kan ikke {verb}',
                               'The assessment has no threats and cannot {verb}'),
    'err.signoff.open_items': ('Vurderingen kan ikke {verb}: {n} punkt(er) mangler en beslutning: {listed}{more}',
                               'The assessment cannot {verb}: {n} item(s) lack a decision: {listed}{more}'),
    'err.signoff.more': (' (og {n} til)', ' (and {n} more)'),
    'err.signoff.item.unscored': ('er ikke scoret', 'is not scored'),
    'err.signoff.item.needs_decision': (
        'har en restrisiko, der kræver en foranstaltning (hvad, hvem, frist) eller en accept',
        'has a residual risk that needs a measure (what, who, deadline) or an acceptance'),
    'err.signoff.item.acceptance_expired': ('har en risikoaccept, der er udløbet', 'has a risk acceptance that has expired'),
    'err.signoff.item.residual_review': (
        'har en gennemført foranstaltning, hvor restrisikoen ikke er set igennem',
        'has a completed measure whose residual risk has not been reviewed'),
    'err.signoff.item.floor_reason': (
        'har en konsekvens for fortrolighed under den foreslåede mindsteværdi uden begrundelse',
        'has a confidentiality consequence below the suggested minimum without a reason'),
    'err.signoff.only_draft': ('Kun en kladde kan sendes til godkendelse', 'Only a draft can be sent for approval'),
    'err.signoff.only_in_review_back': ('Kun en vurdering til godkendelse kan sendes tilbage til kladde',
                                        'Only an assessment in review can be sent back to draft'),
    'err.signoff.coordinator_on_behalf': (
        "Den ansvarlige leder godkender. Som koordinator kan du kun registrere en godkendelse på vegne af en "
        "navngiven leder: udfyld 'Godkendt på vegne af'",
        "The responsible manager approves. As coordinator you can only record an approval on behalf of a named "
        "manager: fill in 'Approved on behalf of'"),
    'err.signoff.on_behalf_only_coordinator': (
        "'Godkendt på vegne af' bruges kun, når koordinatoren registrerer godkendelsen",
        "'Approved on behalf of' is only used when the coordinator records the approval"),
    'err.signoff.only_in_review_approve': ('Kun en vurdering, der er sendt til godkendelse, kan godkendes',
                                           'Only an assessment sent for approval can be approved'),
    # the review cycle
    'err.review.changed_on_required': ('Dato for ændringen skal udfyldes', 'The date of the change must be filled in'),
    'err.review.changed_on_future': ('Dato for ændringen kan ikke ligge i fremtiden',
                                     'The date of the change cannot be in the future'),
    'err.review.system_retired': ("Systemet '{name}' er udfaset; en ændring registreres kun på aktive systemer",
                                  "The system '{name}' is retired; a change is only recorded on active systems"),
    'err.review.interval_not_months': ("Interval for gennemgang: '{months}' er ikke et helt antal måneder",
                                       "Review interval: '{months}' is not a whole number of months"),
    'err.review.interval_range': ('Interval for gennemgang skal være 1-{limit} måneder{extra} (fik {months})',
                                  'The review interval must be 1-{limit} months{extra} (got {months})'),
    'err.review.interval_for': (' for et {classification} system', ' for a {classification} system'),
    # the treatment plan
    'err.treatment.unknown_control': ("Annex A-kontrol '{control}' findes ikke i kataloget (fx A.9.2.3)",
                                      "Annex A control '{control}' is not in the catalogue (e.g. A.9.2.3)"),
    'err.treatment.line_removed': ('Risikolinjen er fjernet fra vurderingen', 'The risk line was removed from the assessment'),
    'err.treatment.superseded': ('Vurderingen er afløst af en nyere og kan ikke ændres',
                                 'The assessment is superseded by a newer one and cannot be changed'),
    'err.treatment.describe_first': ('Beskriv foranstaltningen, før den får en status',
                                     'Describe the measure before it gets a status'),
    'err.treatment.no_changes': ('Ingen ændringer at gemme', 'No changes to save'),
    'err.treatment.line_closed': ('Risikolinjen kan ikke længere ændres', 'The risk line can no longer be changed'),
    # demo data
    'err.demo.vocabulary_missing': ('Ordlisten til demodata mangler: {path}', 'The word list for demo data is missing: {path}'),
    'err.demo.vocabulary_unreadable': ('Ordlisten til demodata ({name}) kan ikke læses: {reason}',
                                       'The word list for demo data ({name}) cannot be read: {reason}'),
    'err.demo.vocabulary_not_object': ('Ordlisten til demodata ({name}) skal være et JSON-objekt',
                                       'The word list for demo data ({name}) must be a JSON object'),
    'err.demo.vocabulary_lacks': ('Ordlisten til demodata ({name}) mangler: {keys}',
                                  'The word list for demo data ({name}) lacks: {keys}'),
    'err.demo.template': ("Ordlisten til demodata, skabelonen '{template}': {error}",
                          "The word list for demo data, the template '{template}': {error}"),
    'err.demo.systems': ('Antal systemer skal være et helt tal mellem 1 og {max} (fik {systems!r})',
                         'The number of systems must be a whole number from 1 to {max} (got {systems!r})'),
    'err.demo.not_empty': ('Databasen indeholder allerede systemer. Demodata kan kun indlæses i en tom database; '
                           'intet er ændret.',
                           'The database already holds systems. Demo data can only be loaded into an empty database; '
                           'nothing was changed.'),
    'err.demo.matrix_changed': ('Risikomatrixen blev ændret, mens demodata blev dannet; intet er gemt. Prøv igen.',
                                'The risk matrix was changed while the demo data was made; nothing was saved. '
                                'Try again.'),
    # importing a register
    'err.import.problems': ('Filen har {n} {n:plural:problem|problemer}; intet er importeret. Første: {first}',
                            'The file has {n} {n:plural:problem|problems}; nothing was imported. First: {first}'),
    'err.import.stale': ('Data er ændret, efter filen blev kontrolleret ({why}). Intet er importeret: kontrollér '
                         'filen igen.',
                         'Data changed after the file was checked ({why}). Nothing was imported: check the file '
                         'again.'),
    'err.import.why.matrix': ('kommunens risikomatrix er skiftet', "the municipality's risk matrix was switched"),
    'err.import.why.line': ('risikolinje {id} er ændret af en anden', 'risk line {id} was changed by someone else'),
    'err.import.why.system_retired': ('system {id} er udfaset', 'system {id} is retired'),
    'err.import.why.assessment': ('en vurdering er startet eller afløst', 'an assessment was started or superseded'),
    'err.import.why.threat_added': ("truslen '{title}' er tilføjet vurderingen af en anden",
                                    "the threat '{title}' was added to the assessment by someone else"),
    'err.import.why.system_created': ("systemet '{name}' er oprettet af en anden",
                                      "the system '{name}' was created by someone else"),
    'err.import.why.a_line': ('en risikolinje er ændret af en anden', 'a risk line was changed by someone else'),
}
