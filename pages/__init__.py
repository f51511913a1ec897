"""Streamlit pages: thin, they read through riskmodel services and draw."""
