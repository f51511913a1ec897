# Size: the plan (filters, sort, table), a measure's pane (edits kept until saved, residual review), Annex A coverage: one page.
"""Handlingsplan: every planned measure across systems and processing activities, with owner,
deadline, status and the ISO 27001:2013 Annex A controls it implements; overdue measures flagged;
a measure marked done asks for its residual scores to be reviewed.

The measure shown is kept in the address (``?linje=<risk line id>``), so a reload keeps it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pandas as pd
import streamlit as st

from pages import ui
from pages.ui.draft_keeper import draft_kept
from pages.ui.unsaved import Unsaved
from riskmodel.domain import annex_a, dpia
from riskmodel.domain.dates import fmt_date
from riskmodel.domain.review import MEASURE_STATUSES
from riskmodel.locale.threats import threat_label

wb = ui.workbench()
user = ui.actor()
lang = ui.lang()
today = ui.today()
PRESETS = {"org": wb.settings.preset(), "ds": dpia.ds_preset()}
PARAM = "linje"
LENSES = ("org", "ds")

st.title(ui.tr("nav.treatment"))
st.caption(ui.tr("treatment.intro"))
ui.show_flash()


def status_label(code: str) -> str:
    return ui.vl("measure_status", code)


def lens_label(lens: str) -> str:
    return ui.tr(f"treatment.lens.{lens}")


def control_label(cid: str) -> str:
    try:
        return f"{cid} · {annex_a.control(cid).title(lang)}"
    except KeyError:
        return cid


def level_label(lens: str, index) -> str:
    if index is None or pd.isna(index):
        return ""
    return PRESETS[lens].levels[int(index)].label(lang)


def open_line(line_id: int | None) -> None:
    if line_id is None:
        st.query_params.pop(PARAM, None)
    else:
        st.query_params[PARAM] = str(line_id)


DOMAINS = annex_a.domains()
DOMAIN_TITLE = {d["id"]: d["en" if lang == "en" else "da"] for d in DOMAINS}
CONTROL_IDS = [c.id for c in annex_a.controls()]
DOMAIN_OF = {c.id: c.domain for c in annex_a.controls()}
STATUS_ORDER = {s: i for i, s in enumerate(MEASURE_STATUSES)}  # planned, in progress, done, postponed

plan = wb.treatment.plan(user, today)
plan["threat"] = plan["threat"].map(lambda s: threat_label(s, lang))  # a seeded threat's title in English
if plan.empty:
    st.info(ui.tr("treatment.none"))
    st.stop()

# -- key figures ---------------------------------------------------------------------------------
with ui.row():
    st.metric(ui.tr("treatment.m.total"), len(plan))
    st.metric(ui.tr("treatment.m.overdue"), int(plan["overdue"].sum()))
    st.metric(ui.tr("treatment.m.done"), int((plan["status"] == "gennemfoert").sum()))
    st.metric(ui.tr("treatment.m.review"), int(plan["residual_review"].sum()))

tab_plan, tab_annex = st.tabs([ui.tr("treatment.tab.plan"), ui.tr("treatment.tab.annex")])


# -- the plan ---------------------------------------------------------------------------------------
def filtered(df: pd.DataFrame) -> pd.DataFrame:
    f1, f2, f3 = ui.wrapping_columns("tp_filters", 220, 200, 200)
    search = f1.text_input(ui.tr("treatment.search"), placeholder=ui.tr("treatment.search_ph"), key="tp_search")
    statuses = f2.multiselect(ui.tr("treatment.f.status"), MEASURE_STATUSES, key="tp_status",
                              format_func=status_label, placeholder=ui.tr("ui.choose"), select_all=False)
    deps = f3.multiselect(ui.tr("treatment.f.department"), sorted(set(df["department"])), key="tp_deps",
                          placeholder=ui.tr("ui.choose"), select_all=False)
    g1, g2, g3 = ui.wrapping_columns("tp_filters2", 200, 240, 280)
    lenses = g1.multiselect(ui.tr("treatment.f.lens"), LENSES, key="tp_lens", format_func=lens_label,
                            placeholder=ui.tr("ui.choose"), select_all=False)
    domains = g2.multiselect(ui.tr("treatment.f.domain"), list(DOMAIN_TITLE), key="tp_domains",
                             format_func=lambda d: f"{d} · {DOMAIN_TITLE[d]}", placeholder=ui.tr("ui.choose"), select_all=False)
    only_overdue = g3.checkbox(ui.tr("treatment.f.only_overdue"), key="tp_overdue")
    only_review = g3.checkbox(ui.tr("treatment.f.only_review"), key="tp_review")
    no_control = g3.checkbox(ui.tr("treatment.f.no_control"), key="tp_nocontrol")

    needle = search.strip().casefold()
    if needle:
        hay = (df["entity_name"] + " " + df["department"] + " " + df["threat"] + " " + df["measure"] + " "
               + df["measure_owner"] + " " + df["controls"].map(" ".join)).str.casefold()
        df = df[hay.str.contains(needle, regex=False)]
    if statuses:
        df = df[df["status"].isin(statuses)]
    if deps:
        df = df[df["department"].isin(deps)]
    if lenses:
        df = df[df["lens"].isin(lenses)]
    if domains:
        wanted = set(domains)
        df = df[df["controls"].map(lambda cs: any(DOMAIN_OF.get(c) in wanted for c in cs))]
    if only_overdue:
        df = df[df["overdue"]]
    if only_review:
        df = df[df["residual_review"]]
    if no_control:
        df = df[df["controls"].map(len) == 0]
    return df


def _by(*cols: str, ascending=True):
    return lambda df: df.sort_values(list(cols), ascending=ascending, na_position="last", kind="stable",
                                     key=lambda c: c.map(STATUS_ORDER) if c.name == "status" else c)


SORTS = {  # the order of the whole plan; a missing deadline or residual level last
    "deadline": _by("deadline", "entity_name"),
    "deadline_desc": _by("deadline", "entity_name", ascending=[False, True]),
    "residual": _by("res_level", "deadline", ascending=[False, True]),
    "entity": _by("entity_name", "deadline"),
    "status": _by("status", "deadline"),
}


def plan_table(df: pd.DataFrame) -> None:
    shown = filtered(df)
    if shown.empty:
        st.info(ui.tr("ui.none_found"))
        return
    # The whole list in the order asked for, before it is cut into pages: a click on a heading sorts only the page
    # shown (found in Chromium: "Frist, newest first" showed 10-02-2026 on page 1 of 13 while 2027 deadlines existed).
    order = st.selectbox(ui.tr("ui.sort_by"), list(SORTS), format_func=lambda k: ui.tr(f"treatment.sort.{k}"),
                         key="tp_sort")
    shown = SORTS[order](shown)
    page = ui.pager(len(shown), "tp_page")
    part = shown.iloc[(page - 1) * ui.PAGE_SIZE : page * ui.PAGE_SIZE]
    view = pd.DataFrame(
        {
            "entity": part["entity_name"],
            "measure": part["measure"],
            "owner": part["measure_owner"],
            "deadline": pd.to_datetime(part["deadline"]),
            "flag": part["overdue"].map(lambda o: ui.tr("treatment.flag.overdue") if o else ""),
            "status": part["status"].map(status_label),
            "controls": part["controls"].map(", ".join),
            "residual": [level_label(ln, i) for ln, i in zip(part["lens"], part["res_level"], strict=True)],
            "review": part["residual_review"].map(lambda r: ui.tr("treatment.flag.review") if r else ""),
            "department": part["department"],
            "threat": part["threat"],
            "lens": part["lens"].map(lens_label),
        }
    )
    # The row's identity and status first, the system pinned: at 1280 px they are in view without scrolling
    # sideways; the measure's full text is in the pane below once the row is picked.
    picked = st.dataframe(
        view,
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="single-row",
        key=ui.table_key("tp_table", part["line_id"]),
        column_order=["entity", "measure", "status", "deadline", "flag", "review", "owner", "residual", "controls",
                      "department", "threat", "lens"],
        column_config={
            "entity": st.column_config.TextColumn(ui.tr("treatment.col.entity"), width=180, pinned=True),
            "measure": st.column_config.TextColumn(ui.tr("treatment.col.measure"), width=240),
            "owner": ui.tr("treatment.col.owner"),
            "deadline": st.column_config.DateColumn(ui.tr("treatment.col.deadline"), format="DD-MM-YYYY"),
            "flag": ui.tr("treatment.col.flag"),
            "status": ui.tr("treatment.col.status"),
            "controls": ui.tr("treatment.col.controls"),
            "residual": ui.tr("treatment.col.residual"),
            "review": ui.tr("treatment.col.review"),
            "department": ui.tr("treatment.col.department"),
            "threat": ui.tr("treatment.col.threat"),
            "lens": ui.tr("treatment.col.lens"),
        },
        placeholder="",
    )
    st.caption(ui.tr("treatment.shown", n=len(shown), total=len(df)) + " " + ui.tr("treatment.select_hint"))
    ui.open_picked_once(picked, part, "line_id", "tp_last_pick", open_line)


# -- one measure ---------------------------------------------------------------------------------------
def residual_review(r: pd.Series, seen_version: int) -> None:
    """The box a done measure asks for: confirm the residual scores as they are, or give new ones."""
    preset = PRESETS[r["lens"]]
    steps = list(range(1, preset.size + 1))
    with st.container(border=True):
        st.markdown(f"**:material/rule: {ui.tr('treatment.res.head')}**")
        st.caption(ui.tr("treatment.res.explain", done=fmt_date(r["done_on"]) or ui.tr("treatment.none_value")))
        lik, con = r["res_likelihood"], r["res_consequence"]
        scored = not (pd.isna(lik) or pd.isna(con))
        if scored:
            st.markdown(ui.tr("treatment.res.current", level=level_label(r["lens"], r["res_level"]), lik=int(lik),
                              con=int(con)))
        else:
            st.markdown(ui.tr("treatment.res.unscored"))
        key = f"tp_res_{r['line_id']}_{r['version']}"  # a save gives fresh radios that read the stored scores
        c1, c2 = st.columns(2)
        new_lik = c1.radio(
            ui.tr("treatment.res.likelihood"),
            steps,
            index=int(lik) - 1 if not pd.isna(lik) else None,
            format_func=lambda v: f"{v} · {preset.likelihood_step(v).label(lang)}",
            key=f"{key}_lik",
        )
        new_con = c2.radio(
            ui.tr("treatment.res.severity" if r["lens"] == "ds" else "treatment.res.consequence"),
            steps,
            index=int(con) - 1 if not pd.isna(con) else None,
            format_func=lambda v: f"{v} · {preset.consequence_step(v).label(lang)}",
            key=f"{key}_con",
        )
        b1, b2 = st.columns(2)
        if b1.button(ui.tr("treatment.res.confirm"), icon=":material/check:", key=f"{key}_confirm"):
            if ui.attempt(lambda: wb.treatment.confirm_residual(user, int(r["line_id"]), seen_version)):
                ui.flash(ui.tr("treatment.res.confirmed"))
                st.rerun()
        if b2.button(ui.tr("treatment.res.save"), type="primary", icon=":material/save:", key=f"{key}_save"):
            if new_lik is None or new_con is None:
                st.error(ui.tr("treatment.res.pick_both"), icon=":material/warning:")
            elif ui.attempt(lambda: wb.treatment.confirm_residual(user, int(r["line_id"]), seen_version,
                                                                  int(new_lik), int(new_con))):
                ui.flash(ui.tr("treatment.res.saved"))
                st.rerun()


# Edits typed into a measure and not saved, by line id: they outlive a pick of another row or "Luk", and the plan
# says where they are until they are saved or thrown away (pages/ui/unsaved.py).
UNSAVED = Unsaved("tp")
FIELDS = ("status", "owner", "deadline", "controls", "measure")


def _stored(r: pd.Series) -> dict:
    return {"status": r["status"], "owner": r["measure_owner"] or "", "deadline": r["deadline"],
            "controls": [c for c in r["controls"] if c in CONTROL_IDS], "measure": r["measure"]}


def _same(field: str) -> Callable:
    if field in ("owner", "measure"):
        return lambda value, stored: (value or "").strip() == (stored or "").strip()
    if field == "controls":
        return lambda value, stored: list(value or []) == list(stored)
    return lambda value, stored: value == stored


def unsaved_elsewhere(df: pd.DataFrame, current: int | None) -> None:
    """A warning over the plan for every measure with unsaved edits other than the one open, with a way back to it."""
    for line_id in [i for i in UNSAVED.items if i != current]:
        found = df[df["line_id"] == line_id]
        if found.empty:  # the measure left the plan (its assessment was superseded): nothing to go back to
            UNSAVED.forget(line_id)
            continue
        r = found.iloc[0]
        with st.container(border=True):
            t1, t2 = ui.text_and_buttons()
            t1.warning(ui.tr("treatment.draft.elsewhere", measure=r["measure"], entity=r["entity_name"]),
                       icon=":material/edit_note:")
            if t2.button(ui.tr("treatment.draft.open"), key=f"tp_draft_open_{line_id}", icon=":material/undo:"):
                open_line(line_id)
                st.rerun()


def edit_form(r: pd.Series, seen_version: int) -> None:
    line_id = int(r["line_id"])
    stored = _stored(r)
    draft = UNSAVED.of(line_id)
    now = {f: draft.get(f, stored[f]) for f in FIELDS}
    key = UNSAVED.prefix(line_id)

    def kept(field: str) -> dict:
        return UNSAVED.field(line_id, field, stored[field], _same(field))

    with st.container(border=True):
        if draft:  # the note, then its button under it (beside it, a phone squeezes the note to one word a line)
            st.info(ui.tr("treatment.draft.here"), icon=":material/edit_note:")
            if st.button(ui.tr("treatment.draft.discard"), key=f"{key}_discard", icon=":material/delete:"):
                UNSAVED.forget(line_id)
                st.rerun()
        c1, c2, c3 = st.columns(3)
        status = c1.selectbox(ui.tr("treatment.e.status"), MEASURE_STATUSES,
                              index=MEASURE_STATUSES.index(now["status"]), format_func=status_label,
                              help=ui.tr("treatment.e.done_hint"), **kept("status"))
        owner = c2.text_input(ui.tr("treatment.e.owner"), value=now["owner"], max_chars=200, **kept("owner"))
        deadline = c3.date_input(ui.tr("treatment.e.deadline"), value=now["deadline"], format="DD-MM-YYYY",
                                 min_value=date(2000, 1, 1), max_value=date(2100, 12, 31), **kept("deadline"))
        controls = st.multiselect(ui.tr("treatment.e.controls"), CONTROL_IDS, default=now["controls"],
                                  format_func=control_label, placeholder=ui.tr("ui.choose"),
                                  help=ui.tr("treatment.e.controls_help"), select_all=False, **kept("controls"))
        # Half-typed text is kept in this browser keystroke by keystroke (pages/ui/draft_keeper.py), so a reload
        # before the field loses focus keeps it; a save (a new version) or "Kassér" (a new generation) drops it.
        with draft_kept(f"tp{line_id}", f"{int(r['version'])}-{UNSAVED.generation(line_id)}"):
            measure = st.text_area(ui.tr("treatment.e.measure"), value=now["measure"], height=80, max_chars=4000,
                                   **kept("measure"))
        submitted = st.button(ui.tr("treatment.e.save"), type="primary", icon=":material/save:", key=f"{key}_save")
    if not submitted:
        return
    values = {"status": status, "owner": owner, "deadline": deadline, "controls": list(controls), "measure": measure}
    changes = {f: v for f, v in values.items() if not _same(f)(v, stored[f])}
    if "deadline" in changes and not changes["deadline"]:
        changes["deadline"] = ""  # "" clears the deadline
    if not changes:
        st.info(ui.tr("treatment.e.no_change"), icon=":material/info:")
        return
    if ui.attempt(lambda: wb.treatment.update_measure(user, line_id, seen_version, today=today, **changes)):
        UNSAVED.forget(line_id)
        ui.flash(ui.tr("treatment.saved_done" if changes.get("status") == "gennemfoert" else "treatment.saved"))
        st.rerun()


def read_only(r: pd.Series) -> None:
    st.info(ui.tr("treatment.read_only"), icon=":material/visibility:")
    st.table(
        {
            ui.tr("treatment.e.status"): status_label(r["status"]),
            ui.tr("treatment.e.owner"): ui.md(r["measure_owner"]),
            ui.tr("treatment.e.deadline"): fmt_date(r["deadline"]) or ui.tr("treatment.none_value"),
            ui.tr("treatment.done_on"): fmt_date(r["done_on"]) or ui.tr("treatment.none_value"),
            ui.tr("treatment.e.controls"): ui.md(", ".join(control_label(c) for c in r["controls"]))
            or ui.tr("treatment.none_value"),
            ui.tr("treatment.e.measure"): ui.md(r["measure"]),
        }
    )


def one_measure(df: pd.DataFrame) -> int | None:
    """The pane of the measure in the address; its line id, or None when no measure is shown."""
    raw = st.query_params.get(PARAM)
    if raw is None:
        return None
    try:
        line_id = int(raw)
    except ValueError:
        st.error(ui.tr("treatment.bad_id", value=raw), icon=":material/warning:")
        return None
    found = df[df["line_id"] == line_id]
    if found.empty:
        st.info(ui.tr("treatment.gone"), icon=":material/info:")
        return None
    r = found.iloc[0]
    # Writes check the version the user saw: the one drawn by the run before this one. A save by someone
    # else since then is refused (StaleVersionError), never overwritten.
    shown_key = f"tp_shown_version_{line_id}"
    seen_version = st.session_state.get(shown_key, int(r["version"]))
    st.session_state[shown_key] = int(r["version"])

    st.divider()
    h1, h2 = ui.text_and_buttons()
    h1.subheader(ui.tr("treatment.head", measure=r["measure"]))
    if h2.button(ui.tr("treatment.close"), icon=":material/close:", key="tp_close"):
        open_line(None)
        st.rerun()
    st.caption(ui.tr("treatment.where", kind=lens_label(r["lens"]), entity=r["entity_name"],
                     department=r["department"], threat=r["threat"]))
    unsaved_elsewhere(df, line_id)  # where the user looks after picking another row
    if r["overdue"]:
        st.warning(ui.tr("treatment.overdue_box", deadline=fmt_date(r["deadline"])), icon=":material/schedule:")
    can_write = ui.can("assessment.write", r["department"], r["owner"])
    if r["residual_review"] and can_write:
        residual_review(r, seen_version)
    elif r["status"] == "gennemfoert" and not r["residual_review"]:
        st.caption(ui.tr("treatment.res.ok"))
    if can_write:
        edit_form(r, seen_version)
    else:
        read_only(r)
    param = "aktivitet" if r["lens"] == "ds" else "system"
    st.page_link("pages/assessment.py", label=ui.tr("treatment.open_assessment"), icon=":material/edit_note:",
                 query_params={param: str(int(r["entity_id"])), "trin": "4"})
    return line_id


with tab_plan:
    above = st.container()  # unsaved edits are named here when no measure is open, else in the measure's pane
    plan_table(plan)
    if one_measure(plan) is None:
        with above:
            unsaved_elsewhere(plan, None)


# -- Annex A coverage ----------------------------------------------------------------------------------
def coverage(df: pd.DataFrame) -> None:
    st.caption(ui.tr("treatment.annex.intro"))
    links = df[["line_id", "status", "controls"]].explode("controls").dropna(subset=["controls"])
    links = links.assign(domain=links["controls"].map(DOMAIN_OF))
    rows = []
    for d in DOMAINS:
        mine = links[links["domain"] == d["id"]]
        rows.append({
            "domain": d["id"],
            "title": DOMAIN_TITLE[d["id"]],
            "measures": mine["line_id"].nunique(),
            "done": mine.loc[mine["status"] == "gennemfoert", "line_id"].nunique(),
            "covered": f"{mine['controls'].nunique()} / {d['count']}",
        })
    st.dataframe(
        pd.DataFrame(rows),
        hide_index=True,
        width="stretch",
        column_config={
            "domain": ui.tr("treatment.annex.col.domain"),
            "title": ui.tr("treatment.annex.col.title"),
            "measures": ui.tr("treatment.annex.col.measures"),
            "done": ui.tr("treatment.annex.col.done"),
            "covered": ui.tr("treatment.annex.col.covered"),
        },
        placeholder="",
    )
    without = int((df["controls"].map(len) == 0).sum())
    if without:
        st.caption(ui.tr("treatment.annex.without", n=without))
    st.markdown(f"**{ui.tr('treatment.annex.used_head')}**")
    if links.empty:
        st.caption(ui.tr("treatment.annex.none_used"))
        return
    used = (
        links.groupby("controls")
        .agg(measures=("line_id", "nunique"),
             done=("status", lambda s: int((s == "gennemfoert").sum())))
        .reset_index()
    )
    order = {cid: i for i, cid in enumerate(CONTROL_IDS)}
    used = used.assign(_order=used["controls"].map(order)).sort_values("_order").drop(columns="_order")
    used["controls"] = used["controls"].map(control_label)
    st.dataframe(
        used,
        hide_index=True,
        width="stretch",
        column_config={
            "controls": ui.tr("treatment.annex.col.control"),
            "measures": ui.tr("treatment.annex.col.measures"),
            "done": ui.tr("treatment.annex.col.done"),
        },
        placeholder="",
    )


with tab_annex:
    coverage(plan)
