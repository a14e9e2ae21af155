"""`evalrun validate`: prove every task's hidden check is meaningful and deterministic.

For each task and each repeat: the untouched repo fails FAIL_TO_PASS (for `fix` tasks) while
PASS_TO_PASS holds; the gold patch passes everything; every wrong patch is rejected; and the
per-test outcomes are identical across repeats.

With `through_runner` (`evalrun validate --through-runner`), the reference agents `oracle` and `null`
also run through the main job's whole trial path (harness.runner.Runner: container, agent, export,
grading, claim replay, scoring, record), `repeats` attempts per task each; the oracle must resolve
every repeat, and each trial's outcome (resolved, and the per-test outcomes of its verdict) must be
the same in every repeat.

Flake rate of a series of repeats (one grader variant, or one agent on one task): the share of
repeats whose outcome differs from the series' most common outcome (0 when all agree; with 5
repeats, 0.2 for one odd repeat out). A task's flake rate is the largest over its series; a task
with a flake rate above 0 is unstable (harness/unstable.py quarantines it).
"""

from __future__ import annotations

import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Callable, Hashable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from harness.grader import PASSED, Verdict, grade
from harness.tasks import Outcome, Task

RUNNER_AGENTS = ("oracle", "null")


@dataclass
class TaskValidation:
    task_id: str
    problems: list[str] = field(default_factory=list)
    checks: int = 0
    wrong_patches: int = 0
    duration_sec: float = 0.0
    # series name ("untouched", "gold", "wrong/<file>", "agent:oracle", "agent:null") -> flake rate
    flake_rates: dict[str, float] = field(default_factory=dict)
    flaky: list[str] = field(default_factory=list)  # a sentence per series whose outcomes differ
    repeats: int = 0
    runner_trials: int = 0

    @property
    def flake_rate(self) -> float:
        return max(self.flake_rates.values(), default=0.0)

    @property
    def unstable(self) -> bool:
        return bool(self.flaky)

    @property
    def valid(self) -> bool:
        return not self.problems and not self.flaky

    def to_dict(self) -> dict:
        return self.__dict__ | {"valid": self.valid, "unstable": self.unstable, "flake_rate": self.flake_rate}


def flake_rate(outcomes: list[Hashable]) -> float:
    """The share of repeats whose outcome differs from the most common one (0 for no or one repeat)."""
    if not outcomes:
        return 0.0
    most = Counter(outcomes).most_common(1)[0][1]
    return (len(outcomes) - most) / len(outcomes)


def _note_flake(result: TaskValidation, name: str, outcomes: list[Hashable]) -> None:
    rate = flake_rate(outcomes)
    result.flake_rates[name] = rate
    if rate > 0:
        odd = len(outcomes) - Counter(outcomes).most_common(1)[0][1]
        result.flaky.append(
            f"{name}: outcomes differ across {len(outcomes)} repeats (flaky check; {odd} differ from the majority, "
            f"flake rate {rate:.2f})"
        )


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


def _verdict_outcome(verdict: Verdict) -> tuple:
    return (verdict.patch_applied, tuple(sorted(verdict.tests.items())))


def validate_task(task: Task, image: str, repeats: int, run_id: str = "validate") -> TaskValidation:
    started = time.monotonic()
    result = TaskValidation(task.id, wrong_patches=len(task.wrong_patches), repeats=repeats)
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
            outcomes.append(_verdict_outcome(verdict))
            result.problems += [p for p in _problems_for(task, kind, verdict) if p not in result.problems]
            if kind == "wrong" and verdict.resolved:
                msg = f"{name}: the hidden check accepts this wrong patch"
                if msg not in result.problems:
                    result.problems.append(msg)
        _note_flake(result, name, outcomes)
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


# -- through the runner --------------------------------------------------------------------------
def trial_outcome(record) -> tuple:
    """What must not change across repeats of one reference agent on one task: whether the trial
    resolved and the per-test outcomes of its verdict; an infra error is its phase (a flake of the
    machinery, which shows as a differing outcome too)."""
    if record.infra:
        return ("infra", record.error_phase)
    tests = tuple(sorted((record.verdict or {}).get("tests", {}).items()))
    return (bool(record.resolved), tests)


def run_reference_agents(
    tasks: list[Task],
    images: dict[str, str],
    repeats: int,
    concurrency: int = 1,
    runs_dir: Path | None = None,
    agents: tuple[str, ...] = RUNNER_AGENTS,
    on_trial: Callable[[object], None] | None = None,
) -> dict[str, dict[str, list]]:
    """Run each reference agent on the tasks, `repeats` attempts each, through harness.runner.Runner
    (the main job's own trial path; its records are the evidence). Returns agent -> task id -> the
    task's records, in attempt order. Each run goes to a fresh folder (under runs_dir when given, to
    keep the records; else a temporary one) with a run id of its own, so no earlier result is reused."""
    from harness.conditions import BASELINE
    from harness.prompts import Prompts
    from harness.runner import RunEvents, Runner, RunSpec, make_config, prepare_run_dir

    token = uuid.uuid4().hex[:8]
    out: dict[str, dict[str, list]] = {}
    with tempfile.TemporaryDirectory(prefix="evalrun-validate-runs-") as tmp:
        root = Path(runs_dir) if runs_dir is not None else Path(tmp)
        for agent in agents:
            run_id = f"validate-{agent}-{token}"
            spec = RunSpec(run_id, agent, (BASELINE,), attempts=repeats, agent=agent)
            prompts = Prompts()
            folder = root / run_id
            prepare_run_dir(folder, make_config(spec, tasks, prompts))
            events = RunEvents(on_finish=on_trial) if on_trial else None
            runner = Runner(spec, tasks, images, folder, prompts, concurrency, events=events)
            records = runner.run()
            by_task: dict[str, list] = {t.id: [] for t in tasks}
            for record in sorted(records, key=lambda r: r.attempt):
                by_task.setdefault(record.task_id, []).append(record)
            out[agent] = by_task
    return out


def add_runner_results(task: Task, result: TaskValidation, by_agent: dict[str, dict[str, list]], repeats: int) -> None:
    """Fold the reference agents' trials of one task into its validation: flake rate per agent, the
    oracle resolving every repeat, the null agent resolving none of a `fix` task's."""
    for agent, by_task in by_agent.items():
        records = by_task.get(task.id, [])
        result.runner_trials += len(records)
        if len(records) != repeats:
            result.problems.append(f"agent:{agent}: {len(records)} of {repeats} trial(s) recorded")
        _note_flake(result, f"agent:{agent}", [trial_outcome(r) for r in records])
        infra = [r for r in records if r.infra]
        if infra:
            first = infra[0]
            result.problems.append(
                f"agent:{agent}: {len(infra)} infrastructure error(s) through the runner "
                f"(phase {first.error_phase}: {(first.error or '')[:200]})"
            )
        graded = [r for r in records if not r.infra]
        if agent == "oracle":
            unresolved = [r.attempt for r in graded if not r.resolved]
            if unresolved:
                result.problems.append(
                    f"agent:oracle: not resolved through the runner in attempt(s) {', '.join(map(str, unresolved))}"
                )
        if agent == "null" and task.expected_outcome == Outcome.FIX:
            resolved = [r.attempt for r in graded if r.resolved]
            if resolved:
                result.problems.append(
                    f"agent:null: an unchanged repo resolves the task in attempt(s) {', '.join(map(str, resolved))}"
                )
