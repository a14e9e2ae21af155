from tests.conftest import make_event


def test_subscription_created_then_updated(client, send, active_subscription):
    body = client.get("/subscriptions/sub_1").json()
    assert (body["plan"], body["status"], body["credits"]) == ("pro", "active", 0)
    assert body["current_period_end"] == "2024-05-31T12:00:00Z"

    send(make_event("subscription.updated", {
        "id": "sub_1", "customer": "cus_1", "plan": "team", "status": "past_due", "current_period_end": 1717156800,
    }))
    body = client.get("/subscriptions/sub_1").json()
    assert (body["plan"], body["status"]) == ("team", "past_due")


def test_subscription_canceled(client, send, active_subscription):
    send(make_event("subscription.canceled", {"id": "sub_1", "canceled_at": 1714600000}))
    body = client.get("/subscriptions/sub_1").json()
    assert body["status"] == "canceled"
    assert body["canceled_at"] == "2024-05-01T21:46:40Z"


def test_paid_invoice_grants_credits_and_extends_the_period(client, send, active_subscription):
    for number, period_end in ((1, 1719835200), (2, 1722513600)):
        response = send(make_event("invoice.paid", {
            "id": f"in_{number}", "subscription": "sub_1", "amount_paid": 2900, "currency": "usd",
            "credits": 100, "period_end": period_end,
        }))
        assert response.json()["status"] == "processed"
    body = client.get("/subscriptions/sub_1").json()
    assert body["credits"] == 200
    assert body["current_period_end"] == "2024-08-01T12:00:00Z"


def test_invoice_for_an_unknown_subscription_fails(client, send):
    response = send(make_event("invoice.paid", {
        "id": "in_1", "subscription": "sub_x", "amount_paid": 100, "currency": "usd", "credits": 1, "period_end": 1,
    }))
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "subscription_not_found"
