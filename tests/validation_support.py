"""Shared by the language tests: tasks validated in real Docker (untouched fails, gold passes, every
wrong patch rejected), with at least two wrong patches each."""

from harness.images import ImageBuilder
from harness.sandbox import docker_client
from harness.tasks import load_tasks
from harness.validate import validate_tasks


def assert_valid_in_docker(task_ids: list[str]) -> None:
    tasks = load_tasks(ids=task_ids).tasks
    assert sorted(t.id for t in tasks) == sorted(task_ids)
    builder = ImageBuilder(docker_client(), log=print)
    images = {task.id: builder.ensure_task(task) for task in tasks}
    results = validate_tasks(tasks, lambda t: images[t.id], repeats=1)
    invalid = {r.task_id: r.problems for r in results if not r.valid}
    assert not invalid, invalid
    assert all(r.wrong_patches >= 2 for r in results)
