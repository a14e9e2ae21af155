"""`--agent claude-code`: the real Claude Code CLI in the task's container, its model calls through evalrun.

Install (once per version, in evalrun's cache): pip downloads the `claude-agent-sdk` wheel
(its pin in harness/agents/pins.py), which bundles the Claude Code binary; only that binary is kept, in
~/.cache/evalrun/agents/claude-agent-sdk-<version>/. Task images are not rebuilt: the folder is
bind-mounted read-only into each agent container at INSTALL_INSIDE.

A trial:

    bridge (host: harness/agents/bridge.py, a Unix socket in a folder mounted at BRIDGE_INSIDE)
    relay  (container: harness/data/relay.py, 127.0.0.1:PORT -> that socket)
    claude -p <task prompt> --output-format stream-json --verbose --dangerously-skip-permissions
           [--append-system-prompt <skill>]   (inline delivery)
           ~/.claude/skills/<name>/SKILL.md   (installed delivery)

Claude Code sees ANTHROPIC_BASE_URL=http://127.0.0.1:PORT and a placeholder key; the real key stays
in the host's provider (--model anthropic/<name>). The bridge admits each request against the budget
(model calls count as steps), snapshots the repository first (so each tool call's changed files are
known), forwards it and records it (trials/<trial>/model_calls.jsonl). When the CLI exits, its
stream-json transcript becomes the Trajectory: one Step per tool call (Bash: command, output, exit
code; Read / Edit / Write / Skill: tool and input), usage from the bridge's record of the model call
that asked for it, the CLI's result text as the final report.
"""

from __future__ import annotations

import hashlib
import json
import re
import shlex
from pathlib import Path

from harness import paths
from harness.agents.bridge import MessagesBridge, ModelCall
from harness.agents.bridged import (
    HOME,
    INLINE,
    INSTALLED,
    PORT,
    TRANSCRIPT,
    WORK,
    BridgedAgent,
    add_steps,
    attribute,
    block_text,
    install_from_wheel,
    json_lines,
    repo_path,
    run_cli,
    start_relay,
)
from harness.agents.pins import PINS
from harness.models import Model, ModelConfigError
from harness.trajectory import Step, Trajectory

NAME = "claude-code"
SDK_DIST, SDK_VERSION = PINS[NAME]  # the wheel whose _bundled/claude is the CLI evalrun runs
WHEEL_PLATFORM = "manylinux_2_17_x86_64"
BUNDLED = "claude_agent_sdk/_bundled/"
INSTALL_INSIDE = "/opt/evalrun/agents/claude-code"
EXIT_CODE = re.compile(r"\AExit code (\d+)")
EDITORS = {"Edit", "Write", "MultiEdit", "NotebookEdit"}


def install_folder() -> Path:
    return paths.cache_dir() / "agents" / f"{SDK_DIST}-{SDK_VERSION}"


def install() -> Path:
    """The cache folder holding `claude` and `claude.version`, downloading the wheel the first time."""
    return install_from_wheel(
        install_folder(),
        (SDK_DIST, SDK_VERSION, WHEEL_PLATFORM),
        "the wheel bundling Claude Code",
        {name: BUNDLED + name for name in ("claude", "claude.version")},
        ready=("claude",),
    )


def cli_version(folder: Path) -> str:
    """`2.1.332` from the wheel's claude.version (`2.1.332 (Claude Code)`)."""
    return (folder / "claude.version").read_text().split()[0]


def skill_name(text: str) -> str:
    """The skill's folder name: its front matter's `name:`, else `skill`."""
    match = re.search(r"\A---\s*\n(.*?)\n---", text, re.S)
    if match:
        for line in match.group(1).splitlines():
            key, _, value = line.partition(":")
            if key.strip() == "name" and re.fullmatch(r"[A-Za-z0-9_.-]+", value.strip() or "-"):
                return value.strip()
    return "skill"


class ClaudeCodeAgent(BridgedAgent):
    """Claude Code in the sandbox. `guidance` is the condition's text; skill_mode says how it reaches
    the CLI (INLINE: --append-system-prompt; INSTALLED: a skill folder it must discover)."""

    NAME = NAME

    def check(self, model: Model) -> None:
        if not callable(getattr(model, "relay", None)):
            raise ModelConfigError(f"--agent {NAME} speaks Anthropic Messages: use --model anthropic/<name>")

    def install(self) -> tuple[Path, str]:
        return install(), INSTALL_INSIDE

    def cli_version(self) -> str:
        return cli_version(self.folder)

    def new_bridge(self) -> MessagesBridge:
        return MessagesBridge(self.model.relay)

    def agent_facts(self) -> dict:
        return {**super().agent_facts(), "sdk_version": SDK_VERSION}

    def fill(self, trajectory, transcript, calls, changes):
        fill(trajectory, transcript, calls, changes, self.guidance and self.skill_mode)

    def unreported(self, trajectory, result) -> str:
        return f"claude exited {result.exit_code} without a result: {result.output[-1500:]}"

    def _session(self, task, box, budget, prompt, started):
        """Start the relay, deliver the skill, run the CLI to its end (on a second command channel)."""
        files = {"prompt.md": prompt.encode()}
        flags = ""
        if self.guidance and self.skill_mode == INLINE:
            files["skill.md"] = self.guidance.encode()
            flags = f' --append-system-prompt "$(cat {WORK}/skill.md)"'
        box.write_tree(HOME, {f".evalrun/{name}": data for name, data in files.items()})
        if self.guidance and self.skill_mode == INSTALLED:
            box.write_tree(HOME, {f".claude/skills/{skill_name(self.guidance)}/SKILL.md": self.guidance.encode()})
        start_relay(box)
        env = {
            "HOME": HOME,
            "ANTHROPIC_BASE_URL": f"http://127.0.0.1:{PORT}",
            "ANTHROPIC_API_KEY": "evalrun-bridge",  # a placeholder: the bridge holds the real key
            "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC": "1",
            "DISABLE_AUTOUPDATER": "1",
        }
        model_id = getattr(self.model, "model_id", None)
        command = (
            f'{INSTALL_INSIDE}/claude -p "$(cat {WORK}/prompt.md)" --output-format stream-json --verbose'
            f" --dangerously-skip-permissions{' --model ' + shlex.quote(model_id) if model_id else ''}{flags}"
            f" < /dev/null > {TRANSCRIPT} 2> {WORK}/stderr.log; code=$?; tail -c 2000 {WORK}/stderr.log;"
            " exit $code"
        )
        return run_cli(box, command, env, budget, started)


