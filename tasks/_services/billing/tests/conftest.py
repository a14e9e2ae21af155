from datetime import datetime

import pytest
from fastapi.testclient import TestClient

from app.clock import FixedClock
from app.db import make_engine
from app.gateway import FakeGateway
from app.main import create_app
from app.migrations import upgrade

START = datetime(2024, 3, 1, 9, 30)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(START)


@pytest.fixture
def gateway() -> FakeGateway:
    return FakeGateway()


@pytest.fixture
def database_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'billing.db'}"


@pytest.fixture
def engine(database_url):
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def client(engine, clock, gateway):
    upgrade(engine)
    with TestClient(create_app(engine=engine, clock=clock, gateway=gateway)) as test_client:
        yield test_client


@pytest.fixture
def make_customer(client):
    def make(name="Ada Lovelace", email="ada@example.com", tax_rate="0") -> dict:
        response = client.post(
            "/customers", json={"name": name, "email": email, "tax_rate": tax_rate}
        )
        assert response.status_code == 201, response.text
        return response.json()

    return make


@pytest.fixture
def make_plan(client):
    def make(code: str, monthly_price: str, name: str | None = None) -> dict:
        response = client.post(
            "/plans", json={"code": code, "name": name or code.title(), "monthly_price": monthly_price}
        )
        assert response.status_code == 201, response.text
        return response.json()

    return make


@pytest.fixture
def make_product(client):
    def make(sku: str, unit_price: str, on_hand: int, name: str | None = None) -> dict:
        response = client.post(
            "/products",
            json={"sku": sku, "name": name or sku, "unit_price": unit_price, "on_hand": on_hand},
        )
        assert response.status_code == 201, response.text
        return response.json()

    return make


@pytest.fixture
def make_invoice(client):
    def make(customer_id: int, lines: list[dict], discount_percent: str | None = None) -> dict:
        body: dict = {"customer_id": customer_id, "lines": lines}
        if discount_percent is not None:
            body["discount_percent"] = discount_percent
        response = client.post("/invoices", json=body)
        assert response.status_code == 201, response.text
        return response.json()

    return make


@pytest.fixture
def make_subscription(client):
    def make(customer_id: int, plan_code: str, period_end: str | None = None) -> dict:
        body: dict = {"customer_id": customer_id, "plan_code": plan_code}
        if period_end is not None:
            body["period_end"] = period_end
        response = client.post("/subscriptions", json=body)
        assert response.status_code == 201, response.text
        return response.json()

    return make
