"""The main job end to end in Docker: replay agents, reference agents, resume, interrupt, shards."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from harness.cli import app
from harness.results import read_records
from harness.sandbox import docker_client
from harness.trajectory import Trajectory

pytestmark = pytest.mark.docker
FIXTURES = Path(__file__).parent / "fixtures" / "tasks"
ROOT = Path(__file__).resolve().parent.parent

FIXING_AGENT = [
    "Let me read the pricing code first.\n```bash\ncat app/pricing.py\n```",
    "```bash\npython -m pytest -q\n```",
    "Rounding down loses the half cent.\n```bash\nsed -i 's/ROUND_DOWN/ROUND_HALF_UP/g' app/pricing.py\n```",
    "```bash\npython -m pytest -q && git diff\n```",
    "Changed the rounding mode in app/pricing.py to ROUND_HALF_UP. `python -m pytest -q` passed after the change.",
]
IDLE_AGENT = ["```bash\nls\n```", "I looked around and changed nothing."]


def write_replay(tmp_path: Path, name: str, responses: list[str], latency: float = 0.0) -> str:
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps({"responses": responses, "latency_sec": latency}))
    return f"replay/{path}"


def evalrun(tmp_path: Path, *args: str):
    env = {"EVALRUN_TASKS_DIR": str(FIXTURES), "EVALRUN_RESULTS_DIR": str(tmp_path / "results")}
    return CliRunner().invoke(app, list(args), env=env)


def containers_of(run_label: str) -> list:
    return docker_client().containers.list(all=True, filters={"label": f"evalrun.run={run_label}"})


def test_scripted_fix_is_resolved_and_recorded(tmp_path):
    model = write_replay(tmp_path, "fix", FIXING_AGENT)
    result = evalrun(tmp_path, "--model", model, "--run-id", "fix", "--with-skill")
    assert result.exit_code == 0, result.output
    folder = tmp_path / "results" / "fix"
    [record] = read_records(folder)
    assert record["resolved"] and record["condition"] == "skill" and record["exit_status"] == "submitted"
    assert record["steps"] == 5 and record["input_tokens"] > 0 and record["error_category"] is None
    trajectory = Trajectory.load(folder / record["paths"]["trajectory"])
    assert [s.changed_files for s in trajectory.steps][2] == ["app/pricing.py"]
    assert "<guidance>" in trajectory.messages[0]["content"]  # the skill was in the system prompt
    assert "ROUND_HALF_UP" in (folder / record["paths"]["patch"]).read_text()
    assert "ROUND_HALF_UP" in (folder / record["paths"]["report"]).read_text()
    config = json.loads((folder / "config.json").read_text())
    [condition] = config["conditions"]
    assert condition["condition"] == "skill" and condition["guidance_sha256"] == record["guidance_sha256"]
    assert condition["condition_name"] == record["condition_name"] == "backend"
    assert containers_of("fix") == []


def test_agent_that_changes_nothing_is_not_resolved(tmp_path):
    model = write_replay(tmp_path, "idle", IDLE_AGENT)
    result = evalrun(tmp_path, "--model", model, "--run-id", "idle")
    assert result.exit_code == 0, result.output
    [record] = read_records(tmp_path / "results" / "idle")
    assert not record["resolved"] and record["condition"] == "baseline"
    assert record["verdict"]["tests"]["tests/test_hidden_rounding.py::test_half_cent_rounds_up"] == "failed"
    trajectory = Trajectory.load(tmp_path / "results" / "idle" / record["paths"]["trajectory"])
    assert "<guidance>" not in trajectory.messages[0]["content"]
    assert trajectory.final_report == "I looked around and changed nothing."


@pytest.mark.parametrize("model,resolved", [("oracle", True), ("null", False)])
def test_reference_agents(tmp_path, model, resolved):
    result = evalrun(tmp_path, "--model", model, "--run-id", model)
    assert result.exit_code == 0, result.output
    [record] = read_records(tmp_path / "results" / model)
    assert record["resolved"] is resolved and record["exit_status"] == "reference"


def test_agent_option_and_the_old_model_spelling_are_the_same_run(tmp_path):
    result = evalrun(tmp_path, "--agent", "oracle", "--run-id", "agent-oracle")
    assert result.exit_code == 0, result.output
    folder = tmp_path / "results" / "agent-oracle"
    [record] = read_records(folder)
    assert record["model"] == "oracle" and record["resolved"] and record["exit_status"] == "reference"
    assert json.loads((folder / "config.json").read_text())["agent"] == "oracle"
    again = evalrun(tmp_path, "--model", "oracle", "--run-id", "agent-oracle")
    assert again.exit_code == 0 and "1 already finished" in " ".join(again.output.split()), again.output


def test_step_limit_and_format_errors_end_the_episode(tmp_path):
    looping = write_replay(tmp_path, "loop", ["```bash\nls\n```"] * 10)
    result = evalrun(tmp_path, "--model", looping, "--run-id", "loop", "--max-steps", "3")
    assert result.exit_code == 0, result.output
    [record] = read_records(tmp_path / "results" / "loop")
    assert record["exit_status"] == "step_limit" and record["steps"] == 3
    garbled = write_replay(tmp_path, "garbled", ["```bash\nls\n```\n```bash\npwd\n```"] * 5)
    result = evalrun(tmp_path, "--model", garbled, "--run-id", "garbled")
    [record] = read_records(tmp_path / "results" / "garbled")
    assert record["exit_status"] == "format_error" and record["steps"] == 3


def test_resume_skips_finished_trials_and_refuses_a_changed_config(tmp_path):
    model = write_replay(tmp_path, "fix", FIXING_AGENT)
    assert evalrun(tmp_path, "--model", model, "--run-id", "r", "--attempts", "2").exit_code == 0
    again = evalrun(tmp_path, "--model", model, "--run-id", "r", "--attempts", "2")
    assert again.exit_code == 0 and "2 already finished" in again.output and "0 trial(s) run now" in again.output
    changed = evalrun(tmp_path, "--model", model, "--run-id", "r", "--attempts", "3")
    assert changed.exit_code == 2 and "different attempts" in changed.output


def test_shards_split_the_trials_and_merge(tmp_path):
    model = write_replay(tmp_path, "idle", IDLE_AGENT)
    for shard in ("1/2", "2/2"):
        result = evalrun(tmp_path, "--model", model, "--run-id", "s", "--attempts", "3", "--shard", shard)
        assert result.exit_code == 0, result.output
    folder = tmp_path / "results" / "s"
    assert sorted(p.name for p in folder.glob("trials*.jsonl")) == [
        "trials.shard-1-of-2.jsonl",
        "trials.shard-2-of-2.jsonl",
    ]
    assert [r["attempt"] for r in read_records(folder)] == [1, 2, 3]


def start_run(tmp_path: Path, model: str, run_id: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "EVALRUN_TASKS_DIR": str(FIXTURES),
        "EVALRUN_RESULTS_DIR": str(tmp_path / "results"),
    }
    command = [sys.executable, "-m", "harness.cli", "--model", model, "--run-id", run_id]
    command += ["--attempts", "4", "--concurrency", "2"]
    return subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def wait_for_records(folder: Path, count: int, timeout: float = 240) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if len(read_records(folder)) >= count:
            return
        time.sleep(0.2)
    raise AssertionError(f"fewer than {count} records in {folder} after {timeout}s")


def parse_or_none(line: str) -> dict | None:
    try:
        return json.loads(line)
    except json.JSONDecodeError:
        return None  # a write cut by SIGKILL; readers skip it


@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGKILL])
def test_interrupted_run_resumes_without_loss_or_duplicates(tmp_path, how):
    model = write_replay(tmp_path, "slow", FIXING_AGENT, latency=0.5)
    run_id = f"interrupted-{how.name}"
    folder = tmp_path / "results" / run_id
    process = start_run(tmp_path, model, run_id)
    wait_for_records(folder, 1)
    process.send_signal(how)
    output = process.communicate(timeout=120)[0].decode()
    if how == signal.SIGINT:
        assert process.returncode == 130, output
        assert containers_of(run_id) == []  # Ctrl-C removes the run's containers at once
    finished_before = {r["trial_id"] for r in read_records(folder)}
    assert 1 <= len(finished_before) < 4
    resumed = start_run(tmp_path, model, run_id)
    output = resumed.communicate(timeout=600)[0].decode()
    assert resumed.returncode == 0, output
    lines = [line for p in folder.glob("trials*.jsonl") for line in p.read_text().splitlines()]
    trial_ids = [r["trial_id"] for r in map(parse_or_none, lines) if r and r.get("error_category") is None]
    assert sorted(trial_ids) == sorted(set(trial_ids)) and len(set(trial_ids)) == 4  # none lost, none twice
    assert all(r["resolved"] for r in read_records(folder))
    assert containers_of(run_id) == []


SMOLLM2_TASK = "orders-discount-half-cent"


@pytest.mark.parametrize("condition", [["--with-skill"], []], ids=["with-skill", "baseline"])
def test_offline_smollm2_runs_end_to_end(tmp_path, condition):
    """The real offline model on a real task: it will not solve it; the run must finish, graded and recorded."""
    env = {"EVALRUN_RESULTS_DIR": str(tmp_path / "results")}
    args = ["--model", "local/smollm2", *condition, "--tasks", SMOLLM2_TASK, "--run-id", "smol", "--max-steps", "3"]
    result = CliRunner().invoke(app, args, env=env)
    assert result.exit_code == 0, result.output
    [record] = read_records(tmp_path / "results" / "smol")
    assert record["error_category"] is None, record["error"]
    assert record["verdict"] is not None and record["verdict"]["tests"]
    assert record["input_tokens"] > 0 and record["output_tokens"] > 0 and record["cost_usd"] == 0.0
    assert record["scores"]["resolved"] is not None
    trajectory = Trajectory.load(tmp_path / "results" / "smol" / record["paths"]["trajectory"])
    assert trajectory.steps and trajectory.exit_status in ("submitted", "step_limit", "format_error")
    print(
        f"\nsmollm2 {'skill' if condition else 'baseline'}: wall {record['wall_sec']:.1f}s, steps {record['steps']}, "
        f"tokens in {record['input_tokens']} out {record['output_tokens']}, exit {record['exit_status']}, "
        f"resolved {record['resolved']}"
    )


def test_main_job_runs_from_an_exported_dataset(tmp_path):
    from harness.export import export_tasks
    from harness.tasks import load_tasks

    export_tasks(load_tasks(FIXTURES).tasks, tmp_path / "dataset")
    env = {"EVALRUN_RESULTS_DIR": str(tmp_path / "results"), "EVALRUN_CACHE_DIR": str(tmp_path / "cache")}
    args = ["--dataset", str(tmp_path / "dataset"), "--model", "oracle", "--run-id", "from-dataset"]
    result = CliRunner().invoke(app, args, env=env)
    assert result.exit_code == 0, result.output
    [record] = read_records(tmp_path / "results" / "from-dataset")
    assert record["task_id"] == "mini-discount" and record["resolved"]


def test_null_agent_on_a_no_op_task_is_not_resolved_without_saying_so(tmp_path):
    """Tests pass on an untouched no-op repo, but `resolved` also needs a report that says why."""
    env = {"EVALRUN_RESULTS_DIR": str(tmp_path / "results")}
    task = "orders-coupon-discount-too-small"
    for model, expected in (("null", False), ("oracle", True)):
        result = CliRunner().invoke(app, ["--model", model, "--tasks", task, "--run-id", model], env=env)
        assert result.exit_code == 0, result.output
        [record] = read_records(tmp_path / "results" / model)
        assert record["verdict"]["resolved"] is True  # the hidden tests pass either way
        assert record["resolved"] is expected and record["scores"]["resolved"] is expected
