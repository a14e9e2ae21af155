"""max_redemptions counts live orders only: cancelled orders keep their coupon but free the use."""

import pytest


@pytest.fixture
def product(make_product):
    return make_product(price_cents=5000, stock=100)


@pytest.fixture
def order_with_coupon(client, auth_headers, make_order, product):
    def _make(user: str, code: str = "LAUNCH"):
        order = make_order(user=user, lines=[(product["id"], 1)])
        resp = client.post(f"/orders/{order['id']}/coupon", json={"code": code}, headers=auth_headers(user))
        assert resp.status_code == 200, resp.text
        return order

    return _make


def _apply(client, auth_headers, order, user, code="LAUNCH"):
    return client.post(f"/orders/{order['id']}/coupon", json={"code": code}, headers=auth_headers(user))


def _do(client, auth_headers, order, action, user="alice"):
    resp = client.post(f"/orders/{order['id']}/{action}", headers=auth_headers(user))
    assert resp.status_code == 200, resp.text
    return resp.json()


def test_cancelled_pending_order_frees_redemption(client, auth_headers, make_coupon, make_order, product, order_with_coupon):
    make_coupon("LAUNCH", kind="percent", percent_off="50", max_redemptions=1)
    first = order_with_coupon("alice")
    _do(client, auth_headers, first, "cancel")

    second = make_order(user="bob", lines=[(product["id"], 1)])
    resp = _apply(client, auth_headers, second, "bob")

    assert resp.status_code == 200, resp.text
    assert resp.json()["discount_cents"] == 2500


def test_cancelled_paid_order_frees_redemption(client, auth_headers, make_coupon, make_order, product, order_with_coupon):
    make_coupon("LAUNCH", kind="fixed", amount_off_cents=700, max_redemptions=1)
    first = order_with_coupon("alice")
    _do(client, auth_headers, first, "pay")
    _do(client, auth_headers, first, "cancel")

    second = make_order(user="bob", lines=[(product["id"], 1)])
    resp = _apply(client, auth_headers, second, "bob")

    assert resp.status_code == 200, resp.text
    assert resp.json()["coupon_code"] == "LAUNCH"


def test_limit_counts_live_orders_only(client, auth_headers, make_coupon, make_order, product, order_with_coupon):
    make_coupon("LAUNCH", kind="fixed", amount_off_cents=700, max_redemptions=2)
    cancelled = order_with_coupon("alice")
    _do(client, auth_headers, cancelled, "cancel")
    order_with_coupon("bob")
    order_with_coupon("alice")  # second live use: allowed, the cancelled one does not count

    late = make_order(user="bob", lines=[(product["id"], 1)])
    resp = _apply(client, auth_headers, late, "bob")

    assert resp.status_code == 409
    assert resp.json()["error"]["code"] == "coupon_exhausted"


def test_cancelled_order_keeps_its_coupon_on_record(client, auth_headers, make_coupon, order_with_coupon):
    make_coupon("LAUNCH", kind="percent", percent_off="50", max_redemptions=1)
    order = order_with_coupon("alice")
    _do(client, auth_headers, order, "pay")

    cancelled = _do(client, auth_headers, order, "cancel")
    fetched = client.get(f"/orders/{order['id']}", headers=auth_headers("alice")).json()

    for body in (cancelled, fetched):
        assert body["status"] == "cancelled"
        assert body["coupon_code"] == "LAUNCH"
        assert body["discount_cents"] == 2500


def test_pending_paid_shipped_and_delivered_orders_all_count(
    client, auth_headers, make_coupon, make_order, product, order_with_coupon
):
    make_coupon("LAUNCH", kind="fixed", amount_off_cents=700, max_redemptions=3)
    order_with_coupon("alice")  # stays pending
    paid = order_with_coupon("bob")
    _do(client, auth_headers, paid, "pay", user="bob")
    delivered = order_with_coupon("alice")
    _do(client, auth_headers, delivered, "pay")
    url = f"/admin/orders/{delivered['id']}/status"
    assert client.post(url, json={"status": "shipped"}, headers=auth_headers("admin")).status_code == 200
    assert client.post(url, json={"status": "delivered"}, headers=auth_headers("admin")).status_code == 200

    late = make_order(user="bob", lines=[(product["id"], 1)])
    resp = _apply(client, auth_headers, late, "bob")

    assert resp.status_code == 409
    assert resp.json()["error"]["code"] == "coupon_exhausted"


def test_reapplying_to_the_same_order_is_not_a_second_use(client, auth_headers, make_coupon, order_with_coupon):
    make_coupon("LAUNCH", kind="fixed", amount_off_cents=700, max_redemptions=1)
    order = order_with_coupon("alice")
    resp = _apply(client, auth_headers, order, "alice")
    assert resp.status_code == 200, resp.text
