"""What the import check says about a register, by key (riskmodel.formats.register.Problem): the cells, the
columns, the rows, and the problems grouped. A key's parameters are the same in both languages
(tests/unit/test_error_keys.py).

Column names, sheet names, values from the file and the labels written in the file (treatments,
classifications) stay as the file has them in both languages: they name what the user sees in their file."""

STRINGS = {
    # where
    "import.where.row": ("række {row}", "row {row}"),
    "import.where.column": ("kolonne {column}", "column {column}"),
    # a cell (riskmodel/formats/register_cells.py)
    "import.cell.formula": ("indeholder en formel ({value}); importen læser kun værdier, så skriv værdien i cellen",
                            "contains a formula ({value}); the import reads values only, so type the value into the "
                            "cell"),
    "import.cell.error_value": ("indeholder fejlværdien {code}", "contains the error value {code}"),
    "import.cell.not_number": ("'{value}' er ikke et tal (1-{size})", "'{value}' is not a number (1-{size})"),
    "import.cell.date_not_number": ("{value} er en dato, ikke et tal (1-{size})",
                                    "{value} is a date, not a number (1-{size})"),
    "import.cell.text_not_number": ("'{value}' er tekst, ikke et tal (1-{size})",
                                    "'{value}' is text, not a number (1-{size})"),
    "import.cell.not_whole": ("{value} er ikke et helt tal (1-{size})", "{value} is not a whole number (1-{size})"),
    "import.cell.out_of_scale": ("{value} ligger uden for skalaen 1-{size}", "{value} is outside the scale 1-{size}"),
    "import.cell.not_treatment": ("'{value}' er ikke en behandling ({allowed})",
                                  "'{value}' is not a treatment ({allowed})"),
    "import.cell.not_classification": ("'{value}' er ikke en klassifikation ({allowed})",
                                       "'{value}' is not a classification ({allowed})"),
    "import.cell.number_not_date": ("{value} er et tal, ikke en dato; skriv datoen som dd-mm-åååå eller formatér "
                                    "cellen som dato",
                                    "{value} is a number, not a date; write the date as dd-mm-yyyy or format the cell "
                                    "as a date"),
    "import.cell.not_date": ("'{value}' er ikke en dato (dd-mm-åååå)", "'{value}' is not a date (dd-mm-yyyy)"),
    "import.cell.required": ("skal udfyldes", "must be filled in"),
    "import.cell.too_long": ("teksten er for lang ({n} tegn, højst {max})",
                             "the text is too long ({n} characters, at most {max})"),
    "import.cell.control_chars": ("indeholder ugyldige kontroltegn", "contains invalid control characters"),
    "import.cell.id_missing": ("{label} mangler; i et eksporteret risikoregister kan kun eksisterende risikolinjer "
                               "rettes (tilføj nye trusler i Risikoværkstedet, eller importér dem som et register "
                               "uden Linje-ID)",
                               "{label} is missing; in an exported risk register only existing risk lines can be "
                               "changed (add new threats in Risikoværkstedet, or import them as a register without "
                               "Linje-ID)"),
    "import.cell.bad_id": ("'{value}' er ikke et gyldigt {label}", "'{value}' is not a valid {label}"),
    "import.cell.formula_short": ("indeholder en formel ({value}); importen læser kun værdier",
                                  "contains a formula ({value}); the import reads values only"),
    # a plain register (riskmodel/services/imports/plain.py)
    "import.hint.page": ("markér 'Opret systemer og trusler, der ikke findes'",
                         "tick 'Create systems and threats that do not exist'"),
    "import.hint.cli": ("brug --create-missing", "use --create-missing"),
    "import.plain.conversion_not_chosen": ("'{value}' skal omregnes, men omregningen er ikke valgt; vælg en værdi i "
                                           "tabellen over omregninger",
                                           "'{value}' must be converted, but no conversion is chosen; choose a value "
                                           "in the table of conversions"),
    "import.plain.conversion_bad": ("'{value}' er omregnet til en værdi, der ikke kan bruges: {problem}",
                                    "'{value}' is converted to a value that cannot be used: {problem}"),
    "import.plain.needs_conversion": ("{problem}; vælg en omregning for værdien",
                                      "{problem}; choose a conversion for the value"),
    "import.plain.system_ambiguous": ("systemet '{name}' findes flere gange (afdelinger: {departments}); angiv "
                                      "afdelingen i en kolonne, så det er entydigt",
                                      "the system '{name}' exists more than once (departments: {departments}); give "
                                      "the department in a column, so it is unambiguous"),
    "import.plain.other_scale": ("vurderingen af '{name}' er lavet på en {size}-trinsskala, men kommunen bruger nu "
                                 "{now} trin; start en ny vurdering først",
                                 "the assessment of '{name}' is made on a {size}-step scale, but the municipality now "
                                 "uses {now} steps; start a new assessment first"),
    "import.plain.unknown_system": ("systemet '{name}' findes ikke{retired}; {hint}{also} for at oprette det",
                                    "the system '{name}' does not exist{retired}; {hint}{also} to create it"),
    "import.plain.also_department": (" og vælg en standardafdeling (rækken har ingen afdeling)",
                                     " and choose a default department (the row has no department)"),
    "import.plain.retired_same_name": (" (der findes et udfaset system med det navn)",
                                       " (there is a retired system of that name)"),
    "import.plain.new_system_no_department": ("systemet '{name}' findes ikke og skal oprettes, men rækken har ingen "
                                              "afdeling; vælg en standardafdeling",
                                              "the system '{name}' does not exist and is to be created, but the row "
                                              "has no department; choose a default department"),
    "import.plain.new_system_other_department": ("systemet '{name}' oprettes i afdelingen '{department}' (række "
                                                 "{row}); rækken siger '{said}'",
                                                 "the system '{name}' is created in the department '{department}' "
                                                 "(row {row}); this row says '{said}'"),
    "import.plain.threat_ambiguous": ("truslen '{title}' står flere gange i trusselskataloget ({codes}); angiv "
                                      "trussel-ID'et",
                                      "the threat '{title}' is in the threat catalogue more than once ({codes}); "
                                      "give the threat ID"),
    "import.plain.unknown_threat": ("truslen '{title}' findes hverken i trusselskataloget eller i vurderingen af "
                                    "'{system}'; {hint} for at tilføje den som systemets egen trussel",
                                    "the threat '{title}' is neither in the threat catalogue nor in the assessment of "
                                    "'{system}'; {hint} to add it as the system's own threat"),
    "import.plain.duplicate_threat": ("'{system}' og truslen '{title}' står også i række {row}; hver trussel må kun "
                                      "stå én gang pr. system",
                                      "'{system}' and the threat '{title}' are also on row {row}; each threat may "
                                      "appear only once per system"),
    "import.plain.consequence_to": ("vælg, hvor konsekvenskolonnen skal gælde (de dimensioner, truslen berører, én "
                                    "af F, I og T, eller som samlet konsekvens)",
                                    "choose where the consequence column applies (the dimensions the threat touches, "
                                    "one of C, I and A, or as an overall consequence)"),
    "import.plain.scored_anyway": ("{n} {n:plural:række|rækker} gemmer en samlet konsekvens på en risikolinje, der "
                                   "allerede har fortrolighed, integritet eller tilgængelighed vurderet (fx række "
                                   "{examples}); linjens konsekvens er fortsat den højeste af dem, og den samlede "
                                   "konsekvens gælder kun, hvis de fjernes.",
                                   "{n} {n:plural:row stores|rows store} an overall consequence on a risk line that "
                                   "already has confidentiality, integrity or availability scored (e.g. row "
                                   "{examples}); the line's consequence is still the highest of those, and the "
                                   "overall consequence applies only if they are removed."),
    # the sheet and its columns (riskmodel/services/imports/plan.py)
    "import.plan.no_header": ("Arket har ingen overskriftsrække (en række med kolonnenavne øverst).",
                              "The sheet has no header row (a row of column names at the top)."),
    "import.plan.header_formula": ("overskriften er en formel ({value}); skriv kolonnens navn som tekst",
                                   "the header is a formula ({value}); write the column's name as text"),
    "import.plan.header_error": ("overskriften er en fejlværdi ({value}); skriv kolonnens navn som tekst",
                                 "the header is an error value ({value}); write the column's name as text"),
    "import.plan.header_twice": ("overskriften står i flere kolonner ({columns})",
                                 "the header is in more than one column ({columns})"),
    "import.plan.not_a_field": ("'{name}' er ikke et felt, der kan importeres", "'{name}' is not a field that can be "
                                                                                 "imported"),
    "import.plan.column_not_in_sheet": ("kolonnen findes ikke i arket (valgt til {target})",
                                        "the column is not in the sheet (chosen for {target})"),
    "import.plan.column_twice": ("kolonnen er valgt til både {first} og {second}",
                                 "the column is chosen for both {first} and {second}"),
    "import.plan.required.system": ("der mangler en kolonne med system; vælg hvilken kolonne det er",
                                    "a column with the system is missing; choose which column it is"),
    "import.plan.required.threat": ("der mangler en kolonne med trussel; vælg hvilken kolonne det er",
                                    "a column with the threat is missing; choose which column it is"),
    # our own exported register (riskmodel/services/imports/register.py, model.py)
    "import.reg.unknown_column": ("kolonnen kendes ikke fra eksporten og springes over.",
                                  "the column is not one of the export's and is skipped."),
    "import.reg.column_missing": ("kolonnen '{column}' mangler i det eksporterede register{renamed}; giv den sit "
                                  "navn igen, eller eksportér registret på ny",
                                  "the column '{column}' is missing from the exported register{renamed}; give it its "
                                  "name back, or export the register again"),
    "import.reg.renamed": (" (er den omdøbt til {names}?)", " (was it renamed to {names}?)"),
    "import.reg.line_twice": ("linje {line} står også i række {row}; hver risikolinje må kun stå én gang",
                              "line {line} is also on row {row}; each risk line may appear only once"),
    "import.reg.changed_since": ("risikolinjen er ændret i Risikoværkstedet efter eksporten (version {version} i "
                                 "filen, nu version {now}), og rækken afviger fra den ({columns}); importen ville "
                                 "overskrive ændringen. Eksportér igen og ret i den nye fil, eller slet rækken fra "
                                 "filen, hvis du ikke har rettet den",
                                 "the risk line was changed in Risikoværkstedet after the export (version {version} "
                                 "in the file, now version {now}), and the row differs from it ({columns}); the import "
                                 "would overwrite that change. Export again and edit the new file, or delete the row "
                                 "from the file if you did not edit it"),
    "import.reg.no_line": ("der findes ingen risikolinje med Linje-ID {line}", "there is no risk line with Linje-ID "
                                                                               "{line}"),
    "import.reg.not_current": ("risikolinje {line} {why}; rækkens ændringer kan ikke importeres",
                               "risk line {line} {why}; the row's changes cannot be imported"),
    "import.reg.why.ds": ("hører til en vurdering af en behandlingsaktivitet, ikke et system",
                          "belongs to an assessment of a processing activity, not a system"),
    "import.reg.why.removed": ("er fjernet fra vurderingen", "has been removed from the assessment"),
    "import.reg.why.superseded": ("hører til en vurdering, der er afløst af en nyere; eksportér igen",
                                  "belongs to an assessment that a newer one has replaced; export again"),
    "import.reg.why.retired": ("hører til et udfaset system", "belongs to a retired system"),
    "import.reg.why.other": ("er ikke en gældende risikolinje", "is not a current risk line"),
    "import.reg.skipped_gone": ("{n} {n:plural:uændret række hører til en risikolinje|uændrede rækker hører til "
                                "risikolinjer}, der ikke længere er gældende (fx række {examples}); {n:plural:den "
                                "er|de er} sprunget over.",
                                "{n} unchanged {n:plural:row belongs to a risk line that is|rows belong to risk lines "
                                "that are} no longer current (e.g. row {examples}); {n:plural:it was|they were} "
                                "skipped."),
    "import.reg.read_only_differs": ("kolonnen vises kun og importeres ikke, men afviger fra Risikoværkstedet i {n} "
                                     "{n:plural:række|rækker} (fx række {examples}).{hint}",
                                     "the column is shown only and not imported, but differs from Risikoværkstedet on "
                                     "{n} {n:plural:row|rows} (e.g. row {examples}).{hint}"),
    "import.reg.hint_consequence": (" Ret Fortrolighed, Integritet og Tilgængelighed i stedet.",
                                    " Change Fortrolighed, Integritet and Tilgængelighed instead."),
    "import.reg.other_scale": ("vurderingen er lavet på en {size}-trinsskala, men kommunen bruger nu {now} trin; "
                               "start en ny vurdering af systemet først",
                               "the assessment is made on a {size}-step scale, but the municipality now uses {now} "
                               "steps; start a new assessment of the system first"),
    # the problems grouped (riskmodel.formats.register.problem_groups)
    "import.group.missing_department": ("{n} {n:plural:række|rækker} mangler afdeling → vælg en standardafdeling",
                                        "{n} {n:plural:row lacks|rows lack} a department → choose a default "
                                        "department"),
    "import.group.unknown_system": ("{n} {n:plural:række|rækker} nævner et system, der ikke findes → opret det (eller "
                                    "ret navnet)",
                                    "{n} {n:plural:row names|rows name} a system that does not exist → create it (or "
                                    "correct the name)"),
    "import.group.unknown_threat": ("{n} {n:plural:række|rækker} nævner en trussel, der hverken er i kataloget eller "
                                    "i vurderingen → tilføj den som systemets egen trussel",
                                    "{n} {n:plural:row names|rows name} a threat that is neither in the catalogue nor "
                                    "in the assessment → add it as the system's own threat"),
    "import.group.convert": ("{n} {n:plural:række|rækker} har en værdi, der skal omregnes → bekræft omregningerne",
                             "{n} {n:plural:row has|rows have} a value to convert → confirm the conversions"),
    "import.group.consequence_to": ("{n} {n:plural:række|rækker} har en samlet konsekvens → vælg, hvor den skal "
                                    "gælde, eller gem den som samlet konsekvens",
                                    "{n} {n:plural:row has|rows have} an overall consequence → choose where it "
                                    "applies, or keep it as an overall consequence"),
    "import.group.column": ("{n} {n:plural:problem|problemer} i kolonnen '{column}'",
                            "{n} {n:plural:problem|problems} in the column '{column}'"),
    "import.group.rows": ("{n} {n:plural:problem|problemer} i rækkerne", "{n} {n:plural:problem|problems} in the rows"),
}
