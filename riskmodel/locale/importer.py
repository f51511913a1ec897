"""Strings of the Excel import page."""

STRINGS = {
    "importer.intro": (
        "Indlæs et eksporteret risikoregister, som er rettet i Excel, eller et risikoregister fra et andet værktøj. "
        "Filen kontrolleres først, og du ser hver ændring, før noget gemmes.",
        "Load an exported risk register edited in Excel, or a risk register from another tool. "
        "The file is checked first, and you see every change before anything is saved.",
    ),
    "importer.upload": ("Excel-fil (.xlsx)", "Excel file (.xlsx)"),
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
    "importer.mapping": ("Kolonner", "Columns"),
    "importer.mapping_help": (
        "Forslaget er lavet ud fra kolonnernes navne. System og trussel skal vælges. En kolonne 'Konsekvens' "
        "gælder for hver af fortrolighed, integritet og tilgængelighed, som truslen rammer.",
        "The proposal is made from the column names. System and threat are required. A 'Consequence' column "
        "counts for each of confidentiality, integrity and availability the threat harms.",
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
    "importer.problems": (
        "Filen har {n} problemer. Intet er importeret; ret filen, og kontrollér den igen.",
        "The file has {n} problems. Nothing has been imported; correct the file and check it again.",
    ),
    "importer.warnings": ("Bemærk", "Note"),
    "importer.nothing": (
        "Filen ændrer intet: alle {rows} rækker svarer til det, der allerede er gemt.",
        "The file changes nothing: all {rows} rows match what is already saved.",
    ),
    "importer.summary": (
        "{rows} rækker kontrolleret: {changes} ændringer på {lines} risikolinjer, {added} nye risikolinjer, "
        "{systems} nye systemer.",
        "{rows} rows checked: {changes} changes on {lines} risk lines, {added} new risk lines, {systems} new systems.",
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
    "importer.done": (
        "Importeret: {changes} ændringer på {lines} risikolinjer, {added} nye risikolinjer, {systems} nye systemer.",
        "Imported: {changes} changes on {lines} risk lines, {added} new risk lines, {systems} new systems.",
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
    "importer.field.consequence": ("Konsekvens (alle berørte af F, I, T)", "Consequence (each of C, I, A harmed)"),
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
