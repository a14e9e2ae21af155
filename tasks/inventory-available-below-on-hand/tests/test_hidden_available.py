"""available = on_hand - reserved (README, "Stock"): units held by open reservations are not available."""

from conftest import ADMIN, MARKETPLACE, SHOP


def _level(client, headers=SHOP):
    level = client.get("/items/MUG-BLUE", headers=headers).json()
    return level["on_hand"], level["reserved"], level["available"]


def test_reserved_units_are_not_available(client, make_item, reserve):
    make_item("MUG-BLUE", on_hand=10)
    reserve("MUG-BLUE", 2, order_id="shop-1", headers=SHOP)
    reserve("MUG-BLUE", 1, order_id="mkt-1", headers=MARKETPLACE)

    assert _level(client) == (10, 3, 7)
    assert _level(client, MARKETPLACE) == (10, 3, 7)
    held = client.get("/reservations", params={"status": "active"}, headers=ADMIN).json()
    assert sum(r["quantity"] for r in held) == 3


def test_only_the_available_units_can_be_reserved(client, make_item, reserve):
    make_item("MUG-BLUE", on_hand=10)
    reserve("MUG-BLUE", 3, order_id="shop-1")

    too_many = client.post(
        "/reservations", json={"sku": "MUG-BLUE", "quantity": 8, "order_id": "mkt-2"}, headers=MARKETPLACE
    )
    assert (too_many.status_code, too_many.json()["error"]["code"]) == (409, "insufficient_stock")
    assert (
        client.post(
            "/reservations", json={"sku": "MUG-BLUE", "quantity": 7, "order_id": "mkt-2"}, headers=MARKETPLACE
        ).status_code
        == 201
    )
    assert _level(client) == (10, 10, 0)


def test_units_come_back_when_reservations_end(client, clock, make_item, reserve, expire_reservations):
    make_item("MUG-BLUE", on_hand=10)
    released = reserve("MUG-BLUE", 2, order_id="shop-1")
    shipped = reserve("MUG-BLUE", 1, order_id="shop-2")
    reserve("MUG-BLUE", 4, order_id="shop-3")

    client.post(f"/reservations/{released['id']}/release", headers=SHOP)
    client.post(f"/reservations/{shipped['id']}/commit", headers=ADMIN)
    assert _level(client) == (9, 4, 5)
    clock.advance(31 * 60)
    expire_reservations()
    assert _level(client) == (9, 0, 9)
