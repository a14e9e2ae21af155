"""CLI commands for scoring: `score`, `score-patch`, `leaderboard`, `score-selftest`.

harness/cli.py calls `register(app)`; nothing here runs an agent.
"""

from __future__ import annotations

import json
import math
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from harness import paths
from harness.cli_support import err, fail, print_invalid, read_input, run_folders, tasks_dir_option, tasks_or_fail

console = Console()


def _image_builder():
    from harness.images import ImageBuilder, ImageBuildError
    from harness.sandbox import SandboxError, docker_client

    try:
        return ImageBuilder(docker_client(), log=lambda line: console.print(f"  {line}"))
    except (ImageBuildError, SandboxError) as exc:
        fail(f"{exc} (use --no-docker to skip the Docker-backed metrics)", 1)


def _load_tasks(ids: list[str], tasks_dirs: list[Path] | None = None):
    task_set = tasks_or_fail(sorted(set(ids)), extra=tasks_dirs)
    print_invalid(task_set)
    return {task.id: task for task in task_set.tasks}


def _read(path: Path) -> str | None:
    return path.read_text(errors="surrogateescape") if path.is_file() else None


def score(
    run_id: str = typer.Argument(..., help="A run id (folder name under the results folder) or run folder path."),
    no_docker: bool = typer.Option(False, "--no-docker", help="Skip the agent-test metrics (they need Docker)."),
    concurrency: int = typer.Option(1, "--concurrency", min=1, help="Trials scored at once (Docker-bound)."),
    tasks_dir: list[Path] = tasks_dir_option(),
) -> None:
    """Rescore a run's trials from results/<run-id>/ (no agent is rerun, nor any claim replay: the
    recorded one is used); writes scores.jsonl."""
    from harness.grader import Verdict
    from harness.patches import PatchError
    from harness.results import TrialRecord, load_run
    from harness.scoring import score_trial
    from harness.scoring.claim_replay import ClaimReplay
    from harness.scoring.registry import HEADLINE
    from harness.trajectory import Trajectory, write_atomic

    [folder] = run_folders([run_id])
    run = load_run(folder)
    records = run.finished()
    if not records:
        fail(f"{folder} holds no finished trial")
    tasks = _load_tasks([r.task_id for r in records], tasks_dir)
    for task_id, recorded in (run.config.get("tasks") or {}).items():
        if task_id in tasks and recorded != tasks[task_id].content_hash():
            err.print(f"[yellow]warning:[/yellow] task {task_id} changed since the run (content hash differs)")
    images: dict[str, str] = {}
    if not no_docker:
        builder = _image_builder()
        images = {task_id: builder.ensure_task(task) for task_id, task in tasks.items()}
    started = time.monotonic()

    def one(record: TrialRecord) -> dict | str:
        """The trial's scores, or why it could not be scored."""
        task = tasks.get(record.task_id)
        if task is None:
            return "task not loadable"
        try:
            patch = _read(run.file(record, "patch")) or ""
            report = _read(run.file(record, "report"))
            trajectory_path = run.file(record, "trajectory")
            trajectory = Trajectory.load(trajectory_path) if trajectory_path.is_file() else None
            verdict = Verdict.from_dict(record.verdict) if record.verdict else None
            replay = ClaimReplay.from_dict(record.claim_replay) if record.claim_replay else None
            scores = score_trial(task, patch, trajectory, verdict, report, images.get(task.id), replay)
        except (OSError, ValueError, TypeError, KeyError, RuntimeError, PatchError) as exc:
            return f"{type(exc).__name__}: {exc}"
        return {"trial_id": record.trial_id, **scores}

    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        outcomes = list(pool.map(one, records))
    results = [o for o in outcomes if isinstance(o, dict)]
    failures = [(r.trial_id, o) for r, o in zip(records, outcomes, strict=True) if isinstance(o, str)]
    write_atomic(folder / "scores.jsonl", "".join(json.dumps(r, sort_keys=True) + "\n" for r in results))
    console.print(
        f"scored {len(results)} trial(s) of {run_id} in {time.monotonic() - started:.1f}s -> {folder / 'scores.jsonl'}"
    )
    for trial_id, why in failures:
        err.print(f"[yellow]not scored[/yellow] {trial_id}: {why}")
    table = Table(title=f"{run_id}: headline means over trials")
    table.add_column("metric")
    table.add_column("mean", justify="right")
    table.add_column("n", justify="right")
    for name in HEADLINE:
        values = [float(r[name]) for r in results if r.get(name) is not None]
        table.add_row(name, f"{sum(values) / len(values):.3f}" if values else "-", str(len(values)))
    console.print(table)
    if failures:
        raise typer.Exit(1)


