"""One patch seen against its task: original and post-change files, added / removed lines, file kinds.

Everything the metric families need from a patch is computed here once per trial: the patch is
parsed and applied in memory (falling back to `git apply` / `patch --fuzz` on a scratch copy when
a hunk does not match exactly), each changed path is classified (source, test, runner config,
doc, scratch), and ruff runs once over the original and post-change versions of every changed
Python file. Per-task facts (the original tree, the gold patch, literals in visible tests) are
cached, so scoring many patches of one task is fast.
"""

from __future__ import annotations

import ast
import atexit
import difflib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import tokenize
from collections.abc import Iterable
from dataclasses import dataclass, field
from fnmatch import fnmatch
from functools import cached_property, lru_cache
from pathlib import Path, PurePosixPath

from harness.patches import FileDiff, PatchError, apply_in_memory, parse_patch
from harness.tasks import DEFAULT_PROTECTED, HIDDEN_TESTS_DEST, Task, repo_files

SOURCE, TEST, CONFIG, DOC, SCRATCH = "source", "test", "config", "doc", "scratch"
DOC_SUFFIXES = {".md", ".rst", ".txt", ".adoc"}
TEST_DATA_DIRS = {"fixtures", "data", "testdata", "snapshots", "cassettes", "golden"}
# Rules run on every changed Python file, before and after the patch. Each maps to a family.
RUFF_RULES = (
    "S110",
    "S112",
    "BLE001",
    "E722",
    "PGH003",
    "PGH004",
    "ANN401",
    "T201",
    "T203",
    "T100",
    "ERA001",
    "FIX001",
    "FIX002",
    "FIX003",
    "FIX004",
    "B017",
    "PT011",
)


@dataclass
class LineMap:
    """How one file's lines changed: added / removed line numbers (1-based) and, for each, the changed
    region (difflib opcode index) it belongs to, so an edited line can be traced to its original."""

    added: dict[int, int]  # new line -> region
    removed: dict[int, int]  # original line -> region
    regions: list[tuple[int, int, int, int]]  # (i1, i2, j1, j2), 0-based slices, non-equal opcodes only


def line_map(old_lines: list[str], new_lines: list[str]) -> LineMap:
    added: dict[int, int] = {}
    removed: dict[int, int] = {}
    regions = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        region = len(regions)
        regions.append((i1, i2, j1, j2))
        removed.update(dict.fromkeys(range(i1 + 1, i2 + 1), region))
        added.update(dict.fromkeys(range(j1 + 1, j2 + 1), region))
    return LineMap(added, removed, regions)


def normalized(line: str) -> str:
    """A line's text with all whitespace removed (`#x` and `# x`, re-indented code compare equal)."""
    return re.sub(r"\s+", "", line)


# -- classification -----------------------------------------------------------------------------
def is_test_path(path: str) -> bool:
    parts = PurePosixPath(path).parts
    name = parts[-1] if parts else ""
    return (
        any(p in ("tests", "test", "testing") for p in parts[:-1])
        or (name.startswith("test_") and name.endswith(".py"))
        or name.endswith("_test.py")
        or name == "conftest.py"
    )


def module_name(path: str) -> str:
    """Dotted module for a repo-relative .py path (app/pricing.py -> app.pricing)."""
    parts = list(PurePosixPath(path).with_suffix("").parts)
    if parts and parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def ast_of(content: bytes | None) -> ast.Module | None:
    if content is None:
        return None
    try:
        return ast.parse(content)
    except (SyntaxError, ValueError):
        return None


def comments_of(content: bytes | None, only_if: re.Pattern | None = None) -> dict[int, str]:
    """Line -> comment text (tokenize, so '#' inside strings is not a comment).

    `only_if`: skip tokenizing (return {}) when the raw text cannot hold a matching comment.
    """
    if not content or (only_if is not None and not only_if.search(content.decode("utf-8", "replace"))):
        return {}
    found: dict[int, str] = {}
    try:
        for token in tokenize.tokenize(io.BytesIO(content).readline):
            if token.type == tokenize.COMMENT:
                found[token.start[0]] = token.string
    except (tokenize.TokenError, SyntaxError, IndentationError):
        pass
    return found


