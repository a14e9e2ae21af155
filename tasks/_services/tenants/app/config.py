import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    database_url: str = "sqlite:///./tenants.db"
    # Read-through cache for dashboards and project summaries; writes clear a tenant's entries.
    cache_ttl_seconds: float = 60.0
    # A report job that raises is retried until it has been attempted this many times.
    report_max_attempts: int = 3
    # Seconds between polls of the jobs table when `python -m app.worker` finds nothing to do.
    worker_poll_seconds: float = 2.0

    @classmethod
    def from_env(cls) -> "Settings":
        defaults = cls()
        return cls(
            database_url=os.environ.get("TENANTS_DATABASE_URL", defaults.database_url),
            cache_ttl_seconds=float(
                os.environ.get("TENANTS_CACHE_TTL_SECONDS", defaults.cache_ttl_seconds)
            ),
            report_max_attempts=int(
                os.environ.get("TENANTS_REPORT_MAX_ATTEMPTS", defaults.report_max_attempts)
            ),
            worker_poll_seconds=float(
                os.environ.get("TENANTS_WORKER_POLL_SECONDS", defaults.worker_poll_seconds)
            ),
        )
