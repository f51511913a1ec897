"""Errors the services raise. Each names what is wrong, in the reader's language.

An error raised with a key of the text catalogue (``riskmodel/locale/errors*.py``: ``"err.…"``; the import's
``"import.…"``) and its parameters carries both: the page shows ``err.text(lang)``, in the user's language;
``str(err)`` is the Danish text (the command line, logs, the audit trail of refusals). A parameter that is itself
text to translate is a :class:`Text` or another error (a cell's problem inside an import row's problem). An error
raised with a plain message (the rarer ones, not yet given a key) shows that message in either language.
"""

from __future__ import annotations


class Text:
    """A catalogue text as an error's parameter (an action, an entity's name), put in the reader's language."""

    def __init__(self, key: str, default: str | None = None, /, **params):
        self.key, self.default, self.params = key, default, params

    def text(self, lang: str) -> str:
        from riskmodel.i18n import catalogue, t

        if self.default is not None and self.key not in catalogue():
            return self.default
        return t(self.key, lang, **_in(self.params, lang))

    def __str__(self) -> str:
        return self.text("da")

    def __repr__(self) -> str:
        return f"Text({self.key!r})"


def _in(params: dict, lang: str) -> dict:
    return {k: v.text(lang) if isinstance(v, (Text, WorkbenchError)) else _field(v, lang) if k == "field" else v
            for k, v in params.items()}


def _field(name, lang: str):
    """A field's Danish label in ``lang`` (riskmodel/locale/fields.py); a name without an entry stays as it is."""
    if lang == "da" or not isinstance(name, str):
        return name
    from riskmodel.i18n import catalogue, t

    return t(f"field.{name}", lang) if f"field.{name}" in catalogue() else name


class WorkbenchError(Exception):
    """Base class: ``WorkbenchError("err.<name>", **params)`` or ``WorkbenchError("Dansk besked")``."""

    def __init__(self, message: str = "", /, **params):
        from riskmodel.i18n import catalogue, t

        self.key = message if message in catalogue() else None  # "err.…", "import.…"
        self.params = params
        super().__init__(t(self.key, "da", **_in(params, "da")) if self.key else message)

    def text(self, lang: str = "da") -> str:
        """The message in ``lang`` ("da" or "en")."""
        from riskmodel.i18n import t

        return t(self.key, lang, **_in(self.params, lang)) if self.key else str(self)


class ValidationError(WorkbenchError):
    """Input is missing, malformed or out of range; nothing was written."""

    def __init__(self, message: str, field: str | None = None, /, **params):
        super().__init__(message, field=field, **params)
        self.field = field


def all_of(problems: list[ValidationError]) -> ValidationError:
    """One error that says each of ``problems`` ("A skal udfyldes. B skal udfyldes"), in the reader's language, naming
    the first one's field: a form's problems at once, not the first only."""
    if len(problems) == 1:
        return problems[0]
    return ValidationError("err.and", problems[0].field, first=problems[0], rest=all_of(problems[1:]))


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

    def __init__(self, message: str, conflicts: list, /, **params):
        super().__init__(message, **params)
        self.conflicts = conflicts
