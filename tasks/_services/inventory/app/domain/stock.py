"""The stock item aggregate.

A StockItem is rebuilt from its stream (`apply` each event in order) and then asked to decide:
each command method checks the rules and returns the new events, without changing the item. The
application layer (app.services) appends them and applies them.

Rules:
- on hand never goes below zero, and never below what is reserved;
- a reservation holds units of one item for one channel until it is released, expires or is
  committed (shipped: the units leave on hand);
- available = on hand - reserved; a reservation needs that many units available.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from app.errors import BelowReserved, InsufficientStock, InvalidQuantity, ItemAlreadyExists, ReservationClosed
from app.eventstore import NewEvent, RecordedEvent

ITEM_REGISTERED = "item_registered"
STOCK_RECEIVED = "stock_received"
STOCK_ADJUSTED = "stock_adjusted"
STOCK_RESERVED = "stock_reserved"
RESERVATION_RELEASED = "reservation_released"
RESERVATION_EXPIRED = "reservation_expired"
RESERVATION_COMMITTED = "reservation_committed"
RESERVATION_EXTENDED = "reservation_extended"


def stream_id(sku: str) -> str:
    return f"item-{sku}"


@dataclass
class HeldReservation:
    quantity: int
    channel: str


@dataclass
class StockItem:
    sku: str
    name: str = ""
    version: int = 0
    on_hand: int = 0
    active: dict[str, HeldReservation] = field(default_factory=dict)
    closed: dict[str, str] = field(default_factory=dict)  # reservation id -> final status

    @property
    def exists(self) -> bool:
        return self.version > 0

    @property
    def reserved(self) -> int:
        return sum(r.quantity for r in self.active.values())

    @property
    def available(self) -> int:
        return self.on_hand - self.reserved

    # -- rebuilding -------------------------------------------------------------------------

    @classmethod
    def from_events(cls, sku: str, events: list[RecordedEvent]) -> "StockItem":
        item = cls(sku)
        for event in events:
            item.apply(event)
        return item

    def apply(self, event: RecordedEvent) -> None:
        applier = _APPLIERS.get(event.type)
        if applier is not None:  # event types this version does not know change nothing here
            applier(self, event.data)
        self.version = event.version

    # -- decisions --------------------------------------------------------------------------

    def register(self, name: str) -> list[NewEvent]:
        if self.exists:
            raise ItemAlreadyExists(self.sku)
        return [NewEvent(ITEM_REGISTERED, {"sku": self.sku, "name": name})]

    def receive(self, quantity: int, reference: str) -> list[NewEvent]:
        _require_positive(quantity)
        return [NewEvent(STOCK_RECEIVED, {"quantity": quantity, "reference": reference})]

    def adjust(self, delta: int, reason: str) -> list[NewEvent]:
        if delta == 0:
            raise InvalidQuantity("an adjustment must change the quantity")
        if self.on_hand + delta < self.reserved:
            raise BelowReserved(self.sku, self.on_hand + delta, self.reserved)
        return [NewEvent(STOCK_ADJUSTED, {"delta": delta, "reason": reason})]

    def count(self, counted: int, note: str) -> list[NewEvent]:
        """A physical count: adjust on hand to what was counted (no event when it already matches)."""
        if counted < 0:
            raise InvalidQuantity("a counted quantity cannot be negative")
        if counted == self.on_hand:
            return []
        return self.adjust(counted - self.on_hand, f"count: {note}" if note else "count")

    def reserve(
        self, reservation_id: str, quantity: int, *, channel: str, order_id: str, expires_at: datetime
    ) -> list[NewEvent]:
        _require_positive(quantity)
        if quantity > self.available:
            raise InsufficientStock(self.sku, quantity, self.available)
        data = {
            "reservation_id": reservation_id,
            "quantity": quantity,
            "channel": channel,
            "order_id": order_id,
            "expires_at": expires_at.isoformat(),
        }
        return [NewEvent(STOCK_RESERVED, data)]

    def release(self, reservation_id: str) -> list[NewEvent]:
        return [NewEvent(RESERVATION_RELEASED, self._closing(reservation_id))]

    def expire(self, reservation_id: str) -> list[NewEvent]:
        return [NewEvent(RESERVATION_EXPIRED, self._closing(reservation_id))]

    def commit(self, reservation_id: str) -> list[NewEvent]:
        return [NewEvent(RESERVATION_COMMITTED, self._closing(reservation_id))]

    def extend(self, reservation_id: str, expires_at: datetime) -> list[NewEvent]:
        self._held(reservation_id)
        return [
            NewEvent(
                RESERVATION_EXTENDED, {"reservation_id": reservation_id, "expires_at": expires_at.isoformat()}
            )
        ]

    def _held(self, reservation_id: str) -> HeldReservation:
        held = self.active.get(reservation_id)
        if held is None:
            raise ReservationClosed(reservation_id, self.closed.get(reservation_id, "unknown"))
        return held

    def _closing(self, reservation_id: str) -> dict[str, Any]:
        return {"reservation_id": reservation_id, "quantity": self._held(reservation_id).quantity}


def _on_registered(item: StockItem, data: dict[str, Any]) -> None:
    item.name = data["name"]


def _on_received(item: StockItem, data: dict[str, Any]) -> None:
    item.on_hand += data["quantity"]


def _on_adjusted(item: StockItem, data: dict[str, Any]) -> None:
    item.on_hand += data["delta"]


def _on_reserved(item: StockItem, data: dict[str, Any]) -> None:
    item.active[data["reservation_id"]] = HeldReservation(data["quantity"], data["channel"])


def _on_closed(status: str):
    def close(item: StockItem, data: dict[str, Any]) -> None:
        held = item.active.pop(data["reservation_id"])
        if status == "committed":
            item.on_hand -= held.quantity
        item.closed[data["reservation_id"]] = status

    return close


# reservation_extended changes nothing the decisions depend on (expiry is read from the projection).
_APPLIERS = {
    ITEM_REGISTERED: _on_registered,
    STOCK_RECEIVED: _on_received,
    STOCK_ADJUSTED: _on_adjusted,
    STOCK_RESERVED: _on_reserved,
    RESERVATION_RELEASED: _on_closed("released"),
    RESERVATION_EXPIRED: _on_closed("expired"),
    RESERVATION_COMMITTED: _on_closed("committed"),
}


def _require_positive(quantity: int) -> None:
    if quantity <= 0:
        raise InvalidQuantity(f"quantity must be a positive number of units, got {quantity}")
