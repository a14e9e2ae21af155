"""Every task in tasks/ is valid in real Docker: the untouched repo fails its hidden check, the gold
patch passes, every wrong patch is rejected, PASS_TO_PASS holds.

CI validates every task whose content is not in the validation ledger (tasks/validated.toml,
harness/validated.py: new or changed tasks, once each), and a rotating subset of the others
(changing daily, EVALRUN_SUBSET_SIZE tasks) with EVALRUN_SUBSET_REPEATS (default 5) repeats to catch
flaky checks; the rest are covered by the ledger entry `evalrun validate` wrote for their exact
content. The full run over every task is `evalrun validate --repeats 5` (figures in
docs/validation.md); it rewrites the ledger.
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
from harness.validated import covered, ledger_for

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


@pytest.mark.timeout(2400)  # a batch of new tasks (not yet in the ledger) is validated here, ~30 s each
def test_every_task_is_valid():
    task_set = load_tasks(paths.tasks_dir())
    assert not task_set.errors, "\n".join(str(e) for e in task_set.errors)
    builder = ImageBuilder(docker_client(), log=print)
    tags = {task.id: builder.task_tag(task) for task in task_set.tasks}  # content hashes: nothing is built
    ledger = ledger_for(task_set.tasks)
    changed = [t for t in task_set.tasks if not covered(t, tags[t.id], ledger)]
    unchanged = sorted(t.id for t in task_set.tasks if t not in changed)
    subset = rotating_subset(unchanged, SUBSET_SIZE, datetime.date.today().toordinal()) if unchanged else set()
    repeated = [t for t in task_set.tasks if t.id in subset]
    # Only the images of the tasks graded here are built (CI installs the env layers, not every task image).
    images = {t.id: builder.ensure_task(t) for t in changed + repeated}
    assert all(images[t] == tags[t] for t in images), "a built image's tag differs from its content hash"
    print(
        f"{len(changed)} task(s) not in the ledger (validated once), {len(repeated)} in the rotating subset "
        f"(x{SUBSET_REPEATS}), {len(unchanged) - len(repeated)} covered by tasks/validated.toml"
    )
    results = validate_tasks(changed, lambda t: images[t.id], repeats=1, concurrency=2)
    results += validate_tasks(repeated, lambda t: images[t.id], repeats=SUBSET_REPEATS, concurrency=2)
    for result in sorted(results, key=lambda r: r.task_id):
        print(f"{result.task_id:50s} checks={result.checks:3d} {result.duration_sec:6.1f}s valid={result.valid}")
    quarantined = unstable_for(task_set.tasks)  # tasks/unstable.toml: flaky, known, left out of leaderboards
    invalid = {
        r.task_id: r.problems + r.flaky for r in results if r.problems or (r.flaky and r.task_id not in quarantined)
    }
    assert not invalid, invalid
    validated_now = {r.task_id for r in results}
    assert all(t.id in validated_now or covered(t, tags[t.id], ledger) for t in task_set.tasks)
