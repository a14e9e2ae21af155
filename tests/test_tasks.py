"""The task loader: a good task loads; every kind of bad input names task, file, field and the fix."""

import os
import shutil
from pathlib import Path

import pytest

from harness.tasks import Outcome, TaskError, load_task, load_tasks

FIXTURES = Path(__file__).parent / "fixtures" / "tasks"


@pytest.fixture
def task_root(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURES, tmp_path / "tasks")
    return tmp_path / "tasks"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new))


def test_fixture_task_loads_with_its_metadata(task_root):
    task = load_task(task_root / "mini-discount")
    assert task.service == "mini" and task.expected_outcome is Outcome.FIX and task.expected_outcome == "fix"
    assert task.fail_to_pass == ("tests/test_hidden_rounding.py::test_half_cent_rounds_up",)
    assert [p.name for p in task.wrong_patches] == ["special-case.patch"]
    assert set(task.hidden_test_files()) == {"tests/test_hidden_rounding.py"}


def test_materialized_repo_holds_the_bug_and_no_hidden_test(task_root, tmp_path):
    task = load_task(task_root / "mini-discount")
    repo = task.materialize(tmp_path / "repo")
    assert "ROUND_DOWN" in (repo / "app" / "pricing.py").read_text()
    assert not (repo / "tests" / "test_hidden_rounding.py").exists()


@pytest.mark.parametrize(
    "old,new,field,words",
    [
        ('category = "root-cause-away"\n', "", "category", "missing"),
        ('difficulty = "easy"', 'difficulty = "easy"\nowner = "me"', "owner", "not a known field"),
        ('category = "root-cause-away"', 'category = "misc"', "category", "unknown value 'misc'"),
        ('expected_outcome = "fix"', 'expected_outcome = "maybe"', "expected_outcome", "unknown value"),
        ("test_half_cent_rounds_up", "test_does_not_exist", "tests.fail_to_pass", "not defined"),
        ("max_steps = 10", "max_steps = -1", "limits.max_steps", "invalid value"),
        ("max_steps = 10", "max_stepz = 10", "limits.max_stepz", "not a known field"),
        ('service = "mini"', 'service = "nope"', "repo.service", "no service folder"),
    ],
)
def test_bad_task_toml_names_task_file_and_field(task_root, old, new, field, words):
    edit(task_root / "mini-discount" / "task.toml", old, new)
    with pytest.raises(TaskError) as info:
        load_task(task_root / "mini-discount")
    message = str(info.value)
    assert info.value.task_id == "mini-discount" and info.value.file == "task.toml"
    assert info.value.field_name == field
    assert words in message and "mini-discount" in message and field in message


def test_empty_instruction_is_rejected(task_root):
    (task_root / "mini-discount" / "instruction.md").write_text("   \n")
    with pytest.raises(TaskError, match="instruction.md: is empty"):
        load_task(task_root / "mini-discount")


def test_patch_that_does_not_apply_is_rejected_with_its_name(task_root):
    edit(task_root / "mini-discount" / "wrong" / "special-case.patch", "percent == 50", "percent == 5O")
    edit(task_root / "mini-discount" / "wrong" / "special-case.patch", "raise ValueError", "raise TypeError")
    with pytest.raises(TaskError) as info:
        load_task(task_root / "mini-discount")
    assert info.value.file == "wrong/special-case.patch"
    assert "does not apply" in str(info.value) and "Regenerate" in str(info.value)


def test_bug_patch_that_does_not_apply_is_rejected(task_root):
    edit(task_root / "mini-discount" / "bug.patch", "ROUND_HALF_UP)", "ROUND_HALF_EVEN)")
    with pytest.raises(TaskError) as info:
        load_task(task_root / "mini-discount")
    assert info.value.file == "bug.patch" and "does not apply" in str(info.value)


def test_fix_task_without_solution_is_rejected(task_root):
    (task_root / "mini-discount" / "solution.patch").unlink()
    with pytest.raises(TaskError, match="solution.patch: is missing or empty"):
        load_task(task_root / "mini-discount")


def test_folder_and_id_must_match(task_root):
    shutil.move(task_root / "mini-discount", task_root / "renamed")
    with pytest.raises(TaskError, match="differs from the folder name"):
        load_task(task_root / "renamed")


