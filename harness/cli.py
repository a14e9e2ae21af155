"""The `evalrun` command line."""

from __future__ import annotations

import json
import time
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from harness import paths
from harness.tasks import Task, TaskSet, load_tasks

app = typer.Typer(add_completion=False, help="evalrun: does a coding model follow a working-discipline skill?")
images_app = typer.Typer(help="Build the offline Docker images (base, per-service env, per-task).")
app.add_typer(images_app, name="images")
console = Console()
err = Console(stderr=True)


def _split_ids(value: str | None) -> list[str] | None:
    return [v.strip() for v in value.split(",") if v.strip()] if value else None


def _load(task_ids: str | None) -> TaskSet:
    try:
        return load_tasks(paths.tasks_dir(), _split_ids(task_ids))
    except (KeyError, FileNotFoundError) as exc:
        err.print(f"[red]error:[/red] {exc.args[0]}")
        raise typer.Exit(2) from exc


def _build_images(tasks: list[Task]) -> dict[str, str]:
    from harness.images import ImageBuilder, ImageBuildError
    from harness.sandbox import SandboxError, docker_client

    try:
        builder = ImageBuilder(docker_client(), log=lambda line: console.print(f"  {line}"))
        return {task.id: builder.ensure_task(task) for task in tasks}
    except (ImageBuildError, SandboxError) as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1) from exc


@app.callback(invoke_without_command=True)
def root(ctx: typer.Context) -> None:
    if ctx.invoked_subcommand is None:
        console.print(ctx.get_help())


@images_app.command("build")
def images_build(
    tasks: str = typer.Option(None, "--tasks", help="Comma-separated task ids (default: all)."),
) -> None:
    """Build (or reuse, by content hash) the base, env and task images."""
    task_set = _load(tasks)
    for error in task_set.errors:
        err.print(f"[red]invalid task[/red] {error}", soft_wrap=True)
    started = time.monotonic()
    tags = _build_images(task_set.tasks)
    for task_id, tag in tags.items():
        console.print(f"{task_id}: {tag}")
    console.print(f"{len(tags)} task image(s) ready in {time.monotonic() - started:.1f}s")
    if task_set.errors:
        raise typer.Exit(1)


@app.command()
def validate(
    tasks: str = typer.Option(None, "--tasks", help="Comma-separated task ids (default: all)."),
    repeats: int = typer.Option(3, "--repeats", min=1, help="Grade each variant this many times."),
    concurrency: int = typer.Option(2, "--concurrency", min=1, help="Tasks validated at once."),
    json_path: Path = typer.Option(None, "--json", help="Also write the results as JSON here."),
) -> None:
    """Untouched repo fails the hidden check, gold passes, wrong patches fail, outcomes are stable."""
    from harness.validate import validate_tasks

    task_set = _load(tasks)
    started = time.monotonic()
    images = _build_images(task_set.tasks)
    with Progress(
        TextColumn("validating"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=console
    ) as progress:
        bar = progress.add_task("validate", total=len(task_set.tasks))
        results = validate_tasks(
            task_set.tasks,
            lambda t: images[t.id],
            repeats=repeats,
            concurrency=concurrency,
            on_done=lambda _: progress.advance(bar),
        )
    table = Table(title=f"evalrun validate ({repeats} repeat(s))")
    for column in ("task", "outcome", "checks", "wrong patches", "seconds", "valid"):
        table.add_column(column)
    by_id = {t.id: t for t in task_set.tasks}
    for result in results:
        table.add_row(
            result.task_id,
            by_id[result.task_id].expected_outcome,
            str(result.checks),
            str(result.wrong_patches),
            f"{result.duration_sec:.1f}",
            "[green]yes[/green]" if result.valid else "[red]NO[/red]",
        )
    for error in task_set.errors:
        table.add_row(error.task_id, "-", "0", "-", "-", "[red]NO[/red]")
    console.print(table)
    for result in results:
        for problem in result.problems:
            console.print(f"[red]invalid[/red] {result.task_id}: {problem}", soft_wrap=True)
    for error in task_set.errors:
        console.print(f"[red]invalid[/red] {error}", soft_wrap=True)
    valid = sum(r.valid for r in results)
    total = len(results) + len(task_set.errors)
    wall = time.monotonic() - started
    console.print(f"{valid}/{total} valid in {wall:.1f}s")
    if json_path:
        json_path.write_text(
            json.dumps(
                {
                    "valid": valid,
                    "total": total,
                    "wall_sec": wall,
                    "repeats": repeats,
                    "tasks": [r.__dict__ | {"valid": r.valid} for r in results]
                    + [{"task_id": e.task_id, "problems": [str(e)], "valid": False} for e in task_set.errors],
                },
                indent=2,
            )
        )
    if valid != total:
        raise typer.Exit(1)


@app.command()
def clean(run_id: str = typer.Option(None, "--run-id", help="Only this run's containers.")) -> None:
    """Remove leftover evalrun containers."""
    from harness.sandbox import clean as remove_containers

    removed = remove_containers(run_id)
    console.print(f"removed {removed} container(s)")


def main() -> None:
    app()
