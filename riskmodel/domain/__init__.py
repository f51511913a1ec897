"""Pure rules and values of the risk model: no database, no files but the shipped data, no UI."""
