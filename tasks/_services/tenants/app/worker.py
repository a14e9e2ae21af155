"""The report worker: leases queued report jobs and builds them.

Run it beside the API with `python -m app.worker` (as many processes as you like; they share the
database and each job is leased to exactly one of them). A job whose build raises goes back to
the queue until it has been attempted `max_attempts` times, then stays `failed`.
"""

import logging
import os
import socket
import threading

from app import repository
from app.clock import Clock, SystemClock
from app.db import SessionFactory
from app.models import JobStatus, ReportJob
from app.services import reports

log = logging.getLogger("tenants.worker")


class JobRunner:
    def __init__(
        self,
        session_factory: SessionFactory,
        clock: Clock | None = None,
        worker_id: str | None = None,
        max_attempts: int = 3,
    ):
        self.session_factory = session_factory
        self.clock = clock or SystemClock()
        self.worker_id = worker_id or f"{socket.gethostname()}-{os.getpid()}"
        self.max_attempts = max_attempts

    def claim_next(self) -> ReportJob | None:
        with self.session_factory() as db:
            return repository.claim_next_job(db, self.worker_id, self.clock.now())

    def run_once(self) -> ReportJob | None:
        """Lease and build one job; returns it in its final state, or None when none is queued."""
        job = self.claim_next()
        if job is None:
            return None
        with self.session_factory() as db:
            job = db.get(ReportJob, job.id)
            try:
                job.result = reports.build(db, job)
            except Exception as exc:  # a failed build is recorded on the job, never lost
                log.exception("report %s attempt %s failed", job.id, job.attempts)
                db.rollback()
                job = db.get(ReportJob, job.id)
                job.error = f"{type(exc).__name__}: {exc}"
                job.status = JobStatus.FAILED if job.attempts >= self.max_attempts else JobStatus.QUEUED
            else:
                job.status = JobStatus.SUCCEEDED
                job.error = None
            job.lease_owner = None
            job.finished_at = self.clock.now()
            db.commit()
            return job

    def run_pending(self) -> list[ReportJob]:
        """Run jobs until the queue is empty (retries included); returns them in the order run."""
        done = []
        while (job := self.run_once()) is not None:
            done.append(job)
        return done

    def run_forever(self, stop: threading.Event, poll_seconds: float) -> None:
        while not stop.is_set():
            if self.run_once() is None:
                stop.wait(poll_seconds)


def main() -> None:
    from app.config import Settings
    from app.db import make_engine, make_session_factory

    logging.basicConfig(level=logging.INFO)
    settings = Settings.from_env()
    runner = JobRunner(
        make_session_factory(make_engine(settings.database_url)),
        max_attempts=settings.report_max_attempts,
    )
    log.info("worker %s started", runner.worker_id)
    runner.run_forever(threading.Event(), settings.worker_poll_seconds)


if __name__ == "__main__":
    main()
