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
from harness.cli_support import (
    Commands,
    err,
    fail,
    output_file,
    print_invalid,
    split_ids,
    tasks_dir_option,
    tasks_or_fail,
)
from harness.report.commands import register as register_report_commands
from harness.scoring.commands import register as register_scoring_commands
from harness.tasks import Task

app = typer.Typer(
    cls=Commands, add_completion=False, help="evalrun: does a coding model follow a working-discipline skill?"
)
images_app = typer.Typer(help="Build the offline Docker images (base, per-service env, per-task).")
app.add_typer(images_app, name="images")
tasks_app = typer.Typer(help="Inspect the task set, or scaffold a new task (tasks new).")
app.add_typer(tasks_app, name="tasks")
skill_app = typer.Typer(help="Work on skill files: ablation variants.")
app.add_typer(skill_app, name="skill")
register_scoring_commands(app)
register_report_commands(app)
register_bench_command(app)
console = Console()


def _build_images(tasks: list[Task], env_only: bool = False) -> dict[str, str]:
    """Task id -> the task image's tag, building (or reusing, by content hash) what is missing;
    env_only: only the base and the env layers the tasks stand on (id -> env tag)."""
    from harness.images import ImageBuilder, ImageBuildError
    from harness.sandbox import SandboxError, docker_client

    try:
        builder = ImageBuilder(docker_client(), log=lambda line: console.print(f"  {line}"))
        ensure = builder.ensure_env if env_only else builder.ensure_task
        return {task.id: ensure(task) for task in tasks}
    except (ImageBuildError, SandboxError) as exc:
        fail(str(exc), 1)


def _image_tags(tasks: list[Task]) -> dict[str, str]:
    """--backend ray: the task images' tags (content hashes); each node builds or pulls what it lacks.
    With EVALRUN_REGISTRY set (and Docker here), they are built here and pushed once instead."""
    import os

    from harness.images import REGISTRY_ENV, ImageBuilder, ImageBuildError

    registry = os.environ.get(REGISTRY_ENV, "").strip()
    if registry:
        tags = _build_images(tasks)
        try:
            builder = ImageBuilder(log=lambda line: console.print(f"  {line}"))
            for tag in tags.values():
                console.print(f"  pushed {builder.push(tag, registry)}")
        except ImageBuildError as exc:
            fail(str(exc), 1)
        return tags
    try:
        builder = ImageBuilder(log=lambda line: console.print(f"  {line}"))
        return {task.id: builder.task_tag(task) for task in tasks}
    except ImageBuildError as exc:
        fail(str(exc), 1)


def _warn(message: str) -> None:
    err.print(f"[yellow]warning:[/yellow] {message}", soft_wrap=True)


def _condition_names(conditions: list) -> str:
    from harness.conditions import label_conditions

    return ", ".join(label_conditions(c.label_key for c in conditions).values())


