"""Excel: the register import (importer.py). The committee pack and system report are in riskmodel.reports,
the safe .xlsx reader in riskmodel.formats.xlsx_safety."""
