"""Banned patterns ("Banned — the generic AI tells"), counted on added lines only, new vs the original.

ruff finds what it already knows (S110, S112, BLE001, E722, PGH003, PGH004, ANN401, T201, T203,
T100, ERA001, FIX001-FIX004); the AST fills the gaps no linter covers: `except X: return <const>`
for exception types that signal bugs, `contextlib.suppress(Exception)`, coded suppressions
(`# type: ignore[code]`, `# noqa: X`, `cast(Any, ...)`), stub bodies, mocking the unit under test,
hardcoded special cases and compat shims / flags. A finding counts only when it sits on a line the
patch adds and the original file did not already hold the same finding on the same text.
"""

from __future__ import annotations

import ast
import importlib
import re
from collections.abc import Callable, Iterable
from pathlib import PurePosixPath

from harness.python_parse import parse_python
from harness.scoring.evidence import Evidence
from harness.scoring.patch_view import SOURCE, TEST, Finding, PatchView
from harness.scoring.python_ast import comments_of, literal_keys, literals_in_tree, module_name
from harness.scoring.registry import parts_of, rules_of

# The categories: the banned_* counts summed into banned_total, each with the ruff rules it reads.
CATEGORIES = tuple(name.removeprefix("banned_") for name in parts_of("banned_total"))
RUFF_CATEGORY = {rule: category for category in CATEGORIES for rule in rules_of(f"banned_{category}")}
CLI_OUTPUT_RULES = {"T201", "T203"}
# Expected failures: handling them with a default is idiomatic (`except KeyError: return default`;
# `except ValueError: return None` around one int(...) / strptime(...) call).
EXPECTED_ABSENCE = {
    "KeyError",
    "IndexError",
    "LookupError",
    "StopIteration",
    "StopAsyncIteration",
    "FileNotFoundError",
    "FileExistsError",
    "NotADirectoryError",
    "ProcessLookupError",
    "ImportError",  # import fallbacks are counted as compat shims
    "ModuleNotFoundError",
    # the other end of a stream or pipe is gone (closed on purpose, or the peer left)
    "BrokenResourceError",
    "ClosedResourceError",
    "EndOfStream",
    "BrokenPipeError",
}
# OS-level probes of a resource that may already be gone: `except OSError: pass` around sock.fileno()
OS_ERRORS = {"OSError", "IOError", "EnvironmentError", "error", "ConnectionError", "ConnectionResetError"}
OS_PROBES = re.compile(
    r"^(fileno|close|shutdown|unlink|remove|rmdir|kill|killpg|getpeername|getsockname|stat|lstat|fstat|"
    r"chmod|chown|setsockopt|getsockopt|readlink|waitpid)$"
)
PLAIN_CALLS = {"hasattr", "isinstance", "getattr", "len", "get", "str", "bool"}
PARSE_ERRORS = {
    "ValueError",
    "TypeError",
    "InvalidOperation",
    "DecimalException",
    "JSONDecodeError",
    "UnicodeDecodeError",
    "UnicodeEncodeError",
    "ParseError",
    "ParserError",
    "Error",
}
PARSERS = re.compile(
    r"^(int|float|complex|Decimal|Fraction|UUID|strptime|fromisoformat|fromtimestamp|loads|literal_eval|"
    r"b64decode|urlsafe_b64decode|unquote|ip_address|ip_network|decode|encode|ZoneInfo|parse\w*|from_\w+|"
    r"validate\w*|model_validate\w*|relative_to|index|find_spec)$"
)
# Control-flow signals, not errors: a task told to stop, a generator closed. Catching one by name is
# specific handling (a blanket `except BaseException` that also catches them still counts).
CONTROL_FLOW_SIGNALS = {"CancelledError", "Cancelled", "get_cancelled_exc_class", "GeneratorExit"}
# Errors that mean the computation itself is wrong: a handler that substitutes a fallback hides the bug.
MASKED_BY_FALLBACK = {
    "OverflowError",
    "ZeroDivisionError",
    "ArithmeticError",
    "FloatingPointError",
    "RecursionError",
    "AssertionError",
}
# Exceptions that signal a bug in the code rather than an expected absence or bad input.
BUG_SIGNAL = {
    "Exception",
    "BaseException",
    "TypeError",
    "AttributeError",
    "ZeroDivisionError",
    "ArithmeticError",
    "NameError",
    "AssertionError",
    "RuntimeError",
    "RecursionError",
    "UnboundLocalError",
    "NotImplementedError",
    "SystemError",
}
SUPPRESSION_COMMENT = re.compile(
    r"#\s*(type:\s*ignore|noqa\b|pyright:\s*ignore|pyre-(ignore|fixme)|pytype:\s*disable|mypy:\s*ignore|"
    r"pylint:\s*disable|nosec\b)",
    re.I,
)
COMPAT_TEXT = re.compile(
    r"\b(backwards?[- ]compat\w*|compat(ibility)?[- ]shim|for (backwards? )?compatibility|legacy (behaviou?r|mode|"
    r"path|callers?|code path|rounding|api)|deprecated alias|keep(s|ing)? the old (name|behaviou?r)|old name)\b",
    re.I,
)
FLAG_PARAM = re.compile(r"(legacy|compat|old|deprecated|^use_|enable|disable|fallback|toggle|flag|feature|^new_)", re.I)
FLAG_CONST = re.compile(r"(FLAG|ENABLE|DISABLE|^USE_|LEGACY|COMPAT|^OLD_|^NEW_|FEATURE|TOGGLE|FALLBACK)")
CLI_IMPORTS = {"argparse", "click", "typer", "fire", "docopt"}
CLI_NAMES = {"__main__.py", "cli.py", "manage.py"}
CLI_DIRS = {"cli", "scripts", "bin", "commands", "management"}
CONST_CALLS = {"Decimal", "dict", "list", "set", "tuple", "str", "int", "float", "frozenset", "bool"}


def dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = dotted(node.value)
        return f"{base}.{node.attr}" if base else node.attr
    if isinstance(node, ast.Call):
        return dotted(node.func)
    return ""


def _short(name: str) -> str:
    """mock.patch / unittest.mock.patch -> patch; mocker.patch.object stays."""
    for prefix in ("unittest.mock.", "mock."):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def exception_names(handler: ast.ExceptHandler) -> list[str]:
    if handler.type is None:
        return ["BaseException"]
    nodes = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return [dotted(n).rsplit(".", 1)[-1] for n in nodes]


def is_constant_like(node: ast.AST | None) -> bool:
    if node is None or isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.UnaryOp):
        return is_constant_like(node.operand)
    if isinstance(node, ast.List | ast.Tuple | ast.Set):
        return all(is_constant_like(e) for e in node.elts)
    if isinstance(node, ast.Dict):
        pairs = zip(node.keys, node.values, strict=True)
        return all(k is not None and is_constant_like(k) and is_constant_like(v) for k, v in pairs)
    if isinstance(node, ast.Call):
        return dotted(node.func).rsplit(".", 1)[-1] in CONST_CALLS and all(is_constant_like(a) for a in node.args)
    return False


def swallows(body: list[ast.stmt]) -> bool:
    """A handler body that drops the error: pass / continue / ... / return <const> / x = <const>."""
    if len(body) != 1:
        return False
    stmt = body[0]
    if isinstance(stmt, ast.Pass | ast.Continue | ast.Break):
        return True
    if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant):
        return True
    if isinstance(stmt, ast.Return):
        return is_constant_like(stmt.value)
    if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
        return is_constant_like(stmt.value)
    return False


def is_cli_module(path: str, tree: ast.Module | None) -> bool:
    """Output is the job of a CLI entry point: its prints are not debug output."""
    parts = PurePosixPath(path).parts
    if parts and (parts[-1] in CLI_NAMES or parts[-1].endswith("_cli.py")):
        return True
    if any(p in CLI_DIRS for p in parts[:-1]):
        return True
    if tree is None:
        return False
    for node in tree.body:
        if isinstance(node, ast.Import) and any(a.name.split(".")[0] in CLI_IMPORTS for a in node.names):
            return True
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in CLI_IMPORTS:
            return True
        if isinstance(node, ast.If) and "__name__" in ast.unparse(node.test) and "__main__" in ast.unparse(node.test):
            return True
    return False


# -- AST detectors (each returns findings for one file version) ----------------------------------
def _expected_failure(try_node: ast.Try, names: list[str]) -> bool:
    """The handler catches the failure its try body exists to probe: a lookup's KeyError (or a domain
    NotFound), a parse's ValueError around one conversion call. Handling those with a default is the
    idiom the skill asks for ("expected failures are return values"), not swallowing."""
    calls = [dotted(n.func).rsplit(".", 1)[-1] for s in try_node.body for n in ast.walk(s) if isinstance(n, ast.Call)]
    small = sum(1 for s in try_node.body for n in ast.walk(s) if isinstance(n, ast.stmt)) <= 6

    def only(probes: re.Pattern) -> bool:  # a small body doing nothing but such probes (and hasattr / len ...)
        return small and any(probes.match(c) for c in calls) and all(probes.match(c) or c in PLAIN_CALLS for c in calls)

    for name in names:
        if name in EXPECTED_ABSENCE or name.endswith(("NotFound", "DoesNotExist", "Missing")):
            continue
        if name in PARSE_ERRORS and (
            (len(try_node.body) == 1 and any(PARSERS.match(c) for c in calls)) or only(PARSERS)
        ):
            continue
        if name in OS_ERRORS and only(OS_PROBES):
            continue
        return False
    return True


def _fails(stmt: ast.stmt) -> bool:
    """A statement that fails the test: raise, assert False, pytest.fail(...) / self.fail(...)."""
    if isinstance(stmt, ast.Raise):
        return True
    if isinstance(stmt, ast.Assert):
        return isinstance(stmt.test, ast.Constant) and not stmt.test.value
    return (
        isinstance(stmt, ast.Expr)
        and isinstance(stmt.value, ast.Call)
        and dotted(stmt.value.func).rsplit(".", 1)[-1] == "fail"
    )


