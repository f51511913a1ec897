"""Static checks over the UI source: no raw HTML, every UI string exists in both languages,
and the core (riskmodel/) never imports streamlit."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from riskmodel.domain import model, review
from riskmodel.i18n import catalogue
from riskmodel.services.common import PERMISSIONS
from riskmodel.services.dispensations import REQUIREMENT_KINDS

ROOT = Path(__file__).resolve().parents[2]
UI_FILES = [ROOT / "app.py", *sorted((ROOT / "pages").rglob("*.py"))]  # with pages/assessment_steps/
PAGE_FILES = [p for p in UI_FILES if p.parent.name == "pages" and p.name != "__init__.py"]

# tr("key" / t("key" / ui.tr(f"prefix.{x}"  -- t( must not be the tail of another name (e.g. st.text()).
KEY_CALL = re.compile(r"(?<![\w.])(?:ui\.)?(?:tr|t)\(\s*(f?)\"([^\"]+)\"")
VL_CALL = re.compile(r"(?<![\w.])(?:ui\.)?vl\(\s*\"([a-z_]+)\"")
VALUES = {
    "classification": model.CLASSIFICATIONS,
    "data_category": model.DATA_CATEGORIES,
    "subjects_band": model.SUBJECT_BANDS,
    "criticality": model.CRITICALITIES,
    "hosting": model.HOSTINGS,
    "treatment": model.TREATMENTS,
    "treatment_help": model.TREATMENTS,
    "system_status": model.SYSTEM_STATUSES,
    "assessment_status": model.ASSESSMENT_STATUSES,
    "dimension": ("c", "i", "a"),
    "review_status": ("changed", "never", "overdue", "due", "ok"),
    "change_kind": review.CHANGE_KINDS,
    "measure_status": review.MEASURE_STATUSES,
    "dispensation_status": review.DISPENSATION_STATUSES,
    "requirement_kind": REQUIREMENT_KINDS,
    "role": model.ROLES,
}


def _keys_used() -> list[tuple[str, str, bool]]:
    """(file, key, is_fstring) for every string key passed to tr()/t() in the UI source."""
    out = []
    for path in [*UI_FILES, ROOT / "riskmodel" / "reports" / "charts.py"]:
        for fstr, key in KEY_CALL.findall(path.read_text(encoding="utf-8")):
            out.append((path.name, key, bool(fstr)))
    return out


def test_the_source_scan_finds_the_keys():
    used = _keys_used()
    assert len(used) > 150
    assert ("systems.py", "systems.title", False) in used
    assert ("app.py", "nav.section.work", False) in used


@pytest.mark.parametrize("path", UI_FILES, ids=lambda p: p.name)
def test_no_unsafe_html(path):
    """No raw HTML from anything but a style sheet written into the source: ``st.html`` only takes a
    module-level string constant (the projector's CSS), never an expression that could carry user text."""
    source = path.read_text(encoding="utf-8")
    assert "unsafe_allow_html" not in source
    tree = ast.parse(source)
    constants = {t.id for node in tree.body if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
                 and isinstance(node.value.value, str) for t in node.targets if isinstance(t, ast.Name)}
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "html"
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "st"):
            (arg,) = node.args
            assert isinstance(arg, ast.Name) and arg.id in constants, f"{path.name}:{node.lineno}: st.html of an expression"
            value = next(n.value.value for n in tree.body if isinstance(n, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == arg.id for t in n.targets))
            if arg.id.endswith("_LANG_JS"):  # app.py: <html lang> set to the chosen language, and nothing else
                assert re.fullmatch(r'<script>document\.documentElement\.lang = "(da|en)";</script>', value), value
            elif arg.id == "DRAFT_KEEPER_JS":  # pages/ui/draft_keeper.py: one fixed script (its hash is in the CSP)
                assert path.name == "draft_keeper.py" and value.count("<script") == 1, value[:80]
            else:
                assert arg.id.endswith("_CSS") and "<script" not in value


def test_every_ui_key_exists_in_danish_and_english():
    strings = catalogue()
    missing, empty, patterns = [], [], []
    for file, key, is_f in _keys_used():
        if is_f:
            # A key built at run time, e.g. f"chart.{view}": some key must fit the pattern.
            rx = re.compile("^" + re.sub(r"\\\{[^}]*\\\}", r"[\\w.]+", re.escape(key)) + "$")
            if not any(rx.match(k) for k in strings):
                patterns.append(f"{file}: {key}")
            continue
        pair = strings.get(key)
        if pair is None:
            missing.append(f"{file}: {key}")
        elif not (pair[0].strip() and pair[1].strip()):
            empty.append(f"{file}: {key}")
    assert not missing, f"keys not in riskmodel/locale: {missing}"
    assert not empty, f"keys without Danish or English text: {empty}"
    assert not patterns, f"run-time keys with no match: {patterns}"


def test_every_key_like_literal_exists():
    """Catches keys the call scan cannot see, e.g. ``ui.tr("a.b" if x else "a.c")``."""
    areas = sorted({k.split(".")[0] for k in catalogue()})
    key_like = re.compile(rf"^(?:{'|'.join(areas)})\.[a-z_][a-z0-9_.]*[a-z0-9_]$")
    strings = catalogue()
    actions = set(PERMISSIONS)  # "catalogue.write" etc. are permission names, not UI strings
    missing = []
    for path in UI_FILES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Constant) and isinstance(node.value, str) and key_like.match(node.value)
                    and not node.value.endswith(".py")):
                if node.value not in strings and node.value not in actions:
                    missing.append(f"{path.name}:{node.lineno}: {node.value}")
    assert not missing