def score_patch(
    task: str = typer.Option(..., "--task", help="Task id (under the tasks folder)."),
    patch: Path = typer.Option(..., "--patch", exists=True, dir_okay=False, help="A git-format patch."),
    report: Path = typer.Option(None, "--report", exists=True, dir_okay=False, help="The agent's final report."),
    trajectory: Path = typer.Option(None, "--trajectory", exists=True, dir_okay=False, help="trajectory.json"),
    as_json: bool = typer.Option(False, "--json", help="Print the metrics as one JSON object."),
    no_docker: bool = typer.Option(False, "--no-docker", help="Do not grade (correctness metrics stay empty)."),
    tasks_dir: list[Path] = tasks_dir_option(),
) -> None:
    """Score a patch from any source (grades it in Docker, and with --trajectory replays the command
    behind the report's success claims, unless --no-docker)."""
    from harness.grader import grade
    from harness.scoring import claim_replay, score_trial
    from harness.scoring.registry import METRICS

    loaded = _load_tasks([task], tasks_dir)
    if task not in loaded:
        fail(f"task {task} could not be loaded", 1)
    the_task = loaded[task]
    patch_text = read_input(patch, "--patch")
    _check_patch(the_task, patch_text, patch)
    traj = _trajectory(trajectory) if trajectory else None
    report_text = read_input(report, "--report") if report else None
    verdict = image = None
    if not no_docker:
        image = _image_builder().ensure_task(the_task)
        verdict = grade(the_task, patch_text, image, run_id="score-patch")
    replay = None
    if image is not None and traj is not None:
        replay = claim_replay.replay(the_task, patch_text, traj, report_text, image, run_id="score-patch")
    scores = score_trial(the_task, patch_text, traj, verdict, report_text, image, replay)
    if as_json:
        typer.echo(json.dumps(scores, sort_keys=False))
        return
    table = Table(title=f"{task}: {patch.name}")
    for column in ("family", "metric", "value", "clause"):
        table.add_column(column, overflow="fold")
    for name, value in scores.items():
        metric = METRICS[name]
        shown = "-" if value is None else (f"{value:.3f}" if isinstance(value, float) else str(value))
        table.add_row(metric.family, name, shown, metric.clause)
    console.print(table)


def _check_patch(task, text: str, path: Path) -> None:
    """Fail (exit 2) unless the text is empty (no change) or a patch that applies to the task's repo."""
    from harness.patches import parse_patch
    from harness.scoring.patch_view import PatchView

    if not text.strip():
        return
    if not parse_patch(text):
        fail(f"{path} is not a patch: it has no `diff --git` or `---`/`+++` file header; pass the output of `git diff`")
    view = PatchView(task, text)
    missing = sorted({d.old_path for d in view.diffs if d.old_path and d.old_path not in view.original})
    if missing:
        fail(
            f"{path} changes {', '.join(missing[:5])}, which task {task.id}'s repository does not have: "
            "is it a patch for another task? Paths are relative to the repository root (a/ and b/ prefixes)"
        )
    if view.apply_error:
        reason = view.apply_error.strip().splitlines()[0] if view.apply_error.strip() else "no reason given"
        fail(
            f"{path} does not apply to task {task.id}'s repository: {reason}; "
            "make it with `git diff` in a checkout of that repository"
        )


def _trajectory(path: Path):
    """A trajectory.json as written by evalrun, or fail saying why it is not one."""
    from harness.trajectory import Trajectory

    try:
        return Trajectory.load(path)
    except OSError as exc:
        fail(f"cannot read --trajectory {path}: {exc.strerror or exc}")
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        fail(f"{path} is not an evalrun trajectory.json ({type(exc).__name__}: {exc})")


