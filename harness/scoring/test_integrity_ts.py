"""Test integrity for TypeScript / JavaScript tests (node:test, and jest / vitest's `expect`), read
with tree-sitter: the counters of harness.scoring.test_integrity, same names, same matching.

- test ids: `<file>::<describe>::...::<name>` for every `test` / `it` / `describe` / `suite` call
  (with `.skip` / `.only` / `.todo`, `xit`, and a node:test context's `t.test(...)` subtests) whose
  name is a string; lost = defined before and not after, less tests moved to another changed test
  file with a similar body (half its statements unchanged), renamed with exactly their body, or
  renamed by a small edit of the name (3/4 of it unchanged) with a similar body;
- skips added: `it.skip` / `test.skip` / `describe.skip` / `.todo` / `xit` / `xdescribe`, an options
  object `{ skip: ... }` / `{ todo: ... }` (not `false`) on a test call, `t.skip()` / `t.todo()` on
  the test's context; new minus pre-existing (PatchView.introduced: an edited or moved skip is not new);
- assertions removed: per existing test, its assertion calls before minus after (node:assert's
  `assert(...)`, `assert.X(...)`, imported `strictEqual(...)`, `expect(...).toX(...)`, and ava / tap
  assertions on the test's context, `t.is(...)`, `t.deepEqual(...)`);
  removing `assert.throws` / `assert.rejects` is removing an assertion;
- assertions loosened: in each changed region an old assertion paired with the new one about the
  same subject (its first argument) and ranked: exact (strictEqual, deepStrictEqual, equal under
  `node:assert/strict`, throws / rejects naming the error, toBe / toEqual) > bound / loose (equal
  under legacy `node:assert`, match, toBeGreaterThan, toContain) > truthiness / negation (ok,
  notStrictEqual, toBeTruthy, toBeDefined) > vacuous / blanket (throws with no expected error,
  toThrow(), `assert.ok(true)`);
- expected literals changed: assertion statements (and `const expected... =` declarations) of a
  changed region whose shape is the same before and after with a literal in them changed (a
  collection literal may change size: one change);
- runner config touched: tsconfig*.json, .npmrc, jest / vitest / mocha / c8 / nyc / ava config, and
  package.json when its `scripts` or test-runner keys change (a new dependency is not runner config).

A changed test file tree-sitter cannot parse makes the AST counts None (never 0).
"""

from __future__ import annotations

import json
import re
from pathlib import PurePosixPath

from harness.scoring import syntax_tree, test_integrity
from harness.scoring.banned_ts import is_ts_path, parse, walk
from harness.scoring.evidence import Evidence
from harness.scoring.patch_view import Finding, PatchView
from harness.scoring.syntax_tree import arguments as _arguments
from harness.scoring.syntax_tree import callee as _callee
from harness.scoring.syntax_tree import line as _line
from harness.scoring.syntax_tree import text as _text

TEST_FUNCTIONS = {"test", "it", "describe", "suite", "context", "specify"}
SUITES = {"describe", "suite", "context"}
SKIPPED_ALIASES = {"xit", "xtest", "xdescribe", "xcontext", "xspecify"}
SKIP_MODIFIERS = {"skip", "todo", "skipIf", "failing"}  # ava's test.failing: a known failure (xfail)
RUN_MODIFIERS = {"only", "concurrent", "sequential", "serial"}  # ava's test.serial: run one at a time
ASSERT_MODULES = {"assert", "node:assert", "assert/strict", "node:assert/strict", "chai"}
STRICT_MODULES = {"assert/strict", "node:assert/strict"}
PACKAGE_RUNNER_KEYS = ("scripts", "jest", "mocha", "ava", "c8", "nyc", "tap", "vitest", "type")
LITERAL_TYPES = {"string", "number", "true", "false", "null", "undefined", "regex"}

