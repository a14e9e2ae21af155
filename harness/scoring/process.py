"""Process, read from the trajectory: did the agent work the way the skill says?

Each step's command is split into shell segments (heredoc bodies removed) and classified (a
program the same command redefines as a shell function or alias is not classified): test
run (full suite or targeted), lint / typecheck, python script, curl, `git diff` review, and
read-like commands (cat, sed -n, head, grep, nl, less, ...) with the paths they mention. An agent
CLI's steps carry their tool: a Read tool call reads its file, a Bash call is classified by its
command like any other.
Step.changed_files tells which files each step changed. From these: every edited file read
before its first edit, existing checks run before the first edit, a failing reproduction before
the first source edit, a fresh test run after the last edit (and its exit code), the full suite
after the last edit, and the agent's own diff reviewed.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass, field

from harness.grader import summary_of
from harness.scoring.evidence import Evidence
from harness.scoring.patch_view import SCRATCH, SOURCE, TEST
from harness.scoring.registry import family_names
from harness.trajectory import Trajectory

READERS = {
    "cat",
    "head",
    "tail",
    "sed",
    "nl",
    "less",
    "more",
    "awk",
    "bat",
    "batcat",
    "view",
    "grep",
    "egrep",
    "fgrep",
    "rg",
    "ag",
    "ack",
}
# Agent CLI tools whose `command` is a shell command (Claude Code's Bash, Codex's exec tools). Another
# tool's step (Read, Edit, Write, apply_patch, Skill) may carry a display form of the call
# (`Edit(app/x.py)`); that is no shell command: its changed files make it an edit, nothing else.
SHELL_TOOLS = {"Bash", "exec_command", "shell", "shell_command", "local_shell"}
FILE_READERS = {"Read"}  # agent CLI tools (Step.tool) that read the file named by tool_input["file_path"]
SEARCHERS = {"grep", "egrep", "fgrep", "rg", "ag", "ack"}
LINTERS = {
    "ruff", "flake8", "pylint", "mypy", "pyright", "black", "isort", "pyflakes", "pytype", "pyre",
    "tsc", "eslint", "prettier", "go vet", "go build", "golangci-lint", "staticcheck", "gofmt",
}  # fmt: skip
# The rest of LINTERS are linters / formatters. A compiler's build is its type check (`tsc`, `go build`).
TYPE_CHECKERS = {"mypy", "pyright", "pytype", "pyre", "tsc", "go build"}
JS_EXEC = {"npx", "pnpx", "bunx"}  # `npx tsc --noEmit`: the tool itself
JS_PACKAGE_MANAGERS = {"npm", "yarn", "pnpm", "bun"}
JS_TEST_RUNNERS = {"jest", "vitest", "mocha", "ava"}
# Options of a test command that run only part of the suite.
JS_NARROWING = {"--test-name-pattern", "--test-only", "-t", "--testNamePattern", "-g", "--grep", "--bail", "-b"}
GO_NARROWING = {"-run", "-short", "-failfast"}
WRAPPERS = {"sudo", "time", "timeout", "env", "nice", "command", "exec", "xargs"}
# Shell keywords that open a compound command: `for ...; do pytest; done`, `if ...; then ruff ...; fi`.
SHELL_KEYWORDS = {"do", "then", "else", "elif", "!", "{", "}", "while", "until", "if"}
SHELLS = {"sh", "bash", "dash", "zsh"}
PYTEST_VALUE_OPTIONS = {
    "-k",
    "-m",
    "-p",
    "-o",
    "-c",
    "-n",
    "--tb",
    "--maxfail",
    "--rootdir",
    "--deselect",
    "--ignore",
    "--ignore-glob",
    "-W",
    "--junitxml",
    "--basetemp",
    "--durations",
    "--timeout",
    "--confcutdir",
    "--cov",
    "--cov-report",
    "-r",
}
PYTEST_NARROWING = {
    "-k",
    "-m",
    "--lf",
    "--last-failed",
    "--deselect",
    "--ignore",
    "--ignore-glob",
    "--sw",
    "--stepwise",
    "--ff",
    "--failed-first",
}
DIFF_SUMMARY_FLAGS = {
    "--stat",
    "--name-only",
    "--name-status",
    "--quiet",
    "--exit-code",
    "--check",
    "--numstat",
    "--shortstat",
    "--summary",
}
REDIRECT = re.compile(r"^(\d*|&)?(>>?|<<?<?)(&\d+|&-)?")
HEREDOC = re.compile(r"<<-?\s*(['\"]?)(\w+)\1")
# `name() {`, `function name {`, `alias name=`: the command redefines a program name for itself.
SHELL_DEFINITION = re.compile(
    r"(?:^|[;&|\n({]|\bthen\b|\bdo\b)\s*(?:function\s+(?P<fn>[\w.:+-]+)|(?P<name>[\w.:+-]+)\s*\(\s*\))"
    r"|\balias\s+(?P<alias>[\w.:+-]+)="
)
QUOTED = re.compile(r"'[^']*'|\"(?:\\.|[^\"\\])*\"")
SUMMARY = re.compile(r"\b(\d+) (passed|failed|errors?|error)\b")
# node --test's summary: TAP's `# pass 12` / `# fail 0` (node 18, 20 without a TTY), the spec
# reporter's `ℹ pass 12`; go test's `--- PASS: TestX` / `--- FAIL: TestX` (-v), `ok  \tpkg` / `FAIL\tpkg`.
NODE_COUNT = re.compile(r"^(?:#|\u2139) (pass|fail|cancelled) (\d+)\s*$", re.M)
GO_TEST_RESULT = re.compile(r"^\s*--- (PASS|FAIL|SKIP): ", re.M)
GO_PACKAGE = re.compile(r"^(ok|FAIL)\s+\S+", re.M)
REPRO_ERROR = re.compile(r"AssertionError|Traceback|HTTP/\S+ 5\d\d|Internal Server Error|\bassert\b")
LINT_FINDINGS = re.compile(
    r"\bFound \d+ errors?\b|\b[1-9]\d* errors?\b|: error:|would reformat|\bwould be reformatted\b"
)
# Formatters that list the files they would change and exit 0 (`gofmt -l .`, `prettier -l`): a
# listed file is a finding. A line of a test run ("ok  \tpkg\t0.1s") is no bare file name.
LISTING_FORMATTERS = {"gofmt", "prettier"}
LISTED_FILE = re.compile(r"^\s*[\w./-]+\.(?:go|ts|tsx|js|jsx|mjs|cjs|json|css|md)\s*$", re.M)
# A linter's own summary line in a step that also ran tests (ruff / flake8 "Found 3 errors.", mypy's
# "Found 2 errors in 1 file"), which the test summary must not count.
LINTER_SUMMARY = re.compile(r"^\s*Found \d+ errors?\b.*$", re.M)
NOT_A_REPRO = re.compile(
    r"ModuleNotFoundError|ImportError|SyntaxError|IndentationError|No such file|NameError|"
    r"can't open file|command not found"
)
PASS, FAIL = "pass", "fail"


@dataclass
class StepFacts:
    position: int
    command: str
    exit_code: int | None
    output: str
    test: bool = False
    full_suite: bool = False
    lint: bool = False
    py_run: bool = False
    curl: bool = False
    diff_review: bool = False
    lint_tools: set[str] = field(default_factory=set)  # linters / type checkers run (LINTERS names)
    result: str | None = None  # pass / fail for test, python, curl and lint steps
    lint_result: str | None = None  # pass / fail of the lint / type check part (exit code and findings)
    reproduces: bool = False  # a test run with failures, or a script dying on an assertion / traceback / 5xx
    reads: set[str] = field(default_factory=set)
    edits: set[str] = field(default_factory=set)  # changed files, repo-relative, scratch files excluded
    stale_copy: bool = False  # a test run in a copy of the repository made before a later edit (not a test of it)

    @property
    def check(self) -> bool:
        return self.test or self.lint or self.py_run or self.curl


@dataclass
class TrajectoryFacts:
    steps: list[StepFacts]
    first_edit: int | None  # first step changing an original file or creating a source file
    first_fix: int | None  # first step changing a source file
    last_edit: int | None  # last step changing any non-scratch file
    original: set[str]

    def after_last_edit(self) -> list[StepFacts]:
        start = -1 if self.last_edit is None else self.last_edit
        return [s for s in self.steps if s.position > start]


def normalize_path(path: str) -> str:
    path = path.strip().strip("'\"")
    for prefix in ("/repo/", "./"):
        if path.startswith(prefix):
            path = path[len(prefix) :]
    return path


def strip_heredocs(command: str) -> str:
    lines = command.split("\n")
    out: list[str] = []
    delimiter = None
    for line in lines:
        if delimiter is not None:
            if line.strip() == delimiter:
                delimiter = None
            continue
        out.append(line)
        match = HEREDOC.search(line)
        if match:
            delimiter = match.group(2)
    return "\n".join(out)


def split_shell(command: str) -> list[str]:
    """Split on unquoted && || ; | & and newlines."""
    parts, current, quote, i = [], [], None, 0
    while i < len(command):
        char = command[i]
        if quote:
            if char == "\\" and quote == '"' and i + 1 < len(command):
                current.append(command[i : i + 2])
                i += 2
                continue
            if char == quote:
                quote = None
            current.append(char)
        elif char in "'\"":
            quote = char
            current.append(char)
        elif char == "&" and ((i > 0 and command[i - 1] in "<>") or command[i + 1 : i + 2] == ">"):
            current.append(char)
        elif char in ";|&\n":
            parts.append("".join(current))
            current = []
            while i + 1 < len(command) and command[i + 1] in "|&":
                i += 1
        else:
            current.append(char)
        i += 1
    parts.append("".join(current))
    return [p for p in parts if p.strip()]


def segments(command: str) -> list[list[str]]:
    """Shell segments as token lists: wrappers, env assignments and redirections (with targets) dropped."""
    result = []
    for raw in split_shell(strip_heredocs(command)):
        raw = raw.strip().lstrip("(").rstrip(")").strip()
        if not raw:
            continue
        try:
            tokens = shlex.split(raw, comments=True)
        except ValueError:
            tokens = raw.split()
        while tokens and (
            re.match(r"^\w+=", tokens[0])
            or tokens[0] in WRAPPERS
            or tokens[0] in SHELL_KEYWORDS
            or re.match(r"^-", tokens[0])
        ):
            tokens = tokens[1:]
            if tokens and re.fullmatch(r"\d+[smh]?", tokens[0]):  # timeout 60 pytest
                tokens = tokens[1:]
        for runner in (("uv", "run"), ("poetry", "run"), ("pipenv", "run"), ("npm", "exec"), ("pnpm", "exec")):
            if tuple(tokens[:2]) == runner:
                tokens = tokens[2:]
        if tokens and tokens[0] in JS_EXEC:
            tokens = tokens[1:]
            while tokens and tokens[0].startswith("-"):  # npx --yes tsc
                tokens = tokens[1:]
        if tokens and _prog(tokens) in SHELLS and len(tokens) >= 3 and tokens[1] in ("-c", "-lc", "-ec", "-xc"):
            result += segments(tokens[2])  # `bash -c "pytest -q"`: the script's own segments
            continue
        kept, skip = [], False
        for token in tokens:
            if skip:
                skip = False
                continue
            redirect = REDIRECT.match(token)
            if redirect:  # `> file` drops the target too; `2>&1`, `>file` are one token
                skip = redirect.group(0) == token and not token.endswith(("&1", "&2", "&-"))
                continue
            kept.append(token)
        if kept:
            result.append(kept)
    return result


def _prog(tokens: list[str]) -> str:
    return tokens[0].rsplit("/", 1)[-1]


def _is_python(prog: str) -> bool:
    return re.fullmatch(r"python[\d.]*", prog) is not None


def _pytest_args(tokens: list[str]) -> list[str] | None:
    prog = _prog(tokens)
    if prog in ("pytest", "py.test"):
        return tokens[1:]
    if _is_python(prog) and len(tokens) >= 3 and tokens[1] == "-m" and tokens[2] == "pytest":
        return tokens[3:]
    return None


def _pytest_is_full(args: list[str], test_dirs: set[str]) -> bool:
    skip_next = False
    for arg in args:
        if skip_next:
            skip_next = False
            continue
        name = arg.split("=", 1)[0]
        if name in PYTEST_NARROWING:
            return False
        if arg in PYTEST_VALUE_OPTIONS:
            skip_next = True
            continue
        if arg.startswith("-"):
            continue
        target = normalize_path(arg).rstrip("/")
        if target in ("", ".", "/repo") or target in test_dirs:
            continue
        return False
    return True


# `npm run <script>` scripts read as the tool they conventionally run (a package's own `lint` / `typecheck`).
JS_SCRIPT_TOOLS = {
    "lint": "eslint",
    "eslint": "eslint",
    "typecheck": "tsc",
    "type-check": "tsc",
    "tsc": "tsc",
    "build": "tsc",  # a TypeScript package's build is its compile (this repo's services: `tsc -p tsconfig.json`)
}


def _node_args(tokens: list[str]) -> list[str]:
    """node's arguments after `--test` (its options before it are node's own)."""
    for i, token in enumerate(tokens):
        if token == "--test" or token.startswith("--test="):
            return tokens[i + 1 :]
    return []


def _positional(args: list[str], valued: set[str] = frozenset()) -> list[str] | None:
    """The positional arguments of a test command, or None when an option narrows the run."""
    found, skip = [], False
    for arg in args:
        if skip:
            skip = False
            continue
        name = arg.split("=", 1)[0]
        if name in JS_NARROWING or name in GO_NARROWING:
            return None
        if arg in valued:
            skip = True
        elif not arg.startswith("-"):
            found.append(arg)
    return found


def _node_test_is_full(args: list[str], test_dirs: set[str]) -> bool:
    """`node --test` with no file, or the test folders (compiled: `dist/tests/`)."""
    positional = _positional(args)
    if positional is None:
        return False
    targets = {normalize_path(a).rstrip("/").removeprefix("dist/") for a in positional}
    return all(t in ("", ".", "/repo", "dist") or t in test_dirs for t in targets)


def _js_test_command(tokens: list[str]) -> tuple[bool, bool] | None:
    """(is a test run, runs the whole suite) for JavaScript / TypeScript test commands: the package's
    test script (`npm test`, `npm t`, `npm run test`, `yarn test`; args after `--` narrow it),
    `node --test`, jest / vitest / mocha / ava. None: not one."""
    prog = _prog(tokens)
    if prog in JS_PACKAGE_MANAGERS:
        rest = tokens[1:]
        if rest[:1] in (["run"], ["run-script"]):
            rest = rest[1:]
        if rest[:1] and (rest[0] in ("test", "t", "tests") or rest[0].startswith("test:")):
            extra = rest[rest.index("--") + 1 :] if "--" in rest else rest[1:]
            return True, not extra and not rest[0].startswith("test:")
        return None
    if prog == "node" and any(t == "--test" or t.startswith("--test=") for t in tokens[1:]):
        return True, False  # full or not: decided with the test folders (see classify_step)
    if prog in JS_TEST_RUNNERS:
        args = [t for t in tokens[1:] if t not in ("run", "--run")]
        return True, _positional(args) == []
    return None


def _go_command(tokens: list[str]) -> str | None:
    """test | vet | build for `go test` / `go vet` / `go build`."""
    if _prog(tokens) == "go" and len(tokens) > 1 and tokens[1] in ("test", "vet", "build"):
        return tokens[1]
    return None


def _go_test_is_full(args: list[str]) -> bool:
    """`go test ./...` (or from the module root with `...`), nothing narrowing it."""
    positional = _positional(args, {"-count", "-timeout", "-p", "-parallel", "-tags", "-coverprofile", "-cpu"})
    return positional is not None and any(a.rstrip("/").endswith("...") for a in positional)


# A test command piped into another program (`pytest -q | head -5`) or followed by `|| true`: the
# exit code is not the runner's, so without a summary in the output the run proves nothing (a pipe
# under `set -o pipefail` keeps the runner's failure).
PIPED_TEST = re.compile(
    r"\b(?:py\.?test|-m\s+pytest|-m\s+unittest|tox|nox|(?:npm|yarn|pnpm)\s+(?:run\s+)?test|node\s+--test|"
    r"go\s+test|jest|vitest|mocha)\b[^;&|\n]*(?P<op>\|\|?)"
)


def _piped(command: str) -> bool:
    text = QUOTED.sub("''", strip_heredocs(command))
    match = PIPED_TEST.search(text)
    return bool(match) and (match.group("op") == "||" or "pipefail" not in text)


def _test_result(output: str, exit_code: int | None, piped: bool = False) -> str:
    counts = {"passed": 0, "failed": 0, "error": 0}
    for number, word in SUMMARY.findall(output):
        counts["error" if word.startswith("error") else word] += int(number)
    for word, number in NODE_COUNT.findall(output):
        counts["passed" if word == "pass" else "failed"] += int(number)
    for word in GO_TEST_RESULT.findall(output) + GO_PACKAGE.findall(output):
        if word in ("FAIL",):
            counts["failed"] += 1
        elif word == "PASS":
            counts["passed"] += 1
    if counts["failed"] or counts["error"] or "no tests ran" in output or re.search(r"FAILED \(", output):
        return FAIL
    ok_packages = re.findall(r"^ok\s+\S+.*$", output, re.M)
    if ok_packages and not counts["passed"] and all("[no tests to run]" in line for line in ok_packages):
        return FAIL  # `go test -run <pattern>` that matched no test: nothing ran (pytest's "no tests ran")
    if counts["passed"] or (GO_PACKAGE.search(output) and exit_code in (0, None)):
        return PASS
    return PASS if exit_code == 0 and not piped else FAIL


def failed_count(output: str) -> int:
    """Failed tests an output shows: pytest's "N failed", node's `# fail N`, go's `--- FAIL:` lines."""
    failed = sum(int(n) for n, w in SUMMARY.findall(output) if w == "failed")
    failed += sum(int(n) for w, n in NODE_COUNT.findall(output) if w == "fail")
    return failed + sum(1 for w in GO_TEST_RESULT.findall(output) if w == "FAIL")


