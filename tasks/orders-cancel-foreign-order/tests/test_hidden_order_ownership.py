"""A customer can only act on their own orders; someone else's order looks exactly like a missing one."""

import pytest


@pytest.fixture
def alices_order(client, auth_headers, make_product, make_order, make_coupon):
    make_coupon("FIVE", kind="fixed", amount_off_cents=500)
    product = make_product(price_cents=4000, stock=5)
    order = make_order(user="alice", lines=[(product["id"], 2)])
    resp = client.post(f"/orders/{order['id']}/coupon", json={"code": "FIVE"}, headers=auth_headers("alice"))
    assert resp.status_code == 200, resp.text
    return {"order": resp.json(), "product": product}


def _get(client, auth_headers, order_id, user="alice"):
    resp = client.get(f"/orders/{order_id}", headers=auth_headers(user))
    assert resp.status_code == 200, resp.text
    return resp.json()


def _stock(client, auth_headers, product_id):
    return client.get(f"/products/{product_id}", headers=auth_headers("admin")).json()["stock"]


def _assert_looks_missing(client, auth_headers, resp, method, path_template, order_id):
    """Same status and error code as for an order id that was never issued."""
    missing = client.request(method, path_template.format(id=987654), headers=auth_headers("bob"))
    assert missing.status_code == 404
    assert resp.status_code == 404, resp.text
    assert resp.json()["error"]["code"] == missing.json()["error"]["code"] == "not_found"
    assert resp.json()["error"]["message"] == missing.json()["error"]["message"].replace("987654", str(order_id))


def test_cannot_cancel_someone_elses_pending_order(client, auth_headers, alices_order):
    order_id = alices_order["order"]["id"]

    resp = client.post(f"/orders/{order_id}/cancel", headers=auth_headers("bob"))

    _assert_looks_missing(client, auth_headers, resp, "POST", "/orders/{id}/cancel", order_id)
    assert _get(client, auth_headers, order_id)["status"] == "pending"


def test_cannot_cancel_someone_elses_paid_order(client, auth_headers, alices_order):
    order_id, product_id = alices_order["order"]["id"], alices_order["product"]["id"]
    assert client.post(f"/orders/{order_id}/pay", headers=auth_headers("alice")).status_code == 200
    assert _stock(client, auth_headers, product_id) == 3

    resp = client.post(f"/orders/{order_id}/cancel", headers=auth_headers("bob"))

    assert resp.status_code == 404
    assert _get(client, auth_headers, order_id)["status"] == "paid"
    assert _stock(client, auth_headers, product_id) == 3


def test_cannot_remove_coupon_from_someone_elses_order(client, auth_headers, alices_order):
    order_id = alices_order["order"]["id"]

    resp = client.delete(f"/orders/{order_id}/coupon", headers=auth_headers("bob"))

    _assert_looks_missing(client, auth_headers, resp, "DELETE", "/orders/{id}/coupon", order_id)
    order = _get(client, auth_headers, order_id)
    assert order["coupon_code"] == "FIVE"
    assert order["discount_cents"] == 500


def test_every_other_order_endpoint_hides_foreign_orders(client, auth_headers, alices_order):
    order = alices_order["order"]
    order_id, line_id, product_id = order["id"], order["lines"][0]["id"], alices_order["product"]["id"]
    calls = [
        ("GET", f"/orders/{order_id}", None),
        ("POST", f"/orders/{order_id}/lines", {"product_id": product_id, "quantity": 1}),
        ("DELETE", f"/orders/{order_id}/lines/{line_id}", None),
        ("POST", f"/orders/{order_id}/coupon", {"code": "FIVE"}),
        ("POST", f"/orders/{order_id}/pay", None),
    ]
    for method, url, body in calls:
        resp = client.request(method, url, json=body, headers=auth_headers("bob"))
        assert resp.status_code == 404, (method, url, resp.text)
        assert resp.json()["error"]["code"] == "not_found"
    assert _get(client, auth_headers, order_id) == order
    assert [o["id"] for o in client.get("/orders", headers=auth_headers("bob")).json()] == []


def test_owner_can_remove_coupon_and_cancel(client, auth_headers, alices_order):
    order_id = alices_order["order"]["id"]

    resp = client.delete(f"/orders/{order_id}/coupon", headers=auth_headers("alice"))
    assert resp.status_code == 200, resp.text
    assert resp.json()["coupon_code"] is None

    resp = client.post(f"/orders/{order_id}/cancel", headers=auth_headers("alice"))
    assert resp.status_code == 200, resp.text
    assert resp.json()["status"] == "cancelled"


def test_admin_can_remove_coupon_and_cancel_any_order(client, auth_headers, alices_order):
    order_id, product_id = alices_order["order"]["id"], alices_order["product"]["id"]
    assert client.post(f"/orders/{order_id}/pay", headers=auth_headers("alice")).status_code == 200

    resp = client.post(f"/orders/{order_id}/cancel", headers=auth_headers("admin"))

    assert resp.status_code == 200, resp.text
    assert resp.json()["status"] == "cancelled"
    assert _stock(client, auth_headers, product_id) == 5

    other = client.post("/orders", json={"lines": [{"product_id": product_id, "quantity": 1}]}, headers=auth_headers("bob")).json()
    client.post(f"/orders/{other['id']}/coupon", json={"code": "FIVE"}, headers=auth_headers("bob"))
    resp = client.delete(f"/orders/{other['id']}/coupon", headers=auth_headers("admin"))
    assert resp.status_code == 200, resp.text
    assert resp.json()["coupon_code"] is None
