"""Registers as municipalities keep them in other tools and hand-made sheets, built with openpyxl.

Each has the traits the adoption issue (17) names, so that the CLI, the page and the browser tests
import the same files: a cover sheet and a notes sheet besides the register, a merged title and an
'Udarbejdet af' line above the header, a hidden column whose header would otherwise be proposed (an old
'Risikoejer' column the sheet's author hid), a hidden sheet (an older version of the register whose header
names more known columns than the real one), scores written as labels ('3 - Sandsynligt',
'Sandsynlig', 'Høj'), a 1-5 consequence scale, treatment words of ISO 27005 practice and English,
no department column, one consequence column, a 277-character catalogue text as a threat title,
a blank separator, a repeated header row and an 'I alt' totals row.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

HEADERS = ["System", "Trussel", "Sandsynlighed", "Konsekvens", "Risikoejer", "Håndtering", "Ansvarlig"]
HIDDEN_COLUMNS = ["Risikoejer"]  # column E: hidden in Excel, holds stale notes; never proposed
HIDDEN_SHEET = "Arkiv 2023"  # hidden; an older register with an 'Afdeling' column
LONG_TITLE = ("Uautoriseret adgang til personoplysninger som følge af utilstrækkelig styring af brugerrettigheder, "
              "herunder manglende periodisk gennemgang af adgange, fratrædelser der ikke registreres rettidigt, "
              "fælleskonti uden personlig identifikation og leverandøradgange, som ikke lukkes.")
assert len(LONG_TITLE) == 277, len(LONG_TITLE)

# (row as written) -> what the import should store with the proposed conversions confirmed
ROWS = [
    ["Borgerportal", "Phishing mod medarbejdere", "3 - Sandsynligt", 5, "ikke med", "Mitiger", "Ida"],
    ["Borgerportal", "Ransomware", "Sandsynlig", 4, "", "Del", "Ida"],
    None,  # a blank separator
    HEADERS,  # the header repeated (a sheet printed in pages)
    ["Lønsystem", LONG_TITLE, "Høj", 2, "", "Undgå", "Bo"],
    ["Lønsystem", "Strømsvigt", "Lav", 1, "", "Accepter", "Bo"],
    ["Lønsystem", "Fejlsendt post", "1 - Usandsynligt", 3, "", "Transfer", "Bo"],
    ["I alt", None, None, 15, None, None, None],
]
EXPECTED = {  # threat title start -> (likelihood, consequence on 1-4, treatment)
    "Phishing mod medarbejdere": (3, 4, "reducer"),
    "Ransomware": (3, 3, "overfør"),
    "Uautoriseret adgang": (3, 2, "undgå"),
    "Strømsvigt": (1, 1, "accepter"),
    "Fejlsendt post": (1, 3, "overfør"),
}
SKIPPED = {8: "blank", 9: "header", 13: "total"}  # sheet rows; the header is row 5


def foreign_register(folder: Path, name: str = "fremmed-register.xlsx") -> Path:
    book = Workbook()
    cover = book.active
    cover.title = "Forside"
    cover.append(["Risikovurdering af kommunens it-systemer"])
    cover.append(["Version", "2.1"])
    ws = book.create_sheet("Risici")
    ws.append(["Risikoregister 2025 · Fjordby Kommune"])
    ws.merge_cells("A1:G1")
    ws.append(["Udarbejdet af: IT-sikkerhed", "Dato: 01-02-2025"])
    ws.append([])
    ws.append([])
    ws.append(HEADERS)
    for row in ROWS:
        ws.append(row if row is not None else [])
    ws.column_dimensions["E"].hidden = True
    notes = book.create_sheet("Noter")
    notes.append(["Skala", "Konsekvens 1-5, sandsynlighed i ord"])
    old = book.create_sheet(HIDDEN_SHEET)
    old.append(["System", "Afdeling", "Trussel", "Sandsynlighed", "Konsekvens", "Behandling", "Risikoejer"])
    old.append(["Gammelt system", "Skole", "Brand", 2, 2, "Accepter", "Ole"])
    old.sheet_state = "hidden"
    path = folder / name
    book.save(path)
    return path
