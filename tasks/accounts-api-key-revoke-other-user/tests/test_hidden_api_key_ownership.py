"""A user may only revoke or rotate API keys they own."""


def _create_key(client, account, name):
    response = client.post("/api-keys", json={"name": name}, headers=account.headers)
    assert response.status_code == 201, response.text
    return response.json()


def _bearer(token):
    return {"Authorization": f"Bearer {token}"}


def test_cannot_revoke_another_users_api_key(client, make_user):
    alice = make_user("alice@example.com")
    bob = make_user("bob@example.com")
    bobs_key = _create_key(client, bob, "initech ci")

    response = client.delete(f"/api-keys/{bobs_key['id']}", headers=alice.headers)

    assert response.status_code in (403, 404), response.text
    assert client.get("/me", headers=_bearer(bobs_key["key"])).status_code == 200
    listed = client.get("/api-keys", headers=bob.headers).json()
    assert [(k["id"], k["revoked_at"]) for k in listed] == [(bobs_key["id"], None)]


def test_api_key_cannot_be_used_to_revoke_another_users_key(client, make_user):
    alice = make_user("alice@example.com")
    bob = make_user("bob@example.com")
    alices_key = _create_key(client, alice, "scripts")
    bobs_key = _create_key(client, bob, "initech ci")

    response = client.delete(f"/api-keys/{bobs_key['id']}", headers=_bearer(alices_key["key"]))

    assert response.status_code in (403, 404), response.text
    assert client.get("/me", headers=_bearer(bobs_key["key"])).status_code == 200


def test_cannot_rotate_another_users_api_key(client, make_user):
    alice = make_user("alice@example.com")
    bob = make_user("bob@example.com")
    bobs_key = _create_key(client, bob, "initech ci")

    response = client.post(f"/api-keys/{bobs_key['id']}/rotate", headers=alice.headers)

    assert response.status_code in (403, 404), response.text
    assert "key" not in response.json()
    assert client.get("/me", headers=_bearer(bobs_key["key"])).status_code == 200
    assert client.get("/api-keys", headers=alice.headers).json() == []
    assert [k["id"] for k in client.get("/api-keys", headers=bob.headers).json()] == [
        bobs_key["id"]
    ]


def test_owner_can_still_revoke_and_rotate_own_keys(client, make_user):
    alice = make_user("alice@example.com")
    make_user("bob@example.com")
    first = _create_key(client, alice, "one")
    second = _create_key(client, alice, "two")

    assert client.delete(f"/api-keys/{first['id']}", headers=alice.headers).status_code == 204
    assert client.delete(f"/api-keys/{first['id']}", headers=alice.headers).status_code == 204
    rotated = client.post(f"/api-keys/{second['id']}/rotate", headers=alice.headers)

    assert rotated.status_code == 201
    assert client.get("/me", headers=_bearer(rotated.json()["key"])).status_code == 200


def test_unknown_key_is_404(client, make_user):
    alice = make_user("alice@example.com")

    assert client.delete("/api-keys/999", headers=alice.headers).status_code == 404
    assert client.post("/api-keys/999/rotate", headers=alice.headers).status_code == 404
