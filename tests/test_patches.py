"""harness.patches reads diff text in one place: names git quotes or tab-terminates, and hunk lines
that look like headers, read the same for every caller (the grader's runner-hook scan, the report)."""

from pathlib import Path

import pytest

from harness.grader import added_runner_hooks
from harness.patches import (
    ADD,
    APPLY_COMMANDS,
    CTX,
    DEL,
    HUNK,
    META,
    PatchError,
    added_lines,
    apply_patch,
    apply_with_fallback,
    diff_trees,
    line_kinds,
)


def _patch(tmp_path: Path, before: dict[str, str], after: dict[str, str]) -> str:
    for side, files in (("a", before), ("b", after)):
        (tmp_path / side).mkdir()
        for rel, text in files.items():
            (tmp_path / side / rel).write_text(text)
    return diff_trees(tmp_path / "a", tmp_path / "b")


@pytest.mark.parametrize("name", ["app/price list.py", "app/prix_café.py"])
def test_added_lines_name_the_file_git_quotes_or_ends_with_a_tab(tmp_path, name):
    (tmp_path / "a" / "app").mkdir(parents=True)
    (tmp_path / "b" / "app").mkdir(parents=True)
    (tmp_path / "a" / name).write_text("x = 1\n")
    (tmp_path / "b" / name).write_text("x = 1\nimport _pytest\n")
    patch = diff_trees(tmp_path / "a", tmp_path / "b")
    assert added_lines(patch) == [(name, "import _pytest")]
    assert added_runner_hooks(None, patch) == [f"{name}: import _pytest"]


def test_line_kinds_follow_the_hunk_counts_not_the_line_prefix(tmp_path):
    patch = _patch(tmp_path, {"q.sql": "SELECT 1;\n-- note\n"}, {"q.sql": "SELECT 1;\n++ counter\n"})
    kinds = line_kinds(patch)
    assert [line for _, line in kinds] == patch.splitlines()
    assert [kind for kind, _ in kinds] == [META, META, META, META, HUNK, CTX, DEL, ADD]
    assert kinds[-2:] == [(DEL, "--- note"), (ADD, "+++ counter")]


def test_a_patch_with_moved_context_needs_the_fallback(tmp_path):
    patch = _patch(tmp_path, {"f.py": "a = 1\nb = 2\nc = 3\n"}, {"f.py": "a = 1\nb = 20\nc = 3\n"})
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "f.py").write_text("a = 1\nx = 0\nb = 2\nc = 4\n")
    with pytest.raises(PatchError, match="the patch does not apply"):
        apply_patch(repo, patch, what="the patch")
    assert APPLY_COMMANDS[0][:2] == ("git", "apply")
    apply_with_fallback(repo, patch)
    assert (repo / "f.py").read_text() == "a = 1\nx = 0\nb = 20\nc = 4\n"
