"""Worker processes race for the same queued report job(s).

Each process has its own engine. A SQL hook makes the processes wait for each other right before
their first write to `report_jobs`, so all of them have looked for a queued job before any claims
one: the interleaving in which a non-atomic claim hands one job to several workers. The wait has a
timeout, so a claim that serialises workers some other way (e.g. BEGIN IMMEDIATE) just runs on.
"""

import multiprocessing
import re
import threading
from datetime import datetime

from sqlalchemy import event, select

from app.clock import ManualClock
from app.db import make_engine, make_session_factory
from app.models import JobStatus, ReportJob, Tenant, User
from app.worker import JobRunner

FORK = multiprocessing.get_context("fork")
WRITE_TO_JOBS = re.compile(r"^\s*UPDATE\s+report_jobs\b", re.IGNORECASE)
NOW = datetime(2030, 1, 1, 9, 0, 0)


def _claim_in_child(db_url, worker_id, barrier, results):
    try:
        engine = make_engine(db_url)
        waited = False

        def rendezvous(conn, cursor, statement, parameters, context, executemany):
            nonlocal waited
            if not waited and WRITE_TO_JOBS.search(statement):
                waited = True
                try:
                    barrier.wait(10.0)
                except threading.BrokenBarrierError:
                    pass

        event.listen(engine, "before_cursor_execute", rendezvous)
        runner = JobRunner(make_session_factory(engine), clock=ManualClock(NOW), worker_id=worker_id)
        job = runner.claim_next()
        results.put((worker_id, job.id if job is not None else None, None))
    except BaseException as exc:  # report to the parent instead of dying silently
        results.put((worker_id, None, repr(exc)))


def _race(db_url, worker_ids):
    barrier = FORK.Barrier(len(worker_ids))
    results = FORK.Queue()
    processes = [
        FORK.Process(target=_claim_in_child, args=(db_url, worker_id, barrier, results)) for worker_id in worker_ids
    ]
    for process in processes:
        process.start()
    outcomes = [results.get(timeout=40) for _ in processes]
    for process in processes:
        process.join(timeout=30)
    errors = [error for _, _, error in outcomes if error]
    assert not errors, errors
    return {worker_id: job_id for worker_id, job_id, _ in outcomes}


def _queue_jobs(session_factory, count):
    with session_factory() as db:
        tenant = Tenant(slug="acme", name="Acme", created_at=NOW)
        db.add(tenant)
        db.flush()
        user = User(tenant_id=tenant.id, email="a@acme.example", role="admin", token_hash="x", created_at=NOW)
        db.add(user)
        db.flush()
        jobs = [
            ReportJob(
                tenant_id=tenant.id,
                requested_by=user.id,
                kind="hours_by_project",
                params={"since": "2030-01-01", "until": "2030-01-31"},
                status=JobStatus.QUEUED,
                attempts=0,
                created_at=NOW,
            )
            for _ in range(count)
        ]
        db.add_all(jobs)
        db.commit()
        return [job.id for job in jobs]


def _jobs(session_factory):
    with session_factory() as db:
        return {job.id: job for job in db.scalars(select(ReportJob))}


def test_one_queued_job_is_leased_to_exactly_one_worker(db_url, session_factory):
    [job_id] = _queue_jobs(session_factory, 1)

    claims = _race(db_url, ["worker-a", "worker-b", "worker-c"])

    winners = sorted(worker_id for worker_id, claimed in claims.items() if claimed is not None)
    assert len(winners) == 1, f"job {job_id} was leased to {winners}"
    job = _jobs(session_factory)[job_id]
    assert (job.status, job.lease_owner, job.attempts) == ("running", winners[0], 1)


def test_two_queued_jobs_go_to_two_different_workers(db_url, session_factory):
    job_ids = _queue_jobs(session_factory, 2)

    claims = _race(db_url, ["worker-a", "worker-b"])

    assert sorted(claimed for claimed in claims.values() if claimed is not None) == job_ids, claims
    jobs = _jobs(session_factory)
    for worker_id, job_id in claims.items():
        assert (jobs[job_id].status, jobs[job_id].lease_owner, jobs[job_id].attempts) == ("running", worker_id, 1)
