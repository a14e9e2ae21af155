"""What a bench run reports: figures (a value, its baselines, its target and whether it is met),
sections (the time and the load each measurement group ran under), and their plain-text rendering."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Figure:
    key: str
    label: str
    value: float | None
    unit: str
    baselines: dict[str, float | None] = field(default_factory=dict)
    target: str | None = None  # settings.TARGETS[key], as printed (filled in by Bench.add)
    met: bool | None = None
    note: str = ""


@dataclass
class Section:
    name: str
    seconds: float = 0.0
    load_before: tuple[float, float, float] = (0.0, 0.0, 0.0)
    load_after: tuple[float, float, float] = (0.0, 0.0, 0.0)
    cpu_busy: float | None = None  # fraction of the machine's CPUs busy (anyone's work) during the section
    error: str | None = None
    details: dict = field(default_factory=dict)


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * q // 100))  # ceil
    return ordered[int(rank) - 1]


def ms(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds * 1000, 2)


def rounded(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "n/a"
    return f"{value:g}x" if unit == "x" else f"{value:g} {unit}"


def render(result: dict, write: Callable[[str], None] = print) -> None:
    """Plain text, one line per figure: value, baseline(s), target, met (readable in a CI log)."""
    load, machine = result["load_average"], result["machine"]
    write(
        f"evalrun bench --{result['mode']}: {result['wall_sec']:.0f} s; load average "
        f"{load['start'][0]:.2f} -> {load['end'][0]:.2f} (1 min) on {machine.get('cpus')} CPUs; "
        f"docker {machine.get('docker')} ({machine.get('storage_driver')})"
    )
    rows = [("figure", "evalrun", "target", "met", "baseline")]
    for fig in result["figures"].values():
        baselines = "; ".join(f"{name}: {_fmt(v, fig['unit'])}" for name, v in fig["baselines"].items()) or "-"
        met = {True: "yes", False: "NO", None: "-"}[fig["met"]]
        rows.append((fig["label"], _fmt(fig["value"], fig["unit"]), fig["target"] or "-", met, baselines))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for row in rows:
        write("  ".join(cell.ljust(width) for cell, width in zip(row[:4], widths, strict=True)) + "  " + row[4])
    for fig in result["figures"].values():
        if fig["note"]:
            write(f"  {fig['key']}: {fig['note']}")
    for section in result["sections"]:
        write(
            f"  section {section['name']}: {section['seconds']:.0f} s, load average "
            f"{section['load_before'][0]:.2f} -> {section['load_after'][0]:.2f}"
            + (f", CPUs {section['cpu_busy']:.0%} busy" if section["cpu_busy"] is not None else "")
            + (f"; ERROR {section['error']}" if section["error"] else "")
        )
