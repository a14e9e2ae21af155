"""Two worker processes race for the same ready job(s).

Each process has its own engine. A SQL hook makes both processes wait for each other right
before their first write to `jobs`, so both have looked for a ready job before either claims
one: the interleaving in which a non-atomic claim hands one job to two workers. The wait has a
timeout, so a claim that serialises workers some other way (e.g. BEGIN IMMEDIATE) just runs on.
"""

import multiprocessing
import re
import threading

from conftest import START
from sqlalchemy import event

from app.clock import ManualClock
from app.db import make_engine, make_session_factory
from app.handlers import HandlerRegistry
from app.models import Job, JobStatus
from app.worker import Worker

FORK = multiprocessing.get_context("fork")
WRITE_TO_JOBS = re.compile(r"^\s*UPDATE\s+jobs\b", re.IGNORECASE)


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
        worker = Worker(
            make_session_factory(engine), HandlerRegistry(), clock=ManualClock(START), worker_id=worker_id
        )
        job = worker.claim_next()
        results.put((worker_id, job.id if job is not None else None, None))
    except BaseException as exc:  # report to the parent instead of dying silently
        results.put((worker_id, None, repr(exc)))


def _race(db_url, worker_ids):
    barrier = FORK.Barrier(len(worker_ids))
    results = FORK.Queue()
    processes = [
        FORK.Process(target=_claim_in_child, args=(db_url, worker_id, barrier, results))
        for worker_id in worker_ids
    ]
    for process in processes:
        process.start()
    outcomes = [results.get(timeout=30) for _ in processes]
    for process in processes:
        process.join(timeout=30)
    errors = [error for _, _, error in outcomes if error]
    assert not errors, errors
    return {worker_id: job_id for worker_id, job_id, _ in outcomes}


def _add_jobs(session_factory, count):
    with session_factory() as session:
        jobs = [
            Job(
                kind="send_email",
                queue="default",
                payload={"to": f"user{i}@example.com", "template": "welcome"},
                status=JobStatus.QUEUED,
                priority=0,
                attempts=0,
                max_attempts=5,
                run_at=START,
                created_at=START,
                updated_at=START,
            )
            for i in range(count)
        ]
        session.add_all(jobs)
        session.commit()
        return [job.id for job in jobs]


def test_one_ready_job_is_leased_to_exactly_one_worker(db_url, session_factory):
    [job_id] = _add_jobs(session_factory, 1)

    claims = _race(db_url, ["worker-a", "worker-b"])

    winners = [worker_id for worker_id, claimed in claims.items() if claimed is not None]
    assert len(winners) == 1, f"job {job_id} was leased to {winners}"
    assert claims[winners[0]] == job_id
    with session_factory() as session:
        job = session.get(Job, job_id)
        assert (job.status, job.lease_owner, job.attempts) == ("running", winners[0], 1)


def test_two_ready_jobs_go_to_two_different_workers(db_url, session_factory):
    job_ids = _add_jobs(session_factory, 2)

    claims = _race(db_url, ["worker-a", "worker-b"])

    assert sorted(claimed for claimed in claims.values() if claimed is not None) == job_ids, claims
    with session_factory() as session:
        for worker_id, job_id in claims.items():
            job = session.get(Job, job_id)
            assert (job.status, job.lease_owner, job.attempts) == ("running", worker_id, 1)