def walk_statements(body: list[ast.stmt], function: ast.AST | None = None, klass: ast.AST | None = None):
    """(statement, enclosing function, enclosing class), statements only (cheap: no expressions)."""
    for stmt in body:
        yield stmt, function, klass
        if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef):
            yield from walk_statements(stmt.body, stmt, klass)
        elif isinstance(stmt, ast.ClassDef):
            yield from walk_statements(stmt.body, None, stmt)
        else:
            for name in ("body", "orelse", "finalbody"):
                yield from walk_statements(getattr(stmt, name, None) or [], function, klass)
            for handler in getattr(stmt, "handlers", None) or []:
                yield from walk_statements(handler.body, function, klass)
            for case in getattr(stmt, "cases", None) or []:
                yield from walk_statements(case.body, function, klass)


def definitions(body: list[ast.stmt], prefix: str = "") -> Iterable[tuple[str, ast.AST]]:
    """(qualified name, node) of every function and class, nested ones too (`Cls.method`, `f.inner`)."""
    for stmt in body:
        if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            name = prefix + stmt.name
            yield name, stmt
            yield from definitions(stmt.body, name + ".")
        else:
            for field_name in ("body", "orelse", "finalbody"):
                yield from definitions(getattr(stmt, field_name, None) or [], prefix)
            for handler in getattr(stmt, "handlers", None) or []:
                yield from definitions(handler.body, prefix)
            for case in getattr(stmt, "cases", None) or []:
                yield from definitions(case.body, prefix)


@dataclass
class CallSites:
    """How a callee name is called: keyword names passed, the most positional arguments, and whether
    some call passes *args / **kwargs (arguments that cannot be told apart)."""

    keywords: set[str] = field(default_factory=set)
    positional: int = 0
    starred: bool = False


def _last_name(node: ast.AST) -> str | None:
    return node.attr if isinstance(node, ast.Attribute) else node.id if isinstance(node, ast.Name) else None


def call_sites(nodes: Iterable[ast.AST], into: dict[str, CallSites] | None = None) -> dict[str, CallSites]:
    """Callee (last dotted name: `f`, `obj.f`, `Cls`) -> how it is called, over the given AST nodes.

    A function handed to a call as a value is called by it with that call's other arguments:
    `Process(target=run, kwargs={"retries": 2})`, `partial(run, retries=2)`, `pool.submit(run, job,
    retries=2)` all pass `retries` to `run` (keywords, string keys of dict literals, and positions from
    tuple literals or the arguments after it)."""
    sites = into if into is not None else {}
    for node in nodes:
        if not isinstance(node, ast.Call):
            continue
        name = _last_name(node.func)
        if name is not None:
            site = sites.setdefault(name, CallSites())
            site.keywords.update(k.arg for k in node.keywords if k.arg is not None)
            site.positional = max(site.positional, sum(1 for a in node.args if not isinstance(a, ast.Starred)))
            site.starred = site.starred or any(isinstance(a, ast.Starred) for a in node.args)
            site.starred = site.starred or any(k.arg is None for k in node.keywords)
        for i, value in enumerate([*node.args, *(k.value for k in node.keywords)]):
            referenced = _last_name(value)
            if referenced is None:
                continue
            site = sites.setdefault(referenced, CallSites())
            site.keywords.update(k.arg for k in node.keywords if k.arg is not None and k.value is not value)
            for other in [*node.args, *(k.value for k in node.keywords)]:
                if isinstance(other, ast.Dict):
                    site.keywords.update(
                        k.value for k in other.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)
                    )
                elif isinstance(other, ast.Tuple):
                    site.positional = max(site.positional, len(other.elts))
            if i < len(node.args):
                site.positional = max(site.positional, len(node.args) - i - 1)
    return sites


