"""What a task author can measure about a task's difficulty without a strong model (the catalogue's
figures; docs/validation.md, "Difficulty, measured", defines each and how the labels are assigned).

    gold_added / gold_removed   non-blank lines the gold patch adds / removes (every file)
    gold_files                  files the gold patch touches
    symptom_modules             where the symptom shows: the repo modules the instruction names (a file
                                path such as app/money.py, a dotted module such as app.migrations, or an
                                HTTP route such as `POST /invoices/1187/payments`, matched to the module
                                whose route decorator serves it); when it names none, the repo modules
                                the FAIL_TO_PASS hidden test files import, or whose routes they call
                                by literal; when those say nothing either and the hidden tests are
                                black-box (HTTP only), the modules that serve routes
    distance                    modules from the symptom to the fix: for each module the gold patch
                                touches, the shortest path from a symptom module in the repo's import
                                graph (undirected: an edge per `import` between two repo modules, the
                                visible tests left out; a module no import reaches, such as a migration
                                revision loaded by name, is linked to its nearest package); the largest
                                of these. 0: the fix is where the symptom shows. None: no symptom module
                                found, or the fix touches no module of the graph (a new file only,
                                non-Python files only)
    hidden_tests                test ids of task.toml (FAIL_TO_PASS and PASS_TO_PASS) in the hidden tests
    fail_to_pass                FAIL_TO_PASS ids
    wrong_similarity            per wrong patch, difflib's ratio between its changed lines and the gold
                                patch's (each line as path, +/- and stripped text, in patch order); the mean
    wrong_in_gold_files         share of wrong patches that touch only files the gold patch touches (the
                                naive fix in the right place, which only the hidden check tells apart)
    wrong_symptom_only          share of wrong patches that touch only symptom modules (the fix of the
                                symptom, not of the cause: telling when distance > 0)
"""

from __future__ import annotations

import ast
import difflib
import re
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from harness.patches import parse_patch
from harness.python_parse import parse_python
from harness.tasks import Task, repo_files

ROUTE_METHODS = ("get", "post", "put", "patch", "delete")
_MENTIONED_ROUTE = re.compile(r"\b(GET|POST|PUT|PATCH|DELETE)\s+(/[^\s?#\"'`),;]*)")
_URL_PATH = re.compile(r"https?://[^/\s`\"']+(/[^\s?#\"'`),;]*)")
_FILE_PATH = re.compile(r"(?<![\w/.])((?:[\w-]+/)*[\w-]+\.(?:py|go))\b")
_DOTTED = re.compile(r"\b([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+)\b")


@dataclass(frozen=True)
class Difficulty:
    gold_added: int | None
    gold_removed: int | None
    gold_files: int | None
    gold_modules: tuple[str, ...]
    symptom_modules: tuple[str, ...]
    symptom_source: str  # "instruction", "hidden tests", "routes (black-box)" or "" (none found)
    distance: int | None
    hidden_tests: int
    fail_to_pass: int
    wrong_patches: int
    wrong_similarity: float | None
    wrong_in_gold_files: float | None
    wrong_symptom_only: float | None

    def to_dict(self) -> dict:
        return asdict(self)


def module_name(path: str) -> str | None:
    """app/services/invoices.py -> app.services.invoices; app/__init__.py -> app; None for non-Python."""
    if not path.endswith(".py"):
        return None
    parts = path[:-3].split("/")
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts) if parts and all(p.isidentifier() for p in parts) else None


def _is_visible_test(path: str) -> bool:
    name = path.rsplit("/", 1)[-1]
    return path.startswith("tests/") or name.startswith("test_") or name == "conftest.py"


def _imports(tree: ast.AST, module: str, is_package: bool, known: set[str]) -> set[str]:
    """The repo modules a module imports (absolute and relative imports, `from pkg import submodule`)."""
    found = set()
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                name = alias.name
                while name and name not in known:
                    name = name.rpartition(".")[0]
                if name:
                    found.add(name)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".") if package else []
                base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:
                if f"{target}.{alias.name}" in known:
                    found.add(f"{target}.{alias.name}")
                elif target in known:
                    found.add(target)
    found.discard(module)
    return found


@dataclass
class RepoGraph:
    modules: dict[str, str]  # module -> repo-relative path (Go: a package -> its folder)
    edges: dict[str, set[str]]  # undirected
    routes: list[tuple[str, str, re.Pattern]]  # (module, METHOD, path pattern)
    file_modules: dict[str, str] | None = None  # repo-relative file -> module (None: modules inverted)
    module_path: str = ""  # Go: the module's path (go.mod), in front of its packages' import paths

    def module_of(self, path: str) -> str | None:
        if self.file_modules is not None:
            return self.file_modules.get(path)
        return module_name(path)

    def distances(self, sources: set[str]) -> dict[str, int]:
        seen = {s: 0 for s in sources if s in self.modules}
        frontier = list(seen)
        while frontier:
            nxt = []
            for module in frontier:
                for other in self.edges.get(module, ()):
                    if other not in seen:
                        seen[other] = seen[module] + 1
                        nxt.append(other)
            frontier = nxt
        return seen

    def route_modules(self, method: str | None, path: str) -> set[str]:
        path = path.rstrip(".:") or "/"
        return {m for m, verb, pattern in self.routes if (method is None or verb == method) and pattern.fullmatch(path)}


