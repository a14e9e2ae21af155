from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Annotated

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from app import deliveries, services
from app.config import Settings
from app.db import make_sessionmaker, session_scope
from app.errors import AppError, InvalidQuery
from app.helpers.money import format_minor
from app.helpers.timeutils import isoformat_z, parse_instant, utcnow
from app.models import Payment, Subscription
from app.schemas import (
    DeliveryOut,
    DeliveryStatus,
    IngestResult,
    PaymentCreate,
    PaymentOut,
    RefundOut,
    SubscriptionOut,
)

Clock = Callable[[], datetime]


def get_session(request: Request) -> Iterator[Session]:
    yield from session_scope(request.app.state.sessionmaker)


def get_now(request: Request) -> datetime:
    return request.app.state.clock()


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


SessionDep = Annotated[Session, Depends(get_session)]
NowDep = Annotated[datetime, Depends(get_now)]
SettingsDep = Annotated[Settings, Depends(get_settings)]


def payment_out(payment: Payment) -> PaymentOut:
    return PaymentOut(
        provider_payment_id=payment.provider_payment_id,
        order_ref=payment.order_ref,
        amount=payment.amount,
        currency=payment.currency,
        amount_display=format_minor(payment.amount, payment.currency),
        status=payment.status,
        refunded_amount=payment.refunded_amount,
        failure_code=payment.failure_code,
        refunds=[
            RefundOut(provider_refund_id=r.provider_refund_id, amount=r.amount, status=r.status)
            for r in payment.refunds
        ],
    )


def subscription_out(subscription: Subscription) -> SubscriptionOut:
    return SubscriptionOut(
        provider_subscription_id=subscription.provider_subscription_id,
        customer_id=subscription.customer_id,
        plan=subscription.plan,
        status=subscription.status,
        current_period_end=isoformat_z(subscription.current_period_end),
        credits=subscription.credits,
        canceled_at=isoformat_z(subscription.canceled_at),
    )


def _instant_param(name: str, value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        return parse_instant(value)
    except ValueError:
        raise InvalidQuery(f"{name} must be an ISO-8601 timestamp or unix seconds, got {value!r}") from None


def create_app(settings: Settings, clock: Clock = utcnow) -> FastAPI:
    app = FastAPI(title="paygate-webhooks")
    app.state.settings = settings
    app.state.clock = clock
    app.state.sessionmaker = make_sessionmaker(settings.database_url)

    @app.exception_handler(AppError)
    async def app_error_handler(request: Request, exc: AppError) -> JSONResponse:
        return JSONResponse(status_code=exc.status_code, content={"error": {"code": exc.code, "message": exc.message}})

    @app.exception_handler(RequestValidationError)
    async def validation_error_handler(request: Request, exc: RequestValidationError) -> JSONResponse:
        fields = [".".join(str(p) for p in err["loc"]) for err in exc.errors()]
        return JSONResponse(
            status_code=422,
            content={"error": {"code": "invalid_request", "message": f"invalid fields: {', '.join(fields)}"}},
        )

    @app.post("/webhooks/paygate", response_model=IngestResult)
    async def receive_paygate_webhook(request: Request, session: SessionDep, settings: SettingsDep, now: NowDep):
        # The signature covers the exact bytes Paygate sent, so verify before any parsing.
        raw_body = await request.body()
        return services.ingest_delivery(
            session,
            raw_body=raw_body,
            signature_header=request.headers.get("Paygate-Signature"),
            delivery_id=request.headers.get("Paygate-Delivery"),
            settings=settings,
            now=now,
        )

    @app.post("/payments", response_model=PaymentOut, status_code=201)
    def register_payment(body: PaymentCreate, session: SessionDep, now: NowDep):
        return payment_out(services.create_payment(session, body, now))

    @app.get("/payments/{provider_payment_id}", response_model=PaymentOut)
    def read_payment(provider_payment_id: str, session: SessionDep):
        return payment_out(services.get_payment(session, provider_payment_id))

    @app.get("/subscriptions/{provider_subscription_id}", response_model=SubscriptionOut)
    def read_subscription(provider_subscription_id: str, session: SessionDep):
        return subscription_out(services.get_subscription(session, provider_subscription_id))

    @app.get("/deliveries", response_model=list[DeliveryOut])
    def search_deliveries(
        session: SessionDep,
        q: str | None = None,
        status: DeliveryStatus | None = None,
        event_type: str | None = None,
        since: str | None = None,
        until: str | None = None,
        limit: Annotated[int, Query(ge=1, le=200)] = 50,
    ):
        rows = deliveries.search_deliveries(
            session,
            q=q,
            status=status,
            event_type=event_type,
            since=_instant_param("since", since),
            until=_instant_param("until", until),
            limit=limit,
        )
        return [DeliveryOut(**{**row, "received_at": isoformat_z(row["received_at"])}) for row in rows]

    return app
