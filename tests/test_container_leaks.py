"""The conftest's leak check: a Docker test that leaves an evalrun container behind fails in its
teardown, naming the container, and the container is removed; another session's containers (another
process on the same engine) are left alone."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.docker
pytest_plugins = ["pytester"]

INNER = """
import pytest

from harness.images import ImageBuilder
from harness.sandbox import Sandbox, docker_client
from harness.tasks import Limits

pytestmark = pytest.mark.docker


def test_leaks():
    image = ImageBuilder(docker_client()).ensure_base()
    Sandbox.start(image, Limits(), role="leaky", run_id="leak-check")  # never closed


def test_closes():
    image = ImageBuilder(docker_client()).ensure_base()
    with Sandbox.start(image, Limits(), role="tidy", run_id="leak-check"):
        pass
"""


def test_a_test_that_leaves_a_container_behind_fails_and_the_container_goes(pytester, monkeypatch):
    from harness.images import ImageBuilder
    from harness.sandbox import Sandbox, docker_client
    from harness.tasks import Limits

    pytester.makeconftest((Path(__file__).parent / "conftest.py").read_text())
    pytester.makepyfile(test_inner=INNER)
    with monkeypatch.context() as patched:  # another process's container, started meanwhile
        patched.setenv("EVALRUN_SESSION", "another-session")
        foreign = Sandbox.start(ImageBuilder(docker_client()).ensure_base(), Limits(), run_id="leak-check-other")
    try:
        result = pytester.runpytest_subprocess("-q", "-p", "no:cacheprovider")
        assert foreign.is_running()
    finally:
        foreign.close()
    result.assert_outcomes(passed=2, errors=1)
    result.stdout.fnmatch_lines(["*this test left evalrun containers behind*run leak-check, role leaky*"])
    assert "leak-check-other" not in result.stdout.str()
    left = docker_client().containers.list(all=True, filters={"label": "evalrun.run=leak-check"})
    assert left == []
