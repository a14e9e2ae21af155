"""Worker processes finish different jobs of one queue at the same moment.

Each process has its own engine. A SQL hook makes every process wait for the others right after
it first reads the queue's stats row, so all of them have read the counters before any of them
writes: the interleaving in which a read-modify-write increment loses updates. The wait has a
timeout, so code that never reads the row, or serialises workers some other way, just runs on.
"""

import multiprocessing
import re
import threading

from conftest import START
from sqlalchemy import event
from sqlalchemy.dialects.sqlite import insert

from app.clock import ManualClock
from app.db import make_engine, make_session_factory
from app.errors import PermanentError
from app.handlers import HandlerRegistry
from app.models import Job, JobStatus, QueueStats
from app.services import queue_stats
from app.worker import Worker

FORK = multiprocessing.get_context("fork")
READ_STATS = re.compile(r"\bFROM\s+queue_stats\b", re.IGNORECASE)


def _registry():
    def deliver(payload, ctx):
        return {"delivered": payload["n"]}

    def reject(payload, ctx):
        raise PermanentError(f"row {payload['n']} is malformed")

    registry = HandlerRegistry()
    registry.register("deliver", deliver)
    registry.register("reject", reject)
    return registry


def _finish_in_child(db_url, worker_id, job_id, barrier, results):
    try:
        engine = make_engine(db_url)

        waited = False

        def rendezvous(conn, cursor, statement, parameters, context, executemany):
            nonlocal waited
            if not waited and READ_STATS.search(statement):
                waited = True
                try:
                    barrier.wait(10.0)
                except threading.BrokenBarrierError:
                    pass

        event.listen(engine, "after_cursor_execute", rendezvous)
        session_factory = make_session_factory(engine)
        with session_factory() as session:
            job = session.get(Job, job_id)
        worker = Worker(session_factory, _registry(), clock=ManualClock(START), worker_id=worker_id)
        results.put((worker_id, worker.execute(job).status, None))
    except BaseException as exc:  # report to the parent instead of dying silently
        results.put((worker_id, None, repr(exc)))


def _claimed_jobs(session_factory, kinds):
    """Enqueue one job per kind on queue 'imports' and lease each to its own worker."""
    with session_factory() as session:
        session.execute(insert(QueueStats).values(queue="imports").on_conflict_do_nothing())
        for n, kind in enumerate(kinds):
            session.add(
                Job(
                    kind=kind,
                    queue="imports",
                    payload={"n": n},
                    status=JobStatus.QUEUED,
                    priority=0,
                    attempts=0,
                    max_attempts=3,
                    run_at=START,
                    created_at=START,
                    updated_at=START,
                )
            )
        session.commit()
    claims = []
    for n in range(len(kinds)):
        worker_id = f"worker-{n}"
        job = Worker(session_factory, _registry(), clock=ManualClock(START), worker_id=worker_id).claim_next()
        claims.append((worker_id, job.id))
    return claims


def _finish_concurrently(db_url, claims):
    barrier = FORK.Barrier(len(claims))
    results = FORK.Queue()
    processes = [
        FORK.Process(target=_finish_in_child, args=(db_url, worker_id, job_id, barrier, results))
        for worker_id, job_id in claims
    ]
    for process in processes:
        process.start()
    outcomes = [results.get(timeout=30) for _ in processes]
    for process in processes:
        process.join(timeout=30)
    errors = [error for _, _, error in outcomes if error]
    assert not errors, errors
    return sorted(status for _, status, _ in outcomes)


def test_concurrent_successes_are_all_counted(db_url, session_factory):
    claims = _claimed_jobs(session_factory, ["deliver"] * 3)

    assert _finish_concurrently(db_url, claims) == ["succeeded"] * 3

    with session_factory() as session:
        stats = queue_stats(session, "imports")
    assert (stats["succeeded"], stats["retried"], stats["dead"]) == (3, 0, 0)


def test_concurrent_mixed_outcomes_are_all_counted(db_url, session_factory):
    claims = _claimed_jobs(session_factory, ["deliver", "reject", "deliver", "reject"])

    assert _finish_concurrently(db_url, claims) == ["dead", "dead", "succeeded", "succeeded"]

    with session_factory() as session:
        stats = queue_stats(session, "imports")
    assert (stats["succeeded"], stats["retried"], stats["dead"]) == (2, 0, 2)
