"""Grading overhead: `grade()` on a gold patch against the grader's own pytest command in a running
container that holds the same graded tree; and (full) a black-box task graded both ways."""

from __future__ import annotations

import dataclasses
import statistics
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from harness.bench.figures import Figure, Section, rounded

if TYPE_CHECKING:
    from harness.bench.run import Bench


def grading_tasks(bench: Bench) -> list:
    """Python in-process tasks with a gold patch: the baseline is the grader's own pytest command
    (black-box grading is measured apart, measure_blackbox; other languages' runners have no such
    baseline here)."""
    tasks = [
        t
        for t in bench.task_set()
        if t.solution_patch is not None and t.tests_mode == "in-process" and t.language == "python"
    ]
    if not tasks:
        return [bench.fixture()]
    if bench.settings.grade_tasks == "one":
        return tasks[:1]
    chosen: dict[str, object] = {}
    for task in tasks:
        chosen.setdefault(task.service_name, task)
    return list(chosen.values())


def measure_grading(bench: Bench, section: Section) -> None:
    from harness.grader import grade, graded_tree, pytest_command
    from harness.sandbox import Sandbox

    total_grade = total_bare = 0.0
    rows = []
    for task in grading_tasks(bench):
        image = bench.image(task)
        patch = task.solution_patch.read_text()
        with tempfile.TemporaryDirectory(prefix="evalrun-bench-tree-") as tmp:
            tree = graded_tree(task, patch, Path(tmp))
        if tree.apply_error:
            raise RuntimeError(f"{task.id}: the gold patch does not apply: {tree.apply_error}")
        files = tree.files
        command = pytest_command(list(task.test_ids))
        grades, bares = [], []
        with Sandbox.start(image, task.limits, role="bench", run_id=bench.label) as box:
            box.replace_tree(files)
            box.exec(command, timeout=task.limits.test_timeout_sec)  # warm the page cache
            if bench.settings.mode == "full":
                grade(task, patch, image, run_id=bench.label)
            for _ in range(bench.settings.grade_samples):  # interleaved: both see the same load
                began = time.perf_counter()
                verdict = grade(task, patch, image, run_id=bench.label)
                grades.append(time.perf_counter() - began)
                if not verdict.resolved:
                    raise RuntimeError(f"{task.id}: the gold patch was not resolved: {verdict.log_tail[-500:]}")
                began = time.perf_counter()
                bare = box.exec(command, timeout=task.limits.test_timeout_sec)
                bares.append(time.perf_counter() - began)
                if bare.exit_code != 0:
                    raise RuntimeError(f"{task.id}: bare pytest failed: {bare.output[-500:]}")
        g, b = statistics.median(grades), statistics.median(bares)
        total_grade, total_bare = total_grade + g, total_bare + b
        rows.append({"task": task.id, "grade_sec": round(g, 3), "pytest_sec": round(b, 3), "ratio": rounded(g / b)})
        bench.log(f"  {task.id}: grade {g:.2f}s, pytest {b:.2f}s, ratio {g / b:.2f}")
    section.details["tasks"] = rows
    ratio = total_grade / total_bare
    names = ", ".join(r["task"] for r in rows)
    bench.add(
        Figure(
            "grade_sec",
            "grade one task (gold patch)",
            rounded(total_grade / len(rows), 3),
            "s",
            {"pytest in a running container": rounded(total_bare / len(rows), 3)},
            note=f"median of {bench.settings.grade_samples} per task, mean over {len(rows)} task(s): {names}",
        )
    )
    bench.add(
        Figure(
            "grade_overhead_ratio",
            "grading overhead (grade / bare pytest)",
            rounded(ratio, 2),
            "x",
            {row["task"]: row["ratio"] for row in rows} if len(rows) > 1 else {},
        ),
        measured=ratio,
    )


def measure_blackbox(bench: Bench, section: Section) -> None:
    """One black-box task's gold patch graded black-box and, as the baseline, in-process (the
    same hidden tests imported by the patched repo), interleaved so both see the same load."""
    from harness.grader import grade

    task = next((t for t in bench.task_set() if t.tests_mode == "black-box" and t.solution_patch), None)
    if task is None:
        raise RuntimeError("no black-box task with a gold patch in the task set")
    modes = {"black-box": task, "in-process": dataclasses.replace(task, tests_mode="in-process")}
    image, patch = bench.image(task), task.solution_patch.read_text()
    times: dict[str, list[float]] = {mode: [] for mode in modes}
    for _ in range(bench.settings.blackbox_samples):
        for mode, graded_task in modes.items():
            began = time.perf_counter()
            verdict = grade(graded_task, patch, image, run_id=bench.label)
            times[mode].append(time.perf_counter() - began)
            if not verdict.resolved:
                raise RuntimeError(f"{task.id} ({mode}): the gold patch was not resolved: {verdict.log_tail[-500:]}")
    black_box, in_process = statistics.median(times["black-box"]), statistics.median(times["in-process"])
    section.details = {"task": task.id, "samples_sec": {m: [round(t, 3) for t in ts] for m, ts in times.items()}}
    bench.log(f"  {task.id}: black-box {black_box:.2f}s, in-process {in_process:.2f}s")
    bench.add(
        Figure(
            "grade_blackbox_sec",
            "grade one black-box task (gold patch)",
            rounded(black_box, 3),
            "s",
            {"the same task graded in-process": rounded(in_process, 3)},
            note=f"{task.id}, median of {bench.settings.blackbox_samples}; {black_box / in_process:.2f}x in-process",
        )
    )
