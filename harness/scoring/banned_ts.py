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

- hardcoded_special_case (source files): an added `if` / `while` / ternary / `case` comparing (=== / ==
  / !== / !=, `[...].includes(x)`, a module-level table's `.has(x)` / `.includes(x)` / `x in T`) against
  a literal of the visible tests, the tests the patch changes or adds, or the instruction, that the
  original source never uses (harness.scoring.banned.special_case_hits, shared with Python);
- compat_shim (source files): see compat_findings (knobs no caller passes, flag parameters, flag
  constants, legacy / compat branches, env reads of new keys, aliases of renamed functions) and
  compat_marks (compat / `@deprecated` comments, Node version checks, require fallbacks).

Every category is measured (UNMEASURED is empty).
"""

from __future__ import annotations

import json
import re
from pathlib import PurePosixPath

from harness.scoring import syntax_tree
from harness.scoring.banned import COMPAT_TEXT, FLAG_CONST
from harness.scoring.patch_view import SOURCE, TEST, Finding, PatchView
from harness.scoring.python_ast import CallSites
from harness.scoring.syntax_tree import FLAG_IN_CONDITION, FLAG_NAME, TODO, collect, literal_keys_of, parser, walk
from harness.scoring.syntax_tree import callee as _callee
from harness.scoring.syntax_tree import line as _line
from harness.scoring.syntax_tree import text as _text

UNMEASURED: tuple[str, ...] = ()  # every banned category is looked for (banned.metrics reads this)

TS_SUFFIXES = (".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs")
SUPPRESSION = re.compile(r"@ts-(ignore|expect-error|nocheck)\b|\beslint-disable(-next-line|-line)?\b")
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


def parse(path: str, content: bytes):
    """The tree-sitter tree of one file (JavaScript parses with the TypeScript grammar; .tsx / .jsx
    with the TSX one)."""
    return parser("tsx" if path.endswith((".tsx", ".jsx")) else "typescript").parse(content)


def is_ts_path(path: str) -> bool:
    return path.endswith(TS_SUFFIXES) and not path.endswith(".d.ts")


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
    paths = [p for p in view.changed_paths if is_ts_path(p) and not view.is_binary(p)]
    names, modules = changed_units(view, paths)
    points = entry_points(view)

    def side(path: str, content: bytes, test: bool) -> list[Finding]:
        nodes = list(walk(parse(path, content).root_node))
        items = (
            swallowed(nodes)
            + syntax_tree.comment_findings(nodes, SUPPRESSION, looks_like_code, "directive")
            + any_findings(nodes)
            + stub_findings(nodes)
        )
        items += debug_findings(nodes, entry_point=not test and _is_entry_point(path, content, points))
        if test:
            items += mocking_findings(nodes, names, modules)
        elif view.kind(path) == SOURCE:
            items += compat_marks(nodes)
        return items

    test_literals, source_literals = syntax_tree.literal_sets(view, literals_of)
    calls = changed_call_sites(view, paths)

    def added(path: str) -> list[Finding]:
        root = parse(path, view.after(path)).root_node
        return hardcoded_findings(root, view.added_lines(path), test_literals, source_literals) + compat_findings(
            view, path, calls
        )

    return collect(view, categories, paths, side, added)


def changed_call_sites(view: PatchView, paths: list[str]) -> dict[str, CallSites]:
    """Call sites of the original source and tests (the task's facts) and of the post-change versions
    of the changed TypeScript source and test files (the tests the patch adds included)."""
    sites: dict[str, CallSites] = {}
    for name, site in (view.facts.calls if view.facts else {}).items():
        sites[name] = CallSites(set(site.keywords), site.positional, site.starred)
    if view.facts is None:  # no task facts (a view built without them): read the original files here
        for path, content in view.original.items():
            if is_ts_path(path):
                call_sites(walk(parse(path, content).root_node), sites)
    for path in paths:
        content = view.after(path)
        if content is not None and view.kind(path) in (SOURCE, TEST):
            call_sites(walk(parse(path, content).root_node), sites)
    return sites


def unparsed(view: PatchView) -> dict[str, str]:
    """Changed TypeScript source / test files a version of which tree-sitter cannot parse -> why."""
    return syntax_tree.unparsed(view, is_ts_path, parse)


# -- literals and call sites (the task's facts, harness.scoring.task_facts) -----------------------
def _literal_value(node) -> object | None:
    """The value of a string / number / substitution-free template literal node (a negated number
    too), else None."""
    if node.type == "string" or (
        node.type == "template_string" and not any(c.type == "template_substitution" for c in node.children)
    ):
        return _text(node)[1:-1]
    if node.type == "number":
        try:
            return float(_text(node).replace("_", "")) if "." in _text(node) else int(_text(node).replace("_", ""), 0)
        except ValueError:
            return None
    if node.type == "unary_expression" and _text(node).startswith("-") and node.named_children:
        inner = _literal_value(node.named_children[0]) if node.named_children[0].type == "number" else None
        return -inner if isinstance(inner, int | float) else None
    return None


def literals_in_nodes(nodes) -> set[str]:
    """Literal keys (harness.scoring.python_ast.literal_keys: 10.05, '10.05' compare equal) of the
    string and number literals among tree-sitter nodes."""
    kinds = ("string", "template_string", "number", "unary_expression")
    return literal_keys_of(nodes, lambda node: _literal_value(node) if node.type in kinds else None)


def literals_of(path: str, content: bytes) -> set[str]:
    return literals_in_nodes(walk(parse(path, content).root_node)) if is_ts_path(path) else set()


def _last_name(node) -> str | None:
    if node is None:
        return None
    if node.type in ("identifier", "property_identifier", "type_identifier", "super", "this"):
        return _text(node)
    if node.type == "member_expression":
        return _text(node.child_by_field_name("property"))
    return None


def call_sites(nodes, into: dict[str, CallSites] | None = None) -> dict[str, CallSites]:
    """Callee (last name: `f`, `obj.f`, `Cls` of `new Cls(...)`, `super`) -> how it is called: the most
    positional arguments and whether a call spreads `...args`. A function handed to a call as a value
    (`router.get("/x", handler)`, `items.map(view)`, `{ onDone: finish }`) is called by code the
    source does not show: it is marked as called with anything (starred)."""
    sites = into if into is not None else {}
    for node in nodes:
        if node.type not in ("call_expression", "new_expression"):
            continue
        target = node.child_by_field_name("function") or node.child_by_field_name("constructor")
        arguments = node.child_by_field_name("arguments")
        args = [a for a in arguments.named_children if a.type != "comment"] if arguments is not None else []
        name = _last_name(target)
        if name is not None:
            site = sites.setdefault(name, CallSites())
            site.positional = max(site.positional, sum(1 for a in args if a.type != "spread_element"))
            site.starred = site.starred or any(a.type == "spread_element" for a in args)
        for arg in args:
            values = [arg]
            if arg.type == "object":
                values = [c.child_by_field_name("value") or c for c in arg.named_children]
            for value in values:
                referenced = _last_name(value) if value is not None else None
                if referenced is not None and value.type in (
                    "identifier",
                    "member_expression",
                    "shorthand_property_identifier",
                ):
                    sites.setdefault(referenced, CallSites()).starred = True
                elif value is not None and value.type == "shorthand_property_identifier":
                    sites.setdefault(_text(value), CallSites()).starred = True
    return sites


# -- hardcoded special cases ----------------------------------------------------------------------
EQUALITY = {"===", "==", "!==", "!="}
MEMBERSHIP = {"includes", "has", "indexOf"}


def _module_tables(root) -> dict[str, list]:
    """Top-level `const NAME = [...] / {...} / new Set([...]) / new Map([...])` -> their literal nodes
    (an object's keys, an array's / Set's items, a Map's keys)."""
    tables: dict[str, list] = {}
    for stmt in root.named_children:
        decl = stmt.named_children[0] if stmt.type == "export_statement" and stmt.named_children else stmt
        if decl.type not in ("lexical_declaration", "variable_declaration"):
            continue
        for declarator in decl.named_children:
            value = declarator.child_by_field_name("value") if declarator.type == "variable_declarator" else None
            name = _text(declarator.child_by_field_name("name")) if value is not None else ""
            while value is not None and value.type in ("as_expression", "satisfies_expression"):
                value = value.named_children[0] if value.named_children else None
            if value is None:
                continue
            if value.type == "object":
                items = [p.child_by_field_name("key") for p in value.named_children if p.type == "pair"]
            elif value.type == "array":
                items = list(value.named_children)
            elif value.type == "new_expression" and _text(value.child_by_field_name("constructor")) in ("Set", "Map"):
                arguments = value.child_by_field_name("arguments")
                first = arguments.named_children[0] if arguments is not None and arguments.named_children else None
                entries = first.named_children if first is not None and first.type == "array" else []
                items = [e.named_children[0] if e.type == "array" and e.named_children else e for e in entries]
            else:
                continue
            tables[name] = [n for item in items if item is not None for n in walk(item)]
    return tables


def _compared_literals(condition, tables: dict[str, list]) -> list:
    """Literal nodes a condition compares against: operands of === / == / !== / !=, a membership test
    on a literal array / a module-level table (`["A", "B"].includes(x)`, `OVERRIDES.has(sku)`,
    `sku in OVERRIDES`)."""
    found = []
    for node in walk(condition):
        if node.type == "binary_expression":
            operator = _text(node.child_by_field_name("operator"))
            operands = [node.child_by_field_name("left"), node.child_by_field_name("right")]
            if operator in EQUALITY:
                found += [n for operand in operands if operand is not None for n in walk(operand)]
            elif operator == "in" and operands[1] is not None and operands[1].type == "identifier":
                found += tables.get(_text(operands[1]), []) + (list(walk(operands[0])) if operands[0] else [])
        elif node.type == "call_expression":
            function = node.child_by_field_name("function")
            if function is not None and function.type == "member_expression":
                if _text(function.child_by_field_name("property")) in MEMBERSHIP:
                    owner = function.child_by_field_name("object")
                    arguments = node.child_by_field_name("arguments")
                    if owner is not None and owner.type == "array":
                        found += list(walk(owner)) + (list(walk(arguments)) if arguments is not None else [])
                    elif owner is not None and owner.type == "identifier" and _text(owner) in tables:
                        found += tables[_text(owner)] + (list(walk(arguments)) if arguments is not None else [])
    return [n for n in found if n.type in ("string", "template_string", "number", "unary_expression")]


def hardcoded_findings(root, lines: set[int], test_literals: set[str], source_literals: set[str]) -> list[Finding]:
    """A new `if` / `while` / ternary / `case` comparing against a literal of the visible tests or the
    instruction that the original source never uses (harness.scoring.banned.special_case_hits)."""
    tables = _module_tables(root)

    def compared(node) -> list:
        if node.type in ("if_statement", "while_statement", "ternary_expression"):
            return _compared_literals(node.child_by_field_name("condition"), tables)
        if node.type == "switch_case":
            value = node.child_by_field_name("value")
            return list(walk(value)) if value is not None else []
        return []

    return syntax_tree.special_cases(root, lines, compared, _literal_value, test_literals, source_literals)


# -- compat shims / flags -------------------------------------------------------------------------
FUNCTIONS = ("arrow_function", "function_expression", "function", "generator_function")


def definitions(root) -> dict[str, object]:
    """Qualified name -> node of each class, function, method (`Store.reserve`; a constructor is
    `Store.constructor`) and function-valued top-level const, the first of a name winning."""
    found: dict[str, object] = {}

    def visit(node, prefix: str) -> None:
        for child in node.named_children:
            name, inner = None, prefix
            if child.type in ("class_declaration", "abstract_class_declaration", "class"):
                name = _text(child.child_by_field_name("name"))
                if name:
                    found.setdefault(prefix + name, child)
                    visit(child.child_by_field_name("body") or child, prefix + name + ".")
                continue
            if child.type in ("function_declaration", "generator_function_declaration", "method_definition"):
                name = _text(child.child_by_field_name("name"))
            elif child.type == "variable_declarator":
                value = child.child_by_field_name("value")
                if value is not None and value.type in FUNCTIONS:
                    name = _text(child.child_by_field_name("name"))
                    child = value
            if name:
                found.setdefault(prefix + name, child)
                continue
            if child.type in ("export_statement", "lexical_declaration", "variable_declaration", "class_body"):
                visit(child, inner)

    visit(root, "")
    return found


def _parameters(function) -> list[tuple[str, bool, int]]:
    """(name, defaulted or optional, line) of a function's parameters in order (`this` left out)."""
    params = function.child_by_field_name("parameters")
    if params is None:
        single = function.child_by_field_name("parameter")  # `x => ...`
        return [(_text(single), False, _line(single))] if single is not None else []
    result = []
    for param in params.named_children:
        if param.type not in ("required_parameter", "optional_parameter"):
            continue
        pattern = param.child_by_field_name("pattern")
        name = _text(pattern)
        if name == "this":
            continue
        defaulted = param.type == "optional_parameter" or param.child_by_field_name("value") is not None
        result.append((name, defaulted, _line(param)))
    return result


def _env_key(node) -> str | None:
    """The key of a `process.env.X` / `process.env["X"]` read ("?" for a computed key), else None."""
    if node.type == "member_expression" and _text(node.child_by_field_name("object")) == "process.env":
        return _text(node.child_by_field_name("property"))
    if node.type == "subscript_expression" and _text(node.child_by_field_name("object")) == "process.env":
        index = node.child_by_field_name("index")
        value = _string_value(index)
        return value if value is not None else "?"
    return None


def compat_marks(nodes: list) -> list[Finding]:
    """Compat shims one file version holds, matched to the original like any finding: comments
    announcing compatibility or a deprecated alias (`/** @deprecated use reserveStock */`), Node
    version checks (`if (process.version ...)`), require / import fallbacks in a try."""
    found = []
    for node in nodes:
        if node.type == "comment":
            text = _text(node)
            if COMPAT_TEXT.search(text) or "@deprecated" in text:
                found.append(Finding("compat_shim", "", _line(node), "text"))
        elif node.type in ("if_statement", "ternary_expression"):
            condition = _text(node.child_by_field_name("condition"))
            if re.search(r"process\.versions?\b", condition):
                found.append(Finding("compat_shim", "", _line(node), "version-check"))
        elif node.type == "try_statement":
            body = node.child_by_field_name("body")
            if (
                body is not None
                and any(n.type == "call_expression" and _callee(n) in ("require", "import") for n in walk(body))
                and node.child_by_field_name("handler") is not None
            ):
                found.append(Finding("compat_shim", "", _line(node.child_by_field_name("handler")), "import-fallback"))
    return found


def _top_level_names(root) -> set[str]:
    names = set()
    for stmt in root.named_children:
        decl = stmt.named_children[0] if stmt.type == "export_statement" and stmt.named_children else stmt
        if decl.type in ("lexical_declaration", "variable_declaration"):
            names |= {
                _text(d.child_by_field_name("name")) for d in decl.named_children if d.type == "variable_declarator"
            }
    return names


def compat_findings(view: PatchView, path: str, calls: dict[str, CallSites]) -> list[Finding]:
    """New knobs, flags, env switches and aliases in one source file (post-change against original):

    - a defaulted / optional parameter added to an existing function (same qualified name in the
      original file) that no call passes (`calls`: the original source and tests and the changed
      ones, new tests included; `new Store(...)` / `super(...)` calls a constructor; a function handed
      to a call as a value may be passed anything);
    - a new parameter named as a flag (`legacy`, `useLegacyRounding`, `compat`, `oldPath`), defaulted;
    - a new top-level `const` flag: UPPER_CASE bound to true / false or to an env read, or named as a
      flag (`USE_LEGACY_*`, `*_COMPAT`, `ENABLE_*`);
    - an added `if` / ternary whose condition reads a legacy / compat / deprecated name;
    - an env read (`process.env.X`) of a key the original source never names;
    - an alias keeping a renamed function's old name (`export const reserve = reserveStock;`,
      `export { reserveStock as reserve }`) where the old name was a function of the original file."""
    both = syntax_tree.versions(view, path, parse, definitions, is_ts_path)
    if both is None:
        return []
    added, root, old_root, old_defs, new_defs = both.added, both.root, both.old_root, both.old_defs, both.new_defs
    source_text = both.source_text
    found: list[Finding] = []
    for qualname, node in new_defs.items():
        if node.type in ("class_declaration", "abstract_class_declaration", "class"):
            continue
        old = old_defs.get(qualname)
        old_params = (
            {name for name, _, _ in _parameters(old)} if old is not None and old.type != "class_declaration" else set()
        )
        owner, _, name = qualname.rpartition(".")
        names = {owner.rsplit(".", 1)[-1], "super"} if name == "constructor" and owner else {name}
        for index, (param, defaulted, line) in enumerate(_parameters(node)):
            if param in old_params or line not in added or not defaulted:
                continue
            if FLAG_NAME.search(param.lstrip("{[ ")):
                found.append(Finding("compat_shim", "", line, f"param {param}"))
            elif old is not None and not any(
                n in calls and (calls[n].starred or calls[n].positional > index) for n in names
            ):
                found.append(Finding("compat_shim", "", line, f"knob {param}"))
    old_names = _top_level_names(old_root) if old_root is not None else set()
    for stmt in root.named_children:
        decl = stmt.named_children[0] if stmt.type == "export_statement" and stmt.named_children else stmt
        if _line(stmt) not in added:
            continue
        if decl.type == "export_clause":
            for spec in decl.named_children:
                alias = spec.child_by_field_name("alias")
                original = _text(spec.child_by_field_name("name"))
                if (
                    alias is not None
                    and _text(alias) in old_defs
                    and _text(alias) not in new_defs
                    and original in new_defs
                ):
                    found.append(Finding("compat_shim", "", _line(spec), f"alias {_text(alias)}"))
        if decl.type not in ("lexical_declaration", "variable_declaration"):
            continue
        for declarator in decl.named_children:
            if declarator.type != "variable_declarator":
                continue
            name = _text(declarator.child_by_field_name("name"))
            value = declarator.child_by_field_name("value")
            if value is None or name in old_names:
                continue
            if value.type == "identifier" and name in old_defs and name not in new_defs and _text(value) in new_defs:
                found.append(Finding("compat_shim", "", _line(declarator), f"alias {name}"))
                continue
            flag_value = value.type in ("true", "false") or any(_env_key(n) is not None for n in walk(value))
            if name.isupper() and (flag_value or FLAG_CONST.search(name)):
                found.append(Finding("compat_shim", "", _line(declarator), f"flag {name}"))
    for node in walk(root):
        if _line(node) not in added:
            continue
        if node.type in ("if_statement", "ternary_expression"):
            condition = node.child_by_field_name("condition")
            names = [_text(n) for n in walk(condition) if n.type in ("identifier", "property_identifier")]
            if any(FLAG_IN_CONDITION.search(n) for n in names):
                found.append(Finding("compat_shim", "", _line(node), "flag-branch"))
        elif (key := _env_key(node)) is not None and (key == "?" or key.encode() not in source_text):
            found.append(Finding("compat_shim", "", _line(node), f"env {key}"))
    return found
