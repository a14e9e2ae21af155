from dataclasses import dataclass
from datetime import datetime

import pytest
from fastapi.testclient import TestClient

from app import migrations
from app.clock import ManualClock
from app.config import Settings
from app.db import make_engine, make_session_factory
from app.main import create_app
from app.worker import JobRunner

START = datetime(2030, 1, 1, 9, 0, 0)


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
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture
def db_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'tenants.db'}"


@pytest.fixture
def engine(db_url):
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def session_factory(engine):
    migrations.upgrade(engine)
    return make_session_factory(engine)


@pytest.fixture
def settings(db_url) -> Settings:
    return Settings(database_url=db_url, cache_ttl_seconds=60.0)


@pytest.fixture
def app(session_factory, settings, clock):
    return create_app(session_factory, settings, clock)


@pytest.fixture
def client(app):
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def sign_up(client):
    """A new tenant with its admin; returns the admin's Account."""

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
        response = client.post(
            "/projects", json={"name": name, "tags": tags or []}, headers=account.headers
        )
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
            "/reports",
            json={"kind": kind, "since": since, "until": until},
            headers={**account.headers, **headers},
        )
        assert response.status_code == 202, response.text
        return response.json()

    return _request


@pytest.fixture
def run_worker(session_factory, clock, settings):
    """Run the report worker until the queue is empty; returns the ids of the jobs it ran."""

    def _run(worker_id: str = "worker-1") -> list[int]:
        runner = JobRunner(
            session_factory, clock=clock, worker_id=worker_id, max_attempts=settings.report_max_attempts
        )
        return [job.id for job in runner.run_pending()]

    return _run