def _leave_out_unstable(task_set, include_unstable: bool) -> None:
    """Drop the tasks quarantined as unstable from the run (unless --include-unstable), saying which."""
    from harness.unstable import UnstableListError, unstable_for

    try:
        listed = unstable_for(task_set.tasks)
    except UnstableListError as exc:
        fail(str(exc), 1)
    if not listed or include_unstable:
        return
    task_set.tasks = [t for t in task_set.tasks if t.id not in listed]
    _warn(
        f"left out {len(listed)} unstable task(s) ({', '.join(sorted(listed))}; see unstable.toml): "
        "pass --include-unstable to run them"
    )
    if not task_set.tasks:
        fail("every selected task is unstable: pass --include-unstable to run them anyway")


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
        help="bash (the default: the built-in agent, needs --model), claude-code (the Claude Code CLI, --model "
        "anthropic/<name>), oracle or null (reference agents, no model).",
    ),
    model: str = typer.Option(
        None,
        "--model",
        help="openai/<name>, anthropic/<name>, local/smollm2 or replay/<file>; oracle or null: the same as --agent.",
    ),
    with_skill: bool = typer.Option(
        False, "--with-skill", help="Put the bundled skill (evals/skills/backend) in the prompt."
    ),
    skill: list[Path] = typer.Option(
        None,
        "--skill",
        help="Evaluate this skill file (or folder with SKILL.md) instead; repeat to compare variants in one run "
        "(with --placebo: size the placebo like it).",
    ),
    placebo: bool = typer.Option(False, "--placebo", help="A neutral text of the skill's length in the skill's place."),
    skill_mode: str = typer.Option(
        "inline",
        "--skill-mode",
        help="inline: the skill's text in the system prompt; installed: its folder under the agent's home "
        "(~/.skills/<name>/), only its name, description and path in the prompt (the placebo likewise).",
    ),
    conditions: str = typer.Option(
        None,
        "--conditions",
        help="Several conditions in one interleaved run, comma-separated: baseline, skill, placebo "
        "(skill: every --skill, default the bundled one; the placebo is sized like the first).",
    ),
    tasks: str = typer.Option(None, "--tasks", help="Comma-separated task ids (default: all)."),
    attempts: int = typer.Option(1, "--attempts", min=1, help="Attempts per task."),
    concurrency: int = typer.Option(
        None,
        "--concurrency",
        min=1,
        help="Trials at once, each in its own container (default: 2; with --backend ray: every Docker slot of "
        "the cluster).",
    ),
    backend: str = typer.Option(
        "local",
        "--backend",
        help="local: trials on this machine's Docker engine; ray: each trial on a node of a Ray cluster "
        "(docs/scale-out.md), this process writing the results.",
    ),
    ray_address: str = typer.Option(
        None,
        "--ray-address",
        help="With --backend ray: the cluster (HOST:PORT or ray://HOST:PORT; default RAY_ADDRESS, else a Ray "
        "instance on this machine with --concurrency Docker slots).",
    ),
    run_id: str = typer.Option(None, "--run-id", help="Results folder name; rerun the same id to resume."),
    max_steps: int = typer.Option(None, "--max-steps", min=1, help="Commands per trial (default: the task's)."),
    time_limit: float = typer.Option(None, "--time-limit", min=1, help="Seconds per trial (default: the task's)."),
    cost_limit: float = typer.Option(None, "--cost-limit", min=0, help="USD per trial."),
    shard: str = typer.Option(None, "--shard", help="i/N: run every N-th trial starting at i (several machines)."),
    dataset: Path = typer.Option(None, "--dataset", help="Run the tasks of an `evalrun export tasks` dataset."),
    tasks_dir: list[Path] = tasks_dir_option(),
    include_unstable: bool = typer.Option(
        False, "--include-unstable", help="Also run the tasks quarantined as unstable (<tasks folder>/unstable.toml)."
    ),
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
            skill=skill or [],
            placebo=placebo,
            task_ids=split_ids(tasks),
            conditions=None if conditions is None else conditions.split(","),
            skill_mode=skill_mode,
            attempts=attempts,
            concurrency=concurrency,
            run_id=run_id,
            max_steps=max_steps,
            time_limit=time_limit,
            cost_limit=cost_limit,
            shard=_parse_shard(shard),
            tasks_root=tasks_root,
            tasks_dirs=tasks_dir or [],
            include_unstable=include_unstable,
            backend=backend,
            ray_address=ray_address,
        )
    )


