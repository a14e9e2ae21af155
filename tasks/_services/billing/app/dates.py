"""Calendar helpers for billing periods."""

import calendar
from datetime import date


def add_months(day: date, months: int) -> date:
    """Same day-of-month `months` later, clamped to the last day of a shorter month."""
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    last_day = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last_day))


def days_between(start: date, end: date) -> int:
    """Whole days from `start` (inclusive) to `end` (exclusive); negative if end is before start."""
    return (end - start).days
