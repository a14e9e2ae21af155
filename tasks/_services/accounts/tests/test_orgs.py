def test_create_org_makes_caller_owner(client, make_user):
    alice = make_user("alice@example.com")

    response = client.post("/orgs", json={"name": "Acme", "slug": "acme"}, headers=alice.headers)

    assert response.status_code == 201
    assert response.json()["role"] == "owner"
    orgs = client.get("/orgs", headers=alice.headers).json()
    assert [(o["slug"], o["role"]) for o in orgs] == [("acme", "owner")]


def test_duplicate_slug_conflicts(client, make_user, make_org):
    alice = make_user("alice@example.com")
    make_org(alice, "acme")

    response = client.post("/orgs", json={"name": "Acme 2", "slug": "acme"}, headers=alice.headers)

    assert response.status_code == 409


def test_non_member_cannot_see_org(client, make_user, make_org):
    alice = make_user("alice@example.com")
    mallory = make_user("mallory@example.com")
    org_id = make_org(alice, "acme")

    assert client.get(f"/orgs/{org_id}", headers=mallory.headers).status_code == 404
    assert client.get(f"/orgs/{org_id}/members", headers=mallory.headers).status_code == 404
    member = client.get(f"/orgs/{org_id}/members/{alice.id}", headers=mallory.headers)
    assert member.status_code == 404


def test_owner_adds_member_and_members_are_listed(client, make_user, make_org, add_member):
    alice = make_user("alice@example.com")
    bob = make_user("bob@example.com")
    org_id = make_org(alice, "acme")

    add_member(alice, org_id, bob)

    members = client.get(f"/orgs/{org_id}/members", headers=bob.headers).json()
    assert [(m["email"], m["role"]) for m in members] == [
        ("alice@example.com", "owner"),
        ("bob@example.com", "member"),
    ]


def test_member_cannot_add_members(client, make_user, make_org, add_member):
    alice = make_user("alice@example.com")
    bob = make_user("bob@example.com")
    carol = make_user("carol@example.com")
    org_id = make_org(alice, "acme")
    add_member(alice, org_id, bob)

    response = client.post(
        f"/orgs/{org_id}/members", json={"email": carol.email}, headers=bob.headers
    )

    assert response.status_code == 403


def test_member_can_view_teammate(client, make_user, make_org, add_member):
    alice = make_user("alice@example.com")
    bob = make_user("bob@example.com")
    org_id = make_org(alice, "acme")
    add_member(alice, org_id, bob)

    response = client.get(f"/orgs/{org_id}/members/{alice.id}", headers=bob.headers)

    assert response.status_code == 200
    assert response.json()["email"] == "alice@example.com"
    assert response.json()["role"] == "owner"


def test_only_owner_changes_roles(client, make_user, make_org, add_member):
    alice = make_user("alice@example.com")
    bob = make_user("bob@example.com")
    carol = make_user("carol@example.com")
    org_id = make_org(alice, "acme")
    add_member(alice, org_id, bob, role="admin")
    add_member(alice, org_id, carol)

    denied = client.patch(
        f"/orgs/{org_id}/members/{carol.id}", json={"role": "admin"}, headers=bob.headers
    )
    allowed = client.patch(
        f"/orgs/{org_id}/members/{carol.id}", json={"role": "admin"}, headers=alice.headers
    )

    assert denied.status_code == 403
    assert allowed.status_code == 200 and allowed.json()["role"] == "admin"


def test_last_owner_cannot_be_demoted(client, make_user, make_org):
    alice = make_user("alice@example.com")
    org_id = make_org(alice, "acme")

    response = client.patch(
        f"/orgs/{org_id}/members/{alice.id}", json={"role": "member"}, headers=alice.headers
    )

    assert response.status_code == 409
    assert client.get(f"/orgs/{org_id}", headers=alice.headers).json()["role"] == "owner"
