"""Client fixtures for black-box hidden tests of the jobs service.

The service runs in another container at $EVALRUN_SERVICE_URL; these tests reach it over HTTP
only and never import its code. Each test starts from an empty service (POST /__evalrun__/reset)
whose manual clock reads START; `clock` and `make_worker` drive the service's clock and worker
through its control routes (app/serve.py).
"""

import os
from datetime import datetime
from types import SimpleNamespace
from typing import Any

import httpx
import pytest

START = datetime(2030, 1, 1, 12, 0, 0)  # = JOBS_CLOCK_START in service.toml
ADMIN_TOKEN = "test-admin-token"  # = JOBS_ADMIN_TOKEN in service.toml


@pytest.fixture
def client():
    url = os.environ["EVALRUN_SERVICE_URL"]
    with httpx.Client(base_url=url, timeout=30, headers={"X-Admin-Token": ADMIN_TOKEN}) as http:
        reset = http.post("/__evalrun__/reset")
        assert reset.status_code == 204, f"the service did not reset: {reset.status_code} {reset.text}"
        yield http


class RemoteClock:
    def __init__(self, client: httpx.Client):
        self.client = client

    def advance(self, seconds: float) -> datetime:
        response = self.client.post("/__evalrun__/clock/advance", json={"seconds": seconds})
        assert response.status_code == 200, response.text
        return datetime.fromisoformat(response.json()["now"])


class RemoteWorker:
    """One worker of the service; run_once() returns the job it ran (attributes as in the API) or None."""

    def __init__(self, client: httpx.Client, worker_id: str):
        self.client, self.worker_id = client, worker_id

    def run_once(self) -> SimpleNamespace | None:
        response = self.client.post("/__evalrun__/worker/run-once", json={"worker_id": self.worker_id})
        assert response.status_code == 200, response.text
        job = response.json()
        return None if job is None else SimpleNamespace(**job)


@pytest.fixture
def clock(client) -> RemoteClock:
    return RemoteClock(client)


@pytest.fixture
def make_worker(client):
    def _make(worker_id: str = "worker-1") -> RemoteWorker:
        return RemoteWorker(client, worker_id)

    return _make


@pytest.fixture
def enqueue(client):
    """POST /jobs with a valid send_email job, overridden by the given fields; returns the body."""

    def _enqueue(**fields: Any) -> dict[str, Any]:
        body = {"kind": "send_email", "payload": {"to": "ana@example.com", "template": "welcome"}}
        body.update(fields)
        response = client.post("/jobs", json=body)
        assert response.status_code == 201, response.text
        return response.json()

    return _enqueue
