"""`evalrun export harbor`: every task as a Harbor task, checked by Harbor itself.

- the judge shipped in each task's tests/ is harness/grader.py's (same verdicts on the same input);
- every task exports, loads in Harbor's own Task model (Harbor installed from PyPI in a venv of its
  own, harness/toolvenv.py) with the fields evalrun set, and passes `harbor lint` (every rule but
  unpinned-image: evalrun's local images are pinned by the content hash in their tag, and an image
  that was never pushed has no registry digest);
- the exported verifier, run as Harbor runs it (root, a fresh container from the task image, the
  agent's /repo copied in), rewards the gold fix, not the untouched repo, and not an agent that
  edits a protected test or writes the reward file itself;
- Harbor's oracle agent runs two exported tasks end to end with `harbor run` (docs/harbor.md says
  what a network-off task needs that this machine has not: the output is asserted below).

Harbor's venv is made once per pin set (~1 min from PyPI) and reused; under CI=true a venv that
cannot be made fails the test, elsewhere it skips.
"""

from __future__ import annotations

import importlib.util
import io
import json
import os
import re
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from harness import grader, paths
from harness.harbor import (
    HARBOR,
    HarborExportError,
    export_harbor,
    export_task,
    harbor_env,
    judge_module,
    load_with_harbor,
)
from harness.tasks import load_tasks
from harness.toolvenv import ToolVenvError, ensure

ORACLE_TASKS = ["orders-discount-half-cent", "accounts-admin-search-apostrophe"]  # black-box, in-process


def in_ci() -> bool:
    return os.environ.get("CI") == "true"


@pytest.fixture(scope="module")
def harbor_python() -> Path:
    try:
        return ensure(HARBOR, log=lambda line: print(line, file=sys.stderr))
    except ToolVenvError as exc:
        if in_ci():
            pytest.fail(f"CI=true but Harbor's venv cannot be made: {exc}")
        pytest.skip(f"Harbor's venv cannot be made: {exc}")


@pytest.fixture(scope="module")
def all_tasks():
    task_set = load_tasks(paths.tasks_dir())
    assert not task_set.errors, task_set.errors
    return task_set.tasks


@pytest.fixture(scope="module")
def image_builder():
    from harness.images import ImageBuilder
    from harness.sandbox import SandboxError, docker_client

    try:
        return ImageBuilder(docker_client(), log=lambda line: None)
    except SandboxError as exc:
        if in_ci():
            pytest.fail(f"CI=true but Docker is unavailable: {exc}")
        pytest.skip(f"Docker is unavailable: {exc}")


def load_judge(tmp_path: Path):
    path = tmp_path / "evalrun_judge.py"
    path.write_text(judge_module())
    spec = importlib.util.spec_from_file_location("evalrun_judge_copy", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


JUNIT = b"""<?xml version="1.0" encoding="utf-8"?><testsuites><testsuite name="pytest">
<testcase classname="tests.test_a" file="tests/test_a.py" name="test_ok"/>
<testcase classname="tests.test_a" file="tests/test_a.py" name="test_bad"><failure message="x"/></testcase>
<testcase classname="tests.test_p" file="tests/test_p.py" name="test_probe"><failure message="x"/></testcase>
</testsuite></testsuites>"""


@pytest.mark.parametrize(
    "junit, exit_code, summary",
    [
        (JUNIT, 1, {"passed": 1, "failed": 2}),  # honest
        (JUNIT, 0, {"passed": 1, "failed": 2}),  # exit 0 with the probe failed: forged
        # the probe reported passed: forged
        (
            JUNIT.replace(b'name="test_probe"><failure message="x"/>', b'name="test_probe">'),
            1,
            {"passed": 2, "failed": 1},
        ),
        (JUNIT + JUNIT, 1, {"passed": 1, "failed": 2}),  # two documents
    ],
)
def test_the_judge_shipped_to_harbor_gives_the_graders_verdicts(tmp_path, junit, exit_code, summary):
    copy = load_judge(tmp_path)
    requested = {"tests/test_a.py::test_ok", "tests/test_a.py::test_bad", "tests/test_p.py::test_probe"}
    ours = grader.judge(junit, exit_code, "tests/test_p.py::test_probe", "log", {}, summary, requested)
    theirs = copy.judge(junit, exit_code, "tests/test_p.py::test_probe", "log", {}, summary, requested)
    assert (theirs.cases, theirs.consistent, theirs.forged, theirs.forgery) == (
        ours.cases,
        ours.consistent,
        ours.forged,
        ours.forgery,
    )
    files = {"app/x.py": b"", "pytest.py": b"", "tests/test_new.py": b""}
    assert copy.new_module_candidates(files, {"app/x.py"}) == grader.new_module_candidates(files, {"app/x.py"})


def test_a_task_not_in_python_asked_for_by_name_is_a_clear_error(tmp_path):
    task = next(t for t in load_tasks(paths.tasks_dir()).tasks if t.language != "python")
    with pytest.raises(HarborExportError, match=f"task {task.id}: only python tasks can be exported"):
        export_task(task, tmp_path / task.id, "evalrun-task:any")
    assert not (tmp_path / task.id).exists()


def export_all(out: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "harness.cli", "export", "harbor", "--out", str(out), "--no-build"],
        capture_output=True,
        text=True,
        cwd=paths.CHECKOUT,
    )


