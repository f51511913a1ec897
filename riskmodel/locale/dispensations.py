"""Strings of the dispensation register (pages/dispensations.py)."""

STRINGS = {
    "disp.intro": (
        "Registret over dispensationer: skriftlige, tidsbegrænsede undtagelser fra et krav i "
        "informationssikkerhedshåndbogen eller en kontrol i ISO 27001 Annex A for ét system. Hver dispensation har en "
        "begrundelse, alternative sikringsforanstaltninger og en udløbsdato (højst 12 måneder frem), og den gælder "
        "først, når udvalgsformanden har godkendt den. En fornyelse er en ny anmodning, der skal godkendes på ny.",
        "The register of dispensations: written, time-limited exceptions from a requirement of the information "
        "security handbook or an ISO 27001 Annex A control for one system. Each has a justification, alternative "
        "safeguards and an expiry date (at most 12 months ahead), and applies only once the committee chair has "
        "approved it. A renewal is a new request that needs a new approval.",
    ),
    "disp.none": ("Der er ingen dispensationer endnu.", "There are no dispensations yet."),
    # flags
    "disp.flag.expiring_head": (
        "Godkendte dispensationer, der udløber inden for 30 dage: {n}",
        "Approved dispensations expiring within 30 days: {n}",
    ),
    "disp.flag.expired_head": (
        "Udløbne dispensationer, der ikke er fornyet: {n}",
        "Expired dispensations not renewed: {n}",
    ),
    "disp.flag.item_expiring": ("nr. {id} · {system} · {requirement}: udløber {date} (om {days} dage)",
                                "no. {id} · {system} · {requirement}: expires {date} (in {days} days)"),
    "disp.flag.item_expired": ("nr. {id} · {system} · {requirement}: udløb {date}",
                               "no. {id} · {system} · {requirement}: expired {date}"),
    "disp.flag.renew_hint": (
        "Anmod om fornyelse i god tid: en fornyelse skal godkendes af udvalgsformanden på ny.",
        "Request a renewal in good time: a renewal needs a new approval by the committee chair.",
    ),
    "disp.flag.renewal_pending": (" (fornyelse anmodet: nr. {id})", " (renewal requested: no. {id})"),
    # key figures
    "disp.m.total": ("Dispensationer", "Dispensations"),
    "disp.m.requested": ("Afventer afgørelse", "Awaiting decision"),
    "disp.m.approved": ("Gældende", "In force"),
    "disp.m.expiring": ("Udløber inden for 30 dage", "Expire within 30 days"),
    "disp.m.expired": ("Udløbet", "Expired"),
    # filters and table
    "disp.search": ("Søg", "Search"),
    "disp.search_ph": ("System, afdeling, krav eller navn", "System, department, requirement or name"),
    "disp.f.state": ("Status", "Status"),
    "disp.col.id": ("Nr.", "No."),
    "disp.col.system": ("System", "System"),
    "disp.col.department": ("Afdeling", "Department"),
    "disp.col.kind": ("Type krav", "Requirement type"),
    "disp.col.requirement": ("Krav", "Requirement"),
    "disp.col.requested_by": ("Anmodet af", "Requested by"),
    "disp.col.requested_on": ("Anmodet den", "Requested on"),
    "disp.col.expires_on": ("Udløber", "Expires"),
    "disp.col.state": ("Status", "Status"),
    "disp.col.flag": ("Bemærk", "Note"),
    "disp.col.days_left": ("Dage tilbage", "Days left"),
    "disp.col.decided_by": ("Afgjort af", "Decided by"),
    "disp.col.renewal": ("Fornyelse", "Renewal"),
    "disp.flag.expiring": ("⚠ Udløber snart", "⚠ Expires soon"),
    "disp.flag.expired": ("⚠ Udløbet", "⚠ Expired"),
    "disp.flag.lapsed": ("⚠ Udløbsdato passeret", "⚠ Expiry date passed"),
    "disp.renews": ("fornyer nr. {id}", "renews no. {id}"),
    "disp.renewed_by": ("fornyet af nr. {id}", "renewed by no. {id}"),
    "disp.select_hint": ("Markér en række for at se hele dispensationen.", "Select a row to see the whole dispensation."),
    # the request form
    "disp.new": ("Anmod om dispensation", "Request a dispensation"),
    "disp.f.system": ("System", "System"),
    "disp.f.requested_by": ("Hvem anmoder", "Requested by"),
    "disp.f.kind": ("Kravet, der afviges fra, er", "The requirement deviated from is"),
    "disp.f.control": ("Annex A-kontrol", "Annex A control"),
    "disp.f.section": ("Afsnit i håndbogen", "Handbook section"),
    "disp.f.section_ph": ("fx 5.2 Adgangsstyring", "e.g. 5.2 Access control"),
    "disp.f.justification": ("Begrundelse", "Justification"),
    "disp.f.justification_help": (
        "Hvorfor kan kravet ikke overholdes for dette system?",
        "Why can the requirement not be met for this system?",
    ),
    "disp.f.alternative": ("Alternative sikringsforanstaltninger", "Alternative safeguards"),
    "disp.f.alternative_help": (
        "Påkrævet: hvad gøres i stedet for at holde risikoen nede, mens kravet ikke er opfyldt? Politikken kræver "
        "alternative foranstaltninger ved enhver afvigelse.",
        "Required: what is done instead to keep the risk down while the requirement is not met? The policy demands "
        "alternative measures for every deviation.",
    ),
    "disp.f.expires_on": ("Udløbsdato", "Expiry date"),
    "disp.f.expires_help": (
        "Påkrævet, højst 12 måneder frem (senest {latest}).",
        "Required, at most 12 months ahead (at the latest {latest}).",
    ),
    "disp.f.submit": ("Send anmodningen", "Send the request"),
    "disp.f.no_systems": (
        "Du har ingen aktive systemer, du kan anmode om dispensation for.",
        "You have no active systems to request a dispensation for.",
    ),
    "disp.requested": (
        "Anmodningen er oprettet som nr. {id}. Den gælder først, når udvalgsformanden har godkendt den.",
        "The request is created as no. {id}. It applies only once the committee chair has approved it.",
    ),
    # one dispensation
    "disp.head": ("Dispensation nr. {id} · {system}", "Dispensation no. {id} · {system}"),
    "disp.close": ("Luk", "Close"),
    "disp.bad_id": ("'{value}' er ikke et gyldigt nummer på en dispensation.", "'{value}' is not a valid dispensation number."),
    "disp.d.system": ("System", "System"),
    "disp.d.requirement": ("Krav", "Requirement"),
    "disp.d.requested": ("Anmodet", "Requested"),
    "disp.d.requested_value": ("{who}, {date}", "{who}, {date}"),
    "disp.d.justification": ("Begrundelse", "Justification"),
    "disp.d.alternative": ("Alternative sikringsforanstaltninger", "Alternative safeguards"),
    "disp.d.expires": ("Udløber", "Expires"),
    "disp.d.state": ("Status", "Status"),
    "disp.d.decision": ("Afgørelse", "Decision"),
    "disp.d.decision_value": ("{who}, {date}", "{who}, {date}"),
    "disp.d.note": ("Bemærkning til afgørelsen", "Note on the decision"),
    "disp.d.renews": ("Fornyer", "Renews"),
    "disp.d.renewed_by": ("Fornyet af", "Renewed by"),
    "disp.d.number": ("nr. {id}", "no. {id}"),
    "disp.state.anmodet": (
        "Anmodningen afventer udvalgsformandens afgørelse. Dispensationen gælder ikke, før den er godkendt.",
        "The request awaits the committee chair's decision. The dispensation does not apply until approved.",
    ),
    "disp.state.anmodet_lapsed": (
        "Udløbsdatoen {date} er passeret, før anmodningen blev afgjort: den kan ikke længere godkendes. Opret en ny "
        "anmodning.",
        "The expiry date {date} passed before the request was decided: it can no longer be approved. Create a new "
        "request.",
    ),
    "disp.state.godkendt": ("Godkendt. Dispensationen gælder til og med {date}.", "Approved. The dispensation applies until {date}."),
    "disp.state.expiring": (
        "Godkendt, men udløber {date} (om {days} dage). Anmod om fornyelse i god tid.",
        "Approved, but expires on {date} (in {days} days). Request a renewal in good time.",
    ),
    "disp.state.afvist": ("Afvist af udvalgsformanden.", "Rejected by the committee chair."),
    "disp.state.udloebet": (
        "Udløbet {date}. Kravet skal overholdes igen, eller dispensationen fornyes og godkendes på ny.",
        "Expired on {date}. The requirement must be met again, or the dispensation renewed and approved anew.",
    ),
    "disp.renewal_note": (
        "Dette er en fornyelse af nr. {id}: den skal godkendes på ny.",
        "This is a renewal of no. {id}: it needs a new approval.",
    ),
    # decision
    "disp.decide.head": ("Afgørelse", "Decision"),
    "disp.decide.explain": (
        "Som udvalgsformand godkender eller afviser du anmodningen. En afvisning skal begrundes.",
        "As committee chair you approve or reject the request. A rejection needs a reason.",
    ),
    "disp.decide.note": ("Bemærkning (påkrævet ved afvisning)", "Note (required for a rejection)"),
    "disp.decide.approve": ("Godkend", "Approve"),
    "disp.decide.reject": ("Afvis", "Reject"),
    "disp.decide.approved": ("Dispensation nr. {id} er godkendt.", "Dispensation no. {id} is approved."),
    "disp.decide.rejected": ("Dispensation nr. {id} er afvist.", "Dispensation no. {id} is rejected."),
    "disp.decide.only_chair": (
        "Kun udvalgsformanden kan godkende eller afvise en anmodning.",
        "Only the committee chair can approve or reject a request.",
    ),
    # edit a request
    "disp.edit": ("Ret anmodningen", "Edit the request"),
    "disp.edit.save": ("Gem ændringerne", "Save the changes"),
    "disp.edit.saved": ("Anmodning nr. {id} er gemt.", "Request no. {id} is saved."),
    # renew
    "disp.renew": ("Forny dispensationen", "Renew the dispensation"),
    "disp.renew.explain": (
        "En fornyelse er en ny anmodning med en ny udløbsdato. Den skal godkendes af udvalgsformanden på ny; indtil "
        "da gælder den nuværende dispensation kun til {date}.",
        "A renewal is a new request with a new expiry date. It needs a new approval by the committee chair; until "
        "then the current dispensation applies only until {date}.",
    ),
    "disp.renew.submit": ("Anmod om fornyelse", "Request the renewal"),
    "disp.renew.done": (
        "Fornyelsen er oprettet som anmodning nr. {id}. Den skal godkendes af udvalgsformanden.",
        "The renewal is created as request no. {id}. It needs the committee chair's approval.",
    ),
    "disp.renew.pending": (
        "Der er allerede anmodet om fornyelse: nr. {id} ({state}).",
        "A renewal has already been requested: no. {id} ({state}).",
    ),
}
