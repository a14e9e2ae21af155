"""`pip install .` (not editable) gives a working evalrun (issue 12, item 7).

The wheel is built from a copy of the checkout's tracked files and installed, without its
dependencies, into a fresh venv that borrows them from the test's own environment (a .pth line; no
network). From a folder outside the checkout, the installed evalrun then runs `score-selftest` and a
replayed trial of the fixture task with the bundled skill, reading evals/ and the fixtures from the
wheel (harness/paths.py).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import uuid
import zipfile
from pathlib import Path

import pytest
from setuptools import find_packages

from harness.bench import FIXTURE_SCRIPT, FIXTURE_TASK

ROOT = Path(__file__).resolve().parent.parent
SETUPTOOLS = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
MAPPED = SETUPTOOLS["package-dir"]  # package -> checkout folder it ships


def run(args: list, cwd: Path, env: dict | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    result = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, f"{args} exited {result.returncode}\n{result.stdout}\n{result.stderr}"
    return result


def clean_env(**extra: str) -> dict:
    """The environment without anything that would put the checkout on the path."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "EVALRUN_TASKS", "EVALRUN_RESULTS"))}
    return env | extra


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel of the checkout's tracked files (a copy: the build writes build/ and egg-info)."""
    src, out = tmp_path_factory.mktemp("src"), tmp_path_factory.mktemp("dist")
    tracked = run(["git", "ls-files", "-z"], ROOT).stdout.split("\0")
    for rel in filter(None, tracked):
        if (ROOT / rel).is_file():
            (src / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / rel, src / rel)
    run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", out, "."], src)
    [built] = out.glob("evalrun-*.whl")
    return built


@pytest.fixture(scope="module")
def venv(wheel, tmp_path_factory) -> Path:
    """A fresh venv holding only the wheel; its dependencies come from this environment's site-packages."""
    folder = tmp_path_factory.mktemp("venv")
    run([sys.executable, "-m", "venv", "--without-pip", folder], folder)
    python = folder / "bin" / "python"
    site = Path(run([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], folder).stdout.strip())
    # A path line, not a site dir: the .pth files there (the checkout's editable install) are not run.
    borrowed = dict.fromkeys([sysconfig.get_path("purelib"), sysconfig.get_path("platlib")])
    (site / "_evalrun_test_deps.pth").write_text("".join(f"{p}\n" for p in borrowed))
    run([python, "-m", "pip", "install", "-q", "--no-deps", "--no-index", wheel], folder, clean_env())
    return folder


def test_every_harness_package_is_in_the_wheel():
    missing = set(find_packages(str(ROOT), include=["harness", "harness.*"])) - set(SETUPTOOLS["packages"])
    assert not missing, f"add {sorted(missing)} to [tool.setuptools] packages in pyproject.toml"


def test_the_wheel_ships_evals_and_the_fixtures_byte_for_byte(wheel):
    with zipfile.ZipFile(wheel) as archive:
        shipped = {name: archive.read(name) for name in archive.namelist()}
    assert set(MAPPED) == {p for p in SETUPTOOLS["packages"] if p.startswith("harness._project.")}
    for package, folder in MAPPED.items():
        tracked = run(["git", "ls-files", "-z", folder], ROOT).stdout.split("\0")
        assert any(tracked), folder
        for rel in filter(None, tracked):
            inside = package.replace(".", "/") + "/" + Path(rel).relative_to(folder).as_posix()
            assert shipped.get(inside) == (ROOT / rel).read_bytes(), f"{rel} is not shipped as {inside}"
    assert not [name for name in shipped if "__pycache__" in name or name.endswith(".pyc")]


@pytest.mark.docker
def test_the_installed_wheel_runs_selftest_and_a_replayed_trial_outside_the_checkout(venv, tmp_path):
    python, evalrun = venv / "bin" / "python", venv / "bin" / "evalrun"
    where = json.loads(
        run(
            [
                python,
                "-c",
                "import json, harness, harness.paths as p; "
                "print(json.dumps([harness.__file__, str(p.PROJECT_ROOT), str(p.bundled_skill())]))",
            ],
            tmp_path,
            clean_env(),
        ).stdout
    )
    harness_file, project_root, skill = where
    assert Path(harness_file).is_relative_to(venv) and Path(skill).is_relative_to(venv)
    assert Path(skill).read_bytes() == (ROOT / "evals" / "skills" / "backend" / "SKILL.md").read_bytes()

    # score-selftest reads the shipped labelled fixtures: the same table as from the checkout.
    installed = run([evalrun, "score-selftest"], tmp_path, clean_env()).stdout.splitlines()
    checkout = run([sys.executable, "-m", "harness.cli", "score-selftest"], ROOT, clean_env(PYTHONPATH=str(ROOT)))
    assert installed[:-1] == checkout.stdout.splitlines()[:-1]  # the last line is the elapsed time

    # The bench's fixture task is the shipped copy, and loads.
    task_dir = FIXTURE_TASK.relative_to(ROOT)
    run(
        [
            python,
            "-c",
            f"from harness.bench import FIXTURE_TASK as t; from harness.tasks import load_task; "
            f"assert t == __import__('pathlib').Path({project_root!r}) / {str(task_dir)!r}, t; load_task(t)",
        ],
        tmp_path,
        clean_env(),
    )

    # A replayed trial of the fixture task with the bundled skill; results go to the working folder.
    replay = tmp_path / "fix.json"
    replay.write_text(json.dumps({"responses": FIXTURE_SCRIPT, "latency_sec": 0}))
    run_id = f"h-wheel-{uuid.uuid4().hex[:8]}"
    tasks = Path(project_root) / task_dir.parent
    run(
        [evalrun, "--model", f"replay/{replay}", "--with-skill", "--tasks", task_dir.name, "--run-id", run_id],
        tmp_path,
        clean_env(EVALRUN_TASKS_DIR=str(tasks)),
    )
    results = tmp_path / "results" / run_id
    config = json.loads((results / "config.json").read_text())
    [condition] = config["conditions"]
    assert condition["guidance_source"] == skill and condition["condition_name"] == "backend"
    assert condition["guidance_sha256"] == hashlib.sha256(Path(skill).read_bytes()).hexdigest()
    [record] = [json.loads(line) for line in (results / "trials.jsonl").read_text().splitlines()]
    assert record["task_id"] == task_dir.name and record["condition"] == "skill"
    assert record.get("error_category") is None, record
    assert record["resolved"] is True, record
