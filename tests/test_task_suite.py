"""Every task in tasks/ is valid in real Docker: the untouched repo fails its hidden check, the gold
patch passes, every wrong patch is rejected, PASS_TO_PASS holds.

CI grades every variant of every task once, and a rotating subset of tasks (changing daily) with
EVALRUN_SUBSET_REPEATS (default 5) repeats to catch flaky checks. The full `--repeats 5` run over
every task is `evalrun validate --repeats 5` (figures in docs/validation.md).
"""

import datetime
import os

import pytest

from harness import paths
from harness.images import ImageBuilder
from harness.sandbox import docker_client
from harness.tasks import load_tasks
from harness.unstable import unstable_for
from harness.validate import validate_tasks

pytestmark = pytest.mark.docker
SUBSET_SIZE = int(os.environ.get("EVALRUN_SUBSET_SIZE", "4"))
SUBSET_REPEATS = int(os.environ.get("EVALRUN_SUBSET_REPEATS", "5"))


def rotating_subset(task_ids: list[str], size: int, day: int) -> set[str]:
    start = (day * size) % len(task_ids)
    return {task_ids[(start + i) % len(task_ids)] for i in range(min(size, len(task_ids)))}


def test_rotating_subset_covers_every_task_over_time():
    ids = [f"t{i}" for i in range(10)]
    seen = set().union(*(rotating_subset(ids, 4, day) for day in range(5)))
    assert seen == set(ids) and len(rotating_subset(ids, 4, 7)) == 4


def test_every_task_is_valid():
    task_set = load_tasks(paths.tasks_dir())
    assert not task_set.errors, "\n".join(str(e) for e in task_set.errors)
    builder = ImageBuilder(docker_client(), log=print)
    images = {task.id: builder.ensure_task(task) for task in task_set.tasks}
    subset = rotating_subset(sorted(images), SUBSET_SIZE, datetime.date.today().toordinal())
    repeated = [t for t in task_set.tasks if t.id in subset]
    once = [t for t in task_set.tasks if t.id not in subset]
    results = validate_tasks(once, lambda t: images[t.id], repeats=1, concurrency=2)
    results += validate_tasks(repeated, lambda t: images[t.id], repeats=SUBSET_REPEATS, concurrency=2)
    for result in sorted(results, key=lambda r: r.task_id):
        print(f"{result.task_id:50s} checks={result.checks:3d} {result.duration_sec:6.1f}s valid={result.valid}")
    quarantined = unstable_for(task_set.tasks)  # tasks/unstable.toml: flaky, known, left out of leaderboards
    invalid = {
        r.task_id: r.problems + r.flaky for r in results if r.problems or (r.flaky and r.task_id not in quarantined)
    }
    assert not invalid, invalid
    assert len(results) == len(task_set.tasks)
