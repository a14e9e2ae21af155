"""The `evalrun` command line."""

from __future__ import annotations

import json
import re
import signal
import time
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from harness import paths
from harness.bench import register as register_bench_command
from harness.cli_support import Commands, err, fail, output_file, print_invalid, split_ids, tasks_or_fail
from harness.report.commands import register as register_report_commands
from harness.scoring.commands import register as register_scoring_commands
from harness.tasks import Task

app = typer.Typer(cls=Commands, add_completion=False, help="evalrun: does a coding model follow a working-discipline skill?")
images_app = typer.Typer(help="Build the offline Docker images (base, per-service env, per-task).")
app.add_typer(images_app, name="images")
tasks_app = typer.Typer(help="Inspect the task set.")
app.add_typer(tasks_app, name="tasks")
register_scoring_commands(app)
register_report_commands(app)
register_bench_command(app)
console = Console()


def _build_images(tasks: list[Task]) -> dict[str, str]:
    from harness.images import ImageBuilder, ImageBuildError
    from harness.sandbox import SandboxError, docker_client

    try:
        builder = ImageBuilder(docker_client(), log=lambda line: console.print(f"  {line}"))
        return {task.id: builder.ensure_task(task) for task in tasks}
    except (ImageBuildError, SandboxError) as exc:
        fail(str(exc), 1)


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def _parse_shard(value: str | None) -> tuple[int, int]:
    if not value:
        return (1, 1)
    match = re.fullmatch(r"(\d+)/(\d+)", value.strip())
    if not match or not 1 <= int(match.group(1)) <= int(match.group(2)):
        raise typer.BadParameter(f"{value!r} is not a shard like 1/4 (index from 1 to the count)", param_hint="--shard")
    return int(match.group(1)), int(match.group(2))


@app.callback(invoke_without_command=True)
def root(
    ctx: typer.Context,
    agent: str = typer.Option(
        None,
        "--agent",
        help="bash (the default: the built-in agent, needs --model), oracle or null (reference agents, no model).",
    ),
    model: str = typer.Option(
        None,
        "--model",
        help="openai/<name>, anthropic/<name>, local/smollm2 or replay/<file>; oracle or null: the same as --agent.",
    ),
    with_skill: bool = typer.Option(
        False, "--with-skill", help="Put the bundled skill (evals/skills/backend) in the prompt."
    ),
    skill: Path = typer.Option(None, "--skill", help="Evaluate this skill file instead (or size the placebo like it)."),
    placebo: bool = typer.Option(False, "--placebo", help="A neutral text of the skill's length in the skill's place."),
    tasks: str = typer.Option(None, "--tasks", help="Comma-separated task ids (default: all)."),
    attempts: int = typer.Option(1, "--attempts", min=1, help="Attempts per task."),
    concurrency: int = typer.Option(2, "--concurrency", min=1, help="Trials at once, each in its own container."),
    run_id: str = typer.Option(None, "--run-id", help="Results folder name; rerun the same id to resume."),
    max_steps: int = typer.Option(None, "--max-steps", min=1, help="Commands per trial (default: the task's)."),
    time_limit: float = typer.Option(None, "--time-limit", min=1, help="Seconds per trial (default: the task's)."),
    cost_limit: float = typer.Option(None, "--cost-limit", min=0, help="USD per trial."),
    shard: str = typer.Option(None, "--shard", help="i/N: run every N-th trial starting at i (several machines)."),
    dataset: Path = typer.Option(None, "--dataset", help="Run the tasks of an `evalrun export tasks` dataset."),
) -> None:
    """Run an agent (by default the built-in one, driven by MODEL) on the tasks, with or without the
    skill, and record every trial."""
    if ctx.invoked_subcommand is not None:
        return
    if model is None and agent is None:
        console.print(ctx.get_help())
        raise typer.Exit(0)
    tasks_root = None
    if dataset is not None:
        from harness.export import DatasetError, materialize_dataset

        try:
            tasks_root = materialize_dataset(dataset)
        except DatasetError as exc:
            fail(str(exc))
    raise typer.Exit(
        _run_main_job(
            agent=agent,
            model=model,
            with_skill=with_skill,
            skill=skill,
            placebo=placebo,
            task_ids=split_ids(tasks),
            attempts=attempts,
            concurrency=concurrency,
            run_id=run_id,
            max_steps=max_steps,
            time_limit=time_limit,
            cost_limit=cost_limit,
            shard=_parse_shard(shard),
            tasks_root=tasks_root,
        )
    )


