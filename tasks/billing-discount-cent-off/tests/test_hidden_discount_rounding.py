import pytest

CASES = {
    # id: (item amount, discount percent, expected discount line, expected total)
    "10.12-at-12.5pct": ("10.12", "12.5", "-1.27", "8.85"),
    "30.00-at-4.35pct": ("30.00", "4.35", "-1.31", "28.69"),
    "28.60-at-17.5pct": ("28.60", "17.5", "-5.01", "23.59"),
    "13.00-at-17.5pct": ("13.00", "17.5", "-2.28", "10.72"),
    "10.10-at-12.5pct": ("10.10", "12.5", "-1.26", "8.84"),
    "45.50-at-10pct": ("45.50", "10", "-4.55", "40.95"),
}


def _discounted(make_customer, make_invoice, amount: str, percent: str, tax_rate: str = "0") -> dict:
    customer = make_customer(tax_rate=tax_rate)
    return make_invoice(
        customer["id"], [{"description": "Workshop seat", "unit_amount": amount}], discount_percent=percent
    )


@pytest.mark.parametrize("case", list(CASES))
def test_discount_rounds_half_up_to_the_cent(make_customer, make_invoice, case):
    amount, percent, discount, total = CASES[case]
    invoice = _discounted(make_customer, make_invoice, amount, percent)
    item, discount_line = invoice["lines"]
    assert item["amount"] == amount
    assert discount_line["amount"] == discount
    assert (invoice["subtotal"], invoice["total"]) == (total, total)


def test_discount_applies_to_all_items_before_tax(make_customer, make_invoice, make_product):
    make_product("PIN-01", "5.06", on_hand=10, name="Enamel pin")
    customer = make_customer(tax_rate="8.25")
    invoice = make_invoice(customer["id"], [{"sku": "PIN-01", "quantity": 2}], discount_percent="12.5")
    assert [line["amount"] for line in invoice["lines"]] == ["10.12", "-1.27"]
    # tax 8.25% of 8.85 = 0.730125 -> 0.73
    assert (invoice["subtotal"], invoice["tax"], invoice["total"]) == ("8.85", "0.73", "9.58")


def test_zero_discount_adds_no_line(make_customer, make_invoice):
    invoice = _discounted(make_customer, make_invoice, "10.12", "0")
    assert len(invoice["lines"]) == 1
    assert invoice["total"] == "10.12"
