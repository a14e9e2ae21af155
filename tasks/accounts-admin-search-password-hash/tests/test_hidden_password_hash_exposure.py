"""No API response may carry a password hash or any recognisable piece of one."""

from sqlalchemy import select

from app.models import User

from .conftest import PASSWORD


def _hash_fragments(app, email):
    with app.state.session_factory() as db:
        stored = db.scalar(select(User.password_hash).where(User.email == email))
    _, _, salt, digest = stored.split("$")
    fragments = {stored}
    for secret in (salt, digest):
        fragments.update(secret[i : i + 8] for i in range(len(secret) - 7))
    return fragments


def _assert_no_fragment(text, fragments):
    leaked = sorted(f for f in fragments if f in text)
    assert not leaked, f"response contains password hash material: {leaked[:3]}"


def test_admin_search_returns_no_password_hash_material(app, client, make_user, make_admin):
    root = make_admin("root@example.com")
    make_user("alice@example.com")
    make_user("alicia@example.com")

    response = client.get("/admin/users", params={"q": "ali"}, headers=root.headers)

    assert response.status_code == 200
    assert [u["email"] for u in response.json()] == ["alice@example.com", "alicia@example.com"]
    for user in response.json():
        assert not any("hash" in key or key == "password" for key in user), user
    for email in ("alice@example.com", "alicia@example.com"):
        _assert_no_fragment(response.text, _hash_fragments(app, email))


def test_user_facing_payloads_return_no_password_hash_material(
    app, client, make_user, make_org, add_member
):
    created = client.post(
        "/users", json={"email": "alice@example.com", "password": PASSWORD, "display_name": "A"}
    )
    alice_token = client.post(
        "/sessions", json={"email": "alice@example.com", "password": PASSWORD}
    ).json()["token"]
    alice = {"Authorization": f"Bearer {alice_token}"}
    bob = make_user("bob@example.com")
    org_id = client.post("/orgs", json={"name": "Acme", "slug": "acme"}, headers=alice).json()["id"]
    client.post(f"/orgs/{org_id}/members", json={"email": bob.email}, headers=alice)
    fragments = _hash_fragments(app, "alice@example.com")

    for text in (
        created.text,
        client.get("/me", headers=alice).text,
        client.get(f"/orgs/{org_id}/members", headers=bob.headers).text,
        client.get(f"/orgs/{org_id}/members/{created.json()['id']}", headers=bob.headers).text,
    ):
        _assert_no_fragment(text, fragments)


def test_admin_search_shows_when_password_last_changed(client, clock, make_user, make_admin):
    root = make_admin("root@example.com")
    alice = make_user("alice@example.com")
    before = client.get("/admin/users", params={"q": "alice"}, headers=root.headers).json()[0]
    clock.advance(minutes=30)

    client.post(
        "/me/password",
        json={"current_password": PASSWORD, "new_password": "a brand new passphrase"},
        headers=alice.headers,
    )
    after = client.get("/admin/users", params={"q": "alice"}, headers=root.headers).json()[0]

    assert before["password_changed_at"].startswith("2025-03-01T09:00:00")
    assert after["password_changed_at"].startswith("2025-03-01T09:30:00")
