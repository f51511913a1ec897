"""Strings of the baselines page (year baselines, comparison, movement and trend)."""

STRINGS = {
    "baselines.intro": (
        "En baseline er et øjebliksbillede af alle risikolinjer, som koordinatoren fastfryser ved årets "
        "gennemgang. Den ændres aldrig bagefter, så I kan se, hvad der er sket siden: hvilke risici der er "
        "kommet til eller forsvundet, og hvilke der er steget eller faldet i niveau.",
        "A baseline is a snapshot of every risk line that the coordinator freezes at the annual review. It "
        "never changes afterwards, so you can see what has happened since: which risks have been added or "
        "removed, and which have risen or fallen in level.",
    ),
    "baselines.list_head": ("Fastfrosne baselines", "Frozen baselines"),
    "baselines.none": (
        "Der er endnu ingen baseline. Når koordinatoren fastfryser den første, kan I sammenligne den med "
        "i dag og med senere år. Indtil da viser udviklingen kun i dag.",
        "There is no baseline yet. Once the coordinator freezes the first, you can compare it with today "
        "and with later years. Until then the trend shows today only.",
    ),
    "baselines.col.year": ("År", "Year"),
    "baselines.col.frozen_on": ("Fastfrosset", "Frozen on"),
    "baselines.col.frozen_by": ("Af", "By"),
    "baselines.col.lines": ("Risikolinjer", "Risk lines"),
    "baselines.col.systems": ("Systemer", "Systems"),
    "baselines.col.note": ("Bemærkning", "Note"),
    # freezing
    "baselines.freeze_head": ("Fastfrys en baseline", "Freeze a baseline"),
    "baselines.freeze_intro": (
        "Baselinen gemmer alle nuværende risikolinjer (begge linser) og alle aktive systemer, som de står "
        "lige nu. Der kan kun være én baseline pr. år.",
        "The baseline stores every current risk line (both lenses) and every active system as they stand "
        "right now. There can be only one baseline per year.",
    ),
    "baselines.f.year": ("År", "Year"),
    "baselines.f.note": ("Bemærkning (valgfri)", "Note (optional)"),
    "baselines.f.confirm": (
        "Jeg forstår, at en baseline ikke kan ændres bagefter",
        "I understand that a baseline cannot be changed afterwards",
    ),
    "baselines.f.submit": ("Fastfrys baseline", "Freeze baseline"),
    "baselines.confirm_needed": (
        "Sæt flueben ved, at du forstår, at baselinen ikke kan ændres bagefter.",
        "Tick the box to confirm that you understand the baseline cannot be changed afterwards.",
    ),
    "baselines.frozen": ("Baselinen for {year} er fastfrosset.", "The baseline for {year} has been frozen."),
    "baselines.only_coordinator": (
        "Kun informationssikkerhedskoordinatoren kan fastfryse en baseline.",
        "Only the security coordinator can freeze a baseline.",
    ),
    # the trend
    "baselines.trend_head": ("Udvikling over årene", "Trend over the years"),
    "baselines.trend_caption": (
        "Organisationens scorede risikolinjer pr. risikoniveau i hver baseline og i dag. Baselines, der er "
        "scoret på en anden risikomatrix end den nuværende, er udeladt.",
        "The organisation's scored risk lines per risk level in each baseline and today. Baselines scored "
        "on another risk matrix than the current one are left out.",
    ),
    "baselines.today": ("I dag", "Today"),
    "baselines.view": ("Vis", "Show"),
    # the comparison
    "baselines.compare_head": ("Sammenlign to tilstande", "Compare two states"),
    "baselines.compare_intro": (
        "Vælg to baselines, eller en baseline og i dag. Hver risikolinje er ny, fjernet, steget eller faldet "
        "i niveau, eller uændret. Kun scorede risikolinjer tæller med.",
        "Choose two baselines, or a baseline and today. Each risk line is new, removed, up or down a level, "
        "or unchanged. Only scored risk lines count.",
    ),
    "baselines.need_one": (
        "Fastfrys en baseline for at kunne sammenligne med i dag.",
        "Freeze a baseline to be able to compare with today.",
    ),
    "baselines.from": ("Fra", "From"),
    "baselines.to": ("Til", "To"),
    "baselines.status.new": ("Nye", "New"),
    "baselines.status.removed": ("Fjernede", "Removed"),
    "baselines.status.up": ("Op", "Up"),
    "baselines.status.down": ("Ned", "Down"),
    "baselines.status.unchanged": ("Uændrede", "Unchanged"),
    "baselines.status_help.new": ("Scoret nu, men ikke før.", "Scored now, but not before."),
    "baselines.status_help.removed": (
        "Scoret før, men fjernet eller ikke længere scoret (også når systemet er udfaset).",
        "Scored before, but removed or no longer scored (also when the system has been retired).",
    ),
    "baselines.status_help.up": ("Steget mindst ét risikoniveau.", "Risen at least one risk level."),
    "baselines.status_help.down": ("Faldet mindst ét risikoniveau.", "Fallen at least one risk level."),
    "baselines.status_help.unchanged": (
        "Samme risikoniveau (linjen kan godt have skiftet felt inden for niveauet).",
        "The same risk level (the line may have moved to another cell of that level).",
    ),
    "baselines.line_status.new": ("Ny", "New"),
    "baselines.line_status.removed": ("Fjernet", "Removed"),
    "baselines.line_status.up": ("Op", "Up"),
    "baselines.line_status.down": ("Ned", "Down"),
    "baselines.line_status.unchanged": ("Uændret", "Unchanged"),
    "baselines.nothing": (
        "Ingen scorede risikolinjer i de valgte tilstande med dette filter.",
        "No scored risk lines in the chosen states with this filter.",
    ),
    "baselines.entities_head": ("Pr. system", "Per system"),
    "baselines.entities_head_ds": ("Pr. behandlingsaktivitet", "Per processing activity"),
    "baselines.col.system": ("System", "System"),
    "baselines.col.activity": ("Behandlingsaktivitet", "Processing activity"),
    "baselines.col.department": ("Afdeling", "Department"),
    "baselines.col.worst_before": ("Højeste niveau før", "Highest level before"),
    "baselines.col.worst_after": ("Højeste niveau efter", "Highest level after"),
    "baselines.col.status": ("Udvikling", "Change"),
    "baselines.pick_hint": (
        "Vælg en række i tabellen for at se dens risikolinjer før og efter.",
        "Pick a row in the table to see its risk lines before and after.",
    ),
    "baselines.lines_head": ("Risikolinjer for {name}", "Risk lines of {name}"),
    "baselines.col.threat": ("Trussel", "Threat"),
    "baselines.col.cell_before": ("Felt før", "Cell before"),
    "baselines.col.level_before": ("Niveau før", "Level before"),
    "baselines.col.cell_after": ("Felt efter", "Cell after"),
    "baselines.col.level_after": ("Niveau efter", "Level after"),
    "baselines.cell_hint": (
        "Et felt skrives (sandsynlighed, konsekvens).",
        "A cell is written (likelihood, consequence).",
    ),
    # the movement
    "baselines.movement_head": ("Bevægelser i matrixen", "Movement in the matrix"),
    "baselines.movement_caption": (
        "Pilene viser, hvordan risikolinjer, der findes i begge tilstande, har flyttet sig mellem matrixens "
        "felter; tallet på pilen er antallet af linjer, og jo flere, jo tykkere pil. Tallet i et felt er de "
        "linjer, der blev i feltet. Et felt skrives (sandsynlighed, konsekvens).",
        "The arrows show how risk lines present in both states moved between the matrix's cells; the number "
        "on an arrow is the number of lines, and the more lines, the thicker the arrow. The number in a cell "
        "is the lines that stayed there. A cell is written (likelihood, consequence).",
    ),
    "baselines.move": (
        "{n} linjer flyttede fra ({blik},{bcon}) {before} til ({alik},{acon}) {after}",
        "{n} lines moved from ({blik},{bcon}) {before} to ({alik},{acon}) {after}",
    ),
    "baselines.move_one": (
        "1 linje flyttede fra ({blik},{bcon}) {before} til ({alik},{acon}) {after}",
        "1 line moved from ({blik},{bcon}) {before} to ({alik},{acon}) {after}",
    ),
    "baselines.moves_more": ("… og {n} andre bevægelser.", "… and {n} other moves."),
    "baselines.stayed": (
        "{n} af {total} linjer blev i samme felt.",
        "{n} of {total} lines stayed in the same cell.",
    ),
    "baselines.no_moves": ("Ingen risikolinjer skiftede felt.", "No risk line moved to another cell."),
    "baselines.not_scored": ("–", "–"),
}
