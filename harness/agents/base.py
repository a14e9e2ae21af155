"""The agent seam: an Agent runs one trial in a sandbox and returns its Trajectory.

    class Agent(Protocol):
        def run(self, task, box, budget, trajectory, save) -> Trajectory

`run` fills `trajectory` (messages, steps, final report, exit status, usage), saves it to `save`
after every step, and returns it. It ends the episode itself (EXIT_STATUSES in
harness.trajectory); a failure of the machinery it talks to (the sandbox, the model server) is
recorded as exit status INFRA_ERROR with the cause in `trajectory.error` (the trial is rerun on
resume); any other exception it raises is caught by the runner's infra boundary. Trials run
concurrently: an agent is built once per trial by its registry entry (harness.agents.REGISTRY).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from harness.sandbox import Sandbox
from harness.tasks import Task
from harness.trajectory import Trajectory


@dataclass(frozen=True)
class Budget:
    max_steps: int
    time_limit_sec: float
    command_timeout_sec: float
    cost_limit_usd: float | None = None


class Agent(Protocol):
    def run(self, task: Task, box: Sandbox, budget: Budget, trajectory: Trajectory, save: Path) -> Trajectory: ...


class EpisodeEnd(Exception):
    """Ends an episode with an exit status (harness.trajectory.EXIT_STATUSES) and an optional detail."""

    def __init__(self, status: str, detail: str | None = None):
        super().__init__(detail or status)
        self.status, self.detail = status, detail
