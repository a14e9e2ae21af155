import os

import pytest


@pytest.fixture(autouse=True)
def _docker_engine(request):
    """Docker tests need the engine: under CI=true a missing engine fails, elsewhere it skips."""
    if request.node.get_closest_marker("docker") is None:
        return
    from harness.sandbox import SandboxError, docker_client

    try:
        docker_client()
    except SandboxError as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but Docker is unavailable: {exc}")
        pytest.skip(f"Docker is unavailable: {exc}")
