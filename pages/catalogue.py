"""Trusselskatalog: the municipality's threat catalogue. Add, edit, hide.

Assessments keep a copy of the threats they use, so nothing here changes an
assessment already made.
"""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from pages import ui
from pages.ui.draft_keeper import draft_kept, new_store
from riskmodel.domain import annex_a
from riskmodel.domain.model import THREAT_TAGS, ThreatInput
from riskmodel.formats import catalogue as catalogue_file
from riskmodel.locale.threats import (
    threat_category,
    threat_description,
    threat_descriptions,
    threat_title,
    threat_titles,
)
from riskmodel.services import catalogue_exchange

wb = ui.workbench()
user = ui.actor()

st.title(ui.tr("catalogue.title"))
st.caption(ui.tr("catalogue.intro"))
ui.show_flash()

CONTROL_IDS = [c.id for c in annex_a.controls()]


def threat_form(key: str, initial: ThreatInput, submit: str, draft: tuple[str, str]) -> ThreatInput | None:
    """The threat's fields in a form; returns the input when submitted. ``draft``: (scope, store) under which a
    half-typed description is kept in this browser across a reload (pages/ui/draft_keeper.py)."""
    cats = wb.catalogue.categories(user)
    with st.form(key):
        c1, c2 = st.columns([1, 2])
        category = c1.selectbox(
            ui.tr("catalogue.f.category"),
            cats,
            accept_new_options=True,
            format_func=lambda c: threat_category(c, ui.lang()),  # the stored (Danish) category is the value
            index=cats.index(initial.category) if initial.category in cats else None,
        )
        title = c2.text_input(ui.tr("catalogue.f.title"), value=initial.title, max_chars=200)
        with draft_kept(*draft):
            description = st.text_area(ui.tr("catalogue.f.description"), value=initial.description, height=80)
        h1, h2, h3 = st.columns(3)
        hc = h1.checkbox(ui.vl("dimension", "c"), value=initial.harms_c)
        hi = h2.checkbox(ui.vl("dimension", "i"), value=initial.harms_i)
        ha = h3.checkbox(ui.vl("dimension", "a"), value=initial.harms_a)
        tags = st.multiselect(
            ui.tr("catalogue.f.tags"),
            THREAT_TAGS,
            placeholder=ui.tr("ui.choose"),
            default=initial.tags,
            format_func=lambda v: ui.tr(f"catalogue.tag.{v}"),
            help=ui.tr("catalogue.f.tags_help"),
            select_all=False,
        )
        current = list(initial.controls or [])
        controls = st.multiselect(
            ui.tr("catalogue.f.controls"),
            CONTROL_IDS + [c for c in current if c not in CONTROL_IDS],  # an old id stays visible, the save refuses it
            placeholder=ui.tr("ui.choose"),
            default=current,
            format_func=lambda cid: annex_a.title_of(cid, ui.lang()),
            help=ui.tr("catalogue.f.controls_help"),
            select_all=False,
        )
        if not st.form_submit_button(submit, type="primary"):
            return None
    return ThreatInput(
        category=category or "", title=title, description=description, harms_c=hc, harms_i=hi, harms_a=ha, tags=tags,
        controls=controls,
    )


