"""Which tasks the grading-overhead bench grades (no Docker): its baseline is the grader's own pytest
command, so only Python in-process tasks with a gold patch can be measured against it."""

from types import SimpleNamespace

from harness import paths
from harness.bench.grading import grading_tasks
from harness.tasks import load_tasks


def bench_over_the_task_set(grade_tasks: str) -> SimpleNamespace:
    tasks = load_tasks(paths.tasks_dir()).tasks
    return SimpleNamespace(
        task_set=lambda: tasks, fixture=lambda: None, settings=SimpleNamespace(grade_tasks=grade_tasks)
    )


def test_one_python_task_per_python_service_and_no_other_language():
    tasks = load_tasks(paths.tasks_dir()).tasks
    assert any(t.language != "python" for t in tasks), "the task set has other languages: this test needs one"
    chosen = grading_tasks(bench_over_the_task_set("per-service"))
    python_services = {t.service_name for t in tasks if t.language == "python" and t.tests_mode == "in-process"}
    assert {t.language for t in chosen} == {"python"}
    assert sorted(t.service_name for t in chosen) == sorted(python_services)


def test_quick_mode_grades_one_python_task():
    (task,) = grading_tasks(bench_over_the_task_set("one"))
    assert task.language == "python" and task.solution_patch is not None
