"""A channel cannot release or extend another channel's reservation (README, ADR-3)."""

from conftest import ADMIN, MARKETPLACE, SHOP


def _level(client):
    return client.get("/items/MUG-BLUE", headers=ADMIN).json()


def test_another_channel_cannot_release_a_reservation(client, make_item, reserve):
    make_item("MUG-BLUE", on_hand=10)
    theirs = reserve("MUG-BLUE", 4, order_id="shop-1", headers=SHOP)

    response = client.post(f"/reservations/{theirs['id']}/release", headers=MARKETPLACE)

    assert response.status_code == 404, response.text
    assert response.json()["error"]["code"] == "reservation_not_found"
    assert client.get(f"/reservations/{theirs['id']}", headers=SHOP).json()["status"] == "active"
    assert (_level(client)["reserved"], _level(client)["version"]) == (4, 3)


def test_another_channel_cannot_extend_a_reservation(client, make_item, reserve):
    make_item("MUG-BLUE", on_hand=10)
    theirs = reserve("MUG-BLUE", 4, order_id="shop-1", headers=SHOP)

    response = client.post(
        f"/reservations/{theirs['id']}/extend",
        json={"expires_at": "2030-05-07T09:00:00"},
        headers=MARKETPLACE,
    )

    assert response.status_code == 404, response.text
    assert response.json()["error"]["code"] == "reservation_not_found"
    current = client.get(f"/reservations/{theirs['id']}", headers=SHOP).json()
    assert current["expires_at"] == theirs["expires_at"] == "2030-05-06T09:30:00"


def test_foreign_and_unknown_reservations_answer_alike(client, make_item, reserve):
    make_item("MUG-BLUE", on_hand=10)
    theirs = reserve("MUG-BLUE", 1, headers=SHOP)

    foreign = client.post(f"/reservations/{theirs['id']}/release", headers=MARKETPLACE)
    unknown = client.post("/reservations/res_0000000000000000/release", headers=MARKETPLACE)

    assert foreign.status_code == unknown.status_code == 404
    assert foreign.json()["error"]["code"] == unknown.json()["error"]["code"]


def test_owner_and_warehouse_can_still_release_and_extend(client, make_item, reserve):
    make_item("MUG-BLUE", on_hand=10)
    mine = reserve("MUG-BLUE", 2, order_id="mkt-1", headers=MARKETPLACE)
    other = reserve("MUG-BLUE", 3, order_id="shop-2", headers=SHOP)

    extended = client.post(
        f"/reservations/{mine['id']}/extend", json={"expires_at": "2030-05-06T11:00:00Z"}, headers=MARKETPLACE
    )
    assert (extended.status_code, extended.json()["expires_at"]) == (200, "2030-05-06T11:00:00")
    assert client.post(f"/reservations/{mine['id']}/release", headers=MARKETPLACE).status_code == 200
    assert client.post(f"/reservations/{other['id']}/release", headers=ADMIN).json()["status"] == "released"
    assert _level(client)["reserved"] == 0
