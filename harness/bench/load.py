"""The machine's load while a figure is taken: busy CPUs (anyone's work) and this process's CPU time."""

from __future__ import annotations

import os
import resource


def cpu_ticks() -> tuple[int, int] | None:
    """(busy, total) jiffies of the whole machine, from /proc/stat (None where there is none)."""
    try:
        with open("/proc/stat") as handle:
            values = [int(v) for v in handle.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    idle = values[3] + (values[4] if len(values) > 4 else 0)
    return sum(values) - idle, sum(values)


def busy_since(start: tuple[int, int] | None) -> float | None:
    """Fraction of all CPUs busy (anyone's work) since `start`."""
    end = cpu_ticks()
    if start is None or end is None or end[1] == start[1]:
        return None
    return round((end[0] - start[0]) / (end[1] - start[1]), 2)


def busy_cpu_seconds_since(start: tuple[int, int] | None) -> float | None:
    """CPU-seconds the whole machine was busy since `start` (anyone's work: it is one run's own cost
    only when nothing else runs)."""
    end = cpu_ticks()
    if start is None or end is None:
        return None
    return (end[0] - start[0]) / os.sysconf("SC_CLK_TCK")


def cpu_seconds() -> float:
    """CPU time of this process and its waited-for children (ruff, git, patch)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime
