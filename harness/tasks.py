"""Task format (docs/task-format.md): load a task folder, validate it up front, materialize its repo.

The loader checks everything it can without Docker: required and unknown fields, enumerated
values, that the instruction is not empty, that every test id is defined by the hidden or
visible tests, and that every patch applies. Every problem names the task, the file, the field
and what to do.
"""

from __future__ import annotations

import ast
import hashlib
import os
import shutil
import stat
import tempfile
import tomllib
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from harness import paths
from harness.languages import HIDDEN_TESTS_DEST, LANGUAGES, PYTHON_PROTECTED, PYTHON_RUNNER_CONFIG_NAMES, Language
from harness.languages import language as language_named
from harness.patches import IGNORED_NAMES, PatchError, apply_patch, content_files, read_inside
from harness.python_parse import parse_python

CATEGORIES = (
    "root-cause-away",
    "feature-unhappy-path",
    "idempotency",
    "object-authz",
    "injection",
    "migration",
    "concurrency",
    "edge-cases",
    "reuse-helper",
    "blocked",
    "no-op",
)
DIFFICULTIES = ("easy", "medium", "hard")


class Outcome(StrEnum):
    """A task's expected outcome (task.toml `expected_outcome`; a str: task files and datasets hold
    the plain value). FIX: make the hidden check pass; BLOCKED: impossible or conflicting as asked,
    the right answer is to say so; NO_OP: the behaviour already holds, nothing to change."""

    FIX = "fix"
    BLOCKED = "blocked"
    NO_OP = "no-op"


OUTCOMES = tuple(Outcome)
SKILL_RULES = (
    "evidence-before-edits",
    "done-is-a-check",
    "decide-dont-offer",
    "surgical-diffs",
    "critique-loop",
    "reproduce-first",
    "imitate-codebase",
    "validate-at-edge",
    "authz-explicit",
    "typed-errors",
    "reversible-migrations",
    "idempotent-mutations",
    "parameterize",
    "edge-honesty",
    "no-banned-patterns",
    "honest-report",
    "reuse-helper",
)
# Restored to the original before grading; a patch touching them is recorded as tampering. Per
# language (harness/languages.py); for Python: pytest reads its config from the first of these names
# in any folder from the tests' folder up, and loads pytest11 entry points of any *.dist-info /
# *.egg-info on sys.path, which includes the repo root.
RUNNER_CONFIG_NAMES = PYTHON_RUNNER_CONFIG_NAMES
DEFAULT_PROTECTED = PYTHON_PROTECTED

TOP_FIELDS = {"id", "title", "category", "difficulty", "language", "skill_rules", "expected_outcome"}
TABLES = {"repo", "tests", "protected", "limits"}
REPO_FIELDS = {"service", "bug_patch", "path"}
TEST_FIELDS = {"fail_to_pass", "pass_to_pass", "mode"}
# How the hidden tests reach the code (docs/task-format.md): imported into the pytest process that
# runs the patched repo, or as HTTP clients in a separate container against the patched service.
TESTS_MODES = ("in-process", "black-box")
SERVICES_DIR = "_services"  # tasks/_services/<service>/: a base service shared by several tasks
# A line holding this is a placeholder `evalrun tasks new` wrote: the task does not load until it is filled in.
PLACEHOLDER = "TODO(evalrun)"
CLIENTS_DIR = "_clients"  # tasks/_clients/<service>/: service.toml (how to serve it) + the client fixtures
PROTECTED_FIELDS = {"paths"}


@dataclass(frozen=True)
class Limits:
    max_steps: int = 40
    time_limit_sec: int = 1200
    command_timeout_sec: int = 120
    test_timeout_sec: int = 120
    cpus: float = 1.0
    memory_mb: int = 1024
    pids: int = 256


LIMIT_FIELDS = set(Limits.__dataclass_fields__)


class TaskError(Exception):
    """A task folder is malformed. The message names task, file, field and the fix."""

    def __init__(self, task_id: str, file: str, field_name: str | None, problem: str, fix: str):
        self.task_id, self.file, self.field_name, self.problem, self.fix = (
            task_id,
            file,
            field_name,
            problem,
            fix,
        )
        where = f"{file}" + (f", field '{field_name}'" if field_name else "")
        super().__init__(f"task '{task_id}': {where}: {problem}. {fix}")