EXACT, BOUND, TRUTHY, VACUOUS = 3, 2, 1, 0
RANKS = test_integrity.RANKS
ASSERT_RANKS = {
    "strictEqual": EXACT,
    "deepStrictEqual": EXACT,
    "partialDeepStrictEqual": BOUND,
    "equal": BOUND,  # legacy assert: == (EXACT under node:assert/strict)
    "deepEqual": BOUND,
    "match": BOUND,
    "ok": TRUTHY,
    "assert": TRUTHY,
    "notStrictEqual": TRUTHY,
    "notDeepStrictEqual": TRUTHY,
    "notEqual": TRUTHY,
    "notDeepEqual": TRUTHY,
    "doesNotMatch": TRUTHY,
    "doesNotThrow": TRUTHY,
    "doesNotReject": TRUTHY,
    "ifError": TRUTHY,
    "fail": EXACT,
    "throws": EXACT,  # VACUOUS without an expected error
    "rejects": EXACT,
}
STRICT_ALIASES = {"equal": EXACT, "deepEqual": EXACT}
# Assertions on the test's context (`test("x", (t) => { t.is(a, 1) })`): ava's and tap's API.
CONTEXT_RANKS = {
    "is": EXACT,
    "deepEqual": EXACT,
    "strictSame": EXACT,
    "same": BOUND,
    "equal": EXACT,  # tap: strict
    "strictEqual": EXACT,
    "deepStrictEqual": EXACT,
    "throws": EXACT,
    "throwsAsync": EXACT,
    "rejects": EXACT,
    "snapshot": EXACT,
    "fail": EXACT,
    "like": BOUND,
    "regex": BOUND,
    "match": BOUND,
    "has": BOUND,
    "not": TRUTHY,
    "notDeepEqual": TRUTHY,
    "notSame": TRUTHY,
    "notRegex": TRUTHY,
    "true": TRUTHY,
    "false": TRUTHY,
    "truthy": TRUTHY,
    "falsy": TRUTHY,
    "ok": TRUTHY,
    "notOk": TRUTHY,
    "notThrows": TRUTHY,
    "notThrowsAsync": TRUTHY,
    "doesNotThrow": TRUTHY,
    "resolves": TRUTHY,
    "pass": VACUOUS,
}
EXPECT_RANKS = {
    "toBe": EXACT,
    "toEqual": EXACT,
    "toStrictEqual": EXACT,
    "toHaveLength": EXACT,
    "toHaveBeenCalledWith": EXACT,
    "toHaveBeenLastCalledWith": EXACT,
    "toHaveBeenNthCalledWith": EXACT,
    "toHaveBeenCalledTimes": EXACT,
    "toMatchInlineSnapshot": EXACT,
    "toMatchSnapshot": EXACT,
    "toThrow": EXACT,  # VACUOUS without an argument
    "toThrowError": EXACT,
    "toBeCloseTo": BOUND,
    "toBeGreaterThan": BOUND,
    "toBeGreaterThanOrEqual": BOUND,
    "toBeLessThan": BOUND,
    "toBeLessThanOrEqual": BOUND,
    "toContain": BOUND,
    "toContainEqual": BOUND,
    "toMatch": BOUND,
    "toMatchObject": BOUND,
    "toHaveProperty": BOUND,
    "toBeTruthy": TRUTHY,
    "toBeFalsy": TRUTHY,
    "toBeDefined": TRUTHY,
    "toBeUndefined": TRUTHY,
    "toBeNull": TRUTHY,
    "toBeNaN": TRUTHY,
    "toBeInstanceOf": TRUTHY,
    "toHaveBeenCalled": TRUTHY,
    "toBeUndefinedOrNull": TRUTHY,
}


def _string(node) -> str | None:
    """The value of a string literal (a template without substitutions too), else None."""
    if node is None:
        return None
    if node.type == "string":
        return "".join(_text(c) for c in node.named_children)
    if node.type == "template_string" and not any(c.type == "template_substitution" for c in node.children):
        return _text(node)[1:-1]
    return None


