"""Static charts (matplotlib, no pyplot state): the skill effect per metric with its 95% CI.

Rates (binary metrics) share one axis in percentage points; counts and continuous metrics each get
a small panel of their own, since their units differ. Rendered to inline SVG (text as paths, so
the SVG needs no font) for the report, or shown as-is in the notebook.
"""

from __future__ import annotations

import io
import math
import re

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

BETTER, WORSE, UNCLEAR = "#1a7f37", "#cf222e", "#57606a"
MARKERS = "osD^vP*X"


def _color(reading: str) -> str:
    return {"better": BETTER, "worse": WORSE}.get(reading, UNCLEAR)


def effects_figure(effects: pd.DataFrame) -> Figure | None:
    """Forest plot of effect rows (analysis.effects): one line per metric, one marker per model."""
    frame = effects.dropna(subset=["value"])
    if frame.empty:
        return None
    entries = list(dict.fromkeys(zip(frame["model"], frame["condition"], strict=True)))
    rates = frame[frame["kind"] == "binary"]
    others = frame[frame["kind"] != "binary"]
    other_metrics = list(dict.fromkeys(others["metric"]))
    rate_metrics = list(dict.fromkeys(rates["metric"]))
    columns = 3
    other_rows = math.ceil(len(other_metrics) / columns)
    rate_height = 0.32 * max(1, len(rate_metrics)) * max(1, len(entries) * 0.6) + 1.2
    heights = ([rate_height] if rate_metrics else []) + [1.0 + 0.25 * len(entries)] * other_rows
    figure = Figure(figsize=(10, sum(heights) + 0.4), layout="constrained")
    grid = figure.add_gridspec(len(heights), columns, height_ratios=heights)
    spread = 0.6 / max(1, len(entries))
    if rate_metrics:
        axis = figure.add_subplot(grid[0, :])
        _forest(axis, rates, rate_metrics, entries, spread, scale=100)
        axis.set_xlabel("treated − baseline, percentage points (95% CI, paired over tasks)")
        axis.set_title("Skill effect on rates", loc="left", fontsize=11)
    for index, metric in enumerate(other_metrics):
        row = (1 if rate_metrics else 0) + index // columns
        axis = figure.add_subplot(grid[row, index % columns])
        _forest(axis, others[others["metric"] == metric], [metric], entries, spread, scale=1, labels=False)
        axis.set_title(metric, fontsize=9, loc="left")
    handles = [
        Line2D([], [], marker=MARKERS[i % len(MARKERS)], linestyle="", color="black", label=f"{m} ({c})")
        for i, (m, c) in enumerate(entries)
    ]
    figure.legend(handles=handles, loc="outside lower center", ncols=min(3, len(entries)), fontsize=8, frameon=False)
    return figure


def _forest(axis, frame: pd.DataFrame, metrics: list[str], entries: list, spread: float, scale: float, labels=True):
    axis.axvline(0, color="#8c959f", linewidth=0.8)
    for row, metric in enumerate(metrics):
        for index, entry in enumerate(entries):
            match = frame[(frame["metric"] == metric) & (frame["model"] == entry[0]) & (frame["condition"] == entry[1])]
            if match.empty:
                continue
            item = match.iloc[0]
            y = -row + (index - (len(entries) - 1) / 2) * spread
            color = _color(item["reading"])
            low, high = item["ci_low"], item["ci_high"]
            if not (math.isnan(low) or math.isnan(high)):
                axis.plot([low * scale, high * scale], [y, y], color=color, linewidth=2, solid_capstyle="butt")
            axis.plot(item["value"] * scale, y, MARKERS[index % len(MARKERS)], color=color, markersize=6)
    axis.set_yticks([-i for i in range(len(metrics))], metrics if labels else [""] * len(metrics), fontsize=8)
    axis.set_ylim(-len(metrics) + 0.4, 0.6)
    axis.tick_params(axis="x", labelsize=8)
    axis.grid(axis="x", color="#d0d7de", linewidth=0.5)
    for side in ("top", "right"):
        axis.spines[side].set_visible(False)


def to_svg(figure: Figure) -> str:
    """The figure as an inline <svg> element (no XML prolog, no external reference)."""
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    text = buffer.getvalue()
    return re.sub(r"^.*?(<svg\b)", r"\1", text, count=1, flags=re.S)


def to_png(figure: Figure, dpi: int = 110) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()
