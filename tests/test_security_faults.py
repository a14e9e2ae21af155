"""Security: injected faults. A model server that fails, a container killed from outside, a Docker
engine that goes away, evalrun killed mid-trial, a results folder that cannot be written.

Infrastructure failures become records kept apart from model failures (error_category "infra") and
are rerun on resume; nothing is lost, nothing is recorded twice, no container is left behind.
"""

import errno
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import docker
import pytest
from security_support import (
    FIX,
    FIXTURES,
    ROOT,
    TASK_ID,
    EngineProxy,
    ModelServer,
    containers_of,
    script,
    task_and_image,
    wait_for,
    write_replay,
)
from typer.testing import CliRunner

from harness import results as results_module
from harness import sandbox as sandbox_module
from harness.agents import BashAgent, Budget
from harness.cli import app
from harness.models import get_model
from harness.prompts import Prompts, make_condition
from harness.results import INFRA, ResultsError, append_record, read_records
from harness.runner import Runner, RunSpec, make_config, prepare_run_dir
from harness.sandbox import ExecResult
from harness.tasks import load_task
from harness.trajectory import INFRA_ERROR, Trajectory

FIXING = script("cat app/pricing.py", FIX, "python -m pytest -q", report="Changed ROUND_DOWN to ROUND_HALF_UP.")
docker_test = pytest.mark.docker


