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
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path

from harness import paths
from harness.agents.base import Budget
from harness.agents.bridge import SOCKET_NAME, CallWatch, MessagesBridge, ModelCall
from harness.agents.pins import PINS
from harness.models import Model, ModelConfigError
from harness.prompts import Prompts
from harness.sandbox import Sandbox, SandboxError
from harness.tasks import Task
from harness.trajectory import (
    INFRA_ERROR,
    SUBMITTED,
    TIME_LIMIT,
    Step,
    Trajectory,
)

NAME = "claude-code"
SDK_DIST, SDK_VERSION = PINS[NAME]  # the wheel whose _bundled/claude is the CLI evalrun runs
WHEEL_PLATFORM = "manylinux_2_17_x86_64"
BUNDLED = "claude_agent_sdk/_bundled/"
INSTALL_INSIDE = "/opt/evalrun/agents/claude-code"
BRIDGE_INSIDE = "/opt/evalrun/bridge"
RELAY = Path(__file__).resolve().parent.parent / "data" / "relay.py"
PORT = 4141
HOME = "/home/agent"
WORK = f"{HOME}/.evalrun"  # the prompt, the skill text and the transcript (outside /repo and /tmp)
CALLS_FILE = "model_calls.jsonl"  # beside trajectory.json
INLINE, INSTALLED = "inline", "installed"
EXIT_CODE = re.compile(r"\AExit code (\d+)")
EDITORS = {"Edit", "Write", "MultiEdit", "NotebookEdit"}
_install_lock = threading.Lock()


class AgentInstallError(ModelConfigError):
    """The CLI could not be installed: fatal for the run (nothing can run without it)."""


def install_folder() -> Path:
    return paths.cache_dir() / "agents" / f"{SDK_DIST}-{SDK_VERSION}"


def install() -> Path:
    """The cache folder holding `claude` and `claude.version`, downloading the wheel the first time."""
    folder = install_folder()
    with _install_lock:
        if (folder / "claude").is_file():
            return folder
        folder.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix=".install-", dir=folder.parent) as tmp:
            download = [
                sys.executable, "-m", "pip", "download", "--quiet", f"{SDK_DIST}=={SDK_VERSION}", "--no-deps",
                "--only-binary=:all:", "--platform", WHEEL_PLATFORM, "--dest", tmp,
            ]  # fmt: skip
            done = subprocess.run(download, capture_output=True, text=True)
            wheels = list(Path(tmp).glob("*.whl"))
            if done.returncode != 0 or len(wheels) != 1:
                raise AgentInstallError(
                    f"could not download {SDK_DIST}=={SDK_VERSION} (the wheel bundling Claude Code) from PyPI: "
                    f"{(done.stderr or done.stdout).strip()[-800:]}"
                )
            staging = Path(tmp) / "claude-code"
            staging.mkdir()
            with zipfile.ZipFile(wheels[0]) as wheel:
                for name in ("claude", "claude.version"):
                    with wheel.open(BUNDLED + name) as source, open(staging / name, "wb") as sink:
                        shutil.copyfileobj(source, sink, 1 << 20)
            (staging / "claude").chmod(0o755)
            staging.chmod(0o755)
            os.replace(staging, folder)
        return folder


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


