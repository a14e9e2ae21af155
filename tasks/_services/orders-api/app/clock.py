from datetime import UTC, datetime
from typing import Protocol

from fastapi import Request


class Clock(Protocol):
    def now(self) -> datetime:
        """Current time as a naive UTC datetime (what SQLite stores)."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC).replace(tzinfo=None)


def get_clock(request: Request) -> Clock:
    return request.app.state.clock
