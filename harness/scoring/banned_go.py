"""Banned patterns in Go, found with tree-sitter (tree-sitter-go), on the categories of
harness.scoring.banned (one set of banned_* counts for every language).

Both versions of every changed `.go` source / test file are read and PatchView.introduced keeps
what the patch introduced (harness.scoring.syntax_tree.collect: added lines only, an original finding
carried over by an edit in place or a move is not new). Detected:

- swallowed_exception (ignored errors): `_ = err` (a blank assignment of an error-named value) or of a
  call's only result (`_ = f.Close()`), an assignment whose last target is `_` and whose value is one
  call (`_, _ = f()`, `n, _ := strconv.Atoi(s)`; not the stdlib calls whose last result is not an
  error: `strings.Cut`, `utf8.DecodeRuneInString`, `sync.Map.Load`, `os.LookupEnv`, ...), and
  `if err != nil { ... }` whose body is empty or one `return` that drops the error (its values do
  not name err and the last one is `nil`: `return nil`, `return x, nil`);
- checker_suppression: `//nolint` (with or without linters), `//lint:ignore`, `#nosec` comments;
- debug_output: `fmt.Print` / `fmt.Println` / `fmt.Printf`, `log.Print` / `log.Println`, the builtin
  `print` / `println`, outside `package main` (`log.Printf` / `log.Fatal*` are the service's logging);
- commented_out_code: `//` comments whose text parses as Go statements or declarations (prose,
  directives, doc sentences and TODO notes do not);
- todo_stub: TODO / FIXME / XXX / HACK comments, `panic("TODO")` / `panic("not implemented")`,
  `return ..., errors.New("not implemented")`;
- hardcoded_special_case (source files): an added `if` / `for` condition or `switch` case comparing
  (== / !=, `slices.Contains([]T{...}, x)`, `strings.EqualFold`, a module-level map / slice table
  indexed or ranged in the condition) against a literal of the visible tests, the tests the patch
  changes or adds, or the instruction, that the original source never uses
  (harness.scoring.banned.special_case_hits, shared with Python and TypeScript);
- compat_shim (source files): see compat_findings (flag parameters, flag constants, legacy / compat
  branches, env reads of new keys, aliases of renamed functions) and compat_marks (compat /
  `Deprecated:` comments, `runtime.Version()` checks).

Not measured (UNMEASURED, None with UNMEASURED_REASON): mocking_unit_under_test.
"""

from __future__ import annotations

import re

from harness.scoring import syntax_tree
from harness.scoring.banned import COMPAT_TEXT, FLAG_CONST
from harness.scoring.patch_view import SOURCE, TEST, Finding, PatchView
from harness.scoring.syntax_tree import FLAG_IN_CONDITION, FLAG_NAME, TODO, collect, literal_keys_of, parser, walk
from harness.scoring.syntax_tree import arguments as _arguments
from harness.scoring.syntax_tree import callee as _callee
from harness.scoring.syntax_tree import line as _line
from harness.scoring.syntax_tree import text as _text

UNMEASURED: tuple[str, ...] = ("mocking_unit_under_test",)
UNMEASURED_REASON = (
    "could not measure for go: banned_mocking_unit_under_test (Go mocks are hand-written fakes of an "
    "interface, not a library call a detector can name)"
)

SUPPRESSION = re.compile(r"^//\s*nolint\b|^//\s*lint:ignore\b|#nosec\b")
NOT_IMPLEMENTED = re.compile(r"not\s+(yet\s+)?implemented|unimplemented|^\W*todo\W*$|\bstub\b", re.I)
DEBUG_CALLS = {"fmt.Print", "fmt.Println", "fmt.Printf", "log.Print", "log.Println", "print", "println"}
# stdlib calls whose last result is not an error: discarding it is no ignored error
NOT_ERROR_LAST = {
    "Cut",
    "CutPrefix",
    "CutSuffix",
    "DecodeRune",
    "DecodeRuneInString",
    "DecodeLastRune",
    "DecodeLastRuneInString",
    "Load",
    "LoadOrStore",
    "LoadAndDelete",
    "Deadline",
    "LookupEnv",
    "Caller",
    "FromContext",
    "Float64",
    "Int64",
    "Uint64",
}
ERROR_NAME = re.compile(r"^(err|e|error)$|Err$|err$|Error$")
CODE_STATEMENTS = {
    "short_var_declaration",
    "assignment_statement",
    "return_statement",
    "if_statement",
    "for_statement",
    "expression_switch_statement",
    "type_switch_statement",
    "go_statement",
    "defer_statement",
    "var_declaration",
    "const_declaration",
    "inc_statement",
    "dec_statement",
    "send_statement",
}
DECLARATIONS = {"function_declaration", "method_declaration", "type_declaration", "import_declaration"}
# A doc comment's code example is indented past the comment's own space (`//     r := mux.NewRouter()`,
# `//\tx := f()`): it quotes code, it does not keep it.
QUOTED = re.compile(r"^//(\t|   )")
DIRECTIVE = re.compile(r"^(go:|\+build|nolint|lint:|export |line |#nosec|\s*$)")


