"""Throughput at several concurrencies: `validate` (tasks/minute) and whole trials (a replayed model
at 1 s per call, each trial the whole main job), the target being concurrency 8 against 1."""

from __future__ import annotations

import json
import os
import shlex
import statistics
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from harness.bench.figures import Figure, Section, rounded
from harness.bench.grading import grading_tasks
from harness.bench.load import busy_cpu_seconds_since, busy_since, cpu_ticks
from harness.patches import parse_patch

if TYPE_CHECKING:
    from harness.bench.run import Bench

# The trial the replay model plays: read, run the tests, fix, rerun, review, report (the fixture
# task's bug; every command is a real one in the container, each answer comes after 1 s).
FIXTURE_SCRIPT = [
    "Let me read the pricing code first.\n```bash\ncat app/pricing.py\n```",
    "```bash\npython -m pytest -q\n```",
    "Rounding down loses the half cent.\n```bash\nsed -i 's/ROUND_DOWN/ROUND_HALF_UP/g' app/pricing.py\n```",
    "```bash\npython -m pytest -q && git diff\n```",
    "Changed the rounding mode in app/pricing.py to ROUND_HALF_UP. `python -m pytest -q` passed after the change.",
]
# A longer trial on the same task (20 model calls, closer to a real agent's episode): the
# per-trial costs (two containers, export, grading) are spread over more model time.
LONG_FIXTURE_SCRIPT = [
    f"```bash\n{command}\n```"
    for command in (
        "ls -la",
        "git log --oneline | head",
        "cat app/pricing.py",
        "ls tests",
        "cat tests/test_pricing.py",
        "cat tests/conftest.py",
        "grep -rn ROUND app",
        "python -m pytest -q",
        "python -c 'from decimal import Decimal; from app.pricing import apply_discount; "
        'print(apply_discount(Decimal("0.05"), 50))\'',
        "grep -n quantize app/pricing.py",
        "git status --short",
        "sed -i 's/ROUND_DOWN/ROUND_HALF_UP/g' app/pricing.py",
        "git diff",
        "python -m pytest -q",
        "python -c 'from decimal import Decimal; from app.pricing import apply_discount; "
        'print(apply_discount(Decimal("0.05"), 50))\'',
        "grep -rn ROUND_DOWN . || true",
        "python -m pytest -q tests/test_pricing.py",
        "git diff --stat",
        "git status --short",
    )
] + [FIXTURE_SCRIPT[-1]]


def real_task_script(task) -> list[str]:
    """A replayed trial on a real task: look around, run the tests, apply the gold patch, rerun, review."""
    gold = task.solution_patch.read_text()
    gold = gold if gold.endswith("\n") else gold + "\n"
    first = next((diff.new_path for diff in parse_patch(gold) if diff.new_path and diff.hunks), "README.md")
    return [
        "```bash\ngit status && ls\n```",
        f"```bash\ncat {shlex.quote(first)}\n```",
        "```bash\npython -m pytest -q 2>&1 | tail -5\n```",
        f"```bash\ngit apply <<'EVALRUN_PATCH'\n{gold}EVALRUN_PATCH\n```",
        "```bash\npython -m pytest -q 2>&1 | tail -5\n```",
        "```bash\ngit diff --stat\n```",
        "Applied the fix. `python -m pytest -q` passed after the change.",
    ]


