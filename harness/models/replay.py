"""`replay/<path>`: scripted replies from a JSON file, for tests and benchmarks.

The file holds a list of strings, or {"responses": [...], "latency_sec": 0.0}. Each complete()
sleeps latency_sec (simulated model time), then returns reply number N, where N is the number of
assistant messages already in the conversation: the model is stateless, so one instance serves any
number of concurrent trials, each replaying the script from its start. Past the end it returns
EXHAUSTED, a message with no command, which ends an agent's episode.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from harness.models.base import Completion, ModelConfigError, estimate_tokens
from harness.trajectory import Usage

EXHAUSTED = "Replay exhausted; stopping."


def load_script(path: Path) -> tuple[list[str], float]:
    try:
        data = json.loads(path.read_text())
    except FileNotFoundError:
        raise ModelConfigError(f"replay file not found: {path}") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelConfigError(f"replay file {path} is not readable JSON: {exc}") from None
    latency = 0.0
    if isinstance(data, dict):
        latency = data.get("latency_sec", 0.0)
        data = data.get("responses")
        if isinstance(latency, bool) or not isinstance(latency, int | float) or latency < 0:
            raise ModelConfigError(f"replay file {path}: latency_sec must be a number >= 0")
    if not isinstance(data, list) or not all(isinstance(item, str) for item in data):
        raise ModelConfigError(
            f'replay file {path} must hold a list of strings or {{"responses": [strings], "latency_sec": number}}'
        )
    return data, float(latency)


class ReplayModel:
    def __init__(self, spec: str, path: str):
        self.name = spec
        self.path = Path(path).expanduser()
        self.responses, self.latency_sec = load_script(self.path)

    def __repr__(self) -> str:
        return f"ReplayModel({self.name!r}, {len(self.responses)} responses)"

    def complete(self, messages: list[dict]) -> Completion:
        started = time.monotonic()
        if self.latency_sec:
            time.sleep(self.latency_sec)
        turn = sum(1 for message in messages if message.get("role") == "assistant")
        text = self.responses[turn] if turn < len(self.responses) else EXHAUSTED
        input_tokens = sum(estimate_tokens(str(m.get("content") or "")) for m in messages)
        usage = Usage(input_tokens, estimate_tokens(text), 0.0)
        return Completion(text=text, usage=usage, latency_sec=time.monotonic() - started)
