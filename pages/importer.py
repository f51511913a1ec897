"""Excel-import: an exported risk register after offline edits, or a register from another tool.

Upload, (for a foreign register) map the columns, check the whole file, see every problem or every
change, and only then import it all in one transaction. Nothing is written before the import button.
AppTest (Streamlit 1.67) can upload through ``file_uploader(...).set_value``, so the tests drive the
page as a user does.
"""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import streamlit as st

from pages import ui
from riskmodel.domain.dates import fmt_date
from riskmodel.excel.importer import (
    KIND_REGISTER,
    PLAIN_FIELDS,
    REQUIRED_FIELDS,
    apply_import,
    detect,
    plan_import,
    problem_groups,
    propose_mapping,
)
from riskmodel.formats.mapping import CONSEQUENCE_TO, DEFAULT_FIELDS, SCORE_FIELDS, MappingSpec, headers_key
from riskmodel.formats.xlsx_archive import MAX_FILE_BYTES, MB
from riskmodel.formats.xlsx_safety import open_xlsx
from riskmodel.i18n import t
from riskmodel.reports.export import CLASSIFICATION_LABELS

wb = ui.workbench()
user = ui.actor()

st.title(ui.tr("nav.importer"))
st.caption(ui.tr("importer.intro"))
ui.show_flash()

