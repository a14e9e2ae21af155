"""`--agent aider`: the real aider CLI in the task's container, its model calls through evalrun's
Chat Completions bridge.

Install: as mini-swe-agent's (harness/agents/pyinstall.py), a venv of the task containers' own
python3 at <cache>/agents/aider-<key>/, bind-mounted read-only at /opt/evalrun/agents/aider.

A trial runs aider's own entry point (`aider.main.main`, what the `aider` script runs) through
harness/data/aider_driver.py, which records what aider does between model calls (files it adds to
the chat, edits it applies, commands it runs, with their output and exit code) in an events file:

    aider --model openai/<model> --openai-api-base http://127.0.0.1:PORT/v1 --openai-api-key <placeholder>
          --yes-always --no-auto-commits --no-dirty-commits --no-gitignore --no-pretty --no-fancy-input
          --no-stream --edit-format diff --auto-test --test-cmd "python -m pytest -q" ... < messages

`--yes-always` answers every question aider asks (add the files the model names to the chat, fix
lint or test errors), but aider declines, by design, to run shell commands the model suggests: its
only commands are its lint and its test command (`--auto-test` after each applied edit; a failure
goes back to the model, up to aider's 3 reflections). Nothing is committed (`/repo` stays as the
agent left it for evalrun's export); aider's own files (`.aider*`: its repo-map cache) are removed
from /repo when it exits. Its input is two messages on stdin, then end of input (it never waits):
the task prompt, and, once aider has finished with it, one follow-up asking for the final report,
since aider ends a turn without showing the model its last test run.

Skills: `installed` writes the skill folder to ~/.skills/<name>/ and passes its SKILL.md as a
read-only conventions file (`--read`): aider puts it in every request; `inline` puts the text in
aider's system prompt through a model-settings file (`system_prompt_prefix`, the one hook aider
has: the text comes before its own prompt, not after). skill_read: the SKILL.md text was in what
the model was sent (always so when installed: aider reads it for the model).

Transcript -> Trajectory: each model call the bridge answered gives, in order, its steps: the files
aider then added to the chat (Read), the edits it applied (Edit, with the file it changed), the
commands it ran (command, output, exit code), the reply text on the first; a reply that led to
nothing is one step with no tool. The reply to the follow-up is the final report.
"""

from __future__ import annotations

import hashlib
import json
import shlex
from pathlib import Path

from harness.agents.bridge import ModelCall
from harness.agents.bridged import (
    BRIDGE_INSIDE,
    HOME,
    PORT,
    WORK,
    BridgedCLIAgent,
    add_steps,
    installed_folder,
    json_lines,
    run_cli,
)
from harness.agents.chat_bridge import ChatCompletionsBridge
from harness.agents.pins import PINS
from harness.agents.pyinstall import PythonCLI
from harness.trajectory import Step, Trajectory

NAME = "aider"
DIST, VERSION = PINS[NAME]
CLI = PythonCLI(NAME, (f"{DIST}=={VERSION}",), "aider.main")
DRIVER = Path(__file__).resolve().parent.parent / "data" / "aider_driver.py"
TEST_COMMAND = "python -m pytest -q"
EVENTS = f"{WORK}/aider.events.jsonl"
HISTORY = f"{WORK}/aider.chat.history.md"
FOLLOW_UP = "If you are finished, reply with your final report and no edits."
TAG = "evalrun"  # aider's multi-line input: {evalrun ... evalrun}


def install():
    return installed_folder(CLI)


class AiderAgent(BridgedCLIAgent):
    NAME = NAME
    CLI = CLI
    BRIDGE = ChatCompletionsBridge

    def mounts(self) -> dict[str, str]:
        mounts = super().mounts()
        driver = self.bridge.folder / DRIVER.name
        driver.write_bytes(DRIVER.read_bytes())
        driver.chmod(0o644)
        return mounts

    def model_name(self) -> str:
        return f"openai/{getattr(self.model, 'model_id', None) or 'model'}"

    def arguments(self) -> list[str]:
        args = [
            "--model", self.model_name(), "--openai-api-base", f"http://127.0.0.1:{PORT}/v1",
            "--openai-api-key", "evalrun-bridge",  # a placeholder: the bridge holds the real key
            "--yes-always", "--no-auto-commits", "--no-dirty-commits", "--no-gitignore", "--no-check-update",
            "--no-show-release-notes", "--analytics-disable", "--no-pretty", "--no-fancy-input", "--no-stream",
            "--no-show-model-warnings", "--no-detect-urls", "--no-restore-chat-history", "--encoding", "utf-8",
            "--edit-format", "diff", "--auto-test", "--test-cmd", TEST_COMMAND,
            "--chat-history-file", HISTORY, "--input-history-file", f"{WORK}/aider.input.history",
            "--llm-history-file", f"{WORK}/aider.llm.history",
        ]  # fmt: skip
        if self.installed is not None:
            args += ["--read", self.installed.path]
        elif self.guidance:
            args += ["--model-settings-file", f"{WORK}/aider.model.settings.yml"]
        return args

    def _session(self, task, box, budget, prompt, started):
        messages = f"{{{TAG}\n{prompt.rstrip()}\n{TAG}}}\n{FOLLOW_UP}\n"
        files = {"messages.txt": messages.encode()}
        if self.installed is None and self.guidance:
            inline = f"Follow this guidance while you work:\n\n<guidance>\n{self.guidance}\n</guidance>\n"
            settings = [{"name": self.model_name(), "system_prompt_prefix": inline}]
            files["aider.model.settings.yml"] = json.dumps(settings, indent=1).encode()  # YAML is a superset of JSON
        self.deliver(box, files)
        env = {
            "HOME": HOME,
            "LITELLM_LOCAL_MODEL_COST_MAP": "True",  # else litellm fetches its price list from GitHub
            "AIDER_ANALYTICS": "false",
            "AIDER_CHECK_UPDATE": "false",
        }
        argv = " ".join(shlex.quote(a) for a in self.arguments())
        command = (
            f"{CLI.python} {BRIDGE_INSIDE}/{DRIVER.name} {EVENTS} {argv} < {WORK}/messages.txt"
            f" > {WORK}/aider.log 2>&1; code=$?; rm -rf /repo/.aider.tags.cache.v*; tail -c 3000 {WORK}/aider.log;"
            " exit $code"
        )
        return run_cli(box, command, env, budget, started)

    def transcript(self, box) -> str | None:
        return self.read(box, EVENTS) or ""

    def fill(self, trajectory, transcript, calls, changes):
        skill = ""
        if self.installed is not None:
            skill = self.installed.files["SKILL.md"].decode(errors="replace")
        elif self.guidance:
            skill = self.guidance
        return fill(trajectory, transcript, calls, changes, skill if self.skilled else None)


