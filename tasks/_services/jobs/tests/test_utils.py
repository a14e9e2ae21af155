from datetime import UTC, datetime, timedelta

import pytest

from app.utils import RetryPolicy, compute_backoff, to_utc_naive


def test_compute_backoff_grows_geometrically_and_is_capped():
    policy = RetryPolicy(base_delay=2, factor=2, max_delay=60)
    delays = [compute_backoff(attempt, policy).total_seconds() for attempt in range(1, 8)]
    assert delays == [2, 4, 8, 16, 32, 60, 60]
    assert compute_backoff(5000, RetryPolicy()) == timedelta(seconds=600)
    with pytest.raises(ValueError):
        compute_backoff(0, policy)


def test_to_utc_naive_keeps_naive_values_and_strips_utc():
    naive = datetime(2030, 1, 1, 12, 0)
    assert to_utc_naive(naive) == naive
    assert to_utc_naive(datetime(2030, 1, 1, 12, 0, tzinfo=UTC)) == naive