# -- literals -----------------------------------------------------------------------------------
NUMBER_IN_TEXT = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?(?![\w.])")
QUOTED_IN_TEXT = re.compile(r"`([^`\n]{2,60})`|\"([^\"\n]{2,60})\"|'([^'\n]{2,60})'")


def literal_keys(value: object) -> set[str]:
    """Normalized keys for a literal so that 10.05, '10.05' and Decimal('10.05') compare equal."""
    if isinstance(value, bool) or value is None:
        return set()
    if isinstance(value, int | float):
        if abs(value) <= 2:
            return set()
        return {f"num:{float(value)!r}"}
    if isinstance(value, str):
        stripped = value.strip()
        if len(stripped) <= 1:
            return set()
        keys = {f"str:{stripped}"}
        try:
            number = float(stripped)
        except ValueError:
            return keys
        if abs(number) > 2 and number == number:
            keys.add(f"num:{number!r}")
        return keys
    return set()


def literals_in_tree(tree: ast.AST | None) -> set[str]:
    return literals_in_nodes(ast.walk(tree)) if tree is not None else set()


def literals_in_nodes(nodes: Iterable[ast.AST]) -> set[str]:
    keys: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.Constant):
            keys |= literal_keys(node.value)
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub) and isinstance(node.operand, ast.Constant):
            if isinstance(node.operand.value, int | float) and not isinstance(node.operand.value, bool):
                keys |= literal_keys(-node.operand.value)
    return keys


def literals_in_text(text: str) -> set[str]:
    keys: set[str] = set()
    for match in NUMBER_IN_TEXT.finditer(text):
        keys |= literal_keys(match.group(0))
    for match in QUOTED_IN_TEXT.finditer(text):
        keys |= literal_keys(next(g for g in match.groups() if g is not None))
    return keys


# -- per-task facts -----------------------------------------------------------------------------
@dataclass
class TaskFacts:
    original: dict[str, bytes]
    gold_post: dict[str, bytes | None]  # paths the gold patch touches -> new content
    gold_source_paths: set[str]
    gold_source_lines: int
    source_literals: set[str]  # literals anywhere in the original non-test source
    test_literals: set[str]  # literals in the original visible tests and the instruction
    hidden_paths: set[str]
    source_text: bytes  # every original non-test Python source file, concatenated
    calls: dict[str, CallSites] = field(default_factory=dict)  # call sites in the original source and tests


@lru_cache(maxsize=64)
def _task_facts(task_id: str, task_dir: str, stamp: float, task: Task) -> TaskFacts:
    with tempfile.TemporaryDirectory(prefix="evalrun-score-orig-") as tmp:
        original = repo_files(task.materialize(Path(tmp) / "repo"))
    gold_post: dict[str, bytes | None] = {}
    gold_source_paths: set[str] = set()
    gold_lines = 0
    gold_text = task.solution_patch.read_text() if task.solution_patch is not None else ""
    try:
        gold_diffs, gold_post = apply_in_memory(original, gold_text) if gold_text else ([], {})
    except (PatchError, ValueError):  # a gold patch that no longer applies: score as if there were none
        gold_text, gold_diffs, gold_post = "", [], {}
    if gold_text:
        gold_view = PatchView(task, gold_text, original=original, diffs=gold_diffs, post=gold_post, facts=False)
        gold_source_paths = {p for p in gold_view.changed_paths if gold_view.kind(p) == SOURCE}
        gold_lines = sum(
            gold_view.meaningful_line_counts(p)[0] + gold_view.meaningful_line_counts(p)[1] for p in gold_source_paths
        )
    source_literals: set[str] = set()
    test_literals = literals_in_text(task.instruction)
    source_text = []
    calls: dict[str, CallSites] = {}
    for rel, content in original.items():
        if not rel.endswith(".py"):
            continue
        tree = ast_of(content)
        nodes = list(ast.walk(tree)) if tree is not None else []  # walked once for literals and calls
        call_sites(nodes, calls)
        if is_test_path(rel):
            test_literals |= literals_in_nodes(nodes)
        else:
            source_literals |= literals_in_nodes(nodes)
            source_text.append(content)
    hidden = set(task.hidden_test_files()) if task.hidden_tests_dir.is_dir() else set()
    return TaskFacts(
        original,
        gold_post,
        gold_source_paths,
        gold_lines,
        source_literals,
        test_literals,
        hidden,
        b"\n".join(source_text),
        calls,
    )


