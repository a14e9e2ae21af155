"""Real Docker: images (offline, cached), sandbox isolation and limits, grading, `evalrun validate`."""

import shutil
from pathlib import Path

import docker.errors
import pytest
from typer.testing import CliRunner

from harness.cli import app
from harness.grader import grade
from harness.images import ImageBuilder
from harness.sandbox import Sandbox, clean, docker_client
from harness.tasks import Limits, load_task

pytestmark = pytest.mark.docker
FIXTURES = Path(__file__).parent / "fixtures" / "tasks"


@pytest.fixture(scope="module")
def task():
    return load_task(FIXTURES / "mini-discount")


@pytest.fixture(scope="module")
def image(task):
    return ImageBuilder(docker_client(), log=lambda _: None).ensure_task(task)


def test_unchanged_task_is_not_rebuilt(task, image):
    lines = []
    builder = ImageBuilder(docker_client(), log=lines.append)
    assert builder.ensure_task(task) == image
    assert lines == []


def test_agent_image_holds_only_the_buggy_state(image):
    with Sandbox.start(image, Limits(), run_id="pytest-foundation") as box:
        log = box.exec("git log --all --oneline | wc -l; git status --porcelain | wc -l")
        assert log.output.split() == ["1", "0"]
        found = box.exec("find / -xdev \\( -name 'test_hidden*' -o -name 'solution.patch' \\) 2>/dev/null | wc -l")
        assert found.output.strip() == "0"
        assert "ROUND_DOWN" in box.read_file("/repo/app/pricing.py").decode()


def test_sandbox_is_isolated_and_limited(image):
    limits = Limits(memory_mb=256, pids=64, cpus=0.5)
    with Sandbox.start(image, limits, run_id="pytest-foundation") as box:
        assert box.exec("id -u").output.strip() == "1000"
        net = box.exec("python3 -c \"import socket; socket.create_connection(('1.1.1.1', 53), timeout=3)\"")
        assert net.exit_code != 0 and "Network is unreachable" in net.output
        slow = box.exec("sleep 30", timeout=2)
        assert slow.timed_out and slow.duration < 15
        loud = box.exec("head -c 3000000 /dev/zero | tr '\\0' x", output_cap=1000)
        assert len(loud.output) == 1000 and loud.truncated_bytes == 3000000 - 1000
        attrs = box.container.attrs["HostConfig"]
        assert attrs["Memory"] == 256 * 1024 * 1024 and attrs["PidsLimit"] == 64 and attrs["NanoCpus"] == 5 * 10**8
        box.write_file("/repo/notes.txt", b"written from outside\n")
        assert box.exec("cat notes.txt").output == "written from outside\n"


def test_fork_bomb_leftovers_are_killed_but_a_background_server_survives(image):
    limits = Limits(memory_mb=256, pids=64, cpus=1.0)
    with Sandbox.start(image, limits, run_id="pytest-foundation") as box:
        box.exec("sleep 600 >/dev/null 2>&1 &")
        bomb = box.exec(":(){ :|:& };:", timeout=5)
        assert "killed 1 process group(s)" in bomb.output
        after = box.exec("ps -e -o comm= | wc -l")
        assert "fork: retry" not in after.output and int(after.output) < 16
        assert box.exec("pgrep -f 'sleep 600'").exit_code == 0


def test_clean_removes_labelled_leftovers(image):
    box = Sandbox.start(image, Limits(), run_id="pytest-leftover")
    assert clean("pytest-leftover") == 1
    assert not box.is_running()


def test_grading_untouched_gold_and_wrong(task, image):
    untouched = grade(task, "", image)
    assert not untouched.resolved
    assert untouched.tests["tests/test_hidden_rounding.py::test_half_cent_rounds_up"] == "failed"
    assert untouched.tests["tests/test_pricing.py::test_no_discount"] == "passed"
    gold = grade(task, task.solution_patch.read_text(), image)
    assert gold.resolved and gold.runner_consistent and not gold.runner_forged
    assert gold.runner_exit_code == 1  # the grader's must-fail probe failed, as it must
    wrong = grade(task, task.wrong_patches[0].read_text(), image)
    assert not wrong.resolved


def run_cli(*args, tasks_dir: Path):
    return CliRunner().invoke(app, list(args), env={"EVALRUN_TASKS_DIR": str(tasks_dir)})


def test_validate_accepts_the_fixture_task(tmp_path):
    shutil.copytree(FIXTURES, tmp_path / "tasks")  # validate writes its ledger beside the tasks
    result = run_cli("validate", "--repeats", "2", tasks_dir=tmp_path / "tasks")
    assert result.exit_code == 0, result.output
    assert "1/1 valid" in result.output
    assert "mini-discount" in (tmp_path / "tasks" / "validated.toml").read_text()


