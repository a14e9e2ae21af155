"""Banned patterns in TypeScript / JavaScript, found with tree-sitter, on the categories of
harness.scoring.banned (one set of banned_* counts for every language).

Each detector reads one file version's syntax tree and returns Findings; the original and the
post-change version of every changed source / test file are both read and PatchView.introduced (the
matching Python uses: on added lines only, an original finding carried over by an edit in place or a
move is not new) keeps the findings the patch introduced. Detected:

- swallowed_exception: a `catch` whose body is empty (comments aside), or only returns / assigns a
  constant; `.catch(() => {})` / `.catch(() => null)`; except a `catch` around one parse call
  (`JSON.parse`, `parseInt`, `new URL(...)`): the expected failure of a parse, handled with a default;
- checker_suppression: `any` as a type (annotations, `as any`, `<any>`, type arguments),
  `@ts-ignore` / `@ts-expect-error` / `@ts-nocheck`, `eslint-disable*` comments;
- debug_output: `console.log/debug/trace/dir/table` (not in an entry point: the package.json
  `main` / `bin`, cli/bin/scripts files, a `#!` file), `debugger`;
- commented_out_code: `//` comments whose text parses as a TypeScript statement;
- todo_stub: TODO / FIXME / XXX / HACK comments, `throw new Error("not implemented")`;
- mocking_unit_under_test: `jest.mock` / `vi.mock` of a changed source module, `jest.spyOn`,
  `vi.spyOn`, `sinon.stub`, `sinon.replace`, `mock.method` of a function the patch changes.

Not detected yet for TypeScript: hardcoded special cases and compat shims / flags (UNMEASURED: their
counts are None, banned_total is over the six categories above, and `unparsed_python` says so).
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import PurePosixPath

from harness.scoring.patch_view import SOURCE, TEST, Finding, PatchView

UNMEASURED = ("hardcoded_special_case", "compat_shim")  # banned categories no detector here looks for
UNMEASURED_REASON = (
    "could not measure: no TypeScript detector yet for banned_hardcoded_special_case and banned_compat_shim "
    "(banned_total counts the other six categories)"
)

TS_SUFFIXES = (".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs")
SUPPRESSION = re.compile(r"@ts-(ignore|expect-error|nocheck)\b|\beslint-disable(-next-line|-line)?\b")
TODO = re.compile(r"\b(TODO|FIXME|XXX|HACK)\b")
NOT_IMPLEMENTED = re.compile(r"not\s+(yet\s+)?implemented|unimplemented|\btodo\b|\bstub\b", re.I)
DEBUG_METHODS = {"log", "debug", "trace", "dir", "table"}
PARSE_CALLS = {"parse", "parseInt", "parseFloat", "Number", "BigInt", "URL", "decodeURIComponent", "atob"}
CLI_NAMES = {"cli.ts", "cli.js", "cli.mjs", "main.ts", "main.js"}
CLI_DIRS = {"bin", "scripts", "cli", "commands"}
MOCK_MODULE = {"jest.mock", "vi.mock", "jest.doMock", "vi.doMock", "jest.unstable_mockModule"}
MOCK_METHOD = {
    "jest.spyOn",
    "vi.spyOn",
    "sinon.stub",
    "sinon.spy",
    "sinon.replace",
    "mock.method",
    "t.mock.method",
    "context.mock.method",
}
CODE_STATEMENTS = {
    "lexical_declaration",
    "variable_declaration",
    "return_statement",
    "if_statement",
    "for_statement",
    "for_in_statement",
    "while_statement",
    "throw_statement",
    "import_statement",
    "export_statement",
    "function_declaration",
    "class_declaration",
    "try_statement",
    "switch_statement",
}
CODE_EXPRESSIONS = {"call_expression", "assignment_expression", "augmented_assignment_expression", "await_expression"}
CODE_TAIL = re.compile(r"[;{}()]\s*$")


@cache
def _parser(tsx: bool):
    import tree_sitter
    import tree_sitter_typescript

    grammar = tree_sitter_typescript.language_tsx() if tsx else tree_sitter_typescript.language_typescript()
    return tree_sitter.Parser(tree_sitter.Language(grammar))


def parse(path: str, content: bytes):
    """The tree-sitter tree of one file (JavaScript parses with the TypeScript grammar; .tsx / .jsx
    with the TSX one)."""
    return _parser(path.endswith((".tsx", ".jsx"))).parse(content)


def is_ts_path(path: str) -> bool:
    return path.endswith(TS_SUFFIXES) and not path.endswith(".d.ts")


def walk(node):
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(current.children))


def _line(node) -> int:
    return node.start_point[0] + 1


def _text(node) -> str:
    return node.text.decode("utf-8", errors="replace") if node is not None else ""


def _callee(call) -> str:
    function = call.child_by_field_name("function")
    return re.sub(r"\s+", "", _text(function)) if function is not None else ""


def _is_constant(node) -> bool:
    if node is None:
        return True
    kind = node.type
    if kind in ("null", "undefined", "true", "false", "number", "string", "template_string") and not any(
        c.type == "template_substitution" for c in node.children
    ):
        return True
    if kind == "identifier" and _text(node) == "undefined":
        return True
    if kind in ("unary_expression", "parenthesized_expression"):
        return all(_is_constant(c) for c in node.named_children)
    if kind == "array":
        return all(_is_constant(c) for c in node.named_children)
    if kind == "object":
        return all(c.type == "pair" and _is_constant(c.child_by_field_name("value")) for c in node.named_children)
    return False


def _swallowing_body(body) -> bool:
    """A block that drops the error: empty (comments aside), or one `return <const>` / `x = <const>` /
    `continue` / `break`; an arrow function's expression body that is a constant."""
    if body is None:
        return True
    if body.type != "statement_block":
        return _is_constant(body)
    statements = [c for c in body.named_children if c.type != "comment"]
    if not statements:
        return True
    if len(statements) != 1:
        return False
    stmt = statements[0]
    if stmt.type in ("continue_statement", "break_statement", "empty_statement"):
        return True
    if stmt.type == "return_statement":
        values = [c for c in stmt.named_children if c.type != "comment"]
        return not values or _is_constant(values[0])
    if stmt.type == "expression_statement" and stmt.named_children:
        expr = stmt.named_children[0]
        return expr.type == "assignment_expression" and _is_constant(expr.child_by_field_name("right"))
    return False


