"""Refund totals up to and including the captured amount are valid; one minor unit more is not."""

from tests.conftest import make_event


def refund(send, refund_id, amount, status="succeeded", event_type="refund.created", payment="pay_1", currency="eur"):
    return send(make_event(event_type, {
        "id": refund_id, "payment": payment, "amount": amount, "currency": currency, "status": status,
    }))


def state(client, payment="pay_1"):
    body = client.get(f"/payments/{payment}").json()
    return body["status"], body["refunded_amount"]


def test_single_full_refund_is_applied(client, send, paid_payment):
    response = refund(send, "re_1", 1000)
    assert response.status_code == 200, response.text
    assert state(client) == ("refunded", 1000)


def test_partial_refunds_adding_up_to_the_full_amount(client, send, paid_payment):
    assert refund(send, "re_1", 250).status_code == 200
    assert refund(send, "re_2", 749).status_code == 200
    assert state(client) == ("partially_refunded", 999)
    assert refund(send, "re_3", 1).status_code == 200
    assert state(client) == ("refunded", 1000)


def test_pending_full_refund_counts_when_it_succeeds(client, send, paid_payment):
    assert refund(send, "re_1", 1000, status="pending").status_code == 200
    assert state(client) == ("succeeded", 0)
    assert refund(send, "re_1", 1000, status="succeeded", event_type="refund.updated").status_code == 200
    assert state(client) == ("refunded", 1000)


def test_one_minor_unit_over_the_captured_amount_is_rejected(client, send, paid_payment):
    assert refund(send, "re_1", 600).status_code == 200
    over = refund(send, "re_2", 401)
    assert over.status_code == 422
    assert over.json()["error"]["code"] == "refund_exceeds_payment"
    assert state(client) == ("partially_refunded", 600)
    assert refund(send, "re_3", 400).status_code == 200
    assert state(client) == ("refunded", 1000)


def test_full_refund_of_a_minimal_zero_decimal_payment(client, send):
    client.post("/payments", json={"provider_payment_id": "pay_jp", "order_ref": "o", "amount": 1, "currency": "jpy"})
    assert send(make_event("payment.succeeded", {"id": "pay_jp", "amount": 1, "currency": "JPY"})).status_code == 200
    response = refund(send, "re_jp", 1, payment="pay_jp", currency="jpy")
    assert response.status_code == 200, response.text
    assert state(client, "pay_jp") == ("refunded", 1)
    assert refund(send, "re_jp2", 1, payment="pay_jp", currency="jpy").status_code == 422
