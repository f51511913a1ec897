"""Errors of the assessments (riskmodel.services.assessments and its parts) and of the processing activities
(riskmodel.services.activities), by key (riskmodel.domain.errors). The Danish text is what the services
said before they had keys, word for word; a key's placeholders are the same in both languages
(tests/unit/test_error_keys.py). ``err.*.label.*`` are the field names those errors put in the text."""

STRINGS = {
    # -- assessments and their risk lines -------------------------------------------------------------------
    'err.assessment.field_not_changeable': ("Feltet '{field}' kan ikke ændres på en risikolinje",
                                            "The field '{field}' cannot be changed on a risk line"),
    'err.assessment.score_not_number': ("{label}: '{value}' er ikke et tal (1-{size})",
                                        "{label}: '{value}' is not a number (1-{size})"),
    'err.assessment.score_not_whole': ("{label}: '{value}' er ikke et helt tal (1-{size})",
                                       "{label}: '{value}' is not a whole number (1-{size})"),
    'err.assessment.score_off_scale': ("{label}: {value} ligger uden for skalaen 1-{size}",
                                       "{label}: {value} is outside the scale 1-{size}"),
    'err.assessment.system_retired': ("Systemet '{name}' er udfaset og kan ikke vurderes",
                                      "The system '{name}' is retired and cannot be assessed"),
    'err.assessment.activity_ended': ("Behandlingsaktiviteten '{name}' er ophørt og kan ikke vurderes",
                                      "The processing activity '{name}' has ended and cannot be assessed"),
    'err.assessment.superseded': ("Vurderingen er afløst af en nyere og kan ikke ændres",
                                  "The assessment has been replaced by a newer one and cannot be changed"),
    'err.assessment.other_scale': (
        "Vurderingen er lavet på en {then}-trinsskala, men kommunen bruger nu {now} trin. "
        "Start en ny vurdering af systemet for at score på den nye skala.",
        "The assessment was made on a {then}-step scale, but the municipality now uses {now} steps. "
        "Start a new assessment of the system to score on the new scale."),
    'err.assessment.line_removed': ("Truslen '{title}' er fjernet fra vurderingen og kan ikke ændres",
                                    "The threat '{title}' has been removed from the assessment and cannot be changed"),
    'err.assessment.threat_not_found': ("Truslen med id {id} findes ikke i kataloget",
                                        "The catalogue has no threat with id {id}"),
    'err.assessment.threat_already_in': ("Truslen '{title}' er allerede med i vurderingen",
                                         "The threat '{title}' is already in the assessment"),
    'err.assessment.changes_by_field': ("Ændringerne skal angives felt for felt",
                                        "The changes must be given field by field"),
    'err.assessment.no_changes': ("Ingen ændringer at gemme", "No changes to save"),
    'err.assessment.seen_missing': ("Feltet '{label}' mangler den værdi, du så før ændringen",
                                    "The field '{label}' lacks the value you saw before the change"),
    'err.assessment.field_conflict': (
        "{names} er ændret af {by}, efter du så feltet. Intet er gemt: vælg, hvilken værdi der skal gælde.",
        "{names} was changed by {by} after you saw it. Nothing was saved: choose which value is to apply."),
    'err.assessment.accepted_on_required': ("Dato for accept skal udfyldes",
                                            "The date of acceptance must be filled in"),
    'err.assessment.accepted_on_future': ("Dato for accept kan ikke ligge i fremtiden",
                                          "The date of acceptance cannot be in the future"),
    'err.assessment.expires_before_accepted': ("Accepten skal udløbe efter datoen for accept",
                                               "The acceptance must expire after the date of acceptance"),
    'err.assessment.field_list': ("{fields}", "{fields}"),  # several of the labels below, comma-separated
    # The fields of a risk line as errors name them (services.line_rules.FIELD_LABELS_DA holds the Danish).
    'err.assessment.label.likelihood': ("Sandsynlighed", "Likelihood"),
    'err.assessment.label.cons_c': ("Konsekvens for fortrolighed", "Consequence for confidentiality"),
    'err.assessment.label.cons_i': ("Konsekvens for integritet", "Consequence for integrity"),
    'err.assessment.label.cons_a': ("Konsekvens for tilgængelighed", "Consequence for availability"),
    'err.assessment.label.residual_likelihood': ("Restrisiko: sandsynlighed", "Residual risk: likelihood"),
    'err.assessment.label.residual_consequence': ("Restrisiko: konsekvens", "Residual risk: consequence"),
    'err.assessment.label.scenario': ("Scenarie", "Scenario"),
    'err.assessment.label.existing_measures': ("Eksisterende foranstaltninger", "Existing measures"),
    'err.assessment.label.planned_measures': ("Planlagte foranstaltninger", "Planned measures"),
    'err.assessment.label.measure_owner': ("Ansvarlig for foranstaltning", "Responsible for the measure"),
    'err.assessment.label.risk_owner': ("Risikoejer", "Risk owner"),
    'err.assessment.label.floor_reason': ("Begrundelse for lavere konsekvens", "Reason for a lower consequence"),
    'err.assessment.label.treatment': ("Behandling", "Treatment"),
    'err.assessment.label.measure_deadline': ("Frist", "Deadline"),
    'err.assessment.label.score_rationale': ("Begrundelse for vurderingen", "Reason for the assessment"),
    'err.assessment.label.accepted_by': ("Risiko accepteret af", "Risk accepted by"),
    'err.assessment.label.accepted_on': ("Dato for accept", "Date of acceptance"),
    'err.assessment.label.acceptance_ref': ("Henvisning til beslutning om accept",
                                            "Reference to the decision to accept"),
    'err.assessment.label.acceptance_expires': ("Accepten udløber", "The acceptance expires"),
    'err.assessment.label.harms': ("Skade for de registrerede", "Harm to the data subjects"),
    # -- processing activities ------------------------------------------------------------------------------
    'err.activity.not_found': ("Behandlingsaktiviteten med id {id} findes ikke",
                               "There is no processing activity with id {id}"),
    'err.activity.pick_from_list': ("{label}: vælg fra listen", "{label}: choose from the list"),
    'err.activity.pick_one': ("{label}: vælg mindst én", "{label}: choose at least one"),
    'err.activity.systems_by_id': ("Systemer: angiv systemerne ved deres id",
                                   "Systems: give the systems by their id"),
    'err.activity.system_out_of_reach': (
        "{name} kan kun knytte systemer fra egne afdelinger og egne systemer til en behandlingsaktivitet: "
        "systemet med id {id} findes ikke eller er uden for rækkevidde",
        "{name} can only link systems of their own departments and their own systems to a processing "
        "activity: the system with id {id} does not exist or is out of reach"),
    'err.activity.system_not_found': ("Systemet med id {id} findes ikke", "There is no system with id {id}"),
    'err.activity.dpia_incomplete': ("En gennemført konsekvensanalyse skal have en dato og en henvisning",
                                     "A completed DPIA must have a date and a reference"),
    'err.activity.dpia_future': ("Dato for konsekvensanalyse kan ikke ligge i fremtiden",
                                 "The date of the DPIA cannot be in the future"),
    'err.activity.label.data_categories': ("Kategorier af personoplysninger", "Categories of personal data"),
    'err.activity.label.legal_bases': ("Retsgrundlag", "Legal basis"),
    'err.activity.label.subject_categories': ("Kategorier af registrerede", "Categories of data subjects"),
}
