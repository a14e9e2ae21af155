def _create_key(client, account, name="ci"):
    response = client.post("/api-keys", json={"name": name}, headers=account.headers)
    assert response.status_code == 201, response.text
    return response.json()


def _bearer(token):
    return {"Authorization": f"Bearer {token}"}


def test_list_and_revoke_own_session(client, make_user):
    alice = make_user("alice@example.com")

    sessions = client.get("/sessions", headers=alice.headers).json()
    assert [s["id"] for s in sessions] == [alice.session_id]

    response = client.delete(f"/sessions/{alice.session_id}", headers=alice.headers)

    assert response.status_code == 204
    assert client.get("/me", headers=alice.headers).status_code == 401


def test_cannot_revoke_another_users_session(client, make_user):
    alice = make_user("alice@example.com")
    bob = make_user("bob@example.com")

    response = client.delete(f"/sessions/{bob.session_id}", headers=alice.headers)

    assert response.status_code == 404
    assert client.get("/me", headers=bob.headers).status_code == 200


def test_api_key_authenticates_and_is_shown_once(client, make_user):
    alice = make_user("alice@example.com")

    created = _create_key(client, alice)

    assert created["key"].startswith(created["prefix"])
    me = client.get("/me", headers=_bearer(created["key"]))
    assert me.status_code == 200 and me.json()["email"] == "alice@example.com"
    listed = client.get("/api-keys", headers=alice.headers).json()
    assert [k["id"] for k in listed] == [created["id"]]
    assert "key" not in listed[0]


def test_revoked_api_key_stays_listed_with_revoked_at(client, clock, make_user):
    alice = make_user("alice@example.com")
    created = _create_key(client, alice)
    clock.advance(minutes=5)

    assert client.delete(f"/api-keys/{created['id']}", headers=alice.headers).status_code == 204

    listed = client.get("/api-keys", headers=alice.headers).json()
    assert [k["id"] for k in listed] == [created["id"]]
    assert listed[0]["revoked_at"].startswith("2025-03-01T09:05:00")
    assert client.get("/me", headers=_bearer(created["key"])).status_code == 401


def test_revoke_api_key_is_idempotent(client, clock, make_user):
    alice = make_user("alice@example.com")
    created = _create_key(client, alice)

    first = client.delete(f"/api-keys/{created['id']}", headers=alice.headers)
    clock.advance(minutes=10)
    second = client.delete(f"/api-keys/{created['id']}", headers=alice.headers)

    assert (first.status_code, second.status_code) == (204, 204)
    listed = client.get("/api-keys", headers=alice.headers).json()
    assert listed[0]["revoked_at"].startswith("2025-03-01T09:00:00")


def test_rotate_api_key_replaces_the_key(client, make_user):
    alice = make_user("alice@example.com")
    old = _create_key(client, alice, name="deploy bot")

    response = client.post(f"/api-keys/{old['id']}/rotate", headers=alice.headers)

    assert response.status_code == 201
    new = response.json()
    assert new["name"] == "deploy bot" and new["id"] != old["id"]
    assert client.get("/me", headers=_bearer(old["key"])).status_code == 401
    assert client.get("/me", headers=_bearer(new["key"])).status_code == 200


def test_rotating_a_revoked_key_conflicts(client, make_user):
    alice = make_user("alice@example.com")
    created = _create_key(client, alice)
    client.delete(f"/api-keys/{created['id']}", headers=alice.headers)

    response = client.post(f"/api-keys/{created['id']}/rotate", headers=alice.headers)

    assert response.status_code == 409
