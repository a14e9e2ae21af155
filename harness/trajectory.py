"""What an agent did, step by step: the record every scorer and report reads.

A trajectory is saved as JSON after every step (trials/<trial>/trajectory.json), so a killed run
still leaves everything up to its last step.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

# How an episode ended.
SUBMITTED = "submitted"  # the model sent a message with no command: its final report
STEP_LIMIT = "step_limit"
TIME_LIMIT = "time_limit"
COST_LIMIT = "cost_limit"
FORMAT_ERROR = "format_error"  # too many malformed replies in a row
INFRA_ERROR = "infra_error"  # the container, the engine or the model server failed (rerun on resume)
REFERENCE = "reference"  # oracle / null reference agents
EXIT_STATUSES = (SUBMITTED, STEP_LIMIT, TIME_LIMIT, COST_LIMIT, FORMAT_ERROR, INFRA_ERROR, REFERENCE)


@dataclass
class Usage:
    input_tokens: int = 0
    output_tokens: int = 0
    cost_usd: float | None = 0.0  # None: the price of this model is unknown

    def __add__(self, other: Usage) -> Usage:
        cost = None if self.cost_usd is None or other.cost_usd is None else self.cost_usd + other.cost_usd
        return Usage(self.input_tokens + other.input_tokens, self.output_tokens + other.output_tokens, cost)


@dataclass
class Step:
    index: int
    response: str  # the model's raw reply
    command: str | None = None  # the bash command it asked for (None: final message or format error)
    exit_code: int | None = None
    output: str | None = None  # the observation given back to the model (after truncation)
    output_truncated_bytes: int = 0
    timed_out: bool = False
    changed_files: list[str] = field(default_factory=list)  # repo files whose content this step changed
    format_error: str | None = None
    started_at: float = 0.0  # unix time
    model_sec: float = 0.0
    command_sec: float = 0.0
    usage: Usage = field(default_factory=Usage)
    # An agent CLI's tool call (harness/agents/claude_code.py): its name ("Bash", "Read", "Edit", "Skill"...)
    # and input. A Bash call also sets `command`; None for the built-in agent, whose every step is bash.
    tool: str | None = None
    tool_input: dict = field(default_factory=dict)


@dataclass
class Trajectory:
    task_id: str
    model: str
    condition: str
    attempt: int
    messages: list[dict] = field(default_factory=list)  # the whole conversation, rendered prompts included
    steps: list[Step] = field(default_factory=list)
    final_report: str | None = None
    exit_status: str | None = None
    error: str | None = None
    started_at: float = 0.0
    ended_at: float = 0.0
    # What an external agent CLI records about itself: name, version, skill delivery, skill_read,
    # the hash of its effective system prompt as the model bridge saw it ({} for the built-in agent).
    agent: dict = field(default_factory=dict)

    @property
    def usage(self) -> Usage:
        total = Usage()
        for step in self.steps:
            total = total + step.usage
        return total

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Trajectory:
        steps = [Step(**{**s, "usage": Usage(**s.get("usage", {}))}) for s in data.get("steps", [])]
        return cls(**{**data, "steps": steps})

    def save(self, path: Path) -> None:
        write_atomic(path, json.dumps(self.to_dict(), indent=1, ensure_ascii=False))

    @classmethod
    def load(cls, path: Path) -> Trajectory:
        return cls.from_dict(json.loads(Path(path).read_text()))


def write_atomic(path: Path, text: str) -> None:
    """Write a whole file or nothing (temp file + rename in the same folder)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
