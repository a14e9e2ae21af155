"""The ruff runner: RUFF_RULES (every rule a metric of the registry reads) run once over many file
versions (the original and post-change side of every changed Python file), in a work folder reused
per process and thread, the original side cached by content. A ruff that is missing, fails or runs
past its time limit raises, never reads as a clean file."""

from __future__ import annotations

import atexit
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path, PurePosixPath

from harness.scoring.registry import RUFF_RULES


def find_ruff() -> list[str]:
    candidate = Path(sys.executable).parent / "ruff"
    if candidate.is_file() and os.access(candidate, os.X_OK):
        return [str(candidate)]
    found = shutil.which("ruff")
    if found:
        return [found]
    return [sys.executable, "-m", "ruff"]


_WORKDIRS: dict[int, Path] = {}
_ORIGINALS: dict[tuple[str, bytes], list[tuple[str, int]]] = {}  # (path, content) -> findings


def ruff_findings(files: dict[tuple[str, bool], bytes]) -> dict[tuple[str, bool], list[tuple[str, int]]]:
    """`run_ruff`, with the original side (after=False) cached by path and content: original files
    repeat across the trials of a task."""
    results: dict[tuple[str, bool], list[tuple[str, int]]] = {}
    todo: dict[tuple[str, bool], bytes] = {}
    for (path, side), content in files.items():
        cached = _ORIGINALS.get((path, content)) if not side else None
        if cached is not None:
            results[(path, side)] = cached
        else:
            todo[(path, side)] = content
    for (path, side), found in run_ruff(todo).items():
        results[(path, side)] = found
        if not side:
            if len(_ORIGINALS) > 4096:
                _ORIGINALS.clear()
            _ORIGINALS[(path, todo[(path, side)])] = found
    return results


def _ruff_workdir() -> Path:
    ident = threading.get_ident()
    if ident not in _WORKDIRS:
        shm = Path("/dev/shm")  # memory-backed where available: writing files there is much cheaper
        base = str(shm) if shm.is_dir() and os.access(shm, os.W_OK) else None
        folder = Path(tempfile.mkdtemp(prefix=f"evalrun-ruff-{os.getpid()}-", dir=base)).resolve()
        atexit.register(shutil.rmtree, folder, True)
        _WORKDIRS[ident] = folder
    return _WORKDIRS[ident]


def run_ruff(files: dict[tuple[str, bool], bytes]) -> dict[tuple[str, bool], list[tuple[str, int]]]:
    """Run ruff once over many files; returns findings per (path, side)."""
    results: dict[tuple[str, bool], list[tuple[str, int]]] = {key: [] for key in files}
    if not files:
        return results
    # Deleting a temp tree per patch costs more than ruff on some file systems: reuse one work folder
    # per process and thread (stale files are harmless: ruff only reads the files it is given).
    tmp = _ruff_workdir()
    where: dict[str, tuple[str, bool]] = {}
    for (rel, side), content in files.items():
        if rel.startswith("/") or ".." in PurePosixPath(rel).parts:
            continue
        target = tmp / ("post" if side else "orig") / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        where[str(target)] = (rel, side)
    command = find_ruff() + [
        "check",
        "--isolated",
        "--no-cache",
        "--exit-zero",
        "--output-format",
        "json",
        "--target-version",
        "py311",
        "--select",
        ",".join(RUFF_RULES),
        "--config",  # `*args: Any` / `**kwargs: Any` pass arguments through: not a silenced checker
        "lint.flake8-annotations.allow-star-arg-any = true",
        *where,
    ]
    run = subprocess.run(command, capture_output=True, text=True, cwd=tmp, timeout=120)
    if run.returncode != 0:
        raise RuntimeError(f"ruff failed (exit {run.returncode}): {run.stderr[-1000:]}")
    for item in json.loads(run.stdout or "[]"):
        key = where.get(str(Path(item["filename"])))
        if key is not None and item.get("code"):
            results[key].append((item["code"], item["location"]["row"]))
    return results