def _run_main_job(
    agent: str | None,
    model: str | None,
    with_skill: bool,
    skill: Path | None,
    placebo: bool,
    task_ids: list[str] | None,
    attempts: int,
    concurrency: int,
    run_id: str | None,
    max_steps: int | None,
    time_limit: float | None,
    cost_limit: float | None,
    shard: tuple[int, int],
    tasks_root: Path | None = None,
) -> int:
    from rich.progress import TimeRemainingColumn

    from harness.agents import AgentError, resolve
    from harness.models import ModelConfigError
    from harness.prompts import Prompts, make_condition
    from harness.results import ResultsError, TrialRecord, run_dir
    from harness.runner import ConfigMismatch, RunEvents, Runner, RunSpec, default_run_id, make_config, prepare_run_dir

    try:
        agent, model = resolve(agent, model)
        condition = make_condition(with_skill, skill, placebo)
        run_id = run_id or default_run_id(model, condition)
        folder = run_dir(run_id)
    except (AgentError, ValueError) as exc:
        fail(str(exc))
    task_set = tasks_or_fail(task_ids, tasks_root)
    if task_set.errors:
        print_invalid(task_set)
        fail("fix the tasks above (see `evalrun validate`), or leave them out with --tasks")
    spec = RunSpec(run_id, model, condition, attempts, max_steps, time_limit, cost_limit, agent=agent)
    prompts = Prompts()
    try:
        resuming = prepare_run_dir(folder, make_config(spec, task_set.tasks, prompts))
    except (ConfigMismatch, ResultsError) as exc:
        fail(str(exc))
    images = _build_images(task_set.tasks)
    counts = {"running": 0, "resolved": 0, "errors": 0}
    progress = Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("running {task.fields[running]} · resolved {task.fields[resolved]} · errors {task.fields[errors]}"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console,
    )
    try:
        runner = Runner(spec, task_set.tasks, images, folder, prompts, concurrency, shard)
    except ModelConfigError as exc:
        fail(str(exc))
    all_trials, pending = runner.all_trials(), runner.pending_trials()
    console.print(
        f"run [bold]{run_id}[/bold]: {model}, condition {condition.name}, {len(all_trials)} trial(s)"
        + (f", resuming ({len(all_trials) - len(pending)} already finished)" if resuming else "")
        + f" -> {folder}"
    )
    bar = progress.add_task(run_id, total=len(all_trials), completed=len(all_trials) - len(pending), **counts)

    def started(_: str) -> None:
        counts["running"] += 1
        progress.update(bar, **counts)

    def finished(record: TrialRecord) -> None:
        counts["running"] -= 1
        counts["resolved"] += bool(record.resolved)
        counts["errors"] += record.error_category is not None
        progress.update(bar, advance=1, **counts)

    runner.events = RunEvents(on_start=started, on_finish=finished)
    signal.signal(signal.SIGTERM, _interrupt)  # `kill` stops as cleanly as Ctrl-C
    with progress:
        try:
            records = runner.run()
        except KeyboardInterrupt:
            progress.stop()
            err.print("interrupted: containers removed; finished trials are kept. Rerun the same command to resume.")
            return 130
        except ModelConfigError as exc:
            progress.stop()
            err.print(f"[red]error:[/red] {exc}")
            return 2
        except ResultsError as exc:
            progress.stop()
            err.print(f"[red]error:[/red] {exc}")
            return 1
    resolved = sum(bool(r.resolved) for r in records)
    infra = sum(r.error_category is not None for r in records)
    console.print(
        f"{len(records)} trial(s) run now: {resolved} resolved, {infra} infrastructure error(s)"
        + (" (rerun the same command to retry them)" if infra else "")
        + f". Results: {folder}"
    )
    return 0


@images_app.command("build")
def images_build(
    tasks: str = typer.Option(None, "--tasks", help="Comma-separated task ids (default: all)."),
) -> None:
    """Build (or reuse, by content hash) the base, env and task images."""
    task_set = tasks_or_fail(split_ids(tasks))
    print_invalid(task_set)
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

    if json_path:
        output_file(json_path, "--json")
    task_set = tasks_or_fail(split_ids(tasks))
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


@tasks_app.command("catalogue")
def tasks_catalogue(
    check: bool = typer.Option(
        False, "--check", help="Exit 1 if tasks/README.md is out of date instead of writing it."
    ),
) -> None:
    """Write tasks/README.md from the task files."""
    from harness.catalogue import render

    task_set = tasks_or_fail(None)
    if task_set.errors:
        print_invalid(task_set)
        raise typer.Exit(1)
    path = paths.tasks_dir() / "README.md"
    text = render(task_set.tasks)
    if check:
        if not path.exists() or path.read_text() != text:
            err.print(f"{path} is out of date: run `evalrun tasks catalogue`")
            raise typer.Exit(1)
        console.print(f"{path} is up to date ({len(task_set.tasks)} tasks)")
        return
    path.write_text(text)
    console.print(f"wrote {path} ({len(task_set.tasks)} tasks)")


@app.command()
def clean(run_id: str = typer.Option(None, "--run-id", help="Only this run's containers.")) -> None:
    """Remove leftover evalrun containers."""
    from harness.sandbox import clean as remove_containers

    removed = remove_containers(run_id)
    console.print(f"removed {removed} container(s)")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
