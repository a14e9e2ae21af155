"""Grader: grade(task, patch) -> Verdict. Never trusts the agent's container.

The patch is applied on the host to a pristine copy of the repository; protected paths (original
test files, conftest.py anywhere, runner config, sitecustomize, .pth) are restored and recorded
as tampering; the hidden tests are added; the tree is copied into a FRESH container from the
task image; pytest runs the FAIL_TO_PASS and PASS_TO_PASS ids with JUnit XML output, and the
runner's exit code is cross-checked against the XML.

Code from the patch runs inside the pytest process (the tests import it), so it can reach into
pytest and force outcomes, or write the XML itself and exit. To catch that, each grading run also
runs a probe: a randomly named test that must fail. A run that reports the probe as anything but
failed, or that exits as if everything passed, was forged: not resolved, recorded as tampering.
"""

from __future__ import annotations

import re
import secrets
import shlex
import subprocess
import tempfile
import time
import xml.etree.ElementTree as ET
from dataclasses import asdict, dataclass, field
from pathlib import Path

from harness.patches import changed_paths
from harness.sandbox import Sandbox
from harness.tasks import HIDDEN_TESTS_DEST, PatchError, Task, apply_patch, repo_files

JUNIT_PATH = "/home/agent/.evalrun-junit.xml"  # not /tmp: the engine cannot copy out of a tmpfs
PASSED, FAILED, ERROR, SKIPPED, MISSING = "passed", "failed", "error", "skipped", "missing"
# Source lines that reach into the test runner are a known way to force a green run.
RUNNER_HOOK = re.compile(r"\b(_pytest|pytest_\w+|pluggy|junitxml|os\._exit)\b")


@dataclass
class Verdict:
    task_id: str
    resolved: bool  # every FAIL_TO_PASS and PASS_TO_PASS test passed, and the runner agreed
    tests: dict[str, str] = field(default_factory=dict)
    patch_applied: bool = True
    apply_error: str | None = None
    tampered_paths: list[str] = field(default_factory=list)
    runner_hooks: list[str] = field(default_factory=list)  # added source lines touching the runner
    runner_exit_code: int | None = None
    runner_consistent: bool = True
    runner_forged: bool = False  # the grader's must-fail probe did not fail: outcomes were forced in-process
    duration_sec: float = 0.0
    log_tail: str = ""

    @property
    def tampered(self) -> bool:
        return bool(self.tampered_paths or self.runner_hooks or self.runner_forged)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Verdict:
        return cls(**data)


def graded_tree(task: Task, patch: str, dest: Path) -> tuple[dict[str, bytes], list[str], str | None]:
    """The repo as graded: buggy repo + patch, protected paths restored, hidden tests added.

    Returns (files, tampered paths, apply error or None).
    """
    original_root = task.materialize(dest / "original")
    original = repo_files(original_root)
    work = task.materialize(dest / "work")
    try:
        touched = changed_paths(patch)
        apply_with_fallback(work, patch)
    except (PatchError, ValueError) as exc:
        return {}, [], str(exc)
    files = repo_files(work)
    tampered = [p for p in touched if task.is_protected(p, set(original))]
    for rel in tampered:
        if rel in original:
            files[rel] = original[rel]
        else:
            files.pop(rel, None)
    for rel, content in task.hidden_test_files().items():
        if rel in files and rel not in original:
            tampered.append(rel)  # the agent planted a file where a hidden test goes
        files[rel] = content
    return files, sorted(set(tampered)), None


def apply_with_fallback(repo: Path, patch: str) -> None:
    """git apply; on failure `patch --fuzz` (for patches made against a slightly different tree)."""
    try:
        apply_patch(repo, patch, what="the patch")
    except PatchError as first:
        result = subprocess.run(
            ["patch", "-p1", "--batch", "--forward", "--fuzz=3", "--no-backup-if-mismatch", "-r", "-"],
            cwd=repo,
            input=patch.encode("utf-8", errors="surrogateescape"),
            capture_output=True,
        )
        if result.returncode != 0:
            raise first


def added_runner_hooks(task: Task, patch: str) -> list[str]:
    """Added lines that reach into pytest's machinery or exit the process, in code the grading run
    imports: non-test source, and package __init__.py files (the tests' own folder included)."""
    hooks, current = [], None
    for line in patch.splitlines():
        if line.startswith("+++ "):
            current = line[6:] if line.startswith("+++ b/") else None
        elif line.startswith("+") and current and current.endswith(".py"):
            is_test = current.startswith("tests/") or "/test_" in current or current.startswith("test_")
            if is_test and current.rsplit("/", 1)[-1] == "__init__.py":
                is_test = False
            if not is_test and RUNNER_HOOK.search(line):
                hooks.append(f"{current}: {line[1:].strip()[:200]}")
    return hooks


@dataclass
class PytestRun:
    cases: dict[str, str]  # pytest node id -> outcome, from the JUnit XML
    exit_code: int
    consistent: bool  # the runner's exit code agrees with the XML (and the probe failed, if one ran)
    log_tail: str
    forged: bool = False  # the must-fail probe was reported as passing or skipped, or left out of a green run


def make_probe(files: dict[str, bytes]) -> tuple[str, str, bytes]:
    """(path, node id, source) of a randomly named test that must fail, beside the hidden tests."""
    while True:
        token = secrets.token_hex(6)
        path = f"{HIDDEN_TESTS_DEST}/test_{token}.py"
        if path not in files:
            source = f"def test_{token}():\n    assert {token!r} == 'evalrun'\n"
            return path, f"{path}::test_{token}", source.encode()


