"""Time helpers. Everything inside the app is UTC; the database stores naive UTC datetimes."""

from __future__ import annotations

import re
from datetime import datetime, timezone

_UNIX_SECONDS = re.compile(r"^\d{1,12}(\.\d+)?$")


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def from_unix(seconds: int | float) -> datetime:
    return datetime.fromtimestamp(seconds, tz=timezone.utc)


def to_unix(moment: datetime) -> int:
    return int(ensure_utc(moment).timestamp())


def ensure_utc(moment: datetime) -> datetime:
    """Aware UTC datetime; a naive value is taken to already be UTC (that is how we store them)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def as_utc_naive(moment: datetime) -> datetime:
    """The form the database stores: naive, in UTC."""
    return ensure_utc(moment).replace(tzinfo=None)


def within_tolerance(moment: datetime, now: datetime, tolerance_seconds: int) -> bool:
    """True when `moment` is no more than `tolerance_seconds` away from `now`, in either direction."""
    return abs((ensure_utc(now) - ensure_utc(moment)).total_seconds()) <= tolerance_seconds


def parse_instant(value: str) -> datetime:
    """Parse a user-supplied instant into an aware UTC datetime.

    Accepts unix seconds ("1714557600", "1714557600.5") and ISO-8601 with or without an offset
    ("2024-05-01T10:00:00Z", "2024-05-01T12:00:00+02:00", "2024-05-01 10:00"). Values without an
    offset are taken as UTC. Raises ValueError for anything else.
    """
    text = value.strip()
    if _UNIX_SECONDS.match(text):
        return from_unix(float(text))
    if text[-1:] in ("Z", "z"):
        text = text[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"not an ISO-8601 timestamp or unix seconds: {value!r}") from None
    return ensure_utc(parsed)


def isoformat_z(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return ensure_utc(moment).isoformat().replace("+00:00", "Z")
