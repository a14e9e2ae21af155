def test_subscription_runs_one_month_from_today(make_customer, make_plan, make_subscription):
    customer = make_customer()
    make_plan("basic", "10.00")
    subscription = make_subscription(customer["id"], "basic")
    assert (subscription["period_start"], subscription["period_end"]) == ("2024-03-01", "2024-04-01")
    assert subscription["plan_code"] == "basic"


def test_upgrade_mid_period_bills_the_difference(
    client, clock, make_customer, make_plan, make_subscription
):
    customer = make_customer()
    make_plan("basic", "10.00")
    make_plan("pro", "25.00")
    subscription = make_subscription(customer["id"], "basic")
    clock.advance(days=11)  # 2024-03-12: 20 of the 31 days left
    response = client.post(
        f"/subscriptions/{subscription['id']}/change-plan", json={"plan_code": "pro"}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["subscription"]["plan_code"] == "pro"
    invoice = body["invoice"]
    assert invoice["subscription_id"] == subscription["id"]
    assert len(invoice["lines"]) == 2
    assert invoice["lines"][1]["amount"] == "16.13"
    assert invoice["total"] == "9.68"
    assert client.get(f"/customers/{customer['id']}/invoices").json() == [invoice]


def test_downgrade_switches_without_invoice(client, clock, make_customer, make_plan, make_subscription):
    customer = make_customer()
    make_plan("basic", "10.00")
    make_plan("pro", "25.00")
    subscription = make_subscription(customer["id"], "pro")
    clock.advance(days=5)
    response = client.post(
        f"/subscriptions/{subscription['id']}/change-plan", json={"plan_code": "basic"}
    )
    assert response.status_code == 200
    assert response.json()["invoice"] is None
    assert client.get(f"/subscriptions/{subscription['id']}").json()["plan_code"] == "basic"
    assert client.get(f"/customers/{customer['id']}/invoices").json() == []


def test_change_plan_errors(client, make_customer, make_plan, make_subscription):
    customer = make_customer()
    make_plan("basic", "10.00")
    subscription = make_subscription(customer["id"], "basic")
    same = client.post(f"/subscriptions/{subscription['id']}/change-plan", json={"plan_code": "basic"})
    assert same.status_code == 409
    assert same.json()["error"]["code"] == "plan_unchanged"
    unknown = client.post(f"/subscriptions/{subscription['id']}/change-plan", json={"plan_code": "gold"})
    assert unknown.status_code == 404
    assert unknown.json()["error"]["code"] == "plan_not_found"
