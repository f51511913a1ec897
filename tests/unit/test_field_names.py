"""Every Danish field label a service or rule passes to a check has an English name (riskmodel/locale/fields.py),
so "Systemets navn skal udfyldes" reads "System name must be filled in" for an English reader (issue 18)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from riskmodel.domain import validation
from riskmodel.domain.errors import ValidationError
from riskmodel.i18n import catalogue

ROOT = Path(__file__).resolve().parents[2]
CHECKS = {"text", "choice", "as_date", "flag", "year_of", "version_of"}


def _labels() -> dict[str, str]:
    """Danish label -> where it is passed: the second argument of a check, or of ValidationError(key, field)."""
    found: dict[str, str] = {}
    for path in sorted((ROOT / "riskmodel").glob("**/*.py")):
        if path.parts[-2] in ("locale", "reports"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or len(node.args) < 2:
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            arg = node.args[1]
            if name == "check" and len(node.args) >= 3 and getattr(node.args[0], "id", None) in CHECKS:
                name, arg = node.args[0].id, node.args[2]  # check(text, value, "Label", ...): a form's checks at once
            if (name in CHECKS or name == "ValidationError") and isinstance(arg, ast.Constant) \
                    and isinstance(arg.value, str) and not (arg.value.isascii() and arg.value.islower()):
                found.setdefault(arg.value, f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_the_scan_finds_the_labels_of_the_services():
    labels = _labels()
    assert {"Systemets navn", "Brugernavn", "Udløbsdato", "Trusselens titel"} <= labels.keys()


def test_every_danish_field_label_has_an_english_name():
    missing = {label: where for label, where in _labels().items() if f"field.{label}" not in catalogue()}
    assert not missing, f"add these to riskmodel/locale/fields.py: {missing}"


def test_a_check_names_the_field_in_the_readers_language():
    with pytest.raises(ValidationError) as caught:
        validation.text("  ", "Systemets navn", required=True)
    assert str(caught.value) == "Systemets navn skal udfyldes"
    assert caught.value.text("en") == "System name must be filled in"
    with pytest.raises(ValidationError) as caught:
        validation.as_date("31-02-2026", "Udløbsdato")
    assert caught.value.text("en") == "Expiry date: '31-02-2026' is not a date (dd-mm-yyyy)"


def test_an_internal_field_name_is_left_as_it_is():
    with pytest.raises(ValidationError) as caught:
        validation.version_of(0)
    assert caught.value.text("en") == "version: invalid version '0'"

