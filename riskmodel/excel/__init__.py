"""Excel: the committee workbook export (and, later, the register import)."""

from riskmodel.excel.export import export_workbook

__all__ = ["export_workbook"]
