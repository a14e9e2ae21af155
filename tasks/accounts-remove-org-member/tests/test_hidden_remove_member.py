"""DELETE /orgs/{org_id}/members/{user_id}: remove a member, or leave when it is yourself."""

import pytest


@pytest.fixture
def acme(make_user, make_org, add_member):
    alice = make_user("alice@example.com")  # owner
    bob = make_user("bob@example.com")  # admin
    carol = make_user("carol@example.com")  # member
    dave = make_user("dave@example.com")  # member
    org_id = make_org(alice, "acme")
    add_member(alice, org_id, bob, role="admin")
    add_member(alice, org_id, carol)
    add_member(alice, org_id, dave)
    return org_id, alice, bob, carol, dave


def _members(client, org_id, viewer):
    response = client.get(f"/orgs/{org_id}/members", headers=viewer.headers)
    assert response.status_code == 200, response.text
    return {m["email"]: m["role"] for m in response.json()}


def test_admin_removes_member(client, acme):
    org_id, alice, bob, carol, dave = acme

    response = client.delete(f"/orgs/{org_id}/members/{carol.id}", headers=bob.headers)

    assert response.status_code == 204, response.text
    assert "carol@example.com" not in _members(client, org_id, alice)
    assert client.get(f"/orgs/{org_id}", headers=carol.headers).status_code == 404
    assert client.get("/orgs", headers=carol.headers).json() == []


def test_member_can_leave(client, acme):
    org_id, alice, bob, carol, dave = acme

    response = client.delete(f"/orgs/{org_id}/members/{carol.id}", headers=carol.headers)

    assert response.status_code == 204, response.text
    assert client.get(f"/orgs/{org_id}", headers=carol.headers).status_code == 404
    assert set(_members(client, org_id, alice)) == {
        "alice@example.com",
        "bob@example.com",
        "dave@example.com",
    }


def test_member_cannot_remove_someone_else(client, acme):
    org_id, alice, bob, carol, dave = acme

    response = client.delete(f"/orgs/{org_id}/members/{dave.id}", headers=carol.headers)

    assert response.status_code == 403, response.text
    assert _members(client, org_id, alice)["dave@example.com"] == "member"


def test_admin_cannot_remove_an_owner(client, acme):
    org_id, alice, bob, carol, dave = acme

    response = client.delete(f"/orgs/{org_id}/members/{alice.id}", headers=bob.headers)

    assert response.status_code == 403, response.text
    assert _members(client, org_id, bob)["alice@example.com"] == "owner"


def test_sole_owner_cannot_leave(client, acme):
    org_id, alice, bob, carol, dave = acme

    response = client.delete(f"/orgs/{org_id}/members/{alice.id}", headers=alice.headers)

    assert response.status_code == 409, response.text
    assert client.get(f"/orgs/{org_id}", headers=alice.headers).json()["role"] == "owner"


def test_owner_can_leave_or_remove_owner_when_another_owner_remains(
    client, acme, make_user, add_member
):
    org_id, alice, bob, carol, dave = acme
    erin = make_user("erin@example.com")
    frank = make_user("frank@example.com")
    add_member(alice, org_id, erin, role="owner")
    add_member(alice, org_id, frank, role="owner")

    removed = client.delete(f"/orgs/{org_id}/members/{frank.id}", headers=alice.headers)
    left = client.delete(f"/orgs/{org_id}/members/{alice.id}", headers=alice.headers)
    last = client.delete(f"/orgs/{org_id}/members/{erin.id}", headers=erin.headers)

    assert (removed.status_code, left.status_code, last.status_code) == (204, 204, 409)
    members = _members(client, org_id, erin)
    assert [email for email, role in members.items() if role == "owner"] == ["erin@example.com"]


def test_removing_a_non_member_is_404(client, acme, make_user):
    org_id, alice, bob, carol, dave = acme
    mallory = make_user("mallory@example.com")

    response = client.delete(f"/orgs/{org_id}/members/{mallory.id}", headers=alice.headers)

    assert response.status_code == 404, response.text
    assert response.json()["error"]["code"] == "not_found"


def test_outsider_cannot_remove_members(client, acme, make_user):
    org_id, alice, bob, carol, dave = acme
    mallory = make_user("mallory@example.com")

    response = client.delete(f"/orgs/{org_id}/members/{carol.id}", headers=mallory.headers)

    assert response.status_code in (403, 404), response.text
    assert "carol@example.com" in _members(client, org_id, alice)


def test_removed_member_can_be_added_back(client, acme):
    org_id, alice, bob, carol, dave = acme
    client.delete(f"/orgs/{org_id}/members/{carol.id}", headers=alice.headers)

    response = client.post(
        f"/orgs/{org_id}/members", json={"email": carol.email}, headers=alice.headers
    )

    assert response.status_code == 201, response.text
    assert client.get(f"/orgs/{org_id}", headers=carol.headers).json()["role"] == "member"
