import os
import uuid

import pytest

# Every container this test session starts carries this label (harness.sandbox.labels_for), so a
# test's leftovers are told apart from another process's containers on the same engine.
os.environ.setdefault("EVALRUN_SESSION", f"pytest-{uuid.uuid4().hex[:10]}")
WORKER = os.environ.get("PYTEST_XDIST_WORKER")  # "gw0", "gw1" in a pytest-xdist worker
if WORKER:
    # Each worker gets its own session label (the workers inherit the controller's), so the leak
    # check below sees only the containers of its own worker's tests.
    if not os.environ["EVALRUN_SESSION"].endswith(f"-{WORKER}"):
        os.environ["EVALRUN_SESSION"] += f"-{WORKER}"
    # A worker starts with COLUMNS=80 and LINES=24, which rich reads once, when evalrun's
    # module-level consoles are made: a test's own COLUMNS would then not widen the output. Dropped
    # here, before any harness import, so a worker prints as a serial run does.
    for variable in ("COLUMNS", "LINES"):
        os.environ.pop(variable, None)

DOCKER_GROUP = "docker"


@pytest.hookimpl(tryfirst=True)  # before xdist's own hook, which turns the mark into the nodeid suffix
def pytest_collection_modifyitems(config, items):
    """Every Docker test in one xdist group: one worker runs them in order, never two at once (they
    share the engine, the image cache and two cores); the host-only tests are spread over the workers."""
    for item in items:
        if item.get_closest_marker("docker") is not None:
            item.add_marker(pytest.mark.xdist_group(DOCKER_GROUP))


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