def catalogue_tab() -> None:
    c1, c2, c3 = ui.wrapping_columns("cat_filters", 200, 240, 140)
    cat_filter = c1.multiselect(ui.tr("catalogue.f.category"), wb.catalogue.categories(user), placeholder=ui.tr("ui.choose"),
                                format_func=lambda c: threat_category(c, ui.lang()), select_all=False)
    search = c2.text_input(ui.tr("systems.search"), key="cat_search")
    show_hidden = c3.checkbox(ui.tr("catalogue.show_hidden"))

    can_edit = ui.can("catalogue.write")
    if can_edit:
        with st.expander(ui.tr("catalogue.new"), icon=":material/add:"):
            new = threat_form("new_threat", ThreatInput(category="", title=""), ui.tr("catalogue.create"),
                              ("catnew", new_store(len(wb.catalogue.list(user, include_hidden=True)))))
            if new is not None and ui.attempt(lambda: wb.catalogue.create(user, new)):
                ui.flash(ui.tr("catalogue.created", title=new.title))
                st.rerun()

    df = wb.catalogue.list(user, include_hidden=show_hidden)
    if cat_filter:
        df = df[df["category"].isin(cat_filter)]
    if search.strip():
        s = search.strip().lower()
        # The stored (Danish) title and description and, in English mode, the English ones of a seeded threat
        texts = zip(df["code"], df["title"], df["description"].fillna(""),
                    threat_titles(df["code"], df["title"], ui.lang()),
                    threat_descriptions(df["code"], df["description"].fillna(""), ui.lang()), strict=True)
        df = df[[any(s in t.lower() for t in row) for row in texts]]
    df = df.reset_index(drop=True)
    st.caption(ui.tr("catalogue.count", n=len(df)))
    if df.empty:  # an empty table shows Streamlit's English "empty"
        st.info(ui.tr("catalogue.none_found"), icon=":material/search_off:")
        return  # (not st.stop(): the exchange tab is drawn after this one)
    letters = ui.tr("catalogue.letters")  # F/I/T in Danish, C/I/A in English
    view = df.assign(
        fit=df.apply(lambda r: "".join(x for x, on in zip(letters, (r.harms_c, r.harms_i, r.harms_a), strict=True)
                                       if on), axis=1),
        hidden_txt=df["hidden"].map(lambda h: ui.tr("catalogue.hidden") if h else ""),
        controls_txt=df["controls"].map(lambda ids: ", ".join(ids)),
        category=df["category"].map(lambda c: threat_category(c, ui.lang())),
        title=threat_titles(df["code"], df["title"], ui.lang()),
    )[["code", "category", "title", "fit", "controls_txt", "hidden_txt"]]
    picked = st.dataframe(
        view,
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="single-row",
        key=ui.table_key("catalogue_table", df["id"]),
        column_config={
            "code": ui.tr("assess.col.code"),
            "category": ui.tr("catalogue.f.category"),
            "title": ui.tr("catalogue.f.title"),
            "fit": ui.tr("catalogue.col.fit"),
            "controls_txt": ui.tr("catalogue.col.controls"),
            "hidden_txt": ui.tr("catalogue.col.status"),
        },
        placeholder="",
    )
    if can_edit and picked and picked.selection.rows:
        row = df.iloc[picked.selection.rows[0]]
        threat = wb.catalogue.get(user, int(row["id"]))
        st.subheader(ui.tr("catalogue.edit", code=threat.code))
        english = (threat_title(threat.code, threat.title, "en"), threat_description(threat.code, threat.description, "en"))
        if ui.lang() == "en" and english != (threat.title, threat.description):  # a seeded threat as yet unchanged
            st.caption(ui.tr("catalogue.english", title=english[0], description=english[1] or ""))
        edited = threat_form(f"edit_threat_{threat.id}_{threat.version}", threat, ui.tr("systems.save"),
                             (f"cat{threat.id}", str(threat.version)))
        if edited is not None and ui.attempt(lambda: wb.catalogue.update(user, threat.id, threat.version, edited)):
            ui.flash(ui.tr("catalogue.saved", title=edited.title))
            st.rerun()
        label = ui.tr("catalogue.unhide") if threat.hidden else ui.tr("catalogue.hide")
        if st.button(label, key=f"hide_{threat.id}", help=ui.tr("catalogue.hide_help")):
            if ui.attempt(lambda: wb.catalogue.set_hidden(user, threat.id, threat.version, not threat.hidden)):
                ui.flash(ui.tr("catalogue.hidden_done" if not threat.hidden else "catalogue.unhidden_done",
                               title=threat_title(threat.code, threat.title, ui.lang())))
                st.rerun()


# -- exchange with other municipalities (the coordinator's) ------------------------------
PREVIEW = "cat_x_preview"  # {"sig": the file's fingerprint, "exchange": Exchange, "diff": CatalogueDiff}
UPLOADS = "cat_x_uploads"  # bumped after an import: a new uploader key empties the upload field


