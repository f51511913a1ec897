"""What the workbench hands out: the committee pack and system report (Excel), and the charts the pages draw.

Reads through riskmodel.services (always with the acting user), never through the store."""