def _parse_probe(try_body) -> bool:
    """A try block of one statement whose calls are parses (`JSON.parse(s)`, `new URL(u)`)."""
    statements = [c for c in try_body.named_children if c.type != "comment"] if try_body is not None else []
    if len(statements) != 1:
        return False
    calls = [n for n in walk(statements[0]) if n.type in ("call_expression", "new_expression")]
    names = []
    for call in calls:
        target = call.child_by_field_name("function") or call.child_by_field_name("constructor")
        names.append(_text(target).rsplit(".", 1)[-1])
    return bool(names) and all(name in PARSE_CALLS for name in names)


def swallowed(nodes: list) -> list[Finding]:
    found = []
    for node in nodes:
        if node.type == "catch_clause":
            try_body = node.parent.child_by_field_name("body") if node.parent is not None else None
            if _swallowing_body(node.child_by_field_name("body")) and not _parse_probe(try_body):
                found.append(Finding("swallowed_exception", "", _line(node), "catch-const"))
        elif node.type == "call_expression" and _callee(node).endswith(".catch"):
            arguments = node.child_by_field_name("arguments")
            handlers = [a for a in arguments.named_children] if arguments is not None else []
            if len(handlers) == 1 and handlers[0].type in ("arrow_function", "function_expression", "function"):
                if _swallowing_body(handlers[0].child_by_field_name("body")):
                    found.append(Finding("swallowed_exception", "", _line(handlers[0]), "promise-catch"))
    return found


def _comment_body(text: str) -> str:
    if text.startswith("//"):
        return text[2:].strip()
    return text.removeprefix("/*").removesuffix("*/").strip(" *\n\t")