events = json_lines  # the stream-json lines


def fill(trajectory: Trajectory, transcript: str, calls: list[ModelCall], changes: dict[int, list[str]], skill) -> None:
    """The Trajectory from Claude Code's stream-json transcript and the bridge's record of its model calls.

    Each assistant message the model sent (a model call the bridge answered; the CLI's own messages,
    such as its "API Error" after a refusal, are not steps) gives one Step per tool call, in order,
    the message's text as the first one's response; a message that asked for no tool (the final
    answer) is one step with no tool. The call's usage and model time go on its first step.
    `changes[i]` (the files changed after model call i answered, before the next) go to call i's tool
    calls: a file an Edit / Write names to that call, the rest to its last Bash call (else its last)."""
    messages: dict[str, dict] = {}  # message id -> {"text": [...], "tools": [tool_use blocks]}, in order
    results: dict[str, dict] = {}  # tool_use id -> tool_result block
    result = None
    for event in events(transcript):
        kind = event.get("type")
        if kind == "assistant" and event.get("parent_tool_use_id") is None:
            message = event.get("message") or {}
            entry = messages.setdefault(str(message.get("id")), {"text": [], "tools": []})
            for block in message.get("content") or []:
                if block.get("type") == "tool_use":
                    entry["tools"].append(block)
                elif block.get("type") == "text" and str(block.get("text", "")).strip():
                    entry["text"].append(block["text"])
        elif kind == "user":
            for block in (event.get("message") or {}).get("content") or []:
                if isinstance(block, dict) and block.get("type") == "tool_result":
                    results[str(block.get("tool_use_id"))] = block
        elif kind == "result":
            result = event
    position = {(call.response or {}).get("id"): index for index, call in enumerate(calls) if call.response}
    for message_id, entry in messages.items():
        call_at = position.get(message_id)
        if call_at is None:  # written by the CLI itself (its "API Error: ..." after a refusal), not the model
            continue
        call = calls[call_at]
        text = "\n\n".join(entry["text"])
        asked = [_tool_step(block, results.get(str(block.get("id")))) for block in entry["tools"]] or [Step(0, text)]
        asked[0].response = text if not entry["tools"] else (text + "\n\n" + asked[0].response).strip()
        attribute(asked, changes.get(call_at, []), _edits, lambda step: step.tool == "Bash")
        add_steps(trajectory, asked, call)
    if result is not None and isinstance(result.get("result"), str) and not result.get("is_error"):
        trajectory.final_report = result["result"].strip()
    answered = [call for call in calls if call.response]
    if answered:
        system = answered[0].request.get("system")
        trajectory.agent["system_prompt_sha256"] = hashlib.sha256(json.dumps(system).encode()).hexdigest()
        trajectory.messages = [
            {"role": "system", "content": system},
            *answered[-1].request.get("messages", []),
            {"role": "assistant", "content": answered[-1].response.get("content")},
        ]
    trajectory.agent["model_calls"] = len(calls)
    if skill:
        trajectory.agent["skill_read"] = any(_reads_skill(step) for step in trajectory.steps)


def _tool_step(block: dict, outcome: dict | None) -> Step:
    """One tool call and its result: a Bash call's command, output and exit code ("Exit code N" heads
    a failed command's result); another tool's name and input, exit code 1 when it failed."""
    step = Step(0, "", tool=block.get("name"), tool_input=dict(block.get("input") or {}))
    step.response = json.dumps({"tool": step.tool, "input": step.tool_input}, ensure_ascii=False)
    if step.tool == "Bash":
        step.command = str(step.tool_input.get("command", ""))
    if outcome is None:  # the session ended before the tool answered
        return step
    step.output = block_text(outcome.get("content"))
    failed = bool(outcome.get("is_error"))
    if step.tool == "Bash":
        code = EXIT_CODE.match(step.output)
        step.exit_code = int(code.group(1)) if code else (1 if failed else 0)
    else:
        step.exit_code = 1 if failed else 0
    return step


def _edits(step: Step, path: str) -> bool:
    file = str(step.tool_input.get("file_path") or step.tool_input.get("notebook_path") or "")
    return step.tool in EDITORS and repo_path(file) == path


def _reads_skill(step: Step) -> bool:
    """A Skill tool call, or a Read (or a Bash command) of a SKILL.md."""
    if step.tool == "Skill":
        return True
    if step.tool == "Read":
        return str(step.tool_input.get("file_path", "")).endswith("SKILL.md")
    return step.tool == "Bash" and "SKILL.md" in (step.command or "")
