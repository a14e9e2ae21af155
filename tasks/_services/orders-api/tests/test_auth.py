def test_missing_token_is_401(client):
    resp = client.get("/orders")
    assert resp.status_code == 401
    assert resp.json()["error"]["code"] == "unauthorized"


def test_unknown_token_is_401(client):
    resp = client.get("/orders", headers={"Authorization": "Bearer not-a-real-token"})
    assert resp.status_code == 401
    assert resp.json()["error"]["code"] == "unauthorized"


def test_customer_cannot_manage_catalog(client, auth_headers):
    body = {"sku": "X-1", "name": "X", "price_cents": 100, "stock": 1}
    resp = client.post("/products", json=body, headers=auth_headers("alice"))
    assert resp.status_code == 403
    assert resp.json()["error"]["code"] == "forbidden"
