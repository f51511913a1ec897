"""Errors of the live workshop (riskmodel.services.workshops), by key: the facilitator's screen, the agenda, the
seats (joining by code) and the votes. A key's parameters are the same in both languages
(tests/unit/test_error_keys.py); the Danish text is the one the service has always shown."""

STRINGS = {
    # -- labels of the fields the shared checks name (riskmodel.domain.validation) ----------------------------
    'err.workshop.field.name': ('Navn', 'Name'),
    'err.workshop.field.role': ('Rolle', 'Role'),
    'err.workshop.field.date': ('Dato', 'Date'),
    'err.workshop.field.rationale': ('Begrundelse', 'Rationale'),
    'err.workshop.field.require_admission': ('Kræv adgang fra facilitatoren', 'Require admission by the facilitator'),
    'err.workshop.field.anonymous': ('Anonym afstemning', 'Anonymous voting'),
    'err.workshop.field.likelihood': ('Sandsynlighed', 'Likelihood'),
    'err.workshop.field.cons_c': ('Konsekvens for fortrolighed', 'Consequence for confidentiality'),
    'err.workshop.field.cons_i': ('Konsekvens for integritet', 'Consequence for integrity'),
    'err.workshop.field.cons_a': ('Konsekvens for tilgængelighed', 'Consequence for availability'),
    # -- the facilitator --------------------------------------------------------------------------------------
    'err.workshop.not_found': ('Workshoppen med id {id} findes ikke', 'The workshop with id {id} does not exist'),
    'err.workshop.closed': ('Workshoppen er lukket', 'The workshop is closed'),
    'err.workshop.moved_on': (
        'Workshoppen er ført videre fra en anden skærm, efter du åbnede den. Intet er ændret: se den aktuelle '
        'trussel og prøv igen.',
        'The workshop was moved on from another screen after you opened it. Nothing was changed: look at the '
        'current threat and try again.'),
    'err.workshop.guest_cap': ('Højst antal gæster skal være et helt tal mellem 0 og 500',
                               'The maximum number of guests must be a whole number from 0 to 500'),
    'err.workshop.no_threats': ('Vurderingen har ingen trusler: vælg trusler, før workshoppen åbnes',
                                'The assessment has no threats: choose threats before the workshop is opened'),
    'err.workshop.pick_threat': ('Vælg en trussel fra dagsordenen', 'Choose a threat from the agenda'),
    'err.workshop.foreign_threat': ('Truslen hører ikke til denne vurdering',
                                    'The threat does not belong to this assessment'),
    'err.workshop.goto_off_agenda': ('Truslen står ikke på dagsordenen: sæt den på først',
                                     'The threat is not on the agenda: put it on first'),
    'err.workshop.decision_not_dict': ('Den aftalte værdi skal angives felt for felt',
                                       'The agreed value must be given field by field'),
    'err.workshop.decision_unknown': ('Ukendt felt i den aftalte værdi: {fields}',
                                      'Unknown field in the agreed value: {fields}'),
    'err.workshop.decision_likelihood': ('Sandsynlighed skal vælges for den aftalte værdi',
                                         'Likelihood must be chosen for the agreed value'),
    'err.workshop.decision_consequence': ('Mindst én konsekvens (F, I eller T) skal vælges for den aftalte værdi',
                                          'At least one consequence (C, I or A) must be chosen for the agreed value'),
    'err.workshop.rationale': (
        'Begrundelse skal udfyldes, når stemmerne er uenige (2 trin eller mere) eller den aftalte værdi afviger fra '
        'medianen',
        'A rationale must be given when the votes disagree (2 steps or more) or the agreed value differs from the '
        'median'),
    'err.workshop.not_member': ('Deltageren med id {id} er ikke med i workshoppen',
                                'The participant with id {id} is not in the workshop'),
    # -- the agenda -------------------------------------------------------------------------------------------
    'err.workshop.agenda_empty': ('Dagsordenen skal have mindst én trussel', 'The agenda must have at least one threat'),
    'err.workshop.agenda_foreign': ('Dagsordenen, punkt {n}: truslen hører ikke til denne vurdering',
                                    'The agenda, item {n}: the threat does not belong to this assessment'),
    'err.workshop.agenda_twice': ('Dagsordenen, punkt {n}: truslen står der allerede',
                                  'The agenda, item {n}: the threat is already on it'),
    'err.workshop.position': ('Pladsen på dagsordenen skal være et helt tal',
                              'The place on the agenda must be a whole number'),
    'err.workshop.off_agenda': ('Truslen står ikke på dagsordenen', 'The threat is not on the agenda'),
    # -- seats: joining by code -------------------------------------------------------------------------------
    'err.workshop.facilitator_role': ("Rollen 'facilitator' har den, der åbner workshoppen",
                                      "The role 'facilitator' belongs to the one who opens the workshop"),
    'err.workshop.throttle_account': ('For mange forsøg på at deltage fra din konto. Vent {minutes} minutter, og '
                                      'prøv igen.',
                                      'Too many attempts to join from your account. Wait {minutes} minutes and try '
                                      'again.'),
    'err.workshop.throttle_browser': ('For mange forsøg på at deltage fra denne browser. Vent {minutes} minutter, '
                                      'og prøv igen.',
                                      'Too many attempts to join from this browser. Wait {minutes} minutes and try '
                                      'again.'),
    'err.workshop.throttle_connection': ('For mange forsøg på at deltage fra denne forbindelse. Vent {minutes} '
                                         'minutter, og prøv igen.',
                                         'Too many attempts to join from this connection. Wait {minutes} minutes '
                                         'and try again.'),
    'err.workshop.throttle_room': (
        'For mange har forsøgt at deltage i denne workshop uden konto de sidste {minutes} minutter. Vent lidt, og '
        'prøv igen, eller log ind.',
        'Too many people have tried to join this workshop without an account in the last {minutes} minutes. Wait '
        'a little and try again, or sign in.'),
    'err.workshop.wrong_code': ("Koden '{code}' passer ikke til en åben workshop. Tjek koden hos facilitatoren.",
                                "The code '{code}' does not match an open workshop. Check the code with the "
                                "facilitator."),
    'err.workshop.removed': ('Facilitatoren har taget dig ud af workshoppen.',
                             'The facilitator has taken you out of the workshop.'),
    'err.workshop.full': ('Workshoppen er fuld: højst {cap} gæster uden konto. Bed facilitatoren om hjælp.',
                          'The workshop is full: at most {cap} {cap:plural:guest|guests} without an account. Ask the '
                          'facilitator for help.'),
    'err.workshop.no_seat': ('Din plads er åbnet i en anden fane eller på en anden enhed, eller den findes ikke '
                             'længere. Brug den anden fane, eller deltag igen med koden.',
                             'Your place is open in another tab or on another device, or no longer exists. Use the '
                             'other tab, or join again with the code.'),
    'err.workshop.field.code': ('Koden', 'The code'),
    'err.workshop.closed_thanks': ('Workshoppen er lukket. Tak for din deltagelse.',
                                   'The workshop is closed. Thank you for taking part.'),
    # -- votes ------------------------------------------------------------------------------------------------
    'err.workshop.vote_not_dict': ('Stemmen skal angives felt for felt', 'The vote must be given field by field'),
    'err.workshop.vote_unknown': ('Ukendt felt i stemmen: {fields}', 'Unknown field in the vote: {fields}'),
    'err.workshop.waiting': ('Du venter stadig på at blive lukket ind af facilitatoren.',
                             'You are still waiting for the facilitator to let you in.'),
    'err.workshop.vote_late': (
        'Facilitatoren er gået videre, så din stemme er ikke talt med. Stem på det, der vises nu.',
        'The facilitator has moved on, so your vote was not counted. Vote on what is shown now.'),
    'err.workshop.vote_bool': ("{label}: '{value}' er ikke et tal", "{label}: '{value}' is not a number"),
    'err.workshop.score_not_number': ("{label}: '{value}' er ikke et tal (1-{size})",
                                      "{label}: '{value}' is not a number (1-{size})"),
    'err.workshop.score_not_whole': ("{label}: '{value}' er ikke et helt tal (1-{size})",
                                     "{label}: '{value}' is not a whole number (1-{size})"),
    'err.workshop.score_outside': ('{label}: {value} ligger uden for skalaen 1-{size}',
                                   '{label}: {value} is outside the scale 1-{size}'),
    'err.workshop.vote_empty': ('Vælg mindst én værdi, før du stemmer', 'Choose at least one value before you vote'),
    # -- participants on record -------------------------------------------------------------------------------
    'err.workshop.future_date': ('Datoen for deltagelse kan ikke ligge i fremtiden',
                                 'The date of taking part cannot be in the future'),
    'err.workshop.participant_not_found': ('Deltageren med id {id} findes ikke',
                                           'The participant with id {id} does not exist'),
    'err.workshop.participant_stale': ("Deltageren '{name}' er ændret af en anden. Intet er gemt: genindlæs.",
                                       "The participant '{name}' was changed by someone else. Nothing was saved: "
                                       "reload."),
}
