import itertools
from datetime import datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from app import repository
from app.auth import hash_token
from app.config import Settings
from app.main import create_app

START = datetime(2024, 3, 1, 12, 0, 0)
TOKENS = {"alice": "tok-alice-7f3a", "bob": "tok-bob-91c2", "admin": "tok-admin-0d44"}


class FrozenClock:
    def __init__(self, now: datetime):
        self._now = now

    def now(self) -> datetime:
        return self._now

    def advance(self, **delta: float) -> None:
        self._now += timedelta(**delta)


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(START)


@pytest.fixture
def app(tmp_path, clock):
    app = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'orders.db'}"), clock=clock)
    yield app
    app.state.engine.dispose()


@pytest.fixture
def users(app) -> dict[str, int]:
    """Seeds alice, bob (customers) and admin; returns their customer ids."""
    ids = {}
    with app.state.session_factory() as session:
        for name in TOKENS:
            customer = repository.add_customer(
                session, f"{name}@example.com", name.title(), is_admin=name == "admin"
            )
            repository.add_token(session, customer, hash_token(TOKENS[name]))
            ids[name] = customer.id
        session.commit()
    return ids


@pytest.fixture
def client(app, users):
    with TestClient(app) as test_client:
        yield test_client


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
