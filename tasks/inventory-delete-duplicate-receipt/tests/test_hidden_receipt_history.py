"""The event store stays append-only (README, ADR-2): a wrong receipt is corrected, never deleted."""

from conftest import ADMIN, SHOP


def _booked_twice(client, make_item):
    make_item("TEE-S", on_hand=12)
    for _ in range(2):
        response = client.post(
            "/items/TEE-S/receipts", json={"quantity": 40, "reference": "ASN-4471"}, headers=ADMIN
        )
        assert response.status_code == 201, response.text
    return client.get("/items/TEE-S/history", headers=ADMIN).json()


def test_events_cannot_be_deleted_through_the_api(client, make_item):
    history = _booked_twice(client, make_item)
    assert [e["type"] for e in history] == [
        "item_registered",
        "stock_received",
        "stock_received",
        "stock_received",
    ]

    for method, path in (
        ("DELETE", "/items/TEE-S/events/4"),
        ("DELETE", "/items/TEE-S/history/4"),
        ("DELETE", "/items/TEE-S/receipts/4"),
        ("POST", "/items/TEE-S/events/4/delete"),
    ):
        response = client.request(method, path, headers=ADMIN)
        assert response.status_code in (404, 405), (method, path, response.status_code, response.text)

    assert client.get("/items/TEE-S/history", headers=ADMIN).json() == history
    assert client.get("/items/TEE-S", headers=SHOP).json()["on_hand"] == 92


def test_history_shows_every_receipt(client, make_item):
    history = _booked_twice(client, make_item)
    receipts = [e["data"] for e in history if e["type"] == "stock_received"]
    assert receipts == [
        {"quantity": 12, "reference": ""},
        {"quantity": 40, "reference": "ASN-4471"},
        {"quantity": 40, "reference": "ASN-4471"},
    ]


def test_a_duplicate_receipt_is_corrected_with_an_adjustment(client, make_item):
    _booked_twice(client, make_item)

    response = client.post(
        "/items/TEE-S/adjustments", json={"delta": -40, "reason": "ASN-4471 booked twice"}, headers=ADMIN
    )

    assert (response.status_code, response.json()["on_hand"]) == (201, 52)
    history = client.get("/items/TEE-S/history", headers=ADMIN).json()
    assert [e["version"] for e in history] == [1, 2, 3, 4, 5]
    assert history[-1]["data"] == {"delta": -40, "reason": "ASN-4471 booked twice"}
