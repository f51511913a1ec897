# Size: the list, the request form and the decision of dispensations, one page; only just over the limit.
"""Dispensationer: the register of documented deviations from a handbook requirement or an Annex A
control, per system, with justification, alternative safeguards and an expiry date; requested,
approved or rejected by the committee chair, expired by the date; renewal is a new request.

The dispensation shown is kept in the address (``?dispensation=<id>``), so a reload keeps it.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import streamlit as st

from pages import ui
from pages.ui.draft_keeper import draft_kept, new_store
from riskmodel.domain import annex_a
from riskmodel.domain.dates import fmt_date
from riskmodel.domain.review import DISPENSATION_MAX_MONTHS, DISPENSATION_STATUSES, add_months
from riskmodel.services.dispensations import REQUIREMENT_KINDS, DispensationInput

wb = ui.workbench()
user = ui.actor()
lang = ui.lang()
today = ui.today()
PARAM = "dispensation"
CONTROL_IDS = [c.id for c in annex_a.controls()]

st.title(ui.tr("nav.dispensations"))
st.caption(ui.tr("disp.intro"))
ui.show_flash()


def state_label(code: str) -> str:
    return ui.vl("dispensation_status", code)


def kind_label(code: str) -> str:
    return ui.vl("requirement_kind", code)


def control_label(cid: str) -> str:
    try:
        return f"{cid} · {annex_a.control(cid).title(lang)}"
    except KeyError:
        return cid


def requirement_text(kind: str, requirement: str) -> str:
    return control_label(requirement) if kind == "annex_a" else requirement


def number(value) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def open_dispensation(dispensation_id: int | None) -> None:
    if dispensation_id is None:
        st.query_params.pop(PARAM, None)
    else:
        st.query_params[PARAM] = str(dispensation_id)


register = wb.dispensations.list(user, today)
by_id = {int(i): row for i, row in zip(register["id"], register.to_dict("records"), strict=True)}


# -- flags and key figures ---------------------------------------------------------------------------
def flags(reg: pd.DataFrame) -> None:
    """Approved ones expiring within 30 days, and expired ones nobody has renewed."""
    expiring = reg[reg["expiring"]]
    expired = reg[(reg["state"] == "udloebet") & reg["renewed_by"].map(lambda v: number(v) is None)]
    if not expiring.empty:
        items = []
        for r in expiring.to_dict("records"):
            item = ui.tr("disp.flag.item_expiring", id=int(r["id"]), system=r["system_name"],
                         requirement=requirement_text(r["requirement_kind"], r["requirement"]),
                         date=fmt_date(r["expires_on"]), days=int(r["days_left"]))
            renewal = number(r["renewed_by"])
            if renewal is not None:
                item += ui.tr("disp.flag.renewal_pending", id=renewal)
            items.append(f"- {item}")
        st.warning("\n".join([f"**{ui.tr('disp.flag.expiring_head', n=len(expiring))}**", *items, "",
                              ui.tr("disp.flag.renew_hint")]), icon=":material/schedule:")
    if not expired.empty:
        items = [
            "- " + ui.tr("disp.flag.item_expired", id=int(r["id"]), system=r["system_name"],
                         requirement=requirement_text(r["requirement_kind"], r["requirement"]),
                         date=fmt_date(r["expires_on"]))
            for r in expired.to_dict("records")
        ]
        st.error("\n".join([f"**{ui.tr('disp.flag.expired_head', n=len(expired))}**", *items]),
                 icon=":material/event_busy:")


if not register.empty:
    flags(register)
    with ui.row():
        st.metric(ui.tr("disp.m.total"), len(register))
        st.metric(ui.tr("disp.m.requested"), int((register["state"] == "anmodet").sum()))
        st.metric(ui.tr("disp.m.approved"), int((register["state"] == "godkendt").sum()))
        st.metric(ui.tr("disp.m.expiring"), int(register["expiring"].sum()))
        st.metric(ui.tr("disp.m.expired"), int((register["state"] == "udloebet").sum()))


# -- the request form (new and edit) ------------------------------------------------------------------
# The expiry picker takes any date of these years; the service decides (after the request, at most 12 months on) and
# says so in Danish. With the allowed range on the picker, a date typed outside it was refused by the browser in
# English ("Date set outside allowed range") and the form was sent with the default date instead: a request the
# user never made (found in Chromium).
PICKER_FIRST, PICKER_LAST = date(2000, 1, 1), date(2100, 12, 31)


def request_form(key: str, submit_label: str, draft: tuple[str, str], initial: dict | None = None
                 ) -> DispensationInput | None:
    """The fields of a request; returns the input when submitted, else None. ``initial``: a request to edit.
    ``draft``: (scope, store) under which the half-typed texts are kept across a reload (pages/ui/draft_keeper.py)."""
    initial = initial or {}
    names = {sid: f"{name} · {dep}" for sid, name, dep in wb.systems.names(user)}
    if initial.get("system_id") is not None and int(initial["system_id"]) not in names:
        names[int(initial["system_id"])] = f"{initial['system_name']} · {initial['department']}"
    if not names:
        st.info(ui.tr("disp.f.no_systems"))
        return None
    # The kind decides the next field (a control picker or a text), so it sits outside the form and reruns.
    kind = st.radio(
        ui.tr("disp.f.kind"),
        REQUIREMENT_KINDS,
        index=REQUIREMENT_KINDS.index(initial.get("requirement_kind", "haandbog")),
        format_func=kind_label,
        horizontal=True,
        key=f"{key}_kind",
    )
    start = initial.get("requested_on") or today
    latest = add_months(start, DISPENSATION_MAX_MONTHS)
    first = start + timedelta(days=1)
    expires = initial.get("expires_on") or add_months(start, 6)
    expires = min(max(expires, first), latest)
    with st.form(key, border=True):
        sids = list(names)
        system_id = st.selectbox(
            ui.tr("disp.f.system"),
            sids,
            index=sids.index(int(initial["system_id"])) if initial.get("system_id") is not None else None,
            format_func=names.get,
            placeholder=ui.tr("ui.choose"),
        )
        requested_by = st.text_input(ui.tr("disp.f.requested_by"),
                                     value=initial.get("requested_by", user.display_name), max_chars=200)
        old = initial.get("requirement", "")
        if kind == "annex_a":
            requirement = st.selectbox(
                ui.tr("disp.f.control"),
                CONTROL_IDS,
                index=CONTROL_IDS.index(old) if old in CONTROL_IDS else None,
                format_func=control_label,
                placeholder=ui.tr("ui.choose"),
            )
        else:
            requirement = st.text_input(ui.tr("disp.f.section"), value=old if initial.get("requirement_kind") ==
                                        "haandbog" else "", placeholder=ui.tr("disp.f.section_ph"), max_chars=300)
        scope, store = draft
        with draft_kept(f"{scope}-j", store):
            justification = st.text_area(ui.tr("disp.f.justification"), value=initial.get("justification", ""),
                                         help=ui.tr("disp.f.justification_help"), height=90, max_chars=4000)
        with draft_kept(f"{scope}-a", store):
            alternative = st.text_area(ui.tr("disp.f.alternative"), value=initial.get("alternative_measures", ""),
                                       help=ui.tr("disp.f.alternative_help"), height=90, max_chars=4000)
        expires_on = st.date_input(ui.tr("disp.f.expires_on"), value=expires, min_value=PICKER_FIRST,
                                   max_value=PICKER_LAST, format="DD-MM-YYYY",
                                   help=ui.tr("disp.f.expires_help", latest=fmt_date(latest)))
        if not st.form_submit_button(submit_label, type="primary", icon=":material/send:"):
            return None
    return DispensationInput(
        system_id=None if system_id is None else int(system_id),
        requested_by=requested_by,
        requirement_kind=kind,
        requirement=requirement or "",
        justification=justification,
        alternative_measures=alternative,
        expires_on=expires_on,
    )


if ui.can("dispensation.request"):
    with st.expander(ui.tr("disp.new"), icon=":material/add:", expanded=register.empty):
        sent = st.session_state.get("disp_new_sent", 0)  # a new, empty form once a request is sent
        data = request_form(f"disp_new_{sent}", ui.tr("disp.f.submit"), ("dispnew", new_store(len(register))))
        if data is not None:
            new_id = ui.attempt(lambda: wb.dispensations.request(user, data, today))
            if new_id:
                st.session_state["disp_new_sent"] = sent + 1
                ui.flash(ui.tr("disp.requested", id=int(new_id)))
                open_dispensation(int(new_id))
                st.rerun()


# -- the register ------------------------------------------------------------------------------------
def flag_text(r: dict) -> str:
    if r["state"] == "udloebet":
        return ui.tr("disp.flag.expired")
    if r["expiring"]:
        return ui.tr("disp.flag.expiring")
    if r["state"] == "anmodet" and r["days_left"] < 0:
        return ui.tr("disp.flag.lapsed")
    return ""


def renewal_text(r: dict) -> str:
    parts = []
    if number(r["renews_id"]) is not None:
        parts.append(ui.tr("disp.renews", id=number(r["renews_id"])))
    if number(r["renewed_by"]) is not None:
        parts.append(ui.tr("disp.renewed_by", id=number(r["renewed_by"])))
    return ", ".join(parts)


def register_table(reg: pd.DataFrame) -> None:
    f1, f2 = st.columns([3, 2])
    search = f1.text_input(ui.tr("disp.search"), placeholder=ui.tr("disp.search_ph"), key="disp_search")
    states = f2.multiselect(ui.tr("disp.f.state"), DISPENSATION_STATUSES, key="disp_states", format_func=state_label,
                            placeholder=ui.tr("ui.choose"), select_all=False)
    shown = reg
    needle = search.strip().casefold()
    if needle:
        hay = (shown["system_name"] + " " + shown["department"] + " " + shown["requirement"] + " "
               + shown["requested_by"] + " " + shown["requirement"].map(lambda c: control_label(c))).str.casefold()
        shown = shown[hay.str.contains(needle, regex=False)]
    if states:
        shown = shown[shown["state"].isin(states)]
    if shown.empty:
        st.info(ui.tr("ui.none_found"))
        return
    page = ui.pager(len(shown), "disp_page")
    part = shown.iloc[(page - 1) * ui.PAGE_SIZE : page * ui.PAGE_SIZE]
    records = part.to_dict("records")
    view = pd.DataFrame(
        {
            "id": [int(r["id"]) for r in records],
            "system": [r["system_name"] for r in records],
            "department": [r["department"] for r in records],
            "kind": [kind_label(r["requirement_kind"]) for r in records],
            "requirement": [requirement_text(r["requirement_kind"], r["requirement"]) for r in records],
            "requested_by": [r["requested_by"] for r in records],
            "requested_on": pd.to_datetime([r["requested_on"] for r in records]),
            "expires_on": pd.to_datetime([r["expires_on"] for r in records]),
            "state": [state_label(r["state"]) for r in records],
            "flag": [flag_text(r) for r in records],
            # A number (it sorts as one); a rejected or expired one has none: an empty cell (placeholder="").
            "days_left": pd.array([int(r["days_left"]) if r["state"] in ("anmodet", "godkendt") else None
                                   for r in records], dtype="Int64"),
            "decided_by": [r["decided_by"] or "" for r in records],
            "renewal": [renewal_text(r) for r in records],
        }
    )
    # Number and system pinned, status and expiry next: what awaits a decision is in view at 1280 px.
    picked = st.dataframe(
        view,
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="single-row",
        key=ui.table_key("disp_table", part["id"]),
        column_order=["id", "system", "state", "expires_on", "flag", "days_left", "requirement", "kind", "department",
                      "requested_by", "requested_on", "decided_by", "renewal"],
        column_config={
            "id": st.column_config.NumberColumn(ui.tr("disp.col.id"), format="%d", width=50, pinned=True),
            "system": st.column_config.TextColumn(ui.tr("disp.col.system"), width=170, pinned=True),
            "department": ui.tr("disp.col.department"),
            "kind": ui.tr("disp.col.kind"),
            "requirement": st.column_config.TextColumn(ui.tr("disp.col.requirement"), width=220),
            "requested_by": ui.tr("disp.col.requested_by"),
            "requested_on": st.column_config.DateColumn(ui.tr("disp.col.requested_on"), format="DD-MM-YYYY"),
            "expires_on": st.column_config.DateColumn(ui.tr("disp.col.expires_on"), format="DD-MM-YYYY"),
            "state": ui.tr("disp.col.state"),
            "flag": ui.tr("disp.col.flag"),
            "days_left": ui.days_left_column(ui.tr("disp.col.days_left")),
            "decided_by": ui.tr("disp.col.decided_by"),
            "renewal": ui.tr("disp.col.renewal"),
        },
        placeholder="",
    )
    st.caption(ui.tr("disp.select_hint"))
    ui.open_picked_once(picked, part, "id", "disp_last_pick", open_dispensation)


if register.empty:
    st.info(ui.tr("disp.none"))
else:
    register_table(register)


# -- one dispensation ------------------------------------------------------------------------------------
def state_box(d: dict) -> None:
    state, expires = d["state"], fmt_date(d["expires_on"])
    if state == "anmodet":
        if d["expires_on"] < today:
            st.warning(ui.tr("disp.state.anmodet_lapsed", date=expires), icon=":material/event_busy:")
        else:
            st.info(ui.tr("disp.state.anmodet"), icon=":material/hourglass_top:")
    elif state == "godkendt" and d["expiring"]:
        st.warning(ui.tr("disp.state.expiring", date=expires, days=(d["expires_on"] - today).days),
                   icon=":material/schedule:")
    elif state == "godkendt":
        st.success(ui.tr("disp.state.godkendt", date=expires), icon=":material/verified:")
    elif state == "afvist":
        st.info(ui.tr("disp.state.afvist"), icon=":material/block:")
    else:
        st.error(ui.tr("disp.state.udloebet", date=expires), icon=":material/event_busy:")
    if number(d["renews_id"]) is not None:
        st.caption(ui.tr("disp.renewal_note", id=number(d["renews_id"])))


def details(d: dict, renewed_by: int | None) -> None:
    none = "–"
    rows = {
        ui.tr("disp.d.system"): ui.md(f"{d['system_name']} · {d['department']}"),
        ui.tr("disp.d.requirement"): ui.md(f"{kind_label(d['requirement_kind'])}: "
                                           f"{requirement_text(d['requirement_kind'], d['requirement'])}"),
        ui.tr("disp.d.requested"): ui.tr("disp.d.requested_value", who=d["requested_by"],
                                         date=fmt_date(d["requested_on"])),
        ui.tr("disp.d.justification"): ui.md(d["justification"]),
        ui.tr("disp.d.alternative"): ui.md(d["alternative_measures"]),
        ui.tr("disp.d.expires"): fmt_date(d["expires_on"]),
        ui.tr("disp.d.state"): state_label(d["state"]),
        ui.tr("disp.d.decision"): ui.tr("disp.d.decision_value", who=d["decided_by"], date=fmt_date(d["decided_on"]))
        if d["decided_by"] else none,
        ui.tr("disp.d.note"): ui.md(d["decision_note"]) if d["decision_note"] else none,
    }
    if number(d["renews_id"]) is not None:
        rows[ui.tr("disp.d.renews")] = ui.tr("disp.d.number", id=number(d["renews_id"]))
    if renewed_by is not None:
        rows[ui.tr("disp.d.renewed_by")] = ui.tr("disp.d.number", id=renewed_by)
    st.table(rows)


def decide(d: dict, seen_version: int) -> None:
    st.markdown(f"**{ui.tr('disp.decide.head')}**")
    if not ui.can("dispensation.decide"):
        st.caption(ui.tr("disp.decide.only_chair"))
        return
    with st.form(f"disp_decide_{d['id']}", border=True):
        st.caption(ui.tr("disp.decide.explain"))
        with draft_kept(f"dispdecide{int(d['id'])}", str(int(d["version"]))):
            note = st.text_area(ui.tr("disp.decide.note"), height=80, max_chars=2000)
        c1, c2 = st.columns(2)
        approve = c1.form_submit_button(ui.tr("disp.decide.approve"), type="primary", icon=":material/check:")
        reject = c2.form_submit_button(ui.tr("disp.decide.reject"), icon=":material/close:")
    if approve or reject:
        if ui.attempt(lambda: wb.dispensations.decide(user, d["id"], seen_version, bool(approve), note, today)):
            ui.flash(ui.tr("disp.decide.approved" if approve else "disp.decide.rejected", id=d["id"]))
            st.rerun()


def edit(d: dict, seen_version: int) -> None:
    with st.expander(ui.tr("disp.edit"), icon=":material/edit:"):
        data = request_form(f"disp_edit_{d['id']}_{d['version']}", ui.tr("disp.edit.save"),
                            (f"dispedit{int(d['id'])}", str(int(d["version"]))), initial=d)
        if data is not None and ui.attempt(lambda: wb.dispensations.update(user, d["id"], seen_version, data)):
            ui.flash(ui.tr("disp.edit.saved", id=d["id"]))
            st.rerun()


def renew(d: dict, renewed_by: int | None) -> None:
    later = by_id.get(renewed_by) if renewed_by is not None else None
    if later is not None and later["state"] != "afvist":
        st.info(ui.tr("disp.renew.pending", id=renewed_by, state=state_label(later["state"])), icon=":material/autorenew:")
        return
    latest = add_months(today, DISPENSATION_MAX_MONTHS)
    with st.expander(ui.tr("disp.renew"), icon=":material/autorenew:", expanded=d["state"] == "udloebet" or d["expiring"]):
        st.caption(ui.tr("disp.renew.explain", date=fmt_date(d["expires_on"])))
        with st.form(f"disp_renew_{d['id']}", border=True):
            expires_on = st.date_input(ui.tr("disp.f.expires_on"), value=add_months(today, 6),
                                       min_value=PICKER_FIRST, max_value=PICKER_LAST, format="DD-MM-YYYY",
                                       help=ui.tr("disp.f.expires_help", latest=fmt_date(latest)))
            with draft_kept(f"disprenew{int(d['id'])}-j", str(int(d["version"]))):
                justification = st.text_area(ui.tr("disp.f.justification"), value=d["justification"], height=90,
                                             max_chars=4000)
            with draft_kept(f"disprenew{int(d['id'])}-a", str(int(d["version"]))):
                alternative = st.text_area(ui.tr("disp.f.alternative"), value=d["alternative_measures"], height=90,
                                           max_chars=4000, help=ui.tr("disp.f.alternative_help"))
            submitted = st.form_submit_button(ui.tr("disp.renew.submit"), type="primary", icon=":material/send:")
        if submitted:
            new_id = ui.attempt(lambda: wb.dispensations.renew(user, d["id"], expires_on, justification, alternative,
                                                               today))
            if new_id:
                ui.flash(ui.tr("disp.renew.done", id=int(new_id)))
                open_dispensation(int(new_id))
                st.rerun()


def one_dispensation() -> None:
    raw = st.query_params.get(PARAM)
    if raw is None:
        return
    try:
        dispensation_id = int(raw)
    except ValueError:
        st.error(ui.tr("disp.bad_id", value=raw), icon=":material/warning:")
        return
    d = ui.attempt(lambda: wb.dispensations.get(user, dispensation_id, today))  # "findes ikke" or a refusal, in Danish
    if not d:
        return
    # Writes check the version the user saw: the one drawn by the run before this one. A change by someone
    # else since then is refused, never overwritten.
    shown_key = f"disp_shown_version_{dispensation_id}"
    seen_version = st.session_state.get(shown_key, d["version"])
    st.session_state[shown_key] = d["version"]
    renewed_by = number(by_id.get(dispensation_id, {}).get("renewed_by"))

    st.divider()
    h1, h2 = ui.text_and_buttons()
    h1.subheader(ui.tr("disp.head", id=dispensation_id, system=d["system_name"]))
    if h2.button(ui.tr("disp.close"), icon=":material/close:", key="disp_close"):
        open_dispensation(None)
        st.rerun()
    state_box(d)
    details(d, renewed_by)
    may_request = ui.can("dispensation.request", d["department"], d["owner"])
    if d["status"] == "anmodet":
        decide(d, seen_version)
        if may_request:
            edit(d, seen_version)
    elif d["status"] == "godkendt" and may_request:
        renew(d, renewed_by)


one_dispensation()
