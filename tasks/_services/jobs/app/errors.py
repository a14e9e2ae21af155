class JobsError(Exception):
    """Base class for expected, client-facing failures. Mapped to JSON responses in main.py."""

    status_code = 400
    code = "jobs_error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotAdmin(JobsError):
    status_code = 401
    code = "not_admin"

    def __init__(self) -> None:
        super().__init__("missing or wrong X-Admin-Token header")


class JobNotFound(JobsError):
    status_code = 404
    code = "job_not_found"

    def __init__(self, job_id: int) -> None:
        super().__init__(f"job {job_id} does not exist")
        self.job_id = job_id


class InvalidTransition(JobsError):
    status_code = 409
    code = "invalid_transition"

    def __init__(self, job_id: int, status: str, action: str) -> None:
        super().__init__(f"cannot {action} job {job_id} while it is {status}")
        self.job_id = job_id
        self.status = status
        self.action = action


class IdempotencyConflict(JobsError):
    status_code = 409
    code = "idempotency_conflict"

    def __init__(self, key: str) -> None:
        super().__init__(
            f"idempotency key {key!r} was already used for a different job; use a new key"
        )
        self.key = key


class UnknownJobKind(JobsError):
    status_code = 422
    code = "unknown_job_kind"

    def __init__(self, kind: str) -> None:
        super().__init__(f"no handler is registered for job kind {kind!r}")
        self.kind = kind


class LeaseLostError(Exception):
    """The worker no longer holds the lease on a job it was executing (it expired and was reaped)."""

    def __init__(self, job_id: int, worker_id: str) -> None:
        super().__init__(f"worker {worker_id} no longer holds the lease on job {job_id}")
        self.job_id = job_id
        self.worker_id = worker_id


class RetryableError(Exception):
    """Raised by handlers for transient failures: the job is retried with backoff."""


class PermanentError(Exception):
    """Raised by handlers when retrying cannot help: the job goes straight to the dead-letter state."""