class ClaudeCodeAgent:
    """Claude Code in the sandbox. `guidance` is the condition's text; skill_mode says how it reaches
    the CLI (INLINE: --append-system-prompt; INSTALLED: a skill folder it must discover)."""

    def __init__(self, model: Model, prompts: Prompts, guidance: str, skill_mode: str = INLINE):
        if skill_mode not in (INLINE, INSTALLED):
            raise ValueError(f"unknown skill mode {skill_mode!r}: {INLINE} or {INSTALLED}")
        if not callable(getattr(model, "relay", None)):
            raise ModelConfigError(f"--agent {NAME} speaks Anthropic Messages: use --model anthropic/<name>")
        self.model, self.prompts, self.guidance, self.skill_mode = model, prompts, guidance, skill_mode
        self.folder = install()
        self.version = cli_version(self.folder)
        self.bridge: MessagesBridge | None = None

    def mounts(self) -> dict[str, str]:
        """What the runner bind-mounts (read-only) into this trial's container: the CLI and the
        bridge's socket folder (the bridge starts here, before the container)."""
        self.bridge = MessagesBridge(self.model.relay)
        shutil.copy(RELAY, self.bridge.folder / RELAY.name)
        (self.bridge.folder / RELAY.name).chmod(0o644)
        return {str(self.folder): INSTALL_INSIDE, str(self.bridge.folder): BRIDGE_INSIDE}

    def close(self) -> None:
        if self.bridge is not None:
            self.bridge.close()

    def run(self, task: Task, box: Sandbox, budget: Budget, trajectory: Trajectory, save: Path) -> Trajectory:
        if self.bridge is None:
            raise SandboxError(f"--agent {NAME} needs its mounts: start the sandbox with mounts=agent.mounts()")
        started = time.monotonic()
        trajectory.started_at = time.time()
        prompt = self.prompts.render("task", instruction=task.instruction.strip())
        trajectory.messages = [{"role": "user", "content": prompt}]
        trajectory.agent = {"name": NAME, "version": self.version, "sdk_version": SDK_VERSION}
        if self.guidance:
            trajectory.agent["skill_mode"] = self.skill_mode
        bridge = self.bridge
        watch = CallWatch(bridge, box, budget, started, save.with_name(CALLS_FILE))
        try:
            result = self._session(task, box, budget, prompt, started)
            watch.before()  # what the last tools changed
            transcript = box.read_file(f"{WORK}/transcript.jsonl").decode(errors="replace")
        except SandboxError as exc:
            trajectory.exit_status, trajectory.error = INFRA_ERROR, f"SandboxError: {exc}"
            trajectory.ended_at = time.time()
            trajectory.save(save)
            return trajectory
        finally:
            bridge.close()
        if bridge.fatal is not None:
            raise bridge.fatal
        fill(trajectory, transcript, bridge.calls, watch.changes, self.guidance and self.skill_mode)
        if bridge.ended is not None:
            trajectory.exit_status, trajectory.error = bridge.ended, bridge.error
        elif result.timed_out:
            trajectory.exit_status, trajectory.error = TIME_LIMIT, "the CLI ran out of time"
        elif trajectory.final_report is not None:
            trajectory.exit_status = SUBMITTED
        else:
            trajectory.exit_status = INFRA_ERROR
            trajectory.error = f"claude exited {result.exit_code} without a result: {result.output[-1500:]}"
        trajectory.ended_at = time.time()
        trajectory.save(save)
        return trajectory

    def _session(self, task: Task, box: Sandbox, budget: Budget, prompt: str, started: float):
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
            f" < /dev/null > {WORK}/transcript.jsonl 2> {WORK}/stderr.log; code=$?; tail -c 2000 {WORK}/stderr.log;"
            " exit $code"
        )
        remaining = max(1.0, budget.time_limit_sec - (time.monotonic() - started))
        return box.channel().exec(command, timeout=remaining, env=env, workdir="/repo")


def start_relay(box: Sandbox, log: str = f"{WORK}/relay.log") -> None:
    """Start the in-container relay (127.0.0.1:PORT -> the bridge's socket) and wait until it listens."""
    relay = f"{BRIDGE_INSIDE}/{RELAY.name}"
    box.spawn(f"mkdir -p {WORK}; exec python3 {relay} {PORT} {BRIDGE_INSIDE}/{SOCKET_NAME} > {log} 2>&1", workdir="/")
    up = box.exec(
        f"for i in $(seq 100); do (echo > /dev/tcp/127.0.0.1/{PORT}) 2>/dev/null && exit 0; sleep 0.05; done; "
        f"cat {log}; exit 1",
        timeout=30,
    )
    if up.exit_code != 0:
        raise SandboxError(f"the model relay did not start: {up.output[-500:]}")


def events(transcript: str) -> list[dict]:
    """The stream-json lines (a line cut short by a killed CLI is dropped)."""
    out = []
    for line in transcript.splitlines():
        try:
            event = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(event, dict):
            out.append(event)
    return out


def _text(content) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "\n".join(str(block.get("text", "")) for block in content if isinstance(block, dict))
    return ""


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
        asked[0].usage, asked[0].model_sec = call.usage, call.latency_sec
        _attribute(asked, changes.get(call_at, []))
        for step in asked:
            step.index, step.started_at = len(trajectory.steps), call.started_at
            trajectory.steps.append(step)
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
    step.output = _text(outcome.get("content"))
    failed = bool(outcome.get("is_error"))
    if step.tool == "Bash":
        code = EXIT_CODE.match(step.output)
        step.exit_code = int(code.group(1)) if code else (1 if failed else 0)
    else:
        step.exit_code = 1 if failed else 0
    return step


def _attribute(asked: list[Step], changed: list[str]) -> None:
    tools = [s for s in asked if s.tool]
    if not tools:
        return
    rest = []
    for path in changed:
        editor = next((s for s in tools if s.tool in EDITORS and _repo_path(s) == path), None)
        (editor.changed_files if editor else rest).append(path)
    if rest:
        next((s for s in reversed(tools) if s.tool == "Bash"), tools[-1]).changed_files.extend(rest)


def _repo_path(step: Step) -> str:
    path = str(step.tool_input.get("file_path") or step.tool_input.get("notebook_path") or "")
    return path[len("/repo/") :] if path.startswith("/repo/") else path


def _reads_skill(step: Step) -> bool:
    """A Skill tool call, or a Read (or a Bash command) of a SKILL.md."""
    if step.tool == "Skill":
        return True
    if step.tool == "Read":
        return str(step.tool_input.get("file_path", "")).endswith("SKILL.md")
    return step.tool == "Bash" and "SKILL.md" in (step.command or "")
