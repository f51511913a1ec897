"""The data layer: the DuckDB database, its migrations and the unit of work.

Pages never import it, and it never imports riskmodel.services (pyproject.toml, import-linter).
"""
