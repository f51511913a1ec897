"""The services' shared seam: the value checks (riskmodel.domain.validation) and the access decisions
(riskmodel.services.access), imported from one place."""

from __future__ import annotations

# The value checks live in the domain; the services import them from here as they always did.
from riskmodel.domain.validation import as_date as as_date
from riskmodel.domain.validation import choice as choice
from riskmodel.domain.validation import flag as flag
from riskmodel.domain.validation import text as text
from riskmodel.domain.validation import version_of as version_of
from riskmodel.domain.validation import year_of as year_of

# Access decisions live in riskmodel.services.access; the services import them from here as they always did.
from riskmodel.services.access import ACTION_DA as ACTION_DA
from riskmodel.services.access import DEPARTMENT_SCOPED as DEPARTMENT_SCOPED
from riskmodel.services.access import PERMISSIONS as PERMISSIONS
from riskmodel.services.access import Scope as Scope
from riskmodel.services.access import audit_denials as audit_denials
from riskmodel.services.access import owns as owns
from riskmodel.services.access import read_scope as read_scope
from riskmodel.services.access import record_denial as record_denial
from riskmodel.services.access import require as require
from riskmodel.services.access import scope as scope
from riskmodel.services.access import scope_key as scope_key



