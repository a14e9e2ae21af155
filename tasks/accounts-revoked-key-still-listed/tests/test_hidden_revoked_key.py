"""Revoking an API key disables it at once; the key stays listed (with revoked_at) for audit."""


def _bearer(token):
    return {"Authorization": f"Bearer {token}"}


def _create_key(client, account, name):
    response = client.post("/api-keys", json={"name": name}, headers=account.headers)
    assert response.status_code == 201, response.text
    return response.json()


def test_revoked_key_is_rejected_everywhere(client, make_user):
    alice = make_user("alice@example.com")
    key = _create_key(client, alice, "laptop")
    assert client.get("/me", headers=_bearer(key["key"])).status_code == 200

    assert client.delete(f"/api-keys/{key['id']}", headers=alice.headers).status_code == 204

    for method, path in (("GET", "/me"), ("GET", "/api-keys"), ("GET", "/me/settings")):
        response = client.request(method, path, headers=_bearer(key["key"]))
        assert response.status_code == 401, (method, path, response.text)
    response = client.post("/api-keys", json={"name": "sneaky"}, headers=_bearer(key["key"]))
    assert response.status_code == 401


def test_revoked_key_stays_listed_next_to_active_keys(client, clock, make_user):
    alice = make_user("alice@example.com")
    old = _create_key(client, alice, "laptop")
    new = _create_key(client, alice, "desktop")
    clock.advance(minutes=2)

    client.delete(f"/api-keys/{old['id']}", headers=alice.headers)

    listed = client.get("/api-keys", headers=alice.headers).json()
    assert [(k["id"], k["name"]) for k in listed] == [(old["id"], "laptop"), (new["id"], "desktop")]
    assert listed[0]["revoked_at"].startswith("2025-03-01T09:02:00")
    assert listed[1]["revoked_at"] is None
    assert client.get("/me", headers=_bearer(new["key"])).status_code == 200


def test_repeating_a_revoke_is_harmless(client, clock, make_user):
    alice = make_user("alice@example.com")
    key = _create_key(client, alice, "laptop")

    statuses = []
    for _ in range(3):
        statuses.append(client.delete(f"/api-keys/{key['id']}", headers=alice.headers).status_code)
        clock.advance(minutes=1)

    assert statuses == [204, 204, 204]
    listed = client.get("/api-keys", headers=alice.headers).json()
    assert listed[0]["revoked_at"].startswith("2025-03-01T09:00:00")


def test_revoked_key_cannot_be_rotated_back_to_life(client, make_user):
    alice = make_user("alice@example.com")
    key = _create_key(client, alice, "laptop")
    client.delete(f"/api-keys/{key['id']}", headers=alice.headers)

    response = client.post(f"/api-keys/{key['id']}/rotate", headers=alice.headers)

    assert response.status_code == 409
    assert len(client.get("/api-keys", headers=alice.headers).json()) == 1
