"""Black-box grading end to end (issue 19): the hidden tests run as HTTP clients in a second
container, against the patched service served in the first, on a private network.

On one converted task (accounts-api-key-revoke-other-user): the gold patch resolves with no
tampering, the untouched repo does not, code under test that looks for the hidden tests finds none
(nor in-process, where they are renamed and root-only; it does find a file it planted itself), and no container or
network of the run is left behind, also when the patched service never starts.
"""

import dataclasses
import shutil
import uuid
from pathlib import Path

import pytest
from security_support import make_patch

from harness import paths
from harness.grader import ERROR, FAILED, PASSED, grade
from harness.images import LABEL, ImageBuilder
from harness.sandbox import docker_client, wait_for_removals
from harness.tasks import load_task

TASK_ID = "accounts-api-key-revoke-other-user"
BUGGY_CHECK = "    if api_key is None:\n        raise NotFound"
# Attack 3 of issue 19: the code under test reads the hidden tests at grading time. This one only
# behaves (like the gold fix) when it can see them, and logs what it found.
SNOOP_CHECK = "    if api_key is None or (_hidden_tests_seen() and api_key.user_id != user.id):\n        raise NotFound"
SNOOP_HELPER = """

def _hidden_tests_seen() -> bool:
    import os
    import sys

    found = []
    for root in ("/repo", "/home", "/tmp", "/opt/evalrun"):
        for folder, _, names in os.walk(root):
            found += [os.path.join(folder, n) for n in names if n.startswith("test_hidden")]
    print(f"snoop found {found}", file=sys.stderr)
    return bool(found)
"""

docker = pytest.mark.docker


@pytest.fixture(scope="module")
def task_image():
    task = load_task(paths.tasks_dir() / TASK_ID)
    assert task.tests_mode == "black-box"
    return task, ImageBuilder(docker_client(), log=lambda _: None).ensure_task(task)


@pytest.fixture
def run_id():
    """A run id of this test's own, to find what it left behind (never `evalrun clean`)."""
    run = f"h-blackbox-{uuid.uuid4().hex[:8]}"
    yield run
    wait_for_removals()  # grading removes its containers in the background (Sandbox.close(wait=False))
    client = docker_client()
    filters = {"label": f"{LABEL}.run={run}"}
    left = [c.name for c in client.containers.list(all=True, filters=filters)]
    left += [n.name for n in client.networks.list(filters=filters)]
    assert left == [], f"grading left these behind: {left}"


def snooping_patch(task, tmp_path: Path, extra: dict[str, str] | None = None) -> str:
    source = (task.materialize(tmp_path / "buggy") / "app" / "services.py").read_text()
    assert BUGGY_CHECK in source
    edits = {"app/services.py": source.replace(BUGGY_CHECK, SNOOP_CHECK) + SNOOP_HELPER} | (extra or {})
    return make_patch(task, tmp_path / "patch", edits)


@docker
def test_gold_patch_is_resolved_without_tampering(task_image, run_id):
    task, image = task_image
    verdict = grade(task, task.solution_patch.read_text(), image, run_id=run_id)
    assert verdict.resolved, verdict.log_tail
    assert not verdict.tampered and verdict.runner_consistent
    assert verdict.tests == {test_id: PASSED for test_id in task.test_ids}


@docker
def test_untouched_repo_is_not_resolved(task_image, run_id):
    task, image = task_image
    verdict = grade(task, "", image, run_id=run_id)
    assert not verdict.resolved
    assert {verdict.tests[t] for t in task.fail_to_pass} == {FAILED}, verdict.log_tail
    assert {verdict.tests[t] for t in task.pass_to_pass} == {PASSED}, verdict.log_tail


@docker
def test_code_under_test_never_sees_the_hidden_tests(task_image, run_id, tmp_path):
    task, image = task_image
    patch = snooping_patch(task, tmp_path)

    verdict = grade(task, patch, image, run_id=run_id)
    assert not verdict.resolved
    assert {verdict.tests[t] for t in task.fail_to_pass} == {FAILED}, verdict.log_tail

    # In-process, the hidden tests are renamed and readable by root only: the snoop finds none there either.
    in_process = grade(dataclasses.replace(task, tests_mode="in-process"), patch, image, run_id=run_id)
    assert not in_process.resolved, in_process.log_tail

    # The control: when the snoop does find a file of that name (one it planted itself), it behaves.
    control = snooping_patch(task, tmp_path / "control", {"app/test_hidden_marker.txt": "planted\n"})
    assert grade(task, control, image, run_id=run_id).resolved


@docker
def test_bench_figure_times_black_box_grading_against_in_process(task_image, run_id):
    from harness.bench import QUICK, Bench, Section
    from harness.bench.grading import measure_blackbox

    bench = Bench(dataclasses.replace(QUICK, blackbox_samples=1), log=lambda _: None)
    bench.label = run_id  # what it starts carries this test's run id, checked by the fixture
    measure_blackbox(bench, Section("black-box grading"))
    [figure] = bench.figures
    assert figure.key == "grade_blackbox_sec" and figure.value > 0
    assert figure.baselines["the same task graded in-process"] > 0
    assert "median of 1" in figure.note


@docker
def test_a_service_that_never_answers_fails_the_hidden_tests_with_its_log(task_image, run_id, tmp_path):
    task, image = task_image
    root = tmp_path / "tasks"  # a copy whose service.toml waits 5 s, not 30 (same image: same repo)
    for rel in (task.id, f"_services/{task.service}", f"_clients/{task.service}"):
        shutil.copytree(paths.tasks_dir() / rel, root / rel)
    toml = root / "_clients" / task.service / "service.toml"
    toml.write_text(toml.read_text().replace("ready_timeout_sec = 30.0", "ready_timeout_sec = 5.0"))
    impatient = load_task(root / task.id)
    serve = (task.materialize(tmp_path / "buggy") / "app" / "serve.py").read_text()
    patch = make_patch(task, tmp_path / "patch", {"app/serve.py": serve + '\nraise SystemExit("serve.py: broken")\n'})

    verdict = grade(impatient, patch, image, run_id=run_id)
    assert not verdict.resolved and not verdict.runner_consistent
    hidden = [t for t in task.test_ids if t.startswith("tests/test_hidden_")]
    assert {verdict.tests[t] for t in hidden} == {ERROR}
    assert {verdict.tests[t] for t in task.test_ids if t not in hidden} == {PASSED}  # visible ones run in-process
    assert "never answered" in verdict.log_tail and "serve.py: broken" in verdict.log_tail
