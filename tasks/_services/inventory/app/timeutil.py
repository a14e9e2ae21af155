"""Time helpers shared by the API, the consumer and the domain."""

from datetime import UTC, datetime


def to_utc_naive(value: datetime) -> datetime:
    """The stored representation of a timestamp: naive UTC.

    Aware values are converted to UTC; naive values are taken to be UTC already (that is what
    every producer on the bus sends, and what the API documents).
    """
    if value.tzinfo is None:
        return value
    return value.astimezone(UTC).replace(tzinfo=None)


def parse_timestamp(raw: str) -> datetime:
    """Parse an ISO 8601 timestamp from a message payload (a trailing Z means UTC)."""
    return to_utc_naive(datetime.fromisoformat(raw.replace("Z", "+00:00")))