def manual_raises(nodes: list[ast.AST]) -> set[int]:
    """Handler lines of hand-written `pytest.raises`: `try: call() / except X: pass` whose `else:` fails
    the test, or whose try body ends by failing it (`pytest.fail("did not raise")`). In tests only."""
    lines = set()
    for node in nodes:
        if isinstance(node, ast.Try | ast.TryStar) and node.body:
            last_fails = _fails(node.body[-1]) and not isinstance(node.body[-1], ast.Raise)
            if any(_fails(stmt) for stmt in node.orelse) or (len(node.body) > 1 and last_fails):
                lines.update(handler.lineno for handler in node.handlers)
    return lines


def own_exception_names(tree: ast.Module | None, path: str) -> frozenset[str]:
    """Names of the project's own classes in a module: defined there, imported relatively, or imported
    from the module's own top-level package (`rq/worker.py`: `from rq.exceptions import ...`)."""
    if tree is None:
        return frozenset()
    parts = PurePosixPath(path).parts
    parts = parts[1:] if parts[:1] == ("src",) else parts
    package = parts[0] if len(parts) > 1 else None
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.ImportFrom) and (
            node.level > 0 or (package and (node.module or "").split(".")[0] == package)
        ):
            names.update(alias.asname or alias.name for alias in node.names)
    return frozenset(names)


def _handled_specifically(try_node: ast.Try, names: list[str], own: frozenset[str]) -> bool:
    """A handler by name of control-flow signals only, or of the project's own typed errors around a
    one-statement try body (the call that raises them): the expected failure, handled where it happens."""
    if names and all(name in CONTROL_FLOW_SIGNALS for name in names):
        return True
    return len(try_node.body) == 1 and bool(names) and all(name in own for name in names)


def swallowed_findings(nodes: list[ast.AST], test: bool = False, own: frozenset[str] = frozenset()) -> list[Finding]:
    """Handlers that drop an error: a constant / pass / continue for anything but an expected failure,
    any handler without a raise for arithmetic / assertion errors, suppress(<broad or bug-signal>).
    In tests, a hand-written `pytest.raises` (see manual_raises) is an assertion, not a swallow.
    own: the project's own class names (own_exception_names); in source code, catching one of them
    around a single statement is handling it, not swallowing (tests get none: there a swallowed typed
    error is a missing assertion)."""
    found = []
    exempt = manual_raises(nodes) if test else set()
    for node in nodes:
        if isinstance(node, ast.Try | ast.TryStar):
            if any(handler.lineno in exempt for handler in node.handlers):
                continue
            for handler in node.handlers:
                names = exception_names(handler)
                reraises = any(isinstance(n, ast.Raise) for b in handler.body for n in ast.walk(b))
                probe = isinstance(handler.body[0], ast.Continue) and not BUG_SIGNAL & set(names)  # try-next loop
                handled = _expected_failure(node, names) or _handled_specifically(node, names, own)
                if swallows(handler.body) and not probe and not handled:
                    found.append(Finding("swallowed_exception", "", handler.lineno, "except-const"))
                elif MASKED_BY_FALLBACK & set(names) and not reraises:
                    found.append(Finding("swallowed_exception", "", handler.lineno, "fallback"))
        elif isinstance(node, ast.With | ast.AsyncWith):
            for item in node.items:
                call = item.context_expr
                if isinstance(call, ast.Call) and dotted(call.func).rsplit(".", 1)[-1] == "suppress":
                    names = {dotted(a).rsplit(".", 1)[-1] for a in call.args}
                    if names & BUG_SIGNAL or len(names) >= 3:
                        found.append(Finding("swallowed_exception", "", node.lineno, "suppress"))
    return found


def raise_turned_into_default(view: PatchView, path: str) -> list[Finding]:
    """A handler that used to raise (in the original version of the same function, by qualified name:
    `Cache.__init__` is not `Store.__init__`) now swallows."""

    def owner(function: ast.AST | None, after: bool) -> str:
        return view.qualname(path, function, after) if function is not None else ""

    raising: set[tuple[str, tuple[str, ...]]] = set()
    for stmt, function, _ in view.statements(path, after=False):
        for handler in getattr(stmt, "handlers", None) or []:
            if any(isinstance(n, ast.Raise) for b in handler.body for n in ast.walk(b)):
                raising.add((owner(function, False), tuple(sorted(exception_names(handler)))))
    found = []
    for stmt, function, _ in view.statements(path):
        for handler in getattr(stmt, "handlers", None) or []:
            key = (owner(function, True), tuple(sorted(exception_names(handler))))
            retry = isinstance(handler.body[0], ast.Continue | ast.Break)
            if key in raising and swallows(handler.body) and not retry:
                found.append(Finding("swallowed_exception", "", handler.body[0].lineno, "raise-to-default"))
    return found


def _is_any(node: ast.AST | None) -> bool:
    if isinstance(node, ast.Constant) and node.value == "Any":
        return True
    return node is not None and dotted(node) in ("Any", "typing.Any", "t.Any")


