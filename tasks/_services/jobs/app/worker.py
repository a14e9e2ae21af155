import logging
from collections.abc import Collection
from typing import Any

from sqlalchemy import select, update

from app.clock import Clock
from app.db import SessionFactory
from app.errors import LeaseLostError, PermanentError, UnknownJobKind
from app.handlers import HandlerRegistry, JobContext
from app.models import Job, JobStatus
from app.services import record_outcome, reap_expired_leases
from app.utils import (
    RetryPolicy,
    attempt_id,
    compute_backoff,
    describe_error,
    holds_lease,
    job_idempotency_key,
    lease_expiry,
)

logger = logging.getLogger("jobs.worker")


class Worker:
    """Leases ready jobs one at a time and runs their handlers.

    Several workers (threads or processes, on one or more hosts) may share a database;
    a job is leased by at most one of them at a time.
    """

    def __init__(
        self,
        session_factory: SessionFactory,
        registry: HandlerRegistry,
        *,
        clock: Clock,
        worker_id: str,
        queues: Collection[str] | None = None,
        lease_seconds: float = 30.0,
        policy: RetryPolicy | None = None,
    ) -> None:
        self.session_factory = session_factory
        self.registry = registry
        self.clock = clock
        self.worker_id = worker_id
        self.queues = None if queues is None else sorted(queues)
        self.lease_seconds = lease_seconds
        self.policy = policy or RetryPolicy()

    def run_once(self) -> Job | None:
        """Reap expired leases, then claim and execute one job. Returns it in its final state."""
        self.reap_expired_leases()
        job = self.claim_next()
        if job is None:
            return None
        return self.execute(job)

    def reap_expired_leases(self) -> int:
        with self.session_factory() as session:
            return reap_expired_leases(session, now=self.clock.now(), policy=self.policy)

    def claim_next(self) -> Job | None:
        """Lease the next ready job (highest priority, then earliest run_at, then oldest).

        Returns None only when no job is ready.
        """
        now = self.clock.now()
        with self.session_factory() as session:
            while True:
                candidate = select(Job.id).where(Job.status == JobStatus.QUEUED, Job.run_at <= now)
                if self.queues is not None:
                    candidate = candidate.where(Job.queue.in_(self.queues))
                job_id = session.scalar(
                    candidate.order_by(Job.priority.desc(), Job.run_at, Job.id).limit(1)
                )
                if job_id is None:
                    return None
                claimed = session.execute(
                    update(Job)
                    .where(Job.id == job_id, Job.status == JobStatus.QUEUED)
                    .values(
                        status=JobStatus.RUNNING,
                        attempts=Job.attempts + 1,
                        lease_owner=self.worker_id,
                        lease_expires_at=lease_expiry(now, self.lease_seconds),
                        updated_at=now,
                    )
                    .execution_options(synchronize_session=False)
                )
                if claimed.rowcount == 1:
                    session.commit()
                    return session.get(Job, job_id, populate_existing=True)
                # Another worker leased this job between our SELECT and UPDATE: take the next one.

    def execute(self, job: Job) -> Job:
        """Run the handler for a job this worker has leased and record the outcome."""
        ctx = JobContext(
            job_id=job.id,
            attempt=job.attempts,
            attempt_id=attempt_id(job.id, job.attempts),
            idempotency_key=job_idempotency_key(job.id),
            clock=self.clock,
        )
        try:
            handler = self.registry.get(job.kind)
            result = handler(dict(job.payload), ctx)
        except (PermanentError, UnknownJobKind) as exc:
            logger.warning("%s failed permanently: %s", ctx.attempt_id, describe_error(exc))
            return self._finish(job, "dead", status=JobStatus.DEAD, last_error=describe_error(exc))
        except Exception as exc:
            # Any other handler error is treated as transient; the job is retried or dead-lettered.
            logger.warning("%s failed: %s", ctx.attempt_id, describe_error(exc), exc_info=True)
            return self._fail(job, exc)
        logger.info("%s succeeded", ctx.attempt_id)
        return self._finish(job, "succeeded", status=JobStatus.SUCCEEDED, result=result, last_error=None)

    def _fail(self, job: Job, exc: Exception) -> Job:
        if job.attempts >= job.max_attempts:
            return self._finish(job, "dead", status=JobStatus.DEAD, last_error=describe_error(exc))
        retry_at = self.clock.now() + compute_backoff(job.attempts, self.policy)
        return self._finish(
            job, "retried", status=JobStatus.QUEUED, run_at=retry_at, last_error=describe_error(exc)
        )

    def _finish(self, job: Job, outcome: str, **changes: Any) -> Job:
        now = self.clock.now()
        with self.session_factory() as session:
            current = session.get(Job, job.id)
            if current is None or not holds_lease(current, self.worker_id, now):
                raise LeaseLostError(job.id, self.worker_id)
            for name, value in changes.items():
                setattr(current, name, value)
            if current.status in (JobStatus.SUCCEEDED, JobStatus.DEAD):
                current.finished_at = now
            current.lease_owner = None
            current.lease_expires_at = None
            current.updated_at = now
            record_outcome(session, current.queue, outcome)
            session.commit()
            return current