def test_counts(output: str) -> dict[str, int] | None:
    """The test counts an output shows ({"passed": 7, "failed": 1}): pytest's last terminal summary
    line, else every "N passed / failed / error(s)" in it; warnings left out. None: it shows none."""
    counts = summary_of(output or "")
    if counts is None:
        counts = _node_or_go_counts(output or "")
    if counts is None:
        found = SUMMARY.findall(output or "")
        if not found:
            return None
        counts = {}
        for number, word in found:
            counts[word] = counts.get(word, 0) + int(number)
    merged: dict[str, int] = {}
    for word, number in counts.items():
        if word.startswith("warning"):
            continue
        word = "errors" if word.startswith("error") else word
        merged[word] = merged.get(word, 0) + number
    return merged


def _node_or_go_counts(output: str) -> dict[str, int] | None:
    """node --test's last summary (`# pass 12`, `# fail 0`), or go test -v's `--- PASS:` / `--- FAIL:`
    lines, else go test's package lines (`ok  \tpkg`, `FAIL\tpkg`), as {"passed", "failed"} (packages:
    {"packages ok", "packages failed"}); None when the output shows none of them."""
    node = NODE_COUNT.findall(output)
    if node:
        last: dict[str, int] = {}
        for word, number in node:  # the last summary wins (a re-run in the same output)
            last[word] = int(number)
        return {"passed": last.get("pass", 0), "failed": last.get("fail", 0) + last.get("cancelled", 0)}
    tests = GO_TEST_RESULT.findall(output)
    if tests and "=== RUN" in output:  # -v: every test's result
        return {"passed": tests.count("PASS"), "failed": tests.count("FAIL")}
    packages = GO_PACKAGE.findall(output)
    if packages:  # without -v only failures are listed: the packages are the counts
        counts = {"packages ok": packages.count("ok"), "packages failed": packages.count("FAIL")}
        return counts | ({"failed": tests.count("FAIL")} if tests else {})
    return None


