"""What the threat catalogue's exchange file check says (riskmodel.formats.catalogue), by key: the place in the
file (a JSON path, or a sheet, row and column) and the problem there; and the refusals of the scales
(riskmodel.domain.scales) and of the catalogue's threat rules (riskmodel.domain.threats).

A key's parameters are the same in both languages (tests/unit/test_error_keys.py). Sheet names, column headers,
JSON paths and values from the file stay as the file has them in both languages: they name what the user sees
in their file."""

STRINGS = {
    # the file as a whole (riskmodel/formats/catalogue/__init__.py)
    "err.catfile.no_file": ("Der er ingen fil.", "There is no file."),
    "err.catfile.too_big": ("Filen er for stor ({mb} MB); et trusselskatalog kan højst fylde {max} MB.",
                            "The file is too large ({mb} MB); a threat catalogue can be at most {max} MB."),
    "err.catfile.not_catalogue_named": (
        "'{name}' er hverken en Excel-fil (.xlsx) eller en JSON-fil (.json) med et trusselskatalog.",
        "'{name}' is neither an Excel file (.xlsx) nor a JSON file (.json) with a threat catalogue."),
    "err.catfile.not_catalogue": (
        "Filen er hverken en Excel-fil (.xlsx) eller en JSON-fil (.json) med et trusselskatalog.",
        "The file is neither an Excel file (.xlsx) nor a JSON file (.json) with a threat catalogue."),
    "err.catfile.missing_sheets": (
        "Filen er ikke et trusselskatalog fra Risikoværkstedet: den mangler {n:plural:arket|arkene} {sheets} (arkene "
        "i filen: {found}).",
        "The file is not a threat catalogue from Risikoværkstedet: it lacks the {n:plural:sheet|sheets} {sheets} (the "
        "sheets in the file: {found})."),
    "err.catfile.none": ("ingen", "none"),
    # a problem at a place
    "err.catfile.at": ("{place}: {problem}", "{place}: {problem}"),
    # places
    "err.catfile.json": ("JSON-filen", "The JSON file"),
    "err.catfile.json_at": ("JSON-filen, {path}", "The JSON file, {path}"),
    "err.catfile.sheet": ("Arket '{sheet}'", "Sheet '{sheet}'"),
    "err.catfile.sheet_row": ("Arket '{sheet}', række {row}", "Sheet '{sheet}', row {row}"),
    "err.catfile.sheet_cell": ("Arket '{sheet}', række {row}, kolonne {column}",
                               "Sheet '{sheet}', row {row}, column {column}"),
    "err.catfile.sheet_cell_header": ("Arket '{sheet}', række {row}, kolonne {column} ({header})",
                                      "Sheet '{sheet}', row {row}, column {column} ({header})"),
    "err.catfile.sheet_row_missing": ("Arket '{sheet}' (rækken {label} mangler)",
                                      "Sheet '{sheet}' (the row {label} is missing)"),
    "err.catfile.consequence_n": ("konsekvens {n}", "consequence {n}"),
    # the format (riskmodel/formats/catalogue/common.py)
    "err.catfile.not_ours": (
        "{place}: filen er ikke et trusselskatalog fra Risikoværkstedet (forventet '{expected}', fandt '{found}').",
        "{place}: the file is not a threat catalogue from Risikoværkstedet (expected '{expected}', found '{found}')."),
    "err.catfile.no_version": ("{place}: formatversionen mangler.", "{place}: the format version is missing."),
    "err.catfile.bad_version": ("{place}: ugyldig formatversion '{value}'.", "{place}: invalid format version '{value}'."),
    "err.catfile.newer": (
        "{place}: filen har formatversion {version}, denne version af Risikoværkstedet kan læse version {supported}. "
        "Opdater programmet, eller bed afsenderen om en ældre fil.",
        "{place}: the file has format version {version}; this version of Risikoværkstedet can read version "
        "{supported}. Update the program, or ask the sender for an older file."),
    # problems in a JSON file (riskmodel/formats/catalogue/json_file.py)
    "err.catfile.missing": ("mangler", "missing"),
    "err.catfile.not_text": ("skal være en tekst, ikke {value}", "must be a text, not {value}"),
    "err.catfile.not_text_short": ("skal være en tekst", "must be a text"),
    "err.catfile.not_bool": ("skal være true eller false", "must be true or false"),
    "err.catfile.not_int": ("skal være et helt tal", "must be a whole number"),
    "err.catfile.not_list": ("skal være en liste", "must be a list"),
    "err.catfile.not_object": ("skal være et objekt", "must be an object"),
    "err.catfile.not_utf8": ("filen er ikke UTF-8-tekst.", "the file is not UTF-8 text."),
    "err.catfile.bad_json": ("ikke gyldig JSON (linje {line}, kolonne {column}).",
                             "not valid JSON (line {line}, column {column})."),
    "err.catfile.too_deep": ("lister og objekter er indlejret for dybt i hinanden; et trusselskatalog er kun få "
                             "niveauer dybt.",
                             "lists and objects are nested too deeply; a threat catalogue is only a few levels deep."),
    "err.catfile.too_many_digits": ("filen indeholder et tal med for mange cifre.",
                                    "the file contains a number with too many digits."),
    "err.catfile.not_document": ("skal være et JSON-objekt med format, threats og preset.",
                                 "must be a JSON object with format, threats and preset."),
    "err.catfile.too_many_threats": ("{n} trusler; højst {max} kan indlæses ad gangen.",
                                     "{n} threats; at most {max} can be loaded at a time."),
    "err.catfile.not_threat": ("skal være et objekt med code, category, title, ...",
                               "must be an object with code, category, title, ..."),
    "err.catfile.too_many_items": ("har {n} elementer; højst {max}", "has {n} items; at most {max}"),
    "err.catfile.item_too_long": ("'{value}' er for lang ({n} tegn)", "'{value}' is too long ({n} characters)"),
    "err.catfile.code_twice_at": ("koden '{code}' står også i {path}", "the code '{code}' also occurs in {path}"),
    "err.catfile.not_annex": ("skal være et objekt med {key}: {{kode: [kontroller]}}",
                              "must be an object with {key}: {{code: [controls]}}"),
    "err.catfile.unknown_code_json": ("koden '{code}' findes ikke blandt threats",
                                      "the code '{code}' is not among the threats"),
    "err.catfile.not_control_list": ("skal være en liste af kontrol-id'er", "must be a list of control ids"),
    "err.catfile.controls_differ": ("passer ikke med {path} ({controls})", "does not match {path} ({controls})"),
    "err.catfile.not_preset": ("skal være et objekt med skalaens definition",
                               "must be an object with the scale's definition"),
    "err.catfile.not_colour": ("'{value}' er ikke en farve (#rrggbb)", "'{value}' is not a colour (#rrggbb)"),
    "err.catfile.not_matrix_row": ("skal være en liste af niveauer (0, 1, ...)", "must be a list of levels (0, 1, ...)"),
    "err.catfile.not_level_index": ("'{value}' er ikke et niveau (0-{max})", "'{value}' is not a level (0-{max})"),
    "err.catfile.surrogate_key": ("en nøgle indeholder et ugyldigt tegn (en enlig UTF-16-surrogat)",
                                  "a key contains an invalid character (a lone UTF-16 surrogate)"),
    "err.catfile.surrogate": ("indeholder et ugyldigt tegn (en enlig UTF-16-surrogat, fx \\ud800)",
                              "contains an invalid character (a lone UTF-16 surrogate, e.g. \\ud800)"),
    # the scale in a file (common.py)
    "err.catfile.no_levels": ("skalaen har ingen risikoniveauer", "the scale has no risk levels"),
    "err.catfile.level_keys_twice": ("to risikoniveauer har samme nøgle ({keys})", "two risk levels have the same key ({keys})"),
    "err.catfile.size": ("antal trin skal være 3-6, ikke {size}", "the number of steps must be 3-6, not {size}"),
    # problems in an .xlsx file (riskmodel/formats/catalogue/xlsx_read.py)
    "err.catfile.sheet_too_long": ("Arket '{sheet}' har mere end {n} {noun}; højst {n} kan indlæses ad gangen.",
                                   "The sheet '{sheet}' has more than {n} {noun}; at most {n} can be loaded at a time."),
    "err.catfile.rows": ("rækker", "rows"),
    "err.catfile.threats": ("trusler", "threats"),
    "err.catfile.formula": ("cellen indeholder en formel ({formula}); et trusselskatalog kan kun indlæses med tekst "
                            "i cellerne",
                            "the cell contains a formula ({formula}); a threat catalogue can only be loaded with text "
                            "in its cells"),
    "err.catfile.error_value": ("cellen indeholder fejlværdien {code}", "the cell contains the error value {code}"),
    "err.catfile.sheet_empty": ("Arket '{sheet}' er tomt: det mangler overskriftsrækken ({headers}).",
                                "The sheet '{sheet}' is empty: it lacks the header row ({headers})."),
    "err.catfile.column_missing": ("kolonnen '{header}' mangler i overskriftsrækken (forventet: {headers}).",
                                   "the column '{header}' is missing from the header row (expected: {headers})."),
    "err.catfile.yes_no": ("'{value}' skal være 'ja' eller 'nej'", "'{value}' must be 'ja' or 'nej' (yes or no)"),
    "err.catfile.date_not_text": ("skal være en tekst, ikke en dato", "must be a text, not a date"),
    "err.catfile.code_twice_row": ("koden '{code}' står også i række {row}", "the code '{code}' also occurs in row {row}"),
    "err.catfile.unknown_code_sheet": ("koden '{code}' findes ikke på arket '{sheet}'",
                                       "the code '{code}' is not on the sheet '{sheet}'"),
    "err.catfile.code_missing": ("koden mangler", "the code is missing"),
    "err.catfile.control_missing": ("kontrollen mangler", "the control is missing"),
    "err.catfile.block_missing": ("Arket '{sheet}' mangler afsnittet '{block}' (en række med '{block}' i kolonne A).",
                                  "The sheet '{sheet}' lacks the section '{block}' (a row with '{block}' in column A)."),
    "err.catfile.block_no_header": ("afsnittet '{block}' mangler sin overskriftsrække",
                                    "the section '{block}' lacks its header row"),
    "err.catfile.block_column_missing": ("kolonnen '{header}' mangler i afsnittet '{block}'",
                                         "the column '{header}' is missing from the section '{block}'"),
    "err.catfile.block_row_missing": ("rækken '{label}' mangler i afsnittet '{block}'.",
                                      "the row '{label}' is missing from the section '{block}'."),
    "err.catfile.block_empty": ("afsnittet '{block}' er tomt", "the section '{block}' is empty"),
    "err.catfile.not_whole": ("'{value}' er ikke et helt tal", "'{value}' is not a whole number"),
    "err.catfile.matrix_header": ("matrixens overskrift skal være konsekvens 1-{size} i kolonne B og frem",
                                  "the matrix's header must be consequence 1-{size} from column B on"),
    "err.catfile.matrix_row": ("rækken skal være sandsynlighed {n}", "the row must be likelihood {n}"),
    "err.catfile.not_level": ("'{value}' er ikke et af niveauerne ({levels})", "'{value}' is not one of the levels ({levels})"),
}

