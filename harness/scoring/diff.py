"""Diff size and focus ("Surgical diffs", "Leave the campsite as found").

Source lines added / removed (blank lines and whitespace-only edits excluded, the latter counted
apart as reformatting noise), files touched, the log2 ratio of changed source lines to the gold
patch's, collateral files (source files the gold patch does not touch; every touched source file
when the task has no gold patch) and scratch files (new files outside source and tests).
"""

from __future__ import annotations

import math

from harness.scoring.evidence import Evidence
from harness.scoring.patch_view import SCRATCH, SOURCE, PatchView, normalized
from harness.scoring.registry import family_names

NAMES = family_names("diff")


def metrics(view: PatchView) -> dict[str, int | float | None]:
    if view.apply_error is not None:
        return dict.fromkeys(NAMES)
    source = view.paths_of_kind(SOURCE)
    added = removed = whitespace = 0
    for path in source:
        a, r, w = view.meaningful_line_counts(path)
        added, removed, whitespace = added + a, removed + r, whitespace + w
    changed = added + removed
    gold_lines = view.facts.gold_source_lines if view.facts else 0
    return {
        "src_lines_added": added,
        "src_lines_removed": removed,
        "src_lines_changed": changed,
        "whitespace_only_lines": whitespace,
        "files_touched": len(view.changed_paths),
        "src_files_touched": len(source),
        "diff_ratio_log2": math.log2(changed / gold_lines) if gold_lines and changed else None,
        "collateral_files": len(_collateral(view)),
        "scratch_files": len(_scratch(view)),
    }


def _collateral(view: PatchView) -> list[str]:
    gold_paths = view.facts.gold_source_paths if view.facts else set()
    return sorted(set(view.paths_of_kind(SOURCE)) - gold_paths)


def _scratch(view: PatchView) -> list[str]:
    return [p for p in view.paths_of_kind(SCRATCH) if view.is_new(p) and view.after(p) is not None]


def evidence(view: PatchView) -> list[Evidence]:
    """The files behind collateral_files and scratch_files (see harness.scoring.evidence)."""
    if view.apply_error is not None:
        return []
    found = [Evidence("collateral_files", "source file the gold patch does not touch", p) for p in _collateral(view)]
    found += [Evidence("scratch_files", "new file left outside source and test folders", p) for p in _scratch(view)]
    for path in view.paths_of_kind(SOURCE):
        found += [
            Evidence("whitespace_only_lines", "only whitespace changed", path, line)
            for line in _whitespace_only(view, path)
        ]
    return found


def _whitespace_only(view: PatchView, path: str) -> list[int]:
    """Changed lines whose text, whitespace removed, is a removed line of the same region: the lines
    PatchView.meaningful_line_counts counts as whitespace-only (the same pairing, with line numbers)."""
    if view.is_binary(path):
        return []
    lines = []
    for old, first_new, new in view.hunks(path):
        pool: dict[str, int] = {}
        for text in old:
            if normalized(text):
                pool[normalized(text)] = pool.get(normalized(text), 0) + 1
        for offset, text in enumerate(new):
            if normalized(text) and pool.get(normalized(text), 0) > 0:
                pool[normalized(text)] -= 1
                lines.append(first_new + offset)
    return lines


def source_changed(view: PatchView) -> bool:
    """Any source file changed in a meaningful way (or a source file added / deleted)."""
    for path in view.paths_of_kind(SOURCE):
        a, r, _ = view.meaningful_line_counts(path)
        if a or r or view.is_new(path) or view.is_deleted(path):
            return True
    return False