def _run_main_job(
    agent: str | None,
    model: str | None,
    with_skill: bool,
    skill: list[Path],
    placebo: bool,
    task_ids: list[str] | None,
    attempts: int,
    concurrency: int | None,
    run_id: str | None,
    max_steps: int | None,
    time_limit: float | None,
    cost_limit: float | None,
    shard: tuple[int, int],
    tasks_root: Path | None = None,
    conditions: list[str] | None = None,
    skill_mode: str = "inline",
    tasks_dirs: list[Path] | None = None,
    include_unstable: bool = False,
    backend: str = "local",
    ray_address: str | None = None,
) -> int:
    from rich.progress import TimeRemainingColumn

    from harness.agents import AgentError, check_delivery, resolve
    from harness.backends import BackendError, make_backend
    from harness.conditions import make_conditions
    from harness.models import ModelConfigError
    from harness.prompts import Prompts
    from harness.results import ResultsError, TrialRecord, run_dir
    from harness.runner import ConfigMismatch, RunEvents, Runner, RunSpec, default_run_id, make_config, prepare_run_dir

    try:
        runs_on = make_backend(backend, ray_address, concurrency)
    except BackendError as exc:
        fail(str(exc))
    try:
        agent, model = resolve(agent, model)
        chosen = make_conditions(conditions, skill, _warn, with_skill=with_skill, placebo=placebo, mode=skill_mode)
        check_delivery(agent, any(c.delivered().installed for c in chosen))
        run_id = run_id or default_run_id(model, chosen)
        folder = run_dir(run_id)
    except (AgentError, ValueError) as exc:
        fail(str(exc))
    task_set = tasks_or_fail(task_ids, tasks_root, tasks_dirs)
    if task_set.errors:
        print_invalid(task_set)
        fail("fix the tasks above (see `evalrun validate`), or leave them out with --tasks")
    _leave_out_unstable(task_set, include_unstable)
    spec = RunSpec(run_id, model, tuple(chosen), attempts, max_steps, time_limit, cost_limit, agent=agent)
    prompts = Prompts()
    try:
        resuming = prepare_run_dir(folder, make_config(spec, task_set.tasks, prompts))
    except (ConfigMismatch, ResultsError) as exc:
        fail(str(exc))
    images = _build_images(task_set.tasks) if runs_on is None else _image_tags(task_set.tasks)
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
        runner = Runner(spec, task_set.tasks, images, folder, prompts, concurrency or 2, shard, backend=runs_on)
    except ModelConfigError as exc:
        fail(str(exc))
    all_trials, pending = runner.all_trials(), runner.pending_trials()
    console.print(
        f"run [bold]{run_id}[/bold]: {model}, condition(s) {_condition_names(chosen)}, {len(all_trials)} trial(s)"
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
        except (ResultsError, BackendError) as exc:
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
    tasks_dir: list[Path] = tasks_dir_option(),
    env_only: bool = typer.Option(
        False,
        "--env-only",
        help="Only the base and the per-service env layers; each task image is then built when a run, "
        "validate or test first needs it (what CI does: it grades a few tasks, not all).",
    ),
) -> None:
    """Build (or reuse, by content hash) the base, env and task images."""
    task_set = tasks_or_fail(split_ids(tasks), extra=tasks_dir)
    print_invalid(task_set)
    started = time.monotonic()
    tags = _build_images(task_set.tasks, env_only=env_only)
    if env_only:
        for tag in sorted(set(tags.values())):
            console.print(tag)
        console.print(
            f"{len(set(tags.values()))} env image(s) for {len(tags)} task(s) ready in {time.monotonic() - started:.1f}s"
        )
    else:
        for task_id, tag in tags.items():
            console.print(f"{task_id}: {tag}")
        console.print(f"{len(tags)} task image(s) ready in {time.monotonic() - started:.1f}s")
    if task_set.errors:
        raise typer.Exit(1)


