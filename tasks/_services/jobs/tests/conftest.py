from datetime import datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.clock import ManualClock
from app.db import init_db, make_engine, make_session_factory
from app.gateways import Charge, MailerUnavailable
from app.handlers import build_registry
from app.main import create_app
from app.worker import Worker

START = datetime(2030, 1, 1, 12, 0, 0)
ADMIN_TOKEN = "test-admin-token"


class FakePaymentGateway:
    """Behaves like the provider: a repeated idempotency key returns the original charge."""

    def __init__(self) -> None:
        self.charges: list[Charge] = []
        self.calls: list[dict[str, Any]] = []
        self._by_key: dict[str, Charge] = {}

    def charge(self, *, customer_id: str, amount_cents: int, currency: str, idempotency_key: str) -> Charge:
        self.calls.append(
            {
                "customer_id": customer_id,
                "amount_cents": amount_cents,
                "currency": currency,
                "idempotency_key": idempotency_key,
            }
        )
        if idempotency_key in self._by_key:
            return self._by_key[idempotency_key]
        charge = Charge(
            id=f"ch_{len(self.charges) + 1}",
            customer_id=customer_id,
            amount_cents=amount_cents,
            currency=currency,
        )
        self.charges.append(charge)
        self._by_key[idempotency_key] = charge
        return charge


class FakeMailer:
    def __init__(self) -> None:
        self.sent: list[dict[str, Any]] = []
        self.failures_left = 0

    def send(self, *, to: str, template: str, data: dict[str, Any]) -> None:
        if self.failures_left:
            self.failures_left -= 1
            raise MailerUnavailable("421 service not available, try again later")
        self.sent.append({"to": to, "template": template, "data": data})


@pytest.fixture
def db_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'jobs.db'}"


@pytest.fixture
def engine(db_url):
    engine = make_engine(db_url)
    init_db(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def session_factory(engine):
    return make_session_factory(engine)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture
def payments() -> FakePaymentGateway:
    return FakePaymentGateway()


@pytest.fixture
def mailer() -> FakeMailer:
    return FakeMailer()


@pytest.fixture
def registry(payments, mailer):
    return build_registry(payments, mailer)


@pytest.fixture
def client(session_factory, registry, clock):
    app = create_app(session_factory=session_factory, registry=registry, clock=clock, admin_token=ADMIN_TOKEN)
    with TestClient(app, headers={"X-Admin-Token": ADMIN_TOKEN}) as test_client:
        yield test_client


@pytest.fixture
def make_worker(session_factory, registry, clock):
    def _make(worker_id: str = "worker-1", **options: Any) -> Worker:
        return Worker(session_factory, registry, clock=clock, worker_id=worker_id, **options)

    return _make


@pytest.fixture
def enqueue(client):
    """POST /jobs with a valid send_email job, overridden by the given fields; returns the body."""

    def _enqueue(**fields: Any) -> dict[str, Any]:
        body = {"kind": "send_email", "payload": {"to": "ana@example.com", "template": "welcome"}}
        body.update(fields)
        response = client.post("/jobs", json=body)
        assert response.status_code == 201, response.text
        return response.json()

    return _enqueue
