"""Small, dependency-free helpers shared by the API, the services and the worker."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from app.models import Job, JobStatus

ERROR_TEXT_LIMIT = 2000


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff: base_delay * factor ** (attempt - 1) seconds, never more than max_delay."""

    base_delay: float = 2.0
    factor: float = 2.0
    max_delay: float = 600.0

    def __post_init__(self) -> None:
        if self.base_delay <= 0 or self.factor < 1 or self.max_delay < self.base_delay:
            raise ValueError(f"invalid retry policy: {self}")


def compute_backoff(attempt: int, policy: RetryPolicy) -> timedelta:
    """Delay before the retry that follows failed attempt number `attempt` (1-based).

    Grows geometrically and is capped at policy.max_delay. The cap is applied while growing,
    so a job on its thousandth attempt gets max_delay instead of an overflowing float.
    """
    if attempt < 1:
        raise ValueError(f"attempt must be >= 1, got {attempt}")
    delay = policy.base_delay
    for _ in range(attempt - 1):
        delay *= policy.factor
        if delay >= policy.max_delay:
            return timedelta(seconds=policy.max_delay)
    return timedelta(seconds=delay)


def to_utc_naive(value: datetime) -> datetime:
    """Normalise a datetime to the naive-UTC form stored in the database.

    Naive input is taken to be UTC already; aware input is converted to UTC first.
    """
    if value.tzinfo is None:
        return value
    return value.astimezone(UTC).replace(tzinfo=None)


def lease_expiry(now: datetime, lease_seconds: float) -> datetime:
    if lease_seconds <= 0:
        raise ValueError(f"lease_seconds must be positive, got {lease_seconds}")
    return now + timedelta(seconds=lease_seconds)


def lease_expired(job: Job, now: datetime) -> bool:
    return job.lease_expires_at is not None and job.lease_expires_at <= now


def holds_lease(job: Job, worker_id: str, now: datetime) -> bool:
    """True while `worker_id` owns the running job and its lease has not run out."""
    return (
        job.status == JobStatus.RUNNING
        and job.lease_owner == worker_id
        and not lease_expired(job, now)
    )


def job_idempotency_key(job_id: int) -> str:
    """Key for side effects of a job: the same on every attempt, so retries can be deduplicated."""
    return f"job-{job_id}"


def attempt_id(job_id: int, attempt: int) -> str:
    """Identifies one execution attempt (log correlation); differs on every retry."""
    return f"job-{job_id}/attempt-{attempt}"


def describe_error(exc: BaseException) -> str:
    text = f"{type(exc).__name__}: {exc}"
    if len(text) > ERROR_TEXT_LIMIT:
        text = text[: ERROR_TEXT_LIMIT - 3] + "..."
    return text