@app.command()
def validate(
    tasks: str = typer.Option(None, "--tasks", help="Comma-separated task ids (default: all)."),
    repeats: int = typer.Option(3, "--repeats", min=1, help="Grade each variant (and run each agent) this many times."),
    concurrency: int = typer.Option(2, "--concurrency", min=1, help="Tasks validated (trials run) at once."),
    json_path: Path = typer.Option(None, "--json", help="Also write the results as JSON here."),
    through_runner: bool = typer.Option(
        False,
        "--through-runner",
        help="Also run the oracle and null agents through the whole trial path (container, agent, export, "
        "grading, scoring) --repeats times per task; report each task's flake rate and write the unstable "
        "list (<tasks folder>/unstable.toml).",
    ),
    runs_dir: Path = typer.Option(
        None,
        "--runs-dir",
        file_okay=False,
        help="With --through-runner: keep the runs here.",
    ),
    tasks_dir: list[Path] = tasks_dir_option(),
) -> None:
    """Untouched repo fails the hidden check, gold passes, wrong patches fail, outcomes are stable;
    with --through-runner, the reference agents' trials are stable too (flaky tasks are quarantined)."""
    from harness.unstable import UnstableListError, unstable_for, update
    from harness.validate import add_runner_results, run_reference_agents, validate_tasks
    from harness.validated import FILE_NAME as LEDGER_FILE
    from harness.validated import LedgerError
    from harness.validated import record as record_validated

    if json_path:
        output_file(json_path, "--json")
    if runs_dir is not None and not through_runner:
        fail("--runs-dir keeps the runs of --through-runner: pass both")
    task_set = tasks_or_fail(split_ids(tasks), extra=tasks_dir)
    try:
        listed = unstable_for(task_set.tasks)
    except UnstableListError as exc:
        fail(str(exc), 1)
    started = time.monotonic()
    images = _build_images(task_set.tasks)
    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=console
    ) as progress:
        bar = progress.add_task("validating", total=len(task_set.tasks))
        results = validate_tasks(
            task_set.tasks,
            lambda t: images[t.id],
            repeats=repeats,
            concurrency=concurrency,
            on_done=lambda _: progress.advance(bar),
        )
        if through_runner:
            trials = progress.add_task("oracle + null trials", total=len(task_set.tasks) * repeats * 2)
            by_agent = run_reference_agents(
                task_set.tasks,
                images,
                repeats,
                concurrency,
                runs_dir,
                on_trial=lambda _: progress.advance(trials),
            )
    by_id = {t.id: t for t in task_set.tasks}
    if through_runner:
        for result in results:
            add_runner_results(by_id[result.task_id], result, by_agent, repeats)
        measured = {r.task_id: (r.flake_rate, "; ".join(r.flaky)) for r in results}
        update(task_set.tasks, measured, repeats)
    title = f"evalrun validate ({repeats} repeat(s){', through the runner' if through_runner else ''})"
    table = Table(title=title)
    columns = ["task", "outcome", "checks", "wrong patches"]
    columns += ["trials", "flake oracle", "flake null"] if through_runner else []
    columns += ["flake rate", "seconds", "valid"]
    for column in columns:
        table.add_column(column)

    def accepted(result) -> bool:
        """No problem, and stable, or unstable but quarantined before this command."""
        return not result.problems and (not result.flaky or result.task_id in listed)

    for result in results:
        cells = [result.task_id, by_id[result.task_id].expected_outcome, str(result.checks), str(result.wrong_patches)]
        if through_runner:
            cells += [
                str(result.runner_trials),
                f"{result.flake_rates.get('agent:oracle', 0.0):.2f}",
                f"{result.flake_rates.get('agent:null', 0.0):.2f}",
            ]
        verdict = "[green]yes[/green]" if result.valid else "[red]NO[/red]"
        if not result.problems and result.flaky:
            verdict = "[yellow]unstable[/yellow]"
        cells += [f"{result.flake_rate:.2f}", f"{result.duration_sec:.1f}", verdict]
        table.add_row(*cells)
    for error in task_set.errors:
        table.add_row(error.task_id, "-", "0", "-", *(["-"] * 3 if through_runner else []), "-", "-", "[red]NO[/red]")
    console.print(table)
    for result in results:
        for problem in result.problems:
            console.print(f"[red]invalid[/red] {result.task_id}: {problem}", soft_wrap=True)
        for flaky in result.flaky:
            where = "already quarantined" if result.task_id in listed else "newly found"
            console.print(f"[yellow]unstable[/yellow] ({where}) {result.task_id}: {flaky}", soft_wrap=True)
    for error in task_set.errors:
        console.print(f"[red]invalid[/red] {error}", soft_wrap=True)
    if through_runner:
        unstable = sorted(r.task_id for r in results if r.flaky)
        roots = sorted({str(Path(t.dir).parent / "unstable.toml") for t in task_set.tasks})
        console.print(
            f"unstable: {len(unstable)} task(s){': ' + ', '.join(unstable) if unstable else ''}; "
            f"the list(s) now: {', '.join(roots)}",
            soft_wrap=True,
        )
    elif any(r.flaky for r in results):
        console.print("flaky outcomes: rerun with --through-runner to measure and quarantine them", soft_wrap=True)
    try:
        ledgers = record_validated(task_set.tasks, results, images, repeats)
    except LedgerError as exc:
        fail(str(exc), 1)
    console.print(
        "validated (the ledger CI reads): "
        + ", ".join(f"{root / LEDGER_FILE}: {len(entries)} task(s)" for root, entries in ledgers.items()),
        soft_wrap=True,
    )
    valid = sum(r.valid for r in results)
    ok = sum(accepted(r) for r in results)
    total = len(results) + len(task_set.errors)
    wall = time.monotonic() - started
    before = f" ({ok - valid} unstable, quarantined before)" if ok > valid else ""
    console.print(f"{valid}/{total} valid in {wall:.1f}s{before}")
    if json_path:
        json_path.write_text(
            json.dumps(
                {
                    "valid": valid,
                    "total": total,
                    "wall_sec": wall,
                    "repeats": repeats,
                    "through_runner": through_runner,
                    "tasks": [r.to_dict() | {"listed_unstable": r.task_id in listed} for r in results]
                    + [{"task_id": e.task_id, "problems": [str(e)], "valid": False} for e in task_set.errors],
                },
                indent=2,
            )
        )
    if ok != total:
        raise typer.Exit(1)