def _route_pattern(template: str) -> re.Pattern:
    parts = re.split(r"(\{[^}]*\})", template)
    return re.compile("".join("[^/]+" if p.startswith("{") else re.escape(p) for p in parts))


def _routes(tree: ast.AST, module: str) -> list[tuple[str, str, re.Pattern]]:
    """The routes a module's decorators serve: @router.post("/x"), @app.get("/x/{id}") (with an
    APIRouter(prefix=...) of the module in front)."""
    prefix = ""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) == "APIRouter":
            for keyword in node.keywords:
                if keyword.arg == "prefix" and isinstance(keyword.value, ast.Constant):
                    prefix = str(keyword.value.value)
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for decorator in node.decorator_list:
            if (
                isinstance(decorator, ast.Call)
                and isinstance(decorator.func, ast.Attribute)
                and decorator.func.attr in ROUTE_METHODS
                and decorator.args
                and isinstance(decorator.args[0], ast.Constant)
                and isinstance(decorator.args[0].value, str)
            ):
                template = prefix + decorator.args[0].value
                found.append((module, decorator.func.attr.upper(), _route_pattern(template)))
    return found


def repo_graph(files: dict[str, bytes]) -> RepoGraph:
    """The import graph and the HTTP routes of a repository's non-test Python modules."""
    modules = {}
    for path in files:
        name = module_name(path)
        if name and not _is_visible_test(path):
            modules[name] = path
    known = set(modules)
    edges: dict[str, set[str]] = {m: set() for m in modules}
    routes = []
    for module, path in modules.items():
        try:
            tree = parse_python(files[path])
        except (SyntaxError, ValueError):
            continue
        for other in _imports(tree, module, path.endswith("__init__.py"), known):
            edges[module].add(other)
            edges[other].add(module)
        routes += _routes(tree, module)
    for module in sorted(modules, key=lambda m: -m.count(".")):  # deepest first: a chain of loose packages
        package = module.rpartition(".")[0]
        while package and package not in modules:
            package = package.rpartition(".")[0]
        if not edges[module] and package:  # loaded by name (migration revisions, plugins): to its package
            edges[module].add(package)
            edges[package].add(module)
    return RepoGraph(modules, edges, routes)


_GO_MODULE = re.compile(r"^module\s+(\S+)", re.M)
_GO_IMPORT_BLOCK = re.compile(r"^import\s*\((.*?)^\)", re.M | re.S)
_GO_IMPORT_LINE = re.compile(r"^import\s+(?:[\w.]+\s+)?\"([^\"]+)\"", re.M)
_GO_STRING = re.compile(r'"((?:[^"\\\n]|\\.)*)"')
_GO_ROUTE = re.compile(r"\.Handle(?:Func)?\(\s*\"([^\"]+)\"")


def _go_imports(text: str, graph: RepoGraph) -> set[str]:
    """The repo packages a Go file imports (by import path, the module's path in front)."""
    module = graph.module_path
    paths = _GO_IMPORT_LINE.findall(text)
    for block in _GO_IMPORT_BLOCK.findall(text):
        paths += re.findall(r"\"([^\"]+)\"", block)
    found = set()
    for path in paths:
        if module and (path == module or path.startswith(module + "/")):
            found.add(path[len(module) + 1 :] if path != module else ".")
    return found


def go_repo_graph(files: dict[str, bytes]) -> RepoGraph:
    """The import graph and the HTTP routes of a Go module's packages (a package is its folder, the
    `_test.go` files left out). Routes: each `HandleFunc("/x", ...)` / `Handle("/x", ...)`, for
    every method (net/http's ServeMux routes by path); a pattern ending in `/` serves its subtree."""
    go_mod = files.get("go.mod", b"").decode("utf-8", errors="replace")
    found = _GO_MODULE.search(go_mod)
    module_path = found.group(1) if found else ""
    file_modules = {}
    for path in files:
        if path.endswith(".go") and not path.endswith("_test.go") and not path.startswith(("vendor/", "testdata/")):
            file_modules[path] = path.rpartition("/")[0] or "."
    modules = {package: package for package in sorted(set(file_modules.values()))}
    graph = RepoGraph(modules, {m: set() for m in modules}, [], file_modules, module_path)
    for path, package in file_modules.items():
        text = files[path].decode("utf-8", errors="replace")
        for other in _go_imports(text, graph):
            if other in modules and other != package:
                graph.edges[package].add(other)
                graph.edges[other].add(package)
        for pattern in _GO_ROUTE.findall(text):
            regex = re.compile(re.escape(pattern) + (".*" if pattern.endswith("/") else ""))
            graph.routes += [(package, method.upper(), regex) for method in ROUTE_METHODS]
    return graph


