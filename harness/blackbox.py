"""Black-box grading: the hidden tests run as HTTP clients in a container the code under test never sees.

For a task with `[tests] mode = "black-box"` (docs/task-format.md):

- the patched tree is built as for in-process grading (`graded_tree`: protected paths restored,
  tampering recorded), then the hidden tests are taken OUT of it: they never enter the service's
  container;
- visible test ids (the repo's own tests in PASS_TO_PASS) run in-process as before, in their own
  fresh container from the task image, with the must-fail probe, at the same time as the hidden ones;
- the patched service starts in one container (its own entry point, declared in
  tasks/_clients/<service>/service.toml), on a private `--internal` network and nothing else;
- a second container from the same image joins that network, with /repo emptied (the code under
  test, patched or not, is not there to import), and runs the hidden tests plus the client
  fixtures of tasks/_clients/<service>/ with pytest, the service's URL in EVALRUN_SERVICE_URL;
- the JUnit XML and the exit code are cross-checked, with a must-fail probe, as in-process.

A service that crashes or never answers within the readiness timeout fails the hidden tests (not
resolved) with its log tail in the verdict; a failure of the machinery (engine, container) raises
SandboxError, which the runner records as infra. Both containers and the network are removed on
every way out.
"""

from __future__ import annotations

import shlex
import tempfile
import time
import tomllib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from harness.grader import (
    ERROR,
    PASSED,
    PytestRun,
    Verdict,
    added_runner_hooks,
    graded_tree,
    judge,
    make_probe,
    outcome_of,
    pytest_command,
    read_junit,
    run_tests,
    unapplied_verdict,
)
from harness.patches import content_files
from harness.sandbox import Sandbox, internal_network
from harness.tasks import Task

SERVICE_URL_ENV = "EVALRUN_SERVICE_URL"
SERVICE_LOG = "/home/agent/.evalrun-service.log"  # not /tmp: read back through the archive API
CLIENT_ROOT = "/repo"
READY_POLL = """\
import sys, time, urllib.error, urllib.request
url, deadline = sys.argv[1], time.monotonic() + float(sys.argv[2])
while time.monotonic() < deadline:
    try:
        urllib.request.urlopen(url, timeout=2).close()
        sys.exit(0)
    except urllib.error.HTTPError:
        sys.exit(0)  # any HTTP answer means the server is up
    except OSError:
        time.sleep(0.2)
sys.exit(1)
"""


@dataclass(frozen=True)
class ServiceConfig:
    """tasks/_clients/<service>/service.toml: how the grader serves the patched repo."""

    command: str
    port: int
    ready_path: str = "/"
    ready_timeout_sec: float = 30.0
    env: dict[str, str] = field(default_factory=dict)


def service_config(task: Task) -> ServiceConfig:
    path = task.client_dir / "service.toml"
    try:
        data = tomllib.loads(path.read_text())
        config = ServiceConfig(**data)
    except (OSError, tomllib.TOMLDecodeError, TypeError) as exc:
        raise ValueError(
            f"task '{task.id}': {path} does not declare the service (command, port, ready_path, "
            f"ready_timeout_sec, env): {exc}. Fix it (see docs/task-format.md)"
        ) from exc
    if not isinstance(config.port, int) or not all(isinstance(v, str) for v in config.env.values()):
        raise ValueError(f"task '{task.id}': {path}: port must be an int and env values strings")
    return config


def client_files(task: Task) -> dict[str, bytes]:
    """What the client container holds: the hidden tests, the service's client fixtures, a root ini."""
    files = {"pytest.ini": b"[pytest]\n"}
    for path in content_files(task.client_dir):
        if path.name != "service.toml":
            files[f"tests/{path.relative_to(task.client_dir).as_posix()}"] = path.read_bytes()
    files.update(task.hidden_test_files())
    return files


def split_ids(task: Task) -> tuple[list[str], list[str]]:
    """(hidden ids, run black-box; visible ids, the repo's own tests, run in-process)."""
    hidden_paths = set(task.hidden_test_files())
    hidden = [t for t in task.test_ids if t.split("::", 1)[0] in hidden_paths]
    visible = [t for t in task.test_ids if t not in hidden]
    return hidden, visible


