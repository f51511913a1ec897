"""The names of the fields a service checks, as its errors name them ("Systemets navn skal udfyldes").

The services pass the Danish label as the error's ``field``; an English reader gets the English one
(``riskmodel.domain.errors``: the key is ``field.`` + the Danish label). A label without an entry here
stays as it is; ``tests/unit/test_field_names.py`` holds every Danish label the services pass to one.
"""

_FIELDS = (
    # systems
    ("Systemets navn", "System name"),
    ("Beskrivelse", "Description"),
    ("Afdeling", "Department"),
    ("Systemejer", "System owner"),
    ("Leverandør", "Supplier"),
    ("Klassifikation", "Classification"),
    ("Personoplysninger", "Personal data"),
    ("Antal registrerede", "Number of data subjects"),
    ("Kritikalitet", "Criticality"),
    ("Drift", "Hosting"),
    ("Databehandleraftale", "Data processing agreement"),
    ("Dato for databehandleraftale", "Date of the data processing agreement"),
    ("Status", "Status"),
    # users
    ("Brugernavn", "Username"),
    ("Navn", "Name"),
    ("E-mail", "E-mail"),
    ("Spærret", "Blocked"),
    # settings and catalogue
    ("Kommunens navn", "Municipality name"),
    ("Skjult", "Hidden"),
    ("Kategori", "Category"),
    ("Trusselens titel", "Threat title"),
    ("Kode", "Code"),
    # scores (riskmodel.domain.scales.Preset.check_score)
    ("sandsynlighed", "likelihood"),
    ("konsekvens", "consequence"),
    ("Rammer fortrolighed", "Affects confidentiality"),
    ("Rammer integritet", "Affects integrity"),
    ("Rammer tilgængelighed", "Affects availability"),
    # risk lines, acceptance and treatment
    ("Skade for de registrerede", "Harm to the data subjects"),
    ("Accepteret af", "Accepted by"),
    ("Dato for accept", "Date of acceptance"),
    ("Henvisning til beslutningen", "Reference to the decision"),
    ("Accepten udløber", "Acceptance expires"),
    ("Foranstaltning", "Measure"),
    ("Ansvarlig for foranstaltningen", "Responsible for the measure"),
    ("Frist", "Deadline"),
    ("Status for foranstaltningen", "Status of the measure"),
    # review, sign-off, baselines
    ("Type af ændring", "Kind of change"),
    ("Begrundelse for ændringen", "Reason for the change"),
    ("Dato for ændringen", "Date of the change"),
    ("Begrundelse", "Reason"),
    ("Bemærkning", "Note"),
    ("Godkendt på vegne af", "Approved on behalf of"),
    # dispensations
    ("System", "System"),
    ("Krav (håndbog eller Annex A)", "Requirement (handbook or Annex A)"),
    ("Kravet, der afviges fra", "The requirement departed from"),
    ("Udløbsdato", "Expiry date"),
    ("Hvem anmoder", "Requested by"),
    ("Alternative sikringsforanstaltninger", "Alternative safeguards"),
    ("Godkend (afgørelse)", "Approve (decision)"),
    ("Bemærkning til afgørelsen", "Note on the decision"),
    # processing activities
    ("Behandlingsaktivitetens navn", "Name of the processing activity"),
    ("Formål", "Purpose"),
    ("Ansvarlig leder", "Responsible manager"),
    ("Kriterium", "Criterion"),
    ("Svar", "Answer"),
    ("Konsekvensanalyse gennemført", "DPIA carried out"),
    ("Dato for konsekvensanalyse", "Date of the DPIA"),
    ("Henvisning til konsekvensanalysen", "Reference to the DPIA"),
    ("År", "Year"),
)

STRINGS = {f"field.{da}": (da, en) for da, en in _FIELDS}