def shell_definitions(command: str) -> set[str]:
    """Names the command defines as shell functions or aliases (`pytest(){ echo 7 passed; }`)."""
    text = QUOTED.sub("''", strip_heredocs(command))
    return {m.group("fn") or m.group("name") or m.group("alias") for m in SHELL_DEFINITION.finditer(text)}


COLLECT_ONLY = {"--collect-only", "--co"}


def _go_lists_only(args: list[str]) -> bool:
    """`go test -list REGEX`: prints the matching test names, runs none."""
    return any(a == "-list" or a.startswith("-list=") for a in args)


def classify_step(position: int, command: str, exit_code: int | None, output: str, test_dirs: set[str]) -> StepFacts:
    """A program the command redefines as a function or alias is not run, so it is not classified:
    `pytest(){ echo 7 passed; }; pytest` is neither a test run nor its evidence."""
    facts = StepFacts(position, command, exit_code, output or "")
    defined = shell_definitions(command)
    for tokens in segments(command):
        prog = _prog(tokens)
        if prog in defined:
            continue
        args = _pytest_args(tokens)
        js_test = _js_test_command(tokens)
        go = _go_command(tokens)
        if (args is not None and COLLECT_ONLY & set(args)) or (go == "test" and _go_lists_only(tokens[2:])):
            continue  # `pytest --collect-only`, `go test -list .`: lists the tests, runs none
        if args is not None:
            facts.test = True
            facts.full_suite |= _pytest_is_full(args, test_dirs)
        elif js_test is not None:
            facts.test = True
            full = js_test[1] or (prog == "node" and _node_test_is_full(_node_args(tokens), test_dirs))
            facts.full_suite |= full
        elif go == "test":
            facts.test = True
            facts.full_suite |= _go_test_is_full(tokens[2:])
        elif go is not None:
            facts.lint = True
            facts.lint_tools.add(f"go {go}")
        elif prog in JS_PACKAGE_MANAGERS and len(tokens) > 2 and tokens[1] == "run" and tokens[2] in JS_SCRIPT_TOOLS:
            facts.lint = True
            facts.lint_tools.add(JS_SCRIPT_TOOLS[tokens[2]])
        elif prog in ("tox", "nox") or (prog == "make" and len(tokens) > 1 and tokens[1] in ("test", "tests", "check")):
            facts.test = facts.full_suite = True
        elif _is_python(prog) and len(tokens) >= 3 and tokens[1] == "-m" and tokens[2] == "unittest":
            facts.test = True
            facts.full_suite |= len(tokens) == 3 or tokens[3] == "discover"
        elif prog in LINTERS or (_is_python(prog) and len(tokens) >= 3 and tokens[1] == "-m" and tokens[2] in LINTERS):
            facts.lint = True
            facts.lint_tools.add(prog if prog in LINTERS else tokens[2])
        elif _is_python(prog) and len(tokens) >= 2 and (tokens[1] in ("-c", "-") or tokens[1].endswith(".py")):
            facts.py_run = True
        elif prog in ("curl", "wget", "http", "httpie"):
            facts.curl = True
        elif prog == "git":
            rest = [t for t in tokens[1:] if not t.startswith("-") or t in DIFF_SUMMARY_FLAGS]
            if "diff" in rest[:2] and not DIFF_SUMMARY_FLAGS & set(rest):
                facts.diff_review = True
        if prog in READERS and not (prog == "sed" and any(t.startswith("-i") or t == "--in-place" for t in tokens)):
            facts.reads |= {normalize_path(t) for t in tokens[1:] if not t.startswith("-")}
            if prog in SEARCHERS:
                facts.reads |= {normalize_path(m) for m in re.findall(r"^([^\s:]+\.\w+):", output or "", re.M)}
    if facts.lint:
        listed = facts.lint_tools & LISTING_FORMATTERS and LISTED_FILE.search(facts.output)
        facts.lint_result = PASS if exit_code == 0 and not (LINT_FINDINGS.search(facts.output) or listed) else FAIL
    if facts.test:
        # `pytest && ruff check`: the linter's "Found 1 error" is no test error; the runner's own summary decides
        runner_output = LINTER_SUMMARY.sub("", facts.output) if facts.lint else facts.output
        facts.result = _test_result(runner_output, exit_code, _piped(command))
        failed = failed_count(facts.output)
        shows = SUMMARY.search(facts.output) or NODE_COUNT.search(facts.output) or GO_PACKAGE.search(facts.output)
        facts.reproduces = failed > 0 or (exit_code == 1 and not shows)
    elif facts.py_run or facts.curl or facts.lint:
        died = REPRO_ERROR.search(facts.output) is not None
        facts.result = PASS if exit_code == 0 and not (facts.py_run and "Traceback" in facts.output) else FAIL
        facts.reproduces = (facts.py_run or facts.curl) and died and not NOT_A_REPRO.search(facts.output)
    return facts


