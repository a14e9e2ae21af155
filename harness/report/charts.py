"""Static charts (matplotlib, no pyplot state): the skill effect per metric with its 95% CI, the
pairwise effects (one row per comparison, one panel per metric, with p_holm) and, for an ablation,
the effect of removing each section.

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


def pairwise_figure(effects: pd.DataFrame, metrics: list[str]) -> Figure | None:
    """Every effect row (analysis.effects: treated - baseline, skill:b - skill:a, skill - placebo) on
    each of these metrics: one panel per metric, one line per comparison with its 95% CI, p_holm beside it."""
    frame = effects[effects["metric"].isin(metrics)].dropna(subset=["value"])
    if frame.empty:
        return None
    several = frame["model"].nunique() > 1
    frame = frame.assign(
        line=[f"{m} · {c}" if several else c for m, c in zip(frame["model"], frame["condition"], strict=True)]
    )
    return comparison_figure(frame, metrics, "Pairwise effects (paired over shared tasks; p: Holm-adjusted)")


def ablation_figure(effects: pd.DataFrame, metrics: list[str]) -> Figure | None:
    """analysis.ablation_effects: per removed section, its effect (variant - full skill) on each metric."""
    frame = effects[effects["metric"].isin(metrics)].dropna(subset=["value"])
    if frame.empty:
        return None
    several = frame[["model", "skill"]].drop_duplicates().shape[0] > 1
    lines = [
        f"{m} · {k} · without {s}" if several else f"without {s}"
        for m, k, s in zip(frame["model"], frame["skill"], frame["section"], strict=True)
    ]
    return comparison_figure(
        frame.assign(line=lines), metrics, "Effect of removing each section (variant − full skill)"
    )


def comparison_figure(frame: pd.DataFrame, metrics: list[str], title: str, columns: int = 4) -> Figure:
    """Small multiples: a panel per metric (rates in percentage points, other metrics in their units),
    a row per `line` of the frame (value, ci_low, ci_high, reading, p_holm), coloured by reading."""
    lines = list(dict.fromkeys(frame["line"]))
    shown = [m for m in metrics if m in set(frame["metric"])]
    columns = max(1, min(columns, len(shown)))
    rows = math.ceil(len(shown) / columns)
    panel_height = 0.45 + 0.32 * len(lines)
    label_width = min(4.5, 0.08 * max(len(line) for line in lines) + 0.4)
    figure = Figure(figsize=(label_width + 2.6 * columns, rows * panel_height + 0.8), layout="constrained")
    grid = figure.add_gridspec(rows, columns)
    for index, metric in enumerate(shown):
        axis = figure.add_subplot(grid[index // columns, index % columns])
        part = frame[frame["metric"] == metric]
        scale = 100 if (part["kind"] == "binary").all() else 1
        axis.axvline(0, color="#8c959f", linewidth=0.8)
        for row, line in enumerate(lines):
            match = part[part["line"] == line]
            if match.empty:
                continue
            item = match.iloc[0]
            color = _color(item["reading"])
            value, low, high = item["value"] * scale, item["ci_low"] * scale, item["ci_high"] * scale
            error = None if math.isnan(low) or math.isnan(high) else [[value - low], [high - value]]
            axis.errorbar(value, -row, xerr=error, fmt="o", color=color, markersize=5, capsize=3, linewidth=1.6)
            p = item["p_holm"]
            if not math.isnan(p):
                axis.annotate(
                    f"p={p:.2f}",
                    (1.0, -row),
                    xycoords=("axes fraction", "data"),
                    xytext=(2, 0),
                    textcoords="offset points",
                    fontsize=6.5,
                    va="center",
                    color="#57606a",
                )
        first = index % columns == 0
        axis.set_yticks([-i for i in range(len(lines))], lines if first else [""] * len(lines), fontsize=7.5)
        axis.set_ylim(-len(lines) + 0.4, 0.6)
        axis.set_title(f"{metric}{' (pp)' if scale == 100 else ''}", fontsize=9, loc="left")
        axis.tick_params(axis="x", labelsize=7.5)
        axis.grid(axis="x", color="#d0d7de", linewidth=0.5)
        for side in ("top", "right"):
            axis.spines[side].set_visible(False)
    figure.suptitle(title, x=0.01, ha="left", fontsize=11)
    return figure


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
