import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    database_url: str = "sqlite:///./accounts.db"
    # OWASP 2023 guidance for PBKDF2-HMAC-SHA256. Tests lower this via config.
    pbkdf2_iterations: int = 600_000
    session_ttl_seconds: int = 8 * 3600
    min_password_length: int = 10

    @classmethod
    def from_env(cls) -> "Settings":
        defaults = cls()
        return cls(
            database_url=os.environ.get("ACCOUNTS_DATABASE_URL", defaults.database_url),
            pbkdf2_iterations=int(
                os.environ.get("ACCOUNTS_PBKDF2_ITERATIONS", defaults.pbkdf2_iterations)
            ),
            session_ttl_seconds=int(
                os.environ.get("ACCOUNTS_SESSION_TTL_SECONDS", defaults.session_ttl_seconds)
            ),
            min_password_length=int(
                os.environ.get("ACCOUNTS_MIN_PASSWORD_LENGTH", defaults.min_password_length)
            ),
        )
