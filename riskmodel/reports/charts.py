# Size: every Plotly figure of the pages (heatmaps, bars, movement), sharing one colour and label scheme.
"""Plotly figure builders: data in, figure out (no Streamlit, no database).

The risk matrix is a heatmap of level colours (from the preset's matrix, so the
colours can never disagree with the legend) with a transparent marker per cell
on top. Plotly heatmap traces return no selection in Streamlit, but scatter
markers do: clicking a cell selects its marker, whose ``customdata`` carries
(likelihood, consequence).
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from riskmodel.domain.dpia import DS_PRESET_ID
from riskmodel.domain.review import add_months
from riskmodel.domain.scales import Preset
from riskmodel.i18n import t

# The municipality's level colours stay as they are; light ones (the yellow "Middel", KL's green "Lav") are
# 1.6-2.5:1 against the white page, under the 3:1 WCAG asks of a graphic. A dark outline on every bar (and so
# on its legend swatch) gives each one an edge of 3:1 or more.
OUTLINE = {"color": "#4d4d4d", "width": 1}


def level_colorscale(preset: Preset) -> list[list]:
    """A stepped colour scale: level index i is drawn in exactly the level's colour."""
    k = len(preset.levels)
    scale = []
    for lvl in preset.levels:
        scale.append([lvl.index / k, lvl.color])
        scale.append([(lvl.index + 1) / k, lvl.color])
    return scale


def tick_lines(label: str) -> str:
    """A scale label for a matrix's x axis, one word a line ('Graverende/ødelæggende' breaks after the slash)."""
    return "<br>".join(label.replace("/", "/ ").split())


def matrix_figure(
    preset: Preset,
    counts: dict[tuple[int, int], int],
    lang: str = "da",
    title: str = "",
    *,
    height: int = 420,
    compact: bool = False,
) -> go.Figure:
    """The risk matrix with a count in each cell.

    ``counts`` maps (likelihood, consequence) to the number of risk lines.
    """
    n = preset.size
    z = [[preset.matrix[lik - 1][con - 1] for con in range(1, n + 1)] for lik in range(1, n + 1)]
    xs, ys, texts, custom, hover, text_colors = [], [], [], [], [], []
    for lik, con, lvl in preset.cells():
        count = counts.get((lik, con), 0)
        xs.append(con)
        ys.append(lik)
        texts.append(str(count) if count else "")
        custom.append([lik, con, count])
        text_colors.append(lvl.text_color)
        hover.append(
            t("chart.hover", lang,
              lik=f"{lik} {preset.likelihood[lik - 1].label(lang)}",
              con=f"{con} {preset.consequence[con - 1].label(lang)}",
              level=lvl.label(lang), count=count)
        )
    fig = go.Figure()
    fig.add_trace(
        go.Heatmap(
            z=z,
            x=list(range(1, n + 1)),
            y=list(range(1, n + 1)),
            zmin=-0.5,  # level i sits at (i + 0.5) / k: inside its colour step
            zmax=len(preset.levels) - 0.5,
            colorscale=level_colorscale(preset),
            showscale=False,
            hoverinfo="skip",
            xgap=3,
            ygap=3,
        )
    )
    fig.add_trace(
        go.Scatter(
            x=xs,
            y=ys,
            mode="markers+text",
            text=texts,
            textfont={"size": 14 if compact else 20, "color": text_colors},
            marker={"symbol": "square", "size": 40 if compact else 70, "color": "rgba(0,0,0,0)"},
            customdata=custom,
            hovertext=hover,
            hoverinfo="text",
            name="",
            showlegend=False,
        )
    )
    tick = {"tickmode": "array", "tickvals": list(range(1, n + 1))}
    x_title = t("chart.severity" if preset.id == DS_PRESET_ID else "chart.consequence", lang)
    fig.update_layout(
        title={"text": title, "x": 0.0} if title else None,
        height=height,
        margin={"l": 10, "r": 10, "t": 40 if title else 10, "b": 10},
        # The number over its label, a word a line, level: a narrow matrix tilts one-line labels and cuts off the last.
        xaxis={**tick, "ticktext": [tick_lines(f"{s.value} {s.label(lang)}") for s in preset.consequence],
               "tickangle": 0, "tickfont": {"size": 10 if compact else 12},
               "title": x_title, "fixedrange": True, "showgrid": False, "zeroline": False},
        yaxis={**tick, "ticktext": [f"{s.value} {s.label(lang)}" for s in preset.likelihood],
               "title": t("chart.likelihood", lang), "fixedrange": True, "showgrid": False, "zeroline": False},
        clickmode="event+select",
        dragmode=False,
        plot_bgcolor="white",
    )
    return fig


