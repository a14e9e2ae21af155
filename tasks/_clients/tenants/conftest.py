"""Client fixtures for black-box hidden tests of the tenants service.

The service runs in another container at $EVALRUN_SERVICE_URL; these tests reach it over HTTP
only and never import its code. Each test starts from an empty service (POST /__evalrun__/reset).
`run_worker` drives the report worker through the service's control route (app/serve.py). The
fixtures have the names and shapes of the visible conftest's, so a hidden test reads the same in
both modes.
"""

import os
from dataclasses import dataclass

import httpx
import pytest


@dataclass
class Account:
    id: int
    tenant_id: int
    email: str
    role: str
    token: str

    @property
    def headers(self) -> dict:
        return {"Authorization": f"Bearer {self.token}"}


@pytest.fixture
def client():
    with httpx.Client(base_url=os.environ["EVALRUN_SERVICE_URL"], timeout=30) as http:
        reset = http.post("/__evalrun__/reset")
        assert reset.status_code == 204, f"the service did not reset: {reset.status_code} {reset.text}"
        yield http


@pytest.fixture
def sign_up(client):
    def _sign_up(slug: str, admin_email: str | None = None) -> Account:
        response = client.post(
            "/tenants",
            json={"slug": slug, "name": slug.title(), "admin_email": admin_email or f"admin@{slug}.example"},
        )
        assert response.status_code == 201, response.text
        body = response.json()
        user = body["user"]
        return Account(user["id"], user["tenant_id"], user["email"], user["role"], body["token"])

    return _sign_up


@pytest.fixture
def invite(client):
    def _invite(admin: Account, email: str, role: str = "member") -> Account:
        response = client.post("/users", json={"email": email, "role": role}, headers=admin.headers)
        assert response.status_code == 201, response.text
        body = response.json()
        user = body["user"]
        return Account(user["id"], user["tenant_id"], user["email"], user["role"], body["token"])

    return _invite


@pytest.fixture
def make_project(client):
    def _make(account: Account, name: str, tags: list[str] | None = None) -> dict:
        response = client.post("/projects", json={"name": name, "tags": tags or []}, headers=account.headers)
        assert response.status_code == 201, response.text
        return response.json()

    return _make


@pytest.fixture
def log_time(client):
    def _log(account: Account, project_id: int, day: str, minutes: int, note: str = "") -> dict:
        response = client.post(
            f"/projects/{project_id}/entries",
            json={"day": day, "minutes": minutes, "note": note},
            headers=account.headers,
        )
        assert response.status_code == 201, response.text
        return response.json()

    return _log


@pytest.fixture
def request_report(client):
    def _request(account: Account, since: str, until: str, kind: str = "hours_by_project", **headers) -> dict:
        response = client.post(
            "/reports", json={"kind": kind, "since": since, "until": until}, headers={**account.headers, **headers}
        )
        assert response.status_code == 202, response.text
        return response.json()

    return _request


@pytest.fixture
def run_worker(client):
    """Run the report worker until the queue is empty; returns the ids of the jobs it ran."""

    def _run(worker_id: str = "worker-1") -> list[int]:
        response = client.post("/__evalrun__/worker/run-pending", json={"worker_id": worker_id})
        assert response.status_code == 200, response.text
        return response.json()["ran"]

    return _run
