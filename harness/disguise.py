"""Hidden tests the code under test cannot tell apart: random names, mutants, shuffled ids.

In-process grading runs the hidden tests in the same process as the code they judge, which can
read them (they must be importable) and reach into the runner. So at grading time:

- every hidden test file gets a random name of the same shape as the must-fail probe's
  (`test_<12 hex>.py`, beside it), so nothing in a path says which file is hidden, probe or mutant;
- up to MAX_MUTANTS mutants are added: a copy of a hidden test file in which one hidden test's
  expected value (the literal of one of its top-level `assert <expr> == <literal>`) is replaced by
  a nearby value of the same shape. Which tests, which assert and which value are drawn at random
  at every grading run, so the rule cannot be replayed on the copies to tell the original from
  its mutants (the red team's round-2 attack did that with a deterministic rule).
  A mutant and its original cannot both pass: the same expression cannot equal two values. A
  blanket "turn the hidden tests green", or code that reads its caller's expected value, turns
  both green and is caught;
- the ids are shuffled on the command line (file by file), and mapped back to the task's ids afterwards.
"""

from __future__ import annotations

import ast
import random
import secrets
from dataclasses import dataclass, field

from harness.python_parse import parse_python

MAX_MUTANTS = 3
RNG = random.SystemRandom()
DRAWS = 20  # attempts at a mutant unlike the copies already made
DECIMAL_NAMES = {"Decimal", "decimal.Decimal"}


@dataclass
class Disguised:
    """A tree with its hidden tests disguised, and what the grader needs to read the run back."""

    files: dict[str, bytes]
    ids: list[str]  # to run, shuffled: the disguised task ids and the mutants
    real: dict[str, str] = field(default_factory=dict)  # disguised id -> task id
    mutants: dict[str, str] = field(default_factory=dict)  # mutant id -> the disguised id it copies
    private: list[str] = field(default_factory=list)  # the disguised hidden test files and the mutants

    def task_cases(self, cases: dict[str, str]) -> dict[str, str]:
        """The run's outcomes under the task's ids (the mutants left out)."""
        back = {disguised.partition("::")[0]: task_id.partition("::")[0] for disguised, task_id in self.real.items()}
        mutant_files = {mutant.partition("::")[0] for mutant in self.mutants}
        renamed: dict[str, str] = {}
        for case_id, outcome in cases.items():
            path, sep, rest = case_id.partition("::")
            if path in mutant_files:
                continue
            renamed[back.get(path, path) + sep + rest] = outcome
        return renamed


def random_test_path(directory: str, taken) -> str:
    while True:
        path = f"{directory}/test_{secrets.token_hex(6)}" + ".py"
        if path not in taken:
            return path


def disguise(
    files: dict[str, bytes], hidden_paths: list[str], test_ids: list[str], prefer: list[str] = ()
) -> Disguised:
    """Rename the hidden test files in `files`, add mutants, shuffle `test_ids`.

    prefer: task ids to mutate first (the FAIL_TO_PASS ones), then the other hidden ids in order.
    """
    files = dict(files)
    renamed: dict[str, str] = {}
    for rel in hidden_paths:
        directory, _, name = rel.rpartition("/")
        if name.startswith("test_") and name.endswith(".py") and rel in files:
            renamed[rel] = random_test_path(directory or ".", files).removeprefix("./")
            files[renamed[rel]] = files.pop(rel)
    real: dict[str, str] = {}
    ids = []
    for test_id in test_ids:
        path, sep, rest = test_id.partition("::")
        if path in renamed:
            real[f"{renamed[path]}::{rest}"] = test_id
            ids.append(f"{renamed[path]}::{rest}")
        else:
            ids.append(test_id)
    mutants: dict[str, str] = {}
    hidden_ids = [t for t in test_ids if t.partition("::")[0] in renamed]
    preferred = [t for t in prefer if t in hidden_ids]
    others = [t for t in hidden_ids if t not in prefer]
    RNG.shuffle(preferred)
    RNG.shuffle(others)
    order = preferred + others
    for _ in range(MAX_MUTANTS):  # spread over the tests first; with fewer tests, several per test
        before = len(mutants)
        for test_id in order:
            if len(mutants) == MAX_MUTANTS:
                break
            path, _, rest = test_id.partition("::")
            qualified = rest.split("[", 1)[0]
            copies = {files[p] for p in [renamed[path]] + [m.partition("::")[0] for m in mutants]}
            mutated = None
            for _attempt in range(DRAWS):  # a draw may repeat a copy there already is
                mutated = mutate_expected(files[renamed[path]].decode("utf-8"), qualified)
                if mutated is None or mutated.encode("utf-8") not in copies:
                    break
            if mutated is None or mutated.encode("utf-8") in copies:
                continue
            mutant_path = random_test_path(path.rpartition("/")[0] or ".", files).removeprefix("./")
            files[mutant_path] = mutated.encode("utf-8")
            mutants[f"{mutant_path}::{qualified}"] = f"{renamed[path]}::{qualified}"
        if len(mutants) in (before, MAX_MUTANTS):
            break
    private = sorted(set(renamed.values()) | {m.partition("::")[0] for m in mutants})
    return Disguised(files, shuffled(ids + list(mutants)), real, mutants, private)


