"""Someone else's order must be indistinguishable from a missing one (security review SR-12)."""

import pytest


@pytest.fixture
def alices_order(make_product, make_order):
    product = make_product(price_cents=1500, stock=5)
    return make_order(user="alice", lines=[(product["id"], 1)])


def _pair(client, auth_headers, method, template, order_id, body=None):
    foreign = client.request(method, template.format(id=order_id), json=body, headers=auth_headers("bob"))
    missing = client.request(method, template.format(id=987654), json=body, headers=auth_headers("bob"))
    return foreign, missing


def _assert_indistinguishable(foreign, missing, order_id):
    assert foreign.status_code == missing.status_code == 404, foreign.text
    assert foreign.json()["error"]["code"] == missing.json()["error"]["code"] == "not_found"
    assert foreign.json()["error"]["message"] == missing.json()["error"]["message"].replace("987654", str(order_id))
    assert set(foreign.json()["error"]) == set(missing.json()["error"])


def test_get_foreign_order_looks_missing(client, auth_headers, alices_order):
    foreign, missing = _pair(client, auth_headers, "GET", "/orders/{id}", alices_order["id"])
    _assert_indistinguishable(foreign, missing, alices_order["id"])


def test_mutating_foreign_order_looks_missing(client, auth_headers, alices_order):
    order_id = alices_order["id"]
    for method, template in [("POST", "/orders/{id}/pay"), ("POST", "/orders/{id}/cancel"), ("DELETE", "/orders/{id}/coupon")]:
        foreign, missing = _pair(client, auth_headers, method, template, order_id)
        _assert_indistinguishable(foreign, missing, order_id)
    resp = client.get(f"/orders/{order_id}", headers=auth_headers("alice"))
    assert resp.json()["status"] == "pending"


def test_owner_and_admin_still_see_the_order(client, auth_headers, alices_order):
    for user in ("alice", "admin"):
        resp = client.get(f"/orders/{alices_order['id']}", headers=auth_headers(user))
        assert resp.status_code == 200, (user, resp.text)


def test_no_forbidden_status_for_orders(client, auth_headers, alices_order):
    resp = client.get(f"/orders/{alices_order['id']}", headers=auth_headers("bob"))
    assert resp.status_code != 403
    assert resp.json()["error"]["code"] != "forbidden"
