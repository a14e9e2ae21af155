"""Paygate sends the full refund object in refund.created and again in every refund.updated
(status changes, but also e.g. when the acquirer reference number is attached later)."""

from tests.conftest import make_event


def refund_event(event_type, status, amount, refund_id="re_1", **extra):
    return make_event(event_type, {
        "id": refund_id, "payment": "pay_1", "amount": amount, "currency": "eur", "status": status, **extra,
    })


def payment(client):
    return client.get("/payments/pay_1").json()


def test_update_of_a_succeeded_refund_does_not_count_it_again(client, send, paid_payment):
    assert send(refund_event("refund.created", "succeeded", 300)).json()["status"] == "processed"
    updated = send(refund_event("refund.updated", "succeeded", 300, acquirer_reference_number="74987512345"))
    assert updated.status_code == 200
    assert updated.json()["status"] == "processed"
    body = payment(client)
    assert (body["refunded_amount"], body["status"]) == (300, "partially_refunded")
    assert body["refunds"] == [{"provider_refund_id": "re_1", "amount": 300, "status": "succeeded"}]


def test_update_of_a_full_refund_is_accepted(client, send, paid_payment):
    assert send(refund_event("refund.created", "succeeded", 1000)).status_code == 200
    updated = send(refund_event("refund.updated", "succeeded", 1000, acquirer_reference_number="74987512345"))
    assert updated.status_code == 200, updated.text
    body = payment(client)
    assert (body["refunded_amount"], body["status"]) == (1000, "refunded")
    assert client.get("/deliveries", params={"status": "failed"}).json() == []


def test_several_refunds_and_repeated_updates_sum_each_refund_once(client, send, paid_payment):
    send(refund_event("refund.created", "succeeded", 300, refund_id="re_1"))
    send(refund_event("refund.created", "pending", 200, refund_id="re_2"))
    send(refund_event("refund.updated", "succeeded", 300, refund_id="re_1", acquirer_reference_number="1"))
    send(refund_event("refund.updated", "succeeded", 200, refund_id="re_2"))
    send(refund_event("refund.updated", "succeeded", 200, refund_id="re_2", acquirer_reference_number="2"))
    body = payment(client)
    assert (body["refunded_amount"], body["status"]) == (500, "partially_refunded")

    send(refund_event("refund.created", "succeeded", 500, refund_id="re_3"))
    send(refund_event("refund.updated", "succeeded", 500, refund_id="re_3", acquirer_reference_number="3"))
    body = payment(client)
    assert (body["refunded_amount"], body["status"]) == (1000, "refunded")


def test_pending_refund_counts_once_across_later_updates(client, send, paid_payment):
    send(refund_event("refund.created", "pending", 400))
    send(refund_event("refund.updated", "succeeded", 400))
    send(refund_event("refund.updated", "succeeded", 400, acquirer_reference_number="74987512345"))
    body = payment(client)
    assert (body["refunded_amount"], body["status"]) == (400, "partially_refunded")
