"""Order quantities are units for every channel (README, ADR-4); nothing here knows pack sizes."""

from conftest import ADMIN


def _order(order_id, channel, *lines):
    return {"order_id": order_id, "channel": channel, "lines": [{"sku": s, "quantity": q} for s, q in lines]}


def _reserved(client, order_id):
    rows = client.get("/reservations", params={"order_id": order_id}, headers=ADMIN).json()
    return sorted((r["sku"], r["quantity"], r["channel"]) for r in rows)


def test_wholesale_order_quantities_are_units(client, make_item, deliver, consumer):
    make_item("TEE-S", on_hand=500)
    make_item("MUG-BLUE", on_hand=500)
    deliver("orders.placed", _order("whs-3301", "wholesale", ("TEE-S", 3), ("MUG-BLUE", 12)), "msg-1")

    consumer.drain()

    assert _reserved(client, "whs-3301") == [("MUG-BLUE", 12, "wholesale"), ("TEE-S", 3, "wholesale")]
    assert client.get("/items/TEE-S", headers=ADMIN).json()["reserved"] == 3


def test_wholesale_order_beyond_the_units_on_hand_is_refused(client, make_item, deliver, consumer):
    make_item("TEE-S", on_hand=5)
    placed = deliver("orders.placed", _order("whs-3302", "wholesale", ("TEE-S", 6)), "msg-1")

    consumer.drain()

    assert client.get(f"/inbox/{placed}", headers=ADMIN).json()["status"] == "failed"
    assert _reserved(client, "whs-3302") == []


def test_other_channels_are_unchanged(client, make_item, deliver, consumer):
    make_item("TEE-S", on_hand=50)
    deliver("orders.placed", _order("shop-1", "shop", ("TEE-S", 2)), "msg-1")
    deliver("orders.placed", _order("mkt-1", "marketplace", ("TEE-S", 5)), "msg-2")

    consumer.drain()

    assert _reserved(client, "shop-1") == [("TEE-S", 2, "shop")]
    assert _reserved(client, "mkt-1") == [("TEE-S", 5, "marketplace")]
