def _paid_order(client, auth_headers, make_product, make_order, stock=5, quantity=2):
    product = make_product(stock=stock)
    order = make_order(lines=[(product["id"], quantity)])
    resp = client.post(f"/orders/{order['id']}/pay", headers=auth_headers("alice"))
    assert resp.status_code == 200, resp.text
    return product, resp.json()


def test_cancel_paid_order_restocks(client, auth_headers, make_product, make_order):
    product, order = _paid_order(client, auth_headers, make_product, make_order, stock=5, quantity=2)

    resp = client.post(f"/orders/{order['id']}/cancel", headers=auth_headers("alice"))

    assert resp.status_code == 200
    assert resp.json()["status"] == "cancelled"
    assert client.get(f"/products/{product['id']}", headers=auth_headers("alice")).json()["stock"] == 5


def test_cannot_pay_twice(client, auth_headers, make_product, make_order):
    _, order = _paid_order(client, auth_headers, make_product, make_order)
    resp = client.post(f"/orders/{order['id']}/pay", headers=auth_headers("alice"))
    assert resp.status_code == 409
    assert resp.json()["error"]["code"] == "invalid_transition"


def test_admin_fulfilment_flow(client, auth_headers, make_product, make_order):
    _, order = _paid_order(client, auth_headers, make_product, make_order)
    url = f"/admin/orders/{order['id']}/status"

    assert client.post(url, json={"status": "shipped"}, headers=auth_headers("admin")).json()["status"] == "shipped"
    assert client.post(url, json={"status": "delivered"}, headers=auth_headers("admin")).json()["status"] == "delivered"


def test_shipped_order_cannot_be_cancelled(client, auth_headers, make_product, make_order):
    _, order = _paid_order(client, auth_headers, make_product, make_order)
    client.post(f"/admin/orders/{order['id']}/status", json={"status": "shipped"}, headers=auth_headers("admin"))

    resp = client.post(f"/orders/{order['id']}/cancel", headers=auth_headers("alice"))

    assert resp.status_code == 409
    assert resp.json()["error"]["code"] == "invalid_transition"


def test_customer_cannot_set_status(client, auth_headers, make_product, make_order):
    _, order = _paid_order(client, auth_headers, make_product, make_order)
    resp = client.post(f"/admin/orders/{order['id']}/status", json={"status": "shipped"}, headers=auth_headers("alice"))
    assert resp.status_code == 403
