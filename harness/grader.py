"""Grader: grade(task, patch) -> Verdict. Never trusts the agent's container.

The patch is applied on the host to a pristine copy of the repository; protected paths (original
test files, conftest.py anywhere, runner config, sitecustomize, .pth) are restored and recorded
as tampering; the hidden tests are added; the tree is copied into a FRESH container from the
task image; pytest runs the FAIL_TO_PASS and PASS_TO_PASS ids with JUnit XML output, and the
report is cross-checked with the runner's exit code and terminal summary.

Code from the patch runs inside the pytest process (the tests import it), so it can reach into
pytest and force outcomes, read the hidden tests, or write the report itself. Against that:

- the run is supervised by root in the grading container (harness/data/supervise.py): the tree
  is root-owned and read-only for the test process; new modules that shadow the standard library
  or the environment (a planted `pytest.py`) are removed and recorded as tampering; pytest starts
  with the repo behind the environment on sys.path; the report reaches the grader through a FIFO
  the test process can write but not read or replace, and more than one document is forgery;
- the hidden tests are disguised (harness/disguise.py): random names of the probe's shape,
  shuffled ids, and mutants (a hidden test with its expected value changed) that cannot pass
  together with their original;
- a randomly named must-fail probe runs among them. A run that reports the probe as anything but
  failed, a mutant passing with its original, exits as if everything passed, or reports more
  passes than the runner's summary was forged: not resolved, recorded as tampering.

Black-box tasks (harness/blackbox.py) keep the hidden tests out of the service's container.
"""

from __future__ import annotations

import base64
import contextlib
import json
import re
import secrets
import shlex
import tempfile
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from harness.disguise import disguise, disguise_go, disguise_ts, random_test_path
from harness.images import AGENT_UID
from harness.languages import go_with_files, language, parse_go_json, parse_tap, spec_summary, with_files
from harness.patches import PatchError, added_lines, apply_with_fallback, changed_paths
from harness.sandbox import Sandbox, starting
from harness.tasks import HIDDEN_TESTS_DEST, Task, repo_files

JUNIT_PATH = "/home/agent/.evalrun-junit.xml"  # not /tmp: the engine cannot copy out of a tmpfs
SUPERVISOR_SOURCE = Path(__file__).resolve().parent / "data" / "supervise.py"
SUPERVISOR_DIR = "/run/evalrun"  # root-owned in the grading container (not a tmpfs: written by archive)
# The grader's pytest options; the supervisor adds --junitxml=<its FIFO>. --maxfail=0 undoes a -x
# in the repo's config (the probe and mutants fail on purpose, anywhere among the ids).
GRADER_PYTEST_ARGS = ["-p", "no:cacheprovider", "-o", "junit_family=xunit1", "--maxfail=0", "-rN"]
OUTPUT_CAP = 1 << 16  # bytes of the runner's output kept (the tail)
REPORT_CAP = 32 << 20  # bytes of JUnit XML read
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
    runner_forged: bool = False  # the report cannot be the runner's honest account: outcomes were forced
    runner_forgery: list[str] = field(default_factory=list)  # the signs of it (probe, mutants, report, summary)
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


@dataclass
class GradedTree:
    """The repo as graded, and what grading it needs to know about how it was made."""

    files: dict[str, bytes]
    tampered: list[str]  # protected paths the patch touched (restored), planted hidden-test paths
    apply_error: str | None  # the patch did not apply: files is empty
    new_modules: list[str] = field(default_factory=list)  # see new_module_candidates


def graded_tree(task: Task, patch: str, dest: Path) -> GradedTree:
    """The repo as graded: buggy repo + patch, protected paths restored, hidden tests added."""
    original_root = task.materialize(dest / "original")
    original = repo_files(original_root)
    work = task.materialize(dest / "work")
    try:
        touched = changed_paths(patch)
        apply_with_fallback(work, patch)
    except (PatchError, ValueError) as exc:
        return GradedTree({}, [], str(exc))
    files = repo_files(work)
    tampered = [p for p in touched if task.is_protected(p, set(original))]
    for rel in tampered:
        if rel in original:
            files[rel] = original[rel]
        else:
            files.pop(rel, None)
    hidden = task.hidden_test_files()
    for rel, content in hidden.items():
        if rel in files and rel not in original:
            tampered.append(rel)  # the agent planted a file where a hidden test goes
        files[rel] = content
    new = new_module_candidates(files, set(original) | set(hidden)) if task.language == "python" else []
    if task.language == "go":
        files = without_new_go_tests(files, set(original), set(hidden))
    return GradedTree(files, sorted(set(tampered)), None, new)


