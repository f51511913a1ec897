"""Errors the services raise. Every message is Danish and names what is wrong."""


class WorkbenchError(Exception):
    """Base class: ``str(err)`` is a message fit to show a user."""


class ValidationError(WorkbenchError):
    """Input is missing, malformed or out of range; nothing was written."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


class StaleVersionError(WorkbenchError):
    """The row was changed by someone else since it was read; nothing was written."""


class NotFoundError(WorkbenchError):
    """The row does not exist (or is not visible to the acting user)."""


class PermissionDenied(WorkbenchError):
    """The acting user may not do this."""


class FieldConflictError(StaleVersionError):
    """Someone else changed a field after this user saw it; nothing was written.

    ``conflicts`` holds one :class:`riskmodel.domain.model.FieldConflict` per refused field: the
    value this user chose, the value now stored, who stored it and when, so a page can show
    both side by side and let the user choose.
    """

    def __init__(self, message: str, conflicts: list):
        super().__init__(message)
        self.conflicts = conflicts
