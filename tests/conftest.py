import os

import pytest


@pytest.fixture(autouse=True)
def _docker_engine(request):
    """Docker tests need the engine: under CI=true a missing engine fails, elsewhere it skips.

    After a Docker test, every evalrun container it started must be gone (background removals are
    waited for first): one left behind fails that test in teardown, naming the container, and is
    removed, so that `.ci/run`'s final `evalrun clean` check points at the test that leaked it.
    Containers that existed before the test (another process's) are left alone."""
    if request.node.get_closest_marker("docker") is None:
        yield
        return
    from harness.sandbox import SandboxError, docker_client

    try:
        client = docker_client()
    except SandboxError as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but Docker is unavailable: {exc}")
        pytest.skip(f"Docker is unavailable: {exc}")
    before = {c.id for c in _evalrun_containers(client)}
    yield
    left = _left_behind(client, before)
    if left:
        pytest.fail(f"this test left evalrun containers behind (now removed): {'; '.join(left)}")


def _evalrun_containers(client) -> list:
    from harness.sandbox import LABEL

    return client.containers.list(all=True, filters={"label": LABEL})


def _left_behind(client, before: set[str]) -> list[str]:
    import docker

    from harness.sandbox import LABEL, SandboxError, wait_for_removals

    try:
        wait_for_removals()
        failed = []
    except SandboxError as exc:  # what could not be removed is among those listed below
        failed = [str(exc)]
    left = [c for c in _evalrun_containers(client) if c.id not in before]
    for container in left:
        try:
            container.remove(force=True, v=True)
        except docker.errors.NotFound:
            pass
    described = [f"{c.name} (run {c.labels.get(f'{LABEL}.run')}, role {c.labels.get(f'{LABEL}.role')})" for c in left]
    return failed + described if described else []
