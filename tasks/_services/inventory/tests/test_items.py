from conftest import ADMIN, SHOP


def test_register_and_receive_stock(client, make_item):
    created = make_item("MUG-BLUE", "Blue mug")
    assert (created["on_hand"], created["reserved"], created["available"]) == (0, 0, 0)

    response = client.post(
        "/items/MUG-BLUE/receipts", json={"quantity": 12, "reference": "PO-77"}, headers=ADMIN
    )

    assert response.status_code == 201
    level = client.get("/items/MUG-BLUE", headers=SHOP).json()
    assert (level["on_hand"], level["available"], level["version"]) == (12, 12, 2)


def test_every_route_needs_a_known_api_key(client, make_item):
    make_item("MUG-BLUE")
    assert client.get("/items/MUG-BLUE").status_code == 401
    response = client.get("/items/MUG-BLUE", headers={"X-Api-Key": "nope"})
    assert (response.status_code, response.json()["error"]["code"]) == (401, "unauthenticated")


def test_channels_cannot_change_stock(client, make_item):
    make_item("MUG-BLUE")
    response = client.post("/items/MUG-BLUE/receipts", json={"quantity": 5}, headers=SHOP)
    assert (response.status_code, response.json()["error"]["code"]) == (403, "forbidden")
    assert client.post("/items", json={"sku": "X-1", "name": "x"}, headers=SHOP).status_code == 403


def test_unknown_and_duplicate_items(client, make_item):
    response = client.get("/items/NOPE-1", headers=SHOP)
    assert (response.status_code, response.json()["error"]["code"]) == (404, "item_not_found")
    make_item("MUG-BLUE")
    response = client.post("/items", json={"sku": "MUG-BLUE", "name": "again"}, headers=ADMIN)
    assert (response.status_code, response.json()["error"]["code"]) == (409, "item_exists")
    assert client.post("/items", json={"sku": "lower-case", "name": "x"}, headers=ADMIN).status_code == 422


def test_adjustments_change_on_hand_but_not_below_reserved(client, make_item, reserve):
    make_item("MUG-BLUE", on_hand=10)
    reserve("MUG-BLUE", 4)

    response = client.post(
        "/items/MUG-BLUE/adjustments", json={"delta": -5, "reason": "broken"}, headers=ADMIN
    )
    assert response.status_code == 201
    assert (response.json()["on_hand"], response.json()["available"]) == (5, 1)

    response = client.post("/items/MUG-BLUE/adjustments", json={"delta": -2, "reason": "lost"}, headers=ADMIN)
    assert (response.status_code, response.json()["error"]["code"]) == (409, "below_reserved")
    response = client.post("/items/MUG-BLUE/adjustments", json={"delta": 0, "reason": "x"}, headers=ADMIN)
    assert (response.status_code, response.json()["error"]["code"]) == (422, "invalid_quantity")


def test_count_sets_on_hand_to_the_counted_quantity(client, make_item):
    make_item("MUG-BLUE", on_hand=10)

    response = client.post("/items/MUG-BLUE/counts", json={"counted": 7, "note": "aisle 4"}, headers=ADMIN)

    assert (response.status_code, response.json()["on_hand"]) == (200, 7)
    history = client.get("/items/MUG-BLUE/history", headers=ADMIN).json()
    assert history[-1]["type"] == "stock_adjusted"
    assert history[-1]["data"] == {"delta": -3, "reason": "count: aisle 4"}


def test_search_matches_sku_or_name(client, make_item):
    make_item("MUG-BLUE", "Blue mug")
    make_item("MUG-RED", "Red mug")
    make_item("TEE-S", "T-shirt, small")

    found = client.get("/items", params={"q": "mug"}, headers=SHOP).json()
    assert [item["sku"] for item in found] == ["MUG-BLUE", "MUG-RED"]
    assert [item["sku"] for item in client.get("/items", params={"q": "tee"}, headers=SHOP).json()] == [
        "TEE-S"
    ]
    assert len(client.get("/items", headers=SHOP).json()) == 3


def test_history_lists_the_stream_and_filters_by_time(client, clock, make_item):
    make_item("MUG-BLUE", on_hand=3)
    clock.advance(3600)
    client.post("/items/MUG-BLUE/receipts", json={"quantity": 2}, headers=ADMIN)

    history = client.get("/items/MUG-BLUE/history", headers=ADMIN).json()
    assert [(e["version"], e["type"]) for e in history] == [
        (1, "item_registered"),
        (2, "stock_received"),
        (3, "stock_received"),
    ]
    later = client.get(
        "/items/MUG-BLUE/history", params={"since": "2030-05-06T09:30:00"}, headers=ADMIN
    ).json()
    assert [e["version"] for e in later] == [3]
    assert client.get("/items/MUG-BLUE/history", headers=SHOP).status_code == 403