@pytest.mark.docker
def test_every_task_exports_and_loads_in_harbors_own_task_model(tmp_path, harbor_python, all_tasks, image_builder):
    out = tmp_path / "harbor"
    result = export_all(out)
    assert result.returncode == 0, result.stderr
    folders = sorted(p for p in out.iterdir() if p.is_dir())
    assert [f.name for f in folders] == sorted(t.id for t in all_tasks if t.language == "python")
    others = sorted(t.id for t in all_tasks if t.language != "python")
    assert all(task_id in " ".join(result.stdout.split()) for task_id in others), result.stdout
    loaded = load_with_harbor(harbor_python, folders)
    by_id = {t.id: t for t in all_tasks}
    for folder in folders:
        seen, task = loaded[str(folder)], by_id[folder.name]
        assert "error" not in seen, (folder.name, seen)
        assert seen["valid_dir"], folder.name
        assert seen["name"] == f"evalrun/{task.id}"
        assert task.instruction.strip() in seen["instruction"]
        assert seen["docker_image"] == image_builder.task_tag(task)
        assert seen["network_mode"] == "no-network" and seen["verifier_network_mode"] == "no-network"
        assert seen["verifier_mode"] == "separate" and seen["verifier_user"] == "root"
        assert seen["artifacts"] == ["/repo"]
        assert seen["agent_timeout_sec"] == task.limits.time_limit_sec
        assert seen["verifier_timeout_sec"] >= task.limits.test_timeout_sec
        assert seen["cpus"] == task.limits.cpus and seen["memory_mb"] == task.limits.memory_mb
        assert seen["metadata"]["fail_to_pass"] == list(task.fail_to_pass)
        assert seen["metadata"]["expected_outcome"] == task.expected_outcome
        assert Path(seen["test_path"]).name == "test.sh" and Path(seen["solve_path"]).name == "solve.sh"
        # the hidden tests are under tests/ only: nothing of them in what the agent's image is built from
        hidden_names = {Path(rel).name for rel in task.hidden_test_files()}
        assert not hidden_names & {p.name for p in (folder / "environment").rglob("*")}
        assert (folder / "solution" / "solution.patch").exists() == (task.solution_patch is not None)
    lint = subprocess.run(
        [str(Path(harbor_python).parent / "harbor"), "lint", "--select", "ALL", "--ignore", "unpinned-image", "--json"]
        + [str(f) for f in folders],
        capture_output=True,
        text=True,
        env=harbor_env(harbor_python, dict(os.environ)),
        timeout=600,
    )
    assert lint.returncode == 0 and json.loads(lint.stdout) == [], lint.stdout + lint.stderr


# -- the verifier, run the way Harbor's separate verifier runs it ------------------------------------
def tar_of(root: Path, prefix: str) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        tar.add(root, arcname=prefix)
    return buffer.getvalue()