def parse(path: str, content: bytes):
    return parser("go").parse(content)


def is_go_path(path: str) -> bool:
    return path.endswith(".go")


def _statements(block) -> list:
    """The statements of a block (comments aside)."""
    if block is None:
        return []
    inner = next((c for c in block.named_children if c.type == "statement_list"), None)
    return [c for c in (inner or block).named_children if c.type not in ("comment", "statement_list")]


def package_name(root) -> str:
    clause = next((c for c in root.named_children if c.type == "package_clause"), None)
    ident = clause.named_children[0] if clause is not None and clause.named_children else None
    return _text(ident)


# -- ignored errors --------------------------------------------------------------------------------
def _targets_and_values(node) -> tuple[list, list]:
    if node.type in ("assignment_statement", "short_var_declaration"):
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
    elif node.type == "var_spec":
        left, right = node, node.child_by_field_name("value")
        names = [c for c in node.named_children if c.type == "identifier"]
        values = [c for c in right.named_children] if right is not None else []
        return names, values
    else:
        return [], []
    return (list(left.named_children) if left else []), (list(right.named_children) if right else [])


def _error_check(condition) -> str | None:
    """The error's name when a condition is `err != nil` (either side)."""
    if condition is None or condition.type != "binary_expression":
        return None
    if _text(condition.child_by_field_name("operator")) != "!=":
        return None
    left, right = condition.child_by_field_name("left"), condition.child_by_field_name("right")
    for a, b in ((left, right), (right, left)):
        if (
            a is not None
            and b is not None
            and a.type == "identifier"
            and b.type == "nil"
            and ERROR_NAME.search(_text(a))
        ):
            return _text(a)
    return None


def ignored_errors(nodes: list, test_file: bool = False) -> list[Finding]:
    """Ignored errors among the nodes. In a test file, a call's result discarded with `_` is a test's
    setup shortcut (`req, _ := http.NewRequest(...)`: a failure there fails the test when the value is
    used, it hides nothing), not counted; an error value dropped or an empty error branch is."""
    found = []
    for node in nodes:
        if node.type in ("assignment_statement", "short_var_declaration", "var_spec"):
            if node.type == "assignment_statement" and _text(node.child_by_field_name("operator")) != "=":
                continue
            targets, values = _targets_and_values(node)
            if not targets or _text(targets[-1]) != "_":
                continue
            if len(values) == 1 and values[0].type == "call_expression":
                if not test_file and _callee(values[0]).rsplit(".", 1)[-1] not in NOT_ERROR_LAST:
                    found.append(Finding("swallowed_exception", "", _line(node), "blank-result"))
            elif len(targets) == len(values) == 1 and values[0].type == "identifier":
                if ERROR_NAME.search(_text(values[0])):
                    found.append(Finding("swallowed_exception", "", _line(node), "blank-err"))
        elif node.type == "if_statement":
            name = _error_check(node.child_by_field_name("condition"))
            if name is None:
                continue
            body = _statements(node.child_by_field_name("consequence"))
            if not body:
                found.append(Finding("swallowed_exception", "", _line(node), "empty-err-branch"))
            elif len(body) == 1 and body[0].type == "return_statement":
                values = [
                    c
                    for n in body[0].named_children
                    for c in (n.named_children if n.type == "expression_list" else [n])
                ]
                mentions = any(n.type == "identifier" and _text(n) == name for v in values for n in walk(v))
                if values and values[-1].type == "nil" and not mentions:
                    found.append(Finding("swallowed_exception", "", _line(node), "err-dropped"))
    return found