def leaderboard(
    run_ids: list[str] = typer.Argument(..., help="One or more run ids or run folder paths."),
    out: Path = typer.Option(None, "--out", dir_okay=False, help="CSV path (default: results/leaderboard.csv)."),
    include_unstable: bool = typer.Option(
        False, "--include-unstable", help="Count the tasks quarantined as unstable (unstable.toml)."
    ),
    tasks_dir: list[Path] = tasks_dir_option(),
) -> None:
    """One row per (model, condition) with 95% CIs, plus paired effect rows: each treated condition
    against the baseline and every two treated conditions against each other. Tasks quarantined as
    unstable (<tasks folder>/unstable.toml, `evalrun validate --through-runner`) are left out unless
    --include-unstable."""
    from harness.cli_support import unstable_task_ids
    from harness.scoring import leaderboard as board
    from harness.scoring.registry import HEADLINE

    folders = run_folders(run_ids)
    exclude = frozenset() if include_unstable else unstable_task_ids(tasks_dir)
    everything = board.load_runs(folders)
    trials = everything[~everything["task_id"].isin(exclude)] if exclude else everything
    left_out = sorted(set(everything["task_id"]) - set(trials["task_id"]))
    if left_out:
        err.print(
            f"left out {len(left_out)} unstable task(s): {', '.join(left_out)} (pass --include-unstable to count them)",
            soft_wrap=True,
        )
    if trials.empty:
        fail("the runs hold no finished trial" + (" of a stable task" if left_out else ""))
    table = board.build(trials)
    out = out or paths.results_dir() / "leaderboard.csv"
    out.parent.mkdir(parents=True, exist_ok=True)
    table.to_csv(out, index=False)
    shown = ["resolved", "clean_success", "tampered", "banned_any", "false_success", "ends_on_offer", "steps"]
    view = Table(title=f"leaderboard ({len(trials)} trials) -> {out}")
    for column in ["row", "model", "condition", "n_tasks"] + [c for c in shown if c in HEADLINE]:
        view.add_column(column, overflow="fold")

    def cell(row, name: str) -> str:
        value, low, high = row[name], row[f"{name}_ci_low"], row[f"{name}_ci_high"]
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return "-"
        text = f"{value:.2f} [{low:.2f}, {high:.2f}]"
        p = row.get(f"{name}_p_holm")  # the cluster-aware permutation p, Holm-adjusted (docs/metrics.md)
        return text + (f" p_holm={p:.3f}" if row["row"] == "effect" and p == p else "")

    for _, row in table.iterrows():
        view.add_row(
            row["row"],
            str(row["model"]),
            str(row["condition"]),
            str(row["n_tasks"]),
            *[cell(row, c) for c in shown if c in HEADLINE],
        )
    console.print(view)


def score_selftest(
    fixtures: Path = typer.Option(
        None, "--fixtures", help="Labelled fixture folder (default: tests/fixtures/scoring)."
    ),
    show_mismatches: bool = typer.Option(True, "--mismatches/--no-mismatches", help="List every wrong call."),
    corpus: str = typer.Option(
        None, "--corpus", help="'real': per-family precision on the labelled real-commit corpus instead."
    ),
    check: bool = typer.Option(False, "--check", help="With --corpus: exit 1 unless issue 11's targets are met."),
) -> None:
    """Precision and recall of every detector over the labelled fixture set."""
    from harness.scoring.selftest import DEFAULT_FIXTURES, format_table, run_selftest

    if corpus is not None:
        _corpus_selftest(corpus, fixtures, check)
        return
    root = fixtures or DEFAULT_FIXTURES
    if not (root / "labels.toml").is_file():
        fail(f"no labels.toml in {root}")
    result = run_selftest(root)
    typer.echo(format_table(result))
    if show_mismatches and result.mismatches:
        typer.echo("\nwrong calls:")
        for line in result.mismatches:
            typer.echo(f"  {line}")


def _corpus_selftest(name: str, root: Path | None, check: bool) -> None:
    """Exit 2 on a corrupt corpus; with `check`, exit 1 when a target is missed."""
    from harness.scoring.corpus import CORPORA, CorpusError, format_report, run_corpus

    if name not in CORPORA:
        fail(f"unknown corpus {name!r} (known: {', '.join(CORPORA)})")
    try:
        report = run_corpus(root or CORPORA[name])
    except CorpusError as exc:
        fail(f"corrupt corpus: {exc}")
    typer.echo(format_report(report))
    problems = report.failures()
    typer.echo("targets met" if not problems else "targets not met: " + "; ".join(problems))
    if check and problems:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("score")(score)
    app.command("score-patch")(score_patch)
    app.command("leaderboard")(leaderboard)
    app.command("score-selftest")(score_selftest)