def looks_like_code(body: str) -> bool:
    """A comment's text that parses as TypeScript code: a declaration, a control statement, a call or
    an assignment (prose does not parse, or parses only as a label / a lone name)."""
    if not body or body.startswith(("@", "eslint", "prettier", "<reference", "#", "http")) or TODO.search(body):
        return False
    tree = parse("comment.ts", body.encode())
    if tree.root_node.has_error:
        return False
    statements = [c for c in tree.root_node.named_children if c.type != "comment"]
    if not statements:
        return False
    for stmt in statements:
        if stmt.type in CODE_STATEMENTS:
            continue
        if stmt.type == "expression_statement" and stmt.named_children:
            expr = stmt.named_children[0]
            if expr.type in CODE_EXPRESSIONS or (expr.type == "member_expression" and CODE_TAIL.search(body)):
                continue
        return False
    return True


def comment_findings(nodes: list) -> list[Finding]:
    found = []
    for node in nodes:
        if node.type != "comment":
            continue
        text = _text(node)
        if SUPPRESSION.search(text):
            found.append(Finding("checker_suppression", "", _line(node), "directive"))
        if TODO.search(text):
            found.append(Finding("todo_stub", "", _line(node), "todo"))
        if text.startswith("//") and not text.startswith("///") and looks_like_code(_comment_body(text)):
            found.append(Finding("commented_out_code", "", _line(node), "code"))
    return found


def any_findings(nodes: list) -> list[Finding]:
    return [
        Finding("checker_suppression", "", _line(n), "any")
        for n in nodes
        if n.type == "predefined_type" and _text(n) == "any"
    ]


def debug_findings(nodes: list, entry_point: bool) -> list[Finding]:
    found = []
    for node in nodes:
        if node.type == "debugger_statement":
            found.append(Finding("debug_output", "", _line(node), "debugger"))
        elif node.type == "call_expression" and not entry_point:
            callee = _callee(node)
            if callee.startswith("console.") and callee.split(".", 1)[1] in DEBUG_METHODS:
                found.append(Finding("debug_output", "", _line(node), "console"))
    return found


def stub_findings(nodes: list) -> list[Finding]:
    found = []
    for node in nodes:
        if node.type != "throw_statement":
            continue
        thrown = next((c for c in node.named_children if c.type != "comment"), None)
        if thrown is None or thrown.type not in ("new_expression", "call_expression"):
            continue
        arguments = thrown.child_by_field_name("arguments")
        message = arguments.named_children[0] if arguments is not None and arguments.named_children else None
        if message is not None and message.type in ("string", "template_string"):
            if NOT_IMPLEMENTED.search(_text(message)):
                found.append(Finding("todo_stub", "", _line(node), "not-implemented"))
    return found


# -- the unit under test ------------------------------------------------------------------------
def function_names(tree) -> list[tuple[str, int, int]]:
    """(name, first line, last line) of each named function / method / function-valued const."""
    found = []
    for node in walk(tree.root_node):
        name = None
        if node.type in ("function_declaration", "generator_function_declaration", "method_definition"):
            name = _text(node.child_by_field_name("name"))
        elif node.type == "variable_declarator":
            value = node.child_by_field_name("value")
            if value is not None and value.type in ("arrow_function", "function_expression", "function"):
                name = _text(node.child_by_field_name("name"))
        elif node.type == "public_field_definition":
            value = node.child_by_field_name("value")
            if value is not None and value.type in ("arrow_function", "function_expression"):
                name = _text(node.child_by_field_name("name"))
        if name:
            found.append((name, node.start_point[0] + 1, node.end_point[0] + 1))
    return found


def changed_units(view: PatchView, paths: list[str]) -> tuple[set[str], set[str]]:
    """(names of the functions the patch changes in source, module stems of the changed source files)."""
    names, modules = set(), set()
    for path in paths:
        if view.kind(path) != SOURCE or view.after(path) is None:
            continue
        changed_names = set()
        for after, lines in ((True, view.added_lines(path)), (False, view.removed_lines(path))):
            content = view.after(path) if after else view.base(path)
            if content is None or not lines:
                continue
            for name, first, last in function_names(parse(path, content)):
                if any(first <= line <= last for line in lines):
                    changed_names.add(name)
        if changed_names or view.added_lines(path) or view.removed_lines(path):
            modules.add(PurePosixPath(path).with_suffix("").name)
        names |= changed_names
    return names, modules


def _string_value(node) -> str | None:
    if node is not None and node.type == "string":
        return _text(node)[1:-1]
    return None