# -- comments, debug output, stubs ------------------------------------------------------------------
def looks_like_code(body: str) -> bool:
    """A comment's text that parses as Go: statements in a function body (a call, an assignment, a
    declaration, a control statement) or a top-level declaration; prose does not parse, or parses only
    as a lone name or label."""
    if not body or DIRECTIVE.match(body) or TODO.search(body) or body.startswith(("http", "Deprecated")):
        return False
    for wrapped, top in ((f"package p\nfunc _() {{\n{body}\n}}\n", False), (f"package p\n{body}\n", True)):
        root = parse("comment.go", wrapped.encode()).root_node
        if root.has_error:
            continue
        if top:
            decls = [c for c in root.named_children if c.type not in ("package_clause", "comment")]
            return bool(decls) and all(c.type in DECLARATIONS | {"var_declaration", "const_declaration"} for c in decls)
        function = next(c for c in root.named_children if c.type == "function_declaration")
        statements = _statements(function.child_by_field_name("body"))
        if not statements:
            return False
        for stmt in statements:
            if stmt.type in CODE_STATEMENTS:
                continue
            if stmt.type == "expression_statement" and stmt.named_children:
                if stmt.named_children[0].type in ("call_expression", "receive_expression"):
                    continue
            return False
        return True
    return False


def debug_findings(nodes: list, main: bool) -> list[Finding]:
    if main:
        return []
    return [
        Finding("debug_output", "", _line(n), _callee(n))
        for n in nodes
        if n.type == "call_expression" and _callee(n) in DEBUG_CALLS
    ]


def _message(node) -> str | None:
    """The text of a string literal, or of the format of `fmt.Sprintf` / `errors.New` / `fmt.Errorf`."""
    if node is None:
        return None
    if node.type in ("interpreted_string_literal", "raw_string_literal"):
        return _text(node)[1:-1]
    if node.type == "call_expression" and _callee(node) in ("fmt.Sprintf", "errors.New", "fmt.Errorf"):
        args = _arguments(node)
        return _message(args[0]) if args else None
    return None


def stub_findings(nodes: list) -> list[Finding]:
    found = []
    for node in nodes:
        if node.type == "call_expression" and _callee(node) == "panic":
            args = _arguments(node)
            message = _message(args[0]) if args else None
            if message is not None and NOT_IMPLEMENTED.search(message):
                found.append(Finding("todo_stub", "", _line(node), "panic-stub"))
        elif node.type == "return_statement":
            for value in walk(node):
                if value.type == "call_expression" and _callee(value) in ("errors.New", "fmt.Errorf"):
                    message = _message(value)
                    if message is not None and re.search(r"not\s+(yet\s+)?implemented|unimplemented", message, re.I):
                        found.append(Finding("todo_stub", "", _line(node), "error-stub"))
                        break
    return found


# -- literals (the task's facts, harness.scoring.task_facts) --------------------------------------
STRING_TYPES = ("interpreted_string_literal", "raw_string_literal")
NUMBER_TYPES = ("int_literal", "float_literal")


def literal_value(node) -> object | None:
    """The value of a string / number literal node (a negated number too), else None."""
    if node.type in STRING_TYPES:
        return _text(node)[1:-1]
    if node.type in NUMBER_TYPES:
        raw = _text(node).replace("_", "")
        try:
            if node.type == "float_literal":
                return float(raw)
            if len(raw) > 1 and raw[0] == "0" and raw[1].isdigit():
                return int(raw, 8)
            return int(raw, 0)
        except ValueError:
            return None
    if node.type == "unary_expression" and _text(node).startswith("-") and node.named_children:
        inner = node.named_children[0]
        value = literal_value(inner) if inner.type in NUMBER_TYPES else None
        return -value if isinstance(value, int | float) else None
    return None


def literals_in_nodes(nodes) -> set[str]:
    return literal_keys_of(nodes, literal_value)


def literals_of(path: str, content: bytes) -> set[str]:
    return literals_in_nodes(walk(parse(path, content).root_node)) if is_go_path(path) else set()


# -- hardcoded special cases ------------------------------------------------------------------------
def _module_tables(root) -> dict[str, list]:
    """Top-level `var NAME = map[K]V{...}` / `[]T{...}` -> their literal nodes (a map's keys, a
    slice's items)."""
    tables: dict[str, list] = {}
    for decl in root.named_children:
        if decl.type != "var_declaration":
            continue
        for spec in walk(decl):
            if spec.type != "var_spec":
                continue
            names, values = _targets_and_values(spec)
            for name, value in zip(names, values, strict=False):
                body = value.child_by_field_name("body") if value.type == "composite_literal" else None
                if body is None:
                    continue
                items = []
                for element in body.named_children:
                    if element.type == "keyed_element" and element.named_children:
                        items.append(element.named_children[0])
                    elif element.type == "literal_element":
                        items.append(element)
                tables[_text(name)] = [n for item in items for n in walk(item)]
    return tables