# The scales (riskmodel/domain/scales.py): a score off the scale, a level or preset that does not exist, a malformed
# preset ("<preset id>: <problem>"; a catalogue file shows the problem at the scale's place in the file).
STRINGS |= {
    "err.scale.no_value": ("{field}: mangler en værdi (1-{size})", "{field}: a value is missing (1-{size})"),
    "err.scale.not_number": ("{field}: '{value}' er ikke et tal (1-{size})", "{field}: '{value}' is not a number (1-{size})"),
    "err.scale.not_whole": ("{field}: '{value}' er ikke et helt tal (1-{size})",
                            "{field}: '{value}' is not a whole number (1-{size})"),
    "err.scale.outside": ("{field}: {value} ligger uden for skalaen 1-{size}", "{field}: {value} is outside the scale 1-{size}"),
    "err.scale.unknown_level": ("Ukendt risikoniveau '{key}' i matrixen {preset}",
                                "Unknown risk level '{key}' in the matrix {preset}"),
    "err.scale.unknown_preset": ("Ukendt matrix '{preset}'", "Unknown matrix '{preset}'"),
    "err.scale.preset": ("{preset}: {problem}", "{preset}: {problem}"),
    "err.scale.labels": ("trinenes navne skal følge skalaens trin 1-{size}",
                         "the names of the steps must follow the scale's steps 1-{size}"),
    "err.scale.likelihood_steps": ("sandsynlighedsskalaen skal have trinene 1-{size}",
                                   "the likelihood scale must have the steps 1-{size}"),
    "err.scale.consequence_steps": ("konsekvensskalaen skal have trinene 1-{size}",
                                    "the consequence scale must have the steps 1-{size}"),
    "err.scale.matrix_size": ("matrixen skal være {size}×{size}", "the matrix must be {size}×{size}"),
    "err.scale.matrix_unknown_level": ("matrixen henviser til et niveau, der ikke findes",
                                       "the matrix refers to a level that does not exist"),
    "err.scale.matrix_unused_level": ("alle niveauer skal bruges i matrixen", "every level must be used in the matrix"),
    "err.scale.falls_with_likelihood": ("niveauet falder, når sandsynligheden stiger (række {row})",
                                        "the level falls as the likelihood rises (row {row})"),
    "err.scale.falls_with_consequence": ("niveauet falder, når konsekvensen stiger (kolonne {column})",
                                         "the level falls as the consequence rises (column {column})"),
}

