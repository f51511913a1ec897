"""Strings of the Excel import page."""

STRINGS = {
    "importer.intro": (
        "Indlæs et eksporteret risikoregister, som er rettet i Excel, eller et risikoregister fra et andet værktøj. "
        "Filen kontrolleres først, og du ser hver ændring, før noget gemmes.",
        "Load an exported risk register edited in Excel, or a risk register from another tool. "
        "The file is checked first, and you see every change before anything is saved.",
    ),
    "importer.upload": ("Excel-fil (.xlsx)", "Excel file (.xlsx)"),
    "importer.saved_mapping": (
        "Kolonner, omregninger og standardværdier er hentet fra den mapping, der blev gemt for en fil med de "
        "samme overskrifter.",
        "Columns, conversions and defaults are taken from the mapping saved for a file with the same headers.",
    ),
    "importer.defaults": ("Standardværdier for kolonner, filen ikke har", "Defaults for columns the file lacks"),
    "importer.defaults_help": (
        "Bruges for nye systemer, når filen ikke har kolonnen, eller cellen er tom.",
        "Used for new systems when the file lacks the column, or the cell is empty.",
    ),
    "importer.default.department": ("Standardafdeling", "Default department"),
    "importer.default.owner": ("Standard-systemejer", "Default system owner"),
    "importer.default.classification": ("Standardklassifikation", "Default classification"),
    "importer.no_default": ("— ingen —", "— none —"),
    "importer.consequence_to": (
        "Filen har én samlet konsekvenskolonne. Hvor skal den gælde?",
        "The file has one overall consequence column. Where does it apply?",
    ),
    "importer.consequence_to.harms": (
        "For hver af F, I og T, som truslen berører",
        "For each of C, I and A the threat affects",
    ),
    "importer.consequence_to.c": ("Kun fortrolighed", "Confidentiality only"),
    "importer.consequence_to.i": ("Kun integritet", "Integrity only"),
    "importer.consequence_to.a": ("Kun tilgængelighed", "Availability only"),
    "importer.consequence_to.overall": (
        "Gem den som samlet konsekvens (F, I og T vurderes ikke hver for sig)",
        "Keep it as an overall consequence (C, I and A are not scored one by one)",
    ),
    # How the single consequence column was applied to a line (shown in the preview).
    "importer.source.overall": ("samlet konsekvens", "overall consequence"),
    "importer.source.harms": ("én kolonne, sat på de berørte af F, I og T", "one column, set on the affected of C, I, A"),
    "importer.source.c": ("én kolonne, sat på fortrolighed", "one column, set on confidentiality"),
    "importer.source.i": ("én kolonne, sat på integritet", "one column, set on integrity"),
    "importer.source.a": ("én kolonne, sat på tilgængelighed", "one column, set on availability"),
    "importer.field.consequence_overall": ("Samlet konsekvens", "Overall consequence"),
    "importer.field.consequence_source": ("Konsekvens angivet som", "Consequence given as"),
    "importer.conversions": ("Omregning af værdier", "Conversion of values"),
    "importer.conversions_help": (
        "Værdier i filen, som ikke er Risikoværkstedets egne. Hver omregning er et forslag: ret det, hvor det er "
        "forkert, og bekræft tabellen. Intet omregnes, før du har bekræftet.",
        "Values in the file that are not Risikoværkstedet's own. Each conversion is a proposal: correct it where "
        "it is wrong, and confirm the table. Nothing is converted until you confirm.",
    ),
    "importer.conversions_confirm": ("Bekræft omregningerne og kontrollér igen", "Confirm the conversions and check again"),
    "importer.conversions_confirmed": ("Omregningerne er bekræftet.", "The conversions are confirmed."),
    "importer.col.value": ("Værdi i filen", "Value in the file"),
    "importer.col.converted": ("Omregnes til", "Converted to"),
    "importer.skipped": ("Rækker, der ikke er risici, springes over", "Rows that are not risks are skipped"),
    "importer.skip.blank": ("tom række", "blank row"),
    "importer.skip.total": ("total- eller sumrække", "totals row"),
    "importer.skip.header": ("gentaget overskriftsrække", "repeated header row"),
    "importer.col.why": ("Hvorfor", "Why"),
    "importer.shortened": (
        "Lange trusselstitler forkortes; hele teksten gemmes i scenariet",
        "Long threat titles are shortened; the whole text is kept in the scenario",
    ),
    "importer.col.short": ("Titel", "Title"),
    "importer.col.full": ("Hele teksten", "Full text"),
    "importer.problem_groups": ("Problemerne samlet", "The problems grouped"),
    "importer.problem_pick": ("Vælg en række for at se hele problemet under tabellen.",
                              "Pick a row to see the whole problem below the table."),
    "importer.upload_help": (
        "Højst {mb} MB. Filer med makroer (.xlsm), gamle .xls-filer og formler importeres ikke.",
        "At most {mb} MB. Files with macros (.xlsm), old .xls files and formulas are not imported.",
    ),
    "importer.rules": (
        "Sådan læses filen: i et eksporteret risikoregister findes hver række via Linje-ID, og kun de redigerbare "
        "kolonner importeres; en tom celle betyder tom (fx fjernet score). Slettede rækker sletter intet. "
        "I et andet register betyder en tom celle, at værdien ikke er angivet, og den nuværende værdi bliver stående.",
        "How the file is read: in an exported risk register each row is found by its Linje-ID, and only the "
        "editable columns are imported; an empty cell means empty (e.g. a score removed). Deleted rows delete "
        "nothing. In another register an empty cell means the value is not given, and the current value stays.",
    ),
    "importer.kind.register": (
        "Eksporteret risikoregister fra Risikoværkstedet (arket '{sheet}')",
        "Risk register exported from Risikoværkstedet (sheet '{sheet}')",
    ),
    "importer.kind.plain": (
        "Risikoregister fra et andet værktøj (arket '{sheet}'): vælg, hvilken kolonne der er hvad.",
        "Risk register from another tool (sheet '{sheet}'): choose which column is what.",
    ),
    "importer.sheet": ("Ark", "Sheet"),
    "importer.hidden_sheet": ("{sheet} (skjult ark)", "{sheet} (hidden sheet)"),
    "importer.hidden_columns": (
        "{n:plural:Skjult kolonne|Skjulte kolonner} i Excel, som ikke foreslås: {names}. Vælg {n:plural:den|dem} "
        "selv, hvis {n:plural:den|de} skal med.",
        "{n:plural:Column|Columns} hidden in Excel, not proposed: {names}. Choose {n:plural:it|them} yourself if "
        "{n:plural:it is|they are} to be imported.",
    ),
    "importer.mapping": ("Kolonner", "Columns"),
    "importer.mapping_help": (
        "Forslaget er lavet ud fra kolonnernes navne. System og trussel skal vælges. Har filen én samlet "
        "'Konsekvens', vælger du nedenfor, hvor den skal gælde.",
        "The proposal is made from the column names. System and threat are required. If the file has one overall "
        "'Consequence', you choose below where it applies.",
    ),
    "importer.not_in_file": ("— ikke i filen —", "— not in the file —"),
    "importer.required": ("{field} (skal vælges)", "{field} (required)"),
    "importer.create_missing": (
        "Opret systemer og trusler, der ikke findes",
        "Create systems and threats that do not exist",
    ),
    "importer.create_missing_help": (
        "Et nyt system skal have en afdeling på sin række. En ukendt trussel tilføjes som systemets egen trussel.",
        "A new system needs a department on its row. An unknown threat is added as the system's own threat.",
    ),
    "importer.check": ("Kontrollér filen", "Check the file"),
    "importer.checking": ("Kontrollerer filen ...", "Checking the file ..."),
    "importer.importing": ("Importerer ...", "Importing ..."),
    "importer.problems.one": (
        "Filen har 1 problem. Intet er importeret; ret filen, og kontrollér den igen.",
        "The file has 1 problem. Nothing has been imported; correct the file and check it again.",
    ),
    "importer.problems": (
        "Filen har {n} problemer. Intet er importeret; ret filen, og kontrollér den igen.",
        "The file has {n} problems. Nothing has been imported; correct the file and check it again.",
    ),
    "importer.warnings": ("Bemærk", "Note"),
    "importer.nothing": (
        "Filen ændrer intet: {rows:plural:den ene række|alle {rows} rækker} svarer til det, der allerede er gemt.",
        "The file changes nothing: {rows:plural:the one row matches|all {rows} rows match} what is already saved.",
    ),
    "importer.summary": (
        "{rows} {rows:plural:række|rækker} kontrolleret: {changes} {changes:plural:ændring|ændringer} på {lines} "
        "{lines:plural:risikolinje|risikolinjer}, {added} {added:plural:ny risikolinje|nye risikolinjer}, "
        "{systems} {systems:plural:nyt system|nye systemer}.",
        "{rows} {rows:plural:row|rows} checked: {changes} {changes:plural:change|changes} on {lines} "
        "{lines:plural:risk line|risk lines}, {added} {added:plural:new risk line|new risk lines}, "
        "{systems} {systems:plural:new system|new systems}.",
    ),
    "importer.metric.changes": ("Ændringer", "Changes"),
    "importer.metric.lines": ("Ændrede risikolinjer", "Risk lines changed"),
    "importer.metric.added": ("Nye risikolinjer", "New risk lines"),
    "importer.metric.systems": ("Nye systemer", "New systems"),
    "importer.new_systems": ("Systemer, der oprettes", "Systems to be created"),
    "importer.new_assessments": (
        "Nye risikovurderinger startes for: {names}",
        "New risk assessments are started for: {names}",
    ),
    "importer.preview": ("Alle ændringer", "Every change"),
    "importer.apply": ("Importér {n} ændringer", "Import {n} changes"),
    "importer.apply.one": ("Importér 1 ændring", "Import 1 change"),
    "importer.done": (
        "Importeret: {changes} {changes:plural:ændring|ændringer} på {lines} {lines:plural:risikolinje|risikolinjer}, "
        "{added} {added:plural:ny risikolinje|nye risikolinjer}, {systems} {systems:plural:nyt system|nye systemer}.",
        "Imported: {changes} {changes:plural:change|changes} on {lines} {lines:plural:risk line|risk lines}, "
        "{added} {added:plural:new risk line|new risk lines}, {systems} {systems:plural:new system|new systems}.",
    ),
    "importer.added_catalogue": ("tilføjes fra kataloget ({code})", "added from the catalogue ({code})"),
    "importer.added_custom": ("tilføjes som systemets egen trussel", "added as the system's own threat"),
    "importer.col.sheet": ("Ark", "Sheet"),
    "importer.col.row": ("Række", "Row"),
    "importer.col.column": ("Kolonne", "Column"),
    "importer.col.problem": ("Problem", "Problem"),
    "importer.col.system": ("System", "System"),
    "importer.col.threat": ("Trussel", "Threat"),
    "importer.col.field": ("Felt", "Field"),
    "importer.col.before": ("Før", "Before"),
    "importer.col.after": ("Efter", "After"),
    "importer.col.name": ("Navn", "Name"),
    "importer.col.department": ("Afdeling", "Department"),
    "importer.col.owner": ("Systemejer", "System owner"),
    "importer.col.classification": ("Klassifikation", "Classification"),
    # Fields: mapping targets of a plain register, and the risk-line fields a change names.
    "importer.field.system": ("System", "System"),
    "importer.field.department": ("Afdeling", "Department"),
    "importer.field.owner": ("Systemejer", "System owner"),
    "importer.field.classification": ("Klassifikation", "Classification"),
    "importer.field.threat": ("Trussel", "Threat"),
    "importer.field.threat_code": ("Trussel-ID", "Threat ID"),
    "importer.field.category": ("Kategori", "Category"),
    "importer.field.scenario": ("Scenarie", "Scenario"),
    "importer.field.existing_measures": ("Eksisterende foranstaltninger", "Existing measures"),
    "importer.field.likelihood": ("Sandsynlighed", "Likelihood"),
    "importer.field.consequence": ("Konsekvens (én samlet kolonne)", "Consequence (one overall column)"),
    "importer.field.cons_c": ("Fortrolighed", "Confidentiality"),
    "importer.field.cons_i": ("Integritet", "Integrity"),
    "importer.field.cons_a": ("Tilgængelighed", "Availability"),
    "importer.field.treatment": ("Behandling", "Treatment"),
    "importer.field.planned_measures": ("Planlagte foranstaltninger", "Planned measures"),
    "importer.field.measure_owner": ("Ansvarlig", "Responsible"),
    "importer.field.measure_deadline": ("Frist", "Deadline"),
    "importer.field.residual_likelihood": ("Rest-sandsynlighed", "Residual likelihood"),
    "importer.field.residual_consequence": ("Rest-konsekvens", "Residual consequence"),
    "importer.field.risk_owner": ("Risikoejer", "Risk owner"),
    "importer.field.score_rationale": ("Begrundelse", "Rationale"),
    "importer.field.floor_reason": ("Begrundelse for lavere konsekvens", "Reason for a lower consequence"),
}
