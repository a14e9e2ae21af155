"""Client fixtures for black-box hidden tests of the orders-api service.

The service runs in another container at $EVALRUN_SERVICE_URL; these tests reach it over HTTP
only and never import its code. Each test starts from a freshly seeded service (POST
/__evalrun__/reset): the customers alice, bob and admin of service.toml's ORDERS_SEED_CUSTOMERS.
"""

import itertools
import os

import httpx
import pytest

TOKENS = {"alice": "tok-alice-7f3a", "bob": "tok-bob-91c2", "admin": "tok-admin-0d44"}


@pytest.fixture
def client():
    with httpx.Client(base_url=os.environ["EVALRUN_SERVICE_URL"], timeout=30) as http:
        reset = http.post("/__evalrun__/reset")
        assert reset.status_code == 204, f"the service did not reset: {reset.status_code} {reset.text}"
        yield http


@pytest.fixture
def auth_headers():
    def _headers(user: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {TOKENS[user]}"}

    return _headers


@pytest.fixture
def make_product(client, auth_headers):
    counter = itertools.count(1)

    def _make(price_cents: int = 1000, stock: int = 10, sku: str | None = None, name: str | None = None):
        n = next(counter)
        body = {"sku": sku or f"SKU-{n}", "name": name or f"Product {n}", "price_cents": price_cents, "stock": stock}
        resp = client.post("/products", json=body, headers=auth_headers("admin"))
        assert resp.status_code == 201, resp.text
        return resp.json()

    return _make


@pytest.fixture
def make_coupon(client, auth_headers):
    def _make(code: str, **fields):
        resp = client.post("/coupons", json={"code": code, **fields}, headers=auth_headers("admin"))
        assert resp.status_code == 201, resp.text
        return resp.json()

    return _make


@pytest.fixture
def make_order(client, auth_headers):
    def _make(user: str = "alice", lines=()):
        body = {"lines": [{"product_id": pid, "quantity": qty} for pid, qty in lines]}
        resp = client.post("/orders", json=body, headers=auth_headers(user))
        assert resp.status_code == 201, resp.text
        return resp.json()

    return _make