# -- tests --------------------------------------------------------------------------------------
class TestCall:
    """One `test("name", fn)`-like call: its id within the file, its callback and how it is marked."""

    def __init__(self, node, name: str, qualified: str, suite: bool, callback, modifier: str | None):
        self.node, self.name, self.qualified, self.suite = node, name, qualified, suite
        self.callback, self.modifier = callback, modifier

    @property
    def body_text(self) -> str:
        """The callback's body, whitespace aside (to tell a moved or renamed test by)."""
        body = self.callback.child_by_field_name("body") if self.callback is not None else None
        return re.sub(r"\s+", "", _text(body))

    @property
    def context(self) -> str | None:
        """The name of the callback's first parameter (node:test's test context, `t`)."""
        if self.callback is None:
            return None
        params = self.callback.child_by_field_name("parameters") or self.callback.child_by_field_name("parameter")
        if params is None:
            return None
        if params.type == "identifier":
            return _text(params)
        for param in params.named_children:
            ident = param.child_by_field_name("pattern") if param.type != "identifier" else param
            return _text(ident) if ident is not None and ident.type == "identifier" else None
        return None


def _test_call(call, contexts: set[str]) -> tuple[str, bool, str | None] | None:
    """(function, is a suite, modifier) when the call defines a test or a suite."""
    function = call.child_by_field_name("function")
    if function is None:
        return None
    if function.type == "identifier":
        name = _text(function)
        if name in TEST_FUNCTIONS:
            return name, name in SUITES, None
        if name in SKIPPED_ALIASES:
            return name, name[1:] in SUITES, "x"
        return None
    if function.type == "member_expression":
        obj, prop = function.child_by_field_name("object"), _text(function.child_by_field_name("property"))
        if obj is not None and obj.type == "identifier":
            base = _text(obj)
            if base in TEST_FUNCTIONS and prop in SKIP_MODIFIERS | RUN_MODIFIERS:
                return base, base in SUITES, prop if prop in SKIP_MODIFIERS else None
            if base in contexts and prop == "test":
                return prop, False, None  # a node:test subtest: `await t.test("name", ...)`
    return None


def tests_of(tree) -> list[TestCall]:
    """Every test / suite call with a literal name, outermost first."""
    found: list[TestCall] = []

    def visit(node, prefix: str, contexts: set[str]) -> None:
        for child in node.children:
            if child.type == "call_expression":
                kind = _test_call(child, contexts)
                args = _arguments(child)
                name = _string(args[0]) if kind and args else None
                if kind and name is not None:
                    callback = next(
                        (a for a in args[1:] if a.type in ("arrow_function", "function_expression", "function")), None
                    )
                    test = TestCall(child, name, prefix + name, kind[1], callback, kind[2])
                    found.append(test)
                    inner = contexts | ({test.context} if test.context else set())
                    visit(child, test.qualified + "::", inner)
                    continue
            visit(child, prefix, contexts)

    visit(tree.root_node, "", set())
    return found


def test_ids(path: str, tree) -> dict[str, TestCall]:
    return {f"{path}::{t.qualified}": t for t in tests_of(tree) if not t.suite}


# -- skips ----------------------------------------------------------------------------------------
def _truthy_option(node) -> str | None:
    """`skip` / `todo` when an options object sets it to anything but `false`."""
    if node.type != "object":
        return None
    for pair in node.named_children:
        if pair.type != "pair":
            continue
        key = _text(pair.child_by_field_name("key")).strip("'\"")
        value = pair.child_by_field_name("value")
        if key in ("skip", "todo") and value is not None and value.type != "false":
            return key
    return None


def skip_findings(tree) -> list[Finding]:
    found: list[Finding] = []
    for test in tests_of(tree):
        head = _callee(test.node)
        if test.modifier:
            found.append(Finding("skip", "", _line(test.node), head))
        for arg in _arguments(test.node)[1:]:
            option = _truthy_option(arg)
            if option:
                found.append(Finding("skip", "", _line(arg), f"{{ {option} }}"))
        context = test.context
        if context and test.callback is not None:
            body = test.callback.child_by_field_name("body")
            for node in walk(body) if body is not None else []:
                if node.type == "call_expression":
                    callee = _callee(node)
                    if callee in (f"{context}.skip", f"{context}.todo"):
                        found.append(Finding("skip", "", _line(node), callee.replace(context, "t", 1)))
    lines: dict[int, Finding] = {}
    for finding in found:
        lines.setdefault(finding.line, finding)
    return list(lines.values())


