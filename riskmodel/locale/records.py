"""Strings of the audit history for the workshop, acceptance and sign-off actions (issue 4)."""

STRINGS = {
    "history.action.accept_risk": ("Risiko accepteret", "Risk accepted"),
    "history.action.clear_acceptance": ("Risikoaccept fjernet", "Risk acceptance removed"),
    "history.action.approval_outdated": ("Godkendelse forældet", "Approval outdated"),
    "history.action.status": ("Status ændret", "Status changed"),
    "history.action.workshop_decision": ("Aftalt i workshop", "Agreed in workshop"),
    "history.action.open": ("Workshop åbnet", "Workshop opened"),
    "history.action.close": ("Workshop afsluttet", "Workshop closed"),
    "history.action.join": ("Deltog via kode", "Joined by code"),
    "history.action.admit": ("Lukket ind", "Admitted"),
    "history.action.dismiss": ("Afvist", "Turned away"),
    "history.action.add_participant": ("Deltager tilføjet", "Participant added"),
    "history.action.remove_participant": ("Deltager fjernet", "Participant removed"),
}