def suppression_findings(nodes: list[ast.AST], content: bytes | None) -> list[Finding]:
    found = [
        Finding("checker_suppression", "", line, SUPPRESSION_COMMENT.search(text).group(1).lower()[:10])
        for line, text in comments_of(content, only_if=SUPPRESSION_COMMENT).items()
        if SUPPRESSION_COMMENT.search(text)
    ]
    for node in nodes:
        if isinstance(node, ast.Call) and node.args and dotted(node.func).rsplit(".", 1)[-1] == "cast":
            if _is_any(node.args[0]):
                found.append(Finding("checker_suppression", "", node.lineno, "cast-any"))
        elif isinstance(node, ast.AnnAssign) and _is_any(node.annotation):
            found.append(Finding("checker_suppression", "", node.lineno, "any-annotation"))
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for decorator in node.decorator_list:
                if dotted(decorator).rsplit(".", 1)[-1] == "no_type_check":
                    found.append(Finding("checker_suppression", "", decorator.lineno, "no-type-check"))
    return found


def debug_findings(nodes: list[ast.AST]) -> list[Finding]:
    return [
        Finding("debug_output", "", node.lineno, "traceback")
        for node in nodes
        if isinstance(node, ast.Call) and dotted(node.func) in ("traceback.print_exc", "traceback.print_stack")
    ]


def _is_exempt_stub(function: ast.AST | None, klass: ast.ClassDef | None) -> bool:
    """Abstract methods, overloads and Protocol members are meant to have no body."""
    if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
        names = {dotted(d).rsplit(".", 1)[-1] for d in function.decorator_list}
        if names & {"abstractmethod", "abstractproperty", "overload"}:
            return True
    bases = [b.value if isinstance(b, ast.Subscript) else b for b in klass.bases] if klass is not None else []
    return "Protocol" in {dotted(b).rsplit(".", 1)[-1] for b in bases}  # Protocol, typing.Protocol[T]


def _stub_body(body: list[ast.stmt]) -> bool:
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        if isinstance(body[0].value.value, str):
            body = body[1:]
    if not body:
        return True
    if len(body) != 1:
        return False
    stmt = body[0]
    return (
        isinstance(stmt, ast.Pass)
        or (isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant) and stmt.value.value is Ellipsis)
        or (isinstance(stmt, ast.Raise) and stmt.exc is not None and dotted(stmt.exc) == "NotImplementedError")
    )


def _is_test_function(stmt: ast.AST, function: ast.AST | None, klass: ast.ClassDef | None) -> bool:
    """A function pytest collects: test* at module level or in a Test* class."""
    return (
        function is None
        and getattr(stmt, "name", "").startswith("test")
        and (klass is None or klass.name.startswith("Test"))
    )


def stub_findings(statements: list, source: bool) -> list[Finding]:
    """Functions whose body is only pass / ... / raise NotImplementedError (and, in source, any such raise).

    In tests only test functions count: a helper callable or fake method with an empty body
    (`def on_event(evt): ...` handed to the code under test) is a legitimate no-op, a test whose body
    is `pass` checks nothing."""
    found = []
    stub_lines = set()
    for stmt, function, klass in statements:
        if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef) and _stub_body(stmt.body):
            if not source and not _is_test_function(stmt, function, klass):
                continue
            if not _is_exempt_stub(stmt, klass):
                line = stmt.body[-1].lineno
                stub_lines.add(line)
                found.append(Finding("todo_stub", "", line, "stub-body"))
        elif source and isinstance(stmt, ast.Raise) and stmt.exc is not None and stmt.lineno not in stub_lines:
            if dotted(stmt.exc) == "NotImplementedError" and not _is_exempt_stub(function, klass):
                found.append(Finding("todo_stub", "", stmt.lineno, "not-implemented"))
    return found


def changed_functions(view: PatchView) -> set[tuple[str, str]]:
    """(module, qualified name) of every source function whose body the patch changes (in the original
    or the new version)."""
    names: set[tuple[str, str]] = set()
    for path in view.paths_of_kind(SOURCE):
        if not path.endswith(".py"):
            continue
        module = module_name(path)
        for after, lines in ((True, view.added_lines(path)), (False, view.removed_lines(path))):
            if not lines:
                continue
            for stmt, _, _ in view.statements(path, after):
                if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef):
                    if any(stmt.lineno <= n <= (stmt.end_lineno or stmt.lineno) for n in lines):
                        names.add((module, view.qualname(path, stmt, after)))
    return names


def _is_unit(target: str, spelled: str | None, changed: set[tuple[str, str]]) -> bool:
    """Does a mock target name a changed function? Dunder names (`__enter__`) are protocol plumbing of
    whatever object is mocked, not the unit. A dotted target into a changed module names one thing:
    `pkg.mod.f` is the changed `f` of pkg/mod.py, or what pkg.mod imports — a changed function of
    another module of that name — but never the changed method `Node.f` of pkg/mod.py (that would be
    `pkg.mod.Node.f`). Other targets (attributes of objects) match by name."""
    if target.startswith("__") and target.endswith("__"):
        return False
    owners = [m for m, _ in changed if spelled and spelled.startswith(m + ".")]
    if owners:
        module = max(owners, key=len)
        rest = spelled[len(module) + 1 :]
        here = {q for m, q in changed if m == module}
        if rest in here:
            return True
        elsewhere = {q for m, q in changed if m != module}
        return rest in elsewhere or ("." not in rest and rest in {q.rsplit(".", 1)[-1] for q in elsewhere})
    return target in {q.rsplit(".", 1)[-1] for _, q in changed}


