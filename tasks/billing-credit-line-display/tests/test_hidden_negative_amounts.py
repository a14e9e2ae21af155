from decimal import Decimal

from app import money


def _sum(amounts: list[str]) -> Decimal:
    return sum((Decimal(a) for a in amounts), Decimal("0"))


def test_from_cents_handles_negative_amounts():
    assert str(money.from_cents(-645)) == "-6.45"
    assert str(money.from_cents(-5)) == "-0.05"
    assert str(money.from_cents(-1)) == "-0.01"
    assert str(money.from_cents(-100)) == "-1.00"
    assert str(money.from_cents(-123456)) == "-1234.56"
    assert str(money.from_cents(645)) == "6.45"
    assert str(money.from_cents(5)) == "0.05"


def test_cents_round_trip_through_decimal():
    for cents in range(-2500, 2500, 7):
        assert money.to_cents(money.from_cents(cents)) == cents


def test_upgrade_credit_line_matches_the_total(
    client, clock, make_customer, make_plan, make_subscription
):
    customer = make_customer()
    make_plan("basic", "10.00")
    make_plan("pro", "25.00")
    subscription = make_subscription(customer["id"], "basic")
    clock.advance(days=11)  # 2024-03-12: 20 of 31 days left
    response = client.post(f"/subscriptions/{subscription['id']}/change-plan", json={"plan_code": "pro"})
    assert response.status_code == 200, response.text
    invoice = response.json()["invoice"]
    credit, charge = invoice["lines"]
    assert (credit["unit_amount"], credit["amount"]) == ("-6.45", "-6.45")
    assert charge["amount"] == "16.13"
    assert invoice["subtotal"] == "9.68"
    assert _sum([line["amount"] for line in invoice["lines"]]) == Decimal(invoice["subtotal"])
    assert client.get(f"/invoices/{invoice['id']}").json() == invoice


def test_discount_line_matches_the_total(make_customer, make_invoice):
    customer = make_customer(tax_rate="8.25")
    invoice = make_invoice(
        customer["id"],
        [{"description": "Workshop seat", "unit_amount": "45.50"}],
        discount_percent="10",
    )
    item, discount = invoice["lines"]
    assert item["amount"] == "45.50"
    assert (discount["unit_amount"], discount["amount"]) == ("-4.55", "-4.55")
    assert invoice["subtotal"] == "40.95"
    assert invoice["tax"] == "3.38"
    assert invoice["total"] == "44.33"
    assert _sum([line["amount"] for line in invoice["lines"]]) == Decimal(invoice["subtotal"])


def test_positive_amounts_unchanged(make_customer, make_invoice):
    customer = make_customer(tax_rate="8.25")
    invoice = make_invoice(
        customer["id"],
        [{"description": "Hour", "unit_amount": "19.99", "quantity": 2}, {"description": "Fee", "unit_amount": "0.05"}],
    )
    assert [line["amount"] for line in invoice["lines"]] == ["39.98", "0.05"]
    assert (invoice["subtotal"], invoice["tax"], invoice["total"]) == ("40.03", "3.30", "43.33")
