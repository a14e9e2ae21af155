import json

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from conftest import START
from app import eventstore
from app.errors import ConcurrencyConflict
from app.eventstore import NewEvent


def test_append_numbers_events_per_stream(engine):
    with engine.begin() as conn:
        first = eventstore.append(
            conn, "item-A", 0, [NewEvent("x", {"n": 1}), NewEvent("x", {"n": 2})], now=START
        )
        eventstore.append(conn, "item-B", 0, [NewEvent("x", {"n": 3})], now=START)
        eventstore.append(conn, "item-A", 2, [NewEvent("x", {"n": 4})], now=START)
    assert [e.version for e in first] == [1, 2]
    with engine.connect() as conn:
        assert [e.data["n"] for e in eventstore.read_stream(conn, "item-A")] == [1, 2, 4]
        assert [e.data["n"] for e in eventstore.read_all(conn)] == [1, 2, 3, 4]
        assert [e.data["n"] for e in eventstore.read_all(conn, after_position=2, limit=1)] == [3]


def test_append_after_a_stale_version_conflicts(engine):
    with engine.begin() as conn:
        eventstore.append(conn, "item-A", 0, [NewEvent("x", {})], now=START)
    with pytest.raises(ConcurrencyConflict), engine.begin() as conn:
        eventstore.append(conn, "item-A", 0, [NewEvent("x", {})], now=START)
    with engine.connect() as conn:
        assert len(eventstore.read_stream(conn, "item-A")) == 1


def test_events_cannot_be_changed_or_deleted(engine):
    """ADR-2: the store is append-only; corrections are compensating events."""
    with engine.begin() as conn:
        eventstore.append(conn, "item-A", 0, [NewEvent("x", {})], now=START)
    for statement in ("UPDATE events SET data = '{}'", "DELETE FROM events"):
        with pytest.raises(IntegrityError, match="append-only"), engine.begin() as conn:
            conn.execute(text(statement))


def _insert_raw(conn, version, event_type, schema_version, data):
    conn.execute(
        text(
            "INSERT INTO events (stream_id, version, type, schema_version, data, recorded_at) "
            "VALUES ('item-OLD-1', :v, :t, :s, :d, :at)"
        ),
        {"v": version, "t": event_type, "s": schema_version, "d": json.dumps(data), "at": START},
    )


def test_old_payloads_are_upcast_on_read(engine):
    with engine.begin() as conn:
        _insert_raw(conn, 1, "stock_adjusted", 1, {"quantity": 3, "direction": "out", "reason": "broken"})
        _insert_raw(
            conn,
            2,
            "stock_reserved",
            1,
            {"reservation_id": "r1", "qty": 2, "channel": "shop", "order_id": "o"},
        )
    with engine.connect() as conn:
        adjusted, reserved = eventstore.read_stream(conn, "item-OLD-1")
    assert adjusted.data == {"delta": -3, "reason": "broken"}
    assert reserved.data == {
        "reservation_id": "r1",
        "quantity": 2,
        "channel": "shop",
        "order_id": "o",
        "expires_at": None,
    }
