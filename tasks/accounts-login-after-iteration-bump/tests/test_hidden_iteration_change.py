"""Stored password hashes must keep verifying when the configured PBKDF2 cost changes."""

from dataclasses import replace

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from app.main import create_app
from app.models import User

from .conftest import PASSWORD

NEW_PASSWORD = "a brand new passphrase"


@pytest.fixture
def reconfigured(settings, clock):
    """Same database, restarted with a different iteration count."""
    apps = []

    def _start(iterations: int) -> TestClient:
        application = create_app(replace(settings, pbkdf2_iterations=iterations), clock)
        apps.append(application)
        return TestClient(application)

    yield _start
    for application in apps:
        application.state.engine.dispose()


def _stored_hash(app, email):
    with app.state.session_factory() as db:
        return db.scalar(select(User.password_hash).where(User.email == email))


def _login(client, email, password):
    return client.post("/sessions", json={"email": email, "password": password})


def test_existing_user_can_log_in_after_iterations_are_raised(make_user, reconfigured):
    make_user("alice@example.com")

    client = reconfigured(2_000)
    response = _login(client, "alice@example.com", PASSWORD)

    assert response.status_code == 201, response.text
    me = client.get("/me", headers={"Authorization": f"Bearer {response.json()['token']}"})
    assert me.json()["email"] == "alice@example.com"


def test_existing_user_can_log_in_after_iterations_are_lowered(make_user, reconfigured):
    make_user("alice@example.com")

    client = reconfigured(500)

    assert _login(client, "alice@example.com", PASSWORD).status_code == 201


def test_existing_user_can_change_password_after_iterations_are_raised(
    app, make_user, reconfigured
):
    alice = make_user("alice@example.com")
    client = reconfigured(2_000)

    response = client.post(
        "/me/password",
        json={"current_password": PASSWORD, "new_password": NEW_PASSWORD},
        headers=alice.headers,
    )

    assert response.status_code == 204, response.text
    assert _stored_hash(app, "alice@example.com").split("$")[1] == "2000"
    assert _login(client, "alice@example.com", NEW_PASSWORD).status_code == 201
    assert _login(client, "alice@example.com", PASSWORD).status_code == 401


def test_wrong_password_is_still_rejected_after_iterations_change(make_user, reconfigured):
    make_user("alice@example.com")

    client = reconfigured(2_000)

    assert _login(client, "alice@example.com", "not the password").status_code == 401


def test_new_hashes_use_the_configured_iterations(app, make_user, reconfigured):
    make_user("alice@example.com")
    client = reconfigured(2_000)

    response = client.post(
        "/users",
        json={"email": "bob@example.com", "password": PASSWORD, "display_name": "Bob"},
    )

    assert response.status_code == 201
    assert _stored_hash(app, "alice@example.com").split("$")[1] == "1000"
    assert _stored_hash(app, "bob@example.com").split("$")[1] == "2000"
    assert _login(client, "bob@example.com", PASSWORD).status_code == 201
