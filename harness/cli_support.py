"""What the commands share (harness/cli.py, harness/scoring/commands.py, harness/report/commands.py):
one way to fail, one task selection, one run resolver.

    fail(message, code=2)            print "error: message" on stderr and exit with code
    select_tasks(ids, root=None)     a TaskSet; TaskSelectionError when the folder or an id is missing
    tasks_or_fail(ids, root=None)    select_tasks, failing with its message
    print_invalid(task_set)          one line per task that did not load
    run_folders(refs)                run ids or run folder paths -> folders, failing on any that is not a run
"""

from __future__ import annotations

from pathlib import Path
from typing import NoReturn

import typer
from rich.console import Console

from harness import paths
from harness.results import NotARun, resolve_run
from harness.tasks import TaskSet, load_tasks

err = Console(stderr=True)


def fail(message: str, code: int = 2) -> NoReturn:
    err.print(f"[red]error:[/red] {message}", soft_wrap=True)
    raise typer.Exit(code)


def split_ids(value: str | None) -> list[str] | None:
    """A comma-separated --tasks value as a list (None: every task)."""
    return [v.strip() for v in value.split(",") if v.strip()] if value else None


class TaskSelectionError(Exception):
    """The tasks folder does not exist, or a task id names no task in it."""


def select_tasks(ids: list[str] | None, root: Path | None = None) -> TaskSet:
    """The tasks with these ids (None: all) from root (default: the tasks folder). Tasks that do not
    load are in TaskSet.errors; a missing folder or unknown id raises TaskSelectionError."""
    try:
        return load_tasks(root or paths.tasks_dir(), ids)
    except FileNotFoundError as exc:
        raise TaskSelectionError(str(exc)) from exc
    except KeyError as exc:  # harness.tasks.load_tasks: unknown ids, its message as the only argument
        raise TaskSelectionError(exc.args[0]) from exc


def tasks_or_fail(ids: list[str] | None, root: Path | None = None) -> TaskSet:
    try:
        return select_tasks(ids, root)
    except TaskSelectionError as exc:
        fail(str(exc))


def print_invalid(task_set: TaskSet) -> None:
    for error in task_set.errors:
        err.print(f"[red]invalid task[/red] {error}", soft_wrap=True)


def run_folders(refs: list[str]) -> list[Path]:
    """Each run id or run folder path as its folder; fails (exit 2) on the first that is not a run."""
    folders = []
    for ref in refs:
        try:
            folders.append(resolve_run(ref))
        except NotARun as exc:
            fail(str(exc))
    return folders
