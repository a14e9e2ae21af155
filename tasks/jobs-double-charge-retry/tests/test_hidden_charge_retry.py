"""A charge_invoice job that is retried must not charge the customer again."""

import pytest
from conftest import FakePaymentGateway

from app.gateways import GatewayTimeout


class TimeoutAfterChargeGateway(FakePaymentGateway):
    """The provider books the charge but the response is lost on the first call for each
    customer+amount (what a read timeout looks like from our side)."""

    def __init__(self) -> None:
        super().__init__()
        self._timed_out: set[tuple[str, int]] = set()

    def charge(self, *, customer_id, amount_cents, currency, idempotency_key):
        charge = super().charge(
            customer_id=customer_id, amount_cents=amount_cents, currency=currency, idempotency_key=idempotency_key
        )
        if (customer_id, amount_cents) not in self._timed_out:
            self._timed_out.add((customer_id, amount_cents))
            raise GatewayTimeout("read timeout after 10s")
        return charge


@pytest.fixture
def payments():
    return TimeoutAfterChargeGateway()


def _invoice(invoice_id, customer_id="cus-9", amount_cents=4900):
    return {"invoice_id": invoice_id, "customer_id": customer_id, "amount_cents": amount_cents, "email": "ana@example.com"}


def _run_until_settled(worker, clock, max_runs=10):
    for _ in range(max_runs):
        if worker.run_once() is None:
            clock.advance(600)
            if worker.run_once() is None:
                return
    raise AssertionError("jobs never settled")


def test_retry_after_gateway_timeout_charges_once(client, enqueue, make_worker, payments, mailer, clock):
    job = enqueue(kind="charge_invoice", queue="billing", payload=_invoice("inv-1"))
    worker = make_worker()

    first = worker.run_once()
    assert (first.status, first.attempts) == ("queued", 1), "a gateway timeout is transient: retry"
    _run_until_settled(worker, clock)

    body = client.get(f"/jobs/{job['id']}").json()
    assert body["status"] == "succeeded"
    assert len(payments.charges) == 1, f"customer charged {len(payments.charges)} times"
    assert body["result"] == {"charge_id": payments.charges[0].id}
    assert [mail["data"]["charge_id"] for mail in mailer.sent] == [payments.charges[0].id]


def test_retry_after_receipt_failure_charges_once(client, enqueue, make_worker, payments, mailer, clock):
    payments._timed_out.add(("cus-9", 4900))  # the gateway answers normally
    mailer.failures_left = 2
    job = enqueue(kind="charge_invoice", queue="billing", payload=_invoice("inv-2"))

    _run_until_settled(make_worker(), clock)

    body = client.get(f"/jobs/{job['id']}").json()
    assert (body["status"], body["attempts"]) == ("succeeded", 3)
    assert len(payments.charges) == 1, f"customer charged {len(payments.charges)} times"
    assert len(mailer.sent) == 1


def test_different_invoices_are_each_charged_once(client, enqueue, make_worker, payments, clock):
    first = enqueue(kind="charge_invoice", queue="billing", payload=_invoice("inv-3"))
    second = enqueue(kind="charge_invoice", queue="billing", payload=_invoice("inv-4", customer_id="cus-7"))
    third = enqueue(kind="charge_invoice", queue="billing", payload=_invoice("inv-5", customer_id="cus-7"))

    _run_until_settled(make_worker(), clock)

    statuses = [client.get(f"/jobs/{job['id']}").json()["status"] for job in (first, second, third)]
    assert statuses == ["succeeded"] * 3
    assert sorted(c.customer_id for c in payments.charges) == ["cus-7", "cus-7", "cus-9"]
