"""Client fixtures for black-box hidden tests of the accounts service.

The service runs in another container at $EVALRUN_SERVICE_URL; these tests reach it over HTTP
only and never import its code. Each test starts from an empty service (POST /__evalrun__/reset).
"""

import os
from dataclasses import dataclass

import httpx
import pytest

PASSWORD = "correct horse battery"


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
def client():
    with httpx.Client(base_url=os.environ["EVALRUN_SERVICE_URL"], timeout=30) as http:
        reset = http.post("/__evalrun__/reset")
        assert reset.status_code == 204, f"the service did not reset: {reset.status_code} {reset.text}"
        yield http


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
            json={"email": email, "password": password, "display_name": display_name or email.split("@")[0].title()},
        )
        assert response.status_code == 201, response.text
        token, session_id = login(client, email, password)
        return Account(id=response.json()["id"], email=email, token=token, session_id=session_id)

    return _make


@pytest.fixture
def make_org(client):
    def _make(owner: Account, slug: str, name: str | None = None) -> int:
        response = client.post("/orgs", json={"name": name or slug.title(), "slug": slug}, headers=owner.headers)
        assert response.status_code == 201, response.text
        return response.json()["id"]

    return _make


@pytest.fixture
def add_member(client):
    def _add(manager: Account, org_id: int, member: Account, role: str = "member") -> None:
        response = client.post(
            f"/orgs/{org_id}/members", json={"email": member.email, "role": role}, headers=manager.headers
        )
        assert response.status_code == 201, response.text

    return _add