@dataclass(frozen=True)
class Task:
    id: str
    dir: Path
    title: str
    category: str
    difficulty: str
    language: str
    skill_rules: tuple[str, ...]
    expected_outcome: Outcome
    fail_to_pass: tuple[str, ...]
    pass_to_pass: tuple[str, ...]
    limits: Limits
    extra_protected: tuple[str, ...] = ()
    service: str | None = None
    bug_patch: Path | None = None
    repo_path: Path | None = None
    instruction: str = ""
    wrong_patches: tuple[Path, ...] = field(default_factory=tuple)
    tests_mode: str = "in-process"
    # The tasks folder whose _services/ and _clients/ serve this task (default: the task's own folder;
    # a task under --tasks-dir may use a service of the bundled folder).
    services_root: Path | None = None

    @property
    def service_name(self) -> str:
        """The env image is shared per service; a full-folder task is its own service."""
        return self.service or self.id

    @property
    def service_dir(self) -> Path:
        if self.repo_path is not None:
            return self.repo_path
        return (self.services_root or self.dir.parent) / SERVICES_DIR / self.service

    @property
    def client_dir(self) -> Path:
        """Black-box mode: how the service is served, and the fixtures its hidden tests use as a client."""
        return (self.services_root or self.dir.parent) / CLIENTS_DIR / self.service_name

    @property
    def lang(self) -> Language:
        """How this task's tests run and are read (harness/languages.py)."""
        return language_named(self.language)

    @property
    def requirements_file(self) -> Path:
        """The service's manifest the env image installs (requirements.txt, package.json)."""
        return self.service_dir / self.lang.env.manifest

    @property
    def hidden_tests_dir(self) -> Path:
        return self.dir / "tests"

    @property
    def solution_patch(self) -> Path | None:
        path = self.dir / "solution.patch"
        return path if path.exists() and path.read_text().strip() else None

    @property
    def test_ids(self) -> tuple[str, ...]:
        return self.fail_to_pass + self.pass_to_pass

    def hidden_test_files(self) -> dict[str, bytes]:
        """Repo-relative path -> content of every hidden test file."""
        files = {}
        for path in content_files(self.hidden_tests_dir):
            rel = path.relative_to(self.hidden_tests_dir).as_posix()
            files[f"{HIDDEN_TESTS_DEST}/{rel}"] = path.read_bytes()
        return files

    def materialize(self, dest: Path) -> Path:
        """Write the buggy repository (as the agent sees it, without .git) into dest."""
        try:
            copy_tree(self.service_dir, dest)
        except (RepoContentError, shutil.Error) as exc:
            raise TaskError(
                self.id,
                self.service_dir.name + "/",
                None,
                f"the repository cannot be copied: {exc}",
                "Keep only folders, regular files and symlinks with UTF-8 names in the repository",
            ) from exc
        if self.bug_patch is not None:
            apply_patch(dest, self.bug_patch.read_text(), what=f"task '{self.id}': bug.patch")
        return dest

    def is_protected(self, rel_path: str, original_files: set[str]) -> bool:
        """Protected = an original test file, the language's runner config and loaded-first files
        (conftest, sitecustomize; package.json, tsconfig.json, *.test.ts), or extras. Matched
        case-insensitively: Python's package discovery finds `X.DIST-INFO` as well as `x.dist-info`."""
        return self.lang.is_protected(rel_path, original_files, self.extra_protected)

    def content_hash(self) -> str:
        """Hash of everything that goes into the task image (the repo, not the hidden tests)."""
        digest = hashlib.sha256()
        for root in [self.service_dir] + ([self.bug_patch] if self.bug_patch else []):
            for path in [root] if root.is_file() else content_files(root):
                rel = path.name if root.is_file() else path.relative_to(root).as_posix()
                digest.update(rel.encode() + b"\0" + path.read_bytes() + b"\0")
        return digest.hexdigest()[:16]


class RepoContentError(Exception):
    """A repository holds an entry that cannot be copied as repository content."""


