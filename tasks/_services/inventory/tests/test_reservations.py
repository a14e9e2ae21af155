from conftest import ADMIN, MARKETPLACE, SHOP


def test_reservation_holds_stock(client, make_item, reserve):
    make_item("MUG-BLUE", on_hand=10)

    reservation = reserve("MUG-BLUE", 3, order_id="shop-1001")

    assert reservation["status"] == "active"
    assert (reservation["channel"], reservation["order_id"]) == ("shop", "shop-1001")
    assert reservation["expires_at"] == "2030-05-06T09:30:00"
    level = client.get("/items/MUG-BLUE", headers=SHOP).json()
    assert (level["on_hand"], level["reserved"], level["available"]) == (10, 3, 7)


def test_reservation_beyond_available_is_refused(client, make_item, reserve):
    make_item("MUG-BLUE", on_hand=5)
    reserve("MUG-BLUE", 4)

    response = client.post(
        "/reservations", json={"sku": "MUG-BLUE", "quantity": 2, "order_id": "o-2"}, headers=MARKETPLACE
    )

    assert (response.status_code, response.json()["error"]["code"]) == (409, "insufficient_stock")
    assert client.get("/items/MUG-BLUE", headers=SHOP).json()["reserved"] == 4


def test_release_gives_the_units_back(client, make_item, reserve):
    make_item("MUG-BLUE", on_hand=5)
    reservation = reserve("MUG-BLUE", 5)

    response = client.post(f"/reservations/{reservation['id']}/release", headers=SHOP)

    assert response.json()["status"] == "released"
    assert client.get("/items/MUG-BLUE", headers=SHOP).json()["available"] == 5
    again = client.post(f"/reservations/{reservation['id']}/release", headers=SHOP)
    assert (again.status_code, again.json()["error"]["code"]) == (409, "reservation_closed")


def test_commit_ships_the_units(client, make_item, reserve):
    make_item("MUG-BLUE", on_hand=5)
    reservation = reserve("MUG-BLUE", 2)

    assert client.post(f"/reservations/{reservation['id']}/commit", headers=SHOP).status_code == 403
    response = client.post(f"/reservations/{reservation['id']}/commit", headers=ADMIN)

    assert response.json()["status"] == "committed"
    level = client.get("/items/MUG-BLUE", headers=SHOP).json()
    assert (level["on_hand"], level["reserved"], level["available"]) == (3, 0, 3)


def test_channels_see_only_their_own_reservations(client, make_item, reserve):
    make_item("MUG-BLUE", on_hand=10)
    mine = reserve("MUG-BLUE", 1, order_id="shop-1")
    theirs = reserve("MUG-BLUE", 2, order_id="mkt-1", headers=MARKETPLACE)

    assert [r["id"] for r in client.get("/reservations", headers=SHOP).json()] == [mine["id"]]
    response = client.get(f"/reservations/{theirs['id']}", headers=SHOP)
    assert (response.status_code, response.json()["error"]["code"]) == (404, "reservation_not_found")
    assert len(client.get("/reservations", headers=ADMIN).json()) == 2
    assert client.get(f"/reservations/{theirs['id']}", headers=ADMIN).status_code == 200


def test_list_filters_by_order_id_prefix(client, make_item, reserve):
    make_item("MUG-BLUE", on_hand=10)
    reserve("MUG-BLUE", 1, order_id="shop-1001")
    reserve("MUG-BLUE", 1, order_id="shop-1002")
    reserve("MUG-BLUE", 1, order_id="shop_2001")

    found = client.get("/reservations", params={"order_id": "shop-10"}, headers=SHOP).json()
    assert [r["order_id"] for r in found] == ["shop-1001", "shop-1002"]
    found = client.get("/reservations", params={"order_id": "shop_"}, headers=SHOP).json()
    assert [r["order_id"] for r in found] == ["shop_2001"]


def test_expired_reservations_give_their_units_back(client, clock, make_item, reserve, expire_reservations):
    make_item("MUG-BLUE", on_hand=4)
    reservation = reserve("MUG-BLUE", 3)
    clock.advance(29 * 60)
    assert expire_reservations() == 0

    clock.advance(60)
    assert expire_reservations() == 1

    assert client.get(f"/reservations/{reservation['id']}", headers=SHOP).json()["status"] == "expired"
    assert client.get("/items/MUG-BLUE", headers=SHOP).json()["available"] == 4


def test_extend_moves_the_expiry(client, clock, make_item, reserve, expire_reservations):
    make_item("MUG-BLUE", on_hand=4)
    reservation = reserve("MUG-BLUE", 3)

    response = client.post(
        f"/reservations/{reservation['id']}/extend",
        json={"expires_at": "2030-05-06T12:00:00+02:00"},
        headers=SHOP,
    )

    assert response.json()["expires_at"] == "2030-05-06T10:00:00"
    clock.advance(45 * 60)
    assert expire_reservations() == 0
    assert client.get(f"/reservations/{reservation['id']}", headers=SHOP).json()["status"] == "active"


def test_reservation_quantity_is_validated(client, make_item):
    make_item("MUG-BLUE", on_hand=4)
    for quantity in (0, -1, 1.5):
        body = {"sku": "MUG-BLUE", "quantity": quantity, "order_id": "o-1"}
        assert client.post("/reservations", json=body, headers=SHOP).status_code == 422
    body = {"sku": "NOPE-1", "quantity": 1, "order_id": "o-1"}
    assert client.post("/reservations", json=body, headers=SHOP).status_code == 404
