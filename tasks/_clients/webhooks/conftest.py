"""Client fixtures for black-box hidden tests of the webhooks service.

The service runs in another container at $EVALRUN_SERVICE_URL; these tests reach it over HTTP
only and never import its code. Each test starts from an empty service (POST /__evalrun__/reset).
Events are signed with the secret the service was started with (service.toml) and the current
time, which the service's clock shares (the containers run on one host).
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import os
import time
from datetime import UTC, datetime

import httpx
import pytest

SECRET = "whsec_test_9f8e7d6c5b4a"
START = datetime(2024, 5, 1, 12, 0, 0, tzinfo=UTC)


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
def client():
    with httpx.Client(base_url=os.environ["EVALRUN_SERVICE_URL"], timeout=30) as http:
        reset = http.post("/__evalrun__/reset")
        assert reset.status_code == 204, f"the service did not reset: {reset.status_code} {reset.text}"
        yield http


@pytest.fixture
def send(client):
    """POST a signed event the way Paygate does. `body` overrides the JSON encoding of `event`."""

    def _send(
        event=None,
        *,
        body: bytes | None = None,
        delivery_id: str | None = None,
        timestamp: int | None = None,
        secret: str = SECRET,
        signature: str | None = None,
    ):
        raw = body if body is not None else json.dumps(event).encode()
        ts = timestamp if timestamp is not None else int(time.time())
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
