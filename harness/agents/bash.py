"""The built-in agent: the model asks for one bash command per turn, in the task's container.

The loop is a few named steps, as in mini-swe-agent:

    check_budget -> query -> parse (FormatError) -> execute -> observe

A reply with no command block is the final report and ends the episode (SUBMITTED); a reply with
zero or several blocks is a FormatError, answered with the format_error prompt (MAX_FORMAT_ERRORS
in a row end the episode). Every other end is an EpisodeEnd with its exit status. The trajectory is
saved after every step.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from harness.agents.base import Budget, EpisodeEnd
from harness.conditions import InstalledSkill
from harness.models import Model, ModelUnavailableError
from harness.prompts import Prompts
from harness.sandbox import ExecResult, Sandbox, SandboxError
from harness.tasks import Task
from harness.trajectory import (
    COST_LIMIT,
    FORMAT_ERROR,
    INFRA_ERROR,
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


class FormatError(Exception):
    """A reply that is neither exactly one non-empty command block nor a final report."""

    def __init__(self, blocks: int):
        super().__init__(f"{blocks} command blocks" if blocks else "empty reply")
        self.blocks = blocks


def parse_reply(text: str) -> str | None:
    """The reply's one command, or None when the reply is the final report. Raises FormatError."""
    blocks = COMMAND_BLOCK.findall(text)
    if not blocks and text.strip():
        return None
    if len(blocks) != 1 or not blocks[0].strip():
        raise FormatError(len(blocks))
    return blocks[0].strip()


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


@dataclass
class Episode:
    """One run of the loop: what the steps share."""

    box: Sandbox
    budget: Budget
    trajectory: Trajectory
    save: Path
    started: float = field(default_factory=time.monotonic)
    files: dict[str, str] = field(default_factory=dict)  # the last snapshot
    format_errors: int = 0  # in a row


class BashAgent:
    """The built-in agent: one bash command per turn."""

    def __init__(self, model: Model, prompts: Prompts, guidance: str, installed: InstalledSkill | None = None):
        self.model, self.prompts, self.guidance, self.installed = model, prompts, guidance, installed

    def run(self, task: Task, box: Sandbox, budget: Budget, trajectory: Trajectory, save: Path) -> Trajectory:
        episode = Episode(box, budget, trajectory, save)
        self.start(task, episode)
        try:
            episode.files = snapshot(box)
            while True:
                remaining = self.check_budget(episode)
                step = self.query(episode)
                try:
                    command = parse_reply(step.response)
                except FormatError as error:
                    self.reject(episode, step, error)
                    continue
                if command is None:
                    self.submit(episode, step)
                episode.format_errors = 0
                step.command = command
                timeout = max(1.0, min(budget.command_timeout_sec, remaining))
                self.observe(episode, step, self.execute(episode, command, timeout), timeout)
        except EpisodeEnd as end:
            trajectory.exit_status, trajectory.error = end.status, end.detail
        except (SandboxError, ModelUnavailableError) as exc:
            trajectory.exit_status, trajectory.error = INFRA_ERROR, f"{type(exc).__name__}: {exc}"
        trajectory.ended_at = time.time()
        trajectory.save(save)
        return trajectory

    def start(self, task: Task, episode: Episode) -> None:
        """The system prompt (with the condition's guidance, or the installed skill's name, description
        and path, its folder written under the agent's home first) and the task; saved before the first step."""
        trajectory, budget = episode.trajectory, episode.budget
        trajectory.started_at = time.time()
        if self.installed is not None:
            episode.box.write_tree(*self.installed.tree())
        values = {"command_timeout_sec": int(budget.command_timeout_sec), "max_steps": budget.max_steps}
        system = self.prompts.render("system", guidance=self.guidance, skill=self.installed, **values)
        trajectory.messages = [
            {"role": "system", "content": system},
            {"role": "user", "content": self.prompts.render("task", instruction=task.instruction.strip())},
        ]
        trajectory.save(episode.save)

    def check_budget(self, episode: Episode) -> float:
        """The seconds left; raises EpisodeEnd when steps, time or cost are used up."""
        trajectory, budget = episode.trajectory, episode.budget
        if len(trajectory.steps) >= budget.max_steps:
            raise EpisodeEnd(STEP_LIMIT)
        remaining = budget.time_limit_sec - (time.monotonic() - episode.started)
        if remaining <= 0:
            raise EpisodeEnd(TIME_LIMIT)
        cost = trajectory.usage.cost_usd
        if budget.cost_limit_usd is not None and cost is not None and cost >= budget.cost_limit_usd:
            raise EpisodeEnd(COST_LIMIT)
        return remaining

    def query(self, episode: Episode) -> Step:
        """Ask the model for its next reply; a new step holding it."""
        trajectory = episode.trajectory
        step = Step(index=len(trajectory.steps), response="", started_at=time.time())
        completion = self.model.complete(trajectory.messages)
        step.response, step.usage, step.model_sec = completion.text, completion.usage, completion.latency_sec
        trajectory.messages.append({"role": "assistant", "content": completion.text})
        return step

    def submit(self, episode: Episode, step: Step) -> None:
        """A reply without a command: the final report. Ends the episode."""
        episode.trajectory.steps.append(step)
        episode.trajectory.final_report = step.response.strip()
        raise EpisodeEnd(SUBMITTED)

    def reject(self, episode: Episode, step: Step, error: FormatError) -> None:
        """A malformed reply: recorded, answered with the format rules; too many in a row end the episode."""
        episode.format_errors += 1
        step.format_error = str(error)
        episode.trajectory.steps.append(step)
        if episode.format_errors >= MAX_FORMAT_ERRORS:
            raise EpisodeEnd(FORMAT_ERROR, f"{episode.format_errors} malformed replies in a row")
        feedback = self.prompts.render("format_error", blocks=error.blocks)
        episode.trajectory.messages.append({"role": "user", "content": feedback})
        episode.trajectory.save(episode.save)

    def execute(self, episode: Episode, command: str, timeout: float) -> ExecResult:
        return episode.box.exec(command, timeout=timeout)

    def observe(self, episode: Episode, step: Step, result: ExecResult, timeout: float) -> None:
        """Record the command's outcome and the files it changed; show the model what happened."""
        trajectory = episode.trajectory
        shown, cut = shorten(result.output)
        step.exit_code, step.timed_out, step.command_sec = result.exit_code, result.timed_out, result.duration
        step.output, step.output_truncated_bytes = shown, result.truncated_bytes + cut
        after = snapshot(episode.box)
        step.changed_files = sorted(p for p in set(episode.files) | set(after) if episode.files.get(p) != after.get(p))
        episode.files = after
        trajectory.steps.append(step)
        observation = self.prompts.render(
            "observation",
            exit_code=result.exit_code,
            timed_out=result.timed_out,
            timeout=int(timeout),
            output=shown,
            truncated=step.output_truncated_bytes,
            steps_left=episode.budget.max_steps - len(trajectory.steps),
        )
        trajectory.messages.append({"role": "user", "content": observation})
        trajectory.save(episode.save)
