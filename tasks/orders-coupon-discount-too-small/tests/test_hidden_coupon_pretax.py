"""Coupons apply to the pre-tax subtotal; tax is charged on the discounted subtotal (README)."""

import pytest


@pytest.fixture
def lamp_order(client, auth_headers, make_product, make_order):
    lamp = make_product(price_cents=1999, stock=10, sku="DESK-LAMP", name="Desk Lamp")
    return make_order(user="alice", lines=[(lamp["id"], 3)])


def _apply(client, auth_headers, order_id, code):
    resp = client.post(f"/orders/{order_id}/coupon", json={"code": code}, headers=auth_headers("alice"))
    assert resp.status_code == 200, resp.text
    return resp.json()


def _totals(order):
    return order["subtotal_cents"], order["discount_cents"], order["tax_cents"], order["total_cents"]


def test_order_without_coupon(lamp_order):
    # 3 x 1999 = 5997; tax 8.25 % = 494.75 -> 495
    assert _totals(lamp_order) == (5997, 0, 495, 6492)


def test_percent_coupon_is_taken_off_the_pre_tax_subtotal(client, auth_headers, make_coupon, lamp_order):
    make_coupon("SAVE10", kind="percent", percent_off="10")
    order = _apply(client, auth_headers, lamp_order["id"], "SAVE10")
    # 10 % of 5997 = 599.7 -> 600; tax on 5397 = 445.25 -> 445
    assert _totals(order) == (5997, 600, 445, 5842)


def test_totals_are_stable_through_payment(client, auth_headers, make_coupon, lamp_order):
    make_coupon("SAVE10", kind="percent", percent_off="10")
    _apply(client, auth_headers, lamp_order["id"], "SAVE10")
    paid = client.post(f"/orders/{lamp_order['id']}/pay", headers=auth_headers("alice")).json()
    fetched = client.get(f"/orders/{lamp_order['id']}", headers=auth_headers("alice")).json()
    assert _totals(paid) == _totals(fetched) == (5997, 600, 445, 5842)


def test_fixed_coupon_is_taken_off_the_pre_tax_subtotal(client, auth_headers, make_coupon, lamp_order):
    make_coupon("TENOFF", kind="fixed", amount_off_cents=1000)
    order = _apply(client, auth_headers, lamp_order["id"], "TENOFF")
    # tax on 4997 = 412.25 -> 412
    assert _totals(order) == (5997, 1000, 412, 5409)


def test_full_discount_leaves_no_tax(client, auth_headers, make_coupon, lamp_order):
    make_coupon("FREE", kind="percent", percent_off="100")
    order = _apply(client, auth_headers, lamp_order["id"], "FREE")
    assert _totals(order) == (5997, 5997, 0, 0)
