from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import pytest
from fastapi.testclient import TestClient

from app import services
from app.config import Settings
from app.main import create_app

PASSWORD = "correct horse battery"


class FakeClock:
    def __init__(self, start: datetime):
        self.current = start

    def now(self) -> datetime:
        return self.current

    def advance(self, **delta) -> None:
        self.current += timedelta(**delta)


@dataclass
class Account:
    id: int
    email: str
    token: str
    session_id: int

    @property
    def headers(self) -> dict:
        return {"Authorization": f"Bearer {self.token}"}


@pytest.fixture
def clock():
    return FakeClock(datetime(2025, 3, 1, 9, 0, tzinfo=timezone.utc))


@pytest.fixture
def settings(tmp_path):
    return Settings(
        database_url=f"sqlite:///{tmp_path / 'accounts.db'}",
        pbkdf2_iterations=1_000,
        session_ttl_seconds=3600,
    )


@pytest.fixture
def app(settings, clock):
    application = create_app(settings, clock)
    yield application
    application.state.engine.dispose()


@pytest.fixture
def client(app):
    with TestClient(app) as test_client:
        yield test_client


def login(client, email: str, password: str = PASSWORD) -> tuple[str, int]:
    response = client.post("/sessions", json={"email": email, "password": password})
    assert response.status_code == 201, response.text
    body = response.json()
    return body["token"], body["session_id"]


@pytest.fixture
def make_user(client):
    def _make(email: str, password: str = PASSWORD, display_name: str | None = None) -> Account:
        response = client.post(
            "/users",
            json={
                "email": email,
                "password": password,
                "display_name": display_name or email.split("@")[0].title(),
            },
        )
        assert response.status_code == 201, response.text
        token, session_id = login(client, email, password)
        return Account(id=response.json()["id"], email=email, token=token, session_id=session_id)

    return _make


@pytest.fixture
def make_admin(app, make_user):
    def _make(email: str) -> Account:
        account = make_user(email)
        with app.state.session_factory() as db:
            services.promote_to_admin(db, email)
        return account

    return _make


@pytest.fixture
def make_org(client):
    def _make(owner: Account, slug: str, name: str | None = None) -> int:
        response = client.post(
            "/orgs", json={"name": name or slug.title(), "slug": slug}, headers=owner.headers
        )
        assert response.status_code == 201, response.text
        return response.json()["id"]

    return _make


@pytest.fixture
def add_member(client):
    def _add(manager: Account, org_id: int, member: Account, role: str = "member") -> None:
        response = client.post(
            f"/orgs/{org_id}/members",
            json={"email": member.email, "role": role},
            headers=manager.headers,
        )
        assert response.status_code == 201, response.text

    return _add