def legend_frame(preset: Preset, lang: str = "da") -> pd.DataFrame:
    """The legend, derived from the matrix: level, how many cells carry it, its meaning."""
    rows = []
    for entry in preset.legend():
        rows.append(
            {
                t("chart.legend.level", lang): entry.level.label(lang),
                t("chart.legend.cells", lang): len(entry.cells),
                t("chart.legend.meaning", lang): entry.level.definition(lang),
                "_color": entry.level.color,
                "_text": entry.level.text_color,
            }
        )
    return pd.DataFrame(rows)


def selected_cell(selection) -> tuple[int, int] | None:
    """(likelihood, consequence) of the clicked cell in a Streamlit plotly selection, if any."""
    if not selection:
        return None
    points = selection.get("selection", {}).get("points") if isinstance(selection, dict) else None
    if points is None and hasattr(selection, "selection"):
        points = selection.selection.get("points", [])
    for p in points or []:
        data = p.get("customdata")
        if data and len(data) >= 2:
            return int(data[0]), int(data[1])
        if "x" in p and "y" in p:
            return int(p["y"]), int(p["x"])
    return None


# -- the annual review: level counts, the trend over baselines, movement between cells, what is due -------
def _bar_layout(fig: go.Figure, title: str, height: int, *, legend: bool) -> go.Figure:
    # Title on top, then the legend in a row of its own just above the bars.
    top = (30 if title else 0) + (30 if legend else 0) + 10
    fig.update_layout(
        title={"text": title, "x": 0.0, "y": 1.0, "yref": "container", "yanchor": "top", "pad": {"t": 8}}
        if title else None,
        height=height,
        margin={"l": 10, "r": 10, "t": top, "b": 10},
        showlegend=legend,
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "yref": "paper", "x": 0.0,
                "traceorder": "normal"},
        plot_bgcolor="white",
        dragmode=False,
        bargap=0.3,
    )
    fig.update_xaxes(type="category", fixedrange=True)
    fig.update_yaxes(fixedrange=True, rangemode="tozero", gridcolor="#e0e0e0", tickformat="d")
    return fig


def level_bar_figure(
    preset: Preset, counts: list[int], lang: str = "da", title: str = "", *, height: int = 260
) -> go.Figure:
    """One bar per level of the matrix (lowest first), each in its level's colour.

    ``counts[i]`` is the number of risk lines at level index ``i``.
    """
    if len(counts) != len(preset.levels):
        raise ValueError(f"{len(counts)} counts for the {len(preset.levels)} levels of {preset.id}")
    fig = go.Figure(
        go.Bar(
            x=[lv.label(lang) for lv in preset.levels],
            y=list(counts),
            marker={"color": [lv.color for lv in preset.levels], "line": OUTLINE},
            text=[str(n) for n in counts],
            textposition="auto",
            customdata=[lv.key for lv in preset.levels],
            hovertemplate="%{x}: %{y}<extra></extra>",
            name="",
        )
    )
    return _bar_layout(fig, title, height, legend=False)


def level_counts_of_cells(preset: Preset, counts: dict[tuple[int, int], int]) -> list[int]:
    """Risk lines per level (index 0 = lowest) from counts per matrix cell (likelihood, consequence)."""
    out = [0] * len(preset.levels)
    for (lik, con), n in counts.items():
        out[preset.matrix[lik - 1][con - 1]] += n
    return out


def trend_with_today(trend: pd.DataFrame, preset: Preset, counts: dict[tuple[int, int], int]) -> pd.DataFrame:
    """The baselines' trend (``BaselineService.trend(..., include_today=False)``) with today's row added from
    counts per matrix cell (``PortfolioService.heatmap``): the same organisational lines per level as the
    service's own "today" row, from a figure the portfolio service caches, so today's state is not read twice."""
    row = {"label": "today", "baseline_id": None,
           **dict(zip([lv.key for lv in preset.levels], level_counts_of_cells(preset, counts), strict=True))}
    today = pd.DataFrame([row], columns=list(trend.columns) if len(trend.columns) else list(row))
    return today if trend.empty else pd.concat([trend, today], ignore_index=True)


