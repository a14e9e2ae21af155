"""What scoring needs to know about a task, whatever the patch: its original tree, the gold patch's
changes and size, literals in the original source and in the visible tests and instruction, the
hidden test paths, and how the original code calls its names. Computed once per task and cached
(keyed by the task folder, id and the modification times of its patches and task.toml)."""

from __future__ import annotations

import ast
import tempfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from harness.patches import PatchError, apply_in_memory
from harness.scoring import syntax_tree
from harness.scoring.patch_view import SOURCE, PatchView, is_test_path
from harness.scoring.python_ast import CallSites, ast_of, call_sites, literals_in_nodes, literals_in_text
from harness.tasks import Task, repo_files


@dataclass
class TaskFacts:
    original: dict[str, bytes]
    gold_post: dict[str, bytes | None]  # paths the gold patch touches -> new content
    gold_source_paths: set[str]
    gold_source_lines: int
    source_literals: set[str]  # literals anywhere in the original non-test source (Python, TypeScript, Go)
    test_literals: set[str]  # literals in the original visible tests and the instruction
    hidden_paths: set[str]
    source_text: bytes  # every original non-test Python / TypeScript / Go source file, concatenated
    calls: dict[str, CallSites] = field(default_factory=dict)  # call sites in the original source and tests


def tree_reader(path: str):
    """The tree-sitter detector module that reads a file's literals (and call sites, where the language
    has defaulted parameters to check them against): banned_ts for TypeScript / JavaScript, banned_go
    for Go; None for a file no tree-sitter reader reads (Python is read with its own AST)."""
    from harness.scoring import banned_go, banned_ts  # tree-sitter: loaded only when scoring runs

    if banned_ts.is_ts_path(path):
        return banned_ts
    if banned_go.is_go_path(path):
        return banned_go
    return None


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
        reader = tree_reader(rel)
        if reader is not None:  # TypeScript / Go: the same facts, read with tree-sitter
            nodes = list(syntax_tree.walk(reader.parse(rel, content).root_node))
            if hasattr(reader, "call_sites"):
                reader.call_sites(nodes, calls)
            if is_test_path(rel) or task.lang.is_test_file(rel):
                test_literals |= reader.literals_in_nodes(nodes)
            else:
                source_literals |= reader.literals_in_nodes(nodes)
                source_text.append(content)
            continue
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
