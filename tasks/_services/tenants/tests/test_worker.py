from sqlalchemy import select

from app.models import JobStatus, ReportJob
from app.services import reports
from app.worker import JobRunner


def _queue(client, account, count=1):
    ids = []
    for _ in range(count):
        response = client.post(
            "/reports",
            json={"kind": "hours_by_project", "since": "2030-01-01", "until": "2030-01-31"},
            headers=account.headers,
        )
        ids.append(response.json()["id"])
    return ids


def test_claim_leases_oldest_queued_job(client, sign_up, session_factory, clock):
    acme = sign_up("acme")
    first, second = _queue(client, acme, 2)
    runner = JobRunner(session_factory, clock=clock, worker_id="w1")

    job = runner.claim_next()

    assert (job.id, job.status, job.lease_owner, job.attempts) == (first, "running", "w1", 1)
    assert runner.claim_next().id == second
    assert runner.claim_next() is None


def test_two_runners_lease_different_jobs(client, sign_up, session_factory, clock):
    acme = sign_up("acme")
    ids = _queue(client, acme, 2)
    one = JobRunner(session_factory, clock=clock, worker_id="w1")
    two = JobRunner(session_factory, clock=clock, worker_id="w2")

    claimed = [one.claim_next(), two.claim_next()]

    assert [job.id for job in claimed] == ids
    assert [job.lease_owner for job in claimed] == ["w1", "w2"]


def test_failed_build_is_retried_then_marked_failed(
    client, sign_up, session_factory, clock, monkeypatch
):
    acme = sign_up("acme")
    [job_id] = _queue(client, acme)

    def broken(db, job):
        raise RuntimeError("disk full")

    monkeypatch.setattr(reports, "build", broken)
    runner = JobRunner(session_factory, clock=clock, worker_id="w1", max_attempts=2)

    assert [job.status for job in runner.run_pending()] == [JobStatus.QUEUED, JobStatus.FAILED]
    with session_factory() as db:
        job = db.scalar(select(ReportJob).where(ReportJob.id == job_id))
        assert (job.status, job.attempts, job.error) == ("failed", 2, "RuntimeError: disk full")


def test_run_once_with_empty_queue(session_factory, clock):
    assert JobRunner(session_factory, clock=clock).run_once() is None