def mock_target(call: ast.Call) -> str | None:
    """The attribute a mock call replaces: patch('a.b.f') / patch.object(X, 'f') / monkeypatch.setattr(...)."""
    name = _short(dotted(call.func))
    strings = [a.value for a in call.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
    second = call.args[1] if len(call.args) >= 2 else None
    second_name = second.value if isinstance(second, ast.Constant) and isinstance(second.value, str) else None
    if name in ("patch", "mocker.patch"):
        return strings[0].rsplit(".", 1)[-1] if strings else None
    if name in ("patch.object", "mocker.patch.object"):
        return second_name
    if name.endswith("monkeypatch.setattr"):
        if call.args and isinstance(call.args[0], ast.Constant) and isinstance(call.args[0].value, str):
            return call.args[0].value.rsplit(".", 1)[-1]
        return second_name
    return None


def mocking_findings(nodes: list[ast.AST], targets: set[tuple[str, str]]) -> list[Finding]:
    found = []
    if not targets:
        return found
    for node in nodes:
        if isinstance(node, ast.Call):
            target = mock_target(node)
            first = node.args[0] if node.args else None
            spelled = first.value if isinstance(first, ast.Constant) and isinstance(first.value, str) else None
            if target and _is_unit(target, spelled if spelled and "." in spelled else None, targets):
                found.append(Finding("mocking_unit_under_test", "", node.lineno, target))
        elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Lambda | ast.Call):
            is_mock = isinstance(node.value, ast.Lambda) or "Mock" in dotted(node.value.func)
            for target in node.targets:
                if is_mock and isinstance(target, ast.Attribute) and _is_unit(target.attr, None, targets):
                    found.append(Finding("mocking_unit_under_test", "", node.lineno, target.attr))
    return found


def _compared_literals(test: ast.AST, tables: dict[str, list[ast.Constant]]) -> list[ast.Constant]:
    """Constants used as operands of ==, !=, in, is comparisons (also inside Decimal('..'), tuples, and
    module-level tables the comparison names: `if (price, percent) in PRICE_OVERRIDES`)."""
    found = []
    for node in ast.walk(test):
        if isinstance(node, ast.Compare) and all(
            isinstance(op, ast.Eq | ast.NotEq | ast.In | ast.NotIn | ast.Is) for op in node.ops
        ):
            for operand in [node.left, *node.comparators]:
                found += [inner for inner in ast.walk(operand) if isinstance(inner, ast.Constant)]
                if isinstance(operand, ast.Name):
                    found += tables.get(operand.id, [])
    return found


def _module_tables(tree: ast.Module) -> dict[str, list[ast.Constant]]:
    """Module-level names bound to literal collections -> the constants in their keys / items."""
    tables: dict[str, list[ast.Constant]] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign | ast.AnnAssign) and isinstance(
            node.value, ast.Dict | ast.Set | ast.List | ast.Tuple
        ):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            items = node.value.keys if isinstance(node.value, ast.Dict) else node.value.elts
            constants = [c for item in items if item is not None for c in ast.walk(item) if isinstance(c, ast.Constant)]
            for target in targets:
                if isinstance(target, ast.Name):
                    tables[target.id] = constants
    return tables


def special_case_hits(values: Iterable[object], test_literals: set[str], source_literals: set[str]) -> list[str]:
    """The values (literals a new branch compares against, in any language) that come from the tests or
    the instruction (`test_literals`) and that the original source never uses (`source_literals`), as
    their repr: the hardcoded special case, shared by every language's detector."""
    hits = []
    for value in values:
        keys = literal_keys(value)
        if keys & test_literals and not keys & source_literals:
            hits.append(repr(value))
    return hits


def patch_test_literals(view: PatchView, literals_of: Callable[[str, bytes], set[str]]) -> set[str]:
    """Literals of the visible tests and the instruction (the task's facts) plus those of every test
    file the patch changes or adds (post-change version), read by the language's `literals_of(path,
    content)` (None for files it does not read)."""
    found = set(view.facts.test_literals) if view.facts else set()
    for path in view.paths_of_kind(TEST):
        content = view.after(path)
        if content is not None:
            found |= literals_of(path, content)
    return found