def verify_in_fresh_container(image: str, task_folder: Path, agent_script: str) -> tuple[dict, str]:
    """What Harbor does in separate mode, by hand: the agent's /repo (here: agent_script run in a
    container of the image) is copied into a FRESH container from the image, tests/ goes to /tests,
    and tests/test.sh runs as root; the reward is read from /logs/verifier/reward.json (its
    evalrun-verdict.json under "verdict")."""
    from harness.sandbox import docker_client

    client = docker_client()
    labels = {"evalrun": "1", "evalrun.run": "h-harbor-test"}
    agent = client.containers.run(image, ["sleep", "300"], detach=True, network_mode="none", labels=labels)
    verifier = None
    try:
        if (task_folder / "solution").exists():
            agent.put_archive("/", tar_of(task_folder / "solution", "solution"))
        code, output = agent.exec_run(["sh", "-c", agent_script], user="agent", workdir="/repo")
        assert code == 0, output.decode()
        stream, _ = agent.get_archive("/repo")
        repo_tar = b"".join(stream)
        verifier = client.containers.run(image, ["sleep", "300"], detach=True, network_mode="none", labels=labels)
        verifier.exec_run(["rm", "-rf", "/repo"], user="root")
        verifier.put_archive("/", repo_tar)
        verifier.put_archive("/", tar_of(task_folder / "tests", "tests"))
        verifier.exec_run(["mkdir", "-p", "/logs/verifier"], user="root")
        verifier.exec_run(["chmod", "777", "/logs/verifier"], user="root")  # as Harbor's mount is
        code, output = verifier.exec_run(["sh", "/tests/test.sh"], user="root")
        code_r, reward = verifier.exec_run(["cat", "/logs/verifier/reward.json"], user="root")
        assert code == 0 and code_r == 0, output.decode(errors="replace")[-3000:]
        _, verdict = verifier.exec_run(["cat", "/logs/verifier/evalrun-verdict.json"], user="root")
        return json.loads(reward) | {"verdict": json.loads(verdict)}, output.decode(errors="replace")
    finally:
        for container in (agent, verifier):
            if container is not None:
                container.remove(force=True)


GOLD = "git apply /solution/solution.patch"
FORGE_REWARD = (
    # code under test that writes Harbor's reward file when the tests import it
    "printf '%s\\n' 'import os, json' "
    "'os.makedirs(\"/logs/verifier\", exist_ok=True)' "
    '\'open("/logs/verifier/reward.json", "w").write(json.dumps({"reward": 1.0}))\' >> app/__init__.py'
)
EDIT_TEST = "printf 'def test_x():\\n    assert True\\n' > tests/conftest.py"


@pytest.mark.docker
@pytest.mark.parametrize(
    "task_id, agent_script, reward, tampered",
    [
        (ORACLE_TASKS[1], FORGE_REWARD, 0.0, 0),  # in-process: the tests import the forger
        (ORACLE_TASKS[0], FORGE_REWARD, 0.0, 0),  # black-box: the service imports it
        (ORACLE_TASKS[1], f"{GOLD} && {EDIT_TEST}", 1.0, 1),  # restored before the gold-fixed tests ran
    ],
    ids=["in-process-forged-reward", "black-box-forged-reward", "gold-with-edited-conftest"],
)
def test_the_exported_verifier_is_not_fooled_by_the_code_it_checks(
    tmp_path, all_tasks, image_builder, task_id, agent_script, reward, tampered
):
    """(The gold fix and the untouched repo go through Harbor itself below: oracle and nop.)"""
    task = next(t for t in all_tasks if t.id == task_id)
    image = image_builder.ensure_task(task)
    folder = export_harbor([task], tmp_path, {task.id: image})[0]
    seen, output = verify_in_fresh_container(image, folder, agent_script)
    assert (seen["reward"], seen["tampered"]) == (reward, tampered), output[-3000:]
    assert seen["fail_to_pass_total"] == len(task.fail_to_pass)  # evalrun's reward file, not the forger's
    if agent_script == FORGE_REWARD:  # the forger did write its reward; it was dropped before evalrun's
        assert seen["verdict"]["removed_from_verifier_dir"] == ["reward.json"], output[-3000:]