def mocking_findings(nodes: list, names: set[str], modules: set[str]) -> list[Finding]:
    found = []
    for node in nodes:
        if node.type != "call_expression":
            continue
        callee = _callee(node)
        arguments = node.child_by_field_name("arguments")
        args = [a for a in arguments.named_children if a.type != "comment"] if arguments is not None else []
        if not args:
            continue
        if callee in MOCK_MODULE:
            target = _string_value(args[0])
            if target and target.startswith(".") and PurePosixPath(target).with_suffix("").name in modules:
                found.append(Finding("mocking_unit_under_test", "", _line(node), "module"))
        elif callee in MOCK_METHOD or callee.endswith(".mock.method"):
            method = _string_value(args[1]) if len(args) > 1 else None
            if method and method in names:
                found.append(Finding("mocking_unit_under_test", "", _line(node), "method"))
    return found


def entry_points(view: PatchView) -> set[str]:
    """Source files named as the package's entry points (package.json `main` / `bin`, compiled to
    dist/: mapped back to the TypeScript source)."""
    manifest = view.original.get("package.json")
    points: set[str] = set()
    if not manifest:
        return points
    try:
        data = json.loads(manifest)
    except ValueError:
        return points
    bins = data.get("bin") or {}
    values = [data.get("main")] + (list(bins.values()) if isinstance(bins, dict) else [bins])
    for value in values:
        if isinstance(value, str):
            rel = value.removeprefix("./")
            points.add(rel)
            if rel.startswith("dist/") and rel.endswith(".js"):
                points.add(rel[len("dist/") : -3] + ".ts")
    return points


def _is_entry_point(path: str, content: bytes, points: set[str]) -> bool:
    parts = PurePosixPath(path).parts
    return (
        path in points
        or (bool(parts) and parts[-1] in CLI_NAMES)
        or any(p in CLI_DIRS for p in parts[:-1])
        or content.startswith(b"#!")
        or b"require.main === module" in content
    )


def findings(view: PatchView, categories: tuple[str, ...]) -> dict[str, list[Finding]]:
    """New findings per category, one per (category, file, line) (see harness.scoring.banned.findings)."""
    per_category: dict[str, dict[tuple[str, int], Finding]] = {c: {} for c in categories}
    paths = [p for p in view.changed_paths if is_ts_path(p) and not view.is_binary(p)]
    lang = view.task.lang if view.task is not None else None
    names, modules = changed_units(view, paths)
    points = entry_points(view)
    versions: dict[str, tuple[list[Finding], list[Finding]]] = {}
    for path in paths:
        kind = view.kind(path)
        test = kind == TEST or (lang is not None and lang.is_test_file(path))
        if (kind not in (SOURCE, TEST) and not test) or path in view.renamed_to:
            continue
        sides = {}
        for after in (True, False):
            content = view.after(path) if after else view.base(path)
            if content is None:
                sides[after] = []
                continue
            nodes = list(walk(parse(path, content).root_node))
            items = swallowed(nodes) + comment_findings(nodes) + any_findings(nodes) + stub_findings(nodes)
            items += debug_findings(nodes, entry_point=not test and _is_entry_point(path, content, points))
            if test:
                items += mocking_findings(nodes, names, modules)
            sides[after] = items
        versions[path] = (sides[True], sides[False])
    introduced = view.introduced(versions)
    for path in versions:
        if view.after(path) is None:
            continue
        for finding in introduced[path]:
            finding.path = path
            per_category[finding.category].setdefault((path, finding.line), finding)
    return {c: list(v.values()) for c, v in per_category.items()}


def unparsed(view: PatchView) -> dict[str, str]:
    """Changed TypeScript source / test files a version of which tree-sitter cannot parse -> why."""
    reasons = {}
    for path in view.changed_paths:
        if not is_ts_path(path) or view.is_binary(path) or view.kind(path) not in (SOURCE, TEST):
            continue
        for after, side in ((False, "original"), (True, "changed")):
            content = view.after(path) if after else view.base(path)
            if content is None:
                continue
            root = parse(path, content).root_node
            if root.has_error:
                bad = next((n for n in walk(root) if n.type == "ERROR" or n.is_missing), root)
                reasons.setdefault(path, f"{path} ({side}): syntax error (line {_line(bad)})")
    return reasons