def grade(task: Task, patch: str, image: str, run_id: str = "grade") -> Verdict:
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="evalrun-grade-") as tmp:
        tree = graded_tree(task, patch, Path(tmp))
    if tree.apply_error is not None:
        return unapplied_verdict(task, tree.apply_error, started)
    files, tampered = tree.files, tree.tampered
    for rel in task.hidden_test_files():
        files.pop(rel, None)  # the service's tree never holds the hidden tests
    hidden, visible = split_ids(task)
    with ThreadPoolExecutor(max_workers=2) as pool:  # the two runs share nothing: run them at once
        futures = []
        if visible:  # in-process, under the grading supervisor (shadowing modules removed there)
            futures.append(pool.submit(run_tests, task, files, visible, image, run_id, True, None, tree.new_modules))
        if hidden:
            futures.append(pool.submit(run_blackbox, task, files, hidden, image, run_id))
        runs = [future.result() for future in futures]
    cases = {case: outcome for run in runs for case, outcome in run.cases.items()}
    tests = {test_id: outcome_of(test_id, cases) for test_id in task.test_ids}
    consistent = all(run.consistent for run in runs)
    forged = any(run.forged for run in runs)
    return Verdict(
        task_id=task.id,
        resolved=consistent and not forged and all(o == PASSED for o in tests.values()),
        tests=tests,
        tampered_paths=sorted(set(tampered).union(*(run.shadowing for run in runs))),
        runner_hooks=added_runner_hooks(task, patch),
        runner_exit_code=runs[-1].exit_code,
        runner_consistent=consistent,
        runner_forged=forged,
        runner_forgery=[reason for run in runs for reason in run.forgery],
        duration_sec=time.monotonic() - started,
        log_tail="\n".join(run.log_tail for run in runs)[-4000:],
    )


def run_blackbox(task: Task, files: dict[str, bytes], test_ids: list[str], image: str, run_id: str) -> PytestRun:
    """Serve `files` in one container, run the hidden `test_ids` from another over a private network."""
    config = service_config(task)
    tests = client_files(task)
    probe_path, probe_id, probe_source = make_probe(tests)
    tests[probe_path] = probe_source
    ids = list(test_ids) + [probe_id]
    with (
        internal_network(run_id) as network,
        Sandbox.start(image, task.limits, role="service", run_id=run_id, network=network) as service,
        Sandbox.start(image, task.limits, role="client", run_id=run_id, network=network) as client,
    ):
        service.replace_tree(files, keep_git=False)
        service.spawn(f"exec {config.command} > {SERVICE_LOG} 2>&1", env=config.env)
        client.replace_tree(tests, keep_git=False)
        url = f"http://{service.name}:{config.port}"
        ready = client.exec(
            f"python3 -c {shlex.quote(READY_POLL)} {shlex.quote(url + config.ready_path)} {config.ready_timeout_sec}",
            timeout=config.ready_timeout_sec + 10,
            workdir="/",
        )
        if ready.exit_code != 0:
            log = _service_log(service)
            message = f"[the service never answered at {url} within {config.ready_timeout_sec:g}s]\n{log}"
            return PytestRun({t: ERROR for t in test_ids}, ready.exit_code, False, message[-3000:])
        run = client.exec(
            pytest_command(ids), timeout=task.limits.test_timeout_sec, workdir=CLIENT_ROOT, env={SERVICE_URL_ENV: url}
        )
        junit = read_junit(client)
        log_tail = run.output[-3000:]
        if not service.is_running() or run.exit_code != 1:
            log_tail += "\n[service log]\n" + _service_log(service)
    # The client runs only the grader's code, but the same cross-check as in-process costs nothing.
    return judge(junit, run.exit_code, probe_id, log_tail[-4000:])


def _service_log(service: Sandbox) -> str:
    try:
        return service.read_file(SERVICE_LOG).decode("utf-8", errors="replace")[-2000:]
    except FileNotFoundError:
        return "(the service wrote no log)"