def copy_tree(src: Path, dest: Path) -> None:
    """Copy a repository folder as git stores one: folders, regular files and symlinks, the links kept as
    links (dangling or looping ones too; they are content, and following them could copy host files).

    Raises RepoContentError naming every entry that is anything else (FIFO, socket, device file) or
    whose name is not UTF-8, before copying anything.
    """
    problems = []
    for root, dirs, files in os.walk(src):  # does not descend into symlinked folders
        dirs[:] = [d for d in dirs if d not in IGNORED_NAMES]
        for name in dirs + [f for f in files if f not in IGNORED_NAMES]:
            path = Path(root) / name
            rel = path.relative_to(src)
            try:
                rel.as_posix().encode("utf-8")
            except UnicodeEncodeError:
                problems.append(f"{os.fsencode(rel)!r}: the name is not valid UTF-8")
                continue
            mode = path.lstat().st_mode
            if not (stat.S_ISDIR(mode) or stat.S_ISREG(mode) or stat.S_ISLNK(mode)):
                kind = "a FIFO" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else "a device file"
                problems.append(f"{rel.as_posix()}: {kind}")
    if problems:
        raise RepoContentError(
            f"{src} holds {len(problems)} entr{'y' if len(problems) == 1 else 'ies'} a repository cannot hold: "
            + "; ".join(problems[:10])
            + ("; ..." if len(problems) > 10 else "")
        )
    shutil.copytree(src, dest, symlinks=True, ignore=shutil.ignore_patterns(*IGNORED_NAMES), dirs_exist_ok=True)


def defined_test_ids(files: dict[str, bytes]) -> set[str]:
    """pytest node ids (without parametrization) defined by test files, found by the AST."""
    ids = set()
    for rel, content in files.items():
        name = rel.rsplit("/", 1)[-1]
        if not (name.startswith("test_") and name.endswith(".py")):
            continue
        try:
            tree = parse_python(content)
        except SyntaxError:
            continue
        for node in tree.body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith("test"):
                ids.add(f"{rel}::{node.name}")
            if isinstance(node, ast.ClassDef) and node.name.startswith("Test"):
                for item in node.body:
                    if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef) and item.name.startswith("test"):
                        ids.add(f"{rel}::{node.name}::{item.name}")
    return ids


def repo_files(root: Path) -> dict[str, bytes]:
    """Repo-relative path -> content of every file; a symlink that leads out of root is left out."""
    files = {}
    for p in sorted(root.rglob("*")):
        if IGNORED_NAMES & set(p.relative_to(root).parts):
            continue
        content = read_inside(root, p)
        if content is not None:
            files[p.relative_to(root).as_posix()] = content
    return files


def _require(data: dict, key: str, kind: type | tuple, task_id: str, file: str, table: str = "") -> object:
    name = f"{table}.{key}" if table else key
    if key not in data:
        raise TaskError(task_id, file, name, "missing", f"Add `{key} = ...` (see docs/task-format.md)")
    value = data[key]
    if not isinstance(value, kind):
        raise TaskError(task_id, file, name, f"has type {type(value).__name__}", f"Make it a {_kind_name(kind)}")
    return value


def _kind_name(kind: type | tuple) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(k.__name__ for k in kinds)


def _check_unknown(data: dict, allowed: set[str], task_id: str, file: str, table: str = "") -> None:
    for key in data:
        if key not in allowed:
            name = f"{table}.{key}" if table else key
            raise TaskError(
                task_id,
                file,
                name,
                "is not a known field",
                f"Remove it or use one of: {', '.join(sorted(allowed))}",
            )


def _check_choice(value: str, choices: tuple[str, ...], task_id: str, file: str, name: str) -> None:
    if value not in choices:
        raise TaskError(task_id, file, name, f"unknown value '{value}'", f"Use one of: {', '.join(choices)}")


def _string_list(data: dict, key: str, task_id: str, file: str, table: str) -> tuple[str, ...]:
    value = _require(data, key, list, task_id, file, table)
    if not all(isinstance(item, str) for item in value):
        raise TaskError(task_id, file, f"{table}.{key}", "must hold only strings", "Quote every item")
    return tuple(value)


def _check_placeholders(task_dir: Path, task_id: str) -> None:
    """A file still holding `tasks new`'s placeholders names them, line by line."""
    files = [task_dir / "task.toml", task_dir / "instruction.md", task_dir / "solution.patch", task_dir / "bug.patch"]
    files += sorted((task_dir / "tests").rglob("*.py")) + sorted((task_dir / "tests").rglob("*.ts"))
    files += sorted((task_dir / "tests").rglob("*.go"))
    files += sorted((task_dir / "wrong").glob("*.patch"))
    found = []
    for path in files:
        if path.is_file():
            text = path.read_text(errors="replace").splitlines()
            lines = [str(n) for n, line in enumerate(text, 1) if PLACEHOLDER in line]
            if lines:
                found.append(f"{path.relative_to(task_dir).as_posix()} (line {', '.join(lines)})")
    if found:
        raise TaskError(
            task_id,
            found[0].split(" ", 1)[0],
            None,
            f"the placeholders {PLACEHOLDER} of `evalrun tasks new` are still in " + "; ".join(found),
            "Fill each in as the comment beside it says and remove the marker (docs/task-format.md)",
        )