# The catalogue's rules for a threat (riskmodel/domain/threats.py): the catalogue page's form, and every threat of
# an exchange file.
STRINGS |= {
    "err.threat.unknown_control": ("Annex A-kontrol '{control}' findes ikke i ISO 27001:2013 Anneks A (fx A.9.2.3)",
                                   "Annex A control '{control}' does not exist in ISO 27001:2013 Annex A (e.g. A.9.2.3)"),
    "err.threat.bad_code": ("{field} '{code}' må kun indeholde bogstaver, tal, punktum, bindestreg og understreg",
                            "{field} '{code}' may only contain letters, digits, full stops, hyphens and underscores"),
    "err.threat.no_harm": ("Truslen skal kunne ramme mindst én af fortrolighed, integritet og tilgængelighed",
                           "The threat must be able to affect at least one of confidentiality, integrity and "
                           "availability"),
    "err.threat.unknown_tags": ("Ukendte profilmærker: {tags}", "Unknown profile tags: {tags}"),
    "err.threat.no_list": ("Der er ingen liste af trusler at indlæse", "There is no list of threats to load"),
    "err.threat.not_threat": ("Trussel nr. {n}: er ikke en trussel (kode, kategori, titel ...)",
                              "Threat no. {n}: is not a threat (code, category, title ...)"),
    "err.threat.nth": ("Trussel nr. {n}{code}: {problem}", "Threat no. {n}{code}: {problem}"),
}