def task_facts(task: Task) -> TaskFacts:
    """Cached per task (folder, id and the modification times of its patches and task.toml)."""
    files = [Path(task.dir) / "task.toml", Path(task.dir) / "solution.patch", Path(task.dir) / "instruction.md"]
    files += [task.bug_patch] if task.bug_patch else []
    stamp = max((f.stat().st_mtime for f in files if f.exists()), default=0.0)
    return _task_facts(task.id, str(task.dir), stamp, task)


# -- the view -----------------------------------------------------------------------------------
@dataclass
class Finding:
    category: str
    path: str
    line: int
    detail: str = ""


class PatchView:
    """A patch applied to its task's original tree. Read-only; everything derived lazily."""

    def __init__(
        self,
        task: Task,
        patch: str,
        original: dict[str, bytes] | None = None,
        diffs: list[FileDiff] | None = None,
        post: dict[str, bytes | None] | None = None,
        facts: bool = True,
    ):
        self.task = task
        self.patch = patch or ""
        self.facts = task_facts(task) if facts else None
        self.original = original if original is not None else self.facts.original
        self.apply_error: str | None = None
        if diffs is None or post is None:
            try:
                diffs, post = apply_in_memory(self.original, self.patch)
            except (PatchError, ValueError, OSError, subprocess.SubprocessError) as exc:
                diffs, post = parse_patch(self.patch), {}
                self.apply_error = str(exc)
        self.diffs = diffs
        self.post = post
        self._kinds: dict[str, str] = {}
        self._original_dirs = {str(PurePosixPath(p).parent) for p in self.original}
        self._suffixes_by_dir: dict[str, set[str]] = {}
        for p in self.original:
            self._suffixes_by_dir.setdefault(str(PurePosixPath(p).parent), set()).add(PurePosixPath(p).suffix)

    # paths --------------------------------------------------------------------------------
    @cached_property
    def changed_paths(self) -> list[str]:
        return sorted({p for d in self.diffs for p in (d.old_path, d.new_path) if p})

    def is_new(self, path: str) -> bool:
        return path not in self.original

    def is_deleted(self, path: str) -> bool:
        return path in self.post and self.post[path] is None

    def before(self, path: str) -> bytes | None:
        return self.original.get(path)

    @cached_property
    def renamed_from(self) -> dict[str, str]:
        """New path -> the deleted original path it was renamed or moved from.

        From the patch's own rename headers, and otherwise by content: a new file whose lines are at
        least half those of a file the patch deletes (git's default rename threshold), so a patch
        written with `--no-renames` is read the same way.
        """
        pairs = {d.new_path: d.old_path for d in self.diffs if d.old_path and d.new_path and d.old_path != d.new_path}
        pairs = {new: old for new, old in pairs.items() if old in self.original and self.post.get(old, b"") is None}
        deleted = [
            p for p in self.changed_paths if self.is_deleted(p) and p in self.original and p not in pairs.values()
        ]
        created = [p for p in self.changed_paths if self.is_new(p) and self.after(p) is not None and p not in pairs]
        if not deleted or not created or len(deleted) * len(created) > 400:
            return pairs
        candidates = []
        for new in created:
            new_lines = (self.after(new) or b"").splitlines()
            for old in deleted:
                if PurePosixPath(old).suffix != PurePosixPath(new).suffix:
                    continue
                matcher = difflib.SequenceMatcher(None, (self.original[old]).splitlines(), new_lines, autojunk=False)
                if matcher.real_quick_ratio() >= 0.5 and matcher.quick_ratio() >= 0.5:
                    ratio = matcher.ratio()
                    if ratio >= 0.5:
                        candidates.append((ratio, new, old))
        for _, new, old in sorted(candidates, reverse=True):
            if new not in pairs and old not in pairs.values():
                pairs[new] = old
        return pairs

    @cached_property
    def renamed_to(self) -> dict[str, str]:
        return {old: new for new, old in self.renamed_from.items()}

    def base(self, path: str) -> bytes | None:
        """The original content a post-change file descends from (its rename source for a renamed file)."""
        return self.original.get(self.renamed_from.get(path, path))

    def after(self, path: str) -> bytes | None:
        return self.post[path] if path in self.post else self.original.get(path)

    def post_tree(self) -> dict[str, bytes]:
        files = dict(self.original)
        for rel, content in self.post.items():
            if content is None:
                files.pop(rel, None)
            else:
                files[rel] = content
        return files

    def kind(self, path: str) -> str:
        """source | test | config | doc | scratch (memoized)."""
        if path not in self._kinds:
            self._kinds[path] = self._kind(path)
        return self._kinds[path]

    def _kind(self, path: str) -> str:
        name = PurePosixPath(path).name
        extra = self.task.extra_protected if self.task is not None else ()
        suffix = PurePosixPath(path).suffix
        if name != "conftest.py" and any(fnmatch(path, pattern) for pattern in DEFAULT_PROTECTED + tuple(extra)):
            return CONFIG  # sitecustomize / .pth / runner config, wherever they are
        if is_test_path(path):
            if path in self.original or suffix == ".py" or TEST_DATA_DIRS & set(PurePosixPath(path).parts):
                return TEST
            # a new non-Python file among the tests is data only if such files already live there
            test_suffixes = {PurePosixPath(p).suffix for p in self.original if is_test_path(p)}
            return TEST if suffix and suffix in test_suffixes else SCRATCH
        if path in self.original:
            if suffix in DOC_SUFFIXES and not name.startswith("requirements"):
                return DOC
            return SOURCE
        parent = str(PurePosixPath(path).parent)
        ancestors = [str(a) for a in PurePosixPath(path).parents if str(a) != "."]
        if parent == ".":
            return SCRATCH
        if suffix == ".py" and any(a in self._original_dirs and ".py" in self._suffixes_by_dir[a] for a in ancestors):
            return SOURCE
        if suffix and suffix in self._suffixes_by_dir.get(parent, set()):
            return SOURCE
        return SCRATCH

    def paths_of_kind(self, *kinds: str) -> list[str]:
        return [p for p in self.changed_paths if self.kind(p) in kinds]

    # lines --------------------------------------------------------------------------------
    @cached_property
    def _line_maps(self) -> dict[str, LineMap]:
        return {}

    def line_map(self, path: str) -> LineMap:
        """Changed lines of one file against the original it descends from (see `base`)."""
        if path not in self._line_maps:
            self._line_maps[path] = line_map(self.text_lines(path, after=False), self.text_lines(path))
        return self._line_maps[path]

    def added_lines(self, path: str) -> set[int]:
        return set(self.line_map(path).added) if path in self.changed_paths else set()

    def removed_lines(self, path: str) -> set[int]:
        return set(self.line_map(path).removed) if path in self.changed_paths else set()

    def text_lines(self, path: str, after: bool = True) -> list[str]:
        content = self.after(path) if after else self.base(path)
        return (content or b"").decode("utf-8", errors="surrogateescape").splitlines()

    def hunks(self, path: str) -> list[tuple[list[str], int, list[str]]]:
        """(removed texts, line number of the first added line, added texts) per changed region."""
        old_lines, new_lines = self.text_lines(path, after=False), self.text_lines(path)
        return [(old_lines[i1:i2], j1 + 1, new_lines[j1:j2]) for i1, i2, j1, j2 in self.line_map(path).regions]

    def meaningful_line_counts(self, path: str) -> tuple[int, int, int]:
        """(added, removed, whitespace-only) lines; blank lines and whitespace-only edits excluded."""
        if self.is_binary(path):
            return 0, 0, 0
        added = removed = whitespace = 0
        for old, _, new in self.hunks(path):
            norm_old = [re.sub(r"\s+", "", line) for line in old]
            norm_new = [re.sub(r"\s+", "", line) for line in new]
            pool: dict[str, int] = {}
            for line in norm_old:
                if line:
                    pool[line] = pool.get(line, 0) + 1
            matched = 0
            for line in norm_new:
                if line and pool.get(line, 0) > 0:
                    pool[line] -= 1
                    matched += 1
            whitespace += matched
            added += sum(1 for line in norm_new if line) - matched
            removed += sum(1 for line in norm_old if line) - matched
        return added, removed, whitespace

    def is_binary(self, path: str) -> bool:
        if any(d.binary and path in (d.old_path, d.new_path) for d in self.diffs):
            return True
        content = self.after(path) or self.before(path) or b""
        return b"\0" in content[:8000]

    # python -------------------------------------------------------------------------------
    @cached_property
    def _asts(self) -> dict[tuple[str, bool], ast.Module | None]:
        return {}

    @cached_property
    def _nodes(self) -> dict[tuple[str, bool], list[ast.AST]]:
        return {}

    @cached_property
    def _statements(self) -> dict[tuple[str, bool], list]:
        return {}

    def tree(self, path: str, after: bool = True) -> ast.Module | None:
        key = (path, after)
        if key not in self._asts:
            self._asts[key] = ast_of(self.after(path) if after else self.base(path))
        return self._asts[key]

    def statements(self, path: str, after: bool = True) -> list[tuple[ast.stmt, ast.AST | None, ast.AST | None]]:
        """(statement, enclosing function, enclosing class) for every statement of one file version."""
        key = (path, after)
        if key not in self._statements:
            tree = self.tree(path, after)
            self._statements[key] = list(walk_statements(tree.body)) if tree is not None else []
        return self._statements[key]

    @cached_property
    def _definitions(self) -> dict[tuple[str, bool], dict[str, ast.AST]]:
        return {}

    def definitions(self, path: str, after: bool = True) -> dict[str, ast.AST]:
        """Qualified name -> function / class node of one file version (the first of a name wins)."""
        key = (path, after)
        if key not in self._definitions:
            tree = self.tree(path, after)
            found: dict[str, ast.AST] = {}
            for name, node in definitions(tree.body) if tree is not None else []:
                found.setdefault(name, node)
            self._definitions[key] = found
        return self._definitions[key]

    def qualname(self, path: str, node: ast.AST, after: bool = True) -> str:
        """The qualified name of a function / class node of one file version ("" if not found)."""
        key = ("qualnames", path, after)
        if key not in self._definitions:
            tree = self.tree(path, after)
            self._definitions[key] = {id(n): name for name, n in definitions(tree.body)} if tree is not None else {}
        return self._definitions[key].get(id(node), "")

    def nodes(self, path: str, after: bool = True) -> list[ast.AST]:
        """Every AST node of one file version (walked once, shared by all detectors)."""
        key = (path, after)
        if key not in self._nodes:
            tree = self.tree(path, after)
            self._nodes[key] = list(ast.walk(tree)) if tree is not None else []
        return self._nodes[key]

    @cached_property
    def unparsed(self) -> dict[str, str]:
        """Changed source / test Python files a version of which does not parse -> why (the AST-based
        metrics cannot look at them: they are None, never 0)."""
        reasons: dict[str, str] = {}
        for path in self.python_paths:
            if self.kind(path) not in (SOURCE, TEST):
                continue
            for after, side in ((False, "original"), (True, "changed")):
                content = self.after(path) if after else self.base(path)
                if content is None or self.tree(path, after) is not None:
                    continue
                try:
                    ast.parse(content)
                except SyntaxError as exc:
                    reasons.setdefault(path, f"{path} ({side}): {type(exc).__name__}: {exc.msg} (line {exc.lineno})")
                except ValueError as exc:
                    reasons.setdefault(path, f"{path} ({side}): {exc}")
        return reasons

    @cached_property
    def changed_call_sites(self) -> dict[str, CallSites]:
        """Call sites in the post-change versions of the changed source and test files (new tests too)."""
        sites: dict[str, CallSites] = {}
        for path in self.python_paths:
            if self.kind(path) in (SOURCE, TEST) and self.after(path) is not None:
                call_sites(self.nodes(path), sites)
        return sites

    @cached_property
    def python_paths(self) -> list[str]:
        return [p for p in self.changed_paths if p.endswith(".py") and not self.is_binary(p)]

    @cached_property
    def ruff(self) -> dict[tuple[str, bool], list[tuple[str, int]]]:
        """(path, after) -> [(rule code, line)] for every changed Python file, both versions.

        Original files repeat across the trials of a task, so their findings are cached by content.
        """
        results: dict[tuple[str, bool], list[tuple[str, int]]] = {}
        todo: dict[tuple[str, bool], bytes] = {}
        for path in self.python_paths:
            for side in (False, True):
                content = self.after(path) if side else self.base(path)
                if content is None:
                    continue
                cached = _RUFF_CACHE.get((path, content)) if not side else None
                if cached is not None:
                    results[(path, side)] = cached
                else:
                    todo[(path, side)] = content
        for (path, side), found in run_ruff(todo).items():
            results[(path, side)] = found
            if not side:
                if len(_RUFF_CACHE) > 4096:
                    _RUFF_CACHE.clear()
                _RUFF_CACHE[(path, todo[(path, side)])] = found
        return results

    def new_findings(self, path: str, post: Iterable[Finding], orig: Iterable[Finding]) -> list[Finding]:
        """Findings of one file that the patch introduced (see `introduced`)."""
        return self.introduced({path: (list(post), list(orig))}).get(path, [])

    def introduced(self, found: dict[str, tuple[list[Finding], list[Finding]]]) -> dict[str, list[Finding]]:
        """path -> (post-change findings, original findings) => path -> the findings the patch introduced.

        A finding counts only on a line the patch adds, and not when it is an original finding of the
        same rule carried over: one on a line of the same changed region (the line was edited:
        `x: Any  # noqa` -> `y: Any  # noqa`, `#x` -> `# x`), else one with the same text, whitespace
        aside, on a line removed anywhere in the patch (code moved within or between files, renamed
        or deleted ones included), else one of the same family in the same region (a handler edited
        from `except:` to `except Exception:`, `# type: ignore  # noqa` to `# noqa`). Each original
        finding covers one post-change finding.
        """
        pool: dict[tuple[str, str], list[tuple[str, int | None, Finding]]] = {}  # (rule, text) -> originals
        by_region: dict[tuple[str, int, str], list[tuple[str, str]]] = {}  # (path, region, rule) -> pool keys
        by_category: dict[tuple[str, int, str], list[tuple[str, str]]] = {}  # (path, region, category) -> keys
        for path, (_, orig) in found.items():
            removed = self.line_map(path).removed if path in self.changed_paths else {}
            old_lines = self.text_lines(path, after=False)
            for finding in sorted(orig, key=lambda f: f.line):
                if finding.line not in removed:
                    continue
                rule = finding.category + "|" + finding.detail
                text = normalized(old_lines[finding.line - 1]) if finding.line <= len(old_lines) else ""
                region = removed[finding.line]
                pool.setdefault((rule, text), []).append((path, region, finding))
                by_region.setdefault((path, region, rule), []).append((rule, text))
                by_category.setdefault((path, region, finding.category), []).append((rule, text))

        def take(key: tuple[str, str], path: str | None = None, region: int | None = None) -> bool:
            for i, (p, r, _) in enumerate(pool.get(key, [])):
                if path is None or (p == path and r == region):
                    del pool[key][i]
                    return True
            return False

        result: dict[str, list[Finding]] = {}
        pending: list[tuple[str, Finding, tuple[str, str]]] = []
        for path, (post, _) in found.items():
            added = self.line_map(path).added if path in self.changed_paths else {}
            new_lines = self.text_lines(path)
            result[path] = []
            for finding in sorted(post, key=lambda f: f.line):
                if finding.line not in added:
                    continue
                rule = finding.category + "|" + finding.detail
                text = normalized(new_lines[finding.line - 1]) if finding.line <= len(new_lines) else ""
                region = added[finding.line]
                if take((rule, text), path, region):  # the same line, edited in place
                    continue
                pending.append((path, finding, (rule, text)))
        for path, finding, key in pending:
            region = self.line_map(path).added[finding.line]
            if take(key):  # moved
                continue
            if any(take(k, path, region) for k in by_region.get((path, region, key[0]), [])):  # edited
                continue
            if any(take(k, path, region) for k in by_category.get((path, region, finding.category), [])):
                continue  # edited into another rule of its family: `except:` -> `except Exception:`
            result[path].append(finding)
        return result

    @cached_property
    def hidden_paths(self) -> set[str]:
        if self.facts is not None:
            return self.facts.hidden_paths
        return {p for p in self.changed_paths if p.startswith(HIDDEN_TESTS_DEST + "/test_hidden_")}


