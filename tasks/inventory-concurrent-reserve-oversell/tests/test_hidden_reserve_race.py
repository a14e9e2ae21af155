"""Two processes decide on the same item at once (each with its own engine, as the API replicas do).

Two interleavings, both forced with SQL hooks so that the outcome never depends on timing:
- `_rendezvous`: both processes wait for each other right before their first write to `events`,
  so both have loaded and decided before either appends;
- `_stale`: the second process loads the item, then (before its next statement, holding no lock)
  waits until the first one has committed its whole transaction, then decides on what it loaded.
The waits have timeouts, so an implementation that serialises writers some other way just runs on.
"""

import multiprocessing
import re
import threading

from conftest import START
from sqlalchemy import event, select

from app import services
from app.db import make_engine
from app.errors import InventoryError
from app.tables import events, stock_levels
from app.unit_of_work import run_in_transaction

FORK = multiprocessing.get_context("fork")
WRITE_TO_EVENTS = re.compile(r"^\s*INSERT\s+INTO\s+events\b", re.IGNORECASE)
READ_OF_EVENTS = re.compile(r"^\s*SELECT\b.*\bFROM\s+events\b", re.IGNORECASE | re.DOTALL)


def _command(engine, action):
    kind, *args = action
    if kind == "reserve":
        sku, quantity, order_id = args
        return lambda conn: services.reserve(
            conn, sku, quantity, channel="shop", order_id=order_id, now=START
        )
    if kind == "release":
        return lambda conn: services.release_reservation(conn, args[0], now=START)
    if kind == "commit":
        return lambda conn: services.commit_reservation(conn, args[0], now=START)
    if kind == "receive":
        sku, quantity = args
        return lambda conn: services.receive_stock(conn, sku, quantity, "ASN", now=START)
    raise ValueError(kind)


def _child(db_url, name, action, hook, results, done=None):
    try:
        engine = make_engine(db_url)
        hook(engine)
        try:
            try:
                outcome = run_in_transaction(engine, _command(engine, action))
            finally:
                if done is not None:  # the transaction has committed (or rolled back) by now
                    done.set()
            results.put((name, "ok", outcome))
        except InventoryError as exc:
            results.put((name, exc.code, None))
    except BaseException as exc:  # report to the parent instead of dying silently
        results.put((name, "crash", repr(exc)))


def _once_before(engine, pattern, callback, when="before_cursor_execute"):
    done = False

    def listener(conn, cursor, statement, parameters, context, executemany):
        nonlocal done
        if not done and pattern.search(statement):
            done = True
            callback()

    event.listen(engine, when, listener)


class _Rendezvous:
    def __init__(self):
        self.barrier = FORK.Barrier(2)

    def hook(self, engine):
        def wait():
            try:
                self.barrier.wait(30.0)
            except threading.BrokenBarrierError:
                pass

        _once_before(engine, WRITE_TO_EVENTS, wait)


def _run(db_url, plans):
    """plans: [(name, action, hook, done event or None)]; returns {name: (status, value)}."""
    results = FORK.Queue()
    processes = [
        FORK.Process(target=_child, args=(db_url, name, action, hook, results, done))
        for name, action, hook, done in plans
    ]
    for process in processes:
        process.start()
    outcomes = [results.get(timeout=120) for _ in processes]
    for process in processes:
        process.join(timeout=30)
    crashes = [value for _, status, value in outcomes if status == "crash"]
    assert not crashes, crashes
    return {name: (status, value) for name, status, value in outcomes}


def _rendezvous(db_url, first, second):
    meeting = _Rendezvous()
    return _run(db_url, [("a", first, meeting.hook, None), ("b", second, meeting.hook, None)])


def _stale(db_url, first, second):
    """`second` loads the item, then waits (holding no lock) until `first` has committed, then goes on."""
    loaded, committed = FORK.Event(), FORK.Event()

    def hook_second(engine):
        state = {"read": False, "waited": False}

        def listener(conn, cursor, statement, parameters, context, executemany):
            if state["waited"]:
                return
            if state["read"]:  # the next statement after the load: its rows are all fetched by now
                state["waited"] = True
                loaded.set()
                committed.wait(30.0)
            elif READ_OF_EVENTS.search(statement):
                state["read"] = True

        event.listen(engine, "before_cursor_execute", listener)

    def hook_first(engine):
        loaded.wait(30.0)

    return _run(db_url, [("a", first, hook_first, committed), ("b", second, hook_second, None)])


def _seed(engine, on_hand):
    run_in_transaction(engine, lambda conn: services.register_item(conn, "LAMP-ARC", "Arc lamp", now=START))
    run_in_transaction(
        engine, lambda conn: services.receive_stock(conn, "LAMP-ARC", on_hand, "PO-1", now=START)
    )


def _state(engine):
    with engine.connect() as conn:
        level = conn.execute(select(stock_levels).where(stock_levels.c.sku == "LAMP-ARC")).one()
        versions = list(
            conn.execute(select(events.c.version).where(events.c.stream_id == "item-LAMP-ARC")).scalars()
        )
    return level, versions


def _statuses(outcomes):
    return sorted(status for status, _ in outcomes.values())


def test_two_reservations_for_the_last_units_cannot_both_succeed(db_url, engine):
    _seed(engine, 5)

    outcomes = _rendezvous(db_url, ("reserve", "LAMP-ARC", 3, "shop-1"), ("reserve", "LAMP-ARC", 3, "shop-2"))

    assert _statuses(outcomes) == ["insufficient_stock", "ok"], outcomes
    level, versions = _state(engine)
    assert (level.on_hand, level.reserved) == (5, 3)
    assert versions == [1, 2, 3] and level.version == 3


def test_a_reservation_decided_on_a_stale_item_is_decided_again(db_url, engine):
    _seed(engine, 5)

    outcomes = _stale(db_url, ("reserve", "LAMP-ARC", 4, "shop-1"), ("reserve", "LAMP-ARC", 4, "shop-2"))

    assert outcomes["a"][0] == "ok", outcomes
    assert outcomes["b"][0] == "insufficient_stock", outcomes
    level, versions = _state(engine)
    assert (level.on_hand, level.reserved) == (5, 4)
    assert versions == [1, 2, 3]


def test_a_reservation_cannot_be_released_and_shipped_at_once(db_url, engine):
    _seed(engine, 5)
    reservation_id = run_in_transaction(
        engine,
        lambda conn: services.reserve(conn, "LAMP-ARC", 3, channel="shop", order_id="shop-1", now=START),
    )

    outcomes = _rendezvous(db_url, ("release", reservation_id), ("commit", reservation_id))

    assert _statuses(outcomes) == ["ok", "reservation_closed"], outcomes
    level, versions = _state(engine)
    assert level.reserved == 0
    assert level.on_hand in (5, 2)
    assert versions == [1, 2, 3, 4]


def test_concurrent_receipts_are_both_counted(db_url, engine):
    _seed(engine, 5)

    outcomes = _rendezvous(db_url, ("receive", "LAMP-ARC", 10), ("receive", "LAMP-ARC", 7))

    assert _statuses(outcomes) == ["ok", "ok"], outcomes
    level, versions = _state(engine)
    assert level.on_hand == 22
    assert versions == [1, 2, 3, 4]
