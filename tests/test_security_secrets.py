"""Security: API keys never reach a container, and never appear in logs, trajectories, reports or results.

A fake OPENAI_API_KEY is planted in evalrun's environment; evalrun runs the openai provider against a
local server (which also echoes the key back in an error, as a careless proxy might) and an agent that
hunts for the key: in its environment, in PID 1's, and through a symlink to /proc/self/environ that
would carry the *host* process's environment into the grading container if the grader followed it.
Then every output is searched: each file of the results folder, the console output, the containers'
and the image's environment.
"""

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from security_support import (
    FIX,
    FIXTURES,
    ROOT,
    TASK_ID,
    ModelServer,
    files_containing,
    script,
    task_and_image,
)

from harness.sandbox import docker_client
from harness.trajectory import Trajectory

pytestmark = pytest.mark.docker
KEY = "sk-test-PLANTED-9d81c3a7e44b4f2aa0c1-secret"
# The agent's code, imported by the hidden tests in the grading container: it raises with whatever
# app/environ holds, so that the grader's log (kept in the record) would show it.
EXFILTRATE = (
    "cat >> app/__init__.py <<'EOF'\n"
    "from pathlib import Path\n\n"
    "_env = Path(__file__).with_name('environ')\n"
    "if _env.exists():\n"
    "    raise RuntimeError(_env.read_bytes().replace(b'\\0', b' ').decode(errors='replace'))\n"
    "EOF"
)
HUNT = script(
    "env; cat /proc/1/environ | tr '\\0' '\\n'; cat /proc/self/environ | tr '\\0' '\\n'",
    "grep -rl --exclude-dir=proc --exclude-dir=sys 'sk-test-PLANTED' / 2>/dev/null; echo searched",
    "ln -s /proc/self/environ app/environ && ln -s /proc/1/environ app/environ1",
    EXFILTRATE,
    FIX,
    report=f"I fixed it. The key starts with {KEY[:12]}.",  # a report may name a prefix, never the key
)


class Watcher:
    """Records the environment of every evalrun container of a run while the run is going on."""

    def __init__(self, run_id: str):
        self.run_id, self.seen, self.stop = run_id, {}, threading.Event()
        self.thread = threading.Thread(target=self.watch, daemon=True)
        self.thread.start()

    def watch(self):
        client = docker_client()
        while not self.stop.is_set():
            for container in client.containers.list(filters={"label": f"evalrun.run={self.run_id}"}):
                try:
                    attrs = client.api.inspect_container(container.id)
                except Exception:  # it may be gone already
                    continue
                self.seen[container.name] = {
                    "env": attrs["Config"].get("Env") or [],
                    "mounts": attrs.get("Mounts") or [],
                    "role": attrs["Config"]["Labels"].get("evalrun.role"),
                }
            self.stop.wait(0.2)


