from tests.conftest import make_event


def test_register_and_read_payment(client):
    created = client.post(
        "/payments", json={"provider_payment_id": "pay_9", "order_ref": "ord_9", "amount": 1999, "currency": "eur"}
    )
    assert created.status_code == 201
    body = client.get("/payments/pay_9").json()
    assert body["currency"] == "EUR"
    assert body["amount_display"] == "19.99 EUR"
    assert body["status"] == "pending"
    assert body["refunded_amount"] == 0


def test_registering_a_payment_twice_conflicts(client):
    body = {"provider_payment_id": "pay_9", "order_ref": "ord_9", "amount": 500, "currency": "usd"}
    assert client.post("/payments", json=body).status_code == 201
    again = client.post("/payments", json=body)
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "payment_exists"


def test_unknown_payment_is_404(client):
    response = client.get("/payments/pay_nope")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "payment_not_found"


def test_capture_with_a_different_amount_fails(client, send):
    client.post("/payments", json={"provider_payment_id": "pay_1", "order_ref": "o", "amount": 1000, "currency": "eur"})
    response = send(make_event("payment.succeeded", {"id": "pay_1", "amount": 999, "currency": "eur"}))
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "amount_mismatch"
    assert client.get("/payments/pay_1").json()["status"] == "pending"


def test_payment_failed_records_failure_code(client, send):
    client.post("/payments", json={"provider_payment_id": "pay_1", "order_ref": "o", "amount": 1000, "currency": "eur"})
    send(make_event("payment.failed", {"id": "pay_1", "failure_code": "card_declined"}))
    body = client.get("/payments/pay_1").json()
    assert (body["status"], body["failure_code"]) == ("failed", "card_declined")


def test_succeeded_payment_cannot_be_marked_failed(client, send, paid_payment):
    response = send(make_event("payment.failed", {"id": paid_payment, "failure_code": "late"}))
    assert response.status_code == 409
    assert client.get(f"/payments/{paid_payment}").json()["status"] == "succeeded"
