"""A run's results on disk: results/<run-id>/{config.json, trials*.jsonl, trials/<trial_id>/...}.

Records are appended one JSON line per finished trial, in a single O_APPEND write followed by
fsync, so a killed process leaves at worst one malformed last line, which readers skip. Several
machines running shards of one run write trials.shard-<i>-of-<n>.jsonl; copying their folders
together merges them. The last record of a trial id wins.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import threading
from pathlib import Path

from harness import paths

INFRA = "infra"
_append_lock = threading.Lock()


class ResultsError(Exception):
    """The results folder cannot be written (not writable, disk full): fatal for the run, which stops
    with its containers removed and every complete record kept; rerun the same command to resume."""

    @classmethod
    def of(cls, exc: OSError, folder: Path) -> ResultsError:
        where = exc.filename or folder
        return cls(
            f"cannot write the results ({where}: {exc.strerror or exc}); make {folder} writable or free space, "
            "then rerun the same command to resume"
        )


def run_dir(run_id: str, root: Path | None = None) -> Path:
    if not run_id or "/" in run_id or run_id.startswith("."):
        raise ValueError(f"run id {run_id!r} is not a plain folder name; use letters, digits, '-', '_' and '.'")
    return Path(root or paths.results_dir()) / run_id


def trial_id(task_id: str, condition: str, attempt: int) -> str:
    return f"{task_id}__{condition}__a{attempt}"


TRIAL_FILES = {"patch": "patch.diff", "report": "report.md", "trajectory": "trajectory.json"}


def trial_paths(trial: str) -> dict[str, str]:
    """Where a trial's patch, report and trajectory are written, relative to the run folder."""
    return {kind: f"trials/{trial}/{name}" for kind, name in TRIAL_FILES.items()}


def trial_file(folder: Path, record: dict, kind: str) -> Path:
    """A finished trial's "patch", "report" or "trajectory": where its record says, else where the runner writes it."""
    where = record.get("paths") or {}
    return Path(folder) / where.get(kind, trial_paths(record["trial_id"])[kind])


def trials_file(folder: Path, shard: tuple[int, int] = (1, 1)) -> Path:
    index, count = shard
    return folder / ("trials.jsonl" if count == 1 else f"trials.shard-{index}-of-{count}.jsonl")


def append_record(path: Path, record: dict) -> None:
    """Append one record atomically (one write of one whole line, then fsync).

    A write that fails or stops short (disk full) is cut off again, so that no partial line is left
    for the next record to be glued to.
    """
    line = (json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8", "surrogateescape")
    with _append_lock:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            size = os.fstat(fd).st_size
            try:
                written = os.write(fd, line)
                if written != len(line):
                    raise OSError(errno.ENOSPC, f"short write ({written} of {len(line)} bytes)", str(path))
                os.fsync(fd)
            except OSError:
                with contextlib.suppress(OSError):
                    os.ftruncate(fd, size)
                raise
        finally:
            os.close(fd)


def read_by_trial(paths: list[Path]) -> dict[str, dict]:
    """trial_id -> the last JSON object for it across JSON-lines files; malformed lines are skipped."""
    latest: dict[str, dict] = {}
    for path in paths:
        for line in Path(path).read_text(errors="replace").splitlines():
            try:
                item = json.loads(line)
            except json.JSONDecodeError:
                continue  # a write cut by a killed process
            if isinstance(item, dict) and "trial_id" in item:
                latest[item["trial_id"]] = item
    return latest


def read_records(folder: Path) -> list[dict]:
    """Every trial's last record across trials*.jsonl."""
    latest = read_by_trial(sorted(Path(folder).glob("trials*.jsonl")))
    return sorted(latest.values(), key=lambda r: r["trial_id"])


def finished_trial_ids(folder: Path) -> set[str]:
    """Trials that need no rerun: recorded, and not an infrastructure error."""
    return {r["trial_id"] for r in read_records(folder) if r.get("error_category") != INFRA}


def read_config(folder: Path) -> dict | None:
    path = Path(folder) / "config.json"
    return json.loads(path.read_text()) if path.exists() else None
