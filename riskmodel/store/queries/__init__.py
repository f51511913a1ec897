"""Read models: the SQL of the pages' tables and figures (portfolio, review, treatment), one module each.

Every function takes an open cursor and the access scope the service decided (an SQL condition over the
columns named by the module's ``*_SCOPE`` constants, and its parameters); access itself is checked in
riskmodel.services before anything here is called.
"""
