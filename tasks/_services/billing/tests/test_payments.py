def _invoice(make_customer, make_invoice, amount="100.00") -> dict:
    customer = make_customer()
    return make_invoice(customer["id"], [{"description": "Service", "unit_amount": amount}])


def test_full_payment_marks_invoice_paid_and_consumes_stock(
    client, gateway, make_customer, make_product, make_invoice
):
    customer = make_customer()
    make_product("MUG-01", "12.00", on_hand=5)
    invoice = make_invoice(customer["id"], [{"sku": "MUG-01", "quantity": 2}])
    response = client.post(f"/invoices/{invoice['id']}/payments", json={"amount": "24.00"})
    assert response.status_code == 201, response.text
    payment = response.json()
    assert payment["amount"] == "24.00"
    assert payment["status"] == "captured"
    assert client.get(f"/payments/{payment['id']}").json() == payment
    invoice = client.get(f"/invoices/{invoice['id']}").json()
    assert (invoice["status"], invoice["amount_paid"], invoice["balance_due"]) == ("paid", "24.00", "0.00")
    product = client.get("/products/MUG-01").json()
    assert (product["on_hand"], product["available"]) == (3, 3)
    assert [amount for _, amount, _ in gateway.charges] == [2400]


def test_partial_payments_until_paid(client, make_customer, make_invoice):
    invoice = _invoice(make_customer, make_invoice)
    first = client.post(
        f"/invoices/{invoice['id']}/payments",
        json={"amount": "40.00"},
        headers={"Idempotency-Key": "order-7-attempt"},
    )
    assert first.status_code == 201
    after_first = client.get(f"/invoices/{invoice['id']}").json()
    assert (after_first["status"], after_first["balance_due"]) == ("open", "60.00")
    second = client.post(f"/invoices/{invoice['id']}/payments", json={"amount": "60.00"})
    assert second.status_code == 201
    assert client.get(f"/invoices/{invoice['id']}").json()["status"] == "paid"


def test_overpayment_is_rejected_without_charging(client, gateway, make_customer, make_invoice):
    invoice = _invoice(make_customer, make_invoice)
    response = client.post(f"/invoices/{invoice['id']}/payments", json={"amount": "100.01"})
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "payment_exceeds_balance"
    assert gateway.charges == []


def test_declined_charge(client, gateway, make_customer, make_invoice):
    invoice = _invoice(make_customer, make_invoice)
    gateway.decline_next = True
    response = client.post(f"/invoices/{invoice['id']}/payments", json={"amount": "10.00"})
    assert response.status_code == 402
    assert response.json()["error"]["code"] == "payment_declined"
    assert client.get(f"/invoices/{invoice['id']}").json()["amount_paid"] == "0.00"


def test_payment_on_void_invoice_is_rejected(client, make_customer, make_invoice):
    invoice = _invoice(make_customer, make_invoice)
    client.post(f"/invoices/{invoice['id']}/void")
    response = client.post(f"/invoices/{invoice['id']}/payments", json={"amount": "10.00"})
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "invoice_not_open"


def test_payment_amount_is_validated(client, make_customer, make_invoice):
    invoice = _invoice(make_customer, make_invoice)
    for amount in ("0", "-5.00", "1.001", "abc"):
        response = client.post(f"/invoices/{invoice['id']}/payments", json={"amount": amount})
        assert response.status_code == 422, amount
