"""`--agent mini-swe-agent`: the real mini-swe-agent CLI (`mini`) in the task's container, its model
calls through evalrun's Chat Completions bridge.

Install (once per pin and base image, harness/agents/pyinstall.py): a venv made by the task
containers' own python3 from wheels downloaded on the host, at <cache>/agents/mini-swe-agent-<key>/,
bind-mounted read-only at /opt/evalrun/agents/mini-swe-agent. A trial runs

    mini -c mini.yaml -c ~/.evalrun/mini.yaml --agent-class default --environment-class local
         -m openai/<model> -t <task prompt> -o ~/.evalrun/trajectory.json   (stdin /dev/null)

mini.yaml is the CLI's own default config (its system and instance templates, its observation and
format-error templates); evalrun's file on top sets what a trial needs: DefaultAgent (never asks for
confirmation or input), no step / cost / wall-time limit of its own (the bridge enforces evalrun's:
model calls count as steps), commands in /repo with the trial's command timeout, litellm's OpenAI
provider with api_base at the in-container relay and a placeholder key, no retries inside the
container (the host's provider retries), no price lookups. The skill goes into the system template:
`inline` appends its text (`Follow this guidance while you work: <guidance>...`), `installed` writes
the skill folder to ~/.skills/<name>/ and appends the listing evalrun's own agent shows (name,
description, path); the CLI has no skill discovery of its own.

The transcript is mini-swe-agent's trajectory (saved after every step): each assistant message is
one model call; each of its bash actions a Step (command, raw output, return code, the files changed
before the next model call on its last action); a reply the CLI rejected (no tool call) a format-error
step; the message that submits (`echo COMPLETE_TASK_AND_SUBMIT_FINAL_OUTPUT`) the final step, whose
text (else the submission) is the final report.
"""

from __future__ import annotations

import hashlib
import json
import shlex

from harness.agents.bridge import ModelCall
from harness.agents.bridged import (
    HOME,
    PORT,
    WORK,
    BridgedCLIAgent,
    add_steps,
    block_text,
    installed_folder,
    run_cli,
)
from harness.agents.chat_bridge import ChatCompletionsBridge
from harness.agents.pins import PINNED_DEPENDENCIES, PINS
from harness.agents.pyinstall import PythonCLI
from harness.trajectory import FORMAT_ERROR, INFRA_ERROR, Step, Trajectory

NAME = "mini-swe-agent"
DIST, VERSION = PINS[NAME]
# `datasets` (with pyarrow, pandas, numpy: ~350 MB) serves only its SWE-bench batch runners, never `mini`.
CLI = PythonCLI(NAME, (f"{DIST}=={VERSION}", *PINNED_DEPENDENCIES[NAME]), "minisweagent.run.mini", omit=("datasets",))
SENTINEL = "COMPLETE_TASK_AND_SUBMIT_FINAL_OUTPUT"
TRAJECTORY = f"{WORK}/trajectory.json"
CONFIG = f"{WORK}/mini.yaml"
SUBMIT_NOTE = (
    f"(With this tool: finish with the command `echo {SENTINEL}`, alone, and write your final report "
    "as the text of that last message.)"
)
SKILLS_NOTE = (
    "Skills are installed in this container. Each is a folder with a SKILL.md that says how to do a\n"
    "kind of work; read a skill's SKILL.md when it applies to your task."
)


def install():
    """The CLI's install folder (made the first time; cached by its content key)."""
    return installed_folder(CLI)


def jinja_literal(text: str) -> str:
    """`text` inside a jinja2 template (mini-swe-agent renders its system template): every `{` escaped."""
    return text.replace("{", '{{ "{" }}')


class MiniSweAgent(BridgedCLIAgent):
    NAME = NAME
    CLI = CLI
    BRIDGE = ChatCompletionsBridge

    def task_prompt(self, task) -> str:
        return super().task_prompt(task).rstrip("\n") + "\n\n" + SUBMIT_NOTE + "\n"

    def default_system_template(self) -> str:
        """The system template of the CLI's own mini.yaml (read from the install)."""
        import yaml

        found = sorted(self.folder.glob("venv/lib/python*/site-packages/minisweagent/config/mini.yaml"))
        return yaml.safe_load(found[0].read_text())["agent"]["system_template"]

    def system_template(self) -> str:
        base = self.default_system_template().rstrip("\n")
        if self.installed is not None:
            skill = self.installed
            listing = f"<skills>\n- {skill.name}: {skill.description} ({skill.path})\n</skills>"
            return base + "\n\n" + jinja_literal(SKILLS_NOTE + "\n\n" + listing) + "\n"
        if self.guidance:
            inline = f"Follow this guidance while you work:\n\n<guidance>\n{self.guidance}\n</guidance>"
            return base + "\n\n" + jinja_literal(inline) + "\n"
        return base + "\n"

    def config(self, budget) -> dict:
        model_id = getattr(self.model, "model_id", None) or "model"
        return {
            "agent": {
                "system_template": self.system_template(),
                "step_limit": 0,  # the bridge enforces evalrun's step, time and cost limits
                "cost_limit": 0,
                "wall_time_limit_seconds": 0,
                "output_path": TRAJECTORY,
            },
            "environment": {"cwd": "/repo", "timeout": max(1, int(budget.command_timeout_sec))},
            "model": {
                "model_class": "litellm",
                "model_name": f"openai/{model_id}",
                "cost_tracking": "ignore_errors",
                "model_kwargs": {
                    "api_base": f"http://127.0.0.1:{PORT}/v1",
                    "api_key": "evalrun-bridge",  # a placeholder: the bridge holds the real key
                    "drop_params": True,
                },
            },
        }

    def _session(self, task, box, budget, prompt, started):
        files = {"prompt.md": prompt.encode(), "mini.yaml": json.dumps(self.config(budget), indent=1).encode()}
        self.deliver(box, files)
        env = {
            "HOME": HOME,
            "MSWEA_CONFIGURED": "true",  # no first-run setup prompt
            "MSWEA_GLOBAL_CONFIG_DIR": f"{WORK}/mini-swe-agent",
            "MSWEA_MODEL_RETRY_STOP_AFTER_ATTEMPT": "1",  # the host's provider retries, not the container
            "MSWEA_COST_TRACKING": "ignore_errors",
            "LITELLM_LOCAL_MODEL_COST_MAP": "True",  # else litellm fetches its price list from GitHub
        }
        model = f"openai/{getattr(self.model, 'model_id', None) or 'model'}"
        command = (
            f"{CLI.script('mini')} -c mini.yaml -c {CONFIG} --agent-class default --environment-class local"
            f' -m {shlex.quote(model)} -t "$(cat {WORK}/prompt.md)" -o {TRAJECTORY}'
            f" < /dev/null > {WORK}/mini.log 2>&1; code=$?; tail -c 3000 {WORK}/mini.log; exit $code"
        )
        return run_cli(box, command, env, budget, started)

    def transcript(self, box) -> str | None:
        return self.read(box, TRAJECTORY)

    def fill(self, trajectory, transcript, calls, changes):
        return fill(trajectory, transcript, calls, changes, self.skilled)


