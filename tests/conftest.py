import os
import uuid

import pytest

# Every container this test session starts carries this label (harness.sandbox.labels_for), so a
# test's leftovers are told apart from another process's containers on the same engine.
os.environ.setdefault("EVALRUN_SESSION", f"pytest-{uuid.uuid4().hex[:10]}")


@pytest.fixture(autouse=True)
def _docker_engine(request):
    """Docker tests need the engine: under CI=true a missing engine fails, elsewhere it skips.

    After a Docker test, every evalrun container this session started must be gone (background
    removals are waited for first): one left behind fails that test in teardown, naming it, and is
    removed, so that `.ci/run`'s final `evalrun clean` check points at the test that leaked it."""
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
    yield
    left = _left_behind(client)
    if left:
        pytest.fail(f"this test left evalrun containers behind (now removed): {'; '.join(left)}")


def _left_behind(client) -> list[str]:
    import docker

    from harness.sandbox import LABEL, SandboxError, wait_for_removals

    try:
        wait_for_removals()
        failed = []
    except SandboxError as exc:  # what could not be removed is among those listed below
        failed = [str(exc)]
    session = f"{LABEL}.session={os.environ['EVALRUN_SESSION']}"
    left = client.containers.list(all=True, filters={"label": [LABEL, session]})
    for container in left:
        try:
            container.remove(force=True, v=True)
        except docker.errors.NotFound:
            pass
    described = [f"{c.name} (run {c.labels.get(f'{LABEL}.run')}, role {c.labels.get(f'{LABEL}.role')})" for c in left]
    return failed + described if described else []