def measure_validate(bench: Bench, section: Section) -> None:
    from harness.validate import validate_tasks

    s = bench.settings
    if s.validate_real_tasks:
        chosen: dict[str, object] = {}
        for task in bench.task_set():
            chosen.setdefault(task.service_name, task)
        tasks = list(chosen.values())[: s.validate_real_tasks]
    else:
        tasks = []
    results = {}
    for level in s.validate_levels:
        batch = tasks or [bench.fixture()] * level
        for task in batch:
            bench.image(task)
        began = time.perf_counter()
        checked = validate_tasks(batch, lambda t: bench.images[t.id], repeats=1, concurrency=level)
        wall = time.perf_counter() - began
        invalid = [r.task_id for r in checked if not r.valid]
        if invalid:
            raise RuntimeError(f"validate found invalid tasks: {invalid}")
        grades = sum(r.checks for r in checked)
        results[level] = len(batch) / wall * 60
        section.details[f"c{level}"] = {"tasks": len(batch), "grades": grades, "wall_sec": round(wall, 1)}
        bench.log(f"  concurrency {level}: {len(batch)} tasks ({grades} grades) in {wall:.1f}s")
    what = f"{len(tasks)} real tasks" if tasks else "the fixture task (3 grades each)"
    rate_figures(
        bench,
        results,
        "validate_tasks_per_min",
        "validate throughput, concurrency {level}",
        "tasks/min",
        note=lambda level: f"{what}, --repeats 1",
    )


def measure_trials(bench: Bench, section: Section) -> None:
    s = bench.settings
    fixture = bench.fixture()
    rates = trial_series(bench, section, "fixture", fixture, FIXTURE_SCRIPT, s.trial_levels)
    base = rates[s.trial_levels[0]]
    calls = f"{len(FIXTURE_SCRIPT)} model calls x {s.trial_latency_sec:g} s"
    rate_figures(
        bench,
        rates,
        "trials_per_min",
        "trial throughput, concurrency {level}",
        "trials/min",
        note=lambda level: f"fixture task, {calls}, {level * s.trials_per_slot} trials",
    )
    speedup = rates[8] / base if 8 in rates else None
    figure = Figure(
        "trial_speedup_c8",
        "trial throughput, concurrency 8 / concurrency 1",
        rounded(speedup, 2),
        "x",
        {},
        note="fixture task (its tests take ~0.2 s: the harness's own cost dominates); CPUs busy (anyone's work): "
        + ", ".join(
            f"c{level} {section.details[f'fixture-c{level}']['cpu_busy']:.0%}"
            for level in s.trial_levels
            if section.details[f"fixture-c{level}"]["cpu_busy"] is not None
        )
        + ceiling_note(section.details.get("fixture-c1"), section.details.get("fixture-c8")),
    )
    if s.long_trial_levels:
        n = len(LONG_FIXTURE_SCRIPT)
        label = f"trial throughput, {n} calls, concurrency {{level}}"
        ratio = further_series(bench, section, "long", fixture, LONG_FIXTURE_SCRIPT, s.long_trial_levels, label)
        figure.baselines[f"fixture task, {n} calls"] = ratio
    if s.real_trial_levels:
        task = grading_tasks(bench)[0]
        script = real_task_script(task)
        label = f"trial throughput on {task.id}, concurrency {{level}}"
        ratio = further_series(bench, section, "real", task, script, s.real_trial_levels, label, where="")
        figure.baselines[f"{task.id} (real task, {len(script)} calls)"] = ratio
    bench.add(figure, measured=speedup)


def speedup_ceiling(c1: dict | None, c8: dict | None, cpus: int | None) -> float | None:
    """The most that c8/c1 can be on `cpus` CPUs: at concurrency 8 the CPUs are the limit, so c8 runs
    at most cpus / (machine CPU-s per trial) trials a second, against 1 / (mean trial seconds) at
    concurrency 1. None when a figure is missing."""
    per_trial = (c8 or {}).get("machine_cpu_sec_per_trial")
    if not (c1 and per_trial and cpus):
        return None
    return cpus * c1["mean_trial_sec"] / per_trial


def ceiling_note(c1: dict | None, c8: dict | None) -> str:
    cpus = os.cpu_count()
    ceiling = speedup_ceiling(c1, c8, cpus)
    if ceiling is None:
        return ""
    return (
        f"; the CPUs allow at most {ceiling:.2f}x: {cpus} CPUs x the c1 trial's {c1['mean_trial_sec']:g} s"
        f" / {c8['machine_cpu_sec_per_trial']:g} machine CPU-s per c8 trial (anyone's work: the trials' own only"
        " when nothing else runs)"
    )


