"""What the threat catalogue's exchange file check says (riskmodel.formats.catalogue), by key: the place in the
file (a JSON path, or a sheet, row and column) and the problem there; and the refusals of the scales
(riskmodel.domain.scales) and of the catalogue's threat rules (riskmodel.domain.threats).

A key's parameters are the same in both languages (tests/unit/test_error_keys.py). Sheet names, column headers,
JSON paths and values from the file stay as the file has them in both languages: they name what the user sees
in their file."""

STRINGS: dict[str, tuple[str, str]] = {}

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
