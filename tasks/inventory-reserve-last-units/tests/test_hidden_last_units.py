"""Everything that is available can be reserved, and nothing that is not a positive quantity can."""

from conftest import ADMIN, SHOP


def _level(client, sku="MUG-BLUE"):
    level = client.get(f"/items/{sku}", headers=SHOP).json()
    return level["on_hand"], level["reserved"], level["available"]


def _order(order_id, *lines):
    return {"order_id": order_id, "channel": "shop", "lines": [{"sku": s, "quantity": q} for s, q in lines]}


def _delivery(client, delivery_id):
    return client.get(f"/inbox/{delivery_id}", headers=ADMIN).json()


def test_the_last_unit_can_be_reserved(client, make_item, reserve):
    make_item("MUG-BLUE", on_hand=3)
    reserve("MUG-BLUE", 2, order_id="shop-1")

    response = client.post(
        "/reservations", json={"sku": "MUG-BLUE", "quantity": 1, "order_id": "shop-2"}, headers=SHOP
    )

    assert response.status_code == 201, response.text
    assert _level(client) == (3, 3, 0)


def test_all_of_the_stock_can_be_reserved_at_once(client, make_item, deliver, consumer):
    make_item("MUG-BLUE", on_hand=4)
    placed = deliver("orders.placed", _order("shop-7", ("MUG-BLUE", 4)), "msg-1")

    consumer.drain()

    assert _delivery(client, placed)["status"] == "processed"
    assert _level(client) == (4, 4, 0)


def test_order_line_with_zero_quantity_is_rejected(client, make_item, deliver, consumer):
    make_item("MUG-BLUE", on_hand=4)
    make_item("TEE-S", on_hand=4)
    placed = deliver("orders.placed", _order("whs-1", ("TEE-S", 2), ("MUG-BLUE", 0)), "msg-1")

    consumer.drain()

    delivery = _delivery(client, placed)
    assert delivery["status"] == "failed"
    assert delivery["last_error"].startswith("invalid_quantity")
    assert client.get("/reservations", params={"order_id": "whs-1"}, headers=SHOP).json() == []
    assert _level(client, "TEE-S") == (4, 0, 4)


def test_order_line_with_negative_quantity_is_rejected(client, make_item, deliver, consumer, reserve):
    make_item("MUG-BLUE", on_hand=4)
    reserve("MUG-BLUE", 4, order_id="shop-1")
    placed = deliver("orders.placed", _order("whs-2", ("MUG-BLUE", -1)), "msg-1")

    consumer.drain()

    assert _delivery(client, placed)["status"] == "failed"
    assert _level(client) == (4, 4, 0)


def test_more_than_available_is_still_refused(client, make_item, reserve):
    make_item("MUG-BLUE", on_hand=3)
    reserve("MUG-BLUE", 1, order_id="shop-1")

    response = client.post(
        "/reservations", json={"sku": "MUG-BLUE", "quantity": 3, "order_id": "shop-2"}, headers=SHOP
    )

    assert (response.status_code, response.json()["error"]["code"]) == (409, "insufficient_stock")
    assert _level(client) == (3, 1, 2)
