"""Indstillinger: the municipality's name, its risk matrix and the default language."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from pages import ui
from riskmodel.domain.scales import presets
from riskmodel.i18n import LANGUAGES
from riskmodel.reports.charts import legend_frame, matrix_figure

wb = ui.workbench()
user = ui.actor()
lang = ui.lang()

st.title(ui.tr("settings.title"))
ui.show_flash()

name, name_version = wb.settings.get(user, "municipality")
with st.form("municipality"):
    new_name = st.text_input(ui.tr("settings.municipality"), value=name, max_chars=120)
    if st.form_submit_button(ui.tr("systems.save")) and ui.attempt(
        lambda: wb.settings.set_municipality(user, new_name, name_version)
    ):
        ui.flash(ui.tr("settings.saved"))
        st.rerun()

st.subheader(ui.tr("settings.matrix"))
st.caption(ui.tr("settings.matrix_help"))
current_id, preset_version = wb.settings.get(user, "preset")
all_presets = presets()
choice = st.radio(
    ui.tr("settings.matrix"),
    list(all_presets),
    index=list(all_presets).index(current_id),
    format_func=lambda p: all_presets[p].name(lang),
    captions=[p.description(lang) for p in all_presets.values()],
    label_visibility="collapsed",
    key="preset_choice",
)
chosen = all_presets[choice]
c1, c2 = ui.matrix_and_legend()
c1.plotly_chart(
    matrix_figure(chosen, {}, lang, chosen.name(lang), height=380, compact=True),
    key="preset_preview",
    config={"displayModeBar": False},
)
with c2:
    ui.legend_table(legend_frame(chosen, lang))
if choice != current_id:
    ok, why = wb.settings.can_choose(choice, lang)
    if not ok:
        st.warning(why, icon=":material/warning:")
    else:
        change = wb.settings.preview_preset(user, choice)
        st.markdown(ui.tr("settings.change_summary", cells=len(change.cells), lines=change.lines, scored=change.scored))
        if change.cells:
            now = change.current
            st.dataframe(
                pd.DataFrame([{
                    ui.tr("settings.col_likelihood"): f"{c.likelihood} {now.likelihood_step(c.likelihood).label(lang)}",
                    ui.tr("settings.col_consequence"): f"{c.consequence} {now.consequence_step(c.consequence).label(lang)}",
                    ui.tr("settings.col_before"): c.before.label(lang),
                    ui.tr("settings.col_after"): c.after.label(lang),
                    ui.tr("settings.col_inherent"): c.inherent,
                    ui.tr("settings.col_residual"): c.residual,
                } for c in change.cells]),
                hide_index=True, key="preset_moves",
                placeholder="",
            )
    if ok and st.button(ui.tr("settings.use_matrix", name=chosen.name(lang)), type="primary"):
        if ui.attempt(lambda: wb.settings.set_preset(user, choice, preset_version)):
            ui.flash(ui.tr("settings.matrix_saved", name=chosen.name(lang)))
            st.rerun()
else:
    st.caption(ui.tr("settings.matrix_current"))

st.subheader(ui.tr("settings.language"))
lang_value, lang_version = wb.settings.get(user, "language")
default_lang = st.selectbox(
    ui.tr("settings.language_default"), list(LANGUAGES), index=list(LANGUAGES).index(lang_value), format_func=LANGUAGES.get
)
if default_lang != lang_value and st.button(ui.tr("systems.save"), key="save_lang"):
    if ui.attempt(lambda: wb.settings.set_language(user, default_lang, lang_version)):
        ui.flash(ui.tr("settings.saved"))
        st.rerun()
st.caption(ui.tr("settings.db", path=str(wb.db.path), version=wb.db.schema_version()))
