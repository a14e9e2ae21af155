from datetime import timedelta

from conftest import START


def test_percent_coupon_discounts_subtotal_before_tax(client, auth_headers, make_product, make_order, make_coupon):
    make_coupon("TEN", kind="percent", percent_off="10")
    lamp = make_product(price_cents=4000)
    order = make_order(lines=[(lamp["id"], 1)])

    resp = client.post(f"/orders/{order['id']}/coupon", json={"code": "TEN"}, headers=auth_headers("alice"))

    assert resp.status_code == 200
    body = resp.json()
    assert body["coupon_code"] == "TEN"
    assert body["discount_cents"] == 400
    assert body["tax_cents"] == 297  # 8.25 % of 3600
    assert body["total_cents"] == 3897


def test_fixed_coupon_is_capped_at_subtotal(client, auth_headers, make_product, make_order, make_coupon):
    make_coupon("FIVE", kind="fixed", amount_off_cents=500)
    pen = make_product(price_cents=300)
    order = make_order(lines=[(pen["id"], 1)])

    body = client.post(f"/orders/{order['id']}/coupon", json={"code": "FIVE"}, headers=auth_headers("alice")).json()

    assert body["discount_cents"] == 300
    assert body["tax_cents"] == 0
    assert body["total_cents"] == 0


def test_unknown_coupon_is_404(client, auth_headers, make_order):
    order = make_order()
    resp = client.post(f"/orders/{order['id']}/coupon", json={"code": "NOPE"}, headers=auth_headers("alice"))
    assert resp.status_code == 404
    assert resp.json()["error"]["code"] == "coupon_not_found"


def test_expired_coupon_is_rejected(client, auth_headers, clock, make_order, make_coupon):
    make_coupon("SPRING", kind="percent", percent_off="5", expires_at=(START + timedelta(days=1)).isoformat())
    order = make_order()
    clock.advance(days=2)

    resp = client.post(f"/orders/{order['id']}/coupon", json={"code": "SPRING"}, headers=auth_headers("alice"))

    assert resp.status_code == 409
    assert resp.json()["error"]["code"] == "coupon_expired"


def test_coupon_redemption_limit(client, auth_headers, make_product, make_order, make_coupon):
    make_coupon("ONCE", kind="fixed", amount_off_cents=100, max_redemptions=1)
    mug = make_product()
    first = make_order(user="alice", lines=[(mug["id"], 1)])
    second = make_order(user="bob", lines=[(mug["id"], 1)])

    assert client.post(f"/orders/{first['id']}/coupon", json={"code": "ONCE"}, headers=auth_headers("alice")).status_code == 200
    # Re-applying to the order that already holds it is not a second use.
    assert client.post(f"/orders/{first['id']}/coupon", json={"code": "ONCE"}, headers=auth_headers("alice")).status_code == 200

    resp = client.post(f"/orders/{second['id']}/coupon", json={"code": "ONCE"}, headers=auth_headers("bob"))
    assert resp.status_code == 409
    assert resp.json()["error"]["code"] == "coupon_exhausted"


def test_remove_coupon(client, auth_headers, make_product, make_order, make_coupon):
    make_coupon("FIVE", kind="fixed", amount_off_cents=500)
    lamp = make_product(price_cents=4000)
    order = make_order(lines=[(lamp["id"], 1)])
    client.post(f"/orders/{order['id']}/coupon", json={"code": "FIVE"}, headers=auth_headers("alice"))

    resp = client.delete(f"/orders/{order['id']}/coupon", headers=auth_headers("alice"))

    assert resp.status_code == 200
    assert resp.json()["coupon_code"] is None
    assert resp.json()["discount_cents"] == 0
