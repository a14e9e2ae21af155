from __future__ import annotations

import hashlib
import hmac
import itertools
import json
from datetime import datetime, timedelta, timezone

import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.main import create_app

SECRET = "whsec_test_9f8e7d6c5b4a"
START = datetime(2024, 5, 1, 12, 0, 0, tzinfo=timezone.utc)


class FakeClock:
    def __init__(self, now: datetime):
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def sign(body: bytes, timestamp: int, secret: str = SECRET) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


_event_ids = itertools.count(1)


def make_event(event_type: str, obj: dict, *, event_id: str | None = None, created: int | None = None) -> dict:
    return {
        "id": event_id or f"evt_{next(_event_ids):06d}",
        "type": event_type,
        "created": created if created is not None else int(START.timestamp()),
        "data": {"object": obj},
    }


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(database_url=f"sqlite:///{tmp_path / 'webhooks.db'}", webhook_secret=SECRET)


@pytest.fixture
def client(settings, clock):
    with TestClient(create_app(settings, clock=clock)) as test_client:
        yield test_client


@pytest.fixture
def send(client, clock):
    """POST a signed event the way Paygate does. `body` overrides the JSON encoding of `event`."""

    def _send(event=None, *, body: bytes | None = None, delivery_id: str | None = None,
              timestamp: int | None = None, secret: str = SECRET, signature: str | None = None):
        raw = body if body is not None else json.dumps(event).encode()
        ts = timestamp if timestamp is not None else int(clock().timestamp())
        headers = {"Content-Type": "application/json", "Paygate-Signature": signature or sign(raw, ts, secret)}
        if delivery_id is not None:
            headers["Paygate-Delivery"] = delivery_id
        return client.post("/webhooks/paygate", content=raw, headers=headers)

    return _send


@pytest.fixture
def paid_payment(client, send):
    """A registered payment that Paygate has captured: pay_1, 10.00 EUR."""
    created = client.post(
        "/payments", json={"provider_payment_id": "pay_1", "order_ref": "ord_1", "amount": 1000, "currency": "eur"}
    )
    assert created.status_code == 201, created.text
    captured = send(make_event("payment.succeeded", {"id": "pay_1", "amount": 1000, "currency": "eur"}))
    assert captured.status_code == 200, captured.text
    return "pay_1"


@pytest.fixture
def active_subscription(send, clock):
    """sub_1 on the 'pro' plan, paid until START + 30 days, no credits yet."""
    period_end = int((START + timedelta(days=30)).timestamp())
    response = send(make_event("subscription.created", {
        "id": "sub_1", "customer": "cus_1", "plan": "pro", "status": "active", "current_period_end": period_end,
    }))
    assert response.status_code == 200, response.text
    return "sub_1"
