from datetime import timedelta

import pytest
from conftest import START

from app.errors import LeaseLostError
from app.handlers import HandlerRegistry
from app.models import Job
from app.worker import Worker


def test_worker_runs_ready_job(enqueue, make_worker, mailer):
    job = enqueue()
    done = make_worker().run_once()
    assert (done.id, done.status, done.attempts) == (job["id"], "succeeded", 1)
    assert done.lease_owner is None
    assert done.finished_at == START
    assert mailer.sent == [{"to": "ana@example.com", "template": "welcome", "data": {}}]
    assert make_worker().run_once() is None


def test_claim_skips_future_jobs_and_honours_priority(enqueue, make_worker, clock):
    later = enqueue(run_at="2030-01-01T12:10:00Z")
    low = enqueue(priority=0)
    high = enqueue(priority=10)
    worker = make_worker()
    assert worker.claim_next().id == high["id"]
    assert worker.claim_next().id == low["id"]
    assert worker.claim_next() is None
    clock.advance(600)
    assert worker.claim_next().id == later["id"]


def test_worker_only_claims_from_its_queues(enqueue, make_worker):
    enqueue(queue="reports")
    emails = enqueue(queue="emails")
    assert make_worker(queues=["emails"]).claim_next().id == emails["id"]
    assert make_worker(queues=["emails"]).claim_next() is None


def test_two_workers_lease_different_jobs(enqueue, make_worker):
    enqueue()
    enqueue()
    first = make_worker("worker-a").claim_next()
    second = make_worker("worker-b").claim_next()
    assert first.id != second.id
    assert (first.lease_owner, second.lease_owner) == ("worker-a", "worker-b")
    assert first.lease_expires_at == START + timedelta(seconds=30)


def test_failed_job_is_retried_with_backoff(enqueue, make_worker, mailer, clock):
    enqueue()
    mailer.failures_left = 2
    worker = make_worker()

    failed = worker.run_once()
    assert (failed.status, failed.attempts) == ("queued", 1)
    assert failed.run_at == START + timedelta(seconds=2)
    assert failed.last_error.startswith("MailerUnavailable: 421")

    assert worker.run_once() is None  # not due yet
    clock.advance(2)
    failed = worker.run_once()
    assert failed.run_at == clock.now() + timedelta(seconds=4)

    clock.advance(4)
    done = worker.run_once()
    assert (done.status, done.attempts) == ("succeeded", 3)
    assert len(mailer.sent) == 1


def test_job_is_dead_lettered_after_max_attempts(enqueue, make_worker, mailer, clock):
    enqueue(max_attempts=2)
    mailer.failures_left = 5
    worker = make_worker()
    assert worker.run_once().status == "queued"
    clock.advance(60)
    dead = worker.run_once()
    assert (dead.status, dead.attempts, dead.finished_at) == ("dead", 2, clock.now())
    clock.advance(3600)
    assert worker.run_once() is None


def test_permanent_error_dead_letters_without_retrying(enqueue, make_worker):
    enqueue(payload={"template": "welcome"})
    dead = make_worker().run_once()
    assert (dead.status, dead.attempts) == ("dead", 1)
    assert dead.last_error == "PermanentError: payload is missing required field(s): to"


def test_expired_lease_is_reaped_and_job_retried(enqueue, make_worker, clock, session_factory):
    job = enqueue()
    hung = make_worker("worker-hung")
    stale = hung.claim_next()

    clock.advance(29)
    assert make_worker("worker-b").run_once() is None  # lease still valid

    clock.advance(1)
    assert make_worker("worker-b").reap_expired_leases() == 1
    with session_factory() as session:
        reaped = session.get(Job, job["id"])
        assert (reaped.status, reaped.lease_owner) == ("queued", None)
        assert reaped.run_at == clock.now() + timedelta(seconds=2)
        assert "worker-hung" in reaped.last_error

    clock.advance(2)
    assert make_worker("worker-b").claim_next().id == job["id"]
    with pytest.raises(LeaseLostError):
        hung.execute(stale)  # finishing late must not clobber worker-b's lease
    with session_factory() as session:
        current = session.get(Job, job["id"])
        assert (current.status, current.lease_owner, current.attempts) == ("running", "worker-b", 2)


def test_handler_context_ids(session_factory, clock, enqueue):
    seen = []

    def flaky(payload, ctx):
        seen.append((ctx.attempt, ctx.attempt_id, ctx.idempotency_key))
        if ctx.attempt == 1:
            raise RuntimeError("boom")

    registry = HandlerRegistry()
    registry.register("send_email", flaky)
    worker = Worker(session_factory, registry, clock=clock, worker_id="w")
    job = enqueue()
    worker.run_once()
    clock.advance(60)
    worker.run_once()
    assert [attempt for attempt, _, _ in seen] == [1, 2]
    assert seen[0][1] != seen[1][1], "attempt ids identify one execution attempt each"
    assert seen[0][2] == seen[1][2] == f"job-{job['id']}"


def test_charge_invoice_charges_and_sends_receipt(enqueue, make_worker, payments, mailer):
    payload = {"invoice_id": "inv-1", "customer_id": "cus-9", "amount_cents": 1999, "email": "ana@example.com"}
    enqueue(kind="charge_invoice", queue="billing", payload=payload)
    done = make_worker().run_once()
    assert done.status == "succeeded"
    assert [(c.customer_id, c.amount_cents, c.currency) for c in payments.charges] == [("cus-9", 1999, "EUR")]
    assert done.result == {"charge_id": payments.charges[0].id}
    assert mailer.sent == [
        {"to": "ana@example.com", "template": "receipt", "data": {"invoice_id": "inv-1", "charge_id": "ch_1"}}
    ]
