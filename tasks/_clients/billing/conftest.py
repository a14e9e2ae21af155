"""Client fixtures for black-box hidden tests of the billing service.

The service runs in another container at $EVALRUN_SERVICE_URL; these tests reach it over HTTP
only and never import its code. Each test starts from an empty service (POST /__evalrun__/reset);
`gateway` reads what the service asked its (fake) payment processor to do.
"""

import os

import httpx
import pytest


@pytest.fixture
def client():
    with httpx.Client(base_url=os.environ["EVALRUN_SERVICE_URL"], timeout=30) as http:
        reset = http.post("/__evalrun__/reset")
        assert reset.status_code == 204, f"the service did not reset: {reset.status_code} {reset.text}"
        yield http


class GatewayRecord:
    """The processor's record, read afresh on each access: charges as (charge id, cents, reference),
    refunds as (refund id, charge id, cents), like app.gateway.FakeGateway's lists."""

    def __init__(self, client: httpx.Client):
        self.client = client

    def _read(self, kind: str) -> list[tuple]:
        response = self.client.get("/__evalrun__/gateway")
        assert response.status_code == 200, response.text
        return [tuple(entry) for entry in response.json()[kind]]

    @property
    def charges(self) -> list[tuple]:
        return self._read("charges")

    @property
    def refunds(self) -> list[tuple]:
        return self._read("refunds")


@pytest.fixture
def gateway(client) -> GatewayRecord:
    return GatewayRecord(client)


@pytest.fixture
def make_customer(client):
    def make(name="Ada Lovelace", email="ada@example.com", tax_rate="0") -> dict:
        response = client.post("/customers", json={"name": name, "email": email, "tax_rate": tax_rate})
        assert response.status_code == 201, response.text
        return response.json()

    return make


@pytest.fixture
def make_product(client):
    def make(sku: str, unit_price: str, on_hand: int, name: str | None = None) -> dict:
        response = client.post(
            "/products", json={"sku": sku, "name": name or sku, "unit_price": unit_price, "on_hand": on_hand}
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