def mentioned_modules(text: str, graph: RepoGraph) -> set[str]:
    """The repo modules a text names: file paths, dotted module names, HTTP routes (method + path, or a URL)."""
    by_path = graph.file_modules or {path: module for module, path in graph.modules.items()}
    found = set()
    for path in _FILE_PATH.findall(text):
        for candidate, module in by_path.items():
            if candidate == path or candidate.endswith("/" + path):
                found.add(module)
    for dotted in _DOTTED.findall(text):
        if dotted in graph.modules:
            found.add(dotted)
    for method, path in _MENTIONED_ROUTE.findall(text):
        found |= graph.route_modules(method, path)
    for path in _URL_PATH.findall(text):
        found |= graph.route_modules(None, path)
    return found


def _hidden_test_symptoms(task: Task, graph: RepoGraph) -> set[str]:
    """The repo modules the FAIL_TO_PASS hidden test files import, or whose routes they call by literal."""
    files = task.hidden_test_files()
    wanted = {test_id.split("::", 1)[0] for test_id in task.fail_to_pass}
    found = set()
    for rel, content in files.items():
        if rel not in wanted:
            continue
        if task.language == "go":
            text = content.decode("utf-8", errors="replace")
            found |= _go_imports(text, graph) & set(graph.modules)
            for literal in _GO_STRING.findall(text):
                if literal.startswith("/"):
                    found |= graph.route_modules(None, literal.split("?", 1)[0])
            continue
        try:
            tree = parse_python(content)
        except (SyntaxError, ValueError):
            continue
        found |= _imports(tree, "tests." + Path(rel).stem, False, set(graph.modules))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.startswith("/"):
                found |= graph.route_modules(None, node.value.split("?", 1)[0])
            if isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
                # f"/invoices/{invoice_id}/payments": the literal parts with a placeholder between them
                text = "".join(v.value if isinstance(v, ast.Constant) else "x" for v in node.values)
                if isinstance(text, str) and text.startswith("/"):
                    found |= graph.route_modules(None, text.split("?", 1)[0])
    return found


def _changed(patch: str) -> tuple[list[str], list[str], int, int]:
    """(files touched, changed lines as `path +text` / `path -text`, non-blank lines added, removed)."""
    files, lines, added, removed = [], [], 0, 0
    for diff in parse_patch(patch):
        files.append(diff.path)
        for hunk in diff.hunks:
            for tag, text in hunk.lines:
                if tag in "+-" and text.strip():
                    lines.append(f"{diff.path} {tag}{text.strip()}")
                    added += tag == "+"
                    removed += tag == "-"
    return files, lines, added, removed


def measure(task: Task) -> Difficulty:
    with tempfile.TemporaryDirectory(prefix="evalrun-difficulty-") as tmp:
        files = repo_files(task.materialize(Path(tmp) / "repo"))
    graph = go_repo_graph(files) if task.language == "go" else repo_graph(files)
    symptoms, source = mentioned_modules(task.instruction, graph), "instruction"
    if not symptoms:
        symptoms, source = _hidden_test_symptoms(task, graph), "hidden tests"
    if not symptoms and task.tests_mode == "black-box":
        symptoms, source = {m for m, _, _ in graph.routes}, "routes (black-box)"
    if not symptoms:
        source = ""
    hidden = set(task.hidden_test_files())
    hidden_tests = sum(test_id.split("::", 1)[0] in hidden for test_id in task.test_ids)
    wrong = [path.read_text(errors="replace") for path in task.wrong_patches]
    gold_text = task.solution_patch.read_text(errors="replace") if task.solution_patch else None
    if gold_text is None:
        return Difficulty(
            None, None, None, (), tuple(sorted(symptoms)), source, None, hidden_tests, len(task.fail_to_pass),
            len(wrong), None, None, _symptom_only(wrong, graph, symptoms),
        )  # fmt: skip
    gold_files, gold_lines, added, removed = _changed(gold_text)
    gold_modules = sorted({m for m in map(graph.module_of, gold_files) if m in graph.modules})
    distance = None
    if symptoms and gold_modules:
        reach = graph.distances(symptoms)
        far = [reach[m] for m in gold_modules if m in reach]
        distance = max(far) if far else None
    similarity = in_gold = None
    if wrong:
        scores, inside = [], 0
        for text in wrong:
            files_w, lines_w, _, _ = _changed(text)
            scores.append(difflib.SequenceMatcher(None, lines_w, gold_lines, autojunk=False).ratio())
            inside += bool(files_w) and set(files_w) <= set(gold_files)
        similarity, in_gold = round(sum(scores) / len(scores), 2), round(inside / len(wrong), 2)
    return Difficulty(
        added,
        removed,
        len(gold_files),
        tuple(gold_modules),
        tuple(sorted(symptoms)),
        source,
        distance,
        hidden_tests,
        len(task.fail_to_pass),
        len(wrong),
        similarity,
        in_gold,
        _symptom_only(wrong, graph, symptoms),
    )


def _symptom_only(wrong: list[str], graph: RepoGraph, symptoms: set[str]) -> float | None:
    if not wrong or not symptoms:
        return None
    only = 0
    for text in wrong:
        modules = [graph.module_of(path) for path in _changed(text)[0]]
        only += bool(modules) and all(m in symptoms for m in modules)
    return round(only / len(wrong), 2)
