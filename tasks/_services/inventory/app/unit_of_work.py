"""Transactions around the application services."""

import logging
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import Connection, Engine

from app.errors import ConcurrencyConflict

T = TypeVar("T")
logger = logging.getLogger("inventory.uow")

ATTEMPTS = 5


def run_in_transaction(engine: Engine, work: Callable[[Connection], T], *, attempts: int = ATTEMPTS) -> T:
    """Run `work` in a transaction; on a ConcurrencyConflict roll back and run it again.

    `work` must load what it decides on inside the transaction it is given (never reuse state from
    an earlier attempt): a retry sees the events the other writer appended.
    """
    for attempt in range(1, attempts + 1):
        try:
            with engine.begin() as conn:
                return work(conn)
        except ConcurrencyConflict as conflict:
            if attempt == attempts:
                raise
            logger.info("retrying after conflict on %s (attempt %d)", conflict.stream_id, attempt)
    raise AssertionError("unreachable")
