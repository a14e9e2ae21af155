"""Diff size and focus ("Surgical diffs", "Leave the campsite as found").

Source lines added / removed (blank lines and whitespace-only edits excluded, the latter counted
apart as reformatting noise), files touched, the log2 ratio of changed source lines to the gold
patch's, collateral files (source files the gold patch does not touch; every touched source file
when the task has no gold patch) and scratch files (new files outside source and tests).
"""

from __future__ import annotations

import math

from harness.scoring.patch_view import SCRATCH, SOURCE, PatchView

NAMES = (
    "src_lines_added",
    "src_lines_removed",
    "src_lines_changed",
    "whitespace_only_lines",
    "files_touched",
    "src_files_touched",
    "diff_ratio_log2",
    "collateral_files",
    "scratch_files",
)


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
    gold_paths = view.facts.gold_source_paths if view.facts else set()
    scratch = [p for p in view.paths_of_kind(SCRATCH) if view.is_new(p) and view.after(p) is not None]
    return {
        "src_lines_added": added,
        "src_lines_removed": removed,
        "src_lines_changed": changed,
        "whitespace_only_lines": whitespace,
        "files_touched": len(view.changed_paths),
        "src_files_touched": len(source),
        "diff_ratio_log2": math.log2(changed / gold_lines) if gold_lines and changed else None,
        "collateral_files": len(set(source) - gold_paths),
        "scratch_files": len(scratch),
    }


def source_changed(view: PatchView) -> bool:
    """Any source file changed in a meaningful way (or a source file added / deleted)."""
    for path in view.paths_of_kind(SOURCE):
        a, r, _ = view.meaningful_line_counts(path)
        if a or r or view.is_new(path) or view.is_deleted(path):
            return True
    return False