# -- Harbor itself: `harbor run` with its oracle agent -----------------------------------------------
def harbor_run(
    harbor_python: Path, path: Path, agent: str, jobs: Path, job: str
) -> tuple[subprocess.CompletedProcess, dict]:
    """`harbor run -p path -a agent`; the rewards of its trials by task name (None: no reward)."""
    command = [str(Path(harbor_python).parent / "harbor"), "run", "-p", str(path), "-a", agent]
    command += ["-o", str(jobs), "--job-name", job, "--yes", "-n", "2", "--quiet"]
    result = subprocess.run(
        command, capture_output=True, text=True, env=harbor_env(harbor_python, dict(os.environ)), timeout=1500
    )
    rewards = {}
    for trial in (jobs / job).glob("*/result.json"):
        data = json.loads(trial.read_text())
        verifier = data.get("verifier_result") or {}
        rewards[data["task_name"]] = (verifier.get("rewards") or {}).get("reward")
    return result, rewards


@pytest.mark.docker
def test_harbor_oracle_resolves_two_exported_tasks_and_the_nop_agent_none(
    tmp_path, harbor_python, all_tasks, image_builder
):
    tasks = [t for t in all_tasks if t.id in ORACLE_TASKS]
    images = {t.id: image_builder.ensure_task(t) for t in tasks}
    # network public: Harbor's docker environment can enforce no-network only with its egress-control
    # sidecar, pulled from a registry (the next test); these containers still reach nothing but the host
    out = tmp_path / "tasks"
    export_harbor(tasks, out, images, network="public")
    result, rewards = harbor_run(harbor_python, out, "oracle", tmp_path / "jobs", "oracle")
    assert rewards == {f"evalrun/{t}": 1.0 for t in ORACLE_TASKS}, result.stdout[-3000:] + result.stderr[-3000:]
    result, rewards = harbor_run(harbor_python, out, "nop", tmp_path / "jobs", "nop")
    assert rewards == {f"evalrun/{t}": 0.0 for t in ORACLE_TASKS}, result.stdout[-3000:] + result.stderr[-3000:]


PROBE_IMAGE_SCRIPT = (
    "from harbor.environments.docker.docker import DockerEnvironment as D; print(D._EGRESS_CONTROL_KERNEL_PROBE_IMAGE)"
)


@pytest.mark.docker
def test_a_network_off_task_runs_in_harbor_only_where_its_egress_sidecar_can_be_pulled(
    tmp_path, harbor_python, all_tasks, image_builder
):
    """The export's default (no-network, as evalrun runs tasks): Harbor 0.25's docker environment
    enforces it with an egress-control sidecar whose images (a probe and the sidecar's base) come
    from Docker Hub. Where they can be had, the oracle resolves the task; where no registry is
    reachable (this project's machines), Harbor refuses to start the task, and says so."""
    task = next(t for t in all_tasks if t.id == ORACLE_TASKS[1])
    out = tmp_path / "tasks"
    export_harbor([task], out, {task.id: image_builder.ensure_task(task)})
    result, rewards = harbor_run(harbor_python, out / task.id, "oracle", tmp_path / "jobs", "no-network")
    if rewards.get(f"evalrun/{task.id}") is not None:
        assert rewards == {f"evalrun/{task.id}": 1.0}
        return
    probe = subprocess.run([str(harbor_python), "-c", PROBE_IMAGE_SCRIPT], capture_output=True, text=True, check=True)
    probe_image = probe.stdout.strip()
    pulled = subprocess.run(["docker", "image", "inspect", probe_image], capture_output=True)
    assert pulled.returncode != 0, (
        f"{probe_image} is here, yet the no-network task did not run: {result.stdout[-3000:]}"
    )
    said = result.stdout + result.stderr
    said += "".join(p.read_text() for p in (tmp_path / "jobs").rglob("exception.txt"))
    flat = re.sub(r"[\s│]+", " ", said)  # Harbor's rich traceback box, unwrapped
    refusal = "network_mode='no-network' is not supported by EnvironmentType.DOCKER environment"
    assert refusal in flat, said[-4000:]
    print(f"Harbor cannot run a network-off task here ({probe_image} cannot be pulled): {refusal}")
