"""Application services: load an aggregate, let it decide, append and project, in the caller's
transaction (`conn`). Callers wrap them in app.unit_of_work.run_in_transaction, which retries on a
concurrent append.
"""

import uuid
from datetime import datetime, timedelta

from sqlalchemy import Connection

from app import eventstore, projections, repository
from app.domain.stock import StockItem, stream_id
from app.errors import UnknownItem
from app.eventstore import NewEvent, RecordedEvent

DEFAULT_RESERVATION_TTL = timedelta(minutes=30)


def load_item(conn: Connection, sku: str) -> StockItem:
    item = StockItem.from_events(sku, eventstore.read_stream(conn, stream_id(sku)))
    if not item.exists:
        raise UnknownItem(sku)
    return item


def _save(
    conn: Connection, item: StockItem, new_events: list[NewEvent], now: datetime
) -> list[RecordedEvent]:
    recorded = eventstore.append(conn, stream_id(item.sku), item.version, new_events, now=now)
    projections.project(conn, recorded)
    return recorded


def register_item(conn: Connection, sku: str, name: str, *, now: datetime) -> None:
    item = StockItem.from_events(sku, eventstore.read_stream(conn, stream_id(sku)))
    _save(conn, item, item.register(name), now)


def receive_stock(conn: Connection, sku: str, quantity: int, reference: str, *, now: datetime) -> None:
    item = load_item(conn, sku)
    _save(conn, item, item.receive(quantity, reference), now)


def adjust_stock(conn: Connection, sku: str, delta: int, reason: str, *, now: datetime) -> None:
    item = load_item(conn, sku)
    _save(conn, item, item.adjust(delta, reason), now)


def count_stock(conn: Connection, sku: str, counted: int, note: str, *, now: datetime) -> None:
    item = load_item(conn, sku)
    _save(conn, item, item.count(counted, note), now)


def new_reservation_id() -> str:
    return f"res_{uuid.uuid4().hex[:16]}"


def reserve(
    conn: Connection,
    sku: str,
    quantity: int,
    *,
    channel: str,
    order_id: str,
    now: datetime,
    expires_at: datetime | None = None,
    reservation_id: str | None = None,
) -> str:
    """Hold `quantity` units of `sku` for `channel`; returns the reservation id."""
    reservation_id = reservation_id or new_reservation_id()
    item = load_item(conn, sku)
    events = item.reserve(
        reservation_id,
        quantity,
        channel=channel,
        order_id=order_id,
        expires_at=expires_at or now + DEFAULT_RESERVATION_TTL,
    )
    _save(conn, item, events, now)
    return reservation_id


def release_reservation(conn: Connection, reservation_id: str, *, now: datetime) -> None:
    item = load_item(conn, repository.get_reservation(conn, reservation_id).sku)
    _save(conn, item, item.release(reservation_id), now)


def commit_reservation(conn: Connection, reservation_id: str, *, now: datetime) -> None:
    item = load_item(conn, repository.get_reservation(conn, reservation_id).sku)
    _save(conn, item, item.commit(reservation_id), now)


def extend_reservation(conn: Connection, reservation_id: str, expires_at: datetime, *, now: datetime) -> None:
    item = load_item(conn, repository.get_reservation(conn, reservation_id).sku)
    _save(conn, item, item.extend(reservation_id, expires_at), now)


def expire_due_reservations(conn: Connection, *, now: datetime) -> int:
    """Expire every active reservation whose expiry has passed. Returns how many."""
    due = repository.due_reservations(conn, now)
    for reservation in due:
        item = load_item(conn, reservation.sku)
        _save(conn, item, item.expire(reservation.id), now)
    return len(due)
