"""The message consumer: applies inbox deliveries to the stock, one at a time, in arrival order.

Topics (payloads are JSON objects):
- `goods.received`       {"sku", "quantity", "reference"}: a delivery was put on the shelves;
- `orders.placed`        {"order_id", "channel", "lines": [{"sku", "quantity"}, ...]}: reserve
                         every line (all lines or none);
- `orders.cancelled`     {"order_id"}: release the order's active reservations;
- `shipments.dispatched` {"order_id"}: commit them (the units left the warehouse).

The broker delivers at least once, so a message can arrive twice (or more). Each message is applied
once: its id is recorded in processed_messages in the transaction that applies it, and later
deliveries of it end as `duplicate`. A delivery that fails with an InventoryError can never succeed
as sent and is dead-lettered at once; other errors are retried with backoff (inbox.RetryPolicy).
"""

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine

from app import inbox, repository, services
from app.clock import Clock
from app.errors import InvalidMessage, InventoryError
from app.inbox import Delivery, RetryPolicy
from app.unit_of_work import run_in_transaction

logger = logging.getLogger("inventory.consumer")

Handler = Callable[[Connection, dict[str, Any], datetime], None]


def _field(payload: dict[str, Any], name: str, kind: type):
    value = payload.get(name)
    if not isinstance(value, kind) or isinstance(value, bool):
        raise InvalidMessage(f"payload field {name!r} must be a {kind.__name__}")
    return value


def goods_received(conn: Connection, payload: dict[str, Any], now: datetime) -> None:
    services.receive_stock(
        conn,
        _field(payload, "sku", str),
        _field(payload, "quantity", int),
        payload.get("reference", ""),
        now=now,
    )


def order_placed(conn: Connection, payload: dict[str, Any], now: datetime) -> None:
    order_id, channel = _field(payload, "order_id", str), _field(payload, "channel", str)
    lines = _field(payload, "lines", list)
    if not lines:
        raise InvalidMessage(f"order {order_id} has no lines")
    for line in lines:
        services.reserve(
            conn,
            _field(line, "sku", str),
            _field(line, "quantity", int),
            channel=channel,
            order_id=order_id,
            now=now,
        )


def order_cancelled(conn: Connection, payload: dict[str, Any], now: datetime) -> None:
    for reservation in repository.active_reservations_of_order(conn, _field(payload, "order_id", str)):
        services.release_reservation(conn, reservation.id, now=now)


def shipment_dispatched(conn: Connection, payload: dict[str, Any], now: datetime) -> None:
    for reservation in repository.active_reservations_of_order(conn, _field(payload, "order_id", str)):
        services.commit_reservation(conn, reservation.id, now=now)


HANDLERS: dict[str, Handler] = {
    "goods.received": goods_received,
    "orders.placed": order_placed,
    "orders.cancelled": order_cancelled,
    "shipments.dispatched": shipment_dispatched,
}


class Consumer:
    def __init__(self, engine: Engine, clock: Clock, *, policy: RetryPolicy | None = None) -> None:
        self.engine = engine
        self.clock = clock
        self.policy = policy or RetryPolicy()

    def run_once(self) -> int | None:
        """Try the next due delivery. Returns its id, or None when nothing is due."""
        now = self.clock.now()
        with self.engine.connect() as conn:
            delivery = inbox.next_due(conn, now)
        if delivery is None:
            return None
        try:
            run_in_transaction(self.engine, lambda conn: self._apply(conn, delivery, now))
        except InventoryError as exc:
            logger.warning("delivery %s (%s) rejected: %s", delivery.id, delivery.topic, exc)
            self._failed(delivery, f"{exc.code}: {exc.message}", now, permanent=True)
        except Exception as exc:
            logger.warning("delivery %s (%s) failed", delivery.id, delivery.topic, exc_info=True)
            self._failed(delivery, f"{type(exc).__name__}: {exc}", now, permanent=False)
        return delivery.id

    def drain(self, limit: int = 1000) -> int:
        """Run until nothing is due (or `limit` tries). Returns the number of tries."""
        tries = 0
        while tries < limit and self.run_once() is not None:
            tries += 1
        return tries

    def _apply(self, conn: Connection, delivery: Delivery, now: datetime) -> None:
        handler = HANDLERS.get(delivery.topic)
        if handler is None:
            raise InvalidMessage(f"no handler for topic {delivery.topic!r}")
        if not inbox.remember(conn, delivery, now):
            inbox.finish(conn, delivery, inbox.DUPLICATE, now)
            return
        handler(conn, delivery.payload, now)
        inbox.finish(conn, delivery, inbox.PROCESSED, now)

    def _failed(self, delivery: Delivery, error: str, now: datetime, *, permanent: bool) -> None:
        # The applying transaction was rolled back; the failure is recorded in a transaction of its own.
        with self.engine.begin() as conn:
            inbox.record_failure(conn, delivery, error, now, policy=self.policy, permanent=permanent)
