"""An expired reservation holds nothing any more, for every decision, not just for the read model."""

from conftest import ADMIN, MARKETPLACE, SHOP


def _level(client):
    level = client.get("/items/MUG-BLUE", headers=ADMIN).json()
    return level["on_hand"], level["reserved"], level["available"]


def _expired(client, clock, expire_reservations, make_item, reserve, quantity=5):
    make_item("MUG-BLUE", on_hand=5)
    reservation = reserve("MUG-BLUE", quantity, order_id="shop-1", headers=SHOP)
    clock.advance(31 * 60)
    assert expire_reservations() == 1
    return reservation


def test_units_of_an_expired_reservation_can_be_reserved_again(
    client, clock, expire_reservations, make_item, reserve
):
    _expired(client, clock, expire_reservations, make_item, reserve)
    assert _level(client) == (5, 0, 5)

    response = client.post(
        "/reservations", json={"sku": "MUG-BLUE", "quantity": 5, "order_id": "mkt-9"}, headers=MARKETPLACE
    )

    assert response.status_code == 201, response.text
    assert _level(client) == (5, 5, 0)


def test_expired_reservation_cannot_be_released_or_shipped(
    client, clock, expire_reservations, make_item, reserve
):
    reservation = _expired(client, clock, expire_reservations, make_item, reserve, quantity=3)

    released = client.post(f"/reservations/{reservation['id']}/release", headers=SHOP)
    shipped = client.post(f"/reservations/{reservation['id']}/commit", headers=ADMIN)

    assert (released.status_code, released.json()["error"]["code"]) == (409, "reservation_closed")
    assert (shipped.status_code, shipped.json()["error"]["code"]) == (409, "reservation_closed")
    assert client.get(f"/reservations/{reservation['id']}", headers=SHOP).json()["status"] == "expired"
    assert _level(client) == (5, 0, 5)


def test_expired_reservation_cannot_be_extended(client, clock, expire_reservations, make_item, reserve):
    reservation = _expired(client, clock, expire_reservations, make_item, reserve)

    response = client.post(
        f"/reservations/{reservation['id']}/extend", json={"expires_at": "2030-05-06T12:00:00"}, headers=SHOP
    )

    assert (response.status_code, response.json()["error"]["code"]) == (409, "reservation_closed")
    assert client.get(f"/reservations/{reservation['id']}", headers=SHOP).json()["status"] == "expired"


def test_stock_held_by_an_expired_reservation_can_be_written_off(
    client, clock, expire_reservations, make_item, reserve
):
    _expired(client, clock, expire_reservations, make_item, reserve)

    response = client.post(
        "/items/MUG-BLUE/adjustments", json={"delta": -5, "reason": "water damage"}, headers=ADMIN
    )

    assert response.status_code == 201, response.text
    assert _level(client) == (0, 0, 0)


def test_reservations_that_did_not_expire_still_hold_stock(
    client, clock, expire_reservations, make_item, reserve
):
    make_item("MUG-BLUE", on_hand=5)
    reserve("MUG-BLUE", 2, order_id="shop-1")
    clock.advance(20 * 60)
    kept = reserve("MUG-BLUE", 3, order_id="shop-2")
    clock.advance(11 * 60)
    assert expire_reservations() == 1

    response = client.post(
        "/reservations", json={"sku": "MUG-BLUE", "quantity": 3, "order_id": "x"}, headers=SHOP
    )

    assert (response.status_code, response.json()["error"]["code"]) == (409, "insufficient_stock")
    assert client.post(f"/reservations/{kept['id']}/commit", headers=ADMIN).json()["status"] == "committed"
    assert _level(client) == (2, 0, 2)
