"""PATCH /orders/{order_id}/lines/{line_id} sets a line's quantity; every unhappy path is a clear 4xx."""

import pytest


@pytest.fixture
def cart(client, auth_headers, make_product, make_order):
    """alice's pending order: 2 x mug (stock 5, 1000 c) and 1 x lamp (stock 3, 2500 c)."""
    mug = make_product(price_cents=1000, stock=5, sku="MUG")
    lamp = make_product(price_cents=2500, stock=3, sku="LAMP")
    order = make_order(user="alice", lines=[(mug["id"], 2), (lamp["id"], 1)])
    mug_line, lamp_line = order["lines"]
    return {"order": order, "mug_line": mug_line, "lamp_line": lamp_line, "mug": mug, "lamp": lamp}


def _patch(client, auth_headers, order_id, line_id, body, user="alice"):
    return client.patch(f"/orders/{order_id}/lines/{line_id}", json=body, headers=auth_headers(user))


def _quantities(client, auth_headers, order_id, user="alice"):
    order = client.get(f"/orders/{order_id}", headers=auth_headers(user)).json()
    return {line["sku"]: line["quantity"] for line in order["lines"]}


def _assert_error(resp, status, code):
    assert resp.status_code == status, resp.text
    error = resp.json()["error"]
    assert error["code"] == code
    assert isinstance(error["message"], str) and error["message"]


def test_sets_quantity_and_returns_updated_order(client, auth_headers, cart):
    order_id, line = cart["order"]["id"], cart["mug_line"]

    resp = _patch(client, auth_headers, order_id, line["id"], {"quantity": 4})

    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert {l["sku"]: l["quantity"] for l in body["lines"]} == {"MUG": 4, "LAMP": 1}
    assert body["subtotal_cents"] == 6500
    assert body["total_cents"] == 6500 + 536  # 8.25 % of 6500 = 536.25
    assert _quantities(client, auth_headers, order_id) == {"MUG": 4, "LAMP": 1}


def test_quantity_is_absolute_not_added(client, auth_headers, cart):
    order_id, line = cart["order"]["id"], cart["mug_line"]
    assert _patch(client, auth_headers, order_id, line["id"], {"quantity": 1}).status_code == 200
    assert _quantities(client, auth_headers, order_id) == {"MUG": 1, "LAMP": 1}


def test_quantity_up_to_stock_is_allowed(client, auth_headers, cart):
    resp = _patch(client, auth_headers, cart["order"]["id"], cart["lamp_line"]["id"], {"quantity": 3})
    assert resp.status_code == 200, resp.text


@pytest.mark.parametrize("body", [{"quantity": 0}, {"quantity": -2}, {"quantity": "lots"}, {}])
def test_invalid_quantity_is_validation_error(client, auth_headers, cart, body):
    order_id = cart["order"]["id"]
    resp = _patch(client, auth_headers, order_id, cart["mug_line"]["id"], body)
    _assert_error(resp, 422, "validation_error")
    assert ["body", "quantity"] in [field["loc"][:2] for field in resp.json()["error"]["fields"]]
    assert _quantities(client, auth_headers, order_id) == {"MUG": 2, "LAMP": 1}


def test_more_than_in_stock_is_conflict(client, auth_headers, cart):
    order_id = cart["order"]["id"]
    resp = _patch(client, auth_headers, order_id, cart["lamp_line"]["id"], {"quantity": 4})
    _assert_error(resp, 409, "insufficient_stock")
    assert _quantities(client, auth_headers, order_id) == {"MUG": 2, "LAMP": 1}


def test_huge_quantity_is_a_clear_client_error(client, auth_headers, cart):
    order_id = cart["order"]["id"]
    resp = _patch(client, auth_headers, order_id, cart["mug_line"]["id"], {"quantity": 10**12})
    assert resp.status_code in (409, 422), resp.text
    assert resp.json()["error"]["code"] in ("insufficient_stock", "validation_error")
    assert _quantities(client, auth_headers, order_id) == {"MUG": 2, "LAMP": 1}


def test_paid_order_is_not_editable(client, auth_headers, cart):
    order_id = cart["order"]["id"]
    assert client.post(f"/orders/{order_id}/pay", headers=auth_headers("alice")).status_code == 200

    resp = _patch(client, auth_headers, order_id, cart["mug_line"]["id"], {"quantity": 1})

    _assert_error(resp, 409, "order_not_editable")
    assert _quantities(client, auth_headers, order_id) == {"MUG": 2, "LAMP": 1}


def test_line_of_another_order_is_not_found(client, auth_headers, make_order, cart):
    other = make_order(user="alice", lines=[(cart["mug"]["id"], 1)])

    resp = _patch(client, auth_headers, other["id"], cart["mug_line"]["id"], {"quantity": 3})

    _assert_error(resp, 404, "not_found")
    assert _quantities(client, auth_headers, cart["order"]["id"]) == {"MUG": 2, "LAMP": 1}
    assert _quantities(client, auth_headers, other["id"]) == {"MUG": 1}


def test_unknown_line_is_not_found(client, auth_headers, cart):
    resp = _patch(client, auth_headers, cart["order"]["id"], 999999, {"quantity": 1})
    _assert_error(resp, 404, "not_found")


def test_someone_elses_order_is_not_found(client, auth_headers, cart):
    order_id = cart["order"]["id"]

    resp = _patch(client, auth_headers, order_id, cart["mug_line"]["id"], {"quantity": 1}, user="bob")

    _assert_error(resp, 404, "not_found")
    assert _quantities(client, auth_headers, order_id) == {"MUG": 2, "LAMP": 1}


def test_someone_elses_line_via_own_order_is_not_found(client, auth_headers, make_order, cart):
    bobs = make_order(user="bob")

    resp = _patch(client, auth_headers, bobs["id"], cart["mug_line"]["id"], {"quantity": 1}, user="bob")

    _assert_error(resp, 404, "not_found")
    assert _quantities(client, auth_headers, cart["order"]["id"]) == {"MUG": 2, "LAMP": 1}