def find_ruff() -> list[str]:
    candidate = Path(sys.executable).parent / "ruff"
    if candidate.is_file() and os.access(candidate, os.X_OK):
        return [str(candidate)]
    found = shutil.which("ruff")
    if found:
        return [found]
    return [sys.executable, "-m", "ruff"]


_WORKDIRS: dict[int, Path] = {}
_RUFF_CACHE: dict[tuple[str, bytes], list[tuple[str, int]]] = {}


def _ruff_workdir() -> Path:
    ident = threading.get_ident()
    if ident not in _WORKDIRS:
        shm = Path("/dev/shm")  # memory-backed where available: writing files there is much cheaper
        base = str(shm) if shm.is_dir() and os.access(shm, os.W_OK) else None
        folder = Path(tempfile.mkdtemp(prefix=f"evalrun-ruff-{os.getpid()}-", dir=base)).resolve()
        atexit.register(shutil.rmtree, folder, True)
        _WORKDIRS[ident] = folder
    return _WORKDIRS[ident]


def run_ruff(files: dict[tuple[str, bool], bytes]) -> dict[tuple[str, bool], list[tuple[str, int]]]:
    """Run ruff once over many files; returns findings per (path, side)."""
    results: dict[tuple[str, bool], list[tuple[str, int]]] = {key: [] for key in files}
    if not files:
        return results
    # Deleting a temp tree per patch costs more than ruff on some file systems: reuse one work folder
    # per process and thread (stale files are harmless: ruff only reads the files it is given).
    tmp = _ruff_workdir()
    where: dict[str, tuple[str, bool]] = {}
    for (rel, side), content in files.items():
        if rel.startswith("/") or ".." in PurePosixPath(rel).parts:
            continue
        target = tmp / ("post" if side else "orig") / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        where[str(target)] = (rel, side)
    command = find_ruff() + [
        "check",
        "--isolated",
        "--no-cache",
        "--exit-zero",
        "--output-format",
        "json",
        "--target-version",
        "py311",
        "--select",
        ",".join(RUFF_RULES),
        "--config",  # `*args: Any` / `**kwargs: Any` pass arguments through: not a silenced checker
        "lint.flake8-annotations.allow-star-arg-any = true",
        *where,
    ]
    run = subprocess.run(command, capture_output=True, text=True, cwd=tmp, timeout=120)
    if run.returncode != 0:
        raise RuntimeError(f"ruff failed (exit {run.returncode}): {run.stderr[-1000:]}")
    for item in json.loads(run.stdout or "[]"):
        key = where.get(str(Path(item["filename"])))
        if key is not None and item.get("code"):
            results[key].append((item["code"], item["location"]["row"]))
    return results
