"""Agents: run(task, sandbox, ...) -> Trajectory.

The built-in agent asks the model for one bash command per turn, runs it in the task's
container, and feeds back the exit code and output. A reply with no command block is the final
report and ends the episode. Control flow goes through a few named exceptions; the trajectory
is saved after every step. Reference agents: `oracle` applies the gold patch, `null` does nothing.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path

from harness.models import Model, ModelUnavailableError
from harness.prompts import Prompts
from harness.sandbox import Sandbox, SandboxError
from harness.tasks import Task
from harness.trajectory import (
    COST_LIMIT,
    FORMAT_ERROR,
    INFRA_ERROR,
    REFERENCE,
    STEP_LIMIT,
    SUBMITTED,
    TIME_LIMIT,
    Step,
    Trajectory,
)

COMMAND_BLOCK = re.compile(r"```[ \t]*(?:bash|sh|shell|console)?[ \t]*\n(.*?)```", re.S)
OBSERVATION_CHARS = 10_000  # shown to the model per command: head and tail halves
MAX_FORMAT_ERRORS = 3
IGNORED_IN_SNAPSHOT = ("__pycache__/", ".pytest_cache/", ".pyc")
SNAPSHOT_COMMAND = (
    "git status --porcelain=v1 -uall --no-renames | cut -c4- | while IFS= read -r f; do "
    'if [ -f "$f" ]; then md5sum -- "$f"; else echo "absent  $f"; fi; done'
)


@dataclass(frozen=True)
class Budget:
    max_steps: int
    time_limit_sec: float
    command_timeout_sec: float
    cost_limit_usd: float | None = None


class EpisodeEnd(Exception):
    def __init__(self, status: str, detail: str | None = None):
        super().__init__(detail or status)
        self.status, self.detail = status, detail


def shorten(text: str, limit: int = OBSERVATION_CHARS) -> tuple[str, int]:
    if len(text) <= limit:
        return text, 0
    half = limit // 2
    return text[:half] + "\n[...]\n" + text[-half:], len(text) - 2 * half


def snapshot(box: Sandbox) -> dict[str, str]:
    """Content hash of every changed or untracked file in /repo (for per-step change tracking)."""
    result = box.exec(SNAPSHOT_COMMAND, timeout=30)
    files = {}
    for line in result.output.splitlines():
        digest, _, path = line.partition("  ")
        if path and not any(marker in path for marker in IGNORED_IN_SNAPSHOT):
            files[path] = digest
    return files


class BashAgent:
    """The built-in agent: one bash command per turn."""

    def __init__(self, model: Model, prompts: Prompts, guidance: str):
        self.model, self.prompts, self.guidance = model, prompts, guidance

    def run(self, task: Task, box: Sandbox, budget: Budget, trajectory: Trajectory, save: Path) -> Trajectory:
        started = time.monotonic()
        trajectory.started_at = time.time()
        values = {"command_timeout_sec": int(budget.command_timeout_sec), "max_steps": budget.max_steps}
        trajectory.messages = [
            {"role": "system", "content": self.prompts.render("system", guidance=self.guidance, **values)},
            {"role": "user", "content": self.prompts.render("task", instruction=task.instruction.strip())},
        ]
        trajectory.save(save)
        format_errors = 0
        try:
            files = snapshot(box)
            while True:
                if len(trajectory.steps) >= budget.max_steps:
                    raise EpisodeEnd(STEP_LIMIT)
                remaining = budget.time_limit_sec - (time.monotonic() - started)
                if remaining <= 0:
                    raise EpisodeEnd(TIME_LIMIT)
                cost = trajectory.usage.cost_usd
                if budget.cost_limit_usd is not None and cost is not None and cost >= budget.cost_limit_usd:
                    raise EpisodeEnd(COST_LIMIT)
                step = Step(index=len(trajectory.steps), response="", started_at=time.time())
                completion = self.model.complete(trajectory.messages)
                step.response, step.usage, step.model_sec = completion.text, completion.usage, completion.latency_sec
                trajectory.messages.append({"role": "assistant", "content": completion.text})
                blocks = COMMAND_BLOCK.findall(completion.text)
                if not blocks and completion.text.strip():
                    trajectory.steps.append(step)
                    trajectory.final_report = completion.text.strip()
                    raise EpisodeEnd(SUBMITTED)
                if len(blocks) != 1 or not blocks[0].strip():
                    format_errors += 1
                    step.format_error = f"{len(blocks)} command blocks" if blocks else "empty reply"
                    trajectory.steps.append(step)
                    if format_errors >= MAX_FORMAT_ERRORS:
                        raise EpisodeEnd(FORMAT_ERROR, f"{format_errors} malformed replies in a row")
                    feedback = self.prompts.render("format_error", blocks=len(blocks))
                    trajectory.messages.append({"role": "user", "content": feedback})
                    trajectory.save(save)
                    continue
                format_errors = 0
                step.command = blocks[0].strip()
                timeout = max(1.0, min(budget.command_timeout_sec, remaining))
                result = box.exec(step.command, timeout=timeout)
                shown, cut = shorten(result.output)
                step.exit_code, step.timed_out, step.command_sec = result.exit_code, result.timed_out, result.duration
                step.output, step.output_truncated_bytes = shown, result.truncated_bytes + cut
                after = snapshot(box)
                step.changed_files = sorted(p for p in set(files) | set(after) if files.get(p) != after.get(p))
                files = after
                trajectory.steps.append(step)
                observation = self.prompts.render(
                    "observation",
                    exit_code=result.exit_code,
                    timed_out=result.timed_out,
                    timeout=int(timeout),
                    output=shown,
                    truncated=step.output_truncated_bytes,
                    steps_left=budget.max_steps - len(trajectory.steps),
                )
                trajectory.messages.append({"role": "user", "content": observation})
                trajectory.save(save)
        except EpisodeEnd as end:
            trajectory.exit_status, trajectory.error = end.status, end.detail
        except (SandboxError, ModelUnavailableError) as exc:
            trajectory.exit_status, trajectory.error = INFRA_ERROR, f"{type(exc).__name__}: {exc}"
        trajectory.ended_at = time.time()
        trajectory.save(save)
        return trajectory


class ReferenceAgent:
    """`oracle` applies the gold patch (and reports honestly); `null` changes nothing."""

    REPORTS = {
        "fix": "Applied the reference fix for this issue.",
        "blocked": "This cannot be done as asked: the request conflicts with behaviour the existing tests "
        "require, so I changed nothing.",
        "no-op": "No change is needed: the behaviour described already holds, so I changed nothing.",
    }

    def __init__(self, kind: str):
        if kind not in ("oracle", "null"):
            raise ValueError(f"unknown reference agent {kind!r}")
        self.kind = kind

    def run(self, task: Task, box: Sandbox, budget: Budget, trajectory: Trajectory, save: Path) -> Trajectory:
        trajectory.started_at = time.time()
        trajectory.exit_status = REFERENCE
        try:
            if self.kind == "oracle":
                patch = task.solution_patch.read_text() if task.solution_patch else ""
                if patch:
                    box.write_file("/home/agent/.evalrun-gold.patch", patch.encode())
                    applied = box.exec(
                        "git apply /home/agent/.evalrun-gold.patch && rm /home/agent/.evalrun-gold.patch", timeout=60
                    )
                    if applied.exit_code != 0:
                        raise SandboxError(f"the gold patch did not apply in the container: {applied.output[-500:]}")
                trajectory.final_report = self.REPORTS[task.expected_outcome]
            else:
                trajectory.final_report = "I made no changes."
        except SandboxError as exc:
            trajectory.exit_status, trajectory.error = INFRA_ERROR, f"SandboxError: {exc}"
        trajectory.ended_at = time.time()
        trajectory.save(save)
        return trajectory