def test_a_planted_api_key_appears_in_no_container_log_or_output(tmp_path):
    task, image = task_and_image()
    server = ModelServer(HUNT)
    server.plan = ["echo-key"]  # the first request fails with an error that contains the key
    results = tmp_path / "results"
    env = {
        **{k: v for k, v in os.environ.items() if "PROXY" not in k.upper()},
        "OPENAI_API_KEY": KEY,
        "EVALRUN_OPENAI_BASE_URL": server.url,
        "EVALRUN_MODEL_RETRIES": "3",
        "EVALRUN_MODEL_BACKOFF_SEC": "0.01",
        "NO_PROXY": "127.0.0.1,localhost",
        "EVALRUN_TASKS_DIR": str(FIXTURES),
        "EVALRUN_RESULTS_DIR": str(results),
    }
    watcher = Watcher("secrets")
    try:
        command = [sys.executable, "-m", "harness.cli", "--model", "openai/fake-model", "--run-id", "secrets"]
        done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, timeout=300)
        server.mode = "echo-key"  # a second run where the provider only ever echoes the key: an infra error
        command[-1] = "secrets-infra"
        watcher.run_id = "secrets-infra"
        failed = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, timeout=300)
    finally:
        watcher.stop.set()
        watcher.thread.join(5)
        server.close()
    assert done.returncode == 0 and failed.returncode == 0, (done.stderr + failed.stderr).decode()

    # the key was really in use: the server received it
    auth = {r["headers"].get("authorization") for r in server.requests}
    assert auth == {f"Bearer {KEY}"} and len(server.requests) >= len(HUNT) + 1 + 3

    # the agent looked, and the trial ran to its end
    from harness.results import read_records

    [record] = read_records(results / "secrets")
    assert record["resolved"] and record["error"] is None
    assert sorted(record["patch_notes"]["outside_symlinks"]) == [
        "app/environ -> /proc/self/environ",
        "app/environ1 -> /proc/1/environ",
    ]
    [infra] = read_records(results / "secrets-infra")
    assert infra["error_category"] == "infra" and "***" in infra["error"]  # the echoed key, redacted

    # no output holds the key: not a results file, not the console, not a log line
    needle = KEY.encode()
    assert files_containing(results, needle) == []
    assert needle not in done.stdout + done.stderr + failed.stdout + failed.stderr
    assert b"attempt 1/3 failed" in done.stderr  # the retry was logged, with the key redacted

    # no container's environment holds it, nothing from the host is mounted
    roles = {info["role"] for info in watcher.seen.values()}
    assert {"agent", "grader"} <= roles, watcher.seen
    for name, info in watcher.seen.items():
        assert not any(KEY in item or "OPENAI" in item for item in info["env"]), name
        assert info["mounts"] == [] or all(m.get("Type") == "tmpfs" for m in info["mounts"]), name
    image_env = docker_client().api.inspect_image(image)["Config"].get("Env") or []
    assert not any(KEY in item or "OPENAI" in item for item in image_env)
    assert task.id == TASK_ID


def test_codex_holds_only_a_placeholder_key_and_its_mounts_hold_none(tmp_path):
    """--agent codex (the real CLI in the task container, tests/test_agent_codex.py): the planted
    OPENAI_API_KEY goes from the host's provider to the fake server on every call, and never into the
    container: not its environment, PID 1's, the CLI's config, its home, the two read-only mounts
    (the binary, the bridge's socket folder), nor any file the agent can reach; nor any result file."""
    from agent_cli import TASK_ID as CODEX_TASK
    from test_agent_codex import FIND, FakeResponses, shell

    from harness.agents import codex

    hunt = [
        shell("env; cat /proc/1/environ | tr '\\0' '\\n'; cat ~/.codex/config.toml; echo listed"),
        shell(
            f"grep -rlIE '{FIND}' /home /opt /tmp /repo /etc /run /var /root 2>/dev/null | wc -l;"
            " ls /opt/evalrun/bridge /opt/evalrun/agents/codex; echo searched"
        ),
    ]
    codex.install()
    server = FakeResponses(hunt, "I looked for the key and found none.")
    results = tmp_path / "results"
    env = {
        "EVALRUN_TASKS_DIR": str(ROOT / "tasks"),
        "EVALRUN_RESULTS_DIR": str(results),
        "OPENAI_API_KEY": KEY,
        "EVALRUN_OPENAI_BASE_URL": f"http://127.0.0.1:{server.port}/v1",
        "EVALRUN_MODEL_RETRIES": "1",
    }
    watcher = Watcher("h-codex-secrets")
    try:
        from typer.testing import CliRunner

        from harness.cli import app

        args = ["--agent", "codex", "--model", "openai/gpt-5.2-codex", "--tasks", CODEX_TASK]
        done = CliRunner().invoke(app, [*args, "--run-id", "h-codex-secrets"], env=env)
    finally:
        watcher.stop.set()
        watcher.thread.join(5)
        server.close()
    assert done.exit_code == 0, done.output
    assert {r[0].get("authorization") for r in server.requests} == {f"Bearer {KEY}"}
    assert len(server.requests) == len(hunt) + 1

    from harness.results import load_run
    from harness.trajectory import Trajectory

    run = load_run(results / "h-codex-secrets")
    [record] = run.records
    listed, searched, _ = Trajectory.load(run.file(record, "trajectory")).steps
    # the CLI's config names the placeholder's variable (Codex keeps *KEY* variables out of its commands)
    assert 'env_key = "EVALRUN_BRIDGE_KEY"' in listed.output and 'wire_api = "responses"' in listed.output
    assert KEY not in listed.output and "OPENAI_API_KEY" not in listed.output
    assert searched.output.split()[0] == "0" and "model.sock" in searched.output, searched.output

    # no container's environment holds it; the agent's mounts are the binary and the socket folder, read-only
    assert files_containing(results, KEY.encode()) == []
    roles = {info["role"] for info in watcher.seen.values()}
    assert {"agent", "grader"} <= roles, watcher.seen
    for name, info in watcher.seen.items():
        assert not any(KEY in item or "OPENAI" in item for item in info["env"]), name
        binds = [m for m in info["mounts"] if m.get("Type") == "bind"]
        if info["role"] == "agent":
            assert sorted(m["Destination"] for m in binds) == ["/opt/evalrun/agents/codex", "/opt/evalrun/bridge"]
            assert all(m["RW"] is False for m in binds), binds
        else:
            assert binds == [], name


