from datetime import datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app import migrations, services
from app.auth import Principal, Role
from app.clock import ManualClock
from app.consumer import Consumer
from app.db import make_engine
from app.api import create_app
from app.unit_of_work import run_in_transaction

START = datetime(2030, 5, 6, 9, 0, 0)
API_KEYS = {
    "warehouse-key": Principal("warehouse", Role.ADMIN),
    "shop-key": Principal("shop", Role.CHANNEL),
    "marketplace-key": Principal("marketplace", Role.CHANNEL),
}
ADMIN = {"X-Api-Key": "warehouse-key"}
SHOP = {"X-Api-Key": "shop-key"}
MARKETPLACE = {"X-Api-Key": "marketplace-key"}


@pytest.fixture
def db_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'inventory.db'}"


@pytest.fixture
def engine(db_url):
    engine = make_engine(db_url)
    migrations.upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture
def client(engine, clock):
    with TestClient(create_app(engine=engine, clock=clock, api_keys=API_KEYS)) as test_client:
        yield test_client


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


class LocalConsumer:
    def __init__(self, engine, clock):
        self._consumer = Consumer(engine, clock)

    def drain(self) -> int:
        return self._consumer.drain()


@pytest.fixture
def consumer(engine, clock) -> LocalConsumer:
    return LocalConsumer(engine, clock)


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


@pytest.fixture
def expire_reservations(engine, clock):
    """Run the expiry sweep (a cron job in production); returns how many reservations expired."""

    def sweep() -> int:
        return run_in_transaction(
            engine, lambda conn: services.expire_due_reservations(conn, now=clock.now())
        )

    return sweep
