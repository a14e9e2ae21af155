from datetime import datetime

import pytest


@pytest.fixture
def customer(make_customer, make_plan):
    make_plan("basic", "10.00")
    make_plan("basic-plus", "10.01")
    make_plan("pro", "25.00")
    return make_customer()


def _change(client, subscription_id: int, plan_code: str) -> dict:
    response = client.post(f"/subscriptions/{subscription_id}/change-plan", json={"plan_code": plan_code})
    assert response.status_code == 200, response.text
    return response.json()


def _assert_switched_without_invoice(client, customer, subscription, body, plan_code):
    assert body["invoice"] is None
    assert body["subscription"]["plan_code"] == plan_code
    assert client.get(f"/subscriptions/{subscription['id']}").json()["plan_code"] == plan_code
    assert client.get(f"/customers/{customer['id']}/invoices").json() == []


def test_upgrade_in_a_zero_day_period(client, customer, make_subscription):
    subscription = make_subscription(customer["id"], "basic", period_end="2024-03-01")
    assert subscription["period_start"] == subscription["period_end"]
    body = _change(client, subscription["id"], "pro")
    _assert_switched_without_invoice(client, customer, subscription, body, "pro")


def test_upgrade_after_the_period_ended(client, clock, customer, make_subscription):
    subscription = make_subscription(customer["id"], "basic")  # 2024-03-01 .. 2024-04-01
    clock.set(datetime(2024, 4, 3, 8, 0))  # renewal has not run yet
    body = _change(client, subscription["id"], "pro")
    _assert_switched_without_invoice(client, customer, subscription, body, "pro")


def test_upgrade_on_the_period_end_date(client, clock, customer, make_subscription):
    subscription = make_subscription(customer["id"], "basic")
    clock.set(datetime(2024, 4, 1, 0, 5))
    body = _change(client, subscription["id"], "pro")
    _assert_switched_without_invoice(client, customer, subscription, body, "pro")


def test_upgrade_that_rounds_to_nothing_is_not_invoiced(client, clock, customer, make_subscription):
    subscription = make_subscription(customer["id"], "basic")
    clock.set(datetime(2024, 3, 31, 12, 0))  # 1 of 31 days left: 0.32 credit, 0.32 charge
    body = _change(client, subscription["id"], "basic-plus")
    _assert_switched_without_invoice(client, customer, subscription, body, "basic-plus")


def test_upgrade_on_the_last_day_bills_that_day(client, clock, customer, make_subscription):
    subscription = make_subscription(customer["id"], "basic")
    clock.set(datetime(2024, 3, 31, 12, 0))
    invoice = _change(client, subscription["id"], "pro")["invoice"]
    assert [line["amount"] for line in invoice["lines"]] == ["-0.32", "0.81"]
    assert invoice["total"] == "0.49"
    assert client.post(f"/invoices/{invoice['id']}/payments", json={"amount": "0.49"}).status_code == 201


def test_upgrade_on_the_first_day_bills_the_full_difference(client, customer, make_subscription):
    subscription = make_subscription(customer["id"], "basic")
    invoice = _change(client, subscription["id"], "pro")["invoice"]
    assert [line["amount"] for line in invoice["lines"]] == ["-10.00", "25.00"]
    assert invoice["total"] == "15.00"


def test_upgrade_rounds_each_line_half_up(client, clock, make_customer, make_plan, make_subscription):
    customer = make_customer(tax_rate="8.25")
    make_plan("small", "9.99")
    make_plan("large", "29.99")
    subscription = make_subscription(customer["id"], "small")
    clock.set(datetime(2024, 3, 20, 9, 0))  # 12 of 31 days left
    invoice = _change(client, subscription["id"], "large")["invoice"]
    # 9.99 * 12/31 = 3.867 -> 3.87 ; 29.99 * 12/31 = 11.609 -> 11.61 ; tax 8.25% of 7.74 = 0.6386 -> 0.64
    assert [line["amount"] for line in invoice["lines"]] == ["-3.87", "11.61"]
    assert (invoice["subtotal"], invoice["tax"], invoice["total"]) == ("7.74", "0.64", "8.38")


def test_downgrade_in_a_zero_day_period(client, customer, make_subscription):
    subscription = make_subscription(customer["id"], "pro", period_end="2024-03-01")
    body = _change(client, subscription["id"], "basic")
    _assert_switched_without_invoice(client, customer, subscription, body, "basic")
