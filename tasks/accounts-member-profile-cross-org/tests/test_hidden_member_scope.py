"""Member endpoints must only ever resolve memberships of the org in the URL."""


def _two_orgs(make_user, make_org, add_member):
    alice = make_user("alice@example.com")
    bob = make_user("bob@example.com")
    carol = make_user("carol@example.com")
    mallory = make_user("mallory@example.com")
    globex = make_org(bob, "globex")
    add_member(bob, globex, carol)
    acme = make_org(alice, "acme")
    add_member(alice, acme, mallory)
    return alice, bob, carol, mallory, acme, globex


def test_member_cannot_read_user_from_another_org(client, make_user, make_org, add_member):
    alice, bob, carol, mallory, acme, globex = _two_orgs(make_user, make_org, add_member)

    for target in (bob, carol):
        response = client.get(f"/orgs/{acme}/members/{target.id}", headers=mallory.headers)
        assert response.status_code in (403, 404), response.text
        assert target.email not in response.text


def test_user_in_two_orgs_is_shown_with_role_of_requested_org(
    client, make_user, make_org, add_member
):
    alice, bob, carol, mallory, acme, globex = _two_orgs(make_user, make_org, add_member)
    add_member(alice, acme, bob)

    in_acme = client.get(f"/orgs/{acme}/members/{bob.id}", headers=mallory.headers)
    in_globex = client.get(f"/orgs/{globex}/members/{bob.id}", headers=carol.headers)

    assert in_acme.status_code == 200, in_acme.text
    assert (in_acme.json()["email"], in_acme.json()["role"]) == ("bob@example.com", "member")
    assert in_globex.status_code == 200
    assert in_globex.json()["role"] == "owner"


def test_owner_cannot_change_role_of_user_in_another_org(client, make_user, make_org, add_member):
    alice, bob, carol, mallory, acme, globex = _two_orgs(make_user, make_org, add_member)

    response = client.patch(
        f"/orgs/{acme}/members/{carol.id}", json={"role": "admin"}, headers=alice.headers
    )

    assert response.status_code in (403, 404), response.text
    carol_in_globex = client.get(f"/orgs/{globex}/members/{carol.id}", headers=bob.headers)
    assert carol_in_globex.json()["role"] == "member"


def test_owner_cannot_remove_user_from_another_org(client, make_user, make_org, add_member):
    alice, bob, carol, mallory, acme, globex = _two_orgs(make_user, make_org, add_member)

    response = client.delete(f"/orgs/{acme}/members/{carol.id}", headers=alice.headers)

    assert response.status_code in (403, 404), response.text
    members = client.get(f"/orgs/{globex}/members", headers=bob.headers).json()
    assert [m["email"] for m in members] == ["bob@example.com", "carol@example.com"]
