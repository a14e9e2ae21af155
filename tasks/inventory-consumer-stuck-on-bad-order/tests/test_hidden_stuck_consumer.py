"""A delivery that cannot be applied is dead-lettered once; it must not hold up the deliveries after it."""

from conftest import ADMIN, SHOP


def _delivery(client, delivery_id):
    return client.get(f"/inbox/{delivery_id}", headers=ADMIN).json()


def _order(order_id, *lines):
    return {"order_id": order_id, "channel": "shop", "lines": [{"sku": s, "quantity": q} for s, q in lines]}


def test_order_for_an_unknown_item_does_not_hold_up_later_orders(client, make_item, deliver, consumer):
    make_item("MUG-BLUE", on_hand=10)
    bad = deliver("orders.placed", _order("shop-48213", ("MUG-BLUE", 1), ("MUG-GREEN", 1)), "msg-1")
    good = deliver("orders.placed", _order("shop-48214", ("MUG-BLUE", 2)), "msg-2")

    assert consumer.drain() == 2

    failed = _delivery(client, bad)
    assert (failed["status"], failed["attempts"]) == ("failed", 1)
    assert failed["last_error"].startswith("item_not_found")
    assert _delivery(client, good)["status"] == "processed"
    assert [r["order_id"] for r in client.get("/reservations", headers=SHOP).json()] == ["shop-48214"]
    assert client.get("/items/MUG-BLUE", headers=SHOP).json()["reserved"] == 2


def test_malformed_message_is_dead_lettered(client, make_item, deliver, consumer):
    make_item("MUG-BLUE")
    bad = deliver("goods.received", {"sku": "MUG-BLUE", "quantity": "twelve"}, "msg-1")
    unknown = deliver("orders.teleported", {}, "msg-2")
    good = deliver("goods.received", {"sku": "MUG-BLUE", "quantity": 12}, "msg-3")

    assert consumer.drain() == 3

    assert [_delivery(client, d)["status"] for d in (bad, unknown, good)] == ["failed", "failed", "processed"]
    assert _delivery(client, bad)["last_error"].startswith("invalid_message")
    assert client.get("/items/MUG-BLUE", headers=SHOP).json()["on_hand"] == 12


def test_dead_lettered_message_is_not_retried(client, clock, make_item, deliver, consumer):
    make_item("MUG-BLUE", on_hand=1)
    bad = deliver("orders.placed", _order("shop-1", ("MUG-BLUE", 5)), "msg-1")
    consumer.drain()
    clock.advance(3600)

    assert consumer.drain() == 0

    failed = _delivery(client, bad)
    assert (failed["status"], failed["attempts"]) == ("failed", 1)
    assert failed["last_error"].startswith("insufficient_stock")
    assert client.get("/items/MUG-BLUE", headers=SHOP).json()["reserved"] == 0


def test_good_messages_are_still_processed_in_order(client, make_item, deliver, consumer):
    make_item("MUG-BLUE", on_hand=3)
    placed = deliver("orders.placed", _order("shop-1", ("MUG-BLUE", 3)), "msg-1")
    cancelled = deliver("orders.cancelled", {"order_id": "shop-1"}, "msg-2")

    assert consumer.drain() == 2

    assert [_delivery(client, d)["status"] for d in (placed, cancelled)] == ["processed", "processed"]
    assert client.get("/items/MUG-BLUE", headers=SHOP).json()["available"] == 3
