"""The grader's host-side logic: JUnit parsing, protected-path restoration, patch extraction."""

import io
import shutil
import tarfile
from pathlib import Path

import pytest

from harness.grader import (
    ERROR,
    FAILED,
    MISSING,
    PASSED,
    SKIPPED,
    added_runner_hooks,
    graded_tree,
    outcome_of,
    parse_junit,
)
from harness.patches import changed_paths, diff_trees, extract_tree
from harness.tasks import load_task

FIXTURES = Path(__file__).parent / "fixtures" / "tasks"

JUNIT = b"""<?xml version="1.0" encoding="utf-8"?>
<testsuites><testsuite name="pytest" errors="1" failures="1" skipped="1" tests="5">
<testcase classname="tests.test_a" name="test_ok" file="tests/test_a.py" line="1" time="0.1"/>
<testcase classname="tests.test_a" name="test_bad" file="tests/test_a.py" line="3" time="0.1">
  <failure message="assert 1 == 2">boom</failure></testcase>
<testcase classname="tests.test_a.TestGroup" name="test_in_class" file="tests/test_a.py" line="9" time="0"/>
<testcase classname="tests.test_b" name="test_p[1]" file="tests/test_b.py" line="1" time="0"/>
<testcase classname="tests.test_b" name="test_p[2]" file="tests/test_b.py" line="1" time="0">
  <skipped message="no"/></testcase>
<testcase classname="tests.test_b" name="test_err" file="tests/test_b.py" line="5" time="0">
  <error message="fixture"/></testcase>
</testsuite></testsuites>"""


def test_junit_maps_to_pytest_node_ids_with_outcomes():
    cases = parse_junit(JUNIT)
    assert cases == {
        "tests/test_a.py::test_ok": PASSED,
        "tests/test_a.py::test_bad": FAILED,
        "tests/test_a.py::TestGroup::test_in_class": PASSED,
        "tests/test_b.py::test_p[1]": PASSED,
        "tests/test_b.py::test_p[2]": SKIPPED,
        "tests/test_b.py::test_err": ERROR,
    }


def test_an_id_without_parameters_needs_every_variant_to_pass():
    cases = parse_junit(JUNIT)
    assert outcome_of("tests/test_b.py::test_p", cases) == SKIPPED
    assert outcome_of("tests/test_b.py::test_p[1]", cases) == PASSED
    assert outcome_of("tests/test_b.py::test_gone", cases) == MISSING


def test_forged_or_broken_junit_gives_no_outcomes():
    assert parse_junit(b"PASSED tests/test_a.py::test_bad") == {}


@pytest.fixture
def task(tmp_path):
    shutil.copytree(FIXTURES, tmp_path / "tasks")
    return load_task(tmp_path / "tasks" / "mini-discount")


def make_patch(task, tmp_path, edits: dict[str, str | None]) -> str:
    original = task.materialize(tmp_path / "orig")
    changed = task.materialize(tmp_path / "changed")
    for rel, content in edits.items():
        if content is None:
            (changed / rel).unlink()
        else:
            (changed / rel).parent.mkdir(parents=True, exist_ok=True)
            (changed / rel).write_text(content)
    return diff_trees(original, changed)


def test_protected_paths_are_restored_and_recorded(task, tmp_path):
    patch = make_patch(
        task,
        tmp_path,
        {
            "tests/conftest.py": "def pytest_collection_modifyitems(items):\n    items.clear()\n",
            "tests/test_pricing.py": "def test_no_discount():\n    pass\n",
            "app/conftest.py": "import pytest\n",
            "pytest.ini": "[pytest]\naddopts = -p no:python\n",
            "sitecustomize.py": "import os\n",
            "app/pricing.py": (task.service_dir / "app" / "pricing.py").read_text(),
            "tests/test_new.py": "def test_mine():\n    assert True\n",
        },
    )
    tree = graded_tree(task, patch, tmp_path / "grade")
    files, tampered, error = tree.files, tree.tampered, tree.apply_error
    assert error is None
    assert tampered == sorted(
        ["tests/conftest.py", "tests/test_pricing.py", "app/conftest.py", "pytest.ini", "sitecustomize.py"]
    )
    original = task.materialize(tmp_path / "pristine")
    assert files["tests/conftest.py"] == (original / "tests" / "conftest.py").read_bytes()
    assert files["tests/test_pricing.py"] == (original / "tests" / "test_pricing.py").read_bytes()
    assert "app/conftest.py" not in files and "pytest.ini" not in files and "sitecustomize.py" not in files
    assert b"ROUND_HALF_UP" in files["app/pricing.py"]  # the fix itself is kept
    assert "tests/test_new.py" in files  # a new test beside the old ones is not tampering
    assert "tests/test_hidden_rounding.py" in files


