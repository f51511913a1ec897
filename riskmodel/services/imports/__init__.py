"""The register import's use cases (issue 19): ``plan.plan_import`` reads and checks a register and writes
nothing; ``apply.apply_import`` writes a checked plan in one unit of work. ``register`` plans our own exported
register, ``plain`` a register from another tool; ``model`` holds the plan and what both share. The file is
read by ``riskmodel.formats.register*``; the SQL is ``riskmodel.store.imports``."""