@tasks_app.command("new")
def tasks_new(
    task_id: str = typer.Argument(..., help="The new task's id (its folder name): lowercase letters, digits, '-'."),
    service: str = typer.Option(None, "--service", help="Build it on this base service (_services/NAME)."),
    repo: Path = typer.Option(
        None, "--repo", exists=True, file_okay=False, help="Copy this folder as the full buggy repository."
    ),
    tasks_dir: Path = typer.Option(
        None, "--tasks-dir", file_okay=False, help="The tasks folder to write it into (default: the bundled one)."
    ),
) -> None:
    """Scaffold a task folder: every file the format needs, with comments on what to fill in."""
    from harness.scaffold import ScaffoldError, scaffold
    from harness.tasks import RepoContentError

    dest = tasks_dir or paths.tasks_dir()
    try:
        dest.mkdir(parents=True, exist_ok=True)
        written = scaffold(task_id, dest, service, repo, services_roots=(paths.tasks_dir(),))
    except (ScaffoldError, RepoContentError) as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"cannot write the task under {dest}: {exc}", 1)
    folder = dest / task_id
    console.print(f"wrote {folder}/: " + ", ".join(p.relative_to(folder).as_posix() for p in written))
    if repo is not None and not (folder / "repo" / "requirements.txt").is_file():
        console.print("[yellow]note:[/yellow] repo/ has no requirements.txt: add one (pinned, with pytest)")
    extra = f" --tasks-dir {dest}" if tasks_dir else ""
    console.print(
        "fill in every line marked TODO(evalrun) (docs/task-format.md walks through each file), then run "
        f"`evalrun validate{extra} --tasks {task_id}`",
        soft_wrap=True,
    )


@tasks_app.command("catalogue")
def tasks_catalogue(
    check: bool = typer.Option(
        False, "--check", help="Exit 1 if tasks/README.md is out of date instead of writing it."
    ),
    json_path: Path = typer.Option(
        None, "--json", help="Also write the catalogue as JSON here (metadata, stability, measured difficulty)."
    ),
) -> None:
    """Write tasks/README.md from the task files (with each task's stability and measured difficulty)."""
    from harness.catalogue import render, rows

    task_set = tasks_or_fail(None)
    if task_set.errors:
        print_invalid(task_set)
        raise typer.Exit(1)
    if json_path:
        output_file(json_path, "--json")
    path = paths.tasks_dir() / "README.md"
    text = render(task_set.tasks)
    if json_path:
        json_path.write_text(json.dumps(rows(task_set.tasks), indent=2) + "\n")
        console.print(f"wrote {json_path}")
    if check:
        if not path.exists() or path.read_text() != text:
            err.print(f"{path} is out of date: run `evalrun tasks catalogue`")
            raise typer.Exit(1)
        console.print(f"{path} is up to date ({len(task_set.tasks)} tasks)")
        return
    path.write_text(text)
    console.print(f"wrote {path} ({len(task_set.tasks)} tasks)")


@skill_app.command("ablate")
def skill_ablate(
    skill: Path = typer.Argument(..., help="The skill file (or a folder holding SKILL.md)."),
    out: Path = typer.Option(
        ..., "--out", file_okay=False, help="Folder for the variants (one subfolder per section)."
    ),
) -> None:
    """One variant per top-level section with that section removed, and the command that runs them."""
    from harness.ablate import MANIFEST, ablate
    from harness.conditions import ConditionError

    try:
        variants = ablate(skill, out)
    except ConditionError as exc:
        fail(str(exc))
    table = Table(title=f"{len(variants)} variant(s) of {skill} -> {out} ({MANIFEST} maps them)")
    for column in ("section removed", "folder", "sha8 (label skill:<name>@sha8)"):
        table.add_column(column)
    for variant in variants:
        table.add_row(variant.section, f"{variant.folder}/SKILL.md", variant.sha256[:8])
    console.print(table)
    skills = " ".join(f"--skill {out / v.folder}/SKILL.md" for v in variants)
    console.print(f"run them beside the full skill:\n  evalrun --model MODEL --skill {skill} {skills}", soft_wrap=True)


