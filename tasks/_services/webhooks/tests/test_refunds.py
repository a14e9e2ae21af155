from tests.conftest import make_event


def refund_event(event_type, status, amount, refund_id="re_1", payment="pay_1"):
    return make_event(event_type, {
        "id": refund_id, "payment": payment, "amount": amount, "currency": "eur", "status": status,
    })


def test_partial_refund_counts_once_it_succeeds(client, send, paid_payment):
    assert send(refund_event("refund.created", "pending", 300)).status_code == 200
    pending = client.get("/payments/pay_1").json()
    assert (pending["refunded_amount"], pending["status"]) == (0, "succeeded")

    assert send(refund_event("refund.updated", "succeeded", 300)).status_code == 200
    body = client.get("/payments/pay_1").json()
    assert (body["refunded_amount"], body["status"]) == (300, "partially_refunded")
    assert body["refunds"] == [{"provider_refund_id": "re_1", "amount": 300, "status": "succeeded"}]


def test_failed_refund_does_not_count(client, send, paid_payment):
    send(refund_event("refund.created", "pending", 400))
    send(refund_event("refund.updated", "failed", 400))
    body = client.get("/payments/pay_1").json()
    assert (body["refunded_amount"], body["status"]) == (0, "succeeded")


def test_refund_larger_than_the_payment_is_rejected(client, send, paid_payment):
    response = send(refund_event("refund.created", "succeeded", 1500))
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "refund_exceeds_payment"
    body = client.get("/payments/pay_1").json()
    assert (body["refunded_amount"], body["refunds"]) == (0, [])


def test_refund_on_an_uncaptured_payment_is_rejected(client, send):
    client.post("/payments", json={"provider_payment_id": "pay_1", "order_ref": "o", "amount": 1000, "currency": "eur"})
    response = send(refund_event("refund.created", "succeeded", 100))
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "invalid_transition"
