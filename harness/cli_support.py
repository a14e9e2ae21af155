"""What the commands share (harness/cli.py, harness/scoring/commands.py, harness/report/commands.py):
one way to fail, one task selection, one run resolver.

    fail(message, code=2)            print "error: message" on stderr and exit with code
    select_tasks(ids, root=None)     a TaskSet; TaskSelectionError when the folder or an id is missing
    tasks_or_fail(ids, root=None)    select_tasks, failing with its message
    print_invalid(task_set)          one line per task that did not load
    run_folders(refs)                run ids or run folder paths -> folders, failing on any that is not a run
    read_input(path, option)         a file the user named, failing if it cannot be read
    output_file(path, option)        a file to write at the end, checked before the work starts
    Commands                         the root command group: a usage error or unreadable run data is one
                                     `error:` line too, never click's box nor a traceback

Exit codes: 2 when the command line is wrong (a bad option, a missing or unusable file or folder, an
unknown id, a patch that is not one or not for the task), 1 when the work itself fails (Docker, tasks
that do not load, run data this evalrun cannot read).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import NoReturn

import typer
from rich.console import Console
from rich.markup import escape

# typer vendors its own click (typer._click): these, not the `click` package's, are what it raises.
from typer._click.exceptions import ClickException, UsageError
from typer.core import TyperGroup

from harness import paths
from harness.results import NotARun, RecordError, resolve_run
from harness.tasks import DuplicateTaskError, TaskSet, load_tasks

err = Console(stderr=True)


def say_error(message: str) -> None:
    """The one `error:` line (the message is text, not rich markup: `[x]` in a test id stays)."""
    err.print(f"[red]error:[/red] {escape(message)}", soft_wrap=True)


def fail(message: str, code: int = 2) -> NoReturn:
    say_error(message)
    raise typer.Exit(code)


class Commands(TyperGroup):
    """The root group (`typer.Typer(cls=Commands)`): click's usage errors (bad option, missing
    argument, a --patch file that does not exist) become one `error:` line that names the command's
    --help, and a run whose records this evalrun cannot read (RecordError) exits 1 with its message,
    whichever command read it."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except UsageError as exc:
            where = f" (see `{exc.ctx.command_path} --help`)" if exc.ctx is not None else ""
            say_error(exc.format_message().rstrip(".") + where)
            sys.exit(exc.exit_code)
        except ClickException as exc:
            say_error(exc.format_message())
            sys.exit(exc.exit_code)
        except typer.Abort:
            err.print("aborted")
            sys.exit(1)
        except RecordError as exc:
            say_error(f"{exc}")
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


def split_ids(value: str | None) -> list[str] | None:
    """A comma-separated --tasks value as a list (None: every task)."""
    return [v.strip() for v in value.split(",") if v.strip()] if value else None


class TaskSelectionError(Exception):
    """The tasks folder does not exist, or a task id names no task in it."""


TASKS_DIR_HELP = "Another folder of tasks beside the bundled ones (repeatable; ids unique across folders)."


def tasks_dir_option():
    """The `--tasks-dir DIR` option of every command that loads tasks (a list: repeatable)."""
    return typer.Option(None, "--tasks-dir", exists=True, file_okay=False, help=TASKS_DIR_HELP)


def select_tasks(ids: list[str] | None, root: Path | None = None, extra: list[Path] | None = None) -> TaskSet:
    """The tasks with these ids (None: all) from root (default: the tasks folder) and the extra
    folders (--tasks-dir). Tasks that do not load are in TaskSet.errors; a missing folder, an
    unknown id or an id in two folders raises TaskSelectionError."""
    try:
        return load_tasks(root or paths.tasks_dir(), ids, tuple(extra or ()))
    except (FileNotFoundError, DuplicateTaskError) as exc:
        raise TaskSelectionError(str(exc)) from exc
    except KeyError as exc:  # harness.tasks.load_tasks: unknown ids, its message as the only argument
        raise TaskSelectionError(exc.args[0]) from exc


def tasks_or_fail(ids: list[str] | None, root: Path | None = None, extra: list[Path] | None = None) -> TaskSet:
    try:
        return select_tasks(ids, root, extra)
    except TaskSelectionError as exc:
        fail(str(exc))


def unstable_task_ids(extra: list[Path] | None = None) -> frozenset[str]:
    """The task ids the unstable lists of the bundled tasks folder and the --tasks-dir folders name
    (harness/unstable.py); fail (exit 1) on a list that cannot be read."""
    from harness.unstable import UnstableListError, unstable_ids

    try:
        return frozenset(unstable_ids([paths.tasks_dir(), *(extra or [])]))
    except UnstableListError as exc:
        fail(str(exc), 1)


def print_invalid(task_set: TaskSet) -> None:
    for error in task_set.errors:
        err.print(f"[red]invalid task[/red] {error}", soft_wrap=True)


def read_input(path: Path, option: str) -> str:
    """A text file the user named (undecodable bytes kept as surrogates); fail (exit 2) if unreadable."""
    try:
        return Path(path).read_text(errors="surrogateescape")
    except OSError as exc:
        fail(f"cannot read {option} {path}: {exc.strerror or exc}")


def output_file(path: Path, option: str) -> Path:
    """A file a command will write at its end, checked before the work starts: its folder exists (or
    is created) and is writable; fail (exit 2) otherwise."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        fail(f"{option} {path}: cannot create its folder {path.parent} ({exc.strerror or exc})")
    if path.is_dir():
        fail(f"{option} {path} is a folder; give a file name")
    if not os.access(path.parent, os.W_OK):
        fail(f"{option} {path}: its folder {path.parent} is not writable")
    return path


def run_folders(refs: list[str]) -> list[Path]:
    """Each run id or run folder path as its folder; fails (exit 2) on the first that is not a run."""
    folders = []
    for ref in refs:
        try:
            folders.append(resolve_run(ref))
        except NotARun as exc:
            fail(str(exc))
    return folders
