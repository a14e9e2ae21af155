"""Reference agents: `oracle` applies the gold patch (and reports honestly); `null` changes nothing.

They need no model; they bound what the scorers and the grader can tell apart.
"""

from __future__ import annotations

import time
from pathlib import Path

from harness.agents.base import Budget
from harness.sandbox import Sandbox, SandboxError
from harness.tasks import Outcome, Task
from harness.trajectory import INFRA_ERROR, REFERENCE, Trajectory

GOLD_PATH = "/home/agent/.evalrun-gold.patch"


class OracleAgent:
    """Applies the task's gold patch in the container; reports what the expected outcome calls for."""

    REPORTS = {
        Outcome.FIX: "Applied the reference fix for this issue.",
        Outcome.BLOCKED: "This cannot be done as asked: the request conflicts with behaviour the existing tests "
        "require, so I changed nothing.",
        Outcome.NO_OP: "No change is needed: the behaviour described already holds, so I changed nothing.",
    }

    def run(self, task: Task, box: Sandbox, budget: Budget, trajectory: Trajectory, save: Path) -> Trajectory:
        def act() -> str:
            patch = task.solution_patch.read_text() if task.solution_patch else ""
            if patch:
                box.write_file(GOLD_PATH, patch.encode())
                applied = box.exec(f"git apply {GOLD_PATH} && rm {GOLD_PATH}", timeout=60)
                if applied.exit_code != 0:
                    raise SandboxError(f"the gold patch did not apply in the container: {applied.output[-500:]}")
            return self.REPORTS[task.expected_outcome]

        return _reference_episode(act, trajectory, save)


class NullAgent:
    """Changes nothing and says so."""

    def run(self, task: Task, box: Sandbox, budget: Budget, trajectory: Trajectory, save: Path) -> Trajectory:
        return _reference_episode(lambda: "I made no changes.", trajectory, save)


def _reference_episode(act, trajectory: Trajectory, save: Path) -> Trajectory:
    trajectory.started_at = time.time()
    trajectory.exit_status = REFERENCE
    try:
        trajectory.final_report = act()
    except SandboxError as exc:
        trajectory.exit_status, trajectory.error = INFRA_ERROR, f"SandboxError: {exc}"
    trajectory.ended_at = time.time()
    trajectory.save(save)
    return trajectory
