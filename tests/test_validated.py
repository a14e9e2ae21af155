"""The validation ledger (harness/validated.py): a key that changes with everything a validation
reads, entries that record only valid tasks, and a measurement that never lowers the repeats."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from harness import paths
from harness.tasks import load_tasks
from harness.validate import TaskValidation
from harness.validated import LedgerError, covered, ledger_for, ledger_path, read_ledger, record, validation_key


@pytest.fixture
def tasks_copy(tmp_path):
    """Two bundled tasks (one black-box, one in-process) in a tasks folder of their own."""
    bundled = load_tasks(paths.tasks_dir()).tasks
    chosen = [next(t for t in bundled if t.tests_mode == mode) for mode in ("black-box", "in-process")]
    root = tmp_path / "tasks"
    root.mkdir()
    copies = []
    for task in chosen:
        shutil.copytree(task.dir, root / task.id)
        copies.append(replace(task, dir=root / task.id, services_root=Path(task.dir).parent))
    return root, copies


def valid(task_id: str, seconds: float = 12.0) -> TaskValidation:
    return TaskValidation(task_id, checks=5, duration_sec=seconds, repeats=1)


def test_the_key_changes_with_the_task_folder_the_image_and_the_client_fixtures(tasks_copy, tmp_path):
    _, (blackbox, inprocess) = tasks_copy
    key = validation_key(inprocess, "evalrun/task-x:1")
    assert validation_key(inprocess, "evalrun/task-x:1") == key
    assert validation_key(inprocess, "evalrun/task-x:2") != key  # base, env layer or repository changed
    hidden = next(p for p in (Path(inprocess.dir) / "tests").rglob("*.py"))
    hidden.write_text(hidden.read_text() + "\n# changed\n")
    assert validation_key(inprocess, "evalrun/task-x:1") != key
    clients = tmp_path / "clients"
    shutil.copytree(blackbox.client_dir, clients / blackbox.service_name)
    moved = replace(blackbox, services_root=tmp_path)  # its clients now come from tmp_path/_clients
    (tmp_path / "_clients").symlink_to(clients)
    before = validation_key(moved, "t")
    next(p for p in (clients / blackbox.service_name).rglob("*") if p.is_file()).write_text("changed")
    assert validation_key(moved, "t") != before


def test_record_writes_valid_tasks_drops_invalid_ones_and_keeps_the_larger_repeats(tasks_copy):
    root, (first, second) = tasks_copy
    images = {first.id: "img:1", second.id: "img:2"}
    record([first, second], [valid(first.id), valid(second.id)], images, repeats=5)
    ledger = ledger_for([first, second])
    assert {e.repeats for e in ledger.values()} == {5} and all(
        covered(t, images[t.id], ledger) for t in (first, second)
    )
    record([first], [valid(first.id)], images, repeats=1)  # a later single repeat does not lower it
    assert read_ledger(root)[first.id].repeats == 5
    broken = valid(second.id)
    broken.problems.append("gold patch fails tests/test_x.py::test_y")
    record([second], [broken], images, repeats=3)
    assert set(read_ledger(root)) == {first.id}
    assert not covered(first, "img:other", read_ledger(root))  # new content: CI validates it again


def test_a_ledger_that_cannot_be_read_says_what_to_do(tasks_copy):
    root, _ = tasks_copy
    ledger_path(root).write_text("[tasks.x]\nrepeats = 1\n")
    with pytest.raises(LedgerError, match="has no key; delete it and rerun `evalrun validate`"):
        read_ledger(root)
    ledger_path(root).write_text("not toml [")
    with pytest.raises(LedgerError, match="is not valid TOML"):
        read_ledger(root)