def _compared_literals(header: list, tables: dict[str, list]) -> list:
    found = []
    for part in header:
        for node in walk(part):
            if node.type == "binary_expression" and _text(node.child_by_field_name("operator")) in ("==", "!="):
                found += list(walk(node))
            elif node.type == "call_expression" and _callee(node) in (
                "slices.Contains",
                "strings.EqualFold",
                "strings.Contains",
            ):
                found += list(walk(node))
            elif node.type == "index_expression":
                operand = node.child_by_field_name("operand")
                if operand is not None and operand.type == "identifier" and _text(operand) in tables:
                    found += tables[_text(operand)] + list(walk(node))
    return [n for n in found if n.type in STRING_TYPES + NUMBER_TYPES + ("unary_expression",)]


def hardcoded_findings(root, lines: set[int], test_literals: set[str], source_literals: set[str]) -> list[Finding]:
    """A new `if` / `for` / `case` comparing against a literal of the visible tests or the instruction
    that the original source never uses (harness.scoring.banned.special_case_hits)."""
    tables = _module_tables(root)

    def compared(node) -> list:
        if node.type == "if_statement":
            header = [node.child_by_field_name("initializer"), node.child_by_field_name("condition")]
            return _compared_literals([h for h in header if h is not None], tables)
        if node.type == "for_statement":
            clause = next((c for c in node.named_children if c.type in ("for_clause", "binary_expression")), None)
            return _compared_literals([clause] if clause is not None else [], tables)
        if node.type == "expression_case":
            value = node.child_by_field_name("value")
            return list(walk(value)) if value is not None else []
        return []

    return syntax_tree.special_cases(root, lines, compared, literal_value, test_literals, source_literals)


# -- compat shims / flags ---------------------------------------------------------------------------
GO_FLAG = re.compile(
    r"^([uU]se|[eE]nable|[dD]isable|[oO]ld)[A-Z_]|(?i:legacy|compat|deprecated|fallback|feature|toggle)"
)
ENV_READS = {"os.Getenv", "os.LookupEnv", "syscall.Getenv"}


def definitions(root) -> dict[str, object]:
    """`Name` / `Receiver.Name` -> node of each function and method (the first of a name winning)."""
    found: dict[str, object] = {}
    for decl in root.named_children:
        if decl.type == "function_declaration":
            found.setdefault(_text(decl.child_by_field_name("name")), decl)
        elif decl.type == "method_declaration":
            receiver = decl.child_by_field_name("receiver")
            kind = next((n for n in walk(receiver) if n.type == "type_identifier"), None) if receiver else None
            found.setdefault(f"{_text(kind)}.{_text(decl.child_by_field_name('name'))}", decl)
    return found


def _parameters(function) -> list[tuple[str, int]]:
    params = function.child_by_field_name("parameters")
    result = []
    for param in params.named_children if params is not None else []:
        if param.type in ("parameter_declaration", "variadic_parameter_declaration"):
            for name in param.named_children:
                if name.type == "identifier":
                    result.append((_text(name), _line(name)))
    return result


def _top_level(root) -> dict[str, object]:
    """Name -> (value node or None) of each top-level const / var."""
    found: dict[str, object] = {}
    for decl in root.named_children:
        if decl.type not in ("const_declaration", "var_declaration"):
            continue
        for spec in walk(decl):
            if spec.type not in ("const_spec", "var_spec"):
                continue
            names = [c for c in spec.named_children if c.type == "identifier"]
            value = spec.child_by_field_name("value")
            values = list(value.named_children) if value is not None else []
            for i, name in enumerate(names):
                found.setdefault(_text(name), (spec, values[i] if i < len(values) else None))
    return found


def _env_key(node) -> str | None:
    if node.type == "call_expression" and _callee(node) in ENV_READS:
        args = _arguments(node)
        value = literal_value(args[0]) if args else None
        return value if isinstance(value, str) else "?"
    return None


def compat_marks(nodes: list) -> list[Finding]:
    """Compat shims one file version holds, matched to the original like any finding: comments
    announcing compatibility or a deprecated alias (`// Deprecated: use ReserveStock.`), Go version
    checks (`if runtime.Version() ...`)."""
    found = []
    for node in nodes:
        if node.type == "comment":
            text = _text(node)
            if COMPAT_TEXT.search(text) or re.match(r"//\s*Deprecated:", text):
                found.append(Finding("compat_shim", "", _line(node), "text"))
        elif node.type == "if_statement" and "runtime.Version" in _text(node.child_by_field_name("condition")):
            found.append(Finding("compat_shim", "", _line(node), "version-check"))
    return found