def hardcoded_findings(
    tree: ast.Module, nodes: list[ast.AST], lines: set[int], test_literals: set[str], source_literals: set[str]
) -> list[Finding]:
    """A new branch comparing against a literal seen in a visible test / the instruction, never in source."""
    found = []
    tables = _module_tables(tree)
    for node in nodes:
        constants: list[ast.Constant] = []
        if isinstance(node, ast.If | ast.While | ast.IfExp) and node.lineno in lines:
            constants = _compared_literals(node.test, tables)
        elif isinstance(node, ast.match_case) and node.pattern.lineno in lines:
            constants = [n for n in ast.walk(node.pattern) if isinstance(n, ast.Constant)]
        hits = special_case_hits([c.value for c in constants], test_literals, source_literals)
        if hits:
            line = node.pattern.lineno if isinstance(node, ast.match_case) else node.lineno
            found.append(Finding("hardcoded_special_case", "", line, ",".join(sorted(hits))))
    return found


def _env_read(node: ast.AST) -> str | None:
    if isinstance(node, ast.Call) and dotted(node.func) in ("os.getenv", "os.environ.get", "getenv", "environ.get"):
        if node.args and isinstance(node.args[0], ast.Constant):
            return str(node.args[0].value)
        return "?"
    if isinstance(node, ast.Subscript) and dotted(node.value) in ("os.environ", "environ"):
        return ast.unparse(node.slice).strip("'\"")
    return None


def _params_with_defaults(node: ast.FunctionDef | ast.AsyncFunctionDef) -> list[tuple[ast.arg, ast.expr | None]]:
    params = node.args.posonlyargs + node.args.args
    defaults: list[ast.expr | None] = [None] * (len(params) - len(node.args.defaults)) + list(node.args.defaults)
    return list(zip(params, defaults, strict=True)) + list(
        zip(node.args.kwonlyargs, node.args.kw_defaults, strict=True)
    )


PLAIN_DECORATORS = {
    "staticmethod",
    "classmethod",
    "property",
    "setter",
    "getter",
    "deleter",
    "abstractmethod",
    "overload",
    "override",
    "wraps",
    "cache",
    "cached_property",
    "lru_cache",
    "dataclass",
    "final",
}


