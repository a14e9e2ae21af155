"""POST /items/{sku}/counts: on hand follows the physical count, through an adjustment event."""

from conftest import ADMIN, SHOP


def _count(client, sku, counted, note="", headers=ADMIN):
    body = {"counted": counted, "note": note} if note else {"counted": counted}
    return client.post(f"/items/{sku}/counts", json=body, headers=headers)


def _history(client, sku):
    return client.get(f"/items/{sku}/history", headers=ADMIN).json()


def test_count_below_on_hand_adjusts_down(client, make_item):
    make_item("MUG-BLUE", on_hand=10)

    response = _count(client, "MUG-BLUE", 7, "aisle 4, shelf B")

    assert response.status_code == 200, response.text
    assert (response.json()["on_hand"], response.json()["available"]) == (7, 7)
    last = _history(client, "MUG-BLUE")[-1]
    assert (last["type"], last["data"]["delta"]) == ("stock_adjusted", -3)
    assert "count" in last["data"]["reason"] and "aisle 4, shelf B" in last["data"]["reason"]


def test_count_above_on_hand_adjusts_up(client, make_item, reserve):
    make_item("MUG-BLUE", on_hand=10)
    reserve("MUG-BLUE", 4)

    response = _count(client, "MUG-BLUE", 12)

    assert response.status_code == 200, response.text
    assert (response.json()["on_hand"], response.json()["reserved"], response.json()["available"]) == (
        12,
        4,
        8,
    )
    assert _history(client, "MUG-BLUE")[-1]["data"]["delta"] == 2


def test_count_that_matches_records_nothing(client, make_item):
    make_item("MUG-BLUE", on_hand=10)
    before = _history(client, "MUG-BLUE")

    response = _count(client, "MUG-BLUE", 10, "all good")

    assert response.status_code == 200, response.text
    assert (response.json()["on_hand"], response.json()["version"]) == (10, 2)
    assert _history(client, "MUG-BLUE") == before


def test_negative_count_is_rejected(client, make_item):
    make_item("MUG-BLUE", on_hand=10)

    response = _count(client, "MUG-BLUE", -1)

    assert response.status_code == 422, response.text
    assert client.get("/items/MUG-BLUE", headers=SHOP).json()["on_hand"] == 10


def test_count_below_what_is_reserved_is_refused(client, make_item, reserve):
    make_item("MUG-BLUE", on_hand=10)
    reserve("MUG-BLUE", 6)

    response = _count(client, "MUG-BLUE", 5, "aisle 4")

    assert (response.status_code, response.json()["error"]["code"]) == (409, "below_reserved")
    level = client.get("/items/MUG-BLUE", headers=SHOP).json()
    assert (level["on_hand"], level["reserved"], level["version"]) == (10, 6, 3)


def test_counts_are_for_the_warehouse_and_known_items(client, make_item):
    make_item("MUG-BLUE", on_hand=10)

    forbidden = _count(client, "MUG-BLUE", 3, headers=SHOP)
    unknown = _count(client, "MUG-GREEN", 3)

    assert (forbidden.status_code, forbidden.json()["error"]["code"]) == (403, "forbidden")
    assert (unknown.status_code, unknown.json()["error"]["code"]) == (404, "item_not_found")
    assert client.get("/items/MUG-BLUE", headers=SHOP).json()["on_hand"] == 10
