"""Strings of the annual review page (Årsgennemgang)."""

STRINGS = {
    "review.intro": (
        "Informationssikkerhedspolitikken kræver, at risikovurderingen opdateres mindst én gang om året og ved "
        "større ændringer i opgaver, leverandører, systemer eller deres anvendelse, også med fokus på de "
        "registreredes rettigheder. Afvigelser fra kravene kræver en skriftlig dispensation med alternative "
        "sikringsforanstaltninger og en udløbsdato, og en konsekvensanalyse (DPIA) udføres, hvor den er påkrævet. "
        "Tjeklisten viser, hvor kommunen står på hvert punkt.",
        "The information security policy requires the risk assessment to be updated at least once a year and on "
        "major changes in tasks, suppliers, systems or their use, with a view to the rights of the data subjects "
        "too. Deviations from the requirements need a written dispensation with alternative safeguards and an "
        "expiry date, and a data protection impact assessment (DPIA) is carried out where required. The checklist "
        "shows where the municipality stands on each point.",
    ),
    "review.date": ("Dato for gennemgangen: {date}", "Date of the review: {date}"),
    "review.checklist": ("Tjekliste fra politikken", "Checklist from the policy"),
    "review.progress": ("{ok} af {total} punkter er i orden", "{ok} of {total} points are in order"),
    "review.all_ok": (
        "Alle punkter er i orden. Godt arbejde!",
        "Every point is in order. Well done!",
    ),
    "review.share": ("{value} af {total} ({pct} %)", "{value} of {total} ({pct} %)"),
    "review.share_none": ("0 af 0", "0 of 0"),
    "review.show": ("Vis de {n}", "Show the {n}"),
    "review.pick_hint": (
        "Markér en række for at åbne den der, hvor den rettes.",
        "Select a row to open it where it is fixed.",
    ),
    "review.open_system": ("Åbn risikovurderingen af {name}", "Open the risk assessment of {name}"),
    "review.open_activity_ds": (
        "Åbn de registreredes risikovurdering for {name}",
        "Open the data-subject risk assessment of {name}",
    ),
    "review.open_activity": ("Åbn behandlingsaktiviteten {name}", "Open the processing activity {name}"),
    "review.go.treatment": ("Gå til handlingsplanen", "Go to the treatment plan"),
    "review.go.dispensations": ("Gå til dispensationerne", "Go to the dispensations"),
    "review.go.activities": ("Gå til behandlingsaktiviteterne", "Go to the processing activities"),
    "review.go.systems": ("Gå til systemerne", "Go to the systems"),
    # -- the checklist's points -----------------------------------------------------------
    "review.item.approved_recent": (
        "Systemer med en godkendt risikovurdering fra de sidste 12 måneder",
        "Systems with an approved risk assessment from the last 12 months",
    ),
    "review.why.approved_recent": (
        "Risikovurderingen opdateres mindst én gang årligt, og ledelsen deltager aktivt: godkendelsen er "
        "ledelsens stillingtagen. Listen viser de systemer, der mangler en gyldig godkendelse fra det seneste år.",
        "The risk assessment is updated at least once a year, and management takes an active part: the approval "
        "is management's decision. The list shows the systems lacking a valid approval from the last year.",
    ),
    "review.item.activities_ds": (
        "Behandlingsaktiviteter med en vurdering af risikoen for de registrerede",
        "Processing activities with an assessment of the risk to the data subjects",
    ),
    "review.why.activities_ds": (
        "Politikken kræver også risikovurdering med fokus på fysiske personers rettigheder og "
        "frihedsrettigheder. Listen viser de behandlingsaktiviteter, der ikke har en.",
        "The policy also requires risk assessment with a view to the rights and freedoms of natural persons. "
        "The list shows the processing activities that have none.",
    ),
    "review.item.dpia_missing": (
        "Påkrævede konsekvensanalyser (DPIA), der mangler",
        "Required impact assessments (DPIA) that are missing",
    ),
    "review.why.dpia_missing": (
        "Når screeningen viser en sandsynlig høj risiko for de registrerede, skal der udføres en "
        "konsekvensanalyse (databeskyttelsesforordningens art. 35), før behandlingen begynder.",
        "Where the screening shows a likely high risk to the data subjects, an impact assessment is required "
        "(GDPR Article 35) before the processing starts.",
    ),
    "review.item.high_open": (
        "Høje eller kritiske restrisici uden foranstaltning eller accept",
        "High or critical residual risks without a measure or an acceptance",
    ),
    "review.why.high_open": (
        "Kommunen vil ikke sikre sig for enhver pris, men være bevidst om enhver risiko: en restrisiko, der "
        "kræver handling, skal nedbringes med en foranstaltning (hvad, hvem, frist) eller accepteres af ledelsen. "
        "En udløbet accept tæller ikke.",
        "The municipality does not seek safety at any price, but to be aware of every risk: a residual risk that "
        "calls for action is reduced with a measure (what, who, deadline) or accepted by management. An expired "
        "acceptance does not count.",
    ),
    "review.item.measures_overdue": (
        "Foranstaltninger med overskredet frist",
        "Measures past their deadline",
    ),
    "review.why.measures_overdue": (
        "Sikkerhedsforanstaltningerne etableres på grundlag af klassifikationen og risikovurderingen. Er fristen "
        "overskredet, er risikoen højere end den, ledelsen har taget stilling til.",
        "Security measures are put in place on the basis of the classification and the risk assessment. Past its "
        "deadline, the risk is higher than the one management decided on.",
    ),
    "review.item.dispensations": (
        "Dispensationer, der udløber inden for 30 dage eller er udløbet",
        "Dispensations expiring within 30 days or expired",
    ),
    "review.why.dispensations": (
        "En afvigelse fra kravene kræver en skriftlig dispensation fra formanden for informationssikkerhedsudvalget, "
        "med alternative sikringsforanstaltninger og en udløbsdato. Ved udløb skal den fornys eller afvigelsen "
        "bringes til ophør.",
        "A deviation from the requirements needs a written dispensation from the chair of the information "
        "security committee, with alternative safeguards and an expiry date. When it expires, it is renewed or "
        "the deviation ends.",
    ),
    "review.item.changes_pending": (
        "Væsentlige ændringer, der ikke er revurderet",
        "Major changes not yet reassessed",
    ),
    "review.why.changes_pending": (
        "Risikovurderingen opdateres også ved større ændringer i opgaver, leverandører, informationssystemer eller "
        "anvendelsen af dem. En ændring er revurderet, når systemets vurdering er godkendt igen.",
        "The risk assessment is also updated on major changes in tasks, suppliers, information systems or their "
        "use. A change is reassessed once the system's assessment has been approved again.",
    ),
    # -- drill-down columns --------------------------------------------------------------
    "review.col.system": ("System", "System"),
    "review.col.activity": ("Behandlingsaktivitet", "Processing activity"),
    "review.col.entity": ("System eller behandlingsaktivitet", "System or processing activity"),
    "review.col.lens": ("Vurdering af", "Assessment of"),
    "review.col.department": ("Afdeling", "Department"),
    "review.col.owner": ("Systemejer", "System owner"),
    "review.col.responsible": ("Ansvarlig leder", "Responsible manager"),
    "review.col.classification": ("Klassifikation", "Classification"),
    "review.col.assessment": ("Vurdering", "Assessment"),
    "review.col.approved_on": ("Senest godkendt", "Last approved"),
    "review.col.next_review": ("Næste gennemgang", "Next review"),
    "review.col.days_left": ("Dage tilbage", "Days left"),
    "review.col.days_left_help": (
        "Dage til datoen. Et negativt tal er det antal dage, datoen er overskredet med.",
        "Days until the date. A negative number is how many days the date has passed.",
    ),
    "review.col.status": ("Status", "Status"),
    "review.col.changes": ("Ændringer siden godkendelsen", "Changes since the approval"),
    "review.col.screening": ("Screening", "Screening"),
    "review.col.threat": ("Trussel", "Threat"),
    "review.col.res_level": ("Restrisiko", "Residual risk"),
    "review.col.acceptance": ("Accept", "Acceptance"),
    "review.col.measure": ("Foranstaltning", "Measure"),
    "review.col.measure_owner": ("Ansvarlig", "Owner"),
    "review.col.deadline": ("Frist", "Deadline"),
    "review.col.requirement": ("Krav", "Requirement"),
    "review.col.expires_on": ("Udløber", "Expires"),
    "review.col.kind": ("Type af ændring", "Kind of change"),
    "review.col.reason": ("Begrundelse", "Reason"),
    "review.col.changed_on": ("Ændret", "Changed on"),
    "review.col.recorded_by": ("Registreret af", "Recorded by"),
    "review.lens.org": ("Systemet", "The system"),
    "review.lens.ds": ("De registrerede", "The data subjects"),
    "review.not_started": ("Ikke påbegyndt", "Not started"),
    "review.acceptance_expired": ("Udløbet", "Expired"),
    # -- systems due for review -------------------------------------------------------------
    "review.due.title": ("Gennemgang af systemer", "Review of systems"),
    "review.due.intro": (
        "Systemer, hvis gennemgang er overskredet eller forfalder inden for {days} dage, og systemer med en "
        "væsentlig ændring siden godkendelsen. Hvert system gennemgås med det interval, der er sat under Systemer.",
        "Systems whose review is overdue or due within {days} days, and systems with a major change since the "
        "approval. Each system is reviewed at the interval set under Systems.",
    ),
    "review.due.none": (
        "Ingen godkendte systemer forfalder til gennemgang inden for {days} dage.",
        "No approved system is due for review within {days} days.",
    ),
}
