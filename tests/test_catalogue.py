"""tasks/README.md is generated from the task files and must be current."""

from harness import paths
from harness.catalogue import render
from harness.tasks import load_tasks


def test_task_catalogue_is_up_to_date():
    task_set = load_tasks(paths.tasks_dir())
    assert not task_set.errors, [str(e) for e in task_set.errors]
    expected = render(task_set.tasks)
    actual = (paths.tasks_dir() / "README.md").read_text()
    assert actual == expected, "tasks/README.md is out of date: run `evalrun tasks catalogue`"


def test_catalogue_lists_every_task_with_its_metadata():
    task_set = load_tasks(paths.tasks_dir())
    text = render(task_set.tasks)
    for task in task_set.tasks:
        row = next(line for line in text.splitlines() if line.startswith(f"| {task.id} |"))
        assert task.category in row and task.service_name in row and task.difficulty in row
