import pytest


@pytest.fixture
def paid(client, make_customer, make_invoice):
    """An invoice of 100.00 paid in full by one payment."""
    customer = make_customer()
    invoice = make_invoice(customer["id"], [{"description": "Service", "unit_amount": "100.00"}])
    response = client.post(f"/invoices/{invoice['id']}/payments", json={"amount": "100.00"})
    assert response.status_code == 201, response.text
    return {"invoice": invoice, "payment": response.json()}


def _refund(client, payment_id: int, amount: str):
    return client.post(f"/payments/{payment_id}/refunds", json={"amount": amount})


def test_partial_refund_reopens_the_invoice(client, gateway, paid):
    payment, invoice = paid["payment"], paid["invoice"]
    assert payment["refunded_amount"] == "0.00"
    response = _refund(client, payment["id"], "30.00")
    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["id"], body["amount"], body["refunded_amount"], body["status"]) == (
        payment["id"],
        "100.00",
        "30.00",
        "captured",
    )
    assert client.get(f"/payments/{payment['id']}").json() == body
    after = client.get(f"/invoices/{invoice['id']}").json()
    assert (after["status"], after["amount_paid"], after["balance_due"]) == ("open", "70.00", "30.00")
    charge_id = gateway.charges[0][0]
    assert [(charge, amount) for _, charge, amount in gateway.refunds] == [(charge_id, 3000)]


def test_refunding_everything_in_parts(client, gateway, paid):
    payment = paid["payment"]
    assert _refund(client, payment["id"], "60.00").status_code == 201
    last = _refund(client, payment["id"], "40.00")
    assert last.status_code == 201, last.text
    assert (last.json()["refunded_amount"], last.json()["status"]) == ("100.00", "refunded")
    invoice = client.get(f"/invoices/{paid['invoice']['id']}").json()
    assert (invoice["status"], invoice["amount_paid"], invoice["balance_due"]) == ("open", "0.00", "100.00")
    assert [amount for _, _, amount in gateway.refunds] == [6000, 4000]


def test_refunds_cannot_exceed_what_is_left(client, gateway, paid):
    payment = paid["payment"]
    assert _refund(client, payment["id"], "70.00").status_code == 201
    response = _refund(client, payment["id"], "30.01")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "refund_exceeds_payment"
    assert client.get(f"/payments/{payment['id']}").json()["refunded_amount"] == "70.00"
    assert client.get(f"/invoices/{paid['invoice']['id']}").json()["amount_paid"] == "30.00"
    assert [amount for _, _, amount in gateway.refunds] == [7000]
    assert _refund(client, payment["id"], "30.00").status_code == 201


def test_refund_larger_than_the_payment_is_rejected(client, gateway, paid):
    response = _refund(client, paid["payment"]["id"], "100.01")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "refund_exceeds_payment"
    assert gateway.refunds == []
    payment = client.get(f"/payments/{paid['payment']['id']}").json()
    assert (payment["refunded_amount"], payment["status"]) == ("0.00", "captured")
    assert client.get(f"/invoices/{paid['invoice']['id']}").json()["status"] == "paid"


def test_refund_of_unknown_payment(client, gateway, paid):
    response = _refund(client, 999, "10.00")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "payment_not_found"
    assert gateway.refunds == []


def test_refund_amount_is_validated(client, gateway, paid):
    for amount in ("0", "-10.00", "0.001", "ten"):
        response = _refund(client, paid["payment"]["id"], amount)
        assert response.status_code == 422, (amount, response.text)
    assert gateway.refunds == []
    assert client.get(f"/payments/{paid['payment']['id']}").json()["refunded_amount"] == "0.00"


def test_refund_on_partly_paid_invoice_then_pay_again(client, gateway, make_customer, make_invoice):
    customer = make_customer()
    invoice = make_invoice(customer["id"], [{"description": "Service", "unit_amount": "100.00"}])
    payment = client.post(f"/invoices/{invoice['id']}/payments", json={"amount": "40.00"}).json()
    refund = _refund(client, payment["id"], "40.00")
    assert refund.status_code == 201, refund.text
    assert refund.json()["status"] == "refunded"
    reopened = client.get(f"/invoices/{invoice['id']}").json()
    assert (reopened["status"], reopened["amount_paid"], reopened["balance_due"]) == ("open", "0.00", "100.00")
    assert client.post(f"/invoices/{invoice['id']}/payments", json={"amount": "100.00"}).status_code == 201
    assert client.get(f"/invoices/{invoice['id']}").json()["status"] == "paid"
