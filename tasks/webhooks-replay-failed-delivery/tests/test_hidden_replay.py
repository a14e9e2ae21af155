"""POST /deliveries/{id}/replay: re-apply a logged delivery that failed."""

from tests.conftest import make_event

PERIOD_END = 1719835200


def invoice_event(event_id="evt_inv_1"):
    return make_event("invoice.paid", {
        "id": "in_1", "subscription": "sub_1", "amount_paid": 2900, "currency": "usd",
        "credits": 100, "period_end": PERIOD_END,
    }, event_id=event_id)


def create_subscription(send):
    response = send(make_event("subscription.created", {
        "id": "sub_1", "customer": "cus_1", "plan": "pro", "status": "active", "current_period_end": 1717156800,
    }))
    assert response.status_code == 200


def delivery_pk(client, **filters):
    rows = client.get("/deliveries", params=filters).json()
    assert len(rows) == 1, rows
    return rows[0]["id"]


def credits(client):
    return client.get("/subscriptions/sub_1").json()["credits"]


def assert_error(response, status_code):
    assert response.status_code == status_code, response.text
    assert isinstance(response.json().get("error", {}).get("code"), str), response.text


def test_failed_delivery_is_applied_by_a_replay_hours_later(client, send, clock):
    assert send(invoice_event(), delivery_id="dlv_1").status_code == 404
    failed = delivery_pk(client, status="failed")
    create_subscription(send)

    clock.advance(6 * 3600)  # far outside the signature tolerance
    response = client.post(f"/deliveries/{failed}/replay")
    assert response.status_code == 200, response.text
    assert response.json() == {"status": "processed", "event_id": "evt_inv_1"}
    assert credits(client) == 100
    statuses = [d["status"] for d in client.get("/deliveries", params={"q": "evt_inv_1"}).json()]
    assert statuses == ["processed", "failed"]


def test_a_replayed_event_is_never_applied_twice(client, send, clock):
    send(invoice_event(), delivery_id="dlv_1")
    failed = delivery_pk(client, status="failed")
    create_subscription(send)
    assert client.post(f"/deliveries/{failed}/replay").status_code == 200

    assert_error(client.post(f"/deliveries/{failed}/replay"), 409)
    assert send(invoice_event(), delivery_id="dlv_2").json()["status"] == "duplicate"  # Paygate's own retry
    assert credits(client) == 100


def test_replay_of_an_event_paygate_already_redelivered_conflicts(client, send, clock):
    send(invoice_event(), delivery_id="dlv_1")
    failed = delivery_pk(client, status="failed")
    create_subscription(send)
    clock.advance(600)
    assert send(invoice_event(), delivery_id="dlv_2").json()["status"] == "processed"

    assert_error(client.post(f"/deliveries/{failed}/replay"), 409)
    assert credits(client) == 100


def test_rejected_delivery_cannot_be_replayed(client, send, paid_payment):
    forged = make_event("refund.created", {
        "id": "re_forged", "payment": "pay_1", "amount": 1000, "currency": "eur", "status": "succeeded",
    })
    assert send(forged, secret="whsec_attacker", delivery_id="dlv_forged").status_code == 401
    rejected = delivery_pk(client, status="rejected")

    assert_error(client.post(f"/deliveries/{rejected}/replay"), 409)
    body = client.get("/payments/pay_1").json()
    assert (body["status"], body["refunded_amount"], body["refunds"]) == ("succeeded", 0, [])


def test_processed_and_duplicate_deliveries_cannot_be_replayed(client, send, active_subscription):
    send(invoice_event(), delivery_id="dlv_1")
    send(invoice_event(), delivery_id="dlv_2")
    for status in ("processed", "duplicate"):
        pk = delivery_pk(client, status=status, event_type="invoice.paid")
        assert_error(client.post(f"/deliveries/{pk}/replay"), 409)
    assert credits(client) == 100


def test_unknown_delivery_is_404(client):
    assert_error(client.post("/deliveries/4242/replay"), 404)


def test_replay_that_fails_again_changes_nothing_and_can_be_retried(client, send, clock):
    send(invoice_event(), delivery_id="dlv_1")
    failed = delivery_pk(client, status="failed")

    again = client.post(f"/deliveries/{failed}/replay")
    assert_error(again, 404)
    assert again.json()["error"]["code"] == "subscription_not_found"

    create_subscription(send)
    clock.advance(3600)
    assert client.post(f"/deliveries/{failed}/replay").json()["status"] == "processed"
    assert credits(client) == 100
