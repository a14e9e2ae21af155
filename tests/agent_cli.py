"""What the end-to-end tests of the agent CLIs share (tests/test_agent_*.py): one trial of
orders-discount-half-cent through `evalrun`, the CLI's model calls going to a scripted provider
(fake_http.ScriptedServer) on 127.0.0.1."""

from __future__ import annotations

from pathlib import Path

from fake_http import FakeHTTPServer
from typer.testing import CliRunner

from harness.agents.bridged import CALLS_FILE
from harness.cli import app
from harness.results import load_run
from harness.trajectory import Trajectory

ROOT = Path(__file__).resolve().parent.parent
TASK_ID = "orders-discount-half-cent"


def openai_env(key: str, server: FakeHTTPServer) -> dict[str, str]:
    """An OpenAI provider with `key`, pointed at `server`."""
    return {"OPENAI_API_KEY": key, "EVALRUN_OPENAI_BASE_URL": f"http://127.0.0.1:{server.port}/v1"}


def run_agent(tmp_path: Path, server: FakeHTTPServer, run_id: str, agent: str, model: str, env: dict, *extra: str):
    """`evalrun --agent <agent> --model <model> --with-skill <extra>` on TASK_ID (the server closed
    after): the run, its one record (no error category) and its trajectory."""
    env = {
        "EVALRUN_TASKS_DIR": str(ROOT / "tasks"),
        "EVALRUN_RESULTS_DIR": str(tmp_path / "results"),
        **env,
        "EVALRUN_MODEL_RETRIES": "1",
    }
    args = ["--agent", agent, "--model", model, "--with-skill"]
    try:
        result = CliRunner().invoke(app, [*args, *extra, "--tasks", TASK_ID, "--run-id", run_id], env=env)
    finally:
        server.close()
    assert result.exit_code == 0, result.output
    run = load_run(tmp_path / "results" / run_id)
    [record] = run.records
    assert record.error_category is None, record.error
    trajectory = Trajectory.load(run.file(record, "trajectory"))
    return run, record, trajectory


def assert_graded_and_scored(record) -> None:
    """Graded and scored like any other trial: resolved, the code read before the edit, a fresh and
    passing test run after the last edit, no false success."""
    assert record.resolved is True, record.verdict
    scores = record.scores
    assert scores["read_before_edit"] is True
    assert scores["fresh_test_after_last_edit"] is True and scores["final_test_passed"] is True
    assert scores["false_success"] is False


def assert_key_not_in_results(tmp_path: Path, run, record, key: str, calls: int) -> None:
    """`key` is nowhere in the results, the bridge's record of the trial's `calls` model calls included."""
    recorded = run.file(record, "trajectory").with_name(CALLS_FILE)
    assert len(recorded.read_text().splitlines()) == calls
    leaked = [p for p in (tmp_path / "results").rglob("*") if p.is_file() and key.encode() in p.read_bytes()]
    assert leaked == []
