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
}
