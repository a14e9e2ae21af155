"""CLI plumbing, once (issue 12, item 6): one fail(), one task selection with a typed error, one run
resolver that every command taking runs uses (run ids and run folder paths alike)."""

import csv
from pathlib import Path

import pytest
from typer.testing import CliRunner

from harness.cli import app
from harness.cli_support import TaskSelectionError, select_tasks
from harness.results import NotARun, resolve_run

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "results" / "samples"
FIXTURES = Path(__file__).parent / "fixtures" / "tasks"


def invoke(*args: str, results: Path = SAMPLES):
    env = {"EVALRUN_RESULTS_DIR": str(results), "EVALRUN_TASKS_DIR": str(FIXTURES)}
    result = CliRunner().invoke(app, list(args), env=env)
    return result, " ".join(result.output.split())


def test_leaderboard_takes_run_ids_and_run_folder_paths_alike(tmp_path):
    by_id, _ = invoke("leaderboard", "oracle", "null", "--out", str(tmp_path / "ids.csv"))
    by_path, _ = invoke("leaderboard", str(SAMPLES / "oracle"), str(SAMPLES / "null"), "--out", str(tmp_path / "p.csv"))
    assert by_id.exit_code == 0 and by_path.exit_code == 0, by_id.output + by_path.output
    rows = list(csv.DictReader((tmp_path / "ids.csv").open()))
    assert rows and (tmp_path / "ids.csv").read_text() == (tmp_path / "p.csv").read_text()


@pytest.mark.parametrize(
    "command", [["leaderboard"], ["report", "--out", "REPORT"], ["export", "results", "--out", "X"]]
)
def test_a_folder_that_is_not_a_run_is_an_error_not_skipped(tmp_path, command):
    (tmp_path / "not-a-run").mkdir()
    command = [str(tmp_path / c) if c in ("REPORT", "X") else c for c in command]
    result, said = invoke(*command, str(SAMPLES / "oracle"), "not-a-run", results=tmp_path)
    assert result.exit_code == 2, result.output
    assert "not-a-run" in said and ("not a run folder" in said or "no run folder" in said), said


def test_score_resolves_its_run_like_the_others(tmp_path):
    (tmp_path / "empty").mkdir()
    result, said = invoke("score", str(tmp_path / "empty"), "--no-docker", results=tmp_path)
    assert result.exit_code == 2 and "is not a run folder" in said, said


def test_the_resolver_says_why(tmp_path, monkeypatch):
    monkeypatch.setenv("EVALRUN_RESULTS_DIR", str(tmp_path))
    (tmp_path / "plain").mkdir()
    with pytest.raises(NotARun, match="plain is not a run folder"):
        resolve_run("plain")
    with pytest.raises(NotARun, match="no run folder .*missing"):
        resolve_run("missing")
    with pytest.raises(NotARun, match="neither a run folder nor a run id"):
        resolve_run("a/b")
    assert resolve_run(SAMPLES / "oracle") == SAMPLES / "oracle"


def test_task_selection_has_a_typed_error(tmp_path):
    with pytest.raises(TaskSelectionError, match="unknown task id\\(s\\): nope"):
        select_tasks(["nope"], FIXTURES)
    with pytest.raises(TaskSelectionError, match="does not exist"):
        select_tasks(None, tmp_path / "no-tasks-here")
    assert [t.id for t in select_tasks(["mini-discount"], FIXTURES).tasks] == ["mini-discount"]


@pytest.mark.parametrize("command", [["images", "build"], ["export", "tasks", "--out", "OUT"], ["validate"], []])
def test_every_command_selecting_tasks_fails_the_same_way(tmp_path, command):
    command = [str(tmp_path / "out") if c == "OUT" else c for c in command]
    extra = ["--model", "null"] if not command else []
    result, said = invoke(*command, *extra, "--tasks", "nope", results=tmp_path)
    assert result.exit_code == 2 and "error: unknown task id(s): nope" in said, said


class RecordingBuilder:
    """Stands in for the Docker image builder: records which layer each task was asked for."""

    calls: list[tuple[str, str]] = []

    def __init__(self, client=None, log=print):
        pass

    def ensure_env(self, task):
        self.calls.append(("env", task.id))
        return f"evalrun/env-{task.service_name}:x"

    def ensure_task(self, task):
        self.calls.append(("task", task.id))
        return f"evalrun/task-{task.id}:x"


@pytest.mark.parametrize("env_only, layer", [(True, "env"), (False, "task")])
def test_images_build_env_only_builds_the_env_layers_and_no_task_image(monkeypatch, tmp_path, env_only, layer):
    import harness.images
    import harness.sandbox

    RecordingBuilder.calls = []
    monkeypatch.setattr(harness.images, "ImageBuilder", RecordingBuilder)
    monkeypatch.setattr(harness.sandbox, "docker_client", lambda: None)
    result, said = invoke("images", "build", *(["--env-only"] if env_only else []), results=tmp_path)
    assert result.exit_code == 0, said
    assert RecordingBuilder.calls and {kind for kind, _ in RecordingBuilder.calls} == {layer}
    assert ("env image(s) for" in said) is env_only and ("task image(s) ready" in said) is not env_only
