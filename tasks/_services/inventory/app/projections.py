"""Read models (`stock_levels`, `reservations`) kept in step with the event store.

app.services projects every event it appends in the same transaction, so the read models are never
behind the events. `rebuild` throws them away and replays the whole store; run it after changing a
projection, or when a read model is suspected to be wrong:

    python -m app.projections rebuild
"""

from collections.abc import Callable, Iterable
from datetime import datetime

from sqlalchemy import Connection, delete, insert, update

from app.domain import stock
from app.eventstore import RecordedEvent, read_all
from app.tables import reservations, stock_levels

Projector = Callable[[Connection, RecordedEvent], None]


def _sku(event: RecordedEvent) -> str:
    return event.stream_id.removeprefix("item-")


def _touch(event: RecordedEvent, **changes) -> dict:
    return {**changes, "version": event.version, "updated_at": event.recorded_at}


def _item_registered(conn: Connection, event: RecordedEvent) -> None:
    conn.execute(
        insert(stock_levels).values(
            sku=event.data["sku"],
            name=event.data["name"],
            on_hand=0,
            reserved=0,
            version=event.version,
            updated_at=event.recorded_at,
        )
    )


def _level_changed(conn: Connection, event: RecordedEvent, *, on_hand: int = 0, reserved: int = 0) -> None:
    conn.execute(
        update(stock_levels)
        .where(stock_levels.c.sku == _sku(event))
        .values(
            _touch(
                event,
                on_hand=stock_levels.c.on_hand + on_hand,
                reserved=stock_levels.c.reserved + reserved,
            )
        )
    )


def _stock_received(conn: Connection, event: RecordedEvent) -> None:
    _level_changed(conn, event, on_hand=event.data["quantity"])


def _stock_adjusted(conn: Connection, event: RecordedEvent) -> None:
    _level_changed(conn, event, on_hand=event.data["delta"])


def _stock_reserved(conn: Connection, event: RecordedEvent) -> None:
    data = event.data
    _level_changed(conn, event, reserved=data["quantity"])
    expires_at = data.get("expires_at")
    conn.execute(
        insert(reservations).values(
            id=data["reservation_id"],
            sku=_sku(event),
            channel=data["channel"],
            order_id=data["order_id"],
            quantity=data["quantity"],
            status="active",
            expires_at=datetime.fromisoformat(expires_at) if expires_at else None,
            created_at=event.recorded_at,
        )
    )


def _reservation_closed(status: str) -> Projector:
    def project(conn: Connection, event: RecordedEvent) -> None:
        quantity = event.data["quantity"]
        shipped = quantity if status == "committed" else 0
        _level_changed(conn, event, on_hand=-shipped, reserved=-quantity)
        conn.execute(
            update(reservations)
            .where(reservations.c.id == event.data["reservation_id"])
            .values(status=status, closed_at=event.recorded_at)
        )

    return project


def _reservation_extended(conn: Connection, event: RecordedEvent) -> None:
    conn.execute(
        update(reservations)
        .where(reservations.c.id == event.data["reservation_id"])
        .values(expires_at=datetime.fromisoformat(event.data["expires_at"]))
    )
    _level_changed(conn, event)


PROJECTORS: dict[str, Projector] = {
    stock.ITEM_REGISTERED: _item_registered,
    stock.STOCK_RECEIVED: _stock_received,
    stock.STOCK_ADJUSTED: _stock_adjusted,
    stock.STOCK_RESERVED: _stock_reserved,
    stock.RESERVATION_RELEASED: _reservation_closed("released"),
    stock.RESERVATION_EXPIRED: _reservation_closed("expired"),
    stock.RESERVATION_COMMITTED: _reservation_closed("committed"),
    stock.RESERVATION_EXTENDED: _reservation_extended,
}


def project(conn: Connection, events: Iterable[RecordedEvent]) -> None:
    for event in events:
        PROJECTORS[event.type](conn, event)


def rebuild(conn: Connection, *, batch_size: int = 500) -> int:
    """Empty the read models and replay every event into them. Returns the number of events."""
    conn.execute(delete(reservations))
    conn.execute(delete(stock_levels))
    replayed, position = 0, 0
    while batch := read_all(conn, after_position=position, limit=batch_size):
        project(conn, batch)
        replayed += len(batch)
        position = batch[-1].position
    return replayed


def main() -> None:
    import argparse
    import os

    from app.db import make_engine

    parser = argparse.ArgumentParser(prog="python -m app.projections")
    parser.add_argument(
        "--database-url", default=os.environ.get("INVENTORY_DATABASE_URL", "sqlite:///./inventory.db")
    )
    parser.add_argument("command", choices=["rebuild"])
    args = parser.parse_args()
    with make_engine(args.database_url).begin() as conn:
        print("replayed", rebuild(conn), "events")


if __name__ == "__main__":
    main()