def _shown(value) -> str:
    """A field value as the preview shows it: ja/nej, lists joined."""
    if isinstance(value, bool):
        return ui.tr("catalogue.x.yes") if value else ui.tr("catalogue.x.no")
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)


def _fit(t: dict) -> str:
    return "".join(x for x, key in (("F", "harms_c"), ("I", "harms_i"), ("T", "harms_a")) if t[key])


def _preset_section(held: dict) -> None:
    cmp = held["diff"].preset
    parts = ", ".join(ui.tr(f"catalogue.x.part.{p}") for p in cmp.differences)
    st.markdown("**" + ui.tr("catalogue.x.preset_title") + "**")
    if cmp.status == "same":
        st.success(ui.tr("catalogue.x.preset.same", file=cmp.file_name), icon=":material/check_circle:")
    elif cmp.status == "differs":
        st.warning(ui.tr("catalogue.x.preset.differs", file=cmp.file_name, parts=parts), icon=":material/warning:")
    elif cmp.status == "unknown":
        st.warning(ui.tr("catalogue.x.preset.unknown", file=cmp.file_name, id=cmp.file_id, local=cmp.local_name),
                   icon=":material/warning:")
    else:  # another preset that exists here: switching is a setting, through the settings service
        st.info(ui.tr("catalogue.x.preset.other", file=cmp.file_name, local=cmp.local_name), icon=":material/info:")
        if cmp.differences:
            st.caption(ui.tr("catalogue.x.preset.other_differs", file=cmp.file_name, parts=parts))
        if not cmp.can_switch:
            st.caption(ui.tr("catalogue.x.preset.cannot_switch", why=cmp.why_not))
        elif ui.can("settings.write") and st.button(ui.tr("catalogue.x.switch", name=cmp.file_name), key="cat_x_switch"):
            version = wb.settings.get(user, "preset")[1]
            if ui.attempt(lambda: wb.settings.set_preset(user, cmp.file_id, version)):
                held["diff"] = catalogue_exchange.preview(wb, user, held["exchange"])
                ui.flash(ui.tr("catalogue.x.switched", name=cmp.file_name))
                st.rerun()


def _show_preview(held: dict) -> None:
    exchange, diff = held["exchange"], held["diff"]
    when = exchange.exported_on()
    st.markdown(ui.tr("catalogue.x.from", municipality=exchange.municipality or "?",
                      date=ui.when(when) if when else exchange.exported_at or "?"))
    figures = ui.row()
    for key, n in zip(("new", "changed", "unchanged", "absent"),
                      (len(diff.new), len(diff.changed), len(diff.unchanged), len(diff.absent)), strict=True):
        figures.metric(ui.tr(f"catalogue.x.m.{key}"), n)

    if diff.new:
        st.markdown("**" + ui.tr("catalogue.x.new_title", n=len(diff.new)) + "**")
        st.dataframe(
            pd.DataFrame([{"code": t["code"], "category": t["category"], "title": t["title"], "fit": _fit(t),
                           "controls": ", ".join(t["controls"]), "hidden": _shown(t["hidden"])} for t in diff.new]),
            hide_index=True, width="stretch",
            column_config={"code": ui.tr("assess.col.code"), "category": ui.tr("catalogue.f.category"),
                           "title": ui.tr("catalogue.f.title"), "fit": ui.tr("catalogue.col.fit"),
                           "controls": ui.tr("catalogue.col.controls"), "hidden": ui.tr("catalogue.hidden")},
                           placeholder="",
        )
    if diff.changed:
        st.markdown("**" + ui.tr("catalogue.x.changed_title", n=len(diff.changed)) + "**")
        st.dataframe(
            pd.DataFrame([{"code": ch.code, "title": ch.title, "field": ui.tr(f"catalogue.x.field.{c.field}"),
                           "before": _shown(c.before), "after": _shown(c.after)}
                          for ch in diff.changed for c in ch.changes]),
            hide_index=True, width="stretch",
            column_config={"code": ui.tr("assess.col.code"), "title": ui.tr("catalogue.f.title"),
                           "field": ui.tr("catalogue.x.col.field"), "before": ui.tr("catalogue.x.col.before"),
                           "after": ui.tr("catalogue.x.col.after")},
                           placeholder="",
        )
        own = [ch.code for ch in diff.changed if ch.code.startswith("EGN-") and "title" in ch.after]
        if own:
            st.warning(ui.tr("catalogue.x.own_code", codes=", ".join(own)), icon=":material/warning:")
    if diff.absent:
        st.caption(ui.tr("catalogue.x.absent_note", n=len(diff.absent)))
    _preset_section(held)

    if not diff.new and not diff.changed:
        st.success(ui.tr("catalogue.x.nothing"), icon=":material/check_circle:")
        return
    include = True
    if diff.changed:
        include = st.checkbox(ui.tr("catalogue.x.include_changed"), value=True, key="cat_x_include",
                              help=ui.tr("catalogue.x.include_changed_help"))
    n_new, n_changed = len(diff.new), len(diff.changed) if include else 0
    if st.button(ui.tr("catalogue.x.import", new=n_new, changed=n_changed), type="primary", key="cat_x_import",
                 disabled=not (n_new or n_changed)):
        result = ui.attempt(lambda: catalogue_exchange.apply(wb, user, exchange, include_changed=include, expected=diff))
        if result:
            added, updated = result
            st.session_state.pop(PREVIEW, None)
            st.session_state[UPLOADS] = st.session_state.get(UPLOADS, 0) + 1
            ui.flash(ui.tr("catalogue.x.imported", municipality=exchange.municipality or "?", new=added, changed=updated))
            st.rerun()