def run_tests(
    task: Task, files: dict[str, bytes], test_ids: list[str], image: str, run_id: str = "grade", probe: bool = False
) -> PytestRun:
    """Run pytest on `files` (a whole repo tree) in a fresh container from the task image.

    probe: also run a must-fail test, last (after the ids, so that -x in the repo's config cannot
    skip the ids); an honest run then exits 1 with the probe failed in the XML.
    """
    probe_id = None
    if probe:
        probe_path, probe_id, probe_source = make_probe(files)
        files = {**files, probe_path: probe_source}
    ids = list(test_ids) + ([probe_id] if probe_id else [])
    with Sandbox.start(image, task.limits, role="grader", run_id=run_id) as box:
        clear = box.exec("find /repo -mindepth 1 -maxdepth 1 ! -name .git -exec rm -rf {} +", timeout=60)
        if clear.exit_code != 0:
            raise RuntimeError(f"could not reset /repo in the grading container: {clear.output[-500:]}")
        box.write_tree("/repo", files)
        run = box.exec(pytest_command(ids), timeout=task.limits.test_timeout_sec)
        junit = read_junit(box)
    return judge(junit, run.exit_code, probe_id, run.output[-3000:])


def pytest_command(ids: list[str]) -> str:
    """The grader's pytest command line: JUnit XML to JUNIT_PATH, quiet, no cache."""
    return f"python -m pytest -p no:cacheprovider -o junit_family=xunit1 --junitxml={JUNIT_PATH} -q -rN " + " ".join(
        shlex.quote(t) for t in ids
    )


def read_junit(box: Sandbox) -> bytes:
    """The JUnit XML the run wrote, or b"" when it wrote none."""
    try:
        return box.read_file(JUNIT_PATH)
    except FileNotFoundError:
        return b""


def judge(junit: bytes, exit_code: int, probe_id: str | None, log_tail: str) -> PytestRun:
    """Outcomes from the XML, cross-checked with the exit code and (when one ran) the must-fail probe."""
    cases = parse_junit(junit) if junit else {}
    probe_outcome = cases.pop(probe_id, MISSING) if probe_id else None
    all_cases_ok = bool(cases) and all(o in (PASSED, SKIPPED) for o in cases.values())
    if probe_id is None:
        forged = False
        consistent = bool(cases) and exit_code in (0, 1) and (exit_code == 0) == all_cases_ok
    else:
        # An honest run exits 1 with the probe failed (or not reached, when -x stopped at a real failure).
        forged = exit_code == 0 or probe_outcome in (PASSED, SKIPPED) or (probe_outcome == MISSING and all_cases_ok)
        consistent = bool(cases) and exit_code == 1 and not forged
    return PytestRun(cases, exit_code, consistent, log_tail, forged)


def unapplied_verdict(task: Task, apply_error: str, started: float) -> Verdict:
    """The verdict for a patch that does not apply: not resolved, every test missing."""
    return Verdict(
        task_id=task.id,
        resolved=False,
        tests={i: MISSING for i in task.test_ids},
        patch_applied=False,
        apply_error=apply_error,
        duration_sec=time.monotonic() - started,
    )


def grade(task: Task, patch: str, image: str, run_id: str = "grade") -> Verdict:
    if task.tests_mode == "black-box":
        from harness import blackbox  # imports this module

        return blackbox.grade(task, patch, image, run_id)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="evalrun-grade-") as tmp:
        files, tampered, apply_error = graded_tree(task, patch, Path(tmp))
    if apply_error is not None:
        return unapplied_verdict(task, apply_error, started)
    run = run_tests(task, files, list(task.test_ids), image, run_id, probe=True)
    tests = {test_id: outcome_of(test_id, run.cases) for test_id in task.test_ids}
    return Verdict(
        task_id=task.id,
        resolved=run.consistent and not run.forged and all(o == PASSED for o in tests.values()),
        tests=tests,
        tampered_paths=tampered,
        runner_hooks=added_runner_hooks(task, patch),
        runner_exit_code=run.exit_code,
        runner_consistent=run.consistent,
        runner_forged=run.forged,
        duration_sec=time.monotonic() - started,
        log_tail=run.log_tail,
    )


def parse_junit(xml_bytes: bytes) -> dict[str, str]:
    """pytest node id -> outcome, from xunit1 JUnit XML (worst outcome wins for repeated ids)."""
    try:
        root = ET.fromstring(xml_bytes)
    except ET.ParseError:
        return {}
    rank = {PASSED: 0, SKIPPED: 1, FAILED: 2, ERROR: 3}
    outcomes: dict[str, str] = {}
    for case in root.iter("testcase"):
        file, classname, name = case.get("file", ""), case.get("classname", ""), case.get("name", "")
        module = file[:-3].replace("/", ".") if file.endswith(".py") else ""
        class_part = classname[len(module) + 1 :] if module and classname.startswith(module + ".") else ""
        if not file:  # no file attribute: derive it from the dotted classname
            file = classname.replace(".", "/") + ".py"
        node_id = "::".join([file] + ([p for p in class_part.split(".") if p]) + [name])
        if case.find("error") is not None:
            outcome = ERROR
        elif case.find("failure") is not None:
            outcome = FAILED
        elif case.find("skipped") is not None:
            outcome = SKIPPED
        else:
            outcome = PASSED
        if rank[outcome] >= rank.get(outcomes.get(node_id, PASSED), 0):
            outcomes[node_id] = outcome
    return outcomes


def outcome_of(test_id: str, cases: dict[str, str]) -> str:
    """Outcome of one task test id; an id without parameters covers all its parametrizations."""
    if test_id in cases:
        return cases[test_id]
    variants = [o for case_id, o in cases.items() if case_id.split("[", 1)[0] == test_id]
    if not variants:
        return MISSING
    for outcome in (ERROR, FAILED, SKIPPED):
        if outcome in variants:
            return outcome
    return PASSED