events = json_lines  # the driver's events


def reply_text(call: ModelCall) -> str:
    choices = (call.response or {}).get("choices") or [{}]
    return str((choices[0].get("message") or {}).get("content") or "")


def sent_text(call: ModelCall) -> str:
    """Every text the request carried (its messages' contents, parts of a list included)."""
    texts = []
    for message in call.request.get("messages") or []:
        content = message.get("content")
        if isinstance(content, list):
            texts += [str(part.get("text", "")) for part in content if isinstance(part, dict)]
        else:
            texts.append(str(content or ""))
    return "\n".join(texts)


def asked_for_report(call: ModelCall) -> bool:
    messages = call.request.get("messages") or []
    users = [m for m in messages if m.get("role") == "user"]
    return bool(users) and str(users[-1].get("content") or "").startswith(FOLLOW_UP)


def fill(
    trajectory: Trajectory,
    transcript: str | None,
    calls: list[ModelCall],
    changes: dict[int, list[str]],
    skill: str | None,
) -> tuple[str, str | None] | None:
    """The Trajectory from the bridge's record of aider's model calls and the driver's events."""
    answered = [(index, call) for index, call in enumerate(calls) if call.response is not None]
    recorded = events(transcript)
    for turn, (call_at, call) in enumerate(answered):
        until = answered[turn + 1][1].started_at if turn + 1 < len(answered) else float("inf")
        mine = [e for e in recorded if call.started_at <= float(e.get("time", 0)) < until]
        changed = [p for p in changes.get(call_at, []) if not p.startswith(".aider")]
        asked: list[Step] = []
        for event in mine:
            kind = event.get("kind")
            if kind == "read":
                path = str(event.get("path", ""))
                asked.append(Step(0, "", tool="Read", tool_input={"file_path": f"/repo/{path}"}, exit_code=0))
            elif kind == "edit":
                for path in event.get("paths") or []:
                    step = Step(0, "", tool="Edit", tool_input={"file_path": f"/repo/{path}"}, exit_code=0)
                    if path in changed:
                        step.changed_files.append(path)
                    asked.append(step)
            elif kind == "edit_error":
                asked.append(Step(0, "", tool="Edit", tool_input={}, exit_code=1, output=str(event.get("error", ""))))
            elif kind == "command":
                command = str(event.get("command", ""))
                asked.append(
                    Step(0, "", command=command, exit_code=event.get("exit_code"), output=str(event.get("output", "")))
                )
        attributed = {p for s in asked for p in s.changed_files}
        rest = [p for p in changed if p not in attributed]
        if rest:  # a file changed otherwise (a command's doing): to the last command, else the last step
            target = next((s for s in reversed(asked) if s.command is not None), asked[-1] if asked else None)
            if target is not None:
                target.changed_files.extend(rest)
        text = reply_text(call)
        if not asked:
            asked = [Step(0, text)]
        asked[0].response = text
        add_steps(trajectory, asked, call)
    if answered:
        last = answered[-1][1]
        if asked_for_report(last):
            trajectory.final_report = reply_text(last).strip()
        request = answered[0][1].request.get("messages") or []
        system = request[0].get("content") if request and request[0].get("role") == "system" else None
        trajectory.agent["system_prompt_sha256"] = hashlib.sha256(json.dumps(system).encode()).hexdigest()
        reply = ((last.response or {}).get("choices") or [{}])[0].get("message") or {}
        trajectory.messages = [*(last.request.get("messages") or []), reply]
    trajectory.agent["model_calls"] = len(calls)
    if skill is not None:
        body = skill.split("---", 2)[2].strip() if skill.startswith("---") else skill.strip()
        trajectory.agent["skill_read"] = bool(body) and any(body[:200] in sent_text(call) for _, call in answered)
    return None