def without_new_go_tests(files: dict[str, bytes], original: set[str], hidden: set[str]) -> dict[str, bytes]:
    """Go: the agent's new `*_test.go` files in a folder of hidden tests are left out of the graded
    tree. They would be compiled into the hidden tests' package: a test name the hidden tests also
    define does not compile, and a TestMain or init() there runs before the hidden tests."""
    folders = {rel.rpartition("/")[0] for rel in hidden}
    return {
        rel: content
        for rel, content in files.items()
        if not (
            rel.endswith("_test.go") and rel not in original and rel not in hidden and rel.rpartition("/")[0] in folders
        )
    }


def new_module_candidates(files: dict[str, bytes], original: set[str]) -> list[str]:
    """New entries of the tree that Python could import as a top-level module or package: each new
    file or folder whose parent is the repo root or a folder that is not a package (pytest puts
    such test folders on sys.path). The grading container drops those whose name shadows the
    standard library or the environment (a replaced `pytest`, `_pytest`, `json`, ...)."""
    existing = {"/".join(rel.split("/")[:depth]) for rel in original for depth in range(1, rel.count("/") + 2)}
    packages = {rel.rsplit("/", 1)[0] for rel in files if rel.endswith("/__init__.py")}
    candidates = set()
    for rel in files:
        if rel in original:
            continue
        parts = rel.split("/")
        for depth in range(len(parts)):
            entry, parent = "/".join(parts[: depth + 1]), "/".join(parts[:depth])
            if entry not in existing and (not parent or parent not in packages):
                candidates.add(entry)
                break  # what is inside a new top-level entry goes with it
    return sorted(candidates)


def added_runner_hooks(task: Task | None, patch: str) -> list[str]:
    """Added lines that reach into pytest's machinery or exit the process, in code the grading run
    imports: non-test source, and package __init__.py files (the tests' own folder included).
    Other languages: their own rule (harness/languages.py). No task (a bare patch): Python's rule."""
    if task is not None and task.language != "python":
        return task.lang.runner_hooks(added_lines(patch))
    hooks = []
    for path, text in added_lines(patch):
        if path.endswith(".py"):
            is_test = path.startswith("tests/") or "/test_" in path or path.startswith("test_")
            if is_test and path.rsplit("/", 1)[-1] == "__init__.py":
                is_test = False
            if not is_test and RUNNER_HOOK.search(language("python").code_of(text)):
                hooks.append(f"{path}: {text.strip()[:200]}")
    return hooks


@dataclass
class PytestRun:
    cases: dict[str, str]  # pytest node id -> outcome, from the JUnit XML
    exit_code: int
    consistent: bool  # the runner's exit code and summary agree with the XML (and the probe failed, if one ran)
    log_tail: str
    forged: bool = False  # the report cannot be the runner's honest account: see `forgery`
    forgery: list[str] = field(default_factory=list)  # why, one reason per sign
    shadowing: list[str] = field(default_factory=list)  # new modules removed for shadowing the runner's
    phases_sec: dict[str, float] = field(default_factory=dict)  # the supervisor's own timings


def make_probe(files: dict[str, bytes]) -> tuple[str, str, bytes]:
    """(path, node id, source) of a randomly named test that must fail, beside the hidden tests."""
    path = random_test_path(HIDDEN_TESTS_DEST, files)
    name = f"test_{secrets.token_hex(6)}"  # not the file's name: nothing on the command line marks it
    source = f"def {name}():\n    assert {name!r} == 'evalrun'\n"
    return path, f"{path}::{name}", source.encode()


