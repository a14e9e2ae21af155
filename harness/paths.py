"""Where the project's data lives. The tasks, results and cache folders can be moved with
EVALRUN_TASKS_DIR, EVALRUN_RESULTS_DIR and EVALRUN_CACHE_DIR; evals/ (prompts, skills, placebo,
profiles) is always read from the project."""

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def tasks_dir() -> Path:
    return Path(os.environ.get("EVALRUN_TASKS_DIR", PROJECT_ROOT / "tasks"))


def results_dir() -> Path:
    return Path(os.environ.get("EVALRUN_RESULTS_DIR", PROJECT_ROOT / "results"))


def evals_dir() -> Path:
    return PROJECT_ROOT / "evals"


def cache_dir() -> Path:
    """Host-side cache: debootstrap rootfs tarballs, wheelhouses, build contexts."""
    default = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "evalrun"
    return Path(os.environ.get("EVALRUN_CACHE_DIR", default))


def bundled_skill() -> Path:
    return evals_dir() / "skills" / "backend" / "SKILL.md"
