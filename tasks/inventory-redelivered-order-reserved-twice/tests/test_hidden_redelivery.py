"""The broker delivers at least once: a message that arrives again must not be applied again."""

from conftest import ADMIN, SHOP


def _status(client, delivery_id):
    return client.get(f"/inbox/{delivery_id}", headers=ADMIN).json()["status"]


def _order(order_id, *lines):
    return {"order_id": order_id, "channel": "shop", "lines": [{"sku": s, "quantity": q} for s, q in lines]}


def test_redelivered_order_reserves_once(client, make_item, deliver, consumer):
    make_item("MUG-BLUE", on_hand=10)
    make_item("TEE-S", on_hand=10)
    first = deliver("orders.placed", _order("shop-5001", ("MUG-BLUE", 2), ("TEE-S", 3)), "msg-81f2")
    again = deliver("orders.placed", _order("shop-5001", ("MUG-BLUE", 2), ("TEE-S", 3)), "msg-81f2")

    consumer.drain()

    reservations = client.get("/reservations", params={"order_id": "shop-5001"}, headers=SHOP).json()
    assert sorted((r["sku"], r["quantity"]) for r in reservations) == [("MUG-BLUE", 2), ("TEE-S", 3)]
    assert client.get("/items/MUG-BLUE", headers=SHOP).json()["reserved"] == 2
    assert client.get("/items/TEE-S", headers=SHOP).json()["reserved"] == 3
    assert (_status(client, first), _status(client, again)) == ("processed", "duplicate")


def test_redelivery_after_the_message_was_applied(client, make_item, deliver, consumer):
    """The usual case: the ack got lost after we applied the message, so the broker sends it again."""
    make_item("MUG-BLUE")
    deliver("goods.received", {"sku": "MUG-BLUE", "quantity": 24, "reference": "ASN-300"}, "msg-a1")
    consumer.drain()
    make_item("TEE-S", on_hand=4)
    deliver("orders.placed", _order("shop-5002", ("TEE-S", 1)), "msg-a2")
    consumer.drain()

    late = [
        deliver("goods.received", {"sku": "MUG-BLUE", "quantity": 24, "reference": "ASN-300"}, "msg-a1"),
        deliver("orders.placed", _order("shop-5002", ("TEE-S", 1)), "msg-a2"),
    ]
    consumer.drain()

    assert client.get("/items/MUG-BLUE", headers=SHOP).json()["on_hand"] == 24
    assert client.get("/items/TEE-S", headers=SHOP).json()["reserved"] == 1
    assert [_status(client, d) for d in late] == ["duplicate", "duplicate"]


def test_redelivered_cancellation_is_a_duplicate(client, make_item, deliver, consumer):
    make_item("MUG-BLUE", on_hand=5)
    deliver("orders.placed", _order("shop-5003", ("MUG-BLUE", 2)), "msg-b1")
    deliver("orders.cancelled", {"order_id": "shop-5003"}, "msg-b2")
    consumer.drain()

    again = deliver("orders.cancelled", {"order_id": "shop-5003"}, "msg-b2")
    consumer.drain()

    assert _status(client, again) == "duplicate"
    assert client.get("/items/MUG-BLUE", headers=SHOP).json()["available"] == 5


def test_distinct_messages_with_the_same_content_are_both_applied(client, make_item, deliver, consumer):
    """Two pallets of the same size on the same advice note are two messages, not a redelivery."""
    make_item("MUG-BLUE")
    first = deliver("goods.received", {"sku": "MUG-BLUE", "quantity": 12, "reference": "ASN-301"}, "msg-c1")
    second = deliver("goods.received", {"sku": "MUG-BLUE", "quantity": 12, "reference": "ASN-301"}, "msg-c2")

    consumer.drain()

    assert client.get("/items/MUG-BLUE", headers=SHOP).json()["on_hand"] == 24
    assert (_status(client, first), _status(client, second)) == ("processed", "processed")
