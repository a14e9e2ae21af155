"""`evalrun validate`: prove every task's hidden check is meaningful and deterministic.

For each task and each repeat: the untouched repo fails FAIL_TO_PASS (for `fix` tasks) while
PASS_TO_PASS holds; the gold patch passes everything; every wrong patch is rejected; and the
per-test outcomes are identical across repeats.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from harness.grader import PASSED, Verdict, grade
from harness.tasks import Outcome, Task


@dataclass
class TaskValidation:
    task_id: str
    problems: list[str] = field(default_factory=list)
    checks: int = 0
    wrong_patches: int = 0
    duration_sec: float = 0.0

    @property
    def valid(self) -> bool:
        return not self.problems


def _problems_for(task: Task, label: str, verdict: Verdict) -> list[str]:
    """What is wrong with one graded variant of the task (empty when it behaves as designed)."""
    failed = sorted(t for t, o in verdict.tests.items() if o != PASSED)
    f2p_failed = [t for t in task.fail_to_pass if verdict.tests.get(t) != PASSED]
    p2p_failed = [t for t in task.pass_to_pass if verdict.tests.get(t) != PASSED]
    if not verdict.patch_applied:
        return [f"{label}: patch did not apply ({verdict.apply_error})"]
    if not verdict.runner_consistent and label != "wrong":
        return [
            f"{label}: pytest exit code {verdict.runner_exit_code} disagrees with its JUnit report; "
            f"log: {verdict.log_tail[-300:]}"
        ]
    if label == "untouched":
        problems = []
        if task.expected_outcome == Outcome.FIX and not f2p_failed:
            problems.append("untouched repo: every FAIL_TO_PASS test passes (the hidden check does not see the bug)")
        if p2p_failed:
            problems.append(f"untouched repo: PASS_TO_PASS tests fail: {', '.join(p2p_failed)}")
        return problems
    if label == "gold":
        return [f"gold patch: tests fail: {', '.join(failed)}"] if failed else []
    return []


def validate_task(task: Task, image: str, repeats: int, run_id: str = "validate") -> TaskValidation:
    started = time.monotonic()
    result = TaskValidation(task.id, wrong_patches=len(task.wrong_patches))
    variants: list[tuple[str, str, str]] = [("untouched", "untouched", "")]
    if task.solution_patch is not None:
        variants.append(("gold", "gold", task.solution_patch.read_text()))
    for path in task.wrong_patches:
        variants.append(("wrong", f"wrong/{path.name}", path.read_text()))
    for kind, name, patch in variants:
        outcomes = []
        for _ in range(repeats):
            verdict = grade(task, patch, image, run_id=run_id)
            result.checks += 1
            outcomes.append(verdict.tests)
            result.problems += [p for p in _problems_for(task, kind, verdict) if p not in result.problems]
            if kind == "wrong" and verdict.resolved:
                msg = f"{name}: the hidden check accepts this wrong patch"
                if msg not in result.problems:
                    result.problems.append(msg)
        if any(o != outcomes[0] for o in outcomes[1:]):
            result.problems.append(f"{name}: outcomes differ across {repeats} repeats (flaky check)")
    result.duration_sec = time.monotonic() - started
    return result


def validate_tasks(
    tasks: list[Task],
    image_for: Callable[[Task], str],
    repeats: int = 3,
    concurrency: int = 1,
    on_done: Callable[[TaskValidation], None] | None = None,
) -> list[TaskValidation]:
    """Validate tasks, up to `concurrency` at once; images must already be built."""

    def one(task: Task) -> TaskValidation:
        result = validate_task(task, image_for(task), repeats)
        if on_done:
            on_done(result)
        return result

    with ThreadPoolExecutor(max_workers=max(1, concurrency)) as pool:
        return list(pool.map(one, tasks))
