"""Failed attempts are retried after the backoff of the worker's RetryPolicy: geometric, capped."""

from datetime import timedelta

from conftest import START

from app.models import Job, JobStatus
from app.utils import RetryPolicy

POLICY = RetryPolicy(base_delay=1.0, factor=3.0, max_delay=30.0)


def test_retry_delays_grow_and_stop_at_the_policy_cap(enqueue, make_worker, mailer, clock):
    enqueue(max_attempts=8)
    mailer.failures_left = 100
    worker = make_worker(policy=POLICY)

    delays = []
    for _ in range(7):
        failed = worker.run_once()
        assert failed.status == "queued"
        delays.append((failed.run_at - clock.now()).total_seconds())
        clock.advance(delays[-1])
    assert delays == [1, 3, 9, 27, 30, 30, 30]
    assert worker.run_once().status == "dead"


def test_job_deep_into_its_attempts_is_retried_after_the_cap(session_factory, make_worker, mailer, clock):
    with session_factory() as session:
        job = Job(
            kind="send_email",
            queue="webhooks",
            payload={"to": "hooks@partner.example", "template": "event"},
            status=JobStatus.QUEUED,
            priority=0,
            attempts=998,
            max_attempts=1000,
            run_at=START,
            created_at=START,
            updated_at=START,
        )
        session.add(job)
        session.commit()
    mailer.failures_left = 1

    failed = make_worker(policy=POLICY).run_once()

    assert (failed.id, failed.status, failed.attempts) == (job.id, "queued", 999)
    assert failed.run_at == clock.now() + timedelta(seconds=30)
    assert failed.lease_owner is None