@pytest.mark.parametrize("agent", ["mini-swe-agent", "aider"])
def test_an_agent_cli_never_holds_the_key(tmp_path, agent):
    """The agent CLIs that speak Chat Completions (issue 14): the provider's key stays in the host's
    bridge. Every container of the run is watched: no environment holds the key, and the only host
    folders mounted are the CLI's install and the bridge's socket folder, read-only. mini-swe-agent's
    scripted session also searches its container for the key (aider runs no command of the model's)."""
    from agent_cli import TASK_ID
    from fake_chat import FakeChat
    from test_agent_aider import scripted
    from test_agent_miniswe import FINAL, SESSION
    from typer.testing import CliRunner

    from harness.agents.pyinstall import agents_dir
    from harness.cli import app
    from harness.results import load_run

    key = "sk-PLANTED-cli-2f6e0b8d13a94c57-secret"  # what the scripted search looks for
    server = FakeChat(SESSION, FINAL) if agent == "mini-swe-agent" else FakeChat(pick=scripted)
    run_id = f"h-pyagents-secrets-{agent}"
    env = {
        "EVALRUN_TASKS_DIR": str(ROOT / "tasks"),
        "EVALRUN_RESULTS_DIR": str(tmp_path / "results"),
        "OPENAI_API_KEY": key,
        "EVALRUN_OPENAI_BASE_URL": f"http://127.0.0.1:{server.port}/v1",
        "EVALRUN_MODEL_RETRIES": "1",
        "NO_PROXY": "127.0.0.1,localhost",
    }
    watcher = Watcher(run_id)
    args = ["--agent", agent, "--model", "openai/gpt-test", "--with-skill", "--tasks", TASK_ID, "--run-id", run_id]
    try:
        result = CliRunner().invoke(app, args, env=env)
    finally:
        watcher.stop.set()
        watcher.thread.join(5)
        server.close()
    assert result.exit_code == 0, result.output
    assert {h.get("authorization") for h, _ in server.requests} == {f"Bearer {key}"}  # the key was in use
    run = load_run(tmp_path / "results" / run_id)
    [record] = run.records
    assert record.error_category is None and record.resolved, record.error
    if agent == "mini-swe-agent":
        hunt = [s for s in Trajectory.load(run.file(record, "trajectory")).steps if "PLANTED" in (s.command or "")]
        assert hunt[0].output.split() == ["0", "searched"], hunt[0].output

    agents = [info for info in watcher.seen.values() if info["role"] == "agent"]
    assert agents and {"agent", "grader"} <= {info["role"] for info in watcher.seen.values()}
    for name, info in watcher.seen.items():
        assert not any(key in item for item in info["env"]), name
    for info in agents:
        binds = [m for m in info["mounts"] if m.get("Type") == "bind"]
        assert sorted(m["Destination"] for m in binds) == ["/opt/evalrun/agents/" + agent, "/opt/evalrun/bridge"]
        assert all(m.get("RW") is False for m in binds)
        install = next(m for m in binds if m["Destination"].startswith("/opt/evalrun/agents/"))
        assert Path(install["Source"]).parent == agents_dir()
    assert files_containing(tmp_path / "results", key.encode()) == []
    assert key not in result.output
