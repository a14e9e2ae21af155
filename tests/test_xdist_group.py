"""The Docker tests run in one pytest-xdist worker, one at a time (tests/conftest.py groups them).

On pytest 9.2 the group was silently ignored (pytest-dev/pytest-xdist#1386) and two Docker tests at
once broke each other's containers in a CI rehearsal; this test fails if the grouping is lost."""

import pytest
from conftest import DOCKER_GROUP, WORKER

pytestmark = pytest.mark.docker


def test_docker_tests_are_one_xdist_group(request):
    if not WORKER:
        pytest.skip("not under pytest-xdist (-n 0): nothing runs beside this test")
    assert request.config.getvalue("loadgroup"), "pyproject's addopts set --dist loadgroup"
    assert request.node.nodeid.endswith(f"@{DOCKER_GROUP}"), (
        f"{request.node.nodeid}: xdist did not put this Docker test in the {DOCKER_GROUP!r} group, so Docker "
        "tests may run on two workers at once (a pytest or pytest-xdist version that drops loadgroup's suffix?)"
    )
