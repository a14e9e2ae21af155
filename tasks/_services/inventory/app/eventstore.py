"""Append-only event store on the `events` table.

Each stock item is one stream (`item-<sku>`). A stream's events are numbered 1, 2, 3, ... by
`version`; appends are optimistic: the writer says which version it loaded, and the append fails
with ConcurrencyConflict when someone else appended in between (the UNIQUE (stream_id, version)
constraint decides, so this holds across processes).

Event payloads are never rewritten (ADR-2). When a payload's shape changes, the old shape keeps
its `schema_version` and an upcaster below turns it into the current shape on every read. Code that
reads events goes through `read_stream` / `read_all`, never through the table directly.
"""

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select
from sqlalchemy.exc import IntegrityError

from app.errors import ConcurrencyConflict
from app.tables import events


@dataclass(frozen=True)
class NewEvent:
    type: str
    data: dict[str, Any]


@dataclass(frozen=True)
class RecordedEvent:
    position: int
    stream_id: str
    version: int
    type: str
    data: dict[str, Any]
    recorded_at: datetime


def _adjusted_v1(data: dict[str, Any]) -> dict[str, Any]:
    # v1 (until 2024-06): {"quantity": 3, "direction": ..., "reason": ...} with the direction one of
    # "in" (found, returned to stock), "out" (taken out), "writeoff" (damaged) or "lost" (shrinkage)
    sign = 1 if data["direction"] == "in" else -1
    return {"delta": sign * data["quantity"], "reason": data.get("reason", "")}


def _reserved_v1(data: dict[str, Any]) -> dict[str, Any]:
    # v1 (until 2024-06): "qty" instead of "quantity", and no expiry (reservations did not expire)
    upgraded = {k: v for k, v in data.items() if k != "qty"}
    upgraded["quantity"] = data["qty"]
    upgraded.setdefault("expires_at", None)
    return upgraded


CURRENT_SCHEMA: dict[str, int] = {"stock_adjusted": 2, "stock_reserved": 2}
UPCASTERS: dict[tuple[str, int], Callable[[dict[str, Any]], dict[str, Any]]] = {
    ("stock_adjusted", 1): _adjusted_v1,
    ("stock_reserved", 1): _reserved_v1,
}


def upcast(event_type: str, schema_version: int, data: dict[str, Any]) -> dict[str, Any]:
    """Bring a stored payload up to the current schema of its event type."""
    while schema_version < CURRENT_SCHEMA.get(event_type, 1):
        data = UPCASTERS[(event_type, schema_version)](data)
        schema_version += 1
    return data


def _recorded(row) -> RecordedEvent:
    return RecordedEvent(
        position=row.position,
        stream_id=row.stream_id,
        version=row.version,
        type=row.type,
        data=upcast(row.type, row.schema_version, json.loads(row.data)),
        recorded_at=row.recorded_at,
    )


def append(
    conn: Connection,
    stream_id: str,
    expected_version: int,
    new_events: Sequence[NewEvent],
    *,
    now: datetime,
) -> list[RecordedEvent]:
    """Append events after `expected_version` (0 for a new stream) inside the caller's transaction."""
    recorded = []
    for offset, event in enumerate(new_events, start=1):
        version = expected_version + offset
        try:
            position = conn.execute(
                insert(events).values(
                    stream_id=stream_id,
                    version=version,
                    type=event.type,
                    schema_version=CURRENT_SCHEMA.get(event.type, 1),
                    data=json.dumps(event.data, sort_keys=True),
                    recorded_at=now,
                )
            ).inserted_primary_key[0]
        except IntegrityError as exc:
            raise ConcurrencyConflict(stream_id, expected_version) from exc
        recorded.append(RecordedEvent(position, stream_id, version, event.type, dict(event.data), now))
    return recorded


def read_stream(conn: Connection, stream_id: str) -> list[RecordedEvent]:
    rows = conn.execute(select(events).where(events.c.stream_id == stream_id).order_by(events.c.version))
    return [_recorded(row) for row in rows]


def read_all(conn: Connection, *, after_position: int = 0, limit: int = 500) -> list[RecordedEvent]:
    """Events of every stream in commit order, `limit` at a time (for projections and exports)."""
    rows = conn.execute(
        select(events).where(events.c.position > after_position).order_by(events.c.position).limit(limit)
    )
    return [_recorded(row) for row in rows]
