"""tasks/README.md: a catalogue generated from the task files (`evalrun tasks catalogue`)."""

from __future__ import annotations

from collections import Counter

from harness.tasks import Task

HEADER = """# Task catalogue

Generated from the task files by `evalrun tasks catalogue`; do not edit by hand (a test fails
when it is out of date). Task format: [../docs/task-format.md](../docs/task-format.md).
"""


def render(tasks: list[Task]) -> str:
    tasks = sorted(tasks, key=lambda t: t.id)
    services = Counter(t.service_name for t in tasks)
    categories = Counter(t.category for t in tasks)
    lines = [HEADER, f"{len(tasks)} tasks on {len(services)} services.", ""]
    lines += ["| category | tasks |", "|---|---|"]
    lines += [f"| {name} | {count} |" for name, count in sorted(categories.items())]
    lines += ["", "| id | service | category | difficulty | outcome | skill rules probed | wrong patches |"]
    lines += ["|---|---|---|---|---|---|---|"]
    for task in tasks:
        lines.append(
            f"| {task.id} | {task.service_name} | {task.category} | {task.difficulty} | {task.expected_outcome} "
            f"| {', '.join(task.skill_rules)} | {len(task.wrong_patches)} |"
        )
    return "\n".join(lines) + "\n"