def is_submit(command: str) -> bool:
    return command.strip().split() == ["echo", SENTINEL]


def fill(
    trajectory: Trajectory,
    transcript: str | None,
    calls: list[ModelCall],
    changes: dict[int, list[str]],
    skill: bool,
) -> tuple[str, str | None] | None:
    """The Trajectory from mini-swe-agent's trajectory JSON and the bridge's record of its model calls.

    Each model call the bridge answered is, in order, an assistant message (its bash actions: one
    Step each) or a rejected reply (a user message of interrupt_type FormatError: a format-error step).
    Returns the (exit status, error) the transcript says when it did not end in a submission."""
    try:
        data = json.loads(transcript) if transcript else {}
    except json.JSONDecodeError:
        data = {}
    messages = data.get("messages") or []
    answered = [(index, call) for index, call in enumerate(calls) if call.response is not None]
    results = {m.get("tool_call_id"): m for m in messages if m.get("role") == "tool"}
    turn = 0
    for position, message in enumerate(messages):
        extra = message.get("extra") or {}
        rejected = message.get("role") == "user" and extra.get("interrupt_type") == "FormatError"
        if message.get("role") != "assistant" and not rejected:
            continue
        if turn >= len(answered):
            break
        call_at, call = answered[turn]
        turn += 1
        text = block_text(message.get("content"))
        if rejected:
            raw = ((extra.get("response") or {}).get("choices") or [{}])[0].get("message") or {}
            asked = [Step(0, block_text(raw.get("content")), format_error=text.strip()[:2000])]
        else:
            asked = []
            for action in extra.get("actions") or []:
                command = str(action.get("command", ""))
                following = messages[position + 1] if position + 1 < len(messages) else {}
                if is_submit(command) and following.get("role") == "exit":
                    submission = str(following.get("content") or "").strip()
                    trajectory.final_report = text.strip() or submission
                    asked.append(Step(0, text))
                    continue
                result = results.get(action.get("tool_call_id")) or {}
                outcome = result.get("extra") or {}
                step = Step(0, "", command=command, tool_input={"command": command})
                if result:
                    step.output = str(outcome.get("raw_output", ""))
                    code = outcome.get("returncode")
                    step.exit_code = code if isinstance(code, int) else None
                    step.timed_out = outcome.get("exception_type") == "TimeoutExpired"
                    if outcome.get("exception_info"):
                        step.output = (step.output + "\n" + str(outcome["exception_info"])).strip()
                asked.append(step)
            if not asked:
                asked = [Step(0, text)]
            asked[0].response = text
        commands = [s for s in asked if s.command is not None]
        if commands:
            commands[-1].changed_files.extend(changes.get(call_at, []))
        add_steps(trajectory, asked, call)
    if answered:
        request = answered[0][1].request.get("messages") or []
        system = request[0].get("content") if request and request[0].get("role") == "system" else None
        trajectory.agent["system_prompt_sha256"] = hashlib.sha256(json.dumps(system).encode()).hexdigest()
        last = answered[-1][1]
        reply = ((last.response or {}).get("choices") or [{}])[0].get("message") or {}
        trajectory.messages = [*(last.request.get("messages") or []), reply]
    trajectory.agent["model_calls"] = len(calls)
    info = data.get("info") or {}
    if info.get("mini_version"):
        trajectory.agent["cli_version"] = info["mini_version"]
    if skill:
        trajectory.agent["skill_read"] = any("SKILL.md" in (s.command or "") for s in trajectory.steps)
    status = info.get("exit_status") or ""
    if status in ("", "Submitted"):
        return None
    if status == "RepeatedFormatError":
        return FORMAT_ERROR, "mini-swe-agent stopped after repeated format errors"
    last_extra = (messages[-1].get("extra") or {}) if messages else {}
    return INFRA_ERROR, f"mini-swe-agent ended with {status}: {str(last_extra.get('exception_str', ''))[:1500]}"