def test_deleting_a_visible_test_is_tampering_and_is_undone(task, tmp_path):
    patch = make_patch(task, tmp_path, {"tests/test_pricing.py": None})
    tree = graded_tree(task, patch, tmp_path / "grade")
    files, tampered, _ = tree.files, tree.tampered, tree.apply_error
    assert tampered == ["tests/test_pricing.py"] and "tests/test_pricing.py" in files


def test_planting_a_file_where_a_hidden_test_goes_is_tampering(task, tmp_path):
    patch = make_patch(task, tmp_path, {"tests/test_hidden_rounding.py": "def test_half_cent_rounds_up(): pass\n"})
    tree = graded_tree(task, patch, tmp_path / "grade")
    files, tampered, _ = tree.files, tree.tampered, tree.apply_error
    assert tampered == ["tests/test_hidden_rounding.py"]
    assert files["tests/test_hidden_rounding.py"] == (task.dir / "tests" / "test_hidden_rounding.py").read_bytes()


def test_a_patch_that_does_not_apply_is_reported(task, tmp_path):
    tree = graded_tree(task, "diff --git a/x b/x\nnot a patch\n", tmp_path / "grade")
    _, _, error = tree.files, tree.tampered, tree.apply_error
    assert error


def test_source_lines_reaching_into_the_runner_are_flagged(task, tmp_path):
    patch = make_patch(
        task,
        tmp_path,
        {"app/pricing.py": "import _pytest.runner\n" + (task.service_dir / "app" / "pricing.py").read_text()},
    )
    assert added_runner_hooks(task, patch) == ["app/pricing.py: import _pytest.runner"]
    clean = make_patch(task, tmp_path / "b", {"tests/test_x.py": "import pytest\n"})
    assert added_runner_hooks(task, clean) == []


def test_changed_paths_lists_added_removed_and_binary_files(task, tmp_path):
    original = task.materialize(tmp_path / "o")
    changed = task.materialize(tmp_path / "c")
    (changed / "blob.bin").write_bytes(bytes(range(256)))
    (changed / "app" / "pricing.py").unlink()
    (changed / "NEW.md").write_text("hello\n")
    patch = diff_trees(original, changed)
    assert changed_paths(patch) == ["NEW.md", "app/pricing.py", "blob.bin"]
    assert "GIT binary patch" in patch


def test_diff_ignores_the_agents_gitignore_and_git_folder(task, tmp_path):
    original = task.materialize(tmp_path / "o")
    changed = task.materialize(tmp_path / "c")
    (changed / ".gitignore").write_text("*.py\n")
    (changed / "app" / "hidden_change.py").write_text("X = 1\n")
    patch = diff_trees(original, changed)
    assert "app/hidden_change.py" in changed_paths(patch)


def _archive(entries) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        for name, kind, data in entries:
            info = tarfile.TarInfo(name)
            if kind == "dir":
                info.type = tarfile.DIRTYPE
                tar.addfile(info)
            elif kind == "sym":
                info.type, info.linkname = tarfile.SYMTYPE, data
                tar.addfile(info)
            else:
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def test_extract_never_writes_outside_and_records_escaping_symlinks(tmp_path):
    archive = _archive(
        [
            ("repo", "dir", None),
            ("repo/app.py", "file", b"x = 1\n"),
            ("repo/escape", "sym", "/etc"),
            ("repo/escape/passwd", "file", b"owned\n"),
            ("repo/up", "sym", "../../outside"),
            ("repo/.git/config", "file", b"[core]\n"),
            ("repo/__pycache__/app.cpython-311.pyc", "file", b"\0"),
        ]
    )
    result = extract_tree(archive, tmp_path / "out")
    assert (tmp_path / "out" / "app.py").read_text() == "x = 1\n"
    assert sorted(result.outside_symlinks) == ["escape -> /etc", "up -> ../../outside"]
    assert result.skipped == ["escape/passwd: inside a symlinked folder"]
    assert not (tmp_path / "out" / ".git").exists() and not (tmp_path / "out" / "__pycache__").exists()
    assert Path("/etc/passwd").read_text() != "owned\n"
