"""Trusselskatalog: the municipality's threat catalogue. Add, edit, hide.

Assessments keep a copy of the threats they use, so nothing here changes an
assessment already made.
"""

from __future__ import annotations

import streamlit as st

from pages import ui
from riskmodel.model import THREAT_TAGS, ThreatInput

wb = ui.workbench()
user = ui.actor()

st.title(ui.tr("catalogue.title"))
st.caption(ui.tr("catalogue.intro"))
ui.show_flash()


def threat_form(key: str, initial: ThreatInput, submit: str) -> ThreatInput | None:
    cats = wb.catalogue.categories()
    with st.form(key):
        c1, c2 = st.columns([1, 2])
        category = c1.selectbox(
            ui.tr("catalogue.f.category"),
            cats,
            accept_new_options=True,
            index=cats.index(initial.category) if initial.category in cats else None,
        )
        title = c2.text_input(ui.tr("catalogue.f.title"), value=initial.title, max_chars=200)
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
        )
        if not st.form_submit_button(submit, type="primary"):
            return None
    return ThreatInput(
        category=category or "", title=title, description=description, harms_c=hc, harms_i=hi, harms_a=ha, tags=tags
    )


c1, c2, c3 = st.columns([2, 3, 1])
cat_filter = c1.multiselect(ui.tr("catalogue.f.category"), wb.catalogue.categories(), placeholder=ui.tr("ui.choose"))
search = c2.text_input(ui.tr("systems.search"), key="cat_search")
show_hidden = c3.checkbox(ui.tr("catalogue.show_hidden"))

can_edit = ui.can("catalogue.write")
if can_edit:
    with st.expander(ui.tr("catalogue.new"), icon=":material/add:"):
        new = threat_form("new_threat", ThreatInput(category="", title=""), ui.tr("catalogue.create"))
        if new is not None and ui.attempt(lambda: wb.catalogue.create(user, new)):
            ui.flash(ui.tr("catalogue.created", title=new.title))
            st.rerun()

df = wb.catalogue.list(include_hidden=show_hidden)
if cat_filter:
    df = df[df["category"].isin(cat_filter)]
if search.strip():
    s = search.strip().lower()
    df = df[df["title"].str.lower().str.contains(s, regex=False) | df["description"].str.lower().str.contains(s, regex=False)]
df = df.reset_index(drop=True)
st.caption(ui.tr("catalogue.count", n=len(df)))
view = df.assign(
    fit=df.apply(lambda r: "".join(x for x, on in (("F", r.harms_c), ("I", r.harms_i), ("T", r.harms_a)) if on), axis=1),
    hidden_txt=df["hidden"].map(lambda h: ui.tr("catalogue.hidden") if h else ""),
)[["code", "category", "title", "fit", "hidden_txt"]]
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
        "hidden_txt": ui.tr("catalogue.col.status"),
    },
)
if can_edit and picked and picked.selection.rows:
    row = df.iloc[picked.selection.rows[0]]
    threat = wb.catalogue.get(int(row["id"]))
    st.subheader(ui.tr("catalogue.edit", code=threat.code))
    edited = threat_form(f"edit_threat_{threat.id}_{threat.version}", threat, ui.tr("systems.save"))
    if edited is not None and ui.attempt(lambda: wb.catalogue.update(user, threat.id, threat.version, edited)):
        ui.flash(ui.tr("catalogue.saved", title=edited.title))
        st.rerun()
    label = ui.tr("catalogue.unhide") if threat.hidden else ui.tr("catalogue.hide")
    if st.button(label, key=f"hide_{threat.id}", help=ui.tr("catalogue.hide_help")):
        if ui.attempt(lambda: wb.catalogue.set_hidden(user, threat.id, threat.version, not threat.hidden)):
            ui.flash(ui.tr("catalogue.hidden_done" if not threat.hidden else "catalogue.unhidden_done", title=threat.title))
            st.rerun()
