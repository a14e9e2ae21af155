from conftest import ADMIN, SHOP


def _delivery(client, delivery_id):
    return client.get(f"/inbox/{delivery_id}", headers=ADMIN).json()


def test_goods_received_adds_stock(client, make_item, deliver, consumer):
    make_item("MUG-BLUE")
    delivery = deliver("goods.received", {"sku": "MUG-BLUE", "quantity": 8, "reference": "ASN-5"}, "m-1")

    assert consumer.drain() == 1

    assert client.get("/items/MUG-BLUE", headers=SHOP).json()["on_hand"] == 8
    assert _delivery(client, delivery)["status"] == "processed"


def test_order_placed_reserves_every_line_for_the_channel(client, make_item, deliver, consumer):
    make_item("MUG-BLUE", on_hand=5)
    make_item("TEE-S", on_hand=5)
    order = {
        "order_id": "shop-7",
        "channel": "shop",
        "lines": [{"sku": "MUG-BLUE", "quantity": 2}, {"sku": "TEE-S", "quantity": 1}],
    }
    deliver("orders.placed", order, "m-1")

    consumer.drain()

    reservations = client.get("/reservations", headers=SHOP).json()
    assert sorted((r["sku"], r["quantity"], r["order_id"]) for r in reservations) == [
        ("MUG-BLUE", 2, "shop-7"),
        ("TEE-S", 1, "shop-7"),
    ]


def test_cancel_and_ship_act_on_the_orders_reservations(client, make_item, deliver, consumer):
    make_item("MUG-BLUE", on_hand=5)
    deliver(
        "orders.placed",
        {"order_id": "o-1", "channel": "shop", "lines": [{"sku": "MUG-BLUE", "quantity": 2}]},
        "m-1",
    )
    deliver(
        "orders.placed",
        {"order_id": "o-2", "channel": "shop", "lines": [{"sku": "MUG-BLUE", "quantity": 1}]},
        "m-2",
    )
    deliver("orders.cancelled", {"order_id": "o-1"}, "m-3")
    deliver("shipments.dispatched", {"order_id": "o-2"}, "m-4")

    assert consumer.drain() == 4

    statuses = {r["order_id"]: r["status"] for r in client.get("/reservations", headers=SHOP).json()}
    assert statuses == {"o-1": "released", "o-2": "committed"}
    level = client.get("/items/MUG-BLUE", headers=SHOP).json()
    assert (level["on_hand"], level["reserved"]) == (4, 0)


def test_a_redelivered_message_is_applied_once(client, make_item, deliver, consumer):
    make_item("MUG-BLUE")
    first = deliver("goods.received", {"sku": "MUG-BLUE", "quantity": 8}, "m-1")
    again = deliver("goods.received", {"sku": "MUG-BLUE", "quantity": 8}, "m-1")

    consumer.drain()

    assert client.get("/items/MUG-BLUE", headers=SHOP).json()["on_hand"] == 8
    assert (_delivery(client, first)["status"], _delivery(client, again)["status"]) == (
        "processed",
        "duplicate",
    )


def test_rejected_order_is_dead_lettered_and_reserves_nothing(client, make_item, deliver, consumer):
    make_item("MUG-BLUE", on_hand=1)
    delivery = deliver(
        "orders.placed",
        {"order_id": "o-1", "channel": "shop", "lines": [{"sku": "MUG-BLUE", "quantity": 2}]},
        "m-1",
    )

    consumer.drain()

    failed = _delivery(client, delivery)
    assert (failed["status"], failed["attempts"]) == ("failed", 1)
    assert failed["last_error"].startswith("insufficient_stock")
    assert client.get("/items/MUG-BLUE", headers=SHOP).json()["reserved"] == 0


def test_unknown_topic_is_dead_lettered(client, deliver, consumer):
    delivery = deliver("orders.teleported", {}, "m-1")
    consumer.drain()
    assert _delivery(client, delivery)["status"] == "failed"