def trend_figure(
    preset: Preset,
    trend: pd.DataFrame,
    lang: str = "da",
    title: str = "",
    *,
    today_label: str = "today",
    height: int = 360,
    compact: bool = False,
) -> go.Figure:
    """Stacked bars of risk lines per level, one bar per state (each baseline, then today).

    ``trend`` has a ``label`` column (the year, or "today") and one column per level key of
    the preset (riskmodel.services.baselines.BaselineService.trend); levels stack lowest first,
    each in its level's colour.
    """
    x = [today_label if str(label) == "today" else str(label) for label in trend["label"]] if len(trend) else []
    fig = go.Figure()
    for lv in preset.levels:
        ys = [int(v) for v in trend[lv.key]] if len(trend) else []
        top = lv is preset.levels[-1]  # the highest level, on top of the stack: its count above the bar
        fig.add_trace(
            go.Bar(
                x=x,
                y=ys,
                name=lv.label(lang),
                marker={"color": lv.color, "line": OUTLINE},
                text=None if compact else [str(v) if v else "" for v in ys],
                textposition="outside" if top else "inside",
                insidetextanchor="middle",
                textangle=0,  # level: Plotly turned and shrank a number that did not fit a thin segment
                textfont={"color": "#111318" if top else lv.text_color},
                cliponaxis=False,
                hovertemplate=f"%{{x}} · {lv.label(lang)}: %{{y}}<extra></extra>",
            )
        )
    # A number too big for its segment is left out (its count is in the hover), never drawn unreadably small.
    fig.update_layout(barmode="stack", uniformtext={"minsize": 9, "mode": "hide"})
    return _bar_layout(fig, title, height, legend=True)


def due_buckets(
    today,
    reviews,
    measures,
    months: int = 3,
) -> list[tuple[object, int, int]]:
    """What falls due: now (overdue) and in each of the next ``months`` calendar months, this one first.

    ``reviews``: (next review date or None, urgent) per system, urgent meaning overdue or called for by a
    major change. ``measures``: (deadline or None, overdue, done) per measure. Returns
    ``[(None, reviews now, measures now), (first day of this month, reviews, measures), ...]``; a month
    counts only what is not already overdue (this month: from today to its end).
    """
    first = today.replace(day=1)
    starts = [add_months(first, k) for k in range(months + 1)]
    rev = [0] * months
    mea = [0] * months
    rev_now = mea_now = 0

    def slot(d) -> int | None:
        if d is None or d < today:
            return None
        for k in range(months):
            if starts[k] <= d < starts[k + 1]:
                return k
        return None

    for d, urgent in reviews:
        d = None if d is None or pd.isna(d) else d
        if urgent:
            rev_now += 1
        elif (k := slot(d)) is not None:
            rev[k] += 1
    for d, overdue, done in measures:
        d = None if d is None or pd.isna(d) else d
        if done:
            continue
        if overdue:
            mea_now += 1
        elif (k := slot(d)) is not None:
            mea[k] += 1
    return [(None, rev_now, mea_now), *[(starts[k], rev[k], mea[k]) for k in range(months)]]


DUE_COLORS = ("#1565c0", "#8e24aa")  # reviews, measures


def due_figure(
    labels: list[str],
    reviews: list[int],
    measures: list[int],
    names: tuple[str, str] = ("Reviews", "Measures"),
    title: str = "",
    *,
    height: int = 260,
    overdue_first: bool = True,
) -> go.Figure:
    """Grouped bars per period (e.g. 'overdue', then month by month): reviews due and measures due.

    With ``overdue_first`` the first period's bars are hatched: they are past their date.
    """
    if not len(labels) == len(reviews) == len(measures):
        raise ValueError("labels, reviews and measures must be of equal length")
    fig = go.Figure()
    for name, ys, color in zip(names, (reviews, measures), DUE_COLORS, strict=True):
        hatch = ["/" if overdue_first and i == 0 else "" for i in range(len(ys))]
        fig.add_trace(
            go.Bar(
                x=list(labels),
                y=list(ys),
                name=name,
                marker={"color": color, "pattern": {"shape": hatch, "fillmode": "overlay", "fgcolor": "white", "solidity": 0.3}},
                text=[str(v) if v else "" for v in ys],
                textposition="outside",
                cliponaxis=False,
                hovertemplate=f"%{{x}} · {name}: %{{y}}<extra></extra>",
            )
        )
    fig.update_layout(barmode="group")
    fig = _bar_layout(fig, title, height, legend=True)
    fig.update_xaxes(tickangle=0)
    return fig


