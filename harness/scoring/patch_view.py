"""One patch seen against its task: original and post-change files, added / removed lines, file kinds.

Everything the metric families need from a patch is computed here once per trial: the patch is
applied in memory (harness.patches.apply_in_memory), each changed path is classified (source,
test, runner config, doc, scratch), every file version is parsed once (harness.scoring.python_ast)
and ruff runs once over the original and post-change versions of every changed Python file
(harness.scoring.ruff_runner). The task's own facts (the original tree, the gold patch, literals in
visible tests) come from harness.scoring.task_facts, cached per task, so scoring many patches of
one task is fast.
"""

from __future__ import annotations

import ast
import difflib
import re
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from fnmatch import fnmatch
from functools import cached_property
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from harness.patches import FileDiff, PatchError, apply_in_memory, changed_regions, parse_patch
from harness.python_parse import parse_python
from harness.scoring.python_ast import CallSites, ast_of, call_sites, definitions, walk_statements
from harness.scoring.ruff_runner import ruff_findings
from harness.tasks import DEFAULT_PROTECTED, HIDDEN_TESTS_DEST, Task

if TYPE_CHECKING:
    from harness.scoring.task_facts import TaskFacts

SOURCE, TEST, CONFIG, DOC, SCRATCH = "source", "test", "config", "doc", "scratch"
DOC_SUFFIXES = {".md", ".rst", ".txt", ".adoc"}
TEST_DATA_DIRS = {"fixtures", "data", "testdata", "snapshots", "cassettes", "golden"}


def is_test_path(path: str) -> bool:
    parts = PurePosixPath(path).parts
    name = parts[-1] if parts else ""
    return (
        any(p in ("tests", "test", "testing") for p in parts[:-1])
        or (name.startswith("test_") and name.endswith(".py"))
        or name.endswith("_test.py")
        or name == "conftest.py"
    )


@dataclass
class LineMap:
    """How one file's lines changed: added / removed line numbers (1-based) and, for each, the changed
    region (index into regions) it belongs to, so an edited line can be traced to its original."""

    added: dict[int, int]  # new line -> region
    removed: dict[int, int]  # original line -> region
    regions: list[tuple[int, int, int, int]]  # (i1, i2, j1, j2), 0-based slices of the old / new lines


def line_map(old_lines: list[str], new_lines: list[str], diff: FileDiff | None = None) -> LineMap:
    """The changed lines of old_lines -> new_lines: where the file's diff puts them when it describes
    these two texts (harness.patches.changed_regions), otherwise a text diff's (difflib) regions."""
    regions = changed_regions(old_lines, new_lines, diff) if diff is not None else None
    if regions is None:
        regions = [
            (i1, i2, j1, j2)
            for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False).get_opcodes()
            if tag != "equal"
        ]
    added: dict[int, int] = {}
    removed: dict[int, int] = {}
    for region, (i1, i2, j1, j2) in enumerate(regions):
        removed.update(dict.fromkeys(range(i1 + 1, i2 + 1), region))
        added.update(dict.fromkeys(range(j1 + 1, j2 + 1), region))
    return LineMap(added, removed, regions)


def normalized(line: str) -> str:
    """A line's text with all whitespace removed (`#x` and `# x`, re-indented code compare equal)."""
    return re.sub(r"\s+", "", line)


@dataclass
class Finding:
    category: str
    path: str
    line: int
    detail: str = ""


def _on_changed_lines(findings: Iterable[Finding], lines: list[str], regions: dict[int, int]):
    """(finding, rule, line text without whitespace, changed region) for the findings on changed lines
    (`regions`: line -> region, a LineMap's added or removed lines), in line order."""
    for finding in sorted(findings, key=lambda f: f.line):
        if finding.line in regions:
            text = normalized(lines[finding.line - 1]) if finding.line <= len(lines) else ""
            yield finding, finding.category + "|" + finding.detail, text, regions[finding.line]


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
        from harness.scoring.task_facts import task_facts  # not at the top: the facts view the gold patch

        self.facts: TaskFacts | None = task_facts(task) if facts else None
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
        config = self.task.lang.runner_config if self.task is not None else DEFAULT_PROTECTED
        if name != "conftest.py" and any(fnmatch(path, pattern) for pattern in config + tuple(extra)):
            return CONFIG  # sitecustomize / .pth / runner config (package.json, tsconfig.json), wherever they are
        if self.task is not None and self.task.lang.is_test_file(path):
            return TEST  # the language's own test file (`src/stock.test.ts`), wherever it is
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
            self._line_maps[path] = line_map(
                self.text_lines(path, after=False), self.text_lines(path), self._diff_of(path)
            )
        return self._line_maps[path]

    def _diff_of(self, path: str) -> FileDiff | None:
        """The one file diff that turns `base(path)` into `after(path)`, if the patch has it."""
        source = self.renamed_from.get(path, path)
        found = [d for d in self.diffs if d.new_path == path and d.old_path == source and not d.binary]
        return found[0] if len(found) == 1 else None

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
                    parse_python(content)
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
        """(path, after) -> [(rule code, line)] for every changed Python file, both versions."""
        files: dict[tuple[str, bool], bytes] = {}
        for path in self.python_paths:
            for side in (False, True):
                content = self.after(path) if side else self.base(path)
                if content is not None:
                    files[(path, side)] = content
        return ruff_findings(files)

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
            for finding, rule, text, region in _on_changed_lines(orig, self.text_lines(path, after=False), removed):
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
            result[path] = []
            for finding, rule, text, region in _on_changed_lines(post, self.text_lines(path), added):
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
