def test_admin_creates_and_lists_products(client, auth_headers, make_product):
    created = make_product(price_cents=1299, stock=5, sku="MUG-01", name="Mug")
    assert created["sku"] == "MUG-01"
    assert created["active"] is True

    resp = client.get("/products", headers=auth_headers("alice"))
    assert resp.status_code == 200
    assert [p["sku"] for p in resp.json()] == ["MUG-01"]


def test_duplicate_sku_is_conflict(client, auth_headers, make_product):
    make_product(sku="MUG-01")
    body = {"sku": "MUG-01", "name": "Other mug", "price_cents": 100, "stock": 1}
    resp = client.post("/products", json=body, headers=auth_headers("admin"))
    assert resp.status_code == 409
    assert resp.json()["error"]["code"] == "duplicate_sku"


def test_update_price_and_deactivate(client, auth_headers, make_product, make_order):
    product = make_product(price_cents=1000)
    resp = client.patch(f"/products/{product['id']}", json={"price_cents": 1200}, headers=auth_headers("admin"))
    assert resp.status_code == 200
    assert resp.json()["price_cents"] == 1200

    client.patch(f"/products/{product['id']}", json={"active": False}, headers=auth_headers("admin"))
    assert client.get("/products", headers=auth_headers("alice")).json() == []

    order = make_order()
    resp = client.post(
        f"/orders/{order['id']}/lines",
        json={"product_id": product["id"], "quantity": 1},
        headers=auth_headers("alice"),
    )
    assert resp.status_code == 409
    assert resp.json()["error"]["code"] == "product_unavailable"


def test_invalid_product_is_422_with_fields(client, auth_headers):
    body = {"sku": "BAD", "name": "Bad", "price_cents": -5, "stock": 1}
    resp = client.post("/products", json=body, headers=auth_headers("admin"))
    assert resp.status_code == 422
    error = resp.json()["error"]
    assert error["code"] == "validation_error"
    assert error["fields"][0]["loc"] == ["body", "price_cents"]
