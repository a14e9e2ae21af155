from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

MAX_BATCH_SIZE = 500


class JobCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: str = Field(min_length=1, max_length=100)
    queue: str = Field(default="default", pattern=r"^[a-z0-9][a-z0-9_.-]{0,99}$")
    payload: dict[str, Any] = Field(default_factory=dict)
    priority: int = Field(default=0, ge=-100, le=100)
    max_attempts: int = Field(default=5, ge=1, le=1000)
    run_at: datetime | None = None
    idempotency_key: str | None = Field(default=None, min_length=1, max_length=200)


class JobBatchCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    jobs: list[JobCreate] = Field(max_length=MAX_BATCH_SIZE)


class JobSummary(BaseModel):
    """What listings show. Deliberately without payload/result: see README, "Payload privacy"."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    kind: str
    queue: str
    status: str
    priority: int
    attempts: int
    max_attempts: int
    run_at: datetime
    last_error: str | None
    created_at: datetime
    updated_at: datetime
    finished_at: datetime | None


class JobOut(JobSummary):
    payload: dict[str, Any]
    result: dict[str, Any] | None
    idempotency_key: str | None
    lease_owner: str | None
    lease_expires_at: datetime | None


class JobPage(BaseModel):
    items: list[JobSummary]
    next_after_id: int | None


class JobList(BaseModel):
    jobs: list[JobOut]


class RetryRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    run_at: datetime | None = None


class QueueStatsOut(BaseModel):
    queue: str
    queued: int
    running: int
    succeeded: int
    retried: int
    dead: int