def compat_findings(view: PatchView, path: str) -> list[Finding]:
    """New flags, env switches and aliases in one source file (post-change against original):

    - a parameter named as a flag (`legacy`, `useLegacyRounding`, `compat`, `oldPath`) added to a
      function or method of the original file;
    - a new top-level const / var flag: bound to `true` / `false` or to an env read, or named as a flag
      (`UseLegacy*`, `*Compat*`, `Enable*`, `LEGACY_*`);
    - an added `if` whose condition reads a legacy / compat / deprecated name;
    - an env read (`os.Getenv("X")`) of a key the original source never names;
    - an alias keeping a removed function's old name (`var Reserve = ReserveStock`, `var parseAmount =
      money.Parse`) where the old name was a function of the original file and is no longer one."""
    both = syntax_tree.versions(view, path, parse, definitions, is_go_path)
    if both is None:
        return []
    added, root, old_root, old_defs, new_defs = both.added, both.root, both.old_root, both.old_defs, both.new_defs
    source_text = both.source_text
    found: list[Finding] = []
    for qualname, node in new_defs.items():
        old = old_defs.get(qualname)
        if old is None:
            continue
        old_params = {name for name, _ in _parameters(old)}
        for param, line in _parameters(node):
            if param not in old_params and line in added and FLAG_NAME.search(param):
                found.append(Finding("compat_shim", "", line, f"param {param}"))
    old_top = _top_level(old_root) if old_root is not None else {}
    for name, (spec, value) in _top_level(root).items():
        if name in old_top or _line(spec) not in added:
            continue
        if value is not None and value.type in ("identifier", "selector_expression"):
            if name in old_defs and name not in new_defs:  # `var parseAmount = money.Parse`: the old name kept
                found.append(Finding("compat_shim", "", _line(spec), f"alias {name}"))
                continue
        flag_value = value is not None and (
            value.type in ("true", "false") or any(_env_key(n) is not None for n in walk(value))
        )
        if flag_value or FLAG_CONST.search(name) or GO_FLAG.search(name):
            found.append(Finding("compat_shim", "", _line(spec), f"flag {name}"))
    for node in walk(root):
        if _line(node) not in added:
            continue
        if node.type == "if_statement":
            condition = node.child_by_field_name("condition")
            names = [_text(n) for n in walk(condition) if n.type in ("identifier", "field_identifier")]
            if any(FLAG_IN_CONDITION.search(n) for n in names):
                found.append(Finding("compat_shim", "", _line(node), "flag-branch"))
        elif (key := _env_key(node)) is not None and (key == "?" or key.encode() not in source_text):
            found.append(Finding("compat_shim", "", _line(node), f"env {key}"))
    return found


# -- the family ---------------------------------------------------------------------------------------
def findings(view: PatchView, categories: tuple[str, ...]) -> dict[str, list[Finding]]:
    """New findings per category, one per (category, file, line) (see harness.scoring.banned.findings)."""
    paths = [p for p in view.changed_paths if is_go_path(p) and not view.is_binary(p)]

    def side(path: str, content: bytes, test: bool) -> list[Finding]:
        root = parse(path, content).root_node
        nodes = list(walk(root))
        items = (
            ignored_errors(nodes, test_file=view.kind(path) == TEST)
            + syntax_tree.comment_findings(nodes, SUPPRESSION, looks_like_code, "nolint", QUOTED)
            + stub_findings(nodes)
        )
        items += debug_findings(nodes, main=package_name(root) == "main")
        if not test and view.kind(path) == SOURCE:
            items += compat_marks(nodes)
        return items

    test_literals, source_literals = syntax_tree.literal_sets(view, literals_of)

    def added(path: str) -> list[Finding]:
        root = parse(path, view.after(path)).root_node
        return hardcoded_findings(root, view.added_lines(path), test_literals, source_literals) + compat_findings(
            view, path
        )

    return collect(view, categories, paths, side, added)


def unparsed(view: PatchView) -> dict[str, str]:
    """Changed Go source / test files a version of which tree-sitter cannot parse -> why."""
    return syntax_tree.unparsed(view, is_go_path, parse)
