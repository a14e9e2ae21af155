import pytest

from tests.conftest import make_event


@pytest.fixture
def logged(client, send, clock):
    """Four deliveries, one minute apart starting at 12:00:00Z."""
    client.post("/payments", json={"provider_payment_id": "pay_1", "order_ref": "o", "amount": 1000, "currency": "eur"})
    send(make_event("payment.succeeded", {"id": "pay_1", "amount": 1000, "currency": "eur"}, event_id="evt_pay_ok"),
         delivery_id="dlv_a")
    clock.advance(60)
    send(make_event("refund.created", {"id": "re_1", "payment": "pay_9", "amount": 5, "currency": "eur",
                                       "status": "succeeded"}, event_id="evt_refund_orphan"), delivery_id="dlv_b")
    clock.advance(60)
    send(make_event("customer.created", {"id": "cus_1"}, event_id="evt_cus"), delivery_id="dlv_c")
    clock.advance(60)
    send(make_event("payment.succeeded", {"id": "pay_1"}, event_id="evt_forged"), secret="nope", delivery_id="dlv_d")


def test_deliveries_are_listed_newest_first(client, logged):
    body = client.get("/deliveries").json()
    assert [d["delivery_id"] for d in body] == ["dlv_d", "dlv_c", "dlv_b", "dlv_a"]
    assert [d["status"] for d in body] == ["rejected", "ignored", "failed", "processed"]
    assert body[3]["received_at"] == "2024-05-01T12:00:00Z"


def test_filter_by_status_and_event_type(client, logged):
    failed = client.get("/deliveries", params={"status": "failed"}).json()
    assert [d["event_id"] for d in failed] == ["evt_refund_orphan"]
    by_type = client.get("/deliveries", params={"event_type": "payment.succeeded"}).json()
    assert [d["event_id"] for d in by_type] == ["evt_pay_ok"]


def test_q_matches_event_id_delivery_id_or_error(client, logged):
    assert [d["event_id"] for d in client.get("/deliveries", params={"q": "orphan"}).json()] == ["evt_refund_orphan"]
    assert [d["delivery_id"] for d in client.get("/deliveries", params={"q": "dlv_c"}).json()] == ["dlv_c"]
    assert [d["delivery_id"] for d in client.get("/deliveries", params={"q": "pay_9"}).json()] == ["dlv_b"]


def test_time_window_and_limit(client, logged):
    window = client.get("/deliveries", params={"since": "2024-05-01T12:01:00", "until": "2024-05-01T12:03:00"}).json()
    assert [d["delivery_id"] for d in window] == ["dlv_c", "dlv_b"]
    assert [d["delivery_id"] for d in client.get("/deliveries", params={"limit": 1}).json()] == ["dlv_d"]


def test_bad_query_parameters_are_422(client, logged):
    assert client.get("/deliveries", params={"since": "last tuesday"}).json()["error"]["code"] == "invalid_query"
    assert client.get("/deliveries", params={"status": "exploded"}).status_code == 422
    assert client.get("/deliveries", params={"limit": 0}).status_code == 422