def disguise_ts(files: dict[str, bytes], hidden_paths: list[str], test_ids: list[str]) -> Disguised:
    """TypeScript: each hidden `*.test.ts` file gets a random name (`<dir>/<12 hex>.test.ts`), the
    ids follow. No mutants yet (SECURITY.md), and nothing is private: node reads the compiled
    tests from disk as the agent's user."""
    files, ids, real, _ = renamed_test_files(files, hidden_paths, test_ids, ".test.ts")
    return Disguised(files, shuffled(ids), real, {}, [])


def disguise_go(files: dict[str, bytes], hidden_paths: list[str], test_ids: list[str]) -> Disguised:
    """Go: each hidden `*_test.go` file gets a random name (`<dir>/<12 hex>_test.go`, in its package's
    folder), the ids follow. No mutants yet. The renamed files are private: the supervisor compiles
    the test binaries as the agent's user, then makes the hidden test files (and the binaries,
    which hold their text) unreadable to that user before any test runs."""
    files, ids, real, renamed = renamed_test_files(files, hidden_paths, test_ids, "_test.go")
    return Disguised(files, shuffled(ids), real, {}, sorted(renamed.values()))


def renamed_test_files(
    files: dict[str, bytes], hidden_paths: list[str], test_ids: list[str], suffix: str
) -> tuple[dict[str, bytes], list[str], dict[str, str], dict[str, str]]:
    """Each hidden test file named `*<suffix>` moved to a random name in its folder
    (`<dir>/<12 hex><suffix>`): (files, the ids under the new names, new id -> task id, old path ->
    new path). Ids `<file>::<rest>`; ids of other files are kept."""
    files = dict(files)
    renamed: dict[str, str] = {}
    for rel in hidden_paths:
        directory, _, name = rel.rpartition("/")
        if name.endswith(suffix) and rel in files:
            while True:
                target = f"{directory}/{secrets.token_hex(6)}{suffix}".removeprefix("/")
                if target not in files:
                    break
            renamed[rel] = target
            files[target] = files.pop(rel)
    real: dict[str, str] = {}
    ids = []
    for test_id in test_ids:
        path, _, rest = test_id.partition("::")
        if path in renamed:
            real[f"{renamed[path]}::{rest}"] = test_id
            ids.append(f"{renamed[path]}::{rest}")
        else:
            ids.append(test_id)
    return files, ids, real, renamed


def shuffled(ids: list[str]) -> list[str]:
    """The ids in a random order, each file's ids kept together (module-scoped fixtures are set
    up once per file, as in an ordinary run)."""
    rng = RNG
    by_file: dict[str, list[str]] = {}
    for test_id in ids:
        by_file.setdefault(test_id.partition("::")[0], []).append(test_id)
    groups = list(by_file.values())
    rng.shuffle(groups)
    for group in groups:
        rng.shuffle(group)
    return [test_id for group in groups for test_id in group]


def mutate_expected(source: str, qualified_name: str) -> str | None:
    """`source` with the expected literal of one `assert X == <literal>` (drawn at random) at the
    top level of the test `qualified_name` ("test_x" or "TestCls::test_x") replaced by a nearby
    value of the same shape (drawn at random); None if the test has no such assert."""
    try:
        tree = parse_python(source)
    except SyntaxError:
        return None
    function = _find_function(tree, qualified_name.split("::"))
    if function is None:
        return None
    literals = list(_expected_literals(function.body, _parametrized_values(function)))
    if not literals:
        return None
    literal = RNG.choice(literals)
    return _replace_span(source, literal, _nearby_value(literal.value))


def _find_function(tree: ast.Module, parts: list[str]):
    body = tree.body
    for i, part in enumerate(parts):
        found = None
        for node in body:
            is_last = i == len(parts) - 1
            kinds = (ast.FunctionDef, ast.AsyncFunctionDef) if is_last else (ast.ClassDef,)
            if isinstance(node, kinds) and node.name == part:
                found = node
        if found is None:
            return None
        body = found.body
        if i == len(parts) - 1:
            return found
    return None


