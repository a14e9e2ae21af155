from sqlalchemy import select

from app.models import User

from .conftest import PASSWORD, login


def test_register_and_fetch_profile(client, make_user):
    alice = make_user("alice@example.com", display_name="Alice Liddell")

    response = client.get("/me", headers=alice.headers)

    assert response.status_code == 200
    body = response.json()
    assert body["email"] == "alice@example.com"
    assert body["display_name"] == "Alice Liddell"
    assert "password_hash" not in body


def test_register_normalises_email_and_rejects_duplicates(client, make_user):
    make_user("alice@example.com")

    response = client.post(
        "/users",
        json={"email": "  Alice@Example.COM ", "password": PASSWORD, "display_name": "Again"},
    )

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "conflict"


def test_register_rejects_short_password(client):
    response = client.post(
        "/users", json={"email": "bob@example.com", "password": "short", "display_name": "Bob"}
    )

    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_input"


def test_login_with_wrong_password_is_401(client, make_user):
    make_user("alice@example.com")

    response = client.post(
        "/sessions", json={"email": "alice@example.com", "password": "not the password"}
    )

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorized"


def test_password_is_stored_with_configured_iterations(app, make_user):
    make_user("alice@example.com")

    with app.state.session_factory() as db:
        stored = db.scalar(select(User.password_hash).where(User.email == "alice@example.com"))

    algorithm, iterations, salt, digest = stored.split("$")
    assert (algorithm, iterations) == ("pbkdf2_sha256", "1000")
    assert PASSWORD not in stored and len(salt) == 32 and len(digest) == 64


def test_session_expires_after_ttl(client, clock, make_user):
    alice = make_user("alice@example.com")

    clock.advance(seconds=3599)
    assert client.get("/me", headers=alice.headers).status_code == 200

    clock.advance(seconds=1)
    response = client.get("/me", headers=alice.headers)
    assert response.status_code == 401


def test_update_profile_and_settings(client, make_user):
    alice = make_user("alice@example.com")

    assert client.get("/me/settings", headers=alice.headers).json() == {
        "timezone": "UTC",
        "locale": "en",
        "email_notifications": True,
    }

    profile = client.patch("/me", json={"display_name": "Al"}, headers=alice.headers)
    settings = client.patch(
        "/me/settings",
        json={"timezone": "Europe/Berlin", "email_notifications": False},
        headers=alice.headers,
    )

    assert profile.json()["display_name"] == "Al"
    assert settings.json() == {
        "timezone": "Europe/Berlin",
        "locale": "en",
        "email_notifications": False,
    }


def test_settings_reject_unknown_locale(client, make_user):
    alice = make_user("alice@example.com")

    response = client.patch("/me/settings", json={"locale": "xx"}, headers=alice.headers)

    assert response.status_code == 422
    assert client.get("/me/settings", headers=alice.headers).json()["locale"] == "en"


def test_change_password_signs_out_other_sessions(client, make_user):
    alice = make_user("alice@example.com")
    phone_token, _ = login(client, "alice@example.com")

    response = client.post(
        "/me/password",
        json={"current_password": PASSWORD, "new_password": "a brand new passphrase"},
        headers=alice.headers,
    )

    assert response.status_code == 204
    assert client.get("/me", headers=alice.headers).status_code == 200
    phone = client.get("/me", headers={"Authorization": f"Bearer {phone_token}"})
    assert phone.status_code == 401
    old = client.post("/sessions", json={"email": alice.email, "password": PASSWORD})
    assert old.status_code == 401
    login(client, alice.email, "a brand new passphrase")


def test_change_password_requires_current_password(client, make_user):
    alice = make_user("alice@example.com")

    response = client.post(
        "/me/password",
        json={"current_password": "wrong guess!!", "new_password": "a brand new passphrase"},
        headers=alice.headers,
    )

    assert response.status_code == 403
    login(client, alice.email, PASSWORD)
