"""Edge cases of the cart: empty orders, the same product added more than once, unicode names."""

import pytest


@pytest.fixture
def mug(make_product):
    return make_product(price_cents=1000, stock=5, sku="MUG")


def _add(client, auth_headers, order_id, product_id, quantity, user="alice"):
    return client.post(
        f"/orders/{order_id}/lines", json={"product_id": product_id, "quantity": quantity}, headers=auth_headers(user)
    )


def _get(client, auth_headers, order_id, user="alice"):
    return client.get(f"/orders/{order_id}", headers=auth_headers(user)).json()


def _stock(client, auth_headers, product_id):
    return client.get(f"/products/{product_id}", headers=auth_headers("admin")).json()["stock"]


def test_paying_an_empty_order_is_rejected(client, auth_headers, make_order):
    order = make_order()

    resp = client.post(f"/orders/{order['id']}/pay", headers=auth_headers("alice"))

    assert resp.status_code == 409, resp.text
    assert resp.json()["error"]["code"] == "empty_order"
    assert resp.json()["error"]["message"]
    assert _get(client, auth_headers, order["id"])["status"] == "pending"


def test_paying_after_removing_the_last_line_is_rejected(client, auth_headers, make_order, mug):
    order = make_order(lines=[(mug["id"], 1)])
    line_id = order["lines"][0]["id"]
    assert client.delete(f"/orders/{order['id']}/lines/{line_id}", headers=auth_headers("alice")).status_code == 200

    resp = client.post(f"/orders/{order['id']}/pay", headers=auth_headers("alice"))

    assert resp.status_code == 409, resp.text
    assert resp.json()["error"]["code"] == "empty_order"
    assert _get(client, auth_headers, order["id"])["status"] == "pending"


def test_adding_the_same_product_twice_merges_lines(client, auth_headers, make_order, mug):
    order = make_order()
    assert _add(client, auth_headers, order["id"], mug["id"], 2).status_code == 200

    resp = _add(client, auth_headers, order["id"], mug["id"], 2)

    assert resp.status_code == 200, resp.text
    lines = resp.json()["lines"]
    assert [(line["sku"], line["quantity"]) for line in lines] == [("MUG", 4)]
    assert resp.json()["subtotal_cents"] == 4000


def test_repeated_adds_cannot_exceed_stock(client, auth_headers, make_order, mug):
    order = make_order()
    assert _add(client, auth_headers, order["id"], mug["id"], 3).status_code == 200

    resp = _add(client, auth_headers, order["id"], mug["id"], 3)

    assert resp.status_code == 409, resp.text
    assert resp.json()["error"]["code"] == "insufficient_stock"
    assert [line["quantity"] for line in _get(client, auth_headers, order["id"])["lines"]] == [3]
    assert client.post(f"/orders/{order['id']}/pay", headers=auth_headers("alice")).status_code == 200
    assert _stock(client, auth_headers, mug["id"]) == 2


def test_duplicate_products_in_one_create_request_are_merged(make_order, mug):
    order = make_order(lines=[(mug["id"], 2), (mug["id"], 1)])
    assert [(line["sku"], line["quantity"]) for line in order["lines"]] == [("MUG", 3)]
    assert order["subtotal_cents"] == 3000


def test_duplicate_products_in_one_create_request_respect_stock(client, auth_headers, mug):
    body = {"lines": [{"product_id": mug["id"], "quantity": 3}, {"product_id": mug["id"], "quantity": 3}]}

    resp = client.post("/orders", json=body, headers=auth_headers("alice"))

    assert resp.status_code == 409, resp.text
    assert resp.json()["error"]["code"] == "insufficient_stock"
    assert client.get("/orders", headers=auth_headers("alice")).json() == []


def test_filling_stock_exactly_across_adds_can_be_paid(client, auth_headers, make_order, mug):
    order = make_order()
    assert _add(client, auth_headers, order["id"], mug["id"], 3).status_code == 200
    assert _add(client, auth_headers, order["id"], mug["id"], 2).status_code == 200

    resp = client.post(f"/orders/{order['id']}/pay", headers=auth_headers("alice"))

    assert resp.status_code == 200, resp.text
    assert resp.json()["subtotal_cents"] == 5000
    assert _stock(client, auth_headers, mug["id"]) == 0


def test_distinct_products_stay_on_separate_lines(make_order, make_product, mug):
    lamp = make_product(price_cents=2500, stock=5, sku="LAMP")
    order = make_order(lines=[(mug["id"], 1), (lamp["id"], 1)])
    assert [line["sku"] for line in order["lines"]] == ["MUG", "LAMP"]


def test_unicode_product_names_round_trip(client, auth_headers, make_order, make_product):
    cup = make_product(price_cents=800, stock=5, sku="TASSE-É", name="Café ☕ Tasse – 東京")
    order = make_order(lines=[(cup["id"], 1)])
    fetched = _get(client, auth_headers, order["id"])
    assert fetched["lines"][0]["name"] == "Café ☕ Tasse – 東京"
    assert fetched["lines"][0]["sku"] == "TASSE-É"