@app.command()
def plan(
    effect: float = typer.Option(
        None, "--effect", help="The change to detect, in the metric's units (0.10: 10 points)."
    ),
    smallest: bool = typer.Option(
        False,
        "--smallest",
        help="Instead of --effect: the smallest increase detectable with the wanted power at --tasks-available "
        "tasks x --attempts attempts.",
    ),
    attempts: int = typer.Option(5, "--attempts", min=1, help="With --smallest: attempts per task and condition."),
    metric: str = typer.Option("resolved", "--metric", help="A binary metric (docs/metrics.md)."),
    pilot: list[str] = typer.Option(None, "--pilot", help="Pilot run(s): per-task rates of their baseline."),
    rate: float = typer.Option(None, "--rate", min=0, max=1, help="Assumed control rate of every task (no pilot)."),
    tasks_available: int = typer.Option(None, "--tasks-available", min=2, help="Default: the task set's size."),
    alpha: float = typer.Option(0.05, "--alpha", min=0, max=1),
    target: float = typer.Option(0.8, "--power", min=0, max=1, help="The power wanted."),
    sims: int = typer.Option(200, "--sims", min=10, help="Simulated studies per cell."),
) -> None:
    """How many tasks x attempts detect an effect on a metric with the wanted power (by simulation);
    with --smallest, the smallest effect a task set of this size detects."""
    import numpy as np

    from harness.cli_support import run_folders
    from harness.plan import pilot_rates, smallest_effect
    from harness.plan import plan as make_plan
    from harness.scoring import leaderboard
    from harness.scoring.registry import METRICS

    if metric not in METRICS or METRICS[metric].kind != "binary":
        fail(f"--metric {metric} is not a binary metric; plan simulates rates (e.g. resolved, clean_success)")
    if (effect is None) == (not smallest):
        fail("pass either --effect X (the change to detect, 0.10: 10 points) or --smallest (with --attempts)")
    if effect is not None and not 0 < abs(effect) <= 1:
        fail(f"--effect {effect} is not a change of a rate: use a value in [-1, 1] other than 0 (0.10: 10 points)")
    if (rate is None) == (not pilot):
        fail("pass either --pilot RUN (per-task rates from a pilot run) or --rate R (an assumed rate)")
    if pilot:
        rates = pilot_rates(leaderboard.load_runs(run_folders(pilot)), metric)
        if rates.size == 0:
            fail(f"the pilot run(s) hold no finished trial with {metric}")
        source = f"pilot {', '.join(pilot)}: {rates.size} task(s), mean {metric} {rates.mean():.2f}"
    else:
        rates, source = np.array([rate]), f"assumed {metric} rate {rate:.2f} on every task"
    available = tasks_available or len(tasks_or_fail(None).tasks)
    if smallest:
        found = smallest_effect(rates, available, attempts, alpha, target, sims)
        where = f"{available} task(s) x {attempts} attempt(s) per condition, alpha {alpha}, {sims} sims; {source}"
        if found is None:
            console.print(f"no effect up to +1 reaches power {target} ({where})")
            raise typer.Exit(1)
        console.print(
            f"smallest detectable effect on {metric}: {found[0]:+.2f} (power {found[1]:.2f} >= {target}; {where})",
            soft_wrap=True,
        )
        return
    result = make_plan(rates, effect, available, metric, alpha, target, sims=sims)
    table = Table(title=f"power to detect {effect:+.2f} on {metric} at alpha {alpha} ({source}; {sims} sims per cell)")
    table.add_column("tasks")
    for attempts in result.attempts:
        table.add_column(f"{attempts} att.", justify="right")
    for row, tasks in enumerate(result.tasks):
        cells = [f"{p:.2f}" if p < target else f"[green]{p:.2f}[/green]" for p in result.power[row]]
        table.add_row(str(tasks), *cells)
    console.print(table)
    enough = result.enough()
    if enough is None:
        console.print(
            f"the task set is too small for this effect: {available} task(s) x {result.attempts[-1]} attempt(s) "
            f"reach power {result.power[-1, -1]:.2f} < {target}; add tasks (attempts cannot make up for them) "
            "or plan for a larger effect"
        )
    else:
        console.print(f"enough: {enough[0]} task(s) x {enough[1]} attempt(s) per condition (power >= {target})")


@app.command()
def clean(run_id: str = typer.Option(None, "--run-id", help="Only this run's containers.")) -> None:
    """Remove leftover evalrun containers (and, without --run-id, the exited steps of failed image builds)."""
    from harness.sandbox import clean as remove_containers
    from harness.sandbox import clean_build_leftovers

    removed = remove_containers(run_id)
    builds = clean_build_leftovers() if run_id is None else 0
    also = f"; {builds} exited image-build container(s) too" if builds else ""
    console.print(f"removed {removed} container(s){also}")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
