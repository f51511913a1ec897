"""Strings of the risk matrix figures."""

STRINGS = {
    "chart.hover": (
        "Sandsynlighed: {lik}<br>Konsekvens: {con}<br>Niveau: {level}<br>Risici: {count}",
        "Likelihood: {lik}<br>Consequence: {con}<br>Level: {level}<br>Risks: {count}",
    ),
    "chart.likelihood": ("Sandsynlighed", "Likelihood"),
    "chart.consequence": ("Konsekvens", "Consequence"),
    "chart.severity": ("Alvor for de registrerede", "Severity for the data subjects"),
    "chart.legend.level": ("Risikoniveau", "Risk level"),
    "chart.legend.cells": ("Felter i matrixen", "Cells in the matrix"),
    "chart.legend.meaning": ("Betydning", "Meaning"),
    "chart.inherent": ("Iboende risiko", "Inherent risk"),
    "chart.residual": ("Restrisiko", "Residual risk"),
}
