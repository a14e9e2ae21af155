"""Client fixtures for black-box hidden tests of the inventory service.

The service runs in another container at $EVALRUN_SERVICE_URL; these tests reach it over HTTP only
and never import its code. Each test starts from an empty service (POST /__evalrun__/reset) whose
manual clock reads START; `clock`, `consumer` and `expire_reservations` drive what runs beside the
API in production through the service's control routes (app/serve.py). Fixtures and constants have
the names of the visible tests/conftest.py.
"""

import os
from datetime import datetime
from typing import Any

import httpx
import pytest

START = datetime(2030, 5, 6, 9, 0, 0)  # = INVENTORY_CLOCK_START in service.toml
ADMIN = {"X-Api-Key": "warehouse-key"}  # keys = INVENTORY_API_KEYS in service.toml
SHOP = {"X-Api-Key": "shop-key"}
MARKETPLACE = {"X-Api-Key": "marketplace-key"}


@pytest.fixture
def client():
    with httpx.Client(base_url=os.environ["EVALRUN_SERVICE_URL"], timeout=30) as http:
        reset = http.post("/__evalrun__/reset")
        assert reset.status_code == 204, f"the service did not reset: {reset.status_code} {reset.text}"
        yield http


class RemoteClock:
    def __init__(self, client: httpx.Client):
        self.client = client

    def advance(self, seconds: float) -> datetime:
        response = self.client.post("/__evalrun__/clock/advance", json={"seconds": seconds})
        assert response.status_code == 200, response.text
        return datetime.fromisoformat(response.json()["now"])


class RemoteConsumer:
    def __init__(self, client: httpx.Client):
        self.client = client

    def drain(self) -> int:
        response = self.client.post("/__evalrun__/consumer/drain")
        assert response.status_code == 200, response.text
        return response.json()["tries"]


@pytest.fixture
def clock(client) -> RemoteClock:
    return RemoteClock(client)


@pytest.fixture
def consumer(client) -> RemoteConsumer:
    return RemoteConsumer(client)


@pytest.fixture
def expire_reservations(client):
    def sweep() -> int:
        response = client.post("/__evalrun__/reservations/expire")
        assert response.status_code == 200, response.text
        return response.json()["expired"]

    return sweep


@pytest.fixture
def make_item(client):
    """Register an item (as the warehouse) and receive `on_hand` units of it; returns its level."""

    def make(sku: str, name: str | None = None, on_hand: int = 0) -> dict[str, Any]:
        response = client.post("/items", json={"sku": sku, "name": name or sku.title()}, headers=ADMIN)
        assert response.status_code == 201, response.text
        if on_hand:
            response = client.post(f"/items/{sku}/receipts", json={"quantity": on_hand}, headers=ADMIN)
            assert response.status_code == 201, response.text
        return response.json()

    return make


@pytest.fixture
def reserve(client):
    """POST /reservations as a channel (SHOP by default); returns the reservation."""

    def make(sku: str, quantity: int, order_id: str = "order-1", headers=SHOP, **fields) -> dict[str, Any]:
        body = {"sku": sku, "quantity": quantity, "order_id": order_id, **fields}
        response = client.post("/reservations", json=body, headers=headers)
        assert response.status_code == 201, response.text
        return response.json()

    return make


@pytest.fixture
def deliver(client):
    """Push one delivery into the inbox the way the broker does; returns its delivery id."""

    def push(topic: str, payload: dict[str, Any], message_id: str) -> int:
        response = client.post(
            "/inbox", json={"message_id": message_id, "topic": topic, "payload": payload}, headers=ADMIN
        )
        assert response.status_code == 202, response.text
        return response.json()["delivery_id"]

    return push
