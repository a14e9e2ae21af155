"""`evalrun tasks new`: a task folder with every file the format needs (docs/task-format.md).

Each file says in comments what to fill in; every value the author must choose is marked with
harness.tasks.PLACEHOLDER, and the loader refuses a task that still holds one (naming the file and
line), so `evalrun validate` walks the author through what is left.
"""

from __future__ import annotations

import re
from pathlib import Path

from harness.tasks import CATEGORIES, CLIENTS_DIR, PLACEHOLDER, SERVICES_DIR, SKILL_RULES, copy_tree

ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]*")


class ScaffoldError(Exception):
    """The task cannot be scaffolded as asked (the message says what to change)."""


TASK_TOML = """\
# Written by `evalrun tasks new`; docs/task-format.md explains every field.
# Every line marked TODO must be filled in (and the marker removed): until then the task does not
# load, and `evalrun validate` names the lines left.
id = "{id}"                            # equals the folder name
title = "{mark}: the issue's title, as a user would write it"
category = "{mark}"                    # one of: {categories}
difficulty = "easy"                    # easy | medium | hard
language = "python"
skill_rules = []                       # the rules it probes (optional), from: {rules}
expected_outcome = "fix"               # fix | blocked (cannot be done as asked) | no-op (nothing to fix)

[repo]
{repo}

[tests]
{mode}# pytest node ids relative to the repository root. FAIL_TO_PASS: hidden tests that fail on the
# buggy repository and pass with solution.patch. PASS_TO_PASS: tests that pass on both (visible
# tests of the repository, or hidden ones).
fail_to_pass = ["{mark}: tests/{test_file}::test_..."]
pass_to_pass = []

[limits]                               # optional; these are the defaults
max_steps = 40
time_limit_sec = 1200
test_timeout_sec = 120
"""

REPO_SERVICE = """\
service = "{service}"                  # {services}/{service}: the correct code the bug is put into
bug_patch = "bug.patch"                # `git diff` that turns the service into the buggy repository"""
REPO_FOLDER = """\
path = "repo"                          # the full buggy repository, as the agent sees it (a requirements.txt
                                       # with pinned deps, pytest among them, and its visible tests)"""
BLACK_BOX = """\
# This service can be served ({clients}/{service}/service.toml): the hidden tests run as HTTP
# clients of the patched service (the `client` fixture), never importing `app`. Use
# mode = "in-process" only when the behaviour cannot be reached over the API.
mode = "black-box"
"""

INSTRUCTION = """\
{mark}: write the issue the agent is given, as a user would file it: what they did, what they
expected, what happened instead. Say what is wrong, never how to fix it, and do not mention the
hidden tests. Replace this whole file.
"""

HIDDEN_TEST_IN_PROCESS = """\
# The hidden check: copied into the repository's tests/ only when the patch is graded; the agent
# never sees it. It must FAIL on the buggy repository and PASS with solution.patch, the same way
# every time (no clock, randomness or network; files under pytest's tmp_path).
# {mark}: replace this test with one that exercises the bug, then list its id in task.toml.


def test_{name}():
    from app import something_under_test  # {mark}: import what the bug lives in

    assert something_under_test() == "the behaviour the issue asks for"
"""

HIDDEN_TEST_BLACK_BOX = """\
# The hidden check: runs in a client container against the patched service over HTTP (the
# `client` fixture of {clients}/{service}/conftest.py resets the service first). It must FAIL on
# the buggy repository and PASS with solution.patch, the same way every time.
# {mark}: replace this test with one that exercises the bug, then list its id in task.toml.


def test_{name}(client):
    response = client.get("/{mark}")
    assert response.status_code == 200
"""

SOLUTION = """\
{mark}: replace this file with the minimal gold fix, made with `git diff` in a checkout of the buggy
repository (a/ and b/ prefixes, paths from the repository root). `evalrun validate` applies it and
checks that FAIL_TO_PASS then passes.
"""

BUG_PATCH = """\
{mark}: replace this file with the `git diff` that turns {services}/{service} (the correct code)
into the buggy repository the agent gets. Make it in a copy of the service: break the code there,
then `git diff > bug.patch`.
"""


def scaffold(
    task_id: str,
    dest_root: Path,
    service: str | None = None,
    repo: Path | None = None,
    services_roots: tuple[Path, ...] = (),
) -> list[Path]:
    """Write dest_root/<task_id>/ for a task on a base service (found in dest_root or services_roots)
    or on a copy of the repository folder `repo`; returns the files written. Raises ScaffoldError."""
    if (service is None) == (repo is None):
        raise ScaffoldError("pass exactly one of --service NAME (a base service) and --repo PATH (a full repository)")
    if not ID_PATTERN.fullmatch(task_id):
        raise ScaffoldError(
            f"task id {task_id!r}: use lowercase letters, digits and '-', starting with a letter or digit"
        )
    folder = Path(dest_root) / task_id
    if folder.exists():
        raise ScaffoldError(f"{folder} already exists; pick another id or remove it")
    mode = ""
    black_box = False
    if service is not None:
        root = next((r for r in (Path(dest_root), *services_roots) if (r / SERVICES_DIR / service).is_dir()), None)
        if root is None:
            known = sorted(
                p.name
                for r in (Path(dest_root), *services_roots)
                if (r / SERVICES_DIR).is_dir()
                for p in (r / SERVICES_DIR).iterdir()
                if p.is_dir()
            )
            raise ScaffoldError(
                f"no base service {service!r} (known: {', '.join(known) or 'none'}); or use --repo PATH"
            )
        black_box = (root / CLIENTS_DIR / service / "service.toml").is_file()
        if black_box:
            mode = BLACK_BOX.format(clients=CLIENTS_DIR, service=service)
        repo_table = REPO_SERVICE.format(service=service, services=SERVICES_DIR)
    else:
        repo = Path(repo)
        if not repo.is_dir():
            raise ScaffoldError(f"--repo {repo} is not a folder; pass the repository to copy")
        repo_table = REPO_FOLDER
    name = task_id.replace("-", "_")
    test_file = f"test_hidden_{name}.py"
    fields = {
        "mark": PLACEHOLDER,
        "id": task_id,
        "service": service,
        "services": SERVICES_DIR,
        "clients": CLIENTS_DIR,
        "name": name,
        "test_file": test_file,
    }
    files = {
        "task.toml": TASK_TOML.format(
            **fields, repo=repo_table, mode=mode, categories=" | ".join(CATEGORIES), rules=", ".join(SKILL_RULES)
        ),
        "instruction.md": INSTRUCTION.format(**fields),
        f"tests/{test_file}": (HIDDEN_TEST_BLACK_BOX if black_box else HIDDEN_TEST_IN_PROCESS).format(**fields),
        "solution.patch": SOLUTION.format(**fields),
    }
    if service is not None:
        files["bug.patch"] = BUG_PATCH.format(**fields)
    folder.mkdir(parents=True)
    if repo is not None:
        copy_tree(repo, folder / "repo")
    written = []
    for rel, text in files.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        written.append(path)
    return written
