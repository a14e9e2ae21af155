def test_create_order_computes_totals(make_product, make_order):
    mug = make_product(price_cents=1000, sku="MUG")
    lamp = make_product(price_cents=2500, sku="LAMP")

    order = make_order(lines=[(mug["id"], 2), (lamp["id"], 1)])

    assert order["status"] == "pending"
    assert [(line["sku"], line["quantity"], line["line_total_cents"]) for line in order["lines"]] == [
        ("MUG", 2, 2000),
        ("LAMP", 1, 2500),
    ]
    assert order["subtotal_cents"] == 4500
    assert order["discount_cents"] == 0
    assert order["tax_cents"] == 371  # 8.25 % of 4500 = 371.25
    assert order["total_cents"] == 4871


def test_add_and_remove_line(client, auth_headers, make_product, make_order):
    mug = make_product(price_cents=1000)
    order = make_order()

    resp = client.post(
        f"/orders/{order['id']}/lines", json={"product_id": mug["id"], "quantity": 3}, headers=auth_headers("alice")
    )
    assert resp.status_code == 200
    line = resp.json()["lines"][0]
    assert line["quantity"] == 3
    assert resp.json()["subtotal_cents"] == 3000

    resp = client.delete(f"/orders/{order['id']}/lines/{line['id']}", headers=auth_headers("alice"))
    assert resp.status_code == 200
    assert resp.json()["lines"] == []
    assert resp.json()["total_cents"] == 0


def test_add_line_beyond_stock_is_conflict(client, auth_headers, make_product, make_order):
    mug = make_product(stock=2)
    order = make_order()
    resp = client.post(
        f"/orders/{order['id']}/lines", json={"product_id": mug["id"], "quantity": 3}, headers=auth_headers("alice")
    )
    assert resp.status_code == 409
    assert resp.json()["error"]["code"] == "insufficient_stock"


def test_quantity_must_be_positive(client, auth_headers, make_product, make_order):
    mug = make_product()
    order = make_order()
    resp = client.post(
        f"/orders/{order['id']}/lines", json={"product_id": mug["id"], "quantity": 0}, headers=auth_headers("alice")
    )
    assert resp.status_code == 422
    assert resp.json()["error"]["code"] == "validation_error"


def test_other_customers_order_is_not_found(client, auth_headers, make_product, make_order):
    # Deliberately 404, not 403: a customer must not be able to learn that an order id exists.
    # Security review SR-12; the body must match the one for an id that was never issued.
    mug = make_product()
    order = make_order(user="alice", lines=[(mug["id"], 1)])

    resp = client.get(f"/orders/{order['id']}", headers=auth_headers("bob"))
    missing = client.get("/orders/999999", headers=auth_headers("bob"))

    assert resp.status_code == 404
    assert resp.json()["error"]["code"] == "not_found"
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "not_found"


def test_admin_can_view_any_order(client, auth_headers, make_product, make_order):
    mug = make_product()
    order = make_order(user="alice", lines=[(mug["id"], 1)])
    resp = client.get(f"/orders/{order['id']}", headers=auth_headers("admin"))
    assert resp.status_code == 200
    assert resp.json()["id"] == order["id"]


def test_list_orders_returns_only_own(client, auth_headers, make_order, users):
    mine = make_order(user="alice")
    make_order(user="bob")
    resp = client.get("/orders", headers=auth_headers("alice"))
    assert resp.status_code == 200
    assert [o["id"] for o in resp.json()] == [mine["id"]]
    assert resp.json()[0]["customer_id"] == users["alice"]


def test_pay_reserves_stock(client, auth_headers, make_product, make_order):
    mug = make_product(stock=5)
    order = make_order(lines=[(mug["id"], 2)])

    resp = client.post(f"/orders/{order['id']}/pay", headers=auth_headers("alice"))
    assert resp.status_code == 200
    assert resp.json()["status"] == "paid"
    assert client.get(f"/products/{mug['id']}", headers=auth_headers("alice")).json()["stock"] == 3


def test_paid_order_cannot_be_edited(client, auth_headers, make_product, make_order):
    mug = make_product()
    order = make_order(lines=[(mug["id"], 1)])
    client.post(f"/orders/{order['id']}/pay", headers=auth_headers("alice"))

    resp = client.post(
        f"/orders/{order['id']}/lines", json={"product_id": mug["id"], "quantity": 1}, headers=auth_headers("alice")
    )
    assert resp.status_code == 409
    assert resp.json()["error"]["code"] == "order_not_editable"
