from collections.abc import Collection, Sequence
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from app.errors import IdempotencyConflict, InvalidTransition, JobNotFound, UnknownJobKind
from app.models import OUTCOMES, Job, JobStatus, QueueStats
from app.schemas import JobCreate
from app.utils import RetryPolicy, compute_backoff, to_utc_naive

RETRYABLE_STATUSES = (JobStatus.DEAD, JobStatus.CANCELLED)


def enqueue(
    session: Session, request: JobCreate, *, now: datetime, known_kinds: Collection[str]
) -> tuple[Job, bool]:
    """Create a job, or return the existing one for a repeated idempotency key.

    Returns (job, created).
    """
    [(job, created)] = enqueue_many(session, [request], now=now, known_kinds=known_kinds)
    return job, created


def enqueue_many(
    session: Session,
    requests: Sequence[JobCreate],
    *,
    now: datetime,
    known_kinds: Collection[str],
) -> list[tuple[Job, bool]]:
    """Enqueue several jobs in one transaction: all of them are stored, or none.

    Returns one (job, created) pair per request, in request order. A request whose
    idempotency key is already taken, in the database or earlier in the same batch,
    resolves to that job; if it describes a different job, IdempotencyConflict is raised.
    """
    for request in requests:
        if request.kind not in known_kinds:
            raise UnknownJobKind(request.kind)

    keys = {r.idempotency_key for r in requests if r.idempotency_key is not None}
    jobs_by_key: dict[str, Job] = {}
    if keys:
        stored = session.scalars(select(Job).where(Job.idempotency_key.in_(keys)))
        jobs_by_key = {job.idempotency_key: job for job in stored if job.idempotency_key}

    results: list[tuple[Job, bool]] = []
    for request in requests:
        key = request.idempotency_key
        existing = jobs_by_key.get(key) if key is not None else None
        if existing is not None:
            if not _describes_job(request, existing):
                raise IdempotencyConflict(key)
            results.append((existing, False))
            continue
        job = Job(
            kind=request.kind,
            queue=request.queue,
            payload=request.payload,
            status=JobStatus.QUEUED,
            priority=request.priority,
            attempts=0,
            max_attempts=request.max_attempts,
            run_at=to_utc_naive(request.run_at) if request.run_at is not None else now,
            idempotency_key=key,
            created_at=now,
            updated_at=now,
        )
        session.add(job)
        if key is not None:
            jobs_by_key[key] = job
        results.append((job, True))

    for queue in sorted({job.queue for job, created in results if created}):
        session.execute(
            sqlite_insert(QueueStats).values(queue=queue).on_conflict_do_nothing(index_elements=["queue"])
        )
    session.commit()
    return results


def _describes_job(request: JobCreate, job: Job) -> bool:
    return (request.kind, request.queue, request.payload) == (job.kind, job.queue, job.payload)


def get_job(session: Session, job_id: int) -> Job:
    job = session.get(Job, job_id)
    if job is None:
        raise JobNotFound(job_id)
    return job


def list_jobs(
    session: Session,
    *,
    status: JobStatus | None = None,
    queue: str | None = None,
    scheduled_before: datetime | None = None,
    after_id: int | None = None,
    limit: int = 50,
) -> tuple[list[Job], int | None]:
    """Keyset-paginated listing ordered by id. Returns (jobs, next_after_id)."""
    stmt = select(Job).order_by(Job.id).limit(limit + 1)
    if status is not None:
        stmt = stmt.where(Job.status == status)
    if queue is not None:
        stmt = stmt.where(Job.queue == queue)
    if scheduled_before is not None:
        stmt = stmt.where(Job.run_at <= to_utc_naive(scheduled_before))
    if after_id is not None:
        stmt = stmt.where(Job.id > after_id)
    jobs = list(session.scalars(stmt))
    if len(jobs) > limit:
        jobs = jobs[:limit]
        return jobs, jobs[-1].id
    return jobs, None


def retry_job(session: Session, job_id: int, *, now: datetime, run_at: datetime | None = None) -> Job:
    """Give a dead or cancelled job a fresh set of attempts."""
    job = get_job(session, job_id)
    if job.status not in RETRYABLE_STATUSES:
        raise InvalidTransition(job.id, job.status, "retry")
    job.status = JobStatus.QUEUED
    job.attempts = 0
    job.run_at = to_utc_naive(run_at) if run_at is not None else now
    job.finished_at = None
    job.updated_at = now
    session.commit()
    return job


def cancel_job(session: Session, job_id: int, *, now: datetime) -> Job:
    """Cancel a job that has not started. Running jobs cannot be cancelled."""
    result = session.execute(
        update(Job)
        .where(Job.id == job_id, Job.status == JobStatus.QUEUED)
        .values(status=JobStatus.CANCELLED, finished_at=now, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        job = get_job(session, job_id)
        raise InvalidTransition(job.id, job.status, "cancel")
    session.commit()
    return session.get(Job, job_id, populate_existing=True)


def record_outcome(session: Session, queue: str, outcome: str) -> None:
    """Bump a lifetime counter of `queue` inside the caller's transaction."""
    if outcome not in OUTCOMES:
        raise ValueError(f"unknown outcome {outcome!r}")
    counter = getattr(QueueStats, outcome)
    session.execute(
        update(QueueStats)
        .where(QueueStats.queue == queue)
        .values({counter: counter + 1})
        .execution_options(synchronize_session=False)
    )


def queue_stats(session: Session, queue: str) -> dict[str, int | str]:
    counts = dict(
        session.execute(
            select(Job.status, func.count())
            .where(Job.queue == queue, Job.status.in_([JobStatus.QUEUED, JobStatus.RUNNING]))
            .group_by(Job.status)
        ).all()
    )
    stats = session.get(QueueStats, queue)
    return {
        "queue": queue,
        "queued": counts.get(JobStatus.QUEUED, 0),
        "running": counts.get(JobStatus.RUNNING, 0),
        "succeeded": stats.succeeded if stats else 0,
        "retried": stats.retried if stats else 0,
        "dead": stats.dead if stats else 0,
    }


def reap_expired_leases(session: Session, *, now: datetime, policy: RetryPolicy) -> int:
    """Take back running jobs whose worker let the lease run out (crashed or hung).

    The lost attempt counts as a failure: the job is retried with backoff, or dead-lettered
    when it has no attempts left. Returns the number of jobs reaped.
    """
    expired = session.scalars(
        select(Job).where(Job.status == JobStatus.RUNNING, Job.lease_expires_at <= now).order_by(Job.id)
    ).all()
    reaped = 0
    for job in expired:
        if job.attempts >= job.max_attempts:
            outcome, changes = "dead", {"status": JobStatus.DEAD, "finished_at": now}
        else:
            retry_at = now + compute_backoff(job.attempts, policy)
            outcome, changes = "retried", {"status": JobStatus.QUEUED, "run_at": retry_at}
        result = session.execute(
            update(Job)
            .where(
                Job.id == job.id,
                Job.status == JobStatus.RUNNING,
                Job.lease_expires_at == job.lease_expires_at,
            )
            .values(
                **changes,
                lease_owner=None,
                lease_expires_at=None,
                last_error=f"lease of worker {job.lease_owner} expired at {job.lease_expires_at}",
                updated_at=now,
            )
            .execution_options(synchronize_session=False)
        )
        if result.rowcount == 1:
            record_outcome(session, job.queue, outcome)
            reaped += 1
    session.commit()
    return reaped
