"""Pure file converters and the rules that read foreign values: no store, no services, no streamlit."""
