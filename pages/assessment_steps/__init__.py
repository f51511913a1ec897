"""The steps of the assessment page (pages/assessment.py), one module each.

This folder is a package, not a page: the app's navigation (app.py) lists the pages it shows.
"""
