from tests.conftest import make_event


def _payment_event(event_type="payment.succeeded", **obj):
    return make_event(event_type, {"id": "pay_1", "amount": 1000, "currency": "eur", **obj})


def _register(client, **overrides):
    body = {"provider_payment_id": "pay_1", "order_ref": "ord_1", "amount": 1000, "currency": "EUR", **overrides}
    return client.post("/payments", json=body)


def test_signed_delivery_is_processed(client, send):
    _register(client)
    event = _payment_event()
    response = send(event, delivery_id="dlv_1")
    assert response.status_code == 200
    assert response.json() == {"status": "processed", "event_id": event["id"]}
    assert client.get("/payments/pay_1").json()["status"] == "succeeded"


def test_bad_signature_is_rejected_and_logged(client, send):
    _register(client)
    response = send(_payment_event(), secret="whsec_wrong")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "invalid_signature"
    assert client.get("/payments/pay_1").json()["status"] == "pending"
    logged = client.get("/deliveries", params={"status": "rejected"}).json()
    assert [d["error"] for d in logged] == ["signature mismatch"]


def test_stale_signature_is_rejected(client, send, clock):
    _register(client)
    signed_at = int(clock().timestamp())
    clock.advance(301)
    response = send(_payment_event(), timestamp=signed_at)
    assert response.status_code == 401
    assert "tolerance" in response.json()["error"]["message"]


def test_missing_signature_header_is_rejected(client):
    response = client.post("/webhooks/paygate", content=b"{}", headers={"Content-Type": "application/json"})
    assert response.status_code == 401


def test_identical_redelivery_is_acknowledged_as_duplicate(client, send, active_subscription):
    event = make_event("invoice.paid", {
        "id": "in_1", "subscription": "sub_1", "amount_paid": 2900, "currency": "usd",
        "credits": 100, "period_end": 1717243200,
    })
    assert send(event).json()["status"] == "processed"
    again = send(event)
    assert again.status_code == 200
    assert again.json() == {"status": "duplicate", "event_id": event["id"]}
    assert client.get("/subscriptions/sub_1").json()["credits"] == 100


def test_unknown_event_type_is_ignored(client, send):
    response = send(make_event("customer.created", {"id": "cus_1"}))
    assert response.status_code == 200
    assert response.json()["status"] == "ignored"


def test_failed_delivery_is_rolled_back_and_retry_applies_it(client, send):
    event = _payment_event()
    first = send(event, delivery_id="dlv_1")
    assert first.status_code == 404
    assert first.json()["error"]["code"] == "payment_not_found"
    assert client.get("/deliveries", params={"status": "failed"}).json()[0]["event_id"] == event["id"]

    _register(client)
    retry = send(event, delivery_id="dlv_1")
    assert retry.json()["status"] == "processed"
    assert client.get("/payments/pay_1").json()["status"] == "succeeded"


def test_invalid_event_object_is_a_client_error(client, send):
    _register(client)
    response = send(make_event("payment.succeeded", {"id": "pay_1", "currency": "eur"}))
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_payload"
    assert client.get("/payments/pay_1").json()["status"] == "pending"
