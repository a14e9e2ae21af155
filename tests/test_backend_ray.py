"""`--backend ray` on a real Ray cluster on this machine (a head and two worker nodes, each with one
`docker` slot of the local engine, all on 127.0.0.1; harness/backends/local_cluster.py): the same
verdicts and scores as a local run, a node lost mid-trial, Ctrl-C."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_main_job import FIXING_AGENT, containers_of, parse_or_none, write_replay

from harness.backends.ray_cluster import NodeImages, pack_tasks, unpack_tasks
from harness.images import ImageBuildError
from harness.results import read_records
from harness.sandbox import docker_client
from harness.tasks import load_tasks
from harness.trajectory import Trajectory

FIXTURES = Path(__file__).parent / "fixtures" / "tasks"
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def cluster():
    try:
        import ray  # noqa: F401
    except ImportError as exc:  # CI installs the ray extra: there a missing Ray is a failure, never a skip
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but ray is not installed: {exc}")
        pytest.skip("ray is not installed (pip install -e '.[ray]')")
    from harness.backends.local_cluster import LocalCluster
    from harness.images import ImageBuilder
    from harness.sandbox import docker_client

    [task] = load_tasks(FIXTURES).tasks  # built here once (a node would build it too, but slowly)
    ImageBuilder(docker_client(), log=lambda _: None).ensure_task(task)
    started = LocalCluster(workers=2)
    try:
        yield started
    finally:
        started.stop()


def test_task_folders_travel_with_the_job_unchanged(tmp_path):
    by_service = {t.service_name: t for t in load_tasks(ROOT / "tasks").tasks}  # one task of each service
    tasks = [*by_service.values(), *load_tasks(FIXTURES).tasks]
    assert any(t.client_dir.is_dir() for t in tasks)  # a black-box task's client folder travels too
    unpacked = unpack_tasks(pack_tasks(tasks), tmp_path, [t.id for t in tasks])
    assert [t.content_hash() for t in unpacked] == [t.content_hash() for t in tasks]
    assert all((t.dir / "tests").is_dir() for t in unpacked)  # the hidden check goes too (it grades there)


def test_a_node_that_would_build_another_image_gives_an_infra_error_naming_it(monkeypatch):
    [task] = load_tasks(FIXTURES).tasks
    monkeypatch.setattr("harness.sandbox.docker_client", lambda: None)
    images = NodeImages({task.id: task}, {task.id: "evalrun/task-x:not-this-hash"}, "host/abcd1234")
    with pytest.raises(ImageBuildError, match=r"node host/abcd1234: task mini-discount's image here would be"):
        images[task.id]


def test_the_driver_writes_only_inside_the_trial_folder(tmp_path):
    from harness.prompts import make_condition
    from harness.runner import Runner, RunSpec

    [task] = load_tasks(FIXTURES).tasks
    spec = RunSpec("r", "null", make_condition(False, None, False))
    runner = Runner(spec, [task], {}, tmp_path / "r")
    (tmp_path / "r").mkdir()
    record, files = runner.lost_trial(task, 1, spec.conditions[0], "node h/1 was lost during the trial")
    assert record.error_phase == "node" and record.error_category == "infra" and record.wall_sec is None
    runner.accept(record, {**files, "sub/calls.jsonl": b"{}"})
    folder = tmp_path / "r" / "trials" / record.trial_id
    assert (folder / "sub" / "calls.jsonl").read_bytes() == b"{}"
    assert "was lost" in (folder / "infra_error.txt").read_text()
    assert Trajectory.load(folder / "trajectory.json").exit_status == "infra_error"
    assert (folder / "patch.diff").read_text() == (folder / "report.md").read_text() == ""
    with pytest.raises(ValueError, match="not a path inside"):
        runner.accept(record, {"../escape": b"x"})
    assert [r["trial_id"] for r in read_records(tmp_path / "r")] == [record.trial_id]


def evalrun(tmp_path: Path, *args: str, wait: bool = True, timeout: float = 400):
    """`evalrun` in a process of its own (the driver), as a user runs it."""
    env = {
        **os.environ,
        "EVALRUN_TASKS_DIR": str(FIXTURES),
        "EVALRUN_RESULTS_DIR": str(tmp_path / "results"),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    env.pop("RAY_ADDRESS", None)
    command = [sys.executable, "-m", "harness.cli", *args]
    process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if not wait:
        return process
    output = process.communicate(timeout=timeout)[0].decode()
    return process.returncode, output


TIMINGS = ("duration_sec", "log_tail")  # a verdict's clock, and its log (the hidden tests' random names)


def outcome(record: dict) -> tuple:
    """What must be the same wherever a trial ran: everything but the clocks."""
    verdict = {k: v for k, v in record["verdict"].items() if k not in TIMINGS}
    scores = {k: v for k, v in record["scores"].items() if not k.endswith("_sec")}  # command_sec, wall_sec
    return record["resolved"], record["exit_status"], verdict, scores, record["steps"]


@pytest.mark.docker
@pytest.mark.timeout(480)
def test_ray_trials_match_local_and_name_both_nodes(tmp_path, cluster):
    model = write_replay(tmp_path, "fix", FIXING_AGENT)
    common = ["--model", model, "--attempts", "3", "--conditions", "baseline,skill"]
    code, local_output = evalrun(tmp_path, *common, "--run-id", "local6", "--concurrency", "2")
    assert code == 0, local_output
    code, output = evalrun(tmp_path, *common, "--run-id", "ray6", "--backend", "ray", "--ray-address", cluster.address)
    assert code == 0, output
    on_ray = {r["trial_id"]: r for r in read_records(tmp_path / "results" / "ray6")}
    local = {r["trial_id"]: r for r in read_records(tmp_path / "results" / "local6")}
    assert len(on_ray) == 6 and on_ray.keys() == local.keys()
    assert all(r["error_category"] is None and r["resolved"] for r in on_ray.values()), output
    for tid in local:
        assert outcome(on_ray[tid]) == outcome(local[tid]), tid
    assert len({r["node"] for r in on_ray.values()}) == 2  # both worker nodes ran trials
    assert all(r["schema_version"] == 4 for r in on_ray.values())
    for record in on_ray.values():  # the driver wrote every trial's files
        folder = tmp_path / "results" / "ray6"
        assert "ROUND_HALF_UP" in (folder / record["paths"]["patch"]).read_text()
        assert json.loads((folder / record["paths"]["trajectory"]).read_text())["final_report"]
    assert "6 trial(s) run now: 6 resolved, 0 infrastructure error(s)" in " ".join(output.split())
    assert containers_of("ray6") == []


def running_containers(run_id: str, count: int, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        # the list call's own labels: inspecting each container (containers_of) races with a trial
        # removing its grading container in between (docker.errors.NotFound)
        listed = docker_client().api.containers(filters={"label": [f"evalrun.run={run_id}", "evalrun.role=agent"]})
        if len(listed) >= count:
            return
        time.sleep(0.2)
    raise AssertionError(f"fewer than {count} agent container(s) of {run_id} after {timeout}s")


@pytest.mark.docker
@pytest.mark.timeout(480)
def test_ctrl_c_leaves_no_container(tmp_path, cluster):
    model = write_replay(tmp_path, "slow", FIXING_AGENT, latency=2.0)
    args = ["--model", model, "--attempts", "4", "--run-id", "ray-int", "--backend", "ray"]
    driver = evalrun(tmp_path, *args, "--ray-address", cluster.address, wait=False)
    running_containers("ray-int", 2)  # a trial on each node
    driver.send_signal(signal.SIGINT)
    output = driver.communicate(timeout=120)[0].decode()
    assert driver.returncode == 130, output
    assert containers_of("ray-int") == []
    assert len(read_records(tmp_path / "results" / "ray-int")) < 4


@pytest.mark.docker
@pytest.mark.timeout(480)
def test_lost_node_leaves_no_lost_and_no_duplicated_record(tmp_path, cluster):
    model = write_replay(tmp_path, "slow", FIXING_AGENT, latency=2.0)
    args = ["--model", model, "--attempts", "4", "--run-id", "ray-lost", "--backend", "ray"]
    args += ["--ray-address", cluster.address]
    folder = tmp_path / "results" / "ray-lost"
    driver = evalrun(tmp_path, *args, wait=False)
    try:
        running_containers("ray-lost", 2)
        cluster.kill_raylet("w2")
        output = driver.communicate(timeout=400)[0].decode()
        assert driver.returncode == 0, output

        def check() -> list[dict]:
            lines = [line for p in folder.glob("trials*.jsonl") for line in p.read_text().splitlines()]
            records = [r for r in map(parse_or_none, lines) if r]
            finished = [r["trial_id"] for r in records if r.get("error_category") is None]
            # none lost, none twice
            assert sorted(finished) == sorted(set(finished)) and len(set(finished)) == 4, output
            return records

        records = check()
        lost = [r for r in records if r.get("error_phase") == "node"]
        assert lost and all("was lost during the trial" in r["error"] for r in lost), output
        assert all(r["resolved"] for r in read_records(folder))
        code, again = evalrun(tmp_path, *args)  # resume: nothing left to run, nothing recorded twice
        assert code == 0 and "0 trial(s) run now" in again, again
        check()
        assert containers_of("ray-lost") == []
    finally:
        if driver.poll() is None:
            driver.kill()
        cluster.start_worker("w2")  # the cluster as the other tests expect it
