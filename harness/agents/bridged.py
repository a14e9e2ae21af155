"""What the Python agent CLIs (mini-swe-agent, aider) share: a CLI installed by pyinstall, mounted
read-only into the trial's container beside the model bridge's socket folder; a session that runs
the CLI to its end on a second command channel; the bridge's budget admission and per-call file
snapshots; the record of every model call (model_calls.jsonl beside trajectory.json).

A subclass sets NAME, CLI (a pyinstall.PythonCLI) and BRIDGE (the wire format's bridge class) and
implements `_session` (deliver the skill, run the CLI) and `fill` (its transcript -> Trajectory).
The model provider must have the relay BRIDGE needs (`relay_chat` for Chat Completions).
"""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

from harness.agents import claude_code
from harness.agents.base import Budget
from harness.agents.bridge import CallWatch, MessagesBridge, ModelCall
from harness.agents.pyinstall import PythonCLI, install
from harness.conditions import InstalledSkill
from harness.models import Model, ModelConfigError
from harness.prompts import Prompts
from harness.sandbox import ExecResult, Sandbox, SandboxError
from harness.tasks import Task
from harness.trajectory import INFRA_ERROR, SUBMITTED, TIME_LIMIT, Trajectory

INLINE, INSTALLED = claude_code.INLINE, claude_code.INSTALLED
HOME, WORK, PORT = claude_code.HOME, claude_code.WORK, claude_code.PORT
BRIDGE_INSIDE, CALLS_FILE = claude_code.BRIDGE_INSIDE, claude_code.CALLS_FILE
_installs: dict[str, Path] = {}
_install_lock = threading.Lock()


def installed_folder(cli: PythonCLI) -> Path:
    """The CLI's install (made once per process, then looked up by its content key)."""
    with _install_lock:
        if cli.name not in _installs:
            _installs[cli.name] = install(cli, log=print)
        return _installs[cli.name]


class BridgedCLIAgent:
    NAME: str
    CLI: PythonCLI
    BRIDGE: type[MessagesBridge]
    RELAY_METHOD = "relay_chat"
    PROVIDER_HINT = "--model openai/<name>"

    def __init__(
        self,
        model: Model,
        prompts: Prompts,
        guidance: str = "",
        installed: InstalledSkill | None = None,
    ):
        relay = getattr(model, self.RELAY_METHOD, None)
        if not callable(relay):
            raise ModelConfigError(f"--agent {self.NAME} speaks OpenAI Chat Completions: use {self.PROVIDER_HINT}")
        self.model, self.prompts, self.relay = model, prompts, relay
        self.guidance, self.installed = guidance, installed
        self.skill_mode = INSTALLED if installed is not None else INLINE
        self.folder = installed_folder(self.CLI)
        self.version = self.cli_version()
        self.bridge: MessagesBridge | None = None

    def cli_version(self) -> str:
        """The CLI's version, from the install's manifest (`pip freeze`)."""
        dist = self.CLI.requirements[0].split("==")[0].lower()
        for line in (self.folder / "manifest.txt").read_text().splitlines():
            name, _, version = line.partition("==")
            if name.strip().lower().replace("_", "-") == dist:
                return version.strip()
        return self.CLI.requirements[0].partition("==")[2]

    @property
    def skilled(self) -> bool:
        return bool(self.guidance) or self.installed is not None

    def mounts(self) -> dict[str, str]:
        """The CLI's install and the bridge's socket folder, bind-mounted read-only (the bridge starts here)."""
        self.bridge = self.BRIDGE(self.relay)
        relay = self.bridge.folder / claude_code.RELAY.name
        shutil.copy(claude_code.RELAY, relay)
        relay.chmod(0o644)
        return {str(self.folder): self.CLI.inside, str(self.bridge.folder): BRIDGE_INSIDE}

    def close(self) -> None:
        if self.bridge is not None:
            self.bridge.close()

    def run(self, task: Task, box: Sandbox, budget: Budget, trajectory: Trajectory, save: Path) -> Trajectory:
        if self.bridge is None:
            raise SandboxError(f"--agent {self.NAME} needs its mounts: start the sandbox with mounts=agent.mounts()")
        started = time.monotonic()
        trajectory.started_at = time.time()
        prompt = self.task_prompt(task)
        trajectory.messages = [{"role": "user", "content": prompt}]
        trajectory.agent = {"name": self.NAME, "version": self.version, "install": self.folder.name}
        if self.skilled:
            trajectory.agent["skill_mode"] = self.skill_mode
        bridge = self.bridge
        watch = CallWatch(bridge, box, budget, started, save.with_name(CALLS_FILE))
        try:
            result = self._session(task, box, budget, prompt, started)
            watch.before()  # what the last commands changed
            transcript = self.transcript(box)
        except SandboxError as exc:
            trajectory.exit_status, trajectory.error = INFRA_ERROR, f"SandboxError: {exc}"
            trajectory.ended_at = time.time()
            trajectory.save(save)
            return trajectory
        finally:
            bridge.close()
        if bridge.fatal is not None:
            raise bridge.fatal
        status = self.fill(trajectory, transcript, bridge.calls, watch.changes)
        if bridge.ended is not None:
            trajectory.exit_status, trajectory.error = bridge.ended, bridge.error
        elif result.timed_out:
            trajectory.exit_status, trajectory.error = TIME_LIMIT, "the CLI ran out of time"
        elif status is not None:
            trajectory.exit_status, trajectory.error = status
        elif trajectory.final_report is not None:
            trajectory.exit_status = SUBMITTED
        else:
            trajectory.exit_status = INFRA_ERROR
            trajectory.error = f"{self.NAME} exited {result.exit_code} without a final report: {result.output[-1500:]}"
        trajectory.ended_at = time.time()
        trajectory.save(save)
        return trajectory

    def task_prompt(self, task: Task) -> str:
        return self.prompts.render("task", instruction=task.instruction.strip())

    def transcript(self, box: Sandbox) -> str | None:
        raise NotImplementedError

    def _session(self, task: Task, box: Sandbox, budget: Budget, prompt: str, started: float) -> ExecResult:
        raise NotImplementedError

    def fill(
        self, trajectory: Trajectory, transcript: str | None, calls: list[ModelCall], changes: dict[int, list[str]]
    ) -> tuple[str, str | None] | None:
        """Steps, final report and agent facts from the CLI's transcript; an (exit status, error) the
        transcript itself says (a format error, a crash), else None."""
        raise NotImplementedError

    def read(self, box: Sandbox, path: str) -> str | None:
        try:
            return box.read_file(path).decode(errors="replace")
        except (FileNotFoundError, SandboxError):
            return None


def env_for_cli() -> dict[str, str]:
    """What every litellm-based CLI gets: no network lookups, the bridge as its OpenAI endpoint."""
    return {
        "HOME": HOME,
        "OPENAI_API_KEY": "evalrun-bridge",  # a placeholder: the bridge holds the real key
        "OPENAI_API_BASE": f"http://127.0.0.1:{PORT}/v1",
        "OPENAI_BASE_URL": f"http://127.0.0.1:{PORT}/v1",
        "LITELLM_LOCAL_MODEL_COST_MAP": "True",  # litellm would fetch its price list from GitHub
        "NO_PROXY": "127.0.0.1,localhost",
    }


def start_relay_for(box: Sandbox) -> None:
    """The in-container relay, as for Claude Code (127.0.0.1:PORT -> the bridge's socket)."""
    claude_code.start_relay(box)


def remaining(budget: Budget, started: float) -> float:
    return max(1.0, budget.time_limit_sec - (time.monotonic() - started))
