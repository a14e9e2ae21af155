def test_sign_up_creates_tenant_and_admin(client, sign_up):
    admin = sign_up("acme")

    me = client.get("/me", headers=admin.headers)

    assert me.status_code == 200
    assert me.json() == {
        "id": admin.id,
        "tenant_id": admin.tenant_id,
        "email": "admin@acme.example",
        "role": "admin",
        "active": True,
    }


def test_duplicate_tenant_slug_conflicts(client, sign_up):
    sign_up("acme")

    response = client.post(
        "/tenants", json={"slug": "acme", "name": "Acme 2", "admin_email": "x@acme.example"}
    )

    assert response.status_code == 409
    assert response.json()["code"] == "conflict"


def test_requests_without_valid_token_are_rejected(client, sign_up):
    sign_up("acme")

    assert client.get("/me").status_code == 401
    response = client.get("/me", headers={"Authorization": "Bearer tk_nope"})
    assert response.status_code == 401
    assert response.json() == {"code": "unauthenticated", "detail": "invalid or revoked token"}


def test_admin_invites_users_and_lists_only_own_tenant(client, sign_up, invite):
    acme = sign_up("acme")
    globex = sign_up("globex")
    ana = invite(acme, "ana@acme.example", "member")
    invite(globex, "bob@globex.example", "viewer")

    listed = client.get("/users", headers=acme.headers).json()

    assert [(u["email"], u["role"]) for u in listed] == [
        ("admin@acme.example", "admin"),
        ("ana@acme.example", "member"),
    ]
    assert client.get("/me", headers=ana.headers).json()["tenant_id"] == acme.tenant_id


def test_only_admins_manage_users(client, sign_up, invite):
    acme = sign_up("acme")
    ana = invite(acme, "ana@acme.example", "member")

    response = client.post("/users", json={"email": "eve@acme.example"}, headers=ana.headers)

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert client.get("/users", headers=ana.headers).status_code == 403


def test_deactivated_user_token_stops_working(client, sign_up, invite):
    acme = sign_up("acme")
    ana = invite(acme, "ana@acme.example", "member")

    response = client.patch(f"/users/{ana.id}", json={"active": False}, headers=acme.headers)

    assert response.status_code == 200
    assert client.get("/me", headers=ana.headers).status_code == 401


def test_admin_cannot_change_users_of_another_tenant(client, sign_up, invite):
    acme = sign_up("acme")
    globex = sign_up("globex")
    bob = invite(globex, "bob@globex.example", "member")

    response = client.patch(f"/users/{bob.id}", json={"role": "admin"}, headers=acme.headers)

    assert response.status_code == 404