def mentions(read_token: str, path: str) -> bool:
    return bool(read_token) and (
        read_token == path or path.endswith("/" + read_token) or read_token.endswith("/" + path)
    )


def copies_made(command: str) -> set[str]:
    """Directories the command makes as copies of the repository: `cp -r . /tmp/x`, `cp -a /repo
    /tmp/x`, `rsync -a ./ /tmp/x`, `git worktree add /tmp/x`, `git clone . /tmp/x`."""
    found = set()
    for tokens in segments(command):
        prog, args = _prog(tokens), [t for t in tokens[1:] if not t.startswith("-")]
        flags = "".join(t for t in tokens[1:] if t.startswith("-") and not t.startswith("--"))
        if (prog == "cp" and ("r" in flags or "a" in flags or "R" in flags)) or prog == "rsync":
            if len(args) >= 2:
                found.add(args[-1].rstrip("/"))
        elif prog == "git" and args[:2] == ["worktree", "add"] and len(args) >= 3:
            found.add(args[2].rstrip("/"))
        elif prog == "git" and args[:1] == ["clone"] and len(args) >= 3:
            found.add(args[2].rstrip("/"))
    return found


def clones_made(command: str) -> set[str]:
    """Directories the command makes with `git clone <repo> <dir>`: a clone holds the committed code
    only, not the work tree's uncommitted changes."""
    return {
        args[2].rstrip("/")
        for tokens in segments(command)
        if _prog(tokens) == "git"
        and (args := [t for t in tokens[1:] if not t.startswith("-")])[:1] == ["clone"]
        and len(args) >= 3
    }


