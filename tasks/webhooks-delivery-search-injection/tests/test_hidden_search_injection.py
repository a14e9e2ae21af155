"""The delivery-log search must treat every filter value as data, never as SQL."""

import pytest
from sqlalchemy import event

from tests.conftest import make_event


@pytest.fixture
def logged(client, send, clock):
    client.post("/payments", json={"provider_payment_id": "pay_1", "order_ref": "secret-order-ref", "amount": 1000,
                                   "currency": "eur"})
    send(make_event("payment.succeeded", {"id": "pay_1", "amount": 1000, "currency": "eur"}, event_id="evt_ok"),
         delivery_id="dlv_a")
    clock.advance(60)
    # fails with: payment_not_found: no local payment with provider id 'pay_9'
    send(make_event("refund.created", {"id": "re_1", "payment": "pay_9", "amount": 5, "currency": "eur",
                                       "status": "succeeded"}, event_id="evt_orphan"), delivery_id="dlv_b")


@pytest.fixture
def captured_sql(client):
    engine = client.app.state.sessionmaker.kw["bind"]
    statements = []

    def capture(conn, cursor, statement, parameters, context, executemany):
        if "FROM deliveries" in statement:
            statements.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", capture)
    yield statements
    event.remove(engine, "before_cursor_execute", capture)


def ids(response):
    assert response.status_code == 200, response.text
    return [d["event_id"] for d in response.json()]


def test_search_term_with_quotes_matches_literally(client, logged):
    assert ids(client.get("/deliveries", params={"q": "provider id 'pay_9'"})) == ["evt_orphan"]
    assert ids(client.get("/deliveries", params={"q": "O'Brien"})) == []


def test_tautology_in_q_does_not_return_the_whole_log(client, logged):
    assert ids(client.get("/deliveries", params={"q": "zzz') OR 1=1 OR ('a' LIKE 'a"})) == []
    assert ids(client.get("/deliveries", params={"q": "x' OR '1'='1"})) == []


def test_union_in_event_type_does_not_leak_other_tables(client, logged):
    injected = (
        "x' UNION SELECT id, order_ref, provider_payment_id, 'payment', 'processed', NULL, created_at "
        "FROM payments WHERE 'a'='a"
    )
    response = client.get("/deliveries", params={"event_type": injected})
    assert response.status_code == 200, response.text
    assert response.json() == []
    assert "secret-order-ref" not in response.text


def test_like_wildcards_in_q_are_literal(client, logged):
    assert ids(client.get("/deliveries", params={"q": "%"})) == []
    assert ids(client.get("/deliveries", params={"q": "evt_o_"})) == []
    assert ids(client.get("/deliveries", params={"q": "evt_ok"})) == ["evt_ok"]


def test_filter_values_are_bound_parameters(client, logged, captured_sql):
    client.get("/deliveries", params={"q": "needle7c1f", "event_type": "typeneedle", "status": "failed"})
    assert captured_sql, "the search did not query the deliveries table"
    statement, parameters = captured_sql[-1]
    for value in ("needle7c1f", "typeneedle"):
        assert value not in statement, f"{value!r} was written into the SQL text"
    values = list(parameters.values() if isinstance(parameters, dict) else parameters)
    assert any("needle7c1f" in str(value) for value in values)
    assert "typeneedle" in values
