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

from riskmodel.dpia import DS_PRESET_ID
from riskmodel.i18n import t
from riskmodel.scales import Preset


def level_colorscale(preset: Preset) -> list[list]:
    """A stepped colour scale: level index i is drawn in exactly the level's colour."""
    k = len(preset.levels)
    scale = []
    for lvl in preset.levels:
        scale.append([lvl.index / k, lvl.color])
        scale.append([(lvl.index + 1) / k, lvl.color])
    return scale


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
        xaxis={**tick, "ticktext": [f"{s.value} {s.label(lang)}" for s in preset.consequence],
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