def run_tests(
    task: Task,
    files: dict[str, bytes],
    test_ids: list[str],
    image: str,
    run_id: str = "grade",
    probe: bool = False,
    mutants: dict[str, str] | None = None,
    new_modules: list[str] = (),
    private: list[str] = (),
    sandbox: Callable[[], Sandbox] | None = None,
) -> PytestRun:
    """Run pytest on `files` (a whole repo tree) in a fresh container from the task image, under
    the grading supervisor (harness/data/supervise.py): the tree is root-owned and read-only for
    the test process, the runner cannot be shadowed, and the report reaches the grader through a
    FIFO the test process can write but never read or replace.

    probe: also run a must-fail test (at a random place among the ids; --maxfail=0 keeps a -x in
    the repo's config from stopping before the others). mutants: mutant id -> the id it copies
    (harness/disguise.py); both passing is forgery. new_modules: tree paths the supervisor
    removes when their name shadows a standard-library or environment module. private: test
    modules the code under test must not read (the disguised hidden tests and mutants; the probe
    is added): root-only files, compiled from memory by the test process before it drops to the
    agent's user.
    sandbox: the grading container, already starting (see sandbox.starting(..., supervised=True));
    None starts one here. Either way the tree and the supervisor go in with one archive, and one
    exec resets /repo and grades.
    """
    probe_id = None
    ids, private = list(test_ids), list(private)
    lang = task.lang
    if lang.name == "typescript":
        run_files = sorted({i.partition("::")[0] for i in ids})
        if probe:
            files, probe_id = lang.make_probe(files, secrets.choice(run_files))
            ids.append(probe_id)
        compiled = [lang.compiled_path(f) for f in run_files]
        runner = {"kind": "node", "build": ["tsc", "-p", "tsconfig.json"], "files": compiled}
    elif lang.name == "go":
        run_files = sorted({i.partition("::")[0] for i in ids})
        if probe:  # into a private hidden test file: in the hidden tests' binary, unreadable at run time
            into = [f for f in run_files if f in private] or run_files
            files, probe_id = lang.make_probe(files, secrets.choice(into))
            ids.append(probe_id)
        names = sorted({lang.base_id(i).partition("::")[2] for i in ids})
        runner = {
            "kind": "go",
            "packages": sorted({lang.package_dir(f) for f in run_files}),
            "run": "^(" + "|".join(names) + ")$",
            "bin_dir": f"{SUPERVISOR_DIR}/bin-{secrets.token_hex(8)}",
        }
    elif probe:
        probe_path, probe_id, probe_source = make_probe(files)
        files = {**files, probe_path: probe_source}
        ids.insert(secrets.randbelow(len(ids) + 1), probe_id)
        private.append(probe_path)
    if lang.name not in ("typescript", "go"):
        runner = {"kind": "pytest"}
    staging = f"{SUPERVISOR_DIR}/tree-{secrets.token_hex(8)}"
    config = {
        "staging": staging,
        "uid": AGENT_UID,
        "gid": AGENT_UID,
        "home": "/home/agent",
        "user": "agent",
        "candidates": list(new_modules),
        "private": private,
        "report_dir": f"{SUPERVISOR_DIR}/report-{secrets.token_hex(8)}",
        "pytest_args": GRADER_PYTEST_ARGS + ids,
        "runner": runner,
        "timeout": task.limits.test_timeout_sec,
        "output_cap": OUTPUT_CAP,
        "report_cap": REPORT_CAP,
    }
    staged = {f"{staging}/{rel}".lstrip("/"): content for rel, content in files.items()}
    staged[f"{SUPERVISOR_DIR}/supervise.py".lstrip("/")] = SUPERVISOR_SOURCE.read_bytes()
    with contextlib.ExitStack() as stack:
        if sandbox is None:
            box = stack.enter_context(Sandbox.start(image, task.limits, role="grader", run_id=run_id, supervised=True))
        else:
            box = sandbox()
        box.write_tree("/", staged, uid=0)
        code, out, err = box.exec_root(["python3", "-I", f"{SUPERVISOR_DIR}/supervise.py", json.dumps(config)])
    try:
        result = json.loads(out)
    except ValueError:
        result = None
    if code != 0 or not isinstance(result, dict):
        raise RuntimeError(f"the grading supervisor failed (exit {code}): {err.decode(errors='replace')[-1500:]}")
    output = base64.b64decode(result["output"]).decode("utf-8", errors="replace")
    report = base64.b64decode(result["report"])
    log_tail = output[-3000:]
    if result["timed_out"]:
        log_tail += f"\n[the tests did not finish within {task.limits.test_timeout_sec}s]"
    if result.get("build_failed") is not None:
        build = " ".join(runner["build"]) if "build" in runner else "go test -c"
        log_tail += f"\n[the build ({build}) failed with exit code {result['build_failed']}]"
        return PytestRun({}, -1, False, log_tail, phases_sec=dict(result["phases_sec"]))
    if lang.name == "go":
        defined = lang.defined_test_ids({f: files[f] for f in run_files})
        run = judge_go(report, result["exit_code"], probe_id, log_tail, defined, runner["packages"])
    elif lang.name == "typescript":
        defined = lang.defined_test_ids({f: files[f] for f in run_files})
        run = judge_tap(report, result["exit_code"], probe_id, log_tail, spec_summary(output), defined)
    else:
        run = judge(report, result["exit_code"], probe_id, log_tail, mutants or {}, summary_of(output), set(ids))
    if result["report_overflow"]:
        run.consistent = False
        run.log_tail += f"\n[the JUnit report was larger than {REPORT_CAP} bytes; not graded]"
    run.shadowing = list(result["shadowing"])
    run.phases_sec = {name: round(sec, 3) for name, sec in result["phases_sec"].items()}
    return run


