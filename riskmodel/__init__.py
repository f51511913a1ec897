"""Risikoværkstedet: the risk model, storage and services (no UI code here)."""

__version__ = "0.1.0"
