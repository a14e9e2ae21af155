"""HF datasets export: tasks round-trip (same content hash, hidden tests, patches); results export."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import datasets
import pyarrow.parquet as pq
import pytest
import typer
from test_report import build_sample_runs
from typer.testing import CliRunner

from harness.export import DatasetError, export_results, export_tasks, materialize_dataset, read_rows
from harness.report.commands import register
from harness.results import read_records
from harness.scoring.registry import METRICS
from harness.tasks import load_tasks

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "tasks"


def _same_tasks(original, rebuilt) -> None:
    assert sorted(rebuilt) == sorted(original)
    for task_id, task in original.items():
        back = rebuilt[task_id]
        assert back.content_hash() == task.content_hash()
        assert back.hidden_test_files() == task.hidden_test_files()
        assert (back.fail_to_pass, back.pass_to_pass, back.limits, back.instruction) == (
            task.fail_to_pass,
            task.pass_to_pass,
            task.limits,
            task.instruction,
        )
        assert [p.read_text() for p in back.wrong_patches] == [p.read_text() for p in task.wrong_patches]
        gold = task.solution_patch.read_text() if task.solution_patch else None
        assert (back.solution_patch.read_text() if back.solution_patch else None) == gold


def test_task_set_round_trip(tmp_path):
    task_set = load_tasks(ROOT / "tasks")
    assert task_set.tasks and not task_set.errors
    original = {t.id: t for t in task_set.tasks}
    target = export_tasks(task_set.tasks, tmp_path / "export")
    assert target.name == "tasks.parquet" and (tmp_path / "export" / "README.md").is_file()
    rows = {row["id"]: row for row in read_rows(tmp_path / "export")}
    task = original["mini-discount"] if "mini-discount" in original else next(iter(original.values()))
    row = rows[task.id]
    assert row["instruction"] == task.instruction and row["content_hash"] == task.content_hash()
    assert {f["path"] for f in row["hidden_tests"]} == set(task.hidden_test_files())
    assert any(f["path"] == "requirements.txt" for f in row["repo_files"])  # the materialized buggy repo
    rebuilt = materialize_dataset(tmp_path / "export", tmp_path / "imported")
    _same_tasks(original, {t.id: t for t in load_tasks(rebuilt).tasks})
    assert materialize_dataset(tmp_path / "export", tmp_path / "imported") == rebuilt  # reused, not rebuilt


def test_export_loads_with_datasets_and_is_cached_by_content(tmp_path, monkeypatch):
    monkeypatch.setenv("EVALRUN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("HF_DATASETS_CACHE", str(tmp_path / "hf"))
    tasks = load_tasks(FIXTURES).tasks
    export_tasks(tasks, tmp_path / "export")
    dataset = datasets.load_dataset(str(tmp_path / "export"), split="train")
    assert dataset.num_rows == 1 and dataset[0]["id"] == "mini-discount"
    assert dataset[0]["wrong_patches"][0]["name"] == "special-case.patch" and dataset[0]["gold_patch"]
    first = materialize_dataset(tmp_path / "export")
    assert first.parent == tmp_path / "cache" / "datasets"
    assert materialize_dataset(tmp_path / "export") == first
    _same_tasks({t.id: t for t in tasks}, {t.id: t for t in load_tasks(first).tasks})


def test_binary_files_and_corrupt_exports(tmp_path):
    tasks_dir = tmp_path / "tasks"
    shutil.copytree(FIXTURES, tasks_dir)
    blob = bytes(range(256))
    (tasks_dir / "_services" / "mini" / "app" / "logo.bin").write_bytes(blob)
    tasks = load_tasks(tasks_dir).tasks
    export_tasks(tasks, tmp_path / "export")
    rebuilt = materialize_dataset(tmp_path / "export", tmp_path / "imported")
    assert (rebuilt / "_services" / "mini" / "app" / "logo.bin").read_bytes() == blob
    assert load_tasks(rebuilt).tasks[0].content_hash() == tasks[0].content_hash()
    with pytest.raises(DatasetError, match="not an evalrun task export|no tasks.parquet"):
        materialize_dataset(tmp_path / "nothing-here")
    rows = read_rows(tmp_path / "export")
    rows[0]["task_files"][0]["path"] = "../escape.txt"
    bad = tmp_path / "bad"
    bad.mkdir()
    datasets.Dataset.from_list(rows).to_parquet(str(bad / "tasks.parquet"))
    with pytest.raises(DatasetError, match="leaves its folder"):
        materialize_dataset(bad, tmp_path / "bad-import")
    assert not (tmp_path / "escape.txt").exists()
    occupied = tmp_path / "occupied"
    occupied.mkdir()
    (occupied / "keep.txt").write_text("mine")
    with pytest.raises(DatasetError, match="not an earlier import"):
        materialize_dataset(tmp_path / "export", occupied)
    assert (occupied / "keep.txt").read_text() == "mine"


def test_results_export(tmp_path):
    _, _, folders = build_sample_runs(tmp_path)
    target = export_results(folders, tmp_path / "out")
    table = pq.read_table(target)
    rows = table.to_pylist()
    records = [r for folder in folders for r in read_records(folder)]
    assert len(rows) == len(records) == 10
    assert set(table.schema.field("scores").type.names) == set(METRICS)
    by_id = {(r["run_id"], r["trial_id"]): r for r in rows}
    sloppy = by_id[("demo__baseline", "mini-discount__baseline__a1")]
    assert sloppy["scores"]["tampered"] is True and sloppy["scores"]["banned_total"] >= 1
    assert sloppy["resolved"] is False and "except Exception" in sloppy["patch"]
    assert json.loads(sloppy["verdict"])["tampered_paths"] == ["tests/test_pricing.py"]
    assert json.loads(sloppy["trajectory"])["steps"][0]["command"].startswith("python")
    infra = by_id[("demo__skill", "mini-discount-b__skill__a2")]
    assert infra["error_category"] == "infra" and infra["scores"]["resolved"] is None


def test_export_commands(tmp_path, monkeypatch):
    _, results, _ = build_sample_runs(tmp_path / "sample")
    monkeypatch.setenv("EVALRUN_TASKS_DIR", str(FIXTURES))
    monkeypatch.setenv("EVALRUN_RESULTS_DIR", str(results))
    app = typer.Typer()
    register(app)
    runner = CliRunner()
    result = runner.invoke(app, ["export", "tasks", "--out", str(tmp_path / "tasks")])
    assert result.exit_code == 0, result.output
    assert "exported 1 task(s)" in result.output and (tmp_path / "tasks" / "tasks.parquet").is_file()
    result = runner.invoke(app, ["export", "results", "oracle", "demo__skill", "--out", str(tmp_path / "res")])
    assert result.exit_code == 0, result.output
    assert "exported 6 trial(s) from 2 run(s)" in result.output
    result = runner.invoke(app, ["export", "tasks", "--tasks", "nope", "--out", str(tmp_path / "x")])
    assert result.exit_code == 2 and "unknown task id" in result.output