def pytest_command(ids: list[str]) -> str:
    """A plain pytest command line writing JUnit XML to JUNIT_PATH (the bench's bare pytest, and the
    black-box client, which runs only the grader's code)."""
    return f"python -m pytest -p no:cacheprovider -o junit_family=xunit1 --junitxml={JUNIT_PATH} -q -rN " + " ".join(
        shlex.quote(t) for t in ids
    )


def read_junit(box: Sandbox) -> bytes:
    """The JUnit XML the run wrote, or b"" when it wrote none."""
    try:
        return box.read_file(JUNIT_PATH)
    except FileNotFoundError:
        return b""


SUMMARY_LINE = re.compile(r"^[= ]*((?:\d+ [a-z]+(?:, )?)+) in [\d.]+s\b", re.M)


def summary_of(output: str) -> dict[str, int] | None:
    """The counts of pytest's last terminal summary line ("2 failed, 7 passed in 0.5s"), or None."""
    lines = SUMMARY_LINE.findall(output)
    if not lines:
        return None
    return {name: int(count) for count, name in re.findall(r"(\d+) ([a-z]+)", lines[-1])}


def judge(
    junit: bytes,
    exit_code: int,
    probe_id: str | None,
    log_tail: str,
    mutants: dict[str, str] | None = None,
    summary: dict[str, int] | None | bool = False,
    requested: list[str] | None = None,
) -> PytestRun:
    """Outcomes from the XML, cross-checked with the exit code, the must-fail probe and mutants
    (when they ran) and the runner's terminal summary (False: not checked; None: there was none)."""
    forgery = []
    cases = parse_junit(junit) if junit else {}
    if junit and not cases and not _well_formed(junit):
        forgery.append("the report is not one well-formed JUnit document (written twice, or not by the runner)")
    if summary not in (False, None):
        # One way only: an honest report can hold fewer passes (a test that passed and then failed
        # its teardown is one error in the report, "1 passed, 1 error" in the summary) and more
        # failures (the same), never more passes or fewer failures.
        passed = sum(1 for o in cases.values() if o == PASSED)
        summary_passed = summary.get("passed", 0) + summary.get("xpassed", 0)
        if passed > summary_passed:
            forgery.append(f"the report has {passed} passed tests, the runner's summary {summary_passed}")
        failed = sum(1 for o in cases.values() if o in (FAILED, ERROR))
        summary_failed = summary.get("failed", 0)
        if failed < summary_failed:
            forgery.append(f"the report has {failed} failed tests, the runner's summary {summary_failed}")
    if requested is not None:
        unknown = sorted(c for c in cases if not _requested(c, requested, exact=probe_id))
        if unknown:
            forgery.append(f"the report has {len(unknown)} test(s) that were not run, e.g. {unknown[0]}")
    mutant_outcomes = {m: outcome_of(m, cases) for m in (mutants or {})}
    cases = {c: o for c, o in cases.items() if c.split("[", 1)[0] not in mutant_outcomes}
    probe_outcome = cases.pop(probe_id, MISSING) if probe_id else None
    all_cases_ok = bool(cases) and all(o in (PASSED, SKIPPED) for o in cases.values())
    for mutant, original in (mutants or {}).items():
        if outcome_of(original, cases) == PASSED and mutant_outcomes[mutant] in (PASSED, SKIPPED, MISSING):
            forgery.append(f"a mutant of {original} (its expected value changed) was {mutant_outcomes[mutant]} too")
    if probe_id is None:
        consistent = bool(cases) and exit_code in (0, 1) and (exit_code == 0) == all_cases_ok
    else:
        # An honest run exits 1 with the probe failed.
        if exit_code == 0:
            forgery.append("the runner exited 0, though the must-fail probe ran")
        if probe_outcome in (PASSED, SKIPPED) or (probe_outcome == MISSING and all_cases_ok):
            forgery.append(f"the must-fail probe was {probe_outcome}")
        consistent = bool(cases) and exit_code == 1
    if summary is None:
        consistent = False  # no terminal summary to check the report against
    forged = bool(forgery)
    return PytestRun(cases, exit_code, consistent and not forged, log_tail, forged, forgery)


