"""Queries on the read models. Missing rows raise the matching InventoryError."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, select, text

from app.errors import DeliveryNotFound, ReservationNotFound, UnknownItem
from app.tables import inbox_messages, reservations, stock_levels

LIKE_ESCAPE = "\\"


def like_pattern(term: str) -> str:
    """A LIKE pattern matching `term` anywhere, with LIKE's wildcards in `term` taken literally.

    Use with `ESCAPE '\\'` and a bound parameter.
    """
    escaped = term.replace(LIKE_ESCAPE, LIKE_ESCAPE * 2).replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


@dataclass(frozen=True)
class StockLevel:
    sku: str
    name: str
    on_hand: int
    reserved: int
    version: int
    updated_at: datetime

    @property
    def available(self) -> int:
        return self.on_hand - self.reserved


def _level(row) -> StockLevel:
    return StockLevel(row.sku, row.name, row.on_hand, row.reserved, row.version, row.updated_at)


def get_level(conn: Connection, sku: str) -> StockLevel:
    row = conn.execute(select(stock_levels).where(stock_levels.c.sku == sku)).first()
    if row is None:
        raise UnknownItem(sku)
    return _level(row)


def search_levels(conn: Connection, query: str | None, *, limit: int) -> list[StockLevel]:
    """Items whose SKU or name contains `query` (case-insensitive), by SKU."""
    if not query:
        rows = conn.execute(select(stock_levels).order_by(stock_levels.c.sku).limit(limit))
        return [_level(row) for row in rows]
    rows = conn.execute(
        text(
            "SELECT * FROM stock_levels "
            "WHERE sku LIKE :pattern ESCAPE '\\' OR name LIKE :pattern ESCAPE '\\' "
            "ORDER BY sku LIMIT :limit"
        ),
        {"pattern": like_pattern(query), "limit": limit},
    )
    return [_level(row) for row in rows]


def get_reservation(conn: Connection, reservation_id: str):
    row = conn.execute(select(reservations).where(reservations.c.id == reservation_id)).first()
    if row is None:
        raise ReservationNotFound(reservation_id)
    return row


def list_reservations(
    conn: Connection,
    *,
    channel: str | None = None,
    order_id_prefix: str | None = None,
    status: str | None = None,
    limit: int = 100,
):
    stmt = (
        select(reservations)
        .order_by(reservations.c.created_at, reservations.c.order_id, reservations.c.id)
        .limit(limit)
    )
    if channel is not None:
        stmt = stmt.where(reservations.c.channel == channel)
    if status is not None:
        stmt = stmt.where(reservations.c.status == status)
    if order_id_prefix:
        pattern = like_pattern(order_id_prefix)[1:]  # anchored at the start
        stmt = stmt.where(reservations.c.order_id.like(pattern, escape=LIKE_ESCAPE))
    return list(conn.execute(stmt))


def active_reservations_of_order(conn: Connection, order_id: str) -> list:
    return list(
        conn.execute(
            select(reservations)
            .where(reservations.c.order_id == order_id, reservations.c.status == "active")
            .order_by(reservations.c.id)
        )
    )


def due_reservations(conn: Connection, now: datetime) -> list:
    """Active reservations whose expiry has passed, oldest first."""
    return list(
        conn.execute(
            select(reservations)
            .where(
                reservations.c.status == "active",
                reservations.c.expires_at.is_not(None),
                reservations.c.expires_at <= now,
            )
            .order_by(reservations.c.expires_at, reservations.c.id)
        )
    )


def get_delivery(conn: Connection, delivery_id: int):
    row = conn.execute(select(inbox_messages).where(inbox_messages.c.id == delivery_id)).first()
    if row is None:
        raise DeliveryNotFound(delivery_id)
    return row
