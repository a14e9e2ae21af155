"""CLI commands for reading results: `report`, `export tasks`, `export results`.

harness/cli.py calls `register(app)`.
"""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

from harness import paths
from harness.cli_support import fail, print_invalid, run_folders, split_ids, tasks_or_fail

console = Console()


def report(
    run_ids: list[str] = typer.Argument(..., help="Run ids (folders under the results folder) or run folder paths."),
    out: Path = typer.Option(None, "--out", file_okay=False, help="Output folder (default: <results>/report)."),
) -> None:
    """Write a static HTML report (leaderboard, skill effect, adherence, per task, every trial)."""
    from harness.report.build import build_report
    from harness.results import load_run

    folders = run_folders(run_ids)
    if not any(load_run(folder).finished() for folder in folders):
        fail("the runs hold no finished trial: nothing to report (is a run still starting?)")
    out = out or paths.results_dir() / "report"
    index = build_report(folders, out)
    pages = sum(1 for _ in (out / "trials").rglob("*.html"))
    console.print(f"report for {len(folders)} run(s), {pages} trial page(s): {index.resolve().as_uri()}")


def export_tasks(
    out: Path = typer.Option(..., "--out", file_okay=False, help="Output folder (tasks.parquet and a dataset card)."),
    tasks: str = typer.Option(None, "--tasks", help="Comma-separated task ids (default: all)."),
) -> None:
    """Write the task set as a dataset: one row per task (metadata, instruction, repo, tests, patches)."""
    from harness.export import export_tasks as write

    task_set = tasks_or_fail(split_ids(tasks))
    if task_set.errors:
        print_invalid(task_set)
        fail("fix the tasks above (see `evalrun validate`), or leave them out with --tasks", 1)
    target = write(task_set.tasks, out)
    console.print(f"exported {len(task_set.tasks)} task(s) -> {target}")


def export_results(
    run_ids: list[str] = typer.Argument(..., help="Run ids or run folder paths."),
    out: Path = typer.Option(..., "--out", file_okay=False, help="Output folder (trials.parquet and a dataset card)."),
) -> None:
    """Write the runs' trial records as a dataset: one row per trial with scores, patch, report, trajectory."""
    import pyarrow.parquet as pq

    from harness.export import DatasetError
    from harness.export import export_results as write

    folders = run_folders(run_ids)
    try:
        target = write(folders, out)
    except DatasetError as exc:
        fail(str(exc))
    console.print(f"exported {pq.read_metadata(target).num_rows} trial(s) from {len(folders)} run(s) -> {target}")


def register(app: typer.Typer) -> None:
    app.command("report")(report)
    export_app = typer.Typer(help="Export the task set or run results as Hugging Face datasets (parquet).")
    export_app.command("tasks")(export_tasks)
    export_app.command("results")(export_results)
    app.add_typer(export_app, name="export")