def _requested(case_id: str, requested: set[str], exact: str | None) -> bool:
    """A report case is one of the ids asked for, or a parametrization of one asked for without
    (never of `exact`: the probe has no parameters, so `probe[x]` cases are padding)."""
    base = case_id.split("[", 1)[0]
    return case_id in requested or ("[" in case_id and base in requested and base != exact)


def exit_code_agrees(cases: dict[str, str], probe_id: str | None, exit_code: int, forgery: list[str]) -> bool:
    """The runner's exit code against the outcomes (TAP and Go runs): the must-fail probe is taken
    out of `cases`; with it, the run must fail (exit 1) and the probe must have failed, else the
    forgery is appended. Without it, exit 0 must mean every test passed or was skipped."""
    probe_outcome = cases.pop(probe_id, MISSING) if probe_id else None
    all_cases_ok = bool(cases) and all(o in (PASSED, SKIPPED) for o in cases.values())
    if probe_id is None:
        return bool(cases) and exit_code in (0, 1) and (exit_code == 0) == all_cases_ok
    if exit_code == 0:
        forgery.append("the runner exited 0, though the must-fail probe ran")
    if probe_outcome in (PASSED, SKIPPED) or (probe_outcome == MISSING and all_cases_ok):
        forgery.append(f"the must-fail probe was {probe_outcome}")
    return bool(cases) and exit_code == 1


def judge_tap(
    tap: bytes,
    exit_code: int,
    probe_id: str | None,
    log_tail: str,
    summary: dict[str, int] | None | bool = False,
    defined: set[str] | None = None,
) -> PytestRun:
    """node --test's outcomes from its TAP report, cross-checked with the exit code, the must-fail
    probe, the report's own trailer, the spec reporter's summary on the runner's output (False: not
    checked; None: there was none) and the test ids the run's files define (None: not checked)."""
    forgery = []
    report = parse_tap(tap.decode("utf-8", errors="replace")) if tap else None
    cases = dict(report.cases) if report else {}
    if defined is not None:
        cases = with_files(cases, defined | ({probe_id} if probe_id else set()))
    if report and report.documents > 1:
        forgery.append(f"the report holds {report.documents} TAP documents (written twice, or not by the runner)")
    passed = sum(1 for o in cases.values() if o == PASSED)
    failed = sum(1 for o in cases.values() if o in (FAILED, ERROR))
    for source, counts in (("report's own trailer", report.counts if report else None), ("runner's summary", summary)):
        if counts in (False, None) or not counts:
            continue
        if passed > counts.get("pass", 0):
            forgery.append(f"the report has {passed} passed tests, the {source} {counts.get('pass', 0)}")
        if failed < counts.get("fail", 0):
            forgery.append(f"the report has {failed} failed tests, the {source} {counts.get('fail', 0)}")
    if defined is not None:
        unknown = sorted(c for c in cases if c not in defined and c != probe_id)
        if unknown:
            forgery.append(f"the report has {len(unknown)} test(s) that were not run, e.g. {unknown[0]}")
    consistent = exit_code_agrees(cases, probe_id, exit_code, forgery)
    if report is None or not report.well_formed or summary is None:
        consistent = False  # no whole report, or no summary to check it against
    forged = bool(forgery)
    return PytestRun(cases, exit_code, consistent and not forged, log_tail, forged, forgery)


