"""Paygate signs the exact bytes it sends. Whatever the JSON formatting, a correctly signed body
must verify, and a body that differs from what was signed must not."""

import json

import pytest

from tests.conftest import make_event


@pytest.fixture
def registered(client):
    response = client.post(
        "/payments", json={"provider_payment_id": "pay_1", "order_ref": "ord_1", "amount": 1000, "currency": "eur"}
    )
    assert response.status_code == 201


def captured_event():
    return make_event("payment.succeeded", {
        "id": "pay_1", "amount": 1000, "currency": "eur",
        "description": "Café crème – Zoë Müller", "metadata": {"shop": "Łódź", "note": "ä\u00a0ö"},
    })


def assert_captured(client, response):
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "processed"
    assert client.get("/payments/pay_1").json()["status"] == "succeeded"


def test_raw_utf8_body_verifies(client, send, registered):
    body = json.dumps(captured_event(), ensure_ascii=False).encode("utf-8")
    assert_captured(client, send(body=body))


def test_compact_json_body_verifies(client, send, registered):
    body = json.dumps(captured_event(), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    assert_captured(client, send(body=body))


def test_pretty_printed_body_verifies(client, send, registered):
    body = json.dumps(captured_event(), indent=2).encode()
    assert_captured(client, send(body=body))


def test_ascii_escaped_body_verifies(client, send, registered):
    body = json.dumps(captured_event(), ensure_ascii=True).encode()
    assert_captured(client, send(body=body))


def test_body_that_differs_from_the_signed_bytes_is_rejected(client, send, clock, registered):
    from tests.conftest import sign

    signed = json.dumps(captured_event(), separators=(",", ":")).encode()
    tampered = signed.replace(b'"amount":1000', b'"amount":1000.0')
    assert tampered != signed
    response = send(body=tampered, signature=sign(signed, int(clock().timestamp())))
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "invalid_signature"
    assert client.get("/payments/pay_1").json()["status"] == "pending"