def load_task(task_dir: Path, services_roots: tuple[Path, ...] = ()) -> Task:
    """Load and fully validate one task folder. Raises TaskError naming the problem.

    `[repo] service` is looked up in the task's own tasks folder, then in services_roots in order."""
    task_dir = Path(task_dir)
    folder_id = task_dir.name
    toml_path = task_dir / "task.toml"
    if not toml_path.is_file():
        raise TaskError(folder_id, "task.toml", None, "file is missing", "Create it (see docs/task-format.md)")
    _check_placeholders(task_dir, folder_id)
    try:
        data = tomllib.loads(toml_path.read_text())
    except tomllib.TOMLDecodeError as exc:
        raise TaskError(folder_id, "task.toml", None, f"is not valid TOML ({exc})", "Fix the syntax") from exc

    _check_unknown(data, TOP_FIELDS | TABLES, folder_id, "task.toml")
    task_id = _require(data, "id", str, folder_id, "task.toml")
    if task_id != folder_id:
        raise TaskError(folder_id, "task.toml", "id", f"'{task_id}' differs from the folder name", "Make them equal")
    title = _require(data, "title", str, task_id, "task.toml")
    category = _require(data, "category", str, task_id, "task.toml")
    _check_choice(category, CATEGORIES, task_id, "task.toml", "category")
    difficulty = _require(data, "difficulty", str, task_id, "task.toml")
    _check_choice(difficulty, DIFFICULTIES, task_id, "task.toml", "difficulty")
    language = _require(data, "language", str, task_id, "task.toml")
    _check_choice(language, tuple(LANGUAGES), task_id, "task.toml", "language")
    rules = _require(data, "skill_rules", list, task_id, "task.toml")
    for rule in rules:
        _check_choice(rule, SKILL_RULES, task_id, "task.toml", "skill_rules")
    outcome_text = _require(data, "expected_outcome", str, task_id, "task.toml")
    _check_choice(outcome_text, OUTCOMES, task_id, "task.toml", "expected_outcome")
    outcome = Outcome(outcome_text)

    repo = _require(data, "repo", dict, task_id, "task.toml")
    _check_unknown(repo, REPO_FIELDS, task_id, "task.toml", "repo")
    service = repo.get("service")
    bug_patch = repo.get("bug_patch")
    repo_path = repo.get("path")
    if (service is None) == (repo_path is None):
        raise TaskError(
            task_id,
            "task.toml",
            "repo",
            "needs exactly one of `service` and `path`",
            'Set `service = "<name>"` (tasks/_services/<name>) or `path = "repo"`',
        )
    services_root = None
    if service is not None:
        services_root = next(
            (root for root in (task_dir.parent, *services_roots) if (Path(root) / SERVICES_DIR / service).is_dir()),
            None,
        )
        if services_root is None:
            raise TaskError(
                task_id,
                "task.toml",
                "repo.service",
                f"no service folder {SERVICES_DIR}/{service} beside the task nor in the bundled tasks",
                "Create it or fix the name",
            )
    if repo_path is not None and not (task_dir / repo_path).is_dir():
        raise TaskError(task_id, "task.toml", "repo.path", f"no folder {repo_path}", "Create it or fix the path")
    if bug_patch is not None and not (task_dir / bug_patch).is_file():
        raise TaskError(task_id, "task.toml", "repo.bug_patch", f"no file {bug_patch}", "Create it or fix the name")

    tests = _require(data, "tests", dict, task_id, "task.toml")
    _check_unknown(tests, TEST_FIELDS, task_id, "task.toml", "tests")
    f2p = _string_list(tests, "fail_to_pass", task_id, "task.toml", "tests")
    p2p = _string_list(tests, "pass_to_pass", task_id, "task.toml", "tests")
    if "mode" in tests:
        tests_mode = _require(tests, "mode", str, task_id, "task.toml", "tests")
    else:  # a service that can be served black-box is graded so, unless the task says otherwise
        servable = service is not None and (services_root / CLIENTS_DIR / service / "service.toml").is_file()
        tests_mode = "black-box" if servable else "in-process"
    _check_choice(tests_mode, TESTS_MODES, task_id, "task.toml", "tests.mode")
    if outcome == Outcome.FIX and not f2p:
        raise TaskError(
            task_id,
            "task.toml",
            "tests.fail_to_pass",
            "is empty for a `fix` task",
            "List the hidden test ids that fail on the buggy repo",
        )
    if outcome != Outcome.FIX and f2p:
        raise TaskError(
            task_id,
            "task.toml",
            "tests.fail_to_pass",
            f"must be empty for a `{outcome}` task",
            "Move those ids to pass_to_pass",
        )
    if not f2p and not p2p:
        raise TaskError(task_id, "task.toml", "tests", "lists no test", "Add pass_to_pass ids")

    protected = data.get("protected", {})
    _check_unknown(protected, PROTECTED_FIELDS, task_id, "task.toml", "protected")
    extra_protected = _string_list(protected, "paths", task_id, "task.toml", "protected") if protected else ()

    limits_data = data.get("limits", {})
    _check_unknown(limits_data, LIMIT_FIELDS, task_id, "task.toml", "limits")
    for key, value in limits_data.items():
        if not isinstance(value, int | float) or isinstance(value, bool) or value <= 0:
            raise TaskError(task_id, "task.toml", f"limits.{key}", f"invalid value {value!r}", "Use a positive number")
    limits = Limits(**limits_data)

    instruction_path = task_dir / "instruction.md"
    if not instruction_path.is_file():
        raise TaskError(task_id, "instruction.md", None, "file is missing", "Write the issue the agent is given")
    instruction = instruction_path.read_text()
    if not instruction.strip():
        raise TaskError(task_id, "instruction.md", None, "is empty", "Write the issue the agent is given")

    solution = task_dir / "solution.patch"
    has_solution = solution.is_file() and solution.read_text().strip()
    if outcome == Outcome.FIX and not has_solution:
        raise TaskError(task_id, "solution.patch", None, "is missing or empty for a `fix` task", "Add the gold fix")
    if outcome == Outcome.BLOCKED and has_solution:
        raise TaskError(
            task_id, "solution.patch", None, "exists for a `blocked` task", "Delete it: there is no fix to make"
        )

    task = Task(
        id=task_id,
        dir=task_dir,
        title=title,
        category=category,
        difficulty=difficulty,
        language=language,
        skill_rules=tuple(rules),
        expected_outcome=outcome,
        fail_to_pass=f2p,
        pass_to_pass=p2p,
        limits=limits,
        extra_protected=extra_protected,
        service=service,
        bug_patch=(task_dir / bug_patch) if bug_patch else None,
        repo_path=(task_dir / repo_path) if repo_path else None,
        instruction=instruction,
        wrong_patches=tuple(sorted((task_dir / "wrong").glob("*.patch"))),
        tests_mode=tests_mode,
        services_root=services_root if services_root != task_dir.parent else None,
    )
    if task.tests_mode == "black-box" and not (task.client_dir / "service.toml").is_file():
        raise TaskError(
            task_id,
            "task.toml",
            "tests.mode",
            f"is black-box but tasks/{CLIENTS_DIR}/{task.service_name}/service.toml does not exist",
            'Declare how to serve the service there (see docs/task-format.md), or use mode = "in-process"',
        )
    if not task.hidden_tests_dir.is_dir() or not task.hidden_test_files():
        example = {"python": "tests/test_hidden_*.py", "go": "tests/hidden_*_test.go"}.get(
            language, "tests/hidden_*.test.ts"
        )
        raise TaskError(task_id, "tests/", None, "holds no hidden test", f"Add {example}")
    _check_repo_and_patches(task)
    return task


