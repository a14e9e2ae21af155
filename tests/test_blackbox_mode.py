"""`[tests] mode` in task.toml: parsed, validated; by default black-box when the task's service
declares how to serve it, in-process otherwise (docs/task-format.md)."""

import shutil
from pathlib import Path

import pytest

from harness.tasks import TaskError, load_task

FIXTURES = Path(__file__).parent / "fixtures" / "tasks"
F2P = 'fail_to_pass = ["tests/test_hidden_rounding.py::test_half_cent_rounds_up"]'


@pytest.fixture
def task_root(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURES, tmp_path / "tasks")
    return tmp_path / "tasks"


def set_mode(task_root: Path, line: str) -> None:
    toml = task_root / "mini-discount" / "task.toml"
    toml.write_text(toml.read_text().replace(F2P, f"{line}\n{F2P}"))


def test_mode_defaults_to_in_process_for_a_service_that_cannot_be_served(task_root):
    assert load_task(task_root / "mini-discount").tests_mode == "in-process"


def test_mode_defaults_to_black_box_for_a_service_that_can_be_served(task_root):
    (task_root / "_clients" / "mini").mkdir(parents=True)
    (task_root / "_clients" / "mini" / "service.toml").write_text('command = "serve"\nport = 8000\n')
    assert load_task(task_root / "mini-discount").tests_mode == "black-box"
    set_mode(task_root, 'mode = "in-process"')  # a task may still say otherwise
    assert load_task(task_root / "mini-discount").tests_mode == "in-process"


def test_every_repository_task_on_a_servable_service_says_its_mode():
    """New service tasks are black-box unless they say otherwise; the existing in-process ones say so."""
    root = Path(__file__).resolve().parent.parent / "tasks"
    unsaid = []
    for toml in sorted(root.glob("*/task.toml")):
        text = toml.read_text()
        if "\nmode = " not in text:
            unsaid.append(toml.parent.name)
    assert unsaid == []


def test_black_box_mode_is_read_when_the_service_declares_how_to_serve_it(task_root):
    set_mode(task_root, 'mode = "black-box"')
    (task_root / "_clients" / "mini").mkdir(parents=True)
    (task_root / "_clients" / "mini" / "service.toml").write_text('command = "serve"\nport = 8000\n')
    task = load_task(task_root / "mini-discount")
    assert task.tests_mode == "black-box"
    assert task.client_dir == task_root / "_clients" / "mini"


@pytest.mark.parametrize(
    "line,words",
    [
        ('mode = "blackbox"', "unknown value 'blackbox'"),
        ("mode = 1", "has type int"),
        ('mode = "black-box"', "service.toml does not exist"),
    ],
)
def test_bad_mode_names_the_field_and_the_fix(task_root, line, words):
    set_mode(task_root, line)
    with pytest.raises(TaskError) as info:
        load_task(task_root / "mini-discount")
    assert info.value.field_name == "tests.mode" and info.value.file == "task.toml"
    assert words in str(info.value) and "mini-discount" in str(info.value)
