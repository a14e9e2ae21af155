"""The inbox: deliveries pushed by the message broker, waiting for the consumer.

Statuses: `pending` (waiting, possibly for a retry at next_attempt_at), `processed`, `duplicate`
(a redelivery of a message already applied), `failed` (dead-lettered: a permanent error, or
transient errors max_attempts times in a row; an operator looks at `last_error`).
"""

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, insert, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from app.tables import inbox_messages, processed_messages

PENDING, PROCESSED, DUPLICATE, FAILED = "pending", "processed", "duplicate", "failed"


@dataclass(frozen=True)
class Delivery:
    id: int
    message_id: str
    topic: str
    payload: dict[str, Any]
    attempts: int


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 5
    base_delay: float = 5.0
    factor: float = 2.0
    max_delay: float = 300.0

    def delay(self, attempts: int) -> timedelta:
        """Wait before the next try, after `attempts` failed tries (>= 1)."""
        return timedelta(seconds=min(self.base_delay * self.factor ** (attempts - 1), self.max_delay))


def accept(conn: Connection, *, message_id: str, topic: str, payload: dict[str, Any], now: datetime) -> int:
    """Store one delivery as it came from the broker; returns its id."""
    return conn.execute(
        insert(inbox_messages).values(
            message_id=message_id,
            topic=topic,
            payload=json.dumps(payload, sort_keys=True),
            status=PENDING,
            attempts=0,
            next_attempt_at=now,
            received_at=now,
        )
    ).inserted_primary_key[0]


def next_due(conn: Connection, now: datetime) -> Delivery | None:
    """The oldest pending delivery that may be tried now."""
    row = conn.execute(
        select(inbox_messages)
        .where(inbox_messages.c.status == PENDING, inbox_messages.c.next_attempt_at <= now)
        .order_by(inbox_messages.c.id)
        .limit(1)
    ).first()
    if row is None:
        return None
    return Delivery(row.id, row.message_id, row.topic, json.loads(row.payload), row.attempts)


def remember(conn: Connection, delivery: Delivery, now: datetime) -> bool:
    """Record that `delivery`'s message is being applied, in the applying transaction.

    Returns False when the message was applied already (by an earlier delivery). The primary key
    on processed_messages decides, so two consumers applying the same message at once cannot both
    get True: the second waits for the first transaction and then inserts nothing.
    """
    inserted = conn.execute(
        sqlite_insert(processed_messages)
        .values(message_id=delivery.message_id, delivery_id=delivery.id, processed_at=now)
        .on_conflict_do_nothing(index_elements=["message_id"])
    )
    return inserted.rowcount == 1


def finish(conn: Connection, delivery: Delivery, status: str, now: datetime) -> None:
    conn.execute(
        update(inbox_messages)
        .where(inbox_messages.c.id == delivery.id, inbox_messages.c.status == PENDING)
        .values(status=status, attempts=delivery.attempts + 1, finished_at=now)
    )


def record_failure(
    conn: Connection, delivery: Delivery, error: str, now: datetime, *, policy: RetryPolicy, permanent: bool
) -> None:
    """Count a failed try: retry later with backoff, or dead-letter it."""
    attempts = delivery.attempts + 1
    if permanent or attempts >= policy.max_attempts:
        changes = {"status": FAILED, "finished_at": now}
    else:
        changes = {"next_attempt_at": now + policy.delay(attempts)}
    conn.execute(
        update(inbox_messages)
        .where(inbox_messages.c.id == delivery.id, inbox_messages.c.status == PENDING)
        .values(attempts=attempts, last_error=error[:2000], **changes)
    )