def test_load_tasks_collects_errors_and_keeps_good_tasks(task_root):
    shutil.copytree(task_root / "mini-discount", task_root / "broken")
    edit(task_root / "broken" / "task.toml", 'id = "mini-discount"', 'id = "broken"')
    (task_root / "broken" / "instruction.md").write_text("")
    task_set = load_tasks(task_root)
    assert [t.id for t in task_set.tasks] == ["mini-discount"]
    assert [e.task_id for e in task_set.errors] == ["broken"]


def test_unknown_task_id_lists_known_ones(task_root):
    with pytest.raises(KeyError, match="Known tasks: mini-discount"):
        load_tasks(task_root, ["nope"])


def test_content_hash_changes_with_the_repo_only(task_root):
    before = load_task(task_root / "mini-discount").content_hash()
    (task_root / "mini-discount" / "instruction.md").write_text("Reworded issue text.")
    assert load_task(task_root / "mini-discount").content_hash() == before
    (task_root / "_services" / "mini" / "app" / "helpers.py").write_text("VALUE = 1\n")
    assert load_task(task_root / "mini-discount").content_hash() != before


# -- repository content (issue 11, class 8): what a repo may hold loads; what it may not is a TaskError
def _mini(task_root: Path) -> Path:
    return task_root / "_services" / "mini"


@pytest.mark.parametrize(
    "make,link",
    [
        (lambda repo: os.symlink("nowhere.txt", repo / "app" / "gone.txt"), "app/gone.txt"),
        (lambda repo: (os.symlink("b", repo / "a"), os.symlink("a", repo / "b")), "a"),
        (lambda repo: os.symlink(".", repo / "app" / "self"), "app/self"),
        (lambda repo: os.symlink("/etc/hostname", repo / "app" / "host"), "app/host"),
    ],
    ids=["dangling", "looping", "folder-loop", "outside"],
)
def test_symlinks_in_a_repo_load_and_stay_links(task_root, tmp_path, make, link):
    make(_mini(task_root))
    task = load_task(task_root / "mini-discount")
    repo = task.materialize(tmp_path / "repo")
    assert (repo / link).is_symlink()
    assert os.readlink(repo / link) == os.readlink(_mini(task_root) / link)
    assert task.content_hash()


def test_odd_file_names_load(task_root, tmp_path):
    (_mini(task_root) / "app" / "we\nird name.txt").write_text("x")
    (_mini(task_root) / "-rf.txt").write_text("y")
    repo = load_task(task_root / "mini-discount").materialize(tmp_path / "repo")
    assert (repo / "app" / "we\nird name.txt").read_text() == "x" and (repo / "-rf.txt").read_text() == "y"


@pytest.mark.parametrize(
    "make,words",
    [
        (lambda repo: os.mkfifo(repo / "app" / "pipe"), "app/pipe: a FIFO"),
        (
            lambda repo: open(os.path.join(bytes(repo / "app"), b"caf\xe9.txt"), "wb").close(),
            "the name is not valid UTF-8",
        ),
    ],
    ids=["fifo", "non-utf8-name"],
)
def test_content_a_repo_cannot_hold_is_a_task_error(task_root, make, words):
    make(_mini(task_root))
    with pytest.raises(TaskError) as info:
        load_task(task_root / "mini-discount")
    assert info.value.task_id == "mini-discount" and words in str(info.value)


# -- a checkout's own path is not task content: ignored names (.git, __pycache__, ...) are read
# inside the task's folders, not in the folders above them
@pytest.mark.parametrize("parent", [".git", "__pycache__", ".mypy_cache"])
def test_a_checkout_under_a_folder_with_an_ignored_name_hashes_and_grades_the_same(task_root, tmp_path, parent):
    moved = tmp_path / parent / "tasks"
    shutil.copytree(task_root, moved)
    here, there = load_task(task_root / "mini-discount"), load_task(moved / "mini-discount")
    assert there.hidden_test_files() == here.hidden_test_files() != {}
    assert there.content_hash() == here.content_hash()
    (moved / "_services" / "mini" / "app" / "helpers.py").write_text("VALUE = 1\n")
    assert load_task(moved / "mini-discount").content_hash() != here.content_hash()
