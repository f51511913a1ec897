"""The checks a risk line's values pass before they are stored: field by field (scores on the assessment's
scale, treatment, deadline, texts, the data subjects' harms) and the acceptance of a residual risk.

Every refusal is a ValidationError with a key of riskmodel/locale/errors_assessment.py (or of the shared
value checks), so the page shows it in the user's language; ``str(err)`` stays the Danish text."""

from __future__ import annotations

from datetime import date

from riskmodel.domain import dpia
from riskmodel.domain.dates import dk_today
from riskmodel.domain.errors import Text, ValidationError
from riskmodel.domain.model import LINE_FIELDS, TREATMENTS
from riskmodel.domain.scales import Preset
from riskmodel.services.common import as_date, choice, text

FIELD_LABELS_DA = {
    "likelihood": "Sandsynlighed",
    "cons_c": "Konsekvens for fortrolighed",
    "cons_i": "Konsekvens for integritet",
    "cons_a": "Konsekvens for tilgængelighed",
    "residual_likelihood": "Restrisiko: sandsynlighed",
    "residual_consequence": "Restrisiko: konsekvens",
    "scenario": "Scenarie",
    "existing_measures": "Eksisterende foranstaltninger",
    "planned_measures": "Planlagte foranstaltninger",
    "measure_owner": "Ansvarlig for foranstaltning",
    "risk_owner": "Risikoejer",
    "floor_reason": "Begrundelse for lavere konsekvens",
    "treatment": "Behandling",
    "measure_deadline": "Frist",
    "score_rationale": "Begrundelse for vurderingen",
    "accepted_by": "Risiko accepteret af",
    "accepted_on": "Dato for accept",
    "acceptance_ref": "Henvisning til beslutning om accept",
    "acceptance_expires": "Accepten udløber",
    "harms": "Skade for de registrerede",
}
ACCEPTANCE_FIELDS = ("accepted_by", "accepted_on", "acceptance_ref", "acceptance_expires")
SCORE_FIELDS = ("likelihood", "cons_c", "cons_i", "cons_a", "residual_likelihood", "residual_consequence")


def field_label(key: str) -> Text | str:
    """A line field's name as an error parameter, in the reader's language (an unknown field by its key)."""
    return Text(f"err.assessment.label.{key}") if key in FIELD_LABELS_DA else key


class FieldList(Text):
    """Several line fields' names, comma-separated, in the reader's language."""

    def __init__(self, keys: list[str]):
        super().__init__("err.assessment.field_list")
        self.keys = list(keys)

    def text(self, lang: str) -> str:
        from riskmodel.i18n import t

        names = (lbl.text(lang) if isinstance(lbl, Text) else lbl for lbl in map(field_label, self.keys))
        return t(self.key, lang, fields=", ".join(names))

    def __repr__(self) -> str:
        return f"FieldList({self.keys!r})"


def check_score(value, key: str, preset: Preset) -> int | None:
    """A score on the preset's scale as an int (None stays None); the same rule and Danish text as
    :meth:`riskmodel.domain.scales.Preset.check_score`, refused with a key. A checkbox (True/False) is no score."""
    if value is None:
        return None
    label, size = field_label(key), preset.size
    if isinstance(value, (bool, bytes, bytearray)):
        raise ValidationError("err.assessment.score_not_number", key, label=label, value=value, size=size)
    if not isinstance(value, int):
        try:
            as_float = float(value)
        except (TypeError, ValueError):
            raise ValidationError("err.assessment.score_not_number", key, label=label, value=value,
                                  size=size) from None
        if not as_float.is_integer():
            raise ValidationError("err.assessment.score_not_whole", key, label=label, value=value, size=size)
        value = int(as_float)
    if not 1 <= value <= size:
        raise ValidationError("err.assessment.score_off_scale", key, label=label, value=value, size=size)
    return value


def validate_line_changes(changes: dict, preset: Preset, lens: str = "org") -> dict:
    out = {}
    for key, value in changes.items():
        label = FIELD_LABELS_DA.get(key, key)
        if key == "harms" and lens == "ds":
            codes = list(dict.fromkeys(value or []))
            for code in codes:
                choice(code, "Skade for de registrerede", dpia.keys("harms"))
            out[key] = codes
            continue
        if key not in LINE_FIELDS:
            raise ValidationError("err.assessment.field_not_changeable", key)
        if key in SCORE_FIELDS:
            out[key] = check_score(value, key, preset)
        elif key == "treatment":
            out[key] = choice(value, label, TREATMENTS, required=False)
        elif key == "measure_deadline":
            out[key] = as_date(value, label)
        else:
            out[key] = text(value, label, max_len=4000)
    return out


_UNREADABLE = object()  # a seen value that cannot be a stored value: never equal to one


def seen_value(value, key: str, preset: Preset, lens: str):
    """What the user saw, in the form the line stores it (a score as int, a date as date ...)."""
    try:
        return validate_line_changes({key: value}, preset, lens)[key]
    except ValidationError:
        return _UNREADABLE


_NOT_GIVEN = object()


def check_changes(changes, seen=_NOT_GIVEN) -> None:
    """Changes come as a non-empty dict of field -> value; with ``seen``, a dict holding for each changed field
    the value the user saw of it before the change."""
    if not isinstance(changes, dict) or (seen is not _NOT_GIVEN and not isinstance(seen, dict)):
        raise ValidationError("err.assessment.changes_by_field", "changes")
    if not changes:
        raise ValidationError("err.assessment.no_changes", "changes")
    unseen = [k for k in changes if k not in seen] if seen is not _NOT_GIVEN else []
    if unseen:
        raise ValidationError("err.assessment.seen_missing", unseen[0], label=field_label(unseen[0]))


def validate_acceptance(accepted_by: str, accepted_on: date | str | None, reference: str,
                        expires: date | str | None) -> dict:
    """The columns of an explicit acceptance of a residual risk: who, when (not in the future), which decision,
    until when (after the acceptance)."""
    values = {
        "accepted_by": text(accepted_by, "Accepteret af", max_len=200, required=True),
        "accepted_on": as_date(accepted_on, "Dato for accept"),
        "acceptance_ref": text(reference, "Henvisning til beslutningen", max_len=500, required=True),
        "acceptance_expires": as_date(expires, "Accepten udløber"),
    }
    if values["accepted_on"] is None:
        raise ValidationError("err.assessment.accepted_on_required", "accepted_on")
    if values["accepted_on"] > dk_today():
        raise ValidationError("err.assessment.accepted_on_future", "accepted_on")
    if values["acceptance_expires"] is not None and values["acceptance_expires"] <= values["accepted_on"]:
        raise ValidationError("err.assessment.expires_before_accepted", "acceptance_expires")
    return values
