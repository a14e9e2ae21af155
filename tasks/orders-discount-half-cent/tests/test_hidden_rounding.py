"""Half a cent rounds up (README) for coupon discounts and for tax alike."""


def _order_with(client, auth_headers, make_product, make_order, price_cents, coupon=None):
    product = make_product(price_cents=price_cents, stock=10)
    order = make_order(lines=[(product["id"], 1)])
    if coupon is not None:
        resp = client.post(f"/orders/{order['id']}/coupon", json={"code": coupon}, headers=auth_headers("alice"))
        assert resp.status_code == 200, resp.text
    resp = client.get(f"/orders/{order['id']}", headers=auth_headers("alice"))
    assert resp.status_code == 200, resp.text
    return resp.json()


def _totals(order):
    return order["subtotal_cents"], order["discount_cents"], order["tax_cents"], order["total_cents"]


def test_percent_discount_half_cent_rounds_up(client, auth_headers, make_product, make_order, make_coupon):
    make_coupon("SPRING10", kind="percent", percent_off="10")
    order = _order_with(client, auth_headers, make_product, make_order, 2005, coupon="SPRING10")
    # 10 % of 2005 = 200.5 -> 201; tax 8.25 % of 1804 = 148.83 -> 149
    assert _totals(order) == (2005, 201, 149, 1953)


def test_fractional_percent_discount_half_cent_rounds_up(client, auth_headers, make_product, make_order, make_coupon):
    make_coupon("EIGHTH", kind="percent", percent_off="12.5")
    order = _order_with(client, auth_headers, make_product, make_order, 1988, coupon="EIGHTH")
    # 12.5 % of 1988 = 248.5 -> 249; tax 8.25 % of 1739 = 143.4675 -> 143
    assert _totals(order) == (1988, 249, 143, 1882)


def test_tax_half_cent_rounds_up_without_coupon(client, auth_headers, make_product, make_order):
    order = _order_with(client, auth_headers, make_product, make_order, 6600)
    # 8.25 % of 6600 = 544.5 -> 545
    assert _totals(order) == (6600, 0, 545, 7145)


def test_tax_half_cent_rounds_up_after_discount(client, auth_headers, make_product, make_order, make_coupon):
    make_coupon("TENOFF", kind="fixed", amount_off_cents=1000)
    order = _order_with(client, auth_headers, make_product, make_order, 7600, coupon="TENOFF")
    # taxable 6600 -> 544.5 -> 545
    assert _totals(order) == (7600, 1000, 545, 7145)


def test_order_list_uses_same_rounding(client, auth_headers, make_product, make_order):
    _order_with(client, auth_headers, make_product, make_order, 6600)
    listed = client.get("/orders", headers=auth_headers("alice")).json()
    assert [o["tax_cents"] for o in listed] == [545]


def test_below_half_cent_rounds_down(client, auth_headers, make_product, make_order, make_coupon):
    make_coupon("SPRING10", kind="percent", percent_off="10")
    order = _order_with(client, auth_headers, make_product, make_order, 2001, coupon="SPRING10")
    # 10 % of 2001 = 200.1 -> 200; tax 8.25 % of 1801 = 148.5825 -> 149
    assert _totals(order) == (2001, 200, 149, 1950)


def test_above_half_cent_rounds_up(client, auth_headers, make_product, make_order, make_coupon):
    make_coupon("SPRING10", kind="percent", percent_off="10")
    order = _order_with(client, auth_headers, make_product, make_order, 1997, coupon="SPRING10")
    # 10 % of 1997 = 199.7 -> 200; tax 8.25 % of 1797 = 148.2525 -> 148
    assert _totals(order) == (1997, 200, 148, 1945)
