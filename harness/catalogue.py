"""tasks/README.md: a catalogue generated from the task files (`evalrun tasks catalogue`).

Beside each task's metadata: whether it is quarantined as unstable (its tasks folder's
unstable.toml, harness/unstable.py) and its measured difficulty figures (harness/difficulty.py,
computed from the task files, never written by hand). `rows()` is the same content as data, for
`evalrun tasks catalogue --json`.
"""

from __future__ import annotations

from collections import Counter

from harness.difficulty import Difficulty, measure
from harness.tasks import Task
from harness.unstable import unstable_for

HEADER = """# Task catalogue

Generated from the task files by `evalrun tasks catalogue`; do not edit by hand (a test fails
when it is out of date). Task format: [../docs/task-format.md](../docs/task-format.md).
"""
DIFFICULTY_NOTE = """Measured difficulty (computed from the task files by harness/difficulty.py; definitions and how
the labels are assigned: [../docs/validation.md](../docs/validation.md#difficulty-measured)): gold
+/- = non-blank lines the gold patch adds / removes; files = files it touches; distance = modules
from the symptom (what the instruction names, else what the failing hidden tests import or call) to
the farthest module the gold patch touches, in the import graph; hidden = test ids in the hidden
tests; wrong sim = mean similarity of the wrong patches' changed lines to the gold patch's; in gold
files / symptom only = share of wrong patches touching only the gold patch's files / only symptom
modules. `-`: not measurable (no gold patch, no symptom module found)."""


def _fmt(value) -> str:
    if value is None:
        return "-"
    return f"{value:.2f}" if isinstance(value, float) else str(value)


def rows(tasks: list[Task]) -> list[dict]:
    """One dict per task (sorted by id): metadata, `unstable` (None or its entry) and `difficulty`."""
    tasks = sorted(tasks, key=lambda t: t.id)
    unstable = unstable_for(tasks)
    out = []
    for task in tasks:
        entry = unstable.get(task.id)
        out.append(
            {
                "id": task.id,
                "service": task.service_name,
                "category": task.category,
                "difficulty": task.difficulty,
                "expected_outcome": str(task.expected_outcome),
                "skill_rules": list(task.skill_rules),
                "wrong_patches": len(task.wrong_patches),
                "unstable": None if entry is None else entry.__dict__,
                "measured": measure(task).to_dict(),
            }
        )
    return out


def _stability(row: dict) -> str:
    entry = row["unstable"]
    return "stable" if entry is None else f"unstable ({entry['flake_rate']:.2f})"


def render(tasks: list[Task]) -> str:
    data = rows(tasks)
    services = Counter(r["service"] for r in data)
    categories = Counter(r["category"] for r in data)
    lines = [HEADER, f"{len(data)} tasks on {len(services)} services.", ""]
    lines += ["| category | tasks |", "|---|---|"]
    lines += [f"| {name} | {count} |" for name, count in sorted(categories.items())]
    lines += [
        "",
        "| id | service | category | difficulty | outcome | skill rules probed | wrong patches | stability |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in data:
        lines.append(
            f"| {r['id']} | {r['service']} | {r['category']} | {r['difficulty']} | {r['expected_outcome']} "
            f"| {', '.join(r['skill_rules'])} | {r['wrong_patches']} | {_stability(r)} |"
        )
    lines += ["", "## Measured difficulty", "", DIFFICULTY_NOTE, ""]
    lines += [
        "| id | label | gold +/- | files | distance | hidden | wrong sim | in gold files | symptom only |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in data:
        m = Difficulty(**{k: tuple(v) if isinstance(v, list) else v for k, v in r["measured"].items()})
        size = "-" if m.gold_added is None else f"+{m.gold_added}/-{m.gold_removed}"
        lines.append(
            f"| {r['id']} | {r['difficulty']} | {size} | {_fmt(m.gold_files)} | {_fmt(m.distance)} "
            f"| {m.hidden_tests} | {_fmt(m.wrong_similarity)} | {_fmt(m.wrong_in_gold_files)} "
            f"| {_fmt(m.wrong_symptom_only)} |"
        )
    lines += ["", "Per label (do the measured figures agree with the labels?):", ""]
    lines += label_summary(data)
    return "\n".join(lines) + "\n"


def _median(values: list) -> str:
    values = sorted(v for v in values if v is not None)
    if not values:
        return "-"
    middle = len(values) // 2
    value = float(values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) / 2)
    return str(int(value)) if value.is_integer() else f"{value:.1f}"


def _mean(values: list) -> str:
    values = [v for v in values if v is not None]
    return f"{sum(values) / len(values):.2f}" if values else "-"


def label_summary(data: list[dict]) -> list[str]:
    """One row per difficulty label: medians and means of the measured figures of its tasks."""
    lines = [
        "| label | tasks | with gold | gold lines (median, range) | files (median) | distance 0 / 1 / 2+ / - "
        "| hidden (median) | wrong sim (mean) | in gold files (mean) | symptom only (mean) |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for label in ("easy", "medium", "hard"):
        group = [r["measured"] for r in data if r["difficulty"] == label]
        if not group:
            continue
        gold = [m for m in group if m["gold_added"] is not None]
        sizes = [m["gold_added"] + m["gold_removed"] for m in gold]
        size = f"{_median(sizes)} ({min(sizes)}-{max(sizes)})" if sizes else "-"
        distances = [m["distance"] for m in group]
        spread = " / ".join(
            str(n)
            for n in (
                sum(d == 0 for d in distances),
                sum(d == 1 for d in distances),
                sum(d is not None and d >= 2 for d in distances),
                sum(d is None for d in distances),
            )
        )
        lines.append(
            f"| {label} | {len(group)} | {len(gold)} | {size} | {_median([m['gold_files'] for m in gold])} | {spread} "
            f"| {_median([m['hidden_tests'] for m in group])} | {_mean([m['wrong_similarity'] for m in group])} "
            f"| {_mean([m['wrong_in_gold_files'] for m in group])} "
            f"| {_mean([m['wrong_symptom_only'] for m in group])} |"
        )
    return lines