def commits(command: str) -> bool:
    """The command runs `git commit`."""
    return any(_prog(tokens) == "git" and "commit" in tokens[1:2] for tokens in segments(command))


def runs_in(command: str) -> set[str]:
    """The directories the command `cd`s into before running anything else (`cd /tmp/x && pytest`)."""
    return {
        tokens[1].rstrip("/") for tokens in segments(command) if _prog(tokens) in ("cd", "pushd") and len(tokens) > 1
    }


def analyze(trajectory: Trajectory, kind: Callable[[str], str], original: set[str]) -> TrajectoryFacts:
    test_dirs = {p.split("/", 1)[0] for p in original if kind(p) == TEST and "/" in p}
    test_dirs |= {p.rsplit("/", 1)[0] for p in original if kind(p) == TEST and "/" in p}
    steps = []
    first_edit = first_fix = last_edit = None
    copies: dict[str, int] = {}  # copy of the repository -> the step whose code it holds
    committed = -1  # the last step that ran `git commit` (-1: none)
    for position, step in enumerate(trajectory.steps):
        command = step.command or "" if step.tool is None or step.tool in SHELL_TOOLS else ""
        facts = classify_step(position, command, step.exit_code, step.output or "", test_dirs)
        if commits(facts.command):
            committed = position
        # A clone holds the code of the last commit, not the uncommitted edits since.
        copies.update({made: committed for made in clones_made(facts.command)})
        # A test run in a copy taken before a later edit tests the old code, not the change.
        stale = [d for d in runs_in(facts.command) if d in copies and last_edit is not None and copies[d] < last_edit]
        if facts.test and stale:
            facts.test = facts.full_suite = facts.reproduces = False
            facts.result = None if not (facts.py_run or facts.curl or facts.lint) else facts.result
            facts.stale_copy = True
        for made in copies_made(facts.command):
            copies.setdefault(made, position)
        if step.tool in FILE_READERS and step.tool_input.get("file_path"):  # an agent CLI's Read tool
            facts.reads.add(normalize_path(str(step.tool_input["file_path"])))
        changed = {normalize_path(p) for p in step.changed_files}
        facts.edits = {p for p in changed if kind(p) != SCRATCH or p in original}
        steps.append(facts)
        if facts.edits:
            last_edit = position
        if first_edit is None and any(p in original or kind(p) == SOURCE for p in facts.edits):
            first_edit = position
        if first_fix is None and any(kind(p) == SOURCE for p in facts.edits):
            first_fix = position
    return TrajectoryFacts(steps, first_edit, first_fix, last_edit, original)