def _called_by_a_framework(view: PatchView, path: str, function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """The function, or a class holding it, is handed to a decorator that registers or wraps it
    (`@app.route(...)`, `@click.option(...)`, `@Operations.register_operation("add_column")`): its
    callers are that framework's, not visible in the source, so "no caller passes it" cannot be told."""
    qualname = view.qualname(path, function)
    owners = [function] + [
        node
        for name, node in view.definitions(path).items()
        if isinstance(node, ast.ClassDef) and qualname.startswith(name + ".")
    ]
    return any(dotted(d).rsplit(".", 1)[-1] not in PLAIN_DECORATORS for owner in owners for d in owner.decorator_list)


def _passed_by_a_caller(
    view: PatchView, path: str, function: ast.FunctionDef | ast.AsyncFunctionDef, param: str
) -> bool:
    """Does any call (original source and tests, or the changed source and tests, new tests included)
    pass `param` to `function`, by keyword or position? A constructor `Cls(param=...)` is a call of
    `Cls.__init__`; a call passing *args / **kwargs may pass it."""
    qualname = view.qualname(path, function)
    owner, _, name = qualname.rpartition(".")
    names = {name or function.name}
    if name in ("__init__", "__new__") and owner:
        names |= {owner.rsplit(".", 1)[-1], "cls"}  # Cls(...), and cls(...) in a classmethod
    positional = function.args.posonlyargs + function.args.args
    index = next((i for i, a in enumerate(positional) if a.arg == param), None)
    if index is not None and owner and positional and positional[0].arg in ("self", "cls"):
        index -= 1
    for calls in (view.changed_call_sites, view.facts.calls if view.facts else {}):
        for callee in names & calls.keys():
            site = calls[callee]
            if param in site.keywords or site.starred or (index is not None and site.positional > index):
                return True
    return False


def _imports(body: list[ast.stmt]) -> bool:
    """The statements import something (an import statement, import_module(...), __import__(...)):
    an ImportError handler around anything else (importlib.util.find_spec) is no import fallback."""
    return any(
        isinstance(n, ast.Import | ast.ImportFrom)
        or (isinstance(n, ast.Call) and dotted(n.func).rsplit(".", 1)[-1] in ("import_module", "__import__"))
        for stmt in body
        for n in ast.walk(stmt)
    )


def compat_marks(view: PatchView, path: str, after: bool) -> list[Finding]:
    """The compat shims one file version holds, matched to the original like any finding (so an
    edited `except ImportError as e:` or a moved fallback is not new): compat notes, ImportError
    fallbacks around an import, version checks."""
    found = [
        Finding("compat_shim", path, n, "text")
        for n, text in enumerate(view.text_lines(path, after), 1)
        if COMPAT_TEXT.search(text)
    ]
    for node in view.nodes(path, after):
        if isinstance(node, ast.Try | ast.TryStar) and _imports(node.body):
            for handler in node.handlers:
                if {"ImportError", "ModuleNotFoundError"} & set(exception_names(handler)):
                    found.append(Finding("compat_shim", path, handler.lineno, "import-fallback"))
        elif isinstance(node, ast.If | ast.IfExp):
            test = ast.unparse(node.test)
            if "version_info" in test or "__version__" in test:
                found.append(Finding("compat_shim", path, node.lineno, "version-check"))
    return found


def compat_findings(view: PatchView, path: str) -> list[Finding]:
    """New flags, env switches, aliases for renamed functions, new parameters (see compat_marks)."""
    post, orig = view.tree(path), view.tree(path, after=False)
    added = view.added_lines(path)
    found: list[Finding] = []
    if post is None:
        return found
    source_text = view.facts.source_text if view.facts else b""
    orig_defs = view.definitions(path, after=False) if orig is not None else {}
    orig_assigned: set[str] = set()
    if orig is not None:
        orig_assigned = {
            t.id for n in orig.body if isinstance(n, ast.Assign) for t in n.targets if isinstance(t, ast.Name)
        }
    post_defs = set(view.definitions(path))
    for node in post.body:
        if not (isinstance(node, ast.Assign) and node.lineno in added):
            continue
        for name in [t.id for t in node.targets if isinstance(t, ast.Name) and t.id not in orig_assigned]:
            value = node.value
            is_flag_value = (isinstance(value, ast.Constant) and isinstance(value.value, bool)) or any(
                _env_read(n) for n in ast.walk(value)
            )
            if name.isupper() and (is_flag_value or FLAG_CONST.search(name)):
                found.append(Finding("compat_shim", path, node.lineno, f"flag {name}"))
            elif isinstance(value, ast.Name) and name in orig_defs and name not in post_defs and value.id in post_defs:
                found.append(Finding("compat_shim", path, node.lineno, f"alias {name}"))
    for node in view.nodes(path):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            old = orig_defs.get(view.qualname(path, node))
            old_params = set()
            if isinstance(old, ast.FunctionDef | ast.AsyncFunctionDef):
                old_params = {a.arg for a in old.args.args + old.args.kwonlyargs + old.args.posonlyargs}
            for arg, default in _params_with_defaults(node):
                if arg.arg in old_params or arg.lineno not in added:
                    continue
                if default is None:
                    continue
                is_bool = isinstance(default, ast.Constant) and isinstance(default.value, bool)
                if is_bool and (old is not None or FLAG_PARAM.search(arg.arg)):
                    found.append(Finding("compat_shim", path, arg.lineno, f"param {arg.arg}"))
                elif (
                    old is not None
                    and not _called_by_a_framework(view, path, node)
                    and not _passed_by_a_caller(view, path, node, arg.arg)
                ):
                    found.append(Finding("compat_shim", path, arg.lineno, f"knob {arg.arg}"))
        elif getattr(node, "lineno", 0) in added and (key := _env_read(node)) is not None:
            if key == "?" or key.encode() not in source_text:
                found.append(Finding("compat_shim", path, node.lineno, f"env {key}"))
    return found


# -- per-patch ---------------------------------------------------------------------------------
# Data-model methods whose other operand is any object: `def __eq__(self, other: Any)` is their contract.
ANY_OPERAND_METHODS = {"__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__", "__contains__"}


def _contract_any_lines(nodes: list[ast.AST]) -> set[int]:
    """Lines where every `Any` parameter annotation is the operand of a comparison dunder (ruff is told
    to allow `*args: Any` / `**kwargs: Any` itself): ANN401 there is not a silenced checker."""
    exempt, other = set(), set()
    for node in nodes:
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        params = node.args.posonlyargs + node.args.args + node.args.kwonlyargs
        for i, arg in enumerate(params):
            if arg.annotation is not None and _is_any(arg.annotation):
                (exempt if node.name in ANY_OPERAND_METHODS and i == 1 else other).add(arg.annotation.lineno)
        if node.returns is not None and _is_any(node.returns):
            other.add(node.returns.lineno)
    return exempt - other


def quoted_code_lines(lines: list[str]) -> set[int]:
    """Comment lines that quote code rather than keep it: every line of a comment block holding a
    doctest prompt (`# >>> client.base_url` / `# URL('https://...')`), and a comment that only names a
    shape (`# (certfile, keyfile)`: names, in a tuple or not). ERA001 there is not a commented-out corpse."""
    quoted: set[int] = set()
    block: list[int] = []
    for number, line in enumerate([*lines, ""], 1):
        text = line.strip()
        if text.startswith("#"):
            block.append(number)
            body = text.lstrip("#").strip()
            try:
                node = parse_python(body, mode="eval").body if body else None
            except SyntaxError:
                node = None
            names = node.elts if isinstance(node, ast.Tuple) else [node] if node is not None else []
            if names and all(isinstance(n, ast.Name) for n in names):
                quoted.add(number)
            continue
        if any(lines[n - 1].strip().lstrip("#").strip().startswith(">>>") for n in block):
            quoted.update(block)
        block = []
    return quoted


def _ruff_findings(view: PatchView, path: str, after: bool, cli: bool, nodes: list[ast.AST]) -> list[Finding]:
    result = []
    found = view.ruff.get((path, after), [])
    contract_any = _contract_any_lines(nodes) if any(c == "ANN401" for c, _ in found) else ()
    quoted = quoted_code_lines(view.text_lines(path, after)) if any(c == "ERA001" for c, _ in found) else ()
    for code, line in found:
        category = RUFF_CATEGORY.get(code)
        if category is None or (cli and code in CLI_OUTPUT_RULES) or (code == "ANN401" and line in contract_any):
            continue
        if code == "ERA001" and line in quoted:
            continue
        result.append(Finding(category, path, line, code))
    return result


def findings(view: PatchView) -> dict[str, list[Finding]]:
    """New findings per category, one per (category, file, line), by the detectors of the task's
    language (Language.banned_detector: this module for Python, banned_ts for TypeScript)."""
    detector = _detector(view)
    if detector is not None:
        return detector.findings(view, CATEGORIES)
    return python_findings(view)


def _detector(view: PatchView):
    """The module of the task's language's banned detectors, None for Python's (this module)."""
    name = view.task.lang.banned_detector if view.task is not None else None
    if name in (None, "banned"):
        return None
    return importlib.import_module(f"harness.scoring.{name}")


def python_findings(view: PatchView) -> dict[str, list[Finding]]:
    """Python's new findings per category, one per (category, file, line)."""
    per_category: dict[str, dict[tuple[str, int], Finding]] = {c: {} for c in CATEGORIES}
    targets = changed_functions(view)
    test_literals = patch_test_literals(
        view, lambda path, _: literals_in_tree(view.tree(path)) if path.endswith(".py") else set()
    )
    source_literals = set(view.facts.source_literals) if view.facts else set()
    versions: dict[str, tuple[list[Finding], list[Finding]]] = {}  # path -> (post-change, original)
    for path in view.python_paths:
        kind = view.kind(path)
        if kind not in (SOURCE, TEST) or path in view.renamed_to:  # a rename's source is its target's base
            continue
        sides = {}
        for after in (True, False):
            content = view.after(path) if after else view.base(path)
            if content is None:
                sides[after] = []
                continue
            tree = view.tree(path, after=after)
            items = _ruff_findings(view, path, after, is_cli_module(path, tree), view.nodes(path, after))
            if tree is not None:
                nodes = view.nodes(path, after)
                if kind == TEST:  # ruff's S110 / BLE001 / E722 sit on the handler line too
                    exempt = manual_raises(nodes)
                    items = [f for f in items if not (f.category == "swallowed_exception" and f.line in exempt)]
                own = own_exception_names(tree, path) if kind == SOURCE else frozenset()
                items += swallowed_findings(nodes, test=kind == TEST, own=own)
                items += suppression_findings(nodes, content) + debug_findings(nodes)
                items += stub_findings(view.statements(path, after), source=kind == SOURCE)
                if after:
                    items += raise_turned_into_default(view, path)
                if kind == TEST:
                    items += mocking_findings(nodes, targets)
                elif kind == SOURCE:
                    items += compat_marks(view, path, after)
            sides[after] = items
        versions[path] = (sides[True], sides[False])  # a deleted file's findings may reappear elsewhere (moved)
    introduced = view.introduced(versions)
    for path in versions:
        if view.after(path) is None:
            continue
        new = introduced[path]
        if view.kind(path) == SOURCE and view.tree(path) is not None:
            new += hardcoded_findings(
                view.tree(path), view.nodes(path), view.added_lines(path), test_literals, source_literals
            )
            new += compat_findings(view, path)
        for finding in new:
            finding.path = path
            per_category[finding.category].setdefault((path, finding.line), finding)
    return {c: list(v.values()) for c, v in per_category.items()}


def evidence(view: PatchView) -> list[Evidence]:
    """The findings behind the banned_* counts, on their added lines (see harness.scoring.evidence)."""
    if view.apply_error is not None:
        return []
    found = findings(view)
    return [Evidence(f"banned_{c}", f.detail, f.path, f.line) for c in CATEGORIES for f in found[c]]


def metrics(view: PatchView) -> dict[str, int | bool | str | None]:
    """Counts per category. A changed file that does not parse cannot be looked at: the counts are
    None (not measured, `unparsed_python` says why), and banned_any is True only if a finding was
    made elsewhere."""
    if view.apply_error is not None:
        return {**{f"banned_{c}": None for c in CATEGORIES}, "banned_total": None, "banned_any": None} | {
            "unparsed_python": None
        }
    found = findings(view)
    detector = _detector(view)
    # Categories the language's detectors do not look for yet: None, not a 0 that looks clean; the
    # total is over the categories measured (docs/metrics.md says which, per language).
    unmeasured = set(getattr(detector, "UNMEASURED", ()))
    counts = {f"banned_{c}": None if c in unmeasured else len(found[c]) for c in CATEGORIES}
    total = sum(n for n in counts.values() if n is not None)
    reasons = detector.unparsed(view) if detector is not None else view.unparsed
    unparsed = "; ".join(reasons[p] for p in sorted(reasons)) or None
    if unparsed:
        return {**dict.fromkeys(counts), "banned_total": None, "banned_any": True if total else None} | {
            "unparsed_python": unparsed
        }
    not_looked_for = detector.UNMEASURED_REASON if unmeasured else None
    return {**counts, "banned_total": total, "banned_any": total > 0, "unparsed_python": not_looked_for}