def _expected_literals(body: list[ast.stmt], parameters: dict[str, ast.expr]):
    """Literal nodes compared with == by asserts reached on every run (not under if/for/try): the
    compared constant, the first constant of a compared tuple / list / set, or the value given in
    the first case of a parametrized argument that is compared."""
    for statement in body:
        if isinstance(statement, ast.Assert):
            test = statement.test
            if isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], ast.Eq):
                for side in (test.comparators[0], test.left):
                    literal = _literal_of(side, parameters)
                    if literal is not None:
                        yield literal
                        break
        elif isinstance(statement, (ast.With, ast.AsyncWith)):
            yield from _expected_literals(statement.body, parameters)


def _literal_of(node: ast.expr, parameters: dict[str, ast.expr]) -> ast.Constant | None:
    """The constant that carries the expected value: 3, "x", b"x", 1.5, Decimal("1.50"), (3, 0)."""
    if isinstance(node, ast.Constant) and _mutable_value(node.value):
        return node
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        for element in node.elts:
            literal = _literal_of(element, {})
            if literal is not None:
                return literal
        return None
    if isinstance(node, ast.Name) and node.id in parameters:
        return _literal_of(parameters[node.id], {})
    if (
        isinstance(node, ast.Call)
        and ast.unparse(node.func) in DECIMAL_NAMES
        and len(node.args) == 1
        and not node.keywords
    ):
        argument = node.args[0]
        if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
            return argument
        if isinstance(argument, ast.Name) and argument.id in parameters:
            value = parameters[argument.id]
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                return value
    return None


def _parametrized_values(function) -> dict[str, ast.expr]:
    """argument name -> its value in the first case of each `@pytest.mark.parametrize(names, cases)`."""
    values: dict[str, ast.expr] = {}
    for decorator in function.decorator_list:
        if not (isinstance(decorator, ast.Call) and ast.unparse(decorator.func).endswith("mark.parametrize")):
            continue
        if len(decorator.args) < 2 or not isinstance(decorator.args[0], ast.Constant):
            continue
        names = [n.strip() for n in str(decorator.args[0].value).split(",") if n.strip()]
        cases = decorator.args[1]
        if not isinstance(cases, (ast.List, ast.Tuple)) or not cases.elts:
            continue
        first = cases.elts[0]
        if len(names) == 1:
            values[names[0]] = first
        elif isinstance(first, (ast.Tuple, ast.List)) and len(first.elts) == len(names):
            values.update(zip(names, first.elts, strict=True))
    return values


def _mutable_value(value) -> bool:
    return isinstance(value, (int, float, str, bytes)) and not isinstance(value, bool)


def _nearby_value(value):
    """A different value of the same shape, drawn at random: an int or float moved by a little, a
    digit of a numeric string changed, a letter of another string changed."""
    if isinstance(value, int):
        return value + RNG.choice([-3, -2, -1, 1, 2, 3])
    if isinstance(value, float):
        return value + RNG.choice([-1.5, -1.0, -0.5, 0.5, 1.0, 1.5])
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    digits = [i for i, c in enumerate(text) if c.isdigit()]
    letters = [i for i, c in enumerate(text) if c.isalpha()]
    if digits:  # one of the last two digits: "5.03" -> "5.07", "1953" -> "1958"
        i = RNG.choice(digits[-2:])
        changed = text[:i] + RNG.choice([d for d in "0123456789" if d != text[i]]) + text[i + 1 :]
    elif letters:
        i = RNG.choice(letters)
        pool = "abcdefghijklmnopqrstuvwxyz" if text[i].islower() else "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
        changed = text[:i] + RNG.choice([c for c in pool if c != text[i]]) + text[i + 1 :]
    else:
        changed = text + RNG.choice("abcdefghijklmnopqrstuvwxyz")
    return changed.encode("latin-1") if isinstance(value, bytes) else changed


def _replace_span(source: str, node: ast.Constant, value) -> str:
    lines = source.splitlines(keepends=True)
    start = sum(len(line) for line in lines[: node.lineno - 1]) + _char_offset(lines[node.lineno - 1], node.col_offset)
    end_line = lines[node.end_lineno - 1]
    end = sum(len(line) for line in lines[: node.end_lineno - 1]) + _char_offset(end_line, node.end_col_offset)
    return source[:start] + repr(value) + source[end:]


def _char_offset(line: str, byte_offset: int) -> int:
    """ast offsets are in UTF-8 bytes."""
    return len(line.encode("utf-8")[:byte_offset].decode("utf-8"))