def exchange_tab() -> None:
    st.caption(ui.tr("catalogue.x.intro"))
    st.markdown("**" + ui.tr("catalogue.x.export") + "**")
    municipality = wb.settings.municipality()
    buttons = ui.row()  # each button keeps its whole label (st.columns cut "Download the catalog…" at 1280 px)
    for fmt, label in (("xlsx", "catalogue.x.download_xlsx"), ("json", "catalogue.x.download_json")):
        buttons.download_button(
            ui.tr(label),
            # Built when clicked (a deferred download), not on every run of the page.
            data=lambda fmt=fmt: catalogue_exchange.export_catalogue(wb, user, fmt),
            file_name=catalogue_file.file_name(municipality, fmt),
            mime=catalogue_file.MIME[fmt],
            icon=":material/download:",
            key=f"cat_x_download_{fmt}",
            on_click="ignore",
        )

    st.markdown("**" + ui.tr("catalogue.x.import_title") + "**")
    upload = st.file_uploader(
        ui.tr("catalogue.x.upload"), type=["xlsx", "json"], key=f"cat_x_file_{st.session_state.get(UPLOADS, 0)}",
        max_upload_size=catalogue_file.MAX_BYTES // catalogue_file.MB, help=ui.tr("catalogue.x.upload_help"),
    )
    if upload is None:
        st.session_state.pop(PREVIEW, None)
        return
    data = upload.getvalue()
    sig = (upload.name, hashlib.sha256(data).hexdigest())
    held = st.session_state.get(PREVIEW)
    if held is not None and held["sig"] != sig:  # another file: its differences are not shown yet
        st.session_state.pop(PREVIEW, None)
    if st.button(ui.tr("catalogue.x.show_diff"), key="cat_x_show", icon=":material/difference:"):
        st.session_state.pop(PREVIEW, None)
        exchange = ui.attempt(lambda: catalogue_file.read_catalogue(data, upload.name))
        if exchange is not None:
            diff = ui.attempt(lambda: catalogue_exchange.preview(wb, user, exchange))
            if diff is not None:
                st.session_state[PREVIEW] = {"sig": sig, "exchange": exchange, "diff": diff}
    held = st.session_state.get(PREVIEW)
    if held is not None:
        _show_preview(held)


if ui.can("catalogue.write"):
    tab_catalogue, tab_exchange = st.tabs([ui.tr("catalogue.tab.catalogue"), ui.tr("catalogue.tab.exchange")],
                                          key="cat_tabs")
    with tab_catalogue:
        catalogue_tab()
    with tab_exchange:
        exchange_tab()
else:
    catalogue_tab()
