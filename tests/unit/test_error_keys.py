"""Service errors carry a key and its parameters (riskmodel.domain.errors); the page puts them in the user's
language. Every key the code raises exists in Danish and English with the same placeholders."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from riskmodel.domain.errors import PermissionDenied, StaleVersionError, Text, ValidationError, WorkbenchError
from riskmodel.domain.model import Actor
from riskmodel.domain.validation import as_date, choice, text
from riskmodel.i18n import catalogue
from riskmodel.services.access import ACTION_DA, require
from riskmodel.store.versioned import ENTITY_NAMES_DA, stale_error

ROOT = Path(__file__).resolve().parents[2]
# The services' errors, and what the import check says about a register (riskmodel/locale/import_problems.py).
KEY = re.compile(r"""["']((?:err|import\.(?:cell|plain|plan|reg|group|hint|where))\.[a-z0-9_.]+)["']""")


def _placeholders(text_: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text_) if name}


def _keys_raised() -> set[str]:
    keys = set()
    for path in (ROOT / "riskmodel").rglob("*.py"):
        if "locale" not in path.parts:
            keys |= set(KEY.findall(path.read_text(encoding="utf-8")))
    return keys


def test_the_scan_finds_the_keys():
    assert {"err.required", "err.denied", "err.stale", "err.file_empty"} <= _keys_raised()


def test_every_error_key_exists_in_danish_and_english_with_the_same_placeholders():
    strings = catalogue()
    keys = _keys_raised() | {k for k in strings if k.startswith(("err.", "action.", "entity.", "import."))}
    keys |= {f"action.{a}" for a in ACTION_DA} | {f"entity.{t}" for t in ENTITY_NAMES_DA}
    keys |= {f"entity.{t}.it" for t in ENTITY_NAMES_DA}
    missing = sorted(k for k in keys if k not in strings)
    assert missing == []
    for key in keys:
        da, en = strings[key]
        assert da.strip() and en.strip(), key
        assert _placeholders(da) == _placeholders(en), key


@pytest.mark.parametrize("call, da, en", [
    (lambda: text("", "Navn", required=True), "Navn skal udfyldes", "Name must be filled in"),
    (lambda: text("abc", "Navn", max_len=2), "Navn er for lang (3 tegn, højst 2)", "Name is too long (3 characters, at most 2)"),
    (lambda: choice("x", "Status", ("a", "b")), "Status: 'x' er ikke en gyldig værdi (a, b)",
     "Status: 'x' is not a valid value (a, b)"),
    (lambda: as_date("32-13-2026", "Frist"), "Frist: '32-13-2026' er ikke en dato (dd-mm-åååå)",
     "Deadline: '32-13-2026' is not a date (dd-mm-yyyy)"),
])
def test_a_validation_error_reads_in_either_language(call, da, en):
    with pytest.raises(ValidationError) as caught:
        call()
    assert (str(caught.value), caught.value.text("da"), caught.value.text("en")) == (da, da, en)
    assert caught.value.key and caught.value.field


def test_an_access_refusal_names_the_action_in_the_readers_language():
    reader = Actor(username="rita", display_name="Rita Revisor", role="revisor")
    with pytest.raises(PermissionDenied) as caught:
        require(reader, "system.write", "Borgerservice", "")
    assert caught.value.text("da") == "Rita Revisor (Revisor) har ikke adgang til at ændre systemer"
    assert caught.value.text("en") == "Rita Revisor (Auditor) may not change systems"


def test_a_stale_write_names_the_thing_and_the_person():
    err = stale_error("systems", {"version": 4, "updated_by": "lokal", "updated_at": None}, 3)
    assert isinstance(err, StaleVersionError)
    assert str(err) == ("Systemet er ændret af Lokal bruger, efter du åbnede det (din version 3, nu version 4). "
                        "Intet er gemt: genindlæs og prøv igen.")
    assert err.text("en") == ("The system was changed by Local user after you opened it (your version 3, now "
                              "version 4). Nothing was saved: reload and try again.")


def test_a_plain_message_stays_as_it_is_in_either_language():
    err = WorkbenchError("Noget gik galt")
    assert (err.key, str(err), err.text("en")) == (None, "Noget gik galt", "Noget gik galt")
    assert Text("action.unknown", "unknown").text("en") == "unknown"  # a parameter without a text of its own