@pytest.fixture
def model_env(monkeypatch):
    """OpenAI provider settings for a local server: 3 attempts, fast backoff, 1 s request timeout."""
    for var in ("OPENAI_BASE_URL", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(var, raising=False)
    values = {
        "NO_PROXY": "127.0.0.1,localhost",
        "OPENAI_API_KEY": "sk-test-fault-injection",
        "EVALRUN_MODEL_RETRIES": "3",
        "EVALRUN_MODEL_BACKOFF_SEC": "0.01",
        "EVALRUN_MODEL_TIMEOUT": "1",
    }
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    servers = []

    def serve(mode: str, replies: list[str] | None = None) -> ModelServer:
        server = ModelServer(replies, mode)
        servers.append(server)
        monkeypatch.setenv("EVALRUN_OPENAI_BASE_URL", server.url)
        return server

    yield serve
    for server in servers:
        server.close()


class NoContainer:
    """Stands in for a sandbox where the test is about the model: every command succeeds, silently."""

    def exec(self, command, timeout=120, **kwargs):
        return ExecResult(0, "", 0.0)


# --- model server faults -------------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["429", "500", "malformed", "hang"])
def test_model_server_fault_gives_bounded_retries_then_an_infra_error(model_env, tmp_path, mode):
    server = model_env(mode)
    task = load_task(FIXTURES / TASK_ID)
    agent = BashAgent(get_model("openai/fake-model"), Prompts(), "")
    trajectory = Trajectory(task.id, "openai/fake-model", "baseline", 1)
    started = time.monotonic()
    agent.run(task, NoContainer(), Budget(5, 60, 10), trajectory, tmp_path / "trajectory.json")
    assert time.monotonic() - started < 3 * 1 + 5  # three attempts of at most 1 s each, and backoff
    assert len(server.requests) == 3
    assert trajectory.exit_status == INFRA_ERROR and "gave up after 3 attempts" in trajectory.error
    assert Trajectory.load(tmp_path / "trajectory.json").exit_status == INFRA_ERROR  # saved as it ended


def cli(tmp_path: Path, *args: str, tasks: Path = FIXTURES, **env: str):
    environment = {"EVALRUN_TASKS_DIR": str(tasks), "EVALRUN_RESULTS_DIR": str(tmp_path / "results"), **env}
    return CliRunner().invoke(app, list(args), env=environment)


@docker_test
def test_model_failure_is_an_infra_record_that_resume_reruns(model_env, tmp_path):
    server = model_env("500", FIXING)
    result = cli(tmp_path, "--model", "openai/fake-model", "--run-id", "flaky-model")
    assert result.exit_code == 0, result.output
    assert "1 infrastructure error(s)" in result.output
    folder = tmp_path / "results" / "flaky-model"
    [record] = read_records(folder)
    assert record["error_category"] == INFRA and record["exit_status"] == INFRA_ERROR
    assert "gave up after 3 attempts" in record["error"] and "HTTP 500" in record["error"]
    assert record["verdict"] is None and not record["resolved"]
    server.mode = "ok"  # the provider recovers
    result = cli(tmp_path, "--model", "openai/fake-model", "--run-id", "flaky-model")
    assert result.exit_code == 0 and "0 already finished" in " ".join(result.output.split()), result.output
    [record] = read_records(folder)
    assert record["error_category"] is None and record["resolved"]
    lines = (folder / "trials.jsonl").read_text().splitlines()
    assert [json.loads(line)["error_category"] for line in lines] == [INFRA, None]  # kept apart, then replaced
    assert containers_of("flaky-model") == []


# --- the container and the engine ----------------------------------------------------------------


def kill_agent_container_when_it_starts(run_id: str) -> threading.Thread:
    def kill():
        [container] = wait_for(lambda: containers_of(run_id), 60, "the agent's container")
        time.sleep(1.0)
        container.kill()

    thread = threading.Thread(target=kill, daemon=True)
    thread.start()
    return thread


@docker_test
def test_container_killed_from_outside_is_an_infra_record_that_resume_reruns(tmp_path):
    model = write_replay(tmp_path, "slow", FIXING, latency=0.5)
    killer = kill_agent_container_when_it_starts("killed")
    result = cli(tmp_path, "--model", model, "--run-id", "killed")
    killer.join(5)
    assert result.exit_code == 0, result.output
    folder = tmp_path / "results" / "killed"
    [record] = read_records(folder)
    assert record["error_category"] == INFRA and "SandboxError" in record["error"]
    assert containers_of("killed") == []
    result = cli(tmp_path, "--model", model, "--run-id", "killed")
    assert result.exit_code == 0, result.output
    [record] = read_records(folder)
    assert record["error_category"] is None and record["resolved"]


def run_once(folder: Path, model: str, run_id: str, task, image) -> list:
    spec = RunSpec(run_id, model, make_condition(False, None, False))
    runner = Runner(spec, [task], {task.id: image}, folder)
    prepare_run_dir(folder, make_config(spec, [task], runner.prompts))
    return runner.run()


@docker_test
def test_engine_briefly_unavailable_mid_trial_is_an_infra_record_that_resume_reruns(tmp_path, monkeypatch):
    task, image = task_and_image()
    socket_dir = tempfile.mkdtemp(prefix="evalrun-engine-")  # short: unix socket paths are limited
    proxy = EngineProxy(Path(socket_dir) / "engine.sock")
    try:
        client = docker.DockerClient(base_url=proxy.url, timeout=60)
        monkeypatch.setattr(sandbox_module, "docker_client", lambda: client)
        model = write_replay(tmp_path, "slow", script("sleep 3; echo first", FIX, report="Fixed."), latency=0.3)

        def outage():
            wait_for(lambda: containers_of("engine-outage"), 60, "the agent's container")
            time.sleep(1.0)
            proxy.down()  # the engine "restarts": every connection is cut, new ones are refused
            time.sleep(3.0)
            proxy.up()

        thread = threading.Thread(target=outage, daemon=True)
        thread.start()
        folder = tmp_path / "results" / "engine-outage"
        [record] = run_once(folder, model, "engine-outage", task, image)
        thread.join(10)
        assert record.error_category == INFRA and "SandboxError" in record.error, record.error
        [record] = run_once(folder, model, "engine-outage", task, image)  # resume, with the engine back
        assert record.error_category is None and record.resolved
        assert [r["trial_id"] for r in read_records(folder)] == [record.trial_id]
        assert containers_of("engine-outage") == []
    finally:
        proxy.close()


@docker_test
def test_engine_unreachable_at_start_is_a_clear_error_with_no_records(tmp_path):
    env = {
        **os.environ,
        "EVALRUN_TASKS_DIR": str(FIXTURES),
        "EVALRUN_RESULTS_DIR": str(tmp_path / "results"),
        "DOCKER_HOST": f"unix://{tmp_path}/no-engine.sock",
    }
    command = [sys.executable, "-m", "harness.cli", "--model", "null", "--run-id", "no-engine"]
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    said = " ".join((done.stdout + done.stderr).split())
    assert "the Docker engine is not reachable" in said and "Traceback" not in said
    assert read_records(tmp_path / "results" / "no-engine") == []


# --- evalrun killed mid-trial ---------------------------------------------------------------------


@docker_test
def test_sigkill_mid_trial_loses_nothing_and_duplicates_nothing_on_resume(tmp_path):
    model = write_replay(tmp_path, "slow", FIXING, latency=1.0)
    env = {**os.environ, "EVALRUN_TASKS_DIR": str(FIXTURES), "EVALRUN_RESULTS_DIR": str(tmp_path / "results")}
    command = [sys.executable, "-m", "harness.cli", "--model", model, "--run-id", "sigkill"]
    folder = tmp_path / "results" / "sigkill"
    trajectory = folder / "trials" / f"{TASK_ID}__baseline__a1" / "trajectory.json"
    process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(lambda: trajectory.exists() and Trajectory.load(trajectory).steps, 120, "the first step")
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(30)
    assert read_records(folder) == [] and not (folder / "trials.jsonl").exists()  # no partial record
    resumed = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stdout + resumed.stderr
    lines = (folder / "trials.jsonl").read_text().splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["resolved"]  # once, complete
    assert len(Trajectory.load(trajectory).steps) == 4  # the rerun replaced the unfinished attempt
    assert containers_of("sigkill") == []  # the resumed run removed what the killed one left


# --- results that cannot be written ---------------------------------------------------------------


def test_results_folder_not_writable_is_a_clear_error_before_any_trial(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the results folder should be\n")
    with pytest.raises(ResultsError, match="cannot write the results .* make .* writable or free space"):
        prepare_run_dir(blocker / "run", {"run_id": "run"})
    result = CliRunner().invoke(
        app,
        ["--model", "null", "--run-id", "blocked"],
        env={"EVALRUN_TASKS_DIR": str(FIXTURES), "EVALRUN_RESULTS_DIR": str(blocker)},
    )
    assert result.exit_code == 2
    assert "cannot write the results" in " ".join(result.output.split())
    assert not list(tmp_path.rglob("trials*.jsonl"))


@docker_test
def test_disk_full_mid_run_stops_with_a_clear_error_and_no_partial_records(tmp_path, monkeypatch):
    task, image = task_and_image()
    model = write_replay(tmp_path, "fix", FIXING)
    folder = tmp_path / "results" / "disk-full"
    spec = RunSpec("disk-full", model, make_condition(False, None, False))
    runner = Runner(spec, [task], {task.id: image}, folder)
    prepare_run_dir(folder, make_config(spec, [task], runner.prompts))
    real_write = os.write

    def disk_full(fd, data):  # writes to the trial log fail as on a full disk; nothing else changes
        if os.readlink(f"/proc/self/fd/{fd}").endswith("trials.jsonl"):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(fd, data)

    monkeypatch.setattr(results_module.os, "write", disk_full)
    with pytest.raises(ResultsError, match="No space left on device"):
        runner.run()
    monkeypatch.setattr(results_module.os, "write", real_write)  # space is freed
    assert read_records(folder) == [] and (folder / "trials.jsonl").read_bytes() == b""
    assert containers_of("disk-full") == []
    [record] = run_once(folder, model, "disk-full", task, image)
    assert record.resolved and len((folder / "trials.jsonl").read_text().splitlines()) == 1


@docker_test
def test_disk_full_mid_run_is_a_one_line_error_from_the_cli(tmp_path, monkeypatch):
    model = write_replay(tmp_path, "fix", FIXING)
    real_write = os.write

    def disk_full(fd, data):
        if os.readlink(f"/proc/self/fd/{fd}").endswith("trials.jsonl"):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(fd, data)

    monkeypatch.setattr(results_module.os, "write", disk_full)
    result = cli(tmp_path, "--model", model, "--run-id", "disk-full-cli")
    assert result.exit_code == 1, result.output
    assert "error:" in result.output and "No space left on device" in " ".join(result.output.split())
    assert "Traceback" not in result.output
    assert containers_of("disk-full-cli") == []


def test_a_short_write_leaves_no_partial_record(tmp_path, monkeypatch):
    path = tmp_path / "trials.jsonl"
    append_record(path, {"trial_id": "a", "n": 1})
    real_write = os.write

    def half_write(fd, data):
        return real_write(fd, data[: len(data) // 2])

    monkeypatch.setattr(results_module.os, "write", half_write)
    with pytest.raises(OSError) as caught:
        append_record(path, {"trial_id": "b", "n": 2})
    assert caught.value.errno == errno.ENOSPC
    monkeypatch.setattr(results_module.os, "write", real_write)
    append_record(path, {"trial_id": "c", "n": 3})
    assert path.read_text().count("\n") == 2
    assert [r["trial_id"] for r in read_records(tmp_path)] == ["a", "c"]