def further_series(
    bench: Bench,
    section: Section,
    name: str,
    task,
    script: list[str],
    levels: tuple[int, ...],
    label: str,
    where: str = "fixture task, ",
) -> float | None:
    """A further trial series (full mode): a figure per concurrency (`label` formatted with the level,
    the note starting with `where`); returns its highest level's rate over its lowest."""
    s = bench.settings
    rates = trial_series(bench, section, name, task, script, levels)
    calls = f"{len(script)} model calls x {s.trial_latency_sec:g} s"
    rate_figures(
        bench,
        rates,
        f"{name}_trials_per_min",
        label,
        "trials/min",
        note=lambda level: f"{where}{calls}, {level * s.trials_per_slot} trials",
        compared=False,
    )
    return rounded(rates[levels[-1]] / rates[levels[0]], 2)


def rate_figures(
    bench: Bench,
    rates: dict[int, float],
    key: str,
    label: str,
    unit: str,
    note: Callable[[int], str],
    compared: bool = True,
) -> None:
    """A figure `<key>_c<level>` per concurrency (`label` formatted with the level). `compared`: the
    first level is the others' baseline, and their notes end with the speedup over it."""
    first_level, first = next(iter(rates.items()))
    for level, rate in rates.items():
        against = compared and level != first_level
        bench.add(
            Figure(
                f"{key}_c{level}",
                label.format(level=level),
                rounded(rate, 1),
                unit,
                {"concurrency 1": rounded(first, 1)} if against else {},
                note=note(level) + (f"; {rate / first:.2f}x concurrency 1" if against else ""),
            )
        )


def trial_series(bench: Bench, section: Section, name: str, task, script: list[str], levels) -> dict[int, float]:
    """Trials per minute at each concurrency in `levels`, the replay model playing `script`."""
    from harness.prompts import make_condition
    from harness.runner import Runner, RunSpec

    image = bench.image(task)
    replay = bench.tmp / f"replay-{name}.json"
    replay.write_text(json.dumps({"responses": script, "latency_sec": bench.settings.trial_latency_sec}))
    rates = {}
    for level in levels:
        count = level * bench.settings.trials_per_slot
        run_id = f"{bench.label}-{name}-c{level}"
        condition = make_condition(False, None, False)
        spec = RunSpec(run_id, f"replay/{replay}", condition, count, max_steps=len(script) + 1)
        runner = Runner(spec, [task], {task.id: image}, bench.tmp / spec.run_id, concurrency=level)
        began, ticks = time.perf_counter(), cpu_ticks()
        records = runner.run()
        wall = time.perf_counter() - began
        busy, machine_cpu = busy_since(ticks), busy_cpu_seconds_since(ticks)
        errors = [r.error for r in records if r.error_category is not None]
        if len(records) != count or errors:
            raise RuntimeError(f"{len(records)}/{count} trials recorded; errors: {errors[:3]}")
        if not all(r.resolved for r in records):
            raise RuntimeError(f"{name}: the replayed script no longer resolves {task.id}; update the script")
        rates[level] = count / wall * 60
        mean_trial = statistics.mean(r.wall_sec for r in records)
        resolved = sum(bool(r.resolved) for r in records)
        section.details[f"{name}-c{level}"] = {
            "trials": count,
            "wall_sec": round(wall, 1),
            "mean_trial_sec": round(mean_trial, 2),
            "resolved": resolved,
            "load_1min": os.getloadavg()[0],
            "cpu_busy": busy,
            "machine_cpu_sec_per_trial": round(machine_cpu / count, 2) if machine_cpu is not None else None,
        }
        bench.log(
            f"  {name} concurrency {level}: {count} trials in {wall:.1f}s "
            f"(mean trial {mean_trial:.1f}s, {resolved} resolved, CPUs {busy:.0%} busy)"
            if busy is not None
            else f"  {name} concurrency {level}: {count} trials in {wall:.1f}s (mean trial {mean_trial:.1f}s)"
        )
    return rates