def _check_repo_and_patches(task: Task) -> None:
    """Materialize the repo, check every patch applies and every test id is defined."""
    with tempfile.TemporaryDirectory(prefix="evalrun-load-") as tmp:
        repo = Path(tmp) / "repo"
        try:
            task.materialize(repo)
        except PatchError as exc:
            raise TaskError(
                task.id,
                task.bug_patch.name,
                None,
                str(exc).split(": ", 1)[-1],
                "Regenerate it with `git diff` against the base service",
            ) from exc
        manifest = task.lang.env.manifest
        if not (repo / manifest).is_file():
            fix = "Add pinned requirements" if manifest == "requirements.txt" else f"Add the service's {manifest}"
            raise TaskError(task.id, manifest, None, "the repo has none", fix)
        files = repo_files(repo)
        hidden = task.hidden_test_files()
        defined = task.lang.defined_test_ids({**files, **hidden})
        for table, ids in (("fail_to_pass", task.fail_to_pass), ("pass_to_pass", task.pass_to_pass)):
            for test_id in ids:
                if task.lang.base_id(test_id) not in defined:
                    raise TaskError(
                        task.id,
                        "task.toml",
                        f"tests.{table}",
                        f"test id '{test_id}' is not defined by the hidden tests or the repo's tests",
                        "Fix the id (path relative to the repo root, e.g. tests/test_hidden_x.py::test_y)",
                    )
        duplicates = task.lang.duplicate_names({**files, **hidden}) if task.language in ("typescript", "go") else []
        if duplicates:
            why = (
                "a Go package cannot define a name twice"
                if task.language == "go"
                else "node's TAP does not name the file"
            )
            raise TaskError(
                task.id,
                "tests/",
                None,
                f"test name '{duplicates[0]}' is defined by two test files ({why})",
                "Give every test of the task a name of its own",
            )
        patches = [task.dir / "solution.patch"] + list(task.wrong_patches)
        for patch in patches:
            if not patch.is_file() or not patch.read_text().strip():
                continue
            with tempfile.TemporaryDirectory(prefix="evalrun-patch-") as ptmp:
                copy_tree(repo, Path(ptmp))
                try:
                    apply_patch(Path(ptmp), patch.read_text(), what=patch.name)
                except PatchError as exc:
                    rel = patch.relative_to(task.dir).as_posix()
                    raise TaskError(
                        task.id,
                        rel,
                        None,
                        "does not apply to the buggy repo: " + str(exc).split(": ", 2)[-1],
                        "Regenerate it with `git diff` on top of the buggy repo",
                    ) from exc


