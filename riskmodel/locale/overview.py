"""Strings of the overview page."""

STRINGS = {
    "overview.title": ("Risikoværkstedet · {municipality}", "Risk workshop · {municipality}"),
    "overview.intro": (
        "Her vurderer kommunens ledere risici for deres systemer, og informationssikkerhedskoordinatoren følger op.",
        "Here the municipality's managers assess the risks of their systems, and the security coordinator follows up.",
    ),
    "overview.empty": (
        "Databasen er tom. Indlæs en fiktiv demokommune for at se værktøjet i brug, eller opret jeres første system.",
        "The database is empty. Load a fictional demo municipality to see the tool in use, or create your first system.",
    ),
    "overview.demo_systems": ("Antal systemer", "Number of systems"),
    "overview.load_demo": ("Indlæs demodata", "Load demo data"),
    "overview.demo_running": ("Bygger demokommunen ...", "Building the demo municipality ..."),
    "overview.demo_done": (
        "Demodata indlæst: {systems} systemer og {lines} risikolinjer.",
        "Demo data loaded: {systems} systems and {lines} risk lines.",
    ),
    "overview.or_add_system": ("Eller opret et system selv", "Or create a system yourself"),
    "overview.m.systems": ("Aktive systemer", "Active systems"),
    "overview.m.systems_help": ("{retired} udfasede systemer tælles ikke med.", "{retired} retired systems are not counted."),
    "overview.m.assessed": ("Systemer med risikovurdering", "Systems with a risk assessment"),
    "overview.m.lines": ("Risikolinjer", "Risk lines"),
    "overview.m.lines_help": ("{scored} af dem er scoret.", "{scored} of them are scored."),
    "overview.m.action": ("Restrisici, der kræver handling", "Residual risks needing action"),
    "overview.m.action_help": (
        "Restrisici på et niveau, hvor matrixen kræver behandling eller accept. Før foranstaltninger: {inherent}.",
        "Residual risks at a level where the matrix requires treatment or acceptance. Before measures: {inherent}.",
    ),
    "overview.next": ("Videre", "Next"),
    "overview.go_systems": ("Systemoversigten: opret og ret systemer", "System inventory: create and edit systems"),
    "overview.go_assessment": ("Vurder et systems risici", "Assess a system's risks"),
    "overview.go_heatmap": ("Heatmap over alle systemer", "Heatmap of all systems"),
    "overview.go_export": ("Hent Excel-rapporten", "Download the Excel report"),
    # the annual review at a glance
    "overview.review.head": ("Årets gennemgang", "This year's review"),
    "overview.review.intro": (
        "Politikkens årlige gennemgang i tal: hvert tal fører til siden, hvor det følges op.",
        "The policy's annual review in figures: each figure leads to the page where it is followed up.",
    ),
    "overview.check.approved_recent": ("Godkendt inden for 12 mdr.", "Approved within 12 months"),
    "overview.check.approved_recent_help": (
        "Aktive systemer, hvis risikovurdering er godkendt inden for de seneste 12 måneder og stadig står ved magt.",
        "Active systems whose risk assessment was approved within the last 12 months and still stands.",
    ),
    "overview.check.activities_ds": ("Behandlinger vurderet for de registrerede", "Activities assessed for data subjects"),
    "overview.check.activities_ds_help": (
        "Behandlingsaktiviteter med en risikovurdering for de registrerede.",
        "Processing activities with a risk assessment for the data subjects.",
    ),
    "overview.check.dpia_missing": ("Mangler DPIA", "DPIA missing"),
    "overview.check.dpia_missing_help": (
        "Behandlingsaktiviteter, hvor screeningen kræver en DPIA, og ingen er registreret.",
        "Processing activities whose screening requires a DPIA, and none is recorded.",
    ),
    "overview.check.high_open": ("Høje restrisici uden beslutning", "High residual risks without a decision"),
    "overview.check.high_open_help": (
        "Restrisici på et niveau, der kræver handling, uden en foranstaltning (hvad, hvem, frist) eller en gyldig accept.",
        "Residual risks at a level requiring action, with neither a measure (what, who, deadline) nor a valid acceptance.",
    ),
    "overview.check.measures_overdue": ("Overskredne foranstaltninger", "Overdue measures"),
    "overview.check.measures_overdue_help": (
        "Planlagte foranstaltninger, hvis frist er passeret, uden at de er gennemført.",
        "Planned measures past their deadline and not done.",
    ),
    "overview.check.dispensations": (
        "Dispensationer, der udløber/er udløbet", "Dispensations expiring or expired"
    ),
    "overview.check.dispensations_help": (
        "Godkendte dispensationer, der udløber inden for 30 dage, eller som er udløbet.",
        "Approved dispensations that expire within 30 days, or have expired.",
    ),
    "overview.check.changes_pending": (
        "Væsentlige ændringer ikke revurderet", "Major changes not reassessed"
    ),
    "overview.check.changes_pending_help": (
        "Registrerede væsentlige ændringer, hvor systemets risikovurdering ikke er godkendt igen siden.",
        "Recorded major changes after which the system's risk assessment has not been approved again.",
    ),
    "overview.levels_head": ("Restrisiko pr. niveau", "Residual risk per level"),
    "overview.levels_go": ("Se heatmap", "See the heatmap"),
    "overview.trend_head": ("Udvikling over baselines", "Trend across baselines"),
    "overview.trend_go": ("Baselines og udvikling", "Baselines and trend"),
    "overview.due_head": ("Det forfalder", "What falls due"),
    "overview.due_now": ("Overskredet", "Overdue"),
    "overview.due_reviews": ("Gennemgange", "Reviews"),
    "overview.due_measures": ("Foranstaltninger", "Measures"),
    "overview.due_caption": (
        "I {month}: {reviews} {reviews:plural:gennemgang|gennemgange} og {measures} "
        "{measures:plural:foranstaltning|foranstaltninger} forfalder. Overskredet: {late_reviews} "
        "{late_reviews:plural:gennemgang|gennemgange} (også dem, en væsentlig ændring har kaldt frem) og "
        "{late_measures} {late_measures:plural:foranstaltning|foranstaltninger}.",
        "In {month}: {reviews} {reviews:plural:review|reviews} and {measures} {measures:plural:measure|measures} fall "
        "due. Overdue: {late_reviews} {late_reviews:plural:review|reviews} (including those called for by a major "
        "change) and {late_measures} {late_measures:plural:measure|measures}.",
    ),
    # Systems never approved have no review date: not in the chart's bars, so the caption says how many there are.
    "overview.due_never": (
        "{n} {n:plural:system er|systemer er} aldrig godkendt og har derfor ingen dato for gennemgang; "
        "{n:plural:det|de} står i Årsgennemgang med status \"Aldrig godkendt\".",
        "{n} {n:plural:system has|systems have} never been approved and so {n:plural:has|have} no review date; "
        "{n:plural:it is|they are} in the Annual review with the status \"Never approved\".",
    ),
    "overview.due_go_review": ("Årsgennemgang", "Annual review"),
    "overview.due_go_treatment": ("Handlingsplan", "Treatment plan"),
    "overview.month_year": ("{month} {year}", "{month} {year}"),
    "overview.month.1": ("januar", "January"),
    "overview.month.2": ("februar", "February"),
    "overview.month.3": ("marts", "March"),
    "overview.month.4": ("april", "April"),
    "overview.month.5": ("maj", "May"),
    "overview.month.6": ("juni", "June"),
    "overview.month.7": ("juli", "July"),
    "overview.month.8": ("august", "August"),
    "overview.month.9": ("september", "September"),
    "overview.month.10": ("oktober", "October"),
    "overview.month.11": ("november", "November"),
    "overview.month.12": ("december", "December"),
}
