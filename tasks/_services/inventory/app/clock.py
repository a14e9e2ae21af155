"""Injectable clocks. Every timestamp the service stores is a naive UTC datetime."""

from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC).replace(tzinfo=None)


class ManualClock:
    """A clock that only moves when told to (tests, replaying a day of messages)."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is not None:
            raise ValueError("ManualClock expects a naive UTC datetime")
        self._now = start

    def now(self) -> datetime:
        return self._now

    def advance(self, seconds: float) -> datetime:
        self._now += timedelta(seconds=seconds)
        return self._now