def judge_go(
    report_bytes: bytes,
    exit_code: int,
    probe_id: str | None,
    log_tail: str,
    defined: set[str] | None = None,
    packages: list[str] | None = None,
) -> PytestRun:
    """Go's outcomes from test2json's events, cross-checked with the exit code, the must-fail probe,
    each package's own final result (the binary's PASS / FAIL line), the events' uniqueness (one
    final action per test: a second one was written by the code under test) and the test ids the
    run's files define (None: not checked). `packages`: the folders run (each must report once)."""
    forgery = []
    report = parse_go_json(report_bytes.decode("utf-8", errors="replace")) if report_bytes else None
    cases = dict(report.cases) if report else {}
    if defined is not None:
        cases = go_with_files(cases, defined | ({probe_id} if probe_id else set()))
    if report and report.repeated:
        forgery.append(f"the report has {len(report.repeated)} second final result(s), e.g. {report.repeated[0]}")
    if report and report.malformed:
        forgery.append(f"the report has {report.malformed} line(s) that are not test2json events")
    if defined is not None:
        known = defined | ({probe_id} if probe_id else set())
        unknown = sorted(c for c in cases if language("go").base_id(c) not in known)
        if unknown:
            forgery.append(f"the report has {len(unknown)} test(s) that were not run, e.g. {unknown[0]}")
    package_results = report.packages if report else {}
    for folder, outcome in package_results.items():
        inside = [o for c, o in cases.items() if (c.partition("::")[0].rpartition("/")[0] or ".") == folder]
        if outcome == PASSED and any(o == FAILED for o in inside):
            forgery.append(f"package {folder} reported PASS with a failed test")
    consistent = exit_code_agrees(cases, probe_id, exit_code, forgery)
    missing_packages = [p for p in (packages or []) if p not in package_results]
    if report is None or missing_packages:
        consistent = False  # a package's binary gave no final result (it crashed, or was cut short)
    forged = bool(forgery)
    return PytestRun(cases, exit_code, consistent and not forged, log_tail, forged, forgery)


def _well_formed(xml_bytes: bytes) -> bool:
    try:
        ET.fromstring(xml_bytes)
    except ET.ParseError:
        return False
    return True


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
    # The container starts while the tree is prepared; it is removed on the way out.
    with starting(image, task.limits, role="grader", run_id=run_id, supervised=True) as sandbox:
        with tempfile.TemporaryDirectory(prefix="evalrun-grade-") as tmp:
            tree = graded_tree(task, patch, Path(tmp))
        if tree.apply_error is not None:
            return unapplied_verdict(task, tree.apply_error, started)
        if task.language == "go":
            hidden = disguise_go(tree.files, sorted(task.hidden_test_files()), list(task.test_ids))
        elif task.language == "typescript":
            hidden = disguise_ts(tree.files, sorted(task.hidden_test_files()), list(task.test_ids))
        else:
            hidden = disguise(
                tree.files, sorted(task.hidden_test_files()), list(task.test_ids), prefer=list(task.fail_to_pass)
            )
        run = run_tests(
            task,
            hidden.files,
            hidden.ids,
            image,
            run_id,
            probe=True,
            mutants=hidden.mutants,
            new_modules=tree.new_modules,
            private=hidden.private,
            sandbox=sandbox,
        )
    cases = hidden.task_cases(run.cases)
    tests = {test_id: outcome_of(test_id, cases) for test_id in task.test_ids}
    return Verdict(
        task_id=task.id,
        resolved=run.consistent and not run.forged and all(o == PASSED for o in tests.values()),
        tests=tests,
        tampered_paths=sorted(set(tree.tampered) | set(run.shadowing)),
        runner_hooks=added_runner_hooks(task, patch),
        runner_exit_code=run.exit_code,
        runner_consistent=run.consistent,
        runner_forged=run.forged,
        runner_forgery=run.forgery,
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