# -- assertions ------------------------------------------------------------------------------------
class Asserts:
    """How a file names node:assert (its imports) and whether it is the strict flavour."""

    def __init__(self, tree):
        self.objects = {"assert"}  # names bound to the module (`import assert from ...`)
        self.functions: dict[str, str] = {}  # local name -> method (`import { strictEqual as eq }`)
        self.strict = False
        # the tests' context parameters (`t`), whose methods are assertions in ava / tap
        self.contexts = {t.context for t in tests_of(tree) if t.context}
        for node in walk(tree.root_node):
            module = None
            if node.type == "import_statement":
                module = _string(node.child_by_field_name("source"))
                if module not in ASSERT_MODULES:
                    continue
                for part in walk(node):
                    if part.type == "import_specifier":
                        name = _text(part.child_by_field_name("name"))
                        alias = part.child_by_field_name("alias")
                        self.functions[_text(alias) if alias is not None else name] = name
                    elif part.type == "namespace_import":
                        self.objects |= {_text(c) for c in part.named_children if c.type == "identifier"}
                    elif part.type == "import_clause":
                        self.objects |= {_text(c) for c in part.named_children if c.type == "identifier"}
            elif node.type == "variable_declarator":
                value = node.child_by_field_name("value")
                if value is not None and value.type == "call_expression" and _callee(value) == "require":
                    args = _arguments(value)
                    module = _string(args[0]) if args else None
                    if module in ASSERT_MODULES:
                        target = node.child_by_field_name("name")
                        if target is not None and target.type == "identifier":
                            self.objects.add(_text(target))
            if module in STRICT_MODULES:
                self.strict = True

    def method(self, call) -> tuple[str, str] | None:
        """("assert" | "expect", method) when the call is an assertion."""
        function = call.child_by_field_name("function")
        if function is None:
            return None
        if function.type == "identifier":
            name = _text(function)
            if name in self.objects:
                return "assert", "assert"
            if name in self.functions and self.functions[name] in ASSERT_RANKS:
                return "assert", self.functions[name]
            return None
        if function.type != "member_expression":
            return None
        prop = _text(function.child_by_field_name("property"))
        obj = function.child_by_field_name("object")
        root = obj
        while root is not None and root.type == "member_expression":
            root = root.child_by_field_name("object")
        if root is not None and root.type == "identifier" and (_text(root) in self.objects or "assert" in _text(obj)):
            return ("assert", prop) if prop in ASSERT_RANKS else None
        if obj is not None and obj.type == "identifier" and _text(obj) in self.contexts and prop in CONTEXT_RANKS:
            return "context", prop
        if root is not None and root.type == "call_expression" and _callee(root) == "expect" and prop in EXPECT_RANKS:
            return "expect", prop
        return None

    def rank(self, call) -> int | None:
        found = self.method(call)
        if found is None:
            return None
        flavour, method = found
        args = _arguments(call)
        if flavour == "expect":
            chain = _text(call.child_by_field_name("function"))
            if ".not." in re.sub(r"\s+", "", chain):
                return TRUTHY
            if method in ("toThrow", "toThrowError") and not args:
                return VACUOUS
            return EXPECT_RANKS[method]
        if flavour == "context":
            if method in ("throws", "throwsAsync") and len(args) < 2:
                return VACUOUS
            return CONTEXT_RANKS[method]
        strict = self.strict or ".strict." in _callee(call)
        if method in ("throws", "rejects"):
            return EXACT if len(args) > 1 and args[1].type != "string" else VACUOUS
        if method in ("assert", "ok") and args and args[0].type in ("true", "number", "string"):
            return VACUOUS
        if strict and method in STRICT_ALIASES:
            return STRICT_ALIASES[method]
        return ASSERT_RANKS[method]

    def subject(self, call) -> str | None:
        """What the assertion is about: its first argument (expect's argument)."""
        found = self.method(call)
        if found is None:
            return None
        if found[0] == "expect":
            root = call.child_by_field_name("function")
            while root is not None and root.type == "member_expression":
                root = root.child_by_field_name("object")
            args = _arguments(root) if root is not None else []
        else:
            args = _arguments(call)
            if found[1] in ("throws", "rejects", "doesNotThrow", "doesNotReject", "throwsAsync", "notThrows"):
                return "<raises>"
        return re.sub(r"\s+", "", _text(args[0])) if args else None