def test_run_time_keys_exist_for_every_value():
    """The f-string keys of the pages, expanded over the values they take."""
    strings = catalogue()
    families = {
        "chart.{}": ("inherent", "residual"),
        "assess.mode.{}": ("score", "threats"),
        "assess.f.{}": ("residual_likelihood", "residual_consequence"),
        "catalogue.tag.{}": model.THREAT_TAGS,
    }
    missing = [fmt.format(v) for fmt, values in families.items() for v in values if fmt.format(v) not in strings]
    assert not missing


def test_value_labels_exist_for_every_domain_value():
    used_kinds = set()
    for path in UI_FILES:
        used_kinds |= set(VL_CALL.findall(path.read_text(encoding="utf-8")))
    assert used_kinds, "the scan found no ui.vl() calls"
    unknown = used_kinds - VALUES.keys()
    assert not unknown, f"ui.vl() kinds without a value list in this test: {unknown}"
    strings = catalogue()
    missing = [f"value.{k}.{v}" for k in sorted(used_kinds) for v in VALUES[k] if f"value.{k}.{v}" not in strings]
    assert not missing


def test_placeholders_agree_between_danish_and_english():
    def fields(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    wrong = {k: (da, en) for k, (da, en) in catalogue().items() if fields(da) != fields(en)}
    assert not wrong


def test_riskmodel_never_imports_streamlit():
    offenders = []
    for path in sorted((ROOT / "riskmodel").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(n == "streamlit" or n.startswith("streamlit.") for n in names):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not offenders


def test_every_page_file_is_in_the_navigation():
    app_src = (ROOT / "app.py").read_text(encoding="utf-8")
    registered = set(re.findall(r'"(pages/[a-z_]+\.py)"', app_src))
    assert registered == {f"pages/{p.name}" for p in PAGE_FILES}


@pytest.mark.parametrize("path", PAGE_FILES, ids=lambda p: p.name)
def test_pages_hold_no_sql(path):
    """Pages read and write through the services only (DESIGN: 'Pages hold no SQL')."""
    src = path.read_text(encoding="utf-8")
    assert not re.search(r"\.execute\(|\bSELECT\b|\bUPDATE\b|\bINSERT\b|duckdb", src)


CALLBACK_ARGS = ("on_click", "on_change", "on_select", "on_submit")


def _bare_callbacks(path: Path) -> list[str]:
    """Every on_click/on_change/... in ``path`` that is neither a string ("rerun", "ignore") nor ``ui.callback(...)``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))

    def wrapped(value: ast.expr) -> bool:
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            return True
        if isinstance(value, ast.Call):
            func = value.func
            return (isinstance(func, ast.Attribute) and func.attr == "callback" and isinstance(func.value, ast.Name)
                    and func.value.id == "ui") or (path.parent.name == "ui" and isinstance(func, ast.Name)
                                                    and func.id == "callback")
        return False

    bare = []
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg in CALLBACK_ARGS and not wrapped(node.value):
            bare.append(f"{path.name}:{node.value.lineno}: {node.arg}={ast.unparse(node.value)}")
        if isinstance(node, ast.Dict):  # widget arguments gathered in a dict (**common)
            for k, v in zip(node.keys, node.values, strict=True):
                if isinstance(k, ast.Constant) and k.value in CALLBACK_ARGS and not wrapped(v):
                    bare.append(f"{path.name}:{v.lineno}: {k.value}={ast.unparse(v)}")
    return bare


@pytest.mark.parametrize("path", UI_FILES, ids=lambda p: p.name)
def test_every_widget_callback_goes_through_the_idle_check(path):
    """Streamlit runs a widget's callback before the script, i.e. before app.py's idle check: every
    on_click/on_change a page hands Streamlit is ``ui.callback(fn, ...)``, which checks the idle limit first."""
    assert not _bare_callbacks(path)


def test_the_callback_scan_finds_a_bare_function(tmp_path):
    page = tmp_path / "page.py"
    page.write_text('st.button("a", on_click=save)\nst.radio("b", **{"on_change": lambda: 1})\n'
                    'st.button("c", on_click=ui.callback(save))\nst.dataframe(d, on_select="rerun")\n')
    assert _bare_callbacks(page) == ["page.py:1: on_click=save", "page.py:2: on_change=lambda: 1"]


def _calls(name: str):
    """(file, line, keyword arguments) of every ``<x>.<name>(...)`` call in the UI source."""
    for path in UI_FILES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == name:
                yield path.name, node.lineno, {k.arg: k.value for k in node.keywords}


def test_no_multiselect_offers_streamlits_english_select_all():
    """Streamlit's multiselect adds an English "Select all" entry (no option translates it): every one turns it off."""
    calls = list(_calls("multiselect"))
    assert len(calls) > 20
    bad = [(f, n) for f, n, kw in calls if not (isinstance(kw.get("select_all"), ast.Constant)
                                                and kw["select_all"].value is False)]
    assert bad == []


def test_every_date_field_is_typed_as_dd_mm_yyyy():
    calls = list(_calls("date_input"))
    assert calls
    bad = [(f, n) for f, n, kw in calls if not (isinstance(kw.get("format"), ast.Constant)
                                                and kw["format"].value == "DD-MM-YYYY")]
    assert bad == []


def test_every_table_shows_a_missing_value_as_text_of_our_own():
    """A missing value in a table is drawn as Streamlit's "None" unless the table names a placeholder (issue 18:
    unscored cells on step 3 read "None")."""
    calls = list(_calls("dataframe")) + list(_calls("data_editor"))
    assert len(calls) > 25
    assert [(f, n) for f, n, kw in calls if "placeholder" not in kw] == []
