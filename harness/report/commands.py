"""CLI commands for reading results: `report`, `export tasks`, `export results`, `export harbor`.

harness/cli.py calls `register(app)`.
"""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

from harness import paths
from harness.cli_support import fail, print_invalid, run_folders, split_ids, tasks_dir_option, tasks_or_fail

console = Console()


def report(
    run_ids: list[str] = typer.Argument(..., help="Run ids (folders under the results folder) or run folder paths."),
    out: Path = typer.Option(None, "--out", file_okay=False, help="Output folder (default: <results>/report)."),
    tasks_dir: list[Path] = tasks_dir_option(),
    include_unstable: bool = typer.Option(
        False, "--include-unstable", help="Count the tasks quarantined as unstable (unstable.toml) in the statistics."
    ),
) -> None:
    """Write a static HTML report (leaderboard, skill effect, adherence, per task, every trial); the
    tasks quarantined as unstable are left out of the statistics unless --include-unstable."""
    from harness.cli_support import unstable_task_ids
    from harness.conditions import ConditionError
    from harness.report.build import build_report
    from harness.results import load_run
    from harness.tasks import DuplicateTaskError

    folders = run_folders(run_ids)
    if not any(load_run(folder).finished() for folder in folders):
        fail("the runs hold no finished trial: nothing to report (is a run still starting?)")
    out = out or paths.results_dir() / "report"
    try:
        exclude = frozenset() if include_unstable else unstable_task_ids(tasks_dir)
        index = build_report(folders, out, extra_tasks_dirs=tuple(tasks_dir or ()), exclude_tasks=exclude)
    except DuplicateTaskError as exc:
        fail(str(exc))
    except ConditionError as exc:  # an ablation manifest beside the runs' skills that cannot be read
        fail(str(exc), 1)
    pages = sum(1 for _ in (out / "trials").rglob("*.html"))
    console.print(f"report for {len(folders)} run(s), {pages} trial page(s): {index.resolve().as_uri()}")


def export_tasks(
    out: Path = typer.Option(..., "--out", file_okay=False, help="Output folder (tasks.parquet and a dataset card)."),
    tasks: str = typer.Option(None, "--tasks", help="Comma-separated task ids (default: all)."),
    tasks_dir: list[Path] = tasks_dir_option(),
) -> None:
    """Write the task set as a dataset: one row per task (metadata, instruction, repo, tests, patches)."""
    from harness.export import export_tasks as write

    task_set = tasks_or_fail(split_ids(tasks), extra=tasks_dir)
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


def export_harbor(
    out: Path = typer.Option(..., "--out", help="Output folder: one Harbor task folder per task (out/<id>/)."),
    tasks: str = typer.Option(None, "--tasks", help="Comma-separated task ids (default: all)."),
    network: str = typer.Option(
        "no-network", "--network", help="Harbor network_mode of the agent and the verifier: no-network or public."
    ),
    build: bool = typer.Option(
        True,
        "--build/--no-build",
        help="Build the task images they name (offline, cached); --no-build only names them.",
    ),
    tasks_dir: list[Path] = tasks_dir_option(),
) -> None:
    """Write the tasks as Harbor tasks (instruction, task.toml, environment, tests, solution); docs/harbor.md."""
    from harness.harbor import EXPORTABLE_LANGUAGES, HarborExportError
    from harness.harbor import export_harbor as write
    from harness.images import ImageBuilder, ImageBuildError
    from harness.sandbox import SandboxError, docker_client

    if network not in ("no-network", "public"):
        fail(f"--network {network!r}: use no-network or public")
    task_set = tasks_or_fail(split_ids(tasks), extra=tasks_dir)
    if task_set.errors:
        print_invalid(task_set)
        fail("fix the tasks above (see `evalrun validate`), or leave them out with --tasks", 1)
    chosen = task_set.tasks
    if tasks is None:  # all tasks: the verifier shipped to Harbor grades Python tasks only; say which are left out
        chosen = [t for t in task_set.tasks if t.language in EXPORTABLE_LANGUAGES]
        left_out = sorted(t.id for t in task_set.tasks if t.language not in EXPORTABLE_LANGUAGES)
        if left_out:
            console.print(
                f"left out {len(left_out)} task(s) not in Python (the Harbor verifier grades Python tasks only): "
                + ", ".join(left_out)
            )
    try:
        builder = ImageBuilder(docker_client(), log=lambda line: console.print(f"  {line}"))
        images = {t.id: builder.ensure_task(t) if build else builder.task_tag(t) for t in chosen}
    except (ImageBuildError, SandboxError) as exc:
        fail(str(exc), 1)
    try:
        folders = write(chosen, out, images, network)
    except HarborExportError as exc:
        fail(str(exc), 1)
    except OSError as exc:
        fail(f"cannot write the Harbor tasks under {out}: {exc}; pass --out a folder you can write", 1)
    console.print(f"exported {len(folders)} Harbor task(s) -> {out} (run one: harbor run -p {out}/<id> -a oracle)")


def register(app: typer.Typer) -> None:
    app.command("report")(report)
    export_app = typer.Typer(
        help="Export the task set or run results as Hugging Face datasets (parquet), or as Harbor tasks."
    )
    export_app.command("tasks")(export_tasks)
    export_app.command("results")(export_results)
    export_app.command("harbor")(export_harbor)
    app.add_typer(export_app, name="export")