def metrics(facts: TrajectoryFacts | None) -> dict[str, bool | int | None]:
    if facts is None:
        return dict.fromkeys(family_names("process"))
    steps = facts.steps
    first_edited, first_read = _first_edits_and_reads(facts)
    originals = [p for p in first_edited if p in facts.original]
    unread = [p for p in originals if first_read.get(p, 10**9) >= first_edited[p]]
    edited = facts.last_edit is not None
    after = facts.after_last_edit() if edited else []
    tests_after = [s for s in after if s.test]
    reviews = _reviews(facts)
    return {
        "read_before_edit": (not unread) if originals else None,
        "edited_files_unread": len(unread) if originals else None,
        "checks_before_edit": (
            any(s.test for s in steps[: facts.first_edit]) if facts.first_edit is not None else None
        ),
        "repro_before_fix": (
            any(s.reproduces for s in steps[: facts.first_fix]) if facts.first_fix is not None else None
        ),
        "fresh_test_after_last_edit": bool(tests_after) if edited else None,
        "final_test_passed": (tests_after[-1].result == PASS) if tests_after else None,
        "final_test_exit_code": tests_after[-1].exit_code if tests_after else None,
        "full_suite_after_last_edit": any(s.full_suite for s in tests_after) if edited else None,
        "lint_after_last_edit": any(s.lint for s in after) if edited else None,
        "diff_reviewed": bool(reviews) if facts.first_edit is not None else None,
        "diff_reviews": len(reviews) if facts.first_edit is not None else None,
        "test_runs": sum(1 for s in steps if s.test),
        "edit_steps": sum(1 for s in steps if s.edits),
    }