# A new uploader key after an import empties the uploader.
upload_key = f"imp_upload_{st.session_state.get('imp_round', 0)}"
# .xlsm passes the filter on purpose: the reader refuses it with the Danish macro message, where the
# uploader's own filter would only show a red icon.
upload = st.file_uploader(ui.tr("importer.upload"), type=["xlsx", "xlsm"], key=upload_key,
                          max_upload_size=MAX_FILE_BYTES // MB, help=ui.tr("importer.upload_help", mb=MAX_FILE_BYTES // MB))
st.caption(ui.tr("importer.rules"))
if upload is None:
    for key in ("imp_book", "imp_plan", "imp_detected"):
        st.session_state.pop(key, None)
    st.stop()

file_id = f"{upload.file_id}:{upload.size}"
cached = st.session_state.get("imp_book")
if cached is None or cached[0] != file_id:
    st.session_state.pop("imp_plan", None)
    book = ui.attempt(lambda: open_xlsx(upload.getvalue(), upload.name))
    if book is None:
        st.session_state.pop("imp_book", None)
        st.stop()
    st.session_state["imp_book"] = (file_id, book)
book = st.session_state["imp_book"][1]


def detected(sheet: str | None):
    """The sheet's kind and header row, read once per file and sheet (the first rows of the sheet)."""
    seen = st.session_state.setdefault("imp_detected", {})
    key = (file_id, sheet)
    if key not in seen:
        result = ui.attempt(lambda: detect(book, sheet))
        if result is None:
            st.stop()
        if len(seen) > 20:
            seen.clear()
        seen[key] = result
    return seen[key]


first = detected(None)
found = first
if first.kind != KIND_REGISTER and len(first.sheets) > 1:
    sheet = st.selectbox(ui.tr("importer.sheet"), first.sheets, index=first.sheets.index(first.sheet),
                         format_func=lambda s: ui.tr("importer.hidden_sheet", sheet=s) if s in first.hidden_sheets else s,
                         key=f"imp_sheet_{file_id}")
    if sheet != first.sheet:
        found = detected(sheet)

mapping: MappingSpec | None = None
create_missing = False
if found.kind == KIND_REGISTER:
    st.info(ui.tr("importer.kind.register", sheet=found.sheet), icon=":material/table_view:")
else:
    st.info(ui.tr("importer.kind.plain", sheet=found.sheet), icon=":material/table_view:")
    # Widgets are keyed by the headers, not the file: a corrected file with the same headers keeps the mapping.
    hkey = headers_key(found.header_names)
    saved_row = wb.settings.import_mapping(user, found.header_names)
    saved = MappingSpec.from_json(saved_row[0]) if saved_row else None
    if saved is not None:
        st.caption(ui.tr("importer.saved_mapping"))
    proposed = saved.columns if saved is not None else propose_mapping(found.visible_header_names)
    if found.hidden_headers:  # never proposed; the coordinator may still choose one
        st.caption(ui.tr("importer.hidden_columns", n=len(found.hidden_headers),
                         names=", ".join(f"'{h}'" for h in found.hidden_headers)))
    none = ui.tr("importer.not_in_file")
    options = ["", *dict.fromkeys(found.header_names)]  # "": the field is not in the file
    columns: dict[str, str] = {}
    with st.container(border=True):
        st.subheader(ui.tr("importer.mapping"))
        st.caption(ui.tr("importer.mapping_help"))
        cols = ui.wrapping_columns(f"imp_map_{hkey}", 200, 200, 200)
        for i, fld in enumerate(PLAIN_FIELDS):
            label = ui.tr(f"importer.field.{fld}")
            if fld in REQUIRED_FIELDS:
                label = ui.tr("importer.required", field=label)
            guess = proposed.get(fld)
            chosen = cols[i % 3].selectbox(label, options, index=options.index(guess) if guess in options else 0,
                                           format_func=lambda h, none=none: h or none,
                                           key=f"imp_map_{hkey}_{fld}")
            if chosen:
                columns[fld] = chosen
        create_missing = st.checkbox(ui.tr("importer.create_missing"), help=ui.tr("importer.create_missing_help"),
                                     key=f"imp_create_{hkey}")
        defaults: dict[str, str] = {}
        lacking = [f for f in DEFAULT_FIELDS if f not in columns]
        if lacking:
            st.markdown(f"**{ui.tr('importer.defaults')}**", help=ui.tr("importer.defaults_help"))
            dcols = ui.wrapping_columns(f"imp_defaults_{hkey}", *[200] * len(lacking))
            for col, fld in zip(dcols, lacking, strict=True):
                given = (saved.defaults.get(fld, "") if saved else "")
                if fld == "classification":
                    # labels in this run's language (a format_func called later may not know the session's)
                    labels = {"": ui.tr("importer.no_default"),
                              **{c: ui.vl("classification", c) for c in CLASSIFICATION_LABELS}}
                    opts = list(labels)
                    value = col.selectbox(ui.tr(f"importer.default.{fld}"), opts,
                                          index=opts.index(given) if given in opts else 0,
                                          format_func=labels.get, key=f"imp_def_{hkey}_{fld}")
                else:
                    value = col.text_input(ui.tr(f"importer.default.{fld}"), value=given, max_chars=200,
                                           key=f"imp_def_{hkey}_{fld}")
                if value and value.strip():
                    defaults[fld] = value.strip()
        consequence_to = "harms"
        if "consequence" in columns:
            opts = list(CONSEQUENCE_TO)
            was = saved.consequence_to if saved else ""
            consequence_to = st.radio(ui.tr("importer.consequence_to"), opts,
                                      index=opts.index(was) if was in opts else None,
                                      format_func=lambda o: ui.tr(f"importer.consequence_to.{o}"),
                                      key=f"imp_cons_{hkey}") or ""
    confirmed = st.session_state.get(f"imp_conv_{hkey}")
    if confirmed is None and saved is not None:
        confirmed = saved.conversions
    mapping = MappingSpec(columns=columns, conversions=confirmed or {}, defaults=defaults,
                          consequence_to=consequence_to)

signature = (file_id, found.sheet, mapping.to_json() if mapping else "", create_missing)


def _progress(bar, label: str):
    da = ui.lang() == "da"
    return lambda fraction, message: bar.progress(min(1.0, max(0.0, fraction)), text=message if da else label)


if st.button(ui.tr("importer.check"), icon=":material/rule:", key="imp_check"):
    bar = st.progress(0.0, text=ui.tr("importer.checking"))
    plan = ui.attempt(lambda: plan_import(wb, user, book, sheet=found.sheet, mapping=mapping,
                                          create_missing=create_missing,
                                          progress=_progress(bar, ui.tr("importer.checking"))))
    bar.empty()
    if plan is None:
        st.session_state.pop("imp_plan", None)
    else:
        st.session_state["imp_plan"] = (signature, plan)

stored = st.session_state.get("imp_plan")
if stored is None or stored[0] != signature:  # not checked yet, or the mapping changed since
    st.stop()
plan = stored[1]


def shown(fld: str, value) -> str:
    if value is None or value == "":
        return ""
    if fld == "treatment":
        return ui.vl("treatment", value)
    if fld == "consequence_source":
        return t(f"importer.source.{value}", ui.lang())
    if isinstance(value, (date, datetime)):
        return fmt_date(value if not isinstance(value, datetime) else value.date())
    return str(value)


if plan.skipped:
    with st.expander(f"{ui.tr('importer.skipped')} ({len(plan.skipped)})"):
        st.dataframe(pd.DataFrame([{"row": r, "why": ui.tr(f"importer.skip.{why}")} for r, why in plan.skipped]),
                     hide_index=True, width="stretch",
                     column_config={"row": st.column_config.NumberColumn(ui.tr("importer.col.row"), format="%d"),
                                    "why": ui.tr("importer.col.why")}, placeholder="")
if plan.proposals and mapping is not None:
    with st.container(border=True):
        st.subheader(ui.tr("importer.conversions"))
        st.caption(ui.tr("importer.conversions_help"))
        table = pd.DataFrame([{"field": ui.tr(f"importer.field.{fld}"), "value": value,
                               "converted": "" if target is None else str(target), "_field": fld}
                              for fld, conv in plan.proposals.items() for value, target in conv.items()])
        edited = st.data_editor(
            table, hide_index=True, width="stretch", disabled=["field", "value"], key=f"imp_conv_edit_{file_id}",
            column_order=["field", "value", "converted"],
            column_config={"field": ui.tr("importer.col.field"), "value": ui.tr("importer.col.value"),
                           "converted": ui.tr("importer.col.converted")},
                           placeholder="",
        )
        if st.button(ui.tr("importer.conversions_confirm"), icon=":material/check:", key="imp_conv_confirm"):
            conversions: dict[str, dict] = {}
            for _, r in edited.iterrows():
                text = str(r["converted"] or "").strip()
                target = int(text) if r["_field"] in SCORE_FIELDS and text.isdigit() else (text or None)
                conversions.setdefault(r["_field"], {})[r["value"]] = target
            st.session_state[f"imp_conv_{headers_key(found.header_names)}"] = conversions
            mapping.conversions = conversions
            plan = ui.attempt(lambda: plan_import(wb, user, book, sheet=found.sheet, mapping=mapping,
                                                  create_missing=create_missing))
            if plan is not None:
                st.session_state["imp_plan"] = ((file_id, found.sheet, mapping.to_json(), create_missing), plan)
            st.rerun()
if plan.problems:
    n = len(plan.problems)
    st.error(ui.tr("importer.problems.one") if n == 1 else ui.tr("importer.problems", n=n), icon=":material/error:")
    with st.container(border=True):
        st.markdown(f"**{ui.tr('importer.problem_groups')}**")
        for group in problem_groups(plan.problems, ui.lang()):
            st.markdown(f"- {ui.md(group)}")
    st.caption(ui.tr("importer.problem_pick"))
    picked = st.dataframe(
        pd.DataFrame([{"sheet": p.sheet, "row": p.row, "column": p.column or "", "problem": p.said(ui.lang())}
                      for p in plan.problems]),
        hide_index=True, width="stretch", on_select="rerun", selection_mode="single-row",
        key=f"imp_problems_{file_id}",
        column_config={"sheet": st.column_config.TextColumn(ui.tr("importer.col.sheet"), width="small"),
                       "row": st.column_config.NumberColumn(ui.tr("importer.col.row"), format="%d", width="small"),
                       "column": st.column_config.TextColumn(ui.tr("importer.col.column"), width="small"),
                       "problem": st.column_config.TextColumn(ui.tr("importer.col.problem"), width="large")},
        placeholder="",
    )
    rows = picked.selection.rows if picked else []
    if rows and rows[0] < len(plan.problems):  # a long problem is cut in the table: the whole text below it
        chosen = plan.problems[rows[0]]
        st.error(ui.md(chosen.text(ui.lang())), icon=":material/error:")
if plan.warnings:
    with st.container(border=True):
        st.markdown(f"**{ui.tr('importer.warnings')}**")
        for w in plan.warnings:
            st.warning(ui.md(w.text(ui.lang())), icon=":material/info:")
if plan.problems:
    st.stop()

if plan.empty:
    st.success(ui.tr("importer.nothing", rows=plan.rows), icon=":material/check_circle:")
    st.stop()

st.caption(ui.tr("importer.summary", rows=plan.rows, changes=len(plan.changes), lines=plan.lines_changed,
                 added=plan.lines_added, systems=len(plan.new_systems)))
with ui.row():
    st.metric(ui.tr("importer.metric.changes"), len(plan.changes))
    st.metric(ui.tr("importer.metric.lines"), plan.lines_changed)
    st.metric(ui.tr("importer.metric.added"), plan.lines_added)
    st.metric(ui.tr("importer.metric.systems"), len(plan.new_systems))

if plan.new_systems:
    st.subheader(ui.tr("importer.new_systems"))
    st.dataframe(
        pd.DataFrame([{"row": s.row, "name": s.name, "department": s.department, "owner": s.owner,
                       "classification": ui.vl("classification", s.classification)} for s in plan.new_systems]),
        hide_index=True, width="stretch",
        column_config={"row": st.column_config.NumberColumn(ui.tr("importer.col.row"), format="%d"),
                       "name": ui.tr("importer.col.name"), "department": ui.tr("importer.col.department"),
                       "owner": ui.tr("importer.col.owner"), "classification": ui.tr("importer.col.classification")},
                       placeholder="",
    )
if plan.new_assessments:
    st.caption(ui.tr("importer.new_assessments", names=", ".join(plan.new_assessments)))

if plan.shortened:
    st.subheader(ui.tr("importer.shortened"))
    st.dataframe(pd.DataFrame([{"row": r, "short": short, "full": full} for r, short, full in plan.shortened]),
                 hide_index=True, width="stretch",
                 column_config={"row": st.column_config.NumberColumn(ui.tr("importer.col.row"), format="%d"),
                                "short": ui.tr("importer.col.short"), "full": ui.tr("importer.col.full")}, placeholder="")

st.subheader(ui.tr("importer.preview"))
rows = []
for c in plan.changes:
    if c.field == "threat":  # table cells are plain text: no markdown escaping (t, not ui.tr)
        after = (t("importer.added_catalogue", ui.lang(), code=c.after) if c.added == "catalogue"
                 else t("importer.added_custom", ui.lang()))
    else:
        after = shown(c.field, c.after)
    rows.append({"row": c.row, "system": c.system, "threat": c.threat, "field": ui.tr(f"importer.field.{c.field}"),
                 "before": shown(c.field, c.before), "after": after})
st.dataframe(
    pd.DataFrame(rows), hide_index=True, width="stretch",
    column_config={"row": st.column_config.NumberColumn(ui.tr("importer.col.row"), format="%d"),
                   "system": ui.tr("importer.col.system"), "threat": ui.tr("importer.col.threat"),
                   "field": ui.tr("importer.col.field"), "before": ui.tr("importer.col.before"),
                   "after": ui.tr("importer.col.after")},
                   placeholder="",
)

apply_label = ui.tr("importer.apply.one") if len(plan.changes) == 1 else ui.tr("importer.apply", n=len(plan.changes))
if st.button(apply_label, type="primary", icon=":material/upload:", key="imp_apply"):
    bar = st.progress(0.0, text=ui.tr("importer.importing"))
    result = ui.attempt(lambda: apply_import(wb, user, plan, progress=_progress(bar, ui.tr("importer.importing"))))
    bar.empty()
    st.session_state.pop("imp_plan", None)  # applied or refused: either way the file must be checked again
    if result is not None:
        if plan.kind != KIND_REGISTER and mapping is not None:  # offered again for the next file with these headers
            before = wb.settings.import_mapping(user, found.header_names)
            spec = MappingSpec(columns=plan.mapping, conversions=mapping.conversions, defaults=mapping.defaults,
                               consequence_to=mapping.consequence_to, headers=found.header_names)
            ui.attempt(lambda: wb.settings.save_import_mapping(user, found.header_names, spec.to_json(),
                                                                before[1] if before else 0))
        st.session_state.pop("imp_book", None)
        st.session_state["imp_round"] = st.session_state.get("imp_round", 0) + 1
        ui.flash(ui.tr("importer.done", changes=result.changes, lines=result.lines_changed, added=result.lines_added,
                       systems=result.systems_created))
        st.rerun()