@dataclass
class TaskSet:
    tasks: list[Task]
    errors: list[TaskError]


class DuplicateTaskError(ValueError):
    """One task id is in two tasks folders."""


def task_folders(roots: list[Path]) -> dict[str, Path]:
    """Task id -> the tasks folder holding it, over existing folders; DuplicateTaskError when an id is
    in two of them (the same folder given twice counts once)."""
    where: dict[str, Path] = {}
    for folder in dict.fromkeys(Path(r).resolve() for r in roots if Path(r).is_dir()):
        for p in sorted(folder.iterdir()):
            if p.is_dir() and not p.name.startswith(("_", ".")):
                if p.name in where:
                    raise DuplicateTaskError(
                        f"task id {p.name} is in two tasks folders, {where[p.name]} and {folder}: "
                        "ids must be unique across folders; rename one (folder and task.toml id)"
                    )
                where[p.name] = folder
    return where


def load_tasks(root: Path | None = None, ids: list[str] | None = None, extra_roots: tuple[Path, ...] = ()) -> TaskSet:
    """Load every task (or the given ids) of root (default: the bundled tasks folder) and of each
    extra root (`--tasks-dir`); collect task errors instead of stopping at the first.

    Raises FileNotFoundError for a missing folder (root may be missing when extra roots are given),
    KeyError for unknown ids, DuplicateTaskError when an id is in two folders. A task's service is
    looked up beside it, then in the other folders."""
    root = Path(root or paths.tasks_dir()).resolve()
    extras = [Path(r).resolve() for r in extra_roots]
    for extra in extras:
        if not extra.is_dir():
            raise FileNotFoundError(f"tasks folder {extra} (--tasks-dir) does not exist")
    if not root.is_dir() and not extras:
        raise FileNotFoundError(
            f"tasks folder {root} does not exist; set EVALRUN_TASKS_DIR or --tasks-dir to a folder of tasks"
            " (docs/task-format.md)"
        )
    roots = list(dict.fromkeys(([root] if root.is_dir() else []) + extras))
    where = task_folders(roots)
    available = sorted(where)
    if ids:
        unknown = [i for i in ids if i not in where]
        if unknown:
            raise KeyError(
                f"unknown task id(s): {', '.join(unknown)}. Known tasks: {', '.join(available) or '(none)'}"
                + ("" if extras else ". A task of your own: pass its folder with --tasks-dir")
            )
        selected = ids
    else:
        selected = available
    tasks, errors = [], []
    for task_id in selected:
        others = tuple(r for r in roots if r != where[task_id])
        try:
            tasks.append(load_task(where[task_id] / task_id, others))
        except TaskError as exc:
            errors.append(exc)
    return TaskSet(tasks, errors)