def _first_edits_and_reads(facts: TrajectoryFacts) -> tuple[dict[str, int], dict[str, int]]:
    """Per edited file: the step of its first edit, and of its first read (any step; compare them)."""
    first_read: dict[str, int] = {}
    first_edited: dict[str, int] = {}
    for step in facts.steps:
        for path in step.edits:
            first_edited.setdefault(path, step.position)
    for path in first_edited:
        for step in facts.steps:
            if any(mentions(token, path) for token in step.reads):
                first_read[path] = step.position
                break
    return first_edited, first_read


def _reviews(facts: TrajectoryFacts) -> list[StepFacts]:
    return [s for s in facts.steps if s.diff_review and facts.first_edit is not None and s.position > facts.first_edit]


def evidence(facts: TrajectoryFacts | None) -> list[Evidence]:
    """The steps each process verdict is read from (see harness.scoring.evidence): the edit made before
    any read of its file, the first edit with no check before it, the last edit with no test after it,
    the last test run; `met` evidence for the verdicts that hold (the read, the test run, the review)."""
    if facts is None or not facts.steps:
        return []
    steps, found = facts.steps, []
    first_edited, first_read = _first_edits_and_reads(facts)
    for path, edit in first_edited.items():
        if path not in facts.original:
            continue
        read = first_read.get(path, 10**9)
        if read >= edit:
            found.append(Evidence("read_before_edit", f"{path} edited before any read of it", path, steps=(edit,)))
        else:
            found.append(
                Evidence(
                    "read_before_edit",
                    f"{path} read (step {read + 1}) before its first edit",
                    path,
                    steps=(read, edit),
                    met=True,
                )
            )
    first, fix, last = facts.first_edit, facts.first_fix, facts.last_edit
    if first is not None:
        checks = [s.position for s in steps[:first] if s.test]
        found.append(
            Evidence("checks_before_edit", "test run before the first edit", steps=(*checks, first), met=True)
            if checks
            else Evidence("checks_before_edit", "first edit with no test run before it", steps=(first,))
        )
        reviews = [s.position for s in _reviews(facts)]
        found.append(
            Evidence("diff_reviewed", "`git diff` after the first edit", steps=tuple(reviews), met=True)
            if reviews
            else Evidence(
                "diff_reviewed", f"no `git diff` after the first edit (step {first + 1})", steps=(steps[-1].position,)
            )
        )
    if fix is not None:
        repros = [s.position for s in steps[:fix] if s.reproduces]
        found.append(
            Evidence(
                "repro_before_fix",
                "failing reproduction before the first source edit",
                steps=(repros[0], fix),
                met=True,
            )
            if repros
            else Evidence("repro_before_fix", "source edited before any failing reproduction", steps=(fix,))
        )
    if last is None:
        return found
    after = facts.after_last_edit()
    tests = [s for s in after if s.test]
    for metric, chosen, what in (
        ("fresh_test_after_last_edit", tests, "test run"),
        ("full_suite_after_last_edit", [s for s in tests if s.full_suite], "unfiltered test-suite run"),
        ("lint_after_last_edit", [s for s in after if s.lint], "linter / type checker run"),
    ):
        found.append(
            Evidence(metric, f"{what} after the last edit", steps=tuple(s.position for s in chosen), met=True)
            if chosen
            else Evidence(metric, f"no {what} after the last edit", steps=(last,))
        )
    if tests:
        final = tests[-1]
        passed = final.result == PASS
        detail = f"last test run after the last edit {'passed' if passed else 'failed'} (exit {final.exit_code})"
        found.append(Evidence("final_test_passed", detail, steps=(final.position,), met=passed))
    return found
