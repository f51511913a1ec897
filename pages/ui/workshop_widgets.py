"""The live workshop's shared widgets (pages/workshop.py, its projector screen, pages/join.py): threat, values,
spread, votes, the participants' link and who has voted."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
import streamlit as st

from pages.ui.session import lang, md, tr, vl
from riskmodel.domain.workshop import DIMENSIONS, line_dimensions
from riskmodel.locale.threats import threat_description, threat_title

# -- live workshops (pages/workshop.py, pages/join.py) --------------------------------
LIVE_SECONDS = 0.5  # how often a workshop screen looks at its cheap change marker (st.fragment run_every)
CONSEQUENCES = DIMENSIONS[1:]  # cons_c, cons_i, cons_a


def ws_dimensions(line) -> list[str]:
    """What the room scores for a threat: likelihood and the F/I/T it harms (all three if it names none)."""
    return line_dimensions(line)


def ws_dim_label(dim: str, lens: str = "org") -> str:
    """A dimension's name in the room: on the data-subject lens (``ds``) a consequence is the
    severity for the data subjects of a breach of confidentiality, integrity or availability."""
    if lens == "ds" and dim in CONSEQUENCES:
        return tr(f"ws.ds_dim.{dim}")
    return tr(f"ws.dim.{dim}")


def ws_threat(line, n: int, total: int, big: bool = False, lens: str = "org", compact: bool = False) -> None:
    """The current threat: position, title, description and what it harms (big: the projector's type;
    compact: a phone, in as few lines as will do)."""
    harmed = [vl("dimension", d[-1]) for d in ws_dimensions(line)[1:]]
    harms_key = "ws.ds_harms" if lens == "ds" else "ws.harms"
    # A seeded threat's English title and description in English
    title = threat_title(line.threat_code, line.threat_title, lang())
    description = threat_description(line.threat_code, line.threat_description, lang())
    if compact:
        st.subheader(tr("ws.position", n=n, total=total))
        st.markdown(f"**{md(line.threat_code)} · {md(title)}**", help=md(description) or None)
        return
    if big:
        st.header(tr("ws.position", n=n, total=total))
        st.title(md(f"{line.threat_code} · {title}"))
        if description:
            st.subheader(md(description))
        st.header(tr(harms_key, dims=", ".join(harmed)))
        return
    st.subheader(tr("ws.position", n=n, total=total))
    st.header(md(f"{line.threat_code} · {title}"))
    if description:
        st.markdown(md(description))
    st.caption(tr(harms_key, dims=", ".join(harmed)))


def ws_value(value) -> str:
    return tr("ws.dont_know") if value is None else str(value)


def ws_summary(values: dict, dims: Iterable[str]) -> str:
    """'S 3 · F 2 · I Ved ikke': an estimate or agreed value on one line."""
    return " · ".join(f"{tr(f'ws.short.{d}')} {ws_value(values.get(d))}" for d in dims)


def ws_spread(spreads: dict, size: int, dims: Iterable[str], big: bool = False, lens: str = "org") -> None:
    """How many gave each value per dimension, the range, and a marker where the room disagrees.

    ``big`` (the projector) puts each dimension's range first, in the large type of a metric."""
    dims = list(dims)

    def span(s) -> str:
        return "–" if not s.counts else str(s.low) if s.low == s.high else f"{s.low}–{s.high}"

    if big:
        for col, d in zip(st.columns(len(dims)), dims, strict=True):
            s = spreads[d]
            col.metric(ws_dim_label(d, lens), span(s), delta=tr("ws.disagree_mark") if s.disagree else None,
                       delta_color="red", delta_arrow="off")
    rows = []
    for d in dims:
        s = spreads[d]
        row = {tr("ws.col.dimension"): ws_dim_label(d, lens)}
        row.update({str(v): s.counts.get(v, 0) for v in range(1, size + 1)})
        row[tr("ws.dont_know")] = s.unknown
        row[tr("ws.col.range")] = span(s)
        row[tr("ws.col.disagree")] = tr("ws.disagree_mark") if s.disagree else ""
        rows.append(row)
    st.table(pd.DataFrame(rows), hide_index=True)
    disputed = [tr("ws.disagree", dim=ws_dim_label(d, lens), low=spreads[d].low, high=spreads[d].high)
                for d in dims if spreads[d].disagree]
    if disputed:  # one box, one line per dimension: the table above has the figures
        st.warning("  \n".join([*disputed, tr("ws.disagree_talk")]), icon=":material/warning:")


def ws_votes(votes: list[dict], dims: Iterable[str], lens: str = "org") -> None:
    """Every vote of the round with the voter's name (after the facilitator has revealed them)."""
    dims = list(dims)
    if not votes:
        st.caption(tr("ws.no_votes"))
        return
    rows = [
        {
            tr("ws.col.name"): md(v["name"]),
            tr("ws.col.role"): tr(f"ws.role.{v['role_title']}"),
            # Short headers (Sandsynlighed, F, I, T; named in full in the spread table above): with the long ones a
            # threat on all of F/I/T pushed the last columns out of view at 1280 px and on a phone.
            **{tr(f"ws.short_dim.{d}"): ws_value(v.get(d)) for d in dims},
        }
        for v in votes
    ]
    st.table(pd.DataFrame(rows), hide_index=True)


def ws_join_link(code: str) -> str:
    """The participants' link: this server's address (as the browser sees it) + /deltag?kode=."""
    path = f"/deltag?kode={code}"
    here = st.context.url  # None without a browser (AppTest): then the path alone
    if not here:
        return path
    base = here.rstrip("/")
    if base.endswith("/workshop"):
        base = base[: -len("/workshop")]
    return base + path


def ws_member_lines(members: list[dict], late: bool = False) -> list[str]:
    """'✓ Anne (systemejer)'; with ``late``, a late joiner also says at which threat they came."""
    return [
        tr("ws.member_voted" if m["voted"] else "ws.member_not_voted", name=m["name"],
              role=tr(f"ws.role.{m['role_title']}"))
        + (" " + tr("ws.joined_at", n=m["joined_at"]) if late and m.get("joined_at") else "")
        for m in members
    ]
