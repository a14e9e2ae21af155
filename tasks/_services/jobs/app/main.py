import hmac
from collections.abc import Iterator
from datetime import datetime
from typing import Annotated

from fastapi import Depends, FastAPI, Header, Query, Request, Response, status
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from app import services
from app.clock import Clock
from app.db import SessionFactory
from app.errors import JobsError, NotAdmin
from app.handlers import HandlerRegistry
from app.models import JobStatus
from app.schemas import (
    JobBatchCreate,
    JobCreate,
    JobList,
    JobOut,
    JobPage,
    QueueStatsOut,
    RetryRequest,
)


def create_app(
    *,
    session_factory: SessionFactory,
    registry: HandlerRegistry,
    clock: Clock,
    admin_token: str,
) -> FastAPI:
    """Admin API. Every route requires the shared admin token in the X-Admin-Token header."""
    if not admin_token:
        raise ValueError("admin_token must be a non-empty string")

    def get_session() -> Iterator[Session]:
        with session_factory() as session:
            yield session

    def require_admin(x_admin_token: Annotated[str | None, Header()] = None) -> None:
        if x_admin_token is None or not hmac.compare_digest(x_admin_token, admin_token):
            raise NotAdmin()

    app = FastAPI(title="jobs admin", dependencies=[Depends(require_admin)])
    SessionDep = Annotated[Session, Depends(get_session)]

    @app.exception_handler(JobsError)
    def jobs_error_handler(request: Request, exc: JobsError) -> JSONResponse:
        return JSONResponse(
            status_code=exc.status_code, content={"error": {"code": exc.code, "message": exc.message}}
        )

    @app.post("/jobs", response_model=JobOut, status_code=status.HTTP_201_CREATED)
    def enqueue_job(body: JobCreate, session: SessionDep, response: Response) -> JobOut:
        job, created = services.enqueue(session, body, now=clock.now(), known_kinds=registry.kinds())
        if not created:
            response.status_code = status.HTTP_200_OK
        return JobOut.model_validate(job)

    @app.post("/jobs/batch", response_model=JobList, status_code=status.HTTP_201_CREATED)
    def enqueue_jobs(body: JobBatchCreate, session: SessionDep) -> JobList:
        results = services.enqueue_many(session, body.jobs, now=clock.now(), known_kinds=registry.kinds())
        return JobList(jobs=[JobOut.model_validate(job) for job, _ in results])

    @app.get("/jobs", response_model=JobPage)
    def list_jobs(
        session: SessionDep,
        status_: Annotated[JobStatus | None, Query(alias="status")] = None,
        queue: str | None = None,
        scheduled_before: datetime | None = None,
        after_id: Annotated[int | None, Query(ge=0)] = None,
        limit: Annotated[int, Query(ge=1, le=200)] = 50,
    ) -> JobPage:
        jobs, next_after_id = services.list_jobs(
            session,
            status=status_,
            queue=queue,
            scheduled_before=scheduled_before,
            after_id=after_id,
            limit=limit,
        )
        return JobPage.model_validate({"items": jobs, "next_after_id": next_after_id}, from_attributes=True)

    @app.get("/jobs/{job_id}", response_model=JobOut)
    def get_job(job_id: int, session: SessionDep) -> JobOut:
        return JobOut.model_validate(services.get_job(session, job_id))

    @app.post("/jobs/{job_id}/retry", response_model=JobOut)
    def retry_job(job_id: int, session: SessionDep, body: RetryRequest | None = None) -> JobOut:
        run_at = body.run_at if body is not None else None
        return JobOut.model_validate(services.retry_job(session, job_id, now=clock.now(), run_at=run_at))

    @app.post("/jobs/{job_id}/cancel", response_model=JobOut)
    def cancel_job(job_id: int, session: SessionDep) -> JobOut:
        return JobOut.model_validate(services.cancel_job(session, job_id, now=clock.now()))

    @app.get("/queues/{queue}/stats", response_model=QueueStatsOut)
    def get_queue_stats(queue: str, session: SessionDep) -> QueueStatsOut:
        return QueueStatsOut.model_validate(services.queue_stats(session, queue))

    return app

