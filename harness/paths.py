"""Where the project's data lives.

Run from a checkout (editable install, the tests), everything is read from the checkout. Installed
from a wheel (`pip install .`), the checkout is not there: the wheel ships a copy of evals/
(prompts, skills, placebo, profiles) and of the fixtures that `score-selftest`, `bench` and the
replay example read (tests/fixtures/{tasks,scoring,corpus_real}), laid out as in the checkout under
harness/_project/ (pyproject.toml maps them there), and PROJECT_ROOT is that copy. The tasks and
results folders are then the working directory's tasks/ and results/. Each of them can be moved with
EVALRUN_TASKS_DIR, EVALRUN_RESULTS_DIR and EVALRUN_CACHE_DIR.
"""

import os
from importlib import resources
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parent.parent
# A checkout has its pyproject.toml and evals/ beside harness/; an installed harness/ sits in
# site-packages, which has neither.
FROM_CHECKOUT = (CHECKOUT / "pyproject.toml").is_file() and (CHECKOUT / "evals").is_dir()
# The checkout, or the copy of its data an installed wheel ships (the same layout for what it ships).
PROJECT_ROOT = CHECKOUT if FROM_CHECKOUT else Path(str(resources.files("harness") / "_project"))


def _default(name: str) -> Path:
    return (CHECKOUT if FROM_CHECKOUT else Path.cwd()) / name


def tasks_dir() -> Path:
    return Path(os.environ.get("EVALRUN_TASKS_DIR", _default("tasks")))


def results_dir() -> Path:
    return Path(os.environ.get("EVALRUN_RESULTS_DIR", _default("results")))


def evals_dir() -> Path:
    return PROJECT_ROOT / "evals"


def cache_dir() -> Path:
    """Host-side cache: debootstrap rootfs tarballs, wheelhouses, build contexts."""
    default = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "evalrun"
    return Path(os.environ.get("EVALRUN_CACHE_DIR", default))


def bundled_skill() -> Path:
    return evals_dir() / "skills" / "backend" / "SKILL.md"