@pytest.fixture
def broken_root(tmp_path):
    shutil.copytree(FIXTURES, tmp_path / "tasks")
    return tmp_path / "tasks"


def test_validate_fails_when_the_gold_patch_does_not_fix(broken_root):
    task_dir = broken_root / "mini-discount"
    # A "gold" patch that only reformats the error message: it applies but fixes nothing.
    gold = (task_dir / "solution.patch").read_text()
    wrong = (task_dir / "wrong" / "special-case.patch").read_text()
    (task_dir / "solution.patch").write_text(wrong.replace('Decimal("5.03")', 'Decimal("5.02")'))
    assert gold != (task_dir / "solution.patch").read_text()
    result = run_cli("validate", "--repeats", "1", tasks_dir=broken_root)
    assert result.exit_code == 1
    assert "mini-discount" in result.output and "gold patch: tests fail" in result.output


def test_validate_fails_when_a_test_id_is_not_defined(broken_root):
    toml = broken_root / "mini-discount" / "task.toml"
    toml.write_text(toml.read_text().replace("test_half_cent_rounds_up", "test_missing_hidden_test"))
    result = run_cli("validate", "--repeats", "1", tasks_dir=broken_root)
    assert result.exit_code == 1
    assert "test_missing_hidden_test" in result.output and "not defined" in result.output


def test_validate_fails_when_the_check_accepts_a_wrong_patch(broken_root):
    task_dir = broken_root / "mini-discount"
    shutil.copy(task_dir / "solution.patch", task_dir / "wrong" / "actually-right.patch")
    result = run_cli("validate", "--repeats", "1", tasks_dir=broken_root)
    assert result.exit_code == 1
    assert "wrong/actually-right.patch: the hidden check accepts this wrong patch" in result.output


def labelled(run_id: str) -> list:
    return docker_client().containers.list(all=True, filters={"label": f"evalrun.run={run_id}"})


def test_a_container_starting_in_the_background_is_removed_used_or_not(image):
    from harness.sandbox import starting, wait_for_removals

    with starting(image, Limits(), run_id="pytest-starting") as sandbox:
        pass  # never used: still removed
    with starting(image, Limits(), run_id="pytest-starting") as sandbox:
        assert sandbox().exec("echo ready").output.strip() == "ready"
    wait_for_removals()
    assert labelled("pytest-starting") == []


def test_a_failed_background_start_raises_after_the_body(task):
    from harness.sandbox import SandboxError, starting

    with pytest.raises(SandboxError, match="could not start a container"):
        with starting("evalrun/no-such-image:0", Limits(), run_id="pytest-starting"):
            pass


def test_a_background_removal_is_waited_for_and_a_failure_is_named(image):
    from harness.sandbox import SandboxError, wait_for_removals

    box = Sandbox.start(image, Limits(), run_id="pytest-bg-remove")
    box.close(wait=False)
    wait_for_removals()
    assert labelled("pytest-bg-remove") == []

    class Unremovable:
        name = "evalrun-pytest-unremovable"

        def remove(self, **_):
            raise docker.errors.APIError("engine said no")

    Sandbox(Unremovable(), docker_client()).close(wait=False)
    with pytest.raises(SandboxError, match="evalrun-pytest-unremovable: .*engine said no"):
        wait_for_removals()


def test_a_container_another_caller_is_removing_counts_as_removed():
    import requests

    class BeingRemoved:
        name = "evalrun-pytest-being-removed"

        def remove(self, **_):
            response = requests.Response()
            response.status_code = 409
            raise docker.errors.APIError(
                "409 Client Error", response, explanation="removal of container abc is already in progress"
            )

    Sandbox(BeingRemoved(), docker_client()).close()  # no error: it is going away


def test_clean_tells_its_containers_from_image_build_leftovers(image):
    """A container made from an evalrun image carries the image's labels (evalrun=1) without a run:
    an image build's step. `clean` does not count one as a leftover sandbox; clean_build_leftovers
    removes one that has exited (a failed build's step the engine kept), never one still running (a
    build under way in another process)."""
    from harness.sandbox import clean_build_leftovers

    client = docker_client()
    exited = client.containers.create(image, ["true"])  # a failed build's step, kept
    running = client.containers.run(image, ["sleep", "120"], detach=True)  # another process's build step
    box = Sandbox.start(image, Limits(), run_id="pytest-leftover-2")
    try:
        assert exited.labels.get("evalrun") == "1" and "evalrun.run" not in exited.labels
        assert clean("pytest-leftover-2") == 1 and not box.is_running()
        assert clean_build_leftovers() >= 1
        with pytest.raises(docker.errors.NotFound):
            exited.reload()
        running.reload()
        assert running.status == "running"
    finally:
        for container in (exited, running):
            try:
                container.remove(force=True)
            except docker.errors.NotFound:
                pass