def assertion_calls(node, asserts: Asserts) -> list:
    """Assertion calls under a node, the outer call only (`expect(x).toBe(1)` is one)."""
    return [n for n in walk(node) if n.type == "call_expression" and asserts.method(n) is not None]


# -- literals ---------------------------------------------------------------------------------------
def _is_literal(node) -> bool:
    if node.type in LITERAL_TYPES or _string(node) is not None:
        return True
    if node.type == "unary_expression":
        return all(_is_literal(c) for c in node.named_children)
    if node.type == "array":
        return all(_is_literal(c) for c in node.named_children if c.type != "comment")
    if node.type == "object":
        return all(
            c.type == "pair" and _is_literal(c.child_by_field_name("value"))
            for c in node.named_children
            if c.type != "comment"
        )
    return False


ONE_ARGUMENT = {"assert", "ok", "ifError", "true", "false", "truthy", "falsy", "notOk", "pass", "fail"}


def expected_ranges(call, asserts: Asserts) -> list[tuple[int, int]]:
    """Byte ranges of an assertion's expected value(s): the matcher's arguments of `expect(x).toX(...)`,
    else the argument after the subject (`strictEqual(actual, expected, message)`, `t.is(a, b)`)."""
    flavour, method = asserts.method(call)
    args = _arguments(call)
    if flavour == "expect":
        return [(a.start_byte, a.end_byte) for a in args]
    if method in ONE_ARGUMENT:
        return []
    return [(a.start_byte, a.end_byte) for a in args[1:2]]


def _value(node) -> str:
    text = _string(node)
    return "s:" + text if text is not None else re.sub(r"\s+", "", _text(node)).rstrip(",")


COLLECTIONS = {"array", "object", "pair"}  # literals compared element by element when of one size


def expectations(tree, asserts: Asserts) -> dict:
    """Statements stating an expected value -> the byte ranges of their expected values: an
    assertion call's statement, a `const expected... =` declaration (all of it)."""
    found = {}
    for node in walk(tree.root_node):
        if node.type == "expression_statement":
            inner = node.named_children[0] if node.named_children else None
            if inner is not None and inner.type == "await_expression" and inner.named_children:
                inner = inner.named_children[0]
            if inner is not None and inner.type == "call_expression" and asserts.method(inner) is not None:
                found[node] = expected_ranges(inner, asserts)
        elif node.type in ("lexical_declaration", "variable_declaration"):
            names = [
                _text(d.child_by_field_name("name")) for d in node.named_children if d.type == "variable_declarator"
            ]
            if any("expect" in n.lower() for n in names):
                found[node] = [(node.start_byte, node.end_byte)]
    return found


# -- the family ------------------------------------------------------------------------------------
def _package_runner_changed(view: PatchView, path: str) -> bool:
    before, after = view.base(path), view.after(path)
    if before is None or after is None:
        return True
    try:
        old, new = json.loads(before), json.loads(after)
    except ValueError:
        return True
    if not isinstance(old, dict) or not isinstance(new, dict):
        return True
    return any(old.get(key) != new.get(key) for key in PACKAGE_RUNNER_KEYS)


def _count(callback, asserts: Asserts) -> int | None:
    return len(assertion_calls(callback, asserts)) if callback is not None else None


def _ranked(tree, asserts: Asserts) -> list:
    return [(c, asserts.rank(c), asserts.subject(c)) for c in assertion_calls(tree.root_node, asserts)]


READER = syntax_tree.TestReader(
    is_path=is_ts_path,
    parse=parse,
    context=Asserts,
    tests=lambda path, tree: {
        i: (t.qualified, t.body_text, t.node, t.callback) for i, t in test_ids(path, tree).items()
    },
    count=_count,
    skips=skip_findings,
    ranked=_ranked,
    expectations=expectations,
    is_literal=_is_literal,
    value=_value,
    collections=frozenset(COLLECTIONS),
    vacuous=VACUOUS,
    ranks=RANKS,
    counts_config=lambda view, path: PurePosixPath(path).name != "package.json" or _package_runner_changed(view, path),
)


def measure(view: PatchView) -> tuple[dict[str, int | bool | None], list[Evidence]]:
    return syntax_tree.measure_tests(view, READER)
