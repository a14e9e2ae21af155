import pytest


def _capture(client, invoice_id: int, amount: str, key: str | None):
    headers = {"Idempotency-Key": key} if key is not None else {}
    return client.post(f"/invoices/{invoice_id}/payments", json={"amount": amount}, headers=headers)


@pytest.fixture
def invoice(make_customer, make_invoice):
    customer = make_customer()
    return make_invoice(customer["id"], [{"description": "Service", "unit_amount": "100.00"}])


def test_retried_partial_capture_charges_once(client, gateway, invoice):
    first = _capture(client, invoice["id"], "40.00", "pay-1187-a")
    assert first.status_code == 201, first.text
    retry = _capture(client, invoice["id"], "40.00", "pay-1187-a")
    assert retry.status_code == 200, retry.text
    assert retry.json() == first.json()
    assert [amount for _, amount, _ in gateway.charges] == [4000]
    after = client.get(f"/invoices/{invoice['id']}").json()
    assert (after["amount_paid"], after["balance_due"], after["status"]) == ("40.00", "60.00", "open")


def test_retried_full_capture_returns_the_original_payment(client, gateway, invoice):
    first = _capture(client, invoice["id"], "100.00", "pay-1187-b")
    assert first.status_code == 201, first.text
    for _ in range(2):
        retry = _capture(client, invoice["id"], "100.00", "pay-1187-b")
        assert retry.status_code == 200, retry.text
        assert retry.json() == first.json()
    assert len(gateway.charges) == 1
    assert client.get(f"/invoices/{invoice['id']}").json()["amount_paid"] == "100.00"


def test_key_reused_for_a_different_amount_is_a_conflict(client, gateway, invoice):
    assert _capture(client, invoice["id"], "40.00", "pay-1187-c").status_code == 201
    reused = _capture(client, invoice["id"], "50.00", "pay-1187-c")
    assert reused.status_code == 409, reused.text
    assert reused.json()["error"]["code"] == "idempotency_key_reused"
    assert len(gateway.charges) == 1
    assert client.get(f"/invoices/{invoice['id']}").json()["amount_paid"] == "40.00"


def test_key_reused_on_another_invoice_is_a_conflict(client, gateway, make_invoice, invoice):
    other = make_invoice(invoice["customer_id"], [{"description": "Other", "unit_amount": "40.00"}])
    assert _capture(client, invoice["id"], "40.00", "pay-1187-d").status_code == 201
    reused = _capture(client, other["id"], "40.00", "pay-1187-d")
    assert reused.status_code == 409, reused.text
    assert reused.json()["error"]["code"] == "idempotency_key_reused"
    assert len(gateway.charges) == 1
    assert client.get(f"/invoices/{other['id']}").json()["amount_paid"] == "0.00"


def test_same_key_from_two_customers_are_separate_payments(
    client, gateway, make_customer, make_invoice
):
    alice = make_customer(name="Alice", email="alice@example.com")
    bob = make_customer(name="Bob", email="bob@example.com")
    alice_invoice = make_invoice(alice["id"], [{"description": "Service", "unit_amount": "30.00"}])
    bob_invoice = make_invoice(bob["id"], [{"description": "Service", "unit_amount": "30.00"}])
    alice_payment = _capture(client, alice_invoice["id"], "30.00", "order-1")
    bob_payment = _capture(client, bob_invoice["id"], "30.00", "order-1")
    assert (alice_payment.status_code, bob_payment.status_code) == (201, 201)
    assert alice_payment.json()["id"] != bob_payment.json()["id"]
    assert bob_payment.json()["invoice_id"] == bob_invoice["id"]
    assert len(gateway.charges) == 2
    assert client.get(f"/invoices/{bob_invoice['id']}").json()["status"] == "paid"


def test_captures_without_a_key_are_not_deduplicated(client, gateway, invoice):
    assert _capture(client, invoice["id"], "10.00", None).status_code == 201
    assert _capture(client, invoice["id"], "10.00", None).status_code == 201
    assert len(gateway.charges) == 2
    assert client.get(f"/invoices/{invoice['id']}").json()["amount_paid"] == "20.00"


def test_retry_after_a_declined_capture_charges(client, gateway, invoice):
    gateway.decline_next = True
    assert _capture(client, invoice["id"], "40.00", "pay-1187-e").status_code == 402
    retry = _capture(client, invoice["id"], "40.00", "pay-1187-e")
    assert retry.status_code == 201, retry.text
    assert len(gateway.charges) == 1
