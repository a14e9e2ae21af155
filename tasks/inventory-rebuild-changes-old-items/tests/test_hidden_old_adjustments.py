"""Items whose history starts before the v2 event payloads (2024-06) come out right after a rebuild,
and the decisions taken on them (which read the same events) agree with the rebuilt numbers."""

import json
from datetime import datetime

import pytest
from conftest import ADMIN, SHOP
from sqlalchemy import text

from app import projections

RECORDED = datetime(2024, 3, 12, 15, 30)
OLD_HISTORY = [
    ("item_registered", 1, {"sku": "VASE-07", "name": "Stoneware vase"}),
    ("stock_received", 1, {"quantity": 10, "reference": "PO-2231"}),
    ("stock_adjusted", 1, {"quantity": 3, "direction": "writeoff", "reason": "broken in transit"}),
    ("stock_adjusted", 1, {"quantity": 1, "direction": "lost", "reason": "inventory shrinkage"}),
    ("stock_adjusted", 1, {"quantity": 2, "direction": "out", "reason": "samples for the showroom"}),
    ("stock_adjusted", 1, {"quantity": 1, "direction": "in", "reason": "found in returns"}),
    (
        "stock_reserved",
        1,
        {"reservation_id": "res_legacy_1", "qty": 1, "channel": "shop", "order_id": "shop-17"},
    ),
]
ON_HAND = 10 - 3 - 1 - 2 + 1


@pytest.fixture
def old_item(engine):
    with engine.begin() as conn:
        for version, (event_type, schema_version, data) in enumerate(OLD_HISTORY, start=1):
            conn.execute(
                text(
                    "INSERT INTO events (stream_id, version, type, schema_version, data, recorded_at) "
                    "VALUES ('item-VASE-07', :version, :type, :schema, :data, :at)"
                ),
                {
                    "version": version,
                    "type": event_type,
                    "schema": schema_version,
                    "data": json.dumps(data),
                    "at": RECORDED,
                },
            )
        projections.rebuild(conn)
    return "VASE-07"


def test_rebuilt_numbers_of_an_item_with_old_adjustments(client, old_item):
    level = client.get(f"/items/{old_item}", headers=SHOP).json()
    assert (level["on_hand"], level["reserved"], level["available"]) == (ON_HAND, 1, ON_HAND - 1)


def test_history_shows_every_old_adjustment_with_its_sign(client, old_item):
    history = client.get(f"/items/{old_item}/history", headers=ADMIN).json()
    deltas = [event["data"]["delta"] for event in history if event["type"] == "stock_adjusted"]
    assert deltas == [-3, -1, -2, 1]


def test_reservations_are_decided_on_the_same_numbers(client, old_item):
    too_many = client.post(
        "/reservations", json={"sku": old_item, "quantity": ON_HAND, "order_id": "shop-90"}, headers=SHOP
    )
    assert (too_many.status_code, too_many.json()["error"]["code"]) == (409, "insufficient_stock")
    exactly = client.post(
        "/reservations", json={"sku": old_item, "quantity": ON_HAND - 1, "order_id": "shop-91"}, headers=SHOP
    )
    assert exactly.status_code == 201, exactly.text


def test_write_off_is_refused_below_what_is_reserved(client, old_item):
    response = client.post(
        f"/items/{old_item}/adjustments", json={"delta": -ON_HAND, "reason": "flood"}, headers=ADMIN
    )
    assert (response.status_code, response.json()["error"]["code"]) == (409, "below_reserved")
    response = client.post(
        f"/items/{old_item}/adjustments", json={"delta": 1 - ON_HAND, "reason": "flood"}, headers=ADMIN
    )
    assert (response.status_code, response.json()["on_hand"]) == (201, 1)


def test_old_reservation_is_still_held_and_can_be_released(client, old_item):
    before = client.get(f"/items/{old_item}", headers=SHOP).json()
    response = client.post("/reservations/res_legacy_1/release", headers=ADMIN)
    assert (response.status_code, response.json()["status"]) == (200, "released")
    after = client.get(f"/items/{old_item}", headers=SHOP).json()
    assert (after["reserved"], after["available"]) == (0, before["available"] + 1)
