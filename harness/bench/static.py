"""Static scoring throughput: score_trial without Docker over every gold and wrong patch, a first
pass in a process that has not seen the tasks, then a second with their facts cached."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from harness.bench.figures import Figure, Section, rounded
from harness.bench.load import cpu_seconds

if TYPE_CHECKING:
    from harness.bench.run import Bench


def measure_static(bench: Bench, section: Section) -> None:
    from harness.scoring import score_trial

    tasks = bench.task_set()[: bench.settings.static_tasks]
    pairs = [
        (task, path.read_text())
        for task in tasks
        for path in ([task.solution_patch] if task.solution_patch else []) + list(task.wrong_patches)
    ]
    passes = []
    for _ in range(2):  # first pass: each task seen for the first time; second: per-task facts cached
        wall, cpu = time.perf_counter(), cpu_seconds()
        for task, patch in pairs:
            score_trial(task, patch, None, None, None, image=None)
        passes.append((time.perf_counter() - wall, cpu_seconds() - cpu))
    (cold, cold_cpu), (warm, warm_cpu) = passes
    section.details |= {
        "patches": len(pairs),
        "tasks": len(tasks),
        "cold": {"wall_sec": round(cold, 2), "cpu_sec": round(cold_cpu, 2)},
        "warm": {"wall_sec": round(warm, 2), "cpu_sec": round(warm_cpu, 2)},
    }
    rate = len(pairs) / cold
    bench.add(
        Figure(
            "static_patches_per_sec",
            "static scoring throughput",
            rounded(rate, 1),
            "patches/s",
            {
                "second pass (per-task facts cached)": rounded(len(pairs) / warm, 1),
                "per CPU-second, first pass": rounded(len(pairs) / cold_cpu, 1),
            },
            note=f"{len(pairs)} gold and wrong patches of {len(tasks)} tasks, one pass, no Docker",
        ),
        measured=rate,
    )
