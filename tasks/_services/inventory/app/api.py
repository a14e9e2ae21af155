"""HTTP API (FastAPI). Every route needs an X-Api-Key header (app.auth)."""

from datetime import datetime
from typing import Annotated

from fastapi import Depends, FastAPI, Header, Query, Request, status
from fastapi.responses import JSONResponse
from sqlalchemy import Engine

from app import eventstore, inbox, repository, services
from app.auth import Principal, check_owner, require_admin
from app.clock import Clock
from app.domain.stock import stream_id
from app.errors import InventoryError, Unauthenticated
from app.schemas import (
    AdjustmentCreate,
    CountCreate,
    DeliveryAccepted,
    DeliveryOut,
    EventOut,
    InboxMessage,
    ItemCreate,
    ReceiptCreate,
    ReservationCreate,
    ReservationExtend,
    ReservationOut,
    StockLevelOut,
)
from app.timeutil import to_utc_naive
from app.unit_of_work import run_in_transaction


def create_app(*, engine: Engine, clock: Clock, api_keys: dict[str, Principal]) -> FastAPI:
    if not api_keys:
        raise ValueError("at least one API key must be configured")

    def current_principal(x_api_key: Annotated[str | None, Header()] = None) -> Principal:
        principal = api_keys.get(x_api_key or "")
        if principal is None:
            raise Unauthenticated()
        return principal

    app = FastAPI(title="inventory", dependencies=[Depends(current_principal)])
    Caller = Annotated[Principal, Depends(current_principal)]

    @app.exception_handler(InventoryError)
    def inventory_error(request: Request, exc: InventoryError) -> JSONResponse:
        return JSONResponse(
            status_code=exc.status_code, content={"error": {"code": exc.code, "message": exc.message}}
        )

    def level(sku: str) -> StockLevelOut:
        with engine.connect() as conn:
            return StockLevelOut.model_validate(repository.get_level(conn, sku))

    def reservation(reservation_id: str) -> ReservationOut:
        with engine.connect() as conn:
            return ReservationOut.model_validate(repository.get_reservation(conn, reservation_id))

    def owned_reservation(principal: Principal, reservation_id: str):
        """The reservation, if `principal` may see it (404 otherwise, like a missing one)."""
        with engine.connect() as conn:
            row = repository.get_reservation(conn, reservation_id)
        check_owner(principal, row)
        return row

    # -- items ------------------------------------------------------------------------------

    @app.post("/items", response_model=StockLevelOut, status_code=status.HTTP_201_CREATED)
    def register_item(body: ItemCreate, caller: Caller) -> StockLevelOut:
        require_admin(caller, "register items")
        run_in_transaction(
            engine, lambda conn: services.register_item(conn, body.sku, body.name, now=clock.now())
        )
        return level(body.sku)

    @app.get("/items", response_model=list[StockLevelOut])
    def search_items(
        q: Annotated[str | None, Query(max_length=100)] = None,
        limit: Annotated[int, Query(ge=1, le=200)] = 50,
    ) -> list[StockLevelOut]:
        with engine.connect() as conn:
            return [
                StockLevelOut.model_validate(row) for row in repository.search_levels(conn, q, limit=limit)
            ]

    @app.get("/items/{sku}", response_model=StockLevelOut)
    def get_item(sku: str) -> StockLevelOut:
        return level(sku)

    @app.get("/items/{sku}/history", response_model=list[EventOut])
    def item_history(
        sku: str,
        caller: Caller,
        since: datetime | None = None,
        limit: Annotated[int, Query(ge=1, le=500)] = 100,
    ) -> list[EventOut]:
        """The item's events, oldest first; `since` (any offset) keeps those recorded at or after it."""
        require_admin(caller, "read item history")
        with engine.connect() as conn:
            repository.get_level(conn, sku)
            events = eventstore.read_stream(conn, stream_id(sku))
        if since is not None:
            cutoff = to_utc_naive(since)
            events = [event for event in events if event.recorded_at >= cutoff]
        return [EventOut.model_validate(event) for event in events[:limit]]

    @app.post("/items/{sku}/receipts", response_model=StockLevelOut, status_code=status.HTTP_201_CREATED)
    def receive(sku: str, body: ReceiptCreate, caller: Caller) -> StockLevelOut:
        require_admin(caller, "receive stock")
        run_in_transaction(
            engine,
            lambda conn: services.receive_stock(conn, sku, body.quantity, body.reference, now=clock.now()),
        )
        return level(sku)

    @app.post("/items/{sku}/adjustments", response_model=StockLevelOut, status_code=status.HTTP_201_CREATED)
    def adjust(sku: str, body: AdjustmentCreate, caller: Caller) -> StockLevelOut:
        require_admin(caller, "adjust stock")
        run_in_transaction(
            engine, lambda conn: services.adjust_stock(conn, sku, body.delta, body.reason, now=clock.now())
        )
        return level(sku)

    @app.post("/items/{sku}/counts", response_model=StockLevelOut)
    def count(sku: str, body: CountCreate, caller: Caller) -> StockLevelOut:
        """Record a physical count; on hand is adjusted to match it."""
        require_admin(caller, "record stock counts")
        run_in_transaction(
            engine, lambda conn: services.count_stock(conn, sku, body.counted, body.note, now=clock.now())
        )
        return level(sku)

    # -- reservations -----------------------------------------------------------------------

    @app.post("/reservations", response_model=ReservationOut, status_code=status.HTTP_201_CREATED)
    def reserve(body: ReservationCreate, caller: Caller) -> ReservationOut:
        expires_at = to_utc_naive(body.expires_at) if body.expires_at is not None else None
        reservation_id = run_in_transaction(
            engine,
            lambda conn: services.reserve(
                conn,
                body.sku,
                body.quantity,
                channel=caller.name,
                order_id=body.order_id,
                now=clock.now(),
                expires_at=expires_at,
            ),
        )
        return reservation(reservation_id)

    @app.get("/reservations", response_model=list[ReservationOut])
    def list_reservations(
        caller: Caller,
        order_id: str | None = None,
        status_: Annotated[str | None, Query(alias="status")] = None,
        limit: Annotated[int, Query(ge=1, le=500)] = 100,
    ) -> list[ReservationOut]:
        """Reservations oldest first (then by order id); `order_id` matches order ids starting with it."""
        channel = None if caller.is_admin else caller.name
        with engine.connect() as conn:
            rows = repository.list_reservations(
                conn, channel=channel, order_id_prefix=order_id, status=status_, limit=limit
            )
        return [ReservationOut.model_validate(row) for row in rows]

    @app.get("/reservations/{reservation_id}", response_model=ReservationOut)
    def get_reservation(reservation_id: str, caller: Caller) -> ReservationOut:
        return ReservationOut.model_validate(owned_reservation(caller, reservation_id))

    @app.post("/reservations/{reservation_id}/release", response_model=ReservationOut)
    def release(reservation_id: str, caller: Caller) -> ReservationOut:
        owned_reservation(caller, reservation_id)
        run_in_transaction(
            engine, lambda conn: services.release_reservation(conn, reservation_id, now=clock.now())
        )
        return reservation(reservation_id)

    @app.post("/reservations/{reservation_id}/extend", response_model=ReservationOut)
    def extend(reservation_id: str, body: ReservationExtend, caller: Caller) -> ReservationOut:
        owned_reservation(caller, reservation_id)
        expires_at = to_utc_naive(body.expires_at)
        run_in_transaction(
            engine,
            lambda conn: services.extend_reservation(conn, reservation_id, expires_at, now=clock.now()),
        )
        return reservation(reservation_id)

    @app.post("/reservations/{reservation_id}/commit", response_model=ReservationOut)
    def commit(reservation_id: str, caller: Caller) -> ReservationOut:
        """The reserved units were shipped: they leave on hand. Warehouse only."""
        require_admin(caller, "ship reservations")
        run_in_transaction(
            engine, lambda conn: services.commit_reservation(conn, reservation_id, now=clock.now())
        )
        return reservation(reservation_id)

    # -- inbox (the broker's push endpoint) -------------------------------------------------

    @app.post("/inbox", response_model=DeliveryAccepted, status_code=status.HTTP_202_ACCEPTED)
    def push(body: InboxMessage, caller: Caller) -> DeliveryAccepted:
        """Store a delivery for the consumer. Every delivery is stored, redeliveries too."""
        require_admin(caller, "push messages")
        with engine.begin() as conn:
            delivery_id = inbox.accept(
                conn, message_id=body.message_id, topic=body.topic, payload=body.payload, now=clock.now()
            )
        return DeliveryAccepted(delivery_id=delivery_id)

    @app.get("/inbox/{delivery_id}", response_model=DeliveryOut)
    def get_delivery(delivery_id: int, caller: Caller) -> DeliveryOut:
        require_admin(caller, "read the inbox")
        with engine.connect() as conn:
            return DeliveryOut.model_validate(repository.get_delivery(conn, delivery_id))

    return app