def movement_figure(
    preset: Preset,
    moves: dict[tuple[tuple[int, int], tuple[int, int]], int],
    lang: str = "da",
    title: str = "",
    *,
    height: int = 480,
) -> go.Figure:
    """How risk lines moved between matrix cells from one state to another.

    ``moves`` maps ((likelihood, consequence) before, (likelihood, consequence) after) to a
    number of lines (riskmodel.domain.baseline.movement). The matrix is drawn in its level colours;
    each cell shows how many lines stayed in it, and an arrow, as wide as its share of the
    moves, runs from the cell the lines left to the cell they reached, with their number on it.
    Arrows between the same two cells in opposite directions are drawn side by side.
    """
    n = preset.size
    z = [[preset.matrix[lik - 1][con - 1] for con in range(1, n + 1)] for lik in range(1, n + 1)]
    fig = go.Figure()
    fig.add_trace(
        go.Heatmap(
            z=z,
            x=list(range(1, n + 1)),
            y=list(range(1, n + 1)),
            zmin=-0.5,
            zmax=len(preset.levels) - 0.5,
            colorscale=level_colorscale(preset),
            showscale=False,
            hoverinfo="skip",
            xgap=3,
            ygap=3,
            opacity=0.55,
        )
    )
    stay = {}
    moved = []
    for (before, after), count in moves.items():
        if before is None or after is None or not count:
            continue
        if before == after:
            stay[before] = stay.get(before, 0) + count
        else:
            moved.append((before, after, count))
    moved.sort(key=lambda m: (-m[2], m[0], m[1]))
    biggest = max((c for _, _, c in moved), default=1)

    sx, sy, stext, scustom, shover = [], [], [], [], []
    for (lik, con), count in sorted(stay.items()):
        sx.append(con)
        sy.append(lik)
        stext.append(str(count))
        scustom.append([lik, con, count])
        shover.append(t("chart.hover", lang,
                        lik=f"{lik} {preset.likelihood[lik - 1].label(lang)}",
                        con=f"{con} {preset.consequence[con - 1].label(lang)}",
                        level=preset.level(lik, con).label(lang), count=count))
    fig.add_trace(
        go.Scatter(
            x=sx, y=sy, mode="text", text=stext, textfont={"size": 16, "color": "#212121"},
            customdata=scustom, hovertext=shover, hoverinfo="text", name="stay", showlegend=False,
        )
    )

    mx, my, mcustom, mhover, labels = [], [], [], [], []
    for (blik, bcon), (alik, acon), count in moved:
        dx, dy = acon - bcon, alik - blik
        length = (dx * dx + dy * dy) ** 0.5
        ox, oy = -dy / length * 0.12, dx / length * 0.12  # to the arrow's left: opposite arrows part
        fig.add_annotation(
            x=acon + ox, y=alik + oy, ax=bcon + ox, ay=blik + oy,
            xref="x", yref="y", axref="x", ayref="y",
            showarrow=True, arrowhead=2, arrowsize=1.0,
            arrowwidth=1.5 + 4.5 * count / biggest,
            arrowcolor="rgba(33,33,33,0.8)",
            standoff=12, startstandoff=12, text="",
        )
        mx.append((acon + bcon) / 2 + ox)
        my.append((alik + blik) / 2 + oy)
        mcustom.append([blik, bcon, alik, acon, count])
        mhover.append(f"({blik},{bcon}) → ({alik},{acon}): {count}")
        labels.append((mx[-1], my[-1], count))
    # The number of lines on each arrow: drawn after (above) every arrow, so no arrow crosses a number.
    for x, y, count in labels:
        fig.add_annotation(x=x, y=y, xref="x", yref="y", text=str(count), showarrow=False, bgcolor="white",
                           bordercolor="#424242", borderwidth=1, borderpad=2, font={"size": 12, "color": "#212121"})
    fig.add_trace(  # invisible points under the numbers: the hover text, and the moves as data
        go.Scatter(
            x=mx, y=my, mode="markers", marker={"size": 18, "color": "rgba(0,0,0,0)"},
            customdata=mcustom, hovertext=mhover, hoverinfo="text", name="moves", showlegend=False,
        )
    )
    tick = {"tickmode": "array", "tickvals": list(range(1, n + 1))}
    x_title = t("chart.severity" if preset.id == DS_PRESET_ID else "chart.consequence", lang)
    fig.update_layout(
        title={"text": title, "x": 0.0} if title else None,
        height=height,
        margin={"l": 10, "r": 10, "t": 40 if title else 10, "b": 10},
        # The number over its label, a word a line, level: a narrow matrix tilts one-line labels and cuts off the last.
        xaxis={**tick, "ticktext": [tick_lines(f"{s.value} {s.label(lang)}") for s in preset.consequence],
               "tickangle": 0,
               "title": x_title, "fixedrange": True, "showgrid": False, "zeroline": False,
               "range": [0.5, n + 0.5]},
        yaxis={**tick, "ticktext": [f"{s.value} {s.label(lang)}" for s in preset.likelihood],
               "title": t("chart.likelihood", lang), "fixedrange": True, "showgrid": False, "zeroline": False,
               "range": [0.5, n + 0.5]},
        dragmode=False,
        plot_bgcolor="white",
        showlegend=False,
    )
    return fig


def top_moves(moves: dict, limit: int = 5) -> list[tuple[tuple[int, int], tuple[int, int], int]]:
    """The largest moves between two different cells, biggest first: (before cell, after cell, lines)."""
    out = [(b, a, c) for (b, a), c in moves.items() if b is not None and a is not None and b != a and c]
    out.sort(key=lambda m: (-m[2], m[0], m[1]))
    return out[:limit]
