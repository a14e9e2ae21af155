"""Paygate retries a delivery with the same event id but a new Paygate-Delivery id and a new
signature timestamp. A retry must be acknowledged as a duplicate and change nothing."""

from tests.conftest import make_event

PERIOD_END = 1719835200  # 2024-07-01T12:00:00Z, after active_subscription's period end


def invoice_event(invoice_id="in_1", event_id="evt_inv_1", credits=100, period_end=PERIOD_END):
    return make_event("invoice.paid", {
        "id": invoice_id, "subscription": "sub_1", "amount_paid": 2900, "currency": "usd",
        "credits": credits, "period_end": period_end,
    }, event_id=event_id)


def log_for(client, event_id):
    return [(d["delivery_id"], d["status"]) for d in client.get("/deliveries", params={"q": event_id}).json()]


def test_retried_invoice_with_a_new_delivery_id_grants_credits_once(client, send, clock, active_subscription):
    event = invoice_event()
    assert send(event, delivery_id="dlv_first").json() == {"status": "processed", "event_id": "evt_inv_1"}

    clock.advance(125)  # Paygate timed out waiting and retried two minutes later
    retry = send(event, delivery_id="dlv_retry")
    assert retry.status_code == 200
    assert retry.json() == {"status": "duplicate", "event_id": "evt_inv_1"}

    body = client.get("/subscriptions/sub_1").json()
    assert body["credits"] == 100
    assert body["current_period_end"] == "2024-07-01T12:00:00Z"
    assert log_for(client, "evt_inv_1") == [("dlv_retry", "duplicate"), ("dlv_first", "processed")]


def test_retried_refund_with_a_new_delivery_id_is_a_duplicate(client, send, clock, paid_payment):
    event = make_event("refund.created", {
        "id": "re_1", "payment": "pay_1", "amount": 300, "currency": "eur", "status": "succeeded",
    }, event_id="evt_re_1")
    assert send(event, delivery_id="dlv_r1").json()["status"] == "processed"
    clock.advance(600)
    assert send(event, delivery_id="dlv_r2").json() == {"status": "duplicate", "event_id": "evt_re_1"}
    body = client.get("/payments/pay_1").json()
    assert (body["refunded_amount"], body["status"]) == (300, "partially_refunded")
    assert log_for(client, "evt_re_1") == [("dlv_r2", "duplicate"), ("dlv_r1", "processed")]


def test_retries_after_a_failed_attempt_apply_the_event_exactly_once(client, send, clock):
    event = invoice_event(event_id="evt_inv_early")
    assert send(event, delivery_id="dlv_1").status_code == 404  # subscription not known yet

    send(make_event("subscription.created", {
        "id": "sub_1", "customer": "cus_1", "plan": "pro", "status": "active", "current_period_end": 1717156800,
    }))
    clock.advance(60)
    assert send(event, delivery_id="dlv_2").json()["status"] == "processed"
    clock.advance(3600)
    assert send(event, delivery_id="dlv_3").json()["status"] == "duplicate"
    clock.advance(3600)
    assert send(event, delivery_id="dlv_4").json()["status"] == "duplicate"

    assert client.get("/subscriptions/sub_1").json()["credits"] == 100
    assert [status for _, status in log_for(client, "evt_inv_early")] == ["duplicate", "duplicate", "processed", "failed"]


def test_distinct_invoices_for_the_same_period_each_grant_credits(client, send, active_subscription):
    """A mid-period top-up invoice is a different event and must not be swallowed as a retry."""
    assert send(invoice_event("in_1", "evt_inv_a"), delivery_id="dlv_a").json()["status"] == "processed"
    assert send(invoice_event("in_2", "evt_inv_b", credits=50), delivery_id="dlv_b").json()["status"] == "processed"
    assert client.get("/subscriptions/sub_1").json()["credits"] == 150
